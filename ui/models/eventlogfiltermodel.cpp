#include "eventlogfiltermodel.h"

#include "cellsearch.h"
#include "eventlogmodel.h"

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
    return cellsContain(model, sourceRow, sourceParent,
                        {EventLogModel::PeerColumn, EventLogModel::ClientColumn, EventLogModel::PathColumn,
                         EventLogModel::DetailColumn},
                        m_filterText);
}

} // namespace wsm
