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

QList<admin::NodeInfo> AdminServer::nodes() const
{
    QList<admin::NodeInfo> list{nodeInfo()};
    if (!m_hasLatest)
        return list;
    // In a cluster, the others as this node's registry last listed them (already sorted by name).
    for (const ClusterNodeInfo &member : m_latest.cluster.nodes) {
        if (member.self || member.name == list.first().name)
            continue;
        admin::NodeInfo info;
        info.name = member.name;
        info.version = member.version;
        info.url = member.publicUrl;
        info.adminUrl = member.adminUrl;
        info.startedAt = member.startedAt;
        info.clients = member.clients;
        info.messageRateIn = member.messageRateIn;
        info.messageRateOut = member.messageRateOut;
        list.append(info);
    }
    return list;
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
        result.nodes = nodes();
        result.message = result.nodes.size() == 1 ? QStringLiteral("1 node")
                                                  : QStringLiteral("%1 nodes").arg(result.nodes.size());
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
