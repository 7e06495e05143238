#include "connection.h"

#include "acceptkey.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace wsm::bench {

namespace {

// Headers beyond this are not a WebSocket server's answer (Apache caps a request head at 8 KiB;
// twice that is generous for a response).
constexpr std::size_t MaxResponseHead = 16 * 1024;
// Largest frame taken from a server: the biggest --size echoed back, with room to spare.
constexpr std::size_t MaxFramePayload = 64 * 1024 * 1024;
// Reads per readiness event: enough to drain a busy socket, few enough that one client cannot
// starve the others in the loop.
constexpr int ReadsPerEvent = 8;

bool equalsIgnoringCase(const std::string &a, const char *b)
{
    const std::size_t length = std::strlen(b);
    if (a.size() != length)
        return false;
    for (std::size_t i = 0; i < length; ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

// Whether a comma-separated header value holds token, ignoring case ("keep-alive, Upgrade").
bool hasToken(const std::string &value, const char *token)
{
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t end = value.find(',', start);
        if (end == std::string::npos)
            end = value.size();
        std::size_t first = start;
        std::size_t last = end;
        while (first < last && (value[first] == ' ' || value[first] == '\t'))
            ++first;
        while (last > first && (value[last - 1] == ' ' || value[last - 1] == '\t'))
            --last;
        if (equalsIgnoringCase(value.substr(first, last - first), token))
            return true;
        start = end + 1;
    }
    return false;
}

std::string trimmed(const std::string &text)
{
    std::size_t first = 0;
    std::size_t last = text.size();
    while (first < last && (text[first] == ' ' || text[first] == '\t'))
        ++first;
    while (last > first && (text[last - 1] == ' ' || text[last - 1] == '\t' || text[last - 1] == '\r'))
        --last;
    return text.substr(first, last - first);
}

} // namespace

std::int64_t nowNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return std::int64_t(now.tv_sec) * 1000000000 + now.tv_nsec;
}

Connection::~Connection()
{
    closeSocket();
}

void Connection::setup(const ConnectionSettings *settings, std::uint32_t index, XorShift *random)
{
    m_settings = settings;
    m_index = index;
    m_random = random;
}

const char *Connection::failureKey(Failure failure)
{
    switch (failure) {
    case Failure::None: return "";
    case Failure::Refused: return "refused";
    case Failure::NoAddress: return "no_address";
    case Failure::ConnectError: return "connect_error";
    case Failure::Rejected: return "rejected";
    case Failure::BadHandshake: return "bad_handshake";
    case Failure::ClosedEarly: return "closed_early";
    case Failure::TimedOut: return "timed_out";
    }
    return "";
}

std::string Connection::failureDetail() const
{
    switch (m_failure) {
    case Failure::None: return std::string();
    case Failure::Refused:
    case Failure::NoAddress:
    case Failure::ConnectError: return std::string("connect: ") + std::strerror(m_socketError);
    case Failure::Rejected: return "HTTP " + std::to_string(m_httpStatus) + " instead of 101";
    case Failure::BadHandshake: return "the 101 answer lacked Upgrade, Connection or the right Sec-WebSocket-Accept";
    case Failure::ClosedEarly:
        return m_socketError ? std::string("closed before the upgrade: ") + std::strerror(m_socketError)
                             : std::string("closed before the upgrade");
    case Failure::TimedOut: return "not upgraded before the run ended";
    }
    return std::string();
}

