// Broadcasts across the nodes of a cluster: every client of every node receives each message once,
// in its sender's order; nothing is republished; echo and sink stay local; the wire form.

#include "clusterfixture.h"
#include "clusterlink.h"
#include "sseclient.h"

#include <QTest>

#include <memory>
#include <vector>

using namespace wsm;
using namespace wsm::test;

class TestClusterBroadcast : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void wireFormatRoundTrips_data();
    void wireFormatRoundTrips();
    void wireFormatRefusesWhatIsNotOurs_data();
    void wireFormatRefusesWhatIsNotOurs();
    void everyClientOnEveryNodeGetsEachMessageOnceInOrder();
    void operatorBroadcastReachesEveryNode();
    void binaryCrossesIntact();
    void echoStaysLocal();
    void eventStreamsOnEveryNodeGetBroadcasts();

private:
    bool startNodes(int count, MessageMode mode);

    std::unique_ptr<RedisServerProcess> m_redis;
    std::vector<std::unique_ptr<ServerFixture>> m_nodes;
};

void TestClusterBroadcast::init()
{
    m_redis = std::make_unique<RedisServerProcess>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
}

void TestClusterBroadcast::cleanup()
{
    for (auto &node : m_nodes)
        node->stop();
    m_nodes.clear();
    m_redis.reset();
}

bool TestClusterBroadcast::startNodes(int count, MessageMode mode)
{
    for (int i = 0; i < count; ++i) {
        auto node = std::make_unique<ServerFixture>();
        if (!node->start(clusterNodeConfig(m_redis->port(), mode)))
            return false;
        m_nodes.push_back(std::move(node));
    }
    for (auto &node : m_nodes) {
        if (!waitForLinkUp(*node))
            return false;
    }
    return true;
}

void TestClusterBroadcast::wireFormatRoundTrips_data()
{
    QTest::addColumn<QString>("node");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("text") << QStringLiteral("edge-1:8080") << false << QByteArray("hello");
    QTest::newRow("a node name with spaces and colons") << QStringLiteral("edge 1: west :9") << false << QByteArray("x");
    QTest::newRow("a node name with a newline and non-ASCII") << QStringLiteral("n\n\u8282\u70b9") << false
                                                              << QByteArray("y");
    QTest::newRow("binary with newlines and zeros") << QStringLiteral("b") << true
                                                    << QByteArray("\n1 3 abc 7 t\n\0\xff", 15);
    QTest::newRow("empty payload") << QStringLiteral("e") << false << QByteArray();
}

void TestClusterBroadcast::wireFormatRoundTrips()
{
    QFETCH(QString, node);
    QFETCH(bool, binary);
    QFETCH(QByteArray, payload);
    const QByteArray wire = ClusterLink::encodeBroadcast({node, 42, binary, payload});
    QVERIFY(wire.startsWith("1 "));
    ClusterLink::Broadcast decoded;
    QVERIFY(ClusterLink::decodeBroadcast(wire, &decoded));
    QCOMPARE(decoded.node, node);
    QCOMPARE(decoded.sequence, quint64(42));
    QCOMPARE(decoded.binary, binary);
    QCOMPARE(decoded.payload, payload);
}

void TestClusterBroadcast::wireFormatRefusesWhatIsNotOurs_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("another version") << QByteArray("2 1 a 1 t\nx");
    QTest::newRow("node longer than the message") << QByteArray("1 99 a 1 t\nx");
    QTest::newRow("no sequence") << QByteArray("1 1 a  t\nx");
    QTest::newRow("unknown kind") << QByteArray("1 1 a 1 z\nx");
    QTest::newRow("no end of header") << QByteArray("1 1 a 1 t");
    QTest::newRow("a length that is not a number") << QByteArray("1 x a 1 t\n");
}

void TestClusterBroadcast::wireFormatRefusesWhatIsNotOurs()
{
    QFETCH(QByteArray, wire);
    ClusterLink::Broadcast decoded;
    QVERIFY(!ClusterLink::decodeBroadcast(wire, &decoded));
}

