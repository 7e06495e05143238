#include "commandline.h"

#include <QHostInfo>
#include <QTest>

using namespace wsm;

namespace {

CommandLine parse(const QStringList &args)
{
    return parseCommandLine(QStringList{QStringLiteral("wsmonitor")} + args);
}

// One field of the result as text, so one data-driven test covers every option.
QString field(const CommandLine &cl, const QString &name)
{
    const ServerConfig &c = cl.config;
    if (name == QLatin1String("headless")) return cl.headless ? QStringLiteral("true") : QStringLiteral("false");
    if (name == QLatin1String("quiet")) return cl.quiet ? QStringLiteral("true") : QStringLiteral("false");
    if (name == QLatin1String("listen")) return c.listenAddress.toString() + QLatin1Char(' ') + QString::number(c.port);
    if (name == QLatin1String("path")) return c.path;
    if (name == QLatin1String("ssePath")) return c.ssePath;
    if (name == QLatin1String("sseRetryMs")) return QString::number(c.sseRetryMs);
    if (name == QLatin1String("sseReplayEvents")) return QString::number(c.sseReplayEvents);
    if (name == QLatin1String("mode")) return ServerConfig::modeId(c.mode);
    if (name == QLatin1String("maxConnections")) return QString::number(c.maxConnections);
    if (name == QLatin1String("maxMessageBytes")) return QString::number(c.maxMessageBytes);
    if (name == QLatin1String("rateLimit")) return QString::number(c.rateLimit);
    if (name == QLatin1String("maxSendQueueBytes")) return QString::number(c.maxSendQueueBytes);
    if (name == QLatin1String("heartbeatIntervalMs")) return QString::number(c.heartbeatIntervalMs);
    if (name == QLatin1String("heartbeatTimeoutMs")) return QString::number(c.heartbeatTimeoutMs);
    if (name == QLatin1String("handshakeTimeoutMs")) return QString::number(c.handshakeTimeoutMs);
    if (name == QLatin1String("drainTimeoutMs")) return QString::number(c.drainTimeoutMs);
    if (name == QLatin1String("eventLogCapacity")) return QString::number(c.eventLogCapacity);
    if (name == QLatin1String("messageHistory")) return QString::number(c.messageHistory);
    if (name == QLatin1String("allowedOrigins")) return c.allowedOrigins.join(QLatin1Char('|'));
    if (name == QLatin1String("token")) return c.token;
    if (name == QLatin1String("tokenFile")) return c.tokenFile;
    if (name == QLatin1String("maxInboundBufferBytes")) return QString::number(c.maxInboundBufferBytes);
    if (name == QLatin1String("maxOutboundBufferBytes")) return QString::number(c.maxOutboundBufferBytes);
    if (name == QLatin1String("minReceiveRate")) return QString::number(c.minReceiveRate);
    if (name == QLatin1String("flappingThreshold")) return QString::number(c.flappingThreshold);
    if (name == QLatin1String("logCsvPath")) return c.logCsvPath;
    if (name == QLatin1String("tlsCertificatePath")) return c.tlsCertificatePath;
    if (name == QLatin1String("tlsKeyPath")) return c.tlsKeyPath;
    const AdminConfig &a = cl.admin;
    if (name == QLatin1String("adminEnabled")) return a.enabled ? QStringLiteral("true") : QStringLiteral("false");
    if (name == QLatin1String("adminListen")) return a.listenAddress.toString() + QLatin1Char(' ') + QString::number(a.port);
    if (name == QLatin1String("adminFullToken")) return a.fullToken;
    if (name == QLatin1String("adminReadOnlyToken")) return a.readOnlyToken;
    if (name == QLatin1String("adminTls")) return a.tlsCertificatePath + QLatin1Char(' ') + a.tlsKeyPath;
    if (name == QLatin1String("nodeName")) return a.nodeName;
    const ClusterConfig &k = c.cluster;
    if (name == QLatin1String("cluster"))
        return k.redisHost + QLatin1Char(' ') + QString::number(k.redisPort) + QLatin1Char(' ') + QString::number(k.redisDatabase);
    if (name == QLatin1String("clusterPassword")) return k.password;
    if (name == QLatin1String("clusterNodeName")) return k.nodeName;
    return QStringLiteral("<unknown field %1>").arg(name);
}

// The admin rows name their token files %FULL%, %WATCH% and %EMPTY%: files made by the test.
QStringList withTokenFiles(QStringList args, const QString &directory)
{
    for (QString &arg : args) {
        arg.replace(QLatin1String("%FULL%"), directory + QLatin1String("/full"));
        arg.replace(QLatin1String("%WATCH%"), directory + QLatin1String("/watch"));
        arg.replace(QLatin1String("%EMPTY%"), directory + QLatin1String("/empty"));
    }
    return args;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QStringList words(const char *text)
{
    return QString::fromUtf8(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

class tst_CommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void optionIntoConfig_data();
    void optionIntoConfig();
    void listenForms_data();
    void listenForms();
    void badListen_data();
    void badListen();
    void badNumbers_data();
    void badNumbers();
    void badMode();
    void unknownOptionNamed_data();
    void unknownOptionNamed();
    void extraArgumentNamed();
    void missingValue();
    void validateRulesReported_data();
    void validateRulesReported();
    void severalErrorsReported();
    void help_data();
    void help();
    void helpShowsRangesAndDefaults();
    void version_data();
    void version();
    void repeatedAllowedOrigin();
    void connectOptions_data();
    void connectOptions();
    void badConnectOptions_data();
    void badConnectOptions();
    void consoleOptions_data();
    void consoleOptions();
    void badLanguage();
    void eventDispatcherChoice_data();
    void eventDispatcherChoice();
    void givenOptionsOverrideSavedSettings();
    void adminOptions_data();
    void adminOptions();
    void adminErrors_data();
    void adminErrors();
    void adminOffByDefault();
    void helpListsAdminOptions();
    void clusterOptions_data();
    void clusterOptions();
    void clusterErrors_data();
    void clusterErrors();
    void clusterOffByDefault();
    void clusterNodeNameDefault();
    void helpListsClusterOptions();
};

void tst_CommandLine::defaults()
{
    const CommandLine cl = parse({});
    QCOMPARE(cl.outcome, CommandLine::Outcome::Run);
    QCOMPARE(cl.errorText, QString());
    QVERIFY(!cl.headless);
    QVERIFY(!cl.quiet);
    const ServerConfig defaults;
    QCOMPARE(cl.config.listenAddress, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(cl.config.port, quint16(8080));
    QCOMPARE(cl.config.path, defaults.path);
    QCOMPARE(cl.config.mode, defaults.mode);
    QCOMPARE(cl.config.maxConnections, defaults.maxConnections);
    QCOMPARE(cl.config.maxMessageBytes, defaults.maxMessageBytes);
    QCOMPARE(cl.config.rateLimit, defaults.rateLimit);
    QCOMPARE(cl.config.maxSendQueueBytes, defaults.maxSendQueueBytes);
    QCOMPARE(cl.config.heartbeatIntervalMs, defaults.heartbeatIntervalMs);
    QCOMPARE(cl.config.heartbeatTimeoutMs, defaults.heartbeatTimeoutMs);
    QCOMPARE(cl.config.handshakeTimeoutMs, defaults.handshakeTimeoutMs);
    QCOMPARE(cl.config.drainTimeoutMs, defaults.drainTimeoutMs);
    QCOMPARE(cl.config.eventLogCapacity, defaults.eventLogCapacity);
    QVERIFY(cl.config.allowedOrigins.isEmpty());
    QVERIFY(cl.config.token.isEmpty());
    QVERIFY(cl.config.logCsvPath.isEmpty());
}

void tst_CommandLine::optionIntoConfig_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");

    QTest::newRow("--headless") << words("--headless") << "headless" << "true";
    QTest::newRow("-headless, one dash") << words("-headless") << "headless" << "true";
    QTest::newRow("--quiet") << words("--headless --quiet") << "quiet" << "true";
    QTest::newRow("--listen") << words("--listen 0.0.0.0:9000") << "listen" << "0.0.0.0 9000";
    QTest::newRow("--listen=") << words("--listen=10.1.2.3:81") << "listen" << "10.1.2.3 81";
    QTest::newRow("--path") << words("--path /stream") << "path" << "/stream";
    QTest::newRow("--sse-path") << words("--sse-path /feed") << "ssePath" << "/feed";
    QTest::newRow("--sse-path empty turns it off") << QStringList{QStringLiteral("--sse-path=")} << "ssePath" << "";
    QTest::newRow("--sse-retry") << words("--sse-retry 0.5") << "sseRetryMs" << "500";
    QTest::newRow("--sse-replay") << words("--sse-replay 0") << "sseReplayEvents" << "0";
    QTest::newRow("--mode broadcast") << words("--mode broadcast") << "mode" << "broadcast";
    QTest::newRow("--mode SINK") << words("--mode SINK") << "mode" << "sink";
    QTest::newRow("--max-connections") << words("--max-connections 500") << "maxConnections" << "500";
    QTest::newRow("--max-message-bytes") << words("--max-message-bytes 65536") << "maxMessageBytes" << "65536";
    QTest::newRow("--max-message-bytes at maximum")
        << words("--max-message-bytes 1073741824") << "maxMessageBytes" << "1073741824";
    QTest::newRow("--rate-limit") << words("--rate-limit 50") << "rateLimit" << "50";
    QTest::newRow("--rate-limit 0") << words("--rate-limit 0") << "rateLimit" << "0";
    QTest::newRow("--max-send-queue-bytes") << words("--max-send-queue-bytes 2048") << "maxSendQueueBytes" << "2048";
    QTest::newRow("--heartbeat-interval fraction")
        << words("--heartbeat-interval 2.5") << "heartbeatIntervalMs" << "2500";
    QTest::newRow("--heartbeat-interval 0") << words("--heartbeat-interval 0") << "heartbeatIntervalMs" << "0";
    QTest::newRow("--heartbeat-timeout") << words("--heartbeat-timeout 45") << "heartbeatTimeoutMs" << "45000";
    QTest::newRow("--heartbeat-timeout 0.5, heartbeats off")
        << words("--heartbeat-interval 0 --heartbeat-timeout 0.5") << "heartbeatTimeoutMs" << "500";
    QTest::newRow("--handshake-timeout") << words("--handshake-timeout 0.1") << "handshakeTimeoutMs" << "100";
    QTest::newRow("--drain-timeout") << words("--drain-timeout 12") << "drainTimeoutMs" << "12000";
    QTest::newRow("--event-log-capacity") << words("--event-log-capacity 100") << "eventLogCapacity" << "100";
    QTest::newRow("--message-history 0") << words("--message-history 0") << "messageHistory" << "0";
    QTest::newRow("--allowed-origin") << words("--allowed-origin https://example.com") << "allowedOrigins"
                                      << "https://example.com";
    QTest::newRow("--token") << words("--token abc123") << "token" << "abc123";
    QTest::newRow("--token-file") << words("--token-file /etc/wsmonitor/token") << "tokenFile" << "/etc/wsmonitor/token";
    QTest::newRow("--max-inbound-buffer-bytes") << words("--max-inbound-buffer-bytes 1048576") << "maxInboundBufferBytes"
                                                << "1048576";
    QTest::newRow("--max-outbound-buffer-bytes") << words("--max-outbound-buffer-bytes 2097152")
                                                 << "maxOutboundBufferBytes" << "2097152";
    QTest::newRow("--min-receive-rate 0") << words("--min-receive-rate 0") << "minReceiveRate" << "0";
    QTest::newRow("--flapping-threshold 0") << words("--flapping-threshold 0") << "flappingThreshold" << "0";
    QTest::newRow("--flapping-threshold 30") << words("--flapping-threshold 30") << "flappingThreshold" << "30";
    QTest::newRow("--log-csv") << words("--log-csv /tmp/events.csv") << "logCsvPath" << "/tmp/events.csv";
    QTest::newRow("--tls-cert") << words("--tls-cert /srv/cert.pem --tls-key /srv/key.pem") << "tlsCertificatePath"
                                << "/srv/cert.pem";
    QTest::newRow("--tls-key") << words("--tls-key /srv/key.pem --tls-cert /srv/cert.pem") << "tlsKeyPath"
                               << "/srv/key.pem";
    QTest::newRow("last of a repeated option wins") << words("--rate-limit 5 --rate-limit 7") << "rateLimit" << "7";
}

void tst_CommandLine::optionIntoConfig()
{
    QFETCH(QStringList, args);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    const CommandLine cl = parse(args);
    QVERIFY2(cl.outcome == CommandLine::Outcome::Run, qPrintable(cl.errorText));
    QCOMPARE(::field(cl, field), expected);
}

void tst_CommandLine::listenForms_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QHostAddress>("address");
    QTest::addColumn<int>("port");

    QTest::newRow("IPv4 any") << "0.0.0.0:9000" << QHostAddress(QHostAddress::AnyIPv4) << 9000;
    QTest::newRow("IPv4 loopback") << "127.0.0.1:8080" << QHostAddress(QHostAddress::LocalHost) << 8080;
    QTest::newRow("IPv6 loopback") << "[::1]:8080" << QHostAddress(QHostAddress::LocalHostIPv6) << 8080;
    QTest::newRow("IPv6 any") << "[::]:65535" << QHostAddress(QHostAddress::AnyIPv6) << 65535;
    QTest::newRow("localhost is IPv4 loopback") << "localhost:8080" << QHostAddress(QHostAddress::LocalHost) << 8080;
    QTest::newRow("LOCALHOST any case") << "LOCALHOST:1" << QHostAddress(QHostAddress::LocalHost) << 1;
    QTest::newRow("port 0 picks a free port") << "127.0.0.1:0" << QHostAddress(QHostAddress::LocalHost) << 0;
}

void tst_CommandLine::listenForms()
{
    QFETCH(QString, value);
    QFETCH(QHostAddress, address);
    QFETCH(int, port);
    const CommandLine cl = parse({QStringLiteral("--listen"), value});
    QVERIFY2(cl.outcome == CommandLine::Outcome::Run, qPrintable(cl.errorText));
    QCOMPARE(cl.config.listenAddress, address);
    QCOMPARE(int(cl.config.port), port);
}

void tst_CommandLine::badListen_data()
{
    QTest::addColumn<QString>("value");

    QTest::newRow("no port") << "127.0.0.1";
    QTest::newRow("port too big") << "127.0.0.1:70000";
    QTest::newRow("name that is not localhost") << "abc:1";
    QTest::newRow("unclosed bracket") << "[::1";
    QTest::newRow("unclosed bracket with port") << "[::1:8080";
    QTest::newRow("empty") << "";
    QTest::newRow("IPv6 without brackets") << "::1:8080";
    QTest::newRow("IPv4 in brackets") << "[127.0.0.1]:80";
    QTest::newRow("short IPv4") << "127.1:80";
    QTest::newRow("no address") << ":8080";
    QTest::newRow("empty port") << "127.0.0.1:";
    QTest::newRow("negative port") << "127.0.0.1:-1";
    QTest::newRow("octet too big") << "256.0.0.1:80";
}

void tst_CommandLine::badListen()
{
    QFETCH(QString, value);
    const CommandLine cl = parse({QStringLiteral("--listen"), value});
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    const QString expected = QStringLiteral("--listen takes ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080; "
                                            "port 0-65535; got '%1'.").arg(value);
    QCOMPARE(cl.errorText, expected);
}

void tst_CommandLine::badNumbers_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("range");

    QTest::newRow("letters") << words("--max-connections abc") << "--max-connections" << "1 and 1000000 connections";
    QTest::newRow("negative") << words("--rate-limit -1") << "--rate-limit"
                              << "0 and 1000000 messages per second (0: no limit)";
    QTest::newRow("negative after =") << words("--drain-timeout=-1") << "--drain-timeout" << "0 and 600 seconds";
    QTest::newRow("fraction for an integer option") << words("--max-connections 1.5") << "--max-connections"
                                                    << "1 and 1000000 connections";
    QTest::newRow("exponent") << words("--max-message-bytes 1e3") << "--max-message-bytes"
                              << "125 and 1073741824 bytes";
    QTest::newRow("exponent for seconds") << words("--heartbeat-timeout 1e2") << "--heartbeat-timeout"
                                          << "0.1 and 86400 seconds";
    QTest::newRow("hex") << words("--event-log-capacity 0x100") << "--event-log-capacity"
                         << "100 and 1000000 events";
    QTest::newRow("leading plus") << words("--max-connections +5") << "--max-connections" << "1 and 1000000 connections";
    QTest::newRow("empty") << QStringList{QStringLiteral("--handshake-timeout="), } << "--handshake-timeout"
                           << "0.1 and 300 seconds";
    QTest::newRow("below minimum") << words("--max-connections 0") << "--max-connections" << "1 and 1000000 connections";
    QTest::newRow("above maximum") << words("--rate-limit 2000000") << "--rate-limit"
                                   << "0 and 1000000 messages per second (0: no limit)";
    QTest::newRow("seconds below minimum") << words("--handshake-timeout 0.05") << "--handshake-timeout"
                                           << "0.1 and 300 seconds";
    QTest::newRow("seconds above maximum") << words("--heartbeat-interval 3600.5") << "--heartbeat-interval"
                                           << "0 and 3600 seconds (0: no heartbeat)";
    QTest::newRow("huge digit string") << words("--max-send-queue-bytes 99999999999999999999999")
                                       << "--max-send-queue-bytes" << "1024 and 1073741824 bytes";
}

void tst_CommandLine::badNumbers()
{
    QFETCH(QStringList, args);
    QFETCH(QString, option);
    QFETCH(QString, range);
    const CommandLine cl = parse(args);
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QVERIFY2(cl.errorText.startsWith(option + QLatin1Char(' ')), qPrintable(cl.errorText));
    QVERIFY2(cl.errorText.contains(QLatin1String("between ") + range + QLatin1String("; got ")),
             qPrintable(cl.errorText));
}

void tst_CommandLine::badMode()
{
    const CommandLine cl = parse(words("--mode fanout"));
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QCOMPARE(cl.errorText, QStringLiteral("--mode takes echo, broadcast or sink; got 'fanout'."));
}

void tst_CommandLine::unknownOptionNamed_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("named");

