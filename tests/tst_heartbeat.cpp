// End to end: the heartbeat against real clients. A QWebSocket answers pings by itself; a raw TCP
// client answers only what the test makes it send, so silence, chatter and forged pongs can be staged.

#include "testsupport.h"

#include "heartbeatscheduler.h"

#include <QHash>
#include <QTest>

#include <algorithm>

using namespace wsm;
using namespace wsm::test;

namespace {

constexpr quint8 OpText = 0x1;
constexpr quint8 OpPing = 0x9;
constexpr quint8 OpPong = 0xA;

// The payloads of the complete frames of this opcode (OpPing, OpText) in what a raw client received.
QList<QByteArray> framePayloads(const QByteArray &bytes, quint8 opcode)
{
    return wirePayloads(wireFrames(bytes), opcode);
}

// The value of one sample ("name{labels} value") on the server's /metrics page; NaN when absent.
double metricSample(quint16 port, const QByteArray &series)
{
    RawClient client;
    if (!client.connectTo(port))
        return qQNaN();
    client.socket.write(QByteArrayLiteral("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    if (!QTest::qWaitFor([&] { return client.disconnected; }, WaitMs) || client.httpStatus() != 200)
        return qQNaN();
    return sampleValue(client.received, series);
}

// How a pong's payload can differ from the ping it pretends to answer.
enum Forgery { MadeUp, Empty, NeverSentSequence, SequenceZero, CutShort, Lengthened };

QByteArray forgedPayload(int forgery, const QByteArray &ping, quint64 sequence)
{
    switch (Forgery(forgery)) {
    case MadeUp: return QByteArrayLiteral("not your ping");
    case Empty: return QByteArray();
    case NeverSentSequence: return HeartbeatScheduler::payloadFor(sequence + 1000);
    case SequenceZero: return HeartbeatScheduler::payloadFor(0);
    case CutShort: return ping.chopped(1);
    case Lengthened: return QByteArray(ping + 'x');
    }
    return QByteArray();
}

} // namespace

class TestHeartbeat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void silentClientIsReapedWhileAnsweringClientStays();
    void anyInboundFrameCountsAsLife();
    void intervalZeroTurnsHeartbeatsOff();
    void rttComesOnlyFromOurOwnPingPayload_data();
    void rttComesOnlyFromOurOwnPingPayload();
    void replayedPongCountsOnce();

private:
    // Starts a server that pings every 200 ms and reaps no one within a test (these are about the
    // round trip), upgrades the raw client on it, and waits for the server's first ping. Asserts:
    // follow it with `if (QTest::currentTestFailed()) return;`.
    void startAndAwaitFirstPing(RawClient &raw, QByteArray *ping);

    std::unique_ptr<ServerFixture> m_server;
    // The most missed pings any snapshot showed, per client port: proof that pings went unanswered.
    QHash<quint16, int> m_mostMissedPings;
};

void TestHeartbeat::init()
{
    m_server = std::make_unique<ServerFixture>();
    m_mostMissedPings.clear();
    connect(&m_server->controller, &ServerController::snapshotReady, m_server.get(),
            [this](const Snapshot &snapshot) {
                for (const SessionRow &row : snapshot.sessions) {
                    int &most = m_mostMissedPings[row.peerPort];
                    most = std::max(most, row.missedPings);
                }
            });
}

void TestHeartbeat::cleanup()
{
    m_server.reset();
    QCOMPARE(Session::aliveCount(), 0);
}

void TestHeartbeat::startAndAwaitFirstPing(RawClient &raw, QByteArray *ping)
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.heartbeatIntervalMs = 200;
    config.heartbeatTimeoutMs = 10000;
    QVERIFY(m_server->start(config));
    QVERIFY(raw.upgrade(m_server->port()));
    QVERIFY(m_server->sessionIdForPort(raw.socket.localPort()) != 0);
    QTRY_VERIFY_WITH_TIMEOUT(!framePayloads(raw.received, OpPing).isEmpty(), WaitMs);
    *ping = framePayloads(raw.received, OpPing).constLast();
}

