#include "remotenode.h"

#include <QRandomGenerator>

#include <algorithm>
#include <utility>

namespace wsm {

namespace {

// What tells two events apart: the same connection's same moment. Flapping events have no
// session: the client they name (identity, or address and user agent) tells them apart.
QByteArray eventKey(const ConnectionEvent &event)
{
    QByteArray key = QByteArray::number(int(event.kind)) + ' ' + QByteArray::number(event.sessionId) + ' '
        + event.peerAddress.toUtf8() + ' ' + QByteArray::number(event.peerPort) + ' '
        + QByteArray::number(event.connectedAt) + ' ' + QByteArray::number(event.endedAt);
    if (event.isFlapping())
        key += ' ' + event.identity.toUtf8() + ' ' + event.userAgent.toUtf8();
    return key;
}

} // namespace

RemoteNode::RemoteNode(const QUrl &adminUrl, const QByteArray &token, QObject *parent)
    : ServerNode(parent)
    , m_adminUrl(adminUrl)
    , m_token(token)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &RemoteNode::attach);
    connect(&m_link, &AdminLink::helloReceived, this, &RemoteNode::onHello);
    connect(&m_link, &AdminLink::snapshotMessage, this, &RemoteNode::onSnapshotMessage);
    connect(&m_link, &AdminLink::eventsReceived, this, &RemoteNode::onEvents);
    connect(&m_link, &AdminLink::resultReceived, this, &RemoteNode::onResult);
    connect(&m_link, &AdminLink::linkLost, this, &RemoteNode::onLinkDown);
    connect(&m_link, &AdminLink::refused, this, &RemoteNode::onLinkDown);
    // The node could not take what we sent (a resync, a subscribe): shown nowhere else, so the
    // next snapshots tell. A command it could not take is answered by a failed result instead.
    connect(&m_link, &AdminLink::malformedMessage, this, [](const QString &why) {
        qWarning("wsmonitor: admin link: %s", qUtf8Printable(why));
    });
    QTimer::singleShot(0, this, &RemoteNode::attach);
}

RemoteNode::~RemoteNode()
{
    m_link.disconnect(this);
    m_link.close();
}

QString RemoteNode::displayName() const
{
    if (m_hasHello && !m_hello.node.name.isEmpty())
        return m_hello.node.name;
    const int defaultPort = m_adminUrl.scheme() == QLatin1String("wss") ? 443 : 80;
    return m_adminUrl.host() + QLatin1Char(':') + QString::number(m_adminUrl.port(defaultPort));
}

QString RemoteNode::version() const
{
    return m_hasHello ? m_hello.node.version : QString();
}

void RemoteNode::setBackoff(int initialMs, int maxMs, bool jitter)
{
    m_initialDelayMs = std::max(1, initialMs);
    m_maxDelayMs = std::max(m_initialDelayMs, maxMs);
    m_nextDelayMs = m_initialDelayMs;
    m_jitter = jitter;
}

void RemoteNode::attach()
{
    m_link.open(m_adminUrl, m_token);
}

void RemoteNode::onHello(const admin::HelloMessage &hello)
{
    m_hello = hello;
    m_hasHello = true;
    // A node that restarted numbers its snapshots from 1 again: the new feed starts whole anyway.
    m_decoder = SnapshotDecoder();
    m_awaitingWhole = false; // subscribing brings a whole snapshot; a delta first is a gap
    // The recent history answers the subscribe too, before or after the whole snapshot: the first
    // snapshot is handed over once both are here, so that the history goes with it.
    m_awaitingRecent = true;
    m_hasApplied = false;
    m_link.subscribe(true, true);
}

void RemoteNode::onSnapshotMessage(const QJsonObject &message)
{
    switch (m_decoder.apply(message)) {
    case SnapshotDecoder::Result::Applied:
        break;
    case SnapshotDecoder::Result::NeedsWhole:
        askForWhole();
        return;
    case SnapshotDecoder::Result::Malformed:
        ++m_malformedSnapshots;
        qWarning("wsmonitor: a snapshot from %s could not be read: %s", qUtf8Printable(displayName()),
                 qUtf8Printable(m_decoder.error()));
        // The decoder kept the last good table; the next delta would not follow it.
        m_awaitingWhole = false;
        askForWhole();
        return;
    }
    m_awaitingWhole = false;
    m_hasApplied = true;
    if (!m_awaitingRecent)
        handOver();
}

