// The main window end to end: its toolbar and dialogs drive a real server (its own thread) on
// 127.0.0.1, real QWebSocket clients come and go, and the window's tables, log and exports follow.

#include "mainwindowfixture.h"

#include "charts/trafficcharts.h"
#include "csvwriter.h"
#include "dialogs/consolesettings.h"
#include "export/csvexporter.h"
#include "statusfields.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QStatusBar>
#include <QTcpServer>

using namespace wsm;
using namespace wsm::test;

class TestMainWindow : public MainWindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void startAndStopThroughTheToolbar();
    void portInUseShowsTheBanner();
    void clientsAppearAndLeave();
    void exportsTheConnectionLog();
    void exportsTheConnectionsTable();
    void pauseHoldsTheTableUntilResume();
    void closingSavesTheWindowLayout();
    void ratesReadTheSameInStatusBarTableAndCharts();
    void stopAsksFirstWhileClientsAreConnected();
    void closingAsksFirstAndCanBeToldNotTo();
    void clearLogAsksFirst();
    void exportHonoursTheReasonFilter();
};

void TestMainWindow::init()
{
    initFixture();
}

void TestMainWindow::cleanup()
{
    cleanupFixture();
}

void TestMainWindow::startAndStopThroughTheToolbar()
{
    // The question before closing clients has tests of its own below.
    m_settings->setValue(QStringLiteral("console/askBeforeClosingClients"), false);
    createWindow();
    QVERIFY(m_window->startAction()->isEnabled());
    QVERIFY(!m_window->stopAction()->isEnabled());
    QVERIFY(!m_window->isServerRunning());

    m_window->startAction()->trigger();
    // In flight: neither applies until the server answers.
    QVERIFY(!m_window->startAction()->isEnabled());
    QVERIFY(!m_window->stopAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->stopAction()->isEnabled(), WaitMs);
    QVERIFY(!m_window->startAction()->isEnabled());
    QVERIFY(m_window->isServerRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!m_startedUrl.isEmpty(), WaitMs);
    QVERIFY(m_startedUrl.startsWith(QStringLiteral("ws://127.0.0.1:")));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("wsmonitor – %1").arg(m_startedUrl));
    auto *address = m_window->findChild<QLabel *>(QStringLiteral("addressStatus"));
    QVERIFY(address);
    QVERIFY2(address->text().contains(m_startedUrl), qPrintable(address->text()));

    // The server really listens there.
    Client client;
    QVERIFY(client.open(QUrl(m_startedUrl)));

    m_window->stopAction()->trigger();
    QVERIFY(!m_window->startAction()->isEnabled());
    QVERIFY(!m_window->stopAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->startAction()->isEnabled(), WaitMs);
    QVERIFY(!m_window->stopAction()->isEnabled());
    QVERIFY(!m_window->isServerRunning());
    QCOMPARE(m_window->windowTitle(), QStringLiteral("wsmonitor"));
    QVERIFY(!address->text().contains(m_startedUrl));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(int(client.socket.closeCode()), 1001);
}

void TestMainWindow::portInUseShowsTheBanner()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress(QHostAddress::LocalHost), 0));
    ServerConfig config = ServerFixture::defaultConfig();
    config.port = occupant.serverPort();
    createWindow(config);
    auto *banner = m_window->findChild<QWidget *>(QStringLiteral("errorBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());

    m_window->startAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), WaitMs);
    const QString address = QStringLiteral("127.0.0.1:%1").arg(occupant.serverPort());
    auto *text = banner->findChild<QLabel *>(QStringLiteral("errorBannerText"));
    QVERIFY(text);
    QVERIFY2(text->text().contains(address), qPrintable(text->text()));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(address),
             qPrintable(m_window->statusBar()->currentMessage()));
    QVERIFY(m_window->startAction()->isEnabled());
    QVERIFY(!m_window->stopAction()->isEnabled());
    QVERIFY(!m_window->isServerRunning());

    // Its close button dismisses it; a start that succeeds would too.
    auto *close = banner->findChild<QAbstractButton *>(QStringLiteral("errorBannerClose"));
    QVERIFY(close);
    close->click();
    QVERIFY(!banner->isVisible());
}

