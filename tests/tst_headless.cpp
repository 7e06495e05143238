// End to end: the real wsmonitor binary in a child process, run the way a script or an operator
// runs it, with real QWebSocket clients on 127.0.0.1.

#include "testsupport.h"

#include "csvwriter.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocketProtocol>

#include <csignal>
#include <sys/types.h>

using namespace wsm;
using namespace wsm::test;

namespace {

// The wsmonitor child process; what it writes is collected as it arrives.
class Monitor : public QObject
{
public:
    Monitor()
    {
        connect(&process, &QProcess::readyReadStandardOutput, this,
                [this] { out += process.readAllStandardOutput(); });
        connect(&process, &QProcess::readyReadStandardError, this,
                [this] { err += process.readAllStandardError(); });
    }

    ~Monitor() override { kill(); }

    QTemporaryDir configHome;

    // Without a display unless asked for one: main() opens the console wherever a window can open.
    bool start(const QStringList &arguments, bool withDisplay = false)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
        environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
        if (withDisplay)
            environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        // The console keeps its settings; never in the settings of whoever runs the tests.
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome.path());
        process.setProcessEnvironment(environment);
        process.setProgram(QString::fromUtf8(WSMONITOR_BIN));
        process.setArguments(arguments);
        process.start();
        return process.waitForStarted(WaitMs);
    }

    // The URL of the one "listening on URL" line, or an empty URL if the process wrote something
    // else first, ended, or said nothing in time.
    QUrl waitForListening()
    {
        if (!QTest::qWaitFor([this] { return out.contains('\n') || process.state() == QProcess::NotRunning; },
                             WaitMs)) {
            return {};
        }
        static const QRegularExpression line(QStringLiteral("^listening on (ws://\\S+)\n"));
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(out));
        if (!match.hasMatch())
            return {};
        return QUrl(match.captured(1));
    }

    // Waits for the process to end on its own; everything it wrote is in out and err afterwards.
    bool finish()
    {
        const bool ended = process.state() == QProcess::NotRunning || process.waitForFinished(WaitMs);
        out += process.readAllStandardOutput();
        err += process.readAllStandardError();
        return ended;
    }

    bool sendSignal(int signalNumber)
    {
        const qint64 pid = process.processId();
        return pid > 0 && ::kill(pid_t(pid), signalNumber) == 0;
    }

    void kill()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(WaitMs);
        }
    }

    QString errText() const { return QString::fromUtf8(err); }

    QProcess process;
    QByteArray out;
    QByteArray err;
};

const QStringList listenAnyPort{QStringLiteral("--headless"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};

int count(const QList<QStringList> &rows, int column, const QString &value)
{
    int n = 0;
    for (const QStringList &row : rows) {
        if (row.value(column) == value)
            ++n;
    }
    return n;
}

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void signalStopsInOrder_data();
    void signalStopsInOrder();
    void pathAndModeAreServed();
    void badValueExits2AndNamesTheRange_data();
    void badValueExits2AndNamesTheRange();
    void helpListsTheOptions();
    void versionPrintsTheVersion();
    void portInUseExits1AndNamesTheAddress();
    void csvLogThatCannotBeOpenedExits1();
    void csvLogIsCompleteAfterCleanShutdown();
    void quietLeavesOutTheConnectionLines();
    void withoutADisplayItServesHeadless();
    void consoleWithStartPrintsTheListeningLine();
    void consoleWithStartThatCannotListenSaysSoOnStderr();
    void adminChannelLineAndAttach();
    void adminChannelWithoutTokenSaysLoopbackOnly();

private:
    std::unique_ptr<Monitor> m_monitor;
};

void TestHeadless::init()
{
    m_monitor = std::make_unique<Monitor>();
}

void TestHeadless::cleanup()
{
    // A failed test may leave the server running: it must not outlive the suite.
    m_monitor->kill();
    QCOMPARE(m_monitor->process.state(), QProcess::NotRunning);
    m_monitor.reset();
}

void TestHeadless::signalStopsInOrder_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM (service manager)") << int(SIGTERM);
    QTest::newRow("SIGINT (Ctrl+C)") << int(SIGINT);
}

