// FlappingTracker alone, on a clock the test drives: when a client is marked and unmarked, what
// names it, what the events say, and that its memory stays bounded.

#include "flappingtracker.h"

#include <QTest>

using namespace wsm;

namespace {

ConnectionEvent connected(const QString &identity, const QString &address = QStringLiteral("127.0.0.1"),
                          const QString &agent = QStringLiteral("ua"))
{
    ConnectionEvent event;
    event.kind = EventKind::Connected;
    event.identity = identity;
    event.peerAddress = address;
    event.userAgent = agent;
    return event;
}

ConnectionEvent closed(const QString &identity, EndReason reason)
{
    ConnectionEvent event = connected(identity);
    event.kind = EventKind::Closed;
    event.reason = reason;
    return event;
}

// Events of `kind` among `events`.
int count(const QList<ConnectionEvent> &events, EventKind kind)
{
    return int(std::count_if(events.cbegin(), events.cend(), [kind](const ConnectionEvent &e) { return e.kind == kind; }));
}

} // namespace

class tst_FlappingTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void markedPastThreshold_data();
    void markedPastThreshold();
    void unmarkedWhenItStops();
    void eventsNameTheClientAndWhy();
    void identityOutweighsAddress();
    void oldestForgottenFirst();
    void quietClientsDropped();
    void boundedPerClient();
};

void tst_FlappingTracker::markedPastThreshold_data()
{
    QTest::addColumn<int>("threshold");
    QTest::addColumn<int>("windowMs");
    QTest::addColumn<int>("connects");
    QTest::addColumn<int>("spacingMs");
    QTest::addColumn<bool>("flapping");
    QTest::newRow("at the threshold: not yet") << 10 << 60000 << 10 << 100 << false;
    QTest::newRow("one past the threshold") << 10 << 60000 << 11 << 100 << true;
    QTest::newRow("30 in ten seconds") << 10 << 60000 << 30 << 333 << true;
    QTest::newRow("spread over more than the window") << 10 << 60000 << 30 << 6001 << false;
    QTest::newRow("a shorter window") << 10 << 2000 << 30 << 250 << false;
    QTest::newRow("threshold 1") << 1 << 60000 << 2 << 1000 << true;
    QTest::newRow("threshold 0 is off") << 0 << 60000 << 100 << 1 << false;
}

void tst_FlappingTracker::markedPastThreshold()
{
    QFETCH(int, threshold);
    QFETCH(int, windowMs);
    QFETCH(int, connects);
    QFETCH(int, spacingMs);
    QFETCH(bool, flapping);
    FlappingTracker tracker;
    tracker.configure(threshold, windowMs);
    QList<ConnectionEvent> events;
    qint64 now = 1000000;
    for (int i = 0; i < connects; ++i, now += spacingMs) {
        events += tracker.observe(connected(QStringLiteral("alice")), now);
        events += tracker.observe(closed(QStringLiteral("alice"), EndReason::ClientDropped), now);
    }
    QCOMPARE(tracker.isFlapping(QStringLiteral("alice"), {}, {}), flapping);
    QCOMPARE(tracker.flappingCount(), flapping ? 1 : 0);
    QCOMPARE(count(events, EventKind::FlappingStarted), flapping ? 1 : 0);
    QCOMPARE(count(events, EventKind::FlappingStopped), 0);
}

void tst_FlappingTracker::unmarkedWhenItStops()
{
    FlappingTracker tracker;
    tracker.configure(3, 10000);
    const qint64 start = 50000;
    for (int i = 0; i < 4; ++i)
        tracker.observe(connected(QStringLiteral("bob")), start + i);
    QVERIFY(tracker.isFlapping(QStringLiteral("bob"), {}, {}));
    // Within the window nothing changes; once the window has passed the first connect, it stops.
    QVERIFY(tracker.sweep(start + 9999).isEmpty());
    QVERIFY(tracker.isFlapping(QStringLiteral("bob"), {}, {}));
    const QList<ConnectionEvent> stopped = tracker.sweep(start + 10000);
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(stopped.first().kind, EventKind::FlappingStopped);
    QCOMPARE(stopped.first().identity, QStringLiteral("bob"));
    QVERIFY(!tracker.isFlapping(QStringLiteral("bob"), {}, {}));
    QCOMPARE(tracker.flappingCount(), 0);
    QVERIFY(tracker.sweep(start + 10001).isEmpty());
}

