#include "connectionfiltermodel.h"

#include "connectiontablemodel.h"

#include <array>

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

// Reads the cells as shown, so the operator finds what is on the screen ("#12", "[::1]:5000").
bool ConnectionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filterText.isEmpty())
        return true;
    static constexpr std::array<int, 6> searched = {
        ConnectionTableModel::IdColumn,          ConnectionTableModel::PeerColumn,
        ConnectionTableModel::PathColumn,        ConnectionTableModel::OriginColumn,
        ConnectionTableModel::UserAgentColumn,   ConnectionTableModel::SubprotocolColumn,
    };
    const QAbstractItemModel *model = sourceModel();
    for (const int column : searched) {
        const QString cell = model->index(sourceRow, column, sourceParent).data(Qt::DisplayRole).toString();
        if (cell.contains(m_filterText, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace wsm
