// The cluster's failures, each shown and survived: Redis killed and restarted, Redis that takes the
// connection and never answers, Redis unreachable at start. Local service never waits on Redis.

#include "clusterfixture.h"

#include <QTcpServer>
#include <QtTest>

#include <memory>
#include <vector>

using namespace wsm;
using namespace wsm::test;

class TestClusterFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void redisKilledAndRestarted();
    void redisThatNeverAnswers();
    void redisThatAcceptsAndNeverAnswersAtStart();
    void redisUnreachableAtStart();
    void stopNeverWaitsOnRedis();

private:
    ServerFixture *startNode(const ServerConfig &config, bool waitUp = true);

    std::unique_ptr<RedisServerProcess> m_redis;
    std::vector<std::unique_ptr<ServerFixture>> m_nodes;
};

void TestClusterFailures::init()
{
    m_redis = std::make_unique<RedisServerProcess>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
}

void TestClusterFailures::cleanup()
{
    m_redis->thaw(); // a frozen Redis would hold the stop of nothing, but its kill needs it running
    for (auto &node : m_nodes)
        node->stop();
    m_nodes.clear();
    m_redis.reset();
}

ServerFixture *TestClusterFailures::startNode(const ServerConfig &config, bool waitUp)
{
    auto node = std::make_unique<ServerFixture>();
    if (!node->start(config) || (waitUp && !waitForLinkUp(*node)))
        return nullptr;
    m_nodes.push_back(std::move(node));
    return m_nodes.back().get();
}

