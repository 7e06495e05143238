// End to end: every limit ends only the client that broke it, with its close code (or its HTTP
// status before the upgrade) and exactly one event saying who ended it and why, while a
// well-behaved client on the same server goes on being served.

#include "testsupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace wsm;
using namespace wsm::test;

namespace {

// The close code an offender was sent, as each kind of client tells it.
int closeCodeOf(const Client &client)
{
    return int(client.socket.closeCode());
}

int closeCodeOf(const RawClient &client)
{
    return client.closeCode();
}

// Raw TCP: sends this upgrade request and waits for the head of the answer (or the close).
bool requestUpgrade(RawClient &raw, quint16 port, const QByteArray &path, const QByteArray &extraHeaders)
{
    if (!raw.connectTo(port))
        return false;
    raw.socket.write(upgradeRequest(path, extraHeaders));
    return QTest::qWaitFor([&] { return raw.received.contains("\r\n\r\n") || raw.disconnected; }, WaitMs);
}

} // namespace

class TestLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void clientOverMaxConnectionsIsRefusedWith503();
    void placeFreedByALeavingClientIsTakenAgain();
    void messageOverTheLimitIsClosedWith1009_data();
    void messageOverTheLimitIsClosedWith1009();
    void messageAtTheLimitIsEchoed_data();
    void messageAtTheLimitIsEchoed();
    void invalidUtf8IsClosedWith1007_data();
    void invalidUtf8IsClosedWith1007();
    void utf8SequenceSplitAcrossFramesIsAccepted();
    void qtClientFramesCutInsideACharacterAreAccepted();
    void floodOverTheRateLimitIsClosedWith1008_data();
    void floodOverTheRateLimitIsClosedWith1008();
    void slowConsumerIsClosedWith1008();
    void incompleteHandshakeIsCutOffAtTheTimeout_data();
    void incompleteHandshakeIsCutOffAtTheTimeout();
    void tricklingHandshakeDoesNotExtendTheTimeout();
    void onlyAllowedOriginsAreUpgraded_data();
    void onlyAllowedOriginsAreUpgraded();
    void tokenDecidesTheUpgrade_data();
    void tokenDecidesTheUpgrade();

private:
    // The shared ends of the tests below. They assert with QCOMPARE/QVERIFY, which on a failure
    // return from the helper only: every call is followed by `if (QTest::currentTestFailed()) return;`.

    // The server ended this session for this reason, with this close code, and `alive` are left.
    void verifyEndedByServer(quint64 sessionId, EndReason reason, int closeCode, int alive);
    // Once every event recorded so far has arrived: this end is the only one, `alive` are left.
    void verifyOnlyEnd(EventKind kind, EndReason reason, int alive);
    // The offender alone was cut off, with this close code: one end, by the server, for this reason;
    // the bystander, the one client left, still has these messages echoed.
    template<typename Offender>
    void verifyOnlyOffenderEnded(Offender &offender, quint64 offenderId, EndReason reason, int closeCode,
                                 Client &bystander, const QStringList &messages = {QStringLiteral("still here")});
    // The client's upgrade request was answered with this status: 101, or a refusal for this reason
    // with one event; the bystander is served either way.
    void verifyUpgradeAnswered(RawClient &client, int status, EndReason refusal, Client &bystander);

    std::unique_ptr<ServerFixture> m_server;
};

void TestLimits::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void TestLimits::cleanup()
{
    m_server.reset();
    // The controller's destructor joins the server thread: every Session must be gone by then.
    QCOMPARE(Session::aliveCount(), 0);
}

void TestLimits::verifyEndedByServer(quint64 sessionId, EndReason reason, int closeCode, int alive)
{
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, sessionId).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, sessionId);
    QCOMPARE(closed.reason, reason);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.closeCode, closeCode);
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), alive, WaitMs);
}

void TestLimits::verifyOnlyEnd(EventKind kind, EndReason reason, int alive)
{
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(kind, reason), 1);
    QCOMPARE(m_server->endCount(), 1);
    QCOMPARE(Session::aliveCount(), alive);
}