    QTest::newRow("long") << words("--bogus") << "'--bogus'";
    QTest::newRow("long with value") << words("--port=80") << "'--port'";
    QTest::newRow("short") << words("-x") << "'-x'";
    QTest::newRow("one dash word, as typed") << words("-frob=1") << "'-frob'";
    QTest::newRow("among good ones") << words("--headless --frobnicate --quiet") << "'--frobnicate'";
}

void tst_CommandLine::unknownOptionNamed()
{
    QFETCH(QStringList, args);
    QFETCH(QString, named);
    const CommandLine cl = parse(args);
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QVERIFY2(cl.errorText.contains(QLatin1String("Unknown option ") + named), qPrintable(cl.errorText));
}

void tst_CommandLine::extraArgumentNamed()
{
    const CommandLine cl = parse(words("--headless stray"));
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QVERIFY2(cl.errorText.contains(QLatin1String("'stray'")), qPrintable(cl.errorText));
}

void tst_CommandLine::missingValue()
{
    const CommandLine cl = parse(words("--listen"));
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QVERIFY2(cl.errorText.contains(QLatin1String("--listen")), qPrintable(cl.errorText));
}

void tst_CommandLine::validateRulesReported_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("path without slash") << words("--path ws") << "--path";
    QTest::newRow("path with query") << words("--path /ws?x=1") << "--path";
    QTest::newRow("sse path without slash") << words("--sse-path events") << "--sse-path";
    QTest::newRow("sse path equal to the path") << words("--path /x --sse-path /x") << "--sse-path";
    QTest::newRow("sse path on /metrics") << words("--sse-path /metrics") << "--sse-path";
    QTest::newRow("timeout equal to interval") << words("--heartbeat-interval 30 --heartbeat-timeout 30")
                                               << "--heartbeat-timeout";
    QTest::newRow("timeout below default interval") << words("--heartbeat-timeout 5") << "--heartbeat-timeout";
    QTest::newRow("empty origin") << QStringList{QStringLiteral("--allowed-origin="), } << "--allowed-origin";
    QTest::newRow("token with a space") << QStringList{QStringLiteral("--token"), QStringLiteral("a b")} << "--token";
    QTest::newRow("token and token file") << words("--token a --token-file /tmp/t") << "--token-file";
    QTest::newRow("inbound ceiling below its range") << words("--max-inbound-buffer-bytes 1000")
                                                     << "--max-inbound-buffer-bytes must be between 1048576";
    QTest::newRow("receive rate not a number") << words("--min-receive-rate fast") << "--min-receive-rate";
}

