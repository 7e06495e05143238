// WebSocketServer, part: the accept path. A TCP connection (TLS first, where configured) until it is
// a session or has been answered: its request head is read and routed here (bans, /healthz and
// /metrics, the WebSocket path, origin, token, capacity), only an upgrade that passes every check is
// handed to Qt, and the upgraded socket is adopted as a Session.

#include "websocketserver.h"

#include "framemaskguard.h"
#include "httprequesthead.h"
#include "secretfile.h"
#include "session.h"
#include "steadyclock.h"

#include <QDateTime>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <memory>
#include <optional>

namespace wsm {

namespace {

QByteArray plainBody(const QString &text)
{
    return text.toUtf8() + '\n';
}

} // namespace

void WebSocketServer::onNewTcpConnection()
{
    while (QTcpSocket *socket = m_tcpServer->nextPendingConnection()) {
        PendingSocket pending;
        pending.socket = socket;
        pending.info.peerAddress = socket->peerAddress().toString();
        shareRequestStrings(pending.info);
        pending.info.peerPort = socket->peerPort();
        pending.info.acceptedAt = QDateTime::currentMSecsSinceEpoch();
        // One deadline for the TLS handshake and the upgrade request together.
        pending.deadlineMs = steadyNowMs() + m_config.handshakeTimeoutMs;
        auto *sslSocket = qobject_cast<QSslSocket *>(socket);
        pending.tlsPending = sslSocket != nullptr;
        m_pending.insert(socket, pending);

        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onPendingDisconnected(socket); });
        if (sslSocket) {
            connect(sslSocket, &QSslSocket::encrypted, this, [this, socket] { onPendingEncrypted(socket); });
            connect(sslSocket, &QAbstractSocket::errorOccurred, this,
                    [this, socket](QAbstractSocket::SocketError error) { onPendingSocketError(socket, error); });
        }
        // Bans and capacity first (a refused TLS client costs no handshake); admit() then starts
        // the TLS handshake, or reads the request of a plain client.
        admit(socket);
    }
}

void WebSocketServer::onPendingEncrypted(QTcpSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end() || !it->tlsPending)
        return;
    it->tlsPending = false;
    admit(socket);
}

void WebSocketServer::onPendingSocketError(QTcpSocket *socket, QAbstractSocket::SocketError error)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end() || !it->tlsPending || it->answered)
        return;
    // A client that just goes away is reported by onPendingDisconnected(), as the client's end.
    if (error == QAbstractSocket::RemoteHostClosedError)
        return;
    // Typically a plain ws:// or HTTP client on a wss:// port: its request is not a TLS hello.
    recordRejected(it->info, EndedBy::Server, EndReason::TlsHandshakeFailed, socket->errorString());
    it->answered = true;
    socket->abort(); // may emit disconnected at once, which erases the entry
}

void WebSocketServer::admit(QTcpSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end())
        return;
    // Bans are checked once the request is read (route()): /healthz and /metrics are not theirs.
    // Sockets that have not finished their request count too, or a flood of them exhausts fds.
    if (m_pending.size() > m_config.maxConnections) {
        refuse(socket, *it, 503, EndReason::ServerFull, plainBody(QStringLiteral("server full")),
               nullptr, {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")}});
        return;
    }
    if (it->tlsPending) {
        // Let in after all (a ban that did not match): now the handshake.
        static_cast<QSslSocket *>(socket)->startServerEncryption();
        return;
    }
    // Until the head is complete we only peek, never read: Qt must see the request intact. The
    // read buffer cap keeps a client that never ends its head from growing our memory.
    socket->setReadBufferSize(HttpRequestHead::DefaultMaxHeadBytes + 1);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onPendingReadable(socket); });
    if (socket->bytesAvailable() > 0)
        onPendingReadable(socket);
}

void WebSocketServer::onPendingReadable(QTcpSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end() || it->handedOver)
        return;
    if (it->answered) {
        socket->readAll(); // drain what the client still sends while our answer goes out
        return;
    }
    HttpRequestHead head;
    const QByteArray data = socket->peek(socket->bytesAvailable());
    switch (head.parse(data)) {
    case HttpRequestHead::ParseStatus::Incomplete:
        return;
    case HttpRequestHead::ParseStatus::Malformed:
        refuse(socket, *it, 400, EndReason::BadHandshake,
               plainBody(QStringLiteral("malformed HTTP request")), nullptr);
        return;
    case HttpRequestHead::ParseStatus::TooLarge:
        refuse(socket, *it, 431, EndReason::BadHandshake,
               plainBody(QStringLiteral("request head too large")), nullptr);
        return;
    case HttpRequestHead::ParseStatus::Complete:
        route(socket, *it, head, data);
        return;
    }
}

