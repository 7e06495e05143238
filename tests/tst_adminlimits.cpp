// End to end, what the admin channel refuses and what one admin client may cost: HTTP refusals before
// the upgrade, messages it cannot take, binary and oversized frames, a flood; the counts in /metrics.

#include "adminchannelfixture.h"

#include "snapshotdelta.h"

#include <QWebSocketProtocol>

using namespace wsm;
using namespace wsm::test;

class tst_AdminLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void refusedBeforeTheUpgrade_data();
    void refusedBeforeTheUpgrade();
    void fullChannelAnswers503();
    void badMessagesAnsweredAndLinkStaysOpen();
    void binaryFrameCloses1003();
    void oversizedMessageCloses1009();
    void floodClosesOnlyTheFlooder();
    void countsInMetricsAndTotals();

private:
    std::unique_ptr<AdminNodeFixture> m_f;
};

void tst_AdminLimits::init()
{
    m_f = std::make_unique<AdminNodeFixture>();
    QVERIFY(m_f->node.start());
}

void tst_AdminLimits::cleanup()
{
    m_f.reset();
    QCOMPARE(Session::aliveCount(), 0);
}

void tst_AdminLimits::refusedBeforeTheUpgrade_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("no token: 401") << upgradeRequest("/") << 401;
    QTest::newRow("wrong token: 403") << upgradeRequest("/", "Authorization: Bearer nope\r\n") << 403;
    QTest::newRow("wrong path: 404") << upgradeRequest("/admin", "Authorization: Bearer " + FullToken.toUtf8() + "\r\n") << 404;
    QTest::newRow("not an upgrade: 400")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + FullToken.toUtf8() + "\r\n\r\n") << 400;
}

void tst_AdminLimits::refusedBeforeTheUpgrade()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QVERIFY(m_f->startAdmin());
    RawClient raw;
    QVERIFY(raw.connectTo(m_f->admin->port()));
    raw.socket.write(request);
    QTRY_VERIFY_WITH_TIMEOUT(raw.disconnected, WaitMs);
    QCOMPARE(raw.httpStatus(), status);
    if (status == 401)
        QVERIFY(raw.received.contains("WWW-Authenticate: Bearer"));
    QCOMPARE(m_f->admin->refusedCount(), 1u);
    QCOMPARE(m_f->admin->clientCount(), 0);
    // Never a client of the node, never an event of its log.
    QVERIFY(m_f->node.waitForSnapshotAfterNow());
    QCOMPARE(m_f->node.last.totals.rejected, 0u);
    QVERIFY(m_f->node.events.isEmpty());
}

void tst_AdminLimits::fullChannelAnswers503()
{
    AdminConfig config;
    config.maxClients = 1;
    QVERIFY(m_f->startAdmin(config));
    AdminLink first;
    QVERIFY(first.open(m_f->admin->url()));
    RawClient second;
    QVERIFY(second.connectTo(m_f->admin->port()));
    second.socket.write(upgradeRequest("/", "Authorization: Bearer " + FullToken.toUtf8() + "\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(second.httpStatus(), 503, WaitMs);
}

void tst_AdminLimits::badMessagesAnsweredAndLinkStaysOpen()
{
    QVERIFY(m_f->startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
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

void tst_AdminLimits::binaryFrameCloses1003()
{
    QVERIFY(m_f->startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    link.socket.sendBinaryMessage(QByteArray("{}"));
    QTRY_VERIFY_WITH_TIMEOUT(link.disconnected, WaitMs);
    QCOMPARE(link.socket.closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
    QTRY_COMPARE_WITH_TIMEOUT(m_f->admin->clientCount(), 0, WaitMs);
}

void tst_AdminLimits::oversizedMessageCloses1009()
{
    QVERIFY(m_f->startAdmin());
    AdminLink link;
    QVERIFY(link.open(m_f->admin->url()));
    link.socket.sendTextMessage(QString(1024 * 1024 + 1, QLatin1Char('x')));
    QTRY_VERIFY_WITH_TIMEOUT(link.disconnected, WaitMs);
    QCOMPARE(link.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
}

void tst_AdminLimits::floodClosesOnlyTheFlooder()
{
    QVERIFY(m_f->startAdmin());
    Client bystander;
    QVERIFY(bystander.open(m_f->node.url));
    bystander.socket.sendTextMessage(QStringLiteral("before"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts.size(), 1, WaitMs);

    AdminLink watcher;
    QVERIFY(watcher.open(m_f->admin->url(), WatchToken));
    watcher.subscribe(true, true);
    QTRY_VERIFY_WITH_TIMEOUT(!watcher.ofType(QStringLiteral("snapshot")).isEmpty(), WaitMs);

    AdminLink flooder;
    QVERIFY(flooder.open(m_f->admin->url()));
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

void tst_AdminLimits::countsInMetricsAndTotals()
{
    QVERIFY(m_f->startAdmin());
    AdminLink first, second;
    QVERIFY(first.open(m_f->admin->url()));
    QVERIFY(second.open(m_f->admin->url(), WatchToken));
    RawClient refused;
    QVERIFY(refused.connectTo(m_f->admin->port()));
    refused.socket.write(upgradeRequest("/"));
    QTRY_VERIFY_WITH_TIMEOUT(refused.disconnected, WaitMs);

    QTRY_COMPARE_WITH_TIMEOUT(m_f->node.last.totals.adminClients, 2, WaitMs);
    QCOMPARE(m_f->node.last.totals.adminRefused, 1u);
    RawClient metrics;
    QVERIFY(metrics.connectTo(m_f->node.port()));
    metrics.socket.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(metrics.disconnected, WaitMs);
    QVERIFY(metrics.received.contains("# TYPE wsmonitor_admin_clients gauge"));
    QVERIFY(metrics.received.contains("# TYPE wsmonitor_admin_refused_total counter"));
    QCOMPARE(sampleValue(metrics.received, "wsmonitor_admin_clients"), 2.0);
    QCOMPARE(sampleValue(metrics.received, "wsmonitor_admin_refused_total"), 1.0);
    // Admin clients are not the node's clients.
    QCOMPARE(m_f->node.last.totals.clientsConnected, 0);
    QCOMPARE(m_f->node.last.sessions.size(), 0);

    first.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_f->node.last.totals.adminClients, 1, WaitMs);
}

QTEST_GUILESS_MAIN(tst_AdminLimits)
#include "tst_adminlimits.moc"
