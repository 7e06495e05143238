#pragma once

#include "clientdetails.h"
#include "connectionevent.h"
#include "outgoingmessage.h"
#include "serverconfig.h"
#include "snapshot.h"

#include <QList>
#include <QObject>
#include <QString>

namespace wsm {

// A node: one server as the console sees it, wherever it runs. The console (main window, models,
// inspector, dialogs, export) holds a ServerNode and never learns which kind: the embedded server
// in this process (ServerController) or, later, a node elsewhere reached over its admin channel.
// Everything that crosses is a plain value, so either kind can carry it.
//
// Every call returns at once with a request id and never emits from inside the call: its outcome
// arrives later as commandFinished() with that id (and the answer to requestClientDetails() as
// clientDetailsReady()). Signals arrive in the thread the node lives in; calls are made from it.
class ServerNode : public QObject
{
    Q_OBJECT

public:
    // Whether the console can reach the node now. The embedded node is always Connected; a remote
    // one is Connecting until its link is up and Lost when it drops (its rows are then stale).
    enum class LinkState : quint8 { Connecting, Connected, Lost };
    Q_ENUM(LinkState)

    ~ServerNode() override;

    // What the Nodes pane shows of a node.
    virtual QString displayName() const = 0;
    // The node's address: where the embedded server listens (empty while stopped), or the admin
    // URL a remote node is reached at.
    virtual QString url() const = 0;
    virtual LinkState linkState() const = 0;
    // The wsmonitor version the node runs ("0.1.0"), for the Nodes pane: WSM_VERSION for the
    // embedded node; a remote node's as its admin channel reported it (empty until it has).
    virtual QString version() const = 0;
    // Whether start() and stop() make sense from here: the embedded server is the console's to
    // start and stop; a remote node runs on its own and only its clients are the console's to act on.
    virtual bool canStartAndStop() const = 0;

    // The default arguments repeat in every implementation: a call takes them from the type it is
    // made through.
    virtual quint64 start(const ServerConfig &config) = 0;
    // Ordered: every client closed (1001 for a shutdown, 1012 for a restart), drained, the rest
    // aborted. A restart is a stop whose clients are told to come back; start() follows it.
    virtual quint64 stop(StopReason reason = StopReason::Shutdown) = 0;
    // spreadMs > 0 spreads the closes evenly over that time, so that the kicked clients'
    // reconnects do not arrive as one storm. Ids of clients already gone are skipped.
    virtual quint64 kick(const QList<quint64> &sessionIds, int closeCode, const QString &reason,
                         int spreadMs = 0) = 0;
    virtual quint64 kickAll(int closeCode, const QString &reason, int spreadMs = 0) = 0;
    virtual quint64 ban(const QString &addressOrCidr, qint64 durationMs, const QString &reason) = 0;
    virtual quint64 unban(const QString &addressOrCidr) = 0;
    // A text or a binary frame, by the message's kind, to one client or to every open one.
    virtual quint64 send(quint64 sessionId, const OutgoingMessage &message) = 0;
    virtual quint64 broadcast(const OutgoingMessage &message) = 0;
    // Answered by clientDetailsReady() with the same request id (found = false if it has gone).
    virtual quint64 requestClientDetails(quint64 sessionId) = 0;

    // Kick, send and details for a client of another node of the cluster this node is in, named as
    // the cluster names it (--node-name): the call reaches it through the cluster's Redis and runs
    // there as that node's operator's call. An empty name, or this node's own name, is the local
    // call above. Answered as the local calls are; besides, a failed commandFinished() (details
    // included) says when the node could not be reached: this node is not in a cluster, its link is
    // down, no node has that name, or the node did not answer in time.
    virtual quint64 kickOnNode(const QString &node, const QList<quint64> &sessionIds, int closeCode,
                               const QString &reason) = 0;
    virtual quint64 sendOnNode(const QString &node, quint64 sessionId, const OutgoingMessage &message) = 0;
    virtual quint64 requestClientDetailsOnNode(const QString &node, quint64 sessionId) = 0;

Q_SIGNALS:
    void started(const QString &url);
    void stopped();
    void commandFinished(quint64 requestId, bool ok, const QString &message);
    void snapshotReady(const wsm::Snapshot &snapshot, const QList<wsm::ConnectionEvent> &events);
    void clientDetailsReady(quint64 requestId, const wsm::ClientDetails &details);
    // Never emitted by the embedded node; a remote one reports its link going and coming back.
    void linkStateChanged(wsm::ServerNode::LinkState state);

protected:
    explicit ServerNode(QObject *parent = nullptr);
};

} // namespace wsm
