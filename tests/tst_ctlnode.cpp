// `wsmonitor ctl` against a real node: `wsmonitor --headless --admin-listen` in one child process,
// real QWebSocket clients on its public port, and ctl run as further child processes, as a script
// runs them. Every command, its JSON read back and checked against what the clients see, and the
// exit codes of refusals. And RemoteNode, the console's side, attached to the same kind of node.

#include "nodeprocess.h"
#include "remotenode.h"

#include <QSignalSpy>

#include <algorithm>
#include <memory>

using namespace wsm::test;

class TestCtlNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyCommandAgainstARealNode();
    void tokensAndExitCodes();
    void remoteNodeAgainstARealNode();

private:
    bool m_hasAdminChannel = false;
};

void TestCtlNode::initTestCase()
{
    // Until the node's admin channel is built in, the binary refuses --admin-listen (exit 2).
    QProcess probe;
    probe.start(QString::fromUtf8(WSMONITOR_BIN), {QStringLiteral("--help")});
    QVERIFY(probe.waitForFinished(WaitMs));
    m_hasAdminChannel = probe.readAllStandardOutput().contains("--admin-listen");
}

void TestCtlNode::everyCommandAgainstARealNode()
{
    if (!m_hasAdminChannel)
        QSKIP("this wsmonitor has no --admin-listen yet");
    Node node;
    QVERIFY(node.start());
    Client first;
    Client second;
    QVERIFY(first.open(node.url));
    QVERIFY(second.open(node.url));
    first.socket.sendTextMessage(QStringLiteral("one"));

    // clients: the two, with the fields a script reads, and the message counted.
    const QJsonObject row = rowOf(node.adminUrl, first, [](const QJsonObject &r) {
        return r.value(QLatin1String("messagesIn")).toInteger() == 1;
    });
    QVERIFY2(!row.isEmpty(), "the first client's row, with its message counted");
    const qint64 firstId = row.value(QLatin1String("id")).toInteger();
    QVERIFY(firstId > 0);
    QCOMPARE(row.value(QLatin1String("path")).toString(), node.url.path().isEmpty() ? QStringLiteral("/") : node.url.path());
    QCOMPARE(row.value(QLatin1String("heartbeat")).toString(), QStringLiteral("ok"));
    QVERIFY(row.value(QLatin1String("rttMs")).isNull()); // no pong yet: the first ping is 10 s away
    QVERIFY(row.value(QLatin1String("connectedAt")).toString().endsWith(QLatin1Char('Z')));
    QCOMPARE(row.value(QLatin1String("messagesOut")).toInteger(), 1); // the echo
    QVERIFY(row.contains(QLatin1String("bytesIn")) && row.contains(QLatin1String("sendQueueBytes"))
            && row.contains(QLatin1String("origin")) && row.contains(QLatin1String("userAgent")));
    const qint64 secondId = rowOf(node.adminUrl, second).value(QLatin1String("id")).toInteger();
    QVERIFY(secondId > 0 && secondId != firstId);

    // status
    Result result = ctl(node.adminUrl, words("--json status"));
    QCOMPARE(result.exitCode, 0);
    const QJsonObject status = result.json().object();
    QCOMPARE(status.value(QLatin1String("clients")).toInt(), 2);
    QCOMPARE(status.value(QLatin1String("version")).toString(), QStringLiteral(WSM_VERSION));
    QCOMPARE(status.value(QLatin1String("url")).toString(), node.url.toString());
    result = ctl(node.adminUrl, words("status"));
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains(status.value(QLatin1String("node")).toString()));

    // nodes: this node first
    result = ctl(node.adminUrl, words("--json nodes"));
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.json().array().at(0).toObject().value(QLatin1String("name")).toString(),
             status.value(QLatin1String("node")).toString());

    // send and broadcast reach the clients
    result = ctl(node.adminUrl, {QStringLiteral("send"), QString::number(secondId), QStringLiteral("just you")});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QTRY_VERIFY_WITH_TIMEOUT(second.received.contains(QStringLiteral("just you")), WaitMs);
    result = ctl(node.adminUrl, words("broadcast everyone"));
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QTRY_VERIFY_WITH_TIMEOUT(first.received.contains(QStringLiteral("everyone")), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(second.received.contains(QStringLiteral("everyone")), WaitMs);
    QVERIFY(!first.received.contains(QStringLiteral("just you")));

    // ban, bans, unban
    result = ctl(node.adminUrl, words("ban 10.9.9.9 --minutes 5 --reason testing"));
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY(!result.out.trimmed().isEmpty()); // the node's own words
    QJsonArray bans;
    QTRY_VERIFY_WITH_TIMEOUT((bans = ctl(node.adminUrl, words("--json bans")).json().array()).size() == 1, WaitMs);
    QCOMPARE(bans.at(0).toObject().value(QLatin1String("target")).toString(), QStringLiteral("10.9.9.9"));
    QCOMPARE(bans.at(0).toObject().value(QLatin1String("reason")).toString(), QStringLiteral("testing"));
    QVERIFY(bans.at(0).toObject().value(QLatin1String("expiresAt")).toString().endsWith(QLatin1Char('Z')));
    QCOMPARE(ctl(node.adminUrl, words("unban 10.9.9.9")).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(ctl(node.adminUrl, words("--json bans")).json().array().isEmpty(), WaitMs);

    // kick: an unknown id does nothing (1); a known one closes with the code asked for
    result = ctl(node.adminUrl, words("kick 999999"));
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QLatin1String("999999")), qPrintable(result.err));
    QVERIFY(!first.closed && !second.closed);
    result = ctl(node.adminUrl, {QStringLiteral("kick"), QString::number(firstId), QStringLiteral("--code"),
                                 QStringLiteral("4001"), QStringLiteral("--reason"), QStringLiteral("bye")});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QTRY_VERIFY_WITH_TIMEOUT(first.closed, WaitMs);
    QCOMPARE(int(first.socket.closeCode()), 4001);
    QVERIFY(!second.closed);

    // events: the kick is in the log
    QJsonObject kickEvent;
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        for (const QJsonValue &value : ctl(node.adminUrl, words("--json events")).json().array()) {
            if (value.toObject().value(QLatin1String("sessionId")).toInteger() == firstId
                && value.toObject().value(QLatin1String("kind")).toString() == QLatin1String("closed")) {
                kickEvent = value.toObject();
                return true;
            }
        }
        return false;
    }(), WaitMs);
    QCOMPARE(kickEvent.value(QLatin1String("reason")).toString(), QStringLiteral("operator_kick"));
    QCOMPARE(kickEvent.value(QLatin1String("closeCode")).toInt(), 4001);
    QVERIFY(ctl(node.adminUrl, words("events")).out.contains(QLatin1String("4001")));

    // kick-all closes the rest
    result = ctl(node.adminUrl, words("kick-all --reason done"));
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QTRY_VERIFY_WITH_TIMEOUT(second.closed, WaitMs);
}

