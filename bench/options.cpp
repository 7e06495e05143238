#include "options.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

namespace wsm::bench {

namespace {

// One bit per mode: which options a mode takes, so that a misplaced option is an error rather
// than silently ignored.
constexpr unsigned bit(Mode mode)
{
    return 1u << static_cast<unsigned>(mode);
}
constexpr unsigned AllModes = 0xFF;
constexpr unsigned MessageModes = bit(Mode::Echo) | bit(Mode::PingPong) | bit(Mode::SlowReader) | bit(Mode::Churn);
constexpr unsigned ManyClientModes = AllModes & ~bit(Mode::PingPong);
constexpr unsigned ConnectingModes = ManyClientModes & ~bit(Mode::SlowReader);

struct NumberOption
{
    const char *name;
    double minimum;
    double maximum;
    bool integer;
    const char *unit;
    const char *zeroMeans; // nullptr when 0 is not special
    unsigned modes;
};

const NumberOption numberOptions[] = {
    {"clients", 1, 100000, true, "clients", nullptr, ManyClientModes},
    {"size", 0, 16777216, true, "bytes", nullptr, MessageModes | bit(Mode::StalledSender)},
    {"inflight", 1, 10000, true, "messages", nullptr, bit(Mode::Echo)},
    {"warmup", 0, 3600, false, "seconds", nullptr, bit(Mode::Echo) | bit(Mode::PingPong)},
    {"duration", 0, 86400, false, "seconds",
     "hold: until killed or --timeout; churn: --cycles only; stalledsender: until the server closed all or --timeout",
     bit(Mode::Echo) | bit(Mode::PingPong) | bit(Mode::Hold) | bit(Mode::SlowReader) | bit(Mode::Churn)
         | bit(Mode::StalledSender)},
    {"timeout", 1, 86400, false, "seconds", nullptr, AllModes},
    {"threads", 1, 64, true, "threads", nullptr, ConnectingModes},
    {"concurrency", 0, 1000000, true, "upgrades in progress", "all at once", ConnectingModes},
    {"source-addresses", 1, 254, true, "addresses", nullptr, AllModes},
    {"cycles", 1, 100000, true, "cycles", nullptr, bit(Mode::Churn)},
    {"pause", 0, 3600, false, "seconds", nullptr, bit(Mode::Churn)},
    {"rate", 0, 10000000, false, "messages per second", "as fast as echoes return", bit(Mode::Echo)},
    {"exchange", 0, 10000, true, "messages", nullptr, bit(Mode::Churn)},
    {"drop-percent", 0, 100, true, "percent", nullptr, bit(Mode::Churn)},
    {"server-timeout", 0, 86400, false, "seconds", nullptr, bit(Mode::Silent)},
    {"max-bytes", 1, 1099511627776.0, true, "bytes", nullptr, bit(Mode::SlowReader)},
    {"fraction", 0, 99.99, false, "percent of --size", nullptr, bit(Mode::StalledSender)},
};

struct ModeEntry
{
    const char *name;
    Mode mode;
};

const ModeEntry modes[] = {
    {"echo", Mode::Echo},   {"pingpong", Mode::PingPong}, {"hold", Mode::Hold},
    {"storm", Mode::Storm}, {"churn", Mode::Churn},       {"silent", Mode::Silent},
    {"slowreader", Mode::SlowReader}, {"stalledsender", Mode::StalledSender},
};

std::string formatNumber(double value)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6f", value);
    std::string text = buffer;
    while (!text.empty() && text.back() == '0')
        text.pop_back();
    if (!text.empty() && text.back() == '.')
        text.pop_back();
    return text;
}

// Plain decimals only: "1e3", "0x10" and " 5" are more likely typos than intent.
bool parsePlainNumber(const std::string &text, bool integer, double *value)
{
    if (text.empty())
        return false;
    bool dot = false;
    bool digitsBeforeDot = false;
    bool digitsAfterDot = false;
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            (dot ? digitsAfterDot : digitsBeforeDot) = true;
        } else if (c == '.' && !dot && !integer) {
            dot = true;
        } else {
            return false;
        }
    }
    if (!digitsBeforeDot || (dot && !digitsAfterDot))
        return false;
    *value = std::strtod(text.c_str(), nullptr);
    return std::isfinite(*value);
}