void TestHeadless::signalStopsInOrder()
{
    QFETCH(int, signalNumber);
    QVERIFY(m_monitor->start(listenAnyPort));
    const QUrl url = m_monitor->waitForListening();
    QVERIFY2(url.isValid() && !url.isEmpty(), m_monitor->out.constData());
    QCOMPARE(url.scheme(), QStringLiteral("ws"));
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
    QVERIFY(url.port() > 0);
    QCOMPARE(url.path(), QStringLiteral("/"));

    Client client;
    QVERIFY(client.open(url));
    client.socket.sendTextMessage(QStringLiteral("ping"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts, QStringList{QStringLiteral("ping")}, WaitMs);
    const QString peer = QStringLiteral("127.0.0.1:%1").arg(client.localPort()); // 0 once disconnected

    QVERIFY(m_monitor->sendSignal(signalNumber));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);

    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor->process.exitCode(), 0);
    // stdout is for scripts: the listening line and nothing else.
    QCOMPARE(m_monitor->out, QByteArray("listening on ws://127.0.0.1:" + QByteArray::number(url.port()) + "/\n"));
    // stderr is for people: the stop, and one line per connection event, the last one included.
    const QString err = m_monitor->errText();
    QVERIFY2(err.contains(QStringLiteral("stopping (closing clients with 1001")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral(" connected #")) && err.contains(peer + QStringLiteral(" /")), qPrintable(err));
    QVERIFY2(err.contains(peer + QStringLiteral(" by server: server_shutdown (1001")), qPrintable(err));
}

void TestHeadless::pathAndModeAreServed()
{
    QVERIFY(m_monitor->start(listenAnyPort
                             + QStringList{QStringLiteral("--path"), QStringLiteral("/ws"), QStringLiteral("--mode"),
                                           QStringLiteral("broadcast")}));
    const QUrl url = m_monitor->waitForListening();
    QVERIFY2(url.isValid() && !url.isEmpty(), m_monitor->out.constData());
    QCOMPARE(m_monitor->out, QByteArray("listening on ws://127.0.0.1:" + QByteArray::number(url.port()) + "/ws\n"));

    // The path is served, and only that path.
    RawClient wrongPath;
    QVERIFY(wrongPath.connectTo(quint16(url.port())));
    wrongPath.socket.write(upgradeRequest("/"));
    QTRY_COMPARE_WITH_TIMEOUT(wrongPath.httpStatus(), 404, WaitMs);

    Client sender, receiver;
    QVERIFY(sender.open(url));
    QVERIFY(receiver.open(url));
    sender.socket.sendTextMessage(QStringLiteral("to all"));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.texts, QStringList{QStringLiteral("to all")}, WaitMs);
    // Broadcast, not echo: the sender got nothing back. A message the other way proves the server
    // is past the first one.
    receiver.socket.sendTextMessage(QStringLiteral("marker"));
    QTRY_VERIFY_WITH_TIMEOUT(sender.texts.contains(QStringLiteral("marker")), WaitMs);
    QCOMPARE(sender.texts, QStringList{QStringLiteral("marker")});
    QCOMPARE(receiver.texts, QStringList{QStringLiteral("to all")});

    QVERIFY(m_monitor->sendSignal(SIGTERM));
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitCode(), 0);
}

