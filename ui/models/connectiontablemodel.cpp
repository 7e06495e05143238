// ConnectionTableModel, part: its rows. Snapshots are merged in as a diff, and changes are reported
// in spans. What each cell shows is in connectiontablemodelcells.cpp.

#include "connectiontablemodel.h"

#include "displaytext.h"

#include <algorithm>
#include <iterator>

namespace wsm {

namespace {

static_assert(ConnectionTableModel::ColumnCount < 32, "each column is one bit of Change::columns");

constexpr quint32 columnBit(int column)
{
    return 1u << column;
}

constexpr quint32 allColumns = (1u << ConnectionTableModel::ColumnCount) - 1;

} // namespace

ConnectionTableModel::ConnectionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int ConnectionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ConnectionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

// The diff. Rows still present keep their place (and so their selection and persistent indexes);
// the rest of the snapshot is merged in around them. Cost is O(rows), plus moving the row pointers
// below each run removed or inserted in the middle.
//
// Notifications: a cell whose value changed (counters, rates, send queue, RTT, ...) is reported in
// one dataChanged per contiguous span of changed rows, naming the roles that changed, so a tick in
// which 100 of 10,000 clients talked touches 100 rows (past MaxSpans spans, see emitSpans()).
// "Connected" (the age) and "Last seen" are written relative to now, so their text changes on
// every row at every tick: that is one dataChanged over the whole Connected..Last seen band for
// DisplayRole and ToolTipRole, which costs the view one repaint of what it shows; it names no
// SortRole, because the raw values there do not move with the clock (and the order of ages does
// not change as they all grow alike).
void ConnectionTableModel::applySnapshot(const Snapshot &snapshot)
{
    setStale(0); // whatever was stale is replaced by what the node says now
    const QList<SessionRow> &incoming = snapshot.sessions;
    const bool clockMoved = snapshot.takenAt != m_now;
    m_now = snapshot.takenAt;

    QHash<quint64, int> incomingPosition;
    incomingPosition.reserve(incoming.size());
    for (int i = 0; i < incoming.size(); ++i)
        incomingPosition.insert(incoming.at(i).id, i);

    // A row stays if its client is still listed, in the same order relative to the rows kept before
    // it. Sessions arrive ordered by id, so in practice only departed clients fail this; a client the
    // server listed out of order would be removed here and inserted again at its new place.
    QList<bool> keep(qsizetype(m_entries.size()), false);
    bool anyGone = false;
    int lastKeptPosition = -1;
    for (size_t row = 0; row < m_entries.size(); ++row) {
        const int position = incomingPosition.value(m_entries[row]->session.id, -1);
        if (position > lastKeptPosition) {
            keep[qsizetype(row)] = true;
            lastKeptPosition = position;
        } else {
            anyGone = true;
        }
    }
    if (anyGone)
        removeRowsNotKept(keep);

    int row = 0;
    int next = 0;
    std::vector<Span> changed;
    while (next < incoming.size()) {
        if (size_t(row) < m_entries.size() && m_entries[size_t(row)]->session.id == incoming.at(next).id) {
            const Change change = updateEntry(*m_entries[size_t(row)], incoming.at(next));
            if (!change.isEmpty())
                addToSpans(changed, row, change);
            ++row;
            ++next;
            continue;
        }

        // New clients up to the next kept row (every kept row is still ahead in the snapshot). The
        // rows changed so far are announced first: a sorted proxy places the newcomers by comparing
        // them with rows whose values it must already know.
        emitSpans(changed);
        const bool atEnd = size_t(row) >= m_entries.size();
        const quint64 nextKeptId = atEnd ? 0 : m_entries[size_t(row)]->session.id;
        int end = next;
        while (end < incoming.size() && (atEnd || incoming.at(end).id != nextKeptId))
            ++end;
        std::vector<std::unique_ptr<Entry>> arrivals;
        arrivals.reserve(size_t(end - next));
        for (int i = next; i < end; ++i)
            arrivals.push_back(makeEntry(incoming.at(i)));
        const int count = end - next;
        beginInsertRows({}, row, row + count - 1);
        m_entries.insert(m_entries.begin() + row, std::make_move_iterator(arrivals.begin()),
                         std::make_move_iterator(arrivals.end()));
        m_rowIndexStale = true;
        endInsertRows();
        row += count;
        next = end;
    }
    emitSpans(changed);

    if (clockMoved && !m_entries.empty()) {
        Q_EMIT dataChanged(index(0, ConnectedColumn), index(rowCount() - 1, LastSeenColumn),
                           {Qt::DisplayRole, Qt::ToolTipRole});
    }
}

void ConnectionTableModel::setNode(quint64 nodeId, const QString &name)
{
    if (nodeId == m_nodeId && name == m_nodeName)
        return;
    m_nodeId = nodeId;
    m_nodeName = name;
    if (!m_entries.empty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {NodeIdRole});
        Q_EMIT dataChanged(index(0, NodeColumn), index(rowCount() - 1, NodeColumn),
                           {Qt::DisplayRole, SortRole, Qt::ToolTipRole});
    }
}

