// WebSocketServer, part: its life (start, the ordered stop, shutdown), the register of its sessions,
// and the housekeeping between snapshots. The other parts: websocketserveraccept.cpp,
// websocketservercontrol.cpp and websocketserversnapshot.cpp.

#include "websocketserver.h"

#include "clientsocket.h"
#include "heartbeatscheduler.h"
#include "jwtverifier.h"
#include "secretfile.h"
#include "session.h"
#include "steadyclock.h"
#include "tlscredentials.h"
#include "tlstcpserver.h"

#include <QDateTime>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

#include <chrono>
#include <climits>

namespace wsm {

namespace {

// The kernel clamps this to net.core.somaxconn; a storm of connects must not lose SYNs to a short
// queue (Qt's default of 50 costs seconds of SYN retransmits).
constexpr int ListenBacklog = 65535;

QString hostForUrl(const QHostAddress &address)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
        : address.toString();
}

} // namespace

WebSocketServer::StopTerms WebSocketServer::stopTerms(StopReason why)
{
    switch (why) {
    case StopReason::ServiceRestart:
        // 1012 (registered after RFC 6455): the server comes back, so the clients may reconnect.
        return {EndReason::ServiceRestart, 1012, QStringLiteral("service restart"),
                QStringLiteral("service restart before the upgrade")};
    case StopReason::Shutdown:
        break;
    }
    return {EndReason::ServerShutdown, 1001, QStringLiteral("server shutdown"),
            QStringLiteral("server shutdown before the upgrade")};
}

WebSocketServer::WebSocketServer(QObject *parent)
    : QObject(parent)
    , m_heartbeat(new HeartbeatScheduler(&m_sessions, this))
{
    m_snapshotTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_snapshotTimer, &QTimer::timeout, this, [this] {
        housekeeping();
        takeSnapshot();
    });
    connect(&m_kickTimer, &QTimer::timeout, this, &WebSocketServer::kickNextBatch);
    m_identityExpiryTimer.setSingleShot(true);
    connect(&m_identityExpiryTimer, &QTimer::timeout, this, &WebSocketServer::endExpiredIdentities);
    m_drainTimer.setSingleShot(true);
    connect(&m_drainTimer, &QTimer::timeout, this, [this] {
        // The drain time is over: whoever has not finished the close handshake is cut off.
        for (Session *session : sessionsCopy())
            session->abort();
        if (m_stopping)
            finishStop();
    });
}

WebSocketServer::~WebSocketServer()
{
    shutdownNow();
}

bool WebSocketServer::isListening() const
{
    return m_tcpServer && m_tcpServer->isListening();
}

QString WebSocketServer::url() const
{
    if (!isListening())
        return {};
    return (m_config.usesTls() ? QStringLiteral("wss://") : QStringLiteral("ws://"))
        + hostForUrl(m_tcpServer->serverAddress()) + QLatin1Char(':')
        + QString::number(m_tcpServer->serverPort()) + m_config.path;
}

