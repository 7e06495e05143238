// End to end: a node (ServerController on 127.0.0.1:0) with its admin channel (AdminServer on
// 127.0.0.1:0), real QWebSocket admin clients presenting their token in the Authorization header,
// real WebSocket clients of the node, and raw TCP for the HTTP refusals.

#include "testsupport.h"

#include "adminserver.h"
#include "snapshotdelta.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QWebSocketProtocol>

using namespace wsm;
using namespace wsm::test;

namespace {

const QString FullToken = QStringLiteral("full-secret-token");
const QString WatchToken = QStringLiteral("watch-only-token");

// An admin client: a QWebSocket with a token, keeping every message it receives as JSON.
class AdminLink : public QObject
{
public:
    AdminLink()
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
        connect(&socket, &QWebSocket::disconnected, this, [this] { disconnected = true; });
    }

    bool open(const QString &url, const QString &token = FullToken)
    {
        QNetworkRequest request{QUrl(url)};
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(request);
        return connected.wait(WaitMs) && QTest::qWaitFor([this] { return !messages.isEmpty(); }, WaitMs);
    }

    void send(const QJsonObject &message)
    {
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }

    void subscribe(bool snapshots, bool events)
    {
        send(QJsonObject{{QStringLiteral("type"), QStringLiteral("subscribe")},
                         {QStringLiteral("snapshots"), snapshots},
                         {QStringLiteral("events"), events}});
    }

    // Sends a command (the "type" and "id" are added) and waits for its result; empty if none came.
    QJsonObject command(quint64 id, QJsonObject fields)
    {
        fields.insert(QStringLiteral("type"), QStringLiteral("command"));
        fields.insert(QStringLiteral("id"), qint64(id));
        send(fields);
        QJsonObject found;
        // An empty result (and the caller's check failing) when none came in time.
        [[maybe_unused]] const bool answered = QTest::qWaitFor([&] {
            for (const QJsonObject &message : std::as_const(messages)) {
                if (message.value(QLatin1String("type")).toString() == QLatin1String("result")
                    && message.value(QLatin1String("id")).toInteger() == qint64(id)) {
                    found = message;
                    return true;
                }
            }
            return false;
        }, WaitMs);
        return found;
    }

    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> list;
        for (const QJsonObject &message : messages) {
            if (message.value(QLatin1String("type")).toString() == type)
                list.append(message);
        }
        return list;
    }

    QWebSocket socket;
    QList<QJsonObject> messages;
    bool disconnected = false;
};

QJsonObject commandFields(const char *name, std::initializer_list<QPair<QString, QJsonValue>> fields = {})
{
    QJsonObject object{{QStringLiteral("command"), QLatin1String(name)}};
    for (const auto &field : fields)
        object.insert(field.first, field.second);
    return object;
}

