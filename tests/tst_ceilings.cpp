// End to end: the ceilings on what all clients together make the server hold (BufferCeilings).
// Every client here stays within its own limits; it is their sum that the server bounds, by
// closing the clients that hold the most, each with its own close code and one event, while a
// bystander is echoed throughout and clients that hold nothing are never touched.

#include "testsupport.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>
#include <QTimer>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <vector>

using namespace wsm;
using namespace wsm::test;

namespace {

// The first `bytes` of a masked binary frame whose payload is `payloadSize` long: a message that
// has begun and is not finished.
QByteArray frameBeginning(qsizetype payloadSize, qsizetype bytes)
{
    return rawFrame(quint8(FinBit | 0x2), QByteArray(payloadSize, 'p')).left(bytes);
}

// `count` raw clients, each upgraded; fewer when one could not be.
std::vector<std::unique_ptr<RawClient>> upgradedRawClients(int count, quint16 port)
{
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < count; ++i) {
        auto client = std::make_unique<RawClient>();
        if (!client->upgrade(port))
            break;
        clients.push_back(std::move(client));
    }
    return clients;
}

// A client that upgrades and then never reads: a small receive buffer set before the connect
// (so the window it offers stays small), and nothing taken from it once the 101 is in. Plain
// POSIX, since Qt's socket reads whatever arrives.
class StalledReader
{
public:
    ~StalledReader()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool upgrade(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (m_fd < 0)
            return false;
        const int receiveBuffer = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
            return false;
        sockaddr_in local{};
        socklen_t length = sizeof local;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&local), &length);
        m_localPort = ntohs(local.sin_port);
        const QByteArray request = upgradeRequest();
        if (::send(m_fd, request.constData(), size_t(request.size()), 0) != request.size())
            return false;
        // The 101 alone: byte by byte up to the blank line, so nothing after it is taken.
        QByteArray answer;
        while (!answer.endsWith("\r\n\r\n")) {
            pollfd readable{m_fd, POLLIN, 0};
            if (::poll(&readable, 1, WaitMs) != 1)
                return false;
            char byte = 0;
            if (::recv(m_fd, &byte, 1, 0) != 1)
                return false;
            answer.append(byte);
        }
        return answer.startsWith("HTTP/1.1 101");
    }

    quint16 localPort() const { return m_localPort; }

private:
    int m_fd = -1;
    quint16 m_localPort = 0;
};

} // namespace

class tst_Ceilings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void inboundCeilingClosesTheBiggestHolders();
    void senderBelowTheMinimumRateIsClosedAndOneAboveCompletes();
    void frameStalledInQtIsASlowSenderNotAClientClose();
    void outboundCeilingClosesTheSlowestConsumers();
    void ceilingsAreInTheMetrics();
    void burstsAcrossTheReadAheadArriveWhole_data() { addReadAheadBurstRows(); }
    void burstsAcrossTheReadAheadArriveWhole();

private:
    // The bystander's echo, as proof that the server and the other clients go on.
    void verifyBystanderEchoed(Client &bystander, const QString &text);

    std::unique_ptr<ServerFixture> m_server;
    qint64 m_mostInboundSeen = 0;
    qint64 m_mostOutboundSeen = 0;
};

void tst_Ceilings::init()
{
    m_server = std::make_unique<ServerFixture>();
    m_mostInboundSeen = 0;
    m_mostOutboundSeen = 0;
    connect(&m_server->controller, &ServerController::snapshotReady, this, [this](const Snapshot &snapshot) {
        m_mostInboundSeen = std::max(m_mostInboundSeen, snapshot.totals.inboundBufferedBytes);
        m_mostOutboundSeen = std::max(m_mostOutboundSeen, snapshot.totals.outboundQueuedBytes);
    });
}

void tst_Ceilings::cleanup()
{
    m_server.reset();
    QCOMPARE(Session::aliveCount(), 0);
}

void tst_Ceilings::verifyBystanderEchoed(Client &bystander, const QString &text)
{
    bystander.texts.clear();
    bystander.socket.sendTextMessage(text);
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, QStringList{text}, WaitMs);
    QVERIFY(!bystander.disconnected);
}

