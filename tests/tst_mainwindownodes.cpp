// The console holding several nodes: rows known by node and session id, the Node columns and the
// node filter, and every per-client action sent to the node holding the client. The nodes are fakes
// (mainwindownodesfixture.h); tst_nodeattach covers attaching, losing and remembering them.

#include "mainwindownodesfixture.h"

using namespace wsm;
using namespace wsm::test;

class TestMainWindowNodes : public MainWindowNodesFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUp(); }
    void cleanup() { tearDown(); }
    void nodeColumnAndFilterOnlyWithSeveralNodes();
    void sameSessionIdOnTwoNodes();
    void remoteRowsJudgedByTheNodesHeartbeat();
    void eventLogNamesTheNode();
    void nodeFilterChosenInTheCombo();
    void kickReachesTheNodeHoldingTheClient();
    void inspectAsksTheNodeHoldingTheClient();
    void kickAllNamesAndReachesEveryNode();
};

void TestMainWindowNodes::nodeColumnAndFilterOnlyWithSeveralNodes()
{
    // Given the console with its embedded node alone: no Node column, no node filter.
    createWindow();
    QTableView *view = m_window->connectionView();
    auto *combo = m_window->findChild<QComboBox *>(QStringLiteral("nodeFilter"));
    QVERIFY(combo);
    QVERIFY(view->isColumnHidden(ConnectionTableModel::NodeColumn));
    QVERIFY(!combo->isVisible());
    // When a second node is attached, both show, the column first.
    QVERIFY(attachNodeB());
    QVERIFY(!view->isColumnHidden(ConnectionTableModel::NodeColumn));
    QCOMPARE(view->horizontalHeader()->visualIndex(ConnectionTableModel::NodeColumn), 0);
    QVERIFY(combo->isVisible());
    QCOMPARE(combo->count(), 3);
    QCOMPARE(combo->itemText(0), QStringLiteral("All nodes"));
    QCOMPARE(combo->itemText(1), QStringLiteral("local"));
    QCOMPARE(combo->itemText(2), QStringLiteral("B"));
}

void TestMainWindowNodes::sameSessionIdOnTwoNodes()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    QVERIFY(nodeB);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(7, QStringLiteral("198.51.100.4"), 4000, now)}, now));
    nodeB->publish(snapshotWith({clientRow(7, QStringLiteral("203.0.113.9"), 5000, now)}, now));

    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);
    const int local = rowOf(QStringLiteral("local"), 7);
    const int remote = rowOf(QStringLiteral("B"), 7);
    QVERIFY(local >= 0 && remote >= 0 && local != remote);
    const QAbstractItemModel *model = m_window->connectionView()->model();
    QCOMPARE(model->index(local, ConnectionTableModel::PeerColumn).data().toString(), QStringLiteral("198.51.100.4:4000"));
    QCOMPARE(model->index(remote, ConnectionTableModel::PeerColumn).data().toString(), QStringLiteral("203.0.113.9:5000"));
    auto *count = m_window->findChild<QLabel *>(QStringLiteral("clientCount"));
    QCOMPARE(count->text(), QStringLiteral("2 client(s)"));
}

void TestMainWindowNodes::remoteRowsJudgedByTheNodesHeartbeat()
{
    createWindow();
    FakeNode *nodeB = attachNodeB();
    QVERIFY(nodeB);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    SessionRow silent = clientRow(1, QStringLiteral("203.0.113.9"), 5000, now);
    // 8 s without a word: past B's timeout, well within the console's own heartbeat (10 s, 30 s).
    silent.lastSeenAt = now - 8000;
    Snapshot snapshot = snapshotWith({silent, clientRow(2, QStringLiteral("203.0.113.10"), 5000, now)}, now);
    // B runs its heartbeat every second, with a 3 s timeout; the console's own settings differ.
    snapshot.heartbeatIntervalMs = 1000;
    snapshot.heartbeatTimeoutMs = 3000;
    nodeB->publish(snapshot);

    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);
    const QAbstractItemModel *model = m_window->connectionView()->model();
    const auto heartbeatOf = [&](quint64 id) {
        return HeartbeatState(model->index(rowOf(QStringLiteral("B"), id), ConnectionTableModel::HeartbeatColumn)
                                  .data(ConnectionTableModel::HeartbeatStateRole)
                                  .toInt());
    };
    QCOMPARE(heartbeatOf(1), HeartbeatState::Missing);
    QCOMPARE(heartbeatOf(2), HeartbeatState::Ok);
}

void TestMainWindowNodes::eventLogNamesTheNode()
{
    createWindow();
    auto *log = m_window->findChild<QTableView *>(QStringLiteral("eventLogView"));
    QVERIFY(log);
    QVERIFY(log->isColumnHidden(EventLogModel::NodeColumn)); // one node: nothing to tell apart
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    QVERIFY(nodeB);
    QVERIFY(!log->isColumnHidden(EventLogModel::NodeColumn));

    // The same client number on both nodes: only the Node column tells the two connects apart.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ConnectionEvent connected;
    connected.sessionId = 3;
    connected.peerAddress = QStringLiteral("203.0.113.9");
    connected.connectedAt = now;
    m_embedded->publish(snapshotWith({}, now), {connected});
    nodeB->publish(snapshotWith({}, now), {connected});

    QTRY_COMPARE_WITH_TIMEOUT(log->model()->rowCount(), 2, WaitMs);
    QStringList nodes;
    for (int row = 0; row < 2; ++row)
        nodes.append(log->model()->index(row, EventLogModel::NodeColumn).data().toString());
    nodes.sort();
    QCOMPARE(nodes, (QStringList{QStringLiteral("B"), QStringLiteral("local")}));
}

