// End to end: plain HTTP on the WebSocket port (/metrics, /healthz and every refusal before the
// upgrade), spoken over raw TCP sockets to the real server on 127.0.0.1.

#include "testsupport.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <cmath>

using namespace wsm;
using namespace wsm::test;

namespace {

// An HTTP answer as the server wrote it, up to its closing the connection.
struct HttpAnswer
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;
    quint16 localPort = 0; // the client's side of the connection, as the server's event names it

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &field : headers) {
            if (field.first == name.toLower())
                return field.second;
        }
        return QByteArray();
    }
};

// Parses a whole answer; false when it is not one (no status line, no end of head, or a body of
// another length than Content-Length says; an answer to HEAD has the length but no body).
bool parseAnswer(const QByteArray &bytes, HttpAnswer *answer, bool toHead)
{
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (!bytes.startsWith("HTTP/1.1 ") || headEnd < 0)
        return false;
    const QList<QByteArray> lines = bytes.left(headEnd).split('\n');
    answer->status = lines.first().mid(9, 3).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        answer->headers.append({line.left(colon).toLower(), line.mid(colon + 1).trimmed()});
    }
    answer->body = bytes.mid(headEnd + 4);
    bool ok = false;
    const qsizetype length = answer->header("content-length").toLongLong(&ok);
    return ok && (toHead ? answer->body.isEmpty() : length == answer->body.size());
}

QByteArray get(const QByteArray &target)
{
    return QByteArray("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: tst_httproutes\r\n\r\n");
}

// A valid upgrade request but for its Sec-WebSocket-Version line (empty: none at all).
QByteArray upgradeWithVersionLine(const QByteArray &versionLine)
{
    return QByteArray("GET / HTTP/1.1\r\n"
                      "Host: 127.0.0.1\r\n"
                      "Upgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      + versionLine + "\r\n");
}

QByteArray manyHeaders(int count, int valueBytes)
{
    QByteArray request("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (int i = 0; i < count; ++i)
        request += QByteArray("X-Filler-" + QByteArray::number(i) + ": " + QByteArray(valueBytes, 'v') + "\r\n");
    request += "\r\n";
    return request;
}

QList<QByteArray> samplesStartingWith(const QByteArray &page, const QByteArray &prefix)
{
    QList<QByteArray> found;
    const QList<QByteArray> lines = page.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(prefix))
            found.append(line);
    }
    return found;
}

QByteArray reasonLabel(EndReason reason)
{
    return QByteArray("{reason=\"" + ConnectionEvent::reasonId(reason).toLatin1() + "\"}");
}

} // namespace

class TestHttpRoutes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void metricsDescribesTheServer();
    void everyMetricHasHelpAndType();
    void healthzAnswersOk();
    void headGetsTheHeadersWithoutTheBody_data();
    void headGetsTheHeadersWithoutTheBody();
    void metricsAndHealthzAreNotConnections();
    void refusalAnswersWithItsStatus_data();
    void refusalAnswersWithItsStatus();
    void banLeavesHealthAndMetricsReachable_data();
    void banLeavesHealthAndMetricsReachable();
    void bannedUpgradeRecordsPathOriginAndUserAgent();

private:
    // Sends request bytes on a new connection and reads the answer until the server closes.
    bool exchange(const QByteArray &request, HttpAnswer *answer);

    std::unique_ptr<ServerFixture> m_server;
};

void TestHttpRoutes::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void TestHttpRoutes::cleanup()
{
    m_server.reset();
    QCOMPARE(Session::aliveCount(), 0);
}

bool TestHttpRoutes::exchange(const QByteArray &request, HttpAnswer *answer)
{
    RawClient client;
    if (!client.connectTo(m_server->port()))
        return false;
    answer->localPort = client.socket.localPort();
    client.socket.write(request);
    if (!QTest::qWaitFor([&] { return client.disconnected; }, WaitMs)) {
        qWarning("no end of the connection; received %s", client.received.left(200).toHex().constData());
        return false;
    }
    if (!parseAnswer(client.received, answer, request.startsWith("HEAD "))) {
        qWarning("not a whole HTTP answer (%s): %s", qPrintable(client.socket.errorString()),
                 client.received.left(200).constData());
        return false;
    }
    return true;
}

