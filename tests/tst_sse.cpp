// End to end: Server-Sent Events (--sse-path) beside the WebSocket path, with raw HTTP clients on
// 127.0.0.1 reading the event stream as an EventSource would (sseclient.h). The limits (a slow
// reader, a client that goes away, the heartbeat) are in tst_sselimits.

#include "sseclient.h"
#include "testsupport.h"

#include <QTest>

#include <memory>

using namespace wsm;
using namespace wsm::test;

class TestSse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void streamAnswersWithItsHeadersAndRetry();
    void eventsCarryIncreasingIds();
    void multiLineMessageStaysOneEvent_data();
    void multiLineMessageStaysOneEvent();
    void binaryGoesAsBase64();
    void webSocketClientsBroadcastReachStreams();
    void lastEventIdReplaysWhatTheRingHolds();
    void lastEventIdBeyondTheRingIsToldMissed();
    void kickEndsTheStream();
    void banRefusesAStream();
    void tokenInTheQueryOpensAStream();
    void originIsCheckedAndAllowedOneGetsCors();
    void requestsThatAreNoStreamAreAnswered_data();
    void requestsThatAreNoStreamAreAnswered();
    void metricsCountByKind();

private:
    ServerConfig sseConfig() const
    {
        ServerConfig config = ServerFixture::defaultConfig();
        config.sseRetryMs = 1500;
        return config;
    }
    // Opens a stream and waits until the server lists its session; its id, 0 on failure.
    quint64 openStream(SseClient &client, const QByteArray &target = "/events", const QByteArray &headers = {});

    std::unique_ptr<ServerFixture> m_server;
};

void TestSse::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void TestSse::cleanup()
{
    m_server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 0, WaitMs);
}

quint64 TestSse::openStream(SseClient &client, const QByteArray &target, const QByteArray &headers)
{
    if (!client.open(m_server->port(), target, headers) || client.status() != 200)
        return 0;
    return m_server->sessionIdForPort(client.socket.localPort());
}

void TestSse::streamAnswersWithItsHeadersAndRetry()
{
    QVERIFY(m_server->start(sseConfig()));
    SseClient client;
    const quint64 id = openStream(client);
    QVERIFY(id != 0);
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(client.header("cache-control"), QByteArray("no-cache"));
    QCOMPARE(client.header("x-accel-buffering"), QByteArray("no"));
    // Open-ended: the connection delimits the stream.
    QVERIFY(client.header("content-length").isNull());
    QVERIFY(client.header("transfer-encoding").isNull());
    QTRY_COMPARE_WITH_TIMEOUT(client.retries, QList<QByteArray>{"1500"}, WaitMs);
    QVERIFY(client.body.startsWith("retry: 1500\n\n"));

    const SessionRow row = *m_server->rowForPeerPort(client.socket.localPort());
    QCOMPARE(row.kind, ClientKind::Sse);
    QCOMPARE(row.path, QStringLiteral("/events"));
    QCOMPARE(row.rttMs, -1.0);
    QCOMPARE(m_server->last.totals.sseClients, 1);
    QCOMPARE(m_server->last.totals.clientsConnected, 1);
    const std::optional<ConnectionEvent> connected = m_server->findEvent(EventKind::Connected, id);
    QVERIFY(connected);
    QCOMPARE(connected->clientKind, ClientKind::Sse);

    // A WebSocket beside it is of its own kind.
    Client ws;
    QVERIFY(ws.open(m_server->url));
    const quint64 wsId = m_server->sessionIdForPort(ws.localPort());
    QVERIFY(wsId != 0);
    QCOMPARE(m_server->rowForPeerPort(ws.localPort())->kind, ClientKind::WebSocket);
    QCOMPARE(m_server->findEvent(EventKind::Connected, wsId)->clientKind, ClientKind::WebSocket);
}

