// The admin channel's codec (server/adminprotocol.h): every message written and read back equal,
// commands that must be refused refused with the right words, and the examples of
// docs/admin-protocol.md both present in the document and read by the codec.

#include "adminprotocol.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace wsm;
using namespace wsm::admin;

Q_DECLARE_METATYPE(wsm::admin::CommandMessage)

namespace {

QJsonObject parsed(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

// Through text, as on the wire.
QJsonObject viaText(const QJsonObject &object)
{
    return parsed(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

CommandMessage command(CommandKind kind)
{
    CommandMessage c;
    c.id = 42;
    c.kind = kind;
    return c;
}

NodeInfo sampleNode(const QString &name)
{
    NodeInfo node;
    node.name = name;
    node.version = QStringLiteral("0.1.0");
    node.url = QStringLiteral("ws://0.0.0.0:8080/");
    node.adminUrl = QStringLiteral("ws://127.0.0.1:9090/");
    node.startedAt = 1764843000000;
    node.clients = 12;
    node.messageRateIn = 40.5;
    node.messageRateOut = 20.25;
    return node;
}

bool sameNode(const NodeInfo &a, const NodeInfo &b)
{
    return a.name == b.name && a.version == b.version && a.url == b.url && a.adminUrl == b.adminUrl
        && a.startedAt == b.startedAt && a.clients == b.clients && a.messageRateIn == b.messageRateIn
        && a.messageRateOut == b.messageRateOut;
}

QString documentText()
{
    QFile file(QStringLiteral(WSM_ADMIN_PROTOCOL_DOC));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).simplified();
}

} // namespace

class tst_AdminProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helloRoundTrip_data();
    void helloRoundTrip();
    void commandRoundTrip_data();
    void commandRoundTrip();
    void emptyNodeIsThisNode();
    void invalidCommandRefused_data();
    void invalidCommandRefused();
    void resultRoundTrip();
    void resultWithDetailsRoundTrip();
    void resultWithNodesRoundTrip();
    void eventsRoundTrip();
    void outgoingMessageRoundTrip_data();
    void outgoingMessageRoundTrip();
    void documentExamplesParse_data();
    void documentExamplesParse();
};

void tst_AdminProtocol::helloRoundTrip_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::newRow("full") << false;
    QTest::newRow("read-only") << true;
}

void tst_AdminProtocol::helloRoundTrip()
{
    QFETCH(bool, readOnly);
    HelloMessage hello;
    hello.node = sampleNode(QStringLiteral("edge-1:8080"));
    hello.readOnly = readOnly;
    hello.capabilities = nodeCapabilities();
    const QJsonObject json = viaText(helloToJson(hello));
    QCOMPARE(json.value(QLatin1String("access")).toString(), readOnly ? QStringLiteral("readonly") : QStringLiteral("full"));
    HelloMessage back;
    QString error;
    QVERIFY2(helloFromJson(json, &back, &error), qPrintable(error));
    QCOMPARE(back.protocol, ProtocolVersion);
    QCOMPARE(back.readOnly, readOnly);
    QCOMPARE(back.capabilities, nodeCapabilities());
    QVERIFY(sameNode(back.node, hello.node));
}

