// What the console asks of the server about one client or many: spread kicks, kick all, the
// inspector's details (handshake, message history, RTT history) and the bans list in the snapshot.
#include "testsupport.h"

#include <QNetworkRequest>

#include <memory>
#include <vector>

using namespace wsm;
using namespace wsm::test;

class tst_ClientControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void manyKicksAreSpreadAndEveryOneEnds();
    void aFewKicksGoAtOnce();
    void kickAllEndsEveryClient();
    void kickAllWithNoClients();
    void kickSkipsClientsAlreadyGone();
    void detailsShowHandshakeAndMessages();
    void messageHistoryKeepsTheNewest_data();
    void messageHistoryKeepsTheNewest();
    void detailsOfAClientThatHasGone();
    void rttHistoryFromHeartbeats();
    void activeBansTravelInTheSnapshot();

private:
    // The server's answer to requestClientDetails, or found = false with sessionId 0 on no answer.

    std::unique_ptr<ServerFixture> m_server;
};

void tst_ClientControl::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void tst_ClientControl::cleanup()
{
    m_server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 0, WaitMs);
}

void tst_ClientControl::manyKicksAreSpreadAndEveryOneEnds()
{
    QVERIFY(m_server->start());
    constexpr int Clients = 300;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < Clients; ++i) {
        clients.push_back(std::make_unique<Client>());
        QVERIFY(clients.back()->open(m_server->url));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.sessions.size(), Clients, WaitMs);
    QList<quint64> ids;
    for (const SessionRow &row : std::as_const(m_server->last.sessions))
        ids.append(row.id);

    const auto [ok, message] = m_server->result(
        m_server->controller.kick(ids, 4002, QStringLiteral("maintenance"), 300));
    QVERIFY2(ok, qPrintable(message));
    // More than one batch: the answer says the kick is under way, not done.
    QVERIFY2(message.contains(QLatin1String("over")), qPrintable(message));

    for (const auto &client : clients) {
        QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, WaitMs);
        QCOMPARE(int(client->socket.closeCode()), 4002);
        QCOMPARE(client->socket.closeReason(), QStringLiteral("maintenance"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Closed, EndReason::OperatorKick), Clients, WaitMs);
    for (const ConnectionEvent &event : std::as_const(m_server->events)) {
        if (event.kind == EventKind::Closed)
            QCOMPARE(event.endedBy, EndedBy::Operator);
    }
}

void tst_ClientControl::aFewKicksGoAtOnce()
{
    QVERIFY(m_server->start());
    Client a, b;
    QVERIFY(a.open(m_server->url));
    QVERIFY(b.open(m_server->url));
    const quint64 idA = m_server->sessionIdForPort(a.localPort());
    const quint64 idB = m_server->sessionIdForPort(b.localPort());
    QVERIFY(idA && idB);

    const auto [ok, message] = m_server->result(m_server->controller.kick({idA, idB}, 4000, QStringLiteral("bye"), 60000));
    QVERIFY2(ok, qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("over")), qPrintable(message));
    QTRY_VERIFY_WITH_TIMEOUT(a.disconnected && b.disconnected, WaitMs);
}

void tst_ClientControl::kickAllEndsEveryClient()
{
    QVERIFY(m_server->start());
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(std::make_unique<Client>());
        QVERIFY(clients.back()->open(m_server->url));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.sessions.size(), 5, WaitMs);

    const auto [ok, message] = m_server->result(m_server->controller.kickAll(4100, QStringLiteral("all out"), 0));
    QVERIFY2(ok, qPrintable(message));
    for (const auto &client : clients) {
        QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, WaitMs);
        QCOMPARE(int(client->socket.closeCode()), 4100);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Closed, EndReason::OperatorKick), 5, WaitMs);

    // The server goes on accepting.
    Client late;
    QVERIFY(late.open(m_server->url));
    late.socket.sendTextMessage(QStringLiteral("after"));
    QTRY_COMPARE_WITH_TIMEOUT(late.texts, QStringList{QStringLiteral("after")}, WaitMs);
}