void tst_CommandLine::validateRulesReported()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const CommandLine cl = parse(args);
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QVERIFY2(cl.errorText.contains(mentions), qPrintable(cl.errorText));
}

void tst_CommandLine::severalErrorsReported()
{
    // The operator fixes everything in one go, not one complaint per run.
    const CommandLine cl = parse(words("--rate-limit x --listen nope --path ws"));
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    const QStringList lines = cl.errorText.split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 3);
    QVERIFY(cl.errorText.contains(QLatin1String("--rate-limit ")));
    QVERIFY(cl.errorText.contains(QLatin1String("--listen ")));
    QVERIFY(cl.errorText.contains(QLatin1String("--path ")));
}

void tst_CommandLine::help_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("--help") << words("--help");
    QTest::newRow("-h") << words("-h");
    QTest::newRow("-?") << words("-?");
    QTest::newRow("help wins over other options") << words("--headless --rate-limit 5 --help");
}

void tst_CommandLine::help()
{
    QFETCH(QStringList, args);
    const CommandLine cl = parse(args);
    QCOMPARE(cl.outcome, CommandLine::Outcome::ShowHelp);
    QCOMPARE(cl.errorText, QString());
    QVERIFY(cl.helpText.contains(QLatin1String("wsmonitor")));

    QStringList expected{QStringLiteral("help"), QStringLiteral("version"), QStringLiteral("headless"),
                         QStringLiteral("quiet"), QStringLiteral("start"), QStringLiteral("lang"),
                         QStringLiteral("listen"), QStringLiteral("path"), QStringLiteral("sse-path"),
                         QStringLiteral("mode"), QStringLiteral("allowed-origin"), QStringLiteral("token"), QStringLiteral("token-file"),
                         QStringLiteral("log-csv"), QStringLiteral("event-dispatcher")};
    for (const NumericOption &option : numericOptions())
        expected.append(option.name);
    QCOMPARE(expected.size(), 31);
    for (const QString &name : std::as_const(expected)) {
        const QRegularExpression shown(QLatin1String("(^|[ ,])--") + QRegularExpression::escape(name) + QLatin1String("[ ,<]"),
                                       QRegularExpression::MultilineOption);
        QVERIFY2(shown.match(cl.helpText).hasMatch(), qPrintable(name));
    }
}

