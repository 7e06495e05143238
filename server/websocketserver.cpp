#include "websocketserver.h"

#include "clientsocket.h"
#include "framemaskguard.h"
#include "heartbeatscheduler.h"
#include "httprequesthead.h"
#include "processstats.h"
#include "secretfile.h"
#include "session.h"
#include "steadyclock.h"
#include "tlscredentials.h"
#include "tlstcpserver.h"

#include <QCryptographicHash>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <climits>

namespace wsm {

namespace {

// The kernel clamps this to net.core.somaxconn; a storm of connects must not lose SYNs to a short
// queue (Qt's default of 50 costs seconds of SYN retransmits).
constexpr int ListenBacklog = 65535;

QByteArray plainBody(const QString &text)
{
    return text.toUtf8() + '\n';
}

bool sameSecret(const QString &a, const QString &b)
{
    // Compare digests so the time taken does not depend on where the strings first differ.
    const QByteArray da = QCryptographicHash::hash(a.toUtf8(), QCryptographicHash::Sha256);
    const QByteArray db = QCryptographicHash::hash(b.toUtf8(), QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (int i = 0; i < da.size(); ++i)
        diff |= static_cast<unsigned char>(da.at(i) ^ db.at(i));
    return diff == 0;
}

// What a stop tells every client and records for each: the close code, the close frame's reason,
// and the words for a handshake it cut short.
struct StopTerms
{
    EndReason reason;
    int closeCode;
    QString closeReason;
    QString beforeUpgrade;
};

StopTerms stopTerms(StopReason why)
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

QString hostForUrl(const QHostAddress &address)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
        : address.toString();
}

} // namespace

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

    m_metrics.reset();
    m_ceilings.clear();
    m_ceilings.setLimits({m_config.maxInboundBufferBytes, m_config.maxOutboundBufferBytes, m_config.minReceiveRate,
                          m_config.receiveRateWindowMs});
    m_endedMessagesIn = m_endedMessagesOut = m_endedBytesIn = m_endedBytesOut = 0;
    m_lastTotals = {};
    m_eventBatch.clear();
    m_eventsDropped = 0;
    m_startedAtEpochMs = QDateTime::currentMSecsSinceEpoch();
    m_snapshotTick = 0;
    m_lastSnapshotMs = steadyNowMs();
    m_rateWindow.restart(m_lastSnapshotMs);
    m_totalsRates.clear();
    m_loopLagMs = 0;

    m_heartbeat->start(m_config.heartbeatIntervalMs, m_config.heartbeatTimeoutMs);
    m_snapshotTimer.start(m_config.snapshotIntervalMs);

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

// ---- accept path --------------------------------------------------------------------------

void WebSocketServer::onNewTcpConnection()
{
    while (QTcpSocket *socket = m_tcpServer->nextPendingConnection()) {
        PendingSocket pending;
        pending.socket = socket;
        pending.info.peerAddress = socket->peerAddress().toString();
        shareRequestStrings(pending.info);
        pending.info.peerPort = socket->peerPort();
        pending.info.acceptedAt = QDateTime::currentMSecsSinceEpoch();
        // One deadline for the TLS handshake and the upgrade request together.
        pending.deadlineMs = steadyNowMs() + m_config.handshakeTimeoutMs;
        auto *sslSocket = qobject_cast<QSslSocket *>(socket);
        pending.tlsPending = sslSocket != nullptr;
        m_pending.insert(socket, pending);

        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onPendingDisconnected(socket); });
        if (sslSocket) {
            connect(sslSocket, &QSslSocket::encrypted, this, [this, socket] { onPendingEncrypted(socket); });
            connect(sslSocket, &QAbstractSocket::errorOccurred, this,
                    [this, socket](QAbstractSocket::SocketError error) { onPendingSocketError(socket, error); });
        }
        // Bans and capacity first (a refused TLS client costs no handshake); admit() then starts
        // the TLS handshake, or reads the request of a plain client.
        admit(socket);
    }
}

void WebSocketServer::onPendingEncrypted(QTcpSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end() || !it->tlsPending)
        return;
    it->tlsPending = false;
    admit(socket);
}