void Connection::start(const sockaddr_in *source)
{
    m_state = State::Connecting;
    const Target &target = *m_settings->target;

    m_fd = ::socket(target.ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        m_socketError = errno;
        fail(Failure::ConnectError);
        return;
    }
    // Latency is the point of the echo figures: no Nagle delay on small frames.
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (m_settings->receiveBufferBytes > 0) {
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &m_settings->receiveBufferBytes,
                     sizeof m_settings->receiveBufferBytes);
    }
    if (source) {
        // Let connect() pick the port for the whole 4-tuple, not bind() for the address alone:
        // otherwise each source address is still limited to one ephemeral range in total.
        ::setsockopt(m_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        if (::bind(m_fd, reinterpret_cast<const sockaddr *>(source), sizeof *source) != 0) {
            m_socketError = errno;
            fail(errno == EADDRNOTAVAIL || errno == EADDRINUSE ? Failure::NoAddress : Failure::ConnectError);
            return;
        }
    }
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&target.address), target.addressLength) != 0
        && errno != EINPROGRESS) {
        m_socketError = errno;
        fail(errno == ECONNREFUSED ? Failure::Refused
                                   : (errno == EADDRNOTAVAIL ? Failure::NoAddress : Failure::ConnectError));
        return;
    }
    updateInterest();
}

void Connection::handleEvents(std::uint32_t events)
{
    if (m_state == State::Idle || m_state == State::Ended)
        return;

    if (m_state == State::Connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            m_socketError = error;
            fail(error == ECONNREFUSED ? Failure::Refused : Failure::ConnectError);
            return;
        }
        if (!(events & EPOLLOUT)) {
            // A hang-up without an error would otherwise be reported again on every wait.
            if (events & (EPOLLHUP | EPOLLERR))
                fail(Failure::ClosedEarly);
            return;
        }
        unsigned char keyBytes[16];
        for (int i = 0; i < 16; i += 8) {
            const std::uint64_t random = m_random->next();
            std::memcpy(keyBytes + i, &random, 8);
        }
        const std::string key = base64Encode(keyBytes, sizeof keyBytes);
        m_expectedAccept = webSocketAccept(key);
        m_out = "GET " + m_settings->target->path + " HTTP/1.1\r\nHost: " + m_settings->target->hostHeader
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
            + "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: wsm_loadgen\r\n\r\n";
        m_outOffset = 0;
        m_state = State::Upgrading;
        flush();
        return;
    }

    if ((events & EPOLLERR) && (events & EPOLLIN) && reading()) {
        // A reset can follow the server's close frame at once (it closed with our bytes still
        // unread): that frame is still there to read, and says why.
        readAvailable();
        if (m_state == State::Ended)
            return;
    }
    if (events & EPOLLERR) {
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length);
        onSocketError(error ? error : ECONNRESET);
        return;
    }
    if (reading() && (events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP))) {
        readAvailable();
        if (m_state == State::Ended)
            return;
    } else if (!reading() && (events & (EPOLLHUP | EPOLLRDHUP))) {
        // A slow reader does not read the close frame waiting in its buffer: the TCP end is all
        // it can see of the server giving up.
        end(true, 1006);
        return;
    }
    if (events & EPOLLOUT) {
        flush();
        if (m_state == State::Ended)
            return;
        if (m_wantWritable && m_state == State::Open && pendingOutput() == 0)
            m_settings->observer->onWritable(*this);
    }
}

void Connection::sendMessage(const std::string &payload, bool text)
{
    if (m_state != State::Open)
        return;
    queueFrame(text ? Opcode::Text : Opcode::Binary, payload.data(), payload.size());
    flush();
}

void Connection::beginBinaryFrame(std::uint64_t size)
{
    if (m_state != State::Open)
        return;
    appendClientFrameHeader(m_out, Opcode::Binary, size, std::uint32_t(m_random->next()));
    flush();
}