template<typename Offender>
void TestLimits::verifyOnlyOffenderEnded(Offender &offender, quint64 offenderId, EndReason reason, int closeCode,
                                         Client &bystander, const QStringList &messages)
{
    QTRY_VERIFY_WITH_TIMEOUT(offender.disconnected, WaitMs);
    QCOMPARE(closeCodeOf(offender), closeCode);

    verifyEndedByServer(offenderId, reason, closeCode, 1);
    if (QTest::currentTestFailed())
        return;

    for (const QString &text : messages)
        bystander.socket.sendTextMessage(text);
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, messages, WaitMs);

    verifyOnlyEnd(EventKind::Closed, reason, 1);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!bystander.disconnected);
}

void TestLimits::verifyUpgradeAnswered(RawClient &client, int status, EndReason refusal, Client &bystander)
{
    QCOMPARE(client.httpStatus(), status);
    const int refused = status == 101 ? 0 : 1;
    if (!refused) {
        QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Connected), 2, WaitMs);
        QCOMPARE(Session::aliveCount(), 2);
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
        const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
        QCOMPARE(rejected.reason, refusal);
        QCOMPARE(rejected.endedBy, EndedBy::Server);
        QCOMPARE(rejected.httpStatus, status);
    }

    bystander.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, QStringList{QStringLiteral("still here")}, WaitMs);

    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Rejected, refusal), refused);
    QCOMPARE(m_server->endCount(), refused);
    QCOMPARE(m_server->countEvents(EventKind::Connected), 2 - refused);
    QCOMPARE(Session::aliveCount(), 2 - refused);
}

void TestLimits::clientOverMaxConnectionsIsRefusedWith503()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.maxConnections = 2;
    QVERIFY(m_server->start(config));
    Client first, second;
    QVERIFY(first.open(m_server->url));
    QVERIFY(second.open(m_server->url));
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 2, WaitMs);

    RawClient third;
    QVERIFY(requestUpgrade(third, m_server->port(), "/", {}));
    const quint16 thirdPort = third.socket.localPort(); // Qt forgets it once disconnected
    QCOMPARE(third.httpStatus(), 503);
    QVERIFY(third.received.contains("Retry-After: 5\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(third.disconnected, WaitMs);

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.reason, EndReason::ServerFull);
    QCOMPARE(rejected.endedBy, EndedBy::Server);
    QCOMPARE(rejected.httpStatus, 503);
    QCOMPARE(rejected.sessionId, quint64(0));
    QCOMPARE(rejected.peerPort, thirdPort);

    // The two inside go on.
    first.socket.sendTextMessage(QStringLiteral("first still here"));
    second.socket.sendTextMessage(QStringLiteral("second still here"));
    QTRY_COMPARE_WITH_TIMEOUT(first.texts, QStringList{QStringLiteral("first still here")}, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.texts, QStringList{QStringLiteral("second still here")}, WaitMs);
    QVERIFY(!first.disconnected && !second.disconnected);

    verifyOnlyEnd(EventKind::Rejected, EndReason::ServerFull, 2);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_server->last.totals.clientsConnected, 2);
    QCOMPARE(m_server->countEvents(EventKind::Connected), 2);
}

void TestLimits::placeFreedByALeavingClientIsTakenAgain()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.maxConnections = 1;
    QVERIFY(m_server->start(config));
    auto first = std::make_unique<Client>();
    QVERIFY(first->open(m_server->url));

    RawClient refused;
    QVERIFY(requestUpgrade(refused, m_server->port(), "/", {}));
    QCOMPARE(refused.httpStatus(), 503);
    QTRY_VERIFY_WITH_TIMEOUT(refused.disconnected, WaitMs);

    first->socket.close();
    QTRY_VERIFY_WITH_TIMEOUT(first->disconnected, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 0, WaitMs);
    first.reset();

    Client next;
    QVERIFY(next.open(m_server->url));
    next.socket.sendTextMessage(QStringLiteral("my turn"));
    QTRY_COMPARE_WITH_TIMEOUT(next.texts, QStringList{QStringLiteral("my turn")}, WaitMs);

    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Rejected, EndReason::ServerFull), 1);
    QCOMPARE(m_server->countEvents(EventKind::Closed, EndReason::ClientClosed), 1);
    QCOMPARE(m_server->endCount(), 2);
    QCOMPARE(m_server->countEvents(EventKind::Connected), 2);
    QCOMPARE(Session::aliveCount(), 1);
}

