#pragma once

#include "banlist.h"
#include "bufferceilings.h"
#include "clustercontrol.h"
#include "connectionevent.h"
#include "eventcsvlog.h"
#include "flappingtracker.h"
#include "outgoingmessage.h"
#include "processstats.h"
#include "ratewindow.h"
#include "serverconfig.h"
#include "servermetrics.h"
#include "session.h"
#include "snapshot.h"
#include "ssereplayring.h"
#include "steadyclock.h"

#include <QAbstractSocket>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <memory>
#include <set>
#include <utility>

QT_BEGIN_NAMESPACE
class QTcpServer;
class QTcpSocket;
class QWebSocketServer;
QT_END_NAMESPACE

namespace wsm {

class ClusterBans;
class ClusterLink;
class ClusterRegistry;
class FrameMaskGuard;
class HeartbeatScheduler;
class HttpRequestHead;
class JwtVerifier;

// The embedded WebSocket server. Lives in the server thread with everything it creates; other
// threads reach it only through queued invocations of its slots (ServerController does that) and
// hear from it only through its signals, which carry plain values.
//
// Accept path: our own QTcpServer (large backlog) accepts; the request head is peeked, not read,
// so that bans, plain HTTP (/metrics, /healthz), origin, token and capacity are answered before Qt
// sees the socket; a valid upgrade is handed to a child QWebSocketServer with handleConnection().
//
// Server-Sent Events (--sse-path): a GET for text/event-stream at the SSE path passes the same
// checks and becomes a Session of kind Sse over the same socket (websocketserversse.cpp).
//
// Written in seven parts by what they hold: websocketserver.cpp (start, stop, the register of
// sessions, housekeeping), websocketserveraccept.cpp (the accept path and request routing),
// websocketservercontrol.cpp (the operator's calls), websocketserversnapshot.cpp (totals,
// /metrics and snapshots), websocketservercluster.cpp (the node's part in a --cluster) and
// websocketserverclustercontrol.cpp (the operator's kick, send and details on another node of the
// cluster, and other nodes' requests run here) and websocketserversse.cpp (event streams).
class WebSocketServer : public QObject
{
    Q_OBJECT

public:
    explicit WebSocketServer(QObject *parent = nullptr);
    ~WebSocketServer() override;

    const ServerConfig &config() const { return m_config; }
    bool isListening() const;
    QString url() const;

    // Used by sessions, in the server thread.
    void broadcastText(Session *from, const QString &text);
    void broadcastBinary(Session *from, const QByteArray &data);
    qint64 pingSentAtNs(quint64 sequence) const;
    void observeRtt(double ms);
    // The node's next SSE event: ids increase over all its events (see websocketserversse.cpp).
    // toAll: a broadcast, kept for replay to clients that reconnect with Last-Event-ID.
    SseEvent nextSseEvent(bool binary, const QByteArray &payload, bool toAll);
    // Called once by each session when its socket has ended, before it deletes itself.
    void onSessionEnded(Session *session);

    BufferCeilings &bufferCeilings() { return m_ceilings; }

    // The metrics endpoint's text, also for tests.
    QByteArray metricsText();

