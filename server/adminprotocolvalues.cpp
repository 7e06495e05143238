#include "adminprotocol.h"

#include "jsonfields_p.h"
#include "snapshotdelta.h"

#include <QJsonArray>

#include <array>

// The plain values the admin messages carry (a node, a connection event, a client's details, an
// operator's message) as JSON; adminprotocol.cpp holds the messages around them.
namespace wsm::admin {

namespace {

using namespace jsonfields;

QJsonValue getEventKind(const ConnectionEvent &event) { return ConnectionEvent::kindId(event.kind); }
QJsonValue getEndedBy(const ConnectionEvent &event) { return ConnectionEvent::endedById(event.endedBy); }
QJsonValue getReason(const ConnectionEvent &event) { return ConnectionEvent::reasonId(event.reason); }

// An enum back from its stable id, by trying each value: the lists are short.
template<typename Enum>
bool enumFromId(const QJsonValue &json, int count, QString (*id)(Enum), Enum *value)
{
    const QString text = json.toString();
    for (int i = 0; i < count; ++i) {
        if (id(Enum(i)) == text) {
            *value = Enum(i);
            return true;
        }
    }
    return false;
}

bool setEventKind(ConnectionEvent &event, const QJsonValue &json)
{
    return enumFromId(json, EventKindCount, &ConnectionEvent::kindId, &event.kind);
}

bool setEndedBy(ConnectionEvent &event, const QJsonValue &json)
{
    return enumFromId(json, int(EndedBy::Server) + 1, &ConnectionEvent::endedById, &event.endedBy);
}

bool setReason(ConnectionEvent &event, const QJsonValue &json)
{
    return enumFromId(json, EndReasonCount, &ConnectionEvent::reasonId, &event.reason);
}

QJsonValue getClientKind(const ConnectionEvent &event) { return ConnectionEvent::clientKindId(event.clientKind); }

bool setClientKind(ConnectionEvent &event, const QJsonValue &json)
{
    return enumFromId(json, int(ClientKind::Sse) + 1, &ConnectionEvent::clientKindId, &event.clientKind);
}

const std::array<Field<ConnectionEvent>, 20> EventFields{{
    Field<ConnectionEvent>{"kind", &getEventKind, &setEventKind},
    WSM_FIELD(ConnectionEvent, sessionId, "sessionId"),
    WSM_FIELD(ConnectionEvent, peerAddress, "peerAddress"),
    WSM_FIELD(ConnectionEvent, peerPort, "peerPort"),
    WSM_FIELD(ConnectionEvent, path, "path"),
    WSM_FIELD(ConnectionEvent, origin, "origin"),
    WSM_FIELD(ConnectionEvent, userAgent, "userAgent"),
    WSM_FIELD(ConnectionEvent, connectedAt, "connectedAt"),
    WSM_FIELD(ConnectionEvent, endedAt, "endedAt"),
    Field<ConnectionEvent>{"endedBy", &getEndedBy, &setEndedBy},
    Field<ConnectionEvent>{"reason", &getReason, &setReason},
    WSM_FIELD(ConnectionEvent, closeCode, "closeCode"),
    WSM_FIELD(ConnectionEvent, httpStatus, "httpStatus"),
    WSM_FIELD(ConnectionEvent, closeReason, "closeReason"),
    WSM_FIELD(ConnectionEvent, messagesIn, "messagesIn"),
    WSM_FIELD(ConnectionEvent, messagesOut, "messagesOut"),
    WSM_FIELD(ConnectionEvent, bytesIn, "bytesIn"),
    WSM_FIELD(ConnectionEvent, bytesOut, "bytesOut"),
    Field<ConnectionEvent>{"clientKind", &getClientKind, &setClientKind},
    WSM_FIELD(ConnectionEvent, identity, "identity"),
}};

QJsonValue getDirection(const MessageRecord &record)
{
    return record.direction == MessageRecord::Direction::In ? QStringLiteral("in") : QStringLiteral("out");
}

bool setDirection(MessageRecord &record, const QJsonValue &json)
{
    if (json.toString() == QLatin1String("in"))
        record.direction = MessageRecord::Direction::In;
    else if (json.toString() == QLatin1String("out"))
        record.direction = MessageRecord::Direction::Out;
    else
        return false;
    return true;
}

const std::array<Field<MessageRecord>, 6> MessageRecordFields{{
    WSM_FIELD(MessageRecord, at, "at"),
    Field<MessageRecord>{"direction", &getDirection, &setDirection},
    WSM_FLAG(MessageRecord, binary, "binary"),
    WSM_FIELD(MessageRecord, size, "size"),
    WSM_FIELD(MessageRecord, preview, "preview"),
    WSM_FLAG(MessageRecord, truncated, "truncated"),
}};

const std::array<Field<RttSample>, 2> RttFields{{
    WSM_FIELD(RttSample, at, "at"),
    WSM_FIELD(RttSample, ms, "ms"),
}};

const std::array<Field<NodeInfo>, 8> NodeFields{{
    WSM_FIELD(NodeInfo, name, "name"),
    WSM_FIELD(NodeInfo, version, "version"),
    WSM_FIELD(NodeInfo, url, "url"),
    WSM_FIELD(NodeInfo, adminUrl, "adminUrl"),
    WSM_FIELD(NodeInfo, startedAt, "startedAt"),
    WSM_FIELD(NodeInfo, clients, "clients"),
    WSM_FIELD(NodeInfo, messageRateIn, "messageRateIn"),
    WSM_FIELD(NodeInfo, messageRateOut, "messageRateOut"),
}};

const std::array<Field<ClusterNodeInfo>, 10> ClusterNodeFields{{
    WSM_FIELD(ClusterNodeInfo, name, "name"),
    WSM_FIELD(ClusterNodeInfo, version, "version"),
    WSM_FIELD(ClusterNodeInfo, publicUrl, "url"),
    WSM_FIELD(ClusterNodeInfo, adminUrl, "adminUrl"),
    WSM_FIELD(ClusterNodeInfo, clients, "clients"),
    WSM_FIELD(ClusterNodeInfo, messageRateIn, "messageRateIn"),
    WSM_FIELD(ClusterNodeInfo, messageRateOut, "messageRateOut"),
    WSM_FIELD(ClusterNodeInfo, startedAt, "startedAt"),
    WSM_FIELD(ClusterNodeInfo, updatedAt, "updatedAt"),
    WSM_FLAG(ClusterNodeInfo, self, "self"),
}};

QJsonValue getClusterNodes(const ClusterStatus &status)
{
    return listToJson(status.nodes, ClusterNodeFields);
}

bool setClusterNodes(ClusterStatus &status, const QJsonValue &json)
{
    QList<ClusterNodeInfo> nodes;
    QString error;
    if (!listFromJson(json, "nodes", &nodes, ClusterNodeFields, &error))
        return false;
    status.nodes = nodes;
    return true;
}

const std::array<Field<ClusterStatus>, 11> ClusterFields{{
    WSM_FLAG(ClusterStatus, enabled, "enabled"),
    WSM_FLAG(ClusterStatus, linkUp, "linkUp"),
    WSM_FIELD(ClusterStatus, redisUrl, "redisUrl"),
    WSM_FIELD(ClusterStatus, nodeName, "nodeName"),
    WSM_FIELD(ClusterStatus, linkChangedAt, "linkChangedAt"),
    WSM_FIELD(ClusterStatus, lastError, "lastError"),
    Field<ClusterStatus>{"nodes", &getClusterNodes, &setClusterNodes},
    WSM_FIELD(ClusterStatus, messagesPublished, "messagesPublished"),
    WSM_FIELD(ClusterStatus, messagesReceived, "messagesReceived"),
    WSM_FIELD(ClusterStatus, messagesDropped, "messagesDropped"),
    WSM_FIELD(ClusterStatus, linkFailures, "linkFailures"),
}};

#undef WSM_FIELD
#undef WSM_FLAG

} // namespace

QJsonObject clusterStatusToJson(const ClusterStatus &status)
{
    return toJson(status, ClusterFields);
}

bool clusterStatusFromJson(const QJsonObject &object, ClusterStatus *status, QString *error)
{
    return fromJson(object, status, ClusterFields, error);
}

QJsonObject clusterNodeToJson(const ClusterNodeInfo &node)
{
    return toJson(node, ClusterNodeFields);
}

QJsonObject nodeInfoToJson(const NodeInfo &node)
{
    return toJson(node, NodeFields);
}

bool nodeInfoFromJson(const QJsonObject &object, NodeInfo *node, QString *error)
{
    return fromJson(object, node, NodeFields, error);
}

QJsonObject connectionEventToJson(const ConnectionEvent &event)
{
    return toJson(event, EventFields);
}

bool connectionEventFromJson(const QJsonObject &object, ConnectionEvent *event, QString *error)
{
    return fromJson(object, event, EventFields, error);
}

QJsonObject clientDetailsToJson(const ClientDetails &details)
{
    QJsonObject object;
    object.insert(QStringLiteral("sessionId"), qint64(details.sessionId));
    object.insert(QStringLiteral("found"), details.found);
    if (!details.found)
        return object;
    object.insert(QStringLiteral("row"), sessionRowToJson(details.row));
    object.insert(QStringLiteral("requestLine"), details.requestLine);
    QJsonArray headers;
    for (const auto &header : details.requestHeaders)
        headers.append(QJsonArray{header.first, header.second});
    object.insert(QStringLiteral("requestHeaders"), headers);
    object.insert(QStringLiteral("rttHistory"), listToJson(details.rttHistory, RttFields));
    object.insert(QStringLiteral("messages"), listToJson(details.messages, MessageRecordFields));
    return object;
}

bool clientDetailsFromJson(const QJsonObject &object, ClientDetails *details, QString *error)
{
    if (!idFromJson(object.value(QLatin1String("sessionId")), &details->sessionId)
        || !object.value(QLatin1String("found")).isBool()) {
        *error = QStringLiteral("client details need \"sessionId\" and \"found\"");
        return false;
    }
    details->found = object.value(QLatin1String("found")).toBool();
    if (!details->found)
        return true;
    const QJsonObject row = object.value(QLatin1String("row")).toObject();
    if (!idFromJson(row.value(QLatin1String("id")), &details->row.id)
        || !updateSessionRowFromJson(row, &details->row, error)) {
        if (error->isEmpty())
            *error = QStringLiteral("client details need \"row\" with its \"id\"");
        return false;
    }
    details->requestLine = object.value(QLatin1String("requestLine")).toString();
    for (const QJsonValue &header : object.value(QLatin1String("requestHeaders")).toArray()) {
        const QJsonArray pair = header.toArray();
        if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString()) {
            *error = QStringLiteral("a request header is not a [name, value] pair");
            return false;
        }
        details->requestHeaders.append({pair.at(0).toString(), pair.at(1).toString()});
    }
    return listFromJson(object.value(QLatin1String("rttHistory")), "rttHistory", &details->rttHistory,
                        RttFields, error)
        && listFromJson(object.value(QLatin1String("messages")), "messages", &details->messages,
                        MessageRecordFields, error);
}

