#include "ctloutput.h"

#include "heartbeatstate.h"
#include "serverconfig.h"
#include "snapshotdelta.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonValue>
#include <QLocale>

namespace wsm::ctl {

namespace {

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::CtlOutput", text);
}

QString peer(const QString &address, quint16 port)
{
    // An IPv6 address in brackets, so that the port stays readable.
    return (address.contains(QLatin1Char(':')) ? QLatin1Char('[') + address + QLatin1Char(']') : address)
        + QLatin1Char(':') + QString::number(port);
}

// Judged by the heartbeat the node runs with, as of its snapshot.
HeartbeatState heartbeatOf(const SessionRow &row, const Snapshot &snapshot)
{
    return heartbeatState(row, snapshot.takenAt, snapshot.heartbeatIntervalMs, snapshot.heartbeatTimeoutMs);
}

QString duration(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    const qint64 days = seconds / 86400;
    const QString clock = QStringLiteral("%1:%2:%3")
                              .arg(seconds / 3600 % 24, 2, 10, QLatin1Char('0'))
                              .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
                              .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return days > 0 ? translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "%1 d %2")).arg(days).arg(clock) : clock;
}

QString number(double value)
{
    return QString::number(value, 'f', value == qint64(value) ? 0 : 1);
}

QJsonValue isoTimeOrNull(qint64 msSinceEpoch)
{
    return msSinceEpoch > 0 ? QJsonValue(isoTime(msSinceEpoch)) : QJsonValue(QJsonValue::Null);
}

// `status --json`'s "cluster": null outside a cluster.
QJsonValue clusterJson(const ClusterStatus &cluster)
{
    if (!cluster.enabled)
        return QJsonValue::Null;
    return QJsonObject{
        {QStringLiteral("linkUp"), cluster.linkUp},
        {QStringLiteral("linkChangedAt"), isoTimeOrNull(cluster.linkChangedAt)},
        {QStringLiteral("redisUrl"), cluster.redisUrl},
        {QStringLiteral("nodeName"), cluster.nodeName},
        {QStringLiteral("lastError"), cluster.lastError},
        {QStringLiteral("nodeCount"), int(cluster.nodes.size())},
        {QStringLiteral("messagesPublished"), qint64(cluster.messagesPublished)},
        {QStringLiteral("messagesReceived"), qint64(cluster.messagesReceived)},
        {QStringLiteral("messagesDropped"), qint64(cluster.messagesDropped)},
        {QStringLiteral("linkFailures"), qint64(cluster.linkFailures)},
    };
}

// The lines `status` adds for a node in a cluster.
QList<QStringList> clusterRows(const ClusterStatus &cluster)
{
    if (!cluster.enabled)
        return {};
    const QString since = isoTime(cluster.linkChangedAt);
    const QString link = cluster.linkUp
        ? translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "up since %1")).arg(since)
        : translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "DOWN since %1")).arg(since);
    QList<QStringList> rows{
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Cluster link:")), link},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Redis:")), cluster.redisUrl},
    };
    if (!cluster.lastError.isEmpty())
        rows.append({translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Last error:")), cluster.lastError});
    rows.append({translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Cluster messages:")),
                 translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "%1 published, %2 received, %3 dropped"))
                     .arg(cluster.messagesPublished)
                     .arg(cluster.messagesReceived)
                     .arg(cluster.messagesDropped)});
    rows.append({translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Link failures:")), QString::number(cluster.linkFailures)});
    rows.append({translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Cluster nodes:")), QString::number(cluster.nodes.size())});
    return rows;
}

// One row of `nodes`: the columns of both tables, the attached node named so.
QStringList nodeRow(const QString &name, bool attached, const QString &version, const QString &url,
                    const QString &adminUrl, int clients, double rateIn, double rateOut, qint64 startedAt)
{
    const QString stopped = translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "stopped"));
    return {attached ? translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "%1 (attached)")).arg(name) : name,
            version,
            url.isEmpty() ? stopped : url,
            adminUrl.isEmpty() ? QStringLiteral("-") : adminUrl,
            QString::number(clients),
            number(rateIn),
            number(rateOut),
            startedAt > 0 ? isoTime(startedAt) : QStringLiteral("-")};
}

QStringList nodeHeaders()
{
    return {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "NODE")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "VERSION")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "URL")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "ADMIN URL")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "CLIENTS")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "MSG/S IN")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "MSG/S OUT")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "UP SINCE (UTC)"))};
}

} // namespace