void tst_CommandLine::helpShowsRangesAndDefaults()
{
    const CommandLine cl = parse(words("--help"));
    QCOMPARE(cl.outcome, CommandLine::Outcome::ShowHelp);
    // Collapse Qt's line wrapping so each description reads as one line.
    QString flat = cl.helpText;
    flat.replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" "));
    QVERIFY2(flat.contains(QLatin1String("0 to 1000000 messages per second (0: no limit); default 0.")), qPrintable(flat));
    QVERIFY2(flat.contains(QLatin1String("0.1 to 86400 seconds, fractions allowed; default 30.")), qPrintable(flat));
    QVERIFY2(flat.contains(QLatin1String("125 to 1073741824 bytes; default 1048576.")), qPrintable(flat));
    QVERIFY2(flat.contains(QLatin1String("0 to 3600 seconds (0: no heartbeat), fractions allowed; default 10.")),
             qPrintable(flat));
    QVERIFY2(flat.contains(QLatin1String("127.0.0.1:8080")), qPrintable(flat));
}

void tst_CommandLine::version_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("--version") << words("--version");
    QTest::newRow("-v") << words("-v");
}

void tst_CommandLine::version()
{
    QFETCH(QStringList, args);
    const CommandLine cl = parse(args);
    QCOMPARE(cl.outcome, CommandLine::Outcome::ShowVersion);
    QCOMPARE(cl.helpText, QStringLiteral("wsmonitor " WSM_VERSION));
    QVERIFY(QRegularExpression(QStringLiteral("^wsmonitor [0-9]+\\.[0-9]+\\.[0-9]+$")).match(cl.helpText).hasMatch());
}

