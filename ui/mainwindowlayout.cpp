// MainWindow, part: building the window (actions, menus, toolbar, the clients area, docks,
// status bar) and restoring its layout.

#include "mainwindow.h"
#include "mainwindow_p.h"

#include "charts/trafficcharts.h"
#include "clusterfields.h"
#include "confirmations.h"
#include "eventlogpane.h"
#include "inspector/clientinspector.h"
#include "models/connectionfiltermodel.h"
#include "models/connectiontablemodel.h"
#include "models/eventlogmodel.h"
#include "sendbar.h"
#include "servernode.h"
#include "statusfields.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace wsm {

using namespace mainwindow;


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
    connect(m_kickSelectedAction, &QAction::triggered, this, [this] { askToKick(selectedClients(), false); });
    m_kickAndBanAction = makeAction("kickAndBanAction", "ban", tr("Kick and &ban…"),
                                    tr("Close the connections of the selected clients and refuse their addresses"));
    connect(m_kickAndBanAction, &QAction::triggered, this, [this] { askToKick(selectedClients(), true); });
    m_kickAllAction = makeAction("kickAllAction", "kick-all", tr("Kick &all…"),
                                 tr("Close the connection of every client"));
    m_kickAllAction->setIconText(tr("Kick all"));
    connect(m_kickAllAction, &QAction::triggered, this, &MainWindow::askToKickAll);
    m_inspectAction = makeAction("inspectAction", "inspect", tr("&Inspect"),
                                 tr("Show the details and recent messages of the current client"));
    connect(m_inspectAction, &QAction::triggered, this, [this] {
        const QModelIndex current = m_connectionView->currentIndex();
        if (current.isValid())
            inspect(clientAtRow(current.row()));
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

    // Only where remote nodes can be made (a factory was given).
    m_connectNodeAction = makeAction("connectNodeAction", nullptr, tr("&Connect to Node…"),
                                     tr("Watch a wsmonitor node elsewhere through its admin channel"));
    m_connectNodeAction->setVisible(m_nodes->canAttach());
    connect(m_connectNodeAction, &QAction::triggered, this, [this] { askToConnect(); });
    m_disconnectNodeAction = makeAction("disconnectNodeAction", nullptr, tr("&Disconnect"),
                                        tr("Stop watching the node selected in the Nodes pane"));
    m_disconnectNodeAction->setVisible(m_nodes->canAttach());
    connect(m_disconnectNodeAction, &QAction::triggered, this, &MainWindow::disconnectSelectedNode);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connectNodeAction);
    file->addAction(m_disconnectNodeAction);
    file->addSeparator()->setVisible(m_nodes->canAttach());
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
    view->addAction(m_nodesDock->toggleViewAction());

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
    m_filterEdit->setToolTip(
        tr("Show only the clients whose address, path, origin, user agent or identity contains this text"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->addAction(icon("filter"), QLineEdit::LeadingPosition);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_connectionFilter->setFilterText(text);
        updateClientCount();
    });
    m_countLabel = new QLabel(area);
    m_countLabel->setObjectName(QStringLiteral("clientCount"));

    // Shown once the console watches more than one node (updateNodeViews()).
    m_nodeFilter = new QComboBox(area);
    m_nodeFilter->setObjectName(QStringLiteral("nodeFilter"));
    m_nodeFilter->setToolTip(tr("Show the clients of every node or of one"));
    m_nodeFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_nodeFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_connectionFilter->setNodeFilter(m_nodeFilter->currentData().toULongLong());
        updateClientCount();
    });

    m_flappingOnly = new QCheckBox(tr("Flapping only"), area);
    m_flappingOnly->setObjectName(QStringLiteral("flappingOnly"));
    m_flappingOnly->setToolTip(tr("Show only the clients that reconnect more often than --flapping-threshold a minute"));
    connect(m_flappingOnly, &QCheckBox::toggled, this, [this](bool on) {
        m_connectionFilter->setFlappingOnly(on);
        updateClientCount();
    });

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addWidget(m_nodeFilter);
    filterRow->addWidget(m_flappingOnly);
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
    // The node first, when there are several: a client is known by its node and its number.
    m_connectionView->horizontalHeader()->moveSection(ConnectionTableModel::NodeColumn, 0);
    m_connectionView->setColumnHidden(ConnectionTableModel::NodeColumn, true);
    // Kind and Identity next to the address, Flapping next to the heartbeat: appended to the model
    // (so logical numbers stay), but read with what they are about. User agent stays last and
    // takes the rest of the width.
    QHeaderView *columns = m_connectionView->horizontalHeader();
    const auto placeAfter = [columns](int column, int after) {
        columns->moveSection(columns->visualIndex(column), columns->visualIndex(after) + 1);
    };
    placeAfter(ConnectionTableModel::KindColumn, ConnectionTableModel::PeerColumn);
    placeAfter(ConnectionTableModel::IdentityColumn, ConnectionTableModel::KindColumn);
    placeAfter(ConnectionTableModel::FlappingColumn, ConnectionTableModel::HeartbeatColumn);
    setInitialConnectionColumnWidths();
    connect(m_connectionView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    connect(m_connectionView, &QTableView::doubleClicked, this,
            [this](const QModelIndex &index) { inspect(clientAtRow(index.row())); });
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
        {ConnectionTableModel::NodeColumn, "node-00.example"},
        {ConnectionTableModel::KindColumn, "WebSocket"},
        {ConnectionTableModel::IdentityColumn, "Alice Liddell (alice) (unverified)"},
        {ConnectionTableModel::FlappingColumn, "flapping"},
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
    // The inspector knows a client by its id alone: the node is the one it was opened on.
    connect(m_inspector, &ClientInspector::detailsWanted, this, [this](quint64 sessionId) {
        if (m_inspectedNode)
            m_inspectedNode->requestClientDetails(sessionId);
    });
    connect(m_inspector, &ClientInspector::sendRequested, this, [this](quint64 sessionId, const QString &text) {
        if (m_inspectedNode)
            reportOutcome(m_inspectedNode, m_inspectedNode->send(sessionId, OutgoingMessage::fromText(text)));
    });
    connect(m_inspector, &ClientInspector::kickRequested, this, [this](quint64 sessionId) {
        if (m_inspectedNode)
            askToKick({ClientRef{m_inspectedNode, sessionId}}, false);
    });

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
    // After the server's own fields; its totals go under the Nodes pane (createNodesDock()).
    new ClusterFields(m_nodes, statusBar(), m_clusterTotals);
}

void MainWindow::restoreWindowState()
{
    if (!m_settings)
        return;
    restoreGeometry(m_settings->value(GeometryKey).toByteArray());
    restoreState(m_settings->value(StateKey).toByteArray());
    m_splitter->restoreState(m_settings->value(SplitterKey).toByteArray());
}

} // namespace wsm