void TestHeadless::badValueExits2AndNamesTheRange_data()
{
    // Every row also asks for a valid server on a free port: if a bad value slipped through, the
    // process would start listening instead of exiting 2.
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expected"); // parts of the stderr text

    QTest::newRow("--max-connections 0 (below 1)")
        << QStringList{QStringLiteral("--max-connections"), QStringLiteral("0")}
        << QStringList{QStringLiteral("--max-connections"), QStringLiteral("between 1 and 1000000 connections"),
                       QStringLiteral("got 0")};
    QTest::newRow("--heartbeat-interval -1 (negative)")
        << QStringList{QStringLiteral("--heartbeat-interval"), QStringLiteral("-1")}
        << QStringList{QStringLiteral("--heartbeat-interval"), QStringLiteral("between 0 and 3600 seconds"),
                       QStringLiteral("got -1")};
    QTest::newRow("--max-message-bytes 124 (below a control frame)")
        << QStringList{QStringLiteral("--max-message-bytes"), QStringLiteral("124")}
        << QStringList{QStringLiteral("--max-message-bytes"), QStringLiteral("between 125 and 1073741824 bytes")};
    QTest::newRow("--flapping-threshold 1001 (above 1000)")
        << QStringList{QStringLiteral("--flapping-threshold"), QStringLiteral("1001")}
        << QStringList{QStringLiteral("--flapping-threshold"),
                       QStringLiteral("between 0 and 1000 connections per minute"), QStringLiteral("got 1001")};
    QTest::newRow("--rate-limit abc (not a number)")
        << QStringList{QStringLiteral("--rate-limit"), QStringLiteral("abc")}
        << QStringList{QStringLiteral("--rate-limit"), QStringLiteral("whole number between 0 and 1000000"),
                       QStringLiteral("'abc'")};
    QTest::newRow("--mode shout (unknown mode)")
        << QStringList{QStringLiteral("--mode"), QStringLiteral("shout")}
        << QStringList{QStringLiteral("--mode"), QStringLiteral("echo, broadcast or sink"), QStringLiteral("'shout'")};
    QTest::newRow("--listen 127.0.0.1:70000 (port above 65535)")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:70000")}
        << QStringList{QStringLiteral("--listen"), QStringLiteral("port 0-65535"), QStringLiteral("'127.0.0.1:70000'")};
    QTest::newRow("--listen nohost (no port)")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("nohost")}
        << QStringList{QStringLiteral("--listen"), QStringLiteral("ADDR:PORT"), QStringLiteral("'nohost'")};
    QTest::newRow("--listen without a value")
        << QStringList{QStringLiteral("--listen")}
        << QStringList{QStringLiteral("Missing value"), QStringLiteral("--listen")};
    QTest::newRow("--path without a leading slash")
        << QStringList{QStringLiteral("--path"), QStringLiteral("ws")}
        << QStringList{QStringLiteral("--path must start with '/'"), QStringLiteral("'ws'")};
    QTest::newRow("--heartbeat-timeout not above the interval")
        << QStringList{QStringLiteral("--heartbeat-interval"), QStringLiteral("5"), QStringLiteral("--heartbeat-timeout"),
                       QStringLiteral("5")}
        << QStringList{QStringLiteral("--heartbeat-timeout (5 seconds) must be greater than --heartbeat-interval (5 seconds)")};
    QTest::newRow("unknown option --bogus")
        << QStringList{QStringLiteral("--bogus")} << QStringList{QStringLiteral("Unknown option '--bogus'")};
    QTest::newRow("positional argument")
        << QStringList{QStringLiteral("extra")} << QStringList{QStringLiteral("Unexpected argument 'extra'")};
}

void TestHeadless::badValueExits2AndNamesTheRange()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expected);
    QVERIFY(m_monitor->start(listenAnyPort + arguments));
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor->process.exitCode(), 2);
    const QString err = m_monitor->errText();
    for (const QString &part : expected)
        QVERIFY2(err.contains(part), qPrintable(QStringLiteral("'%1' not in: %2").arg(part, err)));
    QVERIFY2(err.contains(QStringLiteral("wsmonitor --help")), qPrintable(err));
    // No server: nothing on stdout, in particular no listening line.
    QCOMPARE(m_monitor->out, QByteArray());
}

