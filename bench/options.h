#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <netinet/in.h>
#include <sys/socket.h>

namespace wsm::bench {

enum class Mode { Echo, PingPong, Hold, Storm, Churn, Silent, SlowReader, StalledSender };

const char *modeName(Mode mode);

// Where the clients connect: always a loopback address (127.0.0.0/8 or ::1).
struct Target
{
    sockaddr_storage address{};
    socklen_t addressLength = 0;
    bool ipv6 = false;
    std::string hostHeader; // "127.0.0.1:8080" or "[::1]:8080"
    std::string path;       // "/" or "/path?query"
};

// What one run of wsm_loadgen does. Durations are seconds, as on the command line.
struct LoadOptions
{
    Mode mode = Mode::Echo;
    Target target;
    int clients = 1;
    std::size_t messageSize = 64;
    int inFlight = 1;              // echo: messages each client keeps on the way
    double warmupSeconds = 1;
    double durationSeconds = 5;    // echo, pingpong, slowreader; hold: 0 = until killed or --timeout;
                                   // churn: no new cycle after it, 0 = --cycles only; stalledsender:
                                   // after all have stalled, 0 = until the server closed all or --timeout
    double timeoutSeconds = 120;   // hard cap on the whole run, in every mode
    int threads = 1;
    int concurrency = 500;         // upgrades in progress at once; 0 = all at once
    int sourceAddresses = 1;       // 127.0.0.1 .. 127.0.0.N
    int cycles = 10;               // churn
    double pauseSeconds = 0;       // churn: wait between cycles
    double rate = 0;               // echo: messages per second over all clients; 0 = as fast as echoes return
    int exchange = 0;              // churn: messages each client sends, and waits to see echoed, before closing
    int dropPercent = 0;           // churn: share of clients that vanish without a close frame (RST or FIN)
    double serverTimeoutSeconds = 0; // silent: the server's heartbeat timeout, the reference
    std::uint64_t maxBytes = 256ull * 1024 * 1024; // slowreader: stop sending after this much
    double fractionPercent = 95;   // stalledsender: share of the frame's payload (--size) sent before stalling
    bool text = false;             // text messages instead of binary
};

struct ParsedCommandLine
{
    enum class Outcome { Run, SelfTest, Help, Error };
    Outcome outcome = Outcome::Run;
    LoadOptions options;
    std::string error; // Outcome::Error: one sentence per problem, each naming the option
};

ParsedCommandLine parseCommandLine(int argc, char **argv);

// A --url value: ws://HOST:PORT[/PATH] with HOST a loopback address (127.0.0.0/8, ::1 or
// localhost); anything else is refused with *error naming the option.
bool parseUrl(const std::string &url, Target *target, std::string *error);

std::string usageText();

} // namespace wsm::bench
