// End to end: hostile and broken clients, spoken to the real server over raw TCP. Each is ended on
// its own, with the HTTP status or close code it was given and exactly one event saying who ended
// it and why, while a well-behaved client on the same server is echoed before, during and after,
// and no session is left alive at the end.
//
// Cases tst_limits already proves in full are not repeated here: invalid UTF-8 (split across
// fragments too), a message over the limit in one or a few frames, a handshake that stops or
// trickles fast. Unmasked client frames belong to the TLS suite's frame guard.

#include "testsupport.h"

#include "httprequesthead.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

using namespace wsm;
using namespace wsm::test;

namespace {

// The answer's head carries this header line.
bool answerHasHeader(const RawClient &client, const QByteArray &line)
{
    const qsizetype headEnd = client.received.indexOf("\r\n\r\n");
    return headEnd >= 0 && client.received.left(headEnd + 2).contains(QByteArray(line + "\r\n"));
}

// A request head over 16 KiB in lines of legal length, with no blank line: it never ends.
QByteArray endlessHeaders()
{
    QByteArray head("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (int i = 0; head.size() <= HttpRequestHead::DefaultMaxHeadBytes; ++i)
        head += "X-Filler-" + QByteArray::number(i) + ": " + QByteArray(150, 'f') + "\r\n";
    return head;
}

// Bytes that are nothing a server could parse, the same on every run.
QByteArray randomGarbage(int size)
{
    QRandomGenerator generator(20261123);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(generator.bounded(256));
    return bytes;
}

// An upgrade request with this Sec-WebSocket-Version line instead of "13".
QByteArray upgradeWithVersion(const QByteArray &version)
{
    return QByteArray(upgradeRequest())
        .replace("Sec-WebSocket-Version: 13", QByteArray("Sec-WebSocket-Version: " + version));
}

// One message in `count` frames of one byte each: a first frame, continuations, a final one.
QByteArray messageInOneByteFrames(quint8 opcode, int count)
{
    QByteArray frames;
    frames.reserve(count * 7);
    for (int i = 0; i < count; ++i)
        frames += clientFrame(i == 0 ? opcode : quint8(0x0), QByteArray(1, 'f'), i == count - 1);
    return frames;
}

// Connects with a receive buffer of a few KiB, set before the connect as the window scale is agreed
// in the handshake, then hands the descriptor to Qt.
bool connectWithSmallReceiveBuffer(QTcpSocket &socket, quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    const int size = 4096;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) != 0
        || ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return false;
    }
    return socket.setSocketDescriptor(fd);
}

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void refusedBeforeTheUpgrade_data();
    void refusedBeforeTheUpgrade();
    void slowlorisIsCutOffByTheHandshakeTimeout();
    void frameViolationIsClosed_data();
    void frameViolationIsClosed();
    void tenThousandTinyFragmentsPastTheLimitAreClosedWith1009_data();
    void tenThousandTinyFragmentsPastTheLimitAreClosedWith1009();
    void slowConsumerOfABroadcastIsClosedAtTheCap();
    void halfClosedClientIsRecordedAs1006_data();
    void halfClosedClientIsRecordedAs1006();
    void fiveHundredDroppedClientsAreRecordedAs1006();

private:
    // They assert with QCOMPARE/QVERIFY, which on a failure return from the helper only: every
    // call is followed by `if (QTest::currentTestFailed()) return;`.

    // Starts the server and the bystander, and has the bystander echoed once.
    void startWithBystander(const ServerConfig &config);
    // The bystander sends one more message; every one it has sent so far comes back, in order.
    void bystanderIsEchoed(const char *when);
    // An offender connected after the upgrade, and the session the server made for it.
    void upgradeOffender(RawClient &offender, quint64 *sessionId);
    // Refused before the upgrade with this status: one Rejected event, the bystander served.
    void verifyRefused(RawClient &client, quint16 clientPort, int status, EndReason reason);
    // The offender's session ended: it was sent wireCode in a close frame (0: none at all), and one
    // event says who ended it, why and with which code; the bystander is served, it alone is left.
    void verifyOffenderEnded(RawClient &offender, quint64 sessionId, EndedBy endedBy, EndReason reason,
                             int closeCode, int wireCode);
    // The bystander leaves: no session, client or handshake is left on the server.
    void verifyNothingLeft();

    std::unique_ptr<ServerFixture> m_server;
    std::unique_ptr<Client> m_bystander;
    QStringList m_bystanderSent;
};

