#include "serverconfig.h"

#include <QTest>

using namespace wsm;

class tst_ServerConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsValidateClean();
    void tableHasEveryOption_data();
    void tableHasEveryOption();
    void numericBounds_data();
    void numericBounds();
    void rangeErrorSentence_data();
    void rangeErrorSentence();
    void secondsAreStoredAsMs();
    void pathRules_data();
    void pathRules();
    void heartbeatTimeoutAboveInterval_data();
    void heartbeatTimeoutAboveInterval();
    void otherRules_data();
    void otherRules();
    void parseMode_data();
    void parseMode();
    void modeIdRoundTrip();
};

void tst_ServerConfig::defaultsValidateClean()
{
    QCOMPARE(ServerConfig().validate(), QString());
}

void tst_ServerConfig::tableHasEveryOption_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("minimum");
    QTest::addColumn<double>("maximum");
    QTest::addColumn<bool>("integer");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("zeroMeans");

    QTest::newRow("max-connections") << "max-connections" << 1.0 << 1000000.0 << true << "connections" << "";
    QTest::newRow("max-message-bytes") << "max-message-bytes" << 125.0 << 1073741824.0 << true << "bytes" << "";
    QTest::newRow("rate-limit") << "rate-limit" << 0.0 << 1000000.0 << true << "messages per second" << "no limit";
    QTest::newRow("max-send-queue-bytes") << "max-send-queue-bytes" << 1024.0 << 1073741824.0 << true << "bytes" << "";
    QTest::newRow("max-inbound-buffer-bytes") << "max-inbound-buffer-bytes" << 1048576.0 << 1099511627776.0 << true << "bytes" << "";
    QTest::newRow("max-outbound-buffer-bytes") << "max-outbound-buffer-bytes" << 1048576.0 << 1099511627776.0 << true << "bytes" << "";
    QTest::newRow("min-receive-rate") << "min-receive-rate" << 0.0 << 1073741824.0 << true << "bytes per second" << "no minimum";
    QTest::newRow("flapping-threshold") << "flapping-threshold" << 0.0 << 1000.0 << true << "connections per minute"
                                        << "not tracked";
    QTest::newRow("heartbeat-interval") << "heartbeat-interval" << 0.0 << 3600.0 << false << "seconds" << "no heartbeat";
    QTest::newRow("heartbeat-timeout") << "heartbeat-timeout" << 0.1 << 86400.0 << false << "seconds" << "";
    QTest::newRow("handshake-timeout") << "handshake-timeout" << 0.1 << 300.0 << false << "seconds" << "";
    QTest::newRow("drain-timeout") << "drain-timeout" << 0.0 << 600.0 << false << "seconds" << "";
    QTest::newRow("event-log-capacity") << "event-log-capacity" << 100.0 << 1000000.0 << true << "events" << "";
    QTest::newRow("message-history") << "message-history" << 0.0 << 10000.0 << true << "messages" << "none kept";
    QTest::newRow("sse-retry") << "sse-retry" << 0.0 << 3600.0 << false << "seconds" << "";
    QTest::newRow("sse-replay") << "sse-replay" << 0.0 << 1000000.0 << true << "events" << "none kept";
}

void tst_ServerConfig::tableHasEveryOption()
{
    QFETCH(QString, name);
    QFETCH(double, minimum);
    QFETCH(double, maximum);
    QFETCH(bool, integer);
    QFETCH(QString, unit);
    QFETCH(QString, zeroMeans);

    const NumericOption *found = findNumericOption(name);
    QVERIFY(found);
    QCOMPARE(found->name, name);
    QCOMPARE(found->minimum, minimum);
    QCOMPARE(found->maximum, maximum);
    QCOMPARE(found->integer, integer);
    QCOMPARE(found->unit, unit);
    QCOMPARE(found->zeroMeans, zeroMeans);

    const QList<NumericOption> all = numericOptions();
    QCOMPARE(all.size(), 16);
    QVERIFY(std::any_of(all.cbegin(), all.cend(), [&](const NumericOption &o) { return o.name == name; }));
    QVERIFY(!findNumericOption(QStringLiteral("no-such-option")));
}

