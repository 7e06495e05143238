// WebSocketServer, part: the node's part in a cluster (--cluster): the link to Redis made at start
// and retired at stop, broadcasts to and from the other nodes, the link's changes as events, the
// status in each snapshot and /healthz?cluster=1.

#include "websocketserver.h"

#include "clusterbans.h"
#include "clusterlink.h"
#include "clusterregistry.h"
#include "httprequesthead.h"
#include "session.h"

#include <QDateTime>
#include <QHostInfo>
#include <QTcpServer>

namespace wsm {

void WebSocketServer::startCluster()
{
    ClusterConfig config = m_config.cluster;
    if (config.nodeName.isEmpty()) // as --node-name's default, with the port actually taken
        config.nodeName = QHostInfo::localHostName() + QLatin1Char(':') + QString::number(m_tcpServer->serverPort());
    if (config.adminUrl.isEmpty())
        config.adminUrl = m_clusterAdminUrl;
    m_config.cluster = config;

    m_cluster = new ClusterLink(config, this);
    m_clusterBans = new ClusterBans(m_cluster, &m_bans, m_cluster);
    connect(m_clusterBans, &ClusterBans::banApplied, this, &WebSocketServer::closeBannedIdentity);
    m_clusterRegistry = new ClusterRegistry(
        m_cluster,
        [this] {
            ClusterNodeInfo self;
            self.version = QStringLiteral(WSM_VERSION);
            self.publicUrl = url();
            self.adminUrl = m_clusterAdminUrl.isEmpty() ? m_config.cluster.adminUrl : m_clusterAdminUrl;
            self.clients = int(m_sessions.size());
            self.messageRateIn = m_lastTotals.messageRateIn;
            self.messageRateOut = m_lastTotals.messageRateOut;
            self.startedAt = m_startedAtEpochMs;
            return self;
        },
        m_cluster);
    connect(m_cluster, &ClusterLink::linkUp, this, [this] { recordClusterLink(EventKind::ClusterLinkUp, {}); });
    connect(m_cluster, &ClusterLink::linkDown, this,
            [this](const QString &why) { recordClusterLink(EventKind::ClusterLinkDown, why); });
    connect(m_cluster, &ClusterLink::broadcastReceived, this,
            [this](const QString &, bool binary, const QByteArray &payload) { deliverFromCluster(binary, payload); });
    startClusterControl(); // its channels before the link subscribes
    m_cluster->start();
}

void WebSocketServer::stopCluster()
{
    if (!m_cluster)
        return;
    dropClusterControl(tr("The server stopped before the other node answered."));
    // Never waits: the registry's DEL is sent, and the link goes once it is answered (or soon after).
    m_clusterRegistry->leave();
    m_cluster->retire();
    m_cluster = nullptr;
    m_clusterBans = nullptr;
    m_clusterRegistry = nullptr;
}

ClusterStatus WebSocketServer::clusterStatus() const
{
    if (!m_cluster)
        return {};
    ClusterStatus status = m_cluster->status();
    status.nodes = m_clusterRegistry->nodes();
    return status;
}

void WebSocketServer::setClusterAdminUrl(const QString &url)
{
    m_clusterAdminUrl = url;
}

void WebSocketServer::recordClusterLink(EventKind kind, const QString &why)
{
    ConnectionEvent event;
    event.kind = kind;
    event.peerAddress = m_config.cluster.redisHost;
    event.peerPort = m_config.cluster.redisPort;
    event.connectedAt = event.endedAt = QDateTime::currentMSecsSinceEpoch();
    event.endedBy = kind == EventKind::ClusterLinkDown ? EndedBy::Server : EndedBy::None;
    event.closeReason = why;
    record(event);
}

bool WebSocketServer::publishToCluster(bool binary, const QByteArray &payload)
{
    return m_cluster && m_cluster->publishBroadcast(binary, payload);
}

// Another node's broadcast: to every client here, never published again.
void WebSocketServer::deliverFromCluster(bool binary, const QByteArray &payload)
{
    sendToAll(nullptr, binary ? OutgoingMessage::fromBinary(payload) : OutgoingMessage::fromText(QString::fromUtf8(payload)));
}

QByteArray WebSocketServer::healthzResponse(const HttpRequestHead &head) const
{
    const auto answer = [](int status, const QByteArray &body) {
        return formatHttpResponse(status, QByteArrayLiteral("text/plain; charset=utf-8"), body);
    };
    const QString cluster = head.queryItem(QStringLiteral("cluster"));
    if (cluster.isNull() || cluster == QLatin1String("0"))
        return answer(200, QByteArrayLiteral("ok\n"));
    // Asked about the cluster by a node outside one: it serves its clients, and says so.
    if (!m_cluster)
        return answer(200, QByteArrayLiteral("ok: not in a cluster\n"));
    if (m_cluster->isUp())
        return answer(200, QByteArrayLiteral("ok: cluster link up\n"));
    const ClusterStatus status = m_cluster->status();
    // Before the first attempt has ended there is no error yet: it is still connecting.
    const QString why = status.lastError.isEmpty() ? QStringLiteral("connecting to %1").arg(status.redisUrl)
                                                   : status.lastError;
    QByteArray body = "cluster link down: " + why.toUtf8();
    body.replace('\n', ' ');
    return answer(503, body + '\n');
}

} // namespace wsm
