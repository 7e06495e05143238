#pragma once

#include "connectionevent.h"

#include <QAbstractTableModel>
#include <QList>

namespace wsm {

// The connection log: every connect, end and refusal, oldest at the top, bounded like the server's
// own ring so a long run under churn cannot grow the console's memory. GUI thread only.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        EventColumn,
        ClientColumn,
        PeerColumn,
        PathColumn,
        EndedByColumn,
        ReasonColumn,
        CloseCodeColumn,
        DetailColumn,
        DurationColumn,
        NodeColumn,     // shown with several nodes
        // Added after Node, so that the others keep their numbers.
        KindColumn,     // WebSocket or SSE; empty for the cluster link's and flapping events
        IdentityColumn, // the client's identity (--identity), or the flapping client's
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // the raw value of the cell: qint64, int or QString
        ReasonRole,              // int(EndReason), on every cell
        KindRole,                // int(EventKind), on every cell
    };

    explicit EventLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Appends at the bottom (one beginInsertRows per batch); beyond capacity the oldest rows are
    // removed from the top first (one beginRemoveRows). Bounded by --event-log-capacity.
    void appendEvents(const QList<ConnectionEvent> &events);
    void setCapacity(int capacity); // default 10000; shrinking drops the oldest; at least 1
    int capacity() const;
    void clear();
    const ConnectionEvent &eventAt(int row) const;
    QList<ConnectionEvent> events() const; // oldest first (CSV export)

    // The Detail column's text: what the server wrote (a refusal, a close reason) in the console's
    // language; a client's or operator's own words as written.
    static QString detailText(const ConnectionEvent &event);

private:
    static QString toolTip(const ConnectionEvent &event, int column);
    void dropOldest(int count);
    QVariant displayData(const ConnectionEvent &event, int column) const;
    QVariant sortData(const ConnectionEvent &event, int column) const;

    // QList drops from the front without moving the rest, so trimming the oldest stays cheap.
    QList<ConnectionEvent> m_events;
    int m_capacity = 10000;
};

} // namespace wsm
