#pragma once

#include <QAbstractEventDispatcher>

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <set>
#include <unordered_map>
#include <vector>

struct epoll_event;
struct pollfd;

namespace wsm {

// The server thread's event dispatcher, built on Linux epoll (Linux only: it is compiled only there).
// Qt's stock dispatchers (glib, or poll()) hand the kernel every registered socket on each loop
// iteration, so thousands of idle WebSocket clients slow every iteration down; epoll keeps the set in
// the kernel and reports only the ready sockets, so an iteration costs the same however many clients
// sit idle.
//
// It keeps the contracts of Qt's own Unix dispatcher: level-triggered socket notifiers activated with
// QEvent::SockAct (an error or hang-up activates every notifier of the socket); Qt::PreciseTimer,
// Qt::CoarseTimer (up to 5% off, so timers wake together) and Qt::VeryCoarseTimer (whole seconds);
// zero-interval timers fire once per loop iteration; a timer is not sent again while its own
// timerEvent runs (a nested event loop there); posted events and deferred deletes go through
// QCoreApplication::sendPostedEvents, which runs each deleteLater() at the loop level Qt documents.
//
// Install it before the thread starts: thread.setEventDispatcher(EpollEventDispatcher::create()),
// keeping Qt's stock dispatcher when create() returns nullptr. wakeUp() and interrupt() may be called
// from any thread; everything else belongs to the dispatcher's thread.
class EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT

public:
    // Without an epoll descriptor it still works, watching sockets with poll() (the cost per idle
    // socket that it exists to avoid); without an eventfd no other thread can wake it, so it never
    // waits longer than a few milliseconds. Both cases are reported with qWarning().
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    // A new dispatcher, or nullptr when the kernel refuses the epoll or eventfd descriptor.
    static QAbstractEventDispatcher *create();

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    using QAbstractEventDispatcher::registerTimer;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    // The notifiers of one descriptor, indexed by QSocketNotifier::Type (Read, Write, Exception).
    struct Watch
    {
        std::array<QSocketNotifier *, 3> notifiers{};
        // Queued in m_pendingActivations and not sent yet; cleared when the notifier is unregistered.
        std::array<bool, 3> pending{};

        uint32_t interest() const;
    };

    struct PendingActivation
    {
        int fd;
        int type;
    };

    struct Timer
    {
        QObject *object = nullptr;
        qint64 intervalMs = 0;                // as registered
        Qt::TimerType type = Qt::CoarseTimer; // as registered
        qint64 stepNs = 0;                    // the interval kept: whole seconds when very coarse
        qint64 gridNs = 0;                    // deadlines are rounded to multiples of this (0: exact)
        qint64 expectedNs = 0;                // the next deadline before rounding
        qint64 dueNs = 0;                     // the next deadline
        quint64 order = 0;                    // among equal deadlines, the earlier scheduled goes first
        bool activating = false;              // in its own timerEvent, and so out of m_dueTimers
    };

    struct DueTimer
    {
        qint64 dueNs;
        quint64 order;
        int timerId;

        bool operator<(const DueTimer &other) const
        {
            return dueNs != other.dueNs ? dueNs < other.dueNs : order < other.order;
        }
    };

    void updateInterest(int fd, const Watch &watch, int operation);
    void markReady(int fd, uint32_t events);
    void disableInvalid(int fd);
    int activateSocketNotifiers();

    void schedule(Timer &timer); // sets the deadline and the order, from expectedNs
    void removeTimer(std::unordered_map<int, Timer>::iterator timer);
    int msUntilNextTimer() const;
    int activateTimers();

    int waitWithEpoll(int timeoutMs);
    int waitWithPoll(bool includeNotifiers, int timeoutMs);
    void clearWakeUp();

    int m_epollFd = -1; // -1: sockets are watched with poll()
    int m_wakeFd = -1;  // eventfd; -1: waits are capped instead
    std::atomic<bool> m_wakeUpPending{false};
    std::atomic<bool> m_interrupted{false};

    std::unordered_map<int, Watch> m_watches;
    std::deque<PendingActivation> m_pendingActivations;
    std::vector<epoll_event> m_readyEvents;
    std::vector<pollfd> m_pollFds;

    std::unordered_map<int, Timer> m_timers;
    std::set<DueTimer> m_dueTimers; // every registered timer except those in their own timerEvent
    std::unordered_multimap<QObject *, int> m_timerIdsByObject;
    quint64 m_nextOrder = 0;
};

} // namespace wsm