void ConnectionTableModel::setStale(qint64 sinceMs)
{
    if (sinceMs == m_staleSince)
        return;
    m_staleSince = sinceMs;
    if (!m_entries.empty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {StaleRole, Qt::FontRole, Qt::ForegroundRole, Qt::ToolTipRole});
    }
}

void ConnectionTableModel::clear()
{
    m_now = 0;
    m_staleSince = 0;
    if (m_entries.empty())
        return;
    beginRemoveRows({}, 0, rowCount() - 1);
    m_entries.clear();
    m_rowOfId.clear();
    m_rowIndexStale = false;
    endRemoveRows();
}

void ConnectionTableModel::setHeartbeatTimings(int intervalMs, int timeoutMs)
{
    if (intervalMs == m_heartbeatIntervalMs && timeoutMs == m_heartbeatTimeoutMs)
        return;
    m_heartbeatIntervalMs = intervalMs;
    m_heartbeatTimeoutMs = timeoutMs;
    std::vector<Span> changed;
    for (int row = 0; row < rowCount(); ++row) {
        Entry &entry = *m_entries[size_t(row)];
        const HeartbeatState state = heartbeatState(entry.session, m_now, intervalMs, timeoutMs);
        if (state == entry.heartbeat)
            continue;
        entry.heartbeat = state;
        addToSpans(changed, row,
                   {allColumns, DisplayBit | SortBit | ToolTipBit | DecorationBit | ForegroundBit | HeartbeatStateBit});
    }
    emitSpans(changed);
    Q_EMIT headerDataChanged(Qt::Horizontal, HeartbeatColumn, HeartbeatColumn); // its thresholds
}

// The rules live in server/heartbeatstate.cpp, shared with `wsmonitor ctl clients`.
ConnectionTableModel::HeartbeatThresholds ConnectionTableModel::heartbeatThresholds(int intervalMs, int timeoutMs)
{
    return wsm::heartbeatThresholds(intervalMs, timeoutMs);
}

HeartbeatState ConnectionTableModel::heartbeatState(const SessionRow &row, qint64 nowMs, int intervalMs,
                                                    int timeoutMs)
{
    return wsm::heartbeatState(row, nowMs, intervalMs, timeoutMs);
}

int ConnectionTableModel::rowOfSession(quint64 sessionId) const
{
    if (m_rowIndexStale)
        rebuildRowIndex();
    return m_rowOfId.value(sessionId, -1);
}

quint64 ConnectionTableModel::sessionIdAt(int row) const
{
    return entryAt(row).session.id;
}

const SessionRow &ConnectionTableModel::sessionAt(int row) const
{
    return entryAt(row).session;
}