void TestHostile::init()
{
    m_server = std::make_unique<ServerFixture>();
    m_bystanderSent.clear();
}

void TestHostile::cleanup()
{
    m_bystander.reset();
    m_server.reset();
    // The controller's destructor joins the server thread: every Session must be gone by then.
    QCOMPARE(Session::aliveCount(), 0);
}

void TestHostile::startWithBystander(const ServerConfig &config)
{
    QVERIFY(m_server->start(config));
    m_bystander = std::make_unique<Client>();
    QVERIFY(m_bystander->open(m_server->url));
    bystanderIsEchoed("before");
}

void TestHostile::bystanderIsEchoed(const char *when)
{
    const QString text = QStringLiteral("bystander message %1, %2")
                             .arg(m_bystanderSent.size() + 1)
                             .arg(QLatin1String(when));
    m_bystanderSent.append(text);
    m_bystander->socket.sendTextMessage(text);
    QTRY_COMPARE_WITH_TIMEOUT(m_bystander->texts, m_bystanderSent, WaitMs);
    QVERIFY(!m_bystander->disconnected);
}

void TestHostile::upgradeOffender(RawClient &offender, quint64 *sessionId)
{
    QVERIFY(offender.upgrade(m_server->port()));
    *sessionId = m_server->sessionIdForPort(offender.socket.localPort());
    QVERIFY(*sessionId != 0);
}

void TestHostile::verifyRefused(RawClient &client, quint16 clientPort, int status, EndReason reason)
{
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(client.httpStatus(), status);

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.reason, reason);
    QCOMPARE(rejected.endedBy, EndedBy::Server);
    QCOMPARE(rejected.httpStatus, status);
    QCOMPARE(rejected.closeCode, 0);
    QCOMPARE(rejected.sessionId, quint64(0));
    QCOMPARE(rejected.peerPort, clientPort);

    bystanderIsEchoed("after");
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Rejected), 1);
    QCOMPARE(m_server->countEvents(EventKind::Closed), 0);
    QCOMPARE(m_server->countEvents(EventKind::Connected), 1); // the bystander
    QCOMPARE(Session::aliveCount(), 1);
    QCOMPARE(m_server->last.totals.sessionsAlive, 1);
    QCOMPARE(m_server->last.totals.handshakesPending, 0);
}

void TestHostile::verifyOffenderEnded(RawClient &offender, quint64 sessionId, EndedBy endedBy, EndReason reason,
                                      int closeCode, int wireCode)
{
    QTRY_VERIFY_WITH_TIMEOUT(offender.disconnected, WaitMs);
    QCOMPARE(offender.closeCode(), wireCode);

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, sessionId).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, sessionId);
    QCOMPARE(closed.endedBy, endedBy);
    QCOMPARE(closed.reason, reason);
    QCOMPARE(closed.closeCode, closeCode);

    bystanderIsEchoed("after");
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Closed), 1);
    QCOMPARE(m_server->countEvents(EventKind::Rejected), 0);
    QCOMPARE(Session::aliveCount(), 1);
    QCOMPARE(m_server->last.totals.sessionsAlive, 1);
    QCOMPARE(m_server->last.totals.clientsConnected, 1);
}

