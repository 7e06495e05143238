// End to end: a real client that reconnects in a tight loop is marked flapping (its row, a
// FlappingStarted event, the /metrics gauge) and unmarked once it stops; a steady client beside
// it never is. The tracker's window is shortened for the test (ServerConfig::flappingWindowMs), so
// "stops" is seconds, not a minute; the waits end on what the server reports, not on a sleep.

#include "testsupport.h"

#include <QNetworkRequest>

#include <memory>

using namespace wsm;
using namespace wsm::test;

namespace {

QNetworkRequest requestAs(const QUrl &url, const QByteArray &agent)
{
    QNetworkRequest request(url);
    request.setRawHeader("User-Agent", agent);
    return request;
}

QByteArray scrapeMetrics(quint16 port)
{
    RawClient scraper;
    if (!scraper.connectTo(port))
        return {};
    scraper.socket.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    if (!QTest::qWaitFor([&] { return scraper.disconnected; }, WaitMs))
        return {};
    return scraper.received;
}

} // namespace

class tst_Flapping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_server = std::make_unique<ServerFixture>(); }
    void cleanup() { m_server.reset(); }
    void reconnectingClientIsMarkedThenUnmarked();
    void thresholdZeroTracksNothing();

private:
    // Opens and drops a connection `times` times as fast as the loopback allows; false when one fails.
    bool reconnect(int times, const QByteArray &agent)
    {
        for (int i = 0; i < times; ++i) {
            Client client;
            if (!client.open(requestAs(m_server->url, agent)))
                return false;
            client.socket.abort(); // dropped, as a crashing page would
            if (!QTest::qWaitFor([&] { return client.disconnected; }, WaitMs))
                return false;
        }
        return true;
    }

    std::unique_ptr<ServerFixture> m_server;
};

void tst_Flapping::reconnectingClientIsMarkedThenUnmarked()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.flappingThreshold = 10;
    config.flappingWindowMs = 3000;
    QVERIFY(m_server->start(config));
    Client steady;
    QVERIFY(steady.open(requestAs(m_server->url, "steady/1")));

    // 29 drops and a 30th connection that stays, so that its row can show the mark.
    const QByteArray agent("flapper/1");
    QVERIFY(reconnect(29, agent));
    Client last;
    QVERIFY(last.open(requestAs(m_server->url, agent)));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(last.localPort()).has_value()
                                 && m_server->rowForPeerPort(last.localPort())->flapping,
                             WaitMs);
    QVERIFY(!m_server->rowForPeerPort(steady.localPort())->flapping);
    QCOMPARE(m_server->last.totals.flapping, 1);
    QCOMPARE(m_server->countEvents(EventKind::FlappingStarted), 1);
    const ConnectionEvent started = *m_server->findEvent(EventKind::FlappingStarted);
    QCOMPARE(started.peerAddress, QStringLiteral("127.0.0.1"));
    QCOMPARE(started.userAgent, QStringLiteral("flapper/1"));
    QVERIFY2(started.closeReason.contains(QStringLiteral("connections in the last minute; the last ended: ")),
             qPrintable(started.closeReason));
    QCOMPARE(sampleValue(scrapeMetrics(m_server->port()), "wsmonitor_flapping_clients"), 1.0);

    // It stops reconnecting: within the window and a housekeeping pass it is unmarked.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::FlappingStopped).has_value(), WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->last.totals.flapping, 0);
    QVERIFY(!m_server->rowForPeerPort(last.localPort())->flapping);
    QCOMPARE(m_server->findEvent(EventKind::FlappingStopped)->userAgent, QStringLiteral("flapper/1"));
    QCOMPARE(m_server->countEvents(EventKind::FlappingStarted), 1);
    const QByteArray metrics = scrapeMetrics(m_server->port());
    QCOMPARE(sampleValue(metrics, "wsmonitor_flapping_clients"), 0.0);
    QCOMPARE(sampleValue(metrics, "wsmonitor_flapping_forgotten_total"), 0.0);
}

void tst_Flapping::thresholdZeroTracksNothing()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.flappingThreshold = 0;
    config.flappingWindowMs = 3000;
    QVERIFY(m_server->start(config));
    QVERIFY(reconnect(15, "flapper/1"));
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Closed), 15);
    QCOMPARE(m_server->countEvents(EventKind::FlappingStarted), 0);
    QCOMPARE(m_server->last.totals.flapping, 0);
}

QTEST_GUILESS_MAIN(tst_Flapping)
#include "tst_flapping.moc"
