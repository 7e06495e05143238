#include "nodesmodel.h"

#include "clustermembers.h"
#include "displaytext.h"
#include "nodelist.h"
#include "servernode.h"

#include <QColor>
#include <QDateTime>
#include <QLocale>

#include <array>

namespace wsm {

namespace {

constexpr std::array<ColumnText, NodesModel::ColumnCount> columnTexts = {{
    {QT_TRANSLATE_NOOP("wsm::NodesModel", "Node"), QT_TRANSLATE_NOOP("wsm::NodesModel", "The node's name.")},
    {QT_TRANSLATE_NOOP("wsm::NodesModel", "URL"),
     QT_TRANSLATE_NOOP("wsm::NodesModel",
                       "Where the embedded server listens, or the admin URL a remote node is reached at.")},
    {QT_TRANSLATE_NOOP("wsm::NodesModel", "Link"),
     QT_TRANSLATE_NOOP("wsm::NodesModel", "Whether the console can reach the node now.")},
    {QT_TRANSLATE_NOOP("wsm::NodesModel", "Cluster"),
     QT_TRANSLATE_NOOP("wsm::NodesModel", "The node's link to its cluster's Redis; empty for a node outside a cluster.")},
    {QT_TRANSLATE_NOOP("wsm::NodesModel", "Clients"),
     QT_TRANSLATE_NOOP("wsm::NodesModel", "Clients connected to the node.")},
    {QT_TRANSLATE_NOOP("wsm::NodesModel", "Rate in"),
     QT_TRANSLATE_NOOP("wsm::NodesModel", "Messages the node received per second, over the last second.")},
    {QT_TRANSLATE_NOOP("wsm::NodesModel", "Rate out"),
     QT_TRANSLATE_NOOP("wsm::NodesModel", "Messages the node sent per second, over the last second.")},
    {QT_TRANSLATE_NOOP("wsm::NodesModel", "Uptime"),
     QT_TRANSLATE_NOOP("wsm::NodesModel", "How long the node's server has been listening.")},
    {QT_TRANSLATE_NOOP("wsm::NodesModel", "Version"),
     QT_TRANSLATE_NOOP("wsm::NodesModel", "The wsmonitor version the node runs.")},
}};

QString clockTime(qint64 msSinceEpoch)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(msSinceEpoch).time(), QStringLiteral("HH:mm:ss"));
}

QString rateText(double perSecond)
{
    return NodesModel::tr("%1/s", "messages per second").arg(QLocale().toString(perSecond, 'f', 1));
}

} // namespace

NodesModel::NodesModel(NodeList *nodes, QObject *parent)
    : QAbstractTableModel(parent)
    , m_nodes(nodes)
    , m_rows(nodes->nodes())
{
    connect(nodes, &NodeList::attached, this, &NodesModel::addNode);
    connect(nodes, &NodeList::detached, this, &NodesModel::removeNode);
    connect(nodes, &NodeList::nodeChanged, this, &NodesModel::updateNode);
    m_clusterRows = ClusterMembers::of(*nodes).unattached;
}

int NodesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size() + m_clusterRows.size());
}

int NodesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString NodesModel::linkStateText(int state)
{
    switch (ServerNode::LinkState(state)) {
    case ServerNode::LinkState::Connecting: return tr("Connecting");
    case ServerNode::LinkState::Connected: return tr("Connected");
    case ServerNode::LinkState::Lost: return tr("Lost");
    }
    return {};
}

QVariant NodesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::TextAlignmentRole) {
        if (index.column() >= ClientsColumn && index.column() <= UptimeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    if (const ClusterNodeInfo *info = clusterNodeAt(index.row()))
        return clusterData(*info, index.column(), role);
    return nodeData(m_rows.at(index.row()), index.column(), role);
}

QVariant NodesModel::nodeData(const ServerNode *node, int column, int role) const
{
    const Snapshot snapshot = m_nodes->latestSnapshot(node);
    const ClusterStatus &cluster = snapshot.cluster;
    const bool clusterDown = cluster.enabled && !cluster.linkUp;
    const bool listening = snapshot.startedAt != 0;
    const qint64 uptimeMs = listening ? snapshot.takenAt - snapshot.startedAt : -1;
    const QLocale locale;
    switch (role) {
    case LinkStateRole: return int(node->linkState());
    case AttachedRole: return true;
    case ClusterDownRole: return clusterDown;
    case Qt::ForegroundRole:
        // The marker of a node whose cluster link is down.
        return column == ClusterColumn && clusterDown ? QVariant(QColor(0xb0, 0x00, 0x20)) : QVariant();
    case Qt::ToolTipRole:
        if (column == LinkColumn && m_nodes->lostSince(node) != 0) {
            return tr("Unreachable since %1")
                .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(m_nodes->lostSince(node)), QLocale::ShortFormat));
        }
        if (column == ClusterColumn && cluster.enabled) {
            QString tip = tr("Redis: %1").arg(cluster.redisUrl);
            if (!cluster.lastError.isEmpty())
                tip += QLatin1Char('\n') + tr("Last error: %1").arg(cluster.lastError);
            return tip;
        }
        return {};
    case Qt::DisplayRole:
    case SortRole:
        break;
    default:
        return {};
    }
    const bool display = role == Qt::DisplayRole;
    switch (column) {
    case NameColumn: return node->displayName();
    case UrlColumn: return node->url();
    case LinkColumn: return display ? QVariant(linkStateText(int(node->linkState()))) : QVariant(int(node->linkState()));
    case ClusterColumn:
        if (!cluster.enabled)
            return QString();
        if (!display)
            return cluster.linkUp ? 2 : 1;
        return cluster.linkUp ? tr("Up") : tr("Down since %1").arg(clockTime(cluster.linkChangedAt));
    case ClientsColumn:
        return display ? QVariant(locale.toString(snapshot.totals.clientsConnected))
                       : QVariant(snapshot.totals.clientsConnected);
    case RateInColumn:
        return display ? QVariant(rateText(snapshot.totals.messageRateIn)) : QVariant(snapshot.totals.messageRateIn);
    case RateOutColumn:
        return display ? QVariant(rateText(snapshot.totals.messageRateOut)) : QVariant(snapshot.totals.messageRateOut);
    case UptimeColumn:
        if (!display)
            return uptimeMs;
        return listening ? durationText(uptimeMs) : QString(QChar(0x2013)); // an en dash: not listening
    case VersionColumn: return node->version();
    default: return {};
    }
}

