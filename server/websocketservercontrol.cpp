// WebSocketServer, part: the operator's control calls (kick, kick all, details, bans, send, broadcast).
// Kick, send and details are also what other nodes' requests run (websocketservercluster.cpp).

#include "websocketserver.h"

#include "clusterbans.h"
#include "session.h"
#include "steadyclock.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace wsm {

namespace {

// Close frames carry at most 123 bytes of reason text.
constexpr int MaxCloseReasonBytes = 123;

} // namespace

void WebSocketServer::kick(const QList<quint64> &sessionIds, int closeCode, const QString &reason, int spreadMs,
                           quint64 requestId)
{
    const CommandOutcome outcome = kickSessions(sessionIds, closeCode, reason, spreadMs);
    Q_EMIT commandFinished(requestId, outcome.ok, outcome.message);
}

WebSocketServer::CommandOutcome WebSocketServer::kickSessions(const QList<quint64> &sessionIds, int closeCode,
                                                              const QString &reason, int spreadMs)
{
    // 4000-4999 are the applications' codes. A restart's 1012 is the server's to send (a stop for a
    // restart), so that the log never records it as an operator's kick.
    if (closeCode < 4000 || closeCode > 4999)
        return {false, tr("A kick's close code must be between 4000 and 4999; got %1.").arg(closeCode)};
    if (reason.toUtf8().size() > MaxCloseReasonBytes)
        return {false, tr("A kick's reason must fit in %1 bytes of UTF-8.").arg(MaxCloseReasonBytes)};
    QList<quint64> open;
    QStringList missing;
    for (quint64 id : sessionIds) {
        const Session *session = m_sessions.value(id);
        if (session && session->isOpen())
            open.append(id);
        else
            missing.append(QString::number(id));
    }
    if (open.isEmpty())
        return {false, tr("No open client with id %1.").arg(missing.join(QStringLiteral(", ")))};

    // Kicked clients usually reconnect at once: closing thousands in one go brings their
    // reconnects back as one storm. A batch per tick, sized so the whole kick takes spreadMs; a
    // small kick goes in one batch, since a few reconnects are no storm.
    constexpr int TickMs = 10;
    constexpr int SmallestBatch = 50;
    const int ticks = std::max(1, spreadMs / TickMs);
    const int batch = std::max(SmallestBatch, int((open.size() + ticks - 1) / ticks));
    m_kicksPerTick = std::max(m_kicksPerTick, batch);
    for (quint64 id : std::as_const(open))
        m_pendingKicks.push_back({id, closeCode, reason});
    kickNextBatch();
    if (!m_pendingKicks.empty() && !m_kickTimer.isActive())
        m_kickTimer.start(TickMs);

    const QString kicked = open.size() > batch
        ? tr("Kicking %n client(s) over %1 s.", nullptr, int(open.size()))
              .arg(QLocale::c().toString(double(ticks * TickMs) / 1000.0, 'f', 1))
        : tr("Kicked %n client(s).", nullptr, int(open.size()));
    if (missing.isEmpty())
        return {true, kicked};
    return {true, kicked + QLatin1Char(' ') + tr("No open client with id %1.").arg(missing.join(QStringLiteral(", ")))};
}

void WebSocketServer::kickAll(int closeCode, const QString &reason, int spreadMs, quint64 requestId)
{
    QList<quint64> ids;
    for (const Session *session : std::as_const(m_sessions)) {
        if (session->isOpen())
            ids.append(session->id());
    }
    if (ids.isEmpty()) {
        Q_EMIT commandFinished(requestId, true, tr("There are no clients to kick."));
        return;
    }
    kick(ids, closeCode, reason, spreadMs, requestId);
}

void WebSocketServer::kickNextBatch()
{
    int closed = 0;
    while (!m_pendingKicks.empty() && closed < m_kicksPerTick) {
        const PendingKick kick = std::move(m_pendingKicks.front());
        m_pendingKicks.pop_front();
        // The client may have gone meanwhile; closeFor() itself ignores a session already closing.
        Session *session = m_sessions.value(kick.sessionId);
        if (!session || !session->isOpen())
            continue;
        session->closeFor(EndReason::OperatorKick, EndedBy::Operator, kick.closeCode, kick.reason);
        ++closed;
    }
    if (m_pendingKicks.empty()) {
        m_kickTimer.stop();
        m_kicksPerTick = 0;
    }
}