    // With --cluster, from start() to stop(): the link to the cluster's Redis (a child, in the server
    // thread), for the parts built on it (ClusterControl); null otherwise.
    ClusterLink *cluster() const { return m_cluster; }
    // What the snapshot's `cluster` says now (enabled false without a link).
    ClusterStatus clusterStatus() const;

public Q_SLOTS:
    // Each ends with commandFinished(requestId, ok, message); message says what went wrong.
    void start(const wsm::ServerConfig &config, quint64 requestId);
    // Ordered: every client is closed with the reason's code, drained, and the rest cut off.
    void stop(wsm::StopReason reason, quint64 requestId);
    void kick(const QList<quint64> &sessionIds, int closeCode, const QString &reason, int spreadMs,
              quint64 requestId);
    void kickAll(int closeCode, const QString &reason, int spreadMs, quint64 requestId);
    void clientDetails(quint64 sessionId, quint64 requestId);
    void ban(const QString &addressOrCidr, qint64 durationMs, const QString &reason, quint64 requestId);
    void unban(const QString &addressOrCidr, quint64 requestId);
    // A text or binary frame, by the message's kind, to one client or to every open one.
    void send(quint64 sessionId, const wsm::OutgoingMessage &message, quint64 requestId);
    void broadcast(const wsm::OutgoingMessage &message, quint64 requestId);
    // Kick, send and details on the node named: this node (an empty name, or its own name in the
    // cluster) as the calls above; another node of the cluster through ClusterControl, where they
    // run as that node's operator's calls. Each ends as the local call does (commandFinished, and
    // clientDetailsReady for details), or with commandFinished(false) saying why the node could not
    // be reached: not in a cluster, the link down, no node of that name, no answer in time.
    void kickOnNode(const QString &node, const QList<quint64> &sessionIds, int closeCode, const QString &reason,
                    quint64 requestId);
    void sendOnNode(const QString &node, quint64 sessionId, const wsm::OutgoingMessage &message, quint64 requestId);
    void clientDetailsOnNode(const QString &node, quint64 sessionId, quint64 requestId);
    // The admin channel's figures, for totals and /metrics: it lives in another thread and passes
    // them in (ServerController::setAdminChannelCounts). Kept across stop and start.
    void setAdminChannelCounts(int clients, quint64 refused);
    // Where this node's admin channel listens (ws://... or wss://...), for the cluster's registry
    // of nodes: it lives in another thread and passes it in (ServerController::setClusterAdminUrl).
    // Kept across stop and start; empty: none.
    void setClusterAdminUrl(const QString &url);
    // Closes everything at once (1001, then abort) without waiting for the drain: for destruction.
    void shutdownNow();

Q_SIGNALS:
    void started(const QString &url);
    void stopped();
    void commandFinished(quint64 requestId, bool ok, const QString &message);
    void snapshotReady(const wsm::Snapshot &snapshot, const QList<wsm::ConnectionEvent> &events);
    void clientDetailsReady(quint64 requestId, const wsm::ClientDetails &details);

private:
    struct PendingSocket
    {
        QPointer<QTcpSocket> socket;
        qint64 deadlineMs = 0;      // steady ms: handshake timeout
        bool handedOver = false;    // given to QWebSocketServer, waiting for newConnection
        bool answered = false;      // an HTTP answer is written; closing
        bool headOnly = false;      // a HEAD request: the answer goes without its body
        bool tlsPending = false;    // wss://: the TLS handshake has not finished yet
        HandshakeInfo info;
        std::shared_ptr<FrameMaskGuard> frameGuard; // from the handover on
    };

    // What a stop tells every client and records for each: the close code, the close frame's
    // reason, and the words for a handshake it cut short.
    struct StopTerms
    {
        EndReason reason;
        int closeCode;
        QString closeReason;
        QString beforeUpgrade;
    };
    static StopTerms stopTerms(StopReason why);

