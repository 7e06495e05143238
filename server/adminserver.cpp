#include "adminserver.h"

#include "adminclient.h"
#include "httprequesthead.h"
#include "secretfile.h"
#include "servernode.h"
#include "tlscredentials.h"
#include "tlstcpserver.h"

#include <QJsonDocument>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

#include <chrono>
#include <utility>

namespace wsm {

namespace {

QString jsonText(const QJsonObject &message)
{
    return QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
}

QByteArray plainBody(const QString &text)
{
    return text.toUtf8() + '\n';
}

} // namespace

AdminServer::AdminServer(ServerNode *node, const AdminConfig &config, QObject *parent)
    : QObject(parent)
    , m_node(node)
    , m_config(config)
{
    connect(node, &ServerNode::snapshotReady, this, &AdminServer::onSnapshot);
    connect(node, &ServerNode::commandFinished, this, &AdminServer::onCommandFinished);
    connect(node, &ServerNode::clientDetailsReady, this, &AdminServer::onClientDetails);
}

AdminServer::~AdminServer()
{
    // Before our members go: a client's destructor calls nothing of ours.
    qDeleteAll(std::exchange(m_clients, {}));
}

bool AdminServer::listen(QString *error)
{
    if (!m_config.hasToken() && !m_config.listenAddress.isLoopback()) {
        *error = tr("The admin channel would listen on %1 without a token: give it a token file, or listen "
                    "on a loopback address.").arg(m_config.listenAddress.toString());
        return false;
    }
    if (m_config.usesTls()) {
        TlsCredentials credentials;
        if (!TlsCredentials::load(m_config.tlsCertificatePath, m_config.tlsKeyPath, &credentials, error))
            return false;
        m_tcpServer = new TlsTcpServer(credentials.serverConfiguration(), this);
    } else {
        m_tcpServer = new QTcpServer(this);
    }
    if (!m_tcpServer->listen(m_config.listenAddress, m_config.port)) {
        *error = tr("The admin channel cannot listen on %1 port %2: %3")
                     .arg(m_config.listenAddress.toString())
                     .arg(m_config.port)
                     .arg(m_tcpServer->errorString());
        delete std::exchange(m_tcpServer, nullptr);
        return false;
    }
    connect(m_tcpServer, &QTcpServer::newConnection, this, &AdminServer::onNewConnection);
    // Secure mode only makes Qt's request URL say wss://: the encryption is the TlsTcpServer's.
    m_webSocketServer = new QWebSocketServer(QStringLiteral("wsmonitor admin"),
                                             m_config.usesTls() ? QWebSocketServer::SecureMode
                                                                : QWebSocketServer::NonSecureMode,
                                             this);
    m_webSocketServer->setHandshakeTimeout(std::chrono::milliseconds(m_config.handshakeTimeoutMs));
    connect(m_webSocketServer, &QWebSocketServer::newConnection, this, &AdminServer::onWebSocketConnection);
    return true;
}

bool AdminServer::isListening() const
{
    return m_tcpServer && m_tcpServer->isListening();
}

quint16 AdminServer::port() const
{
    return isListening() ? m_tcpServer->serverPort() : 0;
}

QString AdminServer::url() const
{
    if (!isListening())
        return {};
    QUrl url;
    url.setScheme(m_config.usesTls() ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setHost(m_config.listenAddress.toString());
    url.setPort(port());
    url.setPath(QStringLiteral("/"));
    return url.toString();
}

admin::NodeInfo AdminServer::nodeInfo() const
{
    admin::NodeInfo info;
    info.url = m_node->url();
    info.name = m_config.nodeName;
    if (info.name.isEmpty()) {
        info.name = m_node->displayName(); // the embedded node's: this machine's host name
        const int publicPort = QUrl(info.url).port();
        if (publicPort > 0)
            info.name += QLatin1Char(':') + QString::number(publicPort);
    }
    info.version = m_node->version();
    info.adminUrl = url();
    if (m_hasLatest && !info.url.isEmpty()) {
        info.startedAt = m_latest.startedAt;
        info.clients = m_latest.totals.clientsConnected;
        info.messageRateIn = m_latest.totals.messageRateIn;
        info.messageRateOut = m_latest.totals.messageRateOut;
    }
    return info;
}

// ---- accept path: as the public port's, for a few clients ----

void AdminServer::onNewConnection()
{
    // Handshakes Qt refused after the handover leave an entry whose socket Qt has deleted.
    m_pending.removeIf([](const auto &entry) { return entry.value().socket.isNull(); });
    while (QTcpSocket *socket = m_tcpServer->nextPendingConnection()) {
        PendingSocket pending;
        pending.socket = socket;
        auto *sslSocket = qobject_cast<QSslSocket *>(socket);
        pending.tlsPending = sslSocket != nullptr;
        // Until the head is complete we only peek; the cap keeps an endless head from growing us.
        socket->setReadBufferSize(HttpRequestHead::DefaultMaxHeadBytes + 1);
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onSocketGone(socket); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        QTimer::singleShot(m_config.handshakeTimeoutMs, socket, [this, socket] { onHandshakeDeadline(socket); });
        // Handshakes in progress are bounded too, or a flood of idle connections exhausts fds.
        const bool full = m_pending.size() >= 2 * m_config.maxClients;
        m_pending.insert(socket, pending);
        if (full && !sslSocket) {
            refuse(socket, m_pending[socket], 503, plainBody(QStringLiteral("admin channel busy")),
                   {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")}});
            continue;
        }
        if (full) {
            ++m_refused;
            countsChange();
            socket->abort();
            continue;
        }
        if (sslSocket) {
            connect(sslSocket, &QSslSocket::encrypted, this, [this, socket] {
                if (auto it = m_pending.find(socket); it != m_pending.end())
                    it->tlsPending = false;
                onReadable(socket);
            });
            connect(sslSocket, &QAbstractSocket::errorOccurred, this, [this, socket] {
                if (auto it = m_pending.find(socket); it != m_pending.end() && it->tlsPending)
                    socket->abort();
            });
            sslSocket->startServerEncryption();
        }
    }
}

void AdminServer::onReadable(QTcpSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end() || it->handedOver || it->tlsPending)
        return;
    if (it->answered) {
        socket->readAll(); // drain what the client still sends while our answer goes out
        return;
    }
    HttpRequestHead head;
    switch (head.parse(socket->peek(socket->bytesAvailable()))) {
    case HttpRequestHead::ParseStatus::Incomplete:
        return;
    case HttpRequestHead::ParseStatus::Malformed:
        refuse(socket, *it, 400, plainBody(QStringLiteral("malformed HTTP request")));
        return;
    case HttpRequestHead::ParseStatus::TooLarge:
        refuse(socket, *it, 431, plainBody(QStringLiteral("request head too large")));
        return;
    case HttpRequestHead::ParseStatus::Complete:
        route(socket, *it, head);
        return;
    }
}

void AdminServer::route(QTcpSocket *socket, PendingSocket &pending, const HttpRequestHead &head)
{
    if (head.path() != QLatin1String("/")) {
        refuse(socket, pending, 404, plainBody(QStringLiteral("no admin channel at %1; it is at /").arg(head.path())));
        return;
    }
    if (!head.isWebSocketUpgrade()) {
        refuse(socket, pending, 400, plainBody(QStringLiteral("this is the admin channel: send a WebSocket upgrade request")));
        return;
    }
    if (const QString problem = head.handshakeProblem(); !problem.isEmpty()) {
        refuse(socket, pending, 400, plainBody(problem));
        return;
    }
    if (m_config.hasToken()) {
        const QString presented = head.presentedToken();
        if (presented.isNull()) {
            refuse(socket, pending, 401, plainBody(QStringLiteral("token required")));
            return;
        }
        // Both compared, each in constant time, whichever matches.
        const bool full = !m_config.fullToken.isEmpty() && sameSecret(presented, m_config.fullToken);
        const bool readOnly = !m_config.readOnlyToken.isEmpty() && sameSecret(presented, m_config.readOnlyToken);
        if (!full && !readOnly) {
            refuse(socket, pending, 403, plainBody(QStringLiteral("wrong token")));
            return;
        }
        pending.readOnly = !full;
    }
    // Handed over and not yet upgraded counts too: each becomes a client in a moment.
    if (clientCount() + handedOverCount() >= m_config.maxClients) {
        refuse(socket, pending, 503, plainBody(QStringLiteral("admin channel full")),
               {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")}});
        return;
    }
    // From here Qt reads the request; only Qt reacts to the socket until the upgrade.
    socket->disconnect(this);
    socket->setReadBufferSize(0);
    pending.handedOver = true;
    m_webSocketServer->handleConnection(socket);
}

void AdminServer::refuse(QTcpSocket *socket, PendingSocket &pending, int status, const QByteArray &body,
                         const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    ++m_refused;
    countsChange();
    pending.answered = true;
    socket->write(formatHttpResponse(status, QByteArrayLiteral("text/plain; charset=utf-8"), body, extraHeaders));
    socket->disconnectFromHost(); // may end the socket at once; `pending` is not used after this
}

void AdminServer::onHandshakeDeadline(QTcpSocket *socket)
{
    const auto it = m_pending.find(socket);
    if (it == m_pending.end() || it->handedOver)
        return; // attached, or Qt's own handshake timeout has it
    if (!it->answered) {
        ++m_refused;
        countsChange();
    }
    socket->abort(); // ends it at once: onSocketGone() erases the entry
}

void AdminServer::onSocketGone(QTcpSocket *socket)
{
    const auto it = m_pending.find(socket);
    if (it == m_pending.end() || it->handedOver)
        return;
    m_pending.erase(it);
    socket->deleteLater();
}

int AdminServer::handedOverCount() const
{
    int count = 0;
    for (const PendingSocket &pending : m_pending) {
        if (pending.handedOver && pending.socket)
            ++count;
    }
    return count;
}

void AdminServer::onWebSocketConnection()
{
    while (QWebSocket *socket = m_webSocketServer->nextPendingConnection()) {
        QTcpSocket *rawSocket = nullptr;
        bool readOnly = true;
        for (auto it = m_pending.begin(); it != m_pending.end();) {
            if (!it->socket) {
                it = m_pending.erase(it); // a handshake Qt refused: its socket is gone
                continue;
            }
            if (it->handedOver && it->socket->peerPort() == socket->peerPort()
                && it->socket->peerAddress() == socket->peerAddress()) {
                rawSocket = it->socket;
                readOnly = it->readOnly;
                m_pending.erase(it);
                break;
            }
            ++it;
        }
        if (!rawSocket) {
            // Not one we let in: cannot happen, but an unknown client gets nothing.
            socket->abort();
            socket->deleteLater();
            continue;
        }
        socket->setMaxAllowedIncomingMessageSize(quint64(m_config.maxMessageBytes));
        socket->setMaxAllowedIncomingFrameSize(quint64(m_config.maxMessageBytes));
        auto *client = new AdminClient(socket, rawSocket, readOnly, this);
        m_clients.append(client);
        countsChange();
        admin::HelloMessage hello;
        hello.node = nodeInfo();
        hello.readOnly = readOnly;
        hello.capabilities = admin::nodeCapabilities();
        client->send(admin::helloToJson(hello));
    }
}

void AdminServer::clientEnded(AdminClient *client)
{
    if (m_clients.removeOne(client))
        countsChange();
}

void AdminServer::countsChange()
{
    Q_EMIT countsChanged(clientCount(), m_refused);
}

// ---- the feed ----

void AdminServer::onSnapshot(const Snapshot &snapshot, const QList<ConnectionEvent> &events)
{
    m_latest = snapshot;
    m_hasLatest = true;
    m_wholeText.clear();
    for (const ConnectionEvent &event : events)
        m_recentEvents.push_back(event);
    while (m_recentEvents.size() > size_t(std::max(0, m_config.recentEvents)))
        m_recentEvents.pop_front();

    bool anySubscribed = false;
    for (const AdminClient *client : std::as_const(m_clients))
        anySubscribed = anySubscribed || client->wantsSnapshots();
    if (anySubscribed) {
        // Encoded once for everyone.
        const bool whole = !m_encoderFollows;
        const QString text = jsonText(whole ? m_encoder.whole(snapshot) : m_encoder.delta(snapshot));
        m_encoderFollows = true;
        if (whole)
            m_wholeText = text;
        // A copy: a client may close (and leave the list) while it is sent to.
        const QList<AdminClient *> clients = m_clients;
        for (AdminClient *client : clients) {
            if (!client->wantsSnapshots())
                continue;
            if (whole || client->snapshotsInSync())
                client->sendText(text);
            else
                client->sendText(wholeText());
            client->setSnapshotsInSync(true);
        }
    } else {
        m_encoderFollows = false; // nobody follows: the next subscriber starts from a whole one
    }

    if (!events.isEmpty()) {
        const QString text = jsonText(admin::eventsToJson(events, false));
        const QList<AdminClient *> clients = m_clients;
        for (AdminClient *client : clients) {
            if (client->wantsEvents())
                client->sendText(text);
        }
    }
}

QString AdminServer::wholeText()
{
    if (m_wholeText.isEmpty())
        m_wholeText = jsonText(m_encoder.wholeAgain(m_latest));
    return m_wholeText;
}

void AdminServer::sendWholeTo(AdminClient *client)
{
    client->setSnapshotsInSync(false);
    if (!m_hasLatest)
        return; // the first snapshot will be whole for it
    if (!m_encoderFollows) {
        m_wholeText = jsonText(m_encoder.whole(m_latest));
        m_encoderFollows = true;
    }
    client->sendText(wholeText());
    client->setSnapshotsInSync(true);
}

void AdminServer::subscribe(AdminClient *client, bool snapshots, bool events)
{
    const bool newSnapshots = snapshots && !client->wantsSnapshots();
    const bool newEvents = events && !client->wantsEvents();
    client->setSubscription(snapshots, events);
    if (newSnapshots)
        sendWholeTo(client);
    if (newEvents) {
        const QList<ConnectionEvent> recent(m_recentEvents.cbegin(), m_recentEvents.cend());
        client->send(admin::eventsToJson(recent, true));
    }
}

void AdminServer::resync(AdminClient *client)
{
    if (client->wantsSnapshots())
        sendWholeTo(client);
}

// ---- commands ----

void AdminServer::runCommand(AdminClient *client, const admin::CommandMessage &command)
{
    using admin::CommandKind;
    admin::ResultMessage result;
    result.id = command.id;
    if (client->isReadOnly() && !admin::commandIsReadOnly(command.kind)) {
        result.code = admin::Forbidden;
        result.message = QStringLiteral("this token may only watch: commands are refused");
        client->send(admin::resultToJson(result));
        return;
    }
    // Another node of the cluster, or this one (by no name or its own).
    const QString node = command.node == nodeInfo().name ? QString() : command.node;
    quint64 request = 0;
    switch (command.kind) {
    case CommandKind::Kick:
        request = node.isEmpty()
            ? m_node->kick(command.sessionIds, command.closeCode, command.reason, command.spreadMs)
            : m_node->kickOnNode(node, command.sessionIds, command.closeCode, command.reason);
        break;
    case CommandKind::KickAll:
        request = m_node->kickAll(command.closeCode, command.reason, command.spreadMs);
        break;
    case CommandKind::Ban:
        request = m_node->ban(command.target, command.durationMs, command.reason);
        break;
    case CommandKind::Unban:
        request = m_node->unban(command.target);
        break;
    case CommandKind::Send:
        request = node.isEmpty() ? m_node->send(command.sessionId, command.message)
                                 : m_node->sendOnNode(node, command.sessionId, command.message);
        break;
    case CommandKind::Broadcast:
        request = m_node->broadcast(command.message);
        break;
    case CommandKind::Details:
        request = node.isEmpty() ? m_node->requestClientDetails(command.sessionId)
                                 : m_node->requestClientDetailsOnNode(node, command.sessionId);
        break;
    case CommandKind::Nodes:
        result.ok = true;
        result.nodes = {nodeInfo()};
        result.message = QStringLiteral("1 node");
        client->send(admin::resultToJson(result));
        return;
    }
    // The node answers later, never from inside the call: the entry is in place in time.
    m_requests.insert(request, {client, command.id});
}

void AdminServer::onCommandFinished(quint64 requestId, bool ok, const QString &message)
{
    const PendingRequest request = m_requests.take(requestId); // not ours (the console's): no client
    if (!request.client)
        return;
    admin::ResultMessage result;
    result.id = request.clientId;
    result.ok = ok;
    if (!ok)
        result.code = admin::Failed;
    result.message = message;
    request.client->send(admin::resultToJson(result));
}

void AdminServer::onClientDetails(quint64 requestId, const ClientDetails &details)
{
    const PendingRequest request = m_requests.take(requestId);
    if (!request.client)
        return;
    admin::ResultMessage result;
    result.id = request.clientId;
    result.ok = true;
    result.message = details.found ? QString() : QStringLiteral("client %1 has gone").arg(details.sessionId);
    result.hasDetails = true;
    result.details = details;
    request.client->send(admin::resultToJson(result));
}

} // namespace wsm
