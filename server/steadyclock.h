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

// Wall-clock times of steady-clock instants by one offset between the two clocks, so that the same
// instant converted at two moments reads the same. Each clock rounds to a millisecond on its own:
// an offset taken anew at each conversion wobbles by one, and every idle client's "last seen" would
// change at every snapshot (and cross the admin link as a change). The offset is taken again only
// when the wall clock has moved more than StepMs against it: it was set, or the machine slept.
class EpochClock
{
public:
    static constexpr qint64 StepMs = 100;

    // The wall-clock time of the steady instant steadyMs, given both clocks read now.
    qint64 follow(qint64 steadyMs, qint64 wallMs)
    {
        if (!m_set || qAbs(wallMs - (steadyMs + m_offsetMs)) > StepMs) {
            m_offsetMs = wallMs - steadyMs;
            m_set = true;
        }
        return steadyMs + m_offsetMs;
    }
    qint64 follow(qint64 steadyMs) { return follow(steadyMs, QDateTime::currentMSecsSinceEpoch()); }

private:
    qint64 m_offsetMs = 0;
    bool m_set = false;
};

} // namespace wsm