void TestSse::eventsCarryIncreasingIds()
{
    QVERIFY(m_server->start(sseConfig()));
    SseClient client, other;
    const quint64 id = openStream(client);
    QVERIFY(id != 0);
    QVERIFY(openStream(other) != 0);

    QVERIFY(m_server->result(m_server->controller.send(id, OutgoingMessage::fromText(QStringLiteral("to you")))).first);
    QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromText(QStringLiteral("to all")))).first);
    QVERIFY(m_server->result(m_server->controller.send(id, OutgoingMessage::fromText(QStringLiteral("héllo")))).first);
    QVERIFY(client.waitForEvents(3));
    QCOMPARE(client.events.at(0).data, QByteArray("to you"));
    QCOMPARE(client.events.at(1).data, QByteArray("to all"));
    QCOMPARE(client.events.at(2).data, QStringLiteral("héllo").toUtf8());
    bool ok = false;
    quint64 previous = 0;
    for (const SseMessage &event : std::as_const(client.events)) {
        QVERIFY(event.event.isEmpty());
        const quint64 eventId = event.id.toULongLong(&ok);
        QVERIFY2(ok, event.id.constData());
        QVERIFY(eventId > previous);
        previous = eventId;
    }
    // One counter for the node: the other stream got the broadcast under the same id.
    QVERIFY(other.waitForEvents(1));
    QCOMPARE(other.events.size(), 1);
    QCOMPARE(other.events.at(0).id, client.events.at(1).id);

    // Counted and kept like frames, for the table and the inspector.
    QVERIFY(m_server->waitForSnapshotAfterNow());
    const SessionRow row = *m_server->rowForPeerPort(client.socket.localPort());
    QCOMPARE(row.messagesOut, quint64(3));
    QCOMPARE(row.bytesOut, quint64(6 + 6 + 6));
    const ClientDetails details = m_server->detailsOf(id);
    QVERIFY(details.found);
    QCOMPARE(details.messages.size(), 3);
    QCOMPARE(details.messages.at(1).preview, QStringLiteral("to all"));
    QCOMPARE(details.messages.at(1).direction, MessageRecord::Direction::Out);
    QCOMPARE(details.requestLine, QStringLiteral("GET /events HTTP/1.1"));
    bool sawAccept = false;
    for (const auto &header : details.requestHeaders)
        sawAccept |= header.first == QLatin1String("Accept") && header.second == QLatin1String("text/event-stream");
    QVERIFY(sawAccept);
}

void TestSse::multiLineMessageStaysOneEvent_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QByteArray>("data"); // as the client assembles it
    QTest::newRow("\\n") << QStringLiteral("one\ntwo") << QByteArray("data: one\ndata: two\n") << QByteArray("one\ntwo");
    QTest::newRow("\\r\\n") << QStringLiteral("one\r\ntwo") << QByteArray("data: one\ndata: two\n") << QByteArray("one\ntwo");
    QTest::newRow("\\r") << QStringLiteral("one\rtwo") << QByteArray("data: one\ndata: two\n") << QByteArray("one\ntwo");
    QTest::newRow("blank line inside") << QStringLiteral("one\n\ntwo") << QByteArray("data: one\ndata: \ndata: two\n")
                                       << QByteArray("one\n\ntwo");
    QTest::newRow("ends with a newline") << QStringLiteral("one\n") << QByteArray("data: one\ndata: \n")
                                         << QByteArray("one\n");
    QTest::newRow("empty") << QString() << QByteArray("data: \n") << QByteArray("");
}

void TestSse::multiLineMessageStaysOneEvent()
{
    QFETCH(QString, message);
    QFETCH(QByteArray, wire);
    QFETCH(QByteArray, data);
    QVERIFY(m_server->start(sseConfig()));
    SseClient client;
    QVERIFY(openStream(client) != 0);
    QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromText(message))).first);
    QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromText(QStringLiteral("next")))).first);
    QVERIFY(client.waitForEvents(2));
    QCOMPARE(client.events.size(), 2);
    QCOMPARE(client.events.at(0).data, data);
    QCOMPARE(client.events.at(1).data, QByteArray("next"));
    QVERIFY2(client.body.contains(QByteArray("\n" + wire + "\n")), client.body.constData());
}

