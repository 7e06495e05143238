#include "epolleventdispatcher.h"

#include "steadyclock.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThread>
#include <QTimerEvent>
#include <QVarLengthArray>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <limits>
#include <memory>

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace wsm {

namespace {

constexpr qint64 NsPerMs = 1000 * 1000;
constexpr qint64 NsPerSecond = 1000 * NsPerMs;

// Keeps deadline arithmetic in nanoseconds from overflowing (this is still about 70 years).
constexpr qint64 MaxIntervalMs = std::numeric_limits<qint64>::max() / NsPerMs / 4;

// Ready descriptors taken per wait. More stay ready (level-triggered) for the next iteration, and the
// kernel moves reported ones to the back of its ready list, so no client starves.
constexpr int MaxEventsPerWait = 1024;

// With no eventfd, nothing interrupts a wait from another thread: waits end after this at the latest,
// so events posted from other threads are still delivered.
constexpr int UnwakeableWaitCapMs = 10;

// poll() reports readiness with the same bits as epoll on Linux, so both paths share markReady().
static_assert(POLLIN == EPOLLIN && POLLPRI == EPOLLPRI && POLLOUT == EPOLLOUT && POLLERR == EPOLLERR
              && POLLHUP == EPOLLHUP);

// What each notifier type (QSocketNotifier::Read, Write, Exception) waits for.
constexpr std::array<uint32_t, 3> InterestOf = {EPOLLIN, EPOLLOUT, EPOLLPRI};

// As in Qt's Unix dispatcher, an error or hang-up activates every notifier of the socket: a reader
// sees the end of the stream, and a socket that is still connecting (write notifier only) learns that
// the connection failed.
constexpr uint32_t ErrorOrHangUp = EPOLLERR | EPOLLHUP;

const char *typeName(int type)
{
    static constexpr const char *Names[] = {"Read", "Write", "Exception"};
    return Names[type];
}

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

uint32_t EpollEventDispatcher::Watch::interest() const
{
    uint32_t events = 0;
    for (int type = 0; type < 3; ++type) {
        if (notifiers[size_t(type)])
            events |= InterestOf[size_t(type)];
    }
    return events;
}

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
{
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_wakeFd < 0) {
        qWarning("EpollEventDispatcher: no eventfd (%s): other threads cannot wake this thread, so it "
                 "waits at most %d ms at a time.", strerror(errno), UnwakeableWaitCapMs);
    }

    m_epollFd = epoll_create1(EPOLL_CLOEXEC);
    if (m_epollFd < 0) {
        qWarning("EpollEventDispatcher: no epoll (%s): sockets are watched with poll(), which costs "
                 "time for every idle socket.", strerror(errno));
    } else if (m_wakeFd >= 0) {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = m_wakeFd;
        if (epoll_ctl(m_epollFd, EPOLL_CTL_ADD, m_wakeFd, &event) != 0) {
            // An epoll set that a wake-up cannot interrupt would stall the thread: use poll() instead.
            qWarning("EpollEventDispatcher: cannot watch the eventfd (%s): sockets are watched with "
                     "poll(), which costs time for every idle socket.", strerror(errno));
            close(m_epollFd);
            m_epollFd = -1;
        }
    }
    m_readyEvents.resize(MaxEventsPerWait);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_epollFd >= 0)
        close(m_epollFd);
    if (m_wakeFd >= 0)
        close(m_wakeFd);
}

