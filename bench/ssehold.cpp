// wsm_ssehold: holds N Server-Sent Events streams open against a loopback server and counts the
// events they receive. The SSE side of bench/run-sse.sh: RSS per idle stream, and broadcast
// deliveries to SSE clients beside WebSocket ones. Plain C++17 and epoll, no Qt, like wsm_loadgen,
// so that the client side adds no Qt costs to what is measured.

#include "fdlimit.h"
#include "options.h"
#include "stopsignals.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace wsm::bench;

namespace {

std::atomic<bool> g_stop{false};

void onStopSignal(int)
{
    g_stop = true;
}

const char UsageText[] =
    "Usage: wsm_ssehold --url http://127.0.0.1:PORT/PATH [options]\n"
    "\n"
    "Opens --clients Server-Sent Events streams (GET with Accept: text/event-stream), prints\n"
    "'held N' once every stream has its 200 answer, then counts the events each receives (an event\n"
    "is counted at its id: line) until --duration seconds pass, --timeout, or SIGINT/SIGTERM.\n"
    "Loopback only. Prints one line of key=value pairs (the result) and one line for people ('#').\n"
    "\n"
    "Options:\n"
    "  --url URL               http://HOST:PORT/PATH, HOST 127.x.x.x, [::1] or localhost (required)\n"
    "  --clients N             streams, 1-100000; default 100\n"
    "  --duration S            seconds to hold once all are held, 0-86400; 0: until killed or --timeout\n"
    "  --timeout S             hard cap on the whole run, 1-86400; default 600\n"
    "  --concurrency N         requests in progress at once, 1-100000; default 500\n"
    "  --source-addresses N    spread streams over 127.0.0.1..127.0.0.N, 1-254; default 16\n"
    "  -h, --help              this text\n"
    "\n"
    "Result keys: clients held failed ended events events_per_s (events over the time from the\n"
    "moment all were held to the end) bytes timed_out interrupted\n";

struct Options
{
    Target target;
    int clients = 100;
    double durationSeconds = 0;
    double timeoutSeconds = 600;
    int concurrency = 500;
    int sourceAddresses = 16;
};

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool parseNumber(const char *name, const char *text, double minimum, double maximum, double *value,
                 std::string *error)
{
    char *end = nullptr;
    errno = 0;
    const double parsed = std::strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || parsed < minimum || parsed > maximum) {
        char buffer[256];
        std::snprintf(buffer, sizeof buffer, "%s must be between %g and %g; got '%s'.", name, minimum, maximum, text);
        *error = buffer;
        return false;
    }
    *value = parsed;
    return true;
}

// 0: run; 1: --help printed; 2: a bad command line, said on stderr.
int parseCommandLine(int argc, char **argv, Options *options)
{
    std::string error;
    bool haveUrl = false;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "-h" || argument == "--help") {
            std::fputs(UsageText, stdout);
            return 1;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "wsm_ssehold: %s needs a value; see --help.\n", argument.c_str());
            return 2;
        }
        const char *value = argv[++i];
        double number = 0;
        bool ok = true;
        if (argument == "--url") {
            // The same loopback-only rules as wsm_loadgen's ws:// URLs; only the scheme differs.
            std::string url = value;
            const std::string scheme = "http://";
            if (url.compare(0, scheme.size(), scheme) != 0) {
                error = "--url must start with http:// (e.g. http://127.0.0.1:8080/events); got '" + url + "'.";
                ok = false;
            } else {
                ok = parseUrl("ws://" + url.substr(scheme.size()), &options->target, &error);
                haveUrl = ok;
            }
        } else if (argument == "--clients") {
            ok = parseNumber("--clients", value, 1, 100000, &number, &error);
            options->clients = int(number);
        } else if (argument == "--duration") {
            ok = parseNumber("--duration", value, 0, 86400, &options->durationSeconds, &error);
        } else if (argument == "--timeout") {
            ok = parseNumber("--timeout", value, 1, 86400, &options->timeoutSeconds, &error);
        } else if (argument == "--concurrency") {
            ok = parseNumber("--concurrency", value, 1, 100000, &number, &error);
            options->concurrency = int(number);
        } else if (argument == "--source-addresses") {
            ok = parseNumber("--source-addresses", value, 1, 254, &number, &error);
            options->sourceAddresses = int(number);
        } else {
            error = "unknown option '" + argument + "'; see --help.";
            ok = false;
        }
        if (!ok) {
            std::fprintf(stderr, "wsm_ssehold: %s\n", error.c_str());
            return 2;
        }
    }
    if (!haveUrl) {
        std::fprintf(stderr, "wsm_ssehold: --url is required; see --help.\n");
        return 2;
    }
    if (options->target.ipv6)
        options->sourceAddresses = 1;
    return 0;
}

