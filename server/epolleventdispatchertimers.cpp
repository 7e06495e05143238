// EpollEventDispatcher, part: the timers. Deadlines on the steady clock in nanoseconds, coarse ones
// on a grid so that the thread's timers wake together, and their activation.

#include "epolleventdispatcher.h"

#include "steadyclock.h"

#include <QCoreApplication>
#include <QThread>
#include <QTimerEvent>
#include <QVarLengthArray>

#include <algorithm>
#include <climits>
#include <limits>

namespace wsm {

namespace {

constexpr qint64 NsPerMs = 1000 * 1000;
constexpr qint64 NsPerSecond = 1000 * NsPerMs;

// Keeps deadline arithmetic in nanoseconds from overflowing (this is still about 70 years).
constexpr qint64 MaxIntervalMs = std::numeric_limits<qint64>::max() / NsPerMs / 4;

// Milliseconds from now until a deadline, rounded up so that a wait never ends before it; 0 if due.
int msUntil(qint64 dueNs, qint64 nowNs)
{
    if (dueNs <= nowNs)
        return 0;
    return int(std::min<qint64>((dueNs - nowNs + NsPerMs - 1) / NsPerMs, INT_MAX));
}

// Qt's rules for how exact a timer is: a coarse timer may be 5% off, which under 20 ms is below the
// 1 ms resolution (so it is precise) and from 20 s on is a second or more (so it is very coarse).
Qt::TimerType effectiveType(qint64 intervalMs, Qt::TimerType type)
{
    if (type != Qt::CoarseTimer)
        return type;
    if (intervalMs <= 20)
        return Qt::PreciseTimer;
    if (intervalMs >= 20000)
        return Qt::VeryCoarseTimer;
    return Qt::CoarseTimer;
}

// A coarse deadline moves to the nearest multiple of the coarsest of these steps whose half stays
// within 5% of the interval; the round steps let the thread's coarse timers wake together.
qint64 coarseGridNs(qint64 intervalMs)
{
    static constexpr qint64 StepsMs[] = {1000, 500, 250, 200, 100, 50, 25, 20, 10, 5, 2, 1};
    for (const qint64 stepMs : StepsMs) {
        if (stepMs * 10 <= intervalMs)
            return stepMs * NsPerMs;
    }
    return 0;
}

qint64 roundedToGrid(qint64 ns, qint64 gridNs)
{
    if (gridNs == 0)
        return ns;
    return (ns + gridNs / 2) / gridNs * gridNs;
}

} // namespace

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    if (timerId < 1 || interval < 0 || !object) {
        qWarning("EpollEventDispatcher::registerTimer: invalid arguments");
        return;
    }
    if (object->thread() != thread() || thread() != QThread::currentThread()) {
        qWarning("EpollEventDispatcher::registerTimer: timers cannot be started from another thread");
        return;
    }

    Timer timer;
    timer.object = object;
    timer.intervalMs = interval;
    timer.type = timerType;
    const qint64 intervalMs = std::min(interval, MaxIntervalMs);
    switch (effectiveType(intervalMs, timerType)) {
    case Qt::PreciseTimer:
        timer.stepNs = intervalMs * NsPerMs;
        break;
    case Qt::CoarseTimer:
        timer.stepNs = intervalMs * NsPerMs;
        timer.gridNs = coarseGridNs(intervalMs);
        break;
    case Qt::VeryCoarseTimer:
        // Whole seconds, at least one; a zero interval stays a zero timer.
        if (intervalMs > 0) {
            timer.stepNs = std::max<qint64>(1, (intervalMs + 500) / 1000) * NsPerSecond;
            timer.gridNs = NsPerSecond;
        }
        break;
    }
    timer.expectedNs = steadyNowNs() + timer.stepNs;

    const auto [it, added] = m_timers.try_emplace(timerId, timer);
    if (!added) {
        qWarning("EpollEventDispatcher::registerTimer: timer %d is already registered", timerId);
        return;
    }
    m_timerIdsByObject.emplace(object, timerId);
    schedule(it->second);
    m_dueTimers.insert({it->second.dueNs, it->second.order, timerId});
}