QAbstractEventDispatcher *EpollEventDispatcher::create()
{
    auto dispatcher = std::make_unique<EpollEventDispatcher>();
    if (dispatcher->m_epollFd < 0 || dispatcher->m_wakeFd < 0)
        return nullptr;
    return dispatcher.release();
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    Q_EMIT awake();

    // A wake-up is for events posted before it, which are sent now: clearing it first lets the wait
    // below block, and a wake-up that comes after this point still ends that wait.
    int processed = 0;
    if (m_wakeUpPending.load(std::memory_order_acquire)) {
        clearWakeUp();
        processed = 1;
    }
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool activationsPending = includeNotifiers && !m_pendingActivations.empty();
    const bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !activationsPending && !m_interrupted.load();

    if (canWait)
        Q_EMIT aboutToBlock();
    if (m_interrupted.load())
        return false;

    int timeoutMs = 0;
    if (canWait)
        timeoutMs = includeTimers ? msUntilNextTimer() : -1;
    if (m_wakeFd < 0 && (timeoutMs < 0 || timeoutMs > UnwakeableWaitCapMs))
        timeoutMs = UnwakeableWaitCapMs;

    if (includeNotifiers && m_epollFd >= 0)
        processed += waitWithEpoll(timeoutMs);
    else
        processed += waitWithPoll(includeNotifiers, timeoutMs);

    if (includeNotifiers)
        processed += activateSocketNotifiers();
    if (includeTimers)
        processed += activateTimers();
    return processed > 0;
}

int EpollEventDispatcher::waitWithEpoll(int timeoutMs)
{
    const int ready = epoll_wait(m_epollFd, m_readyEvents.data(), int(m_readyEvents.size()), timeoutMs);
    if (ready < 0) {
        if (errno != EINTR)
            qWarning("EpollEventDispatcher: epoll_wait failed: %s", strerror(errno));
        return 0;
    }
    int woken = 0;
    for (int i = 0; i < ready; ++i) {
        const epoll_event &event = m_readyEvents[size_t(i)];
        if (event.data.fd == m_wakeFd) {
            clearWakeUp();
            woken = 1;
        } else {
            markReady(event.data.fd, event.events);
        }
    }
    return woken;
}

int EpollEventDispatcher::waitWithPoll(bool includeNotifiers, int timeoutMs)
{
    m_pollFds.clear();
    if (m_wakeFd >= 0)
        m_pollFds.push_back({m_wakeFd, POLLIN, 0});
    if (includeNotifiers) {
        for (const auto &[fd, watch] : m_watches)
            m_pollFds.push_back({fd, short(watch.interest()), 0});
    }

    const int ready = poll(m_pollFds.data(), nfds_t(m_pollFds.size()), timeoutMs);
    if (ready <= 0) {
        if (ready < 0 && errno != EINTR)
            qWarning("EpollEventDispatcher: poll failed: %s", strerror(errno));
        return 0;
    }
    int woken = 0;
    for (const pollfd &entry : m_pollFds) {
        if (entry.revents == 0)
            continue;
        if (entry.fd == m_wakeFd) {
            clearWakeUp();
            woken = 1;
        } else if (entry.revents & POLLNVAL) {
            disableInvalid(entry.fd);
        } else {
            markReady(entry.fd, uint32_t(entry.revents));
        }
    }
    return woken;
}

void EpollEventDispatcher::clearWakeUp()
{
    // Drain first, then clear: a wake-up in between finds the flag still set and writes nothing, but
    // its posted events are sent at the start of the next iteration anyway. The other order could
    // leave the flag set with nothing to read, and every later wake-up would be lost.
    if (m_wakeFd >= 0) {
        eventfd_t count = 0;
        eventfd_read(m_wakeFd, &count); // EAGAIN (already drained) is fine
    }
    m_wakeUpPending.store(false, std::memory_order_release);
}

