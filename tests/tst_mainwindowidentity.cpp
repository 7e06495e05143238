// The console's identity actions as a person uses them: the row menu's "Kick all connections of
// <identity>…" and "Ban identity <identity>…" over two fake nodes whose rows have identities, the
// Identity and Flapping columns, and the filter bar's Flapping only and identity search.

#include "mainwindownodesfixture.h"

#include <QCheckBox>
#include <QContextMenuEvent>

#include <memory>

using namespace wsm;
using namespace wsm::test;

namespace {

SessionRow identityRow(quint64 id, const QString &address, quint16 port, const QString &identity, qint64 now)
{
    SessionRow row = clientRow(id, address, port, now);
    row.identity = identity;
    row.identityVerified = !identity.isEmpty();
    return row;
}

} // namespace

class TestMainWindowIdentity : public MainWindowNodesFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUp(); }
    void cleanup() { tearDown(); }
    void kickAllConnectionsOfAnIdentityOnEveryNode();
    void banIdentityBansItEverywhereAndKicks();
    void rowWithoutIdentityOffersNoIdentityActions();
    void flappingOnlyAndIdentitySearch();

private:
    // Node B attached; alice on both nodes, bob on the embedded one, an anonymous client on B.
    FakeNode *twoNodesWithAlice();
    // Right-clicks the row and chooses the menu's action of that object name; false when the menu
    // had no such action enabled.
    bool chooseFromRowMenu(int row, const QString &action);
};

FakeNode *TestMainWindowIdentity::twoNodesWithAlice()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    if (!nodeB)
        return nullptr;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({identityRow(7, QStringLiteral("198.51.100.4"), 4000, QStringLiteral("alice"), now),
                                      identityRow(8, QStringLiteral("198.51.100.5"), 4001, QStringLiteral("bob"), now)},
                                     now));
    nodeB->publish(snapshotWith({identityRow(3, QStringLiteral("203.0.113.9"), 5000, QStringLiteral("alice"), now),
                                 identityRow(4, QStringLiteral("203.0.113.10"), 5001, QString(), now)},
                                now));
    if (!QTest::qWaitFor([this] { return m_window->connectionView()->model()->rowCount() == 4; }, WaitMs))
        return nullptr;
    return nodeB;
}

bool TestMainWindowIdentity::chooseFromRowMenu(int row, const QString &action)
{
    // Shared with the poll, which may answer after this returns (on a timeout): kept alive by it.
    auto chosen = std::make_shared<bool>(false);
    auto answered = std::make_shared<bool>(false);
    whenMenuOpens(this, [chosen, answered, action](QMenu *menu) {
        auto *item = menu->findChild<QAction *>(action);
        *answered = true;
        if (!item || !item->isEnabled()) {
            QTest::keyClick(menu, Qt::Key_Escape);
            return;
        }
        *chosen = true;
        chooseInMenu(menu, item);
    });
    QTableView *view = m_window->connectionView();
    const QModelIndex cell = view->model()->index(row, ConnectionTableModel::PeerColumn);
    view->scrollTo(cell);
    const QPoint at = view->visualRect(cell).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    // The right button's context menu event, as the window system sends it: a right click on this
    // table in the offscreen platform brings none (the row is pressed, no menu is asked for).
    QContextMenuEvent menuEvent(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &menuEvent);
    // The menu opens from the event loop, not inside the click.
    return QTest::qWaitFor([answered] { return *answered && !QApplication::activePopupWidget(); }, WaitMs) && *chosen;
}

void TestMainWindowIdentity::kickAllConnectionsOfAnIdentityOnEveryNode()
{
    FakeNode *nodeB = twoNodesWithAlice();
    QVERIFY(nodeB);
    QCOMPARE(m_window->connectionView()->model()->index(rowOf(QStringLiteral("B"), 3), ConnectionTableModel::IdentityColumn)
                 .data()
                 .toString(),
             QStringLiteral("alice"));

    // When the operator opens alice's row menu on the embedded node and kicks all her connections.
    QString question;
    bool banTicked = true;
    whenDialogOpens<KickDialog>(this, [&](KickDialog *dialog) {
        question = dialog->findChild<QLabel *>(QStringLiteral("question"))->text();
        banTicked = dialog->banAddresses();
        typeOver(dialog->findChild<QSpinBox *>(QStringLiteral("closeCode"))->findChild<QLineEdit *>(),
                 QStringLiteral("4222"));
        auto *reason = dialog->findChild<QLineEdit *>(QStringLiteral("reason"));
        typeOver(reason, QStringLiteral("account closed"));
        QTest::keyClick(reason, Qt::Key_Return);
    });
    QVERIFY(chooseFromRowMenu(rowOf(QStringLiteral("local"), 7), QStringLiteral("kickIdentityAction")));

    // Then each node kicks its own connection of alice, with the code and reason typed; bob and the
    // anonymous client stay, and nothing is banned.
    QTRY_COMPARE_WITH_TIMEOUT(nodeB->kicks.size(), 1, WaitMs);
    QCOMPARE(m_embedded->kicks.size(), 1);
    QCOMPARE(m_embedded->kicks.first().sessionIds, QList<quint64>{7});
    QCOMPARE(nodeB->kicks.first().sessionIds, QList<quint64>{3});
    QCOMPARE(nodeB->kicks.first().closeCode, 4222);
    QCOMPARE(nodeB->kicks.first().reason, QStringLiteral("account closed"));
    QVERIFY(m_embedded->bans.isEmpty() && nodeB->bans.isEmpty());
    QVERIFY(!banTicked);
    QVERIFY2(question.contains(QLatin1String("alice")) && question.contains(QLatin1String("2")), qPrintable(question));
}