std::string rangeError(const NumberOption &option, const std::string &given)
{
    std::string sentence = std::string("--") + option.name + " must be " + (option.integer ? "a whole number " : "a number ")
        + "between " + formatNumber(option.minimum) + " and " + formatNumber(option.maximum) + " " + option.unit;
    if (option.zeroMeans)
        sentence += std::string(" (0: ") + option.zeroMeans + ")";
    return sentence + "; got '" + given + "'.";
}

} // namespace

// "ws://127.0.0.1:8080/path", "ws://[::1]:8080/", "ws://localhost:8080". Only loopback targets:
// this tool floods what it points at, so it never points at another machine.
bool parseUrl(const std::string &url, Target *target, std::string *error)
{
    const std::string scheme = "ws://";
    if (url.compare(0, scheme.size(), scheme) != 0) {
        *error = "--url must start with ws:// (e.g. ws://127.0.0.1:8080/); got '" + url + "'.";
        return false;
    }
    const std::string rest = url.substr(scheme.size());
    const std::size_t slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    target->path = slash == std::string::npos ? "/" : rest.substr(slash);

    std::string host;
    std::string portText;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string::npos || close + 1 >= authority.size() || authority[close + 1] != ':') {
            *error = "--url needs a port, e.g. ws://[::1]:8080/; got '" + url + "'.";
            return false;
        }
        host = authority.substr(1, close - 1);
        portText = authority.substr(close + 2);
    } else {
        const std::size_t colon = authority.rfind(':');
        if (colon == std::string::npos) {
            *error = "--url needs a port, e.g. ws://127.0.0.1:8080/; got '" + url + "'.";
            return false;
        }
        host = authority.substr(0, colon);
        portText = authority.substr(colon + 1);
    }
    double port = 0;
    if (!parsePlainNumber(portText, true, &port) || port < 1 || port > 65535) {
        *error = "--url port must be between 1 and 65535; got '" + portText + "'.";
        return false;
    }

    const std::string refusal = "refusing target '" + host
        + "': the benchmarks only connect to loopback addresses (127.0.0.0/8, ::1 or localhost).";
    if (host == "localhost")
        host = "127.0.0.1";
    in_addr v4{};
    in6_addr v6{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
        if ((ntohl(v4.s_addr) >> 24) != 127) {
            *error = refusal;
            return false;
        }
        auto *address = reinterpret_cast<sockaddr_in *>(&target->address);
        address->sin_family = AF_INET;
        address->sin_port = htons(std::uint16_t(port));
        address->sin_addr = v4;
        target->addressLength = sizeof(sockaddr_in);
        target->ipv6 = false;
        target->hostHeader = host + ":" + portText;
        return true;
    }
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
        if (std::memcmp(&v6, &in6addr_loopback, sizeof v6) != 0) {
            *error = refusal;
            return false;
        }
        auto *address = reinterpret_cast<sockaddr_in6 *>(&target->address);
        address->sin6_family = AF_INET6;
        address->sin6_port = htons(std::uint16_t(port));
        address->sin6_addr = v6;
        target->addressLength = sizeof(sockaddr_in6);
        target->ipv6 = true;
        target->hostHeader = "[::1]:" + portText;
        return true;
    }
    *error = refusal; // a name: no lookup, a name could point anywhere
    return false;
}

