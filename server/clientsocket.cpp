#include "clientsocket.h"

#include <cerrno>
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
    // Behind bytes Qt already holds, or outside a connection, Qt's own path keeps order and errors.
    if (QTcpSocket::bytesToWrite() > 0 || state() != ConnectedState)
        return QTcpSocket::writeData(data, size);
    m_gathered.append(data, size);
    if (!m_sendPosted) {
        m_sendPosted = true;
        QMetaObject::invokeMethod(this, &ClientSocket::sendGathered, Qt::QueuedConnection);
    }
    return size;
}

void ClientSocket::sendGathered()
{
    m_sendPosted = false;
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
            Q_EMIT bytesWritten(sent);
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
