#include "chartaxes.h"

#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace wsm {

void fitValueAxis(QValueAxis *axis, double peak)
{
    const double top = std::max(1.0, peak * 1.1);
    // The finest round step that leaves at most four: more labels crowd a chart this low.
    constexpr double MaxSteps = 4;
    const double magnitude = std::pow(10.0, std::floor(std::log10(top / MaxSteps)));
    double step = 10 * magnitude;
    for (const double multiple : {1.0, 2.0, 5.0}) {
        if (top / (multiple * magnitude) <= MaxSteps) {
            step = multiple * magnitude;
            break;
        }
    }

    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    // Qt Charts lays out a label per tick the moment either value changes: a new range under the
    // old interval (or the other way round) can mean tens of thousands of labels for one frame, and
    // a frozen window. Change first whichever of the two keeps the tick count small.
    if (step >= axis->tickInterval()) {
        axis->setTickInterval(step);
        axis->setRange(0, top);
    } else {
        axis->setRange(0, top);
        axis->setTickInterval(step);
    }
    axis->setLabelFormat(step < 1 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
}

} // namespace wsm