QString isoTime(qint64 msSinceEpoch)
{
    if (msSinceEpoch <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString formatTable(const QStringList &headers, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    auto widen = [&widths](const QStringList &cells) {
        if (widths.size() < cells.size())
            widths.resize(cells.size(), 0);
        for (qsizetype i = 0; i < cells.size(); ++i)
            widths[i] = std::max(widths.at(i), cells.at(i).size());
    };
    widen(headers);
    for (const QStringList &row : rows)
        widen(row);
    QString text;
    auto line = [&](const QStringList &cells) {
        QString out;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            const bool last = i + 1 == cells.size();
            out += last ? cells.at(i) : cells.at(i).leftJustified(widths.at(i)) + QStringLiteral("  ");
        }
        // Cells from clients may hold line breaks: one row stays one line.
        out.replace(QLatin1Char('\n'), QLatin1Char(' '));
        while (out.endsWith(QLatin1Char(' '))) // a row whose last cells are empty
            out.chop(1);
        text += out + QLatin1Char('\n');
    };
    if (!headers.isEmpty())
        line(headers);
    for (const QStringList &row : rows)
        line(row);
    return text;
}

QJsonArray clientsJson(const Snapshot &snapshot, const QString &nodeName)
{
    QJsonArray array;
    for (const SessionRow &row : snapshot.sessions) {
        QJsonObject object = sessionRowToJson(row);
        object.insert(QStringLiteral("node"), nodeName);
        object.insert(QStringLiteral("peer"), peer(row.peerAddress, row.peerPort));
        object.insert(QStringLiteral("connectedAt"), isoTime(row.connectedAt));
        object.insert(QStringLiteral("lastSeenAt"), isoTime(row.lastSeenAt));
        object.insert(QStringLiteral("heartbeat"), heartbeatStateId(heartbeatOf(row, snapshot)));
        object.insert(QStringLiteral("rttMs"), row.rttMs < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(row.rttMs));
        // null rather than "" when none: "has no identity" reads as such in a script.
        const auto stringOrNull = [](const QString &text) {
            return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
        };
        object.insert(QStringLiteral("identity"), stringOrNull(row.identity));
        object.insert(QStringLiteral("displayName"), stringOrNull(row.displayName));
        object.insert(QStringLiteral("identityExpiresAt"), isoTimeOrNull(row.identityExpiresAt));
        array.append(object);
    }
    return array;
}

QString clientsTable(const Snapshot &snapshot)
{
    const QStringList headers{
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "ID")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "PEER")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "KIND")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "IDENTITY")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "PATH")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "CONNECTED (UTC)")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "HEARTBEAT")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "FLAPPING")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "RTT MS")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "MSG IN")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "MSG OUT")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "BYTES IN")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "BYTES OUT")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "QUEUE")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "ORIGIN")),
        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "USER AGENT")),
    };
    QList<QStringList> rows;
    for (const SessionRow &row : snapshot.sessions) {
        // The subject, as --identity and bans take it; a claimed one says so.
        const QString identity = row.identity.isEmpty() ? QStringLiteral("-")
            : row.identityVerified ? row.identity
                                   : translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "%1 (unverified)")).arg(row.identity);
        rows.append({QString::number(row.id), peer(row.peerAddress, row.peerPort),
                     ConnectionEvent::clientKindId(row.kind), identity, row.path,
                     isoTime(row.connectedAt), heartbeatStateId(heartbeatOf(row, snapshot)),
                     row.flapping ? QStringLiteral("yes") : QStringLiteral("no"),
                     row.rttMs < 0 ? QStringLiteral("-") : number(row.rttMs), QString::number(row.messagesIn),
                     QString::number(row.messagesOut), QString::number(row.bytesIn), QString::number(row.bytesOut),
                     QString::number(row.bytesToWrite), row.origin, row.userAgent});
    }
    return formatTable(headers, rows);
}

