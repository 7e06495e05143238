#pragma once

#include <QObject>
#include <QString>

QT_BEGIN_NAMESPACE
class QLabel;
class QStatusBar;
QT_END_NAMESPACE

namespace wsm {

class NodeList;
struct ClusterMembers;

// What the console shows of the cluster outside the Nodes pane's rows: a status bar field with the
// cluster link of the watched nodes in a cluster ("Cluster: up", "Cluster: down since 12:03:04"; its
// tooltip each node's Redis and last error), and the cluster's totals in a label under the Nodes pane
// ("Cluster: 3 nodes, 3,000 clients, ..."). Both hidden while no watched node is in a cluster; both
// follow every snapshot and every node attached or detached. Object names for tests: "clusterStatus",
// "clusterTotals".
class ClusterFields : public QObject
{
    Q_OBJECT

public:
    // The totals label is the caller's, placed where it belongs; it is filled and shown from here.
    ClusterFields(NodeList *nodes, QStatusBar *statusBar, QLabel *totals);

    static QString totalsText(const ClusterMembers &members);

private:
    void update();

    NodeList *m_nodes;
    QLabel *m_status = nullptr;
    QLabel *m_totals = nullptr;
};

} // namespace wsm