void tst_Ceilings::inboundCeilingClosesTheBiggestHolders()
{
    constexpr qint64 Ceiling = 4 * 1024 * 1024;
    ServerConfig config = ServerFixture::defaultConfig();
    config.maxInboundBufferBytes = Ceiling;
    config.minReceiveRate = 0; // the stalled messages here are the ceiling's to judge
    QVERIFY(m_server->start(config));

    Client bystander;
    QVERIFY(bystander.open(m_server->url));
    verifyBystanderEchoed(bystander, QStringLiteral("before"));
    if (QTest::currentTestFailed())
        return;

    // 250 small holders: each has begun a 64 KiB message and sent 8 KiB of it. 2 MB in all, under
    // the ceiling: nobody is closed.
    constexpr int SmallCount = 250;
    constexpr int BigCount = 50;
    const QByteArray smallPart = frameBeginning(64 * 1024, 14 + 8192);
    const QByteArray bigPart = frameBeginning(200 * 1000, 14 + 60000);
    std::vector<std::unique_ptr<RawClient>> small = upgradedRawClients(SmallCount, m_server->port());
    QCOMPARE(int(small.size()), SmallCount);
    for (const auto &client : small)
        client->socket.write(smallPart);
    const qint64 smallTotal = qint64(SmallCount) * smallPart.size();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->waitForSnapshotAfterNow() && m_server->last.totals.inboundBufferedBytes == smallTotal,
                             WaitMs);
    QCOMPARE(m_server->countEvents(EventKind::Closed), 0);
    verifyBystanderEchoed(bystander, QStringLiteral("during"));
    if (QTest::currentTestFailed())
        return;

    // 50 big holders, 60 KB each: 3 MB more would take the sum past the ceiling.
    std::vector<std::unique_ptr<RawClient>> big = upgradedRawClients(BigCount, m_server->port());
    QCOMPARE(int(big.size()), BigCount);
    QSet<quint16> bigPorts;
    for (const auto &client : big) {
        bigPorts.insert(client->socket.localPort());
        client->socket.write(bigPart);
    }

    // Each big holder is either closed or holds all it sent.
    const auto bigSettled = [&] {
        int settled = 0;
        for (const auto &client : big) {
            const std::optional<SessionRow> row = m_server->rowForPeerPort(client->socket.localPort());
            if (!row || row->state == SessionState::Closing || row->inboundHeldBytes == bigPart.size())
                ++settled;
        }
        return settled;
    };
    QTRY_VERIFY_WITH_TIMEOUT(m_server->waitForSnapshotAfterNow() && bigSettled() == BigCount, WaitMs);

    // Closed: big holders only, each once, on the wire with 1009 and in the log as inbound_ceiling.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->countEvents(EventKind::Closed) > 0, WaitMs);
    int closedCount = 0;
    for (const ConnectionEvent &event : std::as_const(m_server->events)) {
        if (event.kind != EventKind::Closed)
            continue;
        ++closedCount;
        QVERIFY2(bigPorts.contains(event.peerPort), "a client holding less than another was closed first");
        QCOMPARE(event.reason, EndReason::InboundCeiling);
        QCOMPARE(event.endedBy, EndedBy::Server);
        QCOMPARE(event.closeCode, 1009);
    }
    // What fits beside the small ones stays; the rest went.
    const int bigThatFit = int((Ceiling - smallTotal) / bigPart.size());
    QCOMPARE(closedCount, BigCount - bigThatFit);
    QSet<quint16> closedPorts;
    for (const ConnectionEvent &event : std::as_const(m_server->events)) {
        if (event.kind == EventKind::Closed) {
            QVERIFY2(!closedPorts.contains(event.peerPort), "two events for one client");
            closedPorts.insert(event.peerPort);
        }
    }
    for (const auto &client : big) {
        if (!closedPorts.contains(client->socket.localPort()))
            continue;
        QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, WaitMs);
        QCOMPARE(client->closeCode(), 1009);
    }
    QVERIFY2(m_mostInboundSeen <= Ceiling, qPrintable(QString::number(m_mostInboundSeen)));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->waitForSnapshotAfterNow()
                                 && m_server->last.totals.inboundBufferedBytes == smallTotal + qint64(bigThatFit) * bigPart.size(),
                             WaitMs);
    verifyBystanderEchoed(bystander, QStringLiteral("after the ceiling"));
    if (QTest::currentTestFailed())
        return;

    // Everyone else leaves: the bystander is the only session alive, and nothing is held.
    small.clear();
    big.clear();
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 1, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->last.totals.inboundBufferedBytes, 0);
    QCOMPARE(m_server->last.totals.clientsConnected, 1);
    verifyBystanderEchoed(bystander, QStringLiteral("after"));
}