QList<SessionRow> ConnectionTableModel::sessions() const
{
    QList<SessionRow> rows;
    rows.reserve(qsizetype(m_entries.size()));
    for (const std::unique_ptr<Entry> &entry : m_entries)
        rows.append(entry->session);
    return rows;
}

qint64 ConnectionTableModel::lastSnapshotAt() const
{
    return m_now;
}

std::unique_ptr<ConnectionTableModel::Entry> ConnectionTableModel::makeEntry(const SessionRow &row) const
{
    auto entry = std::make_unique<Entry>();
    entry->session = row;
    entry->peer = peerText(row.peerAddress, row.peerPort);
    entry->heartbeat = heartbeatState(row, m_now, m_heartbeatIntervalMs, m_heartbeatTimeoutMs);
    return entry;
}

const ConnectionTableModel::Entry &ConnectionTableModel::entryAt(int row) const
{
    Q_ASSERT(row >= 0 && size_t(row) < m_entries.size());
    return *m_entries[size_t(row)];
}

// Compares field by field, so that only what changed is reported (and the proxy re-sorts only
// rows whose sort value moved).
ConnectionTableModel::Change ConnectionTableModel::updateEntry(Entry &entry, const SessionRow &row) const
{
    Change change;
    const auto mark = [&change](int column, quint32 roles) {
        change.columns |= columnBit(column);
        change.roles |= roles;
    };
    constexpr quint32 value = DisplayBit | SortBit;
    constexpr quint32 text = DisplayBit | SortBit | ToolTipBit;
    const SessionRow &old = entry.session;

    if (old.peerAddress != row.peerAddress || old.peerPort != row.peerPort) {
        entry.peer = peerText(row.peerAddress, row.peerPort);
        entry.peerSortKey.clear();
        mark(PeerColumn, value);
    }
    if (old.path != row.path || old.query != row.query)
        mark(PathColumn, text);
    if (old.connectedAt != row.connectedAt)
        mark(ConnectedColumn, value);
    if (old.rttMs != row.rttMs) {
        mark(RttColumn, value);
        mark(HeartbeatColumn, ToolTipBit);
    }
    if (old.missedPings != row.missedPings)
        mark(HeartbeatColumn, ToolTipBit);
    if (old.lastSeenAt != row.lastSeenAt) {
        mark(LastSeenColumn, value);
        mark(HeartbeatColumn, ToolTipBit);
    }
    if (old.messagesIn != row.messagesIn)
        mark(MessagesInColumn, value);
    if (old.messagesOut != row.messagesOut)
        mark(MessagesOutColumn, value);
    if (old.messageRateIn != row.messageRateIn)
        mark(RateInColumn, value);
    if (old.messageRateOut != row.messageRateOut)
        mark(RateOutColumn, value);
    if (old.bytesIn != row.bytesIn)
        mark(BytesInColumn, value);
    if (old.bytesOut != row.bytesOut)
        mark(BytesOutColumn, value);
    if (old.bytesToWrite != row.bytesToWrite)
        mark(SendQueueColumn, value);
    if (old.subprotocol != row.subprotocol)
        mark(SubprotocolColumn, text);
    if (old.origin != row.origin)
        mark(OriginColumn, text);
    if (old.userAgent != row.userAgent)
        mark(UserAgentColumn, text);
    if (old.kind != row.kind)
        mark(KindColumn, text);
    if (old.identity != row.identity || old.displayName != row.displayName
        || old.identityVerified != row.identityVerified || old.identityExpiresAt != row.identityExpiresAt)
        mark(IdentityColumn, text | ForegroundBit | FontBit);
    if (old.flapping != row.flapping)
        mark(FlappingColumn, text | ForegroundBit);
    if (old.state != row.state) {
        // A closing client is shown in italics across the row, and says so in its id's tool tip.
        change.columns = allColumns;
        change.roles |= FontBit | ToolTipBit;
    }
    const HeartbeatState state = heartbeatState(row, m_now, m_heartbeatIntervalMs, m_heartbeatTimeoutMs);
    if (state != entry.heartbeat) {
        // HeartbeatStateRole is on every cell (a delegate may tint the row), so the whole row changes.
        change.columns = allColumns;
        change.roles |= DisplayBit | SortBit | ToolTipBit | DecorationBit | ForegroundBit | HeartbeatStateBit;
        entry.heartbeat = state;
    }
    entry.session = row;
    return change;
}

