#include "clusterlink.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>

#include <algorithm>
#include <limits>

namespace wsm {

namespace {

const QByteArray BroadcastChannel = QByteArrayLiteral("wsmonitor:broadcast");
constexpr char WireVersion = '1';

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::ClusterLink", text);
}

// A decimal number at `at` up to the byte `end`; moves `at` past that byte.
bool readNumber(const QByteArray &wire, qsizetype *at, char end, quint64 *value)
{
    const qsizetype stop = wire.indexOf(end, *at);
    // 20 digits hold any quint64; more is not ours.
    if (stop <= *at || stop - *at > 20)
        return false;
    bool ok = false;
    *value = wire.mid(*at, stop - *at).toULongLong(&ok);
    if (!ok)
        return false;
    *at = stop + 1;
    return true;
}

} // namespace

ClusterLink::ClusterLink(const ClusterConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_commands(new RedisConnection(this))
    , m_subscriber(new RedisConnection(this))
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ClusterLink::connectBoth);
    m_connectGuard.setSingleShot(true);
    connect(&m_connectGuard, &QTimer::timeout, this, [this] {
        onConnectionDown(translated(QT_TRANSLATE_NOOP("wsm::ClusterLink",
                                                      "Redis at %1 did not answer within %2 s."))
                             .arg(m_config.redisUrl())
                             .arg((m_config.connectTimeoutMs + m_config.replyTimeoutMs) / 1000.0));
    });
    // A Redis that stops answering (frozen, or a network that drops everything) says nothing: a
    // PING unanswered within the reply timeout takes the link down, so that it is shown and retried.
    connect(&m_keepAlive, &QTimer::timeout, this, [this] {
        if (m_up)
            m_commands->command({QByteArrayLiteral("PING")});
    });

    connect(m_commands, &RedisConnection::ready, this, &ClusterLink::onCommandsReady);
    connect(m_commands, &RedisConnection::down, this, &ClusterLink::onConnectionDown);
    connect(m_subscriber, &RedisConnection::ready, this, &ClusterLink::onSubscriberReady);
    connect(m_subscriber, &RedisConnection::down, this, &ClusterLink::onConnectionDown);
    connect(m_subscriber, &RedisConnection::subscribed, this, &ClusterLink::onSubscribed);
    connect(m_subscriber, &RedisConnection::messageReceived, this,
            [this](const QByteArray &channel, const QByteArray &payload) {
                const auto it = m_handlers.constFind(channel);
                if (it != m_handlers.cend())
                    it.value()(payload);
            });

    onChannel(BroadcastChannel, [this](const QByteArray &payload) { onBroadcastMessage(payload); });
}

ClusterLink::~ClusterLink() = default;

RedisConnection::Options ClusterLink::connectionOptions() const
{
    RedisConnection::Options options;
    options.host = m_config.redisHost;
    options.port = m_config.redisPort;
    options.database = m_config.redisDatabase;
    options.password = m_config.password;
    options.connectTimeoutMs = m_config.connectTimeoutMs;
    options.replyTimeoutMs = m_config.replyTimeoutMs;
    options.maxPendingBytes = m_config.maxPendingBytes;
    return options;
}

void ClusterLink::start()
{
    m_linkChangedAt = QDateTime::currentMSecsSinceEpoch();
    connectBoth();
}

void ClusterLink::connectBoth()
{
    if (m_retired)
        return;
    m_connecting = true;
    m_subscribedChannels.clear();
    m_connectGuard.start(std::max(1, m_config.connectTimeoutMs + m_config.replyTimeoutMs));
    const RedisConnection::Options options = connectionOptions();
    m_commands->open(options);
    m_subscriber->open(options);
}

void ClusterLink::onCommandsReady()
{
    checkUp();
}

