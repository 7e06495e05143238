// The admin channel's accept path, as the public port's for a few clients: the request head is
// peeked, the token checked and every refusal answered before a socket is handed to Qt's
// WebSocket server. The rest of AdminServer is in adminserver.cpp.

#include "adminserver.h"

#include "adminclient.h"
#include "httprequesthead.h"
#include "secretfile.h"

#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <chrono>
#include <utility>

namespace wsm {

namespace {

QByteArray plainBody(const QString &text)
{
    return text.toUtf8() + '\n';
}

} // namespace


void AdminServer::onNewConnection()
{
    // Handshakes Qt refused after the handover leave an entry whose socket Qt has deleted.
    m_pending.removeIf([](const auto &entry) { return entry.value().socket.isNull(); });
    while (QTcpSocket *socket = m_tcpServer->nextPendingConnection()) {
        PendingSocket pending;
        pending.socket = socket;
        auto *sslSocket = qobject_cast<QSslSocket *>(socket);
        pending.tlsPending = sslSocket != nullptr;
        // Until the head is complete we only peek; the cap keeps an endless head from growing us.
        socket->setReadBufferSize(HttpRequestHead::DefaultMaxHeadBytes + 1);
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onSocketGone(socket); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        QTimer::singleShot(m_config.handshakeTimeoutMs, socket, [this, socket] { onHandshakeDeadline(socket); });
        // Handshakes in progress are bounded too, or a flood of idle connections exhausts fds.
        const bool full = m_pending.size() >= 2 * m_config.maxClients;
        m_pending.insert(socket, pending);
        if (full && !sslSocket) {
            refuse(socket, m_pending[socket], 503, plainBody(QStringLiteral("admin channel busy")),
                   {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")}});
            continue;
        }
        if (full) {
            ++m_refused;
            countsChange();
            socket->abort();
            continue;
        }
        if (sslSocket) {
            connect(sslSocket, &QSslSocket::encrypted, this, [this, socket] {
                if (auto it = m_pending.find(socket); it != m_pending.end())
                    it->tlsPending = false;
                onReadable(socket);
            });
            connect(sslSocket, &QAbstractSocket::errorOccurred, this, [this, socket] {
                if (auto it = m_pending.find(socket); it != m_pending.end() && it->tlsPending)
                    socket->abort();
            });
            sslSocket->startServerEncryption();
        }
    }
}

void AdminServer::onReadable(QTcpSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end() || it->handedOver || it->tlsPending)
        return;
    if (it->answered) {
        socket->readAll(); // drain what the client still sends while our answer goes out
        return;
    }
    HttpRequestHead head;
    switch (head.parse(socket->peek(socket->bytesAvailable()))) {
    case HttpRequestHead::ParseStatus::Incomplete:
        return;
    case HttpRequestHead::ParseStatus::Malformed:
        refuse(socket, *it, 400, plainBody(QStringLiteral("malformed HTTP request")));
        return;
    case HttpRequestHead::ParseStatus::TooLarge:
        refuse(socket, *it, 431, plainBody(QStringLiteral("request head too large")));
        return;
    case HttpRequestHead::ParseStatus::Complete:
        route(socket, *it, head);
        return;
    }
}

void AdminServer::route(QTcpSocket *socket, PendingSocket &pending, const HttpRequestHead &head)
{
    if (head.path() != QLatin1String("/")) {
        refuse(socket, pending, 404, plainBody(QStringLiteral("no admin channel at %1; it is at /").arg(head.path())));
        return;
    }
    if (!head.isWebSocketUpgrade()) {
        refuse(socket, pending, 400, plainBody(QStringLiteral("this is the admin channel: send a WebSocket upgrade request")));
        return;
    }
    if (const QString problem = head.handshakeProblem(); !problem.isEmpty()) {
        refuse(socket, pending, 400, plainBody(problem));
        return;
    }
    if (m_config.hasToken()) {
        const QString presented = head.presentedToken();
        if (presented.isNull()) {
            refuse(socket, pending, 401, plainBody(QStringLiteral("token required")));
            return;
        }
        // Both compared, each in constant time, whichever matches.
        const bool full = !m_config.fullToken.isEmpty() && sameSecret(presented, m_config.fullToken);
        const bool readOnly = !m_config.readOnlyToken.isEmpty() && sameSecret(presented, m_config.readOnlyToken);
        if (!full && !readOnly) {
            refuse(socket, pending, 403, plainBody(QStringLiteral("wrong token")));
            return;
        }
        pending.readOnly = !full;
    }
    // Handed over and not yet upgraded counts too: each becomes a client in a moment.
    if (clientCount() + handedOverCount() >= m_config.maxClients) {
        refuse(socket, pending, 503, plainBody(QStringLiteral("admin channel full")),
               {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")}});
        return;
    }
    // From here Qt reads the request; only Qt reacts to the socket until the upgrade.
    socket->disconnect(this);
    socket->setReadBufferSize(0);
    pending.handedOver = true;
    m_webSocketServer->handleConnection(socket);
}

void AdminServer::refuse(QTcpSocket *socket, PendingSocket &pending, int status, const QByteArray &body,
                         const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    ++m_refused;
    countsChange();
    pending.answered = true;
    socket->write(formatHttpResponse(status, QByteArrayLiteral("text/plain; charset=utf-8"), body, extraHeaders));
    socket->disconnectFromHost(); // may end the socket at once; `pending` is not used after this
}

void AdminServer::onHandshakeDeadline(QTcpSocket *socket)
{
    const auto it = m_pending.find(socket);
    if (it == m_pending.end() || it->handedOver)
        return; // attached, or Qt's own handshake timeout has it
    if (!it->answered) {
        ++m_refused;
        countsChange();
    }
    socket->abort(); // ends it at once: onSocketGone() erases the entry
}

void AdminServer::onSocketGone(QTcpSocket *socket)
{
    const auto it = m_pending.find(socket);
    if (it == m_pending.end() || it->handedOver)
        return;
    m_pending.erase(it);
    socket->deleteLater();
}

int AdminServer::handedOverCount() const
{
    int count = 0;
    for (const PendingSocket &pending : m_pending) {
        if (pending.handedOver && pending.socket)
            ++count;
    }
    return count;
}

void AdminServer::onWebSocketConnection()
{
    while (QWebSocket *socket = m_webSocketServer->nextPendingConnection()) {
        QTcpSocket *rawSocket = nullptr;
        bool readOnly = true;
        for (auto it = m_pending.begin(); it != m_pending.end();) {
            if (!it->socket) {
                it = m_pending.erase(it); // a handshake Qt refused: its socket is gone
                continue;
            }
            if (it->handedOver && it->socket->peerPort() == socket->peerPort()
                && it->socket->peerAddress() == socket->peerAddress()) {
                rawSocket = it->socket;
                readOnly = it->readOnly;
                m_pending.erase(it);
                break;
            }
            ++it;
        }
        if (!rawSocket) {
            // Not one we let in: cannot happen, but an unknown client gets nothing.
            socket->abort();
            socket->deleteLater();
            continue;
        }
        socket->setMaxAllowedIncomingMessageSize(quint64(m_config.maxMessageBytes));
        socket->setMaxAllowedIncomingFrameSize(quint64(m_config.maxMessageBytes));
        auto *client = new AdminClient(socket, rawSocket, readOnly, this);
        m_clients.append(client);
        countsChange();
        admin::HelloMessage hello;
        hello.node = nodeInfo();
        hello.readOnly = readOnly;
        hello.capabilities = admin::nodeCapabilities();
        client->send(admin::helloToJson(hello));
    }
}

void AdminServer::clientEnded(AdminClient *client)
{
    if (m_clients.removeOne(client))
        countsChange();
}

void AdminServer::countsChange()
{
    Q_EMIT countsChanged(clientCount(), m_refused);
}

} // namespace wsm