void TestLimits::messageOverTheLimitIsClosedWith1009_data()
{
    QTest::addColumn<bool>("binary");
    QTest::addColumn<int>("frameSize"); // 0: Qt's default, the whole message in one frame
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("text, one byte over, one frame") << false << 0 << QByteArray(1025, 'x');
    QTest::newRow("text of 64 KiB, one frame") << false << 0 << QByteArray(64 * 1024, 'x');
    QTest::newRow("binary of 2 KiB, one frame") << true << 0 << QByteArray(2048, '\0');
    // Each frame is within the limit; the message they make is not.
    QTest::newRow("text of 2 KiB in 256-byte frames") << false << 256 << QByteArray(2048, 'x');
    QTest::newRow("binary of 2 KiB in 256-byte frames") << true << 256 << QByteArray(2048, '\x7f');
    // 400 characters, 1200 bytes of UTF-8: the limit is in bytes as they travel.
    QTest::newRow("chinese text of 1200 bytes in 300-byte frames")
        << false << 300 << QString(400, QChar(0x4e2d)).toUtf8();
}

void TestLimits::messageOverTheLimitIsClosedWith1009()
{
    QFETCH(bool, binary);
    QFETCH(int, frameSize);
    QFETCH(QByteArray, payload);
    ServerConfig config = ServerFixture::defaultConfig();
    config.maxMessageBytes = 1024;
    QVERIFY(m_server->start(config));
    Client bystander, offender;
    QVERIFY(bystander.open(m_server->url));
    QVERIFY(offender.open(m_server->url));
    const quint64 offenderId = m_server->sessionIdForPort(offender.localPort());
    QVERIFY(offenderId != 0);

    if (frameSize > 0)
        offender.socket.setOutgoingFrameSize(quint64(frameSize));
    if (binary)
        offender.socket.sendBinaryMessage(payload);
    else
        offender.socket.sendTextMessage(QString::fromUtf8(payload));
    verifyOnlyOffenderEnded(offender, offenderId, EndReason::MessageTooBig, 1009, bystander);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(offender.texts.isEmpty() && offender.binaries.isEmpty()); // nothing came back before the close
}

void TestLimits::messageAtTheLimitIsEchoed_data()
{
    QTest::addColumn<bool>("binary");
    QTest::addColumn<int>("frameSize");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("text of exactly the limit, one frame") << false << 0 << QByteArray(1024, 'x');
    QTest::newRow("binary of exactly the limit in 100-byte frames") << true << 100 << QByteArray(1024, '\1');
    QTest::newRow("chinese text of 1023 bytes in 300-byte frames")
        << false << 300 << QString(341, QChar(0x4e2d)).toUtf8();
}

void TestLimits::messageAtTheLimitIsEchoed()
{
    QFETCH(bool, binary);
    QFETCH(int, frameSize);
    QFETCH(QByteArray, payload);
    ServerConfig config = ServerFixture::defaultConfig();
    config.maxMessageBytes = 1024;
    QVERIFY(m_server->start(config));
    Client client;
    QVERIFY(client.open(m_server->url));
    if (frameSize > 0)
        client.socket.setOutgoingFrameSize(quint64(frameSize));
    if (binary) {
        client.socket.sendBinaryMessage(payload);
        QTRY_COMPARE_WITH_TIMEOUT(client.binaries, QList<QByteArray>{payload}, WaitMs);
    } else {
        client.socket.sendTextMessage(QString::fromUtf8(payload));
        QTRY_COMPARE_WITH_TIMEOUT(client.texts, QStringList{QString::fromUtf8(payload)}, WaitMs);
    }
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QVERIFY(!client.disconnected);
    QCOMPARE(m_server->endCount(), 0);
}

