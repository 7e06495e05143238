#!/usr/bin/env bash
# Soak: runs wsmonitor --headless for a set time under churn (connect, exchange a few echoed
# messages, close; a share of the clients vanish without a close frame, with an RST or a bare TCP
# close) plus a steady paced echo load, both from wsm_loadgen. Every second it samples the server's
# RSS and open descriptors (/proc) and sessions alive and clients connected (/metrics) into a CSV,
# and at the end prints the drift. It builds nothing and asserts no speed: it exits non-zero only
# when the server's descriptors did not come back to their baseline, sessions alive and clients
# connected differed persistently, or the server did not stop cleanly.

set -u -o pipefail

BENCH_NAME=soak
# shellcheck source=benchlib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/benchlib.sh" || { echo "$BENCH_NAME: cannot read benchlib.sh" >&2; exit 2; }

usage() {
    cat <<'EOF'
Usage: bench/soak.sh [--minutes N] [--build-dir DIR] [--out DIR]

  --minutes N      how long the load runs, 0.5-1440 (fractions allowed); default 10
  --build-dir DIR  the build directory with app/wsmonitor and bench/wsm_loadgen (default ./build)
  --out DIR        where samples.csv and the processes' logs go (created; default a new
                   directory under ${TMPDIR:-/tmp})

Load: churn of 50 clients per cycle (each exchanges 3 echoed messages; 20% vanish without a
close frame, half with a reset, half with a bare TCP close) with 0.2 s between cycles, and 10
clients echoing 500 messages/s in all, on 127.0.0.1 only. Samples once a second.
Output: samples.csv (second, phase, rss_kib, fds, sessions_alive, clients_connected,
handshakes_pending) and the logs of the server and both load generators.
Exit codes: 0 no drift found; 1 descriptors did not return, a persistent sessions/clients mismatch,
or an unclean server stop; 2 bad command line or missing binaries.
EOF
}