void TestHostile::verifyNothingLeft()
{
    m_bystander->socket.close();
    QTRY_VERIFY_WITH_TIMEOUT(m_bystander->disconnected, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 0, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->last.totals.sessionsAlive, 0);
    QCOMPARE(m_server->last.totals.clientsConnected, 0);
    QCOMPARE(m_server->last.totals.handshakesPending, 0);
    QVERIFY(m_server->last.sessions.isEmpty());
}

// ---- before the upgrade -------------------------------------------------------------------

void TestHostile::refusedBeforeTheUpgrade_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<int>("status");
    QTest::addColumn<EndReason>("reason");
    QTest::addColumn<QByteArray>("answerHeader"); // a header line the answer must carry, if any

    QTest::newRow("random bytes") << randomGarbage(4096) << 400 << EndReason::BadHandshake << QByteArray();
    QTest::newRow("NUL bytes") << QByteArray(64, '\0') << 400 << EndReason::BadHandshake << QByteArray();
    QTest::newRow("a WebSocket frame instead of the handshake")
        << clientFrame(0x1, "hello") << 400 << EndReason::BadHandshake << QByteArray();
    QTest::newRow("printable bytes that never make a line")
        << QByteArray(9000, 'A') << 431 << EndReason::BadHandshake << QByteArray();
    // Over the caps and never ended: refused as soon as the cap is passed, not at the timeout.
    QTest::newRow("request line over the cap, never ended")
        << QByteArray("GET /" + QByteArray(9000, 'a')) << 431 << EndReason::BadHandshake << QByteArray();
    QTest::newRow("header over the cap, never ended")
        << QByteArray("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + QByteArray(9000, 'b')) << 431
        << EndReason::BadHandshake << QByteArray();
    QTest::newRow("head over the cap in legal lines, never ended")
        << endlessHeaders() << 431 << EndReason::BadHandshake << QByteArray();
    QTest::newRow("Sec-WebSocket-Version 14")
        << upgradeWithVersion("14") << 426 << EndReason::BadHandshake << QByteArray("Sec-WebSocket-Version: 13");
    QTest::newRow("Sec-WebSocket-Version 0")
        << upgradeWithVersion("0") << 426 << EndReason::BadHandshake << QByteArray("Sec-WebSocket-Version: 13");
    QTest::newRow("Sec-WebSocket-Version 8 and 13 in one header")
        << upgradeWithVersion("8, 13") << 426 << EndReason::BadHandshake
        << QByteArray("Sec-WebSocket-Version: 13");
    QTest::newRow("Sec-WebSocket-Version not a number")
        << upgradeWithVersion("thirteen") << 426 << EndReason::BadHandshake
        << QByteArray("Sec-WebSocket-Version: 13");
}

void TestHostile::refusedBeforeTheUpgrade()
{
    QFETCH(QByteArray, sent);
    QFETCH(int, status);
    QFETCH(EndReason, reason);
    QFETCH(QByteArray, answerHeader);
    startWithBystander(ServerFixture::defaultConfig());
    if (QTest::currentTestFailed())
        return;

    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    const quint16 clientPort = client.socket.localPort(); // Qt forgets it once disconnected
    client.socket.write(sent);
    bystanderIsEchoed("during");
    if (QTest::currentTestFailed())
        return;

    verifyRefused(client, clientPort, status, reason);
    if (QTest::currentTestFailed())
        return;
    if (!answerHeader.isEmpty())
        QVERIFY2(answerHasHeader(client, answerHeader), client.received.constData());
    verifyNothingLeft();
}

