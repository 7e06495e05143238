// `wsmonitor ctl`: its command line (every command, --help, the errors of exit code 2), and the
// runner against a scripted node (fakeadminserver.h) on 127.0.0.1: what it prints, as a table and
// as JSON, and its exit codes.

#include "ctlcommandline.h"
#include "ctloutput.h"
#include "ctlrunner.h"
#include "ctlrun.h"
#include "fakeadminserver.h"
#include "translations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <cstdio>
#include <optional>

using namespace wsm;
using namespace wsm::test;

namespace {

SessionRow makeRow(quint64 id)
{
    SessionRow row;
    row.id = id;
    row.peerAddress = QStringLiteral("192.0.2.%1").arg(id);
    row.peerPort = quint16(50000 + id);
    row.connectedAt = 1796382300123; // 2026-12-04T11:05:00.123Z
    row.lastSeenAt = 1796382300123;
    row.path = QStringLiteral("/chat");
    row.origin = QStringLiteral("https://example.org");
    row.userAgent = QStringLiteral("agent/%1").arg(id);
    row.messagesIn = 10 * id;
    row.messagesOut = 20 * id;
    row.bytesIn = 100 * id;
    row.bytesOut = 200 * id;
    row.bytesToWrite = qint64(id);
    row.rttMs = id == 1 ? -1 : 2.5;
    return row;
}

Snapshot nodeSnapshot()
{
    Snapshot snapshot;
    snapshot.takenAt = 1796382300123 + 1000; // a second after they connected: heartbeat ok
    snapshot.startedAt = 1796382300123 - 3600 * 1000;
    snapshot.url = QStringLiteral("ws://127.0.0.1:8080/");
    // The node's heartbeat, by which each row is judged: the defaults (10 s, timeout 30 s).
    snapshot.heartbeatIntervalMs = 10000;
    snapshot.heartbeatTimeoutMs = 30000;
    snapshot.sessions = {makeRow(1), makeRow(2)};
    snapshot.sessions[1].connectedAt = snapshot.takenAt - 120000;
    snapshot.sessions[1].lastSeenAt = snapshot.takenAt - 60000; // silent for a minute: missing
    // The second is an SSE stream of a verified user, flapping; the first has no identity.
    snapshot.sessions[1].kind = ClientKind::Sse;
    snapshot.sessions[1].identity = QStringLiteral("alice");
    snapshot.sessions[1].displayName = QStringLiteral("Alice");
    snapshot.sessions[1].identityVerified = true;
    snapshot.sessions[1].flapping = true;
    snapshot.totals.clientsConnected = 2;
    snapshot.totals.accepted = 5;
    snapshot.bans = {Ban{QStringLiteral("10.0.0.0/8"), QStringLiteral("abuse"), 1796382300123, 0}};
    return snapshot;
}

} // namespace

class TestCtl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void parsesEveryCommand_data();
    void parsesEveryCommand();
    void helpForCtlAndEveryCommand_data();
    void helpForCtlAndEveryCommand();
    void badCommandLinesNameWhatIsWrong_data();
    void badCommandLinesNameWhatIsWrong();
    void connectAndTokenFileComeFromTheEnvironment();

    void clientsAsJson();
    void clientsAsTable();
    void statusAndBans();
    void eventsPrintsTheRecentOnes();
    void eventsFollowStreamsUntilStoppedOrDropped_data();
    void eventsFollowStreamsUntilStoppedOrDropped();
    void commandsPrintTheNodesAnswer();
    void kickOfAnUnknownIdFailsAndKicksNothing();
    void kickByIdentityKicksEachOfItsClients();
    void kickAndSendOnAnotherNode();
    void anotherNodeNotReachedExits1WithWhy();
    void olderNodeIsNotAskedForAnotherNode();
    void refusedCommandExits1();
    void unreachableOrRefusedExits3_data();
    void unreachableOrRefusedExits3();
};

void TestCtl::initTestCase()
{
    installTranslations(QStringLiteral("en"));
}

