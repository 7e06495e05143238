#include "session.h"

#include "heartbeatscheduler.h"
#include "historyring.h"
#include "steadyclock.h"
#include "websocketserver.h"

#include <QDateTime>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QWebSocket>

#include <algorithm>
#include <atomic>
#include <utility>

namespace wsm {

namespace {

std::atomic<int> s_alive{0};

// Qt 6.4's frame reader gives up on a frame whose rest has not come within 5 seconds and closes
// with 1001 and these words (QWebSocketDataProcessor; Qt's translations do not cover them). A
// client's own 1001 (a browser tab closed) cannot carry them, so the text tells the two apart.
const QString QtFrameReadTimeout = QStringLiteral("Timeout when reading data from socket.");

// Qt closes by itself, with these codes, on a bad frame, bad UTF-8 or an oversized message; a
// client has no cause to send them to us, since we never send it anything of the kind. And with
// 1001 on a frame that stalled (above). EndReason::None for any other close.
EndReason reasonQtClosedFor(int closeCode, const QString &closeReason)
{
    if (closeCode == 1001 && closeReason == QtFrameReadTimeout)
        return EndReason::SlowSender;
    switch (closeCode) {
    case 1002:
        return EndReason::ProtocolError;
    case 1007:
        return EndReason::InvalidUtf8;
    case 1009:
        return EndReason::MessageTooBig;
    default:
        return EndReason::None;
    }
}

// UTF-8 length of a message without converting it: counting must not allocate per message.
qint64 utf8Length(const QString &text)
{
    qint64 bytes = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x80)
            bytes += 1;
        else if (u < 0x800)
            bytes += 2;
        else if (QChar::isSurrogate(u))
            bytes += 2; // a pair is four bytes, two per half
        else
            bytes += 3;
    }
    return bytes;
}

// The first bytes of a binary message that the inspector shows as hex.
constexpr int BinaryPreviewBytes = 64;

} // namespace

Session::Session(quint64 id, QWebSocket *socket, QTcpSocket *rawSocket, const HandshakeInfo &info,
                 WebSocketServer *server)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_rawSocket(rawSocket)
    , m_info(info)
    , m_id(id)
{
    ++s_alive;
    m_socket->setParent(this);
    m_subprotocol = m_socket->subprotocol();
    m_lastSeenMs = steadyNowMs();
    m_tokensAtMs = m_lastSeenMs;
    m_tokens = server->config().rateLimit;

    connect(m_socket, &QWebSocket::textMessageReceived, this, &Session::onTextMessage);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &Session::onBinaryMessage);
    // pong is connected by the first sendPing(): without the heartbeat no pong can be ours, and
    // every connection costs each of ten thousand idle clients memory.
    connect(m_socket, &QWebSocket::aboutToClose, this, [this] { m_sawCloseFrame = true; });
    connect(m_socket, &QWebSocket::disconnected, this, &Session::onDisconnected);
    if (rawSocket) {
        // Qt leaves the TCP socket a child of our QTcpServer; the session owns it instead, so that
        // it goes with its client and not with the listener (which a stop deletes).
        rawSocket->setParent(this);
        connect(rawSocket, &QTcpSocket::readyRead, this, &Session::markAlive);
    }
}

Session::Session(quint64 id, QTcpSocket *streamSocket, const QByteArray &requestHead, const HandshakeInfo &info,
                 WebSocketServer *server)
    : QObject(server)
    , m_server(server)
    , m_socket(nullptr)
    , m_rawSocket(streamSocket)
    , m_info(info)
    , m_id(id)
    , m_requestHead(requestHead)
{
    ++s_alive;
    m_info.kind = ClientKind::Sse;
    m_lastSeenMs = steadyNowMs();
    m_tokensAtMs = m_lastSeenMs;
    streamSocket->setParent(this);
    connectStream();
}

Session::~Session()
{
    --s_alive;
}

qint64 Session::lastSeenSteadyMs() const
{
    if (!m_socket)
        return streamLastSeenMs();
    return m_lastSeenMs;
}

int Session::aliveCount()
{
    return s_alive.load();
}

void Session::markAlive()
{
    m_lastSeenMs = steadyNowMs();
}

void Session::sendText(const QString &text)
{
    if (m_closing)
        return;
    if (!m_socket) // to this client only: an id of the node's, and not kept for replay
        return sendEvent(m_server->nextSseEvent(false, text.toUtf8(), false), text);
    const qint64 sent = m_socket->sendTextMessage(text);
    keepText(MessageRecord::Direction::Out, text, sent);
    countSent(sent);
}

void Session::sendBinary(const QByteArray &data)
{
    if (m_closing)
        return;
    if (!m_socket)
        return sendEvent(m_server->nextSseEvent(true, data, false));
    keepBinary(MessageRecord::Direction::Out, data);
    countSent(m_socket->sendBinaryMessage(data));
}