void tst_AdminProtocol::commandRoundTrip_data()
{
    QTest::addColumn<CommandMessage>("command");
    CommandMessage kick = command(CommandKind::Kick);
    kick.sessionIds = {12, 14};
    kick.closeCode = 4321;
    kick.reason = QStringLiteral("maintenance 维护");
    kick.spreadMs = 1500;
    QTest::newRow("kick") << kick;
    CommandMessage kickAll = command(CommandKind::KickAll);
    kickAll.closeCode = 4999;
    kickAll.reason = QStringLiteral("all");
    kickAll.spreadMs = 600000;
    QTest::newRow("kickAll") << kickAll;
    CommandMessage ban = command(CommandKind::Ban);
    ban.target = QStringLiteral("10.0.0.0/8");
    ban.durationMs = 3600000;
    ban.reason = QStringLiteral("abuse");
    QTest::newRow("ban") << ban;
    CommandMessage unban = command(CommandKind::Unban);
    unban.target = QStringLiteral("2001:db8::1");
    QTest::newRow("unban") << unban;
    CommandMessage send = command(CommandKind::Send);
    send.sessionId = 9007199254740991ULL; // 2^53 - 1: the largest exact id
    send.message = OutgoingMessage::fromText(QStringLiteral("hello"));
    QTest::newRow("send text") << send;
    CommandMessage broadcast = command(CommandKind::Broadcast);
    broadcast.message = OutgoingMessage::fromBinary(QByteArray("\x00\xff\x10", 3));
    QTest::newRow("broadcast binary") << broadcast;
    CommandMessage details = command(CommandKind::Details);
    details.sessionId = 3;
    QTest::newRow("details") << details;
    QTest::newRow("nodes") << command(CommandKind::Nodes);
    CommandMessage kickOnNode = kick;
    kickOnNode.node = QStringLiteral("edge-3");
    QTest::newRow("kick on another node") << kickOnNode;
    CommandMessage sendOnNode = send;
    sendOnNode.node = QStringLiteral("节点 3:8080");
    QTest::newRow("send on another node") << sendOnNode;
    CommandMessage detailsOnNode = details;
    detailsOnNode.node = QStringLiteral("edge-3");
    QTest::newRow("details on another node") << detailsOnNode;
}

void tst_AdminProtocol::commandRoundTrip()
{
    QFETCH(CommandMessage, command);
    const QJsonObject json = viaText(commandToJson(command));
    QCOMPARE(json.value(QLatin1String("command")).toString(), commandName(command.kind));
    CommandMessage back;
    QString error;
    QVERIFY2(commandFromJson(json, &back, &error), qPrintable(error));
    QCOMPARE(back.id, command.id);
    QCOMPARE(back.kind, command.kind);
    QCOMPARE(back.sessionIds, command.sessionIds);
    QCOMPARE(back.sessionId, command.sessionId);
    QCOMPARE(back.closeCode, command.closeCode);
    QCOMPARE(back.reason, command.reason);
    QCOMPARE(back.spreadMs, command.spreadMs);
    QCOMPARE(back.target, command.target);
    QCOMPARE(back.durationMs, command.durationMs);
    QCOMPARE(back.message.isBinary(), command.message.isBinary());
    QCOMPARE(back.message.text, command.message.text);
    QCOMPARE(back.message.data, command.message.data);
    QCOMPARE(back.node, command.node);
    // Written only when it names a node: a node that does not know the field gets nothing new.
    QCOMPARE(json.contains(QLatin1String("node")), !command.node.isEmpty());
}

void tst_AdminProtocol::emptyNodeIsThisNode()
{
    // Any command may carry an empty "node": it names the node the command is given to.
    CommandMessage back;
    QString error;
    QVERIFY2(commandFromJson(parsed(R"({"type":"command","id":7,"command":"kickAll","node":""})"), &back, &error),
             qPrintable(error));
    QVERIFY(back.node.isEmpty());
    QVERIFY(commandTakesNode(CommandKind::Kick) && commandTakesNode(CommandKind::Send)
            && commandTakesNode(CommandKind::Details));
    QVERIFY(!commandTakesNode(CommandKind::KickAll) && !commandTakesNode(CommandKind::Ban)
            && !commandTakesNode(CommandKind::Broadcast) && !commandTakesNode(CommandKind::Nodes));
    QVERIFY(nodeCapabilities().contains(ClusterControlCapability));
}

