// The SSE replay ring and wire format as units: what a Last-Event-ID gets back within the ring's
// count and byte bounds, when it is told it missed events, and how events are written.

#include "ssereplayring.h"
#include "ssestream.h"

#include <QTest>

using namespace wsm;

class TestSseReplayRing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replaysWhatFollowsTheAskedId();
    void countBoundDropsTheOldestAndTellsMissed();
    void byteBoundDropsTheOldest();
    void eventLargerThanTheBoundIsNeverKept();
    void idOfAnotherRunIsMissed();
    void noneKeptWithZeroEvents();
    void acceptHeader_data();
    void acceptHeader();
};

namespace {

SseEvent text(quint64 id, const QByteArray &payload)
{
    return sse::makeEvent(id, false, payload);
}

QList<quint64> ids(const QList<SseEvent> &events)
{
    QList<quint64> out;
    for (const SseEvent &event : events)
        out.append(event.id);
    return out;
}

} // namespace

void TestSseReplayRing::replaysWhatFollowsTheAskedId()
{
    SseReplayRing ring;
    ring.setLimits(10);
    ring.clear(99);
    // Ids need not be consecutive: sends to one client take ids too and never enter.
    for (quint64 id : {100, 101, 103, 104})
        ring.append(text(id, "m"));
    SseReplayRing::Replay replay = ring.after(101, 105);
    QVERIFY(!replay.missed);
    QCOMPARE(ids(replay.events), (QList<quint64>{103, 104}));
    QCOMPARE(replay.resumesAt, quint64(103));
    replay = ring.after(102, 105); // a send to one client: nothing between it and 103 was lost
    QVERIFY(!replay.missed);
    QCOMPARE(ids(replay.events), (QList<quint64>{103, 104}));
    replay = ring.after(104, 105);
    QVERIFY(!replay.missed);
    QVERIFY(replay.events.isEmpty());
    QCOMPARE(replay.resumesAt, quint64(105));
}

void TestSseReplayRing::countBoundDropsTheOldestAndTellsMissed()
{
    SseReplayRing ring;
    ring.setLimits(3);
    ring.clear(0);
    for (quint64 id = 1; id <= 5; ++id)
        ring.append(text(id, "m"));
    QCOMPARE(ring.size(), 3);
    QVERIFY(!ring.after(2, 6).missed); // 3, 4, 5 are all there
    const SseReplayRing::Replay replay = ring.after(1, 6);
    QVERIFY(replay.missed); // 2 left
    QCOMPARE(replay.resumesAt, quint64(3));
    QCOMPARE(ids(replay.events), (QList<quint64>{3, 4, 5}));
}

void TestSseReplayRing::byteBoundDropsTheOldest()
{
    SseReplayRing ring;
    const QByteArray payload(1000, 'x');
    // Three-digit ids: every event costs the same.
    const qint64 cost = payload.size() + text(100, payload).frame.size();
    ring.setLimits(1000, 3 * cost);
    ring.clear(99);
    for (quint64 id = 100; id < 110; ++id)
        ring.append(text(id, payload));
    QCOMPARE(ring.size(), 3);
    QCOMPARE(ring.bytes(), 3 * cost);
    QCOMPARE(ids(ring.after(99, 110).events), (QList<quint64>{107, 108, 109}));
    QVERIFY(ring.after(105, 110).missed);
    QVERIFY(!ring.after(106, 110).missed);
}

void TestSseReplayRing::eventLargerThanTheBoundIsNeverKept()
{
    SseReplayRing ring;
    ring.setLimits(1000, 100);
    ring.clear(0);
    ring.append(text(1, "small"));
    ring.append(text(2, QByteArray(500, 'x')));
    ring.append(text(3, "small"));
    QCOMPARE(ring.size(), 2);
    const SseReplayRing::Replay replay = ring.after(1, 4);
    QVERIFY(replay.missed);
    QCOMPARE(ids(replay.events), QList<quint64>{3});
}

void TestSseReplayRing::idOfAnotherRunIsMissed()
{
    SseReplayRing ring;
    ring.setLimits(10);
    ring.clear(999); // this run began at id 1000
    ring.append(text(1000, "a"));
    // Older than the run: what came between is gone. At or past the next id: a later run's.
    for (quint64 asked : {quint64(5), quint64(1001), quint64(5000)}) {
        const SseReplayRing::Replay replay = ring.after(asked, 1001);
        QVERIFY2(replay.missed, qPrintable(QString::number(asked)));
        QCOMPARE(ids(replay.events), QList<quint64>{1000});
    }
}

void TestSseReplayRing::noneKeptWithZeroEvents()
{
    SseReplayRing ring;
    ring.setLimits(0);
    ring.clear(0);
    ring.append(text(1, "a"));
    QCOMPARE(ring.size(), 0);
    QVERIFY(ring.after(0, 2).missed);
    QVERIFY(!ring.after(1, 2).missed);
}

void TestSseReplayRing::acceptHeader_data()
{
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<bool>("present");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("absent") << QByteArray() << false << true;
    QTest::newRow("event-stream") << QByteArray("text/event-stream") << true << true;
    QTest::newRow("case and spaces") << QByteArray(" Text/Event-Stream ; charset=utf-8") << true << true;
    QTest::newRow("a browser's page") << QByteArray("text/html,application/xml;q=0.9,*/*;q=0.8") << true << true;
    QTest::newRow("text/*") << QByteArray("text/*") << true << true;
    QTest::newRow("html only") << QByteArray("text/html") << true << false;
    QTest::newRow("q=0") << QByteArray("text/event-stream;q=0") << true << false;
    QTest::newRow("json") << QByteArray("application/json") << true << false;
}

void TestSseReplayRing::acceptHeader()
{
    QFETCH(QByteArray, accept);
    QFETCH(bool, present);
    QFETCH(bool, accepted);
    QCOMPARE(sse::acceptsEventStream(accept, present), accepted);
}

QTEST_GUILESS_MAIN(TestSseReplayRing)
#include "tst_ssereplayring.moc"