void TestMainWindowNodes::nodeFilterChosenInTheCombo()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(1, QStringLiteral("198.51.100.4"), 4000, now),
                                      clientRow(2, QStringLiteral("198.51.100.5"), 4000, now)},
                                     now));
    nodeB->publish(snapshotWith({clientRow(1, QStringLiteral("203.0.113.9"), 5000, now)}, now));
    QTableView *view = m_window->connectionView();
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 3, WaitMs);

    // When the operator opens the node filter and picks B (two rows down, Enter).
    auto *combo = m_window->findChild<QComboBox *>(QStringLiteral("nodeFilter"));
    QTest::mouseClick(combo, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(combo->view()->isVisible(), WaitMs);
    QTest::keyClick(combo->view(), Qt::Key_Down);
    QTest::keyClick(combo->view(), Qt::Key_Down);
    QTest::keyClick(combo->view(), Qt::Key_Return);

    // Then only B's client shows, and the count says so.
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, WaitMs);
    QCOMPARE(view->model()->index(0, ConnectionTableModel::NodeColumn).data().toString(), QStringLiteral("B"));
    auto *count = m_window->findChild<QLabel *>(QStringLiteral("clientCount"));
    QCOMPARE(count->text(), QStringLiteral("3 client(s), 1 shown"));
}

void TestMainWindowNodes::kickReachesTheNodeHoldingTheClient()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(7, QStringLiteral("198.51.100.4"), 4000, now)}, now));
    nodeB->publish(snapshotWith({clientRow(7, QStringLiteral("203.0.113.9"), 5000, now)}, now));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);

    // When the operator selects B's #7 and kicks it with a code and a reason typed in the dialog.
    clickRow(rowOf(QStringLiteral("B"), 7));
    QString question;
    whenDialogOpens<KickDialog>(this, [&question](KickDialog *dialog) {
        question = dialog->findChild<QLabel *>(QStringLiteral("question"))->text();
        typeOver(dialog->findChild<QSpinBox *>(QStringLiteral("closeCode"))->findChild<QLineEdit *>(),
                 QStringLiteral("4123"));
        auto *reason = dialog->findChild<QLineEdit *>(QStringLiteral("reason"));
        typeOver(reason, QStringLiteral("moved to node A"));
        QTest::keyClick(reason, Qt::Key_Return);
    });
    QTest::keyClick(m_window->connectionView(), Qt::Key_Delete);

    // Then node B alone was asked, for its #7.
    QTRY_COMPARE_WITH_TIMEOUT(nodeB->kicks.size(), 1, WaitMs);
    QCOMPARE(nodeB->kicks.first().sessionIds, QList<quint64>{7});
    QCOMPARE(nodeB->kicks.first().closeCode, 4123);
    QCOMPARE(nodeB->kicks.first().reason, QStringLiteral("moved to node A"));
    QVERIFY(m_embedded->kicks.isEmpty());
    QCOMPARE(question, QStringLiteral("Kick #7 203.0.113.9:5000 on B?"));
}

void TestMainWindowNodes::inspectAsksTheNodeHoldingTheClient()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(7, QStringLiteral("198.51.100.4"), 4000, now)}, now));
    nodeB->publish(snapshotWith({clientRow(7, QStringLiteral("203.0.113.9"), 5000, now)}, now));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);

    // When the operator double-clicks B's #7.
    QTableView *view = m_window->connectionView();
    const QModelIndex cell = view->model()->index(rowOf(QStringLiteral("B"), 7), ConnectionTableModel::PeerColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());

    // Then node B is asked for #7's details, the embedded node for nothing.
    QTRY_VERIFY_WITH_TIMEOUT(nodeB->detailsRequests.contains(7), WaitMs);
    QVERIFY(m_embedded->detailsRequests.isEmpty());

    // And inspecting the embedded #7 then asks the embedded node, although the id is the same.
    const QModelIndex local = view->model()->index(rowOf(QStringLiteral("local"), 7), ConnectionTableModel::PeerColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(local).center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(local).center());
    QTRY_VERIFY_WITH_TIMEOUT(m_embedded->detailsRequests.contains(7), WaitMs);
}

void TestMainWindowNodes::kickAllNamesAndReachesEveryNode()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(7, QStringLiteral("198.51.100.4"), 4000, now)}, now));
    nodeB->publish(snapshotWith({clientRow(7, QStringLiteral("203.0.113.9"), 5000, now)}, now));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);

    QString nodesText;
    whenDialogOpens<KickDialog>(this, [&nodesText](KickDialog *dialog) {
        auto *nodes = dialog->findChild<QLabel *>(QStringLiteral("nodes"));
        nodesText = nodes->isVisible() ? nodes->text() : QString();
        QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("reason")), Qt::Key_Return);
    });
    auto *toolBar = m_window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    QTest::mouseClick(toolBar->widgetForAction(m_window->kickAllAction()), Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(nodeB->kickAlls.size(), 1, WaitMs);
    QCOMPARE(m_embedded->kickAlls.size(), 1);
    QCOMPARE(nodesText, QStringLiteral("On the nodes: %1")
                            .arg(QLocale().createSeparatedList({QStringLiteral("local"), QStringLiteral("B")})));
}

QTEST_MAIN(TestMainWindowNodes)
#include "tst_mainwindownodes.moc"