// Bottom-up, one beginRemoveRows per contiguous run, so the rows above a run keep their numbers
// while it goes.
void ConnectionTableModel::removeRowsNotKept(const QList<bool> &keep)
{
    int row = int(keep.size()) - 1;
    while (row >= 0) {
        if (keep.at(row)) {
            --row;
            continue;
        }
        const int last = row;
        while (row >= 0 && !keep.at(row))
            --row;
        const int first = row + 1;
        beginRemoveRows({}, first, last);
        m_entries.erase(m_entries.begin() + first, m_entries.begin() + last + 1);
        m_rowIndexStale = true;
        endRemoveRows();
    }
}

void ConnectionTableModel::rebuildRowIndex() const
{
    m_rowOfId.clear();
    m_rowOfId.reserve(qsizetype(m_entries.size()));
    for (size_t row = 0; row < m_entries.size(); ++row)
        m_rowOfId.insert(m_entries[row]->session.id, int(row));
    m_rowIndexStale = false;
}

void ConnectionTableModel::addToSpans(std::vector<Span> &spans, int row, const Change &change)
{
    if (spans.empty() || spans.back().lastRow != row - 1) {
        spans.push_back({row, row, change});
        return;
    }
    Span &span = spans.back();
    span.lastRow = row;
    span.change.columns |= change.columns;
    span.change.roles |= change.roles;
}

// One dataChanged per span. Past MaxSpans, one signal from the first changed row to the last
// instead: each signal costs a sorted proxy a pass over its mapping and, when the order moved, a
// relayout, so a thousand scattered spans cost far more than re-reading the rows between them
// (measured: 10,000 rows sorted by a changing column, one row in seven changed: eight times less).
void ConnectionTableModel::emitSpans(std::vector<Span> &spans)
{
    if (spans.size() > MaxSpans) {
        Span all = spans.front();
        for (const Span &span : spans) {
            all.change.columns |= span.change.columns;
            all.change.roles |= span.change.roles;
        }
        all.lastRow = spans.back().lastRow;
        spans.assign(1, all);
    }
    for (const Span &span : spans)
        emitChanged(span.firstRow, span.lastRow, span.change);
    spans.clear();
}

void ConnectionTableModel::emitChanged(int firstRow, int lastRow, const Change &change)
{
    Q_ASSERT(!change.isEmpty());
    int firstColumn = 0;
    while (!(change.columns & columnBit(firstColumn)))
        ++firstColumn;
    int lastColumn = ColumnCount - 1;
    while (!(change.columns & columnBit(lastColumn)))
        --lastColumn;
    QList<int> roles;
    if (change.roles & DisplayBit)
        roles.append(Qt::DisplayRole);
    if (change.roles & SortBit)
        roles.append(SortRole);
    if (change.roles & ToolTipBit)
        roles.append(Qt::ToolTipRole);
    if (change.roles & DecorationBit)
        roles.append(Qt::DecorationRole);
    if (change.roles & ForegroundBit)
        roles.append(Qt::ForegroundRole);
    if (change.roles & HeartbeatStateBit)
        roles.append(HeartbeatStateRole);
    if (change.roles & FontBit)
        roles.append(Qt::FontRole);
    Q_EMIT dataChanged(index(firstRow, firstColumn), index(lastRow, lastColumn), roles);
}

} // namespace wsm