void TestHttpRoutes::metricsDescribesTheServer()
{
    QVERIFY(m_server->start());
    // Given three clients, of which one sent "hello" and left, and a request for a path not served.
    Client first, second, leaver;
    QVERIFY(first.open(m_server->url));
    QVERIFY(second.open(m_server->url));
    QVERIFY(leaver.open(m_server->url));
    leaver.socket.sendTextMessage(QStringLiteral("hello"));
    QTRY_COMPARE_WITH_TIMEOUT(leaver.texts.size(), 1, WaitMs);
    leaver.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Closed, EndReason::ClientClosed), 1, WaitMs);
    HttpAnswer notFound;
    QVERIFY(exchange(get("/nope"), &notFound));
    QCOMPARE(notFound.status, 404);
    // And two messages from the clients still there.
    first.socket.sendTextMessage(QStringLiteral("abc"));
    second.socket.sendTextMessage(QStringLiteral("de"));
    QTRY_COMPARE_WITH_TIMEOUT(first.texts.size(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.texts.size(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.sessionsAlive, 2, WaitMs); // the leaver's Session is gone

    HttpAnswer answer;
    QVERIFY(exchange(get("/metrics"), &answer));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("content-type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    QCOMPARE(answer.header("connection"), QByteArray("close"));
    const QByteArray &page = answer.body;

    QCOMPARE(sampleValue(page, "wsmonitor_clients_connected"), 2.0);
    QCOMPARE(sampleValue(page, "wsmonitor_sessions_alive"), 2.0);
    QVERIFY(!std::isnan(sampleValue(page, "wsmonitor_handshakes_pending")));
    QCOMPARE(sampleValue(page, "wsmonitor_connections_accepted_total"), 3.0);
    QCOMPARE(sampleValue(page, "wsmonitor_connections_rejected_total" + reasonLabel(EndReason::NotFound)), 1.0);
    QCOMPARE(sampleValue(page, "wsmonitor_connections_rejected_total" + reasonLabel(EndReason::Banned)), 0.0);
    QCOMPARE(sampleValue(page, "wsmonitor_connections_rejected_total" + reasonLabel(EndReason::BadHandshake)), 0.0);
    QCOMPARE(sampleValue(page, "wsmonitor_connections_closed_total" + reasonLabel(EndReason::ClientClosed)), 1.0);
    QCOMPARE(sampleValue(page, "wsmonitor_connections_closed_total" + reasonLabel(EndReason::HeartbeatTimeout)), 0.0);
    // Counted after the upgrade only: a refusal has no closed sample and an upgrade no rejected one.
    QVERIFY(std::isnan(sampleValue(page, "wsmonitor_connections_closed_total" + reasonLabel(EndReason::NotFound))));
    QVERIFY(std::isnan(sampleValue(page, "wsmonitor_connections_rejected_total" + reasonLabel(EndReason::ClientClosed))));

    // "hello", "abc", "de" in and echoed out: 10 bytes each way.
    QCOMPARE(sampleValue(page, "wsmonitor_messages_received_total"), 3.0);
    QCOMPARE(sampleValue(page, "wsmonitor_messages_sent_total"), 3.0);
    QCOMPARE(sampleValue(page, "wsmonitor_received_bytes_total"), 10.0);
    QCOMPARE(sampleValue(page, "wsmonitor_sent_bytes_total"), 10.0);

    // The round-trip histogram: cumulative buckets up to +Inf, then sum and count (no heartbeats here).
    const QList<QByteArray> buckets = samplesStartingWith(page, "wsmonitor_heartbeat_rtt_seconds_bucket{le=\"");
    QCOMPARE(buckets.size(), 13);
    QVERIFY2(buckets.constLast().startsWith("wsmonitor_heartbeat_rtt_seconds_bucket{le=\"+Inf\"} "),
             buckets.constLast().constData());
    for (const QByteArray &bucket : buckets)
        QVERIFY2(bucket.endsWith(" 0"), bucket.constData());
    QCOMPARE(sampleValue(page, "wsmonitor_heartbeat_rtt_seconds_sum"), 0.0);
    QCOMPARE(sampleValue(page, "wsmonitor_heartbeat_rtt_seconds_count"), 0.0);

    // The process: memory and descriptors (Linux can tell both).
    QVERIFY(sampleValue(page, "process_resident_memory_bytes") > 0);
    QVERIFY(sampleValue(page, "process_open_fds") > 0);
    QVERIFY(sampleValue(page, "process_start_time_seconds") > 0);
    QVERIFY(!std::isnan(sampleValue(page, "wsmonitor_event_loop_lag_seconds")));
}

void TestHttpRoutes::everyMetricHasHelpAndType()
{
    QVERIFY(m_server->start());
    Client client;
    QVERIFY(client.open(m_server->url));
    HttpAnswer answer;
    QVERIFY(exchange(get("/metrics"), &answer));
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.body.endsWith('\n'));

    // Prometheus text format 0.0.4: each family's HELP and TYPE come once, before its samples, and
    // all of a family's samples stand together.
    static const QRegularExpression sampleLine(
        QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? (\\S+)$"));
    static const QStringList types = {QStringLiteral("counter"), QStringLiteral("gauge"),
                                      QStringLiteral("histogram"), QStringLiteral("summary"),
                                      QStringLiteral("untyped")};
    QHash<QString, QString> typeOf;
    QSet<QString> helped;
    QSet<QString> finished; // families whose block has ended
    QString current;
    int samples = 0;
    const QList<QByteArray> lines = answer.body.chopped(1).split('\n');
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw);
        QVERIFY2(!line.isEmpty(), "an empty line in the page");
        if (line.startsWith(QLatin1String("# HELP ")) || line.startsWith(QLatin1String("# TYPE "))) {
            const QStringList parts = line.split(QLatin1Char(' '));
            QVERIFY2(parts.size() >= 4, qPrintable(line));
            const QString name = parts.at(2);
            if (name != current) {
                QVERIFY2(!finished.contains(name), qPrintable(QStringLiteral("%1 comes back later").arg(name)));
                if (!current.isEmpty())
                    finished.insert(current);
                current = name;
            }
            if (parts.at(1) == QLatin1String("HELP")) {
                QVERIFY2(!helped.contains(name), qPrintable(line));
                helped.insert(name);
            } else {
                QVERIFY2(!typeOf.contains(name), qPrintable(line));
                QVERIFY2(parts.size() == 4 && types.contains(parts.at(3)), qPrintable(line));
                typeOf.insert(name, parts.at(3));
            }
            continue;
        }
        QVERIFY2(!line.startsWith(QLatin1Char('#')), qPrintable(line));
        const QRegularExpressionMatch match = sampleLine.match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        const QString name = match.captured(1);
        const QString value = match.captured(4);
        bool ok = false;
        value.toDouble(&ok);
        QVERIFY2(ok || value == QLatin1String("+Inf") || value == QLatin1String("-Inf")
                     || value == QLatin1String("NaN"),
                 qPrintable(line));
        // A histogram's samples carry suffixes on the family's name.
        QString family = name;
        for (const QLatin1String suffix : {QLatin1String("_bucket"), QLatin1String("_sum"), QLatin1String("_count")}) {
            const QString base = name.chopped(name.endsWith(suffix) ? suffix.size() : 0);
            if (base != name && typeOf.value(base) == QLatin1String("histogram"))
                family = base;
        }
        QVERIFY2(typeOf.contains(family), qPrintable(QStringLiteral("no TYPE before %1").arg(line)));
        QVERIFY2(helped.contains(family), qPrintable(QStringLiteral("no HELP before %1").arg(line)));
        QCOMPARE(family, current);
        ++samples;
    }
    QVERIFY(samples >= 20);
    for (const QString &family : {QStringLiteral("wsmonitor_clients_connected"), QStringLiteral("wsmonitor_sessions_alive"),
                                  QStringLiteral("wsmonitor_connections_rejected_total"),
                                  QStringLiteral("wsmonitor_connections_closed_total"),
                                  QStringLiteral("wsmonitor_heartbeat_rtt_seconds"),
                                  QStringLiteral("process_resident_memory_bytes"), QStringLiteral("process_open_fds")})
        QVERIFY2(typeOf.contains(family), qPrintable(family));
    QCOMPARE(typeOf.value(QStringLiteral("wsmonitor_clients_connected")), QStringLiteral("gauge"));
    QCOMPARE(typeOf.value(QStringLiteral("wsmonitor_connections_closed_total")), QStringLiteral("counter"));
    QCOMPARE(typeOf.value(QStringLiteral("wsmonitor_heartbeat_rtt_seconds")), QStringLiteral("histogram"));
}