void tst_AdminProtocol::invalidCommandRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("idKept");      // the id was valid: the refusal is a result for it
    QTest::addColumn<QString>("errorHas"); // words the error must contain
    QTest::newRow("no id") << QByteArray(R"({"type":"command","command":"nodes"})") << false << "\"id\"";
    QTest::newRow("negative id") << QByteArray(R"({"type":"command","id":-1,"command":"nodes"})") << false << "\"id\"";
    QTest::newRow("fractional id") << QByteArray(R"({"type":"command","id":1.5,"command":"nodes"})") << false << "\"id\"";
    QTest::newRow("id as a string") << QByteArray(R"({"type":"command","id":"7","command":"nodes"})") << false << "\"id\"";
    QTest::newRow("id past 2^53") << QByteArray(R"({"type":"command","id":1e300,"command":"nodes"})") << false << "\"id\"";
    QTest::newRow("unknown command") << QByteArray(R"({"type":"command","id":7,"command":"reboot"})") << true << "reboot";
    QTest::newRow("no command name") << QByteArray(R"({"type":"command","id":7})") << true << "\"command\"";
    QTest::newRow("kick without ids") << QByteArray(R"({"type":"command","id":7,"command":"kick"})") << true << "sessionIds";
    QTest::newRow("kick with an empty list") << QByteArray(R"({"type":"command","id":7,"command":"kick","sessionIds":[]})") << true << "sessionIds";
    QTest::newRow("kick with a bad id") << QByteArray(R"({"type":"command","id":7,"command":"kick","sessionIds":["x"]})") << true << "sessionIds";
    QTest::newRow("close code below 4000") << QByteArray(R"({"type":"command","id":7,"command":"kickAll","closeCode":1000})") << true << "closeCode";
    QTest::newRow("close code above 4999") << QByteArray(R"({"type":"command","id":7,"command":"kickAll","closeCode":5000})") << true << "closeCode";
    QTest::newRow("spread over ten minutes") << QByteArray(R"({"type":"command","id":7,"command":"kickAll","spreadMs":600001})") << true << "spreadMs";
    QTest::newRow("ban without target") << QByteArray(R"({"type":"command","id":7,"command":"ban"})") << true << "target";
    QTest::newRow("ban over a year") << QByteArray(R"({"type":"command","id":7,"command":"ban","target":"1.2.3.4","durationMs":1e12})") << true << "durationMs";
    QTest::newRow("unban without target") << QByteArray(R"({"type":"command","id":7,"command":"unban"})") << true << "target";
    QTest::newRow("send without session") << QByteArray(R"({"type":"command","id":7,"command":"send","message":{"kind":"text","text":"x"}})") << true << "sessionId";
    QTest::newRow("send without message") << QByteArray(R"({"type":"command","id":7,"command":"send","sessionId":1})") << true << "message";
    QTest::newRow("broadcast of an unknown kind") << QByteArray(R"({"type":"command","id":7,"command":"broadcast","message":{"kind":"video"}})") << true << "kind";
    QTest::newRow("broadcast of bad base64") << QByteArray(R"({"type":"command","id":7,"command":"broadcast","message":{"kind":"binary","base64":"@@"}})") << true << "base64";
    QTest::newRow("details without session") << QByteArray(R"({"type":"command","id":7,"command":"details"})") << true << "sessionId";
    QTest::newRow("reason not a string") << QByteArray(R"({"type":"command","id":7,"command":"kickAll","reason":4})") << true << "reason";
    QTest::newRow("node not a string") << QByteArray(R"({"type":"command","id":7,"command":"details","sessionId":1,"node":3})") << true << "\"node\"";
    QTest::newRow("kickAll on a node") << QByteArray(R"({"type":"command","id":7,"command":"kickAll","node":"edge-3"})") << true << "does not take \"node\"";
    QTest::newRow("ban on a node") << QByteArray(R"({"type":"command","id":7,"command":"ban","target":"1.2.3.4","node":"edge-3"})") << true << "does not take \"node\"";
    QTest::newRow("broadcast on a node") << QByteArray(R"({"type":"command","id":7,"command":"broadcast","message":{"kind":"text","text":"x"},"node":"edge-3"})") << true << "does not take \"node\"";
}