void TestClusterBroadcast::everyClientOnEveryNodeGetsEachMessageOnceInOrder()
{
    constexpr int Nodes = 3;
    constexpr int ClientsPerNode = 10;
    constexpr int Messages = 1000;
    QVERIFY(startNodes(Nodes, MessageMode::Broadcast));

    std::vector<std::unique_ptr<Client>> clients;
    for (int n = 0; n < Nodes; ++n) {
        for (int c = 0; c < ClientsPerNode; ++c) {
            clients.push_back(std::make_unique<Client>());
            QVERIFY(clients.back()->open(m_nodes[size_t(n)]->url));
        }
    }
    const int total = int(clients.size());
    // Every node has every one of its clients registered before the first message.
    for (int n = 0; n < Nodes; ++n)
        QTRY_COMPARE_WITH_TIMEOUT(m_nodes[size_t(n)]->last.totals.clientsConnected, ClientsPerNode, WaitMs);

    // Round robin over the clients of every node: "sender sequence".
    QList<int> sentBy(total, 0);
    for (int i = 0; i < Messages; ++i) {
        const int sender = i % total;
        clients[size_t(sender)]->socket.sendTextMessage(QStringLiteral("%1 %2").arg(sender).arg(sentBy[sender]++));
    }
    for (int c = 0; c < total; ++c) {
        const int expected = Messages - sentBy[c];
        QTRY_VERIFY2_WITH_TIMEOUT(clients[size_t(c)]->texts.size() >= expected,
                                  qPrintable(QStringLiteral("client %1 has %2 of %3")
                                                 .arg(c)
                                                 .arg(clients[size_t(c)]->texts.size())
                                                 .arg(expected)),
                                  4 * WaitMs);
    }
    // Anything late (a duplicate) would have arrived by the snapshot after now on every node.
    for (auto &node : m_nodes)
        QVERIFY(node->waitForSnapshotAfterNow());

    for (int c = 0; c < total; ++c) {
        QCOMPARE(clients[size_t(c)]->texts.size(), Messages - sentBy[c]);
        QList<int> next(total, 0);
        for (const QString &text : std::as_const(clients[size_t(c)]->texts)) {
            const QStringList parts = text.split(QLatin1Char(' '));
            QCOMPARE(parts.size(), 2);
            const int sender = parts[0].toInt();
            QVERIFY2(sender != c, "a client received its own message");
            QCOMPARE(parts[1].toInt(), next[sender]); // once each, in its sender's order
            ++next[sender];
        }
    }
    // Each node published what its clients sent, once, and received the others'; nothing lost.
    for (int n = 0; n < Nodes; ++n) {
        int fromHere = 0;
        for (int c = n * ClientsPerNode; c < (n + 1) * ClientsPerNode; ++c)
            fromHere += sentBy[c];
        const ClusterStatus cluster = m_nodes[size_t(n)]->last.cluster;
        QCOMPARE(cluster.messagesPublished, quint64(fromHere));
        QCOMPARE(cluster.messagesReceived, quint64(Messages - fromHere));
        QCOMPARE(cluster.messagesDropped, quint64(0));
    }
}

void TestClusterBroadcast::operatorBroadcastReachesEveryNode()
{
    QVERIFY(startNodes(3, MessageMode::Echo));
    std::vector<std::unique_ptr<Client>> clients;
    for (auto &node : m_nodes) {
        clients.push_back(std::make_unique<Client>());
        QVERIFY(clients.back()->open(node->url));
    }
    const auto [ok, text] =
        m_nodes[0]->result(m_nodes[0]->controller.broadcast(OutgoingMessage::fromText(QStringLiteral("notice"))));
    QVERIFY(ok);
    // The operator hears that it went beyond this node's own clients.
    QVERIFY2(text.contains(QLatin1String("published to the cluster's other nodes")), qPrintable(text));
    for (auto &client : clients)
        QTRY_COMPARE_WITH_TIMEOUT(client->texts, QStringList{QStringLiteral("notice")}, WaitMs);
    for (auto &node : m_nodes)
        QVERIFY(node->waitForSnapshotAfterNow());
    for (auto &client : clients)
        QCOMPARE(client->texts, QStringList{QStringLiteral("notice")}); // once, never republished
    QCOMPARE(m_nodes[0]->last.cluster.messagesPublished, quint64(1));
    QCOMPARE(m_nodes[1]->last.cluster.messagesPublished, quint64(0));
    QCOMPARE(m_nodes[1]->last.cluster.messagesReceived, quint64(1));
}