void TestHeartbeat::silentClientIsReapedWhileAnsweringClientStays()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.heartbeatIntervalMs = 200;
    config.heartbeatTimeoutMs = 1200;
    QVERIFY(m_server->start(config));

    // Given a client that answers pings (Qt does it) and one that, after the upgrade, sends nothing.
    Client answering;
    QVERIFY(answering.open(m_server->url));
    RawClient silent;
    QVERIFY(silent.upgrade(m_server->port()));
    const quint16 silentPort = silent.socket.localPort();
    const quint64 silentId = m_server->sessionIdForPort(silentPort);
    QVERIFY(silentId != 0);

    // Then the silent one is reaped by the server, as a heartbeat timeout, with 1001.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, silentId).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, silentId);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.reason, EndReason::HeartbeatTimeout);
    QCOMPARE(closed.closeCode, 1001);
    QCOMPARE(closed.closeReason, QStringLiteral("heartbeat timeout"));
    QCOMPARE(closed.messagesIn, 0u);
    // It was pinged and left the pings unanswered before it was reaped.
    QVERIFY2(m_mostMissedPings.value(silentPort) >= 1,
             qPrintable(QString::number(m_mostMissedPings.value(silentPort))));
    QTRY_VERIFY_WITH_TIMEOUT(silent.disconnected, WaitMs);
    QVERIFY(!framePayloads(silent.received, OpPing).isEmpty());
    QCOMPARE(silent.closeCode(), 1001);

    // The answering client lived through the same time and goes on.
    QVERIFY(!answering.disconnected);
    QCOMPARE(answering.socket.state(), QAbstractSocket::ConnectedState);
    answering.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(answering.texts, QStringList{QStringLiteral("still here")}, WaitMs);
    const quint16 answeringPort = answering.localPort();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(answeringPort)
                                 && m_server->rowForPeerPort(answeringPort)->rttMs >= 0
                                 && m_server->rowForPeerPort(answeringPort)->missedPings == 0,
                             WaitMs);
    QCOMPARE(m_server->rowForPeerPort(answeringPort)->state, SessionState::Open);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Closed), 1);
    QCOMPARE(m_server->countEvents(EventKind::Closed, EndReason::HeartbeatTimeout), 1);
}

void TestHeartbeat::anyInboundFrameCountsAsLife()
{
    constexpr int TimeoutMs = 800;
    ServerConfig config = ServerFixture::defaultConfig();
    config.heartbeatIntervalMs = 200;
    config.heartbeatTimeoutMs = TimeoutMs;
    QVERIFY(m_server->start(config));

    // Given a client that never answers a ping but sends a small text frame every interval or so.
    RawClient chatty;
    QVERIFY(chatty.upgrade(m_server->port()));
    const quint16 port = chatty.socket.localPort();
    const quint64 id = m_server->sessionIdForPort(port);
    QVERIFY(id != 0);

    // Then it outlives three timeouts, measured on the server's own clock (snapshot times).
    const qint64 from = m_server->last.takenAt;
    constexpr int MaxRounds = 300;
    int sent = 0;
    for (int round = 0; round < MaxRounds && m_server->last.takenAt - from < 3 * TimeoutMs; ++round) {
        chatty.socket.write(clientFrame(OpText, QByteArrayLiteral("beat")));
        ++sent;
        // Two snapshots (about 100 ms): well inside the timeout.
        const int seen = m_server->snapshots;
        QVERIFY(QTest::qWaitFor([&] { return m_server->snapshots >= seen + 2; }, WaitMs));
        QVERIFY2(!chatty.disconnected, qPrintable(QStringLiteral("reaped after %1 frames").arg(sent)));
        QVERIFY(!m_server->findEvent(EventKind::Closed, id).has_value());
    }
    QVERIFY2(m_server->last.takenAt - from >= 3 * TimeoutMs, "the rounds ran out before three timeouts passed");
    // The heartbeat was on all along, and its pings went unanswered.
    QVERIFY(!framePayloads(chatty.received, OpPing).isEmpty());
    QVERIFY(m_mostMissedPings.value(port) >= 1);
    QTRY_COMPARE_WITH_TIMEOUT(framePayloads(chatty.received, OpText).size(), sent, WaitMs); // every beat echoed

    // When it falls silent it is reaped.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, id);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.reason, EndReason::HeartbeatTimeout);
    QCOMPARE(closed.closeCode, 1001);
    QCOMPARE(closed.messagesIn, quint64(sent));
    QTRY_VERIFY_WITH_TIMEOUT(chatty.disconnected, WaitMs);
    QCOMPARE(chatty.closeCode(), 1001);
}

void TestHeartbeat::intervalZeroTurnsHeartbeatsOff()
{
    constexpr int TimeoutMs = 300;
    ServerConfig config = ServerFixture::defaultConfig();
    config.heartbeatIntervalMs = 0;
    config.heartbeatTimeoutMs = TimeoutMs; // would reap within a second if heartbeats were on
    QVERIFY(m_server->start(config));

    RawClient silent;
    QVERIFY(silent.upgrade(m_server->port()));
    const quint16 port = silent.socket.localPort();
    QVERIFY(m_server->sessionIdForPort(port) != 0);

    // Twenty snapshots spanning over three timeouts of the server's clock.
    const qint64 from = m_server->last.takenAt;
    const int seen = m_server->snapshots;
    QVERIFY(QTest::qWaitFor([&] { return m_server->snapshots >= seen + 20
                                         && m_server->last.takenAt - from >= 3 * TimeoutMs; },
                            WaitMs));

    QVERIFY(!silent.disconnected);
    QCOMPARE(m_server->countEvents(EventKind::Closed), 0);
    const std::optional<SessionRow> row = m_server->rowForPeerPort(port);
    QVERIFY(row.has_value());
    QCOMPARE(row->state, SessionState::Open);
    QCOMPARE(row->rttMs, -1.0);
    QCOMPARE(row->missedPings, 0);
    // Not one ping, nor anything else, came after the 101 answer.
    QVERIFY(framePayloads(silent.received, OpPing).isEmpty());
    QCOMPARE(silent.received, QByteArray());

    // The session is alive on the server's side too: it still echoes.
    silent.socket.write(clientFrame(OpText, QByteArrayLiteral("still there?")));
    QTRY_COMPARE_WITH_TIMEOUT(framePayloads(silent.received, OpText),
                              QList<QByteArray>{QByteArrayLiteral("still there?")}, WaitMs);
    QVERIFY(framePayloads(silent.received, OpPing).isEmpty());
}

