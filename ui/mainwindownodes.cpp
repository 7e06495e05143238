// MainWindow, part: the nodes. The Nodes pane, attaching and detaching remote nodes (File > Connect
// to Node…, Disconnect, the saved list), their tokens, and a node's lost link.

#include "mainwindow.h"
#include "mainwindow_p.h"

#include "dialogs/bansdialog.h"
#include "dialogs/connectnodedialog.h"
#include "errorbanner.h"
#include "eventlogpane.h"
#include "inspector/clientinspector.h"
#include "models/connectionfiltermodel.h"
#include "models/connectiontablemodel.h"
#include "models/nodesmodel.h"
#include "secretfile.h"
#include "servernode.h"
#include "tokenstore.h"

#include <QAction>
#include <QComboBox>
#include <QConcatenateTablesProxyModel>
#include <QDateTime>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace wsm {

using namespace mainwindow;

// ---- the Nodes pane ---------------------------------------------------------------------------

void MainWindow::createNodesDock()
{
    m_nodesModel = new NodesModel(m_nodes, this);
    m_nodesView = new QTableView(this);
    m_nodesView->setObjectName(QStringLiteral("nodesView"));
    m_nodesView->setModel(m_nodesModel);
    m_nodesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_nodesView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_nodesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_nodesView->setWordWrap(false);
    m_nodesView->verticalHeader()->hide();
    m_nodesView->horizontalHeader()->setStretchLastSection(true);
    connect(m_nodesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::updateNodeViews);

    // The cluster's nodes that are not watched: attached from their row, by its menu or a double-click.
    m_nodesView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_nodesView, &QWidget::customContextMenuRequested, this, &MainWindow::showNodesMenu);
    connect(m_nodesView, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (m_nodesModel->clusterNodeAt(index.row()))
            attachClusterNode(*m_nodesModel->clusterNodeAt(index.row()));
    });

    auto *pane = new QWidget(this);
    m_clusterTotals = new QLabel(pane);
    auto *paneLayout = new QVBoxLayout(pane);
    paneLayout->setContentsMargins(0, 0, 0, 0);
    paneLayout->setSpacing(2);
    paneLayout->addWidget(m_nodesView, 1);
    paneLayout->addWidget(m_clusterTotals);

    m_nodesDock = new QDockWidget(tr("Nodes"), this);
    m_nodesDock->setObjectName(QStringLiteral("nodesDock"));
    m_nodesDock->setWidget(pane);
    addDockWidget(Qt::BottomDockWidgetArea, m_nodesDock);
    // A few nodes' rows high: the connections table keeps the height (restoreState() may change it).
    const int rows = 4;
    resizeDocks({m_nodesDock},
                {m_nodesView->horizontalHeader()->sizeHint().height()
                 + rows * m_nodesView->verticalHeader()->defaultSectionSize() + 2 * m_nodesView->frameWidth()},
                Qt::Vertical);
    // Shown where remote nodes can be attached; one embedded node needs no pane of its own.
    m_nodesDock->setVisible(m_nodes->canAttach());
}

ConnectionTableModel *MainWindow::modelOf(const ServerNode *node) const
{
    return m_nodeModels.value(node, nullptr);
}

bool MainWindow::isLive(const ServerNode *node) const
{
    if (!node)
        return false;
    if (node == m_node)
        return m_state == ServerState::Running;
    return node->linkState() == ServerNode::LinkState::Connected;
}

QList<ServerNode *> MainWindow::liveNodes() const
{
    QList<ServerNode *> live;
    for (ServerNode *node : m_nodes->nodes()) {
        if (isLive(node))
            live.append(node);
    }
    return live;
}

QStringList MainWindow::namesOf(const QList<ServerNode *> &nodes)
{
    QStringList names;
    for (const ServerNode *node : nodes)
        names.append(node->displayName());
    return names;
}

ServerNode *MainWindow::selectedPaneNode() const
{
    const QModelIndex current = m_nodesView->selectionModel()->currentIndex();
    return current.isValid() ? m_nodesModel->nodeAt(current.row()) : nullptr;
}

void MainWindow::updateNodeViews()
{
    const bool severalNodes = m_nodes->count() > 1;
    m_connectionView->setColumnHidden(ConnectionTableModel::NodeColumn, !severalNodes);
    m_eventLogPane->setNodeColumnShown(severalNodes);

    // "All nodes" and each node, keeping the choice while its node stays.
    const quint64 chosen = m_nodeFilter->currentData().toULongLong();
    {
        const QSignalBlocker blocker(m_nodeFilter);
        m_nodeFilter->clear();
        m_nodeFilter->addItem(tr("All nodes"), QVariant::fromValue<quint64>(0));
        for (const ServerNode *node : m_nodes->nodes())
            m_nodeFilter->addItem(node->displayName(), QVariant::fromValue(m_nodes->idOf(node)));
        const int index = m_nodeFilter->findData(QVariant::fromValue(chosen));
        m_nodeFilter->setCurrentIndex(index < 0 ? 0 : index);
    }
    m_nodeFilter->setVisible(severalNodes);
    m_connectionFilter->setNodeFilter(m_nodeFilter->currentData().toULongLong());

    const ServerNode *selected = selectedPaneNode();
    m_disconnectNodeAction->setEnabled(selected && selected != m_node);
}

