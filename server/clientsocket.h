#pragma once

#include <QByteArray>
#include <QTcpServer>
#include <QTcpSocket>

namespace wsm {

// A plain client's TCP socket whose writes skip Qt's write buffer while nothing is queued.
//
// QAbstractSocket copies every write into a ring buffer whose 32 KiB block it keeps for the life of
// the socket once used, so each upgraded client held one for its handshake reply alone: ten thousand
// idle clients, 320 MiB of heap. Here the writes of one event-loop pass are gathered in a buffer
// sized to them and sent by one send() at the end of the pass (as Qt's own queued flush does, so a
// frame header and its payload still leave together); only what the kernel does not take goes to
// Qt's buffer, which then keeps order and reports errors as usual. While Qt's buffer holds bytes,
// writes are still gathered and handed over as one block per pass, not one chunk per write.
//
// A pass that gathers SendAtOnceBytes for one client sends them at once, so no gathering grows with
// a burst; a single write over that size is sent as it is, never copied into the gathering buffer.
class ClientSocket : public QTcpSocket
{
    Q_OBJECT

public:
    using QTcpSocket::QTcpSocket;

    qint64 bytesToWrite() const override;
    // Whatever was gathered goes to Qt's buffer first, so the close waits for it as for the rest.
    void disconnectFromHost() override;
    void close() override;

protected:
    qint64 writeData(const char *data, qint64 size) override;

private:
    // Gathered to this, the writes go out at once instead of at the end of the pass. Sized by what
    // the two buffers behind it cost: the gathering buffer grows by doubling and must stay under
    // glibc's mmap threshold of 128 KiB (gathering 64 KiB, it passed it, and was mapped and
    // unmapped at every pass of every busy client, each unmap a TLB flush on every core: a third
    // of the server thread's time under 2,000 stalled readers); and Qt's write buffer takes blocks
    // in chunks of at least 32 KiB, so a smaller block handed over wastes the rest of its chunk
    // (16 KiB blocks: a heap twice the queued bytes).
    static constexpr qsizetype SendAtOnceBytes = 32 * 1024;

    void sendGathered();     // the end of the pass (queued)
    void sendGatheredNow();
    // What the kernel takes of these bytes now, unless Qt holds bytes (they go first); the rest
    // goes to Qt's buffer.
    void sendNow(const char *data, qint64 size);
    void handGatheredToQt();

    QByteArray m_gathered;
    qint64 m_sentUnreported = 0; // sent by us, for the next bytesWritten
    bool m_sendPosted = false;
};

// Accepts ClientSockets instead of QTcpSockets.
class ClientTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr socketDescriptor) override;
};

} // namespace wsm
