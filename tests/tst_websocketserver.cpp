// End to end: real QWebSocket clients against the real server (its own thread) on 127.0.0.1.

#include "testsupport.h"

#include "csvwriter.h"

#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace wsm;
using namespace wsm::test;

class TestWebSocketServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void echoesWhatItReceives_data();
    void echoesWhatItReceives();
    void broadcastReachesEveryOtherClient();
    void sinkCountsButDoesNotAnswer();
    void manyClientsAtOnce();
    void clientCloseIsRecordedWithItsCode();
    void droppedConnectionIsRecordedAs1006();
    void kickDeliversCodeAndReason();
    void kickRefusesCodesOutsideTheApplicationRange_data();
    void kickRefusesCodesOutsideTheApplicationRange();
    void banRefusesAndUnbanLetsIn();
    void snapshotRowsDescribeTheClient();
    void startStopStartInOneProcess();
    void secondStartWhileRunningIsRefused();
    void portInUseNamesTheAddress();
    void orderedShutdownSends1001();
    void churnLeavesNoSessionBehind();
    void csvLogHasEveryEvent();

private:
    std::unique_ptr<ServerFixture> m_server;
};

void TestWebSocketServer::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void TestWebSocketServer::cleanup()
{
    m_server.reset();
    // The controller's destructor joins the server thread: every Session must be gone by then.
    QCOMPARE(Session::aliveCount(), 0);
}

void TestWebSocketServer::echoesWhatItReceives_data()
{
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("short text") << false << QByteArray("hello");
    QTest::newRow("empty text") << false << QByteArray();
    QTest::newRow("chinese text") << false << QStringLiteral("你好，世界").toUtf8();
    QTest::newRow("text of 200 KiB, several frames") << false << QByteArray(200 * 1024, 'x');
    QTest::newRow("binary with zero bytes") << true << QByteArray("\x00\x01\x02\xff", 4);
}

void TestWebSocketServer::echoesWhatItReceives()
{
    QFETCH(bool, binary);
    QFETCH(QByteArray, payload);
    QVERIFY(m_server->start());
    Client client;
    QVERIFY(client.open(m_server->url));
    if (binary) {
        client.socket.sendBinaryMessage(payload);
        QTRY_COMPARE_WITH_TIMEOUT(client.binaries.size(), 1, WaitMs);
        QCOMPARE(client.binaries.first(), payload);
    } else {
        client.socket.sendTextMessage(QString::fromUtf8(payload));
        QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 1, WaitMs);
        QCOMPARE(client.texts.first(), QString::fromUtf8(payload));
    }
    // Counted in bytes of UTF-8, as they travel.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(client.localPort())
                                 && m_server->rowForPeerPort(client.localPort())->messagesOut == 1,
                             WaitMs);
    const SessionRow row = *m_server->rowForPeerPort(client.localPort());
    QCOMPARE(row.messagesIn, 1u);
    QCOMPARE(row.bytesIn, quint64(payload.size()));
    QCOMPARE(row.bytesOut, quint64(payload.size()));
}

void TestWebSocketServer::broadcastReachesEveryOtherClient()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.mode = MessageMode::Broadcast;
    QVERIFY(m_server->start(config));
    Client sender, first, second;
    QVERIFY(sender.open(m_server->url));
    QVERIFY(first.open(m_server->url));
    QVERIFY(second.open(m_server->url));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.clientsConnected, 3, WaitMs);

    sender.socket.sendTextMessage(QStringLiteral("to all"));
    sender.socket.sendBinaryMessage(QByteArray("bin"));
    QTRY_COMPARE_WITH_TIMEOUT(first.texts, QStringList{QStringLiteral("to all")}, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.texts, QStringList{QStringLiteral("to all")}, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(first.binaries.size(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.binaries.size(), 1, WaitMs);

    // The sender got nothing back: a round trip on another client proves the server is past it.
    first.socket.sendTextMessage(QStringLiteral("marker"));
    QTRY_VERIFY_WITH_TIMEOUT(sender.texts.contains(QStringLiteral("marker")), WaitMs);
    QCOMPARE(sender.texts, QStringList{QStringLiteral("marker")});
    QVERIFY(sender.binaries.isEmpty());
}

void TestWebSocketServer::sinkCountsButDoesNotAnswer()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.mode = MessageMode::Sink;
    QVERIFY(m_server->start(config));
    Client client;
    QVERIFY(client.open(m_server->url));
    for (int i = 0; i < 10; ++i)
        client.socket.sendTextMessage(QStringLiteral("m%1").arg(i));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(client.localPort())
                                 && m_server->rowForPeerPort(client.localPort())->messagesIn == 10,
                             WaitMs);
    QCOMPARE(m_server->rowForPeerPort(client.localPort())->messagesOut, 0u);
    QVERIFY(client.texts.isEmpty());
    QCOMPARE(m_server->last.totals.messagesIn, 10u);
}