void TestClusterFailures::redisKilledAndRestarted()
{
    ServerFixture *a = startNode(clusterNodeConfig(m_redis->port()));
    ServerFixture *b = startNode(clusterNodeConfig(m_redis->port()));
    QVERIFY(a && b);
    Client talker;   // on A
    Client listener; // on A: local broadcasts
    Client remote;   // on B
    QVERIFY(talker.open(a->url));
    QVERIFY(listener.open(a->url));
    QVERIFY(remote.open(b->url));
    QTRY_COMPARE_WITH_TIMEOUT(a->last.totals.clientsConnected, 2, WaitMs);
    QCOMPARE(httpGet(a->port(), "/healthz?cluster=1").status, 200);

    QVERIFY(m_redis->kill());
    QVERIFY(waitForLinkDown(*a));
    QVERIFY(waitForLinkDown(*b));

    // Local service goes on.
    talker.socket.sendTextMessage(QStringLiteral("during"));
    QTRY_COMPARE_WITH_TIMEOUT(listener.texts, QStringList{QStringLiteral("during")}, WaitMs);
    // The outage is shown: snapshot, event, /metrics, /healthz?cluster=1; the lost broadcast counted.
    QTRY_VERIFY_WITH_TIMEOUT(a->last.cluster.messagesDropped >= 1, WaitMs);
    QVERIFY(!a->last.cluster.lastError.isEmpty());
    // The operator hears that a broadcast reached this node's clients only.
    const auto [broadcastOk, broadcastText] =
        a->result(a->controller.broadcast(OutgoingMessage::fromText(QStringLiteral("op"))));
    QVERIFY(broadcastOk);
    QVERIFY2(broadcastText.contains(QLatin1String("cluster link is down")), qPrintable(broadcastText));
    QTRY_COMPARE_WITH_TIMEOUT(listener.texts.size(), 2, WaitMs);
    QVERIFY(a->last.cluster.linkFailures >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(a->findEvent(EventKind::ClusterLinkDown).has_value(), WaitMs);
    const ConnectionEvent down = *a->findEvent(EventKind::ClusterLinkDown);
    QCOMPARE(down.peerAddress, QStringLiteral("127.0.0.1"));
    QCOMPARE(down.peerPort, m_redis->port());
    QVERIFY(!down.closeReason.isEmpty());
    const QByteArray metrics = httpGet(a->port(), "/metrics").body;
    QCOMPARE(sampleValue(metrics, "wsmonitor_cluster_link_up"), 0.0);
    QVERIFY(sampleValue(metrics, "wsmonitor_cluster_messages_dropped_total") >= 1.0);
    QVERIFY(sampleValue(metrics, "wsmonitor_cluster_link_failures_total") >= 1.0);
    const HttpReply health = httpGet(a->port(), "/healthz?cluster=1");
    QCOMPARE(health.status, 503);
    QVERIFY2(health.body.startsWith("cluster link down"), health.body.constData());
    QCOMPARE(httpGet(a->port(), "/healthz").status, 200);
    QVERIFY(remote.texts.isEmpty());

    // Back on the same port: the nodes reconnect, subscribe again, and broadcasts flow, with
    // nothing restarted.
    QVERIFY2(m_redis->restart(), qPrintable(m_redis->errorString()));
    QVERIFY(waitForLinkUp(*a));
    QVERIFY(waitForLinkUp(*b));
    QTRY_VERIFY_WITH_TIMEOUT(a->findEvent(EventKind::ClusterLinkUp, 0, [&](const ConnectionEvent &event) {
        return event.endedAt >= down.endedAt;
    }).has_value(), WaitMs);
    talker.socket.sendTextMessage(QStringLiteral("after"));
    QTRY_COMPARE_WITH_TIMEOUT(remote.texts, QStringList{QStringLiteral("after")}, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(listener.texts,
                              QStringList({QStringLiteral("during"), QStringLiteral("op"), QStringLiteral("after")}),
                              WaitMs);
    QCOMPARE(sampleValue(httpGet(a->port(), "/metrics").body, "wsmonitor_cluster_link_up"), 1.0);
    QCOMPARE(httpGet(a->port(), "/healthz?cluster=1").status, 200);
    // One down event for the one outage, however many reconnects failed meanwhile.
    QVERIFY(a->waitForSnapshotAfterNow());
    QCOMPARE(a->countEvents(EventKind::ClusterLinkDown), 1);
}

void TestClusterFailures::redisThatNeverAnswers()
{
    ServerConfig config = clusterNodeConfig(m_redis->port(), MessageMode::Echo);
    config.cluster.replyTimeoutMs = 500;
    ServerFixture *a = startNode(config);
    QVERIFY(a);
    Client bystander;
    QVERIFY(bystander.open(a->url));

    QVERIFY2(m_redis->freeze(), qPrintable(m_redis->errorString()));
    // While Redis holds every reply, the server thread is not blocked: the bystander is echoed ...
    bystander.socket.sendTextMessage(QStringLiteral("ping 1"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, QStringList{QStringLiteral("ping 1")}, WaitMs);
    QVERIFY(a->result(a->controller.broadcast(OutgoingMessage::fromText(QStringLiteral("op")))).first);
    // ... and the link times out and is shown down.
    QVERIFY(waitForLinkDown(*a));
    QTRY_VERIFY_WITH_TIMEOUT(a->findEvent(EventKind::ClusterLinkDown).has_value(), WaitMs);
    bystander.socket.sendTextMessage(QStringLiteral("ping 2"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts.size(), 3, WaitMs);
    QCOMPARE(bystander.texts.constLast(), QStringLiteral("ping 2"));
    QCOMPARE(httpGet(a->port(), "/healthz?cluster=1").status, 503);

    QVERIFY(m_redis->thaw());
    QVERIFY(waitForLinkUp(*a));
}

void TestClusterFailures::redisThatAcceptsAndNeverAnswersAtStart()
{
    // Takes the connection, never reads, never writes: no AUTH, no SELECT, the SUBSCRIBE unanswered.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> held;
    connect(&silent, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = silent.nextPendingConnection())
            held.append(socket);
    });
    ServerConfig config = clusterNodeConfig(silent.serverPort(), MessageMode::Echo);
    config.cluster.connectTimeoutMs = 300;
    config.cluster.replyTimeoutMs = 300;
    ServerFixture *a = startNode(config, false);
    QVERIFY(a);
    Client bystander;
    QVERIFY(bystander.open(a->url));
    bystander.socket.sendTextMessage(QStringLiteral("served"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, QStringList{QStringLiteral("served")}, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(a->findEvent(EventKind::ClusterLinkDown).has_value(), WaitMs);
    QVERIFY(!a->last.cluster.linkUp);
    QVERIFY(!held.isEmpty());
}

void TestClusterFailures::redisUnreachableAtStart()
{
    const quint16 port = m_redis->port();
    QVERIFY(m_redis->kill()); // the port is known and nothing listens on it
    ServerFixture *a = startNode(clusterNodeConfig(port, MessageMode::Echo), false);
    QVERIFY(a);
    // The node serves its own clients anyway ...
    Client client;
    QVERIFY(client.open(a->url));
    client.socket.sendTextMessage(QStringLiteral("alone"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts, QStringList{QStringLiteral("alone")}, WaitMs);
    // ... says once that the link is down, and keeps trying.
    QTRY_VERIFY_WITH_TIMEOUT(a->last.cluster.linkFailures >= 3, WaitMs);
    QVERIFY(a->waitForSnapshotAfterNow());
    QCOMPARE(a->countEvents(EventKind::ClusterLinkDown), 1);
    QCOMPARE(a->countEvents(EventKind::ClusterLinkUp), 0);
    QCOMPARE(httpGet(a->port(), "/healthz?cluster=1").status, 503);

    QVERIFY2(m_redis->restart(), qPrintable(m_redis->errorString()));
    QVERIFY(waitForLinkUp(*a));
    QTRY_COMPARE_WITH_TIMEOUT(a->countEvents(EventKind::ClusterLinkUp), 1, WaitMs);
    QCOMPARE(httpGet(a->port(), "/healthz?cluster=1").status, 200);
}

void TestClusterFailures::stopNeverWaitsOnRedis()
{
    ServerFixture *a = startNode(clusterNodeConfig(m_redis->port()));
    QVERIFY(a);
    QVERIFY(m_redis->freeze());
    // The registry's DEL goes unanswered; the stop does not wait for it.
    QVERIFY(a->stop());
    QCOMPARE(a->last.cluster.enabled, false);
}

QTEST_GUILESS_MAIN(TestClusterFailures)
#include "tst_clusterfailures.moc"