namespace {

void applyModeDefaults(LoadOptions *options)
{
    switch (options->mode) {
    case Mode::Echo: options->clients = 10; break;
    case Mode::PingPong: options->clients = 1; break;
    case Mode::Hold:
        options->clients = 100;
        options->durationSeconds = 0;
        options->timeoutSeconds = 600;
        break;
    case Mode::Storm:
        options->clients = 1000;
        options->concurrency = 0;
        break;
    case Mode::Churn:
        options->clients = 100;
        options->durationSeconds = 0;
        break;
    case Mode::Silent: options->clients = 100; break;
    case Mode::SlowReader:
        options->clients = 1;
        options->durationSeconds = 10;
        break;
    case Mode::StalledSender:
        options->clients = 100;
        // Just under wsmonitor's default --max-message-bytes (1048576): refused for its size it
        // would test nothing. 95% of it is 995,600 bytes.
        options->messageSize = 1048000;
        options->durationSeconds = 0;
        break;
    }
}

void setNumber(LoadOptions *options, const std::string &name, double value)
{
    if (name == "clients") options->clients = int(value);
    else if (name == "size") options->messageSize = std::size_t(value);
    else if (name == "inflight") options->inFlight = int(value);
    else if (name == "warmup") options->warmupSeconds = value;
    else if (name == "duration") options->durationSeconds = value;
    else if (name == "timeout") options->timeoutSeconds = value;
    else if (name == "threads") options->threads = int(value);
    else if (name == "concurrency") options->concurrency = int(value);
    else if (name == "source-addresses") options->sourceAddresses = int(value);
    else if (name == "cycles") options->cycles = int(value);
    else if (name == "exchange") options->exchange = int(value);
    else if (name == "pause") options->pauseSeconds = value;
    else if (name == "rate") options->rate = value;
    else if (name == "drop-percent") options->dropPercent = int(value);
    else if (name == "server-timeout") options->serverTimeoutSeconds = value;
    else if (name == "max-bytes") options->maxBytes = std::uint64_t(value);
    else if (name == "fraction") options->fractionPercent = value;
}

} // namespace

const char *modeName(Mode mode)
{
    for (const ModeEntry &entry : modes) {
        if (entry.mode == mode)
            return entry.name;
    }
    return "?";
}

