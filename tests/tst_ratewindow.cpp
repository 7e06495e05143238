// The one rate definition (server/ratewindow.h) on a clock the test drives: a client sending a steady
// 100 msg/s in bursts of 10 every 100 ms must read 90..110 on every tick, whatever the ticks' timing.
// The clock is simulated so the suite cannot fail by chance on a loaded machine; the console shows
// exactly these numbers (tst_mainwindow checks that status bar, table and charts agree).

#include "ratewindow.h"

#include <QTest>

using namespace wsm;

class tst_RateWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void steadyBurstsReadWithinTenPercent_data();
    void steadyBurstsReadWithinTenPercent();
    void firstSecondCountsSinceTheStart();
    void clientAndTotalsAgree();
};

void tst_RateWindow::steadyBurstsReadWithinTenPercent_data()
{
    QTest::addColumn<qint64>("burstOffsetMs"); // where the bursts fall between ticks
    QTest::addColumn<QList<qint64>>("tickDelaysMs"); // added to tick i (cycled): late or early ticks

    QTest::newRow("ticks on time, bursts on the ticks") << qint64(0) << QList<qint64>{0};
    QTest::newRow("ticks on time, bursts between") << qint64(50) << QList<qint64>{0};
    QTest::newRow("bursts just after the ticks") << qint64(1) << QList<qint64>{0};
    QTest::newRow("ticks jittered") << qint64(30) << QList<qint64>{0, 40, -10, 25, 5, -12, 60, 0, 11};
    QTest::newRow("one tick in five 200 ms late") << qint64(70) << QList<qint64>{0, 0, 0, 0, 200};
    QTest::newRow("a stall of a second") << qint64(20) << QList<qint64>{0, 0, 0, 0, 0, 0, 0, 1000};
    QTest::newRow("early coarse-timer ticks") << qint64(10) << QList<qint64>{-12, -12, -12, -12, -12, 0};
}

void tst_RateWindow::steadyBurstsReadWithinTenPercent()
{
    QFETCH(qint64, burstOffsetMs);
    QFETCH(QList<qint64>, tickDelaysMs);

    constexpr qint64 TickMs = 250;
    const auto sentBy = [burstOffsetMs](qint64 timeMs) {
        // Bursts of 10 at burstOffsetMs + k * 100 ms, from time 0 on.
        return timeMs < burstOffsetMs ? quint64(0) : quint64((timeMs - burstOffsetMs) / 100 + 1) * 10;
    };

    RateWindow window;
    window.restart(0);
    RateSamples<1> samples;
    RateSamples<1>::Rates rates{};
    qint64 previousTick = 0;
    for (int i = 1; i <= 200; ++i) {
        // A tick due while a late one ran is skipped, as Qt's timers do: none is ever made up.
        const qint64 now = i * TickMs + tickDelaysMs.at(i % tickDelaysMs.size());
        if (now <= previousTick)
            continue;
        previousTick = now;
        rates = samples.update(window.advance(now), {sentBy(now)}, rates);
        if (now < RateWindow::WindowMs + TickMs)
            continue; // the first second counts since the start: tested below
        QVERIFY2(rates[0] >= 90.0 && rates[0] <= 110.0,
                 qPrintable(QStringLiteral("tick %1 at %2 ms read %3 msg/s").arg(i).arg(now).arg(rates[0])));
    }
}

void tst_RateWindow::firstSecondCountsSinceTheStart()
{
    RateWindow window;
    window.restart(1000);
    RateSamples<1> samples;
    // 50 messages in the first 500 ms: 100 msg/s, not 50 messages over a whole second.
    samples.update(window.advance(1250), {25}, {});
    const auto rates = samples.update(window.advance(1500), {50}, {});
    QCOMPARE(rates[0], 100.0);
}

void tst_RateWindow::clientAndTotalsAgree()
{
    // A client's row and the totals use one window: with one client they read the same number.
    RateWindow window;
    window.restart(0);
    RateSamples<1> client;
    RateSamples<4> totals;
    RateSamples<1>::Rates clientRates{};
    RateSamples<4>::Rates totalRates{};
    quint64 count = 0;
    for (int i = 1; i <= 40; ++i) {
        count += quint64(i % 3) * 7;
        const RateWindow::Position position = window.advance(i * 250 + (i % 4) * 9);
        clientRates = client.update(position, {count}, clientRates);
        totalRates = totals.update(position, {count, 0, count * 10, 0}, totalRates);
        QCOMPARE(totalRates[0], clientRates[0]);
    }
}

QTEST_GUILESS_MAIN(tst_RateWindow)
#include "tst_ratewindow.moc"