void TestWebSocketServer::manyClientsAtOnce()
{
    QVERIFY(m_server->start());
    constexpr int Count = 200;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < Count; ++i) {
        clients.push_back(std::make_unique<Client>());
        clients.back()->socket.open(m_server->url);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.clientsConnected, Count, WaitMs);
    QCOMPARE(m_server->last.sessions.size(), Count);
    QCOMPARE(m_server->last.totals.sessionsAlive, Count);
    // The server may list a client before that client has read the 101 answer; Qt drops what a
    // socket sends before it is connected.
    for (auto &client : clients)
        QTRY_COMPARE_WITH_TIMEOUT(client->socket.state(), QAbstractSocket::ConnectedState, WaitMs);
    for (int i = 0; i < Count; ++i)
        clients[size_t(i)]->socket.sendTextMessage(QString::number(i));
    for (int i = 0; i < Count; ++i)
        QTRY_COMPARE_WITH_TIMEOUT(clients[size_t(i)]->texts, QStringList{QString::number(i)}, WaitMs);

    // Ids are distinct and rows come ordered by id.
    for (int i = 1; i < Count; ++i)
        QVERIFY(m_server->last.sessions[i - 1].id < m_server->last.sessions[i].id);

    for (auto &client : clients)
        client->socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.clientsConnected, 0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.sessionsAlive, 0, WaitMs);
    QCOMPARE(m_server->countEvents(EventKind::Connected), Count);
    QCOMPARE(m_server->countEvents(EventKind::Closed, EndReason::ClientClosed), Count);
}

void TestWebSocketServer::clientCloseIsRecordedWithItsCode()
{
    QVERIFY(m_server->start());
    Client client;
    QVERIFY(client.open(m_server->url));
    client.socket.sendTextMessage(QStringLiteral("one"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 1, WaitMs);
    const quint16 clientPort = client.localPort();
    client.socket.close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("tab closed"));

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed);
    QCOMPARE(closed.endedBy, EndedBy::Client);
    QCOMPARE(closed.reason, EndReason::ClientClosed);
    QCOMPARE(closed.closeCode, 1001);
    QCOMPARE(closed.closeReason, QStringLiteral("tab closed"));
    QCOMPARE(closed.messagesIn, 1u);
    QCOMPARE(closed.messagesOut, 1u);
    QCOMPARE(closed.peerPort, clientPort);
    QVERIFY(closed.endedAt >= closed.connectedAt);
    QCOMPARE(m_server->countEvents(EventKind::Closed), 1); // exactly one end event
}

void TestWebSocketServer::droppedConnectionIsRecordedAs1006()
{
    QVERIFY(m_server->start());
    Client client;
    QVERIFY(client.open(m_server->url));
    client.socket.abort();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed);
    QCOMPARE(closed.endedBy, EndedBy::Client);
    QCOMPARE(closed.reason, EndReason::ClientDropped);
    QCOMPARE(closed.closeCode, 1006);
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 0, WaitMs);
}

void TestWebSocketServer::kickDeliversCodeAndReason()
{
    QVERIFY(m_server->start());
    Client victim, bystander;
    QVERIFY(victim.open(m_server->url));
    QVERIFY(bystander.open(m_server->url));
    const quint64 id = m_server->sessionIdForPort(victim.localPort());
    QVERIFY(id != 0);

    const auto [ok, message] = m_server->result(m_server->controller.kick({id}, 4001, QStringLiteral("go away")));
    QVERIFY2(ok, qPrintable(message));
    QTRY_VERIFY_WITH_TIMEOUT(victim.disconnected, WaitMs);
    QCOMPARE(int(victim.socket.closeCode()), 4001);
    QCOMPARE(victim.socket.closeReason(), QStringLiteral("go away"));

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, id);
    QCOMPARE(closed.endedBy, EndedBy::Operator);
    QCOMPARE(closed.reason, EndReason::OperatorKick);
    QCOMPARE(closed.closeCode, 4001);
    QCOMPARE(closed.closeReason, QStringLiteral("go away"));

    // The other client goes on.
    bystander.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, QStringList{QStringLiteral("still here")}, WaitMs);
}

