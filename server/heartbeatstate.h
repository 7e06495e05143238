#pragma once

#include "snapshot.h"

#include <QString>

namespace wsm {

// How a client answers the heartbeat, as the console's table and `wsmonitor ctl clients` show it
// (worst last, so it sorts by concern).
enum class HeartbeatState { Off, Ok, Late, Missing };

// Silence up to okUntilMs is ok, past missingAfterMs missing, late between: each state has room
// for every interval and timeout the settings allow.
struct HeartbeatThresholds
{
    qint64 okUntilMs = 0;
    qint64 missingAfterMs = 0;
};

HeartbeatThresholds heartbeatThresholds(int intervalMs, int timeoutMs);
// Judged at nowMs (a snapshot's takenAt) with the node's heartbeat interval and timeout (0 = off).
HeartbeatState heartbeatState(const SessionRow &row, qint64 nowMs, int intervalMs, int timeoutMs);
// "off", "ok", "late", "missing": for scripts, never translated.
QString heartbeatStateId(HeartbeatState state);

} // namespace wsm