std::string usageText()
{
    return "Usage: wsm_loadgen MODE --url ws://127.0.0.1:PORT/PATH [options]\n"
           "       wsm_loadgen --self-test\n"
           "\n"
           "A WebSocket load generator for loopback servers only (127.0.0.0/8, ::1).\n"
           "Prints one line of key=value pairs (the result) and one line for people (starting with '#').\n"
           "\n"
           "Modes:\n"
           "  echo        N clients send messages and time each echo; msg/s and p50/p99 latency after a warm-up.\n"
           "  pingpong    one client, one message in flight: round trips/s and p50/p99.\n"
           "  hold        open N idle clients, answer pings, print 'held N' once all are upgraded, keep them\n"
           "              until killed (SIGINT/SIGTERM), --duration passes or --timeout.\n"
           "  storm       N connects at once: time until all are upgraded, failures counted.\n"
           "  churn       --cycles of: N clients connect, upgrade, exchange --exchange echoed messages, close\n"
           "              with 1000, except --drop-percent of them that vanish without a close frame (RST or FIN).\n"
           "  silent      N clients that read but never answer pings nor send: when did the server close them,\n"
           "              after its heartbeat timeout (--server-timeout) counted from each client's last byte.\n"
           "  slowreader  clients send messages and never read: when does the server give up on them; prints\n"
           "              'sent N' once all have sent --max-bytes.\n"
           "  stalledsender  N clients each send the head and --fraction of one binary frame of --size bytes,\n"
           "              then stall: they never send the rest, read and drop what comes, answer pings and the\n"
           "              close; prints 'stalled N' once all have sent their part. Which did the server close, with\n"
           "              which codes (1009: inbound ceiling; 1008: minimum receive rate), which are still open.\n"
           "\n"
           "Options (each mode takes only the ones that apply to it):\n"
           "  --url URL               ws://HOST:PORT/PATH, HOST 127.x.x.x, [::1] or localhost (required)\n"
           "  --clients N             1-100000; default echo 10, hold 100, storm 1000, churn 100, silent 100,\n"
           "                          slowreader 1, stalledsender 100\n"
           "  --size BYTES            message size (echo, pingpong, slowreader, churn), 0-16777216; default 64;\n"
           "                          stalledsender: the frame's payload size, 1-16777216, default 1048000\n"
           "  --fraction P            stalledsender: percent of --size sent before stalling, 0-99.99 (rounded\n"
           "                          down to whole bytes); default 95\n"
           "  --text                  send text messages (ASCII) instead of binary\n"
           "  --inflight N            echo: messages each client keeps on the way, 1-10000; default 1\n"
           "  --rate N                echo: messages per second over all clients, each client keeping at most\n"
           "                          --inflight on the way, 0-10000000 (0: as fast as echoes return); default 0\n"
           "  --warmup S              echo, pingpong: seconds before measuring, 0-3600; default 1\n"
           "  --duration S            echo, pingpong: seconds measured (default 5); slowreader: seconds to\n"
           "                          keep sending (default 10); hold: seconds to hold (default 0: until\n"
           "                          killed or --timeout); churn: no new cycle starts after it (default 0:\n"
           "                          --cycles only); stalledsender: seconds to stay once all have stalled\n"
           "                          (default 0: until the server closed them all, or --timeout)\n"
           "  --timeout S             hard cap on the run, 1-86400; default 120 (hold 600); closing the\n"
           "                          clients afterwards takes at most 5 s more\n"
           "  --threads N             event loops sharing the clients, 1-64; default 1\n"
           "  --concurrency N         upgrades in progress at once, 0-1000000 (0: all at once);\n"
           "                          default 500 (storm 0)\n"
           "  --source-addresses N    spread clients over 127.0.0.1..127.0.0.N so repeated runs of 10,000+\n"
           "                          connections do not run out of ephemeral ports (TIME_WAIT), 1-254;\n"
           "                          default 16 for a 127.x target, 1 for ::1\n"
           "  --cycles N              churn: cycles, 1-100000; default 10\n"
           "  --pause S               churn: seconds between cycles, 0-3600; default 0\n"
           "  --exchange N            churn: messages each client sends and sees echoed before it closes (the\n"
           "                          server must echo), 0-10000; default 0\n"
           "  --drop-percent P        churn: share of the clients that vanish instead of closing, half with an\n"
           "                          RST and half with a plain TCP close, 0-100; default 0\n"
           "  --server-timeout S      silent: the server's heartbeat timeout, 0-86400; default 0\n"
           "  --max-bytes N           slowreader: stop sending after this many bytes per client; default 268435456\n"
           "  --self-test             check SHA-1, base64, the accept key and frame coding against known values\n"
           "  --help                  show this text\n"
           "\n"
           "Exit codes: 0 done; 1 could not run (no connection at all, out of descriptors); 2 bad command line;\n"
           "3 the goal was not reached before --timeout (storm, churn, silent, stalledsender) or some clients failed.\n";
}