void TestWebSocketServer::kickRefusesCodesOutsideTheApplicationRange_data()
{
    QTest::addColumn<int>("code");
    QTest::newRow("1000 is not an operator's code") << 1000;
    QTest::newRow("3999 just below the range") << 3999;
    QTest::newRow("5000 just above the range") << 5000;
    // A restart's 1012 is the server's own (a stop for a restart), never an operator's kick.
    QTest::newRow("1012 is the server's restart") << 1012;
}

void TestWebSocketServer::kickRefusesCodesOutsideTheApplicationRange()
{
    QFETCH(int, code);
    QVERIFY(m_server->start());
    Client client;
    QVERIFY(client.open(m_server->url));
    const quint64 id = m_server->sessionIdForPort(client.localPort());
    QVERIFY(id != 0);
    const auto [ok, message] = m_server->result(m_server->controller.kick({id}, code, QStringLiteral("x")));
    QVERIFY(!ok);
    QVERIFY2(message.contains(QStringLiteral("4000")) && message.contains(QStringLiteral("4999")), qPrintable(message));
    client.socket.sendTextMessage(QStringLiteral("alive"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 1, WaitMs);
}

void TestWebSocketServer::banRefusesAndUnbanLetsIn()
{
    QVERIFY(m_server->start());
    QVERIFY(m_server->result(m_server->controller.ban(QStringLiteral("127.0.0.0/8"), 60000,
                                                      QStringLiteral("flooding"))).first);
    RawClient banned;
    QVERIFY(banned.connectTo(m_server->port()));
    banned.socket.write(upgradeRequest());
    QTRY_VERIFY_WITH_TIMEOUT(banned.disconnected, WaitMs);
    QCOMPARE(banned.httpStatus(), 403);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.reason, EndReason::Banned);
    QCOMPARE(rejected.httpStatus, 403);
    QVERIFY(rejected.closeReason.contains(QStringLiteral("flooding")));
    QCOMPARE(m_server->countEvents(EventKind::Connected), 0);

    QVERIFY(!m_server->result(m_server->controller.ban(QStringLiteral("not-an-address"), 1000, {})).first);
    QVERIFY(m_server->result(m_server->controller.unban(QStringLiteral("127.0.0.0/8"))).first);
    Client client;
    QVERIFY(client.open(m_server->url));
}

void TestWebSocketServer::snapshotRowsDescribeTheClient()
{
    QVERIFY(m_server->start());
    QNetworkRequest request(QUrl(m_server->url.toString() + QStringLiteral("?room=7")));
    request.setRawHeader("User-Agent", "wsmonitor-test/1.0");
    request.setRawHeader("Origin", "http://localhost:3000");
    Client client;
    QVERIFY(client.open(request));
    client.socket.sendTextMessage(QStringLiteral("abc"));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(client.localPort())
                                 && m_server->rowForPeerPort(client.localPort())->messagesOut == 1,
                             WaitMs);
    const SessionRow row = *m_server->rowForPeerPort(client.localPort());
    QCOMPARE(row.peerAddress, QStringLiteral("127.0.0.1"));
    QCOMPARE(row.path, QStringLiteral("/"));
    QCOMPARE(row.query, QStringLiteral("room=7"));
    QCOMPARE(row.userAgent, QStringLiteral("wsmonitor-test/1.0"));
    QCOMPARE(row.origin, QStringLiteral("http://localhost:3000"));
    QCOMPARE(row.state, SessionState::Open);
    QVERIFY(row.connectedAt > 0);
    QVERIFY(row.lastSeenAt >= row.connectedAt);
    QCOMPARE(row.rttMs, -1.0); // heartbeats are off in this fixture
    QVERIFY(m_server->last.url.startsWith(QStringLiteral("ws://127.0.0.1:")));
}

void TestWebSocketServer::startStopStartInOneProcess()
{
    for (int round = 0; round < 3; ++round) {
        QVERIFY(m_server->start());
        Client client;
        QVERIFY(client.open(m_server->url));
        client.socket.sendTextMessage(QStringLiteral("round %1").arg(round));
        QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 1, WaitMs);
        QVERIFY(m_server->stop());
        QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
        QCOMPARE(Session::aliveCount(), 0);
    }
    // Ids are never reused while the process runs.
    QList<quint64> ids;
    for (const ConnectionEvent &event : std::as_const(m_server->events)) {
        if (event.kind == EventKind::Connected)
            ids.append(event.sessionId);
    }
    QCOMPARE(ids.size(), 3);
    QVERIFY(ids[0] < ids[1] && ids[1] < ids[2]);
    QVERIFY(!m_server->stop()); // not running
}