void TestLimits::invalidUtf8IsClosedWith1007_data()
{
    // The message as the client frames it: one frame, or a first frame and its continuation.
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<QByteArray>("continuation");
    QTest::newRow("lone continuation byte") << QByteArray("\x80") << QByteArray();
    QTest::newRow("overlong encoding of slash") << QByteArray("\xc0\xaf") << QByteArray();
    QTest::newRow("surrogate half encoded in UTF-8") << QByteArray("\xed\xa0\x80") << QByteArray();
    QTest::newRow("code point above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << QByteArray();
    QTest::newRow("byte 0xff after ASCII") << QByteArray("ok\xff") << QByteArray();
    QTest::newRow("sequence cut off at the end of the message") << QByteArray("abc\xe2\x82") << QByteArray();
    QTest::newRow("bad byte in the continuation frame") << QByteArray("valid ") << QByteArray("\xc3\x28");
    QTest::newRow("sequence begun in one frame, broken in the next")
        << QByteArray("\xe2\x82") << QByteArray("x");
}

void TestLimits::invalidUtf8IsClosedWith1007()
{
    QFETCH(QByteArray, first);
    QFETCH(QByteArray, continuation);
    QVERIFY(m_server->start());
    Client bystander;
    QVERIFY(bystander.open(m_server->url));
    RawClient offender;
    QVERIFY(offender.upgrade(m_server->port()));
    const quint64 offenderId = m_server->sessionIdForPort(offender.socket.localPort());
    QVERIFY(offenderId != 0);

    if (continuation.isNull()) {
        offender.socket.write(clientFrame(0x1, first));
    } else {
        offender.socket.write(clientFrame(0x1, first, false));
        offender.socket.write(clientFrame(0x0, continuation));
    }
    verifyOnlyOffenderEnded(offender, offenderId, EndReason::InvalidUtf8, 1007, bystander);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!offender.received.startsWith("\x81")); // no text came back before the close
}

void TestLimits::utf8SequenceSplitAcrossFramesIsAccepted()
{
    // The counterpart of the rows above: RFC 6455 section 5.6 lets a text frame end inside a
    // UTF-8 sequence; only the whole message must be valid.
    QVERIFY(m_server->start());
    RawClient client;
    QVERIFY(client.upgrade(m_server->port()));
    client.socket.write(clientFrame(0x1, QByteArray("price \xe2\x82"), false));
    client.socket.write(clientFrame(0x0, QByteArray("\xac 5")));
    const QByteArray euro = QStringLiteral("price \u20ac 5").toUtf8();
    QVERIFY(QTest::qWaitFor([&] { return client.received.contains(euro) || client.disconnected; }, WaitMs));
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    // Seen with Qt 6.4.2 (Debian bookworm): QWebSocket decodes each text frame on its own and
    // fails the connection with 1007 "Invalid UTF-8 code encountered." Nothing the server can
    // change short of parsing frames itself. An XPASS here means Qt is fixed: drop this mark.
    if (client.disconnected)
        QCOMPARE(client.closeCode(), 1007); // the known failure, not another one
    QEXPECT_FAIL("", "Qt 6.4 refuses a UTF-8 sequence split across frames with 1007", Abort);
#endif
    QVERIFY2(client.received.contains(euro), client.received.toHex(' ').constData());
    QCOMPARE(quint8(client.received.at(0)), quint8(0x81)); // one final text frame
    QCOMPARE(int(client.received.at(1)), int(euro.size()));
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QVERIFY(!client.disconnected);
    QCOMPARE(m_server->endCount(), 0);
}

void TestLimits::qtClientFramesCutInsideACharacterAreAccepted()
{
    // The same with Qt's own client: it cuts a long text message into frames by bytes, wherever
    // the cut falls (by default every 512 KiB, below the default --max-message-bytes of 1 MiB).
    QVERIFY(m_server->start());
    Client client;
    QVERIFY(client.open(m_server->url));
    client.socket.setOutgoingFrameSize(100); // 100 bytes: the cuts fall inside 3-byte characters
    const QString text(200, QChar(0x4e2d));
    client.socket.sendTextMessage(text);
    QVERIFY(QTest::qWaitFor([&] { return !client.texts.isEmpty() || client.disconnected; }, WaitMs));
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    // See utf8SequenceSplitAcrossFramesIsAccepted().
    if (client.disconnected)
        QCOMPARE(int(client.socket.closeCode()), 1007); // the known failure, not another one
    QEXPECT_FAIL("", "Qt 6.4 refuses a UTF-8 sequence split across frames with 1007", Abort);
#endif
    QCOMPARE(client.texts, QStringList{text});
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QVERIFY(!client.disconnected);
    QCOMPARE(m_server->endCount(), 0);
}