void RemoteNode::handOver()
{
    if (m_state != LinkState::Connected) {
        m_lastError.clear();
        m_nextDelayMs = m_initialDelayMs; // attached: the next loss starts the backoff afresh
        setState(LinkState::Connected);
    }
    const Snapshot &snapshot = m_decoder.snapshot();
    if (snapshot.url != m_serverUrl) {
        m_serverUrl = snapshot.url;
        if (m_serverUrl.isEmpty())
            Q_EMIT stopped();
        else
            Q_EMIT started(m_serverUrl);
    }
    QList<ConnectionEvent> events;
    events.swap(m_pendingEvents);
    remember(events);
    Q_EMIT snapshotReady(snapshot, events);
}

void RemoteNode::askForWhole()
{
    // One resync per gap: the deltas that come before the whole snapshot do not follow either.
    if (m_awaitingWhole)
        return;
    m_awaitingWhole = true;
    ++m_resyncsRequested;
    m_link.resync();
}

void RemoteNode::onEvents(const QList<ConnectionEvent> &events, bool recent)
{
    // The recent history after a reconnect repeats what the console was shown before the drop, and
    // what arrived before the drop but was not handed over yet.
    QSet<QByteArray> pending;
    if (recent) {
        for (const ConnectionEvent &event : std::as_const(m_pendingEvents))
            pending.insert(eventKey(event));
    }
    for (const ConnectionEvent &event : events) {
        if (recent && (seenBefore(event) || pending.contains(eventKey(event))))
            continue;
        m_pendingEvents.append(event);
    }
    if (recent && m_awaitingRecent) {
        m_awaitingRecent = false;
        if (m_hasApplied)
            handOver();
    }
}

bool RemoteNode::seenBefore(const ConnectionEvent &event) const
{
    const qint64 at = event.time();
    return at < m_lastEventAt || (at == m_lastEventAt && m_eventsAtLast.contains(eventKey(event)));
}

void RemoteNode::remember(const QList<ConnectionEvent> &events)
{
    for (const ConnectionEvent &event : events) {
        const qint64 at = event.time();
        if (at > m_lastEventAt) {
            m_lastEventAt = at;
            m_eventsAtLast.clear();
        }
        if (at == m_lastEventAt)
            m_eventsAtLast.insert(eventKey(event));
    }
}

void RemoteNode::onResult(const admin::ResultMessage &result)
{
    const auto it = m_outstanding.constFind(result.id);
    if (it == m_outstanding.constEnd())
        return; // not ours (or answered already)
    const Outstanding call = *it;
    m_outstanding.erase(it);
    if (call.kind == admin::CommandKind::Details && result.ok) {
        ClientDetails details = result.details;
        if (!result.hasDetails)
            details.found = false;
        Q_EMIT clientDetailsReady(call.requestId, details);
        return;
    }
    Q_EMIT commandFinished(call.requestId, result.ok, result.message);
}

void RemoteNode::onLinkDown(const QString &why)
{
    m_lastError = why;
    m_awaitingWhole = false;
    // Events not yet handed over stay for the next snapshot; the recent history will not repeat them.
    const QHash<quint64, Outstanding> outstanding = std::exchange(m_outstanding, {});
    setState(LinkState::Lost);
    for (const Outstanding &call : outstanding)
        Q_EMIT commandFinished(call.requestId, false, why);

    int delay = m_nextDelayMs;
    if (m_jitter)
        delay -= int(QRandomGenerator::global()->bounded(delay / 5 + 1));
    m_nextDelayMs = std::min(m_maxDelayMs, m_nextDelayMs * 2);
    delay = std::max(1, delay);
    m_retryTimer.start(delay);
    Q_EMIT reconnectScheduled(delay, why);
}

void RemoteNode::setState(LinkState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT linkStateChanged(state);
}

quint64 RemoteNode::submit(admin::CommandMessage command)
{
    const quint64 requestId = ++m_lastRequestId;
    const quint64 wireId = m_link.isAttached() ? m_link.sendCommand(command) : 0;
    if (wireId == 0) {
        failLater(requestId, m_lastError.isEmpty() ? tr("node unreachable")
                                                   : tr("node unreachable: %1").arg(m_lastError));
        return requestId;
    }
    m_outstanding.insert(wireId, {requestId, command.kind});
    return requestId;
}

