#include "mainwindow.h"
#include "mainwindow_p.h"

#include "charts/trafficcharts.h"
#include "confirmations.h"
#include "dialogs/bansdialog.h"
#include "dialogs/settingsdialog.h"
#include "errorbanner.h"
#include "eventlogpane.h"
#include "export/csvexporter.h"
#include "inspector/clientinspector.h"
#include "inspector/diagnosticspanel.h"
#include "models/connectionfiltermodel.h"
#include "models/connectiontablemodel.h"
#include "models/eventlogmodel.h"
#include "sendbar.h"
#include "servernode.h"
#include "statusfields.h"

#include <QAction>
#include <QCloseEvent>
#include <QConcatenateTablesProxyModel>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace wsm {

using namespace mainwindow;

MainWindow::MainWindow(ServerNode *node, const ServerConfig &config, QSettings *settings, QWidget *parent)
    : MainWindow(node, config, settings, RemoteNodes(), parent)
{
}

MainWindow::MainWindow(ServerNode *node, const ServerConfig &config, QSettings *settings, const RemoteNodes &remote,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_node(node)
    , m_nodes(new NodeList(node, remote.factory, this))
    , m_remote(remote)
    , m_config(config)
    , m_settings(settings)
    , m_connectionModel(new ConnectionTableModel(this))
    , m_allConnections(new QConcatenateTablesProxyModel(this))
    , m_connectionFilter(new ConnectionFilterModel(this))
    , m_eventLogModel(new EventLogModel(this))
    , m_exporter(new CsvExporter(this))
{
    setWindowIcon(icon("wsmonitor"));
    setWindowTitle(QStringLiteral("wsmonitor"));
    if (m_settings) {
        m_console = loadConsoleSettings(*m_settings);
        m_exportDirectory = m_settings->value(ExportDirectoryKey).toString();
    }
    if (m_exportDirectory.isEmpty())
        m_exportDirectory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);

    // Every node's rows, one model per node under one proxy: a snapshot is a diff of its node's rows.
    m_connectionModel->setNode(m_nodes->idOf(m_node), m_node->displayName());
    m_nodeModels.insert(m_node, m_connectionModel);
    m_allConnections->addSourceModel(m_connectionModel);
    // The proxy passes on rows and cells but not header changes (the Heartbeat column's thresholds).
    connect(m_connectionModel, &QAbstractItemModel::headerDataChanged, m_allConnections,
            &QAbstractItemModel::headerDataChanged);
    m_connectionFilter->setSourceModel(m_allConnections);
    m_tokenStore = remote.tokenStore;
    if (m_tokenStore)
        connectTokenStore();
    m_eventLogModel->setCapacity(m_config.eventLogCapacity);

    createActions();
    m_errorBanner = new ErrorBanner(this);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(createConnectionsArea());

    auto *tabs = new QTabWidget(m_splitter);
    tabs->setObjectName(QStringLiteral("bottomTabs"));
    tabs->setDocumentMode(true);
    m_eventLogPane = new EventLogPane(m_eventLogModel, tabs);
    tabs->addTab(m_eventLogPane, tr("Event log"));
    m_charts = new TrafficCharts;
    m_charts->setWindowSeconds(m_console.chartWindowSeconds);
    // Three stacked charts need more height than the bottom pane has at 1280x800: they scroll
    // rather than push the clients table up to a few rows.
    auto *chartsArea = new QScrollArea(tabs);
    chartsArea->setFrameShape(QFrame::NoFrame);
    chartsArea->setWidgetResizable(true);
    chartsArea->setWidget(m_charts);
    tabs->addTab(chartsArea, tr("Charts"));
    m_diagnostics = new DiagnosticsPanel(tabs);
    tabs->addTab(m_diagnostics, icon("diagnostics"), tr("Diagnostics"));
    m_splitter->addWidget(tabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({440, 300}); // the clients first; a saved layout replaces this

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(6, 6, 6, 0);
    centralLayout->addWidget(m_errorBanner);
    centralLayout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    createDocks();
    createNodesDock();
    createToolBar();
    createMenus();
    createStatusBar();

    m_bansDialog = new BansDialog(this);
    // To the node whose bans it shows.
    connect(m_bansDialog, &BansDialog::unbanRequested, this, [this](const QString &target) {
        ServerNode *bansNode = m_bansNode ? m_bansNode.data() : m_node;
        reportOutcome(bansNode, bansNode->unban(target));
    });
    connect(m_bansDialog, &BansDialog::banRequested, this,
            [this](const QString &target, qint64 durationMs, const QString &reason) {
                ServerNode *bansNode = m_bansNode ? m_bansNode.data() : m_node;
                reportOutcome(bansNode, bansNode->ban(target, durationMs, reason));
            });
    connect(m_bansDialog, &BansDialog::nodeChosen, this, [this](int index) {
        m_bansNode = index >= 0 && index < m_nodes->count() ? m_nodes->at(index) : m_node;
        fillBansDialog();
    });

    connect(m_exporter, &CsvExporter::progress, this, [this](qint64 done, qint64 total) {
        if (m_exportProgress && total > 0)
            m_exportProgress->setValue(int(std::min<qint64>(ProgressSteps, done * ProgressSteps / total)));
    });
    connect(m_exporter, &CsvExporter::finished, this, &MainWindow::onExportFinished);

    connect(m_node, &ServerNode::started, this, &MainWindow::onStarted);
    connect(m_node, &ServerNode::stopped, this, &MainWindow::onStopped);
    connect(m_nodes, &NodeList::commandFinished, this, &MainWindow::onCommandFinished);
    connect(m_nodes, &NodeList::snapshotReady, this, &MainWindow::onSnapshot);
    // Matched by node and client, not by request: the inspector ignores answers about anyone else.
    connect(m_nodes, &NodeList::clientDetailsReady, m_inspector,
            [this](ServerNode *from, quint64, const ClientDetails &details) {
                if (from == m_inspectedNode)
                    m_inspector->showDetails(details);
            });
    connect(m_nodes, &NodeList::attached, this, &MainWindow::onNodeAttached);
    connect(m_nodes, &NodeList::detached, this, &MainWindow::onNodeDetached);
    connect(m_nodes, &NodeList::linkStateChanged, this, &MainWindow::onLinkStateChanged);

    resize(1200, 760);
    restoreWindowState();
    setServerState(ServerState::Stopped);
    updateNodeViews();
    updateClientCount();
    restoreNodes();
}

MainWindow::~MainWindow()
{
    // Children are deleted after this body and some signal on their way out (a view as its model
    // goes): none of that may reach a window that is half gone.
    const QList<QObject *> children = findChildren<QObject *>();
    for (QObject *child : children)
        child->disconnect(this);
}

bool MainWindow::isServerRunning() const
{
    return m_state == ServerState::Running;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Closing the window stops the server in order (1001 to every client, the drain time, then
    // the rest cut off), as the Stop action does; the window closes once it has stopped.
    if (m_state == ServerState::Running && !m_closeWithoutAsking && !m_closeWhenStopped
        && !mayCloseClients(tr("Quit wsmonitor?"), tr("Quit"))) {
        event->ignore();
        return;
    }
    if (m_state != ServerState::Stopped) {
        m_closeWhenStopped = true;
        if (m_state == ServerState::Running)
            stopServer();
        event->ignore();
        return;
    }
    if (m_settings) {
        m_settings->setValue(GeometryKey, saveGeometry());
        m_settings->setValue(StateKey, saveState());
        m_settings->setValue(SplitterKey, m_splitter->saveState());
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::closeWithoutAsking()
{
    m_closeWithoutAsking = true;
    close();
}

bool MainWindow::mayCloseClients(const QString &title, const QString &goAheadText)
{
    if (m_clientsConnected == 0 || !m_console.askBeforeClosingClients)
        return true;
    bool dontAskAgain = false;
    if (!Confirmations::closingClients(this, title, goAheadText, m_clientsConnected, &dontAskAgain))
        return false;
    if (dontAskAgain) {
        m_console.askBeforeClosingClients = false;
        if (m_settings)
            saveConsoleSettings(*m_settings, m_console);
    }
    return true;
}

// ---- snapshots --------------------------------------------------------------------------------

void MainWindow::onSnapshot(ServerNode *node, const Snapshot &snapshot, const QList<ConnectionEvent> &events)
{
    // The log and the counters stay live while paused: events arrive only once, and the operator
    // should see that the server keeps running.
    if (!events.isEmpty()) {
        // Each event says its node, for the log's Node column once several are watched.
        QList<ConnectionEvent> named = events;
        for (ConnectionEvent &event : named)
            event.node = node->displayName();
        m_eventLogModel->appendEvents(named);
        if (node == m_inspectedNode) {
            for (const ConnectionEvent &event : events)
                m_inspector->showEnd(event); // it takes only its own client's end
        }
    }
    // The bans window is usually closed: NodeList keeps each node's latest, and the window is
    // filled only while it shows.
    if (m_bansDialog->isVisible() && node == (m_bansNode ? m_bansNode.data() : m_node)) {
        m_bansDialog->setBans(snapshot.bans, snapshot.takenAt);
        m_bansDialog->setConnectedClients(snapshot.sessions);
    }
    if (node == m_node) {
        // Diagnostics, charts and the status bar are the embedded server's.
        m_diagnostics->setTotals(snapshot.totals);
        m_clientsConnected = snapshot.totals.clientsConnected;
        // The charts keep their samples while paused and only stop moving, so a pause leaves no gap.
        m_charts->addSample(snapshot.takenAt, snapshot.totals);
        m_statusFields->showSnapshot(snapshot);
    }

    if (m_paused) {
        m_heldSnapshots.insert(node, snapshot);
        return;
    }
    applyToViews(node, snapshot);
}

void MainWindow::applyToViews(ServerNode *node, const Snapshot &snapshot)
{
    ConnectionTableModel *model = modelOf(node);
    if (!model)
        return;
    if (model->nodeName() != node->displayName()) { // a remote node may learn its name from its link
        model->setNode(m_nodes->idOf(node), node->displayName());
        updateNodeViews();
    }
    const bool wasStale = model->isStale();
    // A remote node's rows are judged by the heartbeat it runs with; the embedded node's snapshot
    // says the timings its start set already.
    if (snapshot.startedAt != 0)
        model->setHeartbeatTimings(snapshot.heartbeatIntervalMs, snapshot.heartbeatTimeoutMs);
    model->applySnapshot(snapshot); // fresh rows replace stale ones
    if (wasStale)
        updateLostLinkBanner();
    updateClientCount();
    updateActions();
}

void MainWindow::setPaused(bool paused)
{
    m_paused = paused;
    m_charts->setPaused(paused);
    m_statusFields->showPaused(paused);
    if (!paused) {
        const QHash<const ServerNode *, Snapshot> held = std::exchange(m_heldSnapshots, {});
        for (ServerNode *node : m_nodes->nodes()) {
            const auto snapshot = held.constFind(node);
            if (snapshot != held.cend())
                applyToViews(node, *snapshot);
        }
    }
}

void MainWindow::updateClientCount()
{
    const int total = m_allConnections->rowCount();
    if (m_filterEdit->text().isEmpty() && m_connectionFilter->nodeFilter() == 0)
        m_countLabel->setText(tr("%Ln client(s)", nullptr, total));
    else
        m_countLabel->setText(tr("%Ln client(s), %1 shown", nullptr, total)
                                  .arg(QLocale().toString(m_connectionFilter->rowCount())));
}

// ---- dialogs ----------------------------------------------------------------------------------

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_config, m_console, this);
    dialog.setServerRunning(m_state != ServerState::Stopped);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QStringList changed = dialog.changedServerFields();
    const ServerConfig edited = dialog.serverConfig();
    m_console = dialog.consoleSettings();
    m_charts->setWindowSeconds(m_console.chartWindowSeconds);
    if (m_settings) {
        // Only what the person changed: the rest of m_config may have come from the command line.
        saveServerConfig(*m_settings, SettingsDialog::withChangesOnly(loadServerConfig(*m_settings), m_config, edited));
        saveConsoleSettings(*m_settings, m_console);
    }
    m_config = edited;
    if (m_state != ServerState::Running || changed.isEmpty()) {
        statusBar()->showMessage(tr("Settings saved."), StatusMessageMs);
        return;
    }
    if (Confirmations::restartNow(this, changed, m_clientsConnected)) {
        restartServer();
        return;
    }
    statusBar()->showMessage(
        tr("Settings saved. %1 will apply at the next start.").arg(QLocale().createSeparatedList(changed)),
        StatusMessageMs);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About wsmonitor"),
        tr("<h3>wsmonitor %1</h3>"
           "<p>A WebSocket server with a console: live clients, heartbeats, rates, kicks, bans and a "
           "connection log.</p><p>Built with Qt %2.</p>")
            .arg(QStringLiteral(WSM_VERSION), QString::fromLatin1(qVersion())));
}

} // namespace wsm
