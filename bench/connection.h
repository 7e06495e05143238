#pragma once

#include "frame.h"
#include "options.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include <netinet/in.h>

namespace wsm::bench {

class Connection;

// Monotonic time in nanoseconds (CLOCK_MONOTONIC).
std::int64_t nowNs();

// A small fast generator for handshake keys and mask keys. A load generator needs them
// unpredictable to a cache on the way, not to an attacker (RFC 6455 10.3).
class XorShift
{
public:
    explicit XorShift(std::uint64_t seed) : m_state(seed ? seed : 0x9E3779B97F4A7C15ull) {}
    std::uint64_t next()
    {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 7;
        m_state ^= m_state << 17;
        return m_state;
    }

private:
    std::uint64_t m_state;
};

// What the event loop that owns the connections hears from them.
class ConnectionObserver
{
public:
    virtual ~ConnectionObserver() = default;
    virtual void onUpgraded(Connection &connection) = 0;
    // One whole data message (all its fragments) of size bytes.
    virtual void onMessage(Connection &connection, std::size_t size) = 0;
    // The socket took everything queued and the connection asked to hear that (setWantWritable).
    virtual void onWritable(Connection &connection) = 0;
    // Once per start(): the connection failed before its upgrade or ended after it.
    virtual void onEnded(Connection &connection) = 0;
};

// How every connection of one event loop behaves.
struct ConnectionSettings
{
    const Target *target = nullptr;
    ConnectionObserver *observer = nullptr;
    int epollFd = -1;
    bool answerPings = true;       // silent clients never answer a ping nor a close
    bool readAfterUpgrade = true;  // slow readers stop reading once upgraded
    int receiveBufferBytes = 0;    // SO_RCVBUF before connect; 0 = the kernel's default
    bool keepMessage = false;      // gather each data message's payload for message()
};

// One client socket, from a non-blocking connect through its own HTTP upgrade (RFC 6455 4.1:
// request, 101, Sec-WebSocket-Accept check) to masked frames and the close handshake. Not
// copyable: the event loop keeps its connections in one array and registers their index.
class Connection
{
public:
    enum class State { Idle, Connecting, Upgrading, Open, Closing, Ended };

    // Why a connection ended before its upgrade; None once it was upgraded.
    enum class Failure {
        None,
        Refused,           // ECONNREFUSED
        NoAddress,         // EADDRNOTAVAIL: out of ephemeral ports for this source address
        ConnectError,      // any other connect or socket error
        Rejected,          // an HTTP status other than 101
        BadHandshake,      // 101 without the right Upgrade, Connection or Sec-WebSocket-Accept
        ClosedEarly,       // the server closed or reset the TCP connection before answering
        TimedOut,          // still not upgraded when the run ended
    };

    Connection() = default;
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;
    ~Connection();

    void setup(const ConnectionSettings *settings, std::uint32_t index, XorShift *random);

    // Starts a non-blocking connect from source (nullptr: the kernel picks). May end the
    // connection at once (e.g. no free port), calling onEnded before it returns.
    void start(const sockaddr_in *source);

    void handleEvents(std::uint32_t events);

    void sendMessage(const std::string &payload, bool text);
    // Stalled senders: the head of a binary frame of size payload bytes, none of its payload.
    void beginBinaryFrame(std::uint64_t size);
    // Payload bytes after beginBinaryFrame(), sent as they are (binary: any bytes will do, and
    // masked bytes are just other bytes), straight to the socket and not copied: only once
    // everything queued has gone, and only as much as the socket takes now. Returns how many it
    // took; 0 when the socket pushes back (onWritable follows, with setWantWritable) or the
    // connection is no longer open.
    std::size_t sendRaw(const char *data, std::size_t size);
    // Starts the close handshake; the server's close frame and then its TCP close end it.
    void close(std::uint16_t code);
    // Closes the socket now. A connection not yet upgraded counts as timed out.
    void abort();
    // An upgraded client vanishing without a close frame, as a crashed or unplugged one does:
    // with reset, an RST (SO_LINGER 0); without, a plain TCP close (FIN).
    void drop(bool reset);
    // Back to Idle so that the same slot can connect again (churn).
    void reset();

    // Slow readers ask to hear every time the socket can take more.
    void setWantWritable(bool want);

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    bool wasUpgraded() const { return m_upgradedAtNs != 0; }
    Failure failure() const { return m_failure; }
    // A stable name for the result line ("refused", "no_address", ...); "" for Failure::None.
    static const char *failureKey(Failure failure);
    // What went wrong, for people: "connect: Connection refused", "HTTP 503", ...
    std::string failureDetail() const;
    // The server broke the protocol (masked frame, bad opcode, ...); we closed with 1002.
    bool protocolError() const { return !m_protocolError.empty(); }
    const std::string &protocolErrorText() const { return m_protocolError; }
    // The server's close code; 1005 for a close frame without one; 1006 when the TCP connection
    // ended without a close frame; 0 while none came.
    int closeCode() const { return m_closeCode; }
    // The server ended it (a close frame it started, its TCP close, or a reset) rather than us.
    bool endedByServer() const { return m_endedByServer; }
    std::int64_t upgradedAtNs() const { return m_upgradedAtNs; }
    std::int64_t endedAtNs() const { return m_endedAtNs; }
    // When this client last put a byte on the wire (its handshake, a message, a pong).
    std::int64_t lastSentNs() const { return m_lastSentNs; }
    std::uint64_t bytesSent() const { return m_bytesSent; }
    std::size_t pendingOutput() const { return m_out.size() - m_outOffset; }

    // With ConnectionSettings::keepMessage, the payload of the message onMessage() reports (valid
    // during that call); empty otherwise.
    const std::string &message() const { return m_message; }

    // Echo: when each message on the way was sent, oldest first.
    std::deque<std::int64_t> &sendTimes() { return m_sendTimes; }

private:
    void fail(Failure failure);
    void end(bool byServer, int closeCode);
    void closeSocket();
    bool reading() const;
    void updateInterest();
    void flush();
    void readAvailable();
    void consume(const char *data, std::size_t size);
    void onPeerClosed();
    void onSocketError(int error);
    void parseUpgradeResponse();
    std::size_t parseFrames(const char *data, std::size_t size);
    void handleFrame(const ServerFrame &frame);
    void queueFrame(Opcode opcode, const char *payload, std::size_t size);

    const ConnectionSettings *m_settings = nullptr;
    XorShift *m_random = nullptr;
    std::uint32_t m_index = 0;
    int m_fd = -1;
    State m_state = State::Idle;
    Failure m_failure = Failure::None;
    std::uint32_t m_interest = 0; // the epoll events registered now
    bool m_registered = false;
    bool m_wantWritable = false;
    bool m_closeSent = false;
    bool m_closeReceived = false;
    bool m_endedByServer = false;
    int m_closeCode = 0;
    int m_httpStatus = 0;
    int m_socketError = 0;
    std::string m_expectedAccept;
    std::string m_protocolError;
    std::string m_in;
    std::string m_out;
    std::size_t m_outOffset = 0;
    Opcode m_messageOpcode = Opcode::Continuation; // Continuation: no message in progress
    std::size_t m_messageSize = 0;
    std::string m_message; // keepMessage: the payload so far of the message in progress
    std::int64_t m_upgradedAtNs = 0;
    std::int64_t m_endedAtNs = 0;
    std::int64_t m_lastSentNs = 0;
    std::uint64_t m_bytesSent = 0;
    std::deque<std::int64_t> m_sendTimes;
};

} // namespace wsm::bench