void WebSocketServer::onPendingSocketError(QTcpSocket *socket, QAbstractSocket::SocketError error)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end() || !it->tlsPending || it->answered)
        return;
    // A client that just goes away is reported by onPendingDisconnected(), as the client's end.
    if (error == QAbstractSocket::RemoteHostClosedError)
        return;
    // Typically a plain ws:// or HTTP client on a wss:// port: its request is not a TLS hello.
    recordRejected(it->info, EndedBy::Server, EndReason::TlsHandshakeFailed, socket->errorString());
    it->answered = true;
    socket->abort(); // may emit disconnected at once, which erases the entry
}

void WebSocketServer::admit(QTcpSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end())
        return;
    // Bans are checked once the request is read (route()): /healthz and /metrics are not theirs.
    // Sockets that have not finished their request count too, or a flood of them exhausts fds.
    if (m_pending.size() > m_config.maxConnections) {
        refuse(socket, *it, 503, EndReason::ServerFull, plainBody(QStringLiteral("server full")),
               nullptr, {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")}});
        return;
    }
    if (it->tlsPending) {
        // Let in after all (a ban that did not match): now the handshake.
        static_cast<QSslSocket *>(socket)->startServerEncryption();
        return;
    }
    // Until the head is complete we only peek, never read: Qt must see the request intact. The
    // read buffer cap keeps a client that never ends its head from growing our memory.
    socket->setReadBufferSize(HttpRequestHead::DefaultMaxHeadBytes + 1);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onPendingReadable(socket); });
    if (socket->bytesAvailable() > 0)
        onPendingReadable(socket);
}

void WebSocketServer::onPendingReadable(QTcpSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end() || it->handedOver)
        return;
    if (it->answered) {
        socket->readAll(); // drain what the client still sends while our answer goes out
        return;
    }
    HttpRequestHead head;
    const QByteArray data = socket->peek(socket->bytesAvailable());
    switch (head.parse(data)) {
    case HttpRequestHead::ParseStatus::Incomplete:
        return;
    case HttpRequestHead::ParseStatus::Malformed:
        refuse(socket, *it, 400, EndReason::BadHandshake,
               plainBody(QStringLiteral("malformed HTTP request")), nullptr);
        return;
    case HttpRequestHead::ParseStatus::TooLarge:
        refuse(socket, *it, 431, EndReason::BadHandshake,
               plainBody(QStringLiteral("request head too large")), nullptr);
        return;
    case HttpRequestHead::ParseStatus::Complete:
        route(socket, *it, head, data);
        return;
    }
}