QJsonObject outgoingMessageToJson(const OutgoingMessage &message)
{
    QJsonObject object;
    if (message.isBinary()) {
        object.insert(QStringLiteral("kind"), QStringLiteral("binary"));
        object.insert(QStringLiteral("base64"), QString::fromLatin1(message.data.toBase64()));
    } else {
        object.insert(QStringLiteral("kind"), QStringLiteral("text"));
        object.insert(QStringLiteral("text"), message.text);
    }
    return object;
}

bool outgoingMessageFromJson(const QJsonObject &object, OutgoingMessage *message, QString *error)
{
    const QString kind = object.value(QLatin1String("kind")).toString(QStringLiteral("text"));
    if (kind == QLatin1String("text")) {
        if (!object.value(QLatin1String("text")).isString()) {
            *error = QStringLiteral("a text message needs \"text\", a string");
            return false;
        }
        *message = OutgoingMessage::fromText(object.value(QLatin1String("text")).toString());
        return true;
    }
    if (kind == QLatin1String("binary")) {
        const auto decoded = QByteArray::fromBase64Encoding(object.value(QLatin1String("base64")).toString().toLatin1(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!object.value(QLatin1String("base64")).isString() || !decoded) {
            *error = QStringLiteral("a binary message needs \"base64\", its bytes in base64");
            return false;
        }
        *message = OutgoingMessage::fromBinary(*decoded);
        return true;
    }
    *error = QStringLiteral("a message's \"kind\" is \"text\" or \"binary\"");
    return false;
}

} // namespace wsm::admin
