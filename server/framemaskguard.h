#pragma once

#include <QPointer>
#include <QtGlobal>

#include <memory>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace wsm {

class Session;

// RFC 6455 5.1: a server MUST close the connection on a client frame that is not masked. Qt 6.4's
// QWebSocket accepts such frames, so this guard reads the frame headers of a client's byte stream
// itself and reports the first unmasked one.
//
// Reading the headers, it also knows how many bytes of a message not yet whole Qt holds for the
// client (its partial frame, and the fragments it keeps until the final one): the inbound ceiling
// and the minimum receive rate are judged on that (Session::noteInbound()).
//
// How it sees the bytes without costing a copy of the stream: it never reads from the socket, it
// peeks. Its readyRead slot is connected before Qt's (at the handover, before the upgrade), so it
// runs while each arrival is still in the socket's buffer; the session's own readyRead slot, which
// runs after Qt's frame reader, tells it how much Qt left unread (settle()). What lies beyond that
// is new. Only frame headers are looked at: new bytes that are all payload are counted, not copied;
// otherwise one peek copies what the socket holds, into a buffer shared by the thread's sockets.
class FrameMaskGuard
{
public:
    // Starts watching at the handover: `peeked` is what the socket holds now, of which the first
    // headBytes are the upgrade request (which Qt will consume as a whole).
    static std::shared_ptr<FrameMaskGuard> attach(QTcpSocket *socket, const QByteArray &peeked, qint64 headBytes);

    // The incremental frame-header parser, also for tests: false once a frame header without the
    // mask bit has been seen (and from then on).
    bool scan(const char *data, qint64 size);
    bool violated() const { return m_violated; }
    // Bytes of the message in progress (frame headers included), and of a control frame in
    // progress: what Qt holds for this client until the message is whole. 0 between messages.
    qint64 heldBytes() const { return qint64(m_messageBytes + m_frameBytes); }
    // Bytes still to come before the frame being read is whole, as far as its header tells (0
    // between frames and while the length is not known yet).
    qint64 bytesToFrameEnd() const;

    // The session the guard ends on a violation; null before the upgrade (the server then ends it
    // as it adopts the socket) and after the session is gone.
    void setSession(Session *session);
    // After Qt's frame reader has run (a readyRead slot connected after Qt's, and the adoption):
    // what is still buffered has been looked at, and the upgrade request is consumed.
    void settle(qint64 bytesAvailable)
    {
        m_seen = bytesAvailable;
        m_headLeft = 0;
    }
    // Settles, then bounds what Qt may read from the kernel into the socket's buffer at once
    // (readBufferSize): what it holds, the rest of the frame in progress (Qt's frame reader takes
    // a frame only when its whole payload is buffered) and ReadAheadBytes. Unbounded, Qt reads all
    // the kernel holds at each arrival, and a piece of it left behind keeps the whole block
    // alive: 2,000 stalled readers held about 170 KB each that no ceiling counted. Bounded, the rest
    // waits in the kernel, and TCP slows the sender.
    void settleAndBoundReading(QTcpSocket *socket, qint64 maxFrameBytes);
    static constexpr qint64 ReadAheadBytes = 64 * 1024;

private:
    void onReadyRead(QTcpSocket *socket);
    // Scans `fresh` new bytes that begin at `offset` in the socket's buffer; false if unmasked.
    bool scanArrival(QTcpSocket *socket, qint64 offset, qint64 fresh);
    // Bytes of the current frame taken; at its end, they join the message or are let go.
    void take(quint64 bytes) { m_frameBytes += bytes; }
    void endFrame();

    enum class State : quint8 { FirstByte, SecondByte, ExtendedLength, MaskKey, Payload };

    QPointer<Session> m_session;
    qint64 m_seen = 0;          // bytes at the end of the socket's buffer already scanned
    qint64 m_headLeft = 0;      // upgrade request bytes Qt has not consumed yet
    quint64 m_remaining = 0;    // of the current state: length bytes, mask bytes or payload bytes
    quint64 m_length = 0;       // extended payload length being read
    quint64 m_frameBytes = 0;   // of the frame being read, header included
    quint64 m_messageBytes = 0; // of the complete fragments of a message whose final one is to come
    State m_state = State::FirstByte;
    bool m_controlFrame = false;
    bool m_finalFrame = false;
    bool m_violated = false;
};

} // namespace wsm
