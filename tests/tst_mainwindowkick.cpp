// The main window's kicks as a person makes them: the kick dialogs opened from the toolbar and the
// clients table, edited and answered with Enter or Escape, against a real server on 127.0.0.1.

#include "mainwindowfixture.h"

#include "dialogs/kickdialog.h"

#include <QLabel>
#include <QSpinBox>
#include <QStatusBar>

using namespace wsm;
using namespace wsm::test;

class TestMainWindowKick : public MainWindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void kickThroughTheDialog_data();
    void kickThroughTheDialog();
    void kickAndBanNamesTheOthersAtTheSameAddress();
    void kickAllKicksWithTheReasonTypedAndEnter();
};

void TestMainWindowKick::init()
{
    initFixture();
}

void TestMainWindowKick::cleanup()
{
    cleanupFixture();
}

void TestMainWindowKick::kickThroughTheDialog_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("banned");
    QTest::newRow("kick selected closes with the dialog's code and reason")
        << QStringLiteral("kickSelectedAction") << false;
    QTest::newRow("kick and ban also refuses the address") << QStringLiteral("kickAndBanAction") << true;
}

void TestMainWindowKick::kickThroughTheDialog()
{
    QFETCH(QString, action);
    QFETCH(bool, banned);
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    Client kicked, bystander;
    QVERIFY(kicked.open(url));
    QVERIFY(bystander.open(url));
    const quint64 kickedId = m_server->sessionIdForPort(kicked.localPort());
    QVERIFY(kickedId != 0);
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOfSession(kickedId) >= 0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionModel()->rowCount(), 2, WaitMs);

    auto *kickAction = m_window->findChild<QAction *>(action);
    QVERIFY(kickAction);
    QVERIFY(!kickAction->isEnabled()); // nothing selected yet
    m_window->connectionView()->selectRow(proxyRowOfSession(kickedId));
    QVERIFY(kickAction->isEnabled());

    bool banTicked = !banned;
    whenDialogOpens<KickDialog>([&](KickDialog *dialog) {
        banTicked = dialog->banAddresses();
        // As a person does: click into each field, type over it, and press Enter in the last one.
        typeOver(dialog->findChild<QSpinBox *>(QStringLiteral("closeCode"))->findChild<QLineEdit *>(),
                 QStringLiteral("4321"));
        auto *reason = dialog->findChild<QLineEdit *>(QStringLiteral("reason"));
        typeOver(reason, QStringLiteral("maintenance window"));
        QTest::keyClick(reason, Qt::Key_Return);
    });
    kickAction->trigger(); // returns once the dialog is answered
    QCOMPARE(banTicked, banned);

    QTRY_VERIFY_WITH_TIMEOUT(kicked.disconnected, WaitMs);
    QCOMPARE(int(kicked.socket.closeCode()), 4321);
    QCOMPARE(kicked.socket.closeReason(), QStringLiteral("maintenance window"));
    QTRY_VERIFY_WITH_TIMEOUT(loggedEvent(EventKind::Closed, kickedId).has_value(), WaitMs);
    const ConnectionEvent closed = *loggedEvent(EventKind::Closed, kickedId);
    QCOMPARE(closed.endedBy, EndedBy::Operator);
    QCOMPARE(closed.reason, EndReason::OperatorKick);
    QCOMPARE(closed.closeCode, 4321);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionModel()->rowCount(), 1, WaitMs);
    QCOMPARE(m_window->connectionModel()->sessionAt(0).peerPort, bystander.localPort());
    QVERIFY(!bystander.disconnected);

    if (banned) {
        QTRY_COMPARE_WITH_TIMEOUT(m_server->last.bans.size(), 1, WaitMs);
        QCOMPARE(m_server->last.bans.first().target, QStringLiteral("127.0.0.1"));
        RawClient refused;
        QVERIFY(refused.connectTo(m_server->port()));
        refused.socket.write(upgradeRequest());
        QTRY_VERIFY_WITH_TIMEOUT(refused.disconnected, WaitMs);
        QCOMPARE(refused.httpStatus(), 403);
    } else {
        QVERIFY(waitForWindowSnapshotAfterNow());
        QVERIFY(m_windowSaw.bans.isEmpty());
    }
    // The outcome is reported in words.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().contains(QStringLiteral("Kicked")), WaitMs);
}

void TestMainWindowKick::kickAndBanNamesTheOthersAtTheSameAddress()
{
    // Regression: the ban refused every other client of the address without a word.
    Client kicked, sameAddress;
    startWithTwoClients(&kicked, &sameAddress);
    const quint64 kickedId = m_server->sessionIdForPort(kicked.localPort());
    const quint64 otherId = m_server->sessionIdForPort(sameAddress.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOfSession(kickedId) >= 0 && proxyRowOfSession(otherId) >= 0, WaitMs);
    QTableView *view = m_window->connectionView();
    const QModelIndex cell = view->model()->index(proxyRowOfSession(kickedId), ConnectionTableModel::PeerColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());

    QString shown;
    bool visible = false;
    whenDialogOpens<KickDialog>([&](KickDialog *dialog) {
        auto *sharing = dialog->findChild<QLabel *>(QStringLiteral("sharingClients"));
        visible = sharing->isVisible();
        shown = sharing->text();
        QTest::keyClick(dialog, Qt::Key_Escape);
    });
    m_window->findChild<QAction *>(QStringLiteral("kickAndBanAction"))->trigger();
    QVERIFY(visible);
    QVERIFY2(shown.contains(QStringLiteral("#%1 127.0.0.1:%2").arg(otherId).arg(sameAddress.localPort())),
             qPrintable(shown));
    QVERIFY2(!shown.contains(QStringLiteral("#%1 ").arg(kickedId)), qPrintable(shown));

    // Escape kicked and banned nobody.
    QVERIFY(waitForWindowSnapshotAfterNow());
    QCOMPARE(m_windowSaw.totals.clientsConnected, 2);
    QVERIFY(m_windowSaw.bans.isEmpty());
}

void TestMainWindowKick::kickAllKicksWithTheReasonTypedAndEnter()
{
    // Regression: after typing a new reason, Enter closed the dialog and kicked no one.
    Client first, second;
    startWithTwoClients(&first, &second);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionModel()->rowCount(), 2, WaitMs);
    whenDialogOpens<KickDialog>([](KickDialog *dialog) {
        auto *reason = dialog->findChild<QLineEdit *>(QStringLiteral("reason"));
        typeOver(reason, QStringLiteral("closing for the night"));
        QTest::keyClick(reason, Qt::Key_Return);
    });
    m_window->kickAllAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(first.disconnected && second.disconnected, WaitMs);
    QCOMPARE(int(first.socket.closeCode()), 4000);
    QCOMPARE(first.socket.closeReason(), QStringLiteral("closing for the night"));
    QCOMPARE(second.socket.closeReason(), QStringLiteral("closing for the night"));
}

QTEST_MAIN(TestMainWindowKick)
#include "tst_mainwindowkick.moc"
