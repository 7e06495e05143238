// Bans shared by the nodes of a cluster: a ban on one node refuses the address on every node with
// 403, on a node started later too; unban lifts it everywhere; the keys carry the ban's expiry.

#include "clusterbans.h"
#include "clusterfixture.h"

#include <QTest>

#include <memory>
#include <vector>

using namespace wsm;
using namespace wsm::test;

namespace {

bool hasBan(const ServerFixture &node, const QString &target)
{
    for (const Ban &ban : node.last.bans) {
        if (ban.target == target)
            return true;
    }
    return false;
}

} // namespace

class TestClusterBans : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void banJsonRoundTrips();
    void banOnOneNodeHoldsOnEveryNode();
    void banWithExpiryIsKeptWithItsTimeToLive();
    void banMadeWhileCutOffIsSharedOnReconnect();
    void banLiftedWhileCutOffIsDroppedOnReconnect();
    void identityBanClosesAndRefusesOnEveryNode();

private:
    ServerFixture *startNode(const IdentityConfig &identity = {});

    std::unique_ptr<RedisServerProcess> m_redis;
    std::vector<std::unique_ptr<ServerFixture>> m_nodes;
};

void TestClusterBans::init()
{
    m_redis = std::make_unique<RedisServerProcess>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
}

void TestClusterBans::cleanup()
{
    for (auto &node : m_nodes)
        node->stop();
    m_nodes.clear();
    m_redis.reset();
}

ServerFixture *TestClusterBans::startNode(const IdentityConfig &identity)
{
    auto node = std::make_unique<ServerFixture>();
    ServerConfig config = clusterNodeConfig(m_redis->port());
    config.identity = identity;
    if (!node->start(config) || !waitForLinkUp(*node))
        return nullptr;
    m_nodes.push_back(std::move(node));
    return m_nodes.back().get();
}

void TestClusterBans::banJsonRoundTrips()
{
    Ban ban;
    ban.target = QStringLiteral("2001:db8::/32");
    ban.reason = QStringLiteral("flood \"quoted\"");
    ban.createdAt = 1700000000123;
    ban.expiresAt = 1700000600123;
    Ban decoded;
    QVERIFY(ClusterBans::banFromJson(ClusterBans::banJson(ban, QStringLiteral("edge 1")), &decoded));
    QCOMPARE(decoded.target, ban.target);
    QCOMPARE(decoded.reason, ban.reason);
    QCOMPARE(decoded.createdAt, ban.createdAt);
    QCOMPARE(decoded.expiresAt, ban.expiresAt);
    QVERIFY(!ClusterBans::banFromJson("{}", &decoded));
    QVERIFY(!ClusterBans::banFromJson("not json", &decoded));
}

