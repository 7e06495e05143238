// What the operator sends: a text or a binary frame, to one client or to every client, through the
// controller as the console sends it; each counted as a message out with its bytes.
#include "testsupport.h"

#include <memory>

using namespace wsm;
using namespace wsm::test;

class tst_OperatorMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void textToOneAndToAll();
    void binaryToOneArrivesAsSent_data();
    void binaryToOneArrivesAsSent();
    void binaryToAllReachesEveryClient();
    void binaryIsCountedAndKeptInTheHistory();
    void binaryToAClientThatHasGone();

private:
    std::unique_ptr<ServerFixture> m_server;
};

void tst_OperatorMessages::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void tst_OperatorMessages::cleanup()
{
    m_server.reset();
    // The controller's destructor joins the server thread: every Session must be gone by then.
    QCOMPARE(Session::aliveCount(), 0);
}

void tst_OperatorMessages::textToOneAndToAll()
{
    QVERIFY(m_server->start());
    Client first, second;
    QVERIFY(first.open(m_server->url));
    QVERIFY(second.open(m_server->url));
    const quint64 id = m_server->sessionIdForPort(first.localPort());
    QVERIFY(id != 0);

    QVERIFY(m_server->result(m_server->controller.send(id, OutgoingMessage::fromText(QStringLiteral("just you")))).first);
    QTRY_COMPARE_WITH_TIMEOUT(first.texts, QStringList{QStringLiteral("just you")}, WaitMs);

    const auto [ok, message] =
        m_server->result(m_server->controller.broadcast(OutgoingMessage::fromText(QStringLiteral("everyone"))));
    QVERIFY(ok);
    QVERIFY2(message.contains(QLatin1Char('2')), qPrintable(message));
    QTRY_COMPARE_WITH_TIMEOUT(first.texts.size(), 2, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.texts, QStringList{QStringLiteral("everyone")}, WaitMs);
    QCOMPARE(first.texts.last(), QStringLiteral("everyone"));
    QVERIFY(first.binaries.isEmpty() && second.binaries.isEmpty());

    QVERIFY(!m_server->result(m_server->controller.send(999999, OutgoingMessage::fromText(QStringLiteral("nobody")))).first);
}

void tst_OperatorMessages::binaryToOneArrivesAsSent_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("four bytes") << QByteArray::fromHex("deadbeef");
    // Not UTF-8, and a zero byte: a text path would have mangled or cut it.
    QTest::newRow("a zero byte and bytes that are not UTF-8") << QByteArray("\x00\xff\xfe\x80\x00", 5);
    QByteArray everyValue;
    for (int i = 0; i < 300 * 1024; ++i)
        everyValue.append(char(i % 256));
    QTest::newRow("300 KiB of every byte value") << everyValue;
}

void tst_OperatorMessages::binaryToOneArrivesAsSent()
{
    QFETCH(QByteArray, bytes);
    QVERIFY(m_server->start());
    Client chosen, other;
    QVERIFY(chosen.open(m_server->url));
    QVERIFY(other.open(m_server->url));
    const quint64 id = m_server->sessionIdForPort(chosen.localPort());
    QVERIFY(id != 0);

    const auto [ok, message] = m_server->result(m_server->controller.send(id, OutgoingMessage::fromBinary(bytes)));
    QVERIFY2(ok, qPrintable(message));
    QTRY_COMPARE_WITH_TIMEOUT(chosen.binaries.size(), 1, WaitMs);
    QVERIFY(chosen.binaries.constFirst() == bytes); // QCOMPARE would print 300 KiB on a failure
    QCOMPARE(chosen.binaries.constFirst().size(), bytes.size());
    QVERIFY(chosen.texts.isEmpty());

    // The other client got nothing: a text sent to it now is the first thing it sees.
    const quint64 otherId = m_server->sessionIdForPort(other.localPort());
    QVERIFY(m_server->result(m_server->controller.send(otherId, OutgoingMessage::fromText(QStringLiteral("you")))).first);
    QTRY_COMPARE_WITH_TIMEOUT(other.texts, QStringList{QStringLiteral("you")}, WaitMs);
    QVERIFY(other.binaries.isEmpty());
}