QJsonObject textMessage(const QString &text)
{
    return {{QStringLiteral("kind"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}

} // namespace

class tst_AdminChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void helloDescribesTheNode();
    void snapshotsRebuildTheNodesRows();
    void eventsRecentThenLive();
    void detailsOfAClient();
    void kickReachesTheClient();
    void kickAllClosesEveryClient();
    void banRefusesAndUnbanLetsIn();
    void sendAndBroadcast();
    void nodesAnswersThisNode();
    void readOnlyTokenMayOnlyWatch();
    void refusedBeforeTheUpgrade_data();
    void refusedBeforeTheUpgrade();
    void fullChannelAnswers503();
    void badMessagesAnsweredAndLinkStaysOpen();
    void binaryFrameCloses1003();
    void oversizedMessageCloses1009();
    void floodClosesOnlyTheFlooder();
    void countsInMetricsAndTotals();

private:
    bool startAdmin(AdminConfig config = {});
    quint64 connectClient(Client &client);

    std::unique_ptr<ServerFixture> m_node;
    std::unique_ptr<AdminServer> m_admin;
    QMap<qint64, Snapshot> m_nodeSnapshots; // by takenAt, as the node emitted them
};

void tst_AdminChannel::init()
{
    m_node = std::make_unique<ServerFixture>();
    m_nodeSnapshots.clear();
    connect(&m_node->controller, &ServerController::snapshotReady, this,
            [this](const Snapshot &snapshot) { m_nodeSnapshots.insert(snapshot.takenAt, snapshot); });
    QVERIFY(m_node->start());
}

void tst_AdminChannel::cleanup()
{
    m_admin.reset();
    m_node.reset();
    QCOMPARE(Session::aliveCount(), 0);
}

bool tst_AdminChannel::startAdmin(AdminConfig config)
{
    config.enabled = true;
    config.listenAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    if (config.fullToken.isEmpty())
        config.fullToken = FullToken;
    if (config.readOnlyToken.isEmpty())
        config.readOnlyToken = WatchToken;
    if (config.nodeName.isEmpty())
        config.nodeName = QStringLiteral("test-node");
    m_admin = std::make_unique<AdminServer>(&m_node->controller, config);
    connect(m_admin.get(), &AdminServer::countsChanged, &m_node->controller, &ServerController::setAdminChannelCounts);
    QString error;
    if (!m_admin->listen(&error)) {
        qWarning("admin listen failed: %s", qPrintable(error));
        return false;
    }
    return true;
}

quint64 tst_AdminChannel::connectClient(Client &client)
{
    if (!client.open(m_node->url))
        return 0;
    return m_node->sessionIdForPort(client.localPort());
}

void tst_AdminChannel::helloDescribesTheNode()
{
    QVERIFY(startAdmin());
    QVERIFY(m_admin->url().startsWith(QLatin1String("ws://127.0.0.1:")));
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    const QJsonObject hello = link.messages.first();
    QCOMPARE(hello.value(QLatin1String("type")).toString(), QStringLiteral("hello"));
    QCOMPARE(hello.value(QLatin1String("protocol")).toInt(), 1);
    QCOMPARE(hello.value(QLatin1String("access")).toString(), QStringLiteral("full"));
    const QJsonObject node = hello.value(QLatin1String("node")).toObject();
    QCOMPARE(node.value(QLatin1String("name")).toString(), QStringLiteral("test-node"));
    QCOMPARE(node.value(QLatin1String("version")).toString(), QStringLiteral(WSM_VERSION));
    QCOMPARE(node.value(QLatin1String("url")).toString(), m_node->url.toString());
    QCOMPARE(node.value(QLatin1String("adminUrl")).toString(), m_admin->url());
    QCOMPARE(hello.value(QLatin1String("capabilities")).toArray().size(), admin::nodeCapabilities().size());
    // Nothing more until the client subscribes.
    QVERIFY(m_node->waitForSnapshotAfterNow());
    QVERIFY(m_node->waitForSnapshotAfterNow());
    QCOMPARE(link.messages.size(), 1);
}

void tst_AdminChannel::snapshotsRebuildTheNodesRows()
{
    QVERIFY(startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    SnapshotDecoder decoder;
    int applied = 0;
    int deltas = 0;
    bool allApplied = true;
    connect(&link.socket, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
        const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
        if (message.value(QLatin1String("type")).toString() != QLatin1String("snapshot"))
            return;
        if (applied == 0 && !message.value(QLatin1String("whole")).toBool())
            allApplied = false; // the first must be whole
        if (message.contains(QLatin1String("base")))
            ++deltas;
        allApplied = allApplied && decoder.apply(message) == SnapshotDecoder::Result::Applied;
        ++applied;
    });
    link.subscribe(true, false);
    QTRY_VERIFY_WITH_TIMEOUT(applied >= 1, WaitMs);

    Client first, second, third;
    QVERIFY(connectClient(first));
    QVERIFY(connectClient(second));
    QVERIFY(connectClient(third));
    first.socket.sendTextMessage(QStringLiteral("one"));
    QTRY_COMPARE_WITH_TIMEOUT(first.texts.size(), 1, WaitMs);
    third.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_node->last.totals.clientsConnected, 2, WaitMs);
    QVERIFY(m_node->waitForSnapshotAfterNow());

    // The rebuilt table is the node's own snapshot of the same instant, row for row.
    QTRY_VERIFY_WITH_TIMEOUT(decoder.snapshot().takenAt >= m_node->last.takenAt, WaitMs);
    QVERIFY(allApplied);
    QVERIFY(deltas > 0);
    const Snapshot rebuilt = decoder.snapshot();
    QVERIFY(m_nodeSnapshots.contains(rebuilt.takenAt));
    const Snapshot own = m_nodeSnapshots.value(rebuilt.takenAt);
    QCOMPARE(rebuilt.sessions.size(), 2);
    QCOMPARE(rebuilt.sessions.size(), own.sessions.size());
    for (qsizetype i = 0; i < own.sessions.size(); ++i)
        QCOMPARE(sessionRowToJson(rebuilt.sessions.at(i)), sessionRowToJson(own.sessions.at(i)));
    QCOMPARE(rebuilt.url, own.url);
    QCOMPARE(rebuilt.totals.clientsConnected, own.totals.clientsConnected);
    QCOMPARE(rebuilt.totals.messagesIn, own.totals.messagesIn);

    // A resync: the next snapshot is whole, and the deltas after it still apply.
    const int before = applied;
    link.send(QJsonObject{{QStringLiteral("type"), QStringLiteral("resync")}});
    QTRY_VERIFY_WITH_TIMEOUT(applied > before + 1, WaitMs);
    QVERIFY(link.ofType(QStringLiteral("snapshot")).at(before).value(QLatin1String("whole")).toBool());
    QVERIFY(allApplied);
}