void Session::send(const OutgoingMessage &message)
{
    if (message.isBinary())
        sendBinary(message.data);
    else
        sendText(message.text);
}

void Session::keepText(MessageRecord::Direction direction, const QString &text, qint64 bytes)
{
    if (m_server->config().messageHistory <= 0)
        return;
    MessageRecord record;
    record.direction = direction;
    record.size = bytes;
    record.truncated = text.size() > MessageRecord::PreviewChars;
    // A short message is shared, not copied: keeping it costs a reference count.
    record.preview = record.truncated ? text.left(MessageRecord::PreviewChars) : text;
    keep({std::move(record), {}});
}

void Session::keepBinary(MessageRecord::Direction direction, const QByteArray &data)
{
    if (m_server->config().messageHistory <= 0)
        return;
    MessageRecord record;
    record.direction = direction;
    record.binary = true;
    record.size = data.size();
    record.truncated = data.size() > BinaryPreviewBytes;
    QByteArray firstBytes = record.truncated ? data.left(BinaryPreviewBytes) : data;
    keep({std::move(record), std::move(firstBytes)});
}

void Session::keep(KeptMessage &&message)
{
    message.record.at = QDateTime::currentMSecsSinceEpoch();
    appendToRing(m_history, m_historyNext, m_server->config().messageHistory, std::move(message));
}

void Session::countSent(qint64 bytes)
{
    ++m_messagesOut;
    m_bytesOut += quint64(std::max<qint64>(bytes, 0));
    // Qt's write buffer has no bound of its own: a client that does not read would grow it forever.
    if (queuedBytes() > m_server->config().maxSendQueueBytes) {
        closeFor(EndReason::SlowConsumer, EndedBy::Server, 1008,
                 QStringLiteral("slow consumer: send queue over %1 bytes")
                     .arg(m_server->config().maxSendQueueBytes));
    }
    if (!m_ended)
        updateOutboundQueued();
}

bool Session::admitMessage()
{
    if (m_closing)
        return false;
    const int rate = m_server->config().rateLimit;
    if (rate <= 0)
        return true;
    // Token bucket: refills at the rate, holds one second's worth (the allowed burst).
    const qint64 now = steadyNowMs();
    m_tokens = std::min<double>(rate, m_tokens + double(now - m_tokensAtMs) * rate / 1000.0);
    m_tokensAtMs = now;
    if (m_tokens < 1.0) {
        closeFor(EndReason::RateLimited, EndedBy::Server, 1008,
                 QStringLiteral("rate limit of %1 messages per second exceeded").arg(rate));
        return false;
    }
    m_tokens -= 1.0;
    return true;
}

void Session::onTextMessage(const QString &message)
{
    // Qt 6.4 checks a fragmented text message against setMaxAllowedIncomingMessageSize() in UTF-16
    // code units received so far plus the next frame's bytes, so multi-byte text sent in small
    // frames passes at up to three times the limit. The limit is in bytes as they travel: hold
    // the message to it here, and refuse it as Qt refuses an oversized one (1009, not counted).
    const qint64 bytes = utf8Length(message);
    if (bytes > m_server->config().maxMessageBytes) {
        closeFor(EndReason::MessageTooBig, EndedBy::Server, 1009,
                 QStringLiteral("message of %1 bytes over the limit of %2")
                     .arg(bytes)
                     .arg(m_server->config().maxMessageBytes));
        return;
    }
    ++m_messagesIn;
    m_bytesIn += quint64(bytes);
    keepText(MessageRecord::Direction::In, message, bytes);
    if (!admitMessage())
        return;
    switch (m_server->config().mode) {
    case MessageMode::Echo:
        sendText(message);
        break;
    case MessageMode::Broadcast:
        m_server->broadcastText(this, message);
        break;
    case MessageMode::Sink:
        break;
    }
}

void Session::onBinaryMessage(const QByteArray &message)
{
    ++m_messagesIn;
    m_bytesIn += quint64(message.size());
    keepBinary(MessageRecord::Direction::In, message);
    if (!admitMessage())
        return;
    switch (m_server->config().mode) {
    case MessageMode::Echo:
        sendBinary(message);
        break;
    case MessageMode::Broadcast:
        m_server->broadcastBinary(this, message);
        break;
    case MessageMode::Sink:
        break;
    }
}

void Session::sendPing(quint64 sequence)
{
    if (!m_socket)
        return sendStreamHeartbeat();
    if (m_lastPingSequence > m_lastPongSequence)
        ++m_missedPings;
    m_lastPingSequence = sequence;
    if (m_firstPingSequence == 0) {
        m_firstPingSequence = sequence;
        connect(m_socket, &QWebSocket::pong, this, &Session::onPong);
    }
    m_socket->ping(HeartbeatScheduler::payloadFor(sequence));
}

