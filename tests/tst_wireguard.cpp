// The guard against unmasked client frames (RFC 6455 5.1, which Qt 6.4's QWebSocket lets through):
// its header parser at every split of a byte stream, and end to end with raw clients: an unmasked
// frame closes only its client with 1002 and one event, while masked frames in any chunking are
// all echoed.

#include "framemaskguard.h"
#include "testsupport.h"

#include <QTest>

using namespace wsm;
using namespace wsm::test;

namespace {

QByteArray pattern(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        bytes[i] = char('a' + i % 26);
    return bytes;
}

// A stream of masked frames with every kind of length: empty, 7-bit, 16-bit and 64-bit.
QByteArray maskedStream()
{
    return clientFrame(0x1, "hi") + clientFrame(0x2, {}) + clientFrame(0x9, "ping")
        + clientFrame(0x2, pattern(125)) + clientFrame(0x2, pattern(126)) + clientFrame(0x2, pattern(65535))
        + clientFrame(0x2, pattern(65536)) + clientFrame(0x1, "end", false) + clientFrame(0x0, "!");
}

} // namespace

class TestWireGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void parserAcceptsMaskedFramesAtEverySplit();
    void parserFindsAnUnmaskedFrameAtEverySplit_data();
    void parserFindsAnUnmaskedFrameAtEverySplit();
    void unmaskedFrameIsClosedWith1002_data();
    void unmaskedFrameIsClosedWith1002();
    void maskedFramesAreEchoedInAnyChunking_data();
    void maskedFramesAreEchoedInAnyChunking();

private:
    std::unique_ptr<ServerFixture> m_server;
};

void TestWireGuard::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void TestWireGuard::cleanup()
{
    m_server.reset();
    QCOMPARE(Session::aliveCount(), 0);
}

void TestWireGuard::parserAcceptsMaskedFramesAtEverySplit()
{
    const QByteArray stream = maskedStream();
    // Two pieces cut at every position near the headers, and a byte at a time for the small frames.
    for (qsizetype cut = 0; cut <= stream.size(); cut += (cut < 400 || stream.size() - cut < 400) ? 1 : 97) {
        FrameMaskGuard guard;
        QVERIFY2(guard.scan(stream.constData(), cut), qPrintable(QString::number(cut)));
        QVERIFY2(guard.scan(stream.constData() + cut, stream.size() - cut), qPrintable(QString::number(cut)));
    }
    FrameMaskGuard byteByByte;
    for (qsizetype i = 0; i < stream.size(); ++i)
        QVERIFY(byteByByte.scan(stream.constData() + i, 1));
}

void TestWireGuard::parserFindsAnUnmaskedFrameAtEverySplit_data()
{
    QTest::addColumn<QByteArray>("unmasked");
    QTest::newRow("text, 7-bit length") << rawFrame(FinBit | 0x1, "hello", false);
    QTest::newRow("binary, 16-bit length") << rawFrame(FinBit | 0x2, pattern(300), false);
    QTest::newRow("binary, 64-bit length") << rawFrame(FinBit | 0x2, pattern(70000), false);
    QTest::newRow("empty close") << rawFrame(FinBit | 0x8, {}, false);
}

void TestWireGuard::parserFindsAnUnmaskedFrameAtEverySplit()
{
    QFETCH(QByteArray, unmasked);
    const QByteArray masked = clientFrame(0x1, "ok") + clientFrame(0x2, pattern(200));
    const QByteArray stream = masked + unmasked;
    for (qsizetype cut = 0; cut <= masked.size() + 2; ++cut) {
        FrameMaskGuard guard;
        const bool first = guard.scan(stream.constData(), cut);
        const bool second = guard.scan(stream.constData() + cut, stream.size() - cut);
        // Found as soon as the unmasked frame's second byte is in: not before, and not missed.
        QCOMPARE(first, cut < masked.size() + 2);
        QVERIFY(!second);
        QVERIFY(guard.violated());
    }
}

void TestWireGuard::unmaskedFrameIsClosedWith1002_data()
{
    QTest::addColumn<QByteArray>("before");   // sent with the upgrade request
    QTest::addColumn<QByteArray>("after");    // sent once the 101 has arrived
    const QByteArray unmasked = rawFrame(FinBit | 0x1, "unmasked echo me", false);
    QTest::newRow("after the upgrade") << QByteArray() << unmasked;
    QTest::newRow("in the same write as the request") << unmasked << QByteArray();
    QTest::newRow("behind masked frames")
        << QByteArray() << clientFrame(0x1, "one") + clientFrame(0x1, "two") + unmasked;
    QTest::newRow("binary, 16-bit length") << QByteArray() << rawFrame(FinBit | 0x2, pattern(1000), false);
    QTest::newRow("continuation of a masked first fragment")
        << QByteArray() << clientFrame(0x1, "first", false) + rawFrame(FinBit | 0x0, "second", false);
}

