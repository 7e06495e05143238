#include "snapshotdelta.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace wsm;

namespace {

SessionRow makeRow(quint64 id)
{
    SessionRow row;
    row.id = id;
    row.peerAddress = QStringLiteral("127.0.0.%1").arg(id % 250 + 1);
    row.peerPort = quint16(40000 + id % 20000);
    row.connectedAt = 1764800000000 + qint64(id);
    row.path = QStringLiteral("/chat");
    row.query = id % 2 ? QStringLiteral("room=%1").arg(id) : QString();
    row.origin = QStringLiteral("https://example.test");
    row.userAgent = QStringLiteral("test agent/%1").arg(id);
    row.lastSeenAt = row.connectedAt;
    return row;
}

Snapshot makeSnapshot(const QList<quint64> &ids)
{
    Snapshot snapshot;
    snapshot.takenAt = 1764800001000;
    snapshot.startedAt = 1764799990000;
    snapshot.url = QStringLiteral("ws://127.0.0.1:9000/");
    snapshot.heartbeatIntervalMs = 5000;
    snapshot.heartbeatTimeoutMs = 15000;
    for (quint64 id : ids)
        snapshot.sessions.append(makeRow(id));
    snapshot.totals.clientsConnected = int(ids.size());
    snapshot.totals.sessionsAlive = int(ids.size());
    snapshot.totals.heapBytes = -1;
    snapshot.totals.outboundCeilingBytes = 512LL * 1024 * 1024;
    return snapshot;
}

// Two snapshots are the same to a console when every field it can be told is the same.
QByteArray describe(const Snapshot &snapshot)
{
    SnapshotEncoder encoder;
    QJsonObject whole = encoder.whole(snapshot);
    whole.remove(QStringLiteral("seq"));
    return QJsonDocument(whole).toJson(QJsonDocument::Compact);
}

int bytesOf(const QJsonObject &message)
{
    return int(QJsonDocument(message).toJson(QJsonDocument::Compact).size());
}

} // namespace

class tst_SnapshotDelta : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deltasRebuildTheNodesSnapshot_data();
    void deltasRebuildTheNodesSnapshot();
    void aDeltaCarriesOnlyWhatMoved();
    void aMissedMessageAsksForAWholeOne();
    void aMalformedMessageChangesNothing_data();
    void aMalformedMessageChangesNothing();
    void idleClientsCostTheLinkAlmostNothing();
    void whoEachClientIsCrossesTheLink_data();
    void whoEachClientIsCrossesTheLink();
    void anOlderNodesRowsKeepTheDefaults();
    void countersKeepEveryDigitUpTo2To53();
};

void tst_SnapshotDelta::deltasRebuildTheNodesSnapshot_data()
{
    QTest::addColumn<QList<quint64>>("before");
    QTest::addColumn<QList<quint64>>("after");
    QTest::addColumn<bool>("changeFigures");
    QTest::newRow("nothing changed") << QList<quint64>{1, 2, 3} << QList<quint64>{1, 2, 3} << false;
    QTest::newRow("figures move") << QList<quint64>{1, 2, 3} << QList<quint64>{1, 2, 3} << true;
    QTest::newRow("one arrives") << QList<quint64>{1, 2} << QList<quint64>{1, 2, 3} << false;
    QTest::newRow("one leaves") << QList<quint64>{1, 2, 3} << QList<quint64>{1, 3} << false;
    QTest::newRow("all leave") << QList<quint64>{1, 2, 3} << QList<quint64>{} << false;
    QTest::newRow("from none") << QList<quint64>{} << QList<quint64>{7, 8} << false;
    QTest::newRow("arrive, leave and move at once") << QList<quint64>{1, 2, 3, 4}
                                                    << QList<quint64>{2, 4, 5, 9} << true;
}

