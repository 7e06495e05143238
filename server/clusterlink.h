#pragma once

#include "clusterconfig.h"
#include "clusterstatus.h"
#include "redisconnection.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace wsm {

// The node's link to the cluster's Redis, in the server thread (a child of WebSocketServer, made
// at start() when ServerConfig::cluster is enabled, deleted at stop()). It holds two
// RedisConnections (one for commands and publishes, one subscribed) and says whether the link is
// up; the cluster's parts are built on it, each in its own class: broadcasts (here), bans
// (ClusterBans), the registry of nodes (ClusterRegistry) and control of another node's clients
// (ClusterControl).
//
// Nothing here blocks or queues without bound: a publish while the link is down, or past
// ClusterConfig::maxPendingBytes, is dropped and counted. Publish/subscribe is at most once.
//
// Keys and channels (all under "wsmonitor:", in the database of the URL):
//   wsmonitor:broadcast              channel: broadcasts, for every node
//   wsmonitor:bans                   channel: ban and unban announcements
//   wsmonitor:nodes                  channel: a node joined or left (ClusterRegistry reads at once)
//   wsmonitor:ban:<target>           key: one ban, with the ban's expiry as its time to live
//   wsmonitor:node:<name>            key: one node's registry entry, with a time to live
//   wsmonitor:control:<name>         channel: requests for the clients of node <name>
//   wsmonitor:control-reply:<name>   channel: answers to node <name>'s requests
class ClusterLink : public QObject
{
    Q_OBJECT

public:
    using MessageHandler = std::function<void(const QByteArray &payload)>;

    explicit ClusterLink(const ClusterConfig &config, QObject *parent = nullptr);
    ~ClusterLink() override;

    const ClusterConfig &config() const { return m_config; }
    const QString &nodeName() const { return m_config.nodeName; }

    // Connects, and keeps connecting with capped backoff until retired or destroyed.
    void start();
    // The node stops: nothing more is received or reported (every signal of this object is
    // disconnected), and the object deletes itself once the commands already sent (the registry's
    // DEL) are answered, or after ClusterConfig::replyTimeoutMs at the latest. Never waits.
    void retire();
    bool isUp() const;

    // Sends on a channel of the cluster. False (and counted as dropped) when the link is down or
    // too much waits already. Counts as published otherwise.
    bool publish(const QByteArray &channel, const QByteArray &payload);
    // A command on the command connection (SET, DEL, SCAN, MGET ...). onReply as in
    // RedisConnection::command(); false when the link is down or too much waits.
    bool command(const QList<QByteArray> &arguments, RedisConnection::ReplyHandler onReply = {});
    // Routes messages of a channel to a handler, for as long as this object lives. Call before
    // start(); the channel is (re)subscribed at every connect. Messages that this node published
    // itself are not filtered here: their payload says who sent them.
    void onChannel(const QByteArray &channel, MessageHandler handler);

    // Counts a message received from another node (the parts call it for what they accept), and one
    // known lost (a gap in another node's sequence).
    void countReceived(quint64 messages = 1);
    void countDropped(quint64 messages = 1);

    // The status as the snapshot carries it, with the registry's node list passed in by its owner.
    ClusterStatus status() const;

Q_SIGNALS:
    // The link has come up: both connections ready and every channel subscribed. The parts reload
    // what they keep in Redis (bans) and write what they announce (the registry entry).
    void linkUp();
    // The link went down, or a connect attempt failed, with why (a sentence). Emitted once per
    // change, and once for the first failure at start; retries that fail again are only counted.
    void linkDown(const QString &why);
    // A broadcast from another node, never this one's own: deliver to the local clients, never
    // publish again.
    void broadcastReceived(const QString &fromNode, bool binary, const QByteArray &payload);

public:
    // Broadcasts to every other node (this node's clients are served by the caller): kept in order
    // per node, numbered so that receivers count gaps.
    bool publishBroadcast(bool binary, const QByteArray &payload);

    // The wire form of a broadcast: "1 <length of node> <node> <sequence> t|b\n" then the payload's
    // bytes as they are. Node names may hold spaces and colons: their UTF-8 length comes first.
    // Public for tests.
    struct Broadcast
    {
        QString node;
        quint64 sequence = 0;
        bool binary = false;
        QByteArray payload;
    };
    static QByteArray encodeBroadcast(const Broadcast &broadcast);
    static bool decodeBroadcast(const QByteArray &wire, Broadcast *broadcast);

private:
    void connectBoth();
    void onCommandsReady();
    void onSubscriberReady();
    void onSubscribed(const QList<QByteArray> &channels);
    void checkUp();
    void onConnectionDown(const QString &why);
    void onBroadcastMessage(const QByteArray &payload);
    void scheduleReconnect();
    RedisConnection::Options connectionOptions() const;

    ClusterConfig m_config;
    RedisConnection *m_commands = nullptr;
    RedisConnection *m_subscriber = nullptr;
    QHash<QByteArray, MessageHandler> m_handlers;
    QTimer m_reconnectTimer;
    QTimer m_connectGuard;   // the link must be up this long after a connect starts
    QTimer m_keepAlive;      // a PING now and then: a Redis that stops answering is seen as down
    QSet<QByteArray> m_subscribedChannels;
    bool m_connecting = false; // an attempt is under way (both connections opened)
    bool m_retired = false;
    int m_backoffMs = 0;
    bool m_up = false;
    bool m_downReported = false;
    qint64 m_linkChangedAt = 0;
    QString m_lastError;
    quint64 m_published = 0;
    quint64 m_received = 0;
    quint64 m_dropped = 0;
    quint64 m_failures = 0;
    quint64 m_nextBroadcastSequence = 1;
    QHash<QString, quint64> m_lastSequenceByNode; // for gaps
};

} // namespace wsm
