#include "connectionevent.h"

#include <QCoreApplication>

#include <array>

namespace wsm {

namespace {

struct ReasonName
{
    const char *id;
    const char *text;
};

// Indexed by EndReason; the ids are part of the CSV and /metrics format, so they never change.
constexpr std::array<ReasonName, EndReasonCount> reasonNames = {{
    {"", ""},
    {"client_closed", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "client closed")},
    {"client_dropped", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "connection dropped")},
    {"operator_kick", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "operator kick")},
    {"heartbeat_timeout", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "heartbeat timeout")},
    {"message_too_big", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "message too big")},
    {"invalid_utf8", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "invalid UTF-8")},
    {"protocol_error", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "protocol error")},
    {"rate_limited", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "rate limit exceeded")},
    {"slow_consumer", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "slow consumer")},
    {"server_full", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "server full")},
    {"origin_refused", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "origin refused")},
    {"token_refused", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "token refused")},
    {"banned", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "banned")},
    {"handshake_timeout", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "handshake timeout")},
    {"bad_handshake", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "bad handshake")},
    {"not_found", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "not found")},
    {"server_shutdown", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "server shutdown")},
    {"tls_handshake_failed", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "TLS handshake failed")},
    {"inbound_ceiling", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "inbound memory ceiling")},
    {"slow_sender", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "message sent too slowly")},
    {"outbound_ceiling", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "outbound memory ceiling")},
    {"service_restart", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "service restart")},
    {"identity_missing", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "no identity token")},
    {"identity_refused", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "identity token refused")},
    {"identity_expired", QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "identity token expired")},
}};

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::ConnectionEvent", text);
}

} // namespace

QString ConnectionEvent::kindId(EventKind kind)
{
    switch (kind) {
    case EventKind::Connected: return QStringLiteral("connected");
    case EventKind::Closed: return QStringLiteral("closed");
    case EventKind::Rejected: return QStringLiteral("rejected");
    case EventKind::ClusterLinkUp: return QStringLiteral("cluster-link-up");
    case EventKind::ClusterLinkDown: return QStringLiteral("cluster-link-down");
    case EventKind::FlappingStarted: return QStringLiteral("flapping-started");
    case EventKind::FlappingStopped: return QStringLiteral("flapping-stopped");
    }
    return {};
}

QString ConnectionEvent::endedById(EndedBy who)
{
    switch (who) {
    case EndedBy::None: return {};
    case EndedBy::Client: return QStringLiteral("client");
    case EndedBy::Operator: return QStringLiteral("operator");
    case EndedBy::Server: return QStringLiteral("server");
    }
    return {};
}

QString ConnectionEvent::reasonId(EndReason reason)
{
    return QString::fromLatin1(reasonNames[size_t(reason)].id);
}

QString ConnectionEvent::kindText(EventKind kind)
{
    switch (kind) {
    case EventKind::Connected: return translated(QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "connected"));
    case EventKind::Closed: return translated(QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "closed"));
    case EventKind::Rejected: return translated(QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "rejected"));
    case EventKind::ClusterLinkUp: return translated(QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "cluster link up"));
    case EventKind::ClusterLinkDown: return translated(QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "cluster link down"));
    case EventKind::FlappingStarted: return translated(QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "flapping started"));
    case EventKind::FlappingStopped: return translated(QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "flapping stopped"));
    }
    return {};
}

QString ConnectionEvent::endedByText(EndedBy who)
{
    switch (who) {
    case EndedBy::None: return {};
    case EndedBy::Client: return translated(QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "client"));
    case EndedBy::Operator: return translated(QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "operator"));
    case EndedBy::Server: return translated(QT_TRANSLATE_NOOP("wsm::ConnectionEvent", "server"));
    }
    return {};
}

QString ConnectionEvent::reasonText(EndReason reason)
{
    const char *text = reasonNames[size_t(reason)].text;
    return *text ? translated(text) : QString();
}

QString ConnectionEvent::clientKindId(ClientKind kind)
{
    return kind == ClientKind::Sse ? QStringLiteral("sse") : QStringLiteral("websocket");
}

QString ConnectionEvent::clientKindText(ClientKind kind)
{
    // Protocol names, the same in every language.
    return kind == ClientKind::Sse ? QStringLiteral("SSE") : QStringLiteral("WebSocket");
}

} // namespace wsm