void TestCtlNode::tokensAndExitCodes()
{
    if (!m_hasAdminChannel)
        QSKIP("this wsmonitor has no --admin-listen yet");
    Node node;
    const QString full = node.writeFile(QStringLiteral("full.token"), "full-secret-0123456789\n");
    const QString readOnly = node.writeFile(QStringLiteral("ro.token"), "readonly-secret-0123456789\n");
    const QString wrong = node.writeFile(QStringLiteral("wrong.token"), "not-the-one-0123456789\n");
    QVERIFY(node.start({QStringLiteral("--admin-token-file"), full, QStringLiteral("--admin-readonly-token-file"),
                        readOnly}));

    QCOMPARE(ctl(node.adminUrl, words("status"), full).exitCode, 0);
    Result result = ctl(node.adminUrl, words("status"));
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains(QLatin1String("401")), qPrintable(result.err));
    result = ctl(node.adminUrl, words("status"), wrong);
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains(QLatin1String("403")), qPrintable(result.err));

    // A read-only token watches and is refused every command.
    QCOMPARE(ctl(node.adminUrl, words("clients"), readOnly).exitCode, 0);
    result = ctl(node.adminUrl, words("--json kick-all"), readOnly);
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.json().object().value(QLatin1String("code")).toString(), QStringLiteral("forbidden"));
    result = ctl(node.adminUrl, words("broadcast hi"), readOnly);
    QCOMPARE(result.exitCode, 1);
    QVERIFY(!result.err.isEmpty());

    // Nothing listens: the node is gone.
    const QUrl adminUrl = node.adminUrl;
    node.process.terminate();
    QVERIFY(node.process.waitForFinished(WaitMs));
    result = ctl(adminUrl, words("status"), full);
    QCOMPARE(result.exitCode, 3);
}

