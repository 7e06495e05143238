// The console watching nodes of a cluster: the Nodes pane lists the cluster's nodes that are not
// attached, and a double-click or the row's menu attaches one through the Connect to Node dialog
// filled with its admin URL (Enter confirms); the cluster's totals under the pane; the status bar's
// cluster field going down and up with the node's snapshots; the cluster link's events in the log,
// its filter and its CSV export, never opening the inspector. Fake nodes (mainwindownodesfixture.h).

// Mouse events through the window, as the platform delivers them: a right button press then opens
// a context menu (sent straight to a widget, it would not).
#define QTEST_QPA_MOUSE_HANDLING

#include "mainwindownodesfixture.h"

#include "csvwriter.h"
#include "export/csvexporter.h"

#include <QDockWidget>
#include <QSignalSpy>
#include <QStatusBar>

using namespace wsm;
using namespace wsm::test;

namespace {

const QString NodeCUrl = QStringLiteral("ws://c.example:9001/admin");

ClusterNodeInfo clusterNode(const QString &name, const QString &adminUrl, int clients, qint64 now)
{
    ClusterNodeInfo node;
    node.name = name;
    node.version = QStringLiteral("0.2.0");
    node.publicUrl = QStringLiteral("ws://%1.example:8080/").arg(name);
    node.adminUrl = adminUrl;
    node.clients = clients;
    node.messageRateIn = clients / 10.0;
    node.messageRateOut = clients / 5.0;
    node.startedAt = now - 60000;
    node.updatedAt = now;
    return node;
}

// Node B's snapshot in a cluster of B, node-c (not attached) and node-d (no admin channel).
Snapshot clusterSnapshot(qint64 now, bool linkUp = true)
{
    Snapshot snapshot = snapshotWith({}, now);
    ClusterStatus &cluster = snapshot.cluster;
    cluster.enabled = true;
    cluster.linkUp = linkUp;
    cluster.redisUrl = QStringLiteral("redis://127.0.0.1:6379/0");
    cluster.nodeName = QStringLiteral("node-b");
    cluster.linkChangedAt = QDateTime(QDate(2026, 12, 4), QTime(12, 3, 4)).toMSecsSinceEpoch();
    cluster.lastError = linkUp ? QString() : QStringLiteral("Connection refused");
    cluster.nodes = {clusterNode(QStringLiteral("node-b"), NodeBUrl.toString(), 1000, now),
                     clusterNode(QStringLiteral("node-c"), NodeCUrl, 1500, now),
                     clusterNode(QStringLiteral("node-d"), QString(), 500, now)};
    cluster.nodes[0].self = true;
    return snapshot;
}

} // namespace

QPoint rowCentre(QTableView *view, int row);

class TestMainWindowCluster : public MainWindowNodesFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUp(); }
    void cleanup() { tearDown(); }
    void nodesPaneListsTheClusterOnce();
    void attachByDoubleClick();
    void attachFromTheRowMenu();
    void statusBarFollowsTheClusterLink();
    void clusterLinkDownInTheLog();

private:
    // Node B attached with a token file, in a cluster; the pane's view.
    FakeNode *attachNodeBInCluster(QTableView **nodesView);
    int paneRowOf(QTableView *nodesView, const QString &name) const;
    QString m_tokenPath;
};

FakeNode *TestMainWindowCluster::attachNodeBInCluster(QTableView **nodesView)
{
    m_tokenPath = m_dir->filePath(QStringLiteral("cluster-token"));
    QFile file(m_tokenPath);
    if (!file.open(QIODevice::WriteOnly))
        return nullptr;
    file.write("cluster-secret\n");
    file.close();
    createWindow();
    QString error;
    if (!m_window->connectToNode(NodeBUrl, m_tokenPath, &error) || m_made.isEmpty())
        return nullptr;
    FakeNode *nodeB = m_made.constLast();
    nodeB->publish(clusterSnapshot(QDateTime::currentMSecsSinceEpoch()));
    *nodesView = m_window->findChild<QTableView *>(QStringLiteral("nodesView"));
    return nodeB;
}