void Session::onPong(quint64 elapsedTime, const QByteArray &payload)
{
    Q_UNUSED(elapsedTime) // measures from this socket's last ping only; we use our own payload
    markAlive();
    quint64 sequence = 0;
    if (!HeartbeatScheduler::sequenceFromPayload(payload, &sequence))
        return;
    // Only a pong for a ping we sent to this session, newer than the last one answered.
    if (sequence < m_firstPingSequence || sequence <= m_lastPongSequence || sequence > m_lastPingSequence)
        return;
    const qint64 sentAtNs = m_server->pingSentAtNs(sequence);
    if (sentAtNs < 0)
        return;
    m_lastPongSequence = sequence;
    m_missedPings = 0;
    m_rttMs = double(steadyNowNs() - sentAtNs) / 1e6;
    m_server->observeRtt(m_rttMs);
    appendToRing(m_rttHistory, m_rttNext, ClientDetails::RttHistoryLength,
                 RttSample{QDateTime::currentMSecsSinceEpoch(), m_rttMs});
}

void Session::closeFor(EndReason reason, EndedBy who, int closeCode, const QString &closeReason)
{
    if (m_closing || m_ended)
        return;
    m_closing = true;
    m_endReason = reason;
    m_endedBy = who;
    m_closeCode = closeCode;
    m_closeReason = closeReason;
    m_closeDeadlineMs = steadyNowMs() + m_server->config().closeGraceMs;
    if (!m_socket)
        return closeStream();
    // With a plain QTcpSocket under it, Qt 6.4's QWebSocket::close() on a socket whose write buffer
    // the kernel would not take ended the connection at once: the messages queued were lost, and
    // the session gone before any snapshot showed it closing. Nothing more is queued once closing
    // (isOpen()), so the close frame follows the queue out, within the grace period
    // (abortIfOverdue()) and with the queue no longer than its cap.
    if (m_socket->bytesToWrite() > 0) {
        connect(m_socket, &QWebSocket::bytesWritten, this, &Session::closeOnceWritten);
        return;
    }
    // May end the session at once (disconnected is emitted synchronously when nothing is queued).
    m_socket->close(QWebSocketProtocol::CloseCode(closeCode), closeReason);
}

void Session::closeOnceWritten()
{
    if (m_ended || m_socket->bytesToWrite() > 0)
        return;
    disconnect(m_socket, &QWebSocket::bytesWritten, this, &Session::closeOnceWritten);
    m_socket->close(QWebSocketProtocol::CloseCode(m_closeCode), m_closeReason);
}

void Session::abort()
{
    if (!m_ended)
        m_socket ? m_socket->abort() : m_rawSocket->abort();
}

void Session::onDisconnected()
{
    if (m_ended)
        return;
    m_ended = true;
    // What it held goes with it.
    setInboundHeld(0);
    setOutboundQueued(0);
    m_server->onSessionEnded(this);
    deleteLater();
}

void Session::endIfAlreadyClosed()
{
    if (!m_socket) {
        if (m_rawSocket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
        return;
    }
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        return;
    // The close frame, if any, went out before we were listening; Qt's own codes tell it apart.
    const int code = int(m_socket->closeCode());
    m_sawCloseFrame = reasonQtClosedFor(code, m_socket->closeReason()) != EndReason::None;
    onDisconnected();
}

ConnectionEvent Session::connectEvent() const
{
    ConnectionEvent event;
    event.kind = EventKind::Connected;
    event.sessionId = m_id;
    event.peerAddress = m_info.peerAddress;
    event.peerPort = m_info.peerPort;
    event.path = m_info.path;
    event.origin = m_info.origin;
    event.userAgent = m_info.userAgent;
    event.connectedAt = m_info.acceptedAt;
    event.clientKind = m_info.kind;
    event.identity = m_info.identity;
    return event;
}

ConnectionEvent Session::endEvent() const
{
    ConnectionEvent event = connectEvent();
    event.kind = EventKind::Closed;
    event.endedAt = QDateTime::currentMSecsSinceEpoch();
    event.messagesIn = m_messagesIn;
    event.messagesOut = m_messagesOut;
    event.bytesIn = m_bytesIn;
    event.bytesOut = m_bytesOut;
    if (m_closing) {
        event.endedBy = m_endedBy;
        event.reason = m_endReason;
        event.closeCode = m_closeCode;
        event.closeReason = m_closeReason;
        return event;
    }
    if (!m_socket)
        return streamEndEvent(event);
    if (!m_sawCloseFrame) {
        // The TCP connection ended with no close handshake: 1006 is never sent, only recorded.
        event.endedBy = EndedBy::Client;
        event.reason = EndReason::ClientDropped;
        event.closeCode = 1006;
        return event;
    }
    event.closeCode = int(m_socket->closeCode());
    event.closeReason = m_socket->closeReason();
    const EndReason byQt = reasonQtClosedFor(event.closeCode, event.closeReason);
    event.endedBy = byQt == EndReason::None ? EndedBy::Client : EndedBy::Server;
    event.reason = byQt == EndReason::None ? EndReason::ClientClosed : byQt;
    return event;
}

} // namespace wsm
