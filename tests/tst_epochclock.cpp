// EpochClock: one offset between the steady and the wall clock, so that an instant converted at two
// moments reads the same (an idle client's "last seen" must not move between snapshots), taken
// again only when the wall clock steps.

#include "steadyclock.h"

#include <QTest>

using namespace wsm;

class TestEpochClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameInstantReadsTheSame_data();
    void sameInstantReadsTheSame();
};

void TestEpochClock::sameInstantReadsTheSame_data()
{
    // Readings of the two clocks at a first and a second conversion of the same steady instant.
    QTest::addColumn<qint64>("wallAtFirst");
    QTest::addColumn<qint64>("steadyAtSecond");
    QTest::addColumn<qint64>("wallAtSecond");
    QTest::addColumn<qint64>("expectedShift"); // how far the second conversion reads from the first

    const qint64 wall = 1764843000000;
    QTest::newRow("clocks in step") << wall << qint64(1250) << wall + 250 << qint64(0);
    QTest::newRow("wall rounded down by one") << wall << qint64(1250) << wall + 249 << qint64(0);
    QTest::newRow("wall rounded up by one") << wall << qint64(1250) << wall + 251 << qint64(0);
    QTest::newRow("NTP slewed 100 ms: within the step") << wall << qint64(1250) << wall + 350 << qint64(0);
    QTest::newRow("clock set 5 s ahead: followed") << wall << qint64(1250) << wall + 5250 << qint64(5000);
    QTest::newRow("clock set 2 s back: followed") << wall << qint64(1250) << wall - 1750 << qint64(-2000);
}

void TestEpochClock::sameInstantReadsTheSame()
{
    QFETCH(qint64, wallAtFirst);
    QFETCH(qint64, steadyAtSecond);
    QFETCH(qint64, wallAtSecond);
    QFETCH(qint64, expectedShift);

    // A client last seen at steady 900; the first snapshot is taken at steady 1000.
    const qint64 lastSeenSteady = 900;
    EpochClock clock;
    const qint64 firstNow = clock.follow(1000, wallAtFirst);
    QCOMPARE(firstNow, wallAtFirst);
    const qint64 first = firstNow - (1000 - lastSeenSteady);
    const qint64 secondNow = clock.follow(steadyAtSecond, wallAtSecond);
    const qint64 second = secondNow - (steadyAtSecond - lastSeenSteady);
    QCOMPARE(second - first, expectedShift);
}

QTEST_APPLESS_MAIN(TestEpochClock)
#include "tst_epochclock.moc"
