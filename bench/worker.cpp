// Worker, part: one event loop's clients, how they connect, pump, close and report. The
// scenarios that drive them are in workerscenarios.cpp.

#include "worker.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <arpa/inet.h>
#include <sys/epoll.h>
#include <unistd.h>

namespace wsm::bench {

std::atomic<bool> g_stopRequested{false};

namespace {

// Latency samples kept per event loop: 80 MB at most. Past it messages are still counted.
constexpr std::size_t MaxLatencySamples = 10000000;
// After the measured part, clients get this long to finish the close handshake.
constexpr std::int64_t CloseWaitNs = 5000000000;
// Longest a loop sleeps in epoll_wait, so that a stop request or a deadline is seen in time.
constexpr int MaxWaitMs = 100;
constexpr int EventsPerWait = 1024;
// Slow readers take this little, so the server's send queue for them grows at once.
constexpr int SlowReaderReceiveBuffer = 4096;
// Bytes a slow reader writes before it lets the event loop look at the clock again.
constexpr std::uint64_t SlowReaderSliceBytes = 1024 * 1024;

} // namespace

Worker::Worker(SharedRun *shared, int clientCount, int firstClientIndex)
    : m_shared(shared)
    , m_options(*shared->options)
    , m_firstClientIndex(firstClientIndex)
    , m_random(std::uint64_t(nowNs()) ^ (std::uint64_t(firstClientIndex + 1) * 0x9E3779B97F4A7C15ull))
    , m_connections(std::size_t(clientCount))
{
}

Worker::~Worker()
{
    m_connections.clear();
    if (m_epollFd >= 0)
        ::close(m_epollFd);
}

bool Worker::init(std::string *error)
{
    m_epollFd = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epollFd < 0) {
        *error = std::string("epoll_create1: ") + std::strerror(errno);
        return false;
    }
    m_settings.target = &m_options.target;
    m_settings.observer = this;
    m_settings.epollFd = m_epollFd;
    m_settings.answerPings = m_options.mode != Mode::Silent;
    m_settings.readAfterUpgrade = m_options.mode != Mode::SlowReader;
    m_settings.receiveBufferBytes = m_options.mode == Mode::SlowReader ? SlowReaderReceiveBuffer : 0;
    for (std::size_t i = 0; i < m_connections.size(); ++i)
        m_connections[i].setup(&m_settings, std::uint32_t(i), &m_random);

    if (!m_options.target.ipv6 && m_options.sourceAddresses > 1) {
        for (int i = 0; i < m_options.sourceAddresses; ++i) {
            sockaddr_in source{};
            source.sin_family = AF_INET;
            source.sin_port = 0;
            source.sin_addr.s_addr = htonl((127u << 24) | std::uint32_t(i + 1));
            m_sources.push_back(source);
        }
    }
    // Text messages must be valid UTF-8; a run of one ASCII letter is, and binary does not care.
    m_payload.assign(m_options.messageSize, 'x');
    return true;
}

void Worker::run()
{
    switch (m_options.mode) {
    case Mode::Echo:
    case Mode::PingPong: runEcho(); break;
    case Mode::Hold: runHold(); break;
    case Mode::Storm: runStorm(); break;
    case Mode::Churn: runChurn(); break;
    case Mode::Silent: runSilent(); break;
    case Mode::SlowReader: runSlowReader(); break;
    case Mode::StalledSender: runStalledSender(); break;
    }
}

void Worker::connectAll()
{
    m_phase = Phase::Connecting;
    m_nextToStart = 0;
    m_pending = 0;
    m_settled = 0;
    const int count = int(m_connections.size());
    const std::int64_t started = nowNs();
    if (m_result.firstConnectNs == 0)
        m_result.firstConnectNs = started;
    startMore();
    const bool allSettled = pumpUntil(m_shared->deadlineNs, [this, count] { return m_settled == count; }, true);
    m_result.connectPhasesNs += nowNs() - started;
    if (allSettled)
        return;

    if (!g_stopRequested)
        m_result.timedOut = true;
    const int neverStarted = count - m_nextToStart;
    m_nextToStart = count; // no more starts while the pending ones are cut off
    for (Connection &connection : m_connections) {
        if (connection.state() == Connection::State::Connecting || connection.state() == Connection::State::Upgrading)
            connection.abort();
    }
    if (neverStarted > 0)
        m_result.failures[Connection::failureKey(Connection::Failure::TimedOut)] += neverStarted;
}

void Worker::startMore()
{
    // start() can fail at once and report through onEnded, which calls here again.
    if (m_starting)
        return;
    m_starting = true;
    const int count = int(m_connections.size());
    while (m_nextToStart < count && (m_options.concurrency == 0 || m_pending < m_options.concurrency)) {
        Connection &connection = m_connections[std::size_t(m_nextToStart)];
        const int globalIndex = m_firstClientIndex + m_nextToStart;
        ++m_nextToStart;
        ++m_pending;
        ++m_active;
        ++m_result.started;
        connection.start(m_sources.empty() ? nullptr : &m_sources[std::size_t(globalIndex) % m_sources.size()]);
    }
    m_starting = false;
}