QJsonObject statusJson(const admin::HelloMessage &hello, const Snapshot &snapshot)
{
    const ServerTotals &totals = snapshot.totals;
    QJsonObject object;
    object.insert(QStringLiteral("node"), hello.node.name);
    object.insert(QStringLiteral("version"), hello.node.version);
    object.insert(QStringLiteral("url"), snapshot.url);
    object.insert(QStringLiteral("adminUrl"), hello.node.adminUrl);
    object.insert(QStringLiteral("access"), hello.readOnly ? QStringLiteral("readonly") : QStringLiteral("full"));
    object.insert(QStringLiteral("running"), !snapshot.url.isEmpty());
    object.insert(QStringLiteral("startedAt"), snapshot.startedAt > 0 ? QJsonValue(isoTime(snapshot.startedAt))
                                                                      : QJsonValue(QJsonValue::Null));
    object.insert(QStringLiteral("uptimeMs"), snapshot.startedAt > 0 ? snapshot.takenAt - snapshot.startedAt : 0);
    object.insert(QStringLiteral("clients"), totals.clientsConnected);
    object.insert(QStringLiteral("messageRateIn"), totals.messageRateIn);
    object.insert(QStringLiteral("messageRateOut"), totals.messageRateOut);
    object.insert(QStringLiteral("byteRateIn"), totals.byteRateIn);
    object.insert(QStringLiteral("byteRateOut"), totals.byteRateOut);
    object.insert(QStringLiteral("accepted"), qint64(totals.accepted));
    object.insert(QStringLiteral("rejected"), qint64(totals.rejected));
    object.insert(QStringLiteral("closed"), qint64(totals.closed));
    object.insert(QStringLiteral("messagesIn"), qint64(totals.messagesIn));
    object.insert(QStringLiteral("messagesOut"), qint64(totals.messagesOut));
    object.insert(QStringLiteral("bytesIn"), qint64(totals.bytesIn));
    object.insert(QStringLiteral("bytesOut"), qint64(totals.bytesOut));
    object.insert(QStringLiteral("bans"), int(snapshot.bans.size()));
    object.insert(QStringLiteral("cluster"), clusterJson(snapshot.cluster));
    return object;
}

QString statusText(const admin::HelloMessage &hello, const Snapshot &snapshot)
{
    const ServerTotals &totals = snapshot.totals;
    const QString stopped = translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "stopped"));
    const QList<QStringList> rows{
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Node:")), hello.node.name},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Version:")), hello.node.version},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "URL:")), snapshot.url.isEmpty() ? stopped : snapshot.url},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Admin URL:")), hello.node.adminUrl},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Access:")),
         hello.readOnly ? translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "watch only"))
                        : translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "full control"))},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Uptime:")),
         snapshot.startedAt > 0 ? duration(snapshot.takenAt - snapshot.startedAt) : stopped},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Clients:")), QString::number(totals.clientsConnected)},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Messages/s:")),
         translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "%1 in, %2 out"))
             .arg(number(totals.messageRateIn), number(totals.messageRateOut))},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Bytes/s:")),
         translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "%1 in, %2 out"))
             .arg(number(totals.byteRateIn), number(totals.byteRateOut))},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Connections:")),
         translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "%1 accepted, %2 closed, %3 refused"))
             .arg(totals.accepted)
             .arg(totals.closed)
             .arg(totals.rejected)},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Messages:")),
         translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "%1 in, %2 out")).arg(totals.messagesIn).arg(totals.messagesOut)},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Bytes:")),
         translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "%1 in, %2 out")).arg(totals.bytesIn).arg(totals.bytesOut)},
        {translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "Bans:")), QString::number(snapshot.bans.size())},
    };
    return formatTable({}, rows + clusterRows(snapshot.cluster));
}

QJsonObject eventJson(const ConnectionEvent &event)
{
    QJsonObject object = admin::connectionEventToJson(event);
    object.insert(QStringLiteral("peer"), peer(event.peerAddress, event.peerPort));
    object.insert(QStringLiteral("identity"),
                  event.identity.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(event.identity));
    object.insert(QStringLiteral("connectedAt"), isoTime(event.connectedAt));
    object.insert(QStringLiteral("endedAt"), event.endedAt > 0 ? QJsonValue(isoTime(event.endedAt))
                                                               : QJsonValue(QJsonValue::Null));
    return object;
}

QString eventsTable(const QList<ConnectionEvent> &events, bool withHeader)
{
    QStringList headers;
    if (withHeader) {
        headers = QStringList{
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "TIME (UTC)")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "EVENT")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "ID")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "PEER")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "PATH")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "ENDED BY")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "CODE")),
            translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "REASON")),
        };
    }
    QList<QStringList> rows;
    for (const ConnectionEvent &event : events) {
        const bool connected = event.kind == EventKind::Connected;
        QString code = event.httpStatus > 0 ? QStringLiteral("HTTP %1").arg(event.httpStatus)
                                            : (event.closeCode > 0 ? QString::number(event.closeCode) : QString());
        QString reason = connected ? QString() : ConnectionEvent::reasonText(event.reason);
        if (!event.closeReason.isEmpty())
            reason += QStringLiteral(" (") + event.closeReason + QLatin1Char(')');
        // A flapping client is an identity, or an address and user agent; the why is its text.
        QString who = peer(event.peerAddress, event.peerPort);
        if (event.isFlapping()) {
            who = event.identity.isEmpty() ? event.peerAddress + QLatin1Char(' ') + event.userAgent : event.identity;
            reason = event.closeReason;
        }
        rows.append({isoTime(event.time()), ConnectionEvent::kindText(event.kind),
                     event.sessionId > 0 ? QString::number(event.sessionId) : QStringLiteral("-"), who, event.path,
                     connected ? QString() : ConnectionEvent::endedByText(event.endedBy), code, reason});
    }
    return formatTable(headers, rows);
}