void TestWireGuard::unmaskedFrameIsClosedWith1002()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QVERIFY(m_server->start());
    Client bystander;
    QVERIFY(bystander.open(m_server->url));

    RawClient offender;
    QVERIFY(offender.connectTo(m_server->port()));
    const quint16 offenderPort = offender.socket.localPort();
    offender.socket.write(upgradeRequest() + before);
    QTRY_VERIFY_WITH_TIMEOUT(offender.received.contains("\r\n\r\n"), WaitMs);
    QVERIFY2(offender.received.startsWith("HTTP/1.1 101"), offender.received.constData());
    if (!after.isEmpty())
        offender.socket.write(after);
    QTRY_VERIFY_WITH_TIMEOUT(offender.disconnected, WaitMs);

    const QList<WireFrame> frames = wireFrames(offender.received.mid(offender.received.indexOf("\r\n\r\n") + 4));
    QCOMPARE(wireCloseCode(frames), 1002);
    // The unmasked frame was not answered.
    for (const QByteArray &text : wirePayloads(frames, 0x1))
        QVERIFY2(!text.contains("unmasked"), text.constData());

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, 0, [offenderPort](const ConnectionEvent &e) {
                                 return e.peerPort == offenderPort;
                             }).has_value(),
                             WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, 0, [offenderPort](const ConnectionEvent &e) {
        return e.peerPort == offenderPort;
    });
    QCOMPARE(closed.reason, EndReason::ProtocolError);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.closeCode, 1002);

    bystander.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, QStringList{QStringLiteral("still here")}, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 1, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Closed), 1);
    QCOMPARE(m_server->countEvents(EventKind::Rejected), 0);

    bystander.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 0, WaitMs);
}

void TestWireGuard::maskedFramesAreEchoedInAnyChunking_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<int>>("chunks"); // sizes of the writes, repeated until the stream is sent
    QTest::addColumn<QList<QByteArray>>("texts");
    QTest::addColumn<QList<QByteArray>>("binaries");

    const QByteArray small = clientFrame(0x1, "alpha") + clientFrame(0x1, "beta") + clientFrame(0x2, "\x01\x02");
    QTest::newRow("one byte at a time") << small << QList<int>{1} << QList<QByteArray>{"alpha", "beta"}
                                        << QList<QByteArray>{"\x01\x02"};
    const QByteArray frame = clientFrame(0x1, "split me");
    QTest::newRow("header split from payload")
        << frame << QList<int>{2, 4, int(frame.size()) - 6} << QList<QByteArray>{"split me"} << QList<QByteArray>{};
    QTest::newRow("several frames in one write") << small + small << QList<int>{int(2 * small.size())}
                                                 << QList<QByteArray>{"alpha", "beta", "alpha", "beta"}
                                                 << QList<QByteArray>{"\x01\x02", "\x01\x02"};
    QTest::newRow("64 KiB, 16-bit length") << clientFrame(0x2, pattern(65535)) << QList<int>{3, 1000, 7}
                                           << QList<QByteArray>{} << QList<QByteArray>{pattern(65535)};
    QTest::newRow("64 KiB, 64-bit length") << clientFrame(0x2, pattern(65536)) << QList<int>{5, 4096}
                                           << QList<QByteArray>{} << QList<QByteArray>{pattern(65536)};
    QTest::newRow("big and small frames mixed, odd chunks")
        << clientFrame(0x2, pattern(65536)) + clientFrame(0x1, "after big") + clientFrame(0x2, pattern(300))
        << QList<int>{1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 8191}
        << QList<QByteArray>{"after big"} << QList<QByteArray>{pattern(65536), pattern(300)};
    QTest::newRow("fragments with a ping between")
        << clientFrame(0x1, "frag", false) + clientFrame(0x9, "p") + clientFrame(0x0, "ment") << QList<int>{3}
        << QList<QByteArray>{"fragment"} << QList<QByteArray>{};
}

void TestWireGuard::maskedFramesAreEchoedInAnyChunking()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<int>, chunks);
    QFETCH(QList<QByteArray>, texts);
    QFETCH(QList<QByteArray>, binaries);
    QVERIFY(m_server->start());

    RawClient client;
    QVERIFY(client.upgrade(m_server->port()));
    client.socket.setSocketOption(QAbstractSocket::LowDelayOption, 1); // each write its own segment
    qsizetype sent = 0;
    for (int i = 0; sent < stream.size(); ++i) {
        const qsizetype size = std::min<qsizetype>(chunks.at(i % chunks.size()), stream.size() - sent);
        client.socket.write(stream.constData() + sent, size);
        // Out to the kernel before the next write, so the server can see the pieces apart.
        QVERIFY(client.socket.waitForBytesWritten(WaitMs));
        sent += size;
    }

    QTRY_COMPARE_WITH_TIMEOUT(wirePayloads(wireFrames(client.received), 0x1).size(), texts.size(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(wirePayloads(wireFrames(client.received), 0x2).size(), binaries.size(), WaitMs);
    const QList<WireFrame> frames = wireFrames(client.received);
    QCOMPARE(wirePayloads(frames, 0x1), texts);
    QCOMPARE(wirePayloads(frames, 0x2), binaries);
    QCOMPARE(wireCloseCode(frames), 0);
    QVERIFY(!client.disconnected);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Closed), 0);
    QCOMPARE(Session::aliveCount(), 1);
}

QTEST_GUILESS_MAIN(TestWireGuard)
#include "tst_wireguard.moc"
