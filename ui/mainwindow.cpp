#include "mainwindow.h"

#include "charts/trafficcharts.h"
#include "confirmations.h"
#include "dialogs/bansdialog.h"
#include "dialogs/composedialog.h"
#include "dialogs/kickdialog.h"
#include "dialogs/settingsdialog.h"
#include "errorbanner.h"
#include "eventlogpane.h"
#include "export/csvexporter.h"
#include "inspector/clientinspector.h"
#include "inspector/diagnosticspanel.h"
#include "models/connectionfiltermodel.h"
#include "models/connectiontablemodel.h"
#include "models/displaytext.h"
#include "models/eventlogmodel.h"
#include "sendbar.h"
#include "servercontroller.h"
#include "statusfields.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace wsm {

namespace {

constexpr int StatusMessageMs = 10000;
// The progress dialog works in thousandths, so byte counts beyond int never overflow it.
constexpr int ProgressSteps = 1000;

const QString GeometryKey = QStringLiteral("window/geometry");
const QString StateKey = QStringLiteral("window/state");
const QString SplitterKey = QStringLiteral("window/splitter");
const QString ExportDirectoryKey = QStringLiteral("window/exportDirectory");

QIcon icon(const char *name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

QString timestampedFileName(const char *prefix)
{
    return QStringLiteral("%1-%2.csv")
        .arg(QLatin1String(prefix), QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

} // namespace

MainWindow::MainWindow(ServerController *controller, const ServerConfig &config, QSettings *settings,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_controller(controller)
    , m_config(config)
    , m_settings(settings)
    , m_connectionModel(new ConnectionTableModel(this))
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

    m_connectionFilter->setSourceModel(m_connectionModel);
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
    createToolBar();
    createMenus();
    createStatusBar();

    m_bansDialog = new BansDialog(this);
    connect(m_bansDialog, &BansDialog::unbanRequested, this,
            [this](const QString &target) { reportOutcome(m_controller->unban(target)); });
    connect(m_bansDialog, &BansDialog::banRequested, this,
            [this](const QString &target, qint64 durationMs, const QString &reason) {
                reportOutcome(m_controller->ban(target, durationMs, reason));
            });

    connect(m_exporter, &CsvExporter::progress, this, [this](qint64 done, qint64 total) {
        if (m_exportProgress && total > 0)
            m_exportProgress->setValue(int(std::min<qint64>(ProgressSteps, done * ProgressSteps / total)));
    });
    connect(m_exporter, &CsvExporter::finished, this, &MainWindow::onExportFinished);

    connect(m_controller, &ServerController::started, this, &MainWindow::onStarted);
    connect(m_controller, &ServerController::stopped, this, &MainWindow::onStopped);
    connect(m_controller, &ServerController::commandFinished, this, &MainWindow::onCommandFinished);
    connect(m_controller, &ServerController::snapshotReady, this, &MainWindow::onSnapshot);
    // Matched by client, not by request: the inspector ignores answers about anyone else.
    connect(m_controller, &ServerController::clientDetailsReady, m_inspector,
            [this](quint64, const ClientDetails &details) { m_inspector->showDetails(details); });

    resize(1200, 760);
    restoreWindowState();
    setServerState(ServerState::Stopped);
    updateClientCount();
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

// ---- building the window ----------------------------------------------------------------------

void MainWindow::createActions()
{
    const auto makeAction = [this](const char *objectName, const char *iconName, const QString &text,
                                   const QString &toolTip) {
        auto *action = new QAction(text, this);
        action->setObjectName(QLatin1String(objectName));
        if (iconName)
            action->setIcon(icon(iconName));
        action->setToolTip(toolTip);
        action->setStatusTip(toolTip);
        return action;
    };

    m_startAction = makeAction("startAction", "start", tr("&Start"), tr("Start the server"));
    connect(m_startAction, &QAction::triggered, this, &MainWindow::startServer);
    m_stopAction = makeAction("stopAction", "stop", tr("S&top"),
                              tr("Stop the server: every client is closed with code 1001"));
    connect(m_stopAction, &QAction::triggered, this, [this] {
        if (mayCloseClients(tr("Stop the Server?"), tr("Stop")))
            stopServer();
    });

    m_kickSelectedAction = makeAction("kickSelectedAction", "kick", tr("&Kick selected…"),
                                      tr("Close the connections of the selected clients"));
    m_kickSelectedAction->setIconText(tr("Kick"));
    m_kickSelectedAction->setShortcut(QKeySequence::Delete);
    connect(m_kickSelectedAction, &QAction::triggered, this, [this] { askToKick(selectedSessionIds(), false); });
    m_kickAndBanAction = makeAction("kickAndBanAction", "ban", tr("Kick and &ban…"),
                                    tr("Close the connections of the selected clients and refuse their addresses"));
    connect(m_kickAndBanAction, &QAction::triggered, this, [this] { askToKick(selectedSessionIds(), true); });
    m_kickAllAction = makeAction("kickAllAction", "kick-all", tr("Kick &all…"),
                                 tr("Close the connection of every client"));
    m_kickAllAction->setIconText(tr("Kick all"));
    connect(m_kickAllAction, &QAction::triggered, this, &MainWindow::askToKickAll);
    m_inspectAction = makeAction("inspectAction", "inspect", tr("&Inspect"),
                                 tr("Show the details and recent messages of the current client"));
    connect(m_inspectAction, &QAction::triggered, this, [this] {
        const QModelIndex current = m_connectionView->currentIndex();
        if (current.isValid())
            inspect(sessionIdAtRow(current.row()));
    });
    m_bansAction = makeAction("bansAction", "bans", tr("B&ans…"), tr("Show, add and lift bans"));
    connect(m_bansAction, &QAction::triggered, this, &MainWindow::showBans);

    m_exportEventsAction = makeAction("exportEventsAction", "export", tr("Connection &log…"),
                                      tr("Export the connection log to a CSV file"));
    connect(m_exportEventsAction, &QAction::triggered, this, [this] { chooseExportFile(true); });
    m_exportConnectionsAction = makeAction("exportConnectionsAction", "export", tr("Connections &table…"),
                                           tr("Export the connections table to a CSV file"));
    connect(m_exportConnectionsAction, &QAction::triggered, this, [this] { chooseExportFile(false); });

    m_clearLogAction = makeAction("clearLogAction", "clear", tr("&Clear log"),
                                  tr("Remove every event from the connection log shown here"));
    connect(m_clearLogAction, &QAction::triggered, this, [this] {
        const int events = m_eventLogModel->rowCount();
        if (events > 0 && Confirmations::clearingLog(this, events))
            m_eventLogModel->clear();
    });
    m_pauseAction = makeAction("pauseAction", "pause", tr("&Pause"),
                               tr("Freeze the table and the charts; the server keeps running"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_pauseAction, &QAction::toggled, this, &MainWindow::setPaused);
    m_settingsAction = makeAction("settingsAction", "settings", tr("S&ettings…"),
                                  tr("Change the server and console settings"));
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    m_quitAction = makeAction("quitAction", nullptr, tr("&Quit"), tr("Close the window and stop the server"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
    m_aboutAction = makeAction("aboutAction", "wsmonitor", tr("&About wsmonitor"),
                               tr("Show the version of wsmonitor"));
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QMenu *exportMenu = file->addMenu(icon("export"), tr("&Export"));
    exportMenu->addAction(m_exportEventsAction);
    exportMenu->addAction(m_exportConnectionsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *server = menuBar()->addMenu(tr("&Server"));
    server->addAction(m_startAction);
    server->addAction(m_stopAction);
    server->addSeparator();
    server->addAction(m_settingsAction);

    QMenu *clients = menuBar()->addMenu(tr("&Clients"));
    clients->addAction(m_kickSelectedAction);
    clients->addAction(m_kickAndBanAction);
    clients->addAction(m_kickAllAction);
    clients->addSeparator();
    clients->addAction(m_inspectAction);
    clients->addAction(m_bansAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_pauseAction);
    view->addAction(m_clearLogAction);
    view->addSeparator();
    view->addAction(m_inspectorDock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_startAction);
    toolBar->addAction(m_stopAction);
    toolBar->addSeparator();
    toolBar->addAction(m_kickSelectedAction);
    toolBar->addAction(m_kickAllAction);
    toolBar->addAction(m_bansAction);
    toolBar->addSeparator();

    auto *exportButton = new QToolButton(toolBar);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setIcon(icon("export"));
    exportButton->setText(tr("Export"));
    exportButton->setToolTip(tr("Export the connection log or the connections table to a CSV file"));
    exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(m_exportEventsAction);
    exportMenu->addAction(m_exportConnectionsAction);
    exportButton->setMenu(exportMenu);
    toolBar->addWidget(exportButton);

    toolBar->addAction(m_clearLogAction);
    toolBar->addAction(m_pauseAction);
    toolBar->addSeparator();
    toolBar->addAction(m_settingsAction);
    toolBar->toggleViewAction()->setEnabled(false); // the toolbar is the only way to some actions
}

QWidget *MainWindow::createConnectionsArea()
{
    auto *area = new QWidget(this);

    m_filterEdit = new QLineEdit(area);
    m_filterEdit->setObjectName(QStringLiteral("connectionFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter clients"));
    m_filterEdit->setToolTip(tr("Show only the clients whose address, path, origin or user agent contains this text"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->addAction(icon("filter"), QLineEdit::LeadingPosition);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_connectionFilter->setFilterText(text);
        updateClientCount();
    });
    m_countLabel = new QLabel(area);
    m_countLabel->setObjectName(QStringLiteral("clientCount"));

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addWidget(m_countLabel);

    m_connectionView = new QTableView(area);
    m_connectionView->setObjectName(QStringLiteral("connectionView"));
    m_connectionView->setModel(m_connectionFilter);
    m_connectionView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_connectionView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_connectionView->setWordWrap(false);
    m_connectionView->setAlternatingRowColors(true);
    m_connectionView->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *rows = m_connectionView->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_connectionView->fontMetrics().height() + 6);
    rows->hide();
    m_connectionView->horizontalHeader()->setHighlightSections(false);
    m_connectionView->horizontalHeader()->setStretchLastSection(true);
    m_connectionView->setSortingEnabled(true);
    m_connectionView->sortByColumn(ConnectionTableModel::IdColumn, Qt::AscendingOrder);
    setInitialConnectionColumnWidths();
    connect(m_connectionView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    connect(m_connectionView, &QTableView::doubleClicked, this,
            [this](const QModelIndex &index) { inspect(sessionIdAtRow(index.row())); });
    connect(m_connectionView, &QWidget::customContextMenuRequested, this, &MainWindow::showConnectionMenu);

    m_sendBar = new SendBar(area);
    connect(m_sendBar, &SendBar::sendRequested, this, &MainWindow::sendMessage);

    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filterRow);
    layout->addWidget(m_connectionView, 1);
    layout->addWidget(m_sendBar);
    return area;
}

void MainWindow::setInitialConnectionColumnWidths()
{
    // Set once from typical cell texts: resizing to the contents on every snapshot would cost a
    // pass over 10,000 rows.
    struct Width
    {
        int column;
        const char *typicalText;
    };
    static constexpr Width widths[] = {
        {ConnectionTableModel::IdColumn, "#00000"},
        {ConnectionTableModel::PeerColumn, "255.255.255.255:00000"},
        {ConnectionTableModel::PathColumn, "/chat?room=00"},
        {ConnectionTableModel::ConnectedColumn, "00:00:00 (00 min 00 s)"},
        {ConnectionTableModel::HeartbeatColumn, "MMmissing"}, // with room for the icon
        {ConnectionTableModel::RttColumn, "000.0 ms"},
        {ConnectionTableModel::LastSeenColumn, "00 min 00 s ago"},
        {ConnectionTableModel::MessagesInColumn, "0,000,000"},
        {ConnectionTableModel::MessagesOutColumn, "0,000,000"},
        {ConnectionTableModel::RateInColumn, "0,000.0/s"},
        {ConnectionTableModel::RateOutColumn, "0,000.0/s"},
        {ConnectionTableModel::BytesInColumn, "000.0 KiB"},
        {ConnectionTableModel::BytesOutColumn, "000.0 KiB"},
        {ConnectionTableModel::SendQueueColumn, "000.0 KiB"},
        {ConnectionTableModel::SubprotocolColumn, "graphql-ws"},
        {ConnectionTableModel::OriginColumn, "https://example.com"},
    };
    const QFontMetrics cells = m_connectionView->fontMetrics();
    QHeaderView *header = m_connectionView->horizontalHeader();
    for (const Width &width : widths) {
        const QString title = m_connectionFilter->headerData(width.column, Qt::Horizontal).toString();
        // Padding for the cell margins, and in the header for the sort arrow.
        header->resizeSection(width.column,
                              std::max(cells.horizontalAdvance(QLatin1String(width.typicalText)) + 16,
                                       header->fontMetrics().horizontalAdvance(title) + 28));
    }
}

void MainWindow::createDocks()
{
    m_inspector = new ClientInspector(this);
    connect(m_inspector, &ClientInspector::detailsWanted, this,
            [this](quint64 sessionId) { m_controller->requestClientDetails(sessionId); });
    connect(m_inspector, &ClientInspector::sendRequested, this, [this](quint64 sessionId, const QString &text) {
        reportOutcome(m_controller->send(sessionId, text));
    });
    connect(m_inspector, &ClientInspector::kickRequested, this,
            [this](quint64 sessionId) { askToKick({sessionId}, false); });

    m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspectorDock->setWidget(m_inspector);
    m_inspectorDock->toggleViewAction()->setIcon(icon("inspect"));
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    m_inspectorDock->hide(); // until the operator inspects a client
}

void MainWindow::createStatusBar()
{
    m_statusFields = new StatusFields(statusBar());
}

void MainWindow::restoreWindowState()
{
    if (!m_settings)
        return;
    restoreGeometry(m_settings->value(GeometryKey).toByteArray());
    restoreState(m_settings->value(StateKey).toByteArray());
    m_splitter->restoreState(m_settings->value(SplitterKey).toByteArray());
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

// ---- the server -------------------------------------------------------------------------------

void MainWindow::startServer()
{
    if (m_state != ServerState::Stopped)
        return;
    m_errorBanner->hide();
    statusBar()->clearMessage();
    // The table judges heartbeats by the timings this start runs with, whatever the settings say later.
    m_connectionModel->setHeartbeatTimings(m_config.heartbeatIntervalMs, m_config.heartbeatTimeoutMs);
    m_eventLogModel->setCapacity(m_config.eventLogCapacity);
    m_charts->clear();
    m_runningMaxMessageBytes = m_config.maxMessageBytes;
    m_startRequest = m_controller->start(m_config);
    setServerState(ServerState::Starting);
}

void MainWindow::stopServer()
{
    if (m_state != ServerState::Running)
        return;
    m_stopRequest = m_controller->stop();
    setServerState(ServerState::Stopping);
}

void MainWindow::onStarted(const QString &url)
{
    m_url = url;
    setWindowTitle(tr("wsmonitor – %1").arg(url));
    setServerState(ServerState::Running);
    if (m_closeWhenStopped)
        stopServer();
}

void MainWindow::onStopped()
{
    m_url.clear();
    m_clientsConnected = 0;
    setWindowTitle(QStringLiteral("wsmonitor"));
    setServerState(ServerState::Stopped);
    if (m_closeWhenStopped)
        close();
}

void MainWindow::onCommandFinished(quint64 requestId, bool ok, const QString &message)
{
    if (m_startRequest != 0 && requestId == m_startRequest) {
        m_startRequest = 0;
        if (!ok) {
            const QString text = tr("The server did not start: %1").arg(message);
            m_errorBanner->showMessage(text);
            statusBar()->showMessage(text);
            setServerState(ServerState::Stopped);
            Q_EMIT startFailed(text);
            if (m_closeWhenStopped)
                close();
        }
        return;
    }
    if (m_stopRequest != 0 && requestId == m_stopRequest) {
        m_stopRequest = 0;
        // Stop fails only when the server is not running or already stopping: either way it is,
        // or is about to be, stopped.
        if (!ok) {
            statusBar()->showMessage(message, StatusMessageMs);
            setServerState(ServerState::Stopped);
        }
        return;
    }
    if (m_reportedRequests.remove(requestId))
        statusBar()->showMessage(message, StatusMessageMs);
}

void MainWindow::reportOutcome(quint64 requestId)
{
    m_reportedRequests.insert(requestId);
}

void MainWindow::setServerState(ServerState state)
{
    m_state = state;
    switch (state) {
    case ServerState::Stopped:
        m_statusFields->showStopped();
        break;
    case ServerState::Starting:
        m_statusFields->showStarting();
        break;
    case ServerState::Running:
        m_statusFields->showListening(m_url);
        break;
    case ServerState::Stopping:
        m_statusFields->showStopping();
        break;
    }
    updateActions();
}

void MainWindow::updateActions()
{
    const bool running = m_state == ServerState::Running;
    const bool hasSelection = m_connectionView->selectionModel()->hasSelection();
    m_startAction->setEnabled(m_state == ServerState::Stopped);
    m_stopAction->setEnabled(running);
    m_kickSelectedAction->setEnabled(running && hasSelection);
    m_kickAndBanAction->setEnabled(running && hasSelection);
    m_inspectAction->setEnabled(running && m_connectionView->currentIndex().isValid());
    m_kickAllAction->setEnabled(running && m_connectionModel->rowCount() > 0);
    m_sendBar->setServerRunning(running, m_runningMaxMessageBytes);
    m_sendBar->setSelectedCount(int(m_connectionView->selectionModel()->selectedRows().size()));
}

// ---- snapshots --------------------------------------------------------------------------------

void MainWindow::onSnapshot(const Snapshot &snapshot, const QList<ConnectionEvent> &events)
{
    // The log and the counters stay live while paused: events arrive only once, and the operator
    // should see that the server keeps running.
    if (!events.isEmpty()) {
        m_eventLogModel->appendEvents(events);
        for (const ConnectionEvent &event : events)
            m_inspector->showEnd(event); // it takes only its own client's end
    }
    m_diagnostics->setTotals(snapshot.totals);
    m_clientsConnected = snapshot.totals.clientsConnected;
    // The bans window is usually closed: keep the list, and fill the window only while it shows.
    m_bans = snapshot.bans;
    m_bansAt = snapshot.takenAt;
    if (m_bansDialog->isVisible()) {
        m_bansDialog->setBans(m_bans, m_bansAt);
        m_bansDialog->setConnectedClients(snapshot.sessions);
    }
    // The charts keep their samples while paused and only stop moving, so a pause leaves no gap.
    m_charts->addSample(snapshot.takenAt, snapshot.totals);
    m_statusFields->showSnapshot(snapshot);

    if (m_paused) {
        m_heldSnapshot = snapshot;
        return;
    }
    applyToViews(snapshot);
}

void MainWindow::applyToViews(const Snapshot &snapshot)
{
    m_connectionModel->applySnapshot(snapshot);
    updateClientCount();
    updateActions();
}

void MainWindow::setPaused(bool paused)
{
    m_paused = paused;
    m_charts->setPaused(paused);
    m_statusFields->showPaused(paused);
    if (!paused && m_heldSnapshot) {
        applyToViews(*m_heldSnapshot);
        m_heldSnapshot.reset();
    }
}

void MainWindow::updateClientCount()
{
    const int total = m_connectionModel->rowCount();
    if (m_filterEdit->text().isEmpty())
        m_countLabel->setText(tr("%Ln client(s)", nullptr, total));
    else
        m_countLabel->setText(tr("%Ln client(s), %1 shown", nullptr, total)
                                  .arg(QLocale().toString(m_connectionFilter->rowCount())));
}

// ---- clients ----------------------------------------------------------------------------------

quint64 MainWindow::sessionIdAtRow(int proxyRow) const
{
    return m_connectionFilter->index(proxyRow, 0).data(ConnectionTableModel::SessionIdRole).toULongLong();
}

QList<quint64> MainWindow::selectedSessionIds() const
{
    QList<quint64> ids;
    const QModelIndexList rows = m_connectionView->selectionModel()->selectedRows();
    ids.reserve(rows.size());
    for (const QModelIndex &index : rows)
        ids.append(index.data(ConnectionTableModel::SessionIdRole).toULongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

QStringList MainWindow::clientLabels(const QList<quint64> &ids) const
{
    QStringList labels;
    labels.reserve(ids.size());
    for (quint64 id : ids) {
        const int row = m_connectionModel->rowOfSession(id);
        if (row < 0)
            continue;
        const SessionRow &session = m_connectionModel->sessionAt(row);
        labels.append(QStringLiteral("#%1 %2").arg(id).arg(peerText(session.peerAddress, session.peerPort)));
    }
    return labels;
}

void MainWindow::askToKick(const QList<quint64> &ids, bool withBan)
{
    const QStringList labels = clientLabels(ids);
    if (labels.isEmpty())
        return;
    KickDialog dialog(labels, m_console, withBan, this);
    dialog.setClientsSharingAddresses(clientLabels(othersAtTheSameAddresses(ids)));
    if (dialog.exec() != QDialog::Accepted)
        return;
    kickSessions(ids, dialog.closeCode(), dialog.reason(), dialog.banAddresses() ? dialog.banMinutes() : 0);
}

QList<quint64> MainWindow::othersAtTheSameAddresses(const QList<quint64> &ids) const
{
    QSet<QString> addresses;
    for (quint64 id : ids) {
        const int row = m_connectionModel->rowOfSession(id);
        if (row >= 0)
            addresses.insert(m_connectionModel->sessionAt(row).peerAddress);
    }
    const QSet<quint64> chosen(ids.cbegin(), ids.cend());
    QList<quint64> others;
    for (const SessionRow &session : m_connectionModel->sessions()) {
        if (!chosen.contains(session.id) && addresses.contains(session.peerAddress))
            others.append(session.id);
    }
    return others;
}

void MainWindow::askToKickAll()
{
    const QList<SessionRow> sessions = m_connectionModel->sessions();
    if (sessions.isEmpty())
        return;
    QList<quint64> ids;
    ids.reserve(sessions.size());
    for (const SessionRow &session : sessions)
        ids.append(session.id);
    KickDialog dialog(clientLabels(ids), m_console, false, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.banAddresses()) {
        QSet<QString> addresses;
        for (const SessionRow &session : sessions)
            addresses.insert(session.peerAddress);
        banAddresses(addresses, dialog.banMinutes(), dialog.reason());
    }
    // kickAll rather than the ids: it also reaches clients that connected after this table's snapshot.
    reportOutcome(m_controller->kickAll(dialog.closeCode(), dialog.reason(), m_console.kickSpreadMs));
}

void MainWindow::kickSessions(const QList<quint64> &ids, int closeCode, const QString &reason, int banMinutes)
{
    if (ids.isEmpty())
        return;
    if (banMinutes > 0) {
        QSet<QString> addresses;
        for (quint64 id : ids) {
            const int row = m_connectionModel->rowOfSession(id);
            if (row >= 0)
                addresses.insert(m_connectionModel->sessionAt(row).peerAddress);
        }
        banAddresses(addresses, banMinutes, reason);
    }
    reportOutcome(m_controller->kick(ids, closeCode, reason, m_console.kickSpreadMs));
}

void MainWindow::banAddresses(const QSet<QString> &addresses, int minutes, const QString &reason)
{
    if (minutes <= 0)
        return;
    const QString banReason = reason.isEmpty() ? defaultKickReason() : reason;
    for (const QString &address : addresses)
        reportOutcome(m_controller->ban(address, qint64(minutes) * 60 * 1000, banReason));
}

void MainWindow::inspect(quint64 sessionId)
{
    if (sessionId == 0)
        return;
    m_inspector->setClient(sessionId);
    m_inspectorDock->show();
    m_inspectorDock->raise();
}

void MainWindow::askToSend(quint64 sessionId)
{
    // The compose box: any length up to the server's largest message, several lines, or JSON.
    ComposeDialog dialog(m_runningMaxMessageBytes, this);
    dialog.setWindowTitle(tr("Send to client #%1").arg(sessionId));
    if (dialog.exec() == QDialog::Accepted)
        reportOutcome(m_controller->send(sessionId, dialog.text()));
}

void MainWindow::showConnectionMenu(const QPoint &position)
{
    const QModelIndex index = m_connectionView->indexAt(position);
    if (!index.isValid())
        return;
    const quint64 sessionId = sessionIdAtRow(index.row());
    const int sourceRow = m_connectionModel->rowOfSession(sessionId);
    if (sourceRow < 0)
        return;
    const QString address = m_connectionModel->sessionAt(sourceRow).peerAddress;
    // Kicks act on the selection when the row belongs to it, else on this row alone.
    const bool inSelection = m_connectionView->selectionModel()->isRowSelected(index.row(), QModelIndex());
    const QList<quint64> ids = inSelection ? selectedSessionIds() : QList<quint64>{sessionId};
    const bool running = m_state == ServerState::Running;

    QMenu menu(this);
    menu.addAction(icon("inspect"), tr("Inspect"), this, [this, sessionId] { inspect(sessionId); })
        ->setEnabled(running);
    menu.addAction(icon("broadcast"), tr("Send message…"), this, [this, sessionId] { askToSend(sessionId); })
        ->setEnabled(running);
    menu.addSeparator();
    menu.addAction(icon("kick"), tr("Kick…"), this, [this, ids] { askToKick(ids, false); })->setEnabled(running);
    menu.addAction(icon("ban"), tr("Kick and ban…"), this, [this, ids] { askToKick(ids, true); })
        ->setEnabled(running);
    menu.addSeparator();
    menu.addAction(tr("Copy address"), this, [address] { QApplication::clipboard()->setText(address); });
    menu.exec(m_connectionView->viewport()->mapToGlobal(position));
}

void MainWindow::sendMessage(SendBar::Target target, const QString &text)
{
    if (m_state != ServerState::Running)
        return;
    if (target == SendBar::Target::AllClients) {
        reportOutcome(m_controller->broadcast(text));
        return;
    }
    const QList<quint64> ids = selectedSessionIds();
    for (quint64 id : ids)
        reportOutcome(m_controller->send(id, text));
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
    statusBar()->showMessage(m_state == ServerState::Stopped || changed.isEmpty()
                                 ? tr("Settings saved.")
                                 : tr("Settings saved. %1 will apply at the next start.")
                                       .arg(QLocale().createSeparatedList(changed)),
                             StatusMessageMs);
}

void MainWindow::showBans()
{
    m_bansDialog->setBans(m_bans, m_bansAt);
    m_bansDialog->setConnectedClients(m_connectionModel->sessions());
    m_bansDialog->show();
    m_bansDialog->raise();
    m_bansDialog->activateWindow();
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

// ---- export -----------------------------------------------------------------------------------

void MainWindow::chooseExportFile(bool events)
{
    const QString suggested = QDir(m_exportDirectory)
                                  .filePath(timestampedFileName(events ? "wsmonitor-events"
                                                                       : "wsmonitor-connections"));
    const QString fileName = QFileDialog::getSaveFileName(
        this, events ? tr("Export the connection log") : tr("Export the connections table"), suggested,
        tr("CSV files (*.csv)"));
    if (fileName.isEmpty())
        return;
    m_exportDirectory = QFileInfo(fileName).absolutePath();
    if (m_settings)
        m_settings->setValue(ExportDirectoryKey, m_exportDirectory);
    startExport(fileName, events);
}

bool MainWindow::exportEventsTo(const QString &fileName)
{
    return startExport(fileName, true);
}

bool MainWindow::exportConnectionsTo(const QString &fileName)
{
    return startExport(fileName, false);
}

bool MainWindow::startExport(const QString &fileName, bool events)
{
    if (m_exporter->isRunning()) {
        statusBar()->showMessage(tr("An export is already running."), StatusMessageMs);
        return false;
    }
    m_exportCancelled = false;
    // The log as the filters on screen show it: exporting what the operator picked out, not all.
    const bool started = events ? m_exporter->exportEvents(fileName, m_eventLogPane->shownEvents())
                                : m_exporter->exportSessions(fileName, m_connectionModel->sessions());
    if (!started)
        return false;

    auto *progress = new QProgressDialog(tr("Writing %1…").arg(QDir::toNativeSeparators(fileName)), tr("Cancel"),
                                         0, ProgressSteps, this);
    progress->setWindowTitle(tr("Export"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300); // a small export finishes before a dialog would flash up
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    connect(progress, &QProgressDialog::canceled, this, [this] {
        m_exportCancelled = true;
        m_exporter->cancel();
    });
    m_exportProgress = progress;
    return true;
}

void MainWindow::onExportFinished(bool ok, const QString &fileName, const QString &errorText)
{
    if (m_exportProgress) {
        m_exportProgress->hide();
        m_exportProgress->deleteLater();
    }
    const QString shownName = QDir::toNativeSeparators(fileName);
    if (ok) {
        statusBar()->showMessage(tr("Exported to %1.").arg(shownName), StatusMessageMs);
        return;
    }
    if (m_exportCancelled) {
        statusBar()->showMessage(tr("Export cancelled; %1 was not written.").arg(shownName), StatusMessageMs);
        return;
    }
    // Not a blocking box: the window keeps updating while the operator reads it.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Export failed"),
                                tr("Could not write %1.").arg(shownName), QMessageBox::Ok, this);
    box->setInformativeText(errorText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

} // namespace wsm
