// EpollEventDispatcher, part: the loop, its wake-up and the socket notifiers. Its timers are in
// epolleventdispatchertimers.cpp.

#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThread>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace wsm {

namespace {

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

} // namespace wsm