void WebSocketServer::start(const wsm::ServerConfig &config, quint64 requestId)
{
    if (m_tcpServer || m_stopping) {
        Q_EMIT commandFinished(requestId, false,
                               m_stopping ? tr("The server is still stopping.")
                                          : tr("The server is already running at %1.").arg(url()));
        return;
    }
    const QString problems = config.validate();
    if (!problems.isEmpty()) {
        Q_EMIT commandFinished(requestId, false, problems);
        return;
    }
    // Read now, not at validate(): the files may change between a check and a start.
    TlsCredentials tls;
    if (config.usesTls()) {
        QString error;
        if (!TlsCredentials::load(config.tlsCertificatePath, config.tlsKeyPath, &tls, &error)) {
            Q_EMIT commandFinished(requestId, false, error);
            return;
        }
    }
    QString token = config.token;
    if (!config.tokenFile.isEmpty()) {
        QString error;
        if (!readSecretFile(config.tokenFile, &token, &error)) {
            Q_EMIT commandFinished(requestId, false, error);
            return;
        }
        // The same rules as a token given directly (validate()).
        ServerConfig probe = config;
        probe.tokenFile.clear();
        probe.token = token;
        if (!probe.validate().isEmpty()) {
            Q_EMIT commandFinished(requestId, false,
                                   tr("The token in %1 must not contain spaces or control characters.")
                                       .arg(config.tokenFile));
            return;
        }
    }
    QString identityError;
    if (!startIdentity(config, &identityError)) {
        Q_EMIT commandFinished(requestId, false, identityError);
        return;
    }
    m_config = config;
    m_config.token = token;

    if (!m_config.logCsvPath.isEmpty()) {
        QString error;
        if (!m_csvLog.open(m_config.logCsvPath, &error)) {
            Q_EMIT commandFinished(requestId, false, error);
            return;
        }
    }

    QTcpServer *tcpServer = m_config.usesTls()
        ? static_cast<QTcpServer *>(new TlsTcpServer(tls.serverConfiguration(), this))
        : new ClientTcpServer(this);
    tcpServer->setListenBacklogSize(ListenBacklog);
    if (!tcpServer->listen(m_config.listenAddress, m_config.port)) {
        const QString error = tr("Cannot listen on %1:%2: %3")
                                  .arg(hostForUrl(m_config.listenAddress))
                                  .arg(m_config.port)
                                  .arg(tcpServer->errorString());
        delete tcpServer;
        m_csvLog.close();
        Q_EMIT commandFinished(requestId, false, error);
        return;
    }
    m_tcpServer = tcpServer;
    tcpServer->setMaxPendingConnections(INT_MAX); // we take them at once; the kernel queue is the limit
    connect(tcpServer, &QTcpServer::newConnection, this, &WebSocketServer::onNewTcpConnection);

    // Secure mode only makes Qt's request URL say wss://: the encryption is ours (TlsTcpServer), done
    // before the socket is handed over.
    m_webSocketServer = new QWebSocketServer(QStringLiteral("wsmonitor"),
                                             m_config.usesTls() ? QWebSocketServer::SecureMode
                                                                : QWebSocketServer::NonSecureMode,
                                             this);
    m_webSocketServer->setMaxPendingConnections(INT_MAX);
    m_webSocketServer->setHandshakeTimeout(std::chrono::milliseconds(m_config.handshakeTimeoutMs));
    connect(m_webSocketServer, &QWebSocketServer::newConnection, this,
            &WebSocketServer::onWebSocketConnection);
    // A browser that offers its token as a subprotocol must be answered one it offered, and
    // never the token: it offers "access_token" too (README, "Who is connected").
    if (m_config.identity.source == IdentitySource::Jwt)
        m_webSocketServer->setSupportedSubprotocols({QLatin1String(IdentityTokenProtocol)});

    // A run's first id is its start time (ms) times 1000: ids keep increasing across restarts, so
    // an id a browser brings from an earlier run is known to be of the past (and its events missed).
    if (m_nextSseId == 0)
        m_nextSseId = quint64(QDateTime::currentMSecsSinceEpoch()) * 1000;
    m_sseReplay.setLimits(m_config.sseReplayEvents);
    m_sseReplay.clear(m_nextSseId - 1);
    m_sseSessions = 0;

    m_metrics.reset();
    m_ceilings.clear();
    m_ceilings.setLimits({m_config.maxInboundBufferBytes, m_config.maxOutboundBufferBytes, m_config.minReceiveRate,
                          m_config.receiveRateWindowMs});
    m_endedMessagesIn = m_endedMessagesOut = m_endedBytesIn = m_endedBytesOut = 0;
    m_lastTotals = {};
    m_eventBatch.clear();
    m_eventsDropped = 0;
    m_flapping.configure(m_config.flappingThreshold, m_config.flappingWindowMs);
    m_startedAtEpochMs = QDateTime::currentMSecsSinceEpoch();
    m_snapshotTick = 0;
    m_lastSnapshotMs = steadyNowMs();
    m_rateWindow.restart(m_lastSnapshotMs);
    m_totalsRates.clear();
    m_loopLagMs = 0;

    m_heartbeat->start(m_config.heartbeatIntervalMs, m_config.heartbeatTimeoutMs);
    m_snapshotTimer.start(m_config.snapshotIntervalMs);
    if (m_config.cluster.enabled())
        startCluster(); // connects in the background: this node serves its clients whatever Redis does

    const QString listeningUrl = url();
    Q_EMIT started(listeningUrl);
    Q_EMIT commandFinished(requestId, true, listeningUrl);
}

