// FanoutRun: the receivers, the paced publisher and what the receivers measure (wsm_fanout).

#include "fanoutrun.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

namespace wsm::bench {

std::atomic<bool> g_fanoutStopRequested{false};

namespace {

constexpr std::int64_t FineLimitNs = 100'000'000;     // 1 us buckets below
constexpr std::int64_t FineBucketNs = 1'000;
constexpr std::int64_t CoarseLimitNs = 60'000'000'000; // 1 ms buckets below, one bucket above
constexpr std::int64_t CoarseBucketNs = 1'000'000;
constexpr std::size_t FineBuckets = std::size_t(FineLimitNs / FineBucketNs);
constexpr std::size_t CoarseBuckets = std::size_t((CoarseLimitNs - FineLimitNs) / CoarseBucketNs);

constexpr std::int64_t CloseWaitNs = 3'000'000'000;
constexpr int MaxWaitMs = 100;
constexpr int EventsPerWait = 1024;
// The timerfd's slot in epoll: never a connection's index.
constexpr std::uint32_t TimerSlot = 0xFFFFFFFFu;
// "wsmf RUN SEQ SENTNS " then padding: text, so that any node or cluster passes it through unchanged.
constexpr char Magic[] = "wsmf ";

} // namespace

LatencyHistogram::LatencyHistogram()
    : m_buckets(FineBuckets + CoarseBuckets + 1, 0)
{
}

void LatencyHistogram::add(std::int64_t ns)
{
    ns = std::max<std::int64_t>(ns, 0);
    std::size_t bucket;
    if (ns < FineLimitNs)
        bucket = std::size_t(ns / FineBucketNs);
    else if (ns < CoarseLimitNs)
        bucket = FineBuckets + std::size_t((ns - FineLimitNs) / CoarseBucketNs);
    else
        bucket = FineBuckets + CoarseBuckets;
    ++m_buckets[bucket];
    ++m_count;
    m_maxNs = std::max(m_maxNs, ns);
}

std::int64_t LatencyHistogram::percentileNs(double p) const
{
    if (m_count == 0)
        return 0;
    std::uint64_t rank = std::uint64_t(p * double(m_count) + 0.999999);
    rank = std::clamp<std::uint64_t>(rank, 1, m_count);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen < rank)
            continue;
        std::int64_t upper;
        if (i < FineBuckets)
            upper = std::int64_t(i + 1) * FineBucketNs;
        else if (i < FineBuckets + CoarseBuckets)
            upper = FineLimitNs + std::int64_t(i - FineBuckets + 1) * CoarseBucketNs;
        else
            upper = m_maxNs;
        return std::min(upper, m_maxNs);
    }
    return m_maxNs;
}

FanoutRun::FanoutRun(const FanoutOptions &options)
    : m_options(options)
    , m_random(std::uint64_t(nowNs()) ^ 0x5DEECE66Dull)
    , m_connections(options.receiverTargets.size() * std::size_t(options.clientsPerUrl) + 1)
{
}

FanoutRun::~FanoutRun()
{
    m_connections.clear();
    if (m_timerFd >= 0)
        ::close(m_timerFd);
    if (m_epollFd >= 0)
        ::close(m_epollFd);
}

