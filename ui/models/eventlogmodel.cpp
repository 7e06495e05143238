#include "eventlogmodel.h"

#include "displaytext.h"

#include <QDateTime>
#include <QRegularExpression>

#include <array>

namespace wsm {

namespace {

// What the server itself writes into an event's detail (refusal bodies, close reasons), as
// templates whose %1, %2 stand for the parts that vary. The log shows them in the console's
// language; the CSV keeps the server's English words, as it keeps every other raw value.
const char *const serverDetailTemplates[] = {
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "banned"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "banned: %1"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "malformed HTTP request"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "request head too large"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "not found"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "no WebSocket endpoint at %1"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "this is a WebSocket endpoint: send an upgrade request"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "unsupported Sec-WebSocket-Version; this server speaks 13"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "origin required"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "origin not allowed"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "token required"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "wrong token"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "server full"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "server shutdown"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "server shutdown before the upgrade"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "service restart"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "service restart before the upgrade"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "heartbeat timeout"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "unmasked client frame"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "slow consumer: send queue over %1 bytes"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "slow consumer: %1 bytes queued, over the outbound ceiling of %2 for all clients"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel",
                      "server memory: %1 bytes of an unfinished message held, over the inbound ceiling of %2 for all clients"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "message in progress below %1 bytes per second (%2 bytes in %3 s)"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "Timeout when reading data from socket."), // Qt's, on a stalled frame
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "rate limit of %1 messages per second exceeded"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "message of %1 bytes over the limit of %2"),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "The request does not ask for a WebSocket upgrade."),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "A WebSocket handshake must use GET, not %1."),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "A WebSocket handshake needs HTTP/1.1 or later, not %1."),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "The Host header is missing or empty."),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "The Host header appears more than once."),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "The Sec-WebSocket-Key header is missing."),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "The Sec-WebSocket-Key header appears more than once."),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "The Sec-WebSocket-Key header is not 16 bytes in base64."),
    QT_TRANSLATE_NOOP("wsm::EventLogModel", "The Sec-WebSocket-Version header must be 13."),
};

// One pattern per template, %N turned into a capture: built once.
const QList<QRegularExpression> &serverDetailPatterns()
{
    static const QList<QRegularExpression> patterns = [] {
        static const QRegularExpression placeholder(QStringLiteral("%\\d"));
        QList<QRegularExpression> list;
        for (const char *text : serverDetailTemplates) {
            QStringList parts = QString::fromLatin1(text).split(placeholder);
            for (QString &part : parts)
                part = QRegularExpression::escape(part);
            const QString pattern = parts.join(QLatin1String("(.*)"));
            list.append(QRegularExpression(QLatin1Char('^') + pattern + QLatin1Char('$'),
                                           QRegularExpression::DotMatchesEverythingOption));
        }
        return list;
    }();
    return patterns;
}

} // namespace

QString EventLogModel::detailText(const ConnectionEvent &event)
{
    // A client's own close text, or an operator's kick reason, is shown as it was written.
    if (event.endedBy != EndedBy::Server || event.closeReason.isEmpty())
        return event.closeReason;
    const QList<QRegularExpression> &patterns = serverDetailPatterns();
    for (qsizetype i = 0; i < patterns.size(); ++i) {
        const QRegularExpressionMatch match = patterns.at(i).match(event.closeReason);
        if (!match.hasMatch())
            continue;
        QString text = tr(serverDetailTemplates[i]);
        for (int group = 1; group <= match.lastCapturedIndex(); ++group)
            text = text.arg(match.captured(group));
        return text;
    }
    return event.closeReason;
}

namespace {

constexpr std::array<ColumnText, EventLogModel::ColumnCount> columnTexts = {{
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Time"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "When it happened, in local time.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Event"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "Whether a client connected, its connection closed, or it was refused before the upgrade; or the node's link to its cluster came up or went down.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Client"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "The server's number for the client; empty when it was refused before it got one.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Peer"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "The client's address and port.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Path"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "The path the client asked for.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Ended by"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "Who ended the connection: the client, the operator or the server.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Reason"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "Why the connection ended or was refused.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Code"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "The WebSocket close code, or the HTTP status of a refusal.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Detail"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "The reason text of the close, or what the refusal said.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Duration"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "How long the connection lasted.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Node"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "The node the client was on.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Kind"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "How the client connected: a WebSocket or a Server-Sent Events stream.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Identity"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "Who the client is (--identity); empty when it gave none.")},
}};

bool isNumeric(int column)
{
    return column == EventLogModel::ClientColumn || column == EventLogModel::CloseCodeColumn
        || column == EventLogModel::DurationColumn;
}

} // namespace

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConnectionEvent &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(event, index.column());
    case SortRole:
        return sortData(event, index.column());
    case ReasonRole:
        return int(event.reason);
    case KindRole:
        return int(event.kind);
    case Qt::ToolTipRole: {
        const QString tip = toolTip(event, index.column());
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole:
        if (isNumeric(index.column()))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (role) {
    case Qt::DisplayRole:
        return tr(columnTexts[size_t(section)].title);
    case Qt::ToolTipRole:
        return tr(columnTexts[size_t(section)].description);
    default:
        return {};
    }
}

