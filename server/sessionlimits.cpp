// Session, part: what it makes the server hold (its share of the buffer ceilings, the receive rate
// of a message in progress) and the closes those limits call for.

#include "session.h"

#include "steadyclock.h"
#include "websocketserver.h"

#include <QTcpSocket>

#include <utility>

namespace wsm {

void Session::updateOutboundQueued()
{
    setOutboundQueued(m_ended ? 0 : queuedBytes());
}

void Session::setOutboundQueued(qint64 bytes)
{
    if (bytes == m_outboundQueued)
        return;
    const qint64 before = std::exchange(m_outboundQueued, bytes);
    m_server->bufferCeilings().outboundChanged(this, before, bytes);
}

void Session::setInboundHeld(qint64 bytes)
{
    if (bytes == m_inboundHeld)
        return;
    const qint64 before = std::exchange(m_inboundHeld, bytes);
    m_server->bufferCeilings().inboundChanged(this, before, bytes);
}

void Session::noteInbound(qint64 arrivedBytes, qint64 heldBytes)
{
    if (m_ended || m_stoppedReading)
        return;
    if (heldBytes > 0) {
        if (m_inboundHeld == 0) {
            // A message begins: its first window runs from now.
            m_receiveWindowStartMs = steadyNowMs();
            m_receiveWindowBytes = 0;
        }
        m_receiveWindowBytes += arrivedBytes;
    }
    setInboundHeld(heldBytes);
}

void Session::checkReceiveRate(qint64 nowSteadyMs, qint64 minRate, int windowMs)
{
    if (m_inboundHeld == 0 || m_closing || nowSteadyMs - m_receiveWindowStartMs < windowMs)
        return;
    const qint64 needed = minRate * windowMs / 1000;
    if (m_receiveWindowBytes >= needed) {
        m_receiveWindowStartMs = nowSteadyMs;
        m_receiveWindowBytes = 0;
        return;
    }
    closeAndStopReading(EndReason::SlowSender, 1008,
                        QStringLiteral("message in progress below %1 bytes per second (%2 bytes in %3 s)")
                            .arg(minRate)
                            .arg(m_receiveWindowBytes)
                            .arg(windowMs / 1000.0));
}

void Session::closeForInboundCeiling(qint64 ceilingBytes)
{
    closeAndStopReading(EndReason::InboundCeiling, 1009,
                        QStringLiteral("server memory: %1 bytes of an unfinished message held, over the inbound ceiling of %2 for all clients")
                            .arg(m_inboundHeld)
                            .arg(ceilingBytes));
}

void Session::closeForOutboundCeiling(qint64 ceilingBytes)
{
    const qint64 queued = m_outboundQueued;
    closeFor(EndReason::OutboundCeiling, EndedBy::Server, 1008,
             QStringLiteral("slow consumer: %1 bytes queued, over the outbound ceiling of %2 for all clients")
                 .arg(queued)
                 .arg(ceilingBytes));
    // Its close frame would wait behind a queue it does not read: the queue goes now, with it.
    abort();
}

void Session::closeAndStopReading(EndReason reason, int closeCode, const QString &closeReason)
{
    if (m_closing || m_ended)
        return;
    m_stoppedReading = true;
    setInboundHeld(0);
    closeFor(reason, EndedBy::Server, closeCode, closeReason);
    // Qt takes no more bytes from the kernel once a socket is closing, and ends it when what is
    // queued (the close frame) has gone out; the housekeeping aborts it past the close grace.
    if (m_rawSocket && !m_ended)
        m_rawSocket->disconnectFromHost();
}

} // namespace wsm
