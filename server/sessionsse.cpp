// Session, part: a Server-Sent Events stream (ClientKind::Sse). The session writes events on the
// TCP (or TLS) socket whose request the server answered; there is no QWebSocket, no frame and no
// close handshake. What a WebSocket learns from pongs, a one-way stream learns from its send queue:
// a client is "seen" whenever the kernel has taken everything written to it (see the README's
// "Server-Sent Events" for what the heartbeat means here).

#include "session.h"

#include "httprequesthead.h"
#include "steadyclock.h"
#include "websocketserver.h"

#include <QTcpSocket>
#include <QWebSocket>

#if defined(Q_OS_LINUX)
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace wsm {

namespace {

// An EventSource sends nothing after its request. What a client sends anyway is read and dropped,
// up to this much; past it the connection is not an event stream's and is closed.
constexpr qint64 MaxStreamInputBytes = 64 * 1024;

} // namespace

qint64 Session::queuedBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : m_rawSocket->bytesToWrite();
}

void Session::connectStream()
{
    // Bounded, so a client that keeps sending cannot grow Qt's buffer between two reads.
    m_rawSocket->setReadBufferSize(16 * 1024);
#if defined(Q_OS_LINUX) && defined(TCP_USER_TIMEOUT)
    // A reader that vanished (no FIN: a laptop closed, a link gone) leaves the kernel taking our
    // heartbeat comments into its buffer for many minutes of retransmits. With the heartbeat on,
    // data unacknowledged (or a window kept shut) for the heartbeat timeout fails the connection
    // instead: the dead or stalled reader is found by its failing writes, as a heartbeat timeout.
    if (const int timeoutMs = m_server->config().heartbeatIntervalMs > 0 ? m_server->config().heartbeatTimeoutMs : 0;
        timeoutMs > 0 && m_rawSocket->socketDescriptor() >= 0) {
        const unsigned int value = unsigned(timeoutMs);
        ::setsockopt(int(m_rawSocket->socketDescriptor()), IPPROTO_TCP, TCP_USER_TIMEOUT, &value, sizeof value);
    }
#endif
    connect(m_rawSocket, &QTcpSocket::readyRead, this, &Session::drainStreamInput);
    connect(m_rawSocket, &QTcpSocket::bytesWritten, this, &Session::onStreamBytesWritten);
    connect(m_rawSocket, &QTcpSocket::disconnected, this, &Session::onDisconnected);
    connect(m_rawSocket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        // A closed end is how an EventSource leaves (close(), a tab closed); a timeout is the
        // kernel's TCP_USER_TIMEOUT (above); anything else failed.
        if (error == QAbstractSocket::SocketTimeoutError)
            m_streamTimedOut = true;
        else if (error != QAbstractSocket::RemoteHostClosedError)
            m_streamFailed = true;
    });
}

void Session::startStream(const QByteArray &head, const QList<SseEvent> &replay)
{
    m_rawSocket->write(head);
    for (const SseEvent &event : replay)
        sendEvent(event);
    if (!m_ended)
        updateOutboundQueued();
}

void Session::sendEvent(const SseEvent &event, const QString &text)
{
    if (m_closing || m_ended)
        return;
    m_rawSocket->write(event.frame);
    if (event.binary)
        keepBinary(MessageRecord::Direction::Out, event.payload);
    else if (m_server->config().messageHistory > 0)
        keepText(MessageRecord::Direction::Out, text.isNull() ? QString::fromUtf8(event.payload) : text,
                 event.payload.size());
    countSent(event.payload.size());
}

void Session::drainStreamInput()
{
    if (m_ended)
        return;
    const QByteArray dropped = m_rawSocket->readAll();
    m_streamBytesRead += dropped.size();
    if (m_streamBytesRead > MaxStreamInputBytes && !m_closing) {
        closeFor(EndReason::ProtocolError, EndedBy::Server, 1002,
                 QStringLiteral("an event stream's client sent %1 bytes after its request").arg(m_streamBytesRead));
    }
}

void Session::onStreamBytesWritten()
{
    // The kernel took everything written: the reader keeps up (or at least its kernel does).
    if (m_rawSocket->bytesToWrite() == 0)
        m_lastSeenMs = steadyNowMs();
    if (!m_ended)
        updateOutboundQueued();
}

qint64 Session::streamLastSeenMs() const
{
    // A stream whose queue is empty keeps up, however long ago it was last written to: it goes
    // missing only while what was written waits, for the heartbeat timeout.
    return m_rawSocket->bytesToWrite() == 0 ? steadyNowMs() : m_lastSeenMs;
}

void Session::sendStreamHeartbeat()
{
    // No round trip to measure: a ping is "missed" when the previous writes still wait for the
    // kernel, and the heartbeat timeout ends a stream whose queue has not drained for that long.
    if (m_rawSocket->bytesToWrite() == 0) {
        m_lastSeenMs = steadyNowMs();
        m_missedPings = 0;
    } else {
        ++m_missedPings;
    }
    m_rawSocket->write(sse::heartbeatComment());
    if (!m_ended)
        updateOutboundQueued();
}

void Session::closeStream()
{
    // The end of the stream is the only word an event stream has: no close code goes out. What is
    // queued goes first (disconnectFromHost() waits for it), within the close grace (housekeeping
    // aborts it after that). May end the session at once.
    m_rawSocket->disconnectFromHost();
}

QList<QPair<QString, QString>> Session::streamRequestHeaders() const
{
    QList<QPair<QString, QString>> headers;
    const QList<QByteArray> lines = m_requestHead.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // the request line is the details' own
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            headers.append({QString::fromLatin1(line.left(colon).trimmed()), QString::fromUtf8(line.mid(colon + 1).trimmed())});
    }
    return headers;
}

ConnectionEvent Session::streamEndEvent(ConnectionEvent event) const
{
    if (m_streamTimedOut) {
        // Nothing written was taken for the heartbeat timeout: missing, as the heartbeat says it.
        event.endedBy = EndedBy::Server;
        event.reason = EndReason::HeartbeatTimeout;
        event.closeCode = 1001;
        event.closeReason = QStringLiteral("heartbeat timeout: nothing written was taken for %1 s")
                                .arg(m_server->config().heartbeatTimeoutMs / 1000.0);
        return event;
    }
    // The client closed its end (EventSource.close(), a tab closed) or its connection failed; an
    // event stream has no close code either way.
    event.endedBy = EndedBy::Client;
    event.reason = m_streamFailed ? EndReason::ClientDropped : EndReason::ClientClosed;
    event.closeCode = 0;
    return event;
}

} // namespace wsm
