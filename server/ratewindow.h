#pragma once

#include <QtGlobal>

#include <array>
#include <cstddef>

namespace wsm {

// The one definition of a rate the console shows, for the totals and for every client alike: a
// count's growth since the youngest sample at least one second old, divided by the time the two
// samples were really taken apart. Counters are sampled once per snapshot tick (4 Hz).
//
// Why at least a second, and why measured: a single 250 ms interval holds two or three bursts of
// a client that sends ten messages every 100 ms, so it read 80 and 120 by turns for a steady 100.
// Over n bursts in a window of L >= 1 s, the reading is off by at most one burst in L: 10%. A late
// tick only makes the next window longer, never shorter than a second.
class RateWindow
{
public:
    static constexpr qint64 WindowMs = 1000;
    // Samples kept: a second at 4 Hz plus room for late and early ticks. Each client keeps two
    // counters per slot, so this is per-client memory.
    static constexpr int Slots = 6;

    struct Position
    {
        std::size_t writeSlot = 0;   // where this tick's samples go
        std::size_t compareSlot = 0; // the sample the rate is measured from
        qint64 windowMs = 0;         // how long ago that sample was taken
    };

    // Every slot starts as "zero at the start": a count since then until a second has passed.
    void restart(qint64 nowMs)
    {
        m_ticks = 0;
        m_tickTimesMs.fill(nowMs);
    }

    // Once per snapshot tick, with a steady clock.
    Position advance(qint64 nowMs)
    {
        Position position;
        position.writeSlot = slotBack(0);
        position.compareSlot = position.writeSlot; // the oldest, when none is a second old
        for (int back = 1; back < Slots; ++back) {
            const std::size_t slot = slotBack(back);
            if (nowMs - m_tickTimesMs[slot] >= WindowMs) {
                position.compareSlot = slot;
                break;
            }
        }
        position.windowMs = nowMs - m_tickTimesMs[position.compareSlot];
        m_tickTimesMs[position.writeSlot] = nowMs;
        ++m_ticks;
        return position;
    }

private:
    std::size_t slotBack(int back) const
    {
        return std::size_t((m_ticks + quint64(Slots) - quint64(back)) % quint64(Slots));
    }

    std::array<qint64, Slots> m_tickTimesMs{};
    quint64 m_ticks = 0;
};

// N counters sampled over a RateWindow: the server's totals, or one client's messages.
template<std::size_t N>
class RateSamples
{
public:
    using Counts = std::array<quint64, N>;
    using Rates = std::array<double, N>;

    void clear() { m_samples = {}; }

    // Rates per second over the position's window; `counts` become this tick's samples. A window
    // of 0 ms (two ticks in the same millisecond) keeps the last rates rather than divide by zero.
    Rates update(const RateWindow::Position &position, const Counts &counts, const Rates &lastRates)
    {
        const Counts &then = m_samples[position.compareSlot];
        Rates rates = lastRates;
        if (position.windowMs > 0) {
            for (std::size_t i = 0; i < N; ++i)
                rates[i] = double(counts[i] - then[i]) * 1000.0 / double(position.windowMs);
        }
        m_samples[position.writeSlot] = counts;
        return rates;
    }

private:
    std::array<Counts, RateWindow::Slots> m_samples{};
};

} // namespace wsm
