#pragma once

#include <QMetaType>
#include <QString>

namespace wsm {

// What happened to a connection: it was upgraded, it ended, or it was refused before the upgrade.
// The cluster link's changes are in the same log: ClusterLinkUp and ClusterLinkDown have no
// session; peerAddress and peerPort name the Redis, closeReason says why the link went down.
// FlappingStarted and FlappingStopped are about a client that reconnects (an identity, or an
// address and user agent, see FlappingTracker): no session; identity or peerAddress and userAgent
// name it, closeReason says how often it reconnected and why its last connection ended.
enum class EventKind : quint8 { Connected, Closed, Rejected, ClusterLinkUp, ClusterLinkDown,
                                FlappingStarted, FlappingStopped };
inline constexpr int EventKindCount = int(EventKind::FlappingStopped) + 1;

// What a client connected with: a WebSocket, or a Server-Sent Events stream (--sse-path), which
// is one-way (server to client) over plain HTTP.
enum class ClientKind : quint8 { WebSocket, Sse };

// Who ended a connection. Connected events carry None.
enum class EndedBy : quint8 { None, Client, Operator, Server };

// Why a connection ended or was refused: the table in DESIGN.md, one value per row.
enum class EndReason : quint8 {
    None,             // a Connected event
    ClientClosed,     // the client sent a close frame (its code)
    ClientDropped,    // TCP ended with no close frame (1006)
    OperatorKick,     // 4000-4999 and the operator's reason
    HeartbeatTimeout, // no life within --heartbeat-timeout
    MessageTooBig,    // 1009
    InvalidUtf8,      // 1007
    ProtocolError,    // 1002: malformed frame
    RateLimited,      // 1008
    SlowConsumer,     // 1008: unwritten bytes over --max-send-queue-bytes
    ServerFull,       // HTTP 503 before the upgrade, 1013 after
    OriginRefused,    // HTTP 403
    TokenRefused,     // HTTP 401 (none) or 403 (wrong)
    Banned,           // HTTP 403
    HandshakeTimeout, // TCP close before the upgrade
    BadHandshake,     // HTTP 400/426/431: not a valid WebSocket upgrade
    NotFound,         // HTTP 404: upgrade to a path we do not serve
    ServerShutdown,   // 1001
    TlsHandshakeFailed, // TCP close before the upgrade: no TLS session (a plain client on a wss:// port)
    InboundCeiling,   // 1009: held the most of an unfinished message when all clients' sum passed
                      // --max-inbound-buffer-bytes
    SlowSender,       // 1008: a message in progress below --min-receive-rate
    OutboundCeiling,  // 1008: the longest send queue when all clients' sum passed --max-outbound-buffer-bytes
    ServiceRestart,   // 1012: the server stops to start again (the console's Restart now)
    IdentityMissing,  // HTTP 401: --identity jwt and no token presented
    IdentityRefused,  // HTTP 403: the token was refused; closeReason says which check failed
    IdentityExpired,  // 1008 (SSE: end of stream): the token expired during the connection
};
inline constexpr int EndReasonCount = int(EndReason::IdentityExpired) + 1;

// Every connect, every end and every refusal is one ConnectionEvent. A plain value: it crosses
// threads and may one day cross the network, so it holds no pointer into the server.
struct ConnectionEvent
{
    EventKind kind = EventKind::Connected;
    quint64 sessionId = 0;      // 0 when refused before a Session existed
    QString peerAddress;
    quint16 peerPort = 0;
    QString path;               // request path, without the query
    QString origin;
    QString userAgent;
    qint64 connectedAt = 0;     // ms since the epoch (UTC); TCP accept time for refusals
    qint64 endedAt = 0;         // ms since the epoch; 0 for Connected events
    EndedBy endedBy = EndedBy::None;
    EndReason reason = EndReason::None;
    int closeCode = 0;          // WebSocket close code; 0 when none applies
    int httpStatus = 0;         // HTTP status of a refusal before the upgrade; 0 otherwise
    QString closeReason;        // close frame text, or what the refusal said
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    // The node it happened on, as a console watching several nodes names it; empty on the node.
    QString node;
    ClientKind clientKind = ClientKind::WebSocket;
    // Who the client is (--identity): the verified `sub` of its token, or the unverified name it
    // gave; empty when none.
    QString identity;

    // How long the connection lasted; 0 for a Connected event and for the cluster link's changes,
    // which are moments, not connections.
    qint64 durationMs() const { return endedAt > 0 && !isClusterLink() ? endedAt - connectedAt : 0; }
    // When it happened: the connect for a Connected event, the end for the others (a cluster link
    // change whose endedAt is not set: its connectedAt).
    qint64 time() const { return kind == EventKind::Connected || endedAt == 0 ? connectedAt : endedAt; }
    bool isClusterLink() const { return kind == EventKind::ClusterLinkUp || kind == EventKind::ClusterLinkDown; }
    bool isFlapping() const { return kind == EventKind::FlappingStarted || kind == EventKind::FlappingStopped; }

    // Stable machine names (CSV, /metrics labels) and translated words for people.
    static QString kindId(EventKind kind);
    static QString endedById(EndedBy who);
    static QString reasonId(EndReason reason);
    static QString kindText(EventKind kind);
    static QString endedByText(EndedBy who);
    static QString reasonText(EndReason reason);
    static QString clientKindId(ClientKind kind);   // "websocket", "sse"
    static QString clientKindText(ClientKind kind); // "WebSocket", "SSE"
};

} // namespace wsm

Q_DECLARE_METATYPE(wsm::ConnectionEvent)