void tst_SnapshotDelta::deltasRebuildTheNodesSnapshot()
{
    QFETCH(QList<quint64>, before);
    QFETCH(QList<quint64>, after);
    QFETCH(bool, changeFigures);
    SnapshotEncoder encoder;
    SnapshotDecoder decoder;

    const Snapshot first = makeSnapshot(before);
    QCOMPARE(decoder.apply(encoder.delta(first)), SnapshotDecoder::Result::Applied); // whole: none before
    QCOMPARE(describe(decoder.snapshot()), describe(first));

    Snapshot second = makeSnapshot(after);
    second.takenAt += 250;
    if (changeFigures) {
        for (SessionRow &row : second.sessions) {
            row.messagesIn = row.id * 10;
            row.bytesOut = row.id * 1000;
            row.messageRateIn = 2.5;
            row.rttMs = 0.4;
            row.state = row.id % 2 ? SessionState::Closing : SessionState::Open;
        }
        second.totals.messagesIn = 12345;
        second.bans.append({QStringLiteral("10.0.0.0/8"), QStringLiteral("office"), 1, 0});
    }
    const QJsonObject delta = encoder.delta(second);
    QVERIFY(!delta.value(QLatin1String("whole")).toBool());
    QCOMPARE(decoder.apply(delta), SnapshotDecoder::Result::Applied);
    QCOMPARE(describe(decoder.snapshot()), describe(second));
}

void tst_SnapshotDelta::aDeltaCarriesOnlyWhatMoved()
{
    SnapshotEncoder encoder;
    encoder.whole(makeSnapshot({1, 2, 3}));
    Snapshot next = makeSnapshot({1, 2, 4});
    next.sessions[1].messagesIn = 5;

    const QJsonObject delta = encoder.delta(next);
    const QJsonArray changed = delta.value(QLatin1String("changed")).toArray();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).toObject(), (QJsonObject{{QStringLiteral("id"), 2}, {QStringLiteral("messagesIn"), 5}}));
    QCOMPARE(delta.value(QLatin1String("added")).toArray().size(), 1);
    QCOMPARE(delta.value(QLatin1String("added")).toArray().at(0).toObject().value(QLatin1String("id")).toInteger(), 4);
    QCOMPARE(delta.value(QLatin1String("removed")).toArray(), QJsonArray{3});
}

void tst_SnapshotDelta::aMissedMessageAsksForAWholeOne()
{
    SnapshotEncoder encoder;
    SnapshotDecoder decoder;
    QCOMPARE(decoder.apply(encoder.whole(makeSnapshot({1, 2}))), SnapshotDecoder::Result::Applied);
    encoder.delta(makeSnapshot({1, 2, 3})); // lost on the way
    const Snapshot latest = makeSnapshot({2, 3});
    QCOMPARE(decoder.apply(encoder.delta(latest)), SnapshotDecoder::Result::NeedsWhole);
    QCOMPARE(decoder.snapshot().sessions.size(), 2); // the last good table stays, unchanged
    QCOMPARE(decoder.snapshot().sessions.at(0).id, quint64(1));

    // A delta before any whole snapshot cannot be placed either.
    SnapshotDecoder late;
    QCOMPARE(late.apply(encoder.delta(latest)), SnapshotDecoder::Result::NeedsWhole);

    QCOMPARE(decoder.apply(encoder.whole(latest)), SnapshotDecoder::Result::Applied);
    QCOMPARE(describe(decoder.snapshot()), describe(latest));
}

void tst_SnapshotDelta::aMalformedMessageChangesNothing_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("another type") << QByteArray(R"({"type":"event","seq":2,"whole":true})");
    QTest::newRow("no sequence") << QByteArray(R"({"type":"snapshot","whole":true})");
    QTest::newRow("a delta without base") << QByteArray(R"({"type":"snapshot","seq":2})");
    QTest::newRow("a row without id") << QByteArray(R"({"type":"snapshot","seq":2,"whole":true,"rows":[{"path":"/"}]})");
    QTest::newRow("a number as text") << QByteArray(R"({"type":"snapshot","seq":2,"whole":true,"rows":[{"id":5,"messagesIn":"many"}]})");
    QTest::newRow("an unknown state") << QByteArray(R"({"type":"snapshot","seq":2,"whole":true,"rows":[{"id":5,"state":"asleep"}]})");
    QTest::newRow("totals of the wrong type") << QByteArray(R"({"type":"snapshot","seq":2,"whole":true,"totals":{"closed":true}})");
    QTest::newRow("an unknown kind") << QByteArray(R"({"type":"snapshot","seq":2,"whole":true,"rows":[{"id":5,"kind":"carrier-pigeon"}]})");
    QTest::newRow("flapping as a number") << QByteArray(R"({"type":"snapshot","seq":2,"whole":true,"rows":[{"id":5,"flapping":1}]})");
    QTest::newRow("identity as a number") << QByteArray(R"({"type":"snapshot","seq":2,"whole":true,"rows":[{"id":5,"identity":7}]})");
}