void TestMainWindow::clientsAppearAndLeave()
{
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    ConnectionTableModel *model = m_window->connectionModel();
    QCOMPARE(model->rowCount(), 0);

    Client first, second;
    QVERIFY(first.open(url));
    QVERIFY(second.open(url));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, WaitMs);
    QList<quint16> ports;
    for (const SessionRow &row : model->sessions())
        ports.append(row.peerPort);
    std::sort(ports.begin(), ports.end());
    QList<quint16> expected{first.localPort(), second.localPort()};
    std::sort(expected.begin(), expected.end());
    QCOMPARE(ports, expected);
    auto *count = m_window->findChild<QLabel *>(QStringLiteral("clientCount"));
    QVERIFY(count);
    QVERIFY2(count->text().contains(QLatin1Char('2')), qPrintable(count->text()));

    first.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, WaitMs);
    QCOMPARE(model->sessionAt(0).peerPort, second.localPort());
    second.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, WaitMs);
}

void TestMainWindow::exportsTheConnectionLog()
{
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    Client leaving, staying;
    QVERIFY(leaving.open(url));
    QVERIFY(staying.open(url));
    const quint64 leavingId = m_server->sessionIdForPort(leaving.localPort());
    const quint64 stayingId = m_server->sessionIdForPort(staying.localPort());
    QVERIFY(leavingId != 0 && stayingId != 0);
    leaving.socket.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    QTRY_VERIFY_WITH_TIMEOUT(loggedEvent(EventKind::Closed, leavingId).has_value(), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(loggedEvent(EventKind::Connected, stayingId).has_value(), WaitMs);
    QCOMPARE(m_window->eventLogModel()->rowCount(), 3);

    auto *exporter = m_window->findChild<CsvExporter *>();
    QVERIFY(exporter);
    QSignalSpy finished(exporter, &CsvExporter::finished);
    const QString fileName = m_dir->filePath(QStringLiteral("events.csv"));
    QVERIFY(m_window->exportEventsTo(fileName));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, WaitMs);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(2).toString()));
    QCOMPARE(finished.first().at(1).toString(), fileName);

    QFile file(fileName);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(file.readAll(), &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.first(), CsvWriter::eventHeader());
    const int event = int(CsvWriter::eventHeader().indexOf(QStringLiteral("event")));
    const int session = int(CsvWriter::eventHeader().indexOf(QStringLiteral("session_id")));
    const int endedBy = int(CsvWriter::eventHeader().indexOf(QStringLiteral("ended_by")));
    const int closeCode = int(CsvWriter::eventHeader().indexOf(QStringLiteral("close_code")));
    QSet<QString> seen;
    for (const QStringList &row : rows.mid(1))
        seen.insert(row.at(event) + QLatin1Char(' ') + row.at(session));
    const QSet<QString> expected{QStringLiteral("connected %1").arg(leavingId),
                                 QStringLiteral("connected %1").arg(stayingId),
                                 QStringLiteral("closed %1").arg(leavingId)};
    QCOMPARE(seen, expected);
    for (const QStringList &row : rows.mid(1)) {
        if (row.at(event) == QStringLiteral("closed")) {
            QCOMPARE(row.at(endedBy), QStringLiteral("client"));
            QCOMPARE(row.at(closeCode), QStringLiteral("1000"));
        }
    }
}

void TestMainWindow::exportsTheConnectionsTable()
{
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    Client first, second;
    QVERIFY(first.open(url));
    QVERIFY(second.open(url));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionModel()->rowCount(), 2, WaitMs);

    auto *exporter = m_window->findChild<CsvExporter *>();
    QVERIFY(exporter);
    QSignalSpy finished(exporter, &CsvExporter::finished);
    const QString fileName = m_dir->filePath(QStringLiteral("connections.csv"));
    QVERIFY(m_window->exportConnectionsTo(fileName));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, WaitMs);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(2).toString()));

    QFile file(fileName);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(file.readAll(), &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.first(), CsvWriter::sessionHeader());
    const int id = int(CsvWriter::sessionHeader().indexOf(QStringLiteral("id")));
    const int port = int(CsvWriter::sessionHeader().indexOf(QStringLiteral("peer_port")));
    QSet<QString> seen;
    for (const QStringList &row : rows.mid(1))
        seen.insert(row.at(id) + QLatin1Char(' ') + row.at(port));
    QSet<QString> expected;
    for (const Client *client : {&first, &second}) {
        const quint64 sessionId = m_server->sessionIdForPort(client->localPort());
        QVERIFY(sessionId != 0);
        expected.insert(QStringLiteral("%1 %2").arg(sessionId).arg(client->localPort()));
    }
    QCOMPARE(seen, expected);
}

