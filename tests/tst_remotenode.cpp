// RemoteNode against a scripted admin channel (fakeadminserver.h) on 127.0.0.1: attaching, the
// table rebuilt from whole and delta snapshots, gaps and malformed messages answered by a resync,
// a dropped link and the reconnect, commands and their results, refusals and the backoff.

#include "fakeadminserver.h"
#include "remotenode.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace wsm;
using namespace wsm::test;

namespace {

constexpr int WaitMs = 15000;

using Call = std::function<quint64(RemoteNode &)>;

SessionRow makeRow(quint64 id, quint64 messagesIn = 0)
{
    SessionRow row;
    row.id = id;
    row.peerAddress = QStringLiteral("10.0.0.%1").arg(id);
    row.peerPort = quint16(40000 + id);
    row.connectedAt = 1764843000000 + qint64(id);
    row.path = QStringLiteral("/chat");
    row.messagesIn = messagesIn;
    row.rttMs = -1;
    return row;
}

Snapshot makeSnapshot(const QList<SessionRow> &rows, qint64 takenAt)
{
    Snapshot snapshot;
    snapshot.takenAt = takenAt;
    snapshot.startedAt = 1764843000000;
    snapshot.url = QStringLiteral("ws://127.0.0.1:8080/");
    snapshot.sessions = rows;
    snapshot.totals.clientsConnected = int(rows.size());
    return snapshot;
}

ConnectionEvent makeEvent(quint64 sessionId, qint64 at)
{
    ConnectionEvent event;
    event.kind = EventKind::Connected;
    event.sessionId = sessionId;
    event.peerAddress = QStringLiteral("10.0.0.%1").arg(sessionId);
    event.peerPort = quint16(40000 + sessionId);
    event.connectedAt = at;
    return event;
}

QList<quint64> ids(const Snapshot &snapshot)
{
    QList<quint64> list;
    for (const SessionRow &row : snapshot.sessions)
        list.append(row.id);
    return list;
}

// What the console sees of a node: every snapshot and event batch, every answer.
class Console : public QObject
{
public:
    explicit Console(RemoteNode *node)
    {
        connect(node, &ServerNode::snapshotReady, this,
                [this](const Snapshot &snapshot, const QList<ConnectionEvent> &batch) {
                    last = snapshot;
                    ++snapshots;
                    batches.append(batch);
                });
        connect(node, &ServerNode::commandFinished, this, [this](quint64 id, bool ok, const QString &message) {
            results.insert(id, {ok, message});
        });
        connect(node, &ServerNode::clientDetailsReady, this,
                [this](quint64 id, const ClientDetails &details) { details_.insert(id, details); });
        connect(node, &ServerNode::linkStateChanged, this,
                [this](ServerNode::LinkState state) { states.append(state); });
    }

    Snapshot last;
    int snapshots = 0;
    QList<QList<ConnectionEvent>> batches;
    QHash<quint64, std::pair<bool, QString>> results;
    QHash<quint64, ClientDetails> details_;
    QList<ServerNode::LinkState> states;
};

} // namespace

Q_DECLARE_METATYPE(Call)

class TestRemoteNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void attachesAndRebuildsTheTableFromDeltas();
    void gapAsksForAWholeSnapshot();
    void malformedSnapshotIsCountedAndResynced();
    void eventsGoWithTheNextSnapshot_data();
    void eventsGoWithTheNextSnapshot();
    void droppedLinkIsLostAtOnceThenReconnects_data();
    void droppedLinkIsLostAtOnceThenReconnects();
    void commandsMapToTheirJson_data();
    void commandsMapToTheirJson();
    void resultsComeBackWithTheConsolesIds();
    void detailsAnswerWithClientDetails();
    void olderNodeIsNotAskedForAnotherNode();
    void callWhileLostFailsLaterNotInside();
    void outstandingCallsFailWhenTheLinkDrops();
    void startAndStopAreRefused();
    void refusedTokenSaysWhyAndBacksOff_data();
    void refusedTokenSaysWhyAndBacksOff();
    void newerProtocolIsRefusedClearly();
    void readOnlyTokenIsReported();
};

