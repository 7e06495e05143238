#include "clientsocket.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using wsm::ClientSocket;
using wsm::ClientTcpServer;

namespace {

constexpr int WaitMs = 15000;

// A pattern that shows a lost, doubled or reordered byte: each byte depends on its offset.
QByteArray patterned(qint64 offset, int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        bytes[i] = char(((offset + i) * 131 + (offset + i) / 251) & 0xff);
    return bytes;
}

} // namespace

// The server side of a client connection, as the WebSocket server gets it, and the peer reading it.
class TestClientSocket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void acceptedSocketsAreClientSockets();
    void writesOfOnePassArriveInOrder_data();
    void writesOfOnePassArriveInOrder();
    void whatTheKernelRefusesWaitsAndArrivesInOrder();
    void bytesWrittenAddsUpToEverythingWritten();
    void closingSendsWhatWasWrittenFirst_data();
    void closingSendsWhatWasWrittenFirst();
    void writeToAPeerThatHasGoneEndsInDisconnected();
    void abortRightAfterAWriteDiscardsIt();

private:
    QByteArray readFromPeer(qint64 expected);

    std::unique_ptr<ClientTcpServer> m_server;
    std::unique_ptr<QTcpSocket> m_peer;
    ClientSocket *m_socket = nullptr;
};