void tst_CommandLine::repeatedAllowedOrigin()
{
    const CommandLine cl = parse(words("--allowed-origin https://a.example --allowed-origin http://b.example:8080 "
                                       "--allowed-origin=null"));
    QVERIFY2(cl.outcome == CommandLine::Outcome::Run, qPrintable(cl.errorText));
    QCOMPARE(cl.config.allowedOrigins,
             (QStringList{QStringLiteral("https://a.example"), QStringLiteral("http://b.example:8080"),
                          QStringLiteral("null")}));
}

void tst_CommandLine::connectOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("urls");
    QTest::addColumn<QString>("tokenFile");

    QTest::newRow("none") << QStringList() << QStringList() << QString();
    QTest::newRow("one ws://") << words("--connect ws://node.example:9001/admin")
                               << QStringList{QStringLiteral("ws://node.example:9001/admin")} << QString();
    QTest::newRow("repeated, wss:// and =")
        << words("--connect ws://a.example:9001/ --connect=wss://b.example:9443/admin")
        << QStringList{QStringLiteral("ws://a.example:9001/"), QStringLiteral("wss://b.example:9443/admin")} << QString();
    QTest::newRow("with --admin-token-file")
        << words("--admin-token-file %FULL% --connect WS://node.example:9001")
        << QStringList{QStringLiteral("ws://node.example:9001")} << "%FULL%";
}

void tst_CommandLine::connectOptions()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, urls);
    QFETCH(QString, tokenFile);
    // The token file is read as the command line is parsed: it must be there.
    QTemporaryDir directory;
    QVERIFY(writeFile(directory.filePath(QStringLiteral("full")), "full-token\n"));

    const CommandLine cl = parse(withTokenFiles(args, directory.path()));
    QVERIFY2(cl.outcome == CommandLine::Outcome::Run, qPrintable(cl.errorText));
    QStringList parsed;
    for (const QUrl &url : cl.connectUrls)
        parsed.append(url.toString());
    QCOMPARE(parsed, urls);
    QCOMPARE(cl.adminTokenFile, withTokenFiles({tokenFile}, directory.path()).constFirst());
}

