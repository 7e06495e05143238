#include "heartbeatstate.h"

#include <algorithm>

namespace wsm {

HeartbeatThresholds heartbeatThresholds(int intervalMs, int timeoutMs)
{
    // A healthy idle client answers each ping, so it is heard from once per interval; up to a second
    // of slack covers the round trip and the snapshot's own period. The slack is at most a third of
    // the time between the interval and the timeout, so "late" always has room before "missing"
    // (with a 1 s interval and a 3 s timeout, a fixed second of slack outlasted half the timeout).
    const qint64 gapMs = timeoutMs > intervalMs ? qint64(timeoutMs) - intervalMs : qint64(3000);
    HeartbeatThresholds thresholds;
    thresholds.okUntilMs = qint64(intervalMs) + std::min<qint64>(1000, gapMs / 3);
    // Silent past half the timeout, the reaper is near; when half the timeout comes before that, the
    // middle of what is left before the timeout.
    const qint64 reapAtMs = timeoutMs > 0 ? qint64(timeoutMs) : thresholds.okUntilMs + gapMs;
    thresholds.missingAfterMs = reapAtMs / 2 > thresholds.okUntilMs
        ? reapAtMs / 2
        : std::max(thresholds.okUntilMs + 1, thresholds.okUntilMs + (reapAtMs - thresholds.okUntilMs) / 2);
    return thresholds;
}

// Judged from the last thing received, because any inbound frame counts as life (the server reaps
// on the same silence), and from the pings in a row left unanswered.
HeartbeatState heartbeatState(const SessionRow &row, qint64 nowMs, int intervalMs, int timeoutMs)
{
    if (intervalMs <= 0)
        return HeartbeatState::Off;
    const qint64 silenceMs = nowMs - qMax(row.lastSeenAt, row.connectedAt);
    const HeartbeatThresholds thresholds = heartbeatThresholds(intervalMs, timeoutMs);
    // Checked first: a client heard from that recently is alive even when pings went unanswered.
    if (silenceMs <= thresholds.okUntilMs)
        return HeartbeatState::Ok;
    if (row.missedPings >= 2 || silenceMs > thresholds.missingAfterMs)
        return HeartbeatState::Missing;
    return HeartbeatState::Late;
}

QString heartbeatStateId(HeartbeatState state)
{
    switch (state) {
    case HeartbeatState::Off:
        return QStringLiteral("off");
    case HeartbeatState::Ok:
        return QStringLiteral("ok");
    case HeartbeatState::Late:
        return QStringLiteral("late");
    case HeartbeatState::Missing:
        return QStringLiteral("missing");
    }
    return {};
}

} // namespace wsm