void TestHttpRoutes::healthzAnswersOk()
{
    QVERIFY(m_server->start());
    HttpAnswer answer;
    QVERIFY(exchange(get("/healthz"), &answer));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("content-type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(answer.body, QByteArray("ok\n"));
}

void TestHttpRoutes::headGetsTheHeadersWithoutTheBody_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::newRow("health check") << QByteArray("/healthz") << 200;
    QTest::newRow("metrics") << QByteArray("/metrics") << 200;
    QTest::newRow("a path not served") << QByteArray("/nope") << 404;
}

void TestHttpRoutes::headGetsTheHeadersWithoutTheBody()
{
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QVERIFY(m_server->start());
    HttpAnswer withGet;
    QVERIFY(exchange(get(target), &withGet));
    QVERIFY(!withGet.body.isEmpty());

    HttpAnswer withHead;
    QVERIFY(exchange(QByteArray("HEAD " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), &withHead));
    QCOMPARE(withHead.status, status);
    QCOMPARE(withHead.header("content-type"), withGet.header("content-type"));
    QVERIFY(withHead.header("content-length").toInt() > 0); // the length the body would have
}

void TestHttpRoutes::metricsAndHealthzAreNotConnections()
{
    QVERIFY(m_server->start());
    Client bystander;
    QVERIFY(bystander.open(m_server->url));
    for (const QByteArray &target : {QByteArray("/metrics"), QByteArray("/healthz"), QByteArray("/metrics?x=1")}) {
        HttpAnswer answer;
        QVERIFY(exchange(get(target), &answer));
        QCOMPARE(answer.status, 200);
    }
    QVERIFY(m_server->waitForSnapshotAfterNow());
    // Answered, not refused: no event, no count; and no socket left pending.
    QCOMPARE(m_server->countEvents(EventKind::Rejected), 0);
    QCOMPARE(m_server->countEvents(EventKind::Connected), 1);
    QCOMPARE(m_server->events.size(), 1);
    QCOMPARE(m_server->last.totals.rejected, 0u);
    QCOMPARE(m_server->last.totals.accepted, 1u);
    QCOMPARE(m_server->last.totals.handshakesPending, 0);
    bystander.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, QStringList{QStringLiteral("still here")}, WaitMs);
}

