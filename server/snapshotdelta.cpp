#include "snapshotdelta.h"

#include "adminprotocol.h"
#include "jsonfields_p.h"

#include <QJsonArray>

#include <array>
#include <map>

namespace wsm {

namespace {

using namespace jsonfields;

QJsonValue getState(const SessionRow &row)
{
    return row.state == SessionState::Closing ? QStringLiteral("closing") : QStringLiteral("open");
}

bool setState(SessionRow &row, const QJsonValue &json)
{
    const QString text = json.toString();
    if (text == QLatin1String("open"))
        row.state = SessionState::Open;
    else if (text == QLatin1String("closing"))
        row.state = SessionState::Closing;
    else
        return false;
    return true;
}

QJsonValue getKind(const SessionRow &row)
{
    return ConnectionEvent::clientKindId(row.kind);
}

bool setKind(SessionRow &row, const QJsonValue &json)
{
    for (ClientKind kind : {ClientKind::WebSocket, ClientKind::Sse}) {
        if (json.toString() == ConnectionEvent::clientKindId(kind)) {
            row.kind = kind;
            return true;
        }
    }
    return false;
}

// Every field of a row but its id, which names the row in every message. Fields added within
// version 1 come last; an older node's rows lack them and keep the defaults.
const std::array<Field<SessionRow>, 26> RowFields = {{
    WSM_FIELD(SessionRow, peerAddress, "peerAddress"),
    WSM_FIELD(SessionRow, peerPort, "peerPort"),
    WSM_FIELD(SessionRow, connectedAt, "connectedAt"),
    Field<SessionRow>{"state", &getState, &setState},
    WSM_FIELD(SessionRow, path, "path"),
    WSM_FIELD(SessionRow, query, "query"),
    WSM_FIELD(SessionRow, origin, "origin"),
    WSM_FIELD(SessionRow, userAgent, "userAgent"),
    WSM_FIELD(SessionRow, subprotocol, "subprotocol"),
    WSM_FIELD(SessionRow, messagesIn, "messagesIn"),
    WSM_FIELD(SessionRow, messagesOut, "messagesOut"),
    WSM_FIELD(SessionRow, bytesIn, "bytesIn"),
    WSM_FIELD(SessionRow, bytesOut, "bytesOut"),
    WSM_FIELD(SessionRow, messageRateIn, "messageRateIn"),
    WSM_FIELD(SessionRow, messageRateOut, "messageRateOut"),
    WSM_FIELD(SessionRow, bytesToWrite, "sendQueueBytes"),
    WSM_FIELD(SessionRow, inboundHeldBytes, "inboundHeldBytes"),
    WSM_FIELD(SessionRow, lastSeenAt, "lastSeenAt"),
    WSM_FIELD(SessionRow, rttMs, "rttMs"),
    WSM_FIELD(SessionRow, missedPings, "missedPings"),
    Field<SessionRow>{"kind", &getKind, &setKind},
    WSM_FIELD(SessionRow, identity, "identity"),
    WSM_FIELD(SessionRow, displayName, "displayName"),
    WSM_FLAG(SessionRow, identityVerified, "identityVerified"),
    WSM_FIELD(SessionRow, identityExpiresAt, "identityExpiresAt"),
    WSM_FLAG(SessionRow, flapping, "flapping"),
}};

const std::array<Field<ServerTotals>, 31> TotalsFields = {{
    WSM_FIELD(ServerTotals, clientsConnected, "clientsConnected"),
    WSM_FIELD(ServerTotals, sessionsAlive, "sessionsAlive"),
    WSM_FIELD(ServerTotals, handshakesPending, "handshakesPending"),
    WSM_FIELD(ServerTotals, accepted, "accepted"),
    WSM_FIELD(ServerTotals, rejected, "rejected"),
    WSM_FIELD(ServerTotals, closed, "closed"),
    WSM_FIELD(ServerTotals, messagesIn, "messagesIn"),
    WSM_FIELD(ServerTotals, messagesOut, "messagesOut"),
    WSM_FIELD(ServerTotals, bytesIn, "bytesIn"),
    WSM_FIELD(ServerTotals, bytesOut, "bytesOut"),
    WSM_FIELD(ServerTotals, messageRateIn, "messageRateIn"),
    WSM_FIELD(ServerTotals, messageRateOut, "messageRateOut"),
    WSM_FIELD(ServerTotals, byteRateIn, "byteRateIn"),
    WSM_FIELD(ServerTotals, byteRateOut, "byteRateOut"),
    WSM_FIELD(ServerTotals, residentBytes, "residentBytes"),
    WSM_FIELD(ServerTotals, heapBytes, "heapBytes"),
    WSM_FIELD(ServerTotals, openFds, "openFds"),
    WSM_FIELD(ServerTotals, eventLoopLagMs, "eventLoopLagMs"),
    WSM_FIELD(ServerTotals, eventsDropped, "eventsDropped"),
    WSM_FIELD(ServerTotals, inboundBufferedBytes, "inboundBufferedBytes"),
    WSM_FIELD(ServerTotals, outboundQueuedBytes, "outboundQueuedBytes"),
    WSM_FIELD(ServerTotals, inboundCeilingBytes, "inboundCeilingBytes"),
    WSM_FIELD(ServerTotals, outboundCeilingBytes, "outboundCeilingBytes"),
    WSM_FIELD(ServerTotals, closedByInboundCeiling, "closedByInboundCeiling"),
    WSM_FIELD(ServerTotals, closedSlowSenders, "closedSlowSenders"),
    WSM_FIELD(ServerTotals, closedByOutboundCeiling, "closedByOutboundCeiling"),
    WSM_FIELD(ServerTotals, adminClients, "adminClients"),
    WSM_FIELD(ServerTotals, adminRefused, "adminRefused"),
    WSM_FIELD(ServerTotals, sseClients, "sseClients"),
    WSM_FIELD(ServerTotals, flapping, "flapping"),
    WSM_FIELD(ServerTotals, flappingForgotten, "flappingForgotten"),
}};

const std::array<Field<Ban>, 4> BanFields = {{
    WSM_FIELD(Ban, target, "target"),
    WSM_FIELD(Ban, reason, "reason"),
    WSM_FIELD(Ban, createdAt, "createdAt"),
    WSM_FIELD(Ban, expiresAt, "expiresAt"),
}};

#undef WSM_FIELD
#undef WSM_FLAG

// The cluster's part of a snapshot: nothing for a node outside a cluster, so that such a node's
// messages stay as they were before clusters.
QJsonObject clusterJson(const Snapshot &snapshot)
{
    return snapshot.cluster.enabled ? admin::clusterStatusToJson(snapshot.cluster) : QJsonObject();
}

const QLatin1String ClusterKey("cluster");

} // namespace

QJsonObject sessionRowToJson(const SessionRow &row)
{
    QJsonObject object = toJson(row, RowFields);
    object.insert(QStringLiteral("id"), qint64(row.id));
    return object;
}

bool updateSessionRowFromJson(const QJsonObject &object, SessionRow *row, QString *error)
{
    return fromJson(object, row, RowFields, error);
}

QJsonObject SnapshotEncoder::whole(const Snapshot &snapshot)
{
    return encode(snapshot, true);
}

QJsonObject SnapshotEncoder::delta(const Snapshot &snapshot)
{
    return encode(snapshot, !m_hasPrevious);
}

QJsonObject SnapshotEncoder::wholeAgain(const Snapshot &last) const
{
    QJsonObject message = header(last, m_sequence);
    message.insert(QStringLiteral("whole"), true);
    message.insert(QStringLiteral("rows"), wholeRows(last));
    const QJsonObject cluster = clusterJson(last);
    if (!cluster.isEmpty())
        message.insert(ClusterKey, cluster);
    return message;
}

QJsonObject SnapshotEncoder::header(const Snapshot &snapshot, quint64 sequence)
{
    QJsonObject message;
    message.insert(QStringLiteral("type"), QStringLiteral("snapshot"));
    message.insert(QStringLiteral("seq"), qint64(sequence));
    message.insert(QStringLiteral("takenAt"), snapshot.takenAt);
    message.insert(QStringLiteral("startedAt"), snapshot.startedAt);
    message.insert(QStringLiteral("url"), snapshot.url);
    message.insert(QStringLiteral("heartbeatIntervalMs"), snapshot.heartbeatIntervalMs);
    message.insert(QStringLiteral("heartbeatTimeoutMs"), snapshot.heartbeatTimeoutMs);
    message.insert(QStringLiteral("totals"), toJson(snapshot.totals, TotalsFields));
    message.insert(QStringLiteral("bans"), listToJson(snapshot.bans, BanFields));
    return message;
}

QJsonArray SnapshotEncoder::wholeRows(const Snapshot &snapshot)
{
    QJsonArray rows;
    for (const SessionRow &row : snapshot.sessions)
        rows.append(sessionRowToJson(row));
    return rows;
}

QJsonObject SnapshotEncoder::encode(const Snapshot &snapshot, bool whole)
{
    QJsonObject message = header(snapshot, ++m_sequence);
    QHash<quint64, SessionRow> current;
    current.reserve(snapshot.sessions.size());
    if (whole) {
        message.insert(QStringLiteral("whole"), true);
        for (const SessionRow &row : snapshot.sessions)
            current.insert(row.id, row);
        message.insert(QStringLiteral("rows"), wholeRows(snapshot));
    } else {
        message.insert(QStringLiteral("base"), qint64(m_sequence - 1));
        QJsonArray added;
        QJsonArray changed;
        for (const SessionRow &row : snapshot.sessions) {
            current.insert(row.id, row);
            const auto before = m_previous.constFind(row.id);
            if (before == m_previous.constEnd()) {
                added.append(sessionRowToJson(row));
                continue;
            }
            // Only the fields that moved, under the row's id.
            QJsonObject fields;
            for (const Field<SessionRow> &field : RowFields) {
                const QJsonValue now = field.get(row);
                if (now != field.get(*before))
                    fields.insert(QLatin1String(field.name), now);
            }
            if (!fields.isEmpty()) {
                fields.insert(QStringLiteral("id"), qint64(row.id));
                changed.append(fields);
            }
        }
        QJsonArray removed;
        for (auto it = m_previous.cbegin(); it != m_previous.cend(); ++it) {
            if (!current.contains(it.key()))
                removed.append(qint64(it.key()));
        }
        message.insert(QStringLiteral("added"), added);
        message.insert(QStringLiteral("changed"), changed);
        message.insert(QStringLiteral("removed"), removed);
    }
    // The cluster whole in a whole message, and in a delta only when any of it changed (a node
    // that leaves its cluster sends it once more, disabled).
    const QJsonObject cluster = clusterJson(snapshot);
    if (whole ? !cluster.isEmpty() : cluster != m_previousCluster)
        message.insert(ClusterKey, cluster.isEmpty() ? admin::clusterStatusToJson(ClusterStatus()) : cluster);
    m_previousCluster = cluster;
    m_previous = std::move(current);
    m_hasPrevious = true;
    return message;
}

SnapshotDecoder::Result SnapshotDecoder::apply(const QJsonObject &message)
{
    m_error.clear();
    if (message.value(QLatin1String("type")).toString() != QLatin1String("snapshot")) {
        m_error = QStringLiteral("not a snapshot message");
        return Result::Malformed;
    }
    const QJsonValue sequence = message.value(QLatin1String("seq"));
    if (!sequence.isDouble()) {
        m_error = QStringLiteral("\"seq\" is missing or not a number");
        return Result::Malformed;
    }
    const bool whole = message.value(QLatin1String("whole")).toBool();
    if (!whole) {
        const QJsonValue base = message.value(QLatin1String("base"));
        if (!base.isDouble()) {
            m_error = QStringLiteral("a delta without \"base\"");
            return Result::Malformed;
        }
        if (!m_hasWhole || quint64(base.toInteger()) != m_sequence) {
            m_error = QStringLiteral("a delta on snapshot %1 after snapshot %2")
                          .arg(base.toInteger())
                          .arg(m_sequence);
            return Result::NeedsWhole;
        }
    }

    // Built aside and taken only once the whole message has been read: a malformed one changes
    // nothing.
    Snapshot next;
    next.takenAt = message.value(QLatin1String("takenAt")).toInteger();
    next.startedAt = message.value(QLatin1String("startedAt")).toInteger();
    next.url = message.value(QLatin1String("url")).toString();
    next.heartbeatIntervalMs = message.value(QLatin1String("heartbeatIntervalMs")).toInt();
    next.heartbeatTimeoutMs = message.value(QLatin1String("heartbeatTimeoutMs")).toInt();
    if (!fromJson(message.value(QLatin1String("totals")).toObject(), &next.totals, TotalsFields, &m_error))
        return Result::Malformed;
    for (const QJsonValue &value : message.value(QLatin1String("bans")).toArray()) {
        Ban ban;
        if (!fromJson(value.toObject(), &ban, BanFields, &m_error))
            return Result::Malformed;
        next.bans.append(ban);
    }

    // A whole message without a cluster: not in one; a delta without one: as before.
    if (!whole)
        next.cluster = m_snapshot.cluster;
    const QJsonValue cluster = message.value(ClusterKey);
    if (!cluster.isUndefined()) {
        next.cluster = ClusterStatus();
        if (!cluster.isObject() || !admin::clusterStatusFromJson(cluster.toObject(), &next.cluster, &m_error)) {
            if (m_error.isEmpty())
                m_error = QStringLiteral("\"cluster\" is not an object");
            m_error = QStringLiteral("cluster: ") + m_error;
            return Result::Malformed;
        }
    }

    std::map<quint64, SessionRow> rows; // ordered by id, as a snapshot's rows are
    if (!whole) {
        for (const SessionRow &row : std::as_const(m_snapshot.sessions))
            rows.emplace(row.id, row);
    }
    const auto readRows = [&](const char *key, bool mustBeKnown) {
        for (const QJsonValue &value : message.value(QLatin1String(key)).toArray()) {
            const QJsonObject object = value.toObject();
            const QJsonValue id = object.value(QLatin1String("id"));
            if (!id.isDouble()) {
                m_error = QStringLiteral("a row without an id in \"%1\"").arg(QLatin1String(key));
                return false;
            }
            const auto it = rows.find(quint64(id.toInteger()));
            if (mustBeKnown && it == rows.end()) {
                m_error = QStringLiteral("a change to row %1, which is not there").arg(id.toInteger());
                return false;
            }
            SessionRow &row = mustBeKnown ? it->second : rows[quint64(id.toInteger())];
            row.id = quint64(id.toInteger());
            if (!updateSessionRowFromJson(object, &row, &m_error))
                return false;
        }
        return true;
    };
    if (whole) {
        if (!readRows("rows", false))
            return Result::Malformed;
    } else {
        for (const QJsonValue &id : message.value(QLatin1String("removed")).toArray())
            rows.erase(quint64(id.toInteger()));
        if (!readRows("added", false))
            return Result::Malformed;
        if (!readRows("changed", true))
            return Result::NeedsWhole;
    }
    next.sessions.reserve(qsizetype(rows.size()));
    for (auto &entry : rows)
        next.sessions.append(std::move(entry.second));

    m_snapshot = std::move(next);
    m_sequence = quint64(sequence.toInteger());
    m_hasWhole = true;
    return Result::Applied;
}

} // namespace wsm