void tst_SnapshotDelta::aMalformedMessageChangesNothing()
{
    QFETCH(QByteArray, message);
    SnapshotEncoder encoder;
    SnapshotDecoder decoder;
    const Snapshot good = makeSnapshot({1, 2});
    QCOMPARE(decoder.apply(encoder.whole(good)), SnapshotDecoder::Result::Applied);

    QCOMPARE(decoder.apply(QJsonDocument::fromJson(message).object()), SnapshotDecoder::Result::Malformed);
    QVERIFY(!decoder.error().isEmpty());
    QCOMPARE(describe(decoder.snapshot()), describe(good));
}

// The admin link's budget: a tick of 10,000 idle clients is a few hundred bytes, not the table.
// (Sizes, not times: they do not depend on the machine.)
void tst_SnapshotDelta::idleClientsCostTheLinkAlmostNothing()
{
    QList<quint64> ids;
    for (quint64 id = 1; id <= 10000; ++id)
        ids.append(id);
    const Snapshot idle = makeSnapshot(ids);
    SnapshotEncoder encoder;
    const int whole = bytesOf(encoder.whole(idle));
    const int quiet = bytesOf(encoder.delta(idle));
    Snapshot oneTalks = idle;
    oneTalks.sessions[4321].messagesIn = 1;
    oneTalks.sessions[4321].bytesIn = 12;
    const int one = bytesOf(encoder.delta(oneTalks));

    QVERIFY2(whole > 2000000, qPrintable(QString::number(whole)));
    QVERIFY2(quiet < 2000, qPrintable(QString::number(quiet)));
    QVERIFY2(one - quiet < 80, qPrintable(QStringLiteral("%1 vs %2").arg(one).arg(quiet)));
}

void tst_SnapshotDelta::countersKeepEveryDigitUpTo2To53()
{
    Snapshot snapshot = makeSnapshot({(1ULL << 53) - 1});
    snapshot.sessions[0].bytesIn = (1ULL << 53) - 3;
    snapshot.totals.bytesOut = (1ULL << 53) - 5;
    SnapshotEncoder encoder;
    SnapshotDecoder decoder;
    // Through the JSON text, as the link carries it.
    const QByteArray text = QJsonDocument(encoder.whole(snapshot)).toJson(QJsonDocument::Compact);
    QCOMPARE(decoder.apply(QJsonDocument::fromJson(text).object()), SnapshotDecoder::Result::Applied);
    QCOMPARE(decoder.snapshot().sessions.at(0).id, (1ULL << 53) - 1);
    QCOMPARE(decoder.snapshot().sessions.at(0).bytesIn, (1ULL << 53) - 3);
    QCOMPARE(decoder.snapshot().totals.bytesOut, (1ULL << 53) - 5);
}

void tst_SnapshotDelta::whoEachClientIsCrossesTheLink_data()
{
    // Each row changes one field of row 2 (or of the totals) and names the field the delta carries.
    QTest::addColumn<QString>("field");
    QTest::newRow("kind") << QStringLiteral("kind");
    QTest::newRow("identity") << QStringLiteral("identity");
    QTest::newRow("displayName") << QStringLiteral("displayName");
    QTest::newRow("identityVerified") << QStringLiteral("identityVerified");
    QTest::newRow("identityExpiresAt") << QStringLiteral("identityExpiresAt");
    QTest::newRow("flapping") << QStringLiteral("flapping");
    QTest::newRow("totals sseClients") << QStringLiteral("sseClients");
    QTest::newRow("totals flapping") << QStringLiteral("totals.flapping");
    QTest::newRow("totals flappingForgotten") << QStringLiteral("flappingForgotten");
}