bool Worker::pumpUntil(std::int64_t untilNs, const std::function<bool()> &done, bool stopOnSignal)
{
    epoll_event events[EventsPerWait];
    for (;;) {
        if (done && done())
            return true;
        const std::int64_t now = nowNs();
        if (now >= untilNs || (stopOnSignal && g_stopRequested))
            return false;
        const std::int64_t leftMs = (untilNs - now + 999999) / 1000000;
        const int waitMs = int(std::min<std::int64_t>(leftMs, MaxWaitMs));
        const int ready = ::epoll_wait(m_epollFd, events, EventsPerWait, waitMs);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            std::fprintf(stderr, "wsm_loadgen: epoll_wait: %s\n", std::strerror(errno));
            return false;
        }
        for (int i = 0; i < ready; ++i)
            m_connections[events[i].data.u32].handleEvents(events[i].events);
    }
}

void Worker::closeAll()
{
    m_phase = Phase::Closing;
    m_sending = false;
    m_nextToStart = int(m_connections.size());
    const std::int64_t started = nowNs();
    for (Connection &connection : m_connections) {
        if (connection.isOpen())
            connection.close(1000);
        else if (connection.state() == Connection::State::Connecting
                 || connection.state() == Connection::State::Upgrading)
            connection.abort();
    }
    pumpUntil(started + CloseWaitNs, [this] { return m_active == 0; }, false);
    m_result.closePhasesNs += nowNs() - started;
    m_aborting = true;
    for (Connection &connection : m_connections) {
        if (connection.state() != Connection::State::Idle && connection.state() != Connection::State::Ended) {
            ++m_result.closeAborted;
            connection.abort();
        }
    }
    m_aborting = false;
}

void Worker::exchangeAll()
{
    m_phase = Phase::Exchanging;
    m_exchangeLeft.assign(m_connections.size(), 0);
    m_exchanging = 0;
    for (std::size_t i = 0; i < m_connections.size(); ++i) {
        if (!m_connections[i].isOpen())
            continue;
        m_exchangeLeft[i] = m_options.exchange;
        ++m_exchanging;
        m_connections[i].sendMessage(m_payload, m_options.text);
    }
    pumpUntil(m_shared->deadlineNs, [this] { return m_exchanging == 0; }, true);
    if (m_exchanging > 0 && !g_stopRequested)
        m_result.timedOut = true;
}

void Worker::dropSome(int cycle)
{
    // Spread evenly over the clients, and shifted every cycle so that each slot takes its turn.
    const std::int64_t percent = m_options.dropPercent;
    m_phase = Phase::Closing;
    m_aborting = true; // neither lost nor a clean close
    for (std::size_t i = 0; i < m_connections.size(); ++i) {
        const std::int64_t slot = std::int64_t(m_firstClientIndex) + std::int64_t(i) + cycle;
        if ((slot * percent) / 100 == ((slot + 1) * percent) / 100 || !m_connections[i].isOpen())
            continue;
        // Half vanish with an RST, half with a TCP close and no close frame.
        m_connections[i].drop(m_result.dropped % 2 == 0);
        ++m_result.dropped;
    }
    m_aborting = false;
}

void Worker::abortAll()
{
    m_phase = Phase::Closing;
    m_nextToStart = int(m_connections.size());
    for (Connection &connection : m_connections)
        connection.abort();
}

std::int64_t Worker::meetOtherWorkers()
{
    m_phase = Phase::Waiting;
    if (++m_shared->readyWorkers == m_shared->workers)
        m_shared->measureStartNs = nowNs();
    pumpUntil(m_shared->deadlineNs, [this] { return m_shared->measureStartNs.load() != 0; }, true);
    const std::int64_t start = m_shared->measureStartNs.load();
    return start != 0 ? start : nowNs();
}

void Worker::sendOne(Connection &connection)
{
    connection.sendTimes().push_back(nowNs());
    ++m_result.messagesSent;
    connection.sendMessage(m_payload, m_options.text);
}

void Worker::fillSlowReader(Connection &connection)
{
    // Until the socket pushes back, or a slice is sent: a server that reads as fast as we write
    // never pushes back, and the loop must get back to its deadline. The next EPOLLOUT brings us
    // here again.
    const std::uint64_t sliceEnd = connection.bytesSent() + SlowReaderSliceBytes;
    while (connection.isOpen() && connection.pendingOutput() == 0 && connection.bytesSent() < m_options.maxBytes
           && connection.bytesSent() < sliceEnd) {
        ++m_result.messagesSent;
        connection.sendMessage(m_payload, m_options.text);
    }
    if (connection.isOpen() && connection.bytesSent() >= m_options.maxBytes) {
        connection.setWantWritable(false);
        partDone(std::size_t(&connection - m_connections.data()));
    }
}