void TestHttpRoutes::refusalAnswersWithItsStatus_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<EndReason>("reason");
    QTest::addColumn<QByteArrayList>("headers"); // "name: value" the answer must carry

    const QByteArrayList none;
    const QByteArrayList speaks13 = {QByteArray("Sec-WebSocket-Version: 13")};

    QTest::newRow("GET of a path not served") << get("/nope") << 404 << EndReason::NotFound << none;
    QTest::newRow("POST to /metrics")
        << QByteArray("POST /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n") << 404
        << EndReason::NotFound << none;
    QTest::newRow("upgrade on a path not served") << upgradeRequest("/elsewhere") << 404 << EndReason::NotFound
                                                  << none;
    QTest::newRow("plain GET on the WebSocket path")
        << get("/") << 426 << EndReason::BadHandshake
        << QByteArrayList{QByteArray("Upgrade: websocket"), QByteArray("Sec-WebSocket-Version: 13")};
    QTest::newRow("TLS ClientHello on the plain port")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400 << EndReason::BadHandshake << none;
    QTest::newRow("not HTTP at all") << QByteArray("HELLO\r\n\r\n") << 400 << EndReason::BadHandshake << none;
    QTest::newRow("header line over 8190 bytes")
        << QByteArray("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + QByteArray(9000, 'b') + "\r\n\r\n") << 431
        << EndReason::BadHandshake << none;
    QTest::newRow("head over 16 KiB in short lines") << manyHeaders(90, 200) << 431 << EndReason::BadHandshake
                                                     << none;
    QTest::newRow("101 headers") << manyHeaders(100, 1) << 431 << EndReason::BadHandshake << none;
    QTest::newRow("Sec-WebSocket-Version 8") << upgradeWithVersionLine("Sec-WebSocket-Version: 8\r\n") << 426
                                             << EndReason::BadHandshake << speaks13;
    QTest::newRow("no Sec-WebSocket-Version") << upgradeWithVersionLine({}) << 426 << EndReason::BadHandshake
                                              << speaks13;
    QTest::newRow("Sec-WebSocket-Key missing")
        << QByteArray("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Version: 13\r\n\r\n")
        << 400 << EndReason::BadHandshake << none;
    QTest::newRow("upgrade over HTTP/1.0")
        << QByteArray(upgradeRequest()).replace("HTTP/1.1", "HTTP/1.0") << 400 << EndReason::BadHandshake << none;
}