void TestClusterBans::banOnOneNodeHoldsOnEveryNode()
{
    ServerFixture *a = startNode();
    ServerFixture *b = startNode();
    ServerFixture *c = startNode();
    QVERIFY(a && b && c);
    // A client already there stays: a ban refuses new connections, as on one node.
    Client bystander;
    QVERIFY(bystander.open(b->url));

    QVERIFY(a->result(a->controller.ban(QStringLiteral("127.0.0.1"), 0, QStringLiteral("flood"))).first);
    QTRY_VERIFY_WITH_TIMEOUT(hasBan(*b, QStringLiteral("127.0.0.1")), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(hasBan(*c, QStringLiteral("127.0.0.1")), WaitMs);
    QCOMPARE(upgradeStatus(a->port()), 403);
    QCOMPARE(upgradeStatus(b->port()), 403);
    QCOMPARE(upgradeStatus(c->port()), 403);
    QTRY_VERIFY_WITH_TIMEOUT(b->findEvent(EventKind::Rejected, 0, [](const ConnectionEvent &event) {
        return event.reason == EndReason::Banned && event.closeReason.contains(QLatin1String("flood"));
    }).has_value(), WaitMs);
    // A ban until lifted: a key with no time to live.
    QCOMPARE(redisCli(m_redis->port(), {QStringLiteral("PTTL"), QStringLiteral("wsmonitor:ban:127.0.0.1")}),
             QByteArray("-1"));

    // A node started after the ban finds it in Redis.
    ServerFixture *late = startNode();
    QVERIFY(late);
    QTRY_VERIFY_WITH_TIMEOUT(hasBan(*late, QStringLiteral("127.0.0.1")), WaitMs);
    QCOMPARE(upgradeStatus(late->port()), 403);

    // Lifted on another node than the one that made it: lifted everywhere.
    QVERIFY(c->result(c->controller.unban(QStringLiteral("127.0.0.1"))).first);
    for (auto &node : m_nodes)
        QTRY_VERIFY_WITH_TIMEOUT(!hasBan(*node, QStringLiteral("127.0.0.1")), WaitMs);
    for (auto &node : m_nodes)
        QCOMPARE(upgradeStatus(node->port()), 101);
    QCOMPARE(redisCli(m_redis->port(), {QStringLiteral("EXISTS"), QStringLiteral("wsmonitor:ban:127.0.0.1")}),
             QByteArray("0"));
    QVERIFY(!bystander.disconnected);
}

void TestClusterBans::banWithExpiryIsKeptWithItsTimeToLive()
{
    ServerFixture *a = startNode();
    ServerFixture *b = startNode();
    QVERIFY(a && b);
    QVERIFY(a->result(a->controller.ban(QStringLiteral("10.1.2.3/16"), 600000, QStringLiteral("storm"))).first);
    QTRY_VERIFY_WITH_TIMEOUT(hasBan(*b, QStringLiteral("10.1.0.0/16")), WaitMs);
    const qint64 ttl = redisCli(m_redis->port(), {QStringLiteral("PTTL"), QStringLiteral("wsmonitor:ban:10.1.0.0/16")})
                           .toLongLong();
    QVERIFY2(ttl > 0 && ttl <= 600000, qPrintable(QString::number(ttl)));
    // The same expiry on both nodes: the ban's own times travel, not a new duration from receipt.
    Ban onA;
    Ban onB;
    for (const Ban &ban : a->last.bans)
        onA = ban;
    for (const Ban &ban : b->last.bans)
        onB = ban;
    QCOMPARE(onB.expiresAt, onA.expiresAt);
    QCOMPARE(onB.createdAt, onA.createdAt);
    QCOMPARE(onB.reason, QStringLiteral("storm"));
}

void TestClusterBans::banMadeWhileCutOffIsSharedOnReconnect()
{
    ServerFixture *a = startNode();
    ServerFixture *b = startNode();
    QVERIFY(a && b);
    // A ban both know, then Redis is lost with everything it held (no persistence).
    QVERIFY(a->result(a->controller.ban(QStringLiteral("192.0.2.1"), 0, QStringLiteral("old"))).first);
    QTRY_VERIFY_WITH_TIMEOUT(hasBan(*b, QStringLiteral("192.0.2.1")), WaitMs);
    QVERIFY(m_redis->kill());
    QVERIFY(waitForLinkDown(*a));
    QVERIFY(waitForLinkDown(*b));

    // Made while cut off: it holds here at once ...
    QVERIFY(a->result(a->controller.ban(QStringLiteral("127.0.0.1"), 0, QStringLiteral("cut off"))).first);
    QCOMPARE(upgradeStatus(a->port()), 403);
    QCOMPARE(upgradeStatus(b->port()), 101);

    // ... and everywhere once the link is back; the empty Redis gets the older ban again too.
    QVERIFY2(m_redis->restart(), qPrintable(m_redis->errorString()));
    QVERIFY(waitForLinkUp(*a));
    QVERIFY(waitForLinkUp(*b));
    QTRY_VERIFY_WITH_TIMEOUT(hasBan(*b, QStringLiteral("127.0.0.1")), WaitMs);
    QCOMPARE(upgradeStatus(b->port()), 403);
    QVERIFY(hasBan(*b, QStringLiteral("192.0.2.1")));
    ServerFixture *late = startNode();
    QVERIFY(late);
    QTRY_VERIFY_WITH_TIMEOUT(hasBan(*late, QStringLiteral("127.0.0.1")) && hasBan(*late, QStringLiteral("192.0.2.1")),
                             WaitMs);
}

void TestClusterBans::banLiftedWhileCutOffIsDroppedOnReconnect()
{
    ServerFixture *a = startNode();
    QVERIFY(a);
    QVERIFY(a->result(a->controller.ban(QStringLiteral("192.0.2.9"), 0, QStringLiteral("x"))).first);
    QVERIFY(a->result(a->controller.ban(QStringLiteral("192.0.2.10"), 0, QStringLiteral("y"))).first);
    QTRY_COMPARE_WITH_TIMEOUT(redisCli(m_redis->port(), {QStringLiteral("EXISTS"), QStringLiteral("wsmonitor:ban:192.0.2.9")}),
                              QByteArray("1"), WaitMs);
    // Lifted elsewhere while this node was cut off: the key is gone and the announcement never
    // reached it. The same Redis (its data kept), so the reload takes the key's absence for a lift.
    QCOMPARE(redisCli(m_redis->port(), {QStringLiteral("DEL"), QStringLiteral("wsmonitor:ban:192.0.2.9")}),
             QByteArray("1"));
    const quint64 failures = a->last.cluster.linkFailures;
    QCOMPARE(redisCli(m_redis->port(), {QStringLiteral("CLIENT"), QStringLiteral("KILL"), QStringLiteral("TYPE"),
                                        QStringLiteral("pubsub")}),
             QByteArray("1"));
    QTRY_VERIFY_WITH_TIMEOUT(a->last.cluster.linkFailures > failures, WaitMs);
    QVERIFY(waitForLinkUp(*a));
    QTRY_VERIFY_WITH_TIMEOUT(!hasBan(*a, QStringLiteral("192.0.2.9")), WaitMs);
    QVERIFY(hasBan(*a, QStringLiteral("192.0.2.10")));
}

// An identity ban travels as any other target: the other node closes that identity's open
// connection and refuses it from then on, whatever address it comes from.
void TestClusterBans::identityBanClosesAndRefusesOnEveryNode()
{
    IdentityConfig identity;
    identity.source = IdentitySource::Query; // unverified names: no keys needed for the bans' path
    identity.parameterName = QStringLiteral("user");
    ServerFixture *a = startNode(identity);
    ServerFixture *b = startNode(identity);
    QVERIFY(a && b);
    QUrl eveUrl = b->url;
    eveUrl.setQuery(QStringLiteral("user=eve"));
    Client eve;
    QVERIFY(eve.open(eveUrl));
    Client bystander;
    QVERIFY(bystander.open(b->url));

    QVERIFY(a->result(a->controller.ban(QStringLiteral("identity:eve"), 0, QStringLiteral("abuse"))).first);
    QTRY_VERIFY_WITH_TIMEOUT(hasBan(*b, QStringLiteral("identity:eve")), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(eve.disconnected, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(b->findEvent(EventKind::Closed, 0, [](const ConnectionEvent &event) {
        return event.reason == EndReason::Banned && event.identity == QLatin1String("eve");
    }).has_value(), WaitMs);
    QVERIFY(!bystander.disconnected);
    Client again;
    QSignalSpy refused(&again.socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    again.socket.open(eveUrl);
    QVERIFY(refused.wait(WaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(b->findEvent(EventKind::Rejected, 0, [](const ConnectionEvent &event) {
        return event.reason == EndReason::Banned && event.identity == QLatin1String("eve");
    }).has_value(), WaitMs);
    QCOMPARE(redisCli(m_redis->port(), {QStringLiteral("EXISTS"), QStringLiteral("wsmonitor:ban:identity:eve")}),
             QByteArray("1"));
}

QTEST_GUILESS_MAIN(TestClusterBans)
#include "tst_clusterbans.moc"