// ---- attaching and detaching ------------------------------------------------------------------

void MainWindow::onNodeAttached(ServerNode *node)
{
    auto *model = new ConnectionTableModel(this);
    model->setNode(m_nodes->idOf(node), node->displayName());
    m_nodeModels.insert(node, model);
    m_allConnections->addSourceModel(model);
    if (m_nodes->attachment(node).remembered)
        saveNodes();
    updateNodeViews();
    updateClientCount();
    updateActions();
    statusBar()->showMessage(tr("Connecting to node %1…").arg(node->url()), StatusMessageMs);
}

void MainWindow::onNodeDetached(ServerNode *node)
{
    if (ConnectionTableModel *model = m_nodeModels.take(node)) {
        m_allConnections->removeSourceModel(model);
        delete model;
    }
    m_heldSnapshots.remove(node);
    if (node == m_inspectedNode) {
        m_inspector->setClient(0);
        m_inspectedNode = nullptr;
    }
    if (node == m_bansNode)
        m_bansNode = m_node;
    saveNodes();
    updateNodeViews();
    updateLostLinkBanner();
    updateClientCount();
    updateActions();
}

void MainWindow::disconnectSelectedNode()
{
    ServerNode *node = selectedPaneNode();
    if (!node || node == m_node)
        return;
    const QString name = node->displayName();
    const NodeList::Attachment attachment = m_nodes->attachment(node);
    if (!m_nodes->detach(node))
        return;
    if (attachment.tokenInKeychain)
        tokenStore()->deleteToken(attachment.adminUrl.toString());
    statusBar()->showMessage(tr("Disconnected from node %1.").arg(name), StatusMessageMs);
}

bool MainWindow::connectToNode(const QUrl &adminUrl, const QString &tokenFile, QString *error)
{
    if (!m_nodes->canAttach()) {
        *error = tr("This build cannot connect to remote nodes.");
        return false;
    }
    if (!ConnectNodeDialog::isAdminUrl(adminUrl)) {
        *error = tr("'%1' is not an admin URL: it takes ws:// or wss://, a host and a port.").arg(adminUrl.toString());
        return false;
    }
    if (m_nodes->attachedAt(adminUrl))
        return true;
    QString token;
    if (!tokenFile.isEmpty() && !readSecretFile(tokenFile, &token, error))
        return false;
    NodeList::Attachment attachment;
    attachment.adminUrl = adminUrl;
    attachment.tokenFile = tokenFile;
    attachment.remembered = false; // from the command line: for this run
    if (!m_nodes->attach(attachment, token.toUtf8())) {
        *error = tr("Could not connect to %1.").arg(adminUrl.toString());
        return false;
    }
    return true;
}

void MainWindow::askToConnect(const QUrl &url, const QString &reason, const QString &tokenFile)
{
    ConnectNodeDialog dialog(this);
    if (!url.isEmpty())
        dialog.setAdminUrl(url);
    if (!tokenFile.isEmpty())
        dialog.setTokenFile(tokenFile);
    dialog.setReason(reason);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QUrl adminUrl = dialog.adminUrl();
    if (m_nodes->attachedAt(adminUrl)) {
        statusBar()->showMessage(tr("Node %1 is connected already.").arg(adminUrl.toString()), StatusMessageMs);
        return;
    }
    NodeList::Attachment attachment;
    attachment.adminUrl = adminUrl;
    attachment.tokenFile = dialog.tokenFile();
    attachment.tokenInKeychain = dialog.tokenTyped(); // until the store says it could not keep it
    const QByteArray token = dialog.token();
    if (!m_nodes->attach(attachment, token)) {
        m_errorBanner->showMessage(tr("Could not connect to %1.").arg(adminUrl.toString()));
        m_bannerShowsLostLink = false;
        return;
    }
    if (attachment.tokenInKeychain)
        tokenStore()->writeToken(adminUrl.toString(), token);
}

void MainWindow::askToConnectLater(const QUrl &url, const QString &reason)
{
    // Not from inside the signal or the constructor that found the problem: the dialog runs its own loop.
    QTimer::singleShot(0, this, [this, url, reason] { askToConnect(url, reason); });
}

void MainWindow::saveNodes()
{
    if (m_settings && m_nodes->canAttach())
        NodeList::saveAttachments(*m_settings, m_nodes->rememberedAttachments());
}

