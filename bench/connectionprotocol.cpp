// Connection, part: what it reads. The server's upgrade answer (RFC 6455 4.2.2 as a client checks
// it) and its frames, answered as the scenario asks.

#include "connection.h"

#include "acceptkey.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

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
            m_message.clear();
        }
        m_messageSize += frame.size;
        if (m_settings->keepMessage)
            m_message.append(frame.payload, frame.size);
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