void TestClusterBroadcast::binaryCrossesIntact()
{
    QVERIFY(startNodes(2, MessageMode::Broadcast));
    Client sender;
    Client receiver;
    QVERIFY(sender.open(m_nodes[0]->url));
    QVERIFY(receiver.open(m_nodes[1]->url));
    QByteArray payload;
    for (int i = 0; i < 70000; ++i)
        payload.append(char(i % 256));
    payload.prepend("1 2 xy 3 t\n");
    sender.socket.sendBinaryMessage(payload);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.binaries.size(), 1, WaitMs);
    QCOMPARE(receiver.binaries.constFirst(), payload);
    QVERIFY(receiver.texts.isEmpty());
}

void TestClusterBroadcast::echoStaysLocal()
{
    QVERIFY(startNodes(2, MessageMode::Echo));
    Client here;
    Client there;
    QVERIFY(here.open(m_nodes[0]->url));
    QVERIFY(there.open(m_nodes[1]->url));
    here.socket.sendTextMessage(QStringLiteral("mine"));
    QTRY_COMPARE_WITH_TIMEOUT(here.texts, QStringList{QStringLiteral("mine")}, WaitMs);
    for (auto &node : m_nodes)
        QVERIFY(node->waitForSnapshotAfterNow());
    QCOMPARE(m_nodes[0]->last.cluster.messagesPublished, quint64(0));
    QCOMPARE(m_nodes[1]->last.cluster.messagesReceived, quint64(0));
    QVERIFY(there.texts.isEmpty());
}

void TestClusterBroadcast::eventStreamsOnEveryNodeGetBroadcasts()
{
    QVERIFY(startNodes(2, MessageMode::Broadcast));
    SseClient stream;
    QVERIFY(stream.open(m_nodes[1]->port()));
    QCOMPARE(stream.status(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_nodes[1]->last.totals.sseClients, 1, WaitMs);
    Client sender;
    QVERIFY(sender.open(m_nodes[0]->url));
    QTRY_COMPARE_WITH_TIMEOUT(m_nodes[0]->last.totals.clientsConnected, 1, WaitMs);

    // A WebSocket client's message on one node, the operator's broadcast on it, binary too.
    // One at a time: the client's socket and the operator's call are two ways in, unordered.
    sender.socket.sendTextMessage(QStringLiteral("from node 0"));
    QVERIFY(stream.waitForEvents(1));
    QVERIFY(m_nodes[0]->result(m_nodes[0]->controller.broadcast(OutgoingMessage::fromText(QStringLiteral("operator")))).first);
    QVERIFY(m_nodes[0]->result(m_nodes[0]->controller.broadcast(OutgoingMessage::fromBinary(QByteArray("\x00\x01", 2)))).first);
    QVERIFY(stream.waitForEvents(3));
    QCOMPARE(stream.events.at(0).data, QByteArray("from node 0"));
    QCOMPARE(stream.events.at(1).data, QByteArray("operator"));
    QCOMPARE(stream.events.at(2).event, QByteArray("binary"));
    QCOMPARE(QByteArray::fromBase64(stream.events.at(2).data), QByteArray("\x00\x01", 2));
    // With ids of the node the stream is on, increasing.
    QVERIFY(stream.events.at(0).id.toULongLong() < stream.events.at(1).id.toULongLong());
}

QTEST_GUILESS_MAIN(TestClusterBroadcast)
#include "tst_clusterbroadcast.moc"
