// End to end: the limits of Server-Sent Events streams (--sse-path): a reader that never reads is
// a slow consumer while the others keep receiving, a client that goes away is recorded once, the
// heartbeat's comments and what "missing" means for a one-way stream, bounds on what a client sends.

#include "sseclient.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTest>

#include <memory>

using namespace wsm;
using namespace wsm::test;

class TestSseLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void readerThatNeverReadsEndsAsSlowConsumer();
    void clientThatGoesAwayIsRecordedOnce();
    void heartbeatCommentsKeepAReadingStreamOpen();
    void streamWhoseQueueDoesNotDrainIsAHeartbeatTimeout();
    void clientThatSendsTooMuchIsClosed();
    void stopEndsStreams();
    void emptySsePathTurnsStreamsOff();

private:
    quint64 openStream(SseClient &client)
    {
        if (!client.open(m_server->port()) || client.status() != 200)
            return 0;
        return m_server->sessionIdForPort(client.socket.localPort());
    }

    std::unique_ptr<ServerFixture> m_server;
};

void TestSseLimits::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void TestSseLimits::cleanup()
{
    m_server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 0, WaitMs);
}

void TestSseLimits::readerThatNeverReadsEndsAsSlowConsumer()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.maxSendQueueBytes = 64 * 1024;
    QVERIFY(m_server->start(config));
    SseClient listener;
    QVERIFY(openStream(listener) != 0);

    // The slow one reads its answer's head, then nothing.
    SseClient slow;
    const quint64 slowId = openStream(slow);
    QVERIFY(slowId != 0);
    slow.stopReading();
    const quint16 slowPort = slow.socket.localPort();

    // Broadcast in lockstep with the listener, so only the slow reader falls behind. Bounded.
    const QString chunk(32 * 1024, QLatin1Char('s'));
    constexpr int MaxMessages = 4000;
    const auto slowIsCutOff = [&] {
        const std::optional<SessionRow> row = m_server->rowForPeerPort(slowPort);
        return !row || row->state == SessionState::Closing;
    };
    QElapsedTimer elapsed;
    elapsed.start();
    int sent = 0;
    while (!slowIsCutOff() && sent < MaxMessages && elapsed.elapsed() < WaitMs) {
        QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromText(chunk))).first);
        ++sent;
        QVERIFY(listener.waitForEvents(1));
        QCOMPARE(listener.events.last().data.size(), chunk.size());
        listener.events.clear();
        listener.body.clear();
    }
    QVERIFY2(slowIsCutOff(), qPrintable(QStringLiteral("still open after %1 messages").arg(sent)));

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, slowId).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, slowId);
    QCOMPARE(closed.reason, EndReason::SlowConsumer);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.clientKind, ClientKind::Sse);

    // The listener goes on.
    QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromText(QStringLiteral("still here")))).first);
    QVERIFY(listener.waitForEvents(1));
    QCOMPARE(listener.events.last().data, QByteArray("still here"));
    QVERIFY(!listener.disconnected);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Closed), 1);
    QCOMPARE(m_server->last.totals.sseClients, 1);
}

void TestSseLimits::clientThatGoesAwayIsRecordedOnce()
{
    QVERIFY(m_server->start());
    SseClient leaving, aborting;
    const quint64 leavingId = openStream(leaving);
    const quint64 abortingId = openStream(aborting);
    QVERIFY(leavingId != 0 && abortingId != 0);
    leaving.socket.disconnectFromHost();
    aborting.socket.abort();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Closed), 2, WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, leavingId);
    QCOMPARE(closed.endedBy, EndedBy::Client);
    QVERIFY(closed.reason == EndReason::ClientClosed || closed.reason == EndReason::ClientDropped);
    QCOMPARE(closed.clientKind, ClientKind::Sse);
    QCOMPARE(m_server->findEvent(EventKind::Closed, abortingId)->endedBy, EndedBy::Client);

    // Later snapshots add no second end, and nothing stays alive.
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Closed), 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.sessionsAlive, 0, WaitMs);
    QCOMPARE(m_server->last.totals.sseClients, 0);
    QCOMPARE(m_server->last.totals.clientsConnected, 0);
}