void TestHeadless::helpListsTheOptions()
{
    QVERIFY(m_monitor->start({QStringLiteral("--help")}));
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor->process.exitCode(), 0);
    const QString help = QString::fromUtf8(m_monitor->out);
    // The usage line names the command people type, not the path the test ran.
    QVERIFY2(help.startsWith(QStringLiteral("Usage: wsmonitor [options]")), qPrintable(help));
    const QStringList options{
        QStringLiteral("--headless"),         QStringLiteral("--quiet"),           QStringLiteral("--listen"),
        QStringLiteral("--path"),             QStringLiteral("--mode"),            QStringLiteral("--max-connections"),
        QStringLiteral("--max-message-bytes"), QStringLiteral("--rate-limit"),     QStringLiteral("--heartbeat-interval"),
        QStringLiteral("--heartbeat-timeout"), QStringLiteral("--drain-timeout"),  QStringLiteral("--log-csv"),
        QStringLiteral("--version"),
    };
    for (const QString &option : options)
        QVERIFY2(help.contains(option), qPrintable(option));
    // The ranges come from the same table as the checks.
    QVERIFY2(help.contains(QStringLiteral("1 to 1000000 connections")), qPrintable(help));
    QVERIFY2(help.contains(QStringLiteral("--flapping-threshold")), qPrintable(help));
    QCOMPARE(m_monitor->err, QByteArray());
}

void TestHeadless::versionPrintsTheVersion()
{
    QVERIFY(m_monitor->start({QStringLiteral("--version")}));
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor->process.exitCode(), 0);
    QCOMPARE(m_monitor->out, QByteArray("wsmonitor " WSM_VERSION "\n"));
    QVERIFY(QRegularExpression(QStringLiteral("^wsmonitor [0-9]+\\.[0-9]+\\.[0-9]+\n$"))
                .match(QString::fromUtf8(m_monitor->out))
                .hasMatch());
}

void TestHeadless::portInUseExits1AndNamesTheAddress()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(occupant.serverPort());

    QVERIFY(m_monitor->start({QStringLiteral("--headless"), QStringLiteral("--listen"), address}));
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor->process.exitCode(), 1);
    QVERIFY2(m_monitor->errText().contains(QStringLiteral("Cannot listen on ") + address), m_monitor->err.constData());
    QCOMPARE(m_monitor->out, QByteArray());
}

void TestHeadless::csvLogThatCannotBeOpenedExits1()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("missing/events.csv")); // no such directory
    QVERIFY(m_monitor->start(listenAnyPort + QStringList{QStringLiteral("--log-csv"), path}));
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor->process.exitCode(), 1);
    QVERIFY2(m_monitor->errText().contains(QStringLiteral("Cannot write the connection log ") + path),
             m_monitor->err.constData());
    QCOMPARE(m_monitor->out, QByteArray());
}

void TestHeadless::csvLogIsCompleteAfterCleanShutdown()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("events.csv"));
    QVERIFY(m_monitor->start(listenAnyPort + QStringList{QStringLiteral("--log-csv"), path}));
    const QUrl url = m_monitor->waitForListening();
    QVERIFY2(url.isValid() && !url.isEmpty(), m_monitor->err.constData());

    // One client comes and goes by itself; the other is still there when the signal comes.
    Client leaving;
    QVERIFY(leaving.open(url));
    const quint16 leavingPort = leaving.localPort();
    leaving.socket.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    QTRY_VERIFY_WITH_TIMEOUT(leaving.disconnected, WaitMs);
    // The server has recorded the close once its log line is out (the same batch as the CSV row).
    QTRY_VERIFY2_WITH_TIMEOUT(m_monitor->errText().contains(QStringLiteral(" closed #")), m_monitor->err.constData(),
                              WaitMs);

    Client staying;
    QVERIFY(staying.open(url));
    const quint16 stayingPort = staying.localPort();
    QVERIFY(m_monitor->sendSignal(SIGTERM));
    QTRY_VERIFY_WITH_TIMEOUT(staying.disconnected, WaitMs);
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitCode(), 0);

    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    const QByteArray data = file.readAll();
    QVERIFY2(data.startsWith(QByteArray(QByteArray("\xEF\xBB\xBF") + CsvWriter::formatRow(CsvWriter::eventHeader()))),
             data.left(200).constData());
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(data, &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 5); // header, two connected, two closed
    QCOMPARE(rows.first(), CsvWriter::eventHeader());

    const QStringList header = CsvWriter::eventHeader();
    const int event = header.indexOf(QStringLiteral("event"));
    const int peerPort = header.indexOf(QStringLiteral("peer_port"));
    const int endedBy = header.indexOf(QStringLiteral("ended_by"));
    const int closeCode = header.indexOf(QStringLiteral("close_code"));
    QCOMPARE(count(rows, event, QStringLiteral("connected")), 2);
    QCOMPARE(count(rows, event, QStringLiteral("closed")), 2);

    auto closedRow = [&](quint16 port) {
        for (const QStringList &row : rows) {
            if (row.value(event) == QLatin1String("closed") && row.value(peerPort) == QString::number(port))
                return row;
        }
        return QStringList();
    };
    const QStringList left = closedRow(leavingPort);
    QVERIFY2(!left.isEmpty(), data.constData());
    QCOMPARE(left.value(endedBy), QStringLiteral("client"));
    QCOMPARE(left.value(closeCode), QStringLiteral("1000"));
    // The row written during shutdown, after the signal, is there too.
    const QStringList stayed = closedRow(stayingPort);
    QVERIFY2(!stayed.isEmpty(), data.constData());
    QCOMPARE(stayed.value(endedBy), QStringLiteral("server"));
    QCOMPARE(stayed.value(closeCode), QStringLiteral("1001"));
}