void TestRemoteNode::attachesAndRebuildsTheTableFromDeltas()
{
    FakeAdminServer server;
    server.current = makeSnapshot({makeRow(1), makeRow(2)}, 1000);
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    Console console(&node);
    QCOMPARE(node.linkState(), ServerNode::LinkState::Connecting);
    QCOMPARE(node.displayName(), QStringLiteral("127.0.0.1:%1").arg(server.port()));

    QTRY_COMPARE_WITH_TIMEOUT(console.snapshots, 1, WaitMs);
    QCOMPARE(node.linkState(), ServerNode::LinkState::Connected);
    QCOMPARE(console.states, QList<ServerNode::LinkState>{ServerNode::LinkState::Connected});
    QCOMPARE(ids(console.last), (QList<quint64>{1, 2}));
    QCOMPARE(node.displayName(), QStringLiteral("fake-node:8080"));
    QCOMPARE(node.version(), QStringLiteral("9.9.9"));
    QCOMPARE(node.nodeInfo().url, QStringLiteral("ws://127.0.0.1:8080/"));
    QCOMPARE(node.url(), server.url().toString());
    QVERIFY(!node.isReadOnly());
    QVERIFY(!node.canStartAndStop());
    const QList<QJsonObject> subscribes = server.receivedOfType(admin::Subscribe);
    QCOMPARE(subscribes.size(), 1);
    QVERIFY(subscribes.first().value(QLatin1String("snapshots")).toBool());
    QVERIFY(subscribes.first().value(QLatin1String("events")).toBool());

    // Client 2 leaves, 1 sends, 3 arrives: the table follows the deltas.
    server.publish(makeSnapshot({makeRow(1, 5), makeRow(3)}, 1250));
    QTRY_COMPARE_WITH_TIMEOUT(console.snapshots, 2, WaitMs);
    QCOMPARE(ids(console.last), (QList<quint64>{1, 3}));
    QCOMPARE(console.last.sessions.first().messagesIn, quint64(5));
    QCOMPARE(console.last.takenAt, qint64(1250));
    server.publish(makeSnapshot({makeRow(3), makeRow(4)}, 1500));
    QTRY_COMPARE_WITH_TIMEOUT(console.snapshots, 3, WaitMs);
    QCOMPARE(ids(console.last), (QList<quint64>{3, 4}));
    QCOMPARE(console.last.totals.clientsConnected, 2);
    QCOMPARE(node.resyncsRequested(), 0);
}

void TestRemoteNode::gapAsksForAWholeSnapshot()
{
    FakeAdminServer server;
    server.current = makeSnapshot({makeRow(1)}, 1000);
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    Console console(&node);
    QTRY_COMPARE_WITH_TIMEOUT(console.snapshots, 1, WaitMs);

    server.lose(makeSnapshot({makeRow(1), makeRow(2)}, 1250));
    server.publish(makeSnapshot({makeRow(1), makeRow(2), makeRow(3)}, 1500)); // base 2, applied 1
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType(admin::Resync).size(), 1, WaitMs);
    QCOMPARE(node.resyncsRequested(), 1);
    QCOMPARE(console.snapshots, 1); // nothing wrong was shown
    // Deltas that still do not follow ask nothing more; the whole one sets the table right.
    server.publish(makeSnapshot({makeRow(2), makeRow(3), makeRow(4)}, 1750));
    QTRY_COMPARE_WITH_TIMEOUT(console.snapshots, 2, WaitMs);
    QCOMPARE(ids(console.last), (QList<quint64>{2, 3, 4}));
    QCOMPARE(node.resyncsRequested(), 1);
    QCOMPARE(node.linkState(), ServerNode::LinkState::Connected);
}