void TestLimits::floodOverTheRateLimitIsClosedWith1008_data()
{
    QTest::addColumn<bool>("binary");
    QTest::newRow("text flood") << false;
    QTest::newRow("binary flood") << true;
}

void TestLimits::floodOverTheRateLimitIsClosedWith1008()
{
    QFETCH(bool, binary);
    ServerConfig config = ServerFixture::defaultConfig();
    config.rateLimit = 5;
    QVERIFY(m_server->start(config));
    Client bystander, offender;
    QVERIFY(bystander.open(m_server->url));
    QVERIFY(offender.open(m_server->url));
    const quint64 offenderId = m_server->sessionIdForPort(offender.localPort());
    QVERIFY(offenderId != 0);

    constexpr int Flood = 50;
    for (int i = 0; i < Flood; ++i) {
        if (binary)
            offender.socket.sendBinaryMessage(QByteArray::number(i));
        else
            offender.socket.sendTextMessage(QString::number(i));
    }
    // The bystander sends a few messages, within the burst: all answered.
    const QStringList few{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")};
    verifyOnlyOffenderEnded(offender, offenderId, EndReason::RateLimited, 1008, bystander, few);
    if (QTest::currentTestFailed())
        return;
    // Cut off part way: the burst the bucket holds was echoed, the rest was not.
    QVERIFY(offender.texts.size() + offender.binaries.size() < Flood);
}

void TestLimits::slowConsumerIsClosedWith1008()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.mode = MessageMode::Broadcast;
    config.maxSendQueueBytes = 64 * 1024;
    QVERIFY(m_server->start(config));
    Client broadcaster, listener;
    QVERIFY(broadcaster.open(m_server->url));
    QVERIFY(listener.open(m_server->url));

    // The slow client upgrades, then reads nothing: Qt's read buffer capped at one byte, so Qt
    // stops taking bytes from the kernel and the kernel buffers fill. (Not a small SO_RCVBUF as
    // well: set after the connect on loopback, it left the window shut even once reading resumed.)
    RawClient slow;
    QVERIFY(slow.connectTo(m_server->port()));
    slow.socket.write(upgradeRequest());
    QTRY_VERIFY_WITH_TIMEOUT(slow.received.contains("\r\n\r\n"), WaitMs);
    QVERIFY(slow.received.startsWith("HTTP/1.1 101"));
    QObject::disconnect(&slow.socket, &QTcpSocket::readyRead, &slow, nullptr);
    slow.socket.setReadBufferSize(1);
    const quint16 slowPort = slow.socket.localPort();
    const quint64 slowId = m_server->sessionIdForPort(slowPort);
    QVERIFY(slowId != 0);

    // Broadcast in lockstep with the listener, so that only the slow client falls behind, until
    // the server gives up on it (its row shows Closing, or is gone). Bounded in messages and time.
    const QString chunk(32 * 1024, QLatin1Char('s'));
    constexpr int MaxMessages = 4000;
    QSignalSpy heard(&listener.socket, &QWebSocket::textMessageReceived);
    const auto slowIsCutOff = [&] {
        const std::optional<SessionRow> row = m_server->rowForPeerPort(slowPort);
        return !row || row->state == SessionState::Closing;
    };
    QElapsedTimer elapsed;
    elapsed.start();
    int sent = 0;
    while (!slowIsCutOff() && sent < MaxMessages && elapsed.elapsed() < WaitMs) {
        broadcaster.socket.sendTextMessage(chunk);
        ++sent;
        while (heard.size() < 1)
            QVERIFY(heard.wait(WaitMs));
        QCOMPARE(heard.size(), 1);
        QCOMPARE(heard.takeFirst().at(0).toString().size(), chunk.size());
        listener.texts.clear();
    }
    QVERIFY2(slowIsCutOff(), qPrintable(QStringLiteral("still open after %1 messages").arg(sent)));

    // One end, by the server, for the slow client alone.
    verifyEndedByServer(slowId, EndReason::SlowConsumer, 1008, 2);
    if (QTest::currentTestFailed())
        return;

    // The two others go on, both ways.
    broadcaster.socket.sendTextMessage(QStringLiteral("to the listener"));
    QTRY_COMPARE_WITH_TIMEOUT(listener.texts, QStringList{QStringLiteral("to the listener")}, WaitMs);
    listener.socket.sendTextMessage(QStringLiteral("to the broadcaster"));
    QTRY_COMPARE_WITH_TIMEOUT(broadcaster.texts, QStringList{QStringLiteral("to the broadcaster")}, WaitMs);
    QVERIFY(!broadcaster.disconnected && !listener.disconnected);

    // Once it reads again, the slow client finds its connection ended.
    connect(&slow.socket, &QTcpSocket::readyRead, &slow, [&slow] { slow.socket.readAll(); });
    slow.socket.setReadBufferSize(0);
    slow.socket.readAll();
    QTRY_VERIFY_WITH_TIMEOUT(slow.disconnected, WaitMs);

    verifyOnlyEnd(EventKind::Closed, EndReason::SlowConsumer, 2);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_server->last.totals.clientsConnected, 2);
}