void ClusterLink::onSubscriberReady()
{
    // Every channel again, at every connect: a subscriber that reconnects without subscribing
    // would receive nothing and say nothing.
    QList<QByteArray> channels = m_handlers.keys();
    std::sort(channels.begin(), channels.end());
    if (!m_subscriber->subscribe(channels)) {
        onConnectionDown(translated(QT_TRANSLATE_NOOP("wsm::ClusterLink",
                                                      "Could not subscribe to the cluster's channels at %1."))
                             .arg(m_config.redisUrl()));
    }
}

void ClusterLink::onSubscribed(const QList<QByteArray> &channels)
{
    for (const QByteArray &channel : channels)
        m_subscribedChannels.insert(channel);
    checkUp();
}

void ClusterLink::checkUp()
{
    if (m_up || !m_connecting || !m_commands->isReady() || !m_subscriber->isReady())
        return;
    for (auto it = m_handlers.cbegin(); it != m_handlers.cend(); ++it) {
        if (!m_subscribedChannels.contains(it.key()))
            return;
    }
    m_connectGuard.stop();
    m_connecting = false;
    m_up = true;
    m_downReported = false;
    m_backoffMs = 0;
    m_linkChangedAt = QDateTime::currentMSecsSinceEpoch();
    m_keepAlive.start(std::max(100, m_config.replyTimeoutMs));
    Q_EMIT linkUp();
}

void ClusterLink::onConnectionDown(const QString &why)
{
    if (m_retired || (!m_up && !m_connecting))
        return; // the other connection of an attempt already reported it
    // Both go: an attempt is both connections, and the link is up only with both.
    m_commands->close();
    m_subscriber->close();
    m_connectGuard.stop();
    m_keepAlive.stop();
    m_subscribedChannels.clear();
    m_connecting = false;
    const bool wasUp = m_up;
    m_up = false;
    ++m_failures;
    m_lastError = why;
    if (wasUp || !m_downReported) {
        m_downReported = true;
        m_linkChangedAt = QDateTime::currentMSecsSinceEpoch();
        Q_EMIT linkDown(why);
    }
    scheduleReconnect();
}

void ClusterLink::scheduleReconnect()
{
    const int minimum = std::max(1, m_config.reconnectMinMs);
    const int maximum = std::max(minimum, m_config.reconnectMaxMs);
    m_backoffMs = m_backoffMs <= 0 ? minimum : int(std::min<qint64>(qint64(m_backoffMs) * 2, maximum));
    m_reconnectTimer.start(m_backoffMs);
}

void ClusterLink::retire()
{
    if (m_retired)
        return;
    m_retired = true;
    disconnect(this, nullptr, nullptr, nullptr); // nothing more reaches the server
    m_reconnectTimer.stop();
    m_connectGuard.stop();
    m_keepAlive.stop();
    m_subscriber->close();
    m_handlers.clear();
    if (!m_up || m_commands->pendingBytes() == 0) {
        deleteLater();
        return;
    }
    // Replies come in order: once a PING is answered, so is everything sent before it (the
    // registry's DEL). A link that goes down meanwhile answers it with an error: gone as well.
    QPointer<ClusterLink> self(this);
    if (!m_commands->command({QByteArrayLiteral("PING")}, [self](const RedisReply &) {
            if (self)
                self->deleteLater();
        })) {
        deleteLater();
        return;
    }
    QTimer::singleShot(std::max(1, m_config.replyTimeoutMs), this, &QObject::deleteLater);
}

bool ClusterLink::isUp() const
{
    return m_up;
}

bool ClusterLink::publish(const QByteArray &channel, const QByteArray &payload)
{
    if (!m_up || !m_commands->command({QByteArrayLiteral("PUBLISH"), channel, payload})) {
        ++m_dropped;
        return false;
    }
    ++m_published;
    return true;
}

bool ClusterLink::command(const QList<QByteArray> &arguments, RedisConnection::ReplyHandler onReply)
{
    if (!m_up)
        return false;
    return m_commands->command(arguments, std::move(onReply));
}

