// wsm_fanout: how long a broadcast takes from its publisher to every receiver, and how many
// deliveries a second the nodes sustain. Receivers spread over one or more nodes (--url, each a
// node of a cluster or the same node), one publisher sends timestamped text messages at --rate
// to one node in --mode broadcast; each receiver takes the steady clock on arrival (the same
// process, so the same clock). Plain C++ and epoll like wsm_loadgen, whose client it uses.

#include "fanoutrun.h"
#include "fdlimit.h"
#include "stopsignals.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace wsm::bench;

namespace {

void onStopSignal(int)
{
    g_fanoutStopRequested = true;
}

const char UsageText[] =
    "Usage: wsm_fanout --url ws://127.0.0.1:PORT/ [--url ...] [options]\n"
    "\n"
    "Broadcast latency and delivered messages per second. --clients-per-url receivers connect to\n"
    "each --url (the nodes of a cluster, or one node); then one publisher connects to --publish-url\n"
    "and sends --rate text messages a second, each carrying its sequence number and send time. The\n"
    "nodes must run --mode broadcast. Messages of the first --warmup seconds are not measured; those\n"
    "of the next --duration seconds are, until --drain seconds after the last. Loopback only.\n"
    "Prints one line of key=value pairs (the result) and one line for people (starting with '#').\n"
    "\n"
    "Options:\n"
    "  --url URL               a node receivers connect to, ws://127.x.x.x:PORT/PATH; repeat for more (required)\n"
    "  --publish-url URL       where the publisher connects; default the first --url\n"
    "  --clients-per-url N     receivers on each --url, 1-100000; default 1000\n"
    "  --rate R                messages per second published, 0.1-1000000; default 100\n"
    "  --size BYTES            message size, 48-1048576; default 64\n"
    "  --warmup S              0-600; default 1\n"
    "  --duration S            the measured window, 0.1-3600; default 5\n"
    "  --drain S               after the window, the most to wait for deliveries, 0-600; default 2\n"
    "  --timeout S             hard cap on the whole run, 1-86400; default 120\n"
    "  --concurrency N         upgrades in progress at once, 1-100000; default 500\n"
    "  -h, --help              this text\n"
    "\n"
    "Result keys: receivers upgraded failed lost published expected delivered delivery_ratio\n"
    "delivered_per_s (the window's deliveries, from its first publish to its last delivery)\n"
    "throughput_per_s (deliveries of any message, warm-up too, from the window's start to the end of\n"
    "the drain: what the nodes sustain when they cannot keep up) p50_ms p99_ms max_ms\n"
    "out_of_order (a receiver saw a sequence number not above its last: a duplicate or a reorder;\n"
    "0 when each node's order holds) malformed stale (an earlier run's messages, which a node was\n"
    "still sending: ignored) drain_ms timed_out interrupted. Publish time is\n"
    "when the publisher hands a message to its socket: a node that reads it late adds to latency.\n"
    "Exit: 0 measured; 1 nothing could be measured (no receiver or no publisher); 2 bad command line.\n";

struct Range
{
    const char *name;
    double minimum;
    double maximum;
    bool whole;
};

// "--name VALUE" or "--name=VALUE": the value, or nullptr after saying why.
const char *takeValue(int argc, char **argv, int *i, const std::string &name)
{
    const std::string arg = argv[*i];
    if (arg.size() > name.size() && arg.compare(0, name.size() + 1, name + "=") == 0)
        return argv[*i] + name.size() + 1;
    if (*i + 1 >= argc) {
        std::fprintf(stderr, "wsm_fanout: %s needs a value.\n", name.c_str());
        return nullptr;
    }
    return argv[++*i];
}

bool parseNumber(const char *text, const Range &range, double *value)
{
    char *end = nullptr;
    const double parsed = std::strtod(text, &end);
    const bool ok = end != text && *end == '\0' && std::isfinite(parsed) && parsed >= range.minimum
        && parsed <= range.maximum && (!range.whole || parsed == std::floor(parsed));
    if (!ok) {
        std::fprintf(stderr, "wsm_fanout: --%s must be %s between %.10g and %.10g; got '%s'.\n", range.name,
                     range.whole ? "a whole number" : "a number", range.minimum, range.maximum, text);
        return false;
    }
    *value = parsed;
    return true;
}

// 0: run; 1: help shown; 2: error said.
int parseCommandLine(int argc, char **argv, FanoutOptions *options)
{
    std::string publishUrl;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const std::string name = arg.substr(0, arg.find('='));
        if (arg == "-h" || arg == "--help") {
            std::fputs(UsageText, stdout);
            return 1;
        }
        const char *value = nullptr;
        if (name == "--url" || name == "--publish-url") {
            if (!(value = takeValue(argc, argv, &i, name)))
                return 2;
            Target target;
            std::string error;
            if (!parseUrl(value, &target, &error)) {
                std::fprintf(stderr, "wsm_fanout: %s: %s\n", name.c_str(), error.c_str());
                return 2;
            }
            if (name == "--url") {
                options->receiverTargets.push_back(target);
            } else {
                publishUrl = value;
                options->publisherTarget = target;
            }
            continue;
        }
        static const Range ranges[] = {
            {"clients-per-url", 1, 100000, true}, {"rate", 0.1, 1000000, false}, {"size", 48, 1048576, true},
            {"warmup", 0, 600, false}, {"duration", 0.1, 3600, false}, {"drain", 0, 600, false},
            {"timeout", 1, 86400, false}, {"concurrency", 1, 100000, true},
        };
        const Range *range = nullptr;
        for (const Range &candidate : ranges) {
            if (name == std::string("--") + candidate.name)
                range = &candidate;
        }
        if (!range) {
            std::fprintf(stderr, "wsm_fanout: unknown argument '%s'; see --help.\n", arg.c_str());
            return 2;
        }
        double number = 0;
        if (!(value = takeValue(argc, argv, &i, name)) || !parseNumber(value, *range, &number))
            return 2;
        const std::string key = range->name;
        if (key == "clients-per-url")
            options->clientsPerUrl = int(number);
        else if (key == "rate")
            options->rate = number;
        else if (key == "size")
            options->messageSize = std::size_t(number);
        else if (key == "warmup")
            options->warmupSeconds = number;
        else if (key == "duration")
            options->durationSeconds = number;
        else if (key == "drain")
            options->drainSeconds = number;
        else if (key == "timeout")
            options->timeoutSeconds = number;
        else
            options->concurrency = int(number);
    }
    if (options->receiverTargets.empty()) {
        std::fprintf(stderr, "wsm_fanout: --url is required (at least one node for the receivers); see --help.\n");
        return 2;
    }
    if (publishUrl.empty())
        options->publisherTarget = options->receiverTargets.front();
    return 0;
}

