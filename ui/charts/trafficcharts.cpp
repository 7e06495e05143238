#include "trafficcharts.h"

#include "chartaxes.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace wsm {

namespace {

// The server's shortest snapshot interval is 50 ms: no window ever needs more samples than this
// many per second, whatever happens to the clock.
constexpr int FastestSamplesPerSecond = 20;
constexpr int SampleMargin = 8;
// A chart is a few hundred pixels wide: more points than this per series only cost drawing time,
// so longer windows are drawn with each point the peak of a few samples.
constexpr qsizetype MaxPlotPoints = 720;
constexpr int ChartHeight = 150;

QFont smallerFont(QFont font)
{
    font.setPointSizeF(font.pointSizeF() * 0.85);
    return font;
}

} // namespace

TrafficCharts::TrafficCharts(QWidget *parent)
    : QWidget(parent)
    , m_pausedLabel(new QLabel(tr("Paused – the server keeps running"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    m_pausedLabel->setObjectName(QStringLiteral("pausedLabel"));
    m_pausedLabel->setAlignment(Qt::AlignCenter);
    // The colours of a warning note, so a frozen chart is never taken for a quiet server.
    m_pausedLabel->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff3cd; color: #664d03; border: 1px solid #ffe69c; padding: 3px; }"));
    m_pausedLabel->hide();
    layout->addWidget(m_pausedLabel);

    m_clientsPlot = addPlot(tr("clients"), {tr("clients")});
    m_messagesPlot = addPlot(tr("messages/s"), {tr("in"), tr("out")});
    m_bytesPlot = addPlot(tr("bytes/s"), {tr("in"), tr("out")});
    m_clientsPlot.chart->legend()->hide(); // one line needs no legend
    redraw();
}

TrafficCharts::Plot TrafficCharts::addPlot(const QString &valueTitle, const QStringList &seriesNames)
{
    Plot plot;
    plot.chart = new QChart;
    // Also a QObject child of this widget (the view owns it only through its scene), so that its
    // series can be found from here with findChildren(), as the tests do.
    plot.chart->setParent(this);
    plot.chart->setBackgroundRoundness(0);
    plot.chart->setMargins(QMargins(2, 2, 2, 2));
    plot.chart->setLocalizeNumbers(true);
    plot.chart->legend()->setAlignment(Qt::AlignTop);
    plot.chart->legend()->setFont(smallerFont(font()));

    plot.timeAxis = new QDateTimeAxis(plot.chart);
    plot.timeAxis->setFormat(QStringLiteral("hh:mm:ss"));
    plot.timeAxis->setTickCount(4);
    plot.timeAxis->setLabelsFont(smallerFont(font()));
    plot.chart->addAxis(plot.timeAxis, Qt::AlignBottom);

    plot.valueAxis = new QValueAxis(plot.chart);
    plot.valueAxis->setTitleText(valueTitle);
    plot.valueAxis->setTitleFont(smallerFont(font()));
    plot.valueAxis->setLabelsFont(smallerFont(font()));
    plot.chart->addAxis(plot.valueAxis, Qt::AlignLeft);

    for (const QString &name : seriesNames) {
        auto *series = new QLineSeries;
        series->setName(name);
        plot.chart->addSeries(series);
        series->attachAxis(plot.timeAxis);
        series->attachAxis(plot.valueAxis);
        QPen pen = series->pen();
        pen.setWidthF(1.5);
        series->setPen(pen);
        plot.series.append(series);
    }

    auto *view = new QChartView(plot.chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(ChartHeight);
    layout()->addWidget(view);
    return plot;
}

void TrafficCharts::addSample(qint64 takenAtMs, const ServerTotals &totals)
{
    // The wall clock stepped back: the older samples would be drawn in the future of the new ones.
    if (!m_samples.empty() && takenAtMs < m_samples.back().at)
        m_samples.clear();
    Sample sample;
    sample.at = takenAtMs;
    sample.clients = totals.clientsConnected;
    sample.messagesIn = totals.messageRateIn;
    sample.messagesOut = totals.messageRateOut;
    sample.bytesIn = totals.byteRateIn;
    sample.bytesOut = totals.byteRateOut;
    m_samples.push_back(sample);
    trim();
    if (!m_paused)
        redraw();
}

void TrafficCharts::setWindowSeconds(int seconds)
{
    m_windowSeconds = std::clamp(seconds, MinimumWindowSeconds, MaximumWindowSeconds);
    trim();
    if (!m_paused)
        redraw();
}

void TrafficCharts::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    m_pausedLabel->setVisible(paused);
    if (!paused)
        redraw(); // catch up with what came in meanwhile
}

void TrafficCharts::clear()
{
    m_samples.clear();
    redraw();
}

void TrafficCharts::trim()
{
    // By time, which is what the window means, and by count, in case the clock jumps forward
    // and back without ever going behind the newest sample.
    const qint64 oldest = m_samples.empty() ? 0 : m_samples.back().at - qint64(m_windowSeconds) * 1000;
    const size_t capacity = size_t(m_windowSeconds) * FastestSamplesPerSecond + SampleMargin;
    while (!m_samples.empty() && (m_samples.front().at < oldest || m_samples.size() > capacity))
        m_samples.pop_front();
}

void TrafficCharts::redraw()
{
    const qint64 newest = m_samples.empty() ? QDateTime::currentMSecsSinceEpoch() : m_samples.back().at;
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(newest);
    const QDateTime start = end.addSecs(-m_windowSeconds);
    for (const Plot *plot : {&m_clientsPlot, &m_messagesPlot, &m_bytesPlot})
        plot->timeAxis->setRange(start, end);

    drawPlot(m_clientsPlot, {&Sample::clients}, 1);
    drawPlot(m_messagesPlot, {&Sample::messagesIn, &Sample::messagesOut}, 1);

    // Scaled so the labels stay short: a few digits and a unit.
    double peakBytes = 0;
    for (const Sample &sample : m_samples)
        peakBytes = std::max({peakBytes, sample.bytesIn, sample.bytesOut});
    constexpr double KiB = 1024;
    constexpr double MiB = 1024 * 1024;
    if (peakBytes >= 10 * MiB) {
        m_bytesPlot.valueAxis->setTitleText(tr("MiB/s"));
        drawPlot(m_bytesPlot, {&Sample::bytesIn, &Sample::bytesOut}, MiB);
    } else if (peakBytes >= 10 * KiB) {
        m_bytesPlot.valueAxis->setTitleText(tr("KiB/s"));
        drawPlot(m_bytesPlot, {&Sample::bytesIn, &Sample::bytesOut}, KiB);
    } else {
        m_bytesPlot.valueAxis->setTitleText(tr("bytes/s"));
        drawPlot(m_bytesPlot, {&Sample::bytesIn, &Sample::bytesOut}, 1);
    }
}

void TrafficCharts::drawPlot(const Plot &plot, const QList<double Sample::*> &values, double divisor)
{
    const size_t count = m_samples.size();
    const size_t stride = std::max<size_t>(1, (count + MaxPlotPoints - 1) / MaxPlotPoints);
    double top = 0;
    for (qsizetype s = 0; s < values.size(); ++s) {
        const auto value = values.at(s);
        QList<QPointF> points;
        points.reserve(qsizetype(count / stride + 1));
        for (size_t first = 0; first < count; first += stride) {
            const size_t last = std::min(first + stride, count) - 1;
            // The peak, not the mean: a burst must stay visible however long the window.
            double peak = 0;
            for (size_t i = first; i <= last; ++i)
                peak = std::max(peak, m_samples[i].*value);
            points.append(QPointF(double(m_samples[last].at), peak / divisor));
            top = std::max(top, peak / divisor);
        }
        plot.series.at(s)->replace(points);
    }
    fitValueAxis(plot.valueAxis, top);
}

} // namespace wsm