void TestLimits::incompleteHandshakeIsCutOffAtTheTimeout_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::newRow("nothing at all") << QByteArray();
    QTest::newRow("half a request line") << QByteArray("GET / HT");
    QTest::newRow("head without its blank line") << upgradeRequest().chopped(2);
}

void TestLimits::incompleteHandshakeIsCutOffAtTheTimeout()
{
    QFETCH(QByteArray, sent);
    ServerConfig config = ServerFixture::defaultConfig();
    config.handshakeTimeoutMs = 500;
    QVERIFY(m_server->start(config));
    Client bystander;
    QVERIFY(bystander.open(m_server->url));

    RawClient stalled;
    QVERIFY(stalled.connectTo(m_server->port()));
    const quint16 stalledPort = stalled.socket.localPort(); // Qt forgets it once disconnected
    if (!sent.isEmpty())
        stalled.socket.write(sent);
    QTRY_VERIFY_WITH_TIMEOUT(stalled.disconnected, WaitMs);
    QVERIFY2(stalled.received.isEmpty(), stalled.received.constData()); // a TCP close, no HTTP answer

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.reason, EndReason::HandshakeTimeout);
    QCOMPARE(rejected.endedBy, EndedBy::Server);
    QCOMPARE(rejected.httpStatus, 0);
    QCOMPARE(rejected.closeCode, 0);
    QCOMPARE(rejected.peerPort, stalledPort);

    bystander.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, QStringList{QStringLiteral("still here")}, WaitMs);

    verifyOnlyEnd(EventKind::Rejected, EndReason::HandshakeTimeout, 1);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_server->last.totals.handshakesPending, 0);
}

void TestLimits::tricklingHandshakeDoesNotExtendTheTimeout()
{
    // Slowloris: a byte now and then must not buy more time; the deadline runs from the accept.
    ServerConfig config = ServerFixture::defaultConfig();
    config.handshakeTimeoutMs = 500;
    QVERIFY(m_server->start(config));
    Client bystander;
    QVERIFY(bystander.open(m_server->url));

    RawClient trickler;
    QVERIFY(trickler.connectTo(m_server->port()));
    trickler.socket.write("GET / HTTP/1.1\r\nX-Trickle: ");
    QTimer drip;
    drip.setInterval(50);
    connect(&drip, &QTimer::timeout, &trickler, [&trickler] { trickler.socket.write("a"); });
    connect(&trickler.socket, &QTcpSocket::disconnected, &drip, &QTimer::stop);
    drip.start();
    QTRY_VERIFY_WITH_TIMEOUT(trickler.disconnected, WaitMs);
    QVERIFY(trickler.received.isEmpty());

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
    QCOMPARE(m_server->findEvent(EventKind::Rejected)->reason, EndReason::HandshakeTimeout);

    bystander.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, QStringList{QStringLiteral("still here")}, WaitMs);
    verifyOnlyEnd(EventKind::Rejected, EndReason::HandshakeTimeout, 1);
}