void tst_ServerConfig::numericBounds_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("range"); // as the error must name it

    struct Bound { const char *name; double min; double max; double step; const char *range; };
    // step: the smallest change a field holds (1, or 1 ms for the seconds options).
    const Bound bounds[] = {
        {"max-connections", 1, 1000000, 1, "between 1 and 1000000 connections"},
        {"max-message-bytes", 125, 1073741824, 1, "between 125 and 1073741824 bytes"},
        {"rate-limit", 0, 1000000, 1, "between 0 and 1000000 messages per second (0: no limit)"},
        {"max-send-queue-bytes", 1024, 1073741824, 1, "between 1024 and 1073741824 bytes"},
        {"heartbeat-interval", 0, 3600, 0.001, "between 0 and 3600 seconds (0: no heartbeat)"},
        {"heartbeat-timeout", 0.1, 86400, 0.001, "between 0.1 and 86400 seconds"},
        {"handshake-timeout", 0.1, 300, 0.001, "between 0.1 and 300 seconds"},
        {"drain-timeout", 0, 600, 0.001, "between 0 and 600 seconds"},
        {"event-log-capacity", 100, 1000000, 1, "between 100 and 1000000 events"},
        {"message-history", 0, 10000, 1, "between 0 and 10000 messages (0: none kept)"},
    };
    for (const Bound &b : bounds) {
        const QString name = QString::fromLatin1(b.name);
        const QString range = QString::fromLatin1(b.range);
        QTest::addRow("%s at minimum", b.name) << name << b.min << true << range;
        QTest::addRow("%s at maximum", b.name) << name << b.max << true << range;
        QTest::addRow("%s below minimum", b.name) << name << b.min - b.step << false << range;
        QTest::addRow("%s above maximum", b.name) << name << b.max + b.step << false << range;
    }
}

void tst_ServerConfig::numericBounds()
{
    QFETCH(QString, name);
    QFETCH(double, value);
    QFETCH(bool, valid);
    QFETCH(QString, range);

    // Heartbeats off and the longest timeout, so the timeout-above-interval rule stays out of the way.
    ServerConfig config;
    config.heartbeatIntervalMs = 0;
    config.heartbeatTimeoutMs = 86400 * 1000;
    QVERIFY(setNumericOption(&config, name, value));
    double readBack = -1;
    QVERIFY(numericOptionValue(config, name, &readBack));
    QCOMPARE(readBack, value);

    const QString error = config.validate();
    if (valid) {
        QCOMPARE(error, QString());
    } else {
        QVERIFY2(error.contains(QLatin1String("--") + name + QLatin1Char(' ')), qPrintable(error));
        QVERIFY2(error.contains(range), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error)); // only this option is wrong
    }
}

void tst_ServerConfig::rangeErrorSentence_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("expected");

    QTest::newRow("number out of range is shown bare")
        << "rate-limit" << "2000000"
        << "--rate-limit must be between 0 and 1000000 messages per second (0: no limit); got 2000000.";
    QTest::newRow("text is quoted and a whole number asked for")
        << "rate-limit" << "abc"
        << "--rate-limit must be a whole number between 0 and 1000000 messages per second (0: no limit); got 'abc'.";
    QTest::newRow("fraction for a count asks for a whole number")
        << "max-connections" << "1.5"
        << "--max-connections must be a whole number between 1 and 1000000 connections; got 1.5.";
    QTest::newRow("seconds option asks for a number")
        << "handshake-timeout" << "1e3"
        << "--handshake-timeout must be a number between 0.1 and 300 seconds; got '1e3'.";
    QTest::newRow("empty text is quoted")
        << "drain-timeout" << ""
        << "--drain-timeout must be a number between 0 and 600 seconds; got ''.";
}

void tst_ServerConfig::rangeErrorSentence()
{
    QFETCH(QString, name);
    QFETCH(QString, given);
    QFETCH(QString, expected);
    const NumericOption *option = findNumericOption(name);
    QVERIFY(option);
    QCOMPARE(rangeError(*option, given), expected);
}

void tst_ServerConfig::secondsAreStoredAsMs()
{
    ServerConfig config;
    QVERIFY(setNumericOption(&config, QStringLiteral("heartbeat-interval"), 0.5));
    QCOMPARE(config.heartbeatIntervalMs, 500);
    QVERIFY(setNumericOption(&config, QStringLiteral("drain-timeout"), 2.25));
    QCOMPARE(config.drainTimeoutMs, 2250);
    QVERIFY(setNumericOption(&config, QStringLiteral("max-message-bytes"), 4096));
    QCOMPARE(config.maxMessageBytes, qint64(4096));
    QVERIFY(!setNumericOption(&config, QStringLiteral("no-such-option"), 1));
}

void tst_ServerConfig::pathRules_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("valid");

    QTest::newRow("root") << "/" << true;
    QTest::newRow("one segment") << "/ws" << true;
    QTest::newRow("nested") << "/api/v1/stream" << true;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("no leading slash") << "ws" << false;
    QTest::newRow("query") << "/ws?x=1" << false;
    QTest::newRow("fragment") << "/ws#top" << false;
    QTest::newRow("space") << "/my ws" << false;
    QTest::newRow("tab") << "/ws\t" << false;
    QTest::newRow("newline") << "/ws\n" << false;
}

void tst_ServerConfig::pathRules()
{
    QFETCH(QString, path);
    QFETCH(bool, valid);
    ServerConfig config;
    config.path = path;
    const QString error = config.validate();
    if (valid)
        QCOMPARE(error, QString());
    else
        QVERIFY2(error.startsWith(QLatin1String("--path ")), qPrintable(error));
}

void tst_ServerConfig::heartbeatTimeoutAboveInterval_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<bool>("valid");

    QTest::newRow("timeout above interval") << 10000 << 10001 << true;
    QTest::newRow("timeout equal to interval") << 10000 << 10000 << false;
    QTest::newRow("timeout below interval") << 30000 << 10000 << false;
    QTest::newRow("heartbeats off, short timeout") << 0 << 100 << true;
}