void TestCtl::parsesEveryCommand_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("command");
    QTest::addColumn<QString>("check"); // "field=value;..." of the result

    using C = CtlCommandLine::Command;
    QTest::newRow("status") << "status" << int(C::Status) << "url=ws://127.0.0.1:9090/;json=false";
    QTest::newRow("clients --json") << "--json clients" << int(C::Clients) << "json=true";
    QTest::newRow("--json after the command") << "clients --json" << int(C::Clients) << "json=true";
    QTest::newRow("events") << "events" << int(C::Events) << "follow=false";
    QTest::newRow("events --follow") << "events --follow" << int(C::Events) << "follow=true";
    QTest::newRow("kick") << "kick 3 5 --code 4100 --reason bye" << int(C::Kick)
                          << "ids=3,5;code=4100;reason=bye";
    QTest::newRow("kick default code") << "kick 3" << int(C::Kick) << "ids=3;code=4000;reason=";
    QTest::newRow("kick-all") << "kick-all --reason maintenance" << int(C::KickAll) << "code=4000;reason=maintenance";
    QTest::newRow("ban") << "ban 10.0.0.0/8 --minutes 30 --reason abuse" << int(C::Ban)
                         << "target=10.0.0.0/8;durationMs=1800000;reason=abuse";
    QTest::newRow("ban until lifted") << "ban 192.0.2.7" << int(C::Ban) << "target=192.0.2.7;durationMs=0";
    QTest::newRow("unban") << "unban 192.0.2.7" << int(C::Unban) << "target=192.0.2.7";
    QTest::newRow("bans") << "bans" << int(C::Bans) << "";
    QTest::newRow("send") << "send 7 hello" << int(C::Send) << "ids=7;text=hello";
    QTest::newRow("broadcast") << "broadcast hello" << int(C::Broadcast) << "text=hello";
    QTest::newRow("nodes") << "nodes" << int(C::Nodes) << "";
    QTest::newRow("kick --node") << "kick 3 --node C --code 4321 --reason moved" << int(C::Kick)
                                 << "ids=3;code=4321;reason=moved;node=C";
    QTest::newRow("send --node") << "send 7 hello --node edge-3:8080" << int(C::Send) << "ids=7;text=hello;node=edge-3:8080";
    QTest::newRow("kick without --node") << "kick 3" << int(C::Kick) << "node=";
    QTest::newRow("kick --identity") << "kick --identity alice --reason bye" << int(C::Kick)
                                     << "ids=;identity=alice;reason=bye";
    QTest::newRow("--connect") << "--connect wss://node.example:9443 status" << int(C::Status)
                               << "url=wss://node.example:9443/";
    QTest::newRow("--token-file") << "--token-file /run/admin.token status" << int(C::Status)
                                  << "tokenFile=/run/admin.token";
}

void TestCtl::parsesEveryCommand()
{
    QFETCH(QString, line);
    QFETCH(int, command);
    QFETCH(QString, check);
    const CtlCommandLine parsed = parse(line);
    QVERIFY2(parsed.outcome == CtlCommandLine::Outcome::Run, qPrintable(parsed.errorText));
    QCOMPARE(int(parsed.command), command);
    for (const QString &pair : check.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString name = pair.section(QLatin1Char('='), 0, 0);
        const QString expected = pair.section(QLatin1Char('='), 1);
        QString actual;
        if (name == QLatin1String("url"))
            actual = parsed.url.toString();
        else if (name == QLatin1String("json"))
            actual = parsed.json ? QStringLiteral("true") : QStringLiteral("false");
        else if (name == QLatin1String("follow"))
            actual = parsed.follow ? QStringLiteral("true") : QStringLiteral("false");
        else if (name == QLatin1String("ids")) {
            QStringList ids;
            for (quint64 id : parsed.sessionIds)
                ids.append(QString::number(id));
            actual = ids.join(QLatin1Char(','));
        } else if (name == QLatin1String("code"))
            actual = QString::number(parsed.closeCode);
        else if (name == QLatin1String("reason"))
            actual = parsed.reason;
        else if (name == QLatin1String("target"))
            actual = parsed.target;
        else if (name == QLatin1String("durationMs"))
            actual = QString::number(parsed.durationMs);
        else if (name == QLatin1String("text"))
            actual = parsed.text;
        else if (name == QLatin1String("tokenFile"))
            actual = parsed.tokenFile;
        else if (name == QLatin1String("node"))
            actual = parsed.node;
        else if (name == QLatin1String("identity"))
            actual = parsed.identity;
        QCOMPARE(actual, expected);
    }
}