double ms(std::int64_t ns)
{
    return double(ns) / 1e6;
}

void report(const FanoutOptions &options, const FanoutResult &result)
{
    int failed = 0;
    for (const auto &entry : result.failures)
        failed += entry.second;
    const std::uint64_t expected = result.published * std::uint64_t(result.upgraded);
    const double ratio = expected ? double(result.delivered) / double(expected) : 0;
    const double perSecond = result.deliverySeconds > 0 ? double(result.delivered) / result.deliverySeconds : 0;
    const double throughput = result.receivingSeconds > 0 ? double(result.received) / result.receivingSeconds : 0;
    const double p50 = ms(result.latency.percentileNs(0.50));
    const double p99 = ms(result.latency.percentileNs(0.99));
    const double max = ms(result.latency.maxNs());
    std::printf("mode=fanout urls=%zu receivers=%d upgraded=%d publisher=%d failed=%d lost=%d protocol_errors=%d "
                "rate=%.1f size=%zu window_s=%.3f published=%" PRIu64 " expected=%" PRIu64 " delivered=%" PRIu64
                " delivery_ratio=%.4f delivered_per_s=%.1f throughput_per_s=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f out_of_order=%" PRIu64
                " malformed=%" PRIu64 " stale=%" PRIu64 " drain_ms=%.1f timed_out=%d interrupted=%d\n",
                options.receiverTargets.size(), result.receivers, result.upgraded, result.publisherUpgraded ? 1 : 0,
                failed, result.lost, result.protocolErrors, options.rate, options.messageSize, result.windowSeconds,
                result.published, expected, result.delivered, ratio, perSecond, throughput, p50, p99, max, result.outOfOrder,
                result.malformed, result.stale, ms(result.drainNs), result.timedOut ? 1 : 0, result.interrupted ? 1 : 0);
    std::printf("# fanout: %" PRIu64 " messages at %.0f/s to %d receivers on %zu node(s): %.1f%% delivered, "
                "%.0f deliveries/s (%.0f/s of any message); latency p50 %.3f ms, p99 %.3f ms, max %.3f ms; %d failed to connect, %d lost, "
                "%" PRIu64 " out of order.\n",
                result.published, options.rate, result.upgraded, options.receiverTargets.size(), ratio * 100, perSecond,
                throughput, p50, p99, max, failed, result.lost, result.outOfOrder);
    if (!result.firstFailureDetail.empty())
        std::printf("# first connect failure: %s\n", result.firstFailureDetail.c_str());
    if (!result.firstOutOfOrder.empty())
        std::printf("# first out of order: message %s at one receiver\n", result.firstOutOfOrder.c_str());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    FanoutOptions options;
    const int parsed = parseCommandLine(argc, argv, &options);
    if (parsed != 0)
        return parsed == 1 ? 0 : 2;

    std::string error;
    const std::uint64_t clients = options.receiverTargets.size() * std::uint64_t(options.clientsPerUrl) + 1;
    // Clients, epoll, the timer, stdio and a margin.
    if (!raiseOpenFileLimit(clients + 32, &error)) {
        std::fprintf(stderr, "wsm_fanout: %s\n", error.c_str());
        return 1;
    }
    stopOnSignals(onStopSignal);

    FanoutRun run(options);
    if (!run.init(&error)) {
        std::fprintf(stderr, "wsm_fanout: %s\n", error.c_str());
        return 1;
    }
    run.run();
    report(options, run.result());
    if (run.result().upgraded == 0 || !run.result().publisherUpgraded) {
        std::fprintf(stderr, "wsm_fanout: nothing measured: %s\n",
                     run.result().firstFailureDetail.empty() ? "no client was upgraded" : run.result().firstFailureDetail.c_str());
        return 1;
    }
    return 0;
}
