#pragma once

#include "dialogs/consolesettings.h"
#include "nodelist.h"
#include "sendbar.h"
#include "serverconfig.h"
#include "snapshot.h"

#include <QHash>
#include <QList>
#include <QMainWindow>
#include <QPair>
#include <QPointer>
#include <QSet>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QAction;
class QCheckBox;
class QComboBox;
class QConcatenateTablesProxyModel;
class QDockWidget;
class QLabel;
class QLineEdit;
class QProgressDialog;
class QSettings;
class QSplitter;
class QTableView;
QT_END_NAMESPACE

namespace wsm {

class BansDialog;
class ClientInspector;
class ConnectionFilterModel;
class ConnectionTableModel;
class CsvExporter;
class DiagnosticsPanel;
class ErrorBanner;
class EventLogModel;
class EventLogPane;
class NodesModel;
class ServerNode;
class StatusFields;
class TokenStore;
class TrafficCharts;

// The console: starts and stops the server, shows every client, the connection log, traffic and
// diagnostics, and sends the operator's kicks, bans and messages. It talks to servers only through
// ServerNodes and is fed by their snapshots: the embedded server (always there, the one it starts
// and stops) and the remote nodes the operator attaches (File > Connect to Node…), held in a
// NodeList. Every per-client action goes to the node holding the client.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // How the console reaches nodes elsewhere. Without a factory it watches the embedded node only
    // and File > Connect to Node… is hidden.
    struct RemoteNodes
    {
        RemoteNodeFactory factory;
        // Where typed admin tokens are kept; not owned. Null: the desktop's secret store (Qt Keychain).
        TokenStore *tokenStore = nullptr;
    };

