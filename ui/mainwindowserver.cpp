// The window's side of starting and stopping the server and of every command's outcome: the
// actions, the status bar's words, and what a finished command tells the user. The rest of
// MainWindow is in mainwindow.cpp and the files beside it.

#include "mainwindow.h"
#include "mainwindow_p.h"

#include "charts/trafficcharts.h"
#include "confirmations.h"
#include "errorbanner.h"
#include "models/connectionfiltermodel.h"
#include "models/connectiontablemodel.h"
#include "models/eventlogmodel.h"
#include "servernode.h"
#include "statusfields.h"

#include <QAction>
#include <QMessageBox>
#include <QStatusBar>
#include <QTableView>

namespace wsm {

using namespace mainwindow;

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
    m_startRequest = m_node->start(m_config);
    setServerState(ServerState::Starting);
}

void MainWindow::stopServer()
{
    requestStop(StopReason::Shutdown);
}

void MainWindow::restartServer()
{
    // A stop of its own kind: the server closes every client with 1012, so they know to come back
    // (rather than the 1001 of a stop), and logs each end as a service restart.
    if (requestStop(StopReason::ServiceRestart))
        m_startWhenStopped = true;
}

bool MainWindow::requestStop(StopReason reason)
{
    if (m_state != ServerState::Running)
        return false;
    m_stopRequest = m_node->stop(reason);
    setServerState(ServerState::Stopping);
    return true;
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
    else if (std::exchange(m_startWhenStopped, false))
        startServer();
}

void MainWindow::onCommandFinished(ServerNode *node, quint64 requestId, bool ok, const QString &message)
{
    if (node != m_node) {
        if (m_reportedRequests.remove({m_nodes->idOf(node), requestId}))
            statusBar()->showMessage(message, StatusMessageMs);
        return;
    }
    if (m_startRequest != 0 && requestId == m_startRequest) {
        m_startRequest = 0;
        if (!ok) {
            const QString text = tr("The server did not start: %1").arg(message);
            m_errorBanner->showMessage(text);
            m_bannerShowsLostLink = false;
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
    if (m_reportedRequests.remove({m_nodes->idOf(m_node), requestId}))
        statusBar()->showMessage(message, StatusMessageMs);
}

void MainWindow::reportOutcome(quint64 requestId)
{
    reportOutcome(m_node, requestId);
}

void MainWindow::reportOutcome(ServerNode *node, quint64 requestId)
{
    m_reportedRequests.insert({m_nodes->idOf(node), requestId});
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
    m_startAction->setEnabled(m_state == ServerState::Stopped);
    m_stopAction->setEnabled(running);
    // Per-client actions while the node holding a selected client can be reached.
    const QList<ClientRef> selected = selectedClients();
    const bool liveSelection
        = std::any_of(selected.cbegin(), selected.cend(), [this](const ClientRef &client) { return isLive(client.node); });
    m_kickSelectedAction->setEnabled(liveSelection);
    m_kickAndBanAction->setEnabled(liveSelection);
    const QModelIndex current = m_connectionView->currentIndex();
    m_inspectAction->setEnabled(current.isValid() && isLive(clientAtRow(current.row()).node));
    const QList<ServerNode *> live = liveNodes();
    m_kickAllAction->setEnabled(std::any_of(live.cbegin(), live.cend(),
                                            [this](const ServerNode *node) { return modelOf(node)->rowCount() > 0; }));
    // A remote node's largest message is its own business: it refuses what is too big.
    m_sendBar->setServerRunning(!live.isEmpty(), running ? m_runningMaxMessageBytes : m_config.maxMessageBytes);
    int liveSelected = 0;
    for (const ClientRef &client : selected)
        liveSelected += isLive(client.node) ? 1 : 0;
    m_sendBar->setSelectedCount(liveSelected);
}

} // namespace wsm