bool FanoutRun::init(std::string *error)
{
    m_epollFd = ::epoll_create1(EPOLL_CLOEXEC);
    m_timerFd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (m_epollFd < 0 || m_timerFd < 0) {
        *error = std::string("epoll_create1/timerfd_create: ") + std::strerror(errno);
        return false;
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u32 = TimerSlot;
    if (::epoll_ctl(m_epollFd, EPOLL_CTL_ADD, m_timerFd, &event) != 0) {
        *error = std::string("epoll_ctl(timerfd): ") + std::strerror(errno);
        return false;
    }
    // The settings are pointed at by the connections: the vector is sized once, here.
    m_settings.resize(m_options.receiverTargets.size() + 1);
    for (std::size_t i = 0; i < m_settings.size(); ++i) {
        ConnectionSettings &settings = m_settings[i];
        settings.target = i < m_options.receiverTargets.size() ? &m_options.receiverTargets[i] : &m_options.publisherTarget;
        settings.observer = this;
        settings.epollFd = m_epollFd;
        settings.keepMessage = true;
    }
    // Receivers go round the URLs (client i on URL i mod n), so each node's share connects evenly.
    const std::size_t receivers = m_connections.size() - 1;
    const std::size_t urls = m_options.receiverTargets.size();
    for (std::size_t i = 0; i < receivers; ++i)
        m_connections[i].setup(&m_settings[i % urls], std::uint32_t(i), &m_random);
    m_connections[receivers].setup(&m_settings[urls], std::uint32_t(receivers), &m_random);
    m_lastSequence.assign(receivers, 0);
    m_runId = (m_random.next() >> 16) | 1;
    m_result.receivers = int(receivers);
    return true;
}

bool FanoutRun::isPublisher(const Connection &connection) const
{
    return indexOf(connection) == m_connections.size() - 1;
}

std::size_t FanoutRun::indexOf(const Connection &connection) const
{
    return std::size_t(&connection - m_connections.data());
}

void FanoutRun::run()
{
    const std::int64_t start = nowNs();
    m_deadlineNs = start + std::int64_t(m_options.timeoutSeconds * 1e9);

    // Receivers first, the publisher last: nothing is published before every receiver is there.
    const int count = int(m_connections.size());
    startMore();
    if (!pumpUntil(m_deadlineNs, [this, count] { return m_settled == count; })) {
        m_result.timedOut = !g_fanoutStopRequested;
        m_result.interrupted = g_fanoutStopRequested;
        closeAll();
        return;
    }
    if (!m_result.publisherUpgraded) {
        closeAll();
        return;
    }

    // Publish: warm-up, then the window; a periodic timer paces the publisher to the nanosecond.
    m_phase = Phase::Publishing;
    const std::int64_t publishStart = nowNs();
    m_windowStartNs = publishStart + std::int64_t(m_options.warmupSeconds * 1e9);
    m_windowEndNs = m_windowStartNs + std::int64_t(m_options.durationSeconds * 1e9);
    const std::int64_t intervalNs = std::max<std::int64_t>(1, std::int64_t(1e9 / m_options.rate));
    itimerspec timer{};
    timer.it_interval.tv_sec = intervalNs / 1'000'000'000;
    timer.it_interval.tv_nsec = intervalNs % 1'000'000'000;
    timer.it_value.tv_nsec = 1; // the first message at once
    ::timerfd_settime(m_timerFd, 0, &timer, nullptr);
    const bool published = pumpUntil(std::min(m_windowEndNs, m_deadlineNs), [this] { return m_windowEndSequence != 0; });
    itimerspec off{};
    ::timerfd_settime(m_timerFd, 0, &off, nullptr);
    if (m_windowEndSequence == 0)
        m_windowEndSequence = m_nextSequence;
    if (!published && nowNs() < m_windowEndNs) {
        m_result.timedOut = !g_fanoutStopRequested;
        m_result.interrupted = g_fanoutStopRequested;
    }
    m_result.windowSeconds = m_lastWindowSendNs > m_firstWindowSendNs
        ? double(m_lastWindowSendNs - m_firstWindowSendNs) / 1e9 + 1.0 / m_options.rate
        : 0;

    // Drain: every open receiver has every message of the window, or the drain time is over.
    m_phase = Phase::Draining;
    const std::int64_t drainStart = nowNs();
    pumpUntil(std::min(drainStart + std::int64_t(m_options.drainSeconds * 1e9), m_deadlineNs), [this] {
        return m_result.delivered >= m_result.published * std::uint64_t(m_open);
    });
    m_result.drainNs = std::max<std::int64_t>(0, (m_lastDeliveryNs > 0 ? m_lastDeliveryNs : drainStart) - drainStart);
    if (m_windowStartNs > 0)
        m_result.receivingSeconds = double(nowNs() - m_windowStartNs) / 1e9;
    if (m_lastDeliveryNs > m_firstWindowSendNs && m_firstWindowSendNs > 0)
        m_result.deliverySeconds = std::max(m_result.windowSeconds, double(m_lastDeliveryNs - m_firstWindowSendNs) / 1e9);
    closeAll();
}

void FanoutRun::startMore()
{
    const int count = int(m_connections.size());
    while (m_nextToStart < count && m_pending < m_options.concurrency) {
        // The publisher starts only once every receiver has settled.
        if (m_nextToStart == count - 1 && m_settled < count - 1)
            return;
        Connection &connection = m_connections[std::size_t(m_nextToStart)];
        ++m_nextToStart;
        ++m_pending;
        connection.start(nullptr);
    }
}

bool FanoutRun::pumpUntil(std::int64_t untilNs, const std::function<bool()> &done)
{
    epoll_event events[EventsPerWait];
    for (;;) {
        if (done && done())
            return true;
        const std::int64_t now = nowNs();
        if (now >= untilNs || g_fanoutStopRequested)
            return false;
        const std::int64_t leftMs = (untilNs - now + 999999) / 1000000;
        const int ready = ::epoll_wait(m_epollFd, events, EventsPerWait, int(std::min<std::int64_t>(leftMs, MaxWaitMs)));
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            std::fprintf(stderr, "wsm_fanout: epoll_wait: %s\n", std::strerror(errno));
            return false;
        }
        for (int i = 0; i < ready; ++i) {
            if (events[i].data.u32 == TimerSlot)
                onTimer();
            else
                m_connections[events[i].data.u32].handleEvents(events[i].events);
        }
    }
}

