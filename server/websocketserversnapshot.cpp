// WebSocketServer, part: what the server tells about itself: the totals, the Prometheus text of
// /metrics, and the snapshot the console receives four times a second.

#include "websocketserver.h"

#include "processstats.h"
#include "session.h"
#include "steadyclock.h"

#include <QDateTime>

#include <algorithm>
#include <utility>

namespace wsm {

ServerTotals WebSocketServer::totals() const
{
    ServerTotals t;
    t.clientsConnected = int(m_sessions.size());
    t.sseClients = m_sseSessions;
    t.sessionsAlive = Session::aliveCount();
    t.handshakesPending = int(m_pending.size());
    t.accepted = m_metrics.accepted();
    t.rejected = m_metrics.rejected();
    t.closed = m_metrics.closed();
    t.messagesIn = m_endedMessagesIn;
    t.messagesOut = m_endedMessagesOut;
    t.bytesIn = m_endedBytesIn;
    t.bytesOut = m_endedBytesOut;
    t.eventLoopLagMs = m_loopLagMs;
    t.eventsDropped = m_eventsDropped;
    t.inboundBufferedBytes = m_ceilings.inboundBytes();
    t.outboundQueuedBytes = m_ceilings.outboundBytes();
    t.inboundCeilingBytes = m_config.maxInboundBufferBytes;
    t.outboundCeilingBytes = m_config.maxOutboundBufferBytes;
    t.closedByInboundCeiling = m_metrics.closedFor(EndReason::InboundCeiling);
    t.closedSlowSenders = m_metrics.closedFor(EndReason::SlowSender);
    t.closedByOutboundCeiling = m_metrics.closedFor(EndReason::OutboundCeiling);
    t.adminClients = m_adminClients;
    t.adminRefused = m_adminRefused;
    t.flapping = m_flapping.flappingCount();
    t.flappingForgotten = m_flapping.forgotten();
    return t;
}

void WebSocketServer::addSessionCounters(ServerTotals *totals) const
{
    for (const Session *session : std::as_const(m_sessions)) {
        const SessionCounters c = session->counters();
        totals->messagesIn += c.messagesIn;
        totals->messagesOut += c.messagesOut;
        totals->bytesIn += c.bytesIn;
        totals->bytesOut += c.bytesOut;
    }
}

QByteArray WebSocketServer::metricsText()
{
    m_ceilings.refreshOutbound();
    ServerTotals t = totals();
    addSessionCounters(&t);
    t.residentBytes = ProcessStats::residentBytes();
    t.openFds = ProcessStats::openFileDescriptors();
    t.heapBytes = ProcessStats::heapBytes();
    QByteArray text = m_metrics.prometheusText(t, m_startedAtEpochMs);
    if (m_cluster)
        text += ServerMetrics::clusterPrometheusText(clusterStatus());
    return text;
}

void WebSocketServer::takeSnapshot()
{
    const qint64 nowSteady = steadyNowMs();
    const qint64 nowEpoch = m_epochClock.follow(nowSteady);
    const qint64 sinceLast = nowSteady - m_lastSnapshotMs;
    if (m_snapshotTick > 0)
        m_loopLagMs = std::max<qint64>(0, sinceLast - m_config.snapshotIntervalMs);

    const RateWindow::Position ratePosition = m_rateWindow.advance(nowSteady);

    Snapshot snapshot;
    snapshot.takenAt = nowEpoch;
    if (isListening() && !m_stopping) {
        snapshot.startedAt = m_startedAtEpochMs;
        snapshot.url = url();
        snapshot.heartbeatIntervalMs = m_config.heartbeatIntervalMs;
        snapshot.heartbeatTimeoutMs = m_config.heartbeatTimeoutMs;
    }
    m_ceilings.refreshOutbound();
    ServerTotals t = totals();
    if (m_config.snapshotSessionRows) {
        snapshot.sessions.reserve(m_sessions.size());
        for (Session *session : std::as_const(m_sessions)) {
            SessionRow row = session->row(nowSteady, nowEpoch, ratePosition);
            row.flapping = m_flapping.isFlapping(row.identity, row.peerAddress, row.userAgent);
            t.messagesIn += row.messagesIn;
            t.messagesOut += row.messagesOut;
            t.bytesIn += row.bytesIn;
            t.bytesOut += row.bytesOut;
            snapshot.sessions.append(std::move(row));
        }
    } else {
        addSessionCounters(&t);
    }
    // Over the same window as each client's rate, so the status bar and the table agree.
    const auto rates = m_totalsRates.update(ratePosition, {t.messagesIn, t.messagesOut, t.bytesIn, t.bytesOut},
                                            {m_lastTotals.messageRateIn, m_lastTotals.messageRateOut,
                                             m_lastTotals.byteRateIn, m_lastTotals.byteRateOut});
    t.messageRateIn = rates[0];
    t.messageRateOut = rates[1];
    t.byteRateIn = rates[2];
    t.byteRateOut = rates[3];
    // /proc reads cost more with thousands of fds open: once a second (at 4 Hz) is enough for these.
    constexpr quint64 TicksPerProcRead = 4;
    if (m_snapshotTick % TicksPerProcRead == 0) {
        t.residentBytes = ProcessStats::residentBytes();
        t.openFds = ProcessStats::openFileDescriptors();
        t.heapBytes = ProcessStats::heapBytes();
        m_freedMemory.noteHeapInUse(t.heapBytes);
    } else {
        t.residentBytes = m_lastTotals.residentBytes;
        t.openFds = m_lastTotals.openFds;
        t.heapBytes = m_lastTotals.heapBytes;
    }
    snapshot.totals = t;
    snapshot.bans = m_bans.active(nowEpoch);
    snapshot.cluster = clusterStatus();
    m_lastTotals = t;
    m_lastSnapshotMs = nowSteady;
    ++m_snapshotTick;

    const QList<ConnectionEvent> events = std::exchange(m_eventBatch, {});
    Q_EMIT snapshotReady(snapshot, events);
}

} // namespace wsm