void EpollEventDispatcher::wakeUp()
{
    if (m_wakeUpPending.exchange(true, std::memory_order_acq_rel) || m_wakeFd < 0)
        return;
    int written;
    do {
        written = eventfd_write(m_wakeFd, 1);
    } while (written < 0 && errno == EINTR);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

// Socket notifiers

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    Q_ASSERT(notifier);
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (notifier->thread() != thread() || thread() != QThread::currentThread()) {
        qWarning("EpollEventDispatcher: socket notifiers cannot be enabled from another thread");
        return;
    }

    const auto [it, added] = m_watches.try_emplace(fd);
    Watch &watch = it->second;
    QSocketNotifier *&registered = watch.notifiers[size_t(type)];
    if (registered && registered != notifier)
        qWarning("EpollEventDispatcher: multiple socket notifiers for socket %d and type %s", fd, typeName(type));
    registered = notifier;
    updateInterest(fd, watch, added ? EPOLL_CTL_ADD : EPOLL_CTL_MOD);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    Q_ASSERT(notifier);
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (notifier->thread() != thread() || thread() != QThread::currentThread()) {
        qWarning("EpollEventDispatcher: socket notifiers cannot be disabled from another thread");
        return;
    }

    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    Watch &watch = it->second;
    if (watch.notifiers[size_t(type)] != notifier) {
        if (watch.notifiers[size_t(type)])
            qWarning("EpollEventDispatcher: multiple socket notifiers for socket %d and type %s", fd, typeName(type));
        return;
    }
    // Also drops a queued activation: the notifier may be on its way to being deleted.
    watch.notifiers[size_t(type)] = nullptr;
    watch.pending[size_t(type)] = false;

    if (watch.interest() != 0) {
        updateInterest(fd, watch, EPOLL_CTL_MOD);
        return;
    }
    // Fails harmlessly when the socket is already closed: the kernel then dropped it from the set.
    if (m_epollFd >= 0)
        epoll_ctl(m_epollFd, EPOLL_CTL_DEL, fd, nullptr);
    m_watches.erase(it);
}

void EpollEventDispatcher::updateInterest(int fd, const Watch &watch, int operation)
{
    if (m_epollFd < 0)
        return; // poll() reads m_watches on every iteration

    epoll_event event{};
    event.events = watch.interest();
    event.data.fd = fd;
    if (epoll_ctl(m_epollFd, operation, fd, &event) == 0)
        return;
    // A socket closed while still watched leaves the set by itself, and its number can come back for
    // a new socket: add what we thought we only had to modify (or the other way round).
    if (operation == EPOLL_CTL_MOD && errno == ENOENT)
        operation = EPOLL_CTL_ADD;
    else if (operation == EPOLL_CTL_ADD && errno == EEXIST)
        operation = EPOLL_CTL_MOD;
    else
        operation = 0;
    if (operation == 0 || epoll_ctl(m_epollFd, operation, fd, &event) != 0)
        qWarning("EpollEventDispatcher: cannot watch socket %d: %s", fd, strerror(errno));
}

void EpollEventDispatcher::markReady(int fd, uint32_t events)
{
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    Watch &watch = it->second;
    for (int type = 0; type < 3; ++type) {
        if (watch.notifiers[size_t(type)] && !watch.pending[size_t(type)]
            && (events & (InterestOf[size_t(type)] | ErrorOrHangUp))) {
            watch.pending[size_t(type)] = true;
            m_pendingActivations.push_back({fd, type});
        }
    }
}

void EpollEventDispatcher::disableInvalid(int fd)
{
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    // A copy: each setEnabled(false) unregisters, and the last one erases the watch.
    const std::array<QSocketNotifier *, 3> notifiers = it->second.notifiers;
    for (int type = 0; type < 3; ++type) {
        if (QSocketNotifier *notifier = notifiers[size_t(type)]) {
            qWarning("EpollEventDispatcher: invalid socket %d with type %s, disabling it", fd, typeName(type));
            notifier->setEnabled(false);
        }
    }
}

int EpollEventDispatcher::activateSocketNotifiers()
{
    // One by one from the shared queue: a notifier's slot may disable or delete another notifier of
    // this batch (which clears its pending flag), or run a nested event loop that takes over the rest.
    int activated = 0;
    QEvent event(QEvent::SockAct);
    while (!m_pendingActivations.empty()) {
        const PendingActivation next = m_pendingActivations.front();
        m_pendingActivations.pop_front();
        const auto it = m_watches.find(next.fd);
        if (it == m_watches.end() || !it->second.pending[size_t(next.type)])
            continue;
        it->second.pending[size_t(next.type)] = false;
        QCoreApplication::sendEvent(it->second.notifiers[size_t(next.type)], &event);
        ++activated;
    }
    return activated;
}

// Timers

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
