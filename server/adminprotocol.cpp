#include "adminprotocol.h"

#include "jsonfields_p.h"
#include "snapshotdelta.h"

#include <QJsonArray>

#include <algorithm>
#include <array>

namespace wsm::admin {

namespace {

using namespace jsonfields;

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
            QStringLiteral("control"), QStringLiteral("nodes"), ClusterControlCapability};
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

bool commandTakesNode(CommandKind kind)
{
    return kind == CommandKind::Kick || kind == CommandKind::Send || kind == CommandKind::Details;
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
    if (!command.node.isEmpty() && commandTakesNode(command.kind))
        object.insert(QStringLiteral("node"), command.node);
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
    if (!stringFromJson(object, "node", &command->node, error))
        return false;
    if (!command->node.isEmpty() && !commandTakesNode(command->kind)) {
        // Acting on this node instead would be the wrong thing done quietly.
        *error = QStringLiteral("\"%1\" does not take \"node\"; kick, send and details do").arg(name);
        return false;
    }
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
        object.insert(QStringLiteral("nodes"), listToJson(result.nodes, &nodeInfoToJson));
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
    return listFromJson(object.value(QLatin1String("nodes")), "nodes", &result->nodes, &nodeInfoFromJson, error);
}

QJsonObject eventsToJson(const QList<ConnectionEvent> &events, bool recent)
{
    QJsonObject object;
    object.insert(QStringLiteral("type"), Events);
    object.insert(QStringLiteral("recent"), recent);
    object.insert(QStringLiteral("events"), listToJson(events, &connectionEventToJson));
    return object;
}

bool eventsFromJson(const QJsonObject &object, QList<ConnectionEvent> *events, bool *recent, QString *error)
{
    *recent = object.value(QLatin1String("recent")).toBool();
    if (!object.value(QLatin1String("events")).isArray()) {
        *error = QStringLiteral("an events message needs \"events\", an array");
        return false;
    }
    // An event of a kind this version does not know (a later node's) is skipped, not the batch.
    const auto knownKind = [](const QJsonValue &kind) {
        for (int i = 0; i < EventKindCount; ++i) {
            if (ConnectionEvent::kindId(EventKind(i)) == kind.toString())
                return true;
        }
        return false;
    };
    for (const QJsonValue &item : object.value(QLatin1String("events")).toArray()) {
        const QJsonValue kind = item.toObject().value(QLatin1String("kind"));
        if (kind.isString() && !knownKind(kind))
            continue;
        if (!item.isObject()) {
            *error = QStringLiteral("an item of \"events\" is not an object");
            return false;
        }
        ConnectionEvent event;
        if (!connectionEventFromJson(item.toObject(), &event, error))
            return false;
        events->append(event);
    }
    return true;
}

} // namespace wsm::admin