void Worker::fillStalledSender(Connection &connection)
{
    // The part goes out as fast as the socket takes it, a slice at a time (see fillSlowReader);
    // the frame's head went first, through the connection's queue, so nothing goes before it.
    const std::size_t index = std::size_t(&connection - m_connections.data());
    std::uint64_t &left = m_partLeft[index];
    std::uint64_t slice = SlowReaderSliceBytes;
    while (left > 0 && slice > 0 && connection.isOpen()) {
        const std::size_t chunk = std::size_t(std::min<std::uint64_t>({left, slice, m_payload.size()}));
        const std::size_t taken = connection.sendRaw(m_payload.data(), chunk);
        if (taken == 0)
            break;
        left -= taken;
        slice -= std::min<std::uint64_t>(taken, slice);
    }
    if (left == 0 && connection.isOpen() && connection.pendingOutput() == 0 && m_stalledAtNs[index] == 0) {
        m_stalledAtNs[index] = nowNs();
        ++m_result.stalled;
        connection.setWantWritable(false);
        partDone(index);
    }
}

void Worker::partDone(std::size_t index)
{
    if (index < m_partPending.size() && m_partPending[index]) {
        m_partPending[index] = 0;
        --m_partsPending;
    }
}

void Worker::announcePartsDone(const char *what)
{
    int done = 0;
    if (m_options.mode == Mode::StalledSender) {
        done = m_result.stalled;
    } else {
        for (const Connection &connection : m_connections) {
            if (connection.wasUpgraded() && connection.bytesSent() >= m_options.maxBytes)
                ++done;
        }
    }
    m_shared->partsDoneTotal += done;
    m_shared->partsUpgradedTotal += m_result.upgraded;
    if (++m_shared->partsDoneWorkers == m_shared->workers) {
        const int doneTotal = m_shared->partsDoneTotal.load();
        const int upgraded = m_shared->partsUpgradedTotal.load();
        if (doneTotal == upgraded)
            std::printf("%s %d\n", what, doneTotal);
        else
            std::printf("%s %d of %d (%d ended first)\n", what, doneTotal, upgraded, upgraded - doneTotal);
        std::fflush(stdout);
    }
}

void Worker::onUpgraded(Connection &connection)
{
    --m_pending;
    ++m_settled;
    ++m_result.upgraded;
    m_result.lastSettledNs = std::max(m_result.lastSettledNs, connection.upgradedAtNs());
    startMore();
}

void Worker::onMessage(Connection &connection, std::size_t size)
{
    if (m_phase == Phase::Exchanging) {
        int &left = m_exchangeLeft[std::size_t(&connection - m_connections.data())];
        if (left <= 0)
            return;
        ++m_result.exchanged;
        if (size != m_payload.size())
            ++m_result.wrongSize;
        if (--left > 0)
            connection.sendMessage(m_payload, m_options.text);
        else
            --m_exchanging;
        return;
    }
    if (m_options.mode != Mode::Echo && m_options.mode != Mode::PingPong)
        return;
    const std::int64_t now = nowNs();
    std::deque<std::int64_t> &times = connection.sendTimes();
    if (times.empty()) {
        ++m_result.unexpected;
        return;
    }
    const std::int64_t sentAt = times.front();
    times.pop_front();
    if (size != m_payload.size())
        ++m_result.wrongSize;
    if (now >= m_windowStartNs && now < m_windowEndNs) {
        ++m_result.messagesMeasured;
        if (m_result.latenciesNs.size() < MaxLatencySamples)
            m_result.latenciesNs.push_back(now - sentAt);
    }
    if (m_sending && now < m_windowEndNs && m_options.rate <= 0)
        sendOne(connection);
}

void Worker::onWritable(Connection &connection)
{
    if (m_options.mode == Mode::SlowReader)
        fillSlowReader(connection);
    else if (m_options.mode == Mode::StalledSender)
        fillStalledSender(connection);
}

void Worker::onEnded(Connection &connection)
{
    --m_active;
    if (!connection.wasUpgraded()) {
        --m_pending;
        ++m_settled;
        ++m_result.failures[Connection::failureKey(connection.failure())];
        if (m_result.firstFailureDetail.empty())
            m_result.firstFailureDetail = connection.failureDetail();
        m_result.lastSettledNs = std::max(m_result.lastSettledNs, connection.endedAtNs());
        startMore();
        return;
    }
    if (connection.protocolError()) {
        ++m_result.protocolErrors;
        if (m_result.firstProtocolError.empty())
            m_result.firstProtocolError = connection.protocolErrorText();
    }
    if (m_phase == Phase::Exchanging) {
        int &left = m_exchangeLeft[std::size_t(&connection - m_connections.data())];
        if (left > 0) {
            left = 0;
            --m_exchanging;
        }
    }
    partDone(std::size_t(&connection - m_connections.data()));
    if (m_phase == Phase::Closing) {
        if (!m_aborting && !connection.endedByServer() && connection.closeCode() != 0 && connection.closeCode() != 1006)
            ++m_result.closedCleanly;
        return;
    }
    // Silent, slow-reading and stalled clients are there to be ended by the server; anyone else was lost.
    if (m_options.mode != Mode::Silent && m_options.mode != Mode::SlowReader && m_options.mode != Mode::StalledSender)
        ++m_result.lost;
}

} // namespace wsm::bench
