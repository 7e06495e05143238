// WebSocketServer, part: the operator's kick, send and details on another node of the cluster, and
// other nodes' requests run here (ClusterControl carries both through Redis).

#include "websocketserver.h"

#include "clusterlink.h"
#include "clusterregistry.h"

#include <algorithm>
#include <utility>

namespace wsm {

bool WebSocketServer::isThisNode(const QString &node) const
{
    return node.isEmpty() || node == m_config.cluster.nodeName;
}

void WebSocketServer::startClusterControl()
{
    dropClusterControl(QString());
    ClusterLink *link = m_cluster;
    ClusterRegistry *registry = m_clusterRegistry;
    ClusterControl::Bus bus;
    bus.nodeName = link->nodeName();
    bus.isUp = [link] { return link->isUp(); };
    bus.knowsNode = [registry](const QString &node) {
        const QList<ClusterNodeInfo> &nodes = registry->nodes();
        // Not read yet (just after the link came up): the node is asked, and the timeout tells.
        return nodes.isEmpty()
            || std::any_of(nodes.cbegin(), nodes.cend(), [&node](const ClusterNodeInfo &info) { return info.name == node; });
    };
    bus.publish = [link](const QByteArray &channel, const QByteArray &payload) { return link->publish(channel, payload); };
    auto *control = new ClusterControl(
        bus, [this](const ClusterControl::Request &request) { return runRequestFromNode(request); },
        link->config().replyTimeoutMs, this);
    m_clusterControl = control;
    // The link lives until stop() retires it, the control as long: each handler checks it is still the one.
    link->onChannel(ClusterControl::requestChannel(bus.nodeName), [this, control](const QByteArray &payload) {
        if (m_clusterControl == control)
            control->onRequestMessage(payload);
    });
    link->onChannel(ClusterControl::replyChannel(bus.nodeName), [this, control](const QByteArray &payload) {
        if (m_clusterControl == control)
            control->onReplyMessage(payload);
    });
    // What waits for an answer will not get one: the subscription is gone with the link.
    connect(link, &ClusterLink::linkDown, control, [control](const QString &why) {
        control->failPending(tr("The cluster link went down: %1").arg(why));
    });
}

void WebSocketServer::dropClusterControl(const QString &why)
{
    if (!m_clusterControl)
        return;
    // Out of the member first: a handler that asks again finds no control and is told so.
    ClusterControl *control = std::exchange(m_clusterControl, nullptr);
    control->failPending(why);
    delete control;
}

void WebSocketServer::kickOnNode(const QString &node, const QList<quint64> &sessionIds, int closeCode,
                                 const QString &reason, quint64 requestId)
{
    if (isThisNode(node)) {
        kick(sessionIds, closeCode, reason, 0, requestId);
        return;
    }
    ClusterControl::Request request;
    request.operation = ClusterControl::Operation::Kick;
    request.sessionIds = sessionIds;
    request.closeCode = closeCode;
    request.reason = reason;
    askNode(node, request, requestId);
}

void WebSocketServer::sendOnNode(const QString &node, quint64 sessionId, const OutgoingMessage &message,
                                 quint64 requestId)
{
    if (isThisNode(node)) {
        send(sessionId, message, requestId);
        return;
    }
    ClusterControl::Request request;
    request.operation = ClusterControl::Operation::Send;
    request.sessionId = sessionId;
    request.message = message;
    askNode(node, request, requestId);
}

void WebSocketServer::clientDetailsOnNode(const QString &node, quint64 sessionId, quint64 requestId)
{
    if (isThisNode(node)) {
        clientDetails(sessionId, requestId);
        return;
    }
    ClusterControl::Request request;
    request.operation = ClusterControl::Operation::Details;
    request.sessionId = sessionId;
    askNode(node, request, requestId);
}

void WebSocketServer::askNode(const QString &node, const ClusterControl::Request &request, quint64 requestId)
{
    if (!m_clusterControl) {
        Q_EMIT commandFinished(requestId, false,
                               m_config.cluster.enabled()
                                   ? tr("The server is not running: node %1 cannot be reached.").arg(node)
                                   : tr("This node is not in a cluster: there is no node %1 to reach.").arg(node));
        return;
    }
    const bool details = request.operation == ClusterControl::Operation::Details;
    m_clusterControl->ask(node, request, [this, requestId, details](const ClusterControl::Reply &reply) {
        if (details && reply.ok && reply.hasDetails)
            Q_EMIT clientDetailsReady(requestId, reply.details);
        else
            Q_EMIT commandFinished(requestId, reply.ok, reply.message);
    });
}

ClusterControl::Reply WebSocketServer::runRequestFromNode(const ClusterControl::Request &request)
{
    ClusterControl::Reply reply;
    switch (request.operation) {
    case ClusterControl::Operation::Kick: {
        // The operator's kick, as if given here: recorded with its code and reason.
        const CommandOutcome outcome = kickSessions(request.sessionIds, request.closeCode, request.reason, 0);
        reply.ok = outcome.ok;
        reply.message = outcome.message;
        break;
    }
    case ClusterControl::Operation::Send: {
        const CommandOutcome outcome = sendTo(request.sessionId, request.message);
        reply.ok = outcome.ok;
        reply.message = outcome.message;
        break;
    }
    case ClusterControl::Operation::Details:
        reply.ok = true;
        reply.hasDetails = true;
        reply.details = detailsOf(request.sessionId);
        break;
    }
    return reply;
}

} // namespace wsm
