#pragma once

#include "heartbeatstate.h"
#include "snapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>

#include <array>
#include <memory>
#include <vector>

namespace wsm {

// The live clients, one row each, fed by one Snapshot per tick. Rows follow the snapshot's order
// and are updated by diff (rows inserted and removed in contiguous ranges, dataChanged over spans
// with the roles that changed), never by a reset, so selection, scroll position and the proxy's
// sort survive every tick. GUI thread only.
class ConnectionTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        PeerColumn,
        PathColumn,
        ConnectedColumn,
        HeartbeatColumn,
        RttColumn,
        LastSeenColumn,
        MessagesInColumn,
        MessagesOutColumn,
        RateInColumn,
        RateOutColumn,
        BytesInColumn,
        BytesOutColumn,
        SendQueueColumn,
        SubprotocolColumn,
        OriginColumn,
        UserAgentColumn,
        NodeColumn, // the node holding the client (its display name)
        // Added after Node, so that saved header states and the columns before keep their numbers.
        KindColumn,     // WebSocket or SSE
        IdentityColumn, // "Display name (sub)", or the sub alone; unverified ones marked
        FlappingColumn, // marked while the client reconnects past --flapping-threshold
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // the raw value of the cell: qint64, double or QString
        SessionIdRole,           // quint64, on every cell
        HeartbeatStateRole,      // int(HeartbeatState), on every cell
        NodeIdRole,              // quint64, on every cell: the node's id given to setNode()
        StaleRole,               // bool, on every cell: the node is unreachable (setStale())
    };

    explicit ConnectionTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Applies one snapshot by diff: rows of clients that left are removed (contiguous ranges,
    // bottom-up), rows of new clients inserted (contiguous ranges), and one dataChanged per
    // contiguous span of changed rows naming the roles that changed. Never a model reset.
    // snapshot.takenAt is "now" for ages and heartbeat state.
    void applySnapshot(const Snapshot &snapshot);
    void clear();                                            // server stopped: removes every row (not a reset)
    void setHeartbeatTimings(int intervalMs, int timeoutMs); // from the running ServerConfig; 0 = off
    // The node whose clients these are: an id for NodeIdRole and the name the Node column shows.
    // Ids repeat across nodes, so a row is known by (node id, session id).
    void setNode(quint64 nodeId, const QString &name);
    quint64 nodeId() const { return m_nodeId; }
    QString nodeName() const { return m_nodeName; }
    // The node became unreachable at sinceMs (ms since the epoch): its rows stay as it last
    // reported them, drawn greyed and in italics with a tool tip saying since when. 0, or the next
    // snapshot applied, makes them fresh again.
    void setStale(qint64 sinceMs);
    bool isStale() const { return m_staleSince != 0; }
    // Silence up to okUntilMs is ok, past missingAfterMs missing, late between (server/heartbeatstate.h,
    // shared with `wsmonitor ctl`). The Heartbeat column's tooltip says them.
    using HeartbeatThresholds = wsm::HeartbeatThresholds;
    static HeartbeatThresholds heartbeatThresholds(int intervalMs, int timeoutMs);
    static HeartbeatState heartbeatState(const SessionRow &row, qint64 nowMs, int intervalMs, int timeoutMs);
    // The Identity column's words: "Alice (alice)", or the subject alone, with "(unverified)"
    // after an identity the client only claimed; empty without an identity.
    static QString identityText(const SessionRow &row);

    int rowOfSession(quint64 sessionId) const; // -1 when not shown
    quint64 sessionIdAt(int row) const;
    const SessionRow &sessionAt(int row) const;
    QList<SessionRow> sessions() const;        // every row, in row order (CSV export of the table)
    qint64 lastSnapshotAt() const;             // takenAt of the last snapshot applied; 0 after clear()

private:
    struct Entry
    {
        SessionRow session;
        QString peer;                // display text, made once: a session's peer never changes
        mutable QString peerSortKey; // see peerSortKey(); made when first sorted by, as parsing costs
        HeartbeatState heartbeat = HeartbeatState::Off;
    };

    // What changed in one row, gathered over a span of rows before one dataChanged is emitted.
    struct Change
    {
        quint32 columns = 0; // bit per Column
        quint32 roles = 0;   // bit per RoleBit
        bool isEmpty() const { return columns == 0; }
    };
    enum RoleBit : quint32 {
        DisplayBit = 1u << 0,
        SortBit = 1u << 1,
        ToolTipBit = 1u << 2,
        DecorationBit = 1u << 3,
        ForegroundBit = 1u << 4,
        HeartbeatStateBit = 1u << 5,
        FontBit = 1u << 6,
    };

    // Contiguous changed rows, gathered while a snapshot is applied.
    struct Span
    {
        int firstRow;
        int lastRow;
        Change change;
    };
    static constexpr size_t MaxSpans = 32;

    std::unique_ptr<Entry> makeEntry(const SessionRow &row) const;
    Change updateEntry(Entry &entry, const SessionRow &row) const;
    void removeRowsNotKept(const QList<bool> &keep);
    const Entry &entryAt(int row) const;
    void rebuildRowIndex() const;
    static void addToSpans(std::vector<Span> &spans, int row, const Change &change);
    void emitSpans(std::vector<Span> &spans);
    void emitChanged(int firstRow, int lastRow, const Change &change);

    QVariant displayData(const Entry &entry, int column) const;
    QVariant sortData(const Entry &entry, int column) const;
    QVariant toolTipData(const Entry &entry, int column) const;
    QIcon heartbeatIcon(HeartbeatState state) const;
    // The Kind, Identity and Flapping cells (connectiontablemodelidentity.cpp).
    QVariant identityDisplayData(const SessionRow &row, int column) const;
    QVariant identityToolTipData(const SessionRow &row, int column) const;
    static QVariant identitySortData(const SessionRow &row, int column);
    static QVariant identityForeground(const SessionRow &row, int column);
    static bool identityItalic(const SessionRow &row, int column);

    // By pointer, so that a run inserted or removed in the middle of 10,000 rows moves pointers.
    std::vector<std::unique_ptr<Entry>> m_entries;
    // id -> row, rebuilt on first use after rows moved: an update removing many scattered runs
    // then costs one pass, not one per run.
    mutable QHash<quint64, int> m_rowOfId;
    mutable bool m_rowIndexStale = false;
    qint64 m_now = 0;
    quint64 m_nodeId = 0;
    QString m_nodeName;
    qint64 m_staleSince = 0;
    int m_heartbeatIntervalMs = 0;
    int m_heartbeatTimeoutMs = 0;
    mutable std::array<QIcon, 4> m_heartbeatIcons; // by HeartbeatState, made on first use
};

} // namespace wsm
