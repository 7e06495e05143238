#pragma once

#include <QSet>
#include <QtGlobal>

namespace wsm {

class Session;

// The bytes all clients together make the server hold, against two ceilings: inbound, the messages
// in progress that Qt buffers until they are whole; outbound, the send queues. Per-client limits
// (--max-message-bytes, --max-send-queue-bytes) bound one client; these bound their sum, which
// ten thousand clients each within their limit would otherwise take far past the machine.
//
// Sessions report their own figure whenever it changes; only sessions holding something are
// tracked, so idle clients cost nothing here. Over a ceiling, the sessions holding the most are
// closed until the sum is under it again; a session holding nothing is never touched.
class BufferCeilings
{
public:
    struct Limits
    {
        qint64 inboundBytes = 0;     // 0: no ceiling
        qint64 outboundBytes = 0;
        qint64 minReceiveRate = 0;   // bytes per second while a message is in progress; 0: none
        int receiveRateWindowMs = 10000;
    };

    void setLimits(const Limits &limits) { m_limits = limits; }
    const Limits &limits() const { return m_limits; }
    void clear();

    qint64 inboundBytes() const { return m_inboundBytes; }
    qint64 outboundBytes() const { return m_outboundBytes; }

    // From a session, with what it held before and holds now. Over a ceiling, closes sessions
    // (this one perhaps), which may end them at once.
    void inboundChanged(Session *session, qint64 before, qint64 after);
    void outboundChanged(Session *session, qint64 before, qint64 after);

    // Housekeeping: closes the senders of messages in progress that fell below the minimum rate,
    // and brings the send queues that have drained since they were last reported up to date.
    void sweep(qint64 nowSteadyMs);
    // Send queues as they are now, for a snapshot or before judging the outbound sum.
    void refreshOutbound();

private:
    void enforceInbound();
    void enforceOutbound();

    Limits m_limits;
    QSet<Session *> m_receiving;  // a message in progress
    QSet<Session *> m_queuing;    // a send queue last reported non-empty
    qint64 m_inboundBytes = 0;
    qint64 m_outboundBytes = 0;
    bool m_enforcing = false;     // closing ends sessions, which report back while we close
};

} // namespace wsm
