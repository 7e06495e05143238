#pragma once

#include "banlist.h"
#include "clusterstatus.h"
#include "connectionevent.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace wsm {

enum class SessionState : quint8 { Open, Closing };

// One client as the console shows it. Times are ms since the epoch (UTC).
struct SessionRow
{
    quint64 id = 0;
    ClientKind kind = ClientKind::WebSocket;
    QString peerAddress;
    quint16 peerPort = 0;
    qint64 connectedAt = 0;
    SessionState state = SessionState::Open;
    QString path;
    QString query;
    QString origin;
    QString userAgent;
    QString subprotocol;
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    double messageRateIn = 0;   // messages per second over the last second
    double messageRateOut = 0;
    qint64 bytesToWrite = 0;    // the send queue: written by us, not yet taken by the kernel
    qint64 inboundHeldBytes = 0; // of a message in progress, held until it is whole
    qint64 lastSeenAt = 0;      // last time anything at all was received
    double rttMs = -1;          // last heartbeat round trip; -1 until the first pong
    int missedPings = 0;        // pings in a row with no pong
    // Who the client is (--identity): the verified `sub` of its JWT, or with --identity query:NAME
    // or header:NAME the unverified name it gave; empty when none. displayName: the token's `name`.
    QString identity;
    QString displayName;
    bool identityVerified = false;
    qint64 identityExpiresAt = 0; // the token's `exp`, ms since the epoch; 0: none
    // Its identity (or address and user agent) reconnects more often than --flapping-threshold.
    bool flapping = false;
};

struct ServerTotals
{
    int clientsConnected = 0;   // sessions whose socket is open
    int sessionsAlive = 0;      // Session objects in memory: equals clientsConnected unless one leaked
    int handshakesPending = 0;  // accepted TCP connections not yet upgraded or refused
    quint64 accepted = 0;       // upgraded connections since start
    quint64 rejected = 0;       // refused before the upgrade since start
    quint64 closed = 0;         // upgraded connections that ended since start
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    double messageRateIn = 0;   // per second, over the last second: the window of SessionRow's rates
    double messageRateOut = 0;
    double byteRateIn = 0;
    double byteRateOut = 0;
    qint64 residentBytes = 0;   // process RSS
    qint64 heapBytes = 0;       // malloc'd bytes in use (glibc); -1 where unknown
    int openFds = 0;
    double eventLoopLagMs = 0;  // how late the snapshot timer fired: the server thread's lag
    quint64 eventsDropped = 0;  // events that did not fit the batch between two snapshots
    // What all clients together make the server hold (BufferCeilings), and the ceilings; 0: none.
    qint64 inboundBufferedBytes = 0; // of messages in progress
    qint64 outboundQueuedBytes = 0;  // in send queues
    qint64 inboundCeilingBytes = 0;
    qint64 outboundCeilingBytes = 0;
    quint64 closedByInboundCeiling = 0;  // since start, as /metrics counts them by reason
    quint64 closedSlowSenders = 0;
    quint64 closedByOutboundCeiling = 0;
    // The admin channel (AdminServer, outside the server thread), as its owner last passed them in:
    // consoles and scripts attached now, and upgrades it refused since it started listening.
    int adminClients = 0;
    quint64 adminRefused = 0;
    // Of clientsConnected, the Server-Sent Events streams (--sse-path); the rest are WebSockets.
    int sseClients = 0;
    // Identities (or addresses and user agents) flapping now, and those forgotten to keep the
    // reconnect tracker's memory bounded (FlappingTracker).
    int flapping = 0;
    quint64 flappingForgotten = 0;
};

// Everything the console learns about the server, once per tick. The only feed the GUI has.
struct Snapshot
{
    qint64 takenAt = 0;
    qint64 startedAt = 0;       // 0 when the server is not listening
    QString url;                // ws://ADDR:PORT/PATH, empty when not listening
    // The heartbeat the server runs with (0: none): a console elsewhere judges each row's heartbeat
    // (ok, late, missing) by these, as the embedded console does by its settings.
    int heartbeatIntervalMs = 0;
    int heartbeatTimeoutMs = 0;
    QList<SessionRow> sessions; // ordered by id
    ServerTotals totals;
    QList<Ban> bans;            // active bans, sorted by target
    ClusterStatus cluster;      // --cluster: the link to Redis and the nodes it lists
};

// Registers the value types for queued signals; call once before connecting across threads.
void registerMetaTypes();

} // namespace wsm

Q_DECLARE_METATYPE(wsm::SessionRow)
Q_DECLARE_METATYPE(wsm::Snapshot)
