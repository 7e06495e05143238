// `wsmonitor ctl` as an operator or a script runs it: the real binary in a child process, without a
// display, against a scripted node (fakeadminserver.h) served by this test's event loop. What it
// prints, its JSON read back, and its exit codes.

#include "fakeadminserver.h"
#include "nodeprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace wsm;
using namespace wsm::test;

namespace {

// Runs `wsmonitor ctl ARGS...` while this event loop keeps serving the scripted node.
Result ctl(const QStringList &arguments, const QProcessEnvironment &environment = cleanEnvironment())
{
    return runWsmonitor(QStringList{QStringLiteral("ctl")} + arguments, environment);
}

Snapshot twoClients()
{
    Snapshot snapshot;
    snapshot.takenAt = 1796382301123;
    snapshot.startedAt = 1796382000000;
    snapshot.url = QStringLiteral("ws://127.0.0.1:8080/");
    // The node's heartbeat, by which each row is judged: the defaults (10 s, timeout 30 s).
    snapshot.heartbeatIntervalMs = 10000;
    snapshot.heartbeatTimeoutMs = 30000;
    for (quint64 id : {1, 2}) {
        SessionRow row;
        row.id = id;
        row.peerAddress = QStringLiteral("127.0.0.1");
        row.peerPort = quint16(40000 + id);
        row.connectedAt = 1796382300123;
        row.lastSeenAt = 1796382301000;
        row.path = QStringLiteral("/");
        row.messagesIn = id;
        row.rttMs = -1;
        snapshot.sessions.append(row);
    }
    snapshot.totals.clientsConnected = 2;
    return snapshot;
}

} // namespace

class TestCtlProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helpAndBadCommandLines_data();
    void helpAndBadCommandLines();
    void clientsJsonFromTheBinary();
    void everyCommandAgainstANode_data();
    void everyCommandAgainstANode();
    void tokenFromAFileOrTheEnvironment();
    void unreachableAndRefusedExit3();
    void readOnlyTokenExits1();
};

void TestCtlProcess::helpAndBadCommandLines_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions"); // on stdout for 0, on stderr for 2
    QTest::newRow("ctl --help") << words("--help") << 0 << "kick-all";
    QTest::newRow("kick --help") << words("kick --help") << 0 << "--code";
    QTest::newRow("no command") << QStringList() << 2 << "No command";
    QTest::newRow("unknown command") << words("frob") << 2 << "'frob'";
    QTest::newRow("bad option") << words("kick 1 --bogus") << 2 << "'--bogus'";
    QTest::newRow("bad code") << words("kick-all --code 99") << 2 << "--code";
    QTest::newRow("bad URL") << words("--connect http://x/ status") << 2 << "--connect";
    QTest::newRow("unreadable token file") << words("--token-file /nonexistent/token status") << 2 << "/nonexistent/token";
}

void TestCtlProcess::helpAndBadCommandLines()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    const Result result = ctl(arguments);
    QCOMPARE(result.exitCode, exitCode);
    const QString &text = exitCode == 0 ? result.out : result.err;
    QVERIFY2(text.contains(mentions), qPrintable(text));
}

void TestCtlProcess::clientsJsonFromTheBinary()
{
    FakeAdminServer server;
    server.current = twoClients();
    QVERIFY(server.listen());
    const Result result = ctl({QStringLiteral("--connect"), server.url().toString(), QStringLiteral("--json"),
                               QStringLiteral("clients")});
    QCOMPARE(result.exitCode, 0);
    const QJsonArray clients = result.json().array();
    QCOMPARE(clients.size(), 2);
    const QJsonObject second = clients.at(1).toObject();
    QCOMPARE(second.value(QLatin1String("id")).toInteger(), 2);
    QCOMPARE(second.value(QLatin1String("node")).toString(), QStringLiteral("fake-node:8080"));
    QCOMPARE(second.value(QLatin1String("peer")).toString(), QStringLiteral("127.0.0.1:40002"));
    QCOMPARE(second.value(QLatin1String("connectedAt")).toString(), QStringLiteral("2026-12-04T11:05:00.123Z"));
    QCOMPARE(second.value(QLatin1String("heartbeat")).toString(), QStringLiteral("ok"));
    QVERIFY(second.value(QLatin1String("rttMs")).isNull());
    QCOMPARE(second.value(QLatin1String("messagesIn")).toInteger(), 2);
    QVERIFY(result.err.isEmpty());
}