void TestCtl::helpForCtlAndEveryCommand_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("ctl --help") << "--help" << "kick-all";
    QTest::newRow("ctl -h") << "-h" << "broadcast TEXT";
    for (const QString &name : ctlCommandNames())
        QTest::newRow(qPrintable(name + QStringLiteral(" --help"))) << name + QStringLiteral(" --help") << name;
    QTest::newRow("kick --help names --code") << "kick --help" << "--code";
    QTest::newRow("ban --help names --minutes") << "ban --help" << "--minutes";
    QTest::newRow("events --help names --follow") << "events --help" << "--follow";
    QTest::newRow("kick --help names --node") << "kick --help" << "--node";
    QTest::newRow("send --help names --node") << "send --help" << "--node";
}

void TestCtl::helpForCtlAndEveryCommand()
{
    QFETCH(QString, line);
    QFETCH(QString, mentions);
    const CtlCommandLine parsed = parse(line);
    QCOMPARE(parsed.outcome, CtlCommandLine::Outcome::ShowHelp);
    QVERIFY2(parsed.helpText.startsWith(QLatin1String("Usage: wsmonitor ctl")), qPrintable(parsed.helpText));
    QVERIFY2(parsed.helpText.contains(mentions), qPrintable(parsed.helpText));
}

void TestCtl::badCommandLinesNameWhatIsWrong_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("no command") << "" << split("No command|status|nodes");
    QTest::newRow("unknown command") << "frob" << split("'frob'|kick-all");
    QTest::newRow("unknown global option") << "--bogus status" << split("'--bogus'|--connect");
    QTest::newRow("unknown command option") << "kick 3 --minutes 5" << split("'--minutes'|'kick'|--code");
    QTest::newRow("kick without ids") << "kick" << split("'kick'|ID...|--identity");
    QTest::newRow("kick ids and --identity") << "kick 3 --identity alice" << split("'kick'|--identity|not both");
    QTest::newRow("kick --identity empty") << "kick --identity=" << split("--identity");
    QTest::newRow("kick --identity --node") << "kick --identity alice --node C" << split("--identity|C|--connect");
    QTest::newRow("--identity of kick-all") << "kick-all --identity alice" << split("'--identity'|'kick-all'");
    QTest::newRow("kick with a bad id") << "kick 3 x" << split("'x'|client id");
    QTest::newRow("kick id 0") << "kick 0" << split("'0'");
    QTest::newRow("code out of range") << "kick 3 --code 1000" << split("--code|4000|4999|'1000'");
    QTest::newRow("code not a number") << "kick-all --code soon" << split("--code|'soon'");
    QTest::newRow("minutes out of range") << "ban 1.2.3.4 --minutes 0" << split("--minutes|'0'");
    QTest::newRow("ban without target") << "ban" << split("'ban'|TARGET");
    QTest::newRow("send without text") << "send 3" << split("'send'|ID TEXT");
    QTest::newRow("status with an argument") << "status now" << split("'status'|no arguments|'now'");
    QTest::newRow("bad URL") << "--connect http://x/ status" << split("--connect|'http://x/'|ws://");
    QTest::newRow("missing value") << "status --connect" << split("connect");
    QTest::newRow("--node of kick-all") << "kick-all --node C" << split("'--node'|'kick-all'");
    QTest::newRow("--node of broadcast") << "broadcast hi --node C" << split("'--node'|'broadcast'");
    QTest::newRow("--node without a name") << "kick 3 --node=" << split("--node|1 to 100|''");
    QTest::newRow("--node without a value") << "send 3 hi --node" << split("node");
}

