#include "ssereplayring.h"

#include <algorithm>

namespace wsm {

namespace {

qint64 costOf(const SseEvent &event)
{
    // The payload and the frame share nothing for text with newlines or binary: count both.
    return event.payload.size() + event.frame.size();
}

} // namespace

void SseReplayRing::setLimits(int maxEvents, qint64 maxBytes)
{
    m_maxEvents = std::max(0, maxEvents);
    m_maxBytes = std::max<qint64>(0, maxBytes);
    while (!m_events.empty() && (int(m_events.size()) > m_maxEvents || m_bytes > m_maxBytes))
        dropOldest();
}

void SseReplayRing::clear(quint64 lastIdGone)
{
    m_events.clear();
    m_bytes = 0;
    m_lastDroppedId = lastIdGone;
}

void SseReplayRing::append(const SseEvent &event)
{
    const qint64 cost = costOf(event);
    if (m_maxEvents == 0 || cost > m_maxBytes) {
        // Never kept: a client that asks for it must be told it is missed, as for one dropped.
        m_lastDroppedId = std::max(m_lastDroppedId, event.id);
        return;
    }
    m_events.push_back(event);
    m_bytes += cost;
    while (int(m_events.size()) > m_maxEvents || m_bytes > m_maxBytes)
        dropOldest();
}

void SseReplayRing::dropOldest()
{
    m_bytes -= costOf(m_events.front());
    m_lastDroppedId = std::max(m_lastDroppedId, m_events.front().id);
    m_events.pop_front();
}

SseReplayRing::Replay SseReplayRing::after(quint64 lastEventId, quint64 nextId) const
{
    Replay replay;
    // An id this run never gave (the server restarted since): what it missed is unknown.
    const bool otherRun = lastEventId >= nextId;
    const quint64 from = otherRun ? 0 : lastEventId;
    replay.missed = otherRun || m_lastDroppedId > lastEventId;
    // Ids increase along the ring: find the first one after `from`.
    auto it = std::upper_bound(m_events.cbegin(), m_events.cend(), from,
                               [](quint64 id, const SseEvent &event) { return id < event.id; });
    replay.resumesAt = it == m_events.cend() ? nextId : it->id;
    for (; it != m_events.cend(); ++it)
        replay.events.append(*it);
    return replay;
}

} // namespace wsm