// One stream: its socket and how far its answer has come.
struct Stream
{
    enum class State { Connecting, Head, Streaming, Ended };
    int fd = -1;
    State state = State::Connecting;
    std::string head;       // the answer's head until its blank line; then freed
    bool atLineStart = true;
    char linePrefix[3] = {};
    int linePrefixLength = 0; // of the current line, up to 3 bytes: enough to tell "id:"
};

struct Totals
{
    int held = 0;
    int failed = 0;
    int ended = 0;
    std::uint64_t events = 0;
    std::uint64_t bytes = 0;
};

void closeStream(int epoll, Stream &stream)
{
    if (stream.fd >= 0) {
        ::epoll_ctl(epoll, EPOLL_CTL_DEL, stream.fd, nullptr);
        ::close(stream.fd);
        stream.fd = -1;
    }
}

bool startStream(int epoll, const Options &options, int index, Stream *stream)
{
    const int fd = ::socket(options.target.ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    if (!options.target.ipv6 && options.sourceAddresses > 1) {
        sockaddr_in source{};
        source.sin_family = AF_INET;
        source.sin_addr.s_addr = htonl(0x7f000001u + std::uint32_t(index % options.sourceAddresses));
        if (::bind(fd, reinterpret_cast<const sockaddr *>(&source), sizeof source) != 0) {
            ::close(fd);
            return false;
        }
    }
    const int status = ::connect(fd, reinterpret_cast<const sockaddr *>(&options.target.address),
                                 options.target.addressLength);
    if (status != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return false;
    }
    epoll_event event{};
    event.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
    event.data.u32 = std::uint32_t(index);
    if (::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
        ::close(fd);
        return false;
    }
    stream->fd = fd;
    stream->state = Stream::State::Connecting;
    return true;
}

// Counts the events in what arrived: each id: line at the start of a line is one event.
void countEvents(Stream &stream, const char *data, std::size_t size, Totals *totals)
{
    for (std::size_t i = 0; i < size; ++i) {
        const char c = data[i];
        if (c == '\n' || c == '\r') {
            stream.atLineStart = true;
            stream.linePrefixLength = 0;
            continue;
        }
        if (!stream.atLineStart)
            continue;
        stream.linePrefix[stream.linePrefixLength++] = c;
        if (stream.linePrefixLength == 3) {
            if (std::memcmp(stream.linePrefix, "id:", 3) == 0)
                ++totals->events;
            stream.atLineStart = false; // the rest of the line does not matter
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    const int parsed = parseCommandLine(argc, argv, &options);
    if (parsed != 0)
        return parsed == 1 ? 0 : 2;

    std::string error;
    if (!raiseOpenFileLimit(std::uint64_t(options.clients) + 32, &error)) {
        std::fprintf(stderr, "wsm_ssehold: %s\n", error.c_str());
        return 1;
    }
    stopOnSignals(onStopSignal);

    const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll < 0) {
        std::fprintf(stderr, "wsm_ssehold: epoll_create1: %s\n", std::strerror(errno));
        return 1;
    }
    const std::string request = "GET " + options.target.path + " HTTP/1.1\r\nHost: " + options.target.hostHeader
        + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\nUser-Agent: wsm_ssehold\r\n\r\n";

    std::vector<Stream> streams(std::size_t(options.clients));
    Totals totals;
    int started = 0;
    int inProgress = 0;
    const std::int64_t startNs = nowNs();
    const std::int64_t deadlineNs = startNs + std::int64_t(options.timeoutSeconds * 1e9);
    std::int64_t allHeldNs = 0;
    std::int64_t endNs = 0;
    bool timedOut = false;
    std::vector<epoll_event> ready(1024);
    std::vector<char> buffer(64 * 1024);

    const auto fail = [&](Stream &stream) {
        if (stream.state == Stream::State::Streaming) {
            ++totals.ended; // the server ended a held stream
        } else {
            ++totals.failed;
            --inProgress;
        }
        stream.state = Stream::State::Ended;
        closeStream(epoll, stream);
    };

    while (!g_stop) {
        while (started < options.clients && inProgress < options.concurrency) {
            Stream &stream = streams[std::size_t(started)];
            if (startStream(epoll, options, started, &stream)) {
                ++inProgress;
            } else {
                stream.state = Stream::State::Ended;
                ++totals.failed;
            }
            ++started;
        }
        const std::int64_t now = nowNs();
        if (now >= deadlineNs) {
            timedOut = true;
            break;
        }
        if (allHeldNs == 0 && totals.held + totals.failed >= options.clients && started == options.clients) {
            allHeldNs = now;
            std::printf("held %d\n", totals.held);
            std::fflush(stdout);
        }
        if (allHeldNs != 0 && options.durationSeconds > 0 && now >= allHeldNs + std::int64_t(options.durationSeconds * 1e9))
            break;
        const int count = ::epoll_wait(epoll, ready.data(), int(ready.size()), 100);
        if (count < 0 && errno != EINTR) {
            std::fprintf(stderr, "wsm_ssehold: epoll_wait: %s\n", std::strerror(errno));
            break;
        }
        for (int i = 0; i < count; ++i) {
            Stream &stream = streams[ready[std::size_t(i)].data.u32];
            const std::uint32_t events = ready[std::size_t(i)].events;
            if (stream.fd < 0)
                continue;
            if (stream.state == Stream::State::Connecting && (events & EPOLLOUT)) {
                int socketError = 0;
                socklen_t length = sizeof socketError;
                ::getsockopt(stream.fd, SOL_SOCKET, SO_ERROR, &socketError, &length);
                // The request is small: one write fits in an empty socket buffer.
                if (socketError != 0 || ::send(stream.fd, request.data(), request.size(), MSG_NOSIGNAL)
                                            != ssize_t(request.size())) {
                    fail(stream);
                    continue;
                }
                epoll_event event{};
                event.events = EPOLLIN | EPOLLRDHUP;
                event.data.u32 = ready[std::size_t(i)].data.u32;
                ::epoll_ctl(epoll, EPOLL_CTL_MOD, stream.fd, &event);
                stream.state = Stream::State::Head;
                continue;
            }
            if (!(events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
                continue;
            for (;;) {
                const ssize_t got = ::recv(stream.fd, buffer.data(), buffer.size(), 0);
                if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
                    fail(stream);
                    break;
                }
                if (got < 0)
                    break;
                totals.bytes += std::uint64_t(got);
                const char *data = buffer.data();
                std::size_t size = std::size_t(got);
                if (stream.state == Stream::State::Head) {
                    stream.head.append(data, size);
                    const std::size_t end = stream.head.find("\r\n\r\n");
                    if (end == std::string::npos) {
                        if (stream.head.size() > 16384) {
                            fail(stream);
                            break;
                        }
                        continue;
                    }
                    if (stream.head.compare(0, 12, "HTTP/1.1 200") != 0) {
                        fail(stream);
                        break;
                    }
                    const std::string rest = stream.head.substr(end + 4);
                    std::string().swap(stream.head);
                    stream.state = Stream::State::Streaming;
                    ++totals.held;
                    --inProgress;
                    countEvents(stream, rest.data(), rest.size(), &totals);
                    continue;
                }
                countEvents(stream, data, size, &totals);
            }
        }
    }
    endNs = nowNs();
    for (Stream &stream : streams)
        closeStream(epoll, stream);
    ::close(epoll);

    const double measuredSeconds = allHeldNs != 0 ? double(endNs - allHeldNs) / 1e9 : 0;
    const double perSecond = measuredSeconds > 0 ? double(totals.events) / measuredSeconds : 0;
    std::printf("clients=%d held=%d failed=%d ended=%d events=%" PRIu64 " events_per_s=%.1f bytes=%" PRIu64
                " timed_out=%d interrupted=%d\n",
                options.clients, totals.held, totals.failed, totals.ended, totals.events, perSecond, totals.bytes,
                timedOut ? 1 : 0, g_stop ? 1 : 0);
    std::printf("# %d of %d SSE streams held, %d failed, %d ended by the server; %" PRIu64
                " events, %.1f/s over %.1f s\n",
                totals.held, options.clients, totals.failed, totals.ended, totals.events, perSecond, measuredSeconds);
    return totals.failed == 0 && !timedOut ? 0 : 1;
}