void TestMainWindowIdentity::banIdentityBansItEverywhereAndKicks()
{
    FakeNode *nodeB = twoNodesWithAlice();
    QVERIFY(nodeB);

    // When the operator bans alice from her row on node B, accepting the dialog with Enter.
    bool banTicked = false;
    QString banText;
    whenDialogOpens<KickDialog>(this, [&](KickDialog *dialog) {
        auto *ban = dialog->findChild<QCheckBox *>(QStringLiteral("banAddresses"));
        banTicked = ban->isChecked();
        banText = ban->text();
        QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("reason")), Qt::Key_Return);
    });
    QVERIFY(chooseFromRowMenu(rowOf(QStringLiteral("B"), 3), QStringLiteral("banIdentityAction")));

    // Then every node bans identity:alice (the ban must hold wherever she reconnects), and each
    // kicks her connections.
    QTRY_COMPARE_WITH_TIMEOUT(nodeB->kicks.size(), 1, WaitMs);
    QVERIFY(banTicked);
    QVERIFY2(banText.contains(QLatin1String("alice")), qPrintable(banText));
    QCOMPARE(m_embedded->bans, QStringList{QStringLiteral("identity:alice")});
    QCOMPARE(nodeB->bans, QStringList{QStringLiteral("identity:alice")});
    // Kicked before the ban, so that each connection ends with the operator's code and reason
    // (the ban would otherwise close them itself, as banned); the node takes the ban right after.
    QVERIFY(nodeB->calls.indexOf(QStringLiteral("kick")) >= 0);
    QVERIFY(nodeB->calls.indexOf(QStringLiteral("kick")) < nodeB->calls.indexOf(QStringLiteral("ban")));
    QCOMPARE(m_embedded->kicks.first().sessionIds, QList<quint64>{7});
    QCOMPARE(nodeB->kicks.first().sessionIds, QList<quint64>{3});
}

void TestMainWindowIdentity::rowWithoutIdentityOffersNoIdentityActions()
{
    FakeNode *nodeB = twoNodesWithAlice();
    QVERIFY(nodeB);
    QVERIFY(!chooseFromRowMenu(rowOf(QStringLiteral("B"), 4), QStringLiteral("kickIdentityAction")));
    QVERIFY(!chooseFromRowMenu(rowOf(QStringLiteral("B"), 4), QStringLiteral("banIdentityAction")));
    QVERIFY(nodeB->kicks.isEmpty() && nodeB->bans.isEmpty());
}

void TestMainWindowIdentity::flappingOnlyAndIdentitySearch()
{
    createWindow();
    startEmbedded();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    SessionRow flapping = identityRow(5, QStringLiteral("192.0.2.1"), 4000, QStringLiteral("carol"), now);
    flapping.flapping = true;
    SessionRow unverified = identityRow(6, QStringLiteral("192.0.2.2"), 4001, QStringLiteral("dave"), now);
    unverified.identityVerified = false;
    m_embedded->publish(snapshotWith({flapping, unverified, clientRow(9, QStringLiteral("192.0.2.3"), 4002, now)}, now));
    QTableView *view = m_window->connectionView();
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 3, WaitMs);
    QVERIFY(!view->isColumnHidden(ConnectionTableModel::IdentityColumn));
    QVERIFY(!view->isColumnHidden(ConnectionTableModel::FlappingColumn));

    // Flapping only, ticked with a click: carol alone; unticked: all again.
    auto *flappingOnly = m_window->findChild<QCheckBox *>(QStringLiteral("flappingOnly"));
    QVERIFY(flappingOnly && flappingOnly->isVisible());
    QTest::mouseClick(flappingOnly, Qt::LeftButton, {}, QPoint(8, flappingOnly->height() / 2));
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->index(0, ConnectionTableModel::FlappingColumn).data().toString(), QStringLiteral("flapping"));
    QTest::mouseClick(flappingOnly, Qt::LeftButton, {}, QPoint(8, flappingOnly->height() / 2));
    QCOMPARE(view->model()->rowCount(), 3);

    // An identity typed in the filter: its client alone, the unverified mark shown.
    typeOver(m_window->findChild<QLineEdit *>(QStringLiteral("connectionFilter")), QStringLiteral("dave"));
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->index(0, ConnectionTableModel::IdentityColumn).data().toString(),
             QStringLiteral("dave (unverified)"));
}

QTEST_MAIN(TestMainWindowIdentity)
#include "tst_mainwindowidentity.moc"