void TestCtl::badCommandLinesNameWhatIsWrong()
{
    QFETCH(QString, line);
    QFETCH(QStringList, mentions);
    const CtlCommandLine parsed = parse(line);
    QCOMPARE(parsed.outcome, CtlCommandLine::Outcome::Error);
    for (const QString &mention : mentions)
        QVERIFY2(parsed.errorText.contains(mention), qPrintable(parsed.errorText + QStringLiteral(" // ") + mention));
}

void TestCtl::connectAndTokenFileComeFromTheEnvironment()
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("WSMONITOR_ADMIN"), QStringLiteral("ws://10.1.1.1:7000"));
    environment.insert(QStringLiteral("WSMONITOR_ADMIN_TOKEN_FILE"), QStringLiteral("/etc/wsm.token"));
    CtlCommandLine parsed = parse(QStringLiteral("status"), environment);
    QCOMPARE(parsed.url, QUrl(QStringLiteral("ws://10.1.1.1:7000/")));
    QCOMPARE(parsed.tokenFile, QStringLiteral("/etc/wsm.token"));
    // The command line wins.
    parsed = parse(QStringLiteral("--connect ws://127.0.0.1:1/ --token-file other status"), environment);
    QCOMPARE(parsed.url, QUrl(QStringLiteral("ws://127.0.0.1:1/")));
    QCOMPARE(parsed.tokenFile, QStringLiteral("other"));
}

void TestCtl::clientsAsJson()
{
    FakeAdminServer server;
    server.current = nodeSnapshot();
    QVERIFY(server.listen());
    const Run result = run(QStringLiteral("clients --json"), server.url());
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.json().isArray(), qPrintable(result.out));
    const QJsonArray clients = result.json().array();
    QCOMPARE(clients.size(), 2);
    const QJsonObject first = clients.at(0).toObject();
    QCOMPARE(first.value(QLatin1String("id")).toInteger(), 1);
    QCOMPARE(first.value(QLatin1String("node")).toString(), QStringLiteral("fake-node:8080"));
    QCOMPARE(first.value(QLatin1String("peer")).toString(), QStringLiteral("192.0.2.1:50001"));
    QCOMPARE(first.value(QLatin1String("path")).toString(), QStringLiteral("/chat"));
    QCOMPARE(first.value(QLatin1String("connectedAt")).toString(), QStringLiteral("2026-12-04T11:05:00.123Z"));
    QCOMPARE(first.value(QLatin1String("heartbeat")).toString(), QStringLiteral("ok"));
    QVERIFY(first.value(QLatin1String("rttMs")).isNull());
    QCOMPARE(first.value(QLatin1String("messagesIn")).toInteger(), 10);
    QCOMPARE(first.value(QLatin1String("messagesOut")).toInteger(), 20);
    QCOMPARE(first.value(QLatin1String("bytesIn")).toInteger(), 100);
    QCOMPARE(first.value(QLatin1String("bytesOut")).toInteger(), 200);
    QCOMPARE(first.value(QLatin1String("sendQueueBytes")).toInteger(), 1);
    QCOMPARE(first.value(QLatin1String("origin")).toString(), QStringLiteral("https://example.org"));
    QCOMPARE(first.value(QLatin1String("userAgent")).toString(), QStringLiteral("agent/1"));
    const QJsonObject second = clients.at(1).toObject();
    QCOMPARE(second.value(QLatin1String("heartbeat")).toString(), QStringLiteral("missing"));
    QCOMPARE(second.value(QLatin1String("rttMs")).toDouble(), 2.5);
    QCOMPARE(first.value(QLatin1String("kind")).toString(), QStringLiteral("websocket"));
    QVERIFY(first.value(QLatin1String("identity")).isNull());
    QCOMPARE(first.value(QLatin1String("flapping")).toBool(true), false);
    QCOMPARE(second.value(QLatin1String("kind")).toString(), QStringLiteral("sse"));
    QCOMPARE(second.value(QLatin1String("identity")).toString(), QStringLiteral("alice"));
    QCOMPARE(second.value(QLatin1String("displayName")).toString(), QStringLiteral("Alice"));
    QCOMPARE(second.value(QLatin1String("identityVerified")).toBool(), true);
    QCOMPARE(second.value(QLatin1String("flapping")).toBool(), true);
    // Only the whole snapshot was asked for: no events.
    const QList<QJsonObject> subscribes = server.receivedOfType(admin::Subscribe);
    QCOMPARE(subscribes.size(), 1);
    QVERIFY(!subscribes.first().value(QLatin1String("events")).toBool());
}

