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

    axis->setRange(0, top);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setLabelFormat(step < 1 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
}

} // namespace wsm
