#pragma once

#include <QAbstractTableModel>
#include <QList>

namespace wsm {

class NodeList;
class ServerNode;

// The Nodes pane: one row per node the console watches, in NodeList's order (the embedded node
// first): name, URL, link state, clients, messages per second in and out, uptime and version.
// Rows follow NodeList's attached/detached signals; a node's row changes when it sends a snapshot
// or its link changes. GUI thread only.
class NodesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        UrlColumn,
        LinkColumn,
        ClientsColumn,
        RateInColumn,
        RateOutColumn,
        UptimeColumn,
        VersionColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // the raw value: QString, qint64 or double
        LinkStateRole,           // int(ServerNode::LinkState)
    };

    explicit NodesModel(NodeList *nodes, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    ServerNode *nodeAt(int row) const;
    int rowOf(const ServerNode *node) const;

    // "Connected", "Connecting", "Lost", translated.
    static QString linkStateText(int state);

private:
    void addNode(ServerNode *node);
    void removeNode(ServerNode *node);
    void updateNode(ServerNode *node);

    NodeList *m_nodes;
    QList<ServerNode *> m_rows;
};

} // namespace wsm