void WebSocketServer::route(QTcpSocket *socket, PendingSocket &pending, const HttpRequestHead &head,
                            const QByteArray &buffered)
{
    HandshakeInfo &info = pending.info;
    info.path = head.path();
    info.query = head.query();
    info.origin = QString::fromUtf8(head.header(QByteArrayLiteral("origin")));
    info.userAgent = QString::fromUtf8(head.header(QByteArrayLiteral("user-agent")));
    shareRequestStrings(info);
    if (isSseRequest(head))
        info.kind = ClientKind::Sse; // before any refusal, so that each says what it refused

    // Health checkers and load balancers often probe with HEAD.
    const bool read = !head.isWebSocketUpgrade() && (head.method() == "GET" || head.method() == "HEAD");
    const bool probe = read && (info.path == QLatin1String("/metrics") || info.path == QLatin1String("/healthz"));
    // A ban refuses everything but the health and metrics probes: banning a NAT'd office must not
    // take down a load balancer's health check behind the same address.
    if (!probe && !m_bans.isEmpty()) {
        if (const std::optional<Ban> ban = m_bans.match(socket->peerAddress(), info.acceptedAt)) {
            const QString text = ban->reason.isEmpty()
                ? QStringLiteral("banned")
                : QStringLiteral("banned: ") + ban->reason;
            refuse(socket, pending, 403, EndReason::Banned, plainBody(text), &head);
            return;
        }
    }

    if (info.kind == ClientKind::Sse) {
        if (!screenSseRequest(socket, pending, head))
            return;
    } else if (!head.isWebSocketUpgrade()) {
        pending.headOnly = head.method() == "HEAD";
        if (read && info.path == QLatin1String("/metrics")) {
            answerPlain(socket, pending,
                        formatHttpResponse(200, QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"),
                                           metricsText()));
        } else if (read && info.path == QLatin1String("/healthz")) {
            answerPlain(socket, pending, healthzResponse(head));
        } else if (info.path == m_config.path) {
            refuse(socket, pending, 426, EndReason::BadHandshake,
                   plainBody(QStringLiteral("this is a WebSocket endpoint: send an upgrade request")), &head,
                   {{QByteArrayLiteral("Upgrade"), QByteArrayLiteral("websocket")},
                    {QByteArrayLiteral("Sec-WebSocket-Version"), QByteArrayLiteral("13")}});
        } else {
            refuse(socket, pending, 404, EndReason::NotFound, plainBody(QStringLiteral("not found")), &head);
        }
        return;
    }

    if (info.kind == ClientKind::Sse) {
        // An event stream: none of the upgrade's own checks apply.
    } else if (info.path != m_config.path) {
        refuse(socket, pending, 404, EndReason::NotFound,
               plainBody(QStringLiteral("no WebSocket endpoint at %1").arg(info.path)), &head);
        return;
    } else if (head.hasUnsupportedVersion()) {
        refuse(socket, pending, 426, EndReason::BadHandshake,
               plainBody(QStringLiteral("unsupported Sec-WebSocket-Version; this server speaks 13")), &head,
               {{QByteArrayLiteral("Sec-WebSocket-Version"), QByteArrayLiteral("13")}});
        return;
    } else if (const QString problem = head.handshakeProblem(); !problem.isEmpty()) {
        refuse(socket, pending, 400, EndReason::BadHandshake, plainBody(problem), &head);
        return;
    }
    // A browser sends no Origin with a same-origin EventSource request (only a WebSocket always
    // carries one): a stream without one is the page's own, or a client that could send any.
    const bool sameOriginStream = info.kind == ClientKind::Sse && info.origin.isEmpty();
    if (!originAllowed(info.origin) && !sameOriginStream) {
        refuse(socket, pending, 403, EndReason::OriginRefused,
               plainBody(info.origin.isEmpty() ? QStringLiteral("origin required")
                                               : QStringLiteral("origin not allowed")), &head);
        return;
    }
    if (!m_config.token.isEmpty()) {
        const QString presented = head.presentedToken();
        if (presented.isNull()) {
            refuse(socket, pending, 401, EndReason::TokenRefused,
                   plainBody(QStringLiteral("token required")), &head);
            return;
        }
        if (!sameSecret(presented, m_config.token)) {
            refuse(socket, pending, 403, EndReason::TokenRefused,
                   plainBody(QStringLiteral("wrong token")), &head);
            return;
        }
    }
    if (!establishIdentity(socket, pending, head))
        return;
    // Checked: from here on the query is shown (rows, inspector, admin channel), never its secrets.
    info.query = head.queryWithoutCredentials();
    // Handed over and not yet upgraded counts too: each becomes a session in a moment.
    if (m_sessions.size() + m_handedOverByPort.size() >= m_config.maxConnections) {
        refuse(socket, pending, 503, EndReason::ServerFull, plainBody(QStringLiteral("server full")), &head,
               {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")}});
        return;
    }

    if (info.kind == ClientKind::Sse) {
        adoptStream(socket, head, buffered);
        return;
    }

    // Hand over: from here Qt reads the request; our signals on the socket are dropped so that
    // only Qt reacts to it (and we never touch it again until the upgrade, see adopt()).
    socket->disconnect(this);
    socket->setReadBufferSize(0);
    // Before handleConnection(): the guard's readyRead slot must run before Qt's.
    pending.frameGuard = FrameMaskGuard::attach(socket, buffered, head.headBytes());
    pending.handedOver = true;
    m_handedOverByPort.insert(socket->peerPort(), socket);
    m_webSocketServer->handleConnection(socket);
}

// Every session keeps its request's strings for the snapshot rows and its events. Ten thousand
// clients mostly share one path, a few addresses and a few user agents: equal strings are made one
// shared string (a reference count), not a heap copy per client.
void WebSocketServer::shareRequestStrings(HandshakeInfo &info)
{
    const auto share = [](QString &value, QString &previous) {
        if (value.isEmpty())
            return;
        if (value == previous)
            value = previous;
        else
            previous = value;
    };
    share(info.peerAddress, m_lastPeerAddress);
    share(info.origin, m_lastOrigin);
    share(info.userAgent, m_lastUserAgent);
    if (info.path == m_config.path)
        info.path = m_config.path;
    else if (info.path == m_config.ssePath)
        info.path = m_config.ssePath;
}

void WebSocketServer::refuse(QTcpSocket *socket, PendingSocket &pending, int httpStatus, EndReason reason,
                             const QByteArray &body, const HttpRequestHead *head,
                             const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    if (pending.tlsPending) {
        // Before the TLS handshake there is no channel for an HTTP answer: the event says it all.
        recordRejected(pending.info, EndedBy::Server, reason, QString::fromUtf8(body.trimmed()));
        pending.answered = true;
        pending.deadlineMs = steadyNowMs() + m_config.closeGraceMs;
        socket->abort(); // may end the socket at once; `pending` is not used after this
        return;
    }
    recordRejected(pending.info, EndedBy::Server, reason, QString::fromUtf8(body.trimmed()), httpStatus,
                   head != nullptr);
    answerPlain(socket, pending,
                formatHttpResponse(httpStatus, QByteArrayLiteral("text/plain; charset=utf-8"), body, extraHeaders));
}

void WebSocketServer::recordRejected(const HandshakeInfo &info, EndedBy endedBy, EndReason reason,
                                     const QString &text, int httpStatus, bool requestWasRead)
{
    ConnectionEvent event;
    event.kind = EventKind::Rejected;
    event.peerAddress = info.peerAddress;
    event.peerPort = info.peerPort;
    if (requestWasRead) {
        event.path = info.path;
        event.origin = info.origin;
        event.userAgent = info.userAgent;
    }
    event.connectedAt = info.acceptedAt;
    event.identity = info.identity;
    event.endedAt = QDateTime::currentMSecsSinceEpoch();
    event.endedBy = endedBy;
    event.reason = reason;
    event.httpStatus = httpStatus;
    event.closeReason = text;
    event.clientKind = info.kind;
    m_metrics.countRejected(reason);
    record(event);
}

void WebSocketServer::answerPlain(QTcpSocket *socket, PendingSocket &pending, const QByteArray &response)
{
    // A client that does not read our answer is aborted by housekeeping after the grace time.
    pending.answered = true;
    pending.deadlineMs = steadyNowMs() + m_config.closeGraceMs;
    socket->write(pending.headOnly ? response.left(response.indexOf("\r\n\r\n") + 4) : response);
    socket->disconnectFromHost(); // may end the socket at once; `pending` is not used after this
}

void WebSocketServer::onPendingDisconnected(QTcpSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end())
        return;
    if (!it->answered && !it->handedOver) {
        if (it->tlsPending)
            recordRejected(it->info, EndedBy::Client, EndReason::TlsHandshakeFailed,
                           QStringLiteral("closed during the TLS handshake"));
        else
            recordRejected(it->info, EndedBy::Client, EndReason::BadHandshake,
                           QStringLiteral("closed before the upgrade request was complete"));
    }
    m_pending.erase(it);
    socket->deleteLater();
}

void WebSocketServer::onWebSocketConnection()
{
    while (QWebSocket *socket = m_webSocketServer->nextPendingConnection())
        adopt(socket);
    squeezePendingIfEmpty();
}

void WebSocketServer::squeezePendingIfEmpty()
{
    // A hash keeps its storage when entries go: after a storm of connects, the peak number of
    // handshakes at once would stay allocated for as long as the server runs.
    constexpr qsizetype KeepCapacity = 64;
    if (m_pending.isEmpty() && m_pending.capacity() > KeepCapacity)
        m_pending.squeeze();
    if (m_handedOverByPort.isEmpty() && m_handedOverByPort.capacity() > KeepCapacity)
        m_handedOverByPort.squeeze();
}

void WebSocketServer::adopt(QWebSocket *socket)
{
    // Qt's limits first, before any frame of this client is read (Qt's default is about 2 GiB).
    socket->setMaxAllowedIncomingMessageSize(quint64(m_config.maxMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(quint64(m_config.maxMessageBytes));

    HandshakeInfo info;
    QTcpSocket *rawSocket = nullptr;
    std::shared_ptr<FrameMaskGuard> frameGuard;
    const auto candidates = m_handedOverByPort.values(socket->peerPort());
    for (QTcpSocket *candidate : candidates) {
        auto it = m_pending.find(candidate);
        if (it == m_pending.end() || !it->socket || candidate->peerAddress() != socket->peerAddress())
            continue;
        info = it->info;
        rawSocket = candidate;
        frameGuard = std::move(it->frameGuard);
        m_pending.erase(it);
        m_handedOverByPort.remove(socket->peerPort(), candidate);
        // QWebSocketServer keeps a connection from every socket it upgraded, for its own cleanup,
        // and finds the sender of each by walking its list of connections (QObject::sender()): with
        // thousands of clients every handshake and every disconnect costs a walk through thousands.
        // The session owns the socket and deletes it, so Qt's connection is not needed.
        candidate->disconnect(m_webSocketServer);
        break;
    }
    if (!rawSocket) {
        info.peerAddress = socket->peerAddress().toString();
        info.peerPort = socket->peerPort();
        info.path = socket->requestUrl().path();
        info.query = socket->requestUrl().query();
        info.origin = socket->origin();
        info.acceptedAt = QDateTime::currentMSecsSinceEpoch();
    }

    const quint64 id = m_nextSessionId++;
    auto *session = new Session(id, socket, rawSocket, info, this);
    m_sessions.insert(id, session);
    m_metrics.countAccepted();
    record(session->connectEvent());

    if (frameGuard) {
        // Qt has read what it could of the frames that came with the request (see FrameMaskGuard).
        const qint64 maxFrameBytes = m_config.maxMessageBytes;
        frameGuard->settleAndBoundReading(rawSocket, maxFrameBytes);
        frameGuard->setSession(session);
        // After the session's own slot, so after Qt's frame reader: what Qt left unread is seen.
        connect(rawSocket, &QTcpSocket::readyRead, session, [guard = frameGuard, rawSocket, maxFrameBytes] {
            guard->settleAndBoundReading(rawSocket, maxFrameBytes);
        });
    }

    if (frameGuard && frameGuard->violated()) {
        // An unmasked frame right behind the request: it never reached Qt's frame reader.
        session->closeFor(EndReason::ProtocolError, EndedBy::Server, 1002, QStringLiteral("unmasked client frame"));
    } else if (m_stopping) {
        const StopTerms terms = stopTerms(m_stopReason);
        session->closeFor(terms.reason, EndedBy::Server, terms.closeCode, terms.closeReason);
    } else if (m_sessions.size() > m_config.maxConnections) {
        // Only reachable if the count moved between the check before the upgrade and now.
        session->closeFor(EndReason::ServerFull, EndedBy::Server, 1013, QStringLiteral("server full"));
    }
    if (!session->hasEnded())
        session->endIfAlreadyClosed();
}

} // namespace wsm
