#pragma once

#include "clusterstatus.h"

#include <QAbstractTableModel>
#include <QList>

namespace wsm {

class NodeList;
class ServerNode;

// The Nodes pane: one row per node the console watches, in NodeList's order (the embedded node
// first): name, URL, link state, cluster link, clients, messages per second in and out, uptime and
// version. Below them, one row per node of a watched node's cluster that the console does not watch
// (ClusterMembers: "in the cluster, not attached", with the figures its registry entry gives), by
// name. Rows follow NodeList's attached/detached signals; a node's row changes when it sends a
// snapshot or its link changes, and the cluster's rows with each snapshot. GUI thread only.
class NodesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        UrlColumn,
        LinkColumn,
        ClusterColumn,  // the node's link to its cluster's Redis; empty outside a cluster
        ClientsColumn,
        RateInColumn,
        RateOutColumn,
        UptimeColumn,
        VersionColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // the raw value: QString, qint64 or double
        LinkStateRole,           // int(ServerNode::LinkState); none on a cluster row
        AttachedRole,            // bool: a node the console watches (false: in the cluster, not attached)
        AdminUrlRole,            // QString: a cluster row's admin URL (empty: it has no admin channel)
        ClusterDownRole,         // bool: a watched node in a cluster whose link to it is down
    };

    explicit NodesModel(NodeList *nodes, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The watched node of a row; null for a cluster row.
    ServerNode *nodeAt(int row) const;
    int rowOf(const ServerNode *node) const;
    // The registry entry of a cluster row; null for a watched node's.
    const ClusterNodeInfo *clusterNodeAt(int row) const;

    // "Connected", "Connecting", "Lost", translated.
    static QString linkStateText(int state);

private:
    void addNode(ServerNode *node);
    void removeNode(ServerNode *node);
    void updateNode(ServerNode *node);
    // The cluster's rows again from the registries, by a diff: rows inserted, removed or changed.
    void updateClusterRows();
    QVariant nodeData(const ServerNode *node, int column, int role) const;
    QVariant clusterData(const ClusterNodeInfo &info, int column, int role) const;

    NodeList *m_nodes;
    QList<ServerNode *> m_rows;
    QList<ClusterNodeInfo> m_clusterRows; // after m_rows, by name
};

} // namespace wsm