void TestCtl::clientsAsTable()
{
    FakeAdminServer server;
    server.current = nodeSnapshot();
    QVERIFY(server.listen());
    const Run result = run(QStringLiteral("clients"), server.url());
    QCOMPARE(result.exitCode, 0);
    const QStringList lines = result.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(0).startsWith(QLatin1String("ID  PEER")), qPrintable(lines.at(0)));
    // Aligned: each column starts at the same place on every line.
    const qsizetype pathColumn = lines.at(0).indexOf(QLatin1String("PATH"));
    QCOMPARE(lines.at(1).indexOf(QLatin1String("/chat")), pathColumn);
    QCOMPARE(lines.at(2).indexOf(QLatin1String("/chat")), pathColumn);
    QVERIFY(lines.at(1).contains(QLatin1String("2026-12-04T11:05:00.123Z")));
    QVERIFY(lines.at(2).contains(QLatin1String("missing")));
    const qsizetype kindColumn = lines.at(0).indexOf(QLatin1String("KIND"));
    const qsizetype identityColumn = lines.at(0).indexOf(QLatin1String("IDENTITY"));
    const qsizetype flappingColumn = lines.at(0).indexOf(QLatin1String("FLAPPING"));
    QVERIFY(kindColumn > 0 && identityColumn > kindColumn && flappingColumn > identityColumn);
    QCOMPARE(lines.at(1).mid(kindColumn, 9), QStringLiteral("websocket"));
    QCOMPARE(lines.at(2).mid(kindColumn, 4), QStringLiteral("sse "));
    QCOMPARE(lines.at(1).mid(identityColumn, 2), QStringLiteral("- "));
    QCOMPARE(lines.at(2).mid(identityColumn, 6), QStringLiteral("alice "));
    QCOMPARE(lines.at(1).mid(flappingColumn, 3), QStringLiteral("no "));
    QCOMPARE(lines.at(2).mid(flappingColumn, 4), QStringLiteral("yes "));
}

void TestCtl::kickByIdentityKicksEachOfItsClients()
{
    FakeAdminServer server;
    Snapshot snapshot = nodeSnapshot();
    SessionRow third = makeRow(3);
    third.identity = QStringLiteral("alice");
    snapshot.sessions.append(third);
    server.current = snapshot;
    QVERIFY(server.listen());
    const Run result = run(QStringLiteral("kick --identity alice --code 4100 --reason bye"), server.url());
    QCOMPARE(result.exitCode, 0);
    const QList<QJsonObject> commands = server.receivedOfType(admin::Command);
    QCOMPARE(commands.size(), 1);
    QCOMPARE(commands.first().value(QLatin1String("command")).toString(), QStringLiteral("kick"));
    QCOMPARE(commands.first().value(QLatin1String("sessionIds")).toArray(), (QJsonArray{2, 3}));
    QCOMPARE(commands.first().value(QLatin1String("closeCode")).toInt(), 4100);

    // An identity with no client: exit 1, and nothing kicked.
    const Run none = run(QStringLiteral("kick --identity bob"), server.url());
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.err.contains(QLatin1String("bob")) && none.err.contains(QLatin1String("nothing was done")),
             qPrintable(none.err));
    QCOMPARE(server.receivedOfType(admin::Command).size(), 1);
}

