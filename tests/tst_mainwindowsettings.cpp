// The main window's Settings as a person uses them: what OK saves, and Restart now, against a real
// server on 127.0.0.1.

#include "mainwindowfixture.h"

#include "dialogs/settingsdialog.h"

#include <QDoubleSpinBox>
#include <QTabBar>
#include <QTabWidget>

using namespace wsm;
using namespace wsm::test;

class TestMainWindowSettings : public MainWindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void settingsSaveOnlyWhatThePersonChanged();
    void restartNowClosesWith1012AndStartsAgain();
};

void TestMainWindowSettings::init()
{
    initFixture();
}

void TestMainWindowSettings::cleanup()
{
    cleanupFixture();
}

void TestMainWindowSettings::settingsSaveOnlyWhatThePersonChanged()
{
    ServerConfig saved;
    saved.port = 9000;
    saved.path = QStringLiteral("/saved");
    saveServerConfig(*m_settings, saved);
    ServerConfig thisRun = ServerFixture::defaultConfig(); // as if from the command line
    thisRun.path = QStringLiteral("/cli");
    createWindow(thisRun);

    whenDialogOpens<SettingsDialog>([](SettingsDialog *dialog) {
        auto *tabs = dialog->findChild<QTabWidget *>();
        auto *field = dialog->findChild<QDoubleSpinBox *>(QStringLiteral("max-connections"));
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->widget(i)->isAncestorOf(field))
                QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(i).center());
        }
        auto *edit = field->findChild<QLineEdit *>();
        QTest::mouseClick(edit, Qt::LeftButton, {}, QPoint(4, edit->height() / 2));
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(edit, QStringLiteral("500"));
        QTest::keyClick(edit, Qt::Key_Return);
    });
    m_window->settingsAction()->trigger();

    const ServerConfig nowSaved = loadServerConfig(*m_settings);
    QCOMPARE(nowSaved.maxConnections, 500);
    QCOMPARE(nowSaved.port, quint16(9000));
    QCOMPARE(nowSaved.path, QStringLiteral("/saved"));
}

void TestMainWindowSettings::restartNowClosesWith1012AndStartsAgain()
{
    // Regression: Restart now kicked every client with 1012 and then stopped, so the log named the
    // operator, with an operator kick, as what ended each of them.
    createWindow();
    QVERIFY(startThroughToolbar().isValid());
    // Raw clients: Qt 6.4's own client takes 1012, registered after RFC 6455, for a protocol
    // error and reports 1002; what the server sent is read from the wire.
    RawClient first, second;
    QVERIFY(first.upgrade(m_server->port()));
    QVERIFY(second.upgrade(m_server->port()));
    QTRY_COMPARE_WITH_TIMEOUT(m_windowSaw.totals.clientsConnected, 2, WaitMs);
    const QList<quint64> ids{m_server->sessionIdForPort(first.socket.localPort()),
                             m_server->sessionIdForPort(second.socket.localPort())};
    QVERIFY(!ids.contains(0));

    // A change that applies only at a start (a new path, typed over the old one, then Enter), and
    // "Restart Now" in the question that follows.
    whenDialogOpens<SettingsDialog>([](SettingsDialog *dialog) {
        auto *path = dialog->findChild<QLineEdit *>(QStringLiteral("path"));
        typeOver(path, QStringLiteral("/after"));
        QTest::keyClick(path, Qt::Key_Return);
    });
    QString question;
    QString details;
    whenDialogOpens<QMessageBox>([&question, &details](QMessageBox *box) {
        if (box->objectName() != QLatin1String("restartQuestion"))
            return;
        question = box->text();
        details = box->informativeText();
        for (QAbstractButton *button : box->buttons()) {
            if (button->text() == QLatin1String("Restart Now"))
                QTest::mouseClick(button, Qt::LeftButton);
        }
    });
    m_startedUrl.clear();
    m_window->settingsAction()->trigger(); // returns once both are answered
    QCOMPARE(question, QStringLiteral("Path will apply when the server starts again."));
    QCOMPARE(details, QStringLiteral("Restarting now closes 2 clients with 1012 (service restart)."));

    QTRY_COMPARE_WITH_TIMEOUT(first.closeCode(), 1012, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.closeCode(), 1012, WaitMs);
    // Each end is the server's, for a service restart, in the log the operator reads.
    EventLogModel *log = m_window->eventLogModel();
    for (quint64 id : ids)
        QTRY_VERIFY_WITH_TIMEOUT(loggedEvent(EventKind::Closed, id).has_value(), WaitMs);
    int ends = 0;
    for (int row = 0; row < log->rowCount(); ++row) {
        const ConnectionEvent &event = log->eventAt(row);
        if (event.kind != EventKind::Closed)
            continue;
        ++ends;
        QCOMPARE(event.endedBy, EndedBy::Server);
        QCOMPARE(event.reason, EndReason::ServiceRestart);
        QCOMPARE(event.closeCode, 1012);
        QCOMPARE(log->index(row, EventLogModel::EndedByColumn).data().toString(), QStringLiteral("server"));
        QCOMPARE(log->index(row, EventLogModel::ReasonColumn).data().toString(), QStringLiteral("service restart"));
        QCOMPARE(log->index(row, EventLogModel::DetailColumn).data().toString(), QStringLiteral("service restart"));
    }
    QCOMPARE(ends, 2);
    // Running again, with the new settings.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isServerRunning() && !m_startedUrl.isEmpty(), WaitMs);
    QVERIFY2(m_startedUrl.endsWith(QLatin1String("/after")), qPrintable(m_startedUrl));
    Client again;
    QVERIFY(again.open(QUrl(m_startedUrl)));
    QTRY_COMPARE_WITH_TIMEOUT(m_windowSaw.totals.clientsConnected, 1, WaitMs);
}

QTEST_MAIN(TestMainWindowSettings)
#include "tst_mainwindowsettings.moc"