void FanoutRun::onTimer()
{
    std::uint64_t expirations = 0;
    if (::read(m_timerFd, &expirations, sizeof expirations) != sizeof expirations)
        return;
    // Behind (a busy loop): the messages that were due go out now, each with its own time.
    for (std::uint64_t i = 0; i < expirations && m_phase == Phase::Publishing && m_windowEndSequence == 0; ++i)
        publishOne();
}

void FanoutRun::publishOne()
{
    Connection &publisher = m_connections.back();
    if (!publisher.isOpen())
        return;
    const std::int64_t now = nowNs();
    if (now >= m_windowEndNs) {
        m_windowEndSequence = m_nextSequence;
        return;
    }
    const bool inWindow = now >= m_windowStartNs;
    if (inWindow && m_windowFirstSequence == 0) {
        m_windowFirstSequence = m_nextSequence;
        m_firstWindowSendNs = now;
    }
    const std::uint64_t sequence = m_nextSequence++;
    char head[64];
    const int length = std::snprintf(head, sizeof head, "%s%" PRIu64 " %" PRIu64 " %" PRId64 " ", Magic, m_runId,
                                     sequence, now);
    std::string payload(head, std::size_t(length));
    if (payload.size() < m_options.messageSize)
        payload.append(m_options.messageSize - payload.size(), 'x');
    publisher.sendMessage(payload, true);
    if (inWindow) {
        ++m_result.published;
        m_lastWindowSendNs = now;
    } else {
        ++m_result.publishedWarmup;
    }
}

void FanoutRun::onMessage(Connection &connection, std::size_t)
{
    const std::int64_t now = nowNs();
    if (isPublisher(connection))
        return; // a broadcast node sends to every other client: nothing comes back to the publisher
    const std::string &message = connection.message();
    const std::size_t magicLength = sizeof Magic - 1;
    if (message.compare(0, magicLength, Magic) != 0) {
        ++m_result.malformed;
        return;
    }
    char *end = nullptr;
    const std::uint64_t runId = std::strtoull(message.c_str() + magicLength, &end, 10);
    const std::uint64_t sequence = std::strtoull(end, &end, 10);
    const std::int64_t sentNs = std::strtoll(end, nullptr, 10);
    if (runId == 0 || sequence == 0 || sentNs <= 0) {
        ++m_result.malformed;
        return;
    }
    // A node still working through an earlier run's backlog sends it to this run's receivers too.
    if (runId != m_runId) {
        ++m_result.stale;
        return;
    }
    if (m_windowStartNs > 0 && now >= m_windowStartNs && m_phase != Phase::Closing)
        ++m_result.received;
    std::uint64_t &last = m_lastSequence[indexOf(connection)];
    if (sequence <= last) {
        if (m_result.outOfOrder++ == 0)
            m_result.firstOutOfOrder = std::to_string(sequence) + " after " + std::to_string(last);
    }
    last = std::max(last, sequence);
    if (m_windowFirstSequence == 0 || sequence < m_windowFirstSequence
        || (m_windowEndSequence != 0 && sequence >= m_windowEndSequence))
        return;
    ++m_result.delivered;
    m_result.latency.add(now - sentNs);
    m_lastDeliveryNs = now;
}

void FanoutRun::onUpgraded(Connection &connection)
{
    --m_pending;
    ++m_settled;
    if (isPublisher(connection)) {
        m_result.publisherUpgraded = true;
    } else {
        ++m_result.upgraded;
        ++m_open;
    }
    startMore();
}

void FanoutRun::onEnded(Connection &connection)
{
    if (!connection.wasUpgraded()) {
        --m_pending;
        ++m_settled;
        ++m_result.failures[Connection::failureKey(connection.failure())];
        if (m_result.firstFailureDetail.empty())
            m_result.firstFailureDetail = (isPublisher(connection) ? "publisher: " : "") + connection.failureDetail();
        startMore();
        return;
    }
    if (!isPublisher(connection))
        --m_open;
    if (connection.protocolError())
        ++m_result.protocolErrors;
    if (m_phase != Phase::Closing)
        ++m_result.lost;
}

void FanoutRun::closeAll()
{
    m_phase = Phase::Closing;
    m_nextToStart = int(m_connections.size());
    for (Connection &connection : m_connections) {
        if (connection.isOpen())
            connection.close(1000);
        else if (connection.state() == Connection::State::Connecting || connection.state() == Connection::State::Upgrading)
            connection.abort();
    }
    pumpUntil(nowNs() + CloseWaitNs, [this] {
        return std::all_of(m_connections.begin(), m_connections.end(), [](const Connection &c) {
            return c.state() == Connection::State::Idle || c.state() == Connection::State::Ended;
        });
    });
    for (Connection &connection : m_connections) {
        if (connection.state() != Connection::State::Idle && connection.state() != Connection::State::Ended)
            connection.abort();
    }
}

} // namespace wsm::bench
