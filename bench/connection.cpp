// Connection, part: the socket, its life and its writes. What it reads (the upgrade answer and
// the server's frames) is in connectionprotocol.cpp.

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

} // namespace wsm::bench
