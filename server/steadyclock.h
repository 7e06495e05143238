#pragma once

#include <QDateTime>

#include <chrono>

namespace wsm {

// Deadlines and rates use the monotonic clock (wall-clock jumps must not reap clients); people and
// CSV files see wall-clock times, converted only when a snapshot or event is made.
inline qint64 steadyNowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

inline qint64 steadyNowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

// Wall-clock ms since the epoch of a steady-clock instant in the past (or now).
inline qint64 steadyToEpochMs(qint64 steadyMs)
{
    return QDateTime::currentMSecsSinceEpoch() - (steadyNowMs() - steadyMs);
}

} // namespace wsm
