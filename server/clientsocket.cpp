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
    // Bounded per pass: a client whose read brings a burst of messages (each echoed, or each a
    // broadcast) would otherwise gather all their replies at once, and ten thousand such buffers
    // live until the pass ends.
    if (size > SendAtOnceBytes) {
        sendGatheredNow();
        sendNow(data, size);
    } else {
        m_gathered.append(data, size);
        if (m_gathered.size() >= SendAtOnceBytes)
            sendGatheredNow();
    }
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
    // Released, not kept: an idle client holds no write buffer at all.
    const QByteArray gathered = std::exchange(m_gathered, QByteArray());
    sendNow(gathered.constData(), gathered.size());
}

void ClientSocket::sendNow(const char *data, qint64 size)
{
    qint64 sent = 0;
    if (QTcpSocket::bytesToWrite() == 0 && state() == ConnectedState) {
        ssize_t result;
        do {
            result = ::send(int(socketDescriptor()), data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
        } while (result < 0 && errno == EINTR);
        // A full kernel buffer or an error: Qt's path below waits for room, or reports the error.
        if (result > 0) {
            sent = qint64(result);
            m_sentUnreported += sent;
        }
    }
    if (sent < size)
        QTcpSocket::writeData(data + sent, size - sent);
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
