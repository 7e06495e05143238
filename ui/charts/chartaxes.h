#pragma once

class QValueAxis;

namespace wsm {

// Fits a value axis to the data: from 0 to 10 % above the peak (at least 1), with grid lines at
// round steps (1, 2 or 5 times a power of ten), so the labels read 0, 50, 100, 150 rather than
// 0, 82, 164.
void fitValueAxis(QValueAxis *axis, double peak);

} // namespace wsm