void TestRemoteNode::malformedSnapshotIsCountedAndResynced()
{
    FakeAdminServer server;
    server.current = makeSnapshot({makeRow(1)}, 1000);
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    Console console(&node);
    QTRY_COMPARE_WITH_TIMEOUT(console.snapshots, 1, WaitMs);

    server.sendToAll(QStringLiteral(R"({"type":"snapshot","seq":2,"base":1,"totals":{"clientsConnected":"many"}})"));
    QTRY_COMPARE_WITH_TIMEOUT(node.malformedSnapshots(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType(admin::Resync).size(), 1, WaitMs);
    QCOMPARE(console.snapshots, 1);
    server.publish(makeSnapshot({makeRow(7)}, 1500));
    QTRY_COMPARE_WITH_TIMEOUT(console.snapshots, 2, WaitMs);
    QCOMPARE(ids(console.last), QList<quint64>{7});
    QCOMPARE(node.linkState(), ServerNode::LinkState::Connected);
}

void TestRemoteNode::eventsGoWithTheNextSnapshot_data()
{
    QTest::addColumn<bool>("recentEventsFirst");
    QTest::newRow("whole snapshot, then the recent events") << false;
    QTest::newRow("recent events, then the whole snapshot") << true;
}

void TestRemoteNode::eventsGoWithTheNextSnapshot()
{
    QFETCH(bool, recentEventsFirst);
    FakeAdminServer server;
    server.recentEventsFirst = recentEventsFirst;
    server.current = makeSnapshot({makeRow(1)}, 1000);
    server.recentEvents = {makeEvent(1, 900), makeEvent(2, 950)};
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    Console console(&node);
    QTRY_COMPARE_WITH_TIMEOUT(console.snapshots, 1, WaitMs);
    QCOMPARE(console.batches.first().size(), 2); // the recent history, with the first snapshot

    server.publishEvents({makeEvent(3, 1100)});
    server.publishEvents({makeEvent(4, 1200)});
    server.publish(makeSnapshot({makeRow(1), makeRow(3), makeRow(4)}, 1250));
    server.publish(makeSnapshot({makeRow(1), makeRow(3), makeRow(4)}, 1500));
    QTRY_COMPARE_WITH_TIMEOUT(console.snapshots, 3, WaitMs);
    QCOMPARE(console.batches.at(1).size(), 2); // both batches, once, with the snapshot after them
    QCOMPARE(console.batches.at(1).at(0).sessionId, quint64(3));
    QCOMPARE(console.batches.at(1).at(1).sessionId, quint64(4));
    QVERIFY(console.batches.at(2).isEmpty());
}

void TestRemoteNode::droppedLinkIsLostAtOnceThenReconnects_data()
{
    QTest::addColumn<bool>("closeInOrder");
    QTest::newRow("node closes the link") << true;
    QTest::newRow("connection aborted") << false;
}

void TestRemoteNode::droppedLinkIsLostAtOnceThenReconnects()
{
    QFETCH(bool, closeInOrder);
    const quint16 port = freePort();
    QVERIFY(port != 0);
    auto server = std::make_unique<FakeAdminServer>();
    server->current = makeSnapshot({makeRow(1)}, 1000);
    server->recentEvents = {makeEvent(1, 900)};
    QVERIFY(server->listen(port));
    RemoteNode node(server->url(), {});
    node.setBackoff(20, 100, false);
    Console console(&node);
    QSignalSpy retries(&node, &RemoteNode::reconnectScheduled);
    QTRY_COMPARE_WITH_TIMEOUT(console.snapshots, 1, WaitMs);
    // An event on its way when the link drops: no snapshot carries it before the drop.
    server->publishEvents({makeEvent(5, 1100)});

    server->stopListening();
    if (closeInOrder)
        server->closeAll();
    else
        server->abortAll();
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Lost, WaitMs);
    QCOMPARE(console.states.last(), ServerNode::LinkState::Lost);
    QVERIFY2(!node.lastError().isEmpty(), "the loss says why");
    if (closeInOrder)
        QVERIFY2(node.lastError().contains(QLatin1String("node shutting down")), qPrintable(node.lastError()));
    // Nothing listens: attempts fail, each later than the one before, and it stays Lost.
    QTRY_VERIFY_WITH_TIMEOUT(retries.size() >= 3, WaitMs);
    QCOMPARE(retries.at(0).at(0).toInt(), 20);
    QCOMPARE(retries.at(1).at(0).toInt(), 40);
    QCOMPARE(retries.at(2).at(0).toInt(), 80);
    QCOMPARE(node.linkState(), ServerNode::LinkState::Lost);
    const int statesWhileLost = int(console.states.size());

    // The node is back on the same port: attached again from a whole snapshot, resubscribed.
    server = std::make_unique<FakeAdminServer>();
    server->current = makeSnapshot({makeRow(2), makeRow(3)}, 5000);
    server->recentEvents = {makeEvent(1, 900), makeEvent(5, 1100), makeEvent(2, 4000)};
    QVERIFY(server->listen(port));
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Connected, WaitMs);
    QCOMPARE(console.states.size(), statesWhileLost + 1);
    QCOMPARE(console.snapshots, 2);
    QCOMPARE(ids(console.last), (QList<quint64>{2, 3}));
    QCOMPARE(server->receivedOfType(admin::Subscribe).size(), 1);
    QVERIFY(node.lastError().isEmpty());
    // The history sent again holds an event already shown and, perhaps, the one held when the link
    // dropped: each is handed over once.
    QList<quint64> sessions;
    for (const ConnectionEvent &event : console.batches.last())
        sessions.append(event.sessionId);
    std::sort(sessions.begin(), sessions.end());
    QCOMPARE(sessions, (QList<quint64>{2, 5}));

    // The backoff starts afresh after an attach.
    retries.clear();
    server->abortAll();
    QTRY_VERIFY_WITH_TIMEOUT(!retries.isEmpty(), WaitMs);
    QCOMPARE(retries.first().at(0).toInt(), 20);
}