void tst_Ceilings::senderBelowTheMinimumRateIsClosedAndOneAboveCompletes()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.minReceiveRate = 1000;
    config.receiveRateWindowMs = 3000; // 3,000 bytes per 3 s window at the least
    QVERIFY(m_server->start(config));
    Client bystander;
    QVERIFY(bystander.open(m_server->url));

    // The trickler has begun a 100 KB message and sends one byte of it every 300 ms: any byte is
    // life for the heartbeat, but not enough for a message in progress.
    constexpr int MessageBytes = 100 * 1000;
    const QByteArray message = rawFrame(quint8(FinBit | 0x2), QByteArray(MessageBytes, 't'));
    RawClient trickler;
    QVERIFY(trickler.upgrade(m_server->port()));
    trickler.socket.write(message.left(14 + 10));
    qsizetype trickled = 14 + 10;
    QTimer trickle;
    connect(&trickle, &QTimer::timeout, this, [&] { trickler.socket.write(message.mid(trickled++, 1)); });
    trickle.start(300);

    // The steady sender sends the same size in 40 parts of 2.5 KB, one every 150 ms: about 6 s,
    // two windows, at more than ten times the minimum.
    const QByteArray steadyMessage = rawFrame(quint8(FinBit | 0x2), QByteArray(MessageBytes, 's'));
    RawClient steady;
    QVERIFY(steady.upgrade(m_server->port()));
    constexpr qsizetype Part = 2500;
    qsizetype sent = 0;
    QTimer paced;
    connect(&paced, &QTimer::timeout, this, [&] {
        steady.socket.write(steadyMessage.mid(sent, Part));
        sent += Part;
        if (sent >= steadyMessage.size())
            paced.stop();
    });
    paced.start(150);

    const quint64 tricklerId = m_server->sessionIdForPort(trickler.socket.localPort());
    QVERIFY(tricklerId != 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, tricklerId).has_value(), WaitMs);
    trickle.stop();
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, tricklerId);
    QCOMPARE(closed.reason, EndReason::SlowSender);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.closeCode, 1008);
    QTRY_VERIFY_WITH_TIMEOUT(trickler.disconnected, WaitMs);
    QCOMPARE(trickler.closeCode(), 1008);

    // The steady one's whole message comes back (echo), and it is still connected.
    QTRY_COMPARE_WITH_TIMEOUT(wirePayloads(wireFrames(steady.received), 0x2).size(), 1, WaitMs);
    QCOMPARE(wirePayloads(wireFrames(steady.received), 0x2).constFirst(), QByteArray(MessageBytes, 's'));
    QVERIFY(!steady.disconnected);
    QCOMPARE(m_server->countEvents(EventKind::Closed), 1);
    verifyBystanderEchoed(bystander, QStringLiteral("still here"));
}

void tst_Ceilings::frameStalledInQtIsASlowSenderNotAClientClose()
{
    // Qt's frame reader gives up on a frame whose rest does not come within 5 s, with 1001. That is
    // the server ending a stalled sender: regression, it was recorded as the client going away.
    ServerConfig config = ServerFixture::defaultConfig();
    config.minReceiveRate = 0; // Qt's own limit alone
    QVERIFY(m_server->start(config));
    RawClient stalled;
    QVERIFY(stalled.upgrade(m_server->port()));
    stalled.socket.write(frameBeginning(10000, 14 + 100));
    const quint64 id = m_server->sessionIdForPort(stalled.socket.localPort());
    QVERIFY(id != 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, id);
    QCOMPARE(closed.reason, EndReason::SlowSender);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.closeCode, 1001);
    QTRY_VERIFY_WITH_TIMEOUT(stalled.disconnected, WaitMs);
    QCOMPARE(stalled.closeCode(), 1001);
}