void WebSocketServer::stop(wsm::StopReason reason, quint64 requestId)
{
    if (!m_tcpServer) {
        Q_EMIT commandFinished(requestId, false, tr("The server is not running."));
        return;
    }
    if (m_stopping) {
        Q_EMIT commandFinished(requestId, false, tr("The server is already stopping."));
        return;
    }
    // Ordered shutdown: stop accepting, refuse whoever is mid-handshake, close every client with
    // 1001 (1012 for a restart), give them the drain time to finish the close handshake, then cut
    // off the rest.
    m_stopping = true;
    m_stopReason = reason;
    m_stopRequestId = requestId;
    const StopTerms terms = stopTerms(reason);
    m_tcpServer->close();
    m_heartbeat->stop();

    QList<QTcpSocket *> pendingSockets;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it.value().socket && !it.value().handedOver)
            pendingSockets.append(it.key());
    }
    for (QTcpSocket *socket : pendingSockets) {
        auto it = m_pending.find(socket);
        if (it == m_pending.end())
            continue;
        if (!it->answered) {
            recordRejected(it->info, EndedBy::Server, terms.reason, terms.beforeUpgrade);
            it->answered = true;
        }
        socket->abort();
    }

    closeAllSessions(terms.reason, terms.closeCode, terms.closeReason);
    if (m_sessions.isEmpty()) {
        finishStop();
        return;
    }
    if (m_config.drainTimeoutMs <= 0) {
        for (Session *session : sessionsCopy())
            session->abort();
        if (m_stopping)
            finishStop();
        return;
    }
    m_drainTimer.start(m_config.drainTimeoutMs);
}

void WebSocketServer::shutdownNow()
{
    if (!m_tcpServer)
        return;
    m_config.drainTimeoutMs = 0;
    if (!m_stopping)
        stop(StopReason::Shutdown, 0);
    if (m_stopping)
        finishStop();
}

void WebSocketServer::finishStopIfStopping()
{
    if (m_stopping && m_tcpServer)
        finishStop();
}

void WebSocketServer::finishStop()
{
    m_inFinishStop = true;
    stopCluster();
    m_drainTimer.stop();
    m_snapshotTimer.stop();
    m_heartbeat->stop();

    // Sessions whose socket never reported its end are ended here, so each still gets its event.
    for (Session *session : sessionsCopy()) {
        if (!session->hasEnded()) {
            onSessionEnded(session);
            delete session;
        }
    }
    m_sessions.clear();

    delete m_webSocketServer; // before the TCP server: it may hold sockets mid-handshake
    m_webSocketServer = nullptr;
    delete m_tcpServer;       // and with it every socket still pending
    m_tcpServer = nullptr;
    m_pending.clear();
    m_handedOverByPort.clear();

    // Without housekeeping nothing would unmark them: a stopped node has no flapping clients.
    m_flapping.clear();
    takeSnapshot(); // the last one: no rows, and the events of the shutdown
    m_csvLog.close();
    m_stopping = false;
    m_inFinishStop = false;
    const quint64 requestId = m_stopRequestId;
    m_stopRequestId = 0;
    Q_EMIT stopped();
    Q_EMIT commandFinished(requestId, true, tr("Stopped."));
}

void WebSocketServer::closeAllSessions(EndReason reason, int code, const QString &text)
{
    // Everyone closes now: kicks still waiting for their turn are overtaken.
    m_kickTimer.stop();
    m_pendingKicks.clear();
    m_kicksPerTick = 0;
    for (Session *session : sessionsCopy()) {
        if (!session->hasEnded())
            session->closeFor(reason, EndedBy::Server, code, text);
    }
}

QList<Session *> WebSocketServer::sessionsCopy() const
{
    return m_sessions.values();
}

void WebSocketServer::onSessionEnded(Session *session)
{
    const ConnectionEvent event = session->endEvent();
    m_sessions.remove(session->id());
    if (session->kind() == ClientKind::Sse)
        --m_sseSessions;
    m_endedMessagesIn += event.messagesIn;
    m_endedMessagesOut += event.messagesOut;
    m_endedBytesIn += event.bytesIn;
    m_endedBytesOut += event.bytesOut;
    m_metrics.countClosed(event.reason, event.clientKind);
    record(event);
    // Queued: this runs inside the socket's own signal, and finishing deletes the listeners.
    if (m_stopping && m_sessions.isEmpty() && !m_inFinishStop)
        QMetaObject::invokeMethod(this, &WebSocketServer::finishStopIfStopping, Qt::QueuedConnection);
}