void TestLimits::onlyAllowedOriginsAreUpgraded_data()
{
    QTest::addColumn<QByteArray>("originHeader");
    QTest::addColumn<int>("status");
    QTest::newRow("allowed origin") << QByteArray("Origin: https://good.example\r\n") << 101;
    QTest::newRow("allowed origin in capitals") << QByteArray("Origin: HTTPS://GOOD.EXAMPLE\r\n") << 101;
    QTest::newRow("other origin") << QByteArray("Origin: https://evil.example\r\n") << 403;
    QTest::newRow("no origin") << QByteArray() << 403;
    QTest::newRow("null origin") << QByteArray("Origin: null\r\n") << 403;
    QTest::newRow("allowed origin as a prefix") << QByteArray("Origin: https://good.example.evil.example\r\n") << 403;
    QTest::newRow("allowed host on another port") << QByteArray("Origin: https://good.example:8443\r\n") << 403;
    QTest::newRow("allowed host over plain http") << QByteArray("Origin: http://good.example\r\n") << 403;
}

void TestLimits::onlyAllowedOriginsAreUpgraded()
{
    QFETCH(QByteArray, originHeader);
    QFETCH(int, status);
    ServerConfig config = ServerFixture::defaultConfig();
    config.allowedOrigins = {QStringLiteral("https://good.example")};
    QVERIFY(m_server->start(config));
    Client bystander(QStringLiteral("https://good.example")); // QWebSocket sends it as Origin
    QVERIFY(bystander.open(m_server->url));

    RawClient client;
    QVERIFY(requestUpgrade(client, m_server->port(), "/", originHeader));
    verifyUpgradeAnswered(client, status, EndReason::OriginRefused, bystander);
    if (QTest::currentTestFailed())
        return;
    if (status != 101)
        QCOMPARE(m_server->findEvent(EventKind::Rejected)->origin.toUtf8(), originHeader.mid(8).trimmed());
}

void TestLimits::tokenDecidesTheUpgrade_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("extraHeaders");
    QTest::addColumn<int>("status");
    QTest::newRow("no token") << QByteArray("/") << QByteArray() << 401;
    QTest::newRow("empty token in the query") << QByteArray("/?token=") << QByteArray() << 401;
    QTest::newRow("another scheme than bearer") << QByteArray("/") << QByteArray("Authorization: Basic s3cret\r\n")
                                                << 401;
    QTest::newRow("wrong token in the header") << QByteArray("/") << QByteArray("Authorization: Bearer nope\r\n")
                                               << 403;
    QTest::newRow("wrong token in the query") << QByteArray("/?token=nope") << QByteArray() << 403;
    QTest::newRow("prefix of the token") << QByteArray("/?token=s3c") << QByteArray() << 403;
    QTest::newRow("token with a character more") << QByteArray("/?token=s3crets") << QByteArray() << 403;
    QTest::newRow("the header is taken before the query")
        << QByteArray("/?token=s3cret") << QByteArray("Authorization: Bearer nope\r\n") << 403;
    QTest::newRow("token in the header") << QByteArray("/") << QByteArray("Authorization: Bearer s3cret\r\n")
                                         << 101;
    QTest::newRow("bearer in lower case") << QByteArray("/") << QByteArray("authorization: bearer s3cret\r\n")
                                          << 101;
    QTest::newRow("token in the query") << QByteArray("/?token=s3cret") << QByteArray() << 101;
    QTest::newRow("token percent-encoded in the query") << QByteArray("/?token=s3cr%65t") << QByteArray() << 101;
}

void TestLimits::tokenDecidesTheUpgrade()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, extraHeaders);
    QFETCH(int, status);
    ServerConfig config = ServerFixture::defaultConfig();
    config.token = QStringLiteral("s3cret");
    QVERIFY(m_server->start(config));
    Client bystander;
    QVERIFY(bystander.open(QUrl(m_server->url.toString() + QStringLiteral("?token=s3cret"))));

    RawClient client;
    QVERIFY(requestUpgrade(client, m_server->port(), path, extraHeaders));
    if (status == 401)
        QVERIFY(client.received.contains("WWW-Authenticate: Bearer\r\n"));
    verifyUpgradeAnswered(client, status, EndReason::TokenRefused, bystander);
    if (QTest::currentTestFailed())
        return;
    // What was refused is recorded, never the secret itself.
    if (status != 101)
        QVERIFY(!m_server->findEvent(EventKind::Rejected)->closeReason.contains(QStringLiteral("s3cret")));
}

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