    void onNewTcpConnection();
    // A new connection is let in (bans, capacity) and its request head awaited: at once on ws://,
    // once encrypted on wss://.
    void admit(QTcpSocket *socket);
    void onPendingEncrypted(QTcpSocket *socket);
    void onPendingSocketError(QTcpSocket *socket, QAbstractSocket::SocketError error);
    void onPendingReadable(QTcpSocket *socket);
    void onPendingDisconnected(QTcpSocket *socket);
    // `buffered` is what the socket holds (peeked, not read): the request head and what followed it.
    void route(QTcpSocket *socket, PendingSocket &pending, const HttpRequestHead &head, const QByteArray &buffered);
    void refuse(QTcpSocket *socket, PendingSocket &pending, int httpStatus, EndReason reason,
                const QByteArray &body, const HttpRequestHead *head,
                const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    // --identity (websocketserveridentity.cpp). At start: the JWT verifier from the key files;
    // false with *error when a key cannot be read or used.
    bool startIdentity(const ServerConfig &config, QString *error);
    // Who the client is, after the token check: false when refused (401 IdentityMissing, 403
    // IdentityRefused or Banned); fills pending.info's identity fields otherwise.
    bool establishIdentity(QTcpSocket *socket, PendingSocket &pending, const HttpRequestHead &head);
    // Every Connected and Closed event: sessions whose token expires are ended when it does.
    void trackIdentityExpiry(const ConnectionEvent &event);
    void armIdentityExpiryTimer();
    void endExpiredIdentities();
    // A ban on "identity:SUB" (here or from the cluster) closes that identity's open sessions.
    void closeBannedIdentity(const Ban &ban);
    // One Rejected event for a connection that never became a session.
    void recordRejected(const HandshakeInfo &info, EndedBy endedBy, EndReason reason, const QString &text,
                        int httpStatus = 0, bool requestWasRead = false);
    void answerPlain(QTcpSocket *socket, PendingSocket &pending, const QByteArray &response);
    // /healthz: 200 while the node serves; with ?cluster=1, 503 while its cluster link is down.
    QByteArray healthzResponse(const HttpRequestHead &head) const;
    void onWebSocketConnection();
    void adopt(QWebSocket *socket);
    void shareRequestStrings(HandshakeInfo &info);
    bool originAllowed(const QString &origin) const;
    // SSE (websocketserversse.cpp). isSseRequest: a plain request at the SSE path. screenSseRequest
    // answers what cannot become a stream (OPTIONS, other methods, an Accept without
    // text/event-stream) and returns false; true: on to the checks an upgrade passes.
    bool isSseRequest(const HttpRequestHead &head) const;
    bool screenSseRequest(QTcpSocket *socket, PendingSocket &pending, const HttpRequestHead &head);
    void answerSsePreflight(QTcpSocket *socket, PendingSocket &pending);
    QList<QPair<QByteArray, QByteArray>> corsHeaders(const QString &origin) const;
    // The request passed every check: the socket becomes an SSE session, answered and replayed to.
    void adoptStream(QTcpSocket *socket, const HttpRequestHead &head, const QByteArray &buffered);
    // The message to every open client but `from`: a frame to each WebSocket, and one event
    // formatted once for every SSE client (and kept for replay). Returns how many it went to.
    int sendToAll(Session *from, const OutgoingMessage &message);
    void squeezePendingIfEmpty();
    void record(const ConnectionEvent &event);
    // The tracker's FlappingStarted and FlappingStopped events, stamped now and recorded.
    void recordFlappingChanges(const QList<ConnectionEvent> &changes);
    void startCluster();
    void stopCluster();
    void recordClusterLink(EventKind kind, const QString &why);
    void deliverFromCluster(bool binary, const QByteArray &payload);
    // False when the message did not go to the other nodes (the link is down, or too much waits).
    bool publishToCluster(bool binary, const QByteArray &payload);
    void housekeeping();
    void takeSnapshot();
    void finishStop();
    void finishStopIfStopping();
    void closeAllSessions(EndReason reason, int code, const QString &text);
    // The operator's calls as their outcome: the slots emit it, other nodes' requests are answered with it.
    struct CommandOutcome
    {
        bool ok = false;
        QString message;
    };
    CommandOutcome kickSessions(const QList<quint64> &sessionIds, int closeCode, const QString &reason, int spreadMs);
    CommandOutcome sendTo(quint64 sessionId, const OutgoingMessage &message);
    ClientDetails detailsOf(quint64 sessionId);
    void kickNextBatch();
    // Control of other nodes' clients (websocketserverclustercontrol.cpp).
    bool isThisNode(const QString &node) const;
    // Makes m_clusterControl on m_cluster and routes its two channels to it: before the link starts.
    void startClusterControl();
    // Answers what still waits for another node (why), and deletes m_clusterControl.
    void dropClusterControl(const QString &why);
    void askNode(const QString &node, const ClusterControl::Request &request, quint64 requestId);
    ClusterControl::Reply runRequestFromNode(const ClusterControl::Request &request);
    ServerTotals totals() const;
    // Adds the live sessions' counters (totals() has the ended sessions' only).
    void addSessionCounters(ServerTotals *totals) const;
    QList<Session *> sessionsCopy() const;

    ServerConfig m_config;
    QTcpServer *m_tcpServer = nullptr;            // a TlsTcpServer when m_config.usesTls()
    QWebSocketServer *m_webSocketServer = nullptr;
    HeartbeatScheduler *m_heartbeat = nullptr;
    // Parented, so that moveToThread() takes them along with the server.
    QTimer m_snapshotTimer{this};
    QTimer m_drainTimer{this};
    QTimer m_kickTimer{this};

    // Kicks spread over time: whose turn is next, and how many close per timer tick.
    struct PendingKick
    {
        quint64 sessionId;
        int closeCode;
        QString reason;
    };
    std::deque<PendingKick> m_pendingKicks;
    int m_kicksPerTick = 0;

    QMap<quint64, Session *> m_sessions;          // ordered by id, as the snapshot lists them
    QHash<QTcpSocket *, PendingSocket> m_pending; // accepted, not yet a Session
    QMultiHash<quint16, QTcpSocket *> m_handedOverByPort; // to find a QWebSocket's request info
    quint64 m_nextSessionId = 1;                  // never reused while the process runs
    // The previous connection's request strings, for the next one to share when equal.
    QString m_lastPeerAddress;
    QString m_lastOrigin;
    QString m_lastUserAgent;

    // SSE: the replay ring, the next event id (kept across stop and start, so ids keep increasing),
    // and how many sessions are streams.
    SseReplayRing m_sseReplay;
    quint64 m_nextSseId = 0; // 0: not started yet
    int m_sseSessions = 0;

    BanList m_bans;
    std::unique_ptr<JwtVerifier> m_jwt;           // --identity jwt, from start() to the next start()
    // Sessions with an expiring token: (deadline, id) in order, and each id's deadline.
    std::set<std::pair<qint64, quint64>> m_identityExpiries;
    QHash<quint64, qint64> m_identityExpiryOf;
    QTimer m_identityExpiryTimer{this};
    BufferCeilings m_ceilings;
    ServerMetrics m_metrics;
    EventCsvLog m_csvLog;
    QList<ConnectionEvent> m_eventBatch;          // since the last snapshot
    FlappingTracker m_flapping;                   // fed by record()
    quint64 m_eventsDropped = 0;

    // Traffic of sessions that have ended; live sessions are summed at each snapshot.
    quint64 m_endedMessagesIn = 0;
    quint64 m_endedMessagesOut = 0;
    quint64 m_endedBytesIn = 0;
    quint64 m_endedBytesOut = 0;
    ServerTotals m_lastTotals;
    FreedMemoryReturner m_freedMemory; // after many clients are gone, their memory goes back
    qint64 m_lastSnapshotMs = 0;
    EpochClock m_epochClock; // snapshots' and details' wall-clock times
    qint64 m_startedAtEpochMs = 0;
    quint64 m_snapshotTick = 0;
    RateWindow m_rateWindow;     // shared by the totals and every client
    RateSamples<4> m_totalsRates; // messages in, out, bytes in, out
    double m_loopLagMs = 0;
    int m_adminClients = 0;
    ClusterControl *m_clusterControl = nullptr; // a child, while the node is in a cluster and running
    quint64 m_adminRefused = 0;

    // --cluster: the link and the parts built on it (children of the link), from start() to stop().
    ClusterLink *m_cluster = nullptr;
    ClusterBans *m_clusterBans = nullptr;
    ClusterRegistry *m_clusterRegistry = nullptr;
    QString m_clusterAdminUrl;

    bool m_stopping = false;
    StopReason m_stopReason = StopReason::Shutdown; // while m_stopping
    bool m_inFinishStop = false;
    quint64 m_stopRequestId = 0;
};

} // namespace wsm
