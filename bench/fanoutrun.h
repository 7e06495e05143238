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

// What one run of wsm_fanout does. Durations are seconds, as on the command line.
struct FanoutOptions
{
    std::vector<Target> receiverTargets; // one per --url; --clients-per-url receivers on each
    Target publisherTarget;              // --publish-url (default: the first --url)
    int clientsPerUrl = 1000;
    double rate = 100;            // messages per second the publisher sends
    double warmupSeconds = 1;     // published but not measured
    double durationSeconds = 5;   // the measured window of publishing
    double drainSeconds = 2;      // after the window, at most this long for deliveries still on the way
    double timeoutSeconds = 120;  // hard cap on the whole run
    std::size_t messageSize = 64;
    int concurrency = 500;        // upgrades in progress at once
};

// Latencies in fixed buckets, so that millions of deliveries cost no memory per delivery: 1 us
// wide up to 100 ms, 1 ms wide up to 60 s, one bucket for the rest.
class LatencyHistogram
{
public:
    LatencyHistogram();
    void add(std::int64_t ns);
    std::uint64_t count() const { return m_count; }
    // The upper edge of the bucket holding the nearest-rank percentile p (0..1); 0 for none.
    std::int64_t percentileNs(double p) const;
    std::int64_t maxNs() const { return m_maxNs; }

private:
    std::vector<std::uint64_t> m_buckets;
    std::uint64_t m_count = 0;
    std::int64_t m_maxNs = 0;
};

struct FanoutResult
{
    int receivers = 0;
    int upgraded = 0;                     // receivers upgraded
    bool publisherUpgraded = false;
    std::map<std::string, int> failures;  // Connection::failureKey -> count (receivers and publisher)
    std::string firstFailureDetail;
    int lost = 0;                         // upgraded receivers (or the publisher) ended during the run
    int protocolErrors = 0;
    bool timedOut = false;
    bool interrupted = false;
    std::uint64_t publishedWarmup = 0;
    std::uint64_t published = 0;          // in the measured window
    std::uint64_t delivered = 0;          // of those, deliveries to receivers within the drain time
    std::uint64_t received = 0;           // deliveries of any message (warm-up too) from the window's start to the drain's end
    double receivingSeconds = 0;          // that time
    std::uint64_t outOfOrder = 0;         // a sequence number not above the receiver's last: duplicate or reorder
    std::uint64_t malformed = 0;          // messages that were not a publisher's
    std::uint64_t stale = 0;              // a publisher's of an earlier run the node was still sending
    std::string firstOutOfOrder;          // "SEQ after LAST" for the first one seen
    double windowSeconds = 0;             // from the first to the last message of the window
    double deliverySeconds = 0;           // from the window's first message sent to its last delivery
    std::int64_t drainNs = 0;             // from the window's end until the last delivery (or the drain limit)
    LatencyHistogram latency;
};

extern std::atomic<bool> g_fanoutStopRequested;

// One event loop (epoll): the receivers on every --url, the publisher, and a timerfd that paces
// the publisher. Each message carries its sequence number and the steady clock's time at sending;
// a receiver takes the time again on arrival (same machine, same clock).
class FanoutRun : public ConnectionObserver
{
public:
    explicit FanoutRun(const FanoutOptions &options);
    ~FanoutRun() override;

    FanoutRun(const FanoutRun &) = delete;
    FanoutRun &operator=(const FanoutRun &) = delete;

    bool init(std::string *error);
    void run();
    const FanoutResult &result() const { return m_result; }

    void onUpgraded(Connection &connection) override;
    void onMessage(Connection &connection, std::size_t size) override;
    void onWritable(Connection &) override {}
    void onEnded(Connection &connection) override;

private:
    enum class Phase { Connecting, Publishing, Draining, Closing };

    bool pumpUntil(std::int64_t untilNs, const std::function<bool()> &done);
    void startMore();
    void onTimer();
    void publishOne();
    void closeAll();
    bool isPublisher(const Connection &connection) const;
    std::size_t indexOf(const Connection &connection) const;

    FanoutOptions m_options;
    FanoutResult m_result;
    int m_epollFd = -1;
    int m_timerFd = -1;
    XorShift m_random;
    std::vector<ConnectionSettings> m_settings; // one per receiver target, then the publisher's
    std::vector<Connection> m_connections;      // receivers, then the publisher last
    std::vector<std::uint64_t> m_lastSequence;  // per receiver; 0: none yet
    std::string m_padding;
    Phase m_phase = Phase::Connecting;
    std::int64_t m_deadlineNs = 0;
    int m_nextToStart = 0;
    int m_pending = 0;
    int m_settled = 0;
    int m_open = 0;                       // upgraded receivers still open
    std::uint64_t m_runId = 0;            // in every message, so that an earlier run's stragglers are told apart
    std::uint64_t m_nextSequence = 1;
    std::uint64_t m_windowFirstSequence = 0; // 0 until the window starts
    std::uint64_t m_windowEndSequence = 0;   // 0 until it ends: the first sequence after it
    std::int64_t m_windowStartNs = 0;
    std::int64_t m_windowEndNs = 0;
    std::int64_t m_firstWindowSendNs = 0;
    std::int64_t m_lastWindowSendNs = 0;
    std::int64_t m_lastDeliveryNs = 0;
};

} // namespace wsm::bench