void tst_AdminProtocol::invalidCommandRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, idKept);
    QFETCH(QString, errorHas);
    const QJsonObject object = parsed(json);
    quint64 id = 0;
    QCOMPARE(requestIdFromJson(object.value(QLatin1String("id")), &id), idKept);
    CommandMessage back;
    QString error;
    QVERIFY(!commandFromJson(object, &back, &error));
    QVERIFY2(error.contains(errorHas), qPrintable(error));
    if (idKept)
        QCOMPARE(back.id, 7u);
}

void tst_AdminProtocol::resultRoundTrip()
{
    ResultMessage result;
    result.id = 8;
    result.code = Forbidden;
    result.message = QStringLiteral("this token may only watch: commands are refused");
    ResultMessage back;
    QString error;
    QVERIFY2(resultFromJson(viaText(resultToJson(result)), &back, &error), qPrintable(error));
    QCOMPARE(back.id, 8u);
    QCOMPARE(back.ok, false);
    QCOMPARE(back.code, QString(Forbidden));
    QCOMPARE(back.message, result.message);
    QVERIFY(!back.hasDetails);
    QVERIFY(back.nodes.isEmpty());
}

void tst_AdminProtocol::resultWithDetailsRoundTrip()
{
    ResultMessage result;
    result.id = 9;
    result.ok = true;
    result.hasDetails = true;
    ClientDetails &details = result.details;
    details.sessionId = 5;
    details.found = true;
    details.row.id = 5;
    details.row.peerAddress = QStringLiteral("127.0.0.1");
    details.row.peerPort = 40000;
    details.row.messagesIn = 3;
    details.row.rttMs = 1.5;
    details.requestLine = QStringLiteral("GET /chat HTTP/1.1");
    details.requestHeaders = {{QStringLiteral("Host"), QStringLiteral("x")}, {QStringLiteral("Origin"), QStringLiteral("o")}};
    details.rttHistory = {{1000, 1.5}, {2000, 2.25}};
    MessageRecord record;
    record.at = 1234;
    record.direction = MessageRecord::Direction::Out;
    record.binary = true;
    record.size = 300;
    record.preview = QStringLiteral("00 ff");
    record.truncated = true;
    details.messages = {record};

    ResultMessage back;
    QString error;
    QVERIFY2(resultFromJson(viaText(resultToJson(result)), &back, &error), qPrintable(error));
    QVERIFY(back.hasDetails);
    const ClientDetails &d = back.details;
    QCOMPARE(d.sessionId, 5u);
    QVERIFY(d.found);
    QCOMPARE(d.row.id, 5u);
    QCOMPARE(d.row.peerAddress, details.row.peerAddress);
    QCOMPARE(d.row.peerPort, details.row.peerPort);
    QCOMPARE(d.row.messagesIn, 3u);
    QCOMPARE(d.row.rttMs, 1.5);
    QCOMPARE(d.requestLine, details.requestLine);
    QCOMPARE(d.requestHeaders, details.requestHeaders);
    QCOMPARE(d.rttHistory.size(), 2);
    QCOMPARE(d.rttHistory.at(1).ms, 2.25);
    QCOMPARE(d.messages.size(), 1);
    QCOMPARE(d.messages.first().direction, MessageRecord::Direction::Out);
    QCOMPARE(d.messages.first().binary, true);
    QCOMPARE(d.messages.first().size, 300);
    QCOMPARE(d.messages.first().preview, record.preview);
    QCOMPARE(d.messages.first().truncated, true);
}

void tst_AdminProtocol::resultWithNodesRoundTrip()
{
    ResultMessage result;
    result.id = 10;
    result.ok = true;
    result.nodes = {sampleNode(QStringLiteral("a")), sampleNode(QStringLiteral("b"))};
    ResultMessage back;
    QString error;
    QVERIFY2(resultFromJson(viaText(resultToJson(result)), &back, &error), qPrintable(error));
    QCOMPARE(back.nodes.size(), 2);
    QVERIFY(sameNode(back.nodes.at(0), result.nodes.at(0)));
    QVERIFY(sameNode(back.nodes.at(1), result.nodes.at(1)));
}