void WebSocketServer::record(const ConnectionEvent &event)
{
    // Between two snapshots at most a ring's worth of events waits; the oldest give way.
    if (m_eventBatch.size() >= m_config.eventLogCapacity) {
        m_eventBatch.removeFirst();
        ++m_eventsDropped;
    }
    m_eventBatch.append(event);
    if (m_jwt)
        trackIdentityExpiry(event);
    if (m_csvLog.isOpen() && !m_csvLog.append(event))
        qWarning("wsmonitor: cannot write the CSV log: %s", qPrintable(m_csvLog.errorString()));
    // Every connect and end of both kinds of client passes here, so the tracker needs no other hook.
    if (!event.isFlapping())
        recordFlappingChanges(m_flapping.observe(event, steadyNowMs()));
}

void WebSocketServer::recordFlappingChanges(const QList<ConnectionEvent> &changes)
{
    if (changes.isEmpty())
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (ConnectionEvent change : changes) {
        change.connectedAt = change.endedAt = now;
        record(change);
    }
}

// ---- messages -----------------------------------------------------------------------------

// A send can end a session at once: over its send queue cap it is closed, and Qt emits
// disconnected from inside QWebSocket::close(), so onSessionEnded() removes it from m_sessions
// while we loop. Iterating the map itself then walks a freed node (a crash, or the message sent
// twice to another client, which then looks like a slow consumer too). Act on a copy, as the
// heartbeat does; the Session objects stay valid meanwhile (deleteLater).
// In a cluster each message is also published once, for the other nodes' clients.
void WebSocketServer::broadcastText(Session *from, const QString &text)
{
    sendToAll(from, OutgoingMessage::fromText(text));
    if (m_cluster)
        publishToCluster(false, text.toUtf8());
}

void WebSocketServer::broadcastBinary(Session *from, const QByteArray &data)
{
    sendToAll(from, OutgoingMessage::fromBinary(data));
    if (m_cluster)
        publishToCluster(true, data);
}

qint64 WebSocketServer::pingSentAtNs(quint64 sequence) const
{
    return m_heartbeat->pingSentAtNs(sequence);
}

void WebSocketServer::observeRtt(double ms)
{
    m_metrics.observeRtt(ms);
}

// ---- housekeeping -----------------------------------------------------------------------------

void WebSocketServer::housekeeping()
{
    const qint64 now = steadyNowMs();

    QList<QTcpSocket *> overdue;
    QList<QTcpSocket *> gone;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (!it->socket)
            gone.append(it.key());
        else if (now >= it->deadlineMs)
            overdue.append(it.key());
    }
    for (QTcpSocket *key : std::as_const(gone)) {
        auto it = m_pending.find(key);
        if (it != m_pending.end() && it->handedOver)
            m_handedOverByPort.remove(it->info.peerPort, key);
        m_pending.remove(key);
    }
    for (QTcpSocket *socket : std::as_const(overdue)) {
        auto it = m_pending.find(socket);
        if (it == m_pending.end())
            continue;
        if (it->handedOver) {
            // Qt's own handshake timer ends it; we only stop counting it against the capacity.
            if (now >= it->deadlineMs + m_config.handshakeTimeoutMs) {
                m_handedOverByPort.remove(it->info.peerPort, socket);
                m_pending.erase(it);
            }
            continue;
        }
        if (!it->answered) {
            recordRejected(it->info, EndedBy::Server, EndReason::HandshakeTimeout,
                           (it->tlsPending ? QStringLiteral("no TLS handshake within %1 s")
                                           : QStringLiteral("no complete upgrade request within %1 s"))
                               .arg(m_config.handshakeTimeoutMs / 1000.0));
            it->answered = true;
        }
        socket->abort(); // may emit disconnected at once, which erases the entry
    }

    // Aborting ends a session at once and so changes the map: collect first. Only the few closing
    // sessions are collected; copying all of them four times a second taxed every message.
    QList<Session *> closeOverdue;
    for (Session *session : std::as_const(m_sessions)) {
        if (session->isCloseOverdue(now))
            closeOverdue.append(session);
    }
    for (Session *session : std::as_const(closeOverdue))
        session->abort();

    m_ceilings.sweep(now);
    squeezePendingIfEmpty();
    m_bans.purgeExpired(QDateTime::currentMSecsSinceEpoch());
    // A client that simply stops reconnecting is unmarked here, with no connect to tell.
    recordFlappingChanges(m_flapping.sweep(now));
}


} // namespace wsm
