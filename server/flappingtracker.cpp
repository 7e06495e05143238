#include "flappingtracker.h"

#include <algorithm>

namespace wsm {

void FlappingTracker::configure(int threshold, qint64 windowMs, int maxKeys)
{
    m_threshold = std::max(0, threshold);
    m_windowMs = std::max<qint64>(1, windowMs);
    m_maxKeys = std::max(1, maxKeys);
    clear();
}

void FlappingTracker::clear()
{
    m_entries.clear();
    m_byAge.clear();
    m_flapping.clear();
    m_forgotten = 0;
}

FlappingTracker::Key FlappingTracker::keyOf(const QString &identity, const QString &peerAddress,
                                            const QString &userAgent)
{
    // A fixed seed: the same client has the same key for the tracker's whole life. The leading
    // number keeps an identity from ever matching an address and user agent.
    if (!identity.isEmpty())
        return qHashMulti(0, 1, identity);
    return qHashMulti(0, 2, peerAddress, userAgent);
}

void FlappingTracker::prune(Entry &entry, qint64 nowMs) const
{
    while (!entry.connects.isEmpty() && entry.connects.first() <= nowMs - m_windowMs)
        entry.connects.removeFirst();
}

void FlappingTracker::touch(Entry &entry, qint64 nowMs)
{
    entry.lastSeenMs = nowMs;
    m_byAge.splice(m_byAge.end(), m_byAge, entry.age);
}

ConnectionEvent FlappingTracker::change(const Entry &entry, EventKind kind, const QString &why) const
{
    ConnectionEvent event;
    event.kind = kind;
    event.identity = entry.identity;
    event.peerAddress = entry.peerAddress;
    event.userAgent = entry.userAgent;
    event.closeReason = why;
    return event;
}

void FlappingTracker::forget(Key key, QList<ConnectionEvent> *changes, const QString &why)
{
    const auto it = m_entries.find(key);
    if (it == m_entries.end())
        return;
    if (it->flapping) {
        m_flapping.remove(key);
        changes->append(change(*it, EventKind::FlappingStopped, why));
    }
    m_byAge.erase(it->age);
    m_entries.erase(it);
}

QList<ConnectionEvent> FlappingTracker::observe(const ConnectionEvent &event, qint64 nowMs)
{
    QList<ConnectionEvent> changes;
    if (m_threshold == 0 || (event.kind != EventKind::Connected && event.kind != EventKind::Closed))
        return changes;
    const Key key = keyOf(event.identity, event.peerAddress, event.userAgent);
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        if (event.kind == EventKind::Closed)
            return changes; // its connect was before tracking began, or it was forgotten
        while (m_entries.size() >= m_maxKeys) {
            ++m_forgotten;
            forget(m_byAge.front(), &changes,
                   QStringLiteral("forgotten: the tracker keeps at most %1 clients").arg(m_maxKeys));
        }
        it = m_entries.insert(key, Entry());
        it->identity = event.identity;
        if (event.identity.isEmpty()) {
            it->peerAddress = event.peerAddress;
            it->userAgent = event.userAgent;
        }
        it->age = m_byAge.insert(m_byAge.end(), key);
    }
    Entry &entry = *it;
    touch(entry, nowMs);
    if (event.kind == EventKind::Closed) {
        entry.lastEnd = ConnectionEvent::reasonText(event.reason);
        return changes;
    }
    entry.connects.append(nowMs);
    prune(entry, nowMs);
    // threshold + 1 times tell "more than threshold"; older ones are not needed.
    while (entry.connects.size() > qsizetype(m_threshold) + 1)
        entry.connects.removeFirst();
    const bool over = entry.connects.size() > qsizetype(m_threshold);
    if (over == entry.flapping)
        return changes;
    entry.flapping = over;
    if (over)
        m_flapping.insert(key);
    else
        m_flapping.remove(key);
    const QString why = QStringLiteral("%1 connections in the last minute; the last ended: %2")
                            .arg(entry.connects.size())
                            .arg(entry.lastEnd.isEmpty() ? QStringLiteral("unknown") : entry.lastEnd);
    changes.append(change(entry, over ? EventKind::FlappingStarted : EventKind::FlappingStopped, why));
    return changes;
}

QList<ConnectionEvent> FlappingTracker::sweep(qint64 nowMs)
{
    QList<ConnectionEvent> changes;
    if (m_threshold == 0)
        return changes;
    // The flapping few: each may have fallen back under the threshold by time alone.
    const QList<Key> flapping(m_flapping.cbegin(), m_flapping.cend());
    for (Key key : flapping) {
        Entry &entry = m_entries[key];
        prune(entry, nowMs);
        if (entry.connects.size() > qsizetype(m_threshold))
            continue;
        entry.flapping = false;
        m_flapping.remove(key);
        changes.append(change(entry, EventKind::FlappingStopped,
                              QStringLiteral("%1 connections in the last minute; the last ended: %2")
                                  .arg(entry.connects.size())
                                  .arg(entry.lastEnd.isEmpty() ? QStringLiteral("unknown") : entry.lastEnd)));
    }
    // Clients quiet for a whole window count nothing any more: dropped, oldest first.
    while (!m_byAge.empty()) {
        const auto it = m_entries.constFind(m_byAge.front());
        if (it->lastSeenMs > nowMs - m_windowMs || it->flapping)
            break;
        forget(m_byAge.front(), &changes, QString());
    }
    return changes;
}

bool FlappingTracker::isFlapping(const QString &identity, const QString &peerAddress, const QString &userAgent) const
{
    return !m_flapping.isEmpty() && m_flapping.contains(keyOf(identity, peerAddress, userAgent));
}

} // namespace wsm