void tst_AdminProtocol::eventsRoundTrip()
{
    ConnectionEvent closed;
    closed.kind = EventKind::Closed;
    closed.sessionId = 4;
    closed.peerAddress = QStringLiteral("::1");
    closed.peerPort = 5555;
    closed.path = QStringLiteral("/");
    closed.connectedAt = 1000;
    closed.endedAt = 2000;
    closed.endedBy = EndedBy::Operator;
    closed.reason = EndReason::OperatorKick;
    closed.closeCode = 4000;
    closed.closeReason = QStringLiteral("bye");
    closed.messagesIn = 7;
    closed.clientKind = ClientKind::Sse;
    closed.identity = QStringLiteral("alice");
    ConnectionEvent flapping;
    flapping.kind = EventKind::FlappingStarted;
    flapping.peerAddress = QStringLiteral("192.0.2.7");
    flapping.userAgent = QStringLiteral("Mozilla/5.0");
    flapping.connectedAt = flapping.endedAt = 3000;
    flapping.closeReason = QStringLiteral("12 connections in the last minute; the last ended: connection dropped");
    ConnectionEvent rejected;
    rejected.kind = EventKind::Rejected;
    rejected.reason = EndReason::TokenRefused;
    rejected.httpStatus = 401;
    QList<ConnectionEvent> back;
    bool recent = false;
    QString error;
    QVERIFY2(eventsFromJson(viaText(eventsToJson({closed, rejected, flapping}, true)), &back, &recent, &error),
             qPrintable(error));
    QVERIFY(recent);
    QCOMPARE(back.size(), 3);
    QCOMPARE(back.at(0).kind, EventKind::Closed);
    QCOMPARE(back.at(0).sessionId, 4u);
    QCOMPARE(back.at(0).peerAddress, closed.peerAddress);
    QCOMPARE(back.at(0).endedBy, EndedBy::Operator);
    QCOMPARE(back.at(0).reason, EndReason::OperatorKick);
    QCOMPARE(back.at(0).closeCode, 4000);
    QCOMPARE(back.at(0).closeReason, closed.closeReason);
    QCOMPARE(back.at(0).messagesIn, 7u);
    QCOMPARE(back.at(1).kind, EventKind::Rejected);
    QCOMPARE(back.at(1).reason, EndReason::TokenRefused);
    QCOMPARE(back.at(1).httpStatus, 401);
    QCOMPARE(back.at(0).clientKind, ClientKind::Sse);
    QCOMPARE(back.at(0).identity, QStringLiteral("alice"));
    QCOMPARE(back.at(1).clientKind, ClientKind::WebSocket);
    QVERIFY(back.at(1).identity.isEmpty());
    QCOMPARE(back.at(2).kind, EventKind::FlappingStarted);
    QCOMPARE(back.at(2).userAgent, flapping.userAgent);
    QCOMPARE(back.at(2).closeReason, flapping.closeReason);

    // An older node's event has no clientKind: a WebSocket; an unknown one is refused.
    ConnectionEvent event;
    QVERIFY(connectionEventFromJson(parsed(R"({"kind":"closed","sessionId":3})"), &event, &error));
    QCOMPARE(event.clientKind, ClientKind::WebSocket);
    QVERIFY(!connectionEventFromJson(parsed(R"({"kind":"closed","clientKind":"telegraph"})"), &event, &error));
}

void tst_AdminProtocol::outgoingMessageRoundTrip_data()
{
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("text") << false << QByteArray("hello");
    QTest::newRow("empty text") << false << QByteArray();
    QTest::newRow("chinese text") << false << QStringLiteral("你好").toUtf8();
    QTest::newRow("binary with zero bytes") << true << QByteArray("\x00\x01\xff", 3);
    QTest::newRow("empty binary") << true << QByteArray();
}

