// wsm_loadgen: a WebSocket load generator of our own for the benchmarks. Plain C++ and Linux
// epoll, no Qt: the client side must not share the costs it is measuring on the server side.

#include "fdlimit.h"
#include "stopsignals.h"
#include "options.h"
#include "selftest.h"
#include "worker.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace wsm::bench;

namespace {

void onStopSignal(int)
{
    g_stopRequested = true;
}

double ms(std::int64_t ns)
{
    return double(ns) / 1e6;
}

// Nearest-rank percentile of sorted values; 0 for none.
std::int64_t percentile(const std::vector<std::int64_t> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    std::size_t rank = std::size_t(p * double(sorted.size()) + 0.999999);
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

class ResultLine
{
public:
    void add(const std::string &key, const std::string &value) { m_text += (m_text.empty() ? "" : " ") + key + "=" + value; }
    void add(const std::string &key, std::int64_t value) { add(key, std::to_string(value)); }
    void add(const std::string &key, double value, int decimals)
    {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
        add(key, std::string(buffer));
    }
    const std::string &text() const { return m_text; }

private:
    std::string m_text;
};

// The sum of every loop's result.
WorkerResult merge(const std::vector<std::unique_ptr<Worker>> &workers)
{
    WorkerResult total;
    for (const auto &worker : workers) {
        const WorkerResult &r = worker->result();
        total.started += r.started;
        total.upgraded += r.upgraded;
        for (const auto &[key, count] : r.failures)
            total.failures[key] += count;
        if (total.firstFailureDetail.empty())
            total.firstFailureDetail = r.firstFailureDetail;
        total.protocolErrors += r.protocolErrors;
        if (total.firstProtocolError.empty())
            total.firstProtocolError = r.firstProtocolError;
        total.lost += r.lost;
        if (r.firstConnectNs != 0)
            total.firstConnectNs = total.firstConnectNs == 0 ? r.firstConnectNs : std::min(total.firstConnectNs, r.firstConnectNs);
        total.lastSettledNs = std::max(total.lastSettledNs, r.lastSettledNs);
        total.timedOut = total.timedOut || r.timedOut;
        total.messagesSent += r.messagesSent;
        total.messagesMeasured += r.messagesMeasured;
        total.wrongSize += r.wrongSize;
        total.unexpected += r.unexpected;
        total.latenciesNs.insert(total.latenciesNs.end(), r.latenciesNs.begin(), r.latenciesNs.end());
        total.reapLatenessNs.insert(total.reapLatenessNs.end(), r.reapLatenessNs.begin(), r.reapLatenessNs.end());
        for (const auto &[code, count] : r.closeCodes)
            total.closeCodes[code] += count;
        total.lastDueNs = std::max(total.lastDueNs, r.lastDueNs);
        total.lastEndedNs = std::max(total.lastEndedNs, r.lastEndedNs);
        total.stillOpen += r.stillOpen;
        total.cyclesDone = worker == workers.front() ? r.cyclesDone : std::min(total.cyclesDone, r.cyclesDone);
        total.connectPhasesNs = std::max(total.connectPhasesNs, r.connectPhasesNs);
        total.closePhasesNs = std::max(total.closePhasesNs, r.closePhasesNs);
        total.closedCleanly += r.closedCleanly;
        total.closeAborted += r.closeAborted;
        total.dropped += r.dropped;
        total.exchanged += r.exchanged;
        total.bytesSent += r.bytesSent;
        total.endedByServer += r.endedByServer;
        total.endedAfterNs.insert(total.endedAfterNs.end(), r.endedAfterNs.begin(), r.endedAfterNs.end());
        total.stalled += r.stalled;
        total.closedBeforeStall += r.closedBeforeStall;
        total.allStalledNs = std::max(total.allStalledNs, r.allStalledNs);
        total.closedAfterStallNs.insert(total.closedAfterStallNs.end(), r.closedAfterStallNs.begin(),
                                        r.closedAfterStallNs.end());
    }
    return total;
}

int failedCount(const WorkerResult &result)
{
    int failed = 0;
    for (const auto &entry : result.failures)
        failed += entry.second;
    return failed;
}

// One line of key=value pairs for scripts, one line starting with '#' for people.
void report(const LoadOptions &options, WorkerResult &result, std::int64_t wallNs, std::int64_t startNs)
{
    ResultLine line;
    const int failed = failedCount(result);
    line.add("mode", std::string(modeName(options.mode)));
    line.add("clients", options.clients);
    line.add("threads", options.threads);
    line.add("upgraded", result.upgraded);
    line.add("failed", failed);
    for (const auto &[key, count] : result.failures)
        line.add("failed_" + key, count);
    line.add("protocol_errors", result.protocolErrors);
    line.add("timed_out", result.timedOut ? 1 : 0);
    line.add("interrupted", g_stopRequested ? 1 : 0);
    line.add("wall_s", double(wallNs) / 1e9, 3);

    char human[512] = {};
    std::sort(result.latenciesNs.begin(), result.latenciesNs.end());
    const std::int64_t p50 = percentile(result.latenciesNs, 0.50);
    const std::int64_t p99 = percentile(result.latenciesNs, 0.99);
    const std::int64_t maximum = result.latenciesNs.empty() ? 0 : result.latenciesNs.back();
    const double rate = double(result.messagesMeasured) / options.durationSeconds;

    switch (options.mode) {
    case Mode::Echo:
        line.add("size", std::int64_t(options.messageSize));
        line.add("inflight", options.inFlight);
        line.add("warmup_s", options.warmupSeconds, 3);
        line.add("duration_s", options.durationSeconds, 3);
        line.add("messages", std::int64_t(result.messagesMeasured));
        line.add("msg_per_s", rate, 1);
        line.add("p50_ms", ms(p50), 3);
        line.add("p99_ms", ms(p99), 3);
        line.add("max_ms", ms(maximum), 3);
        line.add("sent", std::int64_t(result.messagesSent));
        line.add("wrong_size", std::int64_t(result.wrongSize));
        line.add("unexpected", std::int64_t(result.unexpected));
        line.add("lost", result.lost);
        std::snprintf(human, sizeof human,
                      "# echo: %.0f msg/s over %.1f s from %d of %d clients (%zu-byte %s messages, %d in flight each); "
                      "latency p50 %.3f ms, p99 %.3f ms, max %.3f ms; %d failed to connect, %d lost.",
                      rate, options.durationSeconds, result.upgraded, options.clients, options.messageSize,
                      options.text ? "text" : "binary", options.inFlight, ms(p50), ms(p99), ms(maximum), failed, result.lost);
        break;
    case Mode::PingPong:
        line.add("size", std::int64_t(options.messageSize));
        line.add("warmup_s", options.warmupSeconds, 3);
        line.add("duration_s", options.durationSeconds, 3);
        line.add("round_trips", std::int64_t(result.messagesMeasured));
        line.add("round_trips_per_s", rate, 1);
        line.add("p50_ms", ms(p50), 3);
        line.add("p99_ms", ms(p99), 3);
        line.add("max_ms", ms(maximum), 3);
        line.add("wrong_size", std::int64_t(result.wrongSize));
        line.add("lost", result.lost);
        std::snprintf(human, sizeof human,
                      "# pingpong: %.0f round trips/s over %.1f s (%zu-byte messages); p50 %.3f ms, p99 %.3f ms, max %.3f ms.",
                      rate, options.durationSeconds, options.messageSize, ms(p50), ms(p99), ms(maximum));
        break;
    case Mode::Hold:
        line.add("held", result.upgraded);
        line.add("lost", result.lost);
        line.add("connect_ms", ms(result.lastSettledNs - result.firstConnectNs), 1);
        std::snprintf(human, sizeof human,
                      "# hold: held %d of %d clients (connected in %.1f ms); %d failed to connect, %d lost while held.",
                      result.upgraded, options.clients, ms(result.lastSettledNs - result.firstConnectNs), failed,
                      result.lost);
        break;
    case Mode::Storm: {
        const double stormMs = ms(result.lastSettledNs - result.firstConnectNs);
        line.add("storm_ms", stormMs, 1);
        line.add("lost", result.lost);
        std::snprintf(human, sizeof human,
                      "# storm: %d connects at once, all settled after %.1f ms: %d upgraded, %d failed%s%s.",
                      options.clients, stormMs, result.upgraded, failed,
                      result.firstFailureDetail.empty() ? "" : "; first failure: ", result.firstFailureDetail.c_str());
        break;
    }
    case Mode::Churn:
        line.add("cycles", options.cycles);
        line.add("cycles_done", result.cyclesDone);
        line.add("connects", result.upgraded);
        line.add("closed_cleanly", result.closedCleanly);
        line.add("close_aborted", result.closeAborted);
        line.add("dropped", result.dropped);
        line.add("exchanged", std::int64_t(result.exchanged));
        line.add("wrong_size", std::int64_t(result.wrongSize));
        line.add("lost", result.lost);
        line.add("cycle_ms", result.cyclesDone > 0 ? ms(wallNs) / result.cyclesDone : 0.0, 1);
        line.add("connect_ms", result.cyclesDone > 0 ? ms(result.connectPhasesNs) / result.cyclesDone : 0.0, 1);
        line.add("close_ms", result.cyclesDone > 0 ? ms(result.closePhasesNs) / result.cyclesDone : 0.0, 1);
        std::snprintf(human, sizeof human,
                      "# churn: %d of %d cycles of %d clients in %.1f s: %d upgraded, %d failed, %" PRIu64
                      " echoes, %d closed cleanly, %d dropped without a close frame, %d cut off after the close wait, "
                      "%d lost.",
                      result.cyclesDone, options.cycles, options.clients, double(wallNs) / 1e9, result.upgraded, failed,
                      result.exchanged, result.closedCleanly, result.dropped, result.closeAborted, result.lost);
        break;
    case Mode::Silent: {
        std::sort(result.reapLatenessNs.begin(), result.reapLatenessNs.end());
        const std::vector<std::int64_t> &late = result.reapLatenessNs;
        const int closed = int(late.size());
        const double allClosedAfter = closed > 0 ? ms(result.lastEndedNs - result.lastDueNs) : 0.0;
        line.add("server_timeout_s", options.serverTimeoutSeconds, 3);
        line.add("closed_by_server", closed);
        line.add("still_open", result.stillOpen);
        line.add("reap_min_ms", late.empty() ? 0.0 : ms(late.front()), 1);
        line.add("reap_p50_ms", ms(percentile(late, 0.50)), 1);
        line.add("reap_max_ms", late.empty() ? 0.0 : ms(late.back()), 1);
        line.add("all_closed_after_ms", allClosedAfter, 1);
        std::string codes;
        for (const auto &[code, count] : result.closeCodes) {
            line.add("close_" + std::to_string(code), count);
            codes += (codes.empty() ? "" : ", ") + std::to_string(count) + " with " + std::to_string(code);
        }
        std::snprintf(human, sizeof human,
                      "# silent: the server closed %d of %d silent clients (%s), %d still open; after each one's "
                      "timeout (last byte + %.3g s): p50 %.1f ms, max %.1f ms (min %.1f ms).",
                      closed, result.upgraded, codes.empty() ? "none" : codes.c_str(), result.stillOpen,
                      options.serverTimeoutSeconds, ms(percentile(late, 0.50)), late.empty() ? 0.0 : ms(late.back()),
                      late.empty() ? 0.0 : ms(late.front()));
        break;
    }
    case Mode::SlowReader: {
        std::sort(result.endedAfterNs.begin(), result.endedAfterNs.end());
        const std::vector<std::int64_t> &after = result.endedAfterNs;
        line.add("size", std::int64_t(options.messageSize));
        line.add("sent_bytes", std::int64_t(result.bytesSent));
        line.add("ended_by_server", result.endedByServer);
        line.add("still_open", result.stillOpen);
        line.add("ended_after_p50_ms", ms(percentile(after, 0.50)), 1);
        line.add("ended_after_max_ms", after.empty() ? 0.0 : ms(after.back()), 1);
        std::snprintf(human, sizeof human,
                      "# slowreader: %d clients sent %" PRIu64 " bytes and never read; the server ended %d of them "
                      "(p50 %.1f ms after the upgrade), %d still open after %.1f s.",
                      result.upgraded, result.bytesSent, result.endedByServer, ms(percentile(after, 0.50)),
                      result.stillOpen, options.durationSeconds);
        break;
    }
    case Mode::StalledSender: {
        std::sort(result.closedAfterStallNs.begin(), result.closedAfterStallNs.end());
        const std::vector<std::int64_t> &after = result.closedAfterStallNs;
        const auto part = std::uint64_t(double(options.messageSize) * options.fractionPercent / 100.0);
        // 1009 and 1008 are what this mode is about: always on the line, 0 when none came.
        std::map<int, int> codes = result.closeCodes;
        codes[1008] += 0;
        codes[1009] += 0;
        line.add("size", std::int64_t(options.messageSize));
        line.add("fraction", options.fractionPercent, 2);
        line.add("part_bytes", std::int64_t(part));
        line.add("stalled", result.stalled);
        line.add("stall_ms", result.allStalledNs > 0 ? ms(result.allStalledNs - startNs) : 0.0, 1);
        line.add("sent_bytes", std::int64_t(result.bytesSent));
        line.add("closed_by_server", result.endedByServer);
        line.add("closed_before_stall", result.closedBeforeStall);
        std::string codeText;
        for (const auto &[code, count] : codes) {
            line.add("close_" + std::to_string(code), count);
            if (count > 0)
                codeText += (codeText.empty() ? "" : ", ") + std::to_string(count) + " with " + std::to_string(code);
        }
        line.add("still_open", result.stillOpen);
        line.add("closed_after_stall_p50_ms", ms(percentile(after, 0.50)), 1);
        line.add("closed_after_stall_max_ms", after.empty() ? 0.0 : ms(after.back()), 1);
        std::snprintf(human, sizeof human,
                      "# stalledsender: %d clients each began a %zu-byte binary message, %d sent %" PRIu64
                      " bytes of it and stalled; the server closed %d (%s; %d before they stalled), %d still open "
                      "after %.1f s; closed p50 %.1f ms after stalling, max %.1f ms.",
                      result.upgraded, options.messageSize, result.stalled, part, result.endedByServer,
                      codeText.empty() ? "none" : codeText.c_str(), result.closedBeforeStall, result.stillOpen,
                      double(wallNs) / 1e9, ms(percentile(after, 0.50)), after.empty() ? 0.0 : ms(after.back()));
        break;
    }
    }
    std::printf("%s\n%s\n", line.text().c_str(), human);
    if (failed > 0 && !result.firstFailureDetail.empty() && options.mode != Mode::Storm)
        std::printf("# first connect failure: %s\n", result.firstFailureDetail.c_str());
    if (result.protocolErrors > 0)
        std::printf("# first protocol error from the server: %s\n", result.firstProtocolError.c_str());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    const ParsedCommandLine parsed = parseCommandLine(argc, argv);
    switch (parsed.outcome) {
    case ParsedCommandLine::Outcome::Help:
        std::fputs(usageText().c_str(), stdout);
        return 0;
    case ParsedCommandLine::Outcome::SelfTest:
        return runSelfTest(stdout) ? 0 : 1;
    case ParsedCommandLine::Outcome::Error: {
        std::size_t start = 0;
        while (start <= parsed.error.size()) {
            const std::size_t end = std::min(parsed.error.find('\n', start), parsed.error.size());
            std::fprintf(stderr, "wsm_loadgen: %s\n", parsed.error.substr(start, end - start).c_str());
            start = end + 1;
        }
        std::fputs("Run 'wsm_loadgen --help' for every mode and option with its range.\n", stderr);
        return 2;
    }
    case ParsedCommandLine::Outcome::Run:
        break;
    }
    const LoadOptions &options = parsed.options;

    std::string error;
    // Clients, one epoll instance per loop, stdio and a margin.
    if (!raiseOpenFileLimit(std::uint64_t(options.clients) + std::uint64_t(options.threads) + 32, &error)) {
        std::fprintf(stderr, "wsm_loadgen: %s\n", error.c_str());
        return 1;
    }

    stopOnSignals(onStopSignal);

    SharedRun shared;
    shared.options = &options;
    shared.workers = options.threads;

    std::vector<std::unique_ptr<Worker>> workers;
    int firstClient = 0;
    for (int i = 0; i < options.threads; ++i) {
        const int share = options.clients / options.threads + (i < options.clients % options.threads ? 1 : 0);
        workers.push_back(std::make_unique<Worker>(&shared, share, firstClient));
        firstClient += share;
        if (!workers.back()->init(&error)) {
            std::fprintf(stderr, "wsm_loadgen: %s\n", error.c_str());
            return 1;
        }
    }

    shared.startNs = nowNs();
    shared.deadlineNs = shared.startNs + std::int64_t(options.timeoutSeconds * 1e9);
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < workers.size(); ++i)
        threads.emplace_back([&worker = *workers[i]] { worker.run(); });
    workers.front()->run();
    for (std::thread &thread : threads)
        thread.join();
    const std::int64_t wallNs = nowNs() - shared.startNs;

    WorkerResult result = merge(workers);
    report(options, result, wallNs, shared.startNs);
    if (result.upgraded == 0) {
        std::fprintf(stderr, "wsm_loadgen: no client was upgraded%s%s\n", result.firstFailureDetail.empty() ? "" : ": ",
                     result.firstFailureDetail.c_str());
        return 1;
    }
    return result.timedOut ? 3 : 0;
}