void tst_FlappingTracker::eventsNameTheClientAndWhy()
{
    FlappingTracker tracker;
    tracker.configure(2);
    const QString agent = QStringLiteral("Mozilla/5.0 test");
    QList<ConnectionEvent> events;
    for (int i = 0; i < 3; ++i) {
        events += tracker.observe(connected({}, QStringLiteral("192.0.2.7"), agent), i * 10);
        ConnectionEvent end = connected({}, QStringLiteral("192.0.2.7"), agent);
        end.kind = EventKind::Closed;
        end.reason = i < 2 ? EndReason::ClientDropped : EndReason::HeartbeatTimeout;
        events += tracker.observe(end, i * 10 + 5);
    }
    QCOMPARE(events.size(), 1);
    const ConnectionEvent &started = events.first();
    QCOMPARE(started.kind, EventKind::FlappingStarted);
    QCOMPARE(started.identity, QString());
    QCOMPARE(started.peerAddress, QStringLiteral("192.0.2.7"));
    QCOMPARE(started.userAgent, agent);
    QCOMPARE(started.sessionId, quint64(0));
    // The connect that crossed the threshold followed the second end.
    QCOMPARE(started.closeReason, QStringLiteral("3 connections in the last minute; the last ended: %1")
                                      .arg(ConnectionEvent::reasonText(EndReason::ClientDropped)));
    QVERIFY(tracker.isFlapping({}, QStringLiteral("192.0.2.7"), agent));
    QVERIFY(!tracker.isFlapping({}, QStringLiteral("192.0.2.7"), QStringLiteral("other")));
    QVERIFY(!tracker.isFlapping({}, QStringLiteral("192.0.2.8"), agent));
}

void tst_FlappingTracker::identityOutweighsAddress()
{
    FlappingTracker tracker;
    tracker.configure(2);
    // One user from three addresses is one client; three anonymous browsers are three.
    tracker.observe(connected(QStringLiteral("carol"), QStringLiteral("192.0.2.1")), 1);
    tracker.observe(connected(QStringLiteral("carol"), QStringLiteral("192.0.2.2")), 2);
    tracker.observe(connected(QStringLiteral("carol"), QStringLiteral("192.0.2.3")), 3);
    for (int i = 0; i < 3; ++i)
        tracker.observe(connected({}, QStringLiteral("192.0.2.9"), QStringLiteral("ua%1").arg(i)), 4 + i);
    QVERIFY(tracker.isFlapping(QStringLiteral("carol"), QStringLiteral("203.0.113.1"), {}));
    QCOMPARE(tracker.flappingCount(), 1);
    QCOMPARE(tracker.keyCount(), 4);
}

void tst_FlappingTracker::oldestForgottenFirst()
{
    FlappingTracker tracker;
    tracker.configure(2, 60000, 3);
    tracker.observe(connected(QStringLiteral("a")), 1);
    tracker.observe(connected(QStringLiteral("b")), 2);
    tracker.observe(connected(QStringLiteral("c")), 3);
    tracker.observe(connected(QStringLiteral("a")), 4); // a is now the most recent
    QCOMPARE(tracker.keyCount(), 3);
    tracker.observe(connected(QStringLiteral("d")), 5); // b goes
    tracker.observe(connected(QStringLiteral("e")), 6); // c goes
    QCOMPARE(tracker.keyCount(), 3);
    QCOMPARE(tracker.forgotten(), quint64(2));
    // a kept its two connects: one more marks it.
    const QList<ConnectionEvent> events = tracker.observe(connected(QStringLiteral("a")), 7);
    QCOMPARE(count(events, EventKind::FlappingStarted), 1);
    // b starts again from nothing.
    tracker.observe(connected(QStringLiteral("b")), 8);
    tracker.observe(connected(QStringLiteral("b")), 9);
    QVERIFY(!tracker.isFlapping(QStringLiteral("b"), {}, {}));
    QCOMPARE(tracker.forgotten(), quint64(3)); // d, the oldest then, went for b
}

void tst_FlappingTracker::quietClientsDropped()
{
    FlappingTracker tracker;
    tracker.configure(5, 1000);
    for (int i = 0; i < 100; ++i)
        tracker.observe(connected(QStringLiteral("user%1").arg(i)), i);
    tracker.observe(connected(QStringLiteral("late")), 900);
    QCOMPARE(tracker.keyCount(), 101);
    tracker.sweep(1100);
    // Each quiet for a whole window is gone, uncounted (nothing was lost); the late one stays.
    QCOMPARE(tracker.keyCount(), 1);
    QCOMPARE(tracker.forgotten(), quint64(0));
}

void tst_FlappingTracker::boundedPerClient()
{
    FlappingTracker tracker;
    tracker.configure(10);
    QList<ConnectionEvent> events;
    for (int i = 0; i < 100000; ++i)
        events += tracker.observe(connected(QStringLiteral("storm")), i / 10);
    QCOMPARE(events.size(), 1);
    QCOMPARE(tracker.keyCount(), 1);
    // Kept: the last eleven times only (the oldest of them 9998), so it stops as soon as that one
    // leaves the window, whatever came before.
    QVERIFY(tracker.sweep(9998 + 59999).isEmpty());
    QCOMPARE(tracker.sweep(9998 + 60000).size(), 1);
}

QTEST_GUILESS_MAIN(tst_FlappingTracker)
#include "tst_flappingtracker.moc"
