#include "connectionfiltermodel.h"

#include "cellsearch.h"
#include "connectiontablemodel.h"

namespace wsm {

ConnectionFilterModel::ConnectionFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ConnectionTableModel::SortRole);
    setDynamicSortFilter(true);
}

void ConnectionFilterModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText)
        return;
    m_filterText = trimmed;
    invalidateFilter();
}

void ConnectionFilterModel::setNodeFilter(quint64 nodeId)
{
    if (nodeId == m_nodeId)
        return;
    m_nodeId = nodeId;
    invalidateFilter();
}

void ConnectionFilterModel::setFlappingOnly(bool on)
{
    if (on == m_flappingOnly)
        return;
    m_flappingOnly = on;
    invalidateFilter();
}

bool ConnectionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_nodeId != 0
        && sourceModel()->index(sourceRow, 0, sourceParent).data(ConnectionTableModel::NodeIdRole).toULongLong()
            != m_nodeId)
        return false;
    if (m_flappingOnly
        && !sourceModel()
                ->index(sourceRow, ConnectionTableModel::FlappingColumn, sourceParent)
                .data(ConnectionTableModel::SortRole)
                .toBool())
        return false;
    if (m_filterText.isEmpty())
        return true;
    return cellsContain(sourceModel(), sourceRow, sourceParent,
                        {ConnectionTableModel::IdColumn, ConnectionTableModel::PeerColumn,
                         ConnectionTableModel::PathColumn, ConnectionTableModel::OriginColumn,
                         ConnectionTableModel::UserAgentColumn, ConnectionTableModel::SubprotocolColumn,
                         ConnectionTableModel::KindColumn, ConnectionTableModel::IdentityColumn},
                        m_filterText);
}

} // namespace wsm
