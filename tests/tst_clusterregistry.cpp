// The cluster's register of nodes (each node's key with a time to live, listed in every snapshot),
// and what /metrics and /healthz say with and without a cluster.

#include "clusterfixture.h"
#include "clusterregistry.h"

#include <QHostInfo>
#include <QTest>

#include <memory>
#include <vector>

using namespace wsm;
using namespace wsm::test;

namespace {

const ClusterNodeInfo *nodeNamed(const ServerFixture &node, const QString &name)
{
    for (const ClusterNodeInfo &info : node.last.cluster.nodes) {
        if (info.name == name)
            return &info;
    }
    return nullptr;
}

} // namespace

class TestClusterRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void nodeJsonRoundTrips();
    void nodesListEachOtherAndLeave();
    void joinAndLeaveAreSeenAtOnce();
    void statusNamesTheLink();
    void withoutClusterNoClusterSeries();

private:
    std::unique_ptr<RedisServerProcess> m_redis;
    std::vector<std::unique_ptr<ServerFixture>> m_nodes;
};

void TestClusterRegistry::init()
{
    m_redis = std::make_unique<RedisServerProcess>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
}

void TestClusterRegistry::cleanup()
{
    for (auto &node : m_nodes)
        node->stop();
    m_nodes.clear();
    m_redis.reset();
}

void TestClusterRegistry::nodeJsonRoundTrips()
{
    ClusterNodeInfo node;
    node.name = QStringLiteral("edge 1:8080");
    node.version = QStringLiteral("0.1.0");
    node.publicUrl = QStringLiteral("ws://127.0.0.1:8080/");
    node.adminUrl = QStringLiteral("ws://127.0.0.1:9090/admin");
    node.clients = 12;
    node.messageRateIn = 2.5;
    node.messageRateOut = 30;
    node.startedAt = 1700000000000;
    node.updatedAt = 1700000005000;
    ClusterNodeInfo decoded;
    QVERIFY(ClusterRegistry::nodeFromJson(ClusterRegistry::nodeJson(node), &decoded));
    QCOMPARE(decoded.name, node.name);
    QCOMPARE(decoded.version, node.version);
    QCOMPARE(decoded.publicUrl, node.publicUrl);
    QCOMPARE(decoded.adminUrl, node.adminUrl);
    QCOMPARE(decoded.clients, node.clients);
    QCOMPARE(decoded.messageRateIn, node.messageRateIn);
    QCOMPARE(decoded.messageRateOut, node.messageRateOut);
    QCOMPARE(decoded.startedAt, node.startedAt);
    QCOMPARE(decoded.updatedAt, node.updatedAt);
    QVERIFY(!ClusterRegistry::nodeFromJson("{}", &decoded));
}

void TestClusterRegistry::nodesListEachOtherAndLeave()
{
    constexpr int Nodes = 3;
    QStringList names;
    for (int i = 0; i < Nodes; ++i) {
        auto node = std::make_unique<ServerFixture>();
        ServerConfig config = clusterNodeConfig(m_redis->port());
        config.cluster.nodeName = QStringLiteral("node %1: test").arg(i);
        names.append(config.cluster.nodeName);
        // As the admin channel's owner passes it in once it listens (here: any URL will do).
        node->controller.setClusterAdminUrl(QStringLiteral("ws://127.0.0.1:%1/admin").arg(9100 + i));
        QVERIFY(node->start(config));
        QVERIFY(waitForLinkUp(*node));
        m_nodes.push_back(std::move(node));
    }
    Client client;
    QVERIFY(client.open(m_nodes[1]->url));

    for (int i = 0; i < Nodes; ++i) {
        ServerFixture &node = *m_nodes[size_t(i)];
        QTRY_COMPARE_WITH_TIMEOUT(node.last.cluster.nodes.size(), Nodes, WaitMs);
        for (int j = 0; j < Nodes; ++j) {
            const ClusterNodeInfo *info = nodeNamed(node, names[j]);
            QVERIFY(info);
            QCOMPARE(info->self, i == j);
            QCOMPARE(info->adminUrl, QStringLiteral("ws://127.0.0.1:%1/admin").arg(9100 + j));
            QCOMPARE(info->publicUrl, m_nodes[size_t(j)]->url.toString());
            QCOMPARE(info->version, QStringLiteral(WSM_VERSION));
            QVERIFY(info->startedAt > 0);
        }
        QVERIFY(std::is_sorted(node.last.cluster.nodes.cbegin(), node.last.cluster.nodes.cend(),
                               [](const ClusterNodeInfo &a, const ClusterNodeInfo &b) { return a.name < b.name; }));
    }
    QTRY_COMPARE_WITH_TIMEOUT(nodeNamed(*m_nodes[0], names[1]) ? nodeNamed(*m_nodes[0], names[1])->clients : -1, 1,
                              WaitMs);
    QCOMPARE(sampleValue(httpGet(m_nodes[0]->port(), "/metrics").body, "wsmonitor_cluster_nodes"), double(Nodes));

    // A node that stops leaves the list (its key is deleted; without that, its time to live ends it).
    QVERIFY(m_nodes[2]->stop());
    QTRY_COMPARE_WITH_TIMEOUT(m_nodes[0]->last.cluster.nodes.size(), Nodes - 1, WaitMs);
    QVERIFY(!nodeNamed(*m_nodes[0], names[2]));
    QTRY_COMPARE_WITH_TIMEOUT(m_nodes[1]->last.cluster.nodes.size(), Nodes - 1, WaitMs);
}