void TestCtl::statusAndBans()
{
    FakeAdminServer server;
    server.current = nodeSnapshot();
    QVERIFY(server.listen());
    Run result = run(QStringLiteral("status --json"), server.url());
    QCOMPARE(result.exitCode, 0);
    const QJsonObject status = result.json().object();
    QCOMPARE(status.value(QLatin1String("node")).toString(), QStringLiteral("fake-node:8080"));
    QCOMPARE(status.value(QLatin1String("version")).toString(), QStringLiteral("9.9.9"));
    QCOMPARE(status.value(QLatin1String("clients")).toInt(), 2);
    QCOMPARE(status.value(QLatin1String("uptimeMs")).toInteger(), 3601000);
    QCOMPARE(status.value(QLatin1String("accepted")).toInteger(), 5);
    result = run(QStringLiteral("status"), server.url());
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QLatin1String("01:00:01")), qPrintable(result.out));
    QVERIFY(result.out.contains(QLatin1String("fake-node:8080")));

    result = run(QStringLiteral("bans --json"), server.url());
    QCOMPARE(result.exitCode, 0);
    const QJsonObject ban = result.json().array().at(0).toObject();
    QCOMPARE(ban.value(QLatin1String("target")).toString(), QStringLiteral("10.0.0.0/8"));
    QCOMPARE(ban.value(QLatin1String("reason")).toString(), QStringLiteral("abuse"));
    QVERIFY(ban.value(QLatin1String("expiresAt")).isNull());
    result = run(QStringLiteral("bans"), server.url());
    QVERIFY2(result.out.contains(QLatin1String("until lifted")), qPrintable(result.out));
}

void TestCtl::eventsPrintsTheRecentOnes()
{
    FakeAdminServer server;
    ConnectionEvent event;
    event.kind = EventKind::Closed;
    event.sessionId = 4;
    event.peerAddress = QStringLiteral("192.0.2.4");
    event.peerPort = 50004;
    event.connectedAt = 1796382300123;
    event.endedAt = 1796382301123;
    event.endedBy = EndedBy::Operator;
    event.reason = EndReason::OperatorKick;
    event.closeCode = 4000;
    server.recentEvents = {event};
    QVERIFY(server.listen());
    Run result = run(QStringLiteral("events --json"), server.url());
    QCOMPARE(result.exitCode, 0);
    const QJsonObject json = result.json().array().at(0).toObject();
    QCOMPARE(json.value(QLatin1String("kind")).toString(), QStringLiteral("closed"));
    QCOMPARE(json.value(QLatin1String("reason")).toString(), QStringLiteral("operator_kick"));
    QCOMPARE(json.value(QLatin1String("endedAt")).toString(), QStringLiteral("2026-12-04T11:05:01.123Z"));
    result = run(QStringLiteral("events"), server.url());
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QLatin1String("4000")) && result.out.contains(QLatin1String("192.0.2.4:50004")),
             qPrintable(result.out));
}

void TestCtl::eventsFollowStreamsUntilStoppedOrDropped_data()
{
    QTest::addColumn<bool>("dropped");
    QTest::newRow("Ctrl+C") << false;
    QTest::newRow("link dropped") << true;
}

void TestCtl::eventsFollowStreamsUntilStoppedOrDropped()
{
    QFETCH(bool, dropped);
    FakeAdminServer server;
    ConnectionEvent old;
    old.sessionId = 1;
    old.connectedAt = 1796382300123;
    server.recentEvents = {old};
    QVERIFY(server.listen());
    CtlCommandLine commandLine = parse(QStringLiteral("events --follow --json"));
    commandLine.url = server.url();
    FILE *out = std::tmpfile();
    FILE *err = std::tmpfile();
    int exitCode = -1;
    {
        CtlRunner runner(commandLine, {}, out, err);
        QSignalSpy finished(&runner, &CtlRunner::finished);
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType(admin::Subscribe).size(), 1, WaitMs);
        ConnectionEvent next = old;
        next.sessionId = 2;
        server.publishEvents({next});
        next.sessionId = 3;
        server.publishEvents({next});
        // Still running: the stream ends only when told.
        QTRY_VERIFY_WITH_TIMEOUT(readAll(out).count(QLatin1Char('\n')) == 3, WaitMs);
        QVERIFY(finished.isEmpty());
        if (dropped)
            server.abortAll();
        else
            runner.stopRequested();
        if (finished.isEmpty())
            QVERIFY(finished.wait(WaitMs));
        exitCode = finished.first().first().toInt();
    }
    const QStringList lines = readAll(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    std::fclose(out);
    std::fclose(err);
    QCOMPARE(exitCode, dropped ? 3 : 0);
    // One JSON object per line, in order.
    QCOMPARE(lines.size(), 3);
    for (int i = 0; i < lines.size(); ++i)
        QCOMPARE(QJsonDocument::fromJson(lines.at(i).toUtf8()).object().value(QLatin1String("sessionId")).toInt(), i + 1);
}

