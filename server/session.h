#pragma once

#include "clientdetails.h"
#include "connectionevent.h"
#include "outgoingmessage.h"
#include "ratewindow.h"
#include "snapshot.h"
#include "ssestream.h"

#include <QObject>
#include <QString>


QT_BEGIN_NAMESPACE
class QTcpSocket;
class QWebSocket;
QT_END_NAMESPACE

namespace wsm {

class WebSocketServer;

// What the server learned from a client's upgrade request before it handed the socket to Qt.
struct HandshakeInfo
{
    QString peerAddress;
    quint16 peerPort = 0;
    QString path;
    QString query;
    QString origin;
    QString userAgent;
    qint64 acceptedAt = 0; // ms since the epoch
    ClientKind kind = ClientKind::WebSocket;
    // Who the client is, as --identity found it before the upgrade (see SessionRow).
    QString identity;
    QString displayName;
    bool identityVerified = false;
    qint64 identityExpiresAt = 0; // ms since the epoch; 0: none
};

struct SessionCounters
{
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
};

// One client, a WebSocket or a Server-Sent Events stream (see ClientKind): one class, so that the
// server keeps one register, one set of rows, counters, limits and events for both. A WebSocket
// session owns its QWebSocket; an SSE session owns the TCP (or TLS) socket it writes its event
// stream on (sessionsse.cpp). Lives in the server thread, parented to the WebSocketServer,
// and deletes itself (deleteLater) as soon as its socket has ended, after telling the server once
// (WebSocketServer::onSessionEnded(); a direct call, since a connection per session costs memory).
// Per-message work is counting integers: nothing leaves the server thread per message.
class Session : public QObject
{
    Q_OBJECT

public:
    // rawSocket is the TCP socket Qt upgraded; the session takes it over (see the constructor). Its
    // readyRead is our "any byte is life" signal, since QWebSocket hides pings and partial frames.
    // May be null.
    Session(quint64 id, QWebSocket *socket, QTcpSocket *rawSocket, const HandshakeInfo &info,
            WebSocketServer *server);
    // An SSE session over the socket whose request the server has answered with the stream's head:
    // requestHead is that request as it came (for the inspector). See sessionsse.cpp.
    Session(quint64 id, QTcpSocket *streamSocket, const QByteArray &requestHead, const HandshakeInfo &info,
            WebSocketServer *server);
    ~Session() override;

    // Live Session objects in the process: the leak detector behind "sessions alive".
    static int aliveCount();

    quint64 id() const { return m_id; }
    ClientKind kind() const { return m_info.kind; }
    bool hasEnded() const { return m_ended; }
    // Neither closing nor ended: the only state in which it is sent anything.
    bool isOpen() const { return !m_closing && !m_ended; }
    // The last sign of life the heartbeat timeout judges: for a WebSocket any byte received, for an
    // event stream the last moment its send queue was empty (see sessionsse.cpp).
    qint64 lastSeenSteadyMs() const;
    const QString &identity() const { return m_info.identity; }
    qint64 identityExpiresAt() const { return m_info.identityExpiresAt; }

    SessionCounters counters() const { return {m_messagesIn, m_messagesOut, m_bytesIn, m_bytesOut}; }

    void sendText(const QString &text);
    void sendBinary(const QByteArray &data);
    // The operator's message, as a text or a binary frame by its kind.
    void send(const OutgoingMessage &message);
    // SSE: an event formatted once for many clients (a broadcast, a replay). text: the message as a
    // QString when the caller has it (for the inspector's history), else null.
    void sendEvent(const SseEvent &event, const QString &text = QString());
    // SSE: the first bytes of the stream (the answer's head, retry:, a replay), written before any event.
    void startStream(const QByteArray &head, const QList<SseEvent> &replay);

    // Ends the session on the server's side: a close frame with code and reason, then an abort
    // if the client has not finished the close within the grace period (see abortIfOverdue()).
    // The reason is what the end event will say. Only the first call counts.
    void closeFor(EndReason reason, EndedBy who, int closeCode, const QString &closeReason);
    // Closing, and past the grace time for the close handshake: housekeeping aborts it.
    bool isCloseOverdue(qint64 nowSteadyMs) const { return m_closing && !m_ended && nowSteadyMs >= m_closeDeadlineMs; }
    void abort();

    // What Qt holds for this client until its message in progress is whole (FrameMaskGuard tells,
    // with the bytes that just arrived), and what waits in its send queue; both are reported to
    // the server's BufferCeilings.
    void noteInbound(qint64 arrivedBytes, qint64 heldBytes);
    qint64 inboundHeld() const { return m_inboundHeld; }
    qint64 outboundQueued() const { return m_outboundQueued; }
    void updateOutboundQueued();
    // A message in progress must gain at least minRate bytes a second over each window from its
    // start on; otherwise the session is closed (1008, slow_sender).
    void checkReceiveRate(qint64 nowSteadyMs, qint64 minRate, int windowMs);
    // The sum over all clients is over a ceiling and this client holds the most.
    void closeForInboundCeiling(qint64 ceilingBytes);
    void closeForOutboundCeiling(qint64 ceilingBytes);