// A node that joins or leaves is listed, or no longer listed, by the others at once, not at their next
// refresh nor when its key's time to live ends: both are set far beyond the wait here.
void TestClusterRegistry::joinAndLeaveAreSeenAtOnce()
{
    QStringList names;
    for (int i = 0; i < 2; ++i) {
        auto node = std::make_unique<ServerFixture>();
        ServerConfig config = clusterNodeConfig(m_redis->port());
        config.cluster.registryRefreshMs = 10 * WaitMs;
        config.cluster.registryTtlMs = 20 * WaitMs;
        config.cluster.nodeName = QStringLiteral("joiner-%1").arg(i);
        names.append(config.cluster.nodeName);
        QVERIFY(node->start(config));
        QVERIFY(waitForLinkUp(*node));
        m_nodes.push_back(std::move(node));
        if (i == 0) // the first lists itself (its read at link up) before the second comes
            QTRY_COMPARE_WITH_TIMEOUT(m_nodes[0]->last.cluster.nodes.size(), 1, WaitMs);
    }
    QTRY_VERIFY_WITH_TIMEOUT(nodeNamed(*m_nodes[0], names[1]), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_nodes[1]->last.cluster.nodes.size(), 2, WaitMs);

    QVERIFY(m_nodes[1]->stop());
    QTRY_COMPARE_WITH_TIMEOUT(m_nodes[0]->last.cluster.nodes.size(), 1, WaitMs);
    QVERIFY(nodeNamed(*m_nodes[0], names[0]));
}

void TestClusterRegistry::statusNamesTheLink()
{
    auto node = std::make_unique<ServerFixture>();
    ServerConfig config = clusterNodeConfig(m_redis->port());
    config.cluster.redisDatabase = 3;
    QVERIFY(node->start(config));
    QVERIFY(waitForLinkUp(*node));
    const ClusterStatus status = node->last.cluster;
    QVERIFY(status.enabled);
    QCOMPARE(status.redisUrl, QStringLiteral("redis://127.0.0.1:%1/3").arg(m_redis->port()));
    // Without --node-name: the host name and the port the node took.
    QCOMPARE(status.nodeName, QHostInfo::localHostName() + QLatin1Char(':') + QString::number(node->port()));
    QVERIFY(status.linkChangedAt > 0);
    QTRY_VERIFY_WITH_TIMEOUT(node->findEvent(EventKind::ClusterLinkUp).has_value(), WaitMs);
    // The link's series, all present.
    const QByteArray metrics = httpGet(node->port(), "/metrics").body;
    for (const char *series : {"wsmonitor_cluster_link_up", "wsmonitor_cluster_nodes",
                               "wsmonitor_cluster_messages_published_total", "wsmonitor_cluster_messages_received_total",
                               "wsmonitor_cluster_messages_dropped_total", "wsmonitor_cluster_link_failures_total"}) {
        QVERIFY2(!qIsNaN(sampleValue(metrics, series)), series);
        QVERIFY2(metrics.contains(QByteArray(QByteArray("# TYPE ") + series)), series);
    }
    QCOMPARE(sampleValue(metrics, "wsmonitor_cluster_link_up"), 1.0);
    const HttpReply health = httpGet(node->port(), "/healthz?cluster=1");
    QCOMPARE(health.status, 200);
    m_nodes.push_back(std::move(node));
}

void TestClusterRegistry::withoutClusterNoClusterSeries()
{
    auto node = std::make_unique<ServerFixture>();
    QVERIFY(node->start());
    QVERIFY(node->waitForSnapshotAfterNow());
    QVERIFY(!node->last.cluster.enabled);
    QVERIFY(!httpGet(node->port(), "/metrics").body.contains("wsmonitor_cluster_"));
    // Asked about a cluster it is not in, a node that serves says so, with 200.
    const HttpReply health = httpGet(node->port(), "/healthz?cluster=1");
    QCOMPARE(health.status, 200);
    QVERIFY2(health.body.contains("not in a cluster"), health.body.constData());
    m_nodes.push_back(std::move(node));
}

QTEST_GUILESS_MAIN(TestClusterRegistry)
#include "tst_clusterregistry.moc"
