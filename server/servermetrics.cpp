#include "servermetrics.h"

#include "decimaltext.h"

#include <cmath>

namespace wsm {

const std::array<double, RttHistogram::BucketCount> &RttHistogram::bucketBoundsMs()
{
    static const std::array<double, BucketCount> bounds = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000};
    return bounds;
}

void RttHistogram::observe(double ms)
{
    if (std::isnan(ms))
        return;
    if (ms < 0) // a clock step between ping and pong; the round trip still happened
        ms = 0;
    const auto &bounds = bucketBoundsMs();
    for (int i = 0; i < BucketCount; ++i) {
        if (ms <= bounds[size_t(i)]) {
            ++m_counts[size_t(i)];
            break;
        }
    }
    // Above the last bound it lands only in +Inf, which is count().
    ++m_count;
    m_sumMs += ms;
}

quint64 RttHistogram::cumulativeCount(int bucketIndex) const
{
    if (bucketIndex < 0)
        return 0;
    if (bucketIndex >= BucketCount)
        return m_count;
    quint64 sum = 0;
    for (int i = 0; i <= bucketIndex; ++i)
        sum += m_counts[size_t(i)];
    return sum;
}

namespace {

bool validReason(EndReason reason)
{
    return int(reason) < EndReasonCount;
}

// Prometheus reads Go's ParseFloat: C locale always. Whole numbers print without a fraction or an
// exponent; fractions with up to 9 places (nanoseconds, for values in seconds).
QByteArray formatValue(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    return decimalText(value, 9);
}

QByteArray escapeLabelValue(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out;
}

void family(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

void sample(QByteArray &out, const char *name, const QByteArray &labels, const QByteArray &value)
{
    out += name;
    if (!labels.isEmpty()) {
        out += '{';
        out += labels;
        out += '}';
    }
    out += ' ';
    out += value;
    out += '\n';
}

void reasonCounter(QByteArray &out, const char *name, const char *help,
                   const std::array<quint64, EndReasonCount> &counts, bool (*applies)(EndReason))
{
    family(out, name, "counter", help);
    for (int i = 0; i < EndReasonCount; ++i) {
        const auto reason = EndReason(i);
        // A reason outside the expected set still shows once it happened, so the samples add up
        // to the total.
        if (!applies(reason) && counts[size_t(i)] == 0)
            continue;
        sample(out, name, "reason=\"" + escapeLabelValue(ConnectionEvent::reasonId(reason)) + '"',
               QByteArray::number(counts[size_t(i)]));
    }
}

} // namespace

void ServerMetrics::countAccepted(ClientKind kind)
{
    ++m_accepted;
    ++m_acceptedByKind[kind == ClientKind::Sse ? 1 : 0];
}

void ServerMetrics::countRejected(EndReason reason)
{
    if (validReason(reason))
        ++m_rejected[size_t(reason)];
}

void ServerMetrics::countClosed(EndReason reason, ClientKind kind)
{
    ++m_closedByKind[kind == ClientKind::Sse ? 1 : 0];
    if (validReason(reason))
        ++m_closed[size_t(reason)];
}

void ServerMetrics::observeRtt(double ms)
{
    m_rtt.observe(ms);
}

quint64 ServerMetrics::rejected() const
{
    quint64 sum = 0;
    for (const quint64 n : m_rejected)
        sum += n;
    return sum;
}

quint64 ServerMetrics::closed() const
{
    quint64 sum = 0;
    for (const quint64 n : m_closed)
        sum += n;
    return sum;
}

quint64 ServerMetrics::rejectedFor(EndReason reason) const
{
    return validReason(reason) ? m_rejected[size_t(reason)] : 0;
}

quint64 ServerMetrics::closedFor(EndReason reason) const
{
    return validReason(reason) ? m_closed[size_t(reason)] : 0;
}

bool ServerMetrics::canReject(EndReason reason)
{
    switch (reason) {
    case EndReason::ServerFull:
    case EndReason::OriginRefused:
    case EndReason::TokenRefused:
    case EndReason::Banned:
    case EndReason::HandshakeTimeout:
    case EndReason::BadHandshake:
    case EndReason::NotFound:
    case EndReason::ServerShutdown: // a handshake still pending when the server stops
    case EndReason::ServiceRestart: // ... or stops to start again
    case EndReason::TlsHandshakeFailed:
    case EndReason::IdentityMissing:
    case EndReason::IdentityRefused:
        return true;
    default:
        return false;
    }
}

bool ServerMetrics::canClose(EndReason reason)
{
    switch (reason) {
    case EndReason::ClientClosed:
    case EndReason::ClientDropped:
    case EndReason::OperatorKick:
    case EndReason::HeartbeatTimeout:
    case EndReason::MessageTooBig:
    case EndReason::InvalidUtf8:
    case EndReason::ProtocolError:
    case EndReason::RateLimited:
    case EndReason::SlowConsumer:
    case EndReason::InboundCeiling:
    case EndReason::SlowSender:
    case EndReason::OutboundCeiling:
    case EndReason::ServerFull: // 1013 after the upgrade
    case EndReason::Banned:     // a ban placed on a connected client's address
    case EndReason::ServerShutdown:
    case EndReason::ServiceRestart:
    case EndReason::IdentityExpired:
        return true;
    default:
        return false;
    }
}

QByteArray ServerMetrics::prometheusText(const ServerTotals &totals, qint64 startedAtMs) const
{
    QByteArray out;
    out.reserve(6144);

    family(out, "wsmonitor_clients_connected", "gauge", "Clients (WebSocket and event streams) whose connection is open.");
    sample(out, "wsmonitor_clients_connected", {}, QByteArray::number(totals.clientsConnected));
    family(out, "wsmonitor_sessions_alive", "gauge",
           "Session objects in memory; above clients_connected means a leak.");
    sample(out, "wsmonitor_sessions_alive", {}, QByteArray::number(totals.sessionsAlive));
    family(out, "wsmonitor_handshakes_pending", "gauge", "TCP connections accepted but not yet upgraded or refused.");
    sample(out, "wsmonitor_handshakes_pending", {}, QByteArray::number(totals.handshakesPending));

    // The ceilings on what all clients together make the server hold; a ceiling of 0 means none.
    family(out, "wsmonitor_inbound_buffer_bytes", "gauge", "Bytes of unfinished client messages held, over all clients.");
    sample(out, "wsmonitor_inbound_buffer_bytes", {}, QByteArray::number(totals.inboundBufferedBytes));
    family(out, "wsmonitor_inbound_buffer_ceiling_bytes", "gauge",
           "Ceiling on wsmonitor_inbound_buffer_bytes; past it the biggest holders are closed (inbound_ceiling).");
    sample(out, "wsmonitor_inbound_buffer_ceiling_bytes", {}, QByteArray::number(totals.inboundCeilingBytes));
    family(out, "wsmonitor_outbound_buffer_bytes", "gauge", "Bytes queued to clients and not yet sent, over all clients.");
    sample(out, "wsmonitor_outbound_buffer_bytes", {}, QByteArray::number(totals.outboundQueuedBytes));
    family(out, "wsmonitor_outbound_buffer_ceiling_bytes", "gauge",
           "Ceiling on wsmonitor_outbound_buffer_bytes; past it the slowest consumers are closed (outbound_ceiling).");
    sample(out, "wsmonitor_outbound_buffer_ceiling_bytes", {}, QByteArray::number(totals.outboundCeilingBytes));

    family(out, "wsmonitor_connections_accepted_total", "counter", "Connections upgraded to WebSocket or made an event stream.");
    sample(out, "wsmonitor_connections_accepted_total", {}, QByteArray::number(m_accepted));
    // By kind (WebSocket, Server-Sent Events): the same connections again, split.
    family(out, "wsmonitor_clients", "gauge", "Clients whose connection is open, by kind.");
    sample(out, "wsmonitor_clients", "kind=\"websocket\"", QByteArray::number(totals.clientsConnected - totals.sseClients));
    sample(out, "wsmonitor_clients", "kind=\"sse\"", QByteArray::number(totals.sseClients));
    family(out, "wsmonitor_connections_accepted_by_kind_total", "counter", "Connections accepted, by kind.");
    sample(out, "wsmonitor_connections_accepted_by_kind_total", "kind=\"websocket\"", QByteArray::number(m_acceptedByKind[0]));
    sample(out, "wsmonitor_connections_accepted_by_kind_total", "kind=\"sse\"", QByteArray::number(m_acceptedByKind[1]));
    family(out, "wsmonitor_connections_closed_by_kind_total", "counter", "Accepted connections that ended, by kind.");
    sample(out, "wsmonitor_connections_closed_by_kind_total", "kind=\"websocket\"", QByteArray::number(m_closedByKind[0]));
    sample(out, "wsmonitor_connections_closed_by_kind_total", "kind=\"sse\"", QByteArray::number(m_closedByKind[1]));
    reasonCounter(out, "wsmonitor_connections_rejected_total", "Connections refused before the upgrade, by reason.",
                  m_rejected, &ServerMetrics::canReject);
    reasonCounter(out, "wsmonitor_connections_closed_total", "Upgraded connections that ended, by reason.",
                  m_closed, &ServerMetrics::canClose);

    family(out, "wsmonitor_messages_received_total", "counter", "Messages received from clients.");
    sample(out, "wsmonitor_messages_received_total", {}, QByteArray::number(totals.messagesIn));
    family(out, "wsmonitor_messages_sent_total", "counter", "Messages sent to clients.");
    sample(out, "wsmonitor_messages_sent_total", {}, QByteArray::number(totals.messagesOut));
    family(out, "wsmonitor_received_bytes_total", "counter", "Message payload bytes received from clients.");
    sample(out, "wsmonitor_received_bytes_total", {}, QByteArray::number(totals.bytesIn));
    family(out, "wsmonitor_sent_bytes_total", "counter", "Message payload bytes sent to clients.");
    sample(out, "wsmonitor_sent_bytes_total", {}, QByteArray::number(totals.bytesOut));

    family(out, "wsmonitor_heartbeat_rtt_seconds", "histogram", "Heartbeat ping to pong round-trip time.");
    const auto &bounds = RttHistogram::bucketBoundsMs();
    for (int i = 0; i < RttHistogram::BucketCount; ++i) {
        sample(out, "wsmonitor_heartbeat_rtt_seconds_bucket",
               "le=\"" + formatValue(bounds[size_t(i)] / 1000.0) + '"', QByteArray::number(m_rtt.cumulativeCount(i)));
    }
    sample(out, "wsmonitor_heartbeat_rtt_seconds_bucket", "le=\"+Inf\"", QByteArray::number(m_rtt.count()));
    sample(out, "wsmonitor_heartbeat_rtt_seconds_sum", {}, formatValue(m_rtt.sumMs() / 1000.0));
    sample(out, "wsmonitor_heartbeat_rtt_seconds_count", {}, QByteArray::number(m_rtt.count()));

    // The admin channel lives outside the server thread; its owner passes these in.
    family(out, "wsmonitor_admin_clients", "gauge", "Consoles and scripts attached to the admin channel.");
    sample(out, "wsmonitor_admin_clients", {}, QByteArray::number(totals.adminClients));
    family(out, "wsmonitor_admin_refused_total", "counter",
           "Admin channel connections refused before the upgrade (token, path, capacity).");
    sample(out, "wsmonitor_admin_refused_total", {}, QByteArray::number(totals.adminRefused));

    // FlappingTracker: clients reconnecting past --flapping-threshold, and those it forgot to stay
    // within its bound.
    family(out, "wsmonitor_flapping_clients", "gauge",
           "Clients (identities, or addresses and user agents) reconnecting more often than --flapping-threshold a minute.");
    sample(out, "wsmonitor_flapping_clients", {}, QByteArray::number(totals.flapping));
    family(out, "wsmonitor_flapping_forgotten_total", "counter",
           "Clients the reconnect tracker forgot, oldest first, to keep its memory bounded.");
    sample(out, "wsmonitor_flapping_forgotten_total", {}, QByteArray::number(totals.flappingForgotten));

    family(out, "wsmonitor_event_loop_lag_seconds", "gauge", "How late the server thread's snapshot timer fired.");
    sample(out, "wsmonitor_event_loop_lag_seconds", {}, formatValue(totals.eventLoopLagMs / 1000.0));

    // -1 means the platform cannot tell: an absent sample, not a false zero.
    if (totals.residentBytes >= 0) {
        family(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        sample(out, "process_resident_memory_bytes", {}, QByteArray::number(totals.residentBytes));
    }
    if (totals.heapBytes >= 0) {
        family(out, "wsmonitor_process_heap_bytes", "gauge",
               "Bytes allocated with malloc and not yet freed (excludes what the allocator keeps cached).");
        sample(out, "wsmonitor_process_heap_bytes", {}, QByteArray::number(totals.heapBytes));
    }
    if (totals.openFds >= 0) {
        family(out, "process_open_fds", "gauge", "Number of open file descriptors.");
        sample(out, "process_open_fds", {}, QByteArray::number(totals.openFds));
    }
    family(out, "process_start_time_seconds", "gauge", "Start time of the server since the Unix epoch in seconds.");
    // Whole ms printed exactly; a double would print 1718000000.123 as ...122999907.
    const qint64 startMs = startedAtMs > 0 ? startedAtMs : 0;
    QByteArray start = QByteArray::number(startMs / 1000);
    if (startMs % 1000 != 0)
        start += '.' + QByteArray::number(startMs % 1000).rightJustified(3, '0');
    sample(out, "process_start_time_seconds", {}, start);

    return out;
}

void ServerMetrics::reset()
{
    *this = ServerMetrics();
}

QByteArray ServerMetrics::clusterPrometheusText(const ClusterStatus &cluster)
{
    QByteArray out;
    if (!cluster.enabled)
        return out;
    const auto one = [&out](const char *name, const char *type, const char *help, quint64 value) {
        family(out, name, type, help);
        sample(out, name, {}, QByteArray::number(value));
    };
    one("wsmonitor_cluster_link_up", "gauge",
        "1 while the link to the cluster's Redis is up (connected and subscribed), else 0.", cluster.linkUp ? 1 : 0);
    one("wsmonitor_cluster_nodes", "gauge", "Nodes in the cluster's registry as last read, this one included.",
        quint64(cluster.nodes.size()));
    one("wsmonitor_cluster_messages_published_total", "counter", "Messages this node sent to the other nodes.",
        cluster.messagesPublished);
    one("wsmonitor_cluster_messages_received_total", "counter", "Messages received from the other nodes.",
        cluster.messagesReceived);
    one("wsmonitor_cluster_messages_dropped_total", "counter",
        "Messages meant for other nodes and not sent (link down, too much waiting), and gaps seen in another "
        "node's messages.",
        cluster.messagesDropped);
    one("wsmonitor_cluster_link_failures_total", "counter",
        "Times the link to Redis went down or a connect attempt failed.", cluster.linkFailures);
    return out;
}

} // namespace wsm