void tst_CommandLine::badConnectOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("quoted");

    QTest::newRow("http:// is not an admin URL") << words("--connect http://node.example:9001/") << "--connect"
                                                 << "http://node.example:9001/";
    QTest::newRow("no scheme") << words("--connect node.example:9001") << "--connect" << "node.example:9001";
    QTest::newRow("no host") << words("--connect ws:///admin") << "--connect" << "ws:///admin";
    QTest::newRow("token file without --connect") << words("--admin-token-file /tmp/t") << "--admin-token-file"
                                                  << "--connect";
    QTest::newRow("--connect is for the console") << words("--headless --connect ws://a.example:1/") << "--connect"
                                                  << "console";
}

void tst_CommandLine::badConnectOptions()
{
    QFETCH(QStringList, args);
    QFETCH(QString, option);
    QFETCH(QString, quoted);

    const CommandLine cl = parse(args);
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QVERIFY2(cl.errorText.contains(option) && cl.errorText.contains(quoted), qPrintable(cl.errorText));
}

void tst_CommandLine::consoleOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("startServer");
    QTest::addColumn<QString>("language");

    QTest::newRow("neither") << QStringList() << false << QString();
    QTest::newRow("--start") << words("--start") << true << QString();
    QTest::newRow("--lang zh_CN") << words("--lang zh_CN") << false << "zh_CN";
    QTest::newRow("--lang=en --start") << words("--lang=en --start") << true << "en";
}

void tst_CommandLine::consoleOptions()
{
    QFETCH(QStringList, args);
    QFETCH(bool, startServer);
    QFETCH(QString, language);

    const CommandLine cl = parse(args);
    QVERIFY2(cl.outcome == CommandLine::Outcome::Run, qPrintable(cl.errorText));
    QCOMPARE(cl.startServer, startServer);
    QCOMPARE(cl.language, language);
}

void tst_CommandLine::eventDispatcherChoice_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("kind");

    QTest::newRow("epoll") << words("--event-dispatcher epoll") << true << int(EventDispatcherKind::Epoll);
    QTest::newRow("qt") << words("--event-dispatcher qt") << true << int(EventDispatcherKind::Qt);
    QTest::newRow("unknown") << words("--event-dispatcher glib") << false << 0;
}

void tst_CommandLine::eventDispatcherChoice()
{
    QFETCH(QStringList, args);
    QFETCH(bool, valid);
    QFETCH(int, kind);

    const CommandLine cl = parse(args);
    if (!valid) {
        QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
        QVERIFY2(cl.errorText.contains(QLatin1String("--event-dispatcher")) && cl.errorText.contains(QLatin1String("glib")),
                 qPrintable(cl.errorText));
        return;
    }
    QVERIFY2(cl.outcome == CommandLine::Outcome::Run, qPrintable(cl.errorText));
    QCOMPARE(int(cl.eventDispatcher), kind);
}

void tst_CommandLine::badLanguage()
{
    const CommandLine cl = parse(words("--lang klingon"));
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QVERIFY2(cl.errorText.contains(QLatin1String("--lang")) && cl.errorText.contains(QLatin1String("klingon")),
             qPrintable(cl.errorText));
}

// The console starts from what the operator saved last time; only what the command line names changes.
void tst_CommandLine::givenOptionsOverrideSavedSettings()
{
    ServerConfig saved;
    saved.port = 9100;
    saved.rateLimit = 50;
    saved.allowedOrigins = {QStringLiteral("https://saved.example")};
    saved.token = QStringLiteral("saved-token");

    const CommandLine cl = parseCommandLine(QStringList{QStringLiteral("wsmonitor")} + words("--rate-limit 7"), saved);
    QVERIFY2(cl.outcome == CommandLine::Outcome::Run, qPrintable(cl.errorText));
    QCOMPARE(cl.config.rateLimit, 7);
    QCOMPARE(cl.config.port, quint16(9100));
    QCOMPARE(cl.config.allowedOrigins, saved.allowedOrigins);
    QCOMPARE(cl.config.token, saved.token);

    const CommandLine replaced = parseCommandLine(
        QStringList{QStringLiteral("wsmonitor")} + words("--allowed-origin https://new.example"), saved);
    QCOMPARE(replaced.config.allowedOrigins, QStringList{QStringLiteral("https://new.example")});

    // A token file on the line replaces a saved token, and a token a saved token file.
    const CommandLine withFile = parseCommandLine(
        QStringList{QStringLiteral("wsmonitor")} + words("--token-file /etc/wsmonitor/token"), saved);
    QVERIFY2(withFile.outcome == CommandLine::Outcome::Run, qPrintable(withFile.errorText));
    QCOMPARE(withFile.config.tokenFile, QStringLiteral("/etc/wsmonitor/token"));
    QCOMPARE(withFile.config.token, QString());
    ServerConfig savedFile;
    savedFile.tokenFile = QStringLiteral("/etc/wsmonitor/token");
    const CommandLine withToken = parseCommandLine(QStringList{QStringLiteral("wsmonitor")} + words("--token abc"), savedFile);
    QVERIFY2(withToken.outcome == CommandLine::Outcome::Run, qPrintable(withToken.errorText));
    QCOMPARE(withToken.config.token, QStringLiteral("abc"));
    QCOMPARE(withToken.config.tokenFile, QString());
}

