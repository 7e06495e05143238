#pragma once

#include <QSortFilterProxyModel>
#include <QString>

namespace wsm {

// The connection table as the view shows it: sorted by the raw values of ConnectionTableModel's
// SortRole (so 9 bytes come before 10), re-sorted and re-filtered as rows change, and narrowed
// by the operator's search text.
class ConnectionFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ConnectionFilterModel(QObject *parent = nullptr);

    // Case-insensitive substring over id ("#12"), peer, path, origin, user agent, subprotocol,
    // kind and identity (display name and subject); empty shows every client.
    void setFilterText(const QString &text);
    // Only the clients of this node (ConnectionTableModel::NodeIdRole); 0 shows every node's.
    void setNodeFilter(quint64 nodeId);
    quint64 nodeFilter() const { return m_nodeId; }
    // Only the clients marked flapping (the Flapping column's raw value).
    void setFlappingOnly(bool on);
    bool flappingOnly() const { return m_flappingOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_filterText;
    quint64 m_nodeId = 0;
    bool m_flappingOnly = false;
};

} // namespace wsm