void MainWindow::restoreNodes()
{
    if (!m_settings || !m_nodes->canAttach())
        return;
    for (const NodeList::Attachment &saved : NodeList::loadAttachments(*m_settings)) {
        if (!saved.tokenFile.isEmpty()) {
            QString token;
            QString error;
            if (readSecretFile(saved.tokenFile, &token, &error))
                m_nodes->attach(saved, token.toUtf8());
            else
                askToConnectLater(saved.adminUrl, error);
        } else if (saved.tokenInKeychain) {
            m_pendingTokenReads.insert(saved.adminUrl.toString());
            tokenStore()->readToken(saved.adminUrl.toString());
        } else {
            askToConnectLater(saved.adminUrl, tr("The console keeps no token for %1: type it or choose its file.")
                                                  .arg(saved.adminUrl.toString()));
        }
    }
}

// ---- tokens -----------------------------------------------------------------------------------

TokenStore *MainWindow::tokenStore()
{
    // The desktop's own, made when first needed unless one was given (connected in the constructor).
    if (!m_tokenStore) {
        m_tokenStore = new KeychainTokenStore(this);
        connectTokenStore();
    }
    return m_tokenStore;
}

void MainWindow::connectTokenStore()
{
    connect(m_tokenStore, &TokenStore::tokenWritten, this, &MainWindow::onTokenWritten);
    connect(m_tokenStore, &TokenStore::tokenRead, this, &MainWindow::onTokenRead);
}

void MainWindow::onTokenWritten(const QString &key, bool ok, const QString &errorText)
{
    if (ok)
        return;
    // The node stays connected for this run; at the next start the console asks for the token.
    if (ServerNode *node = m_nodes->attachedAt(QUrl(key))) {
        m_nodes->setTokenInKeychain(node, false);
        saveNodes();
    }
    m_errorBanner->showMessage(tr("The token of %1 could not be kept in the desktop's secret store (%2). The "
                                  "console will ask for it at the next start.")
                                   .arg(key, errorText));
    m_bannerShowsLostLink = false;
}

void MainWindow::onTokenRead(const QString &key, const QByteArray &token, bool ok, const QString &errorText)
{
    if (!m_pendingTokenReads.remove(key))
        return;
    NodeList::Attachment attachment;
    attachment.adminUrl = QUrl(key);
    attachment.tokenInKeychain = true;
    if (ok && !token.isEmpty()) {
        m_nodes->attach(attachment, token);
        return;
    }
    askToConnectLater(attachment.adminUrl,
                      tr("The token of %1 could not be read from the desktop's secret store (%2). Type it again "
                         "or choose its file.")
                          .arg(key, errorText.isEmpty() ? tr("no token kept") : errorText));
}

// ---- bans, per node ---------------------------------------------------------------------------

void MainWindow::showBans()
{
    fillBansDialog();
    m_bansDialog->show();
    m_bansDialog->raise();
    m_bansDialog->activateWindow();
}

void MainWindow::fillBansDialog()
{
    if (!m_bansNode)
        m_bansNode = m_node;
    m_bansDialog->setNodes(namesOf(m_nodes->nodes()), m_nodes->indexOf(m_bansNode));
    const Snapshot latest = m_nodes->latestSnapshot(m_bansNode);
    m_bansDialog->setBans(latest.bans, latest.takenAt);
    m_bansDialog->setConnectedClients(modelOf(m_bansNode)->sessions());
}

// ---- a lost link ------------------------------------------------------------------------------

void MainWindow::onLinkStateChanged(ServerNode *node, ServerNode::LinkState state)
{
    if (state == ServerNode::LinkState::Lost) {
        // The rows stay as the node last reported them, and say so; never silently frozen.
        if (ConnectionTableModel *model = modelOf(node))
            model->setStale(m_nodes->lostSince(node));
        updateLostLinkBanner();
    } else if (state == ServerNode::LinkState::Connected) {
        // Replaces "Connecting to node ..." at once rather than when its time runs out.
        statusBar()->showMessage(tr("Connected to node %1.").arg(node->displayName()), StatusMessageMs);
    }
    // Back to Connected: the rows are replaced by its next snapshot, and the banner goes then.
    updateActions();
}

void MainWindow::updateLostLinkBanner()
{
    QStringList lost;
    qint64 since = 0;
    for (const ServerNode *node : m_nodes->nodes()) {
        const ConnectionTableModel *model = modelOf(node);
        if (model && model->isStale()) {
            lost.append(node->displayName());
            since = since == 0 ? m_nodes->lostSince(node) : std::min(since, m_nodes->lostSince(node));
        }
    }
    if (!lost.isEmpty()) {
        const QString time = QLocale().toString(QDateTime::fromMSecsSinceEpoch(since).time(), QStringLiteral("HH:mm:ss"));
        m_errorBanner->showMessage(
            tr("Lost the link to %n node(s) since %2: %1. Their clients are shown greyed, as last reported.", nullptr,
               int(lost.size()))
                .arg(QLocale().createSeparatedList(lost), time));
        m_bannerShowsLostLink = true;
    } else if (m_bannerShowsLostLink) {
        m_errorBanner->hide();
        m_bannerShowsLostLink = false;
    }
}

} // namespace wsm