void tst_SnapshotDelta::whoEachClientIsCrossesTheLink()
{
    QFETCH(QString, field);
    SnapshotEncoder encoder;
    SnapshotDecoder decoder;
    QCOMPARE(decoder.apply(encoder.whole(makeSnapshot({1, 2, 3}))), SnapshotDecoder::Result::Applied);
    Snapshot next = makeSnapshot({1, 2, 3});
    SessionRow &row = next.sessions[1];
    if (field == QLatin1String("kind"))
        row.kind = ClientKind::Sse;
    else if (field == QLatin1String("identity"))
        row.identity = QStringLiteral("alice");
    else if (field == QLatin1String("displayName"))
        row.displayName = QStringLiteral("Alice Liddell");
    else if (field == QLatin1String("identityVerified"))
        row.identityVerified = true;
    else if (field == QLatin1String("identityExpiresAt"))
        row.identityExpiresAt = 1764803600000;
    else if (field == QLatin1String("flapping"))
        row.flapping = true;
    else if (field == QLatin1String("sseClients"))
        next.totals.sseClients = 4;
    else if (field == QLatin1String("totals.flapping"))
        next.totals.flapping = 2;
    else
        next.totals.flappingForgotten = 9007199254740992ULL;

    const QJsonObject delta = encoder.delta(next);
    const QJsonArray changed = delta.value(QLatin1String("changed")).toArray();
    if (field.startsWith(QLatin1String("totals.")) || field == QLatin1String("sseClients")
        || field == QLatin1String("flappingForgotten")) {
        QVERIFY(changed.isEmpty());
    } else {
        QCOMPARE(changed.size(), 1);
        QStringList expected{field, QStringLiteral("id")};
        expected.sort(); // a QJsonObject's keys come sorted
        QCOMPARE(changed.at(0).toObject().keys(), expected);
    }
    QCOMPARE(decoder.apply(delta), SnapshotDecoder::Result::Applied);
    QCOMPARE(describe(decoder.snapshot()), describe(next));
    const SessionRow &got = decoder.snapshot().sessions.at(1);
    QCOMPARE(got.kind, row.kind);
    QCOMPARE(got.identity, row.identity);
    QCOMPARE(got.displayName, row.displayName);
    QCOMPARE(got.identityVerified, row.identityVerified);
    QCOMPARE(got.identityExpiresAt, row.identityExpiresAt);
    QCOMPARE(got.flapping, row.flapping);
    QCOMPARE(decoder.snapshot().totals.sseClients, next.totals.sseClients);
    QCOMPARE(decoder.snapshot().totals.flapping, next.totals.flapping);
    QCOMPARE(decoder.snapshot().totals.flappingForgotten, next.totals.flappingForgotten);
}

// A node from before these fields: its rows are WebSocket clients with no identity, not flapping.
void tst_SnapshotDelta::anOlderNodesRowsKeepTheDefaults()
{
    SnapshotDecoder decoder;
    const QByteArray old = R"({"type":"snapshot","seq":1,"whole":true,"totals":{"clientsConnected":1},
        "rows":[{"id":5,"peerAddress":"127.0.0.1","peerPort":4000}]})";
    QCOMPARE(decoder.apply(QJsonDocument::fromJson(old).object()), SnapshotDecoder::Result::Applied);
    const SessionRow row = decoder.snapshot().sessions.at(0);
    QCOMPARE(row.kind, ClientKind::WebSocket);
    QVERIFY(row.identity.isEmpty());
    QVERIFY(!row.identityVerified);
    QVERIFY(!row.flapping);
    QCOMPARE(decoder.snapshot().totals.sseClients, 0);
}

QTEST_GUILESS_MAIN(tst_SnapshotDelta)
#include "tst_snapshotdelta.moc"
