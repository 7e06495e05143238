#include "nodesmodel.h"

#include "displaytext.h"
#include "nodelist.h"
#include "servernode.h"

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

} // namespace

NodesModel::NodesModel(NodeList *nodes, QObject *parent)
    : QAbstractTableModel(parent)
    , m_nodes(nodes)
    , m_rows(nodes->nodes())
{
    connect(nodes, &NodeList::attached, this, &NodesModel::addNode);
    connect(nodes, &NodeList::detached, this, &NodesModel::removeNode);
    connect(nodes, &NodeList::nodeChanged, this, &NodesModel::updateNode);
}

int NodesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
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
    const ServerNode *node = m_rows.at(index.row());
    const Snapshot snapshot = m_nodes->latestSnapshot(node);
    const bool listening = snapshot.startedAt != 0;
    const qint64 uptimeMs = listening ? snapshot.takenAt - snapshot.startedAt : -1;
    const QLocale locale;
    if (role == LinkStateRole)
        return int(node->linkState());
    if (role == Qt::TextAlignmentRole) {
        if (index.column() >= ClientsColumn && index.column() <= UptimeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == LinkColumn && m_nodes->lostSince(node) != 0) {
        return tr("Unreachable since %1")
            .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(m_nodes->lostSince(node)), QLocale::ShortFormat));
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool display = role == Qt::DisplayRole;
    switch (index.column()) {
    case NameColumn: return node->displayName();
    case UrlColumn: return node->url();
    case LinkColumn: return display ? QVariant(linkStateText(int(node->linkState()))) : QVariant(int(node->linkState()));
    case ClientsColumn:
        return display ? QVariant(locale.toString(snapshot.totals.clientsConnected))
                       : QVariant(snapshot.totals.clientsConnected);
    case RateInColumn:
        return display ? QVariant(tr("%1/s", "messages per second").arg(locale.toString(snapshot.totals.messageRateIn, 'f', 1)))
                       : QVariant(snapshot.totals.messageRateIn);
    case RateOutColumn:
        return display ? QVariant(tr("%1/s", "messages per second").arg(locale.toString(snapshot.totals.messageRateOut, 'f', 1)))
                       : QVariant(snapshot.totals.messageRateOut);
    case UptimeColumn:
        if (!display)
            return uptimeMs;
        return listening ? durationText(uptimeMs) : QString(QChar(0x2013)); // an en dash: not listening
    case VersionColumn: return node->version();
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
}

void NodesModel::removeNode(ServerNode *node)
{
    const int row = rowOf(node);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void NodesModel::updateNode(ServerNode *node)
{
    const int row = rowOf(node);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::DisplayRole, SortRole, Qt::ToolTipRole, LinkStateRole});
}

} // namespace wsm
