// The traffic charts: a rolling window of snapshot totals, drawn with one replace() per tick.

#include "chartaxes.h"
#include "trafficcharts.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QTest>
#include <QValueAxis>

using namespace wsm;

namespace {

constexpr qint64 Start = 1'700'000'000'000; // any fixed wall-clock time
constexpr int IntervalMs = 250;             // the server's default snapshot rate, 4 Hz

ServerTotals totals(int clients, double messageRate = 0, double byteRate = 0)
{
    ServerTotals t;
    t.clientsConnected = clients;
    t.messageRateIn = messageRate;
    t.messageRateOut = messageRate / 2;
    t.byteRateIn = byteRate;
    t.byteRateOut = byteRate / 2;
    return t;
}

// Feeds `count` samples 250 ms apart from `from`; clients count up from `firstClients`.
qint64 feed(TrafficCharts &charts, qint64 from, int count, int firstClients = 0)
{
    qint64 at = from;
    for (int i = 0; i < count; ++i) {
        at = from + qint64(i) * IntervalMs;
        charts.addSample(at, totals(firstClients + i, 10, 1000));
    }
    return at;
}

// The series by name, in chart order: "clients", then "in"/"out" for messages, then for bytes.
QList<QLineSeries *> allSeries(const TrafficCharts &charts)
{
    return charts.findChildren<QLineSeries *>();
}

QLineSeries *clientsSeries(const TrafficCharts &charts)
{
    for (QLineSeries *series : allSeries(charts)) {
        if (series->name() == QLatin1String("clients"))
            return series;
    }
    return nullptr;
}

QStringList valueAxisTitles(const TrafficCharts &charts)
{
    QStringList titles;
    for (QChartView *view : charts.findChildren<QChartView *>()) {
        for (QAbstractAxis *axis : view->chart()->axes(Qt::Vertical))
            titles.append(axis->titleText());
    }
    return titles;
}

QValueAxis *valueAxisTitled(const TrafficCharts &charts, const QString &title)
{
    for (QChartView *view : charts.findChildren<QChartView *>()) {
        for (QAbstractAxis *axis : view->chart()->axes(Qt::Vertical)) {
            if (axis->titleText() == title)
                return qobject_cast<QValueAxis *>(axis);
        }
    }
    return nullptr;
}

} // namespace

class TestTrafficCharts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void drawsOneLinePerValue();
    void samplesAreBoundedByTheWindow_data();
    void samplesAreBoundedByTheWindow();
    void longWindowKeepsPeaksVisible();
    void windowLengthIsKeptInRange_data();
    void windowLengthIsKeptInRange();
    void shorterWindowDropsOlderSamples();
    void pauseKeepsSamplesButFreezesTheCharts();
    void clearEmptiesEverything();
    void clockSteppingBackStartsAfresh();
    void axisTitlesCarryUnits_data();
    void axisTitlesCarryUnits();
    void valueAxisFollowsTheData_data();
    void valueAxisFollowsTheData();
    void rescalingNeverLaysOutThousandsOfTicks_data();
    void rescalingNeverLaysOutThousandsOfTicks();
};

void TestTrafficCharts::drawsOneLinePerValue()
{
    TrafficCharts charts;
    QStringList names;
    for (QLineSeries *series : allSeries(charts))
        names.append(series->name());
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("clients"), QStringLiteral("in"), QStringLiteral("in"),
                                 QStringLiteral("out"), QStringLiteral("out")}));

    feed(charts, Start, 3, 5);
    QCOMPARE(charts.sampleCount(), 3);
    QLineSeries *clients = clientsSeries(charts);
    QVERIFY(clients);
    QCOMPARE(clients->points(), (QList<QPointF>{{double(Start), 5}, {double(Start + 250), 6}, {double(Start + 500), 7}}));
}

void TestTrafficCharts::samplesAreBoundedByTheWindow_data()
{
    QTest::addColumn<int>("windowSeconds");
    QTest::newRow("shortest window, 10 s") << 10;
    QTest::newRow("one minute") << 60;
    QTest::newRow("default, 300 s") << 300;
}

void TestTrafficCharts::samplesAreBoundedByTheWindow()
{
    QFETCH(int, windowSeconds);
    TrafficCharts charts;
    charts.setWindowSeconds(windowSeconds);
    QCOMPARE(charts.windowSeconds(), windowSeconds);

    const int perWindow = windowSeconds * 1000 / IntervalMs;
    const qint64 newest = feed(charts, Start, 10 * perWindow);

    // The whole window and not more: one sample at each end of it.
    QCOMPARE(charts.sampleCount(), perWindow + 1);
    QCOMPARE(allSeries(charts).size(), 5);
    for (QLineSeries *series : allSeries(charts)) {
        const QList<QPointF> points = series->points();
        QVERIFY(!points.isEmpty());
        QVERIFY(points.size() <= charts.sampleCount());
        QCOMPARE(points.last().x(), double(newest));
        QVERIFY2(points.first().x() >= double(newest - qint64(windowSeconds) * 1000),
                 qPrintable(series->name()));
    }
}