void TestHttpRoutes::refusalAnswersWithItsStatus()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(EndReason, reason);
    QFETCH(QByteArrayList, headers);
    QVERIFY(m_server->start());
    Client bystander;
    QVERIFY(bystander.open(m_server->url));

    HttpAnswer answer;
    QVERIFY(exchange(request, &answer));
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.header("connection"), QByteArray("close"));
    for (const QByteArray &header : std::as_const(headers)) {
        const qsizetype colon = header.indexOf(':');
        QCOMPARE(answer.header(header.left(colon)), header.mid(colon + 1).trimmed());
    }

    // Exactly one event says so, with the status and what the body said.
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Rejected), 1);
    QCOMPARE(m_server->countEvents(EventKind::Rejected, reason), 1);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.httpStatus, status);
    QCOMPARE(rejected.endedBy, EndedBy::Server);
    QCOMPARE(rejected.sessionId, 0u);
    QCOMPARE(rejected.peerPort, answer.localPort);
    QCOMPARE(rejected.closeReason, QString::fromUtf8(answer.body.trimmed()));
    QCOMPARE(m_server->countEvents(EventKind::Connected), 1); // the bystander only
    QCOMPARE(m_server->last.totals.rejected, 1u);
    QCOMPARE(m_server->last.totals.handshakesPending, 0);

    // The bystander never noticed.
    bystander.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander.texts, QStringList{QStringLiteral("still here")}, WaitMs);
    QVERIFY(!bystander.disconnected);
}

void TestHttpRoutes::banLeavesHealthAndMetricsReachable_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("GET /healthz answers") << get("/healthz") << 200;
    QTest::newRow("HEAD /healthz answers")
        << QByteArray("HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") << 200;
    QTest::newRow("GET /metrics answers") << get("/metrics") << 200;
    QTest::newRow("an upgrade is refused") << upgradeRequest() << 403;
    QTest::newRow("any other path is refused") << get("/nope") << 403;
    QTest::newRow("POST /metrics is refused")
        << QByteArray("POST /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n") << 403;
}

void TestHttpRoutes::banLeavesHealthAndMetricsReachable()
{
    // Regression: a ban refused /healthz and /metrics too, so banning an office behind one NAT
    // address took a load balancer's health probe from that address down with it.
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QVERIFY(m_server->start());
    QVERIFY(m_server->result(m_server->controller.ban(QStringLiteral("127.0.0.1"), 60000, QStringLiteral("office")))
                .first);
    HttpAnswer answer;
    QVERIFY(exchange(request, &answer));
    QCOMPARE(answer.status, status);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Rejected, EndReason::Banned), status == 403 ? 1 : 0);
}

void TestHttpRoutes::bannedUpgradeRecordsPathOriginAndUserAgent()
{
    // Regression: a refusal for a ban recorded neither path, Origin nor User-Agent.
    QVERIFY(m_server->start());
    QVERIFY(m_server->result(m_server->controller.ban(QStringLiteral("127.0.0.0/8"), 60000, {})).first);
    HttpAnswer answer;
    QVERIFY(exchange(upgradeRequest("/?room=1", "Origin: https://office.example\r\nUser-Agent: probe/2\r\n"), &answer));
    QCOMPARE(answer.status, 403);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.reason, EndReason::Banned);
    QCOMPARE(rejected.path, QStringLiteral("/"));
    QCOMPARE(rejected.origin, QStringLiteral("https://office.example"));
    QCOMPARE(rejected.userAgent, QStringLiteral("probe/2"));
}

QTEST_GUILESS_MAIN(TestHttpRoutes)
#include "tst_httproutes.moc"