std::size_t Connection::sendRaw(const char *data, std::size_t size)
{
    if (m_state != State::Open || pendingOutput() > 0 || size == 0)
        return 0;
    for (;;) {
        const ssize_t sent = ::send(m_fd, data, size, MSG_NOSIGNAL);
        if (sent > 0) {
            m_bytesSent += std::uint64_t(sent);
            m_lastSentNs = nowNs();
            return std::size_t(sent);
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        onSocketError(sent < 0 ? errno : EPIPE);
        return 0;
    }
}

void Connection::close(std::uint16_t code)
{
    if (m_state != State::Open) {
        if (m_state == State::Connecting || m_state == State::Upgrading)
            abort();
        return;
    }
    const std::string payload = closePayload(code);
    queueFrame(Opcode::Close, payload.data(), payload.size());
    m_closeSent = true;
    m_state = State::Closing;
    flush();
}

void Connection::abort()
{
    if (m_state == State::Idle || m_state == State::Ended)
        return;
    if (!wasUpgraded())
        fail(Failure::TimedOut);
    else
        end(false, m_closeCode);
}

void Connection::drop(bool reset)
{
    if (m_state != State::Open)
        return;
    if (reset) {
        const linger hard{1, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    end(false, 1006);
}

void Connection::reset()
{
    closeSocket();
    const ConnectionSettings *settings = m_settings;
    XorShift *random = m_random;
    const std::uint32_t index = m_index;
    m_state = State::Idle;
    m_failure = Failure::None;
    m_interest = 0;
    m_registered = false;
    m_wantWritable = false;
    m_closeSent = false;
    m_closeReceived = false;
    m_endedByServer = false;
    m_closeCode = 0;
    m_httpStatus = 0;
    m_socketError = 0;
    m_expectedAccept.clear();
    m_protocolError.clear();
    m_in.clear();
    m_out.clear();
    m_outOffset = 0;
    m_messageOpcode = Opcode::Continuation;
    m_messageSize = 0;
    m_upgradedAtNs = 0;
    m_endedAtNs = 0;
    m_lastSentNs = 0;
    m_bytesSent = 0;
    m_sendTimes.clear();
    setup(settings, index, random);
}

void Connection::setWantWritable(bool want)
{
    m_wantWritable = want;
    if (m_fd >= 0)
        updateInterest();
}

void Connection::fail(Failure failure)
{
    m_failure = failure;
    m_endedAtNs = nowNs();
    closeSocket();
    m_state = State::Ended;
    m_settings->observer->onEnded(*this);
}

void Connection::end(bool byServer, int closeCode)
{
    m_endedByServer = m_endedByServer || byServer;
    if (m_closeCode == 0)
        m_closeCode = closeCode;
    m_endedAtNs = nowNs();
    closeSocket();
    m_state = State::Ended;
    m_settings->observer->onEnded(*this);
}

void Connection::closeSocket()
{
    if (m_fd < 0)
        return;
    // close() also takes the socket out of the epoll set: nothing else holds a copy of it.
    ::close(m_fd);
    m_fd = -1;
    m_registered = false;
    m_interest = 0;
}

bool Connection::reading() const
{
    switch (m_state) {
    case State::Upgrading: return true;
    case State::Open:
    case State::Closing: return m_settings->readAfterUpgrade;
    default: return false;
    }
}

void Connection::updateInterest()
{
    std::uint32_t wanted = reading() ? std::uint32_t(EPOLLIN) : std::uint32_t(EPOLLRDHUP);
    if (m_state == State::Connecting || pendingOutput() > 0 || (m_wantWritable && m_state == State::Open))
        wanted |= EPOLLOUT;
    if (m_registered && wanted == m_interest)
        return;
    epoll_event event{};
    event.events = wanted;
    event.data.u32 = m_index;
    if (::epoll_ctl(m_settings->epollFd, m_registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, m_fd, &event) != 0) {
        onSocketError(errno);
        return;
    }
    m_registered = true;
    m_interest = wanted;
}

void Connection::flush()
{
    while (m_outOffset < m_out.size()) {
        const ssize_t sent = ::send(m_fd, m_out.data() + m_outOffset, m_out.size() - m_outOffset, MSG_NOSIGNAL);
        if (sent > 0) {
            m_outOffset += std::size_t(sent);
            m_bytesSent += std::uint64_t(sent);
            m_lastSentNs = nowNs();
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        onSocketError(sent < 0 ? errno : EPIPE);
        return;
    }
    if (m_outOffset == m_out.size()) {
        m_out.clear();
        m_outOffset = 0;
    } else if (m_outOffset > 1024 * 1024) {
        m_out.erase(0, m_outOffset);
        m_outOffset = 0;
    }
    updateInterest();
}

void Connection::readAvailable()
{
    thread_local char scratch[64 * 1024];
    for (int round = 0; round < ReadsPerEvent; ++round) {
        const ssize_t got = ::read(m_fd, scratch, sizeof scratch);
        if (got > 0) {
            consume(scratch, std::size_t(got));
            if (m_state == State::Ended || std::size_t(got) < sizeof scratch)
                return;
            continue;
        }
        if (got == 0) {
            onPeerClosed();
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            onSocketError(errno);
        return;
    }
}

void Connection::consume(const char *data, std::size_t size)
{
    if (m_state == State::Upgrading) {
        m_in.append(data, size);
        parseUpgradeResponse();
        return;
    }
    if (m_in.empty()) {
        // The common case: whole frames in one read, parsed where they lie.
        const std::size_t used = parseFrames(data, size);
        if (m_state != State::Ended && used < size)
            m_in.assign(data + used, size - used);
        return;
    }
    m_in.append(data, size);
    const std::size_t used = parseFrames(m_in.data(), m_in.size());
    if (m_state != State::Ended)
        m_in.erase(0, used);
}

void Connection::onPeerClosed()
{
    if (!wasUpgraded()) {
        fail(Failure::ClosedEarly);
        return;
    }
    // After both close frames this is the orderly end; without one the server dropped us.
    end(!m_closeSent, m_closeReceived ? m_closeCode : 1006);
}

void Connection::onSocketError(int error)
{
    m_socketError = error;
    if (m_state == State::Upgrading) {
        // A server that refuses (503, 403) may answer and close before it has read our request,
        // so the send fails: its status line may still be waiting to be read.
        char buffer[512];
        const ssize_t got = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (got > 0)
            m_in.append(buffer, std::size_t(got));
        const std::size_t space = m_in.find(' ');
        if (m_in.compare(0, 5, "HTTP/") == 0 && space != std::string::npos) {
            m_httpStatus = std::atoi(m_in.c_str() + space + 1);
            if (m_httpStatus != 101) {
                fail(Failure::Rejected);
                return;
            }
        }
    }
    if (!wasUpgraded()) {
        fail(m_state == State::Connecting ? Failure::ConnectError : Failure::ClosedEarly);
        return;
    }
    end(!m_closeSent, m_closeReceived ? m_closeCode : 1006);
}

void Connection::parseUpgradeResponse()
{
    const std::size_t headEnd = m_in.find("\r\n\r\n");
    if (headEnd == std::string::npos) {
        if (m_in.size() > MaxResponseHead)
            fail(Failure::BadHandshake);
        return;
    }
    const std::string head = m_in.substr(0, headEnd + 2);
    const std::size_t statusEnd = head.find("\r\n");
    const std::string statusLine = head.substr(0, statusEnd);
    if (statusLine.size() < 12 || statusLine.compare(0, 5, "HTTP/") != 0) {
        fail(Failure::BadHandshake);
        return;
    }
    const std::size_t space = statusLine.find(' ');
    m_httpStatus = space == std::string::npos ? 0 : std::atoi(statusLine.c_str() + space + 1);
    if (m_httpStatus != 101) {
        fail(Failure::Rejected);
        return;
    }

    bool upgrade = false;
    bool connection = false;
    bool accept = false;
    std::size_t lineStart = statusEnd + 2;
    while (lineStart < head.size()) {
        const std::size_t lineEnd = head.find("\r\n", lineStart);
        const std::string line = head.substr(lineStart, lineEnd - lineStart);
        lineStart = lineEnd + 2;
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string name = trimmed(line.substr(0, colon));
        const std::string value = trimmed(line.substr(colon + 1));
        if (equalsIgnoringCase(name, "upgrade"))
            upgrade = equalsIgnoringCase(value, "websocket");
        else if (equalsIgnoringCase(name, "connection"))
            connection = hasToken(value, "upgrade");
        else if (equalsIgnoringCase(name, "sec-websocket-accept"))
            accept = value == m_expectedAccept;
    }
    if (!upgrade || !connection || !accept) {
        fail(Failure::BadHandshake);
        return;
    }

    m_in.erase(0, headEnd + 4);
    m_state = State::Open;
    m_upgradedAtNs = nowNs();
    updateInterest();
    if (m_state != State::Open)
        return;
    m_settings->observer->onUpgraded(*this);
    if (m_state == State::Ended || !reading() || m_in.empty())
        return;
    const std::size_t used = parseFrames(m_in.data(), m_in.size());
    if (m_state != State::Ended)
        m_in.erase(0, used);
}

std::size_t Connection::parseFrames(const char *data, std::size_t size)
{
    std::size_t used = 0;
    while (used < size && (m_state == State::Open || m_state == State::Closing)) {
        ServerFrame frame;
        std::size_t frameSize = 0;
        std::string error;
        const ParseStatus status = parseServerFrame(data + used, size - used, MaxFramePayload, &frame, &frameSize, &error);
        if (status == ParseStatus::NeedMore)
            break;
        if (status == ParseStatus::Error) {
            m_protocolError = error;
            if (m_state == State::Open) {
                const std::string payload = closePayload(1002);
                queueFrame(Opcode::Close, payload.data(), payload.size());
                m_closeSent = true;
                flush();
            }
            if (m_state != State::Ended)
                end(true, 1002);
            break;
        }
        used += frameSize;
        handleFrame(frame);
    }
    return used;
}

void Connection::handleFrame(const ServerFrame &frame)
{
    switch (frame.opcode) {
    case Opcode::Text:
    case Opcode::Binary:
    case Opcode::Continuation: {
        const bool starts = frame.opcode != Opcode::Continuation;
        if (starts == (m_messageOpcode != Opcode::Continuation)) {
            // A new message inside another, or a continuation of nothing.
            m_protocolError = starts ? "new data frame inside a fragmented message" : "continuation without a message";
            end(true, 1002);
            return;
        }
        if (starts) {
            m_messageOpcode = frame.opcode;
            m_messageSize = 0;
        }
        m_messageSize += frame.size;
        if (frame.fin) {
            m_messageOpcode = Opcode::Continuation;
            m_settings->observer->onMessage(*this, m_messageSize);
        }
        return;
    }
    case Opcode::Ping:
        if (m_settings->answerPings && m_state == State::Open) {
            queueFrame(Opcode::Pong, frame.payload, frame.size);
            flush();
        }
        return;
    case Opcode::Pong:
        return;
    case Opcode::Close: {
        m_closeReceived = true;
        m_closeCode = frame.size >= 2
            ? (static_cast<unsigned char>(frame.payload[0]) << 8) | static_cast<unsigned char>(frame.payload[1])
            : 1005;
        if (m_closeSent)
            return; // the answer to ours: now the server closes the TCP connection (RFC 6455 7.1.1)
        m_endedByServer = true;
        if (!m_settings->answerPings) {
            end(true, m_closeCode); // a dead peer answers nothing
            return;
        }
        // Echo the code back, as RFC 6455 5.5.1 asks; no code in theirs, none in ours.
        const std::string payload = m_closeCode == 1005 ? std::string() : closePayload(std::uint16_t(m_closeCode));
        queueFrame(Opcode::Close, payload.data(), payload.size());
        m_closeSent = true;
        m_state = State::Closing;
        flush();
        return;
    }
    }
}

void Connection::queueFrame(Opcode opcode, const char *payload, std::size_t size)
{
    appendClientFrame(m_out, opcode, payload, size, std::uint32_t(m_random->next()));
}

} // namespace wsm::bench