void TestWebSocketServer::secondStartWhileRunningIsRefused()
{
    QVERIFY(m_server->start());
    const auto [ok, message] = m_server->result(m_server->controller.start(ServerFixture::defaultConfig()));
    QVERIFY(!ok);
    QVERIFY2(message.contains(QStringLiteral("already running")), qPrintable(message));
}

void TestWebSocketServer::portInUseNamesTheAddress()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress(QHostAddress::LocalHost), 0));
    ServerConfig config = ServerFixture::defaultConfig();
    config.port = occupant.serverPort();
    const auto [ok, message] = m_server->result(m_server->controller.start(config));
    QVERIFY(!ok);
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(occupant.serverPort())), qPrintable(message));
}

void TestWebSocketServer::orderedShutdownSends1001()
{
    QVERIFY(m_server->start());
    Client first, second;
    QVERIFY(first.open(m_server->url));
    QVERIFY(second.open(m_server->url));
    QVERIFY(m_server->stop());
    QTRY_VERIFY_WITH_TIMEOUT(first.disconnected && second.disconnected, WaitMs);
    QCOMPARE(int(first.socket.closeCode()), 1001);
    QCOMPARE(int(second.socket.closeCode()), 1001);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Closed, EndReason::ServerShutdown), 2, WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.closeCode, 1001);
    QCOMPARE(m_server->last.totals.clientsConnected, 0);
    QVERIFY(m_server->last.url.isEmpty());
}

void TestWebSocketServer::churnLeavesNoSessionBehind()
{
    QVERIFY(m_server->start());
    constexpr int Rounds = 20;
    constexpr int PerRound = 50;
    for (int round = 0; round < Rounds; ++round) {
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < PerRound; ++i) {
            clients.push_back(std::make_unique<Client>());
            clients.back()->socket.open(m_server->url);
        }
        for (auto &client : clients)
            QTRY_COMPARE_WITH_TIMEOUT(client->socket.state(), QAbstractSocket::ConnectedState, WaitMs);
        for (size_t i = 0; i < clients.size(); ++i) {
            // Half leave politely, half just drop.
            if (i % 2)
                clients[i]->socket.close();
            else
                clients[i]->socket.abort();
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Closed), (round + 1) * PerRound, WaitMs);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.sessionsAlive, 0, WaitMs);
    QCOMPARE(m_server->last.totals.clientsConnected, 0);
    QCOMPARE(Session::aliveCount(), 0);
    QCOMPARE(m_server->countEvents(EventKind::Connected), Rounds * PerRound);
    QCOMPARE(m_server->countEvents(EventKind::Closed, EndReason::ClientDropped), Rounds * PerRound / 2);
    QCOMPARE(m_server->countEvents(EventKind::Closed, EndReason::ClientClosed), Rounds * PerRound / 2);
}

void TestWebSocketServer::csvLogHasEveryEvent()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerConfig config = ServerFixture::defaultConfig();
    config.logCsvPath = dir.filePath(QStringLiteral("events.csv"));
    QVERIFY(m_server->start(config));
    {
        QNetworkRequest request(m_server->url);
        request.setRawHeader("User-Agent", "=cmd|' /C calc'!A0");
        Client client;
        QVERIFY(client.open(request));
        client.socket.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("done"));
        QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    }
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed).has_value(), WaitMs);
    QVERIFY(m_server->stop());

    QFile file(config.logCsvPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(file.readAll(), &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 3); // header, connected, closed
    QCOMPARE(rows[0], CsvWriter::eventHeader());
    const int agent = CsvWriter::eventHeader().indexOf(QStringLiteral("user_agent"));
    const int reason = CsvWriter::eventHeader().indexOf(QStringLiteral("reason"));
    const int code = CsvWriter::eventHeader().indexOf(QStringLiteral("close_code"));
    QVERIFY(agent >= 0 && reason >= 0 && code >= 0);
    QCOMPARE(rows[2][agent], QStringLiteral("'=cmd|' /C calc'!A0"));
    QCOMPARE(rows[2][reason], QStringLiteral("client_closed"));
    QCOMPARE(rows[2][code], QStringLiteral("1000"));

    // A second run appends: no second header.
    QVERIFY(m_server->start(config));
    Client again;
    QVERIFY(again.open(m_server->url));
    QVERIFY(m_server->stop());
    file.seek(0);
    const QList<QStringList> more = CsvWriter::parse(file.readAll(), &ok);
    QVERIFY(ok);
    QCOMPARE(more.size(), 5);
    QCOMPARE(more.count(CsvWriter::eventHeader()), 1);
}

QTEST_GUILESS_MAIN(TestWebSocketServer)
#include "tst_websocketserver.moc"
