// A stop for a restart (the console's Restart now): every client is closed with 1012 Service
// Restart, each end is the server's with a reason of its own (not an operator's kick), in the
// events and the CSV log alike, and the server listens again once started.
#include "testsupport.h"

#include "csvwriter.h"

#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <memory>

using namespace wsm;
using namespace wsm::test;

class tst_ServiceRestart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void everyClientIsClosedWith1012();
    void listensAgainOnceStarted();
    void csvLogSaysServiceRestartByTheServer();
    void aHandshakeCutShortIsRecordedAsTheRestart();

private:
    std::unique_ptr<ServerFixture> m_server;
};

void tst_ServiceRestart::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void tst_ServiceRestart::cleanup()
{
    m_server.reset();
    // The controller's destructor joins the server thread: every Session must be gone by then.
    QCOMPARE(Session::aliveCount(), 0);
}

void tst_ServiceRestart::everyClientIsClosedWith1012()
{
    QVERIFY(m_server->start());
    // Raw clients: Qt 6.4's own client takes 1012, registered after RFC 6455, for a protocol error
    // and reports 1002; what the server sent is read from the wire.
    RawClient first, second;
    QVERIFY(first.upgrade(m_server->port()));
    QVERIFY(second.upgrade(m_server->port()));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.clientsConnected, 2, WaitMs);

    QVERIFY(m_server->result(m_server->controller.stop(StopReason::ServiceRestart)).first);
    for (RawClient *client : {&first, &second}) {
        QTRY_COMPARE_WITH_TIMEOUT(client->closeCode(), 1012, WaitMs);
        const QList<WireFrame> frames = wireFrames(client->received);
        const auto close = std::find_if(frames.cbegin(), frames.cend(),
                                        [](const WireFrame &frame) { return frame.opcode == 0x8; });
        QVERIFY(close != frames.cend());
        QCOMPARE(close->payload.mid(2), QByteArray("service restart"));
    }

    QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Closed), 2, WaitMs);
    for (const ConnectionEvent &event : std::as_const(m_server->events)) {
        if (event.kind != EventKind::Closed)
            continue;
        QCOMPARE(event.reason, EndReason::ServiceRestart);
        QCOMPARE(event.endedBy, EndedBy::Server);
        QCOMPARE(event.closeCode, 1012);
        QCOMPARE(event.closeReason, QStringLiteral("service restart"));
    }
    QCOMPARE(m_server->countEvents(EventKind::Closed, EndReason::OperatorKick), 0);
    QCOMPARE(ConnectionEvent::reasonId(EndReason::ServiceRestart), QStringLiteral("service_restart"));
}

void tst_ServiceRestart::listensAgainOnceStarted()
{
    QVERIFY(m_server->start());
    Client before;
    QVERIFY(before.open(m_server->url));
    QVERIFY(m_server->result(m_server->controller.stop(StopReason::ServiceRestart)).first);
    QTRY_VERIFY_WITH_TIMEOUT(before.disconnected, WaitMs);

    ServerConfig changed = ServerFixture::defaultConfig();
    changed.path = QStringLiteral("/after");
    QVERIFY(m_server->start(changed));
    QCOMPARE(m_server->url.path(), QStringLiteral("/after"));
    Client after;
    QVERIFY(after.open(m_server->url));
    after.socket.sendTextMessage(QStringLiteral("back"));
    QTRY_COMPARE_WITH_TIMEOUT(after.texts, QStringList{QStringLiteral("back")}, WaitMs);
}

void tst_ServiceRestart::csvLogSaysServiceRestartByTheServer()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerConfig config = ServerFixture::defaultConfig();
    config.logCsvPath = dir.filePath(QStringLiteral("events.csv"));
    QVERIFY(m_server->start(config));
    RawClient client;
    QVERIFY(client.upgrade(m_server->port()));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.clientsConnected, 1, WaitMs);
    QVERIFY(m_server->result(m_server->controller.stop(StopReason::ServiceRestart)).first);

    QFile file(config.logCsvPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(file.readAll(), &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 3); // header, connected, closed
    const QStringList header = CsvWriter::eventHeader();
    QCOMPARE(rows[2][header.indexOf(QStringLiteral("event"))], QStringLiteral("closed"));
    QCOMPARE(rows[2][header.indexOf(QStringLiteral("ended_by"))], QStringLiteral("server"));
    QCOMPARE(rows[2][header.indexOf(QStringLiteral("reason"))], QStringLiteral("service_restart"));
    QCOMPARE(rows[2][header.indexOf(QStringLiteral("close_code"))], QStringLiteral("1012"));
}

void tst_ServiceRestart::aHandshakeCutShortIsRecordedAsTheRestart()
{
    QVERIFY(m_server->start());
    // Connected, no upgrade request yet: pending when the restart comes.
    RawClient pending;
    QVERIFY(pending.connectTo(m_server->port()));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.handshakesPending, 1, WaitMs);

    QVERIFY(m_server->result(m_server->controller.stop(StopReason::ServiceRestart)).first);
    QTRY_VERIFY_WITH_TIMEOUT(pending.disconnected, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Rejected), 1, WaitMs);
    const ConnectionEvent refused = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(refused.reason, EndReason::ServiceRestart);
    QCOMPARE(refused.endedBy, EndedBy::Server);
    QCOMPARE(refused.closeReason, QStringLiteral("service restart before the upgrade"));
}

QTEST_GUILESS_MAIN(tst_ServiceRestart)
#include "tst_servicerestart.moc"