QJsonArray bansJson(const QList<Ban> &bans)
{
    QJsonArray array;
    for (const Ban &ban : bans) {
        array.append(QJsonObject{
            {QStringLiteral("target"), ban.target},
            {QStringLiteral("reason"), ban.reason},
            {QStringLiteral("createdAt"), isoTime(ban.createdAt)},
            {QStringLiteral("expiresAt"), ban.expiresAt > 0 ? QJsonValue(isoTime(ban.expiresAt)) : QJsonValue(QJsonValue::Null)},
        });
    }
    return array;
}

QString bansTable(const QList<Ban> &bans)
{
    QList<QStringList> rows;
    for (const Ban &ban : bans) {
        rows.append({ban.target, ban.expiresAt > 0 ? isoTime(ban.expiresAt)
                                                   : translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "until lifted")),
                     ban.reason});
    }
    return formatTable({translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "TARGET")),
                        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "EXPIRES (UTC)")),
                        translated(QT_TRANSLATE_NOOP("wsm::CtlOutput", "REASON"))},
                       rows);
}

QJsonArray nodesJson(const QList<admin::NodeInfo> &nodes)
{
    QJsonArray array;
    for (const admin::NodeInfo &node : nodes) {
        QJsonObject object = admin::nodeInfoToJson(node);
        object.insert(QStringLiteral("startedAt"), isoTimeOrNull(node.startedAt));
        object.insert(QStringLiteral("updatedAt"), QJsonValue(QJsonValue::Null));
        object.insert(QStringLiteral("attached"), array.isEmpty()); // the node answers first
        array.append(object);
    }
    return array;
}

QString nodesTable(const QList<admin::NodeInfo> &nodes)
{
    QList<QStringList> rows;
    for (const admin::NodeInfo &node : nodes) {
        rows.append(nodeRow(node.name, rows.isEmpty(), node.version, node.url, node.adminUrl, node.clients,
                            node.messageRateIn, node.messageRateOut, node.startedAt));
    }
    return formatTable(nodeHeaders(), rows);
}

QJsonArray clusterNodesJson(const ClusterStatus &cluster)
{
    QJsonArray array;
    for (const ClusterNodeInfo &node : cluster.nodes) {
        QJsonObject object = admin::clusterNodeToJson(node);
        object.remove(QStringLiteral("self"));
        object.insert(QStringLiteral("startedAt"), isoTimeOrNull(node.startedAt));
        object.insert(QStringLiteral("updatedAt"), isoTimeOrNull(node.updatedAt));
        object.insert(QStringLiteral("attached"), node.self);
        array.append(object);
    }
    return array;
}

QString clusterNodesTable(const ClusterStatus &cluster)
{
    QList<QStringList> rows;
    qint64 clients = 0;
    double rateIn = 0;
    double rateOut = 0;
    for (const ClusterNodeInfo &node : cluster.nodes) {
        rows.append(nodeRow(node.name, node.self, node.version, node.publicUrl, node.adminUrl, node.clients,
                            node.messageRateIn, node.messageRateOut, node.startedAt));
        clients += node.clients;
        rateIn += node.messageRateIn;
        rateOut += node.messageRateOut;
    }
    rows.append({QCoreApplication::translate("wsm::CtlOutput", "CLUSTER TOTAL (%n node(s))", nullptr, int(cluster.nodes.size())),
                 QString(), QString(), QString(), QString::number(clients), number(rateIn), number(rateOut), QString()});
    return formatTable(nodeHeaders(), rows);
}

QJsonObject resultJson(const admin::ResultMessage &result)
{
    QJsonObject object{{QStringLiteral("ok"), result.ok}, {QStringLiteral("message"), result.message}};
    if (!result.ok)
        object.insert(QStringLiteral("code"), result.code);
    return object;
}

} // namespace wsm::ctl
