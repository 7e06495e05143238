#pragma once

#include "snapshot.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <deque>

class QChart;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace wsm {

// Three small charts stacked: clients connected; messages per second in and out; bytes per second
// in and out. Fed one sample per snapshot; holds only the rolling window (the server keeps the
// totals, the charts only show the recent past).
class TrafficCharts : public QWidget
{
    Q_OBJECT

public:
    explicit TrafficCharts(QWidget *parent = nullptr);

    void addSample(qint64 takenAtMs, const ServerTotals &totals); // one per snapshot
    void setWindowSeconds(int seconds); // rolling window length, 10..3600
    int windowSeconds() const { return m_windowSeconds; }
    // Paused: samples are still kept, the charts do not move.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void clear(); // a new server start
    int sampleCount() const { return int(m_samples.size()); }

    static constexpr int MinimumWindowSeconds = 10;
    static constexpr int MaximumWindowSeconds = 3600;

private:
    struct Sample
    {
        qint64 at = 0;
        double clients = 0;
        double messagesIn = 0;
        double messagesOut = 0;
        double bytesIn = 0;
        double bytesOut = 0;
    };

    struct Plot
    {
        QChart *chart = nullptr;
        QDateTimeAxis *timeAxis = nullptr;
        QValueAxis *valueAxis = nullptr;
        QList<QLineSeries *> series;
    };

    Plot addPlot(const QString &valueTitle, const QStringList &seriesNames);
    void trim();
    void redraw();
    // One series per value of a sample; divisor scales the values (bytes to KiB, ...).
    void drawPlot(const Plot &plot, const QList<double Sample::*> &values, double divisor);

    std::deque<Sample> m_samples; // oldest first; bounded by the window (see trim())
    int m_windowSeconds = 300;
    bool m_paused = false;
    QLabel *m_pausedLabel;
    Plot m_clientsPlot;
    Plot m_messagesPlot;
    Plot m_bytesPlot;
};

} // namespace wsm
