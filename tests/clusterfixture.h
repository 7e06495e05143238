#pragma once

// Shared by the cluster suites (tst_cluster*): several real servers in this process, each on
// 127.0.0.1 port 0 in its own thread (ServerFixture), all joined to one real redis-server
// (RedisServerProcess), with the cluster's timings short so that failures and recoveries take
// fractions of a second. Nothing here asserts a timing: the waits only bound.

#include "redisserver.h"
#include "testsupport.h"

#include <QProcess>

namespace wsm::test {

inline ServerConfig clusterNodeConfig(quint16 redisPort, MessageMode mode = MessageMode::Broadcast)
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.mode = mode;
    config.cluster.redisHost = QStringLiteral("127.0.0.1");
    config.cluster.redisPort = redisPort;
    config.cluster.connectTimeoutMs = 2000;
    config.cluster.replyTimeoutMs = 3000;
    config.cluster.reconnectMinMs = 50;
    config.cluster.reconnectMaxMs = 400;
    config.cluster.registryRefreshMs = 200;
    config.cluster.registryTtlMs = 1500;
    return config;
}

// The node's snapshots say its link is up (connected and subscribed).
inline bool waitForLinkUp(ServerFixture &node)
{
    return QTest::qWaitFor([&] { return node.last.cluster.linkUp; }, WaitMs);
}

inline bool waitForLinkDown(ServerFixture &node)
{
    return QTest::qWaitFor([&] { return node.last.cluster.enabled && !node.last.cluster.linkUp; }, WaitMs);
}

struct HttpReply
{
    int status = 0;
    QByteArray body;
};

// One GET on a plain connection, read to its end.
inline HttpReply httpGet(quint16 port, const QByteArray &target)
{
    HttpReply reply;
    RawClient client;
    if (!client.connectTo(port))
        return reply;
    client.socket.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    if (!QTest::qWaitFor([&] { return client.disconnected; }, WaitMs))
        return reply;
    reply.status = client.httpStatus();
    const qsizetype headEnd = client.received.indexOf("\r\n\r\n");
    if (headEnd >= 0)
        reply.body = client.received.mid(headEnd + 4);
    return reply;
}

// An upgrade from 127.0.0.1 and the HTTP status it was answered with (101 when let in).
inline int upgradeStatus(quint16 port)
{
    RawClient client;
    if (!client.connectTo(port))
        return 0;
    client.socket.write(upgradeRequest());
    if (!QTest::qWaitFor([&] { return client.httpStatus() != 0; }, WaitMs))
        return 0;
    return client.httpStatus();
}

// A command to the test's Redis through redis-cli (Debian's redis-tools, which redis-server
// depends on): to see what the nodes wrote, never to drive them.
inline QByteArray redisCli(quint16 port, const QStringList &arguments)
{
    QProcess cli;
    cli.start(QStringLiteral("redis-cli"), QStringList{QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                                                       QStringLiteral("-p"), QString::number(port)}
                                               + arguments);
    if (!cli.waitForFinished(WaitMs))
        return QByteArrayLiteral("<redis-cli did not finish>");
    return cli.readAllStandardOutput().trimmed();
}

} // namespace wsm::test
