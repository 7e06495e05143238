// `wsmonitor ctl nodes` and `status` of a node in a cluster and of one outside any, against a
// scripted node (fakeadminserver.h) on 127.0.0.1: every node of the registry with the attached one
// marked and the cluster's totals, the link's state, Redis, last error and counters; as tables and
// as JSON.

#include "ctlrun.h"
#include "fakeadminserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace wsm;
using namespace wsm::test;

namespace {

constexpr qint64 Started = 1796382300123; // 2026-12-04T11:05:00.123Z

ClusterNodeInfo clusterNode(const QString &name, int clients, double rateIn, bool self)
{
    ClusterNodeInfo node;
    node.name = name;
    node.version = QStringLiteral("0.2.0");
    node.publicUrl = QStringLiteral("ws://%1.example:8080/").arg(name);
    node.adminUrl = QStringLiteral("ws://%1.example:9090/").arg(name);
    node.clients = clients;
    node.messageRateIn = rateIn;
    node.messageRateOut = rateIn * 2;
    node.startedAt = Started;
    node.updatedAt = Started + 60000;
    node.self = self;
    return node;
}

ClusterStatus cluster(bool up)
{
    ClusterStatus status;
    status.enabled = true;
    status.linkUp = up;
    status.redisUrl = QStringLiteral("redis://127.0.0.1:6379/0");
    status.nodeName = QStringLiteral("edge-1");
    status.linkChangedAt = Started + 1000; // 2026-12-04T11:05:01.123Z
    status.lastError = up ? QString() : QStringLiteral("Connection refused");
    status.nodes = {clusterNode(QStringLiteral("edge-1"), 1000, 100, true), clusterNode(QStringLiteral("edge-2"), 1200, 20.5, false),
                    clusterNode(QStringLiteral("edge-3"), 800, 3, false)};
    status.messagesPublished = 120;
    status.messagesReceived = 340;
    status.messagesDropped = 7;
    status.linkFailures = 2;
    return status;
}

Snapshot snapshotIn(const ClusterStatus &status)
{
    Snapshot snapshot;
    snapshot.takenAt = Started + 3600 * 1000;
    snapshot.startedAt = Started;
    snapshot.url = QStringLiteral("ws://127.0.0.1:8080/");
    snapshot.totals.clientsConnected = 1000;
    snapshot.cluster = status;
    return snapshot;
}

// Outside a cluster the node answers the nodes command with itself, as AdminServer does.
void answerNodesWithItself(FakeAdminServer &server)
{
    server.onCommand = [&server](const admin::CommandMessage &command) {
        admin::ResultMessage result;
        result.id = command.id;
        result.ok = true;
        result.nodes = {server.hello.node};
        return result;
    };
}

QStringList lines(const QString &text)
{
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestCtlCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nodesTable_data();
    void nodesTable();
    void nodesJson_data();
    void nodesJson();
    void statusText_data();
    void statusText();
    void statusJson_data();
    void statusJson();
};

void TestCtlCluster::nodesTable_data()
{
    QTest::addColumn<bool>("inCluster");
    QTest::newRow("in a cluster") << true;
    QTest::newRow("alone") << false;
}

void TestCtlCluster::nodesTable()
{
    QFETCH(bool, inCluster);
    FakeAdminServer server;
    server.current = snapshotIn(inCluster ? cluster(true) : ClusterStatus());
    answerNodesWithItself(server);
    QVERIFY(server.listen());
    const Run result = run(QStringLiteral("nodes"), server.url());
    QCOMPARE(result.exitCode, 0);
    const QStringList rows = lines(result.out);
    QVERIFY2(rows.first().startsWith(QLatin1String("NODE")), qPrintable(result.out));
    for (const char *header : {"VERSION", "URL", "ADMIN URL", "CLIENTS", "MSG/S IN", "MSG/S OUT", "UP SINCE (UTC)"})
        QVERIFY2(rows.first().contains(QLatin1String(header)), header);
    if (!inCluster) {
        // This node alone, as it describes itself in the answer to the nodes command.
        QCOMPARE(rows.size(), 2);
        QVERIFY2(rows.at(1).startsWith(QLatin1String("fake-node:8080 (attached)")), qPrintable(rows.at(1)));
        QCOMPARE(server.receivedOfType(admin::Command).size(), 1);
        return;
    }
    // Every node of the registry, the attached one marked, and the cluster's totals.
    QCOMPARE(rows.size(), 5);
    QVERIFY2(rows.at(1).startsWith(QLatin1String("edge-1 (attached)")), qPrintable(rows.at(1)));
    QVERIFY2(rows.at(2).startsWith(QLatin1String("edge-2 ")) && !rows.at(2).contains(QLatin1String("attached")),
             qPrintable(rows.at(2)));
    QVERIFY(rows.at(2).contains(QLatin1String("ws://edge-2.example:8080/")));
    QVERIFY(rows.at(2).contains(QLatin1String("ws://edge-2.example:9090/")));
    QVERIFY(rows.at(2).contains(QLatin1String("1200")));
    QVERIFY(rows.at(2).contains(QLatin1String("20.5")));
    QVERIFY(rows.at(2).contains(QLatin1String("2026-12-04T11:05:00.123Z")));
    QVERIFY2(rows.at(4).startsWith(QLatin1String("CLUSTER TOTAL (3 node(s))")), qPrintable(rows.at(4)));
    const qsizetype clientsColumn = rows.first().indexOf(QLatin1String("CLIENTS"));
    QCOMPARE(rows.at(4).mid(clientsColumn).section(QLatin1Char(' '), 0, 0), QStringLiteral("3000"));
    QVERIFY2(rows.at(4).contains(QLatin1String("123.5")) && rows.at(4).contains(QLatin1String("247")),
             qPrintable(rows.at(4)));
    // The registry came with the snapshot: no nodes command.
    QVERIFY(server.receivedOfType(admin::Command).isEmpty());
}

void TestCtlCluster::nodesJson_data()
{
    nodesTable_data();
}

void TestCtlCluster::nodesJson()
{
    QFETCH(bool, inCluster);
    FakeAdminServer server;
    server.current = snapshotIn(inCluster ? cluster(false) : ClusterStatus());
    answerNodesWithItself(server);
    QVERIFY(server.listen());
    const Run result = run(QStringLiteral("--json nodes"), server.url());
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.json().isArray(), qPrintable(result.out));
    const QJsonArray nodes = result.json().array();
    QCOMPARE(nodes.size(), inCluster ? 3 : 1);
    const QJsonObject first = nodes.at(0).toObject();
    QCOMPARE(first.value(QLatin1String("attached")).toBool(), true);
    for (const char *field : {"name", "version", "url", "adminUrl", "clients", "messageRateIn", "messageRateOut",
                              "startedAt", "updatedAt", "attached"})
        QVERIFY2(first.contains(QLatin1String(field)), field);
    if (!inCluster) {
        QCOMPARE(first.value(QLatin1String("name")).toString(), QStringLiteral("fake-node:8080"));
        QVERIFY(first.value(QLatin1String("updatedAt")).isNull());
        return;
    }
    const QJsonObject second = nodes.at(1).toObject();
    QCOMPARE(second.value(QLatin1String("name")).toString(), QStringLiteral("edge-2"));
    QCOMPARE(second.value(QLatin1String("attached")).toBool(), false);
    QCOMPARE(second.value(QLatin1String("url")).toString(), QStringLiteral("ws://edge-2.example:8080/"));
    QCOMPARE(second.value(QLatin1String("adminUrl")).toString(), QStringLiteral("ws://edge-2.example:9090/"));
    QCOMPARE(second.value(QLatin1String("clients")).toInt(), 1200);
    QCOMPARE(second.value(QLatin1String("messageRateIn")).toDouble(), 20.5);
    QCOMPARE(second.value(QLatin1String("messageRateOut")).toDouble(), 41.0);
    QCOMPARE(second.value(QLatin1String("startedAt")).toString(), QStringLiteral("2026-12-04T11:05:00.123Z"));
    QCOMPARE(second.value(QLatin1String("updatedAt")).toString(), QStringLiteral("2026-12-04T11:06:00.123Z"));
    QVERIFY(!second.contains(QLatin1String("self")));
}

