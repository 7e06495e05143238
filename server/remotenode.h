#pragma once

#include "adminlink.h"
#include "adminprotocol.h"
#include "servernode.h"
#include "snapshotdelta.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QUrl>

namespace wsm {

// A node elsewhere, reached over its admin channel (AdminLink): to the console it is a ServerNode
// like the embedded one. It attaches, subscribes to snapshots and events, and rebuilds the node's
// Snapshot from the whole-then-delta feed; each snapshot applied is one snapshotReady() with the
// events received since the one before (the recent history sent on attaching goes with the first),
// exactly as the embedded node hands them over.
//
// Link states: Connecting until the first attach (hello and a whole snapshot), Connected, Lost as
// soon as the link drops (or an attempt fails). It then retries with capped exponential backoff
// (0.5 s doubling to 30 s, each delay shortened by up to a fifth at random so that consoles that
// lost the same node do not come back in step) until it attaches again, resubscribed, from a whole
// snapshot. A refused token is retried on the same backoff: it may be fixed on the node.
//
// Every control call returns a request id of this node and is answered later by commandFinished()
// (and requestClientDetails() by clientDetailsReady(), or by a failed commandFinished() when the
// link could not carry it), never from inside the call: at once ("node unreachable") while the
// link is down, with the reason for the calls outstanding when it drops. start() and stop() are
// not the console's to give a node elsewhere: they fail. started(url) and stopped() follow the
// node's own server as its snapshots show it (its URL appearing or going).
class RemoteNode : public ServerNode
{
    Q_OBJECT

public:
    // Starts attaching once the event loop runs (so that the setters below apply to it).
    RemoteNode(const QUrl &adminUrl, const QByteArray &token, QObject *parent = nullptr);
    ~RemoteNode() override;

    // The node's own name once its hello arrived; the URL's host:port until then.
    QString displayName() const override;
    QString url() const override { return m_adminUrl.toString(); }
    LinkState linkState() const override { return m_state; }
    bool canStartAndStop() const override { return false; }
    // The wsmonitor version of the node, from its hello; empty before it.
    QString version() const override;
    // What the node said of itself in its last hello.
    admin::NodeInfo nodeInfo() const { return m_hello.node; }
    // The token presented may only watch: every command is refused by the node.
    bool isReadOnly() const { return m_hello.readOnly; }
    // Why the link went down or the last attempt failed; empty while connected.
    QString lastError() const { return m_lastError; }
    // Snapshot messages that could not be read (each followed by a resync), and resyncs asked for.
    int malformedSnapshots() const { return m_malformedSnapshots; }
    int resyncsRequested() const { return m_resyncsRequested; }

    // Reconnect delays: first, then doubling up to the cap. Jitter off for tests that count on them.
    void setBackoff(int initialMs, int maxMs, bool jitter = true);
    void setConnectTimeout(int ms) { m_link.setConnectTimeout(ms); }
    // wss://: trust this CA file (PEM) besides the system's, for the attempts that follow.
    bool addCaCertificatesFile(const QString &path, QString *error)
    {
        return m_link.addCaCertificatesFile(path, error);
    }

    quint64 start(const ServerConfig &config) override;
    quint64 stop(StopReason reason = StopReason::Shutdown) override;
    quint64 kick(const QList<quint64> &sessionIds, int closeCode, const QString &reason,
                 int spreadMs = 0) override;
    quint64 kickAll(int closeCode, const QString &reason, int spreadMs = 0) override;
    quint64 ban(const QString &addressOrCidr, qint64 durationMs, const QString &reason) override;
    quint64 unban(const QString &addressOrCidr) override;
    quint64 send(quint64 sessionId, const OutgoingMessage &message) override;
    quint64 broadcast(const OutgoingMessage &message) override;
    quint64 requestClientDetails(quint64 sessionId) override;
    // The command carries "node"; a node whose hello does not offer admin::ClusterControlCapability
    // (an older wsmonitor, which would act on its own client of that id) is not asked: it fails.
    quint64 kickOnNode(const QString &node, const QList<quint64> &sessionIds, int closeCode,
                       const QString &reason) override;
    quint64 sendOnNode(const QString &node, quint64 sessionId, const OutgoingMessage &message) override;
    quint64 requestClientDetailsOnNode(const QString &node, quint64 sessionId) override;

Q_SIGNALS:
    // The link is down (why) and the next attempt starts in delayMs.
    void reconnectScheduled(int delayMs, const QString &why);

private:
    struct Outstanding
    {
        quint64 requestId = 0; // ours, the console's
        admin::CommandKind kind = admin::CommandKind::Nodes;
    };

    void attach();
    void onHello(const admin::HelloMessage &hello);
    void onSnapshotMessage(const QJsonObject &message);
    void onEvents(const QList<ConnectionEvent> &events, bool recent);
    void onResult(const admin::ResultMessage &result);
    void onLinkDown(const QString &why);
    void askForWhole();
    // One snapshotReady() with the decoder's table and the events since the last one.
    void handOver();
    void setState(LinkState state);
    quint64 submit(admin::CommandMessage command);
    // submit(), for a command that names a node in command.node.
    quint64 submitOnNode(admin::CommandMessage command);
    void failLater(quint64 requestId, const QString &message);
    // Whether an event of the recent history was handed over before the link dropped.
    bool seenBefore(const ConnectionEvent &event) const;
    void remember(const QList<ConnectionEvent> &events);

    QUrl m_adminUrl;
    QByteArray m_token;
    AdminLink m_link;
    LinkState m_state = LinkState::Connecting;
    admin::HelloMessage m_hello;
    bool m_hasHello = false;
    SnapshotDecoder m_decoder;      // a new one for each attach
    bool m_awaitingWhole = false;   // a resync was asked for and no whole snapshot came yet
    bool m_awaitingRecent = false;  // subscribed; the recent history has not come yet
    bool m_hasApplied = false;      // a snapshot was applied since the hello
    QList<ConnectionEvent> m_pendingEvents;
    qint64 m_lastEventAt = 0;       // the latest event time handed over, and the events at it
    QSet<QByteArray> m_eventsAtLast;
    QString m_serverUrl;            // the node's public URL as the last snapshot said
    QHash<quint64, Outstanding> m_outstanding; // by the link's request id
    quint64 m_lastRequestId = 0;
    QTimer m_retryTimer;
    int m_initialDelayMs = 500;
    int m_maxDelayMs = 30000;
    int m_nextDelayMs = 500;
    bool m_jitter = true;
    QString m_lastError;
    int m_malformedSnapshots = 0;
    int m_resyncsRequested = 0;
};

} // namespace wsm