void WebSocketServer::clientDetails(quint64 sessionId, quint64 requestId)
{
    Q_EMIT clientDetailsReady(requestId, detailsOf(sessionId));
}

ClientDetails WebSocketServer::detailsOf(quint64 sessionId)
{
    const Session *session = m_sessions.value(sessionId);
    ClientDetails details;
    details.sessionId = sessionId;
    if (session) { // an ended session has already left m_sessions
        const qint64 now = steadyNowMs();
        details = session->details(now, m_epochClock.follow(now));
    }
    return details;
}

void WebSocketServer::ban(const QString &addressOrCidr, qint64 durationMs, const QString &reason,
                          quint64 requestId)
{
    QString error;
    Ban added;
    if (!m_bans.add(addressOrCidr, durationMs, reason, QDateTime::currentMSecsSinceEpoch(), &error, &added)) {
        Q_EMIT commandFinished(requestId, false, error);
        return;
    }
    if (m_clusterBans)
        m_clusterBans->shareBan(added); // every node refuses it too, now and when started later
    closeBannedIdentity(added);        // an identity's open connections go now (an address's stay)
    Q_EMIT commandFinished(requestId, true,
                           durationMs > 0 ? tr("Banned %1 for %2 s.").arg(addressOrCidr).arg(durationMs / 1000.0)
                                          : tr("Banned %1 until lifted.").arg(addressOrCidr));
}

void WebSocketServer::unban(const QString &addressOrCidr, quint64 requestId)
{
    if (!m_bans.remove(addressOrCidr)) {
        Q_EMIT commandFinished(requestId, false, tr("There is no ban on %1.").arg(addressOrCidr));
        return;
    }
    if (m_clusterBans)
        m_clusterBans->shareUnban(BanList::normalisedTarget(addressOrCidr)); // lifted on every node
    Q_EMIT commandFinished(requestId, true, tr("Lifted the ban on %1.").arg(addressOrCidr));
}

void WebSocketServer::send(quint64 sessionId, const OutgoingMessage &message, quint64 requestId)
{
    const CommandOutcome outcome = sendTo(sessionId, message);
    Q_EMIT commandFinished(requestId, outcome.ok, outcome.message);
}

WebSocketServer::CommandOutcome WebSocketServer::sendTo(quint64 sessionId, const OutgoingMessage &message)
{
    Session *session = m_sessions.value(sessionId);
    if (!session || !session->isOpen())
        return {false, tr("There is no open client with id %1.").arg(sessionId)};
    session->send(message);
    return {true, tr("Sent to client %1.").arg(sessionId)};
}

void WebSocketServer::broadcast(const OutgoingMessage &message, quint64 requestId)
{
    if (!m_tcpServer) {
        Q_EMIT commandFinished(requestId, false, tr("The server is not running."));
        return;
    }
    const int sent = sendToAll(nullptr, message);
    if (m_cluster && !publishToCluster(message.isBinary(), message.isBinary() ? message.data : message.text.toUtf8())) {
        Q_EMIT commandFinished(requestId, true,
                               tr("Sent to %n client(s) of this node; the cluster link is down, so the other nodes "
                                  "did not get it.", nullptr, sent));
        return;
    }
    if (m_cluster) {
        // The other nodes deliver it on their own; how many there are is what the registry last read.
        const QList<ClusterNodeInfo> nodes = clusterStatus().nodes;
        const auto others = std::count_if(nodes.cbegin(), nodes.cend(),
                                          [](const ClusterNodeInfo &node) { return !node.self; });
        Q_EMIT commandFinished(requestId, true,
                               tr("Sent to %n client(s) of this node, and published to the cluster's other "
                                  "nodes (%1 listed).", nullptr, sent)
                                   .arg(others));
        return;
    }
    Q_EMIT commandFinished(requestId, true, tr("Sent to %n client(s).", nullptr, sent));
}

void WebSocketServer::setAdminChannelCounts(int clients, quint64 refused)
{
    m_adminClients = clients;
    m_adminRefused = refused;
}

} // namespace wsm
