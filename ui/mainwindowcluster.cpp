// MainWindow, part: the cluster. The Nodes pane lists the nodes of a watched node's cluster that the
// console does not watch (NodesModel); from such a row the operator attaches one, by the row's menu
// or a double-click. Its link state and totals are ClusterFields'.
//
// Attaching always goes through the Connect to Node dialog, filled in with the node's admin URL and
// the token file of the watched node whose registry lists it: the operator confirms where the token
// goes. The URL comes from the cluster's registry in Redis, which whoever can write to that Redis
// writes; attaching at once would send an admin token to an address nobody here chose. A token
// typed earlier (kept in the desktop's secret store for its own URL) is never offered to another.

#include "mainwindow.h"
#include "mainwindow_p.h"

#include "models/nodesmodel.h"
#include "servernode.h"

#include <QAction>

#include <algorithm>
#include <QMenu>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>

namespace wsm {

using namespace mainwindow;

void MainWindow::showNodesMenu(const QPoint &position)
{
    const QModelIndex index = m_nodesView->indexAt(position);
    if (!index.isValid())
        return;
    QMenu menu(this);
    if (const ClusterNodeInfo *listed = m_nodesModel->clusterNodeAt(index.row())) {
        const ClusterNodeInfo info = *listed; // the rows may change while the menu is open
        QAction *attach = menu.addAction(tr("&Attach to Node…"), this,
                                         [this, info] { attachClusterNode(info); });
        attach->setObjectName(QStringLiteral("attachClusterNodeAction"));
        attach->setEnabled(!info.adminUrl.isEmpty() && m_nodes->canAttach());
    } else {
        menu.addAction(m_connectNodeAction);
        menu.addAction(m_disconnectNodeAction);
    }
    menu.exec(m_nodesView->viewport()->mapToGlobal(position));
}

void MainWindow::attachClusterNode(const ClusterNodeInfo &info)
{
    if (info.adminUrl.isEmpty() || !m_nodes->canAttach()) {
        statusBar()->showMessage(tr("Node %1 has no admin channel: the console cannot attach to it.").arg(info.name),
                                 StatusMessageMs);
        return;
    }
    // The watched node whose registry lists it: named in the dialog, and its token file offered
    // (nodes of one cluster often share one).
    QString listedBy;
    QString tokenFile;
    for (const ServerNode *node : m_nodes->nodes()) {
        const ClusterStatus cluster = m_nodes->latestSnapshot(node).cluster;
        const bool lists = std::any_of(cluster.nodes.cbegin(), cluster.nodes.cend(),
                                       [&info](const ClusterNodeInfo &other) { return other.name == info.name; });
        if (!lists)
            continue;
        if (listedBy.isEmpty())
            listedBy = node->displayName();
        if (tokenFile.isEmpty() && !m_nodes->isEmbedded(node))
            tokenFile = m_nodes->attachment(node).tokenFile;
    }
    const QString reason = tr("%1 is in the cluster of %2. The console sends the token to the admin URL below "
                              "only: check both before you connect.")
                               .arg(info.name, listedBy);
    const QUrl url(info.adminUrl);
    // Not from inside the view's click or the menu: the dialog runs its own loop.
    QTimer::singleShot(0, this, [this, url, reason, tokenFile] { askToConnect(url, reason, tokenFile); });
}

} // namespace wsm
