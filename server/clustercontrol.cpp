#include "clustercontrol.h"

#include "adminprotocol.h"
#include "jsonfields_p.h"
#include "steadyclock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>
#include <array>
#include <utility>

namespace wsm {

namespace {

using jsonfields::idFromJson;

// The version of the requests and replies between nodes; a node answers one it does not know with
// a failure instead of guessing.
constexpr int ControlVersion = 1;

const std::array<QLatin1String, 3> OperationNames{{
    QLatin1String("kick"), QLatin1String("send"), QLatin1String("details"),
}};

QJsonObject parseObject(const QByteArray &payload, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
    *ok = error.error == QJsonParseError::NoError && document.isObject();
    return document.object();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The request's fields past the envelope (v, id, from); false with why for one that cannot be run.
bool requestFromJson(const QJsonObject &object, ClusterControl::Request *request, QString *error)
{
    const QString op = object.value(QLatin1String("op")).toString();
    const auto found = std::find(OperationNames.begin(), OperationNames.end(), op);
    if (found == OperationNames.end()) {
        *error = QStringLiteral("unknown operation \"%1\"").arg(op);
        return false;
    }
    request->operation = ClusterControl::Operation(found - OperationNames.begin());
    switch (request->operation) {
    case ClusterControl::Operation::Kick: {
        const QJsonValue ids = object.value(QLatin1String("sessionIds"));
        if (!ids.isArray() || ids.toArray().isEmpty()) {
            *error = QStringLiteral("a kick needs \"sessionIds\"");
            return false;
        }
        for (const QJsonValue &json : ids.toArray()) {
            quint64 id = 0;
            if (!idFromJson(json, &id)) {
                *error = QStringLiteral("\"sessionIds\" holds something that is not a client id");
                return false;
            }
            request->sessionIds.append(id);
        }
        const QJsonValue code = object.value(QLatin1String("closeCode"));
        if (!code.isDouble()) {
            *error = QStringLiteral("a kick needs \"closeCode\"");
            return false;
        }
        // Out of range is the kick's own refusal, as for the operator's local call.
        request->closeCode = code.toInt();
        request->reason = object.value(QLatin1String("reason")).toString();
        return true;
    }
    case ClusterControl::Operation::Send:
        if (!idFromJson(object.value(QLatin1String("sessionId")), &request->sessionId)) {
            *error = QStringLiteral("a send needs \"sessionId\"");
            return false;
        }
        if (!object.value(QLatin1String("message")).isObject()) {
            *error = QStringLiteral("a send needs \"message\"");
            return false;
        }
        return admin::outgoingMessageFromJson(object.value(QLatin1String("message")).toObject(), &request->message,
                                              error);
    case ClusterControl::Operation::Details:
        if (!idFromJson(object.value(QLatin1String("sessionId")), &request->sessionId)) {
            *error = QStringLiteral("details need \"sessionId\"");
            return false;
        }
        return true;
    }
    return false;
}

} // namespace

ClusterControl::ClusterControl(Bus bus, Executor executor, int replyTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_bus(std::move(bus))
    , m_executor(std::move(executor))
    , m_replyTimeoutMs(std::max(1, replyTimeoutMs))
    // A node that restarts under the same name must not take a late reply meant for its former
    // self: each run numbers its requests from its own random start.
    , m_nextId(1 + QRandomGenerator::global()->bounded(quint64(1) << 40))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ClusterControl::onTimer);
}

ClusterControl::~ClusterControl() = default;

QByteArray ClusterControl::requestChannel(const QString &node)
{
    return QByteArrayLiteral("wsmonitor:control:") + node.toUtf8();
}

QByteArray ClusterControl::replyChannel(const QString &node)
{
    return QByteArrayLiteral("wsmonitor:control-reply:") + node.toUtf8();
}

QByteArray ClusterControl::encodeRequest(quint64 id, const QString &from, const Request &request)
{
    QJsonObject object{
        {QStringLiteral("v"), ControlVersion},
        {QStringLiteral("id"), qint64(id)},
        {QStringLiteral("from"), from},
        {QStringLiteral("op"), OperationNames[size_t(request.operation)]},
    };
    switch (request.operation) {
    case Operation::Kick: {
        QJsonArray ids;
        for (quint64 sessionId : request.sessionIds)
            ids.append(qint64(sessionId));
        object.insert(QStringLiteral("sessionIds"), ids);
        object.insert(QStringLiteral("closeCode"), request.closeCode);
        object.insert(QStringLiteral("reason"), request.reason);
        break;
    }
    case Operation::Send:
        object.insert(QStringLiteral("sessionId"), qint64(request.sessionId));
        object.insert(QStringLiteral("message"), admin::outgoingMessageToJson(request.message));
        break;
    case Operation::Details:
        object.insert(QStringLiteral("sessionId"), qint64(request.sessionId));
        break;
    }
    return compact(object);
}

QByteArray ClusterControl::encodeReply(quint64 id, const QString &from, const Reply &reply)
{
    QJsonObject object{
        {QStringLiteral("v"), ControlVersion},
        {QStringLiteral("id"), qint64(id)},
        {QStringLiteral("from"), from},
        {QStringLiteral("ok"), reply.ok},
        {QStringLiteral("message"), reply.message},
    };
    if (reply.hasDetails)
        object.insert(QStringLiteral("details"), admin::clientDetailsToJson(reply.details));
    return compact(object);
}

void ClusterControl::ask(const QString &node, const Request &request, ReplyHandler onReply)
{
    if (node == m_bus.nodeName) {
        onReply(m_executor(request));
        return;
    }
    Reply refusal;
    if (m_bus.isUp && !m_bus.isUp()) {
        refusal.message = tr("The cluster link is down: node %1 cannot be reached.").arg(node);
        onReply(refusal);
        return;
    }
    if (m_bus.knowsNode && !m_bus.knowsNode(node)) {
        refusal.message = tr("There is no node named %1 in the cluster.").arg(node);
        onReply(refusal);
        return;
    }
    if (m_pending.size() >= MaxPending) {
        ++m_refused;
        refusal.message = tr("Too many requests to other nodes are waiting for an answer (%1): try again in a moment.")
                              .arg(MaxPending);
        onReply(refusal);
        return;
    }
    const quint64 id = m_nextId++;
    if (!m_bus.publish(requestChannel(node), encodeRequest(id, m_bus.nodeName, request))) {
        refusal.message = tr("The request for node %1 could not be sent: the cluster link is down or too busy.").arg(node);
        onReply(refusal);
        return;
    }
    m_pending.insert(id, {node, std::move(onReply), steadyNowMs() + m_replyTimeoutMs});
    armTimer();
}

void ClusterControl::onRequestMessage(const QByteArray &payload)
{
    bool parsed = false;
    const QJsonObject object = parseObject(payload, &parsed);
    quint64 id = 0;
    const QString from = object.value(QLatin1String("from")).toString();
    // Without an id and a sender nobody can be answered.
    if (!parsed || !idFromJson(object.value(QLatin1String("id")), &id) || from.isEmpty()) {
        ++m_malformed;
        qWarning("wsmonitor: cluster control: a request that cannot be read: %s", payload.left(200).constData());
        return;
    }
    Reply reply;
    Request request;
    QString error;
    if (object.value(QLatin1String("v")).toInt() != ControlVersion) {
        ++m_malformed;
        reply.message = tr("Node %1 does not understand this request (version %2; it knows %3): update it.")
                            .arg(m_bus.nodeName)
                            .arg(object.value(QLatin1String("v")).toInt())
                            .arg(ControlVersion);
    } else if (!requestFromJson(object, &request, &error)) {
        ++m_malformed;
        reply.message = tr("Node %1 could not read the request: %2").arg(m_bus.nodeName, error);
    } else {
        ++m_served;
        reply = m_executor(request);
    }
    m_bus.publish(replyChannel(from), encodeReply(id, m_bus.nodeName, reply));
}

void ClusterControl::onReplyMessage(const QByteArray &payload)
{
    bool parsed = false;
    const QJsonObject object = parseObject(payload, &parsed);
    quint64 id = 0;
    if (!parsed || !idFromJson(object.value(QLatin1String("id")), &id)
        || !object.value(QLatin1String("ok")).isBool()) {
        ++m_malformed;
        qWarning("wsmonitor: cluster control: a reply that cannot be read: %s", payload.left(200).constData());
        return;
    }
    const auto it = m_pending.find(id);
    // Late (answered by the timeout already), or not for the node we asked: not ours.
    if (it == m_pending.end() || object.value(QLatin1String("from")).toString() != it->node)
        return;
    Reply reply;
    reply.ok = object.value(QLatin1String("ok")).toBool();
    reply.message = object.value(QLatin1String("message")).toString();
    const QJsonValue details = object.value(QLatin1String("details"));
    if (details.isObject()) {
        QString error;
        reply.hasDetails = admin::clientDetailsFromJson(details.toObject(), &reply.details, &error);
        if (!reply.hasDetails) {
            ++m_malformed;
            reply.ok = false;
            reply.message = tr("Node %1 answered with details that cannot be read: %2").arg(it->node, error);
        }
    }
    const ReplyHandler onReply = std::move(it->onReply);
    m_pending.erase(it);
    armTimer();
    onReply(reply);
}

void ClusterControl::failPending(const QString &why)
{
    const QMap<quint64, Pending> pending = std::exchange(m_pending, {});
    m_timer.stop();
    Reply reply;
    reply.message = why;
    for (const Pending &request : pending)
        request.onReply(reply);
}

void ClusterControl::onTimer()
{
    const qint64 now = steadyNowMs();
    QList<Pending> expired;
    while (!m_pending.isEmpty() && m_pending.first().deadlineMs <= now)
        expired.append(m_pending.take(m_pending.firstKey()));
    armTimer();
    for (const Pending &request : std::as_const(expired)) {
        ++m_timedOut;
        Reply reply;
        reply.message = tr("Node %1 did not answer within %2 s.")
                            .arg(request.node, QLocale().toString(m_replyTimeoutMs / 1000.0, 'g', 3));
        request.onReply(reply);
    }
}

void ClusterControl::armTimer()
{
    if (m_pending.isEmpty()) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(std::max<qint64>(0, m_pending.first().deadlineMs - steadyNowMs())));
}

} // namespace wsm
