#include "clusterfields.h"

#include "clustermembers.h"
#include "nodelist.h"
#include "servernode.h"

#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QStatusBar>

#include <algorithm>

namespace wsm {

namespace {

QString clockTime(qint64 msSinceEpoch)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(msSinceEpoch).time(), QStringLiteral("HH:mm:ss"));
}

} // namespace

ClusterFields::ClusterFields(NodeList *nodes, QStatusBar *statusBar, QLabel *totals)
    : QObject(statusBar)
    , m_nodes(nodes)
    , m_totals(totals)
{
    m_status = new QLabel(statusBar);
    m_status->setObjectName(QStringLiteral("clusterStatus"));
    m_status->setContentsMargins(6, 0, 6, 0);
    statusBar->addPermanentWidget(m_status);
    m_totals->setObjectName(QStringLiteral("clusterTotals"));
    m_totals->setTextFormat(Qt::PlainText);
    connect(nodes, &NodeList::nodeChanged, this, &ClusterFields::update);
    connect(nodes, &NodeList::attached, this, &ClusterFields::update);
    connect(nodes, &NodeList::detached, this, &ClusterFields::update); // gone from the list already
    update();
}

QString ClusterFields::totalsText(const ClusterMembers &members)
{
    const QLocale locale;
    return tr("Cluster: %Ln node(s), %1 clients, %2 msg/s in, %3 msg/s out", nullptr, int(members.nodes.size()))
        .arg(locale.toString(members.clients), locale.toString(members.messageRateIn, 'f', 1),
             locale.toString(members.messageRateOut, 'f', 1));
}

void ClusterFields::update()
{
    // The link as each watched node in a cluster last said it.
    QStringList tips;
    QStringList downNames;
    qint64 downSince = 0;
    int inCluster = 0;
    for (const ServerNode *node : m_nodes->nodes()) {
        const ClusterStatus cluster = m_nodes->latestSnapshot(node).cluster;
        if (!cluster.enabled)
            continue;
        ++inCluster;
        QString tip = tr("%1: Redis %2").arg(node->displayName(), cluster.redisUrl);
        if (!cluster.linkUp) {
            downNames.append(node->displayName());
            downSince = downSince == 0 ? cluster.linkChangedAt : std::min(downSince, cluster.linkChangedAt);
            tip += QLatin1String(", ") + tr("down since %1").arg(clockTime(cluster.linkChangedAt));
        }
        if (!cluster.lastError.isEmpty())
            tip += QLatin1String(", ") + tr("last error: %1").arg(cluster.lastError);
        tips.append(tip);
    }
    m_status->setVisible(inCluster > 0);
    if (downNames.isEmpty()) {
        m_status->setText(tr("Cluster: up"));
        m_status->setStyleSheet(QString());
    } else {
        QString text = tr("Cluster: down since %1").arg(clockTime(downSince));
        if (inCluster > 1) // which of the watched nodes lost it
            text += QStringLiteral(" (%1)").arg(QLocale().createSeparatedList(downNames));
        m_status->setText(text);
        m_status->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    }
    m_status->setToolTip(tips.join(QLatin1Char('\n')));

    const ClusterMembers members = ClusterMembers::of(*m_nodes);
    m_totals->setVisible(!members.isEmpty());
    m_totals->setText(members.isEmpty() ? QString() : totalsText(members));
}

} // namespace wsm