void TestSse::binaryGoesAsBase64()
{
    QVERIFY(m_server->start(sseConfig()));
    SseClient client;
    QVERIFY(openStream(client) != 0);
    const QByteArray bytes("\x00\x01\n\xff\r binary", 12);
    QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromBinary(bytes))).first);
    QVERIFY(client.waitForEvents(1));
    QCOMPARE(client.events.at(0).event, QByteArray("binary"));
    QCOMPARE(QByteArray::fromBase64(client.events.at(0).data), bytes);
    QVERIFY(!client.events.at(0).id.isEmpty());
}

void TestSse::webSocketClientsBroadcastReachStreams()
{
    ServerConfig config = sseConfig();
    config.mode = MessageMode::Broadcast;
    QVERIFY(m_server->start(config));
    SseClient stream;
    QVERIFY(openStream(stream) != 0);
    Client sender, listener;
    QVERIFY(sender.open(m_server->url));
    QVERIFY(listener.open(m_server->url));
    sender.socket.sendTextMessage(QStringLiteral("from a WebSocket\nin two lines"));
    sender.socket.sendBinaryMessage(QByteArray("\x01\x02\x03", 3));
    QVERIFY(stream.waitForEvents(2));
    QCOMPARE(stream.events.at(0).data, QByteArray("from a WebSocket\nin two lines"));
    QCOMPARE(stream.events.at(1).event, QByteArray("binary"));
    QCOMPARE(QByteArray::fromBase64(stream.events.at(1).data), QByteArray("\x01\x02\x03", 3));
    QTRY_COMPARE_WITH_TIMEOUT(listener.texts, QStringList{QStringLiteral("from a WebSocket\nin two lines")}, WaitMs);
    QVERIFY(sender.texts.isEmpty());
}

void TestSse::lastEventIdReplaysWhatTheRingHolds()
{
    ServerConfig config = sseConfig();
    config.sseReplayEvents = 3;
    QVERIFY(m_server->start(config));
    SseClient first;
    const quint64 firstId = openStream(first);
    QVERIFY(firstId != 0);
    for (int i = 1; i <= 5; ++i)
        QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromText(QString::number(i)))).first);
    // A message to one client is not for the others: never replayed.
    QVERIFY(m_server->result(m_server->controller.send(firstId, OutgoingMessage::fromText(QStringLiteral("own")))).first);
    QVERIFY(first.waitForEvents(6));
    const QList<SseMessage> seen = first.events;

    // From the header, as a reconnecting EventSource sends it: the ring holds 3, 4 and 5.
    SseClient header;
    QVERIFY(openStream(header, "/events", "Last-Event-ID: " + seen.at(2).id + "\r\n") != 0);
    QVERIFY(header.waitForEvents(2));
    QCOMPARE(header.events.size(), 2);
    QCOMPARE(header.events.at(0).data, QByteArray("4"));
    QCOMPARE(header.events.at(0).id, seen.at(3).id);
    QCOMPARE(header.events.at(1).data, QByteArray("5"));

    // From the query, for a client that opens a new EventSource itself.
    SseClient query;
    QVERIFY(openStream(query, "/events?lastEventId=" + seen.at(3).id) != 0);
    QVERIFY(query.waitForEvents(1));
    QCOMPARE(query.events.size(), 1);
    QCOMPARE(query.events.at(0).data, QByteArray("5"));

    // Up to date (the last broadcast, or the later message to one): nothing to replay, nothing missed.
    for (const QByteArray &lastId : {seen.at(4).id, seen.at(5).id}) {
        SseClient current;
        QVERIFY(openStream(current, "/events", "Last-Event-ID: " + lastId + "\r\n") != 0);
        QVERIFY(m_server->result(m_server->controller.send(m_server->sessionIdForPort(current.socket.localPort()),
                                                           OutgoingMessage::fromText(QStringLiteral("live")))).first);
        QVERIFY(current.waitForEvents(1));
        QCOMPARE(current.events.size(), 1);
        QCOMPARE(current.events.at(0).data, QByteArray("live"));
    }
}

