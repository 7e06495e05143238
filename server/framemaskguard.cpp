#include "framemaskguard.h"

#include "session.h"

#include <QTcpSocket>

#include <algorithm>
#include <limits>
#include <vector>

namespace wsm {

std::shared_ptr<FrameMaskGuard> FrameMaskGuard::attach(QTcpSocket *socket, const QByteArray &peeked,
                                                       qint64 headBytes)
{
    // Qt's handshake reader consumes up to the first blank line: the guard counts from the same place.
    const qsizetype end = peeked.indexOf("\r\n\r\n");
    if (end < 0 || end + 4 != headBytes)
        return nullptr; // not a head Qt reads the same way; Qt refuses it anyway
    auto guard = std::make_shared<FrameMaskGuard>();
    guard->m_headLeft = headBytes;
    guard->m_seen = peeked.size();
    guard->scan(peeked.constData() + headBytes, peeked.size() - headBytes);
    // Connected before Qt's own readyRead slots (handleConnection() and the upgrade come after),
    // so every arrival is looked at before Qt's frame reader takes it. The socket is the context:
    // the connection, and with it the guard, goes with the socket.
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [guard, socket] { guard->onReadyRead(socket); });
    return guard;
}

void FrameMaskGuard::setSession(Session *session)
{
    m_session = session;
    // What came with the upgrade request, counted before there was a session to tell.
    if (session && heldBytes() > 0)
        session->noteInbound(heldBytes(), heldBytes());
}

qint64 FrameMaskGuard::bytesToFrameEnd() const
{
    switch (m_state) {
    case State::MaskKey:
        return qint64(std::min<quint64>(m_remaining + m_length, quint64(std::numeric_limits<qint64>::max())));
    case State::Payload:
        return qint64(std::min<quint64>(m_remaining, quint64(std::numeric_limits<qint64>::max())));
    case State::FirstByte:
    case State::SecondByte:
    case State::ExtendedLength:
        break;
    }
    return 0;
}

void FrameMaskGuard::settleAndBoundReading(QTcpSocket *socket, qint64 maxFrameBytes)
{
    const qint64 held = socket->bytesAvailable();
    settle(held);
    // A frame over the maximum is refused by Qt at its header: never read ahead for it.
    const qint64 frameRest = std::min(bytesToFrameEnd(), maxFrameBytes);
    socket->setReadBufferSize(held + frameRest + ReadAheadBytes);
}

void FrameMaskGuard::endFrame()
{
    if (!m_controlFrame)
        m_messageBytes = m_finalFrame ? 0 : m_messageBytes + m_frameBytes;
    m_frameBytes = 0;
    m_state = State::FirstByte;
}

void FrameMaskGuard::onReadyRead(QTcpSocket *socket)
{
    const qint64 available = socket->bytesAvailable();
    if (m_headLeft > 0 && available < m_seen) {
        // Qt has consumed the upgrade request (the readyRead it emits right after the upgrade).
        m_seen -= m_headLeft;
        m_headLeft = 0;
    }
    if (!m_violated) {
        const qint64 fresh = available - m_seen;
        if (fresh <= 0)
            return; // a readyRead re-emitted by Qt for bytes already looked at
        const qint64 offset = m_seen; // where the new bytes begin in the buffer
        m_seen = available;
        if (scanArrival(socket, offset, fresh)) {
            // The session may close itself, or others, over what it now holds.
            if (m_session)
                m_session->noteInbound(fresh, heldBytes());
            return;
        }
    }
    // Unmasked: nothing more of this client reaches Qt's frame reader (so the frame is not
    // answered), once Qt has consumed the upgrade request; the session closes with 1002.
    if (m_headLeft == 0 && available > 0) {
        socket->skip(available);
        m_seen = 0;
    }
    if (m_session)
        m_session->closeFor(EndReason::ProtocolError, EndedBy::Server, 1002, QStringLiteral("unmasked client frame"));
}

bool FrameMaskGuard::scanArrival(QTcpSocket *socket, qint64 offset, qint64 fresh)
{
    if (m_state == State::Payload) {
        // The common case for big messages: the new bytes are payload, counted and not copied.
        const qint64 skipped = qint64(std::min<quint64>(m_remaining, quint64(fresh)));
        m_remaining -= quint64(skipped);
        take(quint64(skipped));
        if (m_remaining == 0)
            endFrame();
        offset += skipped;
        fresh -= skipped;
        if (fresh == 0)
            return true;
    }
    // One buffer for every socket of the thread: a peek copies from the start of the socket's
    // buffer (Qt leaves a frame there until its payload is complete), up to the end of what is
    // new. Kept for the next time only while small: a big frame's copy is not held on to.
    constexpr size_t KeepScratchBytes = 256 * 1024;
    thread_local std::vector<char> scratch;
    const qint64 available = offset + fresh;
    if (scratch.size() < size_t(available))
        scratch.resize(size_t(available));
    const bool clean = socket->peek(scratch.data(), available) < available || scan(scratch.data() + offset, fresh);
    if (scratch.size() > KeepScratchBytes)
        std::vector<char>().swap(scratch);
    return clean;
}

bool FrameMaskGuard::scan(const char *data, qint64 size)
{
    const char *p = data;
    const char *const end = data + size;
    while (p < end && !m_violated) {
        switch (m_state) {
        case State::FirstByte: {
            // FIN, RSV and opcode are Qt's to judge; the guard only tells messages from control frames.
            const auto byte = quint8(*p++);
            m_finalFrame = byte & 0x80;
            m_controlFrame = byte & 0x08;
            take(1);
            m_state = State::SecondByte;
            break;
        }
        case State::SecondByte: {
            const auto byte = quint8(*p++);
            take(1);
            if (!(byte & 0x80)) {
                m_violated = true;
                break;
            }
            const quint8 length = byte & 0x7f;
            m_length = 0;
            if (length >= 126) {
                m_remaining = length == 126 ? 2 : 8;
                m_state = State::ExtendedLength;
            } else {
                m_length = length;
                m_remaining = 4;
                m_state = State::MaskKey;
            }
            break;
        }
        case State::ExtendedLength:
            m_length = (m_length << 8) | quint8(*p++);
            take(1);
            if (--m_remaining == 0) {
                m_remaining = 4;
                m_state = State::MaskKey;
            }
            break;
        case State::MaskKey: {
            const qint64 bytes = std::min<qint64>(qint64(m_remaining), end - p);
            p += bytes;
            m_remaining -= quint64(bytes);
            take(quint64(bytes));
            if (m_remaining == 0) {
                m_remaining = m_length;
                if (m_length > 0)
                    m_state = State::Payload;
                else
                    endFrame();
            }
            break;
        }
        case State::Payload: {
            const qint64 bytes = qint64(std::min<quint64>(m_remaining, quint64(end - p)));
            p += bytes;
            m_remaining -= quint64(bytes);
            take(quint64(bytes));
            if (m_remaining == 0)
                endFrame();
            break;
        }
        }
    }
    return !m_violated;
}

} // namespace wsm
