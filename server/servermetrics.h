#pragma once

#include "connectionevent.h"
#include "snapshot.h"

#include <QByteArray>
#include <QtGlobal>

#include <array>

namespace wsm {

// Heartbeat round-trip times, Prometheus histogram buckets in seconds.
class RttHistogram
{
public:
    static constexpr int BucketCount = 12;

    // 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000 ms: LAN pings to slow mobile links.
    static const std::array<double, BucketCount> &bucketBoundsMs();

    void observe(double ms);
    quint64 count() const { return m_count; }
    double sumMs() const { return m_sumMs; }
    // Observations <= bucketBoundsMs()[bucketIndex]; count() for an index past the last bound (+Inf).
    quint64 cumulativeCount(int bucketIndex) const;

private:
    std::array<quint64, BucketCount> m_counts{}; // per bucket, not cumulative
    quint64 m_count = 0;
    double m_sumMs = 0;
};

// The counters the server thread increments (plain integers, no locking: one thread), and their
// Prometheus text exposition.
class ServerMetrics
{
public:
    void countAccepted(ClientKind kind = ClientKind::WebSocket);
    void countRejected(EndReason reason);
    void countClosed(EndReason reason, ClientKind kind = ClientKind::WebSocket);
    void observeRtt(double ms);

    quint64 accepted() const { return m_accepted; }
    quint64 rejected() const;  // over every reason
    quint64 closed() const;    // over every reason
    quint64 rejectedFor(EndReason reason) const;
    quint64 closedFor(EndReason reason) const;
    const RttHistogram &rtt() const { return m_rtt; }

    // The reasons that can end a connection before / after its upgrade: /metrics shows a sample
    // (0 included) for each, so a rate() query sees the series before the first event.
    static bool canReject(EndReason reason);
    static bool canClose(EndReason reason);

    // Prometheus text format 0.0.4 ("# HELP", "# TYPE", then samples). Metric names:
    //  wsmonitor_clients_connected, wsmonitor_sessions_alive, wsmonitor_handshakes_pending (gauges
    //  from totals), wsmonitor_inbound_buffer_bytes, wsmonitor_inbound_buffer_ceiling_bytes,
    //  wsmonitor_outbound_buffer_bytes, wsmonitor_outbound_buffer_ceiling_bytes (gauges from totals),
    //  wsmonitor_connections_accepted_total (counter), wsmonitor_clients{kind="websocket"|"sse"}
    //  (gauge from totals), wsmonitor_connections_accepted_by_kind_total{kind=...},
    //  wsmonitor_connections_closed_by_kind_total{kind=...} (counters),
    //  wsmonitor_connections_rejected_total{reason="..."}, wsmonitor_connections_closed_total{reason="..."}
    //  (counters, label = ConnectionEvent::reasonId), wsmonitor_messages_received_total,
    //  wsmonitor_messages_sent_total, wsmonitor_received_bytes_total, wsmonitor_sent_bytes_total
    //  (counters from totals), wsmonitor_heartbeat_rtt_seconds (histogram),
    //  wsmonitor_admin_clients (gauge), wsmonitor_admin_refused_total (counter; both from totals),
    //  wsmonitor_event_loop_lag_seconds, process_resident_memory_bytes, process_open_fds,
    //  process_start_time_seconds (gauges; the start time from startedAtMs, ms since the epoch).
    QByteArray prometheusText(const ServerTotals &totals, qint64 startedAtMs) const;
    // With --cluster only (a node outside a cluster has no such series): wsmonitor_cluster_link_up,
    // wsmonitor_cluster_nodes (gauges), wsmonitor_cluster_messages_published_total, _received_total,
    // _dropped_total and wsmonitor_cluster_link_failures_total (counters).
    static QByteArray clusterPrometheusText(const ClusterStatus &cluster);

    void reset();

private:
    quint64 m_accepted = 0;
    std::array<quint64, 2> m_acceptedByKind{}; // by ClientKind
    std::array<quint64, 2> m_closedByKind{};
    std::array<quint64, EndReasonCount> m_rejected{};
    std::array<quint64, EndReasonCount> m_closed{};
    RttHistogram m_rtt;
};

} // namespace wsm
