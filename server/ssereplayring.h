#pragma once

#include "ssestream.h"

#include <deque>

namespace wsm {

// The events a node sent to all its SSE clients (broadcasts, its own and the cluster's), kept for
// a client that reconnects with Last-Event-ID. A send to one client never enters: it was not for
// the others. Bounded by a count (--sse-replay) and by bytes (the formatted events' size), the
// oldest leaving first.
class SseReplayRing
{
public:
    // Largest total the ring holds whatever the count: a thousand large messages must not pin
    // hundreds of megabytes for a replay.
    static constexpr qint64 DefaultMaxBytes = 16 * 1024 * 1024;

    void setLimits(int maxEvents, qint64 maxBytes = DefaultMaxBytes);
    // Empties the ring; a client that asks for an id up to lastIdGone is told it missed them.
    void clear(quint64 lastIdGone);
    void append(const SseEvent &event);

    struct Replay
    {
        // Events after the asked id have already left the ring (or the id is not of this run of
        // the server): the client cannot have them all.
        bool missed = false;
        quint64 resumesAt = 0; // the first id replayed (or the next id to come, when none is)
        QList<SseEvent> events;
    };
    // What a client that saw lastEventId has not: the ring's events after it. nextId: the id the
    // node gives its next event, to tell an id of another run (at or past it) apart.
    Replay after(quint64 lastEventId, quint64 nextId) const;

    int size() const { return int(m_events.size()); }
    qint64 bytes() const { return m_bytes; }

private:
    void dropOldest();

    std::deque<SseEvent> m_events;
    qint64 m_bytes = 0;
    int m_maxEvents = 0;
    qint64 m_maxBytes = DefaultMaxBytes;
    quint64 m_lastDroppedId = 0; // the newest event that left (or never entered) the ring
};

} // namespace wsm