int TestMainWindowCluster::paneRowOf(QTableView *nodesView, const QString &name) const
{
    const QAbstractItemModel *model = nodesView->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, NodesModel::NameColumn).data().toString() == name)
            return row;
    }
    return -1;
}

// Where a person would click on the row: scrolled into the pane's few rows first.
QPoint rowCentre(QTableView *view, int row)
{
    const QModelIndex index = view->model()->index(row, NodesModel::NameColumn);
    view->scrollTo(index);
    return view->visualRect(index).center();
}

void TestMainWindowCluster::nodesPaneListsTheClusterOnce()
{
    QTableView *nodesView = nullptr;
    FakeNode *nodeB = attachNodeBInCluster(&nodesView);
    QVERIFY(nodeB && nodesView);
    QVERIFY(nodesView->isVisible());
    const QAbstractItemModel *model = nodesView->model();
    // local and B watched; node-c and node-d in the cluster, not attached; node-b is B, once.
    QCOMPARE(model->rowCount(), 4);
    QCOMPARE(paneRowOf(nodesView, QStringLiteral("node-b")), -1);
    const int rowC = paneRowOf(nodesView, QStringLiteral("node-c"));
    QVERIFY(rowC >= 2);
    QCOMPARE(model->index(rowC, NodesModel::LinkColumn).data().toString(), QStringLiteral("In the cluster, not attached"));
    QCOMPARE(model->index(rowC, NodesModel::ClientsColumn).data(NodesModel::SortRole).toInt(), 1500);
    QCOMPARE(model->index(rowC, NodesModel::RateInColumn).data(NodesModel::SortRole).toDouble(), 150.0);
    QCOMPARE(model->index(paneRowOf(nodesView, QStringLiteral("B")), NodesModel::ClusterColumn).data().toString(),
             QStringLiteral("Up"));

    // The cluster's totals under the pane.
    auto *totals = m_window->findChild<QLabel *>(QStringLiteral("clusterTotals"));
    QVERIFY(totals);
    QVERIFY(totals->isVisible());
    QCOMPARE(totals->text(), QStringLiteral("Cluster: 3 node(s), %1 clients, %2 msg/s in, %3 msg/s out")
                                 .arg(QLocale().toString(3000), QLocale().toString(300.0, 'f', 1),
                                      QLocale().toString(600.0, 'f', 1)));
}

void TestMainWindowCluster::attachByDoubleClick()
{
    QTableView *nodesView = nullptr;
    FakeNode *nodeB = attachNodeBInCluster(&nodesView);
    QVERIFY(nodeB && nodesView);
    const int rowC = paneRowOf(nodesView, QStringLiteral("node-c"));
    QVERIFY(rowC >= 0);

    // When the operator double-clicks node-c's row, the dialog opens filled with its admin URL and
    // B's token file, and says where the node was found; Enter connects.
    QString url;
    QString tokenFile;
    QString reason;
    whenDialogOpens<ConnectNodeDialog>(this, [&](ConnectNodeDialog *dialog) {
        auto *urlField = dialog->findChild<QLineEdit *>(QStringLiteral("adminUrl"));
        url = urlField->text();
        tokenFile = dialog->findChild<QLineEdit *>(QStringLiteral("tokenFile"))->text();
        reason = dialog->findChild<QLabel *>(QStringLiteral("reason"))->text();
        QTest::keyClick(urlField, Qt::Key_Return);
    });
    const QPoint where = rowCentre(nodesView, rowC);
    QTest::mouseDClick(nodesView->viewport(), Qt::LeftButton, {}, where);

    QTRY_COMPARE_WITH_TIMEOUT(m_made.size(), 2, WaitMs);
    QCOMPARE(url, NodeCUrl);
    QCOMPARE(tokenFile, m_tokenPath);
    QVERIFY2(reason.contains(QLatin1String("node-c")) && reason.contains(QLatin1String("B")), qPrintable(reason));
    QCOMPARE(m_madeUrls.last(), QUrl(NodeCUrl));
    QCOMPARE(m_madeTokens.last(), QByteArray("cluster-secret"));
    // Now watched: its row is the attached node's ("C"), the cluster's row for it is gone.
    QTRY_COMPARE_WITH_TIMEOUT(paneRowOf(nodesView, QStringLiteral("node-c")), -1, WaitMs);
    QVERIFY(paneRowOf(nodesView, QStringLiteral("C")) >= 0);
    QCOMPARE(nodesView->model()->rowCount(), 4); // local, B, C, node-d
}