void TestSse::lastEventIdBeyondTheRingIsToldMissed()
{
    ServerConfig config = sseConfig();
    config.sseReplayEvents = 3;
    QVERIFY(m_server->start(config));
    SseClient first;
    QVERIFY(openStream(first) != 0);
    for (int i = 1; i <= 5; ++i)
        QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromText(QString::number(i)))).first);
    QVERIFY(first.waitForEvents(5));
    const QList<SseMessage> seen = first.events;

    // Saw 1: 2 has left the ring. Told so first, then 3, 4, 5.
    SseClient late;
    QVERIFY(openStream(late, "/events", "Last-Event-ID: " + seen.at(0).id + "\r\n") != 0);
    QVERIFY(late.waitForEvents(4));
    QCOMPARE(late.events.size(), 4);
    QCOMPARE(late.events.at(0).event, QByteArray("missed"));
    QVERIFY(late.events.at(0).id.isNull()); // the browser's lastEventId stays
    QCOMPARE(late.events.at(0).data,
             "{\"lastEventId\":" + seen.at(0).id + ",\"resumesAt\":" + seen.at(2).id + "}");
    QCOMPARE(late.events.at(1).data, QByteArray("3"));
    QCOMPARE(late.events.at(3).data, QByteArray("5"));

    // An id from an earlier run of the server (older than any of this run's) is missed too.
    SseClient earlier;
    QVERIFY(openStream(earlier, "/events", "Last-Event-ID: 7\r\n") != 0);
    QVERIFY(earlier.waitForEvents(4));
    QCOMPARE(earlier.events.at(0).event, QByteArray("missed"));
    QCOMPARE(earlier.events.at(1).data, QByteArray("3"));
}

void TestSse::kickEndsTheStream()
{
    QVERIFY(m_server->start(sseConfig()));
    SseClient client, bystander;
    const quint64 id = openStream(client);
    QVERIFY(id != 0);
    QVERIFY(openStream(bystander) != 0);
    QVERIFY(m_server->result(m_server->controller.kick({id}, 4001, QStringLiteral("go away"))).first);
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    const std::optional<ConnectionEvent> closed = m_server->findEvent(EventKind::Closed, id);
    QVERIFY(closed);
    QCOMPARE(closed->endedBy, EndedBy::Operator);
    QCOMPARE(closed->reason, EndReason::OperatorKick);
    QCOMPARE(closed->closeReason, QStringLiteral("go away"));
    QCOMPARE(closed->closeCode, 4001); // recorded as asked; nothing of it goes on the wire
    QCOMPARE(closed->clientKind, ClientKind::Sse);
    QCOMPARE(m_server->countEvents(EventKind::Closed), 1);
    QVERIFY(!bystander.disconnected);
    QCOMPARE(m_server->last.totals.sseClients, 1);
}

void TestSse::banRefusesAStream()
{
    QVERIFY(m_server->start(sseConfig()));
    QVERIFY(m_server->result(m_server->controller.ban(QStringLiteral("127.0.0.1"), 0, QStringLiteral("test"))).first);
    SseClient client;
    QVERIFY(client.open(m_server->port()));
    QCOMPARE(client.status(), 403);
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    const std::optional<ConnectionEvent> rejected = m_server->findEvent(EventKind::Rejected);
    QVERIFY(rejected);
    QCOMPARE(rejected->reason, EndReason::Banned);
    QCOMPARE(rejected->clientKind, ClientKind::Sse);
    QCOMPARE(m_server->countEvents(EventKind::Connected), 0);
}

void TestSse::tokenInTheQueryOpensAStream()
{
    ServerConfig config = sseConfig();
    config.token = QStringLiteral("s3cret");
    QVERIFY(m_server->start(config));
    SseClient none, wrong, right, bearer;
    QVERIFY(none.open(m_server->port()));
    QCOMPARE(none.status(), 401);
    QVERIFY(wrong.open(m_server->port(), "/events?token=nope"));
    QCOMPARE(wrong.status(), 403);
    QVERIFY(openStream(right, "/events?token=s3cret") != 0);
    QVERIFY(openStream(bearer, "/events", "Authorization: Bearer s3cret\r\n") != 0);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Rejected, EndReason::TokenRefused), 2);
    QCOMPARE(m_server->findEvent(EventKind::Rejected)->clientKind, ClientKind::Sse);
    QCOMPARE(m_server->last.totals.sseClients, 2);
}