void TestRemoteNode::commandsMapToTheirJson_data()
{
    QTest::addColumn<Call>("call");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("kick") << Call([](RemoteNode &node) {
        return node.kick({12, 14}, 4001, QStringLiteral("maintenance"), 2000);
    }) << QByteArray(R"({"command": "kick", "sessionIds": [12, 14], "closeCode": 4001, "reason": "maintenance",
                         "spreadMs": 2000})");
    QTest::newRow("kickAll") << Call([](RemoteNode &node) {
        return node.kickAll(4000, QStringLiteral("bye"), 0);
    }) << QByteArray(R"({"command": "kickAll", "closeCode": 4000, "reason": "bye", "spreadMs": 0})");
    QTest::newRow("ban") << Call([](RemoteNode &node) {
        return node.ban(QStringLiteral("10.0.0.0/8"), 60000, QStringLiteral("abuse"));
    }) << QByteArray(R"({"command": "ban", "target": "10.0.0.0/8", "durationMs": 60000, "reason": "abuse"})");
    QTest::newRow("unban") << Call([](RemoteNode &node) {
        return node.unban(QStringLiteral("10.0.0.0/8"));
    }) << QByteArray(R"({"command": "unban", "target": "10.0.0.0/8"})");
    QTest::newRow("send text") << Call([](RemoteNode &node) {
        return node.send(7, OutgoingMessage::fromText(QStringLiteral("hi")));
    }) << QByteArray(R"({"command": "send", "sessionId": 7, "message": {"kind": "text", "text": "hi"}})");
    QTest::newRow("broadcast binary") << Call([](RemoteNode &node) {
        return node.broadcast(OutgoingMessage::fromBinary(QByteArray("\x01\x02", 2)));
    }) << QByteArray(R"({"command": "broadcast", "message": {"kind": "binary", "base64": "AQI="}})");
    QTest::newRow("details") << Call([](RemoteNode &node) {
        return node.requestClientDetails(9);
    }) << QByteArray(R"({"command": "details", "sessionId": 9})");
    QTest::newRow("kick on another node") << Call([](RemoteNode &node) {
        return node.kickOnNode(QStringLiteral("C"), {12}, 4321, QStringLiteral("moved"));
    }) << QByteArray(R"({"command": "kick", "sessionIds": [12], "closeCode": 4321, "reason": "moved",
                         "spreadMs": 0, "node": "C"})");
    QTest::newRow("send on another node") << Call([](RemoteNode &node) {
        return node.sendOnNode(QStringLiteral("C"), 7, OutgoingMessage::fromText(QStringLiteral("hi")));
    }) << QByteArray(R"({"command": "send", "sessionId": 7, "message": {"kind": "text", "text": "hi"}, "node": "C"})");
    QTest::newRow("details on another node") << Call([](RemoteNode &node) {
        return node.requestClientDetailsOnNode(QStringLiteral("C"), 9);
    }) << QByteArray(R"({"command": "details", "sessionId": 9, "node": "C"})");
    QTest::newRow("details on the node itself") << Call([](RemoteNode &node) {
        return node.requestClientDetailsOnNode(QStringLiteral("fake-node:8080"), 9);
    }) << QByteArray(R"({"command": "details", "sessionId": 9})");
}

void TestRemoteNode::commandsMapToTheirJson()
{
    QFETCH(Call, call);
    QFETCH(QByteArray, expected);
    FakeAdminServer server;
    server.answerCommands = false;
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    Console console(&node);
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Connected, WaitMs);

    const quint64 requestId = call(node);
    QVERIFY(requestId != 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType(admin::Command).size(), 1, WaitMs);
    QJsonObject sent = server.receivedOfType(admin::Command).first();
    QVERIFY(sent.value(QLatin1String("id")).isDouble());
    sent.remove(QStringLiteral("id"));
    sent.remove(QStringLiteral("type"));
    QCOMPARE(sent, QJsonDocument::fromJson(expected).object());
}