void TestHeadless::quietLeavesOutTheConnectionLines()
{
    QVERIFY(m_monitor->start(listenAnyPort + QStringList{QStringLiteral("--quiet")}));
    const QUrl url = m_monitor->waitForListening();
    QVERIFY2(url.isValid() && !url.isEmpty(), m_monitor->err.constData());
    Client client;
    QVERIFY(client.open(url));
    client.socket.sendTextMessage(QStringLiteral("ping"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts, QStringList{QStringLiteral("ping")}, WaitMs);

    // The process writes its last events before it exits, so after the exit nothing more can come.
    QVERIFY(m_monitor->sendSignal(SIGTERM));
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitCode(), 0);
    const QString err = m_monitor->errText();
    QVERIFY2(err.contains(QStringLiteral("stopping")), qPrintable(err));
    QVERIFY2(!err.contains(QStringLiteral(" connected #")), qPrintable(err));
    QVERIFY2(!err.contains(QStringLiteral(" closed #")), qPrintable(err));
}

void TestHeadless::withoutADisplayItServesHeadless()
{
    // No --headless, but nowhere to open a window: main() says so on stderr and serves anyway.
    QVERIFY(m_monitor->start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}));
    const QUrl url = m_monitor->waitForListening();
    QVERIFY2(url.isValid() && !url.isEmpty(), m_monitor->err.constData());
    QVERIFY2(m_monitor->errText().contains(QStringLiteral("No display found")), m_monitor->err.constData());

    Client client;
    QVERIFY(client.open(url));
    client.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts, QStringList{QStringLiteral("still here")}, WaitMs);

    QVERIFY(m_monitor->sendSignal(SIGTERM));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor->process.exitCode(), 0);
}

