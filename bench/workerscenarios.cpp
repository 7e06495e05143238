// Worker, part: the scenarios (echo, hold, storm, churn, silent, slow reader, stalled sender), each
// driving this loop's clients through the steps in worker.cpp.

#include "worker.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <sys/socket.h>
#include <unistd.h>

namespace wsm::bench {

namespace {

// Paced echo (--rate) and churn pauses look at the clock this often.
constexpr std::int64_t PaceStepNs = 10000000;

std::int64_t secondsToNs(double seconds)
{
    return std::int64_t(seconds * 1e9);
}

} // namespace

void Worker::runEcho()
{
    connectAll();
    const std::int64_t start = meetOtherWorkers();
    m_windowStartNs = start + secondsToNs(m_options.warmupSeconds);
    m_windowEndNs = m_windowStartNs + secondsToNs(m_options.durationSeconds);
    if (m_windowEndNs > m_shared->deadlineNs)
        m_result.timedOut = true;

    m_phase = Phase::Measuring;
    m_sending = true;
    const std::int64_t endNs = std::min(m_windowEndNs, m_shared->deadlineNs);
    if (m_options.rate > 0) {
        sendPaced(endNs);
    } else {
        for (Connection &connection : m_connections) {
            for (int i = 0; i < m_options.inFlight && connection.isOpen(); ++i)
                sendOne(connection);
        }
        pumpUntil(endNs, nullptr, true);
    }
    m_sending = false;
    closeAll();
}

void Worker::sendPaced(std::int64_t endNs)
{
    // Each loop sends its share of --rate, in round robin over the clients that have room on the
    // way; a message that finds no room is skipped, not owed, so a slow server is not flooded later.
    const double perNs = m_options.rate / double(m_shared->workers) / 1e9;
    const std::int64_t beginNs = nowNs();
    std::int64_t due = 0;
    std::size_t next = 0;
    while (!g_stopRequested && nowNs() < endNs) {
        const std::int64_t shouldHaveSent = std::int64_t(double(nowNs() - beginNs) * perNs);
        for (; due < shouldHaveSent; ++due) {
            for (std::size_t tried = 0; tried < m_connections.size(); ++tried) {
                Connection &connection = m_connections[next];
                next = (next + 1) % m_connections.size();
                if (connection.isOpen() && int(connection.sendTimes().size()) < m_options.inFlight) {
                    sendOne(connection);
                    break;
                }
            }
        }
        pumpUntil(std::min(endNs, nowNs() + PaceStepNs), nullptr, true);
    }
}

void Worker::runHold()
{
    connectAll();
    m_shared->upgradedTotal += m_result.upgraded;
    int failed = 0;
    for (const auto &entry : m_result.failures)
        failed += entry.second;
    m_shared->failedTotal += failed;
    if (++m_shared->settledWorkers == m_shared->workers) {
        const int held = m_shared->upgradedTotal.load();
        const int failedTotal = m_shared->failedTotal.load();
        if (failedTotal == 0)
            std::printf("held %d\n", held);
        else
            std::printf("held %d of %d (%d failed)\n", held, held + failedTotal, failedTotal);
        std::fflush(stdout);
    }

    m_phase = Phase::Holding;
    std::int64_t until = m_shared->deadlineNs;
    if (m_options.durationSeconds > 0)
        until = std::min(until, nowNs() + secondsToNs(m_options.durationSeconds));
    pumpUntil(until, [this] { return m_active == 0; }, true);
    closeAll();
}

void Worker::runStorm()
{
    connectAll();
    closeAll();
}

void Worker::runChurn()
{
    // --duration bounds when a cycle may start; the one under way finishes (within --timeout).
    const std::int64_t lastStartNs = m_options.durationSeconds > 0
        ? m_shared->startNs + secondsToNs(m_options.durationSeconds)
        : m_shared->deadlineNs;
    for (int cycle = 0; cycle < m_options.cycles; ++cycle) {
        if (cycle > 0 && nowNs() >= lastStartNs)
            break;
        connectAll();
        if (m_options.exchange > 0)
            exchangeAll();
        if (m_options.dropPercent > 0)
            dropSome(cycle);
        closeAll();
        if (m_result.timedOut || g_stopRequested)
            break;
        ++m_result.cyclesDone;
        for (Connection &connection : m_connections)
            connection.reset();
        if (m_options.pauseSeconds > 0)
            pumpUntil(std::min(lastStartNs, nowNs() + secondsToNs(m_options.pauseSeconds)), nullptr, true);
    }
}

void Worker::runSilent()
{
    connectAll();
    m_phase = Phase::Holding;
    const bool allClosed = pumpUntil(m_shared->deadlineNs, [this] { return m_active == 0; }, true);
    if (!allClosed && !g_stopRequested)
        m_result.timedOut = true;

    const std::int64_t timeoutNs = secondsToNs(m_options.serverTimeoutSeconds);
    for (const Connection &connection : m_connections) {
        if (!connection.wasUpgraded())
            continue;
        const std::int64_t due = connection.lastSentNs() + timeoutNs;
        m_result.lastDueNs = std::max(m_result.lastDueNs, due);
        if (connection.state() == Connection::State::Ended && connection.endedByServer()) {
            m_result.reapLatenessNs.push_back(connection.endedAtNs() - due);
            m_result.lastEndedNs = std::max(m_result.lastEndedNs, connection.endedAtNs());
            ++m_result.closeCodes[connection.closeCode()];
        } else if (connection.state() != Connection::State::Ended) {
            ++m_result.stillOpen;
        }
    }
    abortAll();
}

void Worker::runSlowReader()
{
    connectAll();
    m_phase = Phase::Holding;
    m_partPending.assign(m_connections.size(), 0);
    m_partsPending = 0;
    for (std::size_t i = 0; i < m_connections.size(); ++i) {
        if (m_connections[i].isOpen()) {
            m_partPending[i] = 1;
            ++m_partsPending;
        }
    }
    for (Connection &connection : m_connections) {
        if (connection.isOpen()) {
            connection.setWantWritable(true);
            fillSlowReader(connection);
        }
    }
    const std::int64_t until = std::min(m_shared->deadlineNs, nowNs() + secondsToNs(m_options.durationSeconds));
    // "sent N" once every client has sent --max-bytes (or ended), for scripts that load the
    // server only after the whole attack is on its way.
    if (pumpUntil(until, [this] { return m_partsPending == 0; }, true))
        announcePartsDone("sent");
    pumpUntil(until, [this] { return m_active == 0; }, true);

    for (const Connection &connection : m_connections) {
        if (!connection.wasUpgraded())
            continue;
        m_result.bytesSent += connection.bytesSent();
        if (connection.state() == Connection::State::Ended && connection.endedByServer()) {
            ++m_result.endedByServer;
            m_result.endedAfterNs.push_back(connection.endedAtNs() - connection.upgradedAtNs());
        } else if (connection.state() != Connection::State::Ended) {
            ++m_result.stillOpen;
        }
    }
    abortAll();
}

void Worker::runStalledSender()
{
    connectAll();
    m_phase = Phase::Holding;
    const std::size_t count = m_connections.size();
    // Rounded down, and so always short of the whole frame: the message is never complete.
    const auto part = std::uint64_t(double(m_options.messageSize) * m_options.fractionPercent / 100.0);
    m_partLeft.assign(count, 0);
    m_stalledAtNs.assign(count, 0);
    m_partPending.assign(count, 0);
    m_partsPending = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (m_connections[i].isOpen()) {
            m_partLeft[i] = part;
            m_partPending[i] = 1;
            ++m_partsPending;
        }
    }
    for (std::size_t i = 0; i < count; ++i) {
        Connection &connection = m_connections[i];
        if (!connection.isOpen())
            continue;
        connection.setWantWritable(true);
        connection.beginBinaryFrame(m_options.messageSize);
        fillStalledSender(connection);
    }
    const bool allStalled = pumpUntil(m_shared->deadlineNs, [this] { return m_partsPending == 0; }, true);
    m_result.allStalledNs = nowNs();
    if (allStalled)
        announcePartsDone("stalled");

    // Stalled: nothing more is sent but pongs and the answer to a close; what comes is read and dropped.
    std::int64_t until = m_shared->deadlineNs;
    if (m_options.durationSeconds > 0)
        until = std::min(until, nowNs() + secondsToNs(m_options.durationSeconds));
    const bool allClosed = pumpUntil(until, [this] { return m_active == 0; }, true);
    if (!allClosed && !g_stopRequested && nowNs() >= m_shared->deadlineNs)
        m_result.timedOut = true;

    for (std::size_t i = 0; i < count; ++i) {
        const Connection &connection = m_connections[i];
        if (!connection.wasUpgraded())
            continue;
        m_result.bytesSent += connection.bytesSent();
        if (connection.state() == Connection::State::Ended && connection.endedByServer()) {
            ++m_result.endedByServer;
            ++m_result.closeCodes[connection.closeCode()];
            if (m_stalledAtNs[i] != 0)
                m_result.closedAfterStallNs.push_back(connection.endedAtNs() - m_stalledAtNs[i]);
            else
                ++m_result.closedBeforeStall;
        } else if (connection.state() != Connection::State::Ended) {
            ++m_result.stillOpen;
        }
    }
    abortAll();
}

} // namespace wsm::bench