void TestRemoteNode::resultsComeBackWithTheConsolesIds()
{
    FakeAdminServer server;
    server.answerCommands = false;
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    Console console(&node);
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Connected, WaitMs);

    // The console's ids are the node object's own; the wire ids are the link's.
    const quint64 start = node.start(ServerConfig()); // takes an id too, so the two numberings differ
    const quint64 kick = node.kick({1}, 4000, QString());
    const quint64 ban = node.ban(QStringLiteral("10.1.1.1"), 0, QString());
    QVERIFY(start != kick && kick != ban);
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType(admin::Command).size(), 2, WaitMs);
    const QList<QJsonObject> commands = server.receivedOfType(admin::Command);
    const quint64 kickWire = quint64(commands.at(0).value(QLatin1String("id")).toInteger());
    const quint64 banWire = quint64(commands.at(1).value(QLatin1String("id")).toInteger());

    // Answered in the other order, one refused.
    admin::ResultMessage banResult;
    banResult.id = banWire;
    banResult.ok = false;
    banResult.code = admin::Invalid;
    banResult.message = QStringLiteral("not an address");
    server.answer(banResult);
    admin::ResultMessage kickResult;
    kickResult.id = kickWire;
    kickResult.ok = true;
    kickResult.message = QStringLiteral("Kicked 1 client");
    server.answer(kickResult);
    QTRY_COMPARE_WITH_TIMEOUT(console.results.size(), 3, WaitMs);
    QCOMPARE(console.results.value(kick), std::make_pair(true, QStringLiteral("Kicked 1 client")));
    QCOMPARE(console.results.value(ban), std::make_pair(false, QStringLiteral("not an address")));
    QVERIFY(!console.results.value(start).first);
}

void TestRemoteNode::detailsAnswerWithClientDetails()
{
    FakeAdminServer server;
    server.onCommand = [](const admin::CommandMessage &command) {
        admin::ResultMessage result;
        result.id = command.id;
        result.ok = true;
        result.hasDetails = true;
        result.details.sessionId = command.sessionId;
        result.details.found = true;
        result.details.row = makeRow(command.sessionId);
        result.details.requestLine = QStringLiteral("GET /chat HTTP/1.1");
        return result;
    };
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    Console console(&node);
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Connected, WaitMs);
    const quint64 id = node.requestClientDetails(5);
    QTRY_VERIFY_WITH_TIMEOUT(console.details_.contains(id), WaitMs);
    QVERIFY(console.details_.value(id).found);
    QCOMPARE(console.details_.value(id).row.id, quint64(5));
    QCOMPARE(console.details_.value(id).requestLine, QStringLiteral("GET /chat HTTP/1.1"));
    QVERIFY(!console.results.contains(id));
}

void TestRemoteNode::olderNodeIsNotAskedForAnotherNode()
{
    // Its hello lacks clusterControl: it would ignore "node" and act on its own client of that id.
    FakeAdminServer server;
    server.hello.capabilities.removeAll(admin::ClusterControlCapability);
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    Console console(&node);
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Connected, WaitMs);
    const quint64 id = node.kickOnNode(QStringLiteral("C"), {1}, 4000, QString());
    QVERIFY(!console.results.contains(id)); // never from inside the call
    QTRY_VERIFY_WITH_TIMEOUT(console.results.contains(id), WaitMs);
    QCOMPARE(console.results.value(id).first, false);
    QVERIFY2(console.results.value(id).second.contains(QLatin1String("older wsmonitor")),
             qPrintable(console.results.value(id).second));
    QVERIFY(server.receivedOfType(admin::Command).isEmpty());
}

void TestRemoteNode::callWhileLostFailsLaterNotInside()
{
    const quint16 port = freePort();
    RemoteNode node(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)), {});
    node.setBackoff(60000, 60000, false);
    Console console(&node);
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Lost, WaitMs);
    QVERIFY2(node.lastError().contains(QLatin1String("connection refused")), qPrintable(node.lastError()));

    const quint64 id = node.kick({1}, 4000, QString());
    QVERIFY(!console.results.contains(id)); // never from inside the call
    QTRY_VERIFY_WITH_TIMEOUT(console.results.contains(id), WaitMs);
    QVERIFY(!console.results.value(id).first);
    QVERIFY2(console.results.value(id).second.contains(QLatin1String("node unreachable")),
             qPrintable(console.results.value(id).second));
}