void TestCtl::commandsPrintTheNodesAnswer()
{
    FakeAdminServer server;
    server.current = nodeSnapshot();
    QVERIFY(server.listen());
    Run result = run(QStringLiteral("kick 1 2 --code 4100 --reason bye"), server.url());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QStringLiteral("did kick\n"));
    const QJsonObject kick = server.receivedOfType(admin::Command).last();
    QCOMPARE(kick.value(QLatin1String("command")).toString(), QStringLiteral("kick"));
    QCOMPARE(kick.value(QLatin1String("sessionIds")).toArray(), (QJsonArray{1, 2}));
    QCOMPARE(kick.value(QLatin1String("closeCode")).toInt(), 4100);

    result = run(QStringLiteral("ban 10.0.0.0/8 --minutes 2 --json"), server.url());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.json().object().value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(server.receivedOfType(admin::Command).last().value(QLatin1String("durationMs")).toInteger(), 120000);

    for (const char *line : {"kick-all", "unban 10.0.0.0/8", "broadcast hi", "send 2 hi"}) {
        result = run(QString::fromLatin1(line), server.url());
        QVERIFY2(result.exitCode == 0, line);
        QVERIFY2(result.out.startsWith(QLatin1String("did ")), qPrintable(result.out));
    }

    server.onCommand = [](const admin::CommandMessage &command) {
        admin::ResultMessage answer;
        answer.id = command.id;
        answer.ok = true;
        admin::NodeInfo other;
        other.name = QStringLiteral("edge-2:8080");
        other.version = QStringLiteral("0.1.0");
        answer.nodes = {other};
        return answer;
    };
    result = run(QStringLiteral("nodes --json"), server.url());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.json().array().at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("edge-2:8080"));
}

void TestCtl::kickOfAnUnknownIdFailsAndKicksNothing()
{
    FakeAdminServer server;
    server.onCommand = [](const admin::CommandMessage &command) {
        admin::ResultMessage answer;
        answer.id = command.id;
        answer.ok = true;
        answer.hasDetails = command.kind == admin::CommandKind::Details;
        answer.details.sessionId = command.sessionId;
        answer.details.found = command.sessionId == 1;
        if (answer.details.found)
            answer.details.row = makeRow(1);
        answer.message = QStringLiteral("did ") + admin::commandName(command.kind);
        return answer;
    };
    QVERIFY(server.listen());
    const Run result = run(QStringLiteral("kick 1 99"), server.url());
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QLatin1String("99")) && result.err.contains(QLatin1String("nothing was done")),
             qPrintable(result.err));
    for (const QJsonObject &command : server.receivedOfType(admin::Command))
        QCOMPARE(command.value(QLatin1String("command")).toString(), QStringLiteral("details"));
    QCOMPARE(run(QStringLiteral("send 99 hi"), server.url()).exitCode, 1);
    QCOMPARE(run(QStringLiteral("kick 1"), server.url()).exitCode, 0);
}

void TestCtl::kickAndSendOnAnotherNode()
{
    // Every command names the node: the lookups of the ids (details) and the kick itself.
    FakeAdminServer server;
    server.current = nodeSnapshot(); // the fake answers details from its own table: "C's" here
    QVERIFY(server.listen());
    Run result = run(QStringLiteral("kick 1 2 --node C --code 4321 --reason moved"), server.url());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QStringLiteral("did kick\n"));
    const QList<QJsonObject> commands = server.receivedOfType(admin::Command);
    QCOMPARE(commands.size(), 3);
    for (const QJsonObject &command : commands)
        QCOMPARE(command.value(QLatin1String("node")).toString(), QStringLiteral("C"));
    QCOMPARE(commands.last().value(QLatin1String("command")).toString(), QStringLiteral("kick"));
    QCOMPARE(commands.last().value(QLatin1String("closeCode")).toInt(), 4321);

    result = run(QStringLiteral("send 2 hi --node C"), server.url());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(server.receivedOfType(admin::Command).last().value(QLatin1String("node")).toString(), QStringLiteral("C"));

    // A client C does not have: named by C's name, nothing done.
    const qsizetype before = server.receivedOfType(admin::Command).size();
    result = run(QStringLiteral("kick 99 --node C"), server.url());
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QLatin1String("No client with id 99 on C")), qPrintable(result.err));
    QCOMPARE(server.receivedOfType(admin::Command).size(), before + 1); // the lookup only

    // --node naming the node attached to: its own clients, the field left out.
    result = run(QStringLiteral("kick 1 --node fake-node:8080"), server.url());
    QCOMPARE(result.exitCode, 0);
    QVERIFY(!server.receivedOfType(admin::Command).last().contains(QLatin1String("node")));
}