void TestMainWindowCluster::attachFromTheRowMenu()
{
    QTableView *nodesView = nullptr;
    FakeNode *nodeB = attachNodeBInCluster(&nodesView);
    QVERIFY(nodeB && nodesView);

    // node-d has no admin channel: its menu offers nothing to attach to.
    bool attachEnabled = true;
    whenMenuOpens(this, [&attachEnabled](QMenu *menu) {
        auto *attach = menu->findChild<QAction *>(QStringLiteral("attachClusterNodeAction"));
        attachEnabled = attach && attach->isEnabled();
        QTest::keyClick(menu, Qt::Key_Escape);
    });
    QTest::mouseClick(nodesView->viewport(), Qt::RightButton, {},
                      rowCentre(nodesView, paneRowOf(nodesView, QStringLiteral("node-d"))));
    QTRY_VERIFY_WITH_TIMEOUT(!attachEnabled, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!QApplication::activePopupWidget(), WaitMs);

    // node-c's menu: Attach to Node…, chosen with the keyboard, then Enter in the dialog.
    QString url;
    whenMenuOpens(this, [](QMenu *menu) {
        auto *attach = menu->findChild<QAction *>(QStringLiteral("attachClusterNodeAction"));
        QVERIFY(attach && attach->isEnabled());
        chooseInMenu(menu, attach);
    });
    whenDialogOpens<ConnectNodeDialog>(this, [&url](ConnectNodeDialog *dialog) {
        auto *urlField = dialog->findChild<QLineEdit *>(QStringLiteral("adminUrl"));
        url = urlField->text();
        QTest::keyClick(urlField, Qt::Key_Return);
    });
    QTest::mouseClick(nodesView->viewport(), Qt::RightButton, {},
                      rowCentre(nodesView, paneRowOf(nodesView, QStringLiteral("node-c"))));
    QTRY_COMPARE_WITH_TIMEOUT(m_made.size(), 2, WaitMs);
    QCOMPARE(url, NodeCUrl);
    QCOMPARE(m_madeUrls.last(), QUrl(NodeCUrl));
}

void TestMainWindowCluster::statusBarFollowsTheClusterLink()
{
    createWindow();
    auto *field = m_window->statusBar()->findChild<QLabel *>(QStringLiteral("clusterStatus"));
    QVERIFY(field);
    // Outside a cluster: no field.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({}, now));
    QVERIFY(!field->isVisible());

    m_embedded->publish(clusterSnapshot(now, true));
    QVERIFY(field->isVisible());
    QCOMPARE(field->text(), QStringLiteral("Cluster: up"));
    QVERIFY2(field->toolTip().contains(QLatin1String("redis://127.0.0.1:6379/0")), qPrintable(field->toolTip()));

    m_embedded->publish(clusterSnapshot(now + 250, false));
    QCOMPARE(field->text(), QStringLiteral("Cluster: down since 12:03:04"));
    QVERIFY2(field->toolTip().contains(QLatin1String("Connection refused")), qPrintable(field->toolTip()));
    // The embedded node's row is marked in the Nodes pane.
    auto *nodesView = m_window->findChild<QTableView *>(QStringLiteral("nodesView"));
    QCOMPARE(nodesView->model()->index(0, NodesModel::ClusterColumn).data().toString(),
             QStringLiteral("Down since 12:03:04"));

    m_embedded->publish(clusterSnapshot(now + 500, true));
    QCOMPARE(field->text(), QStringLiteral("Cluster: up"));
}

