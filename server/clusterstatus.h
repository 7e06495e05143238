#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

namespace wsm {

// One node of the cluster as its registry key in Redis last described it.
struct ClusterNodeInfo
{
    QString name;
    QString version;
    QString publicUrl;          // where its WebSocket clients connect
    QString adminUrl;           // its admin channel; empty when it has none
    int clients = 0;
    double messageRateIn = 0;   // per second, as the node last wrote them
    double messageRateOut = 0;
    qint64 startedAt = 0;       // ms since the epoch
    qint64 updatedAt = 0;       // when the node last wrote its key (its clock), ms since the epoch
    bool self = false;          // this node
};

// The cluster as the node sees it, in every snapshot. enabled is false (and the rest empty)
// without --cluster.
struct ClusterStatus
{
    bool enabled = false;
    bool linkUp = false;        // both Redis connections ready and subscribed
    QString redisUrl;           // ClusterConfig::redisUrl(): never the password
    QString nodeName;           // this node's name in the cluster
    qint64 linkChangedAt = 0;   // ms since the epoch: when linkUp last changed (or the first try)
    QString lastError;          // why the link is down, or went down last; empty when it never did
    QList<ClusterNodeInfo> nodes; // the registry as last read (this node included), sorted by name
    // Since start. Published: broadcasts and control sent to Redis. Received: from other nodes
    // (never our own). Dropped: meant for other nodes but not sent (link down, or more than
    // ClusterConfig::maxPendingBytes waiting), plus gaps seen in another node's sequence.
    quint64 messagesPublished = 0;
    quint64 messagesReceived = 0;
    quint64 messagesDropped = 0;
    quint64 linkFailures = 0;   // times the link went down or a connect attempt failed
};

} // namespace wsm
