#pragma once

#include <QByteArray>

#include <cmath>

namespace wsm {

// A finite number as plain decimal text in the C locale: whole numbers without a fraction or an
// exponent, others with at most maxPlaces places and no trailing zeros. Read by people (ranges in
// messages) and by Prometheus alike, so never "1e+06" and never a locale's comma.
inline QByteArray decimalText(double value, int maxPlaces)
{
    if (value == std::trunc(value) && std::fabs(value) < 1e15)
        return QByteArray::number(qint64(value));
    QByteArray text = QByteArray::number(value, 'f', maxPlaces);
    while (text.endsWith('0'))
        text.chop(1);
    if (text.endsWith('.'))
        text.chop(1);
    return text;
}

} // namespace wsm