void TestHostile::slowlorisIsCutOffByTheHandshakeTimeout()
{
    // Slowloris: a valid upgrade request, one byte a second. Each byte is progress, none buys time:
    // the handshake timeout runs from the accept.
    ServerConfig config = ServerFixture::defaultConfig();
    config.handshakeTimeoutMs = 2000;
    startWithBystander(config);
    if (QTest::currentTestFailed())
        return;

    const QByteArray request = upgradeRequest();
    RawClient slowloris;
    QVERIFY(slowloris.connectTo(m_server->port()));
    const quint16 slowlorisPort = slowloris.socket.localPort();
    int trickled = 0;
    const auto dripOne = [&] {
        if (trickled < request.size())
            slowloris.socket.write(request.mid(trickled++, 1));
    };
    dripOne();
    QTimer drip;
    drip.setInterval(1000);
    connect(&drip, &QTimer::timeout, &slowloris, dripOne);
    connect(&slowloris.socket, &QTcpSocket::disconnected, &drip, &QTimer::stop);
    drip.start();

    // The bystander is served while the slowloris holds its connection.
    bystanderIsEchoed("during");
    if (QTest::currentTestFailed())
        return;

    QTRY_VERIFY_WITH_TIMEOUT(slowloris.disconnected, WaitMs);
    QVERIFY(trickled < request.size()); // cut off, not served: the request never got finished
    QVERIFY2(slowloris.received.isEmpty(), slowloris.received.constData()); // a TCP close, no answer
    drip.stop();

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.reason, EndReason::HandshakeTimeout);
    QCOMPARE(rejected.endedBy, EndedBy::Server);
    QCOMPARE(rejected.httpStatus, 0);
    QCOMPARE(rejected.closeCode, 0);
    QCOMPARE(rejected.peerPort, slowlorisPort);

    bystanderIsEchoed("after");
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Rejected), 1);
    QCOMPARE(m_server->countEvents(EventKind::Closed), 0);
    QCOMPARE(m_server->countEvents(EventKind::Connected), 1);
    QCOMPARE(m_server->last.totals.handshakesPending, 0);
    verifyNothingLeft();
}

// ---- after the upgrade: frames RFC 6455 forbids ------------------------------------------

void TestHostile::frameViolationIsClosed_data()
{
    // What the client sends after a valid upgrade, the close code it gets back, and the reason
    // the server records (always ended by the server, with the code it sent).
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<EndReason>("reason");

    const EndReason protocol = EndReason::ProtocolError;
    const QByteArray hello("hello");

    // Reserved bits: no extension was agreed, so any of them set is a protocol error.
    QTest::newRow("RSV1 on a text frame") << rawFrame(FinBit | Rsv1Bit | 0x1, hello) << 1002 << protocol;
    QTest::newRow("RSV2 on a binary frame") << rawFrame(FinBit | Rsv2Bit | 0x2, hello) << 1002 << protocol;
    QTest::newRow("RSV3 on a ping") << rawFrame(FinBit | Rsv3Bit | 0x9, hello) << 1002 << protocol;
    QTest::newRow("RSV1 on a continuation")
        << clientFrame(0x1, hello, false) + rawFrame(FinBit | Rsv1Bit | 0x0, hello) << 1002 << protocol;

    // Opcodes 3-7 and 0xB-0xF are reserved.
    QTest::newRow("reserved data opcode 0x3") << rawFrame(FinBit | 0x3, hello) << 1002 << protocol;
    QTest::newRow("reserved data opcode 0x7") << rawFrame(FinBit | 0x7, hello) << 1002 << protocol;
    QTest::newRow("reserved control opcode 0xB") << rawFrame(FinBit | 0xB, hello) << 1002 << protocol;
    QTest::newRow("reserved control opcode 0xF") << rawFrame(FinBit | 0xF, hello) << 1002 << protocol;

    // Control frames: at most 125 bytes, never fragmented.
    QTest::newRow("ping of 126 bytes") << clientFrame(0x9, QByteArray(126, 'p')) << 1002 << protocol;
    QTest::newRow("pong of 126 bytes") << clientFrame(0xA, QByteArray(126, 'p')) << 1002 << protocol;
    QTest::newRow("close of 126 bytes")
        << clientFrame(0x8, closePayload(1000, QByteArray(124, 'c'))) << 1002 << protocol;
    QTest::newRow("ping of 64 KiB") << clientFrame(0x9, QByteArray(65536, 'p')) << 1002 << protocol;
    QTest::newRow("fragmented ping") << clientFrame(0x9, hello, false) << 1002 << protocol;
    QTest::newRow("fragmented close") << clientFrame(0x8, closePayload(1000), false) << 1002 << protocol;
    QTest::newRow("fragmented ping inside a fragmented message")
        << clientFrame(0x1, hello, false) + clientFrame(0x9, hello, false) << 1002 << protocol;

    // Continuations belong to a message begun before them.
    QTest::newRow("final continuation with nothing to continue") << clientFrame(0x0, hello) << 1002 << protocol;
    QTest::newRow("continuation with nothing to continue, not final")
        << clientFrame(0x0, hello, false) << 1002 << protocol;
    QTest::newRow("continuation after a complete message")
        << clientFrame(0x1, hello) + clientFrame(0x0, hello) << 1002 << protocol;
    QTest::newRow("new text frame inside a fragmented message")
        << clientFrame(0x1, hello, false) + clientFrame(0x1, hello) << 1002 << protocol;
    QTest::newRow("new binary frame inside a fragmented message")
        << clientFrame(0x2, hello, false) + clientFrame(0x2, hello) << 1002 << protocol;

    // A 64-bit length must have its most significant bit clear.
    QTest::newRow("length with the most significant bit set")
        << QByteArray("\x82\xff\x80\x00\x00\x00\x00\x00\x00\x01\x11\x22\x33\x44", 14) << 1002 << protocol;

    // Close frames: a code that may be sent, or none; the reason in UTF-8.
    QTest::newRow("close with one byte of payload") << clientFrame(0x8, QByteArray(1, '\x03')) << 1002 << protocol;
    for (const int code : {0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535}) {
        QTest::addRow("close code %d", code) << clientFrame(0x8, closePayload(quint16(code))) << 1002 << protocol;
    }
    QTest::newRow("close reason not UTF-8")
        << clientFrame(0x8, closePayload(1000, "bye \xff")) << 1007 << EndReason::InvalidUtf8;
}