void tst_ClientControl::kickAllWithNoClients()
{
    QVERIFY(m_server->start());
    const auto [ok, message] = m_server->result(m_server->controller.kickAll(4000, QString(), 0));
    QVERIFY2(ok, qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("no clients")), qPrintable(message));
}

void tst_ClientControl::kickSkipsClientsAlreadyGone()
{
    QVERIFY(m_server->start());
    Client client;
    QVERIFY(client.open(m_server->url));
    const quint64 id = m_server->sessionIdForPort(client.localPort());
    QVERIFY(id);
    const quint64 neverSeen = id + 1000;

    const auto [ok, message] = m_server->result(m_server->controller.kick({id, neverSeen}, 4000, QString()));
    QVERIFY2(ok, qPrintable(message));
    QVERIFY2(message.contains(QString::number(neverSeen)), qPrintable(message));
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);

    const auto [okAgain, messageAgain] = m_server->result(m_server->controller.kick({id}, 4000, QString()));
    QVERIFY(!okAgain);
    QVERIFY2(messageAgain.contains(QString::number(id)), qPrintable(messageAgain));
}

void tst_ClientControl::detailsShowHandshakeAndMessages()
{
    QVERIFY(m_server->start());
    QUrl url = m_server->url;
    url.setPath(QStringLiteral("/"));
    url.setQuery(QStringLiteral("room=7"));
    QNetworkRequest request(url);
    request.setRawHeader("X-Operator-Note", "first client");
    Client client;
    QVERIFY(client.open(request));
    const quint64 id = m_server->sessionIdForPort(client.localPort());
    QVERIFY(id);

    const QString longText(300, QLatin1Char('a'));
    client.socket.sendTextMessage(QStringLiteral("你好"));
    client.socket.sendBinaryMessage(QByteArray("\x01\x02\xff", 3));
    client.socket.sendTextMessage(longText);
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 2, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(client.binaries.size(), 1, WaitMs);

    const ClientDetails details = m_server->detailsOf(id);
    QVERIFY(details.found);
    QCOMPARE(details.sessionId, id);
    QCOMPARE(details.row.id, id);
    QCOMPARE(details.row.messagesIn, quint64(3));
    QCOMPARE(details.row.messagesOut, quint64(3));
    QCOMPARE(details.requestLine, QStringLiteral("GET /?room=7 HTTP/1.1"));
    const QPair<QString, QString> note{QStringLiteral("X-Operator-Note"), QStringLiteral("first client")};
    QVERIFY(details.requestHeaders.contains(note));
    QVERIFY(std::any_of(details.requestHeaders.cbegin(), details.requestHeaders.cend(),
                        [](const auto &header) { return header.first.compare(QLatin1String("Sec-WebSocket-Version"), Qt::CaseInsensitive) == 0; }));

    // Echo mode: each message in, then the same out.
    QCOMPARE(details.messages.size(), 6);
    using Direction = MessageRecord::Direction;
    const QList<MessageRecord> &m = details.messages;
    QCOMPARE(m.at(0).direction, Direction::In);
    QCOMPARE(m.at(0).preview, QStringLiteral("你好"));
    QCOMPARE(m.at(0).size, qint64(6)); // UTF-8 bytes
    QVERIFY(!m.at(0).truncated);
    QCOMPARE(m.at(1).direction, Direction::Out);
    QCOMPARE(m.at(1).preview, QStringLiteral("你好"));
    QVERIFY(m.at(2).binary);
    QCOMPARE(m.at(2).preview, QStringLiteral("01 02 ff"));
    QCOMPARE(m.at(2).size, qint64(3));
    QCOMPARE(m.at(4).size, qint64(300));
    QVERIFY(m.at(4).truncated);
    QCOMPARE(m.at(4).preview.size(), MessageRecord::PreviewChars);
    QVERIFY(m.at(0).at > 0 && m.at(0).at <= m.at(5).at);
}