void TestRemoteNode::outstandingCallsFailWhenTheLinkDrops()
{
    FakeAdminServer server;
    server.answerCommands = false;
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    node.setBackoff(60000, 60000, false);
    Console console(&node);
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Connected, WaitMs);
    const quint64 kick = node.kickAll(4000, QString());
    const quint64 details = node.requestClientDetails(3);
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType(admin::Command).size(), 2, WaitMs);

    server.closeAll();
    QTRY_COMPARE_WITH_TIMEOUT(console.results.size(), 2, WaitMs);
    for (quint64 id : {kick, details}) {
        QVERIFY(!console.results.value(id).first);
        QVERIFY2(console.results.value(id).second.contains(QLatin1String("node shutting down")),
                 qPrintable(console.results.value(id).second));
    }
    QCOMPARE(node.linkState(), ServerNode::LinkState::Lost);
}

void TestRemoteNode::startAndStopAreRefused()
{
    FakeAdminServer server;
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    Console console(&node);
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Connected, WaitMs);
    const quint64 start = node.start(ServerConfig());
    const quint64 stop = node.stop();
    QVERIFY(console.results.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(console.results.size(), 2, WaitMs);
    QVERIFY(!console.results.value(start).first);
    QVERIFY(console.results.value(start).second.contains(QLatin1String("runs on its own")));
    QVERIFY(!console.results.value(stop).first);
    QVERIFY(server.receivedOfType(admin::Command).isEmpty());
}

void TestRemoteNode::refusedTokenSaysWhyAndBacksOff_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("why");
    QTest::newRow("no token: 401") << QByteArray() << QStringLiteral("401");
    QTest::newRow("wrong token: 403") << QByteArray("wrong") << QStringLiteral("403");
}

void TestRemoteNode::refusedTokenSaysWhyAndBacksOff()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, why);
    FakeAdminServer server;
    server.requiredToken = "right";
    QVERIFY(server.listen());
    RemoteNode node(server.url(), token);
    node.setBackoff(10, 40, false);
    Console console(&node);
    QSignalSpy retries(&node, &RemoteNode::reconnectScheduled);
    QTRY_VERIFY_WITH_TIMEOUT(retries.size() >= 4, WaitMs);
    QCOMPARE(node.linkState(), ServerNode::LinkState::Lost);
    QCOMPARE(console.states, QList<ServerNode::LinkState>{ServerNode::LinkState::Lost});
    QVERIFY2(node.lastError().contains(why) && node.lastError().contains(QLatin1String("refused")),
             qPrintable(node.lastError()));
    // Doubling, capped: no storm of attempts.
    QCOMPARE(retries.at(0).at(0).toInt(), 10);
    QCOMPARE(retries.at(1).at(0).toInt(), 20);
    QCOMPARE(retries.at(2).at(0).toInt(), 40);
    QCOMPARE(retries.at(3).at(0).toInt(), 40);
    QVERIFY(server.attempts >= 4);
    QCOMPARE(console.snapshots, 0);

    // The right token attaches.
    RemoteNode right(server.url(), "right");
    QTRY_COMPARE_WITH_TIMEOUT(right.linkState(), ServerNode::LinkState::Connected, WaitMs);
}

void TestRemoteNode::newerProtocolIsRefusedClearly()
{
    FakeAdminServer server;
    server.hello.protocol = admin::ProtocolVersion + 1;
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    node.setBackoff(60000, 60000, false);
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Lost, WaitMs);
    QVERIFY2(node.lastError().contains(QLatin1String("protocol 2")), qPrintable(node.lastError()));
    QVERIFY(server.receivedOfType(admin::Subscribe).isEmpty());
}

void TestRemoteNode::readOnlyTokenIsReported()
{
    FakeAdminServer server;
    server.hello.readOnly = true;
    QVERIFY(server.listen());
    RemoteNode node(server.url(), {});
    QTRY_COMPARE_WITH_TIMEOUT(node.linkState(), ServerNode::LinkState::Connected, WaitMs);
    QVERIFY(node.isReadOnly());
}

QTEST_GUILESS_MAIN(TestRemoteNode)
#include "tst_remotenode.moc"
