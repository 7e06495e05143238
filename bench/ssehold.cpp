// wsm_ssehold: holds N Server-Sent Events streams open on a node (--sse-path) and counts the events
// they receive: for RSS per idle stream (hold them, read the node's VmRSS) and for broadcast
// deliveries a second to streams (beside wsm_fanout's WebSocket receivers). Plain C++ and epoll
// like wsm_loadgen; loopback only (parseUrl refuses anything else).

#include "fdlimit.h"
#include "options.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/epoll.h>
#include <unistd.h>

using namespace wsm::bench;

namespace {

volatile std::sig_atomic_t g_stop = 0;

void onStopSignal(int)
{
    g_stop = 1;
}

const char UsageText[] =
    "Usage: wsm_ssehold --url http://127.0.0.1:PORT/events [--clients N] [--warmup S] [--duration S]\n"
    "\n"
    "Opens --clients event streams (GET with Accept: text/event-stream), --concurrency at a time,\n"
    "holds them for --warmup then --duration seconds (0: until SIGINT or SIGTERM) and counts the\n"
    "events received (blank-line-ended blocks with a data: line; comments are not events). Prints\n"
    "'ready streams=N' once every stream has its answer's head (for a script to read RSS), then one\n"
    "result line: streams failed closed events events_per_s (over --duration, all streams together)\n"
    "bytes.\n";

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Stream
{
    int fd = -1;
    bool connected = false;
    bool headDone = false;
    bool closed = false;
    std::string pending; // the head until its end, then the current line's start
    bool eventHasData = false;
};

} // namespace

