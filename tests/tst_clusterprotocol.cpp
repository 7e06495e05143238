// The cluster's part of the admin protocol (docs/admin-protocol.md, "cluster"): the status a
// snapshot carries read back equal, sent whole and then in a delta only when it changed, the cluster
// link's events travelling like the others, and the document's example read by the codec.

#include "adminprotocol.h"
#include "snapshotdelta.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <functional>

using namespace wsm;
using namespace wsm::admin;

Q_DECLARE_METATYPE(wsm::ClusterStatus)
Q_DECLARE_METATYPE(wsm::EventKind)

namespace {

using Change = std::function<void(ClusterStatus &)>;

QJsonObject viaText(const QJsonObject &object)
{
    return QJsonDocument::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact)).object();
}

ClusterNodeInfo clusterNode(const QString &name, int clients, bool self = false)
{
    ClusterNodeInfo node;
    node.name = name;
    node.version = QStringLiteral("0.2.0");
    node.publicUrl = QStringLiteral("ws://10.0.0.%1:8080/").arg(clients % 250);
    node.adminUrl = QStringLiteral("ws://10.0.0.%1:9090/").arg(clients % 250);
    node.clients = clients;
    node.messageRateIn = clients / 4.0;
    node.messageRateOut = clients / 2.0;
    node.startedAt = 1764843000000;
    node.updatedAt = 1764843001000;
    node.self = self;
    return node;
}

ClusterStatus clusterUp()
{
    ClusterStatus status;
    status.enabled = true;
    status.linkUp = true;
    status.redisUrl = QStringLiteral("redis://127.0.0.1:6379/0");
    status.nodeName = QStringLiteral("edge-1");
    status.linkChangedAt = 1764843000500;
    status.nodes = {clusterNode(QStringLiteral("edge-1"), 1000, true), clusterNode(QStringLiteral("edge-2"), 1200),
                    clusterNode(QStringLiteral("edge-3"), 800)};
    status.messagesPublished = 9007199254740000ULL; // exact up to 2^53
    status.messagesReceived = 17;
    status.messagesDropped = 3;
    status.linkFailures = 1;
    return status;
}

// Every field, so that a difference names what went wrong.
QByteArray describe(const ClusterStatus &status)
{
    return QJsonDocument(clusterStatusToJson(status)).toJson(QJsonDocument::Compact);
}

wsm::Snapshot snapshotWith(const ClusterStatus &status, qint64 takenAt)
{
    wsm::Snapshot snapshot;
    snapshot.takenAt = takenAt;
    snapshot.startedAt = 1764843000000;
    snapshot.url = QStringLiteral("ws://0.0.0.0:8080/");
    snapshot.cluster = status;
    return snapshot;
}

} // namespace

class TestClusterProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusRoundTrip_data();
    void statusRoundTrip();
    void wrongTypesRefused_data();
    void wrongTypesRefused();
    void deltaCarriesTheClusterOnlyWhenItChanged_data();
    void deltaCarriesTheClusterOnlyWhenItChanged();
    void wholeAgainCarriesTheCluster();
    void linkEventsRoundTrip_data();
    void linkEventsRoundTrip();
    void eventOfAnUnknownKindSkipped();
    void documentExampleParses();
};

void TestClusterProtocol::statusRoundTrip_data()
{
    QTest::addColumn<ClusterStatus>("status");
    QTest::newRow("outside a cluster") << ClusterStatus();
    QTest::newRow("link up, three nodes") << clusterUp();
    ClusterStatus down = clusterUp();
    down.linkUp = false;
    down.lastError = QStringLiteral("Connection refused (127.0.0.1:6379)");
    down.nodes.clear();
    QTest::newRow("link down, no registry") << down;
    ClusterStatus chinese = clusterUp();
    chinese.nodeName = QStringLiteral("节点一");
    chinese.nodes[0].name = chinese.nodeName;
    chinese.nodes[1].adminUrl.clear(); // a node without an admin channel
    QTest::newRow("names in Chinese, a node without admin URL") << chinese;
}

void TestClusterProtocol::statusRoundTrip()
{
    QFETCH(ClusterStatus, status);
    ClusterStatus back;
    QString error;
    QVERIFY2(clusterStatusFromJson(viaText(clusterStatusToJson(status)), &back, &error), qPrintable(error));
    QCOMPARE(describe(back), describe(status));
    QCOMPARE(back.nodes.size(), status.nodes.size());
    if (!status.nodes.isEmpty()) {
        QCOMPARE(back.nodes.first().self, true);
        QCOMPARE(back.nodes.first().messageRateIn, status.nodes.first().messageRateIn);
    }
    QCOMPARE(back.messagesPublished, status.messagesPublished);
}