void tst_AdminChannel::eventsRecentThenLive()
{
    QVERIFY(startAdmin());
    Client early;
    const quint64 earlyId = connectClient(early);
    QVERIFY(earlyId);
    QVERIFY(m_node->waitForSnapshotAfterNow()); // its connected event has reached the admin channel

    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    link.subscribe(false, true);
    QTRY_COMPARE_WITH_TIMEOUT(link.ofType(QStringLiteral("events")).size(), 1, WaitMs);
    const QJsonObject recent = link.ofType(QStringLiteral("events")).first();
    QVERIFY(recent.value(QLatin1String("recent")).toBool());
    bool sawEarly = false;
    for (const QJsonValue &event : recent.value(QLatin1String("events")).toArray()) {
        sawEarly = sawEarly || (event.toObject().value(QLatin1String("kind")).toString() == QLatin1String("connected")
                                && event.toObject().value(QLatin1String("sessionId")).toInteger() == qint64(earlyId));
    }
    QVERIFY(sawEarly);

    Client late;
    const quint64 lateId = connectClient(late);
    QVERIFY(lateId);
    const auto sawLate = [&] {
        const QList<QJsonObject> batches = link.ofType(QStringLiteral("events"));
        for (qsizetype i = 1; i < batches.size(); ++i) {
            if (batches.at(i).value(QLatin1String("recent")).toBool())
                return false;
            for (const QJsonValue &event : batches.at(i).value(QLatin1String("events")).toArray()) {
                if (event.toObject().value(QLatin1String("kind")).toString() == QLatin1String("connected")
                    && event.toObject().value(QLatin1String("sessionId")).toInteger() == qint64(lateId))
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sawLate(), WaitMs);
    // Only events were asked for.
    QVERIFY(link.ofType(QStringLiteral("snapshot")).isEmpty());
}

void tst_AdminChannel::detailsOfAClient()
{
    QVERIFY(startAdmin());
    Client client;
    const quint64 id = connectClient(client);
    QVERIFY(id);
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    const QJsonObject result = link.command(1, commandFields("details", {{QStringLiteral("sessionId"), qint64(id)}}));
    QVERIFY(result.value(QLatin1String("ok")).toBool());
    const QJsonObject details = result.value(QLatin1String("details")).toObject();
    QVERIFY(details.value(QLatin1String("found")).toBool());
    QCOMPARE(details.value(QLatin1String("row")).toObject().value(QLatin1String("id")).toInteger(), qint64(id));
    QVERIFY(details.value(QLatin1String("requestLine")).toString().startsWith(QLatin1String("GET ")));

    const QJsonObject gone = link.command(2, commandFields("details", {{QStringLiteral("sessionId"), 999999}}));
    QVERIFY(gone.value(QLatin1String("details")).isObject());
    QCOMPARE(gone.value(QLatin1String("details")).toObject().value(QLatin1String("found")).toBool(true), false);
}

void tst_AdminChannel::kickReachesTheClient()
{
    QVERIFY(startAdmin());
    Client client, bystander;
    const quint64 id = connectClient(client);
    QVERIFY(id);
    QVERIFY(connectClient(bystander));
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    const QJsonObject result = link.command(
        5, commandFields("kick", {{QStringLiteral("sessionIds"), QJsonArray{qint64(id)}},
                                  {QStringLiteral("closeCode"), 4321},
                                  {QStringLiteral("reason"), QStringLiteral("maintenance")}}));
    QVERIFY2(result.value(QLatin1String("ok")).toBool(), qPrintable(result.value(QLatin1String("message")).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(int(client.socket.closeCode()), 4321);
    QCOMPARE(client.socket.closeReason(), QStringLiteral("maintenance"));
    QVERIFY(!bystander.disconnected);

    // A close code outside 4000-4999: a failed result, "invalid".
    const QJsonObject invalid = link.command(
        6, commandFields("kick", {{QStringLiteral("sessionIds"), QJsonArray{qint64(id)}},
                                  {QStringLiteral("closeCode"), 1000}}));
    QCOMPARE(invalid.value(QLatin1String("ok")).toBool(true), false);
    QCOMPARE(invalid.value(QLatin1String("code")).toString(), QStringLiteral("invalid"));
}

void tst_AdminChannel::kickAllClosesEveryClient()
{
    QVERIFY(startAdmin());
    Client first, second;
    QVERIFY(connectClient(first));
    QVERIFY(connectClient(second));
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    const QJsonObject result = link.command(
        1, commandFields("kickAll", {{QStringLiteral("closeCode"), 4001}, {QStringLiteral("reason"), QStringLiteral("all")}}));
    QVERIFY(result.value(QLatin1String("ok")).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(first.disconnected && second.disconnected, WaitMs);
    QCOMPARE(int(first.socket.closeCode()), 4001);
    QCOMPARE(int(second.socket.closeCode()), 4001);
    QVERIFY(!link.disconnected); // admin clients are not the node's clients
}

void tst_AdminChannel::banRefusesAndUnbanLetsIn()
{
    QVERIFY(startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    const QJsonObject banned = link.command(
        1, commandFields("ban", {{QStringLiteral("target"), QStringLiteral("127.0.0.1")},
                                 {QStringLiteral("reason"), QStringLiteral("test")}}));
    QVERIFY2(banned.value(QLatin1String("ok")).toBool(), qPrintable(banned.value(QLatin1String("message")).toString()));
    RawClient refused;
    QVERIFY(refused.connectTo(m_node->port()));
    refused.socket.write(upgradeRequest());
    QTRY_COMPARE_WITH_TIMEOUT(refused.httpStatus(), 403, WaitMs);

    const QJsonObject unbanned = link.command(2, commandFields("unban", {{QStringLiteral("target"), QStringLiteral("127.0.0.1")}}));
    QVERIFY(unbanned.value(QLatin1String("ok")).toBool());
    Client client;
    QVERIFY(client.open(m_node->url));

    // The node tried and could not: "failed", with its words.
    const QJsonObject failed = link.command(3, commandFields("unban", {{QStringLiteral("target"), QStringLiteral("10.9.9.9")}}));
    QCOMPARE(failed.value(QLatin1String("ok")).toBool(true), false);
    QCOMPARE(failed.value(QLatin1String("code")).toString(), QStringLiteral("failed"));
    QVERIFY(!failed.value(QLatin1String("message")).toString().isEmpty());
}

void tst_AdminChannel::sendAndBroadcast()
{
    QVERIFY(startAdmin());
    Client first, second;
    const quint64 firstId = connectClient(first);
    QVERIFY(firstId);
    QVERIFY(connectClient(second));
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    const QJsonObject sent = link.command(
        1, commandFields("send", {{QStringLiteral("sessionId"), qint64(firstId)},
                                  {QStringLiteral("message"), textMessage(QStringLiteral("just you"))}}));
    QVERIFY(sent.value(QLatin1String("ok")).toBool());
    QTRY_COMPARE_WITH_TIMEOUT(first.texts, QStringList{QStringLiteral("just you")}, WaitMs);

    const QJsonObject broadcast = link.command(
        2, commandFields("broadcast", {{QStringLiteral("message"),
                                        QJsonObject{{QStringLiteral("kind"), QStringLiteral("binary")},
                                                    {QStringLiteral("base64"), QStringLiteral("AAH/")}}}}));
    QVERIFY(broadcast.value(QLatin1String("ok")).toBool());
    QTRY_COMPARE_WITH_TIMEOUT(first.binaries.size(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.binaries.size(), 1, WaitMs);
    QCOMPARE(second.binaries.first(), QByteArray("\x00\x01\xff", 3));
    QCOMPARE(second.texts.size(), 0);
}

void tst_AdminChannel::nodesAnswersThisNode()
{
    QVERIFY(startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    const QJsonObject result = link.command(1, commandFields("nodes"));
    QVERIFY(result.value(QLatin1String("ok")).toBool());
    const QJsonArray nodes = result.value(QLatin1String("nodes")).toArray();
    QCOMPARE(nodes.size(), 1);
    QCOMPARE(nodes.first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("test-node"));
    QCOMPARE(nodes.first().toObject().value(QLatin1String("adminUrl")).toString(), m_admin->url());
}

void tst_AdminChannel::readOnlyTokenMayOnlyWatch()
{
    QVERIFY(startAdmin());
    Client client;
    const quint64 id = connectClient(client);
    QVERIFY(id);
    AdminLink link;
    QVERIFY(link.open(m_admin->url(), WatchToken));
    QCOMPARE(link.messages.first().value(QLatin1String("access")).toString(), QStringLiteral("readonly"));
    const QList<QJsonObject> refused = {
        commandFields("kick", {{QStringLiteral("sessionIds"), QJsonArray{qint64(id)}}}),
        commandFields("kickAll"),
        commandFields("ban", {{QStringLiteral("target"), QStringLiteral("10.1.1.1")}}),
        commandFields("unban", {{QStringLiteral("target"), QStringLiteral("10.1.1.1")}}),
        commandFields("send", {{QStringLiteral("sessionId"), qint64(id)}, {QStringLiteral("message"), textMessage(QStringLiteral("x"))}}),
        commandFields("broadcast", {{QStringLiteral("message"), textMessage(QStringLiteral("x"))}}),
    };
    quint64 requestId = 100;
    for (const QJsonObject &command : refused) {
        const QJsonObject result = link.command(++requestId, command);
        QCOMPARE(result.value(QLatin1String("ok")).toBool(true), false);
        QCOMPARE(result.value(QLatin1String("code")).toString(), QStringLiteral("forbidden"));
    }
    const QJsonObject details = link.command(++requestId, commandFields("details", {{QStringLiteral("sessionId"), qint64(id)}}));
    QVERIFY(details.value(QLatin1String("ok")).toBool());
    QVERIFY(link.command(++requestId, commandFields("nodes")).value(QLatin1String("ok")).toBool());
    // Nothing was done: the client is still there and got nothing.
    client.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts, QStringList{QStringLiteral("still here")}, WaitMs);
    QVERIFY(!client.disconnected);
}

void tst_AdminChannel::refusedBeforeTheUpgrade_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("no token: 401") << upgradeRequest("/") << 401;
    QTest::newRow("wrong token: 403") << upgradeRequest("/", "Authorization: Bearer nope\r\n") << 403;
    QTest::newRow("wrong path: 404") << upgradeRequest("/admin", "Authorization: Bearer " + FullToken.toUtf8() + "\r\n") << 404;
    QTest::newRow("not an upgrade: 400")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + FullToken.toUtf8() + "\r\n\r\n") << 400;
}

void tst_AdminChannel::refusedBeforeTheUpgrade()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QVERIFY(startAdmin());
    RawClient raw;
    QVERIFY(raw.connectTo(m_admin->port()));
    raw.socket.write(request);
    QTRY_VERIFY_WITH_TIMEOUT(raw.disconnected, WaitMs);
    QCOMPARE(raw.httpStatus(), status);
    if (status == 401)
        QVERIFY(raw.received.contains("WWW-Authenticate: Bearer"));
    QCOMPARE(m_admin->refusedCount(), 1u);
    QCOMPARE(m_admin->clientCount(), 0);
    // Never a client of the node, never an event of its log.
    QVERIFY(m_node->waitForSnapshotAfterNow());
    QCOMPARE(m_node->last.totals.rejected, 0u);
    QVERIFY(m_node->events.isEmpty());
}

void tst_AdminChannel::fullChannelAnswers503()
{
    AdminConfig config;
    config.maxClients = 1;
    QVERIFY(startAdmin(config));
    AdminLink first;
    QVERIFY(first.open(m_admin->url()));
    RawClient second;
    QVERIFY(second.connectTo(m_admin->port()));
    second.socket.write(upgradeRequest("/", "Authorization: Bearer " + FullToken.toUtf8() + "\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(second.httpStatus(), 503, WaitMs);
}

void tst_AdminChannel::badMessagesAnsweredAndLinkStaysOpen()
{
    QVERIFY(startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    const QStringList bad = {
        QStringLiteral("{\"type\": \"subscribe\""),           // not JSON
        QStringLiteral("[1, 2]"),                             // not an object
        QStringLiteral("{\"type\": \"reboot\"}"),             // unknown type
        QStringLiteral("{\"snapshots\": true}"),              // no type
        QStringLiteral("{\"type\": \"command\", \"command\": \"nodes\"}"),          // no id
        QStringLiteral("{\"type\": \"command\", \"id\": -3, \"command\": \"nodes\"}"), // bad id
    };
    for (const QString &text : bad)
        link.socket.sendTextMessage(text);
    QTRY_COMPARE_WITH_TIMEOUT(link.ofType(QStringLiteral("error")).size(), bad.size(), WaitMs);
    QVERIFY(link.ofType(QStringLiteral("error")).first().value(QLatin1String("message")).toString().startsWith(
        QLatin1String("not JSON")));
    // A command with a valid id and a bad field: a failed result for that id.
    const QJsonObject invalid = link.command(9, commandFields("details"));
    QCOMPARE(invalid.value(QLatin1String("code")).toString(), QStringLiteral("invalid"));
    const QJsonObject unknown = link.command(10, commandFields("reboot"));
    QCOMPARE(unknown.value(QLatin1String("code")).toString(), QStringLiteral("invalid"));
    // Still open and answering.
    QVERIFY(link.command(11, commandFields("nodes")).value(QLatin1String("ok")).toBool());
    QVERIFY(!link.disconnected);
}

void tst_AdminChannel::binaryFrameCloses1003()
{
    QVERIFY(startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    link.socket.sendBinaryMessage(QByteArray("{}"));
    QTRY_VERIFY_WITH_TIMEOUT(link.disconnected, WaitMs);
    QCOMPARE(link.socket.closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
    QTRY_COMPARE_WITH_TIMEOUT(m_admin->clientCount(), 0, WaitMs);
}

void tst_AdminChannel::oversizedMessageCloses1009()
{
    QVERIFY(startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_admin->url()));
    link.socket.sendTextMessage(QString(1024 * 1024 + 1, QLatin1Char('x')));
    QTRY_VERIFY_WITH_TIMEOUT(link.disconnected, WaitMs);
    QCOMPARE(link.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
}

void tst_AdminChannel::floodClosesOnlyTheFlooder()
{
    QVERIFY(startAdmin());
    Client bystander;
    QVERIFY(bystander.open(m_node->url));
    bystander.socket.sendTextMessage(QStringLiteral("before"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts.size(), 1, WaitMs);

    AdminLink watcher;
    QVERIFY(watcher.open(m_admin->url(), WatchToken));
    watcher.subscribe(true, true);
    QTRY_VERIFY_WITH_TIMEOUT(!watcher.ofType(QStringLiteral("snapshot")).isEmpty(), WaitMs);

    AdminLink flooder;
    QVERIFY(flooder.open(m_admin->url()));
    const QString nodes = QStringLiteral("{\"type\":\"command\",\"id\":1,\"command\":\"nodes\"}");
    for (int i = 0; i < 10000; ++i)
        flooder.socket.sendTextMessage(nodes);
    bystander.socket.sendTextMessage(QStringLiteral("during"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts.size(), 2, WaitMs);

    QTRY_VERIFY_WITH_TIMEOUT(flooder.disconnected, WaitMs);
    QCOMPARE(flooder.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(flooder.socket.closeReason(), QStringLiteral("too many messages"));
    // It was answered only up to its allowance: the bucket, not the flood.
    QVERIFY(flooder.ofType(QStringLiteral("result")).size() < 1000);

    bystander.socket.sendTextMessage(QStringLiteral("after"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, (QStringList{QStringLiteral("before"), QStringLiteral("during"),
                                                            QStringLiteral("after")}), WaitMs);
    const qsizetype seen = watcher.ofType(QStringLiteral("snapshot")).size();
    QTRY_VERIFY_WITH_TIMEOUT(watcher.ofType(QStringLiteral("snapshot")).size() > seen + 1, WaitMs);
    QVERIFY(!watcher.disconnected);
    QVERIFY(!bystander.disconnected);
}

void tst_AdminChannel::countsInMetricsAndTotals()
{
    QVERIFY(startAdmin());
    AdminLink first, second;
    QVERIFY(first.open(m_admin->url()));
    QVERIFY(second.open(m_admin->url(), WatchToken));
    RawClient refused;
    QVERIFY(refused.connectTo(m_admin->port()));
    refused.socket.write(upgradeRequest("/"));
    QTRY_VERIFY_WITH_TIMEOUT(refused.disconnected, WaitMs);

    QTRY_COMPARE_WITH_TIMEOUT(m_node->last.totals.adminClients, 2, WaitMs);
    QCOMPARE(m_node->last.totals.adminRefused, 1u);
    RawClient metrics;
    QVERIFY(metrics.connectTo(m_node->port()));
    metrics.socket.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(metrics.disconnected, WaitMs);
    QVERIFY(metrics.received.contains("# TYPE wsmonitor_admin_clients gauge"));
    QVERIFY(metrics.received.contains("# TYPE wsmonitor_admin_refused_total counter"));
    QCOMPARE(sampleValue(metrics.received, "wsmonitor_admin_clients"), 2.0);
    QCOMPARE(sampleValue(metrics.received, "wsmonitor_admin_refused_total"), 1.0);
    // Admin clients are not the node's clients.
    QCOMPARE(m_node->last.totals.clientsConnected, 0);
    QCOMPARE(m_node->last.sessions.size(), 0);

    first.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_node->last.totals.adminClients, 1, WaitMs);
}

QTEST_GUILESS_MAIN(tst_AdminChannel)
#include "tst_adminchannel.moc"