void tst_AdminProtocol::outgoingMessageRoundTrip()
{
    QFETCH(bool, binary);
    QFETCH(QByteArray, payload);
    const OutgoingMessage message = binary ? OutgoingMessage::fromBinary(payload)
                                           : OutgoingMessage::fromText(QString::fromUtf8(payload));
    OutgoingMessage back;
    QString error;
    QVERIFY2(outgoingMessageFromJson(viaText(outgoingMessageToJson(message)), &back, &error), qPrintable(error));
    QCOMPARE(back.isBinary(), binary);
    if (binary)
        QCOMPARE(back.data, payload);
    else
        QCOMPARE(back.text, QString::fromUtf8(payload));
}

void tst_AdminProtocol::documentExamplesParse_data()
{
    QTest::addColumn<QByteArray>("example"); // as written in the document (white space aside)
    QTest::newRow("hello") << QByteArray(
        R"({"type": "hello", "protocol": 1, "access": "full", "node": {"name": "edge-1:8080", "version": "0.1.0", "url": "ws://0.0.0.0:8080/", "adminUrl": "ws://127.0.0.1:9090/", "startedAt": 1764843000000, "clients": 12, "messageRateIn": 40.5, "messageRateOut": 40.5}, "capabilities": ["snapshots", "events", "details", "control", "nodes", "clusterControl"]})");
    QTest::newRow("subscribe") << QByteArray(R"({"type": "subscribe", "snapshots": true, "events": true})");
    QTest::newRow("resync") << QByteArray(R"({"type": "resync"})");
    QTest::newRow("command") << QByteArray(
        R"({"type": "command", "id": 7, "command": "kick", "sessionIds": [12, 14], "closeCode": 4000, "reason": "maintenance", "spreadMs": 0})");
    QTest::newRow("command on another node") << QByteArray(
        R"({"type": "command", "id": 9, "command": "kick", "sessionIds": [12], "closeCode": 4321, "reason": "moved", "node": "edge-3"})");
    QTest::newRow("result ok") << QByteArray(R"({"type": "result", "id": 7, "ok": true, "message": "Kicked 2 clients"})");
    QTest::newRow("result forbidden") << QByteArray(
        R"({"type": "result", "id": 8, "ok": false, "code": "forbidden", "message": "this token may only watch: commands are refused"})");
    QTest::newRow("error") << QByteArray(R"({"type": "error", "message": "not JSON: unterminated string at offset 12"})");
}

void tst_AdminProtocol::documentExamplesParse()
{
    QFETCH(QByteArray, example);
    const QString document = documentText();
    QVERIFY2(!document.isEmpty(), WSM_ADMIN_PROTOCOL_DOC);
    QVERIFY2(document.contains(QString::fromUtf8(example)), "the example is not in docs/admin-protocol.md");
    const QJsonObject object = parsed(example);
    QVERIFY(!object.isEmpty());
    const QString type = object.value(QLatin1String("type")).toString();
    QString error;
    if (type == Hello) {
        HelloMessage hello;
        QVERIFY2(helloFromJson(object, &hello, &error), qPrintable(error));
        QCOMPARE(hello.node.name, QStringLiteral("edge-1:8080"));
        QCOMPARE(hello.capabilities, nodeCapabilities());
    } else if (type == Command) {
        CommandMessage command;
        QVERIFY2(commandFromJson(object, &command, &error), qPrintable(error));
        QCOMPARE(command.kind, CommandKind::Kick);
        if (command.node.isEmpty()) {
            QCOMPARE(command.sessionIds, (QList<quint64>{12, 14}));
        } else {
            QCOMPARE(command.node, QStringLiteral("edge-3"));
            QCOMPARE(command.sessionIds, (QList<quint64>{12}));
            QCOMPARE(command.closeCode, 4321);
        }
    } else if (type == Result) {
        ResultMessage result;
        QVERIFY2(resultFromJson(object, &result, &error), qPrintable(error));
        QCOMPARE(result.code.isEmpty(), result.ok);
    } else {
        QVERIFY(type == Subscribe || type == Resync || type == Error);
    }
}

QTEST_GUILESS_MAIN(tst_AdminProtocol)
#include "tst_adminprotocol.moc"
