// WebSocketServer, part: Server-Sent Events (--sse-path). A plain GET at the SSE path that accepts
// text/event-stream goes through the checks an upgrade passes (bans, origin, token, capacity: see
// route()) and its socket then becomes a Session of kind Sse: answered with the stream's head,
// retry:, and what it missed since its Last-Event-ID. Messages to all clients reach streams as
// events formatted once, with ids from one counter of the node.

#include "websocketserver.h"

#include "httprequesthead.h"
#include "session.h"

#include <QDateTime>
#include <QTcpSocket>

#include <algorithm>

namespace wsm {

bool WebSocketServer::isSseRequest(const HttpRequestHead &head) const
{
    return !m_config.ssePath.isEmpty() && !head.isWebSocketUpgrade() && head.path() == m_config.ssePath;
}

bool WebSocketServer::screenSseRequest(QTcpSocket *socket, PendingSocket &pending, const HttpRequestHead &head)
{
    const QByteArray method = head.method();
    if (method == "OPTIONS") {
        answerSsePreflight(socket, pending);
        return false;
    }
    if (method != "GET") {
        pending.headOnly = method == "HEAD";
        refuse(socket, pending, 405, EndReason::BadHandshake,
               QByteArrayLiteral("an event stream is read with GET\n"), &head,
               {{QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, OPTIONS")}});
        return false;
    }
    if (!sse::acceptsEventStream(head.header(QByteArrayLiteral("accept")), head.hasHeader(QByteArrayLiteral("accept")))) {
        refuse(socket, pending, 406, EndReason::BadHandshake,
               QByteArrayLiteral("this is a Server-Sent Events endpoint: ask for text/event-stream "
                                 "(Accept: text/event-stream)\n"),
               &head);
        return false;
    }
    return true;
}

bool WebSocketServer::originAllowed(const QString &origin) const
{
    return m_config.allowedOrigins.isEmpty()
        || std::any_of(m_config.allowedOrigins.cbegin(), m_config.allowedOrigins.cend(),
                       [&origin](const QString &allowed) { return allowed.compare(origin, Qt::CaseInsensitive) == 0; });
}

QList<QPair<QByteArray, QByteArray>> WebSocketServer::corsHeaders(const QString &origin) const
{
    // Same-origin requests carry no Origin and need nothing. The origin is echoed rather than "*",
    // so that an EventSource opened withCredentials works where origins are listed.
    if (origin.isEmpty() || !originAllowed(origin))
        return {};
    QList<QPair<QByteArray, QByteArray>> headers{{QByteArrayLiteral("Access-Control-Allow-Origin"), origin.toUtf8()},
                                                 {QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin")}};
    // Credentials only for origins the operator listed: with no list every origin is let in.
    if (!m_config.allowedOrigins.isEmpty())
        headers.append({QByteArrayLiteral("Access-Control-Allow-Credentials"), QByteArrayLiteral("true")});
    return headers;
}

void WebSocketServer::answerSsePreflight(QTcpSocket *socket, PendingSocket &pending)
{
    if (!originAllowed(pending.info.origin)) {
        refuse(socket, pending, 403, EndReason::OriginRefused, QByteArrayLiteral("origin not allowed\n"), nullptr);
        return;
    }
    // A browser asks before a cross-origin request with headers of its own (Authorization,
    // Last-Event-ID set by a polyfill). No body: a 204 has none, not even a Content-Length.
    QByteArray response = QByteArrayLiteral("HTTP/1.1 204 No Content\r\n");
    QList<QPair<QByteArray, QByteArray>> headers = corsHeaders(pending.info.origin);
    headers.append({QByteArrayLiteral("Access-Control-Allow-Methods"), QByteArrayLiteral("GET, OPTIONS")});
    headers.append({QByteArrayLiteral("Access-Control-Allow-Headers"),
                    QByteArrayLiteral("Authorization, Last-Event-ID, Cache-Control, Accept")});
    headers.append({QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("600")});
    for (const auto &field : std::as_const(headers))
        response += field.first + ": " + field.second + "\r\n";
    response += "Connection: close\r\n\r\n";
    answerPlain(socket, pending, response);
}

void WebSocketServer::adoptStream(QTcpSocket *socket, const HttpRequestHead &head, const QByteArray &buffered)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end())
        return;
    const HandshakeInfo info = it->info;
    m_pending.erase(it);
    // From here the session has the socket: the accept path's slots let go of it.
    socket->disconnect(this);
    socket->read(head.headBytes()); // what followed the head is the session's to drop

    const quint64 id = m_nextSessionId++;
    auto *session = new Session(id, socket, buffered.left(head.headBytes()), info, this);
    m_sessions.insert(id, session);
    ++m_sseSessions;
    m_metrics.countAccepted(ClientKind::Sse);
    record(session->connectEvent());

    QByteArray start = sse::responseHead(corsHeaders(info.origin)) + sse::retryField(m_config.sseRetryMs);
    QList<SseEvent> replay;
    // A browser's EventSource sends the header when it reconnects; the query is for a client that
    // opens a new EventSource itself and cannot set headers.
    QByteArray lastId = head.header(QByteArrayLiteral("last-event-id"));
    if (lastId.isNull())
        lastId = head.queryItem(QStringLiteral("lastEventId")).toLatin1();
    bool numeric = false;
    const quint64 lastEventId = lastId.trimmed().toULongLong(&numeric);
    if (numeric) {
        SseReplayRing::Replay missed = m_sseReplay.after(lastEventId, m_nextSseId);
        if (missed.missed)
            start += sse::missedEvent(lastEventId, missed.resumesAt);
        replay = std::move(missed.events);
    }
    session->startStream(start, replay);
    if (!session->hasEnded())
        session->endIfAlreadyClosed();
}

SseEvent WebSocketServer::nextSseEvent(bool binary, const QByteArray &payload, bool toAll)
{
    SseEvent event = sse::makeEvent(m_nextSseId++, binary, payload);
    if (toAll)
        m_sseReplay.append(event);
    return event;
}

int WebSocketServer::sendToAll(Session *from, const OutgoingMessage &message)
{
    // An event only when a stream can read it, now or by replay: a node without SSE clients and
    // without a ring does not format every broadcast for nobody.
    SseEvent event;
    if (!m_config.ssePath.isEmpty() && (m_sseSessions > 0 || m_config.sseReplayEvents > 0))
        event = nextSseEvent(message.isBinary(), message.isBinary() ? message.data : message.text.toUtf8(), true);
    int sent = 0;
    // On a copy: a send can end a session at once (see broadcastText()).
    for (Session *session : sessionsCopy()) {
        if (session == from || !session->isOpen())
            continue;
        if (session->kind() == ClientKind::Sse)
            session->sendEvent(event, message.text);
        else
            session->send(message);
        ++sent;
    }
    return sent;
}

} // namespace wsm