void TestCtlCluster::statusText_data()
{
    QTest::addColumn<int>("state"); // 0 alone, 1 link up, 2 link down
    QTest::newRow("alone") << 0;
    QTest::newRow("link up") << 1;
    QTest::newRow("link down") << 2;
}

void TestCtlCluster::statusText()
{
    QFETCH(int, state);
    FakeAdminServer server;
    server.current = snapshotIn(state == 0 ? ClusterStatus() : cluster(state == 1));
    QVERIFY(server.listen());
    const Run result = run(QStringLiteral("status"), server.url());
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains(QLatin1String("fake-node:8080")));
    if (state == 0) {
        QVERIFY2(!result.out.contains(QLatin1String("Cluster")) && !result.out.contains(QLatin1String("Redis")),
                 qPrintable(result.out));
        return;
    }
    const QString link = state == 1 ? QStringLiteral("up since 2026-12-04T11:05:01.123Z")
                                    : QStringLiteral("DOWN since 2026-12-04T11:05:01.123Z");
    QVERIFY2(result.out.contains(QLatin1String("Cluster link:")) && result.out.contains(link), qPrintable(result.out));
    QVERIFY(result.out.contains(QLatin1String("redis://127.0.0.1:6379/0")));
    QCOMPARE(result.out.contains(QLatin1String("Last error:")), state == 2);
    QCOMPARE(result.out.contains(QLatin1String("Connection refused")), state == 2);
    QVERIFY2(result.out.contains(QLatin1String("120 published, 340 received, 7 dropped")), qPrintable(result.out));
}

