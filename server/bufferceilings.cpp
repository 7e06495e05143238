#include "bufferceilings.h"

#include "session.h"

#include <QList>

#include <algorithm>

namespace wsm {

namespace {

// Tracks who holds something: a session is in the set exactly while its figure is above zero.
void track(QSet<Session *> &holders, qint64 &sum, Session *session, qint64 before, qint64 after)
{
    sum += after - before;
    if (after > 0)
        holders.insert(session);
    else
        holders.remove(session);
}

// The holders, the most first; a copy, since closing one changes the set.
template<typename Held>
QList<Session *> mostFirst(const QSet<Session *> &holders, Held held)
{
    QList<Session *> sessions(holders.cbegin(), holders.cend());
    std::sort(sessions.begin(), sessions.end(), [&](Session *a, Session *b) {
        // Ties by id, so that who goes first does not depend on hashing.
        return held(a) != held(b) ? held(a) > held(b) : a->id() < b->id();
    });
    return sessions;
}

} // namespace

void BufferCeilings::clear()
{
    m_receiving.clear();
    m_queuing.clear();
    m_inboundBytes = 0;
    m_outboundBytes = 0;
}

void BufferCeilings::inboundChanged(Session *session, qint64 before, qint64 after)
{
    track(m_receiving, m_inboundBytes, session, before, after);
    if (after > before && m_limits.inboundBytes > 0 && m_inboundBytes > m_limits.inboundBytes)
        enforceInbound();
}

void BufferCeilings::outboundChanged(Session *session, qint64 before, qint64 after)
{
    track(m_queuing, m_outboundBytes, session, before, after);
    if (after > before && m_limits.outboundBytes > 0 && m_outboundBytes > m_limits.outboundBytes)
        enforceOutbound();
}

void BufferCeilings::enforceInbound()
{
    if (m_enforcing)
        return;
    m_enforcing = true;
    const QList<Session *> sessions = mostFirst(m_receiving, [](Session *s) { return s->inboundHeld(); });
    for (Session *session : sessions) {
        if (m_inboundBytes <= m_limits.inboundBytes)
            break;
        if (m_receiving.contains(session)) // not ended by an earlier close
            session->closeForInboundCeiling(m_limits.inboundBytes);
    }
    m_enforcing = false;
}

void BufferCeilings::enforceOutbound()
{
    if (m_enforcing)
        return;
    m_enforcing = true;
    // Reported figures can be stale high (a queue that drained since its last send): judge on
    // the queues as they are.
    refreshOutbound();
    const QList<Session *> sessions = mostFirst(m_queuing, [](Session *s) { return s->outboundQueued(); });
    for (Session *session : sessions) {
        if (m_outboundBytes <= m_limits.outboundBytes)
            break;
        if (m_queuing.contains(session))
            session->closeForOutboundCeiling(m_limits.outboundBytes);
    }
    m_enforcing = false;
}

void BufferCeilings::refreshOutbound()
{
    const QList<Session *> sessions(m_queuing.cbegin(), m_queuing.cend());
    for (Session *session : sessions)
        session->updateOutboundQueued();
}

void BufferCeilings::sweep(qint64 nowSteadyMs)
{
    if (m_limits.minReceiveRate > 0) {
        const QList<Session *> receiving(m_receiving.cbegin(), m_receiving.cend());
        for (Session *session : receiving) {
            if (m_receiving.contains(session))
                session->checkReceiveRate(nowSteadyMs, m_limits.minReceiveRate, m_limits.receiveRateWindowMs);
        }
    }
    if (!m_enforcing)
        refreshOutbound();
}

} // namespace wsm