void TestHostile::frameViolationIsClosed()
{
    QFETCH(QByteArray, sent);
    QFETCH(int, closeCode);
    QFETCH(EndReason, reason);
    startWithBystander(ServerFixture::defaultConfig());
    if (QTest::currentTestFailed())
        return;
    RawClient offender;
    quint64 offenderId = 0;
    upgradeOffender(offender, &offenderId);
    if (QTest::currentTestFailed())
        return;

    offender.socket.write(sent);
    bystanderIsEchoed("during");
    if (QTest::currentTestFailed())
        return;

    verifyOffenderEnded(offender, offenderId, EndedBy::Server, reason, closeCode, closeCode);
    if (QTest::currentTestFailed())
        return;
    verifyNothingLeft();
}

void TestHostile::tenThousandTinyFragmentsPastTheLimitAreClosedWith1009_data()
{
    QTest::addColumn<quint8>("opcode");
    QTest::newRow("text") << quint8(0x1);
    QTest::newRow("binary") << quint8(0x2);
}

void TestHostile::tenThousandTinyFragmentsPastTheLimitAreClosedWith1009()
{
    // Every frame is one byte, far within any frame limit; the message they make is 10,000 bytes,
    // over the 4 KiB limit. The server must count the message, not only each frame.
    QFETCH(quint8, opcode);
    ServerConfig config = ServerFixture::defaultConfig();
    config.maxMessageBytes = 4096;
    startWithBystander(config);
    if (QTest::currentTestFailed())
        return;
    RawClient offender;
    quint64 offenderId = 0;
    upgradeOffender(offender, &offenderId);
    if (QTest::currentTestFailed())
        return;

    constexpr int Fragments = 10000;
    const QByteArray frames = messageInOneByteFrames(opcode, Fragments);
    // Half, then the bystander, then the rest: it is served while the fragments pour in.
    offender.socket.write(frames.left(frames.size() / 2));
    bystanderIsEchoed("during");
    if (QTest::currentTestFailed())
        return;
    if (!offender.disconnected)
        offender.socket.write(frames.mid(frames.size() / 2));

    verifyOffenderEnded(offender, offenderId, EndedBy::Server, EndReason::MessageTooBig, 1009, 1009);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(quint8(offender.received.at(0)), quint8(0x88)); // nothing was echoed
    verifyNothingLeft();
}

