#pragma once

#include "connection.h"
#include "options.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace wsm::bench {

// Set from the SIGINT/SIGTERM handler; every event loop sees it within 100 ms, ends its phase and
// closes its clients.
extern std::atomic<bool> g_stopRequested;

// What the event loops of one run share: the options, the clock, and two meeting points.
struct SharedRun
{
    const LoadOptions *options = nullptr;
    int workers = 1;
    std::int64_t startNs = 0;
    std::int64_t deadlineNs = 0; // startNs + --timeout
    // Echo: every loop has its clients connected; the last to arrive sets the measuring start,
    // so warm-up and window are the same for all.
    std::atomic<int> readyWorkers{0};
    std::atomic<std::int64_t> measureStartNs{0};
    // Hold: the last loop to settle its clients prints "held N" for all of them.
    std::atomic<int> settledWorkers{0};
    std::atomic<int> upgradedTotal{0};
    std::atomic<int> failedTotal{0};
    // Stalledsender and slowreader: the last loop whose clients have all sent their part (or
    // --max-bytes), or ended, prints "stalled N" or "sent N" for all of them.
    std::atomic<int> partsDoneWorkers{0};
    std::atomic<int> partsDoneTotal{0};
    std::atomic<int> partsUpgradedTotal{0};
};

// What one event loop saw. The main thread adds these up.
struct WorkerResult
{
    int started = 0;
    int upgraded = 0;
    std::map<std::string, int> failures; // Connection::failureKey -> count
    std::string firstFailureDetail;
    int protocolErrors = 0;
    std::string firstProtocolError;
    int lost = 0;                 // upgraded clients that ended while they were meant to stay
    std::int64_t firstConnectNs = 0;
    std::int64_t lastSettledNs = 0; // the last upgrade or failure of the connect phases
    bool timedOut = false;

    // echo, pingpong
    std::uint64_t messagesSent = 0;
    std::uint64_t messagesMeasured = 0;
    std::uint64_t wrongSize = 0;   // echoes whose size differs from what was sent
    std::uint64_t unexpected = 0;  // messages with nothing on the way
    std::vector<std::int64_t> latenciesNs;

    // silent: how late after each client's due time (its last byte + --server-timeout) it was closed
    std::vector<std::int64_t> reapLatenessNs;
    std::map<int, int> closeCodes;
    std::int64_t lastDueNs = 0;
    std::int64_t lastEndedNs = 0;
    int stillOpen = 0;

    // time spent connecting (until every client settled) and closing (until every client ended)
    std::int64_t connectPhasesNs = 0;
    std::int64_t closePhasesNs = 0;

    // churn
    int cyclesDone = 0;
    int closedCleanly = 0;         // our close answered with a close frame and a TCP close
    int closeAborted = 0;          // still not closed when the close wait ran out
    int dropped = 0;               // upgraded clients that vanished without a close frame (--drop-percent)
    std::uint64_t exchanged = 0;   // echoes received in the exchanges (--exchange)

    // slowreader (and stalledsender: bytesSent, endedByServer, closeCodes, stillOpen)
    std::uint64_t bytesSent = 0;
    int endedByServer = 0;
    std::vector<std::int64_t> endedAfterNs; // from each client's upgrade

    // stalledsender
    int stalled = 0;                  // clients that sent their whole part
    int closedBeforeStall = 0;        // ended by the server while still sending their part
    std::int64_t allStalledNs = 0;    // when every client had stalled or ended
    std::vector<std::int64_t> closedAfterStallNs; // from each stalled client's last part byte to its end
};

// One event loop (epoll) with its share of the clients, running the mode's phases. Each phase
// is bounded by the run's deadline; closing is bounded by a few seconds more.
class Worker : public ConnectionObserver
{
public:
    Worker(SharedRun *shared, int clientCount, int firstClientIndex);
    ~Worker() override;

    Worker(const Worker &) = delete;
    Worker &operator=(const Worker &) = delete;

    // Creates the epoll instance; false and *error if that fails.
    bool init(std::string *error);
    void run();
    const WorkerResult &result() const { return m_result; }

    void onUpgraded(Connection &connection) override;
    void onMessage(Connection &connection, std::size_t size) override;
    void onWritable(Connection &connection) override;
    void onEnded(Connection &connection) override;

private:
    enum class Phase { Connecting, Waiting, Measuring, Holding, Exchanging, Closing };

    void runEcho();
    void sendPaced(std::int64_t endNs);
    void runHold();
    void runStorm();
    void runChurn();
    void runSilent();
    void runSlowReader();
    void runStalledSender();

    void connectAll();
    void startMore();
    bool pumpUntil(std::int64_t untilNs, const std::function<bool()> &done, bool stopOnSignal);
    void closeAll();
    void abortAll();
    void exchangeAll();
    void dropSome(int cycle);
    std::int64_t meetOtherWorkers();
    void sendOne(Connection &connection);
    void fillSlowReader(Connection &connection);
    void fillStalledSender(Connection &connection);
    void partDone(std::size_t index);
    void announcePartsDone(const char *what);

    SharedRun *m_shared;
    const LoadOptions &m_options;
    int m_firstClientIndex;
    int m_epollFd = -1;
    XorShift m_random;
    ConnectionSettings m_settings;
    std::vector<Connection> m_connections;
    std::vector<sockaddr_in> m_sources; // empty: the kernel picks the source address
    std::string m_payload;
    WorkerResult m_result;

    Phase m_phase = Phase::Connecting;
    int m_nextToStart = 0;
    int m_pending = 0;  // started, not yet upgraded or failed
    int m_settled = 0;  // upgraded or failed in this connect phase
    int m_active = 0;   // started and not yet ended
    bool m_starting = false;
    bool m_aborting = false; // cutting off what the close wait left: not a clean close
    bool m_sending = false;
    std::int64_t m_windowStartNs = 0;
    std::int64_t m_windowEndNs = 0;
    std::vector<int> m_exchangeLeft; // churn: echoes each connection still waits for
    int m_exchanging = 0;            // connections with echoes still to come
    // stalledsender: what each connection still has to send of its part, when it stalled; and
    // slowreader too: which connections are still on their way (to --max-bytes or the part)
    std::vector<std::uint64_t> m_partLeft;
    std::vector<std::int64_t> m_stalledAtNs;
    std::vector<char> m_partPending;
    int m_partsPending = 0;
};

} // namespace wsm::bench
