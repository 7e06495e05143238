#pragma once

#include "snapshot.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace wsm {

// A snapshot as a remote console receives it over the admin channel: whole when a console attaches
// (and whenever it asks to resynchronise), then only what changed since the one before: the rows
// added, the fields of rows that changed, the ids of rows removed, and the totals. The cluster's
// status (when the node is in one) goes whole in a whole message and in a delta only when it changed. Ten thousand idle
// clients then cost the link the few rows whose figures moved, not the whole table four times a
// second.
//
// Each message carries a sequence number, and a delta the number it applies to: a console that
// missed one (or attached in between) sees the gap and asks for a whole one instead of showing a
// wrong table.
//
// Numbers travel as JSON numbers: counters and ids are exact up to 2^53, which at a million
// messages a second is 285 years.
class SnapshotEncoder
{
public:
    // The whole snapshot; what follows is a delta against it.
    QJsonObject whole(const Snapshot &snapshot);
    // What changed since the last snapshot encoded (whole, if none was).
    QJsonObject delta(const Snapshot &snapshot);
    // The last snapshot encoded, whole again, under its own sequence number; the encoder does not
    // change. For one encoder shared by several consoles: one that attaches (or resynchronises)
    // between two snapshots takes this, then the same deltas as the others. `last` must be the
    // snapshot last given to whole() or delta().
    QJsonObject wholeAgain(const Snapshot &last) const;
    // The sequence number of the last message encoded; 0 before the first.
    quint64 sequence() const { return m_sequence; }

private:
    QJsonObject encode(const Snapshot &snapshot, bool whole);
    static QJsonObject header(const Snapshot &snapshot, quint64 sequence);
    static QJsonArray wholeRows(const Snapshot &snapshot);

    QHash<quint64, SessionRow> m_previous;
    QJsonObject m_previousCluster; // as last encoded; empty outside a cluster
    quint64 m_sequence = 0;
    bool m_hasPrevious = false;
};

// Rebuilds the snapshot from the encoder's messages, in order.
class SnapshotDecoder
{
public:
    enum class Result : quint8 {
        Applied,
        NeedsWhole, // a delta that does not follow the last message applied: ask for a whole one
        Malformed,  // not a snapshot message this version understands (error() says why)
    };

    Result apply(const QJsonObject &message);
    const Snapshot &snapshot() const { return m_snapshot; }
    QString error() const { return m_error; }

private:
    Snapshot m_snapshot;
    QString m_error;
    quint64 m_sequence = 0;
    bool m_hasWhole = false;
};

// One row's fields by their protocol names, also for `wsmonitor ctl clients --json`.
QJsonObject sessionRowToJson(const SessionRow &row);
// The fields present in `object` are written into `row`; false (and *error) on a wrong type.
bool updateSessionRowFromJson(const QJsonObject &object, SessionRow *row, QString *error);

} // namespace wsm