void tst_CommandLine::adminOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--admin-listen") << words("--admin-listen 127.0.0.1:9090") << "adminListen" << "127.0.0.1 9090";
    QTest::newRow("--admin-listen enables") << words("--admin-listen 127.0.0.1:9090") << "adminEnabled" << "true";
    QTest::newRow("--admin-listen port 0") << words("--admin-listen localhost:0") << "adminListen" << "127.0.0.1 0";
    QTest::newRow("--admin-listen IPv6 loopback") << words("--admin-listen [::1]:9") << "adminListen" << "::1 9";
    QTest::newRow("--admin-token-file read") << words("--admin-listen 127.0.0.1:0 --admin-token-file %FULL%")
                                            << "adminFullToken" << "full-token";
    QTest::newRow("--admin-readonly-token-file read")
        << words("--admin-listen 127.0.0.1:0 --admin-readonly-token-file %WATCH%") << "adminReadOnlyToken" << "watch-token";
    QTest::newRow("non-loopback with a token file") << words("--admin-listen 0.0.0.0:9090 --admin-token-file %FULL%")
                                                    << "adminListen" << "0.0.0.0 9090";
    QTest::newRow("non-loopback with a read-only token file")
        << words("--admin-listen 0.0.0.0:9090 --admin-readonly-token-file %WATCH%") << "adminListen" << "0.0.0.0 9090";
    QTest::newRow("--admin-tls-cert and key") << words("--admin-listen 127.0.0.1:0 --admin-tls-cert /c.pem --admin-tls-key /k.pem")
                                              << "adminTls" << "/c.pem /k.pem";
    QTest::newRow("public TLS files by default") << words("--admin-listen 127.0.0.1:0 --tls-cert /p.pem --tls-key /pk.pem")
                                                 << "adminTls" << "/p.pem /pk.pem";
    QTest::newRow("admin TLS files over the public ones")
        << words("--admin-listen 127.0.0.1:0 --tls-cert /p.pem --tls-key /pk.pem --admin-tls-cert /c.pem --admin-tls-key /k.pem")
        << "adminTls" << "/c.pem /k.pem";
    QTest::newRow("--node-name") << words("--admin-listen 127.0.0.1:0 --node-name edge-1") << "nodeName" << "edge-1";
    QTest::newRow("--node-name default empty") << words("--admin-listen 127.0.0.1:0") << "nodeName" << "";
}

void tst_CommandLine::adminOptions()
{
    QFETCH(QStringList, args);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    QTemporaryDir directory;
    QVERIFY(writeFile(directory.filePath(QStringLiteral("full")), "full-token\n"));
    QVERIFY(writeFile(directory.filePath(QStringLiteral("watch")), "  watch-token \n"));
    const CommandLine cl = parse(withTokenFiles(args, directory.path()));
    QVERIFY2(cl.outcome == CommandLine::Outcome::Run, qPrintable(cl.errorText));
    QCOMPARE(::field(cl, field), expected);
}

void tst_CommandLine::adminErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no port") << words("--admin-listen 127.0.0.1") << "--admin-listen takes ADDR:PORT";
    QTest::newRow("port too big") << words("--admin-listen 127.0.0.1:65536") << "port 0-65535";
    QTest::newRow("a host name") << words("--admin-listen example.com:9090") << "--admin-listen takes ADDR:PORT";
    QTest::newRow("non-loopback without a token file") << words("--admin-listen 0.0.0.0:9090")
                                                       << "not a loopback address: it needs --admin-token-file";
    QTest::newRow("unreadable token file") << words("--admin-listen 127.0.0.1:0 --admin-token-file /nonexistent/token")
                                           << "--admin-token-file: ";
    QTest::newRow("empty read-only token file")
        << words("--admin-listen 127.0.0.1:0 --admin-readonly-token-file %EMPTY%") << "--admin-readonly-token-file: ";
    QTest::newRow("same token for both") << words("--admin-listen 127.0.0.1:0 --admin-token-file %FULL% --admin-readonly-token-file %FULL%")
                                         << "the same token";
    QTest::newRow("admin cert without key") << words("--admin-listen 127.0.0.1:0 --admin-tls-cert /c.pem")
                                            << "--admin-tls-cert and --admin-tls-key go together";
    QTest::newRow("token file without --admin-listen") << words("--admin-token-file %FULL%") << "need --admin-listen";
    QTest::newRow("node name too long") << QStringList{QStringLiteral("--node-name"), QString(101, QLatin1Char('n'))}
                                        << "--node-name takes 1 to 100";
    QTest::newRow("node name blank") << QStringList{QStringLiteral("--node-name"), QStringLiteral(" ")} << "--node-name takes";
}

void tst_CommandLine::adminErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    QTemporaryDir directory;
    QVERIFY(writeFile(directory.filePath(QStringLiteral("full")), "full-token\n"));
    QVERIFY(writeFile(directory.filePath(QStringLiteral("empty")), "\n"));
    const CommandLine cl = parse(withTokenFiles(args, directory.path()));
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QVERIFY2(cl.errorText.contains(mentions), qPrintable(cl.errorText));
}

void tst_CommandLine::adminOffByDefault()
{
    const CommandLine cl = parse(words("--headless"));
    QVERIFY(!cl.admin.enabled);
}

void tst_CommandLine::helpListsAdminOptions()
{
    const CommandLine cl = parse(words("--help"));
    for (const char *option : {"--admin-listen", "--admin-token-file", "--admin-readonly-token-file", "--admin-tls-cert",
                               "--admin-tls-key", "--node-name"})
        QVERIFY2(cl.helpText.contains(QLatin1String(option)), option);
}

