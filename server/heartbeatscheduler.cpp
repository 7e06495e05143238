#include "heartbeatscheduler.h"

#include "session.h"
#include "steadyclock.h"

#include <QtEndian>

#include <algorithm>

namespace wsm {

namespace {
// Marks our pings, so a pong with a payload a client made up is never taken for a round trip.
constexpr char PayloadTag[] = "wsm1";
constexpr int PayloadTagSize = 4;
constexpr int PayloadSize = PayloadTagSize + 8;
} // namespace

HeartbeatScheduler::HeartbeatScheduler(const QMap<quint64, Session *> *sessions, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
{
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &HeartbeatScheduler::tick);
}

void HeartbeatScheduler::start(int intervalMs, int timeoutMs)
{
    m_intervalMs = intervalMs;
    m_timeoutMs = timeoutMs;
    if (intervalMs <= 0) {
        m_timer.stop();
        return;
    }
    // Tick often enough to reap within about a quarter of the timeout, but ping only each interval.
    const int tickMs = std::clamp(std::min(intervalMs, timeoutMs / 4), 20, 1000);
    m_nextPingAtMs = steadyNowMs() + intervalMs;
    m_timer.start(tickMs);
}

void HeartbeatScheduler::stop()
{
    m_timer.stop();
}

qint64 HeartbeatScheduler::pingSentAtNs(quint64 sequence) const
{
    if (sequence == 0 || sequence > m_sequence || m_sequence - sequence >= RememberedPings)
        return -1;
    return m_sentAtNs[sequence % RememberedPings];
}

QByteArray HeartbeatScheduler::payloadFor(quint64 sequence)
{
    QByteArray payload(PayloadSize, Qt::Uninitialized);
    std::copy_n(PayloadTag, PayloadTagSize, payload.data());
    qToBigEndian<quint64>(sequence, payload.data() + PayloadTagSize);
    return payload;
}

bool HeartbeatScheduler::sequenceFromPayload(const QByteArray &payload, quint64 *sequence)
{
    if (payload.size() != PayloadSize || !payload.startsWith(PayloadTag))
        return false;
    *sequence = qFromBigEndian<quint64>(payload.constData() + PayloadTagSize);
    return true;
}

void HeartbeatScheduler::tick()
{
    const qint64 now = steadyNowMs();

    // Closing a session can end it at once and so change the map: collect the silent ones first
    // (few), rather than copying every session on every tick.
    QList<Session *> silent;
    for (Session *session : std::as_const(*m_sessions)) {
        if (session->isOpen() && now - session->lastSeenSteadyMs() >= m_timeoutMs)
            silent.append(session);
    }
    for (Session *session : std::as_const(silent)) {
        if (session->isOpen()) {
            session->closeFor(EndReason::HeartbeatTimeout, EndedBy::Server, 1001,
                              QStringLiteral("heartbeat timeout"));
        }
    }

    if (now < m_nextPingAtMs)
        return;
    m_nextPingAtMs = now + m_intervalMs;
    ++m_sequence;
    m_sentAtNs[m_sequence % RememberedPings] = steadyNowNs();
    // Once an interval, a copy: what a write may do to the map is Qt's business.
    const QList<Session *> sessions = m_sessions->values();
    for (Session *session : sessions) {
        if (session->isOpen())
            session->sendPing(m_sequence);
    }
}

} // namespace wsm