void TestTrafficCharts::longWindowKeepsPeaksVisible()
{
    TrafficCharts charts;
    charts.setWindowSeconds(3600);
    const int perWindow = 3600 * 1000 / IntervalMs;
    charts.setPaused(true); // an hour of samples, drawn once when resumed
    for (int i = 0; i <= perWindow; ++i)
        charts.addSample(Start + qint64(i) * IntervalMs, totals(i == perWindow / 2 ? 50 : 1));
    charts.setPaused(false);
    QCOMPARE(charts.sampleCount(), perWindow + 1);

    // Fewer points than samples (a chart is not 14,400 pixels wide), but the one busy moment stays.
    QLineSeries *clients = clientsSeries(charts);
    QVERIFY(clients);
    QVERIFY(clients->count() < charts.sampleCount() / 4);
    double peak = 0;
    for (const QPointF &point : clients->points())
        peak = std::max(peak, point.y());
    QCOMPARE(peak, 50.0);
}

void TestTrafficCharts::windowLengthIsKeptInRange_data()
{
    QTest::addColumn<int>("asked");
    QTest::addColumn<int>("expected");
    QTest::newRow("below the minimum") << 1 << 10;
    QTest::newRow("minimum") << 10 << 10;
    QTest::newRow("in range") << 120 << 120;
    QTest::newRow("maximum") << 3600 << 3600;
    QTest::newRow("above the maximum") << 100000 << 3600;
}

void TestTrafficCharts::windowLengthIsKeptInRange()
{
    QFETCH(int, asked);
    QFETCH(int, expected);
    TrafficCharts charts;
    QCOMPARE(charts.windowSeconds(), 300);
    charts.setWindowSeconds(asked);
    QCOMPARE(charts.windowSeconds(), expected);
}

void TestTrafficCharts::shorterWindowDropsOlderSamples()
{
    TrafficCharts charts;
    feed(charts, Start, 60 * 4 + 1); // one minute
    QCOMPARE(charts.sampleCount(), 241);
    charts.setWindowSeconds(10);
    QCOMPARE(charts.sampleCount(), 10 * 4 + 1);
    QCOMPARE(clientsSeries(charts)->count(), 41);
}

void TestTrafficCharts::pauseKeepsSamplesButFreezesTheCharts()
{
    TrafficCharts charts;
    charts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts));
    auto *pausedLabel = charts.findChild<QLabel *>(QStringLiteral("pausedLabel"));
    QVERIFY(pausedLabel);
    QVERIFY(!pausedLabel->isVisible());

    const qint64 last = feed(charts, Start, 8);
    QVERIFY(clientsSeries(charts));
    charts.setPaused(true);
    QVERIFY(charts.isPaused());
    QVERIFY(pausedLabel->isVisible());
    QVERIFY(pausedLabel->text().contains(QLatin1String("server keeps running")));

    QHash<QLineSeries *, QList<QPointF>> frozen;
    for (QLineSeries *series : allSeries(charts))
        frozen.insert(series, series->points());

    feed(charts, last + IntervalMs, 8, 100);
    QCOMPARE(charts.sampleCount(), 16);
    for (QLineSeries *series : allSeries(charts))
        QCOMPARE(series->points(), frozen.value(series));

    // Resumed: at once up to date, with what came in while paused.
    charts.setPaused(false);
    QVERIFY(!pausedLabel->isVisible());
    QCOMPARE(clientsSeries(charts)->count(), 16);
    QCOMPARE(clientsSeries(charts)->points().last().y(), 107.0);
}

void TestTrafficCharts::clearEmptiesEverything()
{
    TrafficCharts charts;
    feed(charts, Start, 20);
    charts.clear();
    QCOMPARE(charts.sampleCount(), 0);
    for (QLineSeries *series : allSeries(charts))
        QCOMPARE(series->count(), 0);

    // And fills again from a new start.
    feed(charts, Start + 3'600'000, 2);
    QCOMPARE(charts.sampleCount(), 2);
    QCOMPARE(clientsSeries(charts)->count(), 2);
}