void tst_CommandLine::clusterOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("host and port") << words("--cluster redis://127.0.0.1:6379") << "cluster" << "127.0.0.1 6379 0";
    QTest::newRow("database") << words("--cluster redis://127.0.0.1:6380/3") << "cluster" << "127.0.0.1 6380 3";
    QTest::newRow("database 15") << words("--cluster redis://redis.internal:1/15") << "cluster" << "redis.internal 1 15";
    QTest::newRow("trailing slash") << words("--cluster redis://10.0.0.5:6379/") << "cluster" << "10.0.0.5 6379 0";
    QTest::newRow("IPv6") << words("--cluster redis://[::1]:6379/2") << "cluster" << "::1 6379 2";
    QTest::newRow("password file") << words("--cluster redis://127.0.0.1:6379 --cluster-password-file %FULL%")
                                   << "clusterPassword" << "full-token";
    QTest::newRow("node name from --node-name")
        << QStringList{QStringLiteral("--cluster"), QStringLiteral("redis://127.0.0.1:6379"), QStringLiteral("--node-name"),
                       QStringLiteral("edge 1: west")}
        << "clusterNodeName" << "edge 1: west";
}

void tst_CommandLine::clusterOptions()
{
    QFETCH(QStringList, args);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    QTemporaryDir directory;
    QVERIFY(writeFile(directory.filePath(QStringLiteral("full")), "full-token\n"));
    const CommandLine cl = parse(withTokenFiles(args, directory.path()));
    QVERIFY2(cl.outcome == CommandLine::Outcome::Run, qPrintable(cl.errorText));
    QCOMPARE(::field(cl, field), expected);
}

void tst_CommandLine::clusterErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    const char *form = "--cluster takes redis://HOST:PORT[/DB]";
    QTest::newRow("no scheme") << words("--cluster 127.0.0.1:6379") << form;
    QTest::newRow("wrong scheme") << words("--cluster http://127.0.0.1:6379") << form;
    QTest::newRow("rediss is not served") << words("--cluster rediss://127.0.0.1:6379") << form;
    QTest::newRow("no port") << words("--cluster redis://127.0.0.1") << form;
    QTest::newRow("port 0") << words("--cluster redis://127.0.0.1:0") << "port 1-65535";
    QTest::newRow("port too big") << words("--cluster redis://127.0.0.1:65536") << "port 1-65535";
    QTest::newRow("database 16") << words("--cluster redis://127.0.0.1:6379/16") << "DB 0-15";
    QTest::newRow("database not a number") << words("--cluster redis://127.0.0.1:6379/x") << "DB 0-15";
    QTest::newRow("a path") << words("--cluster redis://127.0.0.1:6379/0/1") << form;
    QTest::newRow("empty") << QStringList{QStringLiteral("--cluster"), QString()} << form;
    QTest::newRow("password in the URL") << words("--cluster redis://:hunter2@127.0.0.1:6379")
                                         << "--cluster-password-file FILE";
    QTest::newRow("user and password in the URL") << words("--cluster redis://u:hunter2@127.0.0.1:6379")
                                                  << "must not hold a password";
    QTest::newRow("unreadable password file")
        << words("--cluster redis://127.0.0.1:6379 --cluster-password-file /nonexistent/password")
        << "--cluster-password-file: ";
    QTest::newRow("empty password file") << words("--cluster redis://127.0.0.1:6379 --cluster-password-file %EMPTY%")
                                         << "--cluster-password-file: ";
    QTest::newRow("password file without --cluster") << words("--cluster-password-file %FULL%")
                                                     << "--cluster-password-file needs --cluster";
}

void tst_CommandLine::clusterErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    QTemporaryDir directory;
    QVERIFY(writeFile(directory.filePath(QStringLiteral("full")), "full-token\n"));
    QVERIFY(writeFile(directory.filePath(QStringLiteral("empty")), "\n"));
    const CommandLine cl = parse(withTokenFiles(args, directory.path()));
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QVERIFY2(cl.errorText.contains(mentions), qPrintable(cl.errorText));
    // The password never appears in what is printed.
    QVERIFY2(!cl.errorText.contains(QLatin1String("hunter2")), qPrintable(cl.errorText));
}

void tst_CommandLine::clusterOffByDefault()
{
    const CommandLine cl = parse(words("--headless"));
    QVERIFY(!cl.config.cluster.enabled());
}

void tst_CommandLine::clusterNodeNameDefault()
{
    const CommandLine cl = parse(words("--cluster redis://127.0.0.1:6379 --listen 127.0.0.1:8123"));
    QVERIFY2(cl.outcome == CommandLine::Outcome::Run, qPrintable(cl.errorText));
    QCOMPARE(cl.config.cluster.nodeName, QHostInfo::localHostName() + QStringLiteral(":8123"));
    // Port 0: the server names the node by the port it takes.
    const CommandLine anyPort = parse(words("--cluster redis://127.0.0.1:6379 --listen 127.0.0.1:0"));
    QCOMPARE(anyPort.config.cluster.nodeName, QString());
}

void tst_CommandLine::helpListsClusterOptions()
{
    const CommandLine cl = parse(words("--help"));
    for (const char *option : {"--cluster", "--cluster-password-file"})
        QVERIFY2(cl.helpText.contains(QLatin1String(option)), option);
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