MINUTES=10
OUT=""
SHARED_OPTIONS="--build-dir"
own_option() {
    case "$1" in
        --minutes|--minutes=*) option_value MINUTES "a number" "$@" ;;
        --out|--out=*) option_value OUT "a directory" "$@" ;;
        *) return 1 ;;
    esac
}
parse_options "$@"
[[ $MINUTES =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk -v m="$MINUTES" 'BEGIN { exit !(m >= 0.5 && m <= 1440) }' \
    || die "--minutes must be a number between 0.5 and 1440; got '$MINUTES'."

require_binaries " --target wsmonitor wsm_loadgen" WSMONITOR LOADGEN
if [ -z "$OUT" ]; then
    OUT=$(mktemp -d "${TMPDIR:-/tmp}/wsm-soak.XXXXXX") || die "cannot make an output directory."
else
    mkdir -p "$OUT" || die "cannot make $OUT."
fi
CSV=$OUT/samples.csv

DURATION=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 + 0.5 }')
# Warm-up: the allocator's high-water mark rises over the first cycles, which is not growth.
WARMUP=$(awk -v d="$DURATION" 'BEGIN { w = d / 10; if (w < 60 && d >= 300) w = 60; printf "%d", w < 1 ? 1 : w }')
CHURN_CLIENTS=50
CHURN_EXCHANGE=3
CHURN_DROP_PERCENT=20
CHURN_PAUSE=0.2
ECHO_CLIENTS=10
ECHO_RATE=500
# After the load stops: sessions go with deleteLater() and sockets close; give them this long.
SETTLE_SECONDS=30

trap_cleanup

# "sessions clients pending" from one /metrics answer; empty when it could not be fetched.
metrics_triple() {
    http_get "$1" /metrics | awk '
        $1 == "wsmonitor_sessions_alive" { s = $2 }
        $1 == "wsmonitor_clients_connected" { c = $2 }
        $1 == "wsmonitor_handshakes_pending" { p = $2 }
        END { if (s != "" && c != "") print s, c, (p == "" ? 0 : p) }'
}

# Every client is a descriptor in the server and in the load generator.
raise_fd_limit

progress "output in $OUT; $MINUTES min of load, warm-up $WARMUP s"
launch_server wsmonitor "$OUT/server" "$WSMONITOR" --headless --listen 127.0.0.1:0 --quiet || exit 2
# Wait until the metrics answer, then take the baseline before any client comes.
wait_for_metrics
BASE_FDS=$(fd_count "$SERVER_PID")
BASE_RSS=$(rss_kb "$SERVER_PID")
progress "wsmonitor pid $SERVER_PID on $SERVER_URL; baseline $BASE_FDS fds, RSS $BASE_RSS KiB"

"$LOADGEN" echo --url "$SERVER_URL" --clients "$ECHO_CLIENTS" --rate "$ECHO_RATE" --warmup 0 \
    --duration "$DURATION" --timeout $((DURATION + 60)) >"$OUT/echo.out" 2>"$OUT/echo.err" &
ECHO_PID=$!
STARTED_PIDS+=("$ECHO_PID")
"$LOADGEN" churn --url "$SERVER_URL" --clients "$CHURN_CLIENTS" --concurrency "$CHURN_CLIENTS" --cycles 100000 \
    --exchange "$CHURN_EXCHANGE" --drop-percent "$CHURN_DROP_PERCENT" --pause "$CHURN_PAUSE" \
    --duration "$DURATION" --timeout $((DURATION + 60)) >"$OUT/churn.out" 2>"$OUT/churn.err" &
CHURN_PID=$!
STARTED_PIDS+=("$CHURN_PID")

echo "second,phase,rss_kib,fds,sessions_alive,clients_connected,handshakes_pending" >"$CSV"
START_EPOCH=$EPOCHREALTIME
elapsed() { awk -v a="$START_EPOCH" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", b - a }'; }
MISMATCHES=0        # samples where the two differ
PERSISTENT=0        # of those, the ones whose previous sample differed too
PREVIOUS_DIFFERED=0
RSS_AFTER_WARMUP=""
PEAK_RSS=0
LOAD_ENDED_AT=""
SETTLED=0
MISSED=0
# One sample a second while the load runs, then until the server is back to its baseline (or the
# settle time runs out). The descriptors are read before /metrics, whose own connection is one.
while :; do
    now=$(elapsed)
    if [ -z "$LOAD_ENDED_AT" ] && ! alive "$ECHO_PID" && ! alive "$CHURN_PID"; then
        LOAD_ENDED_AT=$now
        progress "load finished after $now s; waiting up to $SETTLE_SECONDS s for the server to settle"
    fi
    phase=load
    [ -n "$LOAD_ENDED_AT" ] && phase=settle
    alive "$SERVER_PID" || { progress "wsmonitor died during the soak"; break; }
    rss=$(rss_kb "$SERVER_PID")
    fds=$(fd_count "$SERVER_PID")
    triple=$(metrics_triple "$SERVER_PORT")
    if [ -z "$triple" ] || [ -z "$rss" ]; then
        MISSED=$((MISSED + 1))
        PREVIOUS_DIFFERED=0
    else
        read -r sessions clients pending <<<"$triple"
        echo "$now,$phase,$rss,$fds,$sessions,$clients,$pending" >>"$CSV"
        [ "$rss" -gt "$PEAK_RSS" ] && PEAK_RSS=$rss
        if [ "$phase" = load ] && [ -z "$RSS_AFTER_WARMUP" ] && [ "$now" -ge "$WARMUP" ]; then
            RSS_AFTER_WARMUP=$rss
        fi
        if [ "$sessions" != "$clients" ]; then
            MISMATCHES=$((MISMATCHES + 1))
            [ "$PREVIOUS_DIFFERED" = 1 ] && PERSISTENT=$((PERSISTENT + 1))
            PREVIOUS_DIFFERED=1
        else
            PREVIOUS_DIFFERED=0
        fi
        if [ -n "$LOAD_ENDED_AT" ] && [ "$fds" -le "$BASE_FDS" ] && [ "$sessions" = 0 ] && [ "$clients" = 0 ]; then
            SETTLED=1
            break
        fi
    fi
    if [ -n "$LOAD_ENDED_AT" ] && [ $((now - LOAD_ENDED_AT)) -ge "$SETTLE_SECONDS" ]; then
        break
    fi
    # A load generator stuck past its own --timeout is a bug there, not here: stop sampling then.
    if [ "$now" -gt $((DURATION + 120)) ] && [ -z "$LOAD_ENDED_AT" ]; then
        progress "the load generators ran past their timeout; stopping them"
        kill -TERM "$ECHO_PID" "$CHURN_PID" 2>/dev/null
    fi
    # On the next whole second since the start: a slow sample skips a second rather than
    # shifting every later one.
    sleep "$(awk -v a="$START_EPOCH" -v b="$EPOCHREALTIME" 'BEGIN { e = b - a; printf "%.3f", int(e) + 1 - e }')"
done
END_FDS=$(fd_count "$SERVER_PID")
END_RSS=$(rss_kb "$SERVER_PID")
LOAD_RSS=$(awk -F, '$2 == "load" { r = $3 } END { print r }' "$CSV")
SAMPLES=$(($(wc -l <"$CSV") - 1))
wait "$ECHO_PID" 2>/dev/null; ECHO_RC=$?; forget "$ECHO_PID"
wait "$CHURN_PID" 2>/dev/null; CHURN_RC=$?; forget "$CHURN_PID"

# The server's ordered stop: SIGTERM, exit 0 expected within its drain timeout and a margin.
stop_process "$SERVER_PID" 300
SERVER_RC=$STOPPED_RC

CHURN_LINE=$(grep -m1 '^mode=' "$OUT/churn.out")
ECHO_LINE=$(grep -m1 '^mode=' "$OUT/echo.out")
CONNECTS=$(kv connects "$CHURN_LINE")
DROPPED=$(kv dropped "$CHURN_LINE")
CLEAN=$(kv closed_cleanly "$CHURN_LINE")
EXCHANGED=$(kv exchanged "$CHURN_LINE")
CYCLES=$(kv cycles_done "$CHURN_LINE")
CHURN_FAILED=$(kv failed "$CHURN_LINE")
CHURN_LOST=$(kv lost "$CHURN_LINE")
ECHO_SENT=$(kv sent "$ECHO_LINE")
ECHO_LOST=$(kv lost "$ECHO_LINE")
ECHO_WRONG=$(kv wrong_size "$ECHO_LINE")

growth() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == 0) print "-"; else printf "%+d KiB (%+.1f%%)", b - a, (b - a) * 100 / a }'; }

