#pragma once

#include "dialogs/consolesettings.h"
#include "sendbar.h"
#include "serverconfig.h"
#include "snapshot.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <optional>

QT_BEGIN_NAMESPACE
class QAction;
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
class ServerNode;
class StatusFields;
class TrafficCharts;

// The console: starts and stops the server, shows every client, the connection log, traffic and
// diagnostics, and sends the operator's kicks, bans and messages. It talks to the server only
// through a ServerNode and is fed by its snapshots: it does not know whether the node is the
// embedded server or one elsewhere.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // config: what to start with (main() has merged the command line over the saved settings).
    // settings: where the settings dialog saves server and console settings and where window
    // geometry/state are kept; may be null (nothing persisted). Neither is owned.
    // node: not owned; it must outlive the window.
    MainWindow(ServerNode *node, const ServerConfig &config, QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

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
    QTableView *connectionView() const { return m_connectionView; }
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
    // Kicks these clients (ban first when banMinutes > 0, so reconnects are refused); spread from
    // the console settings. No dialog: the dialog path calls this.
    void kickSessions(const QList<quint64> &ids, int closeCode, const QString &reason, int banMinutes);
    void inspect(quint64 sessionId);
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
    void onCommandFinished(quint64 requestId, bool ok, const QString &message);
    void onSnapshot(const wsm::Snapshot &snapshot, const QList<wsm::ConnectionEvent> &events);
    void applyToViews(const Snapshot &snapshot);
    void setPaused(bool paused);
    // Asks before clients are closed, unless none are connected or the operator said not to ask.
    bool mayCloseClients(const QString &title, const QString &goAheadText);
    // false when the server is not running.
    bool requestStop(StopReason reason);
    void setServerState(ServerState state);
    void updateActions();
    void updateClientCount();

    QList<quint64> selectedSessionIds() const;
    quint64 sessionIdAtRow(int proxyRow) const;
    QStringList clientLabels(const QList<quint64> &ids) const;
    void askToKick(const QList<quint64> &ids, bool withBan);
    // Connected clients not in ids whose address is one of theirs: a ban refuses them too.
    QList<quint64> othersAtTheSameAddresses(const QList<quint64> &ids) const;
    void askToKickAll();
    // Bans are queued ahead of the kick, so the server refuses a reconnect that races the close.
    void banAddresses(const QSet<QString> &addresses, int minutes, const QString &reason);
    void askToSend(quint64 sessionId);
    void showConnectionMenu(const QPoint &position);
    void sendMessage(wsm::SendBar::Target target, const wsm::OutgoingMessage &message);
    void showSettings();
    void showBans();
    void showAbout();
    void chooseExportFile(bool events);
    bool startExport(const QString &fileName, bool events);
    void onExportFinished(bool ok, const QString &fileName, const QString &errorText);
    // Sends a control call's outcome to the status bar when it arrives.
    void reportOutcome(quint64 requestId);

    ServerNode *m_node;
    ServerConfig m_config;        // what the next start uses
    ConsoleSettings m_console;
    QSettings *m_settings;
    ServerState m_state = ServerState::Stopped;
    QString m_url;                // where the server listens; empty when it does not
    quint64 m_startRequest = 0;
    quint64 m_stopRequest = 0;
    QSet<quint64> m_reportedRequests;
    bool m_paused = false;
    bool m_closeWhenStopped = false; // the window was closed while the server ran: stop first
    bool m_closeWithoutAsking = false;
    bool m_startWhenStopped = false;  // a restart: start again once stopped
    int m_clientsConnected = 0;   // from the latest snapshot, live even while paused
    std::optional<Snapshot> m_heldSnapshot; // the newest one that arrived while paused
    QString m_exportDirectory;
    bool m_exportCancelled = false;

    ConnectionTableModel *m_connectionModel;
    ConnectionFilterModel *m_connectionFilter;
    EventLogModel *m_eventLogModel;
    EventLogPane *m_eventLogPane = nullptr;
    CsvExporter *m_exporter;

    ErrorBanner *m_errorBanner = nullptr;
    QSplitter *m_splitter = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QLabel *m_countLabel = nullptr;
    QTableView *m_connectionView = nullptr;
    SendBar *m_sendBar = nullptr;
    qint64 m_runningMaxMessageBytes = 0; // of the server as started: what a message sent may be
    TrafficCharts *m_charts = nullptr;
    DiagnosticsPanel *m_diagnostics = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    ClientInspector *m_inspector = nullptr;
    BansDialog *m_bansDialog = nullptr;
    QList<Ban> m_bans;            // from the latest snapshot, for when the bans window opens
    qint64 m_bansAt = 0;
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
};

} // namespace wsm
