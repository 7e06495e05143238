#pragma once

#include "connectionevent.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <list>

namespace wsm {

// Which clients reconnect in a tight loop. Fed every Connected and Closed event (in the server
// thread, from WebSocketServer::record()); a client is its identity when it has one, else its
// address and user agent (behind one NAT, one browser build is still one client to watch).
//
// A client with more than threshold connects within the window (a minute) is flapping: observe()
// returns a FlappingStarted event when that begins, and observe() or sweep() a FlappingStopped one
// when its count falls back to the threshold or below. Times are the caller's steady clock in ms,
// passed in, so tests drive them.
//
// Memory is bounded twice: per client at most threshold + 1 connect times (enough to tell "more
// than threshold"), and at most maxKeys clients, the one heard from longest ago forgotten first
// (counted in forgotten()). Clients quiet for a whole window are dropped by sweep(). Measured:
// about 45 MB for 100,000 clients all flapping at the default threshold.
class FlappingTracker
{
public:
    static constexpr int DefaultMaxKeys = 100000;
    static constexpr qint64 DefaultWindowMs = 60000;

    // threshold 0 turns tracking off (and forgets everything).
    void configure(int threshold, qint64 windowMs = DefaultWindowMs, int maxKeys = DefaultMaxKeys);
    void clear();

    // The events to record for this one, if any. Events of other kinds are ignored.
    QList<ConnectionEvent> observe(const ConnectionEvent &event, qint64 nowMs);
    // Clients that stopped reconnecting: their FlappingStopped events. Cheap: it looks only at the
    // flapping clients and at the quiet end of the list.
    QList<ConnectionEvent> sweep(qint64 nowMs);

    bool isFlapping(const QString &identity, const QString &peerAddress, const QString &userAgent) const;
    int flappingCount() const { return int(m_flapping.size()); }
    int keyCount() const { return int(m_entries.size()); }
    quint64 forgotten() const { return m_forgotten; }

private:
    // A client by a 64-bit hash of what names it, not the text: a user agent is often 150
    // characters, and the text would be most of each entry's memory. Two clients of 100,000
    // share a hash with odds of about 1 in 10^9.
    using Key = size_t;

    struct Entry
    {
        // Steady ms, oldest first, at most threshold + 1. A QList, not a std::deque: a deque takes
        // a 512-byte block even for one time, times 100,000 clients.
        QList<qint64> connects;
        QString lastEnd;             // why the previous connection ended, as people read it
        qint64 lastSeenMs = 0;
        bool flapping = false;
        QString identity;            // what the events name it by
        QString peerAddress;
        QString userAgent;
        std::list<Key>::iterator age; // its place in m_byAge
    };

    static Key keyOf(const QString &identity, const QString &peerAddress, const QString &userAgent);
    void prune(Entry &entry, qint64 nowMs) const;
    void touch(Entry &entry, qint64 nowMs);
    ConnectionEvent change(const Entry &entry, EventKind kind, const QString &why) const;
    void forget(Key key, QList<ConnectionEvent> *changes, const QString &why);

    int m_threshold = 0;
    qint64 m_windowMs = DefaultWindowMs;
    int m_maxKeys = DefaultMaxKeys;
    QHash<Key, Entry> m_entries;
    std::list<Key> m_byAge; // keys, heard from longest ago first
    QSet<Key> m_flapping;
    quint64 m_forgotten = 0;
};

} // namespace wsm
