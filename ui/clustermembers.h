#pragma once

#include "clusterstatus.h"

#include <QList>
#include <QString>

namespace wsm {

class NodeList;

// The cluster as the console sees it through the nodes it watches: every node that the registry of
// a watched node in a cluster lists (each name once, its freshest entry), which of them the console
// does not watch yet, and their totals. The registries of nodes whose link is lost are left out: what
// they last said may be long gone. A plain value, worked out again from the NodeList when asked.
struct ClusterMembers
{
    QList<ClusterNodeInfo> nodes;      // by name; `self` marks the ones the console watches
    QList<ClusterNodeInfo> unattached; // the others, by name
    qint64 clients = 0;
    double messageRateIn = 0;
    double messageRateOut = 0;

    bool isEmpty() const { return nodes.isEmpty(); }

    static ClusterMembers of(const NodeList &list);
    // Whether two admin URLs name the same channel (a trailing slash or the host's case aside).
    static bool sameAdminUrl(const QString &a, const QString &b);
};

} // namespace wsm