// The console (on the offscreen platform) with --start listens at once and prints where, as
// headless mode does; SIGTERM closes the window, which stops the server in order.
void TestHeadless::consoleWithStartPrintsTheListeningLine()
{
    QVERIFY(m_monitor->start({QStringLiteral("--start"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                              QStringLiteral("--lang"), QStringLiteral("en")},
                             true));
    const QUrl url = m_monitor->waitForListening();
    QVERIFY2(url.isValid() && !url.isEmpty(), m_monitor->err.constData());
    QVERIFY2(!m_monitor->errText().contains(QStringLiteral("No display found")), m_monitor->err.constData());

    Client client;
    QVERIFY(client.open(url));
    client.socket.sendTextMessage(QStringLiteral("from the console"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts, QStringList{QStringLiteral("from the console")}, WaitMs);

    QVERIFY(m_monitor->sendSignal(SIGTERM));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor->process.exitCode(), 0);
}

void TestHeadless::consoleWithStartThatCannotListenSaysSoOnStderr()
{
    // Regression: the banner showed it, but a launcher or script reading stderr saw nothing.
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(occupant.serverPort());
    QVERIFY(m_monitor->start({QStringLiteral("--start"), QStringLiteral("--listen"), address, QStringLiteral("--lang"),
                              QStringLiteral("en")},
                             true));
    QTRY_VERIFY2_WITH_TIMEOUT(m_monitor->errText().contains(QStringLiteral("Cannot listen on ") + address),
                              m_monitor->err.constData(), WaitMs);
    QVERIFY(m_monitor->errText().contains(QStringLiteral("wsmonitor: ")));
    QCOMPARE(m_monitor->out, QByteArray()); // no listening line
    QVERIFY(m_monitor->sendSignal(SIGTERM));
    QVERIFY(m_monitor->finish());
    QCOMPARE(m_monitor->process.exitCode(), 0);
}

void TestHeadless::adminChannelLineAndAttach()
{
    QTemporaryDir directory;
    const QString tokenFile = directory.filePath(QStringLiteral("admin-token"));
    {
        QFile file(tokenFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("headless-admin-token\n");
    }
    QVERIFY(m_monitor->start(listenAnyPort + QStringList{QStringLiteral("--admin-listen"), QStringLiteral("127.0.0.1:0"),
                                                         QStringLiteral("--admin-token-file"), tokenFile,
                                                         QStringLiteral("--node-name"), QStringLiteral("edge-test")}));
    // Two stdout lines: the listening line, then the admin channel's, with its real port.
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->out.count('\n') >= 2 || m_monitor->process.state() == QProcess::NotRunning,
                             WaitMs);
    static const QRegularExpression lines(
        QStringLiteral("^listening on ws://127\\.0\\.0\\.1:\\d+/\nadmin listening on (ws://127\\.0\\.0\\.1:(\\d+)/)\n$"));
    const QRegularExpressionMatch match = lines.match(QString::fromUtf8(m_monitor->out));
    QVERIFY2(match.hasMatch(), m_monitor->out.constData());
    QVERIFY(match.captured(2).toInt() > 0);
    // Never a "no token" warning when a token file is given.
    QVERIFY2(!m_monitor->errText().contains(QStringLiteral("loopback")), qPrintable(m_monitor->errText()));

    QNetworkRequest request{QUrl(match.captured(1))};
    request.setRawHeader("Authorization", "Bearer headless-admin-token");
    Client admin;
    QVERIFY(admin.open(request));
    QTRY_COMPARE_WITH_TIMEOUT(admin.texts.size(), 1, WaitMs);
    QVERIFY2(admin.texts.first().contains(QStringLiteral("\"type\":\"hello\"")), qPrintable(admin.texts.first()));
    QVERIFY2(admin.texts.first().contains(QStringLiteral("\"name\":\"edge-test\"")), qPrintable(admin.texts.first()));
    // The headless node snapshots its rows for the admin channel: a client of the node shows up.
    Client client;
    QVERIFY(client.open(QUrl(QString::fromUtf8(m_monitor->out).section(QLatin1Char(' '), 2, 2).section(QLatin1Char('\n'), 0, 0))));
    admin.socket.sendTextMessage(QStringLiteral("{\"type\":\"subscribe\",\"snapshots\":true}"));
    const QString port = QStringLiteral("\"peerPort\":%1").arg(client.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(admin.texts.cbegin(), admin.texts.cend(),
                                         [&](const QString &text) { return text.contains(port); }), WaitMs);
}

void TestHeadless::adminChannelWithoutTokenSaysLoopbackOnly()
{
    QVERIFY(m_monitor->start(listenAnyPort + QStringList{QStringLiteral("--admin-listen"), QStringLiteral("127.0.0.1:0")}));
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->out.count('\n') >= 2 || m_monitor->process.state() == QProcess::NotRunning,
                             WaitMs);
    QVERIFY2(m_monitor->out.contains("\nadmin listening on ws://127.0.0.1:"), m_monitor->out.constData());
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->errText().contains(QStringLiteral("loopback clients only")), WaitMs);
    QCOMPARE(m_monitor->errText().count(QStringLiteral("loopback")), 1);
}

QTEST_MAIN(TestHeadless)
#include "tst_headless.moc"