void WebSocketServer::route(QTcpSocket *socket, PendingSocket &pending, const HttpRequestHead &head,
                            const QByteArray &buffered)
{
    HandshakeInfo &info = pending.info;
    info.path = head.path();
    info.query = head.query();
    info.origin = QString::fromUtf8(head.header(QByteArrayLiteral("origin")));
    info.userAgent = QString::fromUtf8(head.header(QByteArrayLiteral("user-agent")));
    shareRequestStrings(info);

    // Health checkers and load balancers often probe with HEAD.
    const bool read = !head.isWebSocketUpgrade() && (head.method() == "GET" || head.method() == "HEAD");
    const bool probe = read && (info.path == QLatin1String("/metrics") || info.path == QLatin1String("/healthz"));
    // A ban refuses everything but the health and metrics probes: banning a NAT'd office must not
    // take down a load balancer's health check behind the same address.
    if (!probe && !m_bans.isEmpty()) {
        if (const std::optional<Ban> ban = m_bans.match(socket->peerAddress(), info.acceptedAt)) {
            const QString text = ban->reason.isEmpty()
                ? QStringLiteral("banned")
                : QStringLiteral("banned: ") + ban->reason;
            refuse(socket, pending, 403, EndReason::Banned, plainBody(text), &head);
            return;
        }
    }

    if (!head.isWebSocketUpgrade()) {
        pending.headOnly = head.method() == "HEAD";
        if (read && info.path == QLatin1String("/metrics")) {
            answerPlain(socket, pending,
                        formatHttpResponse(200, QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"),
                                           metricsText()));
        } else if (read && info.path == QLatin1String("/healthz")) {
            answerPlain(socket, pending,
                        formatHttpResponse(200, QByteArrayLiteral("text/plain; charset=utf-8"),
                                           QByteArrayLiteral("ok\n")));
        } else if (info.path == m_config.path) {
            refuse(socket, pending, 426, EndReason::BadHandshake,
                   plainBody(QStringLiteral("this is a WebSocket endpoint: send an upgrade request")), &head,
                   {{QByteArrayLiteral("Upgrade"), QByteArrayLiteral("websocket")},
                    {QByteArrayLiteral("Sec-WebSocket-Version"), QByteArrayLiteral("13")}});
        } else {
            refuse(socket, pending, 404, EndReason::NotFound, plainBody(QStringLiteral("not found")), &head);
        }
        return;
    }

    if (info.path != m_config.path) {
        refuse(socket, pending, 404, EndReason::NotFound,
               plainBody(QStringLiteral("no WebSocket endpoint at %1").arg(info.path)), &head);
        return;
    }
    if (head.hasUnsupportedVersion()) {
        refuse(socket, pending, 426, EndReason::BadHandshake,
               plainBody(QStringLiteral("unsupported Sec-WebSocket-Version; this server speaks 13")), &head,
               {{QByteArrayLiteral("Sec-WebSocket-Version"), QByteArrayLiteral("13")}});
        return;
    }
    if (const QString problem = head.handshakeProblem(); !problem.isEmpty()) {
        refuse(socket, pending, 400, EndReason::BadHandshake, plainBody(problem), &head);
        return;
    }
    if (!m_config.allowedOrigins.isEmpty()) {
        const bool allowed = std::any_of(m_config.allowedOrigins.cbegin(), m_config.allowedOrigins.cend(),
                                         [&info](const QString &origin) {
                                             return origin.compare(info.origin, Qt::CaseInsensitive) == 0;
                                         });
        if (!allowed) {
            refuse(socket, pending, 403, EndReason::OriginRefused,
                   plainBody(info.origin.isEmpty() ? QStringLiteral("origin required")
                                                   : QStringLiteral("origin not allowed")), &head);
            return;
        }
    }
    if (!m_config.token.isEmpty()) {
        const QString presented = head.presentedToken();
        if (presented.isNull()) {
            refuse(socket, pending, 401, EndReason::TokenRefused,
                   plainBody(QStringLiteral("token required")), &head);
            return;
        }
        if (!sameSecret(presented, m_config.token)) {
            refuse(socket, pending, 403, EndReason::TokenRefused,
                   plainBody(QStringLiteral("wrong token")), &head);
            return;
        }
    }
    // Handed over and not yet upgraded counts too: each becomes a session in a moment.
    if (m_sessions.size() + m_handedOverByPort.size() >= m_config.maxConnections) {
        refuse(socket, pending, 503, EndReason::ServerFull, plainBody(QStringLiteral("server full")), &head,
               {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")}});
        return;
    }

    // Hand over: from here Qt reads the request; our signals on the socket are dropped so that
    // only Qt reacts to it (and we never touch it again until the upgrade, see adopt()).
    socket->disconnect(this);
    socket->setReadBufferSize(0);
    // Before handleConnection(): the guard's readyRead slot must run before Qt's.
    pending.frameGuard = FrameMaskGuard::attach(socket, buffered, head.headBytes());
    pending.handedOver = true;
    m_handedOverByPort.insert(socket->peerPort(), socket);
    m_webSocketServer->handleConnection(socket);
}

// Every session keeps its request's strings for the snapshot rows and its events. Ten thousand
// clients mostly share one path, a few addresses and a few user agents: equal strings are made one
// shared string (a reference count), not a heap copy per client.
void WebSocketServer::shareRequestStrings(HandshakeInfo &info)
{
    const auto share = [](QString &value, QString &previous) {
        if (value.isEmpty())
            return;
        if (value == previous)
            value = previous;
        else
            previous = value;
    };
    share(info.peerAddress, m_lastPeerAddress);
    share(info.origin, m_lastOrigin);
    share(info.userAgent, m_lastUserAgent);
    if (info.path == m_config.path)
        info.path = m_config.path;
}

void WebSocketServer::refuse(QTcpSocket *socket, PendingSocket &pending, int httpStatus, EndReason reason,
                             const QByteArray &body, const HttpRequestHead *head,
                             const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    if (pending.tlsPending) {
        // Before the TLS handshake there is no channel for an HTTP answer: the event says it all.
        recordRejected(pending.info, EndedBy::Server, reason, QString::fromUtf8(body.trimmed()));
        pending.answered = true;
        pending.deadlineMs = steadyNowMs() + m_config.closeGraceMs;
        socket->abort(); // may end the socket at once; `pending` is not used after this
        return;
    }
    recordRejected(pending.info, EndedBy::Server, reason, QString::fromUtf8(body.trimmed()), httpStatus,
                   head != nullptr);
    answerPlain(socket, pending,
                formatHttpResponse(httpStatus, QByteArrayLiteral("text/plain; charset=utf-8"), body, extraHeaders));
}

void WebSocketServer::recordRejected(const HandshakeInfo &info, EndedBy endedBy, EndReason reason,
                                     const QString &text, int httpStatus, bool requestWasRead)
{
    ConnectionEvent event;
    event.kind = EventKind::Rejected;
    event.peerAddress = info.peerAddress;
    event.peerPort = info.peerPort;
    if (requestWasRead) {
        event.path = info.path;
        event.origin = info.origin;
        event.userAgent = info.userAgent;
    }
    event.connectedAt = info.acceptedAt;
    event.endedAt = QDateTime::currentMSecsSinceEpoch();
    event.endedBy = endedBy;
    event.reason = reason;
    event.httpStatus = httpStatus;
    event.closeReason = text;
    m_metrics.countRejected(reason);
    record(event);
}

void WebSocketServer::answerPlain(QTcpSocket *socket, PendingSocket &pending, const QByteArray &response)
{
    // A client that does not read our answer is aborted by housekeeping after the grace time.
    pending.answered = true;
    pending.deadlineMs = steadyNowMs() + m_config.closeGraceMs;
    socket->write(pending.headOnly ? response.left(response.indexOf("\r\n\r\n") + 4) : response);
    socket->disconnectFromHost(); // may end the socket at once; `pending` is not used after this
}

void WebSocketServer::onPendingDisconnected(QTcpSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end())
        return;
    if (!it->answered && !it->handedOver) {
        if (it->tlsPending)
            recordRejected(it->info, EndedBy::Client, EndReason::TlsHandshakeFailed,
                           QStringLiteral("closed during the TLS handshake"));
        else
            recordRejected(it->info, EndedBy::Client, EndReason::BadHandshake,
                           QStringLiteral("closed before the upgrade request was complete"));
    }
    m_pending.erase(it);
    socket->deleteLater();
}

void WebSocketServer::onWebSocketConnection()
{
    while (QWebSocket *socket = m_webSocketServer->nextPendingConnection())
        adopt(socket);
    squeezePendingIfEmpty();
}

void WebSocketServer::squeezePendingIfEmpty()
{
    // A hash keeps its storage when entries go: after a storm of connects, the peak number of
    // handshakes at once would stay allocated for as long as the server runs.
    constexpr qsizetype KeepCapacity = 64;
    if (m_pending.isEmpty() && m_pending.capacity() > KeepCapacity)
        m_pending.squeeze();
    if (m_handedOverByPort.isEmpty() && m_handedOverByPort.capacity() > KeepCapacity)
        m_handedOverByPort.squeeze();
}

void WebSocketServer::adopt(QWebSocket *socket)
{
    // Qt's limits first, before any frame of this client is read (Qt's default is about 2 GiB).
    socket->setMaxAllowedIncomingMessageSize(quint64(m_config.maxMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(quint64(m_config.maxMessageBytes));

    HandshakeInfo info;
    QTcpSocket *rawSocket = nullptr;
    std::shared_ptr<FrameMaskGuard> frameGuard;
    const auto candidates = m_handedOverByPort.values(socket->peerPort());
    for (QTcpSocket *candidate : candidates) {
        auto it = m_pending.find(candidate);
        if (it == m_pending.end() || !it->socket || candidate->peerAddress() != socket->peerAddress())
            continue;
        info = it->info;
        rawSocket = candidate;
        frameGuard = std::move(it->frameGuard);
        m_pending.erase(it);
        m_handedOverByPort.remove(socket->peerPort(), candidate);
        // QWebSocketServer keeps a connection from every socket it upgraded, for its own cleanup,
        // and finds the sender of each by walking its list of connections (QObject::sender()): with
        // thousands of clients every handshake and every disconnect costs a walk through thousands.
        // The session owns the socket and deletes it, so Qt's connection is not needed.
        candidate->disconnect(m_webSocketServer);
        break;
    }
    if (!rawSocket) {
        info.peerAddress = socket->peerAddress().toString();
        info.peerPort = socket->peerPort();
        info.path = socket->requestUrl().path();
        info.query = socket->requestUrl().query();
        info.origin = socket->origin();
        info.acceptedAt = QDateTime::currentMSecsSinceEpoch();
    }

    const quint64 id = m_nextSessionId++;
    auto *session = new Session(id, socket, rawSocket, info, this);
    m_sessions.insert(id, session);
    m_metrics.countAccepted();
    record(session->connectEvent());

    if (frameGuard) {
        // Qt has read what it could of the frames that came with the request (see FrameMaskGuard).
        const qint64 maxFrameBytes = m_config.maxMessageBytes;
        frameGuard->settleAndBoundReading(rawSocket, maxFrameBytes);
        frameGuard->setSession(session);
        // After the session's own slot, so after Qt's frame reader: what Qt left unread is seen.
        connect(rawSocket, &QTcpSocket::readyRead, session, [guard = frameGuard, rawSocket, maxFrameBytes] {
            guard->settleAndBoundReading(rawSocket, maxFrameBytes);
        });
    }

    if (frameGuard && frameGuard->violated()) {
        // An unmasked frame right behind the request: it never reached Qt's frame reader.
        session->closeFor(EndReason::ProtocolError, EndedBy::Server, 1002, QStringLiteral("unmasked client frame"));
    } else if (m_stopping) {
        const StopTerms terms = stopTerms(m_stopReason);
        session->closeFor(terms.reason, EndedBy::Server, terms.closeCode, terms.closeReason);
    } else if (m_sessions.size() > m_config.maxConnections) {
        // Only reachable if the count moved between the check before the upgrade and now.
        session->closeFor(EndReason::ServerFull, EndedBy::Server, 1013, QStringLiteral("server full"));
    }
    if (!session->hasEnded())
        session->endIfAlreadyClosed();
}

void WebSocketServer::onSessionEnded(Session *session)
{
    const ConnectionEvent event = session->endEvent();
    m_sessions.remove(session->id());
    m_endedMessagesIn += event.messagesIn;
    m_endedMessagesOut += event.messagesOut;
    m_endedBytesIn += event.bytesIn;
    m_endedBytesOut += event.bytesOut;
    m_metrics.countClosed(event.reason);
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
    if (m_csvLog.isOpen() && !m_csvLog.append(event))
        qWarning("wsmonitor: cannot write the CSV log: %s", qPrintable(m_csvLog.errorString()));
}

// ---- messages -----------------------------------------------------------------------------

// A send can end a session at once: over its send queue cap it is closed, and Qt emits
// disconnected from inside QWebSocket::close(), so onSessionEnded() removes it from m_sessions
// while we loop. Iterating the map itself then walks a freed node (a crash, or the message sent
// twice to another client, which then looks like a slow consumer too). Act on a copy, as the
// heartbeat does; the Session objects stay valid meanwhile (deleteLater).
void WebSocketServer::broadcastText(Session *from, const QString &text)
{
    for (Session *session : sessionsCopy()) {
        if (session != from && session->isOpen())
            session->sendText(text);
    }
}

void WebSocketServer::broadcastBinary(Session *from, const QByteArray &data)
{
    for (Session *session : sessionsCopy()) {
        if (session != from && session->isOpen())
            session->sendBinary(data);
    }
}

qint64 WebSocketServer::pingSentAtNs(quint64 sequence) const
{
    return m_heartbeat->pingSentAtNs(sequence);
}

void WebSocketServer::observeRtt(double ms)
{
    m_metrics.observeRtt(ms);
}

// ---- snapshots and housekeeping -----------------------------------------------------------

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
}

ServerTotals WebSocketServer::totals() const
{
    ServerTotals t;
    t.clientsConnected = int(m_sessions.size());
    t.sessionsAlive = Session::aliveCount();
    t.handshakesPending = int(m_pending.size());
    t.accepted = m_metrics.accepted();
    t.rejected = m_metrics.rejected();
    t.closed = m_metrics.closed();
    t.messagesIn = m_endedMessagesIn;
    t.messagesOut = m_endedMessagesOut;
    t.bytesIn = m_endedBytesIn;
    t.bytesOut = m_endedBytesOut;
    t.eventLoopLagMs = m_loopLagMs;
    t.eventsDropped = m_eventsDropped;
    t.inboundBufferedBytes = m_ceilings.inboundBytes();
    t.outboundQueuedBytes = m_ceilings.outboundBytes();
    t.inboundCeilingBytes = m_config.maxInboundBufferBytes;
    t.outboundCeilingBytes = m_config.maxOutboundBufferBytes;
    t.closedByInboundCeiling = m_metrics.closedFor(EndReason::InboundCeiling);
    t.closedSlowSenders = m_metrics.closedFor(EndReason::SlowSender);
    t.closedByOutboundCeiling = m_metrics.closedFor(EndReason::OutboundCeiling);
    return t;
}

void WebSocketServer::addSessionCounters(ServerTotals *totals) const
{
    for (const Session *session : std::as_const(m_sessions)) {
        const SessionCounters c = session->counters();
        totals->messagesIn += c.messagesIn;
        totals->messagesOut += c.messagesOut;
        totals->bytesIn += c.bytesIn;
        totals->bytesOut += c.bytesOut;
    }
}

QByteArray WebSocketServer::metricsText()
{
    m_ceilings.refreshOutbound();
    ServerTotals t = totals();
    addSessionCounters(&t);
    t.residentBytes = ProcessStats::residentBytes();
    t.openFds = ProcessStats::openFileDescriptors();
    t.heapBytes = ProcessStats::heapBytes();
    return m_metrics.prometheusText(t, m_startedAtEpochMs);
}

void WebSocketServer::takeSnapshot()
{
    const qint64 nowSteady = steadyNowMs();
    const qint64 nowEpoch = QDateTime::currentMSecsSinceEpoch();
    const qint64 sinceLast = nowSteady - m_lastSnapshotMs;
    if (m_snapshotTick > 0)
        m_loopLagMs = std::max<qint64>(0, sinceLast - m_config.snapshotIntervalMs);

    const RateWindow::Position ratePosition = m_rateWindow.advance(nowSteady);

    Snapshot snapshot;
    snapshot.takenAt = nowEpoch;
    if (isListening() && !m_stopping) {
        snapshot.startedAt = m_startedAtEpochMs;
        snapshot.url = url();
    }
    m_ceilings.refreshOutbound();
    ServerTotals t = totals();
    if (m_config.snapshotSessionRows) {
        snapshot.sessions.reserve(m_sessions.size());
        for (Session *session : std::as_const(m_sessions)) {
            SessionRow row = session->row(nowSteady, nowEpoch, ratePosition);
            t.messagesIn += row.messagesIn;
            t.messagesOut += row.messagesOut;
            t.bytesIn += row.bytesIn;
            t.bytesOut += row.bytesOut;
            snapshot.sessions.append(std::move(row));
        }
    } else {
        addSessionCounters(&t);
    }
    // Over the same window as each client's rate, so the status bar and the table agree.
    const auto rates = m_totalsRates.update(ratePosition, {t.messagesIn, t.messagesOut, t.bytesIn, t.bytesOut},
                                            {m_lastTotals.messageRateIn, m_lastTotals.messageRateOut,
                                             m_lastTotals.byteRateIn, m_lastTotals.byteRateOut});
    t.messageRateIn = rates[0];
    t.messageRateOut = rates[1];
    t.byteRateIn = rates[2];
    t.byteRateOut = rates[3];
    // /proc reads cost more with thousands of fds open: once a second (at 4 Hz) is enough for these.
    constexpr quint64 TicksPerProcRead = 4;
    if (m_snapshotTick % TicksPerProcRead == 0) {
        t.residentBytes = ProcessStats::residentBytes();
        t.openFds = ProcessStats::openFileDescriptors();
        t.heapBytes = ProcessStats::heapBytes();
        m_freedMemory.noteHeapInUse(t.heapBytes);
    } else {
        t.residentBytes = m_lastTotals.residentBytes;
        t.openFds = m_lastTotals.openFds;
        t.heapBytes = m_lastTotals.heapBytes;
    }
    snapshot.totals = t;
    snapshot.bans = m_bans.active(nowEpoch);
    m_lastTotals = t;
    m_lastSnapshotMs = nowSteady;
    ++m_snapshotTick;

    const QList<ConnectionEvent> events = std::exchange(m_eventBatch, {});
    Q_EMIT snapshotReady(snapshot, events);
}

} // namespace wsm