// ---- a client that does not read -----------------------------------------------------------

void TestHostile::slowConsumerOfABroadcastIsClosedAtTheCap()
{
    // The server broadcasts what one client sends to every other; one of them never reads. Its
    // send queue must stay bounded: over the cap it is closed (1008), and the queue the server
    // reports never holds more than the cap, one message and the close frame.
    constexpr qint64 Cap = 64 * 1024;
    const QString chunk(32 * 1024, QLatin1Char('s'));
    constexpr qint64 ChunkFrame = 32 * 1024 + 4;   // 16-bit length: 4 bytes of header
    constexpr qint64 CloseFrame = 2 + 125;         // the longest close frame there is
    ServerConfig config = ServerFixture::defaultConfig();
    config.mode = MessageMode::Broadcast;
    config.maxSendQueueBytes = Cap;
    // The server holds the queue and the close frame behind it for the grace period before it cuts
    // the client off: long enough here for the client to come back, read them and tell the code.
    config.closeGraceMs = 60000;
    QVERIFY(m_server->start(config));
    Client broadcaster, listener; // the well-behaved pair: each hears what the other sends
    QVERIFY(broadcaster.open(m_server->url));
    QVERIFY(listener.open(m_server->url));
    broadcaster.socket.sendTextMessage(QStringLiteral("before"));
    QTRY_COMPARE_WITH_TIMEOUT(listener.texts, QStringList{QStringLiteral("before")}, WaitMs);
    listener.texts.clear();

    // Upgrades, then reads nothing: with Qt's read buffer capped at one byte, Qt stops taking bytes
    // from the kernel, and the kernel buffers fill. Its receive buffer is made small before the
    // connect (the window is agreed then), so that they fill at once and stay full.
    RawClient slow;
    QVERIFY(connectWithSmallReceiveBuffer(slow.socket, m_server->port()));
    slow.socket.write(upgradeRequest());
    QTRY_VERIFY_WITH_TIMEOUT(slow.received.contains("\r\n\r\n"), WaitMs);
    QVERIFY(slow.received.startsWith("HTTP/1.1 101"));
    slow.received.remove(0, slow.received.indexOf("\r\n\r\n") + 4);
    QObject::disconnect(&slow.socket, &QTcpSocket::readyRead, &slow, nullptr);
    slow.socket.setReadBufferSize(1);
    const quint16 slowPort = slow.socket.localPort();
    const quint64 slowId = m_server->sessionIdForPort(slowPort);
    QVERIFY(slowId != 0);

    // The send queue of the slow client in every snapshot while it is listed; bounded throughout.
    qint64 largestQueue = 0;
    qint64 queueWhenClosing = -1;
    bool listed = true;
    const auto watchQueue = [&] {
        const std::optional<SessionRow> row = m_server->rowForPeerPort(slowPort);
        listed = row.has_value();
        if (!row)
            return;
        largestQueue = std::max(largestQueue, row->bytesToWrite);
        if (row->state == SessionState::Closing)
            queueWhenClosing = row->bytesToWrite;
    };
    QObject watcher; // ends the watch with this function
    connect(&m_server->controller, &ServerController::snapshotReady, &watcher, watchQueue);
    const auto slowIsCutOff = [&] { return queueWhenClosing >= 0 || !listed; };

    // Broadcast in lockstep with the listener, so that only the slow client falls behind, until the
    // server gives up on it. Bounded in messages and in time.
    constexpr int MaxMessages = 4000;
    QSignalSpy heard(&listener.socket, &QWebSocket::textMessageReceived);
    QElapsedTimer elapsed;
    elapsed.start();
    int sent = 0;
    while (!slowIsCutOff() && sent < MaxMessages && elapsed.elapsed() < 4 * WaitMs) {
        broadcaster.socket.sendTextMessage(chunk);
        ++sent;
        while (heard.isEmpty())
            QVERIFY(heard.wait(WaitMs));
        QCOMPARE(heard.size(), 1);
        QCOMPARE(heard.takeFirst().at(0).toString().size(), chunk.size());
        listener.texts.clear();
    }
    QVERIFY2(slowIsCutOff(), qPrintable(QStringLiteral("still open after %1 messages").arg(sent)));
    QVERIFY2(largestQueue <= Cap + ChunkFrame + CloseFrame,
             qPrintable(QStringLiteral("send queue of %1 bytes, over the cap of %2 and one message")
                            .arg(largestQueue)
                            .arg(Cap)));

    // The pair goes on, both ways, while the slow client still holds its connection.
    broadcaster.socket.sendTextMessage(QStringLiteral("during"));
    QTRY_COMPARE_WITH_TIMEOUT(listener.texts, QStringList{QStringLiteral("during")}, WaitMs);
    listener.socket.sendTextMessage(QStringLiteral("back"));
    QTRY_COMPARE_WITH_TIMEOUT(broadcaster.texts, QStringList{QStringLiteral("back")}, WaitMs);

    // The slow client reads again: behind the broadcasts it finds the close frame, 1008.
    connect(&slow.socket, &QTcpSocket::readyRead, &slow, [&slow] { slow.received += slow.socket.readAll(); });
    slow.socket.setReadBufferSize(0);
    slow.received += slow.socket.readAll();
    QTRY_VERIFY_WITH_TIMEOUT(slow.closeCode() != 0 || slow.disconnected, WaitMs);
    QCOMPARE(slow.closeCode(), 1008);
    // The snapshots showed it closing, its queue held: the bound above was checked on a live figure.
    QVERIFY2(queueWhenClosing > 0, qPrintable(QString::number(queueWhenClosing)));
    slow.socket.write(clientFrame(0x8, closePayload(1008))); // the close handshake, finished
    QTRY_VERIFY_WITH_TIMEOUT(slow.disconnected, WaitMs);

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, slowId).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, slowId);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.reason, EndReason::SlowConsumer);
    QCOMPARE(closed.closeCode, 1008);

    broadcaster.socket.sendTextMessage(QStringLiteral("after"));
    QTRY_COMPARE_WITH_TIMEOUT(listener.texts, (QStringList{QStringLiteral("during"), QStringLiteral("after")}),
                              WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Closed), 1);
    QCOMPARE(m_server->countEvents(EventKind::Rejected), 0);
    QCOMPARE(Session::aliveCount(), 2);
    QCOMPARE(m_server->last.totals.sessionsAlive, 2);
    QVERIFY(!broadcaster.disconnected && !listener.disconnected);

    broadcaster.socket.close();
    listener.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 0, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->last.totals.sessionsAlive, 0);
    QCOMPARE(m_server->last.totals.clientsConnected, 0);
}