echo
echo "wsmonitor soak: $MINUTES min, $(date '+%Y-%m-%d %H:%M'), $(nproc) cores; samples in $CSV ($SAMPLES taken, $MISSED missed)"
echo "load: churn of $CHURN_CLIENTS clients per cycle ($CHURN_EXCHANGE echoed messages each, $CHURN_DROP_PERCENT% vanish without a close frame, ${CHURN_PAUSE} s pause), $ECHO_CLIENTS echo clients at $ECHO_RATE msg/s"
echo "churn: ${CYCLES:--} cycles, ${CONNECTS:--} connects, ${CLEAN:--} closed cleanly, ${DROPPED:--} dropped (half RST, half FIN), ${EXCHANGED:--} echoes, ${CHURN_FAILED:--} failed to connect, ${CHURN_LOST:--} lost (exit $CHURN_RC)"
echo "echo: ${ECHO_SENT:--} messages sent, ${ECHO_WRONG:--} wrong size, ${ECHO_LOST:--} clients lost (exit $ECHO_RC)"
echo "RSS: baseline $BASE_RSS KiB; after the $WARMUP s warm-up ${RSS_AFTER_WARMUP:--} KiB; at the end of the load ${LOAD_RSS:--} KiB; peak $PEAK_RSS KiB; after settling ${END_RSS:--} KiB"
echo "RSS growth after warm-up (to the end of the load): $(growth "${RSS_AFTER_WARMUP:-}" "${LOAD_RSS:-}")"
FAIL=0
if [ "$SETTLED" = 1 ]; then
    echo "fds: $BASE_FDS at start, $END_FDS after the load stopped: back to baseline (sessions alive 0, clients 0)"
else
    echo "fds: $BASE_FDS at start, ${END_FDS:--} $SETTLE_SECONDS s after the load stopped: NOT back to baseline (or sessions left; see the CSV's last rows)"
    FAIL=1
fi
echo "sessions alive != clients connected: $MISMATCHES of $SAMPLES samples; in two samples in a row: $PERSISTENT (a single sample can catch a session between its end and its deferred delete, so, as in the console, only a difference seen twice in a row counts)"
[ "$PERSISTENT" -gt 0 ] && FAIL=1
if [ "$SERVER_RC" = 0 ]; then
    echo "server stop: SIGTERM, exit 0"
else
    echo "server stop: SIGTERM, exit $SERVER_RC (expected 0)"
    FAIL=1
fi
if [ "$FAIL" = 0 ]; then echo "result: no drift found"; else echo "result: DRIFT (see above)"; fi
exit "$FAIL"