    // Heartbeat: a ping carrying the scheduler's sequence number.
    void sendPing(quint64 sequence);

    // Fills a snapshot row, its rates over the server's rate window at this tick.
    SessionRow row(qint64 nowSteadyMs, qint64 nowEpochMs, const RateWindow::Position &ratePosition);
    // Everything the inspector shows: the current row (rates as of the last snapshot), the
    // handshake request, RTT history and the last messages.
    ClientDetails details(qint64 nowSteadyMs, qint64 nowEpochMs) const;
    ConnectionEvent connectEvent() const;
    // The end event: who ended the connection, why, and with which code (see DESIGN.md).
    ConnectionEvent endEvent() const;
    // Qt may finish a socket (a bad frame right behind the handshake) before we adopt it.
    void endIfAlreadyClosed();

private:
    // What waits in the send queue: Qt's for the socket the session writes on.
    qint64 queuedBytes() const;
    // SSE (sessionsse.cpp): the stream's signals, what the client sends after its request (nothing
    // is expected: read and dropped, within a bound), the heartbeat comment, the end of the stream.
    void connectStream();
    void drainStreamInput();
    void onStreamBytesWritten();
    void sendStreamHeartbeat();
    qint64 streamLastSeenMs() const;
    void closeStream();
    QList<QPair<QString, QString>> streamRequestHeaders() const;
    ConnectionEvent streamEndEvent(ConnectionEvent event) const;
    void onTextMessage(const QString &message);
    void onBinaryMessage(const QByteArray &message);
    void onPong(quint64 elapsedTime, const QByteArray &payload);
    void onDisconnected();
    // The rest of closeFor() once the send queue has gone out: the close frame.
    void closeOnceWritten();
    // closeFor(), then nothing more is read: what the client still sends stays in the kernel, and
    // what it sent is let go with the connection, which ends once the close frame is out.
    void closeAndStopReading(EndReason reason, int closeCode, const QString &closeReason);
    void setInboundHeld(qint64 bytes);
    void setOutboundQueued(qint64 bytes);
    void markAlive();
    bool admitMessage();
    void countSent(qint64 bytes);
    SessionRow currentRow(qint64 nowSteadyMs, qint64 nowEpochMs) const;
    void keepText(MessageRecord::Direction direction, const QString &text, qint64 bytes);
    void keepBinary(MessageRecord::Direction direction, const QByteArray &data);
    // A binary message's first bytes are kept as they came (shared when short) and turned into
    // hex only when details() is asked for: nothing is converted per message.
    struct KeptMessage
    {
        MessageRecord record;
        QByteArray firstBytes; // binary messages only
    };
    void keep(KeptMessage &&message);

    WebSocketServer *m_server;
    QWebSocket *m_socket;          // null for an SSE session
    QTcpSocket *m_rawSocket;       // the TCP (or TLS) socket under m_socket, or an SSE stream's; may be null
    HandshakeInfo m_info;
    quint64 m_id;
    QString m_subprotocol;

    quint64 m_messagesIn = 0;
    quint64 m_messagesOut = 0;
    quint64 m_bytesIn = 0;
    quint64 m_bytesOut = 0;
    RateSamples<2> m_rateSamples;  // messages in, out
    RateSamples<2>::Rates m_rates{}; // as of the last snapshot

    // The inspector's view of the last messages and round trips: rings that stay unallocated
    // until the first message or pong, since most of ten thousand idle clients never need them.
    // A binary message's preview holds its first bytes as Latin-1 until details() turns it to hex.
    QList<KeptMessage> m_history;
    int m_historyNext = 0;         // ring slot to write once the ring is full
    QList<RttSample> m_rttHistory;
    int m_rttNext = 0;

    qint64 m_inboundHeld = 0;       // as last reported to the ceilings
    qint64 m_outboundQueued = 0;
    qint64 m_receiveWindowStartMs = 0; // steady clock; the minimum receive rate's current window
    qint64 m_receiveWindowBytes = 0;
    bool m_stoppedReading = false;

    qint64 m_lastSeenMs = 0;       // steady clock
    double m_tokens = 0;           // rate limit bucket
    qint64 m_tokensAtMs = 0;
    quint64 m_lastPingSequence = 0;
    quint64 m_lastPongSequence = 0;
    quint64 m_firstPingSequence = 0; // pings sent before this session existed are not its own
    double m_rttMs = -1;
    int m_missedPings = 0;

    QByteArray m_requestHead;      // SSE: the request as it came (a WebSocket's is kept by Qt)
    qint64 m_streamBytesRead = 0;  // SSE: what the client sent after its request
    bool m_streamFailed = false;   // SSE: the socket failed (a reset), rather than a clean close
    bool m_streamTimedOut = false; // SSE: the kernel gave up on what was written (TCP_USER_TIMEOUT)

    bool m_sawCloseFrame = false;  // aboutToClose: a close handshake, not a dropped TCP connection
    bool m_closing = false;
    bool m_ended = false;
    qint64 m_closeDeadlineMs = 0;
    EndReason m_endReason = EndReason::None;
    EndedBy m_endedBy = EndedBy::None;
    int m_closeCode = 0;
    QString m_closeReason;
};

} // namespace wsm