void tst_ServerConfig::heartbeatTimeoutAboveInterval()
{
    QFETCH(int, intervalMs);
    QFETCH(int, timeoutMs);
    QFETCH(bool, valid);
    ServerConfig config;
    config.heartbeatIntervalMs = intervalMs;
    config.heartbeatTimeoutMs = timeoutMs;
    const QString error = config.validate();
    if (valid) {
        QCOMPARE(error, QString());
    } else {
        QVERIFY2(error.contains(QLatin1String("--heartbeat-timeout")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("--heartbeat-interval")), qPrintable(error));
    }
}

void tst_ServerConfig::otherRules_data()
{
    QTest::addColumn<QStringList>("origins");
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("snapshotMs");
    QTest::addColumn<int>("closeGraceMs");
    QTest::addColumn<QString>("mentions"); // empty: valid

    const QStringList none;
    const QStringList good{QStringLiteral("https://example.com"), QStringLiteral("http://localhost:3000")};
    QTest::newRow("origins and token ok") << good << "s3cr3t-T0ken" << 250 << 2000 << "";
    QTest::newRow("empty origin") << QStringList{QStringLiteral("https://a.example"), QString()} << "" << 250 << 2000
                                  << "--allowed-origin";
    QTest::newRow("blank origin") << QStringList{QStringLiteral("  ")} << "" << 250 << 2000 << "--allowed-origin";
    QTest::newRow("token with space") << none << "ab cd" << 250 << 2000 << "--token";
    QTest::newRow("token with control char") << none << "ab\x01" "cd" << 250 << 2000 << "--token";
    QTest::newRow("snapshot interval at limits") << none << "" << 50 << 0 << "";
    QTest::newRow("snapshot interval at upper limits") << none << "" << 10000 << 60000 << "";
    QTest::newRow("snapshot interval too short") << none << "" << 49 << 2000 << "snapshot interval";
    QTest::newRow("snapshot interval too long") << none << "" << 10001 << 2000 << "snapshot interval";
    QTest::newRow("close grace negative") << none << "" << 250 << -1 << "close grace";
    QTest::newRow("close grace too long") << none << "" << 250 << 60001 << "close grace";
}

void tst_ServerConfig::otherRules()
{
    QFETCH(QStringList, origins);
    QFETCH(QString, token);
    QFETCH(int, snapshotMs);
    QFETCH(int, closeGraceMs);
    QFETCH(QString, mentions);
    ServerConfig config;
    config.allowedOrigins = origins;
    config.token = token;
    config.snapshotIntervalMs = snapshotMs;
    config.closeGraceMs = closeGraceMs;
    const QString error = config.validate();
    if (mentions.isEmpty())
        QCOMPARE(error, QString());
    else
        QVERIFY2(error.contains(mentions), qPrintable(error));
}

void tst_ServerConfig::parseMode_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("mode");

    QTest::newRow("echo") << "echo" << true << int(MessageMode::Echo);
    QTest::newRow("broadcast") << "broadcast" << true << int(MessageMode::Broadcast);
    QTest::newRow("sink") << "sink" << true << int(MessageMode::Sink);
    QTest::newRow("upper case") << "ECHO" << true << int(MessageMode::Echo);
    QTest::newRow("mixed case") << "BroadCast" << true << int(MessageMode::Broadcast);
    QTest::newRow("empty") << "" << false << -1;
    QTest::newRow("unknown word") << "fanout" << false << -1;
    QTest::newRow("prefix") << "echoes" << false << -1;
}

void tst_ServerConfig::parseMode()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(int, mode);
    // Start from a value the parse must overwrite (or, on failure, leave alone).
    MessageMode parsed = MessageMode::Sink;
    if (mode == int(MessageMode::Sink))
        parsed = MessageMode::Echo;
    const MessageMode before = parsed;
    QCOMPARE(ServerConfig::parseMode(text, &parsed), ok);
    if (ok)
        QCOMPARE(int(parsed), mode);
    else
        QCOMPARE(parsed, before);
}

void tst_ServerConfig::modeIdRoundTrip()
{
    QCOMPARE(ServerConfig::modeId(MessageMode::Echo), QStringLiteral("echo"));
    QCOMPARE(ServerConfig::modeId(MessageMode::Broadcast), QStringLiteral("broadcast"));
    QCOMPARE(ServerConfig::modeId(MessageMode::Sink), QStringLiteral("sink"));
    for (const MessageMode mode : {MessageMode::Echo, MessageMode::Broadcast, MessageMode::Sink}) {
        MessageMode parsed = MessageMode::Echo;
        QVERIFY(ServerConfig::parseMode(ServerConfig::modeId(mode), &parsed));
        QCOMPARE(parsed, mode);
    }
}

QTEST_GUILESS_MAIN(tst_ServerConfig)
#include "tst_serverconfig.moc"