void TestMainWindow::pauseHoldsTheTableUntilResume()
{
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    Client early;
    QVERIFY(early.open(url));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionModel()->rowCount(), 1, WaitMs);
    auto *paused = m_window->findChild<QLabel *>(QStringLiteral("pausedStatus"));
    QVERIFY(paused);
    QVERIFY(!paused->isVisible());

    m_window->pauseAction()->trigger();
    QVERIFY(m_window->pauseAction()->isChecked());
    QVERIFY(paused->isVisible());

    Client late;
    QVERIFY(late.open(url));
    // The window has handled snapshots that list the late client, and still shows one row.
    QTRY_VERIFY_WITH_TIMEOUT(m_windowSaw.sessions.size() == 2, WaitMs);
    QVERIFY(waitForWindowSnapshotAfterNow());
    QCOMPARE(m_windowSaw.sessions.size(), 2);
    QCOMPARE(m_window->connectionModel()->rowCount(), 1);
    QCOMPARE(m_window->connectionModel()->sessionAt(0).peerPort, early.localPort());

    m_window->pauseAction()->trigger();
    QVERIFY(!m_window->pauseAction()->isChecked());
    QVERIFY(!paused->isVisible());
    // The snapshot held while paused is applied at once, before the next one arrives.
    QCOMPARE(m_window->connectionModel()->rowCount(), 2);
    QVERIFY(m_window->connectionModel()->rowOfSession(m_server->sessionIdForPort(late.localPort())) >= 0);
}

void TestMainWindow::closingSavesTheWindowLayout()
{
    createWindow();
    QVERIFY(!m_settings->contains(QStringLiteral("window/geometry")));
    QVERIFY(m_window->close());
    QVERIFY(!m_settings->value(QStringLiteral("window/geometry")).toByteArray().isEmpty());
    QVERIFY(!m_settings->value(QStringLiteral("window/state")).toByteArray().isEmpty());
}

void TestMainWindow::ratesReadTheSameInStatusBarTableAndCharts()
{
    // One definition of a rate (server/ratewindow.h, whose accuracy tst_ratewindow checks on a
    // driven clock): with one client sending bursts, the status bar, its row and the chart show
    // the same number at every tick. Before, the status bar read one 250 ms interval and the
    // table the last second, so they disagreed by 20% tick after tick.
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    Client sender;
    QVERIFY(sender.open(url));
    const quint64 senderId = m_server->sessionIdForPort(sender.localPort());
    QTimer bursts;
    bursts.setTimerType(Qt::PreciseTimer);
    connect(&bursts, &QTimer::timeout, this, [&sender] {
        for (int i = 0; i < 10; ++i)
            sender.socket.sendTextMessage(QStringLiteral("tick"));
    });
    bursts.start(100);

    auto *rates = m_window->findChild<QLabel *>(QStringLiteral("ratesStatus"));
    QVERIFY(rates);
    auto *charts = m_window->findChild<TrafficCharts *>();
    QVERIFY(charts);
    QLineSeries *chartIn = nullptr;
    for (QLineSeries *series : charts->findChildren<QLineSeries *>()) {
        if (series->name() == QLatin1String("in")) {
            chartIn = series; // the first "in" is the messages chart's
            break;
        }
    }
    QVERIFY(chartIn);
    const int widthBefore = rates->width();

    int checked = 0;
    for (int tick = 0; tick < 12; ++tick) {
        QVERIFY(waitForWindowSnapshotAfterNow());
        const ServerTotals totals = m_windowSaw.totals;
        QCOMPARE(rates->text(), StatusFields::ratesText(totals.messageRateIn, totals.messageRateOut));
        const int row = m_window->connectionModel()->rowOfSession(senderId);
        if (row < 0)
            continue; // its first snapshot has not reached the table yet
        QCOMPARE(m_window->connectionModel()->sessionAt(row).messageRateIn, totals.messageRateIn);
        const QModelIndex cell = m_window->connectionModel()->index(row, ConnectionTableModel::RateInColumn);
        QCOMPARE(cell.data().toString(), QStringLiteral("%1/s").arg(QLocale().toString(totals.messageRateIn, 'f', 1)));
        QVERIFY(!chartIn->points().isEmpty());
        QCOMPARE(chartIn->points().constLast().y(), totals.messageRateIn);
        // The field keeps its width while the numbers change theirs.
        QCOMPARE(rates->width(), widthBefore);
        ++checked;
    }
    QVERIFY(checked > 0);
    bursts.stop();
}