void TestCtlCluster::statusJson_data()
{
    statusText_data();
}

void TestCtlCluster::statusJson()
{
    QFETCH(int, state);
    FakeAdminServer server;
    server.current = snapshotIn(state == 0 ? ClusterStatus() : cluster(state == 1));
    QVERIFY(server.listen());
    const Run result = run(QStringLiteral("status --json"), server.url());
    QCOMPARE(result.exitCode, 0);
    const QJsonObject status = result.json().object();
    QCOMPARE(status.value(QLatin1String("clients")).toInt(), 1000);
    QVERIFY(status.contains(QLatin1String("cluster")));
    if (state == 0) {
        QVERIFY(status.value(QLatin1String("cluster")).isNull());
        return;
    }
    const QJsonObject link = status.value(QLatin1String("cluster")).toObject();
    QCOMPARE(link.value(QLatin1String("linkUp")).toBool(), state == 1);
    QCOMPARE(link.value(QLatin1String("linkChangedAt")).toString(), QStringLiteral("2026-12-04T11:05:01.123Z"));
    QCOMPARE(link.value(QLatin1String("redisUrl")).toString(), QStringLiteral("redis://127.0.0.1:6379/0"));
    QCOMPARE(link.value(QLatin1String("nodeName")).toString(), QStringLiteral("edge-1"));
    QCOMPARE(link.value(QLatin1String("lastError")).toString(), state == 2 ? QStringLiteral("Connection refused") : QString());
    QCOMPARE(link.value(QLatin1String("messagesPublished")).toInteger(), 120);
    QCOMPARE(link.value(QLatin1String("messagesReceived")).toInteger(), 340);
    QCOMPARE(link.value(QLatin1String("messagesDropped")).toInteger(), 7);
    QCOMPARE(link.value(QLatin1String("linkFailures")).toInteger(), 2);
    QCOMPARE(link.value(QLatin1String("nodeCount")).toInt(), 3);
}

QTEST_GUILESS_MAIN(TestCtlCluster)
#include "tst_ctlcluster.moc"