void EpollEventDispatcher::schedule(Timer &timer)
{
    timer.dueNs = roundedToGrid(timer.expectedNs, timer.gridNs);
    timer.order = m_nextOrder++;
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    if (thread() != QThread::currentThread()) {
        qWarning("EpollEventDispatcher::unregisterTimer: timers cannot be stopped from another thread");
        return false;
    }
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    removeTimer(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    if (thread() != QThread::currentThread()) {
        qWarning("EpollEventDispatcher::unregisterTimers: timers cannot be stopped from another thread");
        return false;
    }
    const auto [first, last] = m_timerIdsByObject.equal_range(object);
    QVarLengthArray<int, 8> timerIds;
    for (auto it = first; it != last; ++it)
        timerIds.append(it->second);
    for (const int timerId : timerIds)
        removeTimer(m_timers.find(timerId));
    return !timerIds.isEmpty();
}

void EpollEventDispatcher::removeTimer(std::unordered_map<int, Timer>::iterator timer)
{
    const int timerId = timer->first;
    const Timer &info = timer->second;
    if (!info.activating)
        m_dueTimers.erase({info.dueNs, info.order, timerId});
    const auto [first, last] = m_timerIdsByObject.equal_range(info.object);
    for (auto it = first; it != last; ++it) {
        if (it->second == timerId) {
            m_timerIdsByObject.erase(it);
            break;
        }
    }
    m_timers.erase(timer);
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> timers;
    const auto [first, last] = m_timerIdsByObject.equal_range(object);
    for (auto it = first; it != last; ++it) {
        const Timer &timer = m_timers.at(it->second);
        timers.append(TimerInfo(it->second, int(std::min<qint64>(timer.intervalMs, INT_MAX)), timer.type));
    }
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return -1;
    return msUntil(it->second.dueNs, steadyNowNs());
}

int EpollEventDispatcher::msUntilNextTimer() const
{
    if (m_dueTimers.empty())
        return -1;
    return msUntil(m_dueTimers.begin()->dueNs, steadyNowNs());
}

int EpollEventDispatcher::activateTimers()
{
    if (m_dueTimers.empty())
        return 0;
    const qint64 now = steadyNowNs();

    // Every timer due now fires once in this pass, even a zero-interval one that is due again at once:
    // the due ones are listed first, and those a callback has stopped or rescheduled since are skipped.
    QVarLengthArray<DueTimer, 16> due;
    for (const DueTimer &entry : m_dueTimers) {
        if (entry.dueNs > now)
            break;
        due.append(entry);
    }

    int activated = 0;
    for (const DueTimer &entry : due) {
        const auto it = m_timers.find(entry.timerId);
        if (it == m_timers.end() || it->second.order != entry.order)
            continue;
        Timer &timer = it->second;
        m_dueTimers.erase(entry);

        // The next deadline counts from the one just met, not from now, so lateness does not add up;
        // a timer late by a whole interval or more (a long callback, a busy thread) skips the missed
        // ones and counts from now, rather than firing in a burst to catch up.
        timer.expectedNs += timer.stepNs;
        if (timer.expectedNs <= now)
            timer.expectedNs = now + timer.stepNs;
        schedule(timer);
        timer.activating = true;
        // Like Qt: zero timers alone do not count as work done, or processEvents() loops with a time
        // limit would spin on them.
        if (timer.stepNs > 0)
            ++activated;

        QTimerEvent event(entry.timerId);
        QCoreApplication::sendEvent(timer.object, &event);

        // The callback may have stopped the timer, or stopped it and started another with this id.
        const auto after = m_timers.find(entry.timerId);
        if (after != m_timers.end() && after->second.activating) {
            after->second.activating = false;
            m_dueTimers.insert({after->second.dueNs, after->second.order, entry.timerId});
        }
    }
    return activated;
}

} // namespace wsm