void TestCtlNode::remoteNodeAgainstARealNode()
{
    if (!m_hasAdminChannel)
        QSKIP("this wsmonitor has no --admin-listen yet");
    Node node;
    const QString token = node.writeFile(QStringLiteral("full.token"), "full-secret-0123456789\n");
    QVERIFY(node.start({QStringLiteral("--admin-token-file"), token}));
    Client client;
    QVERIFY(client.open(node.url));

    wsm::RemoteNode remote(node.adminUrl, "full-secret-0123456789");
    remote.setBackoff(50, 200, false);
    wsm::Snapshot last;
    QList<wsm::ConnectionEvent> events;
    QHash<quint64, std::pair<bool, QString>> results;
    connect(&remote, &wsm::ServerNode::snapshotReady, this,
            [&](const wsm::Snapshot &snapshot, const QList<wsm::ConnectionEvent> &batch) {
                last = snapshot;
                events += batch;
            });
    connect(&remote, &wsm::ServerNode::commandFinished, this,
            [&](quint64 id, bool ok, const QString &message) { results.insert(id, {ok, message}); });
    QTRY_COMPARE_WITH_TIMEOUT(remote.linkState(), wsm::ServerNode::LinkState::Connected, WaitMs);
    QCOMPARE(remote.version(), QStringLiteral(WSM_VERSION));
    QVERIFY(!remote.isReadOnly());
    QCOMPARE(last.url, node.url.toString());

    // The client's row arrives by deltas, and its connect event with a snapshot.
    quint64 sessionId = 0;
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        for (const wsm::SessionRow &row : std::as_const(last.sessions)) {
            if (row.peerPort == client.socket.localPort())
                sessionId = row.id;
        }
        return sessionId != 0;
    }(), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(events.cbegin(), events.cend(), [&](const wsm::ConnectionEvent &event) {
        return event.sessionId == sessionId && event.kind == wsm::EventKind::Connected;
    }), WaitMs);

    const quint64 kick = remote.kick({sessionId}, 4002, QStringLiteral("remote"));
    QTRY_VERIFY_WITH_TIMEOUT(results.contains(kick), WaitMs);
    QVERIFY2(results.value(kick).first, qPrintable(results.value(kick).second));
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, WaitMs);
    QCOMPARE(int(client.socket.closeCode()), 4002);
    QTRY_VERIFY_WITH_TIMEOUT(last.sessions.isEmpty(), WaitMs);

    // The node goes away: Lost, and calls fail.
    node.process.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(remote.linkState(), wsm::ServerNode::LinkState::Lost, WaitMs);
    const quint64 late = remote.kickAll(4000, QString());
    QTRY_VERIFY_WITH_TIMEOUT(results.contains(late), WaitMs);
    QVERIFY(!results.value(late).first);
}

QTEST_GUILESS_MAIN(TestCtlNode)
#include "tst_ctlnode.moc"