void tst_OperatorMessages::binaryToAllReachesEveryClient()
{
    QVERIFY(m_server->start());
    Client first, second, third;
    for (Client *client : {&first, &second, &third})
        QVERIFY(client->open(m_server->url));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.clientsConnected, 3, WaitMs);

    const QByteArray bytes = QByteArray::fromHex("0001027f80feff");
    const auto [ok, message] = m_server->result(m_server->controller.broadcast(OutgoingMessage::fromBinary(bytes)));
    QVERIFY(ok);
    QVERIFY2(message.contains(QLatin1Char('3')), qPrintable(message));
    for (Client *client : {&first, &second, &third}) {
        QTRY_COMPARE_WITH_TIMEOUT(client->binaries.size(), 1, WaitMs);
        QCOMPARE(client->binaries.constFirst(), bytes);
        QVERIFY(client->texts.isEmpty());
    }
}

void tst_OperatorMessages::binaryIsCountedAndKeptInTheHistory()
{
    QVERIFY(m_server->start());
    Client client;
    QVERIFY(client.open(m_server->url));
    const quint64 id = m_server->sessionIdForPort(client.localPort());
    QVERIFY(id != 0);

    const QByteArray bytes = QByteArray::fromHex("deadbeef");
    QVERIFY(m_server->result(m_server->controller.send(id, OutgoingMessage::fromBinary(bytes))).first);
    QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromBinary(bytes + bytes))).first);
    QTRY_COMPARE_WITH_TIMEOUT(client.binaries.size(), 2, WaitMs);

    // Counted as the text path counts: one message out each, with its payload's bytes.
    QVERIFY(m_server->waitForSnapshotAfterNow());
    const std::optional<SessionRow> row = m_server->rowForPeerPort(client.localPort());
    QVERIFY(row.has_value());
    QCOMPARE(row->messagesOut, quint64(2));
    QCOMPARE(row->bytesOut, quint64(4 + 8));
    QCOMPARE(m_server->last.totals.messagesOut, quint64(2));
    QCOMPARE(m_server->last.totals.bytesOut, quint64(12));

    // The inspector's history shows them as binary, in hex.
    ClientDetails details;
    QSignalSpy answered(&m_server->controller, &ServerController::clientDetailsReady);
    const quint64 request = m_server->controller.requestClientDetails(id);
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QList<QVariant> &arguments : std::as_const(answered)) {
                if (arguments.at(0).toULongLong() == request) {
                    details = arguments.at(1).value<ClientDetails>();
                    return true;
                }
            }
            return false;
        },
        WaitMs));
    QCOMPARE(details.messages.size(), 2);
    for (const MessageRecord &record : std::as_const(details.messages)) {
        QCOMPARE(record.direction, MessageRecord::Direction::Out);
        QVERIFY(record.binary);
    }
    QCOMPARE(details.messages.at(0).size, 4);
    QVERIFY2(details.messages.at(0).preview.contains(QLatin1String("de ad be ef")),
             qPrintable(details.messages.at(0).preview));
}

void tst_OperatorMessages::binaryToAClientThatHasGone()
{
    QVERIFY(m_server->start());
    Client client;
    QVERIFY(client.open(m_server->url));
    const quint64 id = m_server->sessionIdForPort(client.localPort());
    QVERIFY(id != 0);
    client.socket.close();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);

    const auto [ok, message] =
        m_server->result(m_server->controller.send(id, OutgoingMessage::fromBinary(QByteArray::fromHex("01"))));
    QVERIFY(!ok);
    QVERIFY2(message.contains(QString::number(id)), qPrintable(message));
}

QTEST_GUILESS_MAIN(tst_OperatorMessages)
#include "tst_operatormessages.moc"
