#include "eventlogfiltermodel.h"

#include "eventlogmodel.h"

#include <array>

namespace wsm {

EventLogFilterModel::EventLogFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EventLogModel::SortRole);
    setDynamicSortFilter(true);
}

void EventLogFilterModel::setReasonFilter(std::optional<EndReason> reason)
{
    if (reason == m_reason)
        return;
    m_reason = reason;
    invalidateFilter();
}

void EventLogFilterModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText)
        return;
    m_filterText = trimmed;
    invalidateFilter();
}

bool EventLogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    if (m_reason) {
        const QModelIndex index = model->index(sourceRow, 0, sourceParent);
        if (index.data(EventLogModel::ReasonRole).toInt() != int(*m_reason))
            return false;
    }
    if (m_filterText.isEmpty())
        return true;
    // The cells as shown, so the operator finds what is on the screen ("#12", "[::1]:5000").
    static constexpr std::array<int, 4> searched = {
        EventLogModel::PeerColumn, EventLogModel::ClientColumn,
        EventLogModel::PathColumn, EventLogModel::DetailColumn,
    };
    for (const int column : searched) {
        const QString cell = model->index(sourceRow, column, sourceParent).data(Qt::DisplayRole).toString();
        if (cell.contains(m_filterText, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace wsm