void ClusterLink::onChannel(const QByteArray &channel, MessageHandler handler)
{
    m_handlers.insert(channel, std::move(handler));
    if (m_subscriber->isReady())
        m_subscriber->subscribe({channel});
}

void ClusterLink::countReceived(quint64 messages)
{
    m_received += messages;
}

void ClusterLink::countDropped(quint64 messages)
{
    m_dropped += messages;
}

ClusterStatus ClusterLink::status() const
{
    ClusterStatus status;
    status.enabled = true;
    status.linkUp = m_up;
    status.redisUrl = m_config.redisUrl();
    status.nodeName = m_config.nodeName;
    status.linkChangedAt = m_linkChangedAt;
    status.lastError = m_lastError;
    status.messagesPublished = m_published;
    status.messagesReceived = m_received;
    status.messagesDropped = m_dropped;
    status.linkFailures = m_failures;
    return status;
}

bool ClusterLink::publishBroadcast(bool binary, const QByteArray &payload)
{
    // The number is taken only by what was handed to Redis: a drop here is counted here, and a
    // gap at a receiver is a message Redis did not bring it.
    const QByteArray wire = encodeBroadcast({m_config.nodeName, m_nextBroadcastSequence, binary, payload});
    if (!publish(BroadcastChannel, wire))
        return false;
    ++m_nextBroadcastSequence;
    return true;
}

QByteArray ClusterLink::encodeBroadcast(const Broadcast &broadcast)
{
    const QByteArray node = broadcast.node.toUtf8();
    QByteArray wire;
    wire.reserve(node.size() + broadcast.payload.size() + 32);
    wire += WireVersion;
    wire += ' ';
    wire += QByteArray::number(node.size());
    wire += ' ';
    wire += node;
    wire += ' ';
    wire += QByteArray::number(broadcast.sequence);
    wire += ' ';
    wire += broadcast.binary ? 'b' : 't';
    wire += '\n';
    wire += broadcast.payload;
    return wire;
}

bool ClusterLink::decodeBroadcast(const QByteArray &wire, Broadcast *broadcast)
{
    if (wire.size() < 2 || wire.at(0) != WireVersion || wire.at(1) != ' ')
        return false;
    qsizetype at = 2;
    quint64 nodeLength = 0;
    if (!readNumber(wire, &at, ' ', &nodeLength) || nodeLength > quint64(wire.size() - at))
        return false;
    const QByteArray node = wire.mid(at, qsizetype(nodeLength));
    at += qsizetype(nodeLength);
    if (at >= wire.size() || wire.at(at) != ' ')
        return false;
    ++at;
    quint64 sequence = 0;
    if (!readNumber(wire, &at, ' ', &sequence))
        return false;
    if (at + 1 >= wire.size() || (wire.at(at) != 't' && wire.at(at) != 'b') || wire.at(at + 1) != '\n')
        return false;
    broadcast->node = QString::fromUtf8(node);
    broadcast->sequence = sequence;
    broadcast->binary = wire.at(at) == 'b';
    broadcast->payload = wire.mid(at + 2);
    return true;
}

void ClusterLink::onBroadcastMessage(const QByteArray &payload)
{
    Broadcast broadcast;
    if (!decodeBroadcast(payload, &broadcast)) {
        // Another version of wsmonitor, or not ours: not delivered, and counted as lost.
        ++m_dropped;
        return;
    }
    if (broadcast.node == m_config.nodeName)
        return; // our own: its clients were served when it was sent
    quint64 &last = m_lastSequenceByNode[broadcast.node];
    // A number at or below the last one: that node started again and counts from 1.
    if (last > 0 && broadcast.sequence > last + 1)
        m_dropped += broadcast.sequence - last - 1;
    last = broadcast.sequence;
    ++m_received;
    Q_EMIT broadcastReceived(broadcast.node, broadcast.binary, broadcast.payload);
}

} // namespace wsm
