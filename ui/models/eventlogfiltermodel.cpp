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

void EventLogFilterModel::setClusterLinkOnly(bool only)
{
    if (only == m_clusterLinkOnly)
        return;
    m_clusterLinkOnly = only;
    invalidateFilter();
}

void EventLogFilterModel::setFlappingOnly(bool only)
{
    if (only == m_flappingOnly)
        return;
    m_flappingOnly = only;
    invalidateFilter();
}

bool EventLogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    if (m_clusterLinkOnly) {
        const auto kind = EventKind(model->index(sourceRow, 0, sourceParent).data(EventLogModel::KindRole).toInt());
        if (kind != EventKind::ClusterLinkUp && kind != EventKind::ClusterLinkDown)
            return false;
    }
    if (m_flappingOnly) {
        const auto kind = EventKind(model->index(sourceRow, 0, sourceParent).data(EventLogModel::KindRole).toInt());
        if (kind != EventKind::FlappingStarted && kind != EventKind::FlappingStopped)
            return false;
    }
    if (m_reason) {
        const QModelIndex index = model->index(sourceRow, 0, sourceParent);
        if (index.data(EventLogModel::ReasonRole).toInt() != int(*m_reason))
            return false;
    }
    if (m_filterText.isEmpty())
        return true;
    return cellsContain(model, sourceRow, sourceParent,
                        {EventLogModel::PeerColumn, EventLogModel::ClientColumn, EventLogModel::PathColumn,
                         EventLogModel::DetailColumn, EventLogModel::IdentityColumn},
                        m_filterText);
}

} // namespace wsm