void TestHeartbeat::rttComesOnlyFromOurOwnPingPayload_data()
{
    QTest::addColumn<int>("forgery");
    QTest::newRow("made-up payload") << int(MadeUp);
    QTest::newRow("empty payload") << int(Empty);
    QTest::newRow("our tag, a sequence never sent") << int(NeverSentSequence);
    QTest::newRow("our tag, sequence 0") << int(SequenceZero);
    QTest::newRow("our payload cut short") << int(CutShort);
    QTest::newRow("our payload with a byte more") << int(Lengthened);
}

void TestHeartbeat::rttComesOnlyFromOurOwnPingPayload()
{
    QFETCH(int, forgery);
    // Given the server's first ping, answered with a pong whose payload is not the ping's.
    RawClient raw;
    QByteArray ping;
    startAndAwaitFirstPing(raw, &ping);
    if (QTest::currentTestFailed())
        return;
    const quint16 port = raw.socket.localPort();
    quint64 sequence = 0;
    QVERIFY(HeartbeatScheduler::sequenceFromPayload(ping, &sequence));
    const QByteArray forged = forgedPayload(forgery, ping, sequence);
    QVERIFY(forged != ping);
    raw.socket.write(clientFrame(OpPong, forged));
    // A message behind it: once the row counts the message, the pong before it was handled.
    raw.socket.write(clientFrame(OpText, QByteArrayLiteral("after the pong")));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(port) && m_server->rowForPeerPort(port)->messagesIn == 1,
                             WaitMs);

    // Then no round trip is recorded from it, and the pings still count as unanswered.
    QCOMPARE(m_server->rowForPeerPort(port)->rttMs, -1.0);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(port) && m_server->rowForPeerPort(port)->missedPings >= 1,
                             WaitMs);
    QCOMPARE(m_server->rowForPeerPort(port)->rttMs, -1.0);
    QCOMPARE(metricSample(m_server->port(), "wsmonitor_heartbeat_rtt_seconds_count"), 0.0);

    // When the latest ping's own payload comes back, that is a round trip.
    const QByteArray latest = framePayloads(raw.received, OpPing).constLast();
    raw.socket.write(clientFrame(OpPong, latest));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(port) && m_server->rowForPeerPort(port)->rttMs >= 0, WaitMs);
    QCOMPARE(metricSample(m_server->port(), "wsmonitor_heartbeat_rtt_seconds_count"), 1.0);
    QVERIFY(!raw.disconnected);
    QCOMPARE(m_server->countEvents(EventKind::Closed), 0);
}

void TestHeartbeat::replayedPongCountsOnce()
{
    // Given a ping answered with its own payload: one round trip.
    RawClient raw;
    QByteArray ping;
    startAndAwaitFirstPing(raw, &ping);
    if (QTest::currentTestFailed())
        return;
    const quint16 port = raw.socket.localPort();
    raw.socket.write(clientFrame(OpPong, ping));
    raw.socket.write(clientFrame(OpText, QByteArrayLiteral("first")));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(port) && m_server->rowForPeerPort(port)->messagesIn == 1,
                             WaitMs);
    QVERIFY(m_server->rowForPeerPort(port)->rttMs >= 0);
    QCOMPARE(metricSample(m_server->port(), "wsmonitor_heartbeat_rtt_seconds_count"), 1.0);

    // When the same pong comes again, it is life but not a second round trip.
    raw.socket.write(clientFrame(OpPong, ping));
    raw.socket.write(clientFrame(OpText, QByteArrayLiteral("second")));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(port) && m_server->rowForPeerPort(port)->messagesIn == 2,
                             WaitMs);
    QCOMPARE(metricSample(m_server->port(), "wsmonitor_heartbeat_rtt_seconds_count"), 1.0);
}

QTEST_GUILESS_MAIN(TestHeartbeat)
#include "tst_heartbeat.moc"