void TestMainWindowCluster::clusterLinkDownInTheLog()
{
    createWindow();
    auto *log = m_window->findChild<QTableView *>(QStringLiteral("eventLogView"));
    QVERIFY(log);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ConnectionEvent connected;
    connected.sessionId = 3;
    connected.peerAddress = QStringLiteral("203.0.113.9");
    connected.peerPort = 5000;
    connected.connectedAt = now - 1000;
    ConnectionEvent down;
    down.kind = EventKind::ClusterLinkDown;
    down.peerAddress = QStringLiteral("127.0.0.1");
    down.peerPort = 6379;
    down.connectedAt = now;
    down.endedAt = now;
    down.closeReason = QStringLiteral("Connection refused");
    m_embedded->publish(snapshotWith({}, now), {connected, down});
    QTRY_COMPARE_WITH_TIMEOUT(log->model()->rowCount(), 2, WaitMs);

    // A row that reads as what happened: no client, the Redis as the peer, why in the detail.
    const QAbstractItemModel *model = log->model();
    const int row = 1; // sorted by time
    QCOMPARE(model->index(row, EventLogModel::EventColumn).data().toString(), QStringLiteral("cluster link down"));
    QCOMPARE(model->index(row, EventLogModel::ClientColumn).data().toString(), QString());
    QCOMPARE(model->index(row, EventLogModel::PeerColumn).data().toString(), QStringLiteral("Redis 127.0.0.1:6379"));
    QCOMPARE(model->index(row, EventLogModel::DetailColumn).data().toString(), QStringLiteral("Connection refused"));
    QCOMPARE(model->index(row, EventLogModel::DurationColumn).data().toString(), QString());

    // A double-click on it opens no inspector: there is no client to inspect.
    auto *inspector = m_window->findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    QVERIFY(!inspector->isVisible());
    const QRect cell = log->visualRect(model->index(row, EventLogModel::PeerColumn));
    QTest::mouseDClick(log->viewport(), Qt::LeftButton, {}, cell.center());
    QVERIFY(!inspector->isVisible());

    // "Cluster link up or down" in the reason filter, by keyboard: the connect is hidden.
    auto *reasons = m_window->findChild<QComboBox *>(QStringLiteral("reasonFilter"));
    reasons->setFocus(Qt::TabFocusReason);
    for (int i = 0; i < reasons->count() && reasons->currentText() != QLatin1String("Cluster link up or down"); ++i)
        QTest::keyClick(reasons, Qt::Key_Down);
    QCOMPARE(reasons->currentText(), QStringLiteral("Cluster link up or down"));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, EventLogModel::EventColumn).data().toString(), QStringLiteral("cluster link down"));

    // The export writes what is shown: the link's change with its stable kind id, no client, no duration.
    auto *exporter = m_window->findChild<CsvExporter *>();
    QSignalSpy finished(exporter, &CsvExporter::finished);
    const QString fileName = m_dir->filePath(QStringLiteral("cluster.csv"));
    QVERIFY(m_window->exportEventsTo(fileName));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, WaitMs);
    QFile file(fileName);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(file.readAll(), &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 2);
    const QStringList header = rows.at(0);
    const auto cell0 = [&](const char *column) { return rows.at(1).value(header.indexOf(QLatin1String(column))); };
    QCOMPARE(cell0("event"), QStringLiteral("cluster-link-down"));
    QCOMPARE(cell0("session_id"), QStringLiteral("0"));
    QCOMPARE(cell0("peer_port"), QStringLiteral("6379"));
    QCOMPARE(cell0("duration_ms"), QStringLiteral("0"));
    QCOMPARE(cell0("close_reason"), QStringLiteral("Connection refused"));
}

QTEST_MAIN(TestMainWindowCluster)
#include "tst_mainwindowcluster.moc"