void tst_ClientControl::messageHistoryKeepsTheNewest_data()
{
    QTest::addColumn<int>("history");
    QTest::addColumn<int>("sent");
    QTest::addColumn<int>("expectedKept");

    QTest::newRow("off") << 0 << 3 << 0;
    QTest::newRow("under the bound") << 10 << 2 << 4;
    QTest::newRow("exactly full") << 4 << 2 << 4;
    QTest::newRow("wrapped") << 5 << 8 << 5;
}

void tst_ClientControl::messageHistoryKeepsTheNewest()
{
    QFETCH(int, history);
    QFETCH(int, sent);
    QFETCH(int, expectedKept);

    ServerConfig config = ServerFixture::defaultConfig();
    config.messageHistory = history;
    QVERIFY(m_server->start(config));
    Client client;
    QVERIFY(client.open(m_server->url));
    const quint64 id = m_server->sessionIdForPort(client.localPort());
    QVERIFY(id);
    for (int i = 0; i < sent; ++i)
        client.socket.sendTextMessage(QStringLiteral("m%1").arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), sent, WaitMs);

    const ClientDetails details = m_server->detailsOf(id);
    QVERIFY(details.found);
    QCOMPARE(details.messages.size(), expectedKept);
    if (expectedKept > 0) {
        // Oldest first; the last is the echo of the last message sent.
        const MessageRecord &newest = details.messages.constLast();
        QCOMPARE(newest.direction, MessageRecord::Direction::Out);
        QCOMPARE(newest.preview, QStringLiteral("m%1").arg(sent - 1));
        for (int i = 1; i < details.messages.size(); ++i)
            QVERIFY(details.messages.at(i - 1).at <= details.messages.at(i).at);
    }
}

void tst_ClientControl::detailsOfAClientThatHasGone()
{
    QVERIFY(m_server->start());
    Client client;
    QVERIFY(client.open(m_server->url));
    const quint64 id = m_server->sessionIdForPort(client.localPort());
    QVERIFY(id);
    client.socket.close();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);

    const ClientDetails details = m_server->detailsOf(id);
    QCOMPARE(details.sessionId, id);
    QVERIFY(!details.found);
    QVERIFY(details.messages.isEmpty());
}

void tst_ClientControl::rttHistoryFromHeartbeats()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.heartbeatIntervalMs = 100;
    config.heartbeatTimeoutMs = 10000;
    QVERIFY(m_server->start(config));
    Client client; // QWebSocket answers pings by itself
    QVERIFY(client.open(m_server->url));
    const quint64 id = m_server->sessionIdForPort(client.localPort());
    QVERIFY(id);

    ClientDetails details;
    QTRY_VERIFY_WITH_TIMEOUT((details = m_server->detailsOf(id)).rttHistory.size() >= 3, WaitMs);
    for (const RttSample &sample : std::as_const(details.rttHistory)) {
        QVERIFY(sample.ms >= 0);
        QVERIFY(sample.at > 0);
    }
    QVERIFY(details.rttHistory.size() <= ClientDetails::RttHistoryLength);
}

void tst_ClientControl::activeBansTravelInTheSnapshot()
{
    QVERIFY(m_server->start());
    const auto [ok, message] = m_server->result(
        m_server->controller.ban(QStringLiteral("192.0.2.0/24"), 600000, QStringLiteral("reconnect storm")));
    QVERIFY2(ok, qPrintable(message));
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->last.bans.size(), 1);
    const Ban ban = m_server->last.bans.constFirst();
    QCOMPARE(ban.target, QStringLiteral("192.0.2.0/24"));
    QCOMPARE(ban.reason, QStringLiteral("reconnect storm"));
    QCOMPARE(ban.expiresAt - ban.createdAt, qint64(600000));

    QVERIFY(m_server->result(m_server->controller.unban(QStringLiteral("192.0.2.0/24"))).first);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QVERIFY(m_server->last.bans.isEmpty());
}

QTEST_GUILESS_MAIN(tst_ClientControl)
#include "tst_clientcontrol.moc"