ParsedCommandLine parseCommandLine(int argc, char **argv)
{
    ParsedCommandLine result;
    std::vector<std::string> errors;
    std::vector<std::pair<std::string, std::string>> values; // option name, value as typed
    std::string modeText;
    std::string url;
    bool text = false;
    bool sourceAddressesGiven = false;

    for (int i = 1; i < argc; ++i) {
        std::string argument = argv[i];
        if (argument == "--help" || argument == "-h") {
            result.outcome = ParsedCommandLine::Outcome::Help;
            return result;
        }
        if (argument == "--self-test") {
            result.outcome = ParsedCommandLine::Outcome::SelfTest;
            return result;
        }
        if (argument.compare(0, 2, "--") != 0) {
            if (modeText.empty())
                modeText = argument;
            else
                errors.push_back("unexpected argument '" + argument + "': give one mode, then options.");
            continue;
        }
        std::string name = argument.substr(2);
        std::string value;
        bool hasValue = false;
        const std::size_t equals = name.find('=');
        if (equals != std::string::npos) {
            value = name.substr(equals + 1);
            name = name.substr(0, equals);
            hasValue = true;
        }
        if (name == "text") {
            if (hasValue)
                errors.push_back("--text takes no value.");
            text = true;
            continue;
        }
        const bool known = name == "url"
            || std::any_of(std::begin(numberOptions), std::end(numberOptions),
                           [&name](const NumberOption &option) { return name == option.name; });
        if (!known) {
            errors.push_back("unknown option '--" + name + "'; see --help.");
            continue;
        }
        if (!hasValue) {
            if (i + 1 >= argc) {
                errors.push_back("--" + name + " needs a value.");
                continue;
            }
            value = argv[++i];
        }
        if (name == "url")
            url = value;
        else
            values.emplace_back(name, value);
    }

    LoadOptions &options = result.options;
    bool modeKnown = false;
    for (const ModeEntry &entry : modes) {
        if (modeText == entry.name) {
            options.mode = entry.mode;
            modeKnown = true;
        }
    }
    if (!modeKnown) {
        errors.insert(errors.begin(),
                      modeText.empty()
                          ? std::string("no mode given: echo, pingpong, hold, storm, churn, silent, slowreader or stalledsender.")
                          : "unknown mode '" + modeText
                              + "': echo, pingpong, hold, storm, churn, silent, slowreader or stalledsender.");
    } else {
        applyModeDefaults(&options);
    }

    if (url.empty())
        errors.push_back("--url is required, e.g. --url ws://127.0.0.1:8080/.");
    else {
        std::string urlError;
        if (!parseUrl(url, &options.target, &urlError))
            errors.push_back(urlError);
    }
    options.sourceAddresses = options.target.ipv6 ? 1 : 16;

    for (const auto &[name, value] : values) {
        const NumberOption *option = nullptr;
        for (const NumberOption &candidate : numberOptions) {
            if (name == candidate.name)
                option = &candidate;
        }
        if (modeKnown && !(option->modes & bit(options.mode))) {
            errors.push_back("--" + name + " does not apply to " + modeName(options.mode) + "; see --help.");
            continue;
        }
        double number = 0;
        if (!parsePlainNumber(value, option->integer, &number) || number < option->minimum || number > option->maximum) {
            errors.push_back(rangeError(*option, value));
            continue;
        }
        if (name == "source-addresses")
            sourceAddressesGiven = true;
        setNumber(&options, name, number);
    }
    if (text) {
        if (modeKnown && !(MessageModes & bit(options.mode)))
            errors.push_back(std::string("--text does not apply to ") + modeName(options.mode) + "; see --help.");
        options.text = true;
    }

    if (modeKnown && errors.empty()) {
        if (options.target.ipv6 && sourceAddressesGiven && options.sourceAddresses > 1)
            errors.push_back("--source-addresses must be 1 for a ::1 target: IPv6 has one loopback address.");
        if (options.threads > options.clients)
            errors.push_back("--threads (" + std::to_string(options.threads) + ") must not exceed --clients ("
                             + std::to_string(options.clients) + ").");
        const bool measured = options.mode == Mode::Echo || options.mode == Mode::PingPong;
        if (measured && options.durationSeconds <= 0)
            errors.push_back("--duration must be above 0 for " + std::string(modeName(options.mode)) + ".");
        if (measured && options.warmupSeconds + options.durationSeconds >= options.timeoutSeconds)
            errors.push_back("--timeout (" + formatNumber(options.timeoutSeconds)
                             + " s) must exceed --warmup plus --duration (" + formatNumber(options.warmupSeconds + options.durationSeconds)
                             + " s), with time to connect.");
        if (options.mode == Mode::SlowReader && options.durationSeconds <= 0)
            errors.push_back("--duration must be above 0 for slowreader.");
        if (options.mode == Mode::StalledSender && options.messageSize == 0)
            errors.push_back("--size must be at least 1 for stalledsender: a frame of 0 bytes is whole at its head.");
    }

    if (!errors.empty()) {
        result.outcome = ParsedCommandLine::Outcome::Error;
        for (const std::string &error : errors)
            result.error += (result.error.empty() ? "" : "\n") + error;
    }
    return result;
}

} // namespace wsm::bench