int main(int argc, char **argv)
{
    std::string url;
    int clients = 1000;
    int concurrency = 500;
    double warmup = 1;
    double duration = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const char *name) -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "wsm_ssehold: %s needs a value\n", name);
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--url")
            url = value("--url");
        else if (arg == "--clients")
            clients = std::atoi(value("--clients").c_str());
        else if (arg == "--concurrency")
            concurrency = std::atoi(value("--concurrency").c_str());
        else if (arg == "--warmup")
            warmup = std::atof(value("--warmup").c_str());
        else if (arg == "--duration")
            duration = std::atof(value("--duration").c_str());
        else if (arg == "-h" || arg == "--help") {
            std::fputs(UsageText, stdout);
            return 0;
        } else {
            std::fprintf(stderr, "wsm_ssehold: unknown option %s\n%s", arg.c_str(), UsageText);
            return 2;
        }
    }
    if (clients < 1 || clients > 100000 || concurrency < 1 || warmup < 0 || duration < 0) {
        std::fprintf(stderr, "wsm_ssehold: --clients 1-100000, --concurrency at least 1, durations not negative\n");
        return 2;
    }
    const std::string http = "http://";
    if (url.compare(0, http.size(), http) != 0) {
        std::fprintf(stderr, "wsm_ssehold: --url must start with http:// (e.g. http://127.0.0.1:8080/events)\n");
        return 2;
    }
    Target target;
    std::string error;
    if (!parseUrl("ws://" + url.substr(http.size()), &target, &error)) {
        std::fprintf(stderr, "wsm_ssehold: %s\n", error.c_str());
        return 2;
    }
    if (!raiseOpenFileLimit(std::uint64_t(clients) + 64, &error)) {
        std::fprintf(stderr, "wsm_ssehold: %s\n", error.c_str());
        return 2;
    }
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    std::signal(SIGPIPE, SIG_IGN);

    const std::string request = "GET " + target.path + " HTTP/1.1\r\nHost: " + target.hostHeader
        + "\r\nAccept: text/event-stream\r\nUser-Agent: wsm_ssehold\r\n\r\n";
    const int epoll = epoll_create1(0);
    std::vector<Stream> streams(static_cast<std::size_t>(clients));
    int started = 0, inProgress = 0, ready = 0, failed = 0, closedCount = 0;
    unsigned long long events = 0, windowEvents = 0, bytes = 0;
    bool announced = false;
    double windowStart = 0, windowEnd = 0;
    const auto startMore = [&] {
        while (started < clients && inProgress < concurrency) {
            Stream &s = streams[std::size_t(started)];
            s.fd = ::socket(target.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
            ev.data.u32 = std::uint32_t(started);
            ::connect(s.fd, reinterpret_cast<const sockaddr *>(&target.address), target.addressLength);
            epoll_ctl(epoll, EPOLL_CTL_ADD, s.fd, &ev);
            ++started;
            ++inProgress;
        }
    };
    startMore();
    std::vector<epoll_event> fired(1024);
    char buffer[65536];
    const double timeoutAt = now() + 600 + warmup + duration;
    while (!g_stop) {
        const double t = now();
        if (announced && duration > 0 && t >= windowEnd)
            break;
        if (!announced && t > timeoutAt)
            break;
        const int n = epoll_wait(epoll, fired.data(), int(fired.size()), 100);
        for (int i = 0; i < n; ++i) {
            Stream &s = streams[fired[std::size_t(i)].data.u32];
            const std::uint32_t what = fired[std::size_t(i)].events;
            if (s.closed)
                continue;
            if (!s.connected && (what & EPOLLOUT)) {
                s.connected = true;
                if (::write(s.fd, request.data(), request.size()) != ssize_t(request.size())) {
                    s.closed = true;
                    ++failed;
                    --inProgress;
                    ::close(s.fd);
                    continue;
                }
                epoll_event ev{};
                ev.events = EPOLLIN | EPOLLRDHUP;
                ev.data.u32 = fired[std::size_t(i)].data.u32;
                epoll_ctl(epoll, EPOLL_CTL_MOD, s.fd, &ev);
            }
            if (!(what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
                continue;
            for (;;) {
                const ssize_t got = ::read(s.fd, buffer, sizeof buffer);
                if (got > 0) {
                    bytes += std::uint64_t(got);
                    s.pending.append(buffer, std::size_t(got));
                    if (!s.headDone) {
                        const std::size_t end = s.pending.find("\r\n\r\n");
                        if (end == std::string::npos)
                            continue;
                        const bool ok = s.pending.compare(0, 12, "HTTP/1.1 200") == 0;
                        s.pending.erase(0, end + 4);
                        s.headDone = true;
                        --inProgress;
                        if (!ok) {
                            ++failed;
                            s.closed = true;
                            ::close(s.fd);
                            break;
                        }
                        ++ready;
                    }
                    // Lines: a blank one ends an event that had data.
                    std::size_t start = 0, newline;
                    while ((newline = s.pending.find('\n', start)) != std::string::npos) {
                        if (newline == start) {
                            if (s.eventHasData) {
                                ++events;
                                if (announced && now() >= windowStart)
                                    ++windowEvents;
                            }
                            s.eventHasData = false;
                        } else if (s.pending.compare(start, 5, "data:") == 0) {
                            s.eventHasData = true;
                        }
                        start = newline + 1;
                    }
                    s.pending.erase(0, start);
                    continue;
                }
                if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                    if (!s.headDone) {
                        ++failed;
                        --inProgress;
                    } else {
                        ++closedCount;
                    }
                    s.closed = true;
                    ::close(s.fd);
                }
                break;
            }
        }
        startMore();
        if (!announced && started == clients && inProgress == 0) {
            announced = true;
            std::printf("ready streams=%d failed=%d\n", ready, failed);
            std::fflush(stdout);
            windowStart = now() + warmup;
            windowEnd = windowStart + duration;
        }
    }
    const double window = duration > 0 ? duration : 0;
    std::printf("streams=%d failed=%d closed=%d events=%llu events_per_s=%.0f bytes=%llu\n", ready, failed,
                closedCount, events, window > 0 ? double(windowEvents) / window : 0.0, bytes);
    return ready > 0 ? 0 : 1;
}