// ---- clients that go without a close frame ------------------------------------------------

void TestHostile::halfClosedClientIsRecordedAs1006_data()
{
    QTest::addColumn<QByteArray>("sentFirst"); // frames before the half-close
    QTest::newRow("right after the upgrade") << QByteArray();
    QTest::newRow("in the middle of a fragmented message") << clientFrame(0x1, "half a mess", false);
}

void TestHostile::halfClosedClientIsRecordedAs1006()
{
    // The client shuts down its sending side (TCP FIN) and keeps reading. A FIN with no close frame
    // is an abnormal closure (RFC 6455 7.1.5: 1006, never sent on the wire): the server records it
    // as the client's drop and closes its side too, rather than keep a session nobody can use.
    QFETCH(QByteArray, sentFirst);
    startWithBystander(ServerFixture::defaultConfig());
    if (QTest::currentTestFailed())
        return;
    RawClient offender;
    quint64 offenderId = 0;
    upgradeOffender(offender, &offenderId);
    if (QTest::currentTestFailed())
        return;

    if (!sentFirst.isEmpty()) {
        offender.socket.write(sentFirst);
        QVERIFY(offender.socket.waitForBytesWritten(WaitMs));
    }
    offender.socket.flush();
    QCOMPARE(::shutdown(int(offender.socket.socketDescriptor()), SHUT_WR), 0);
    bystanderIsEchoed("during");
    if (QTest::currentTestFailed())
        return;

    verifyOffenderEnded(offender, offenderId, EndedBy::Client, EndReason::ClientDropped, 1006, 0);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(offender.received.isEmpty(), offender.received.toHex(' ').constData());
    verifyNothingLeft();
}

