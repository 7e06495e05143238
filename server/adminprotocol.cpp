#include "adminprotocol.h"

#include "jsonfields_p.h"
#include "snapshotdelta.h"

#include <QJsonArray>

#include <algorithm>
#include <array>

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
    return enumFromId(json, int(EventKind::Rejected) + 1, &ConnectionEvent::kindId, &event.kind);
}

bool setEndedBy(ConnectionEvent &event, const QJsonValue &json)
{
    return enumFromId(json, int(EndedBy::Server) + 1, &ConnectionEvent::endedById, &event.endedBy);
}

bool setReason(ConnectionEvent &event, const QJsonValue &json)
{
    return enumFromId(json, EndReasonCount, &ConnectionEvent::reasonId, &event.reason);
}

const std::array<Field<ConnectionEvent>, 18> EventFields{{
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

// Flags as JSON booleans (the field template writes numbers).
template<bool MessageRecord::*Member>
QJsonValue getFlag(const MessageRecord &record) { return record.*Member; }

template<bool MessageRecord::*Member>
bool setFlag(MessageRecord &record, const QJsonValue &json)
{
    if (!json.isBool())
        return false;
    record.*Member = json.toBool();
    return true;
}

const std::array<Field<MessageRecord>, 6> MessageRecordFields{{
    WSM_FIELD(MessageRecord, at, "at"),
    Field<MessageRecord>{"direction", &getDirection, &setDirection},
    Field<MessageRecord>{"binary", &getFlag<&MessageRecord::binary>, &setFlag<&MessageRecord::binary>},
    WSM_FIELD(MessageRecord, size, "size"),
    WSM_FIELD(MessageRecord, preview, "preview"),
    Field<MessageRecord>{"truncated", &getFlag<&MessageRecord::truncated>, &setFlag<&MessageRecord::truncated>},
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

#undef WSM_FIELD

// Each item of an array as an object through its field table.
template<typename Value, size_t N>
bool listFromJson(const QJsonValue &json, const char *name, QList<Value> *list,
                  const std::array<Field<Value>, N> &fields, QString *error)
{
    if (json.isUndefined())
        return true;
    if (!json.isArray()) {
        *error = QStringLiteral("\"%1\" is not an array").arg(QLatin1String(name));
        return false;
    }
    for (const QJsonValue &item : json.toArray()) {
        if (!item.isObject()) {
            *error = QStringLiteral("an item of \"%1\" is not an object").arg(QLatin1String(name));
            return false;
        }
        Value value;
        if (!fromJson(item.toObject(), &value, fields, error))
            return false;
        list->append(value);
    }
    return true;
}

template<typename Value, size_t N>
QJsonArray listToJson(const QList<Value> &list, const std::array<Field<Value>, N> &fields)
{
    QJsonArray array;
    for (const Value &value : list)
        array.append(toJson(value, fields));
    return array;
}

// An id a script wrote: a non-negative integer, exact in a double.
bool idFromJson(const QJsonValue &json, quint64 *id)
{
    if (!json.isDouble())
        return false;
    const double number = json.toDouble();
    if (number < 0 || number > 9007199254740992.0 || number != double(qint64(number)))
        return false;
    *id = quint64(number);
    return true;
}

bool intFromJson(const QJsonObject &object, const char *name, qint64 low, qint64 high, qint64 *value,
                 QString *error)
{
    const QJsonValue json = object.value(QLatin1String(name));
    if (json.isUndefined())
        return true;
    const double number = json.toDouble(-1);
    if (!json.isDouble() || number != double(qint64(number)) || number < double(low) || number > double(high)) {
        *error = QStringLiteral("\"%1\" must be an integer from %2 to %3").arg(QLatin1String(name)).arg(low).arg(high);
        return false;
    }
    *value = qint64(number);
    return true;
}

bool stringFromJson(const QJsonObject &object, const char *name, QString *value, QString *error)
{
    const QJsonValue json = object.value(QLatin1String(name));
    if (json.isUndefined())
        return true;
    if (!json.isString()) {
        *error = QStringLiteral("\"%1\" must be a string").arg(QLatin1String(name));
        return false;
    }
    *value = json.toString();
    return true;
}

const std::array<QLatin1String, 8> CommandNames{{
    QLatin1String("kick"), QLatin1String("kickAll"), QLatin1String("ban"), QLatin1String("unban"),
    QLatin1String("send"), QLatin1String("broadcast"), QLatin1String("details"), QLatin1String("nodes"),
}};

} // namespace

QStringList nodeCapabilities()
{
    return {QStringLiteral("snapshots"), QStringLiteral("events"), QStringLiteral("details"),
            QStringLiteral("control"), QStringLiteral("nodes")};
}

QJsonObject nodeInfoToJson(const NodeInfo &node)
{
    return toJson(node, NodeFields);
}

bool nodeInfoFromJson(const QJsonObject &object, NodeInfo *node, QString *error)
{
    return fromJson(object, node, NodeFields, error);
}

QJsonObject helloToJson(const HelloMessage &hello)
{
    QJsonObject object;
    object.insert(QStringLiteral("type"), Hello);
    object.insert(QStringLiteral("protocol"), hello.protocol);
    object.insert(QStringLiteral("node"), nodeInfoToJson(hello.node));
    object.insert(QStringLiteral("access"), hello.readOnly ? QStringLiteral("readonly") : QStringLiteral("full"));
    object.insert(QStringLiteral("capabilities"), QJsonArray::fromStringList(hello.capabilities));
    return object;
}

bool helloFromJson(const QJsonObject &object, HelloMessage *hello, QString *error)
{
    if (object.value(QLatin1String("type")).toString() != Hello) {
        *error = QStringLiteral("the node did not start with a hello");
        return false;
    }
    const QJsonValue protocol = object.value(QLatin1String("protocol"));
    if (!protocol.isDouble()) {
        *error = QStringLiteral("the hello has no protocol version");
        return false;
    }
    hello->protocol = protocol.toInt();
    if (!object.value(QLatin1String("node")).isObject()) {
        *error = QStringLiteral("the hello does not describe the node");
        return false;
    }
    if (!nodeInfoFromJson(object.value(QLatin1String("node")).toObject(), &hello->node, error))
        return false;
    hello->readOnly = object.value(QLatin1String("access")).toString() == QLatin1String("readonly");
    hello->capabilities.clear();
    for (const QJsonValue &capability : object.value(QLatin1String("capabilities")).toArray())
        hello->capabilities.append(capability.toString());
    return true;
}

bool requestIdFromJson(const QJsonValue &json, quint64 *id)
{
    return idFromJson(json, id);
}

QString commandName(CommandKind kind)
{
    return CommandNames[size_t(kind)];
}

bool commandIsReadOnly(CommandKind kind)
{
    return kind == CommandKind::Details || kind == CommandKind::Nodes;
}

QJsonObject commandToJson(const CommandMessage &command)
{
    QJsonObject object;
    object.insert(QStringLiteral("type"), Command);
    object.insert(QStringLiteral("id"), qint64(command.id));
    object.insert(QStringLiteral("command"), commandName(command.kind));
    switch (command.kind) {
    case CommandKind::Kick: {
        QJsonArray ids;
        for (quint64 id : command.sessionIds)
            ids.append(qint64(id));
        object.insert(QStringLiteral("sessionIds"), ids);
        Q_FALLTHROUGH();
    }
    case CommandKind::KickAll:
        object.insert(QStringLiteral("closeCode"), command.closeCode);
        object.insert(QStringLiteral("reason"), command.reason);
        object.insert(QStringLiteral("spreadMs"), command.spreadMs);
        break;
    case CommandKind::Ban:
        object.insert(QStringLiteral("target"), command.target);
        object.insert(QStringLiteral("durationMs"), command.durationMs);
        object.insert(QStringLiteral("reason"), command.reason);
        break;
    case CommandKind::Unban:
        object.insert(QStringLiteral("target"), command.target);
        break;
    case CommandKind::Send:
        object.insert(QStringLiteral("sessionId"), qint64(command.sessionId));
        Q_FALLTHROUGH();
    case CommandKind::Broadcast:
        object.insert(QStringLiteral("message"), outgoingMessageToJson(command.message));
        break;
    case CommandKind::Details:
        object.insert(QStringLiteral("sessionId"), qint64(command.sessionId));
        break;
    case CommandKind::Nodes:
        break;
    }
    return object;
}

bool commandFromJson(const QJsonObject &object, CommandMessage *command, QString *error)
{
    if (!idFromJson(object.value(QLatin1String("id")), &command->id)) {
        *error = QStringLiteral("a command needs \"id\", a non-negative integer");
        return false;
    }
    const QString name = object.value(QLatin1String("command")).toString();
    const auto found = std::find(CommandNames.begin(), CommandNames.end(), name);
    if (found == CommandNames.end()) {
        *error = name.isEmpty() ? QStringLiteral("a command needs \"command\", its name")
                                : QStringLiteral("unknown command \"%1\"").arg(name);
        return false;
    }
    command->kind = CommandKind(found - CommandNames.begin());

    const bool needsSession = command->kind == CommandKind::Send || command->kind == CommandKind::Details;
    if (needsSession && !idFromJson(object.value(QLatin1String("sessionId")), &command->sessionId)) {
        *error = QStringLiteral("\"%1\" needs \"sessionId\", a client's id").arg(name);
        return false;
    }
    if (command->kind == CommandKind::Kick) {
        const QJsonValue ids = object.value(QLatin1String("sessionIds"));
        if (!ids.isArray() || ids.toArray().isEmpty()) {
            *error = QStringLiteral("\"kick\" needs \"sessionIds\", an array of client ids");
            return false;
        }
        for (const QJsonValue &id : ids.toArray()) {
            quint64 sessionId = 0;
            if (!idFromJson(id, &sessionId)) {
                *error = QStringLiteral("\"sessionIds\" holds something that is not a client id");
                return false;
            }
            command->sessionIds.append(sessionId);
        }
    }
    qint64 closeCode = command->closeCode;
    qint64 spreadMs = command->spreadMs;
    qint64 durationMs = command->durationMs;
    // The limits the console's own dialogs hold to: kicks are 4000-4999 (the range for
    // applications), spreads at most ten minutes, bans at most a year.
    if (!intFromJson(object, "closeCode", 4000, 4999, &closeCode, error)
        || !intFromJson(object, "spreadMs", 0, 600000, &spreadMs, error)
        || !intFromJson(object, "durationMs", 0, qint64(366) * 24 * 3600 * 1000, &durationMs, error)
        || !stringFromJson(object, "reason", &command->reason, error)
        || !stringFromJson(object, "target", &command->target, error))
        return false;
    command->closeCode = int(closeCode);
    command->spreadMs = int(spreadMs);
    command->durationMs = durationMs;
    if ((command->kind == CommandKind::Ban || command->kind == CommandKind::Unban) && command->target.isEmpty()) {
        *error = QStringLiteral("\"%1\" needs \"target\", an address or a CIDR range").arg(name);
        return false;
    }
    if (command->kind == CommandKind::Send || command->kind == CommandKind::Broadcast) {
        const QJsonValue message = object.value(QLatin1String("message"));
        if (!message.isObject()) {
            *error = QStringLiteral("\"%1\" needs \"message\", an object").arg(name);
            return false;
        }
        if (!outgoingMessageFromJson(message.toObject(), &command->message, error))
            return false;
    }
    return true;
}

QJsonObject resultToJson(const ResultMessage &result)
{
    QJsonObject object;
    object.insert(QStringLiteral("type"), Result);
    object.insert(QStringLiteral("id"), qint64(result.id));
    object.insert(QStringLiteral("ok"), result.ok);
    if (!result.ok)
        object.insert(QStringLiteral("code"), result.code);
    object.insert(QStringLiteral("message"), result.message);
    if (result.hasDetails)
        object.insert(QStringLiteral("details"), clientDetailsToJson(result.details));
    if (!result.nodes.isEmpty())
        object.insert(QStringLiteral("nodes"), listToJson(result.nodes, NodeFields));
    return object;
}

bool resultFromJson(const QJsonObject &object, ResultMessage *result, QString *error)
{
    if (!idFromJson(object.value(QLatin1String("id")), &result->id)
        || !object.value(QLatin1String("ok")).isBool()) {
        *error = QStringLiteral("a result needs \"id\" and \"ok\"");
        return false;
    }
    result->ok = object.value(QLatin1String("ok")).toBool();
    result->code = object.value(QLatin1String("code")).toString();
    result->message = object.value(QLatin1String("message")).toString();
    const QJsonValue details = object.value(QLatin1String("details"));
    result->hasDetails = details.isObject();
    if (result->hasDetails && !clientDetailsFromJson(details.toObject(), &result->details, error))
        return false;
    return listFromJson(object.value(QLatin1String("nodes")), "nodes", &result->nodes, NodeFields, error);
}

QJsonObject eventsToJson(const QList<ConnectionEvent> &events, bool recent)
{
    QJsonObject object;
    object.insert(QStringLiteral("type"), Events);
    object.insert(QStringLiteral("recent"), recent);
    object.insert(QStringLiteral("events"), listToJson(events, EventFields));
    return object;
}

bool eventsFromJson(const QJsonObject &object, QList<ConnectionEvent> *events, bool *recent, QString *error)
{
    *recent = object.value(QLatin1String("recent")).toBool();
    if (!object.value(QLatin1String("events")).isArray()) {
        *error = QStringLiteral("an events message needs \"events\", an array");
        return false;
    }
    return listFromJson(object.value(QLatin1String("events")), "events", events, EventFields, error);
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
