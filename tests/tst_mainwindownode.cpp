// The seam between the console and a server: the main window on a node that is not the embedded
// server (FakeNode). Its snapshots fill the clients table, and a kick made in the table as a person
// makes it reaches the node's kick() with the ids, code and reason; nothing else is asked of it.

#include "fakenode.h"
#include "widgetdriver.h"

#include "dialogs/consolesettings.h"
#include "dialogs/kickdialog.h"
#include "mainwindow.h"
#include "models/connectiontablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QLineEdit>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolBar>

#include <functional>

using namespace wsm;
using namespace wsm::test;

namespace {

constexpr int WaitMs = 15000;

SessionRow clientRow(quint64 id, const QString &address, quint16 port, qint64 now)
{
    SessionRow row;
    row.id = id;
    row.peerAddress = address;
    row.peerPort = port;
    row.connectedAt = now - 30000;
    row.lastSeenAt = now;
    row.path = QStringLiteral("/");
    return row;
}

} // namespace

class TestMainWindowNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kickFromTheTableReachesTheNode_data();
    void kickFromTheTableReachesTheNode();
};

void TestMainWindowNode::kickFromTheTableReachesTheNode_data()
{
    QTest::addColumn<bool>("withDeleteKey");
    QTest::newRow("Delete on the selected row") << true;
    QTest::newRow("the toolbar's Kick button") << false;
}

void TestMainWindowNode::kickFromTheTableReachesTheNode()
{
    QFETCH(bool, withDeleteKey);
    // Given a window on a node that is not the embedded server, started from the toolbar.
    FakeNode node(QStringLiteral("ws://node.example:8080/"));
    MainWindow window(&node, ServerConfig(), nullptr);
    QAbstractItemModelTester tester(window.connectionModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *toolBar = window.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    QVERIFY(toolBar);
    QTest::mouseClick(toolBar->widgetForAction(window.startAction()), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(window.isServerRunning(), WaitMs);

    // When the node reports two clients, the table shows them.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Snapshot snapshot;
    snapshot.takenAt = now;
    snapshot.startedAt = now - 60000;
    snapshot.url = node.url();
    snapshot.sessions = {clientRow(41, QStringLiteral("198.51.100.4"), 40001, now),
                         clientRow(42, QStringLiteral("203.0.113.7"), 5050, now)};
    snapshot.totals.clientsConnected = 2;
    snapshot.totals.sessionsAlive = 2;
    node.publish(snapshot);
    QTableView *view = window.connectionView();
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, WaitMs);
    int kickedRow = -1;
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        if (view->model()->index(row, ConnectionTableModel::PeerColumn).data().toString()
            == QLatin1String("203.0.113.7:5050"))
            kickedRow = row;
    }
    QVERIFY(kickedRow >= 0);

    // And the operator selects client #42 and kicks it with a code and a reason, Enter in the dialog.
    const QModelIndex cell = view->model()->index(kickedRow, ConnectionTableModel::PeerColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QVERIFY(window.kickSelectedAction()->isEnabled());
    whenDialogOpens<KickDialog>(this, [](KickDialog *dialog) {
        typeOver(dialog->findChild<QSpinBox *>(QStringLiteral("closeCode"))->findChild<QLineEdit *>(),
                 QStringLiteral("4321"));
        auto *reason = dialog->findChild<QLineEdit *>(QStringLiteral("reason"));
        typeOver(reason, QStringLiteral("maintenance window"));
        QTest::keyClick(reason, Qt::Key_Return);
    });
    // Either returns once the dialog is answered.
    if (withDeleteKey)
        QTest::keyClick(view, Qt::Key_Delete);
    else
        QTest::mouseClick(toolBar->widgetForAction(window.kickSelectedAction()), Qt::LeftButton);

    // Then the node was asked to kick #42 with them, and for nothing else.
    QTRY_COMPARE_WITH_TIMEOUT(node.kicks.size(), 1, WaitMs);
    const FakeNode::Kick kick = node.kicks.first();
    QCOMPARE(kick.sessionIds, QList<quint64>{42});
    QCOMPARE(kick.closeCode, 4321);
    QCOMPARE(kick.reason, QStringLiteral("maintenance window"));
    QCOMPARE(kick.spreadMs, ConsoleSettings().kickSpreadMs);
    QCOMPARE(node.calls, QStringList({QStringLiteral("start"), QStringLiteral("kick")}));
    // And the node's answer reaches the status bar.
    node.finish(kick.requestId, true, QStringLiteral("Kicked 1 client."));
    QTRY_COMPARE_WITH_TIMEOUT(window.statusBar()->currentMessage(), QStringLiteral("Kicked 1 client."), WaitMs);
}

QTEST_MAIN(TestMainWindowNode)
#include "tst_mainwindownode.moc"
