#include "clientsocket.h"

#include <cerrno>
#include <utility>
#include <sys/socket.h>

namespace wsm {

qint64 ClientSocket::bytesToWrite() const
{
    return QTcpSocket::bytesToWrite() + m_gathered.size();
}

void ClientSocket::disconnectFromHost()
{
    handGatheredToQt();
    QTcpSocket::disconnectFromHost();
}

void ClientSocket::close()
{
    // QAbstractSocket::abort() tears the write buffer down and then calls close(): what was
    // gathered is discarded with the rest, as an abort discards what is unsent. Handed over then,
    // it was written into a buffer that no longer exists (a crash when the outbound ceiling aborted
    // a client in the middle of a broadcast).
    if (writeChannelCount() > 0)
        handGatheredToQt();
    else
        m_gathered = QByteArray();
    QTcpSocket::close();
}

qint64 ClientSocket::writeData(const char *data, qint64 size)
{
    // Outside a connection, Qt's own path reports the error. Behind bytes Qt already holds the
    // writes are gathered too and handed over as one block: written one by one, a frame's few
    // header bytes took a ring-buffer chunk of 16 KiB of their own, and a queue of 16 KiB messages
    // held twice its size.
    if (state() != ConnectedState)
        return QTcpSocket::writeData(data, size);
    m_gathered.append(data, size);
    // Bounded per pass: a client whose read brings a burst of messages (each echoed, or each a
    // broadcast) would otherwise gather all their replies at once, in a buffer that grows by
    // doubling, and ten thousand such buffers live until the pass ends. What the kernel will not
    // take then goes to Qt's buffer, in chunks sized to it.
    if (m_gathered.size() >= SendAtOnceBytes)
        sendGatheredNow();
    // The end of the pass still comes: for what is gathered after this, and to report what was
    // sent (bytesWritten is never emitted from inside a write, as Qt never does).
    if (!m_sendPosted) {
        m_sendPosted = true;
        QMetaObject::invokeMethod(this, &ClientSocket::sendGathered, Qt::QueuedConnection);
    }
    return size;
}

void ClientSocket::sendGathered()
{
    m_sendPosted = false;
    sendGatheredNow();
    if (m_sentUnreported > 0)
        Q_EMIT bytesWritten(std::exchange(m_sentUnreported, 0));
}

void ClientSocket::sendGatheredNow()
{
    if (m_gathered.isEmpty())
        return;
    if (QTcpSocket::bytesToWrite() == 0 && state() == ConnectedState) {
        ssize_t sent;
        do {
            sent = ::send(int(socketDescriptor()), m_gathered.constData(), size_t(m_gathered.size()),
                          MSG_NOSIGNAL | MSG_DONTWAIT);
        } while (sent < 0 && errno == EINTR);
        if (sent > 0) {
            if (sent == m_gathered.size()) {
                // Released, not kept: an idle client holds no write buffer at all.
                m_gathered = QByteArray();
            } else {
                m_gathered.remove(0, sent);
            }
            m_sentUnreported += sent;
        }
        // A full kernel buffer or an error: Qt's path below waits for room, or reports the error.
    }
    handGatheredToQt();
}

void ClientSocket::handGatheredToQt()
{
    if (m_gathered.isEmpty())
        return;
    const QByteArray rest = std::exchange(m_gathered, QByteArray());
    QTcpSocket::writeData(rest.constData(), rest.size());
}

void ClientTcpServer::incomingConnection(qintptr socketDescriptor)
{
    // As QTcpServer's own: a descriptor the socket refuses still makes a (disconnected) socket,
    // which the handshake deadline then ends.
    auto *socket = new ClientSocket(this);
    socket->setSocketDescriptor(socketDescriptor);
    addPendingConnection(socket);
}

} // namespace wsm