void RemoteNode::failLater(quint64 requestId, const QString &message)
{
    QTimer::singleShot(0, this, [this, requestId, message] { Q_EMIT commandFinished(requestId, false, message); });
}

quint64 RemoteNode::start(const ServerConfig &)
{
    const quint64 requestId = ++m_lastRequestId;
    failLater(requestId, tr("%1 runs on its own: it is started where it runs, not from this console.")
                             .arg(displayName()));
    return requestId;
}

quint64 RemoteNode::stop(StopReason)
{
    const quint64 requestId = ++m_lastRequestId;
    failLater(requestId, tr("%1 runs on its own: it is stopped where it runs, not from this console.")
                             .arg(displayName()));
    return requestId;
}

quint64 RemoteNode::kick(const QList<quint64> &sessionIds, int closeCode, const QString &reason, int spreadMs)
{
    admin::CommandMessage command;
    command.kind = admin::CommandKind::Kick;
    command.sessionIds = sessionIds;
    command.closeCode = closeCode;
    command.reason = reason;
    command.spreadMs = spreadMs;
    return submit(command);
}

quint64 RemoteNode::kickAll(int closeCode, const QString &reason, int spreadMs)
{
    admin::CommandMessage command;
    command.kind = admin::CommandKind::KickAll;
    command.closeCode = closeCode;
    command.reason = reason;
    command.spreadMs = spreadMs;
    return submit(command);
}

quint64 RemoteNode::ban(const QString &addressOrCidr, qint64 durationMs, const QString &reason)
{
    admin::CommandMessage command;
    command.kind = admin::CommandKind::Ban;
    command.target = addressOrCidr;
    command.durationMs = durationMs;
    command.reason = reason;
    return submit(command);
}

quint64 RemoteNode::unban(const QString &addressOrCidr)
{
    admin::CommandMessage command;
    command.kind = admin::CommandKind::Unban;
    command.target = addressOrCidr;
    return submit(command);
}

quint64 RemoteNode::send(quint64 sessionId, const OutgoingMessage &message)
{
    admin::CommandMessage command;
    command.kind = admin::CommandKind::Send;
    command.sessionId = sessionId;
    command.message = message;
    return submit(command);
}

quint64 RemoteNode::broadcast(const OutgoingMessage &message)
{
    admin::CommandMessage command;
    command.kind = admin::CommandKind::Broadcast;
    command.message = message;
    return submit(command);
}

quint64 RemoteNode::requestClientDetails(quint64 sessionId)
{
    admin::CommandMessage command;
    command.kind = admin::CommandKind::Details;
    command.sessionId = sessionId;
    return submit(command);
}

quint64 RemoteNode::submitOnNode(admin::CommandMessage command)
{
    if (command.node.isEmpty() || (m_hasHello && command.node == m_hello.node.name)) {
        command.node.clear();
        return submit(command);
    }
    if (m_hasHello && !m_hello.capabilities.contains(admin::ClusterControlCapability)) {
        const quint64 requestId = ++m_lastRequestId;
        failLater(requestId, tr("%1 runs an older wsmonitor that cannot reach the clients of node %2.")
                                 .arg(displayName(), command.node));
        return requestId;
    }
    return submit(command);
}

quint64 RemoteNode::kickOnNode(const QString &node, const QList<quint64> &sessionIds, int closeCode,
                               const QString &reason)
{
    admin::CommandMessage command;
    command.kind = admin::CommandKind::Kick;
    command.sessionIds = sessionIds;
    command.closeCode = closeCode;
    command.reason = reason;
    command.node = node;
    return submitOnNode(command);
}

quint64 RemoteNode::sendOnNode(const QString &node, quint64 sessionId, const OutgoingMessage &message)
{
    admin::CommandMessage command;
    command.kind = admin::CommandKind::Send;
    command.sessionId = sessionId;
    command.message = message;
    command.node = node;
    return submitOnNode(command);
}

quint64 RemoteNode::requestClientDetailsOnNode(const QString &node, quint64 sessionId)
{
    admin::CommandMessage command;
    command.kind = admin::CommandKind::Details;
    command.sessionId = sessionId;
    command.node = node;
    return submitOnNode(command);
}

} // namespace wsm