void TestCtl::anotherNodeNotReachedExits1WithWhy()
{
    FakeAdminServer server;
    server.onCommand = [](const admin::CommandMessage &command) {
        admin::ResultMessage answer;
        answer.id = command.id;
        answer.ok = false;
        answer.code = admin::Failed;
        answer.message = QStringLiteral("There is no node named %1 in the cluster.").arg(command.node);
        return answer;
    };
    QVERIFY(server.listen());
    Run result = run(QStringLiteral("kick 1 --node D"), server.url());
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.err, QStringLiteral("wsmonitor ctl: There is no node named D in the cluster.\n"));
    result = run(QStringLiteral("--json send 1 hi --node D"), server.url());
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.json().object().value(QLatin1String("code")).toString(), QStringLiteral("failed"));
    for (const QJsonObject &command : server.receivedOfType(admin::Command))
        QCOMPARE(command.value(QLatin1String("command")).toString(), QStringLiteral("details")); // nothing done
}

void TestCtl::olderNodeIsNotAskedForAnotherNode()
{
    // A node without the capability would ignore "node" and kick its own client 1.
    FakeAdminServer server;
    server.current = nodeSnapshot();
    server.hello.capabilities.removeAll(admin::ClusterControlCapability);
    QVERIFY(server.listen());
    const Run result = run(QStringLiteral("kick 1 --node C"), server.url());
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QLatin1String("older wsmonitor")), qPrintable(result.err));
    QVERIFY(server.receivedOfType(admin::Command).isEmpty());
}

void TestCtl::refusedCommandExits1()
{
    FakeAdminServer server;
    server.hello.readOnly = true;
    server.onCommand = [](const admin::CommandMessage &command) {
        admin::ResultMessage answer;
        answer.id = command.id;
        answer.ok = false;
        answer.code = admin::Forbidden;
        answer.message = QStringLiteral("this token may only watch: commands are refused");
        return answer;
    };
    QVERIFY(server.listen());
    Run result = run(QStringLiteral("kick-all"), server.url());
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QLatin1String("may only watch")), qPrintable(result.err));
    result = run(QStringLiteral("--json unban 1.2.3.4"), server.url());
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.json().object().value(QLatin1String("code")).toString(), QStringLiteral("forbidden"));
}

void TestCtl::unreachableOrRefusedExits3_data()
{
    QTest::addColumn<bool>("listening");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("nothing listens") << false << QByteArray() << "connection refused";
    QTest::newRow("no token") << true << QByteArray() << "401";
    QTest::newRow("wrong token") << true << QByteArray("wrong") << "403";
}

void TestCtl::unreachableOrRefusedExits3()
{
    QFETCH(bool, listening);
    QFETCH(QByteArray, token);
    QFETCH(QString, mentions);
    FakeAdminServer server;
    server.requiredToken = "right";
    QUrl url(QStringLiteral("ws://127.0.0.1:%1/").arg(freePort()));
    if (listening) {
        QVERIFY(server.listen());
        url = server.url();
    }
    const Run result = run(QStringLiteral("status"), url, token);
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains(mentions), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
    if (listening)
        QCOMPARE(run(QStringLiteral("status"), url, "right").exitCode, 0);
}

QTEST_GUILESS_MAIN(TestCtl)
#include "tst_ctl.moc"
