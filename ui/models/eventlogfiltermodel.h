#pragma once

#include "connectionevent.h"

#include <QSortFilterProxyModel>
#include <QString>

#include <optional>

namespace wsm {

// The connection log as the view shows it: sorted by EventLogModel's raw SortRole values and
// narrowed to one reason (or the cluster link's changes) and/or a search text.
class EventLogFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit EventLogFilterModel(QObject *parent = nullptr);

    void setReasonFilter(std::optional<EndReason> reason); // nullopt = every reason (incl. connects)
    // Only the cluster link's changes (ClusterLinkUp, ClusterLinkDown), whatever the reason filter.
    void setClusterLinkOnly(bool only);
    // Only the flapping clients' changes (FlappingStarted, FlappingStopped), the same way.
    void setFlappingOnly(bool only);
    void setFilterText(const QString &text);               // case-insensitive substring over peer,
                                                           // client id, path, detail and identity

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<EndReason> m_reason;
    bool m_clusterLinkOnly = false;
    bool m_flappingOnly = false;
    QString m_filterText;
};

} // namespace wsm