    // config: what to start with (main() has merged the command line over the saved settings).
    // settings: where the settings dialog saves server and console settings, where window
    // geometry/state are kept and the attached nodes listed; may be null (nothing persisted).
    // Neither is owned. node: the embedded node, not owned; it must outlive the window.
    // With a factory, the nodes saved in settings are attached again (their tokens read from their
    // files, or from the token store, asynchronously).
    MainWindow(ServerNode *node, const ServerConfig &config, QSettings *settings, QWidget *parent = nullptr);
    MainWindow(ServerNode *node, const ServerConfig &config, QSettings *settings, const RemoteNodes &remote,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    // Attaches a node for this run only (--connect): not saved in the settings. tokenFile may be
    // empty (no token). False with a sentence in *error when the URL is not ws:// or wss://, the
    // file does not read, or there is no factory. True when that URL is attached already.
    bool connectToNode(const QUrl &adminUrl, const QString &tokenFile, QString *error);
    NodeList *nodeList() const { return m_nodes; }

    bool isServerRunning() const;

    // For tests and for main(); each also has an objectName ("startAction", ...).
    QAction *startAction() const { return m_startAction; }
    QAction *stopAction() const { return m_stopAction; }
    QAction *kickSelectedAction() const { return m_kickSelectedAction; }
    QAction *kickAllAction() const { return m_kickAllAction; }
    QAction *exportEventsAction() const { return m_exportEventsAction; }
    QAction *exportConnectionsAction() const { return m_exportConnectionsAction; }
    QAction *clearLogAction() const { return m_clearLogAction; }
    QAction *pauseAction() const { return m_pauseAction; }
    QAction *settingsAction() const { return m_settingsAction; }
    QAction *bansAction() const { return m_bansAction; }
    QAction *connectNodeAction() const { return m_connectNodeAction; }
    QAction *disconnectNodeAction() const { return m_disconnectNodeAction; }
    QTableView *connectionView() const { return m_connectionView; }
    // The embedded node's clients; the view shows every node's (connectionView()->model()).
    ConnectionTableModel *connectionModel() const { return m_connectionModel; }
    EventLogModel *eventLogModel() const { return m_eventLogModel; }

public Q_SLOTS:
    void startServer();
    // Stops at once, without asking: the Stop action asks first while clients are connected.
    void stopServer();
    // Closes the window without the question about connected clients (SIGINT, SIGTERM).
    void closeWithoutAsking();
    // Stops with every client closed with 1012 (service restart), and starts with the settings as
    // they are now. Settings offers it when a change applies only at a start.
    void restartServer();
    // Kicks these clients of the embedded node (ban first when banMinutes > 0, so reconnects are
    // refused); spread from the console settings. No dialog.
    void kickSessions(const QList<quint64> &ids, int closeCode, const QString &reason, int banMinutes);
    void inspect(quint64 sessionId); // a client of the embedded node
    // Start an export in the background with a progress dialog; false if one is already running.
    // A file that cannot be written is reported when the export ends.
    bool exportEventsTo(const QString &fileName);
    bool exportConnectionsTo(const QString &fileName);

Q_SIGNALS:
    // A start failed (a port in use, a certificate that does not load), in words; the banner shows it too.
    void startFailed(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    enum class ServerState { Stopped, Starting, Running, Stopping };
    // A client as the console knows it: session ids repeat across nodes.
    struct ClientRef
    {
        ServerNode *node = nullptr;
        quint64 id = 0;
        bool isValid() const { return node && id != 0; }
    };

    void createActions();
    void createMenus();
    void createToolBar();
    QWidget *createConnectionsArea();
    void createDocks();
    void createStatusBar();
    void setInitialConnectionColumnWidths();
    void restoreWindowState();

    void onStarted(const QString &url);
    void onStopped();
    void onCommandFinished(wsm::ServerNode *node, quint64 requestId, bool ok, const QString &message);
    void onSnapshot(wsm::ServerNode *node, const wsm::Snapshot &snapshot, const QList<wsm::ConnectionEvent> &events);
    void applyToViews(ServerNode *node, const Snapshot &snapshot);
    void setPaused(bool paused);
    // Asks before clients are closed, unless none are connected or the operator said not to ask.
    bool mayCloseClients(const QString &title, const QString &goAheadText);
    // false when the server is not running.
    bool requestStop(StopReason reason);
    void setServerState(ServerState state);
    void updateActions();
    void updateClientCount();

    QList<ClientRef> selectedClients() const; // by node, ids ascending
    ClientRef clientAtRow(int proxyRow) const;
    const SessionRow *sessionOf(const ClientRef &client) const; // null when not shown
    QStringList clientLabels(const QList<ClientRef> &clients) const;
    void askToKick(const QList<ClientRef> &clients, bool withBan);
    void kickClients(const QList<ClientRef> &clients, int closeCode, const QString &reason, int banMinutes);
    // Connected clients of the same nodes, not among these, whose address is one of theirs: a ban
    // (on their node) refuses them too.
    QList<ClientRef> othersAtTheSameAddresses(const QList<ClientRef> &clients) const;
    void askToKickAll();
    // Every connection of one identity, on every node the console reaches (the Identity column's
    // actions): kicked, and with withBan the identity banned first (`identity:SUB` on each node).
    QList<ClientRef> clientsOfIdentity(const QString &identity) const;
    void askToKickIdentity(const QString &identity, bool withBan);
    // Bans are queued ahead of the kick, so the server refuses a reconnect that races the close.
    void banAddresses(ServerNode *node, const QSet<QString> &addresses, int minutes, const QString &reason);
    void askToSend(const ClientRef &client);
    void inspect(const ClientRef &client);
    void showConnectionMenu(const QPoint &position);
    void sendMessage(wsm::SendBar::Target target, const wsm::OutgoingMessage &message);
    void showSettings();
    void showBans();
    void fillBansDialog();
    void showAbout();
    void chooseExportFile(bool events);
    bool startExport(const QString &fileName, bool events);
    void onExportFinished(bool ok, const QString &fileName, const QString &errorText);
    // Sends a control call's outcome to the status bar when it arrives.
    void reportOutcome(quint64 requestId); // of the embedded node
    void reportOutcome(ServerNode *node, quint64 requestId);

    // The nodes (mainwindownodes.cpp).
    void createNodesDock();
    ConnectionTableModel *modelOf(const ServerNode *node) const;
    // Whether per-client actions can reach the node now: the embedded one while it runs, a remote
    // one while its link is up.
    bool isLive(const ServerNode *node) const;
    QList<ServerNode *> liveNodes() const;
    static QStringList namesOf(const QList<ServerNode *> &nodes);
    void onNodeAttached(ServerNode *node);
    void onNodeDetached(ServerNode *node);
    void onLinkStateChanged(ServerNode *node, ServerNode::LinkState state);
    void updateLostLinkBanner();
    void updateNodeViews(); // the Node column, the node filter and the Disconnect action
    // The Connect to Node dialog, filled in with what is known (a token file's path, never a token).
    void askToConnect(const QUrl &url = {}, const QString &reason = {}, const QString &tokenFile = {});
    void askToConnectLater(const QUrl &url, const QString &reason);
    void disconnectSelectedNode();
    ServerNode *selectedPaneNode() const;
    void restoreNodes();
    void saveNodes();
    // The cluster (mainwindowcluster.cpp): the Nodes pane's menu, and attaching a node of a watched
    // node's cluster from its row.
    void showNodesMenu(const QPoint &position);
    void attachClusterNode(const ClusterNodeInfo &info);
    TokenStore *tokenStore();
    void connectTokenStore();
    void onTokenWritten(const QString &key, bool ok, const QString &errorText);
    void onTokenRead(const QString &key, const QByteArray &token, bool ok, const QString &errorText);

    ServerNode *m_node;           // the embedded node
    NodeList *m_nodes;
    RemoteNodes m_remote;
    ServerConfig m_config;        // what the next start uses
    ConsoleSettings m_console;
    QSettings *m_settings;
    ServerState m_state = ServerState::Stopped;
    QString m_url;                // where the server listens; empty when it does not
    quint64 m_startRequest = 0;
    quint64 m_stopRequest = 0;
    QSet<QPair<quint64, quint64>> m_reportedRequests; // (node id, request id)
    bool m_paused = false;
    bool m_closeWhenStopped = false; // the window was closed while the server ran: stop first
    bool m_closeWithoutAsking = false;
    bool m_startWhenStopped = false;  // a restart: start again once stopped
    int m_clientsConnected = 0;   // from the latest snapshot, live even while paused
    QHash<const ServerNode *, Snapshot> m_heldSnapshots; // the newest of each node that arrived while paused
    QString m_exportDirectory;
    bool m_exportCancelled = false;

    ConnectionTableModel *m_connectionModel; // the embedded node's
    QHash<const ServerNode *, ConnectionTableModel *> m_nodeModels;
    QConcatenateTablesProxyModel *m_allConnections; // every node's rows, in NodeList's order
    ConnectionFilterModel *m_connectionFilter;
    NodesModel *m_nodesModel = nullptr;
    EventLogModel *m_eventLogModel;
    EventLogPane *m_eventLogPane = nullptr;
    CsvExporter *m_exporter;

    ErrorBanner *m_errorBanner = nullptr;
    QSplitter *m_splitter = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QComboBox *m_nodeFilter = nullptr;
    QCheckBox *m_flappingOnly = nullptr;
    QLabel *m_countLabel = nullptr;
    QTableView *m_connectionView = nullptr;
    SendBar *m_sendBar = nullptr;
    qint64 m_runningMaxMessageBytes = 0; // of the server as started: what a message sent may be
    TrafficCharts *m_charts = nullptr;
    DiagnosticsPanel *m_diagnostics = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    ClientInspector *m_inspector = nullptr;
    QPointer<ServerNode> m_inspectedNode;
    BansDialog *m_bansDialog = nullptr;
    QPointer<ServerNode> m_bansNode; // whose bans the bans window shows
    QDockWidget *m_nodesDock = nullptr;
    QTableView *m_nodesView = nullptr;
    QLabel *m_clusterTotals = nullptr; // under the Nodes pane (ClusterFields fills it)
    bool m_bannerShowsLostLink = false;
    TokenStore *m_tokenStore = nullptr;
    QSet<QString> m_pendingTokenReads; // admin URLs whose saved node waits for its token
    QPointer<QProgressDialog> m_exportProgress;

    StatusFields *m_statusFields = nullptr;

    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_kickSelectedAction = nullptr;
    QAction *m_kickAndBanAction = nullptr;
    QAction *m_kickAllAction = nullptr;
    QAction *m_inspectAction = nullptr;
    QAction *m_bansAction = nullptr;
    QAction *m_exportEventsAction = nullptr;
    QAction *m_exportConnectionsAction = nullptr;
    QAction *m_clearLogAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_connectNodeAction = nullptr;
    QAction *m_disconnectNodeAction = nullptr;
};

} // namespace wsm