void tst_Ceilings::outboundCeilingClosesTheSlowestConsumers()
{
    constexpr qint64 Ceiling = 2 * 1024 * 1024;
    ServerConfig config = ServerFixture::defaultConfig();
    config.maxOutboundBufferBytes = Ceiling;
    // One client's cap above the ceiling: a queue never passes it before the sum, which holds it,
    // passes the ceiling. The sum, not one client's cap, is what this test meets.
    config.maxSendQueueBytes = 2 * Ceiling;
    QVERIFY(m_server->start(config));

    constexpr int ReaderCount = 80;
    constexpr int StalledCount = 20;
    std::vector<std::unique_ptr<Client>> readers;
    for (int i = 0; i < ReaderCount; ++i) {
        readers.push_back(std::make_unique<Client>());
        QVERIFY(readers.back()->open(m_server->url));
    }
    std::vector<std::unique_ptr<StalledReader>> stalled;
    QSet<quint16> stalledPorts;
    for (int i = 0; i < StalledCount; ++i) {
        stalled.push_back(std::make_unique<StalledReader>());
        QVERIFY(stalled.back()->upgrade(m_server->port()));
        stalledPorts.insert(stalled.back()->localPort());
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.clientsConnected, ReaderCount + StalledCount, WaitMs);

    // Broadcasts of 16 KB in lockstep with the readers, until every stalled reader has been closed.
    // While a broadcast goes out, each reader's copy waits in its queue too (80 x 16 KB, about
    // 1.3 MB): the ceiling leaves room above that for the twenty stalled queues to grow past one
    // message each, so a reader is never the longest queue when the sum passes it. The last stalled
    // reader goes once its own queue passes the rest, about 50 messages after the kernel's buffers
    // for it are full (on loopback they take a few MB: about 220 messages in all here). Bounded in
    // messages and time, with room for a sanitizer build on a loaded machine.
    constexpr int MaxMessages = 1000;
    const QString padding(16 * 1024, QLatin1Char('b'));
    QStringList sentTexts;
    QElapsedTimer elapsed;
    elapsed.start();
    while (m_server->countEvents(EventKind::Closed, EndReason::OutboundCeiling) < StalledCount
           && sentTexts.size() < MaxMessages && elapsed.elapsed() < 12 * WaitMs) {
        const QString text = QString::number(sentTexts.size()) + QLatin1Char(':') + padding;
        QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromText(text))).first);
        sentTexts.append(text);
        const auto allRead = [&] {
            return std::all_of(readers.cbegin(), readers.cend(),
                               [&](const auto &reader) { return reader->texts.size() == sentTexts.size(); });
        };
        QVERIFY(QTest::qWaitFor(allRead, WaitMs));
    }
    qInfo("%lld messages of %lld bytes, %lld ms; largest sum queued seen %lld", qint64(sentTexts.size()),
          qint64(padding.size()), qint64(elapsed.elapsed()), m_mostOutboundSeen);

    QCOMPARE(m_server->countEvents(EventKind::Closed, EndReason::OutboundCeiling), StalledCount);
    QCOMPARE(m_server->countEvents(EventKind::Closed), StalledCount);
    for (const ConnectionEvent &event : std::as_const(m_server->events)) {
        if (event.kind != EventKind::Closed)
            continue;
        QVERIFY2(stalledPorts.contains(event.peerPort), "a reader was closed");
        QCOMPARE(event.endedBy, EndedBy::Server);
        QCOMPARE(event.closeCode, 1008);
    }
    QVERIFY2(m_mostOutboundSeen <= Ceiling, qPrintable(QString::number(m_mostOutboundSeen)));

    // Every reader got every message, in order, and is still connected.
    for (const auto &reader : readers) {
        QCOMPARE(reader->texts, sentTexts);
        QVERIFY(!reader->disconnected);
    }
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), ReaderCount, WaitMs);
}

void tst_Ceilings::ceilingsAreInTheMetrics()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.maxInboundBufferBytes = 8 * 1024 * 1024;
    config.maxOutboundBufferBytes = 16 * 1024 * 1024;
    QVERIFY(m_server->start(config));
    RawClient holder;
    QVERIFY(holder.upgrade(m_server->port()));
    const QByteArray part = frameBeginning(100 * 1000, 14 + 5000);
    holder.socket.write(part);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->waitForSnapshotAfterNow() && m_server->last.totals.inboundBufferedBytes == part.size(),
                             WaitMs);

    RawClient scraper;
    QVERIFY(scraper.connectTo(m_server->port()));
    scraper.socket.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(scraper.disconnected, WaitMs);
    QCOMPARE(sampleValue(scraper.received, "wsmonitor_inbound_buffer_bytes"), double(part.size()));
    QCOMPARE(sampleValue(scraper.received, "wsmonitor_inbound_buffer_ceiling_bytes"), 8.0 * 1024 * 1024);
    QCOMPARE(sampleValue(scraper.received, "wsmonitor_outbound_buffer_bytes"), 0.0);
    QCOMPARE(sampleValue(scraper.received, "wsmonitor_outbound_buffer_ceiling_bytes"), 16.0 * 1024 * 1024);
    for (const char *reason : {"inbound_ceiling", "slow_sender", "outbound_ceiling"}) {
        const QByteArray series = QByteArray("wsmonitor_connections_closed_total{reason=\"") + reason + "\"}";
        QCOMPARE(sampleValue(scraper.received, series), 0.0);
    }
}

QTEST_GUILESS_MAIN(tst_Ceilings)
// What Qt reads from the kernel for a client is bounded to the frame in progress and 64 KiB more
// (the rest waits in the kernel): bursts across that bound arrive whole, in order, and no ceiling
// or stall timeout takes the client for them.
void tst_Ceilings::burstsAcrossTheReadAheadArriveWhole()
{
    QFETCH(int, count);
    QFETCH(int, size);
    ServerConfig config = ServerFixture::defaultConfig();
    config.maxMessageBytes = 1024 * 1024;
    QVERIFY(m_server->start(config));
    Client client;
    QVERIFY(client.open(m_server->url));

    const QList<QByteArray> sent = burstMessages(count, size);
    for (const QByteArray &message : sent)
        client.socket.sendBinaryMessage(message);
    QTRY_COMPARE_WITH_TIMEOUT(client.binaries.size(), count, WaitMs);
    QVERIFY(client.binaries == sent);
    QVERIFY(!client.disconnected);
    QCOMPARE(m_server->endCount(), 0);
}

#include "tst_ceilings.moc"