void TestClusterProtocol::wrongTypesRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("linkUp a number") << QByteArray(R"({"enabled": true, "linkUp": 1})") << "linkUp";
    QTest::newRow("nodes an object") << QByteArray(R"({"enabled": true, "nodes": {}})") << "nodes";
    QTest::newRow("a node's clients a string") << QByteArray(R"({"enabled": true, "nodes": [{"clients": "3"}]})") << "nodes";
    QTest::newRow("redisUrl a number") << QByteArray(R"({"enabled": true, "redisUrl": 6379})") << "redisUrl";
}

void TestClusterProtocol::wrongTypesRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    ClusterStatus status;
    QString error;
    QVERIFY(!clusterStatusFromJson(QJsonDocument::fromJson(json).object(), &status, &error));
    QVERIFY2(error.contains(field), qPrintable(error));
    // In a snapshot, the whole message is refused and nothing applied.
    QJsonObject message = SnapshotEncoder().whole(snapshotWith(clusterUp(), 1764843001000));
    message.insert(QStringLiteral("cluster"), QJsonDocument::fromJson(json).object());
    SnapshotDecoder decoder;
    QCOMPARE(decoder.apply(message), SnapshotDecoder::Result::Malformed);
    QVERIFY2(decoder.error().startsWith(QLatin1String("cluster")), qPrintable(decoder.error()));
}

void TestClusterProtocol::deltaCarriesTheClusterOnlyWhenItChanged_data()
{
    QTest::addColumn<ClusterStatus>("before");
    QTest::addColumn<Change>("change");
    QTest::addColumn<bool>("inDelta");
    const Change none = [](ClusterStatus &) {};
    QTest::newRow("unchanged") << clusterUp() << none << false;
    QTest::newRow("outside a cluster, still") << ClusterStatus() << none << false;
    QTest::newRow("link goes down") << clusterUp()
                                    << Change([](ClusterStatus &s) {
                                           s.linkUp = false;
                                           s.lastError = QStringLiteral("timed out");
                                           s.linkChangedAt += 5000;
                                       })
                                    << true;
    QTest::newRow("a node joins") << clusterUp()
                                  << Change([](ClusterStatus &s) { s.nodes.append(clusterNode(QStringLiteral("edge-4"), 5)); })
                                  << true;
    QTest::newRow("a node leaves") << clusterUp() << Change([](ClusterStatus &s) { s.nodes.removeLast(); }) << true;
    QTest::newRow("a node's rate moves") << clusterUp()
                                         << Change([](ClusterStatus &s) { s.nodes[1].messageRateIn += 0.5; }) << true;
    QTest::newRow("a message dropped") << clusterUp() << Change([](ClusterStatus &s) { ++s.messagesDropped; }) << true;
    QTest::newRow("joins a cluster") << ClusterStatus() << Change([](ClusterStatus &s) { s = clusterUp(); }) << true;
    QTest::newRow("leaves the cluster") << clusterUp() << Change([](ClusterStatus &s) { s = ClusterStatus(); }) << true;
}

void TestClusterProtocol::deltaCarriesTheClusterOnlyWhenItChanged()
{
    QFETCH(ClusterStatus, before);
    QFETCH(Change, change);
    QFETCH(bool, inDelta);
    SnapshotEncoder encoder;
    SnapshotDecoder decoder;
    const QJsonObject whole = viaText(encoder.whole(snapshotWith(before, 1764843001000)));
    // Whole: the cluster when the node is in one, nothing otherwise (as before clusters).
    QCOMPARE(whole.contains(QLatin1String("cluster")), before.enabled);
    QCOMPARE(decoder.apply(whole), SnapshotDecoder::Result::Applied);
    QCOMPARE(describe(decoder.snapshot().cluster), describe(before));

    ClusterStatus after = before;
    change(after);
    const QJsonObject delta = viaText(encoder.delta(snapshotWith(after, 1764843001250)));
    QCOMPARE(delta.contains(QLatin1String("cluster")), inDelta);
    QCOMPARE(decoder.apply(delta), SnapshotDecoder::Result::Applied);
    QCOMPARE(describe(decoder.snapshot().cluster), describe(after));

    // And the next delta, nothing having changed again, carries none and keeps it.
    const QJsonObject quiet = viaText(encoder.delta(snapshotWith(after, 1764843001500)));
    QVERIFY(!quiet.contains(QLatin1String("cluster")));
    QCOMPARE(decoder.apply(quiet), SnapshotDecoder::Result::Applied);
    QCOMPARE(describe(decoder.snapshot().cluster), describe(after));
}

