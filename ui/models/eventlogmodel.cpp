#include "eventlogmodel.h"

#include "displaytext.h"

#include <QDateTime>

#include <array>

namespace wsm {

namespace {

struct ColumnText
{
    const char *title;
    const char *description;
};

constexpr std::array<ColumnText, EventLogModel::ColumnCount> columnTexts = {{
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Time"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "When it happened, in local time.")},
    {QT_TRANSLATE_NOOP("wsm::EventLogModel", "Event"),
     QT_TRANSLATE_NOOP("wsm::EventLogModel", "Whether a client connected, its connection closed, or it was refused before the upgrade.")},
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
    case Qt::ToolTipRole:
        // The detail is the client's own close text or the refusal's: often longer than its cell.
        if (index.column() == DetailColumn && !event.closeReason.isEmpty())
            return event.closeReason;
        return {};
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

QVariant EventLogModel::displayData(const ConnectionEvent &event, int column) const
{
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
        return event.closeReason;
    case DurationColumn:
        if (event.kind == EventKind::Connected)
            return QString();
        return durationText(event.durationMs());
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
    default: return {};
    }
}

} // namespace wsm