void TestClientSocket::init()
{
    m_server = std::make_unique<ClientTcpServer>();
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_peer = std::make_unique<QTcpSocket>();
    m_peer->connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(m_peer->waitForConnected(WaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->hasPendingConnections(), WaitMs);
    m_socket = qobject_cast<ClientSocket *>(m_server->nextPendingConnection());
}

void TestClientSocket::cleanup()
{
    m_peer.reset();
    m_server.reset(); // deletes the accepted socket, its child
    m_socket = nullptr;
}

QByteArray TestClientSocket::readFromPeer(qint64 expected)
{
    // The caller compares what arrived; a short read shows there as a difference.
    QByteArray received;
    const bool complete = QTest::qWaitFor([&] {
        received += m_peer->readAll();
        return received.size() >= expected;
    }, WaitMs);
    Q_UNUSED(complete)
    return received;
}

void TestClientSocket::acceptedSocketsAreClientSockets()
{
    QVERIFY(m_socket);
    QCOMPARE(m_socket->state(), QAbstractSocket::ConnectedState);
}

void TestClientSocket::writesOfOnePassArriveInOrder_data()
{
    QTest::addColumn<QList<int>>("sizes");
    // Bytes that went out within the pass: 32 KiB gathered go at once, and so does a write over
    // 32 KiB, with what was gathered before it.
    QTest::addColumn<int>("sentAtOnce");
    QTest::newRow("one byte") << QList<int>{1} << 0;
    QTest::newRow("frame header then payload") << QList<int>{2, 125} << 0;
    QTest::newRow("many small") << QList<int>(200, 7) << 0;
    QTest::newRow("just under 32 KiB") << QList<int>{16384, 16383} << 0;
    QTest::newRow("32 KiB") << QList<int>{16384, 16384} << 32768;
    QTest::newRow("small then large") << QList<int>{6, 70000, 3} << 70006;
    QTest::newRow("large ones") << QList<int>{40000, 40000} << 80000;
    QTest::newRow("a burst past 32 KiB") << QList<int>(100, 1000) << 99000;
}

void TestClientSocket::writesOfOnePassArriveInOrder()
{
    QFETCH(QList<int>, sizes);
    QFETCH(int, sentAtOnce);
    QVERIFY(m_socket);
    QByteArray expected;
    for (int size : sizes) {
        const QByteArray part = patterned(expected.size(), size);
        QCOMPARE(m_socket->write(part), qint64(size));
        expected += part;
    }
    // Nothing is lost from the count while it waits for the end of the pass; past 32 KiB what
    // was gathered has gone at once (the kernel takes this much on loopback).
    QCOMPARE(m_socket->bytesToWrite(), qint64(expected.size() - sentAtOnce));
    QCOMPARE(readFromPeer(expected.size()), expected);
    QTRY_COMPARE_WITH_TIMEOUT(m_socket->bytesToWrite(), qint64(0), WaitMs);
}

void TestClientSocket::whatTheKernelRefusesWaitsAndArrivesInOrder()
{
    QVERIFY(m_socket);
    // Far more than loopback's socket buffers hold while the peer does not read.
    m_peer->setReadBufferSize(1);
    QByteArray expected;
    for (int i = 0; i < 64; ++i) {
        const QByteArray part = patterned(expected.size(), 256 * 1024);
        QCOMPARE(m_socket->write(part), qint64(part.size()));
        expected += part;
    }
    // Give the sockets a few passes: the kernel takes its share and the rest stays queued.
    QTRY_VERIFY_WITH_TIMEOUT(m_socket->bytesToWrite() < expected.size(), WaitMs);
    QVERIFY(m_socket->bytesToWrite() > 0);
    // Writes made while bytes are queued go behind them.
    const QByteArray tail = patterned(expected.size(), 1000);
    m_socket->write(tail);
    expected += tail;

    m_peer->setReadBufferSize(0);
    QCOMPARE(readFromPeer(expected.size()), expected);
    QTRY_COMPARE_WITH_TIMEOUT(m_socket->bytesToWrite(), qint64(0), WaitMs);
}

void TestClientSocket::bytesWrittenAddsUpToEverythingWritten()
{
    QVERIFY(m_socket);
    qint64 reported = 0;
    connect(m_socket, &QIODevice::bytesWritten, this, [&reported](qint64 bytes) { reported += bytes; });
    qint64 total = 0;
    for (int size : {10, 5000, 300000, 1}) {
        m_socket->write(patterned(total, size));
        total += size;
    }
    QCOMPARE(readFromPeer(total).size(), total);
    QTRY_COMPARE_WITH_TIMEOUT(reported, total, WaitMs);
}

void TestClientSocket::closingSendsWhatWasWrittenFirst_data()
{
    QTest::addColumn<bool>("viaClose");
    QTest::newRow("disconnectFromHost") << false;
    QTest::newRow("close") << true;
}

void TestClientSocket::closingSendsWhatWasWrittenFirst()
{
    QFETCH(bool, viaClose);
    QVERIFY(m_socket);
    // As an HTTP refusal or a close frame is written: in the same pass as the close.
    const QByteArray answer = patterned(0, 3000);
    m_socket->write(answer);
    if (viaClose)
        m_socket->close();
    else
        m_socket->disconnectFromHost();

    QCOMPARE(readFromPeer(answer.size()), answer);
    QTRY_COMPARE_WITH_TIMEOUT(m_peer->state(), QAbstractSocket::UnconnectedState, WaitMs);
}

void TestClientSocket::writeToAPeerThatHasGoneEndsInDisconnected()
{
    QVERIFY(m_socket);
    QSignalSpy disconnected(m_socket, &QAbstractSocket::disconnected);
    m_peer->abort();
    // The first writes may still be taken by the kernel; the reset then surfaces through Qt's path.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            if (m_socket->state() == QAbstractSocket::ConnectedState)
                m_socket->write(patterned(0, 4096));
            return disconnected.count() == 1;
        }(),
        WaitMs);
}

void TestClientSocket::abortRightAfterAWriteDiscardsIt()
{
    QVERIFY(m_socket);
    // As the outbound ceiling aborts a client in the middle of a broadcast: bytes gathered in this
    // pass, then an abort. Regression: abort() called close(), which wrote them into the write
    // buffer abort() had just torn down (a crash in QRingBuffer::reserve).
    QSignalSpy disconnected(m_socket, &QAbstractSocket::disconnected);
    m_socket->write(patterned(0, 3000));
    QCOMPARE(m_socket->bytesToWrite(), 3000);
    m_socket->abort();
    QCOMPARE(m_socket->bytesToWrite(), 0);
    QCOMPARE(m_socket->state(), QAbstractSocket::UnconnectedState);
    QTRY_COMPARE_WITH_TIMEOUT(m_peer->state(), QAbstractSocket::UnconnectedState, WaitMs);
    QCOMPARE(m_peer->readAll().size(), 0); // nothing of it went out
}

QTEST_GUILESS_MAIN(TestClientSocket)
#include "tst_clientsocket.moc"