void TestSseLimits::heartbeatCommentsKeepAReadingStreamOpen()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.heartbeatIntervalMs = 100;
    config.heartbeatTimeoutMs = 300;
    QVERIFY(m_server->start(config));
    SseClient client;
    const quint64 id = openStream(client);
    QVERIFY(id != 0);
    // Many timeouts' worth of heartbeats: a stream that sends nothing back is not missing.
    QTRY_VERIFY_WITH_TIMEOUT(client.comments.size() >= 10, WaitMs);
    QVERIFY(client.comments.contains("ping"));
    QVERIFY(client.events.isEmpty()); // comments are no events
    QVERIFY(!client.disconnected);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    const SessionRow row = *m_server->rowForPeerPort(client.socket.localPort());
    QCOMPARE(row.state, SessionState::Open);
    QCOMPARE(row.rttMs, -1.0);
    QCOMPARE(row.missedPings, 0);
    QCOMPARE(m_server->countEvents(EventKind::Closed), 0);
    // Its "last seen" is the last write the kernel took: recent.
    QVERIFY(row.lastSeenAt >= m_server->last.takenAt - 2000);
}

void TestSseLimits::streamWhoseQueueDoesNotDrainIsAHeartbeatTimeout()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.heartbeatIntervalMs = 200;
    config.heartbeatTimeoutMs = 1000;
    config.maxSendQueueBytes = 256 * 1024 * 1024; // the queue cap is not what ends it here
    QVERIFY(m_server->start(config));
    SseClient stalled;
    const quint64 id = openStream(stalled);
    QVERIFY(id != 0);
    stalled.stopReading();
    const quint16 port = stalled.socket.localPort();

    // Until the kernel's buffers are full and the server's own queue keeps bytes (or, on Linux,
    // the kernel's TCP_USER_TIMEOUT has already ended it: the same heartbeat timeout). Bounded.
    const QString chunk(256 * 1024, QLatin1Char('q'));
    const auto queued = [&] {
        const std::optional<SessionRow> row = m_server->rowForPeerPort(port);
        return row && row->bytesToWrite > 0;
    };
    for (int i = 0; i < 400 && !queued() && !m_server->findEvent(EventKind::Closed, id); ++i) {
        QVERIFY(m_server->result(m_server->controller.send(id, OutgoingMessage::fromText(chunk))).first);
        QVERIFY(m_server->waitForSnapshotAfterNow());
    }
    QVERIFY(queued() || m_server->findEvent(EventKind::Closed, id));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, id);
    QCOMPARE(closed.reason, EndReason::HeartbeatTimeout);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.clientKind, ClientKind::Sse);
}

void TestSseLimits::clientThatSendsTooMuchIsClosed()
{
    QVERIFY(m_server->start());
    SseClient client;
    const quint64 id = openStream(client);
    QVERIFY(id != 0);
    // Nothing is expected after the request: a little is dropped, a flood ends the stream.
    client.socket.write(QByteArray(100, 'x'));
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Closed), 0);
    const QByteArray flood(16 * 1024, 'x');
    for (int i = 0; i < 8 && !client.disconnected; ++i)
        client.socket.write(flood);
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);
    QCOMPARE(m_server->findEvent(EventKind::Closed, id)->reason, EndReason::ProtocolError);
}

void TestSseLimits::stopEndsStreams()
{
    QVERIFY(m_server->start());
    SseClient client;
    const quint64 id = openStream(client);
    QVERIFY(id != 0);
    QVERIFY(m_server->stop());
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);
    QCOMPARE(m_server->findEvent(EventKind::Closed, id)->reason, EndReason::ServerShutdown);
    QCOMPARE(m_server->countEvents(EventKind::Closed), 1);
}

void TestSseLimits::emptySsePathTurnsStreamsOff()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.ssePath.clear();
    QVERIFY(m_server->start(config));
    SseClient client;
    QVERIFY(client.open(m_server->port()));
    QCOMPARE(client.status(), 404);
}

QTEST_GUILESS_MAIN(TestSseLimits)
#include "tst_sselimits.moc"