void TestCtlProcess::everyCommandAgainstANode_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("command"); // the command the node receives last; empty for none
    QTest::addColumn<QString>("mentions");
    QTest::newRow("status") << words("status") << "" << "fake-node:8080";
    QTest::newRow("clients") << words("clients") << "" << "127.0.0.1:40001";
    QTest::newRow("events") << words("events") << "" << "TIME (UTC)";
    QTest::newRow("bans") << words("bans") << "" << "TARGET";
    QTest::newRow("kick") << words("kick 1 2 --code 4001 --reason bye") << "kick" << "did kick";
    QTest::newRow("kick-all") << words("kick-all") << "kickAll" << "did kickAll";
    QTest::newRow("ban") << words("ban 10.0.0.0/8 --minutes 5") << "ban" << "did ban";
    QTest::newRow("unban") << words("unban 10.0.0.0/8") << "unban" << "did unban";
    QTest::newRow("send") << QStringList{QStringLiteral("send"), QStringLiteral("2"), QStringLiteral("hello there")}
                          << "send" << "did send";
    QTest::newRow("broadcast") << words("broadcast hi") << "broadcast" << "did broadcast";
    QTest::newRow("nodes") << words("nodes") << "nodes" << "NODE";
}

void TestCtlProcess::everyCommandAgainstANode()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, command);
    QFETCH(QString, mentions);
    FakeAdminServer server;
    server.current = twoClients();
    QVERIFY(server.listen());
    const Result result = ctl(QStringList{QStringLiteral("--connect"), server.url().toString()} + arguments);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(result.out.contains(mentions), qPrintable(result.out));
    const QList<QJsonObject> commands = server.receivedOfType(admin::Command);
    if (command.isEmpty()) {
        QVERIFY(commands.isEmpty());
    } else {
        QVERIFY(!commands.isEmpty());
        QCOMPARE(commands.last().value(QLatin1String("command")).toString(), command);
    }
}

void TestCtlProcess::tokenFromAFileOrTheEnvironment()
{
    FakeAdminServer server;
    server.requiredToken = "s3cret";
    QVERIFY(server.listen());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("admin.token")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("s3cret\n");
    file.close();

    Result result = ctl({QStringLiteral("--connect"), server.url().toString(), QStringLiteral("--token-file"),
                         file.fileName(), QStringLiteral("status")});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QProcessEnvironment environment = cleanEnvironment();
    environment.insert(QStringLiteral("WSMONITOR_ADMIN"), server.url().toString());
    environment.insert(QStringLiteral("WSMONITOR_ADMIN_TOKEN_FILE"), file.fileName());
    result = ctl(words("status"), environment);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
}

void TestCtlProcess::unreachableAndRefusedExit3()
{
    Result result = ctl({QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:%1/").arg(freePort()),
                         QStringLiteral("status")});
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains(QLatin1String("connection refused")), qPrintable(result.err));

    FakeAdminServer server;
    server.requiredToken = "s3cret";
    QVERIFY(server.listen());
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("wrong.token")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("wrong");
    file.close();
    result = ctl({QStringLiteral("--connect"), server.url().toString(), QStringLiteral("--token-file"),
                  file.fileName(), QStringLiteral("kick-all")});
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains(QLatin1String("403")), qPrintable(result.err));
    QVERIFY(server.receivedOfType(admin::Command).isEmpty());
}

void TestCtlProcess::readOnlyTokenExits1()
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
    const Result result = ctl({QStringLiteral("--connect"), server.url().toString(), QStringLiteral("broadcast"),
                               QStringLiteral("hi")});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QLatin1String("may only watch")), qPrintable(result.err));
}

QTEST_GUILESS_MAIN(TestCtlProcess)
#include "tst_ctlprocess.moc"