void TestHostile::fiveHundredDroppedClientsAreRecordedAs1006()
{
    // 500 clients upgrade, then go without a close frame: half with a reset (RST), half with a
    // plain TCP close (FIN). Each is one ClientDropped event with 1006, and none is left alive.
    constexpr int Count = 500;
    constexpr int Batch = 100; // connects in flight at once
    startWithBystander(ServerFixture::defaultConfig());
    if (QTest::currentTestFailed())
        return;

    std::vector<std::unique_ptr<RawClient>> clients;
    clients.reserve(Count);
    const QByteArray request = upgradeRequest();
    for (int first = 0; first < Count; first += Batch) {
        for (int i = first; i < first + Batch; ++i) {
            auto client = std::make_unique<RawClient>();
            RawClient *raw = client.get();
            connect(&raw->socket, &QTcpSocket::connected, raw, [raw, &request] { raw->socket.write(request); });
            raw->socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_server->port());
            clients.push_back(std::move(client));
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.begin() + first, clients.end(),
                                             [](const auto &c) { return c->received.contains("\r\n\r\n"); }),
                                 WaitMs);
    }
    for (const auto &client : clients)
        QVERIFY2(client->received.startsWith("HTTP/1.1 101"), client->received.constData());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Connected), Count + 1, WaitMs);
    QCOMPARE(Session::aliveCount(), Count + 1);
    bystanderIsEchoed("with 500 clients in");
    if (QTest::currentTestFailed())
        return;

    for (int i = 0; i < Count; ++i) {
        QTcpSocket &socket = clients[size_t(i)]->socket;
        if (i % 2 == 0) {
            // SO_LINGER with a zero timeout: close() sends RST instead of FIN.
            const linger reset{1, 0};
            QCOMPARE(::setsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset), 0);
            socket.abort();
        } else {
            socket.disconnectFromHost();
        }
        if (i == Count / 2)
            bystanderIsEchoed("while they drop");
        if (QTest::currentTestFailed())
            return;
    }

    QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Closed), Count, WaitMs);
    QSet<quint64> ended;
    for (const ConnectionEvent &event : std::as_const(m_server->events)) {
        if (event.kind != EventKind::Closed)
            continue;
        QCOMPARE(event.endedBy, EndedBy::Client);
        QCOMPARE(event.reason, EndReason::ClientDropped);
        QCOMPARE(event.closeCode, 1006);
        ended.insert(event.sessionId);
    }
    QCOMPARE(ended.size(), Count); // one event each, none twice
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 1, WaitMs);

    bystanderIsEchoed("after");
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Closed), Count);
    QCOMPARE(m_server->countEvents(EventKind::Rejected), 0);
    QCOMPARE(m_server->last.totals.sessionsAlive, 1);
    QCOMPARE(m_server->last.totals.clientsConnected, 1);
    QCOMPARE(m_server->last.sessions.size(), 1);
    verifyNothingLeft();
}

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