QVariant NodesModel::clusterData(const ClusterNodeInfo &info, int column, int role) const
{
    const QString url = info.adminUrl.isEmpty() ? info.publicUrl : info.adminUrl;
    const bool started = info.startedAt > 0 && info.updatedAt >= info.startedAt;
    switch (role) {
    case AttachedRole: return false;
    case AdminUrlRole: return info.adminUrl;
    case ClusterDownRole: return false;
    case Qt::ForegroundRole: return QColor(Qt::gray); // not watched: figures as its registry entry gave them
    case Qt::ToolTipRole: {
        QStringList lines{tr("In the cluster, not attached: its figures are those of its registry entry, "
                             "written at %1.")
                              .arg(clockTime(info.updatedAt)),
                          tr("Public URL: %1").arg(info.publicUrl)};
        lines.append(info.adminUrl.isEmpty() ? tr("It has no admin channel: the console cannot attach to it.")
                                             : tr("Double-click to attach to it."));
        return lines.join(QLatin1Char('\n'));
    }
    case Qt::DisplayRole:
    case SortRole:
        break;
    default:
        return {};
    }
    const bool display = role == Qt::DisplayRole;
    const QLocale locale;
    switch (column) {
    case NameColumn: return info.name;
    case UrlColumn: return url;
    case LinkColumn: return display ? QVariant(tr("In the cluster, not attached")) : QVariant(-1);
    case ClusterColumn: return display ? QVariant(QString()) : QVariant(0);
    case ClientsColumn: return display ? QVariant(locale.toString(info.clients)) : QVariant(info.clients);
    case RateInColumn: return display ? QVariant(rateText(info.messageRateIn)) : QVariant(info.messageRateIn);
    case RateOutColumn: return display ? QVariant(rateText(info.messageRateOut)) : QVariant(info.messageRateOut);
    case UptimeColumn: {
        const qint64 uptimeMs = started ? info.updatedAt - info.startedAt : -1;
        if (!display)
            return uptimeMs;
        return started ? durationText(uptimeMs) : QString(QChar(0x2013));
    }
    case VersionColumn: return info.version;
    default: return {};
    }
}

QVariant NodesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return tr(columnTexts[size_t(section)].title);
    if (role == Qt::ToolTipRole)
        return tr(columnTexts[size_t(section)].description);
    return {};
}

const ClusterNodeInfo *NodesModel::clusterNodeAt(int row) const
{
    const int clusterRow = row - int(m_rows.size());
    return clusterRow >= 0 && clusterRow < m_clusterRows.size() ? &m_clusterRows.at(clusterRow) : nullptr;
}

ServerNode *NodesModel::nodeAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : nullptr;
}

int NodesModel::rowOf(const ServerNode *node) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row) == node)
            return row;
    }
    return -1;
}

void NodesModel::addNode(ServerNode *node)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(node);
    endInsertRows();
    updateClusterRows(); // it may have been one of them
}

void NodesModel::removeNode(ServerNode *node)
{
    const int row = rowOf(node);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    updateClusterRows();
}

void NodesModel::updateNode(ServerNode *node)
{
    const int row = rowOf(node);
    if (row >= 0) {
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1),
                           {Qt::DisplayRole, SortRole, Qt::ToolTipRole, Qt::ForegroundRole, LinkStateRole, ClusterDownRole});
    }
    updateClusterRows();
}

void NodesModel::updateClusterRows()
{
    const QList<ClusterNodeInfo> next = ClusterMembers::of(*m_nodes).unattached;
    const int base = int(m_rows.size());
    // Both lists are sorted by name: one pass, row by row.
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < m_clusterRows.size() || j < next.size()) {
        const int row = base + int(i);
        if (j >= next.size() || (i < m_clusterRows.size() && m_clusterRows.at(i).name < next.at(j).name)) {
            beginRemoveRows({}, row, row);
            m_clusterRows.removeAt(i);
            endRemoveRows();
        } else if (i >= m_clusterRows.size() || next.at(j).name < m_clusterRows.at(i).name) {
            beginInsertRows({}, row, row);
            m_clusterRows.insert(i, next.at(j));
            endInsertRows();
            ++i;
            ++j;
        } else {
            m_clusterRows[i] = next.at(j);
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            ++i;
            ++j;
        }
    }
}

} // namespace wsm
