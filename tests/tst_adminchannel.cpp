// End to end, the admin channel's feed and commands: a node with its AdminServer (adminchannelfixture.h),
// real admin clients, real WebSocket clients of the node.

#include "adminchannelfixture.h"
#include "fakenode.h"

#include "snapshotdelta.h"

#include <QWebSocketProtocol>

using namespace wsm;
using namespace wsm::test;

class tst_AdminChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void helloDescribesTheNode();
    void snapshotsRebuildTheNodesRows();
    void eventsRecentThenLive();
    void detailsOfAClient();
    void kickReachesTheClient();
    void kickAllClosesEveryClient();
    void banRefusesAndUnbanLetsIn();
    void sendAndBroadcast();
    void nodesAnswersThisNode();
    void nodesAnswersTheClusterItsRegistryLists();
    void readOnlyTokenMayOnlyWatch();
    void anotherNodeOutsideACluster_data();
    void anotherNodeOutsideACluster();
    void ownNameIsThisNode();

private:
    std::unique_ptr<AdminNodeFixture> m_f;
};

void tst_AdminChannel::init()
{
    m_f = std::make_unique<AdminNodeFixture>();
    QVERIFY(m_f->node.start());
}

void tst_AdminChannel::cleanup()
{
    m_f.reset();
    QCOMPARE(Session::aliveCount(), 0);
}

void tst_AdminChannel::helloDescribesTheNode()
{
    QVERIFY(m_f->startAdmin());
    QVERIFY(m_f->admin->url().startsWith(QLatin1String("ws://127.0.0.1:")));
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    const QJsonObject hello = link.messages.first();
    QCOMPARE(hello.value(QLatin1String("type")).toString(), QStringLiteral("hello"));
    QCOMPARE(hello.value(QLatin1String("protocol")).toInt(), 1);
    QCOMPARE(hello.value(QLatin1String("access")).toString(), QStringLiteral("full"));
    const QJsonObject node = hello.value(QLatin1String("node")).toObject();
    QCOMPARE(node.value(QLatin1String("name")).toString(), QStringLiteral("test-node"));
    QCOMPARE(node.value(QLatin1String("version")).toString(), QStringLiteral(WSM_VERSION));
    QCOMPARE(node.value(QLatin1String("url")).toString(), m_f->node.url.toString());
    QCOMPARE(node.value(QLatin1String("adminUrl")).toString(), m_f->admin->url());
    QCOMPARE(hello.value(QLatin1String("capabilities")).toArray().size(), admin::nodeCapabilities().size());
    // Nothing more until the client subscribes.
    QVERIFY(m_f->node.waitForSnapshotAfterNow());
    QVERIFY(m_f->node.waitForSnapshotAfterNow());
    QCOMPARE(link.messages.size(), 1);
}

void tst_AdminChannel::snapshotsRebuildTheNodesRows()
{
    QVERIFY(m_f->startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    SnapshotDecoder decoder;
    int applied = 0;
    int deltas = 0;
    bool allApplied = true;
    connect(&link.socket, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
        const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
        if (message.value(QLatin1String("type")).toString() != QLatin1String("snapshot"))
            return;
        if (applied == 0 && !message.value(QLatin1String("whole")).toBool())
            allApplied = false; // the first must be whole
        if (message.contains(QLatin1String("base")))
            ++deltas;
        allApplied = allApplied && decoder.apply(message) == SnapshotDecoder::Result::Applied;
        ++applied;
    });
    link.subscribe(true, false);
    QTRY_VERIFY_WITH_TIMEOUT(applied >= 1, WaitMs);

    Client first, second, third;
    QVERIFY(m_f->connectClient(first));
    QVERIFY(m_f->connectClient(second));
    QVERIFY(m_f->connectClient(third));
    first.socket.sendTextMessage(QStringLiteral("one"));
    QTRY_COMPARE_WITH_TIMEOUT(first.texts.size(), 1, WaitMs);
    third.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_f->node.last.totals.clientsConnected, 2, WaitMs);
    QVERIFY(m_f->node.waitForSnapshotAfterNow());

    // The rebuilt table is the node's own snapshot of the same instant, row for row.
    QTRY_VERIFY_WITH_TIMEOUT(decoder.snapshot().takenAt >= m_f->node.last.takenAt, WaitMs);
    QVERIFY(allApplied);
    QVERIFY(deltas > 0);
    const Snapshot rebuilt = decoder.snapshot();
    QVERIFY(m_f->nodeSnapshots.contains(rebuilt.takenAt));
    const Snapshot own = m_f->nodeSnapshots.value(rebuilt.takenAt);
    QCOMPARE(rebuilt.sessions.size(), 2);
    QCOMPARE(rebuilt.sessions.size(), own.sessions.size());
    for (qsizetype i = 0; i < own.sessions.size(); ++i)
        QCOMPARE(sessionRowToJson(rebuilt.sessions.at(i)), sessionRowToJson(own.sessions.at(i)));
    QCOMPARE(rebuilt.url, own.url);
    QCOMPARE(rebuilt.totals.clientsConnected, own.totals.clientsConnected);
    QCOMPARE(rebuilt.totals.messagesIn, own.totals.messagesIn);

    // A resync: the next snapshot is whole, and the deltas after it still apply.
    const int before = applied;
    link.send(QJsonObject{{QStringLiteral("type"), QStringLiteral("resync")}});
    QTRY_VERIFY_WITH_TIMEOUT(applied > before + 1, WaitMs);
    QVERIFY(link.ofType(QStringLiteral("snapshot")).at(before).value(QLatin1String("whole")).toBool());
    QVERIFY(allApplied);
}