void TestSse::originIsCheckedAndAllowedOneGetsCors()
{
    ServerConfig config = sseConfig();
    config.allowedOrigins = {QStringLiteral("https://app.example")};
    QVERIFY(m_server->start(config));

    SseClient evil;
    QVERIFY(evil.open(m_server->port(), "/events", "Origin: https://evil.example\r\n"));
    QCOMPARE(evil.status(), 403);
    QVERIFY(evil.header("access-control-allow-origin").isNull());

    // A same-origin EventSource sends no Origin at all.
    SseClient sameOrigin;
    QVERIFY(openStream(sameOrigin) != 0);
    QVERIFY(sameOrigin.header("access-control-allow-origin").isNull());

    SseClient good;
    QVERIFY(openStream(good, "/events", "Origin: https://app.example\r\n") != 0);
    QCOMPARE(good.header("access-control-allow-origin"), QByteArray("https://app.example"));
    QCOMPARE(good.header("vary"), QByteArray("Origin"));
    QCOMPARE(good.header("access-control-allow-credentials"), QByteArray("true"));

    // The preflight a browser sends before a request with headers of its own.
    SseClient preflight;
    QVERIFY(preflight.open(m_server->port(), "/events",
                           "Origin: https://app.example\r\nAccess-Control-Request-Method: GET\r\n"
                           "Access-Control-Request-Headers: authorization\r\n",
                           "OPTIONS"));
    QCOMPARE(preflight.status(), 204);
    QCOMPARE(preflight.header("access-control-allow-origin"), QByteArray("https://app.example"));
    QVERIFY(preflight.header("access-control-allow-headers").contains("Authorization"));
    QVERIFY(preflight.header("access-control-allow-methods").contains("GET"));
    SseClient evilPreflight;
    QVERIFY(evilPreflight.open(m_server->port(), "/events", "Origin: https://evil.example\r\n", "OPTIONS"));
    QCOMPARE(evilPreflight.status(), 403);

    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Rejected, EndReason::OriginRefused), 2);
    QCOMPARE(m_server->findEvent(EventKind::Rejected)->clientKind, ClientKind::Sse);
    QCOMPARE(m_server->last.totals.sseClients, 2);
}

void TestSse::requestsThatAreNoStreamAreAnswered_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("accept text/html") << QByteArray("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n") << 406;
    QTest::newRow("q=0") << QByteArray("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream;q=0\r\n\r\n") << 406;
    QTest::newRow("POST") << QByteArray("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n") << 405;
    QTest::newRow("upgrade at the SSE path") << upgradeRequest("/events") << 404;
    QTest::newRow("other path") << QByteArray("GET /other HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n") << 404;
}

void TestSse::requestsThatAreNoStreamAreAnswered()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QVERIFY(m_server->start(sseConfig()));
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.socket.write(request);
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(client.httpStatus(), status);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Connected), 0);
    QCOMPARE(Session::aliveCount(), 0);
}

void TestSse::metricsCountByKind()
{
    QVERIFY(m_server->start(sseConfig()));
    SseClient stream;
    QVERIFY(openStream(stream) != 0);
    Client ws;
    QVERIFY(ws.open(m_server->url));
    QVERIFY(m_server->sessionIdForPort(ws.localPort()) != 0);

    RawClient probe;
    QVERIFY(probe.connectTo(m_server->port()));
    probe.socket.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(probe.disconnected, WaitMs);
    QCOMPARE(sampleValue(probe.received, "wsmonitor_clients{kind=\"sse\"}"), 1.0);
    QCOMPARE(sampleValue(probe.received, "wsmonitor_clients{kind=\"websocket\"}"), 1.0);
    QCOMPARE(sampleValue(probe.received, "wsmonitor_clients_connected"), 2.0);
    QCOMPARE(sampleValue(probe.received, "wsmonitor_connections_accepted_by_kind_total{kind=\"sse\"}"), 1.0);
    QCOMPARE(sampleValue(probe.received, "wsmonitor_connections_accepted_total"), 2.0);
}

QTEST_GUILESS_MAIN(TestSse)
#include "tst_sse.moc"
