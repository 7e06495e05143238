#pragma once

#include "clusterstatus.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>

namespace wsm {

class ClusterLink;

// The cluster's register of nodes, in the server thread beside the ClusterLink (its child). Every
// ClusterConfig::registryRefreshMs (and at every link up) this node writes its key
// wsmonitor:node:<name> (JSON: name, version, publicUrl, adminUrl, clients, messageRateIn/Out,
// startedAt, updatedAt) with a time to live of registryTtlMs, and reads every node's key (SCAN +
// MGET, bounded) into nodes(): a node that stops writing leaves the list within its time to live.
// A node that joins or leaves announces it on wsmonitor:nodes, and the others read the list at once.
class ClusterRegistry : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxNodes = 1000; // read at each refresh: a bound, far beyond real use

    // describeSelf: this node as it is now (name and updatedAt are filled here).
    using Describe = std::function<ClusterNodeInfo()>;
    ClusterRegistry(ClusterLink *link, Describe describeSelf, QObject *parent = nullptr);

    // The nodes as last read, sorted by name, this one marked self. Kept while the link is down.
    const QList<ClusterNodeInfo> &nodes() const { return m_nodes; }

    // The node stops: its key is deleted (sent, never waited for) and nothing more is written.
    void leave();

    static QByteArray nodeJson(const ClusterNodeInfo &node);
    static bool nodeFromJson(const QByteArray &json, ClusterNodeInfo *node);

private:
    // Writes this node's key, then reads the list.
    void refresh();
    void readNodes();
    // Tells the other nodes to read the list now: this node has "joined" or "left".
    void announce(const char *event);

    ClusterLink *m_link;
    Describe m_describeSelf;
    QTimer m_timer;
    QList<ClusterNodeInfo> m_nodes;
    bool m_reading = false;
    bool m_readAgain = false;   // asked to read while a read was under way
    bool m_left = false;
};

} // namespace wsm