void tst_AdminChannel::eventsRecentThenLive()
{
    QVERIFY(m_f->startAdmin());
    Client early;
    const quint64 earlyId = m_f->connectClient(early);
    QVERIFY(earlyId);
    QVERIFY(m_f->node.waitForSnapshotAfterNow()); // its connected event has reached the admin channel

    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    link.subscribe(false, true);
    QTRY_COMPARE_WITH_TIMEOUT(link.ofType(QStringLiteral("events")).size(), 1, WaitMs);
    const QJsonObject recent = link.ofType(QStringLiteral("events")).first();
    QVERIFY(recent.value(QLatin1String("recent")).toBool());
    bool sawEarly = false;
    for (const QJsonValue &event : recent.value(QLatin1String("events")).toArray()) {
        sawEarly = sawEarly || (event.toObject().value(QLatin1String("kind")).toString() == QLatin1String("connected")
                                && event.toObject().value(QLatin1String("sessionId")).toInteger() == qint64(earlyId));
    }
    QVERIFY(sawEarly);

    Client late;
    const quint64 lateId = m_f->connectClient(late);
    QVERIFY(lateId);
    const auto sawLate = [&] {
        const QList<QJsonObject> batches = link.ofType(QStringLiteral("events"));
        for (qsizetype i = 1; i < batches.size(); ++i) {
            if (batches.at(i).value(QLatin1String("recent")).toBool())
                return false;
            for (const QJsonValue &event : batches.at(i).value(QLatin1String("events")).toArray()) {
                if (event.toObject().value(QLatin1String("kind")).toString() == QLatin1String("connected")
                    && event.toObject().value(QLatin1String("sessionId")).toInteger() == qint64(lateId))
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sawLate(), WaitMs);
    // Only events were asked for.
    QVERIFY(link.ofType(QStringLiteral("snapshot")).isEmpty());
}

void tst_AdminChannel::detailsOfAClient()
{
    QVERIFY(m_f->startAdmin());
    Client client;
    const quint64 id = m_f->connectClient(client);
    QVERIFY(id);
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    const QJsonObject result = link.command(1, commandFields("details", {{QStringLiteral("sessionId"), qint64(id)}}));
    QVERIFY(result.value(QLatin1String("ok")).toBool());
    const QJsonObject details = result.value(QLatin1String("details")).toObject();
    QVERIFY(details.value(QLatin1String("found")).toBool());
    QCOMPARE(details.value(QLatin1String("row")).toObject().value(QLatin1String("id")).toInteger(), qint64(id));
    QVERIFY(details.value(QLatin1String("requestLine")).toString().startsWith(QLatin1String("GET ")));

    const QJsonObject gone = link.command(2, commandFields("details", {{QStringLiteral("sessionId"), 999999}}));
    QVERIFY(gone.value(QLatin1String("details")).isObject());
    QCOMPARE(gone.value(QLatin1String("details")).toObject().value(QLatin1String("found")).toBool(true), false);
}

void tst_AdminChannel::kickReachesTheClient()
{
    QVERIFY(m_f->startAdmin());
    Client client, bystander;
    const quint64 id = m_f->connectClient(client);
    QVERIFY(id);
    QVERIFY(m_f->connectClient(bystander));
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    const QJsonObject result = link.command(
        5, commandFields("kick", {{QStringLiteral("sessionIds"), QJsonArray{qint64(id)}},
                                  {QStringLiteral("closeCode"), 4321},
                                  {QStringLiteral("reason"), QStringLiteral("maintenance")}}));
    QVERIFY2(result.value(QLatin1String("ok")).toBool(), qPrintable(result.value(QLatin1String("message")).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(int(client.socket.closeCode()), 4321);
    QCOMPARE(client.socket.closeReason(), QStringLiteral("maintenance"));
    QVERIFY(!bystander.disconnected);

    // A close code outside 4000-4999: a failed result, "invalid".
    const QJsonObject invalid = link.command(
        6, commandFields("kick", {{QStringLiteral("sessionIds"), QJsonArray{qint64(id)}},
                                  {QStringLiteral("closeCode"), 1000}}));
    QCOMPARE(invalid.value(QLatin1String("ok")).toBool(true), false);
    QCOMPARE(invalid.value(QLatin1String("code")).toString(), QStringLiteral("invalid"));
}

void tst_AdminChannel::kickAllClosesEveryClient()
{
    QVERIFY(m_f->startAdmin());
    Client first, second;
    QVERIFY(m_f->connectClient(first));
    QVERIFY(m_f->connectClient(second));
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    const QJsonObject result = link.command(
        1, commandFields("kickAll", {{QStringLiteral("closeCode"), 4001}, {QStringLiteral("reason"), QStringLiteral("all")}}));
    QVERIFY(result.value(QLatin1String("ok")).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(first.disconnected && second.disconnected, WaitMs);
    QCOMPARE(int(first.socket.closeCode()), 4001);
    QCOMPARE(int(second.socket.closeCode()), 4001);
    QVERIFY(!link.disconnected); // admin clients are not the node's clients
}

void tst_AdminChannel::banRefusesAndUnbanLetsIn()
{
    QVERIFY(m_f->startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    const QJsonObject banned = link.command(
        1, commandFields("ban", {{QStringLiteral("target"), QStringLiteral("127.0.0.1")},
                                 {QStringLiteral("reason"), QStringLiteral("test")}}));
    QVERIFY2(banned.value(QLatin1String("ok")).toBool(), qPrintable(banned.value(QLatin1String("message")).toString()));
    RawClient refused;
    QVERIFY(refused.connectTo(m_f->node.port()));
    refused.socket.write(upgradeRequest());
    QTRY_COMPARE_WITH_TIMEOUT(refused.httpStatus(), 403, WaitMs);

    const QJsonObject unbanned = link.command(2, commandFields("unban", {{QStringLiteral("target"), QStringLiteral("127.0.0.1")}}));
    QVERIFY(unbanned.value(QLatin1String("ok")).toBool());
    Client client;
    QVERIFY(client.open(m_f->node.url));

    // The node tried and could not: "failed", with its words.
    const QJsonObject failed = link.command(3, commandFields("unban", {{QStringLiteral("target"), QStringLiteral("10.9.9.9")}}));
    QCOMPARE(failed.value(QLatin1String("ok")).toBool(true), false);
    QCOMPARE(failed.value(QLatin1String("code")).toString(), QStringLiteral("failed"));
    QVERIFY(!failed.value(QLatin1String("message")).toString().isEmpty());
}

void tst_AdminChannel::sendAndBroadcast()
{
    QVERIFY(m_f->startAdmin());
    Client first, second;
    const quint64 firstId = m_f->connectClient(first);
    QVERIFY(firstId);
    QVERIFY(m_f->connectClient(second));
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    const QJsonObject sent = link.command(
        1, commandFields("send", {{QStringLiteral("sessionId"), qint64(firstId)},
                                  {QStringLiteral("message"), textMessage(QStringLiteral("just you"))}}));
    QVERIFY(sent.value(QLatin1String("ok")).toBool());
    QTRY_COMPARE_WITH_TIMEOUT(first.texts, QStringList{QStringLiteral("just you")}, WaitMs);

    const QJsonObject broadcast = link.command(
        2, commandFields("broadcast", {{QStringLiteral("message"),
                                        QJsonObject{{QStringLiteral("kind"), QStringLiteral("binary")},
                                                    {QStringLiteral("base64"), QStringLiteral("AAH/")}}}}));
    QVERIFY(broadcast.value(QLatin1String("ok")).toBool());
    QTRY_COMPARE_WITH_TIMEOUT(first.binaries.size(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.binaries.size(), 1, WaitMs);
    QCOMPARE(second.binaries.first(), QByteArray("\x00\x01\xff", 3));
    QCOMPARE(second.texts.size(), 0);
}

void tst_AdminChannel::nodesAnswersThisNode()
{
    QVERIFY(m_f->startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    const QJsonObject result = link.command(1, commandFields("nodes"));
    QVERIFY(result.value(QLatin1String("ok")).toBool());
    const QJsonArray nodes = result.value(QLatin1String("nodes")).toArray();
    QCOMPARE(nodes.size(), 1);
    QCOMPARE(nodes.first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("test-node"));
    QCOMPARE(nodes.first().toObject().value(QLatin1String("adminUrl")).toString(), m_f->admin->url());
}

// In a cluster, `nodes` lists every node the registry lists, this one first (as ctl nodes and the
// console's Nodes pane show them), from the snapshot the node last published.
void tst_AdminChannel::nodesAnswersTheClusterItsRegistryLists()
{
    FakeNode node(QStringLiteral("ws://127.0.0.1:8080/"));
    AdminConfig config;
    config.enabled = true;
    config.listenAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.fullToken = FullToken;
    config.nodeName = QStringLiteral("edge-2");
    AdminServer admin(&node, config);
    QString error;
    QVERIFY2(admin.listen(&error), qPrintable(error));

    Snapshot snapshot;
    snapshot.takenAt = 1000;
    snapshot.cluster.enabled = true;
    snapshot.cluster.linkUp = true;
    const auto member = [](const char *name, int clients, bool self) {
        ClusterNodeInfo info;
        info.name = QLatin1String(name);
        info.version = QStringLiteral("9.9.9");
        info.publicUrl = QStringLiteral("ws://127.0.0.1:80%1/").arg(clients);
        info.adminUrl = QStringLiteral("ws://127.0.0.1:90%1/").arg(clients);
        info.clients = clients;
        info.self = self;
        return info;
    };
    snapshot.cluster.nodes = {member("edge-1", 11, false), member("edge-2", 22, true), member("edge-3", 33, false)};
    node.publish(snapshot);

    AdminLink link;
    QVERIFY(link.open(admin.url()));
    const QJsonObject result = link.command(1, commandFields("nodes"));
    QVERIFY(result.value(QLatin1String("ok")).toBool());
    const QJsonArray nodes = result.value(QLatin1String("nodes")).toArray();
    QStringList names;
    for (const QJsonValue &value : nodes)
        names.append(value.toObject().value(QLatin1String("name")).toString());
    QCOMPARE(names, (QStringList{QStringLiteral("edge-2"), QStringLiteral("edge-1"), QStringLiteral("edge-3")}));
    const QJsonObject third = nodes.at(2).toObject();
    QCOMPARE(third.value(QLatin1String("clients")).toInt(), 33);
    QCOMPARE(third.value(QLatin1String("adminUrl")).toString(), QStringLiteral("ws://127.0.0.1:9033/"));
    QCOMPARE(third.value(QLatin1String("url")).toString(), QStringLiteral("ws://127.0.0.1:8033/"));
    QCOMPARE(third.value(QLatin1String("version")).toString(), QStringLiteral("9.9.9"));
}

void tst_AdminChannel::readOnlyTokenMayOnlyWatch()
{
    QVERIFY(m_f->startAdmin());
    Client client;
    const quint64 id = m_f->connectClient(client);
    QVERIFY(id);
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url(), WatchToken));
    QCOMPARE(link.messages.first().value(QLatin1String("access")).toString(), QStringLiteral("readonly"));
    const QList<QJsonObject> refused = {
        commandFields("kick", {{QStringLiteral("sessionIds"), QJsonArray{qint64(id)}}}),
        commandFields("kickAll"),
        commandFields("ban", {{QStringLiteral("target"), QStringLiteral("10.1.1.1")}}),
        commandFields("unban", {{QStringLiteral("target"), QStringLiteral("10.1.1.1")}}),
        commandFields("send", {{QStringLiteral("sessionId"), qint64(id)}, {QStringLiteral("message"), textMessage(QStringLiteral("x"))}}),
        commandFields("broadcast", {{QStringLiteral("message"), textMessage(QStringLiteral("x"))}}),
        // On another node as here (refused before the node is even looked for).
        commandFields("kick", {{QStringLiteral("sessionIds"), QJsonArray{qint64(id)}}, {QStringLiteral("node"), QStringLiteral("C")}}),
        commandFields("send", {{QStringLiteral("sessionId"), qint64(id)}, {QStringLiteral("message"), textMessage(QStringLiteral("x"))},
                               {QStringLiteral("node"), QStringLiteral("C")}}),
    };
    quint64 requestId = 100;
    for (const QJsonObject &command : refused) {
        const QJsonObject result = link.command(++requestId, command);
        QCOMPARE(result.value(QLatin1String("ok")).toBool(true), false);
        QCOMPARE(result.value(QLatin1String("code")).toString(), QStringLiteral("forbidden"));
    }
    const QJsonObject details = link.command(++requestId, commandFields("details", {{QStringLiteral("sessionId"), qint64(id)}}));
    QVERIFY(details.value(QLatin1String("ok")).toBool());
    QVERIFY(link.command(++requestId, commandFields("nodes")).value(QLatin1String("ok")).toBool());
    // Nothing was done: the client is still there and got nothing.
    client.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts, QStringList{QStringLiteral("still here")}, WaitMs);
    QVERIFY(!client.disconnected);
}

void tst_AdminChannel::anotherNodeOutsideACluster_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("kick") << "kick";
    QTest::newRow("send") << "send";
    QTest::newRow("details") << "details";
}

void tst_AdminChannel::anotherNodeOutsideACluster()
{
    // A node without --cluster asked for a client of node C: a failed result that says why, and
    // nothing done to its own client of that id.
    QFETCH(QString, command);
    QVERIFY(m_f->startAdmin());
    Client client;
    const quint64 id = m_f->connectClient(client);
    QVERIFY(id);
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    const QJsonArray capabilities = link.messages.first().value(QLatin1String("capabilities")).toArray();
    QVERIFY(capabilities.contains(QStringLiteral("clusterControl")));
    QJsonObject fields{{QStringLiteral("command"), command}, {QStringLiteral("node"), QStringLiteral("C")}};
    if (command == QLatin1String("kick"))
        fields.insert(QStringLiteral("sessionIds"), QJsonArray{qint64(id)});
    else
        fields.insert(QStringLiteral("sessionId"), qint64(id));
    if (command == QLatin1String("send"))
        fields.insert(QStringLiteral("message"), textMessage(QStringLiteral("not for you")));
    const QJsonObject result = link.command(7, fields);
    QCOMPARE(result.value(QLatin1String("ok")).toBool(true), false);
    QCOMPARE(result.value(QLatin1String("code")).toString(), QStringLiteral("failed"));
    QCOMPARE(result.value(QLatin1String("message")).toString(),
             QStringLiteral("This node is not in a cluster: there is no node C to reach."));
    QVERIFY(!result.contains(QLatin1String("details")));
    client.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts, QStringList{QStringLiteral("still here")}, WaitMs);
    QVERIFY(!client.disconnected);
}

void tst_AdminChannel::ownNameIsThisNode()
{
    QVERIFY(m_f->startAdmin());
    Client client;
    const quint64 id = m_f->connectClient(client);
    QVERIFY(id);
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    const QJsonObject details = link.command(
        1, commandFields("details", {{QStringLiteral("sessionId"), qint64(id)}, {QStringLiteral("node"), QStringLiteral("test-node")}}));
    QVERIFY(details.value(QLatin1String("details")).toObject().value(QLatin1String("found")).toBool());
    const QJsonObject kicked = link.command(
        2, commandFields("kick", {{QStringLiteral("sessionIds"), QJsonArray{qint64(id)}},
                                  {QStringLiteral("closeCode"), 4444},
                                  {QStringLiteral("node"), QStringLiteral("test-node")}}));
    QVERIFY2(kicked.value(QLatin1String("ok")).toBool(), qPrintable(kicked.value(QLatin1String("message")).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(int(client.socket.closeCode()), 4444);
}

QTEST_GUILESS_MAIN(tst_AdminChannel)
#include "tst_adminchannel.moc"