void EventLogModel::appendEvents(const QList<ConnectionEvent> &events)
{
    if (events.isEmpty())
        return;
    // Of a batch larger than the whole log, only its newest part could ever be shown.
    const qsizetype skipped = qMax<qsizetype>(0, events.size() - m_capacity);
    const int arriving = int(events.size() - skipped);
    dropOldest(rowCount() + arriving - m_capacity);
    const int first = rowCount();
    beginInsertRows({}, first, first + arriving - 1);
    m_events.append(events.mid(skipped));
    endInsertRows();
}

void EventLogModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    dropOldest(rowCount() - m_capacity);
}

int EventLogModel::capacity() const
{
    return m_capacity;
}

void EventLogModel::clear()
{
    dropOldest(rowCount());
}

const ConnectionEvent &EventLogModel::eventAt(int row) const
{
    return m_events.at(row);
}

QList<ConnectionEvent> EventLogModel::events() const
{
    return m_events;
}

void EventLogModel::dropOldest(int count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_events.remove(0, count);
    endRemoveRows();
}

QString EventLogModel::toolTip(const ConnectionEvent &event, int column)
{
    // The detail is often longer than its cell; what the request said (Origin, User-Agent) has no
    // column of its own, and tells who was refused.
    QStringList lines;
    if (event.isClusterLink()) {
        lines.append(event.kind == EventKind::ClusterLinkUp
                         ? tr("The node's link to its cluster's Redis came up.")
                         : tr("The node's link to its cluster's Redis went down: broadcasts, bans and control "
                              "no longer reach the other nodes, and its own clients are served as before."));
    }
    if (event.isFlapping()) {
        lines.append(event.kind == EventKind::FlappingStarted
                         ? tr("This client reconnects more often than --flapping-threshold times a minute.")
                         : tr("This client no longer reconnects more often than --flapping-threshold times a minute."));
    }
    if (column == DetailColumn && !event.closeReason.isEmpty())
        lines.append(detailText(event));
    if (!event.origin.isEmpty())
        lines.append(tr("Origin: %1").arg(event.origin));
    if (!event.userAgent.isEmpty())
        lines.append(tr("User-Agent: %1").arg(event.userAgent));
    return lines.join(QLatin1Char('\n'));
}

QVariant EventLogModel::displayData(const ConnectionEvent &event, int column) const
{
    // The cluster link's changes name no client: the peer is the cluster's Redis, the detail why
    // the link went down; they have no duration.
    if (event.isClusterLink()) {
        switch (column) {
        case PeerColumn: return tr("Redis %1").arg(peerText(event.peerAddress, event.peerPort));
        case ClientColumn:
        case DurationColumn:
            return QString();
        default:
            break;
        }
    }
    // A flapping client is an identity, or an address and user agent: no session, no port, no
    // end of its own; the detail says how often and why.
    if (event.isFlapping()) {
        switch (column) {
        case PeerColumn: return event.peerAddress;
        case ClientColumn:
        case PathColumn:
        case EndedByColumn:
        case ReasonColumn:
        case CloseCodeColumn:
        case DurationColumn:
        case KindColumn:
            return QString();
        default:
            break;
        }
    }
    switch (column) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(event.time()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case EventColumn:
        return ConnectionEvent::kindText(event.kind);
    case ClientColumn:
        if (event.sessionId == 0)
            return QString();
        return tr("#%1").arg(event.sessionId);
    case PeerColumn:
        return peerText(event.peerAddress, event.peerPort);
    case PathColumn:
        return event.path;
    case EndedByColumn:
        return ConnectionEvent::endedByText(event.endedBy);
    case ReasonColumn:
        return ConnectionEvent::reasonText(event.reason);
    case CloseCodeColumn:
        if (event.closeCode > 0)
            return QString::number(event.closeCode);
        if (event.httpStatus > 0)
            return tr("HTTP %1").arg(event.httpStatus);
        return QString();
    case DetailColumn:
        return detailText(event);
    case DurationColumn:
        if (event.kind == EventKind::Connected)
            return QString();
        return durationText(event.durationMs());
    case NodeColumn:
        return event.node;
    case KindColumn:
        return event.isClusterLink() ? QString() : ConnectionEvent::clientKindText(event.clientKind);
    case IdentityColumn:
        return event.identity;
    default:
        return {};
    }
}

QVariant EventLogModel::sortData(const ConnectionEvent &event, int column) const
{
    switch (column) {
    case TimeColumn: return event.time();
    case EventColumn: return int(event.kind);
    case ClientColumn: return qint64(event.sessionId);
    case PeerColumn: return peerSortKey(event.peerAddress, event.peerPort);
    case PathColumn: return event.path;
    case EndedByColumn: return int(event.endedBy);
    case ReasonColumn: return int(event.reason);
    case CloseCodeColumn: return event.closeCode > 0 ? event.closeCode : event.httpStatus;
    case DetailColumn: return event.closeReason;
    // Connects have no duration yet: below every end, even one that lasted no time.
    case DurationColumn: return event.kind == EventKind::Connected ? qint64(-1) : event.durationMs();
    case NodeColumn: return event.node;
    case KindColumn: return event.isClusterLink() || event.isFlapping() ? QString()
                                                                        : ConnectionEvent::clientKindId(event.clientKind);
    case IdentityColumn: return event.identity;
    default: return {};
    }
}

} // namespace wsm