void TestMainWindow::stopAsksFirstWhileClientsAreConnected()
{
    Client first, second;
    startWithTwoClients(&first, &second);

    // Declined: the server runs on and every client stays connected.
    QString question;
    answerClosingQuestion(QStringLiteral("Cancel"), false, &question);
    m_window->stopAction()->trigger(); // returns once the question is answered
    QCOMPARE(question, QStringLiteral("2 clients will be closed with 1001 (going away)."));
    QVERIFY(m_window->isServerRunning());
    QVERIFY(waitForWindowSnapshotAfterNow());
    QCOMPARE(m_windowSaw.totals.clientsConnected, 2);
    QVERIFY(!first.disconnected);
    QVERIFY(!second.disconnected);

    // Accepted: stopped, every client closed with 1001.
    question.clear();
    answerClosingQuestion(QStringLiteral("Stop"), false, &question);
    m_window->stopAction()->trigger();
    QVERIFY(!question.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(first.disconnected && second.disconnected, WaitMs);
    QCOMPARE(int(first.socket.closeCode()), 1001);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->startAction()->isEnabled(), WaitMs);
}

void TestMainWindow::closingAsksFirstAndCanBeToldNotTo()
{
    Client first, second;
    startWithTwoClients(&first, &second);

    QString question;
    answerClosingQuestion(QStringLiteral("Cancel"), false, &question);
    QVERIFY(!m_window->close());
    QCOMPARE(question, QStringLiteral("2 clients will be closed with 1001 (going away)."));
    QVERIFY(m_window->isVisible());
    QVERIFY(m_window->isServerRunning());
    QVERIFY(waitForWindowSnapshotAfterNow());
    QCOMPARE(m_windowSaw.totals.clientsConnected, 2);
    QVERIFY(!first.disconnected && !second.disconnected);

    // "Don't ask again", and Quit: the server stops in order, the window closes, and the answer is kept.
    answerClosingQuestion(QStringLiteral("Quit"), true, &question);
    m_window->close();
    QTRY_VERIFY_WITH_TIMEOUT(first.disconnected && second.disconnected, WaitMs);
    QCOMPARE(int(second.socket.closeCode()), 1001);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), WaitMs);
    QCOMPARE(m_settings->value(QStringLiteral("console/askBeforeClosingClients")).toString(), QStringLiteral("false"));
    QVERIFY(!loadConsoleSettings(*m_settings).askBeforeClosingClients);
}

void TestMainWindow::clearLogAsksFirst()
{
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    Client client;
    QVERIFY(client.open(url));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->eventLogModel()->rowCount() > 0, WaitMs);
    const int events = m_window->eventLogModel()->rowCount();

    const auto answer = [](const QString &button) {
        return [button](QMessageBox *box) {
            for (QAbstractButton *candidate : box->buttons()) {
                if (candidate->text() == button)
                    QTest::mouseClick(candidate, Qt::LeftButton);
            }
        };
    };
    whenDialogOpens<QMessageBox>(answer(QStringLiteral("Cancel")));
    m_window->clearLogAction()->trigger();
    QCOMPARE(m_window->eventLogModel()->rowCount(), events);

    whenDialogOpens<QMessageBox>(answer(QStringLiteral("Clear")));
    m_window->clearLogAction()->trigger();
    QCOMPARE(m_window->eventLogModel()->rowCount(), 0);
}

void TestMainWindow::exportHonoursTheReasonFilter()
{
    // Regression: the export wrote the whole log, whatever reason the log was narrowed to.
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    Client leaving, staying;
    QVERIFY(leaving.open(url));
    QVERIFY(staying.open(url));
    const quint64 leavingId = m_server->sessionIdForPort(leaving.localPort());
    leaving.socket.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    QTRY_VERIFY_WITH_TIMEOUT(loggedEvent(EventKind::Closed, leavingId).has_value(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->eventLogModel()->rowCount(), 3, WaitMs);

    // "Client closed" in the reason filter, by keyboard as a person would.
    auto *reasons = m_window->findChild<QComboBox *>(QStringLiteral("reasonFilter"));
    QVERIFY(reasons);
    reasons->setFocus(Qt::TabFocusReason);
    for (int i = 0; i < reasons->count() && reasons->currentData().toInt() != int(EndReason::ClientClosed); ++i)
        QTest::keyClick(reasons, Qt::Key_Down);
    QCOMPARE(reasons->currentData().toInt(), int(EndReason::ClientClosed));

    auto *exporter = m_window->findChild<CsvExporter *>();
    QSignalSpy finished(exporter, &CsvExporter::finished);
    const QString fileName = m_dir->filePath(QStringLiteral("closed.csv"));
    QVERIFY(m_window->exportEventsTo(fileName));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, WaitMs);
    QFile file(fileName);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(file.readAll(), &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 2); // the header and the one close
    const int event = int(CsvWriter::eventHeader().indexOf(QStringLiteral("event")));
    const int session = int(CsvWriter::eventHeader().indexOf(QStringLiteral("session_id")));
    QCOMPARE(rows.at(1).at(event), QStringLiteral("closed"));
    QCOMPARE(rows.at(1).at(session), QString::number(leavingId));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