void TestTrafficCharts::clockSteppingBackStartsAfresh()
{
    TrafficCharts charts;
    feed(charts, Start, 20);
    charts.addSample(Start - 60'000, totals(3));
    QCOMPARE(charts.sampleCount(), 1);
    QCOMPARE(clientsSeries(charts)->points(), (QList<QPointF>{{double(Start - 60'000), 3}}));
}

void TestTrafficCharts::axisTitlesCarryUnits_data()
{
    QTest::addColumn<double>("byteRate");
    QTest::addColumn<QString>("bytesTitle");
    QTest::addColumn<double>("plottedBytes");
    QTest::newRow("quiet: bytes") << 500.0 << QStringLiteral("bytes/s") << 500.0;
    QTest::newRow("busy: KiB") << 50.0 * 1024 << QStringLiteral("KiB/s") << 50.0;
    QTest::newRow("flooded: MiB") << 50.0 * 1024 * 1024 << QStringLiteral("MiB/s") << 50.0;
}

void TestTrafficCharts::axisTitlesCarryUnits()
{
    QFETCH(double, byteRate);
    QFETCH(QString, bytesTitle);
    QFETCH(double, plottedBytes);
    TrafficCharts charts;
    QCOMPARE(valueAxisTitles(charts),
             (QStringList{QStringLiteral("clients"), QStringLiteral("messages/s"), QStringLiteral("bytes/s")}));

    charts.addSample(Start, totals(1, 1, byteRate));
    QCOMPARE(valueAxisTitles(charts),
             (QStringList{QStringLiteral("clients"), QStringLiteral("messages/s"), bytesTitle}));
    // The points are in the axis's unit.
    QList<double> bytesPlotted;
    for (QChartView *view : charts.findChildren<QChartView *>()) {
        if (view->chart()->axes(Qt::Vertical).constFirst()->titleText() != bytesTitle)
            continue;
        for (QAbstractSeries *series : view->chart()->series())
            bytesPlotted.append(static_cast<QLineSeries *>(series)->at(0).y());
    }
    QCOMPARE(bytesPlotted, (QList<double>{plottedBytes, plottedBytes / 2}));
}

void TestTrafficCharts::valueAxisFollowsTheData_data()
{
    QTest::addColumn<QList<int>>("clients");
    QTest::addColumn<double>("top");
    QTest::addColumn<double>("gridStep");
    QTest::newRow("nobody: at least 1") << QList<int>{0, 0, 0} << 1.0 << 0.5;
    QTest::newRow("peak of 20: 10 % above it") << QList<int>{5, 20, 7} << 22.0 << 10.0;
    QTest::newRow("peak of 150: round grid lines") << QList<int>{150} << 165.0 << 50.0;
    QTest::newRow("peak gone from the window is forgotten") << QList<int>{} << 1.0 << 0.5;
}

void TestTrafficCharts::valueAxisFollowsTheData()
{
    QFETCH(QList<int>, clients);
    QFETCH(double, top);
    QFETCH(double, gridStep);
    TrafficCharts charts;
    // An earlier peak, out of the window by the time the rows' samples arrive.
    charts.setWindowSeconds(10);
    charts.addSample(Start, totals(500));
    qint64 at = Start + 60'000;
    charts.addSample(at, totals(0));
    for (int count : clients)
        charts.addSample(at += IntervalMs, totals(count));

    QValueAxis *axis = valueAxisTitled(charts, QStringLiteral("clients"));
    QVERIFY(axis);
    QCOMPARE(axis->min(), 0.0);
    QCOMPARE(axis->max(), top);
    QCOMPARE(axis->tickType(), QValueAxis::TicksDynamic);
    QCOMPARE(axis->tickAnchor(), 0.0);
    QCOMPARE(axis->tickInterval(), gridStep);
}

// Regression: a jump from 0 to 50,000 messages/s set the new range under the old interval of 1,
// and Qt Charts laid out 50,000 tick labels per tick: the window froze while an echo test ran.
void TestTrafficCharts::rescalingNeverLaysOutThousandsOfTicks_data()
{
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::newRow("idle to busy") << 0.0 << 50000.0;
    QTest::newRow("busy to idle") << 50000.0 << 0.5;
    QTest::newRow("small to huge") << 3.0 << 2.0e9;
}

void TestTrafficCharts::rescalingNeverLaysOutThousandsOfTicks()
{
    QFETCH(double, from);
    QFETCH(double, to);
    QValueAxis axis;
    fitValueAxis(&axis, from);
    double mostTicks = 0;
    auto watch = [&] {
        if (axis.tickInterval() > 0)
            mostTicks = std::max(mostTicks, (axis.max() - axis.min()) / axis.tickInterval());
    };
    connect(&axis, &QValueAxis::rangeChanged, this, watch);
    connect(&axis, &QValueAxis::tickIntervalChanged, this, watch);
    fitValueAxis(&axis, to);
    QVERIFY2(mostTicks <= 10, qPrintable(QString::number(mostTicks)));
    QVERIFY(axis.max() >= to);
}

QTEST_MAIN(TestTrafficCharts)
#include "tst_trafficcharts.moc"