void TestClusterProtocol::wholeAgainCarriesTheCluster()
{
    // A console attaching between two snapshots takes the last one whole again: with its cluster.
    SnapshotEncoder encoder;
    const wsm::Snapshot last = snapshotWith(clusterUp(), 1764843001000);
    encoder.whole(last);
    SnapshotDecoder decoder;
    QCOMPARE(decoder.apply(viaText(encoder.wholeAgain(last))), SnapshotDecoder::Result::Applied);
    QCOMPARE(describe(decoder.snapshot().cluster), describe(last.cluster));
}

void TestClusterProtocol::linkEventsRoundTrip_data()
{
    QTest::addColumn<EventKind>("kind");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("why");
    QTest::newRow("up") << EventKind::ClusterLinkUp << "cluster-link-up" << QString();
    QTest::newRow("down") << EventKind::ClusterLinkDown << "cluster-link-down"
                          << QStringLiteral("Connection refused (127.0.0.1:6379)");
}

void TestClusterProtocol::linkEventsRoundTrip()
{
    QFETCH(EventKind, kind);
    QFETCH(QString, id);
    QFETCH(QString, why);
    ConnectionEvent event;
    event.kind = kind;
    event.peerAddress = QStringLiteral("127.0.0.1");
    event.peerPort = 6379;
    event.connectedAt = 1764843002000;
    event.endedAt = 1764843002000;
    event.closeReason = why;
    const QJsonObject json = viaText(eventsToJson({event}, false));
    QCOMPARE(json.value(QLatin1String("events")).toArray().at(0).toObject().value(QLatin1String("kind")).toString(), id);
    QList<ConnectionEvent> back;
    bool recent = true;
    QString error;
    QVERIFY2(eventsFromJson(json, &back, &recent, &error), qPrintable(error));
    QCOMPARE(back.size(), 1);
    QCOMPARE(back.first().kind, kind);
    QCOMPARE(back.first().sessionId, 0u);
    QCOMPARE(back.first().peerAddress, event.peerAddress);
    QCOMPARE(back.first().peerPort, quint16(6379));
    QCOMPARE(back.first().closeReason, why);
    QCOMPARE(back.first().time(), event.endedAt);
    QCOMPARE(back.first().durationMs(), 0); // a moment, not a connection
}

void TestClusterProtocol::eventOfAnUnknownKindSkipped()
{
    // A later node's kind of event is skipped; the rest of its batch is read.
    const QJsonObject json = QJsonDocument::fromJson(
        R"({"type": "events", "recent": false, "events": [{"kind": "cluster-link-down", "peerAddress": "127.0.0.1"},
            {"kind": "something-later", "sessionId": 3}, {"kind": "connected", "sessionId": 4}]})").object();
    QList<ConnectionEvent> back;
    bool recent = true;
    QString error;
    QVERIFY2(eventsFromJson(json, &back, &recent, &error), qPrintable(error));
    QCOMPARE(back.size(), 2);
    QCOMPARE(back.at(0).kind, EventKind::ClusterLinkDown);
    QCOMPARE(back.at(1).sessionId, 4u);
}

void TestClusterProtocol::documentExampleParses()
{
    // The document's "cluster" example, as written there (white space aside).
    const QByteArray example = R"("cluster": {"enabled": true, "linkUp": false, "redisUrl": "redis://10.0.0.9:6379/0", "nodeName": "edge-1", "linkChangedAt": 1764843000900, "lastError": "Connection refused", "nodes": [{"name": "edge-1", "version": "0.2.0", "url": "ws://10.0.0.5:8080/", "adminUrl": "ws://10.0.0.5:9090/", "clients": 12, "messageRateIn": 40.5, "messageRateOut": 40.5, "startedAt": 1764843000000, "updatedAt": 1764843000800, "self": true}], "messagesPublished": 120, "messagesReceived": 340, "messagesDropped": 2, "linkFailures": 1})";
    QFile file(QStringLiteral(WSM_ADMIN_PROTOCOL_DOC));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(QString::fromUtf8(file.readAll()).simplified().contains(QString::fromUtf8(example)),
             "the example is not in docs/admin-protocol.md");
    const QJsonObject object = QJsonDocument::fromJson("{" + example + "}").object();
    ClusterStatus status;
    QString error;
    QVERIFY2(clusterStatusFromJson(object.value(QLatin1String("cluster")).toObject(), &status, &error), qPrintable(error));
    QVERIFY(status.enabled);
    QVERIFY(!status.linkUp);
    QCOMPARE(status.nodes.size(), 1);
    QCOMPARE(status.nodes.first().adminUrl, QStringLiteral("ws://10.0.0.5:9090/"));
    QVERIFY(status.nodes.first().self);
    QCOMPARE(status.messagesDropped, 2u);
}

QTEST_GUILESS_MAIN(TestClusterProtocol)
#include "tst_clusterprotocol.moc"
