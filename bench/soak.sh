#!/usr/bin/env bash
# Soak: runs wsmonitor --headless for a set time under churn (connect, exchange a few echoed
# messages, close; a share of the clients vanish without a close frame, with an RST or a bare TCP
# close) plus a steady paced echo load, both from wsm_loadgen. Every second it samples the server's
# RSS and open descriptors (/proc) and sessions alive and clients connected (/metrics) into a CSV,
# and at the end prints the drift. It builds nothing and asserts no speed: it exits non-zero only
# when the server's descriptors did not come back to their baseline, sessions alive and clients
# connected differed persistently, or the server did not stop cleanly.

set -u -o pipefail

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

die() {
    echo "soak: $*" >&2
    exit 2
}

MINUTES=10
BUILD_DIR=./build
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) [ $# -ge 2 ] || die "--minutes needs a number."; MINUTES=$2; shift 2 ;;
        --minutes=*) MINUTES=${1#*=}; shift ;;
        --build-dir) [ $# -ge 2 ] || die "--build-dir needs a directory."; BUILD_DIR=$2; shift 2 ;;
        --build-dir=*) BUILD_DIR=${1#*=}; shift ;;
        --out) [ $# -ge 2 ] || die "--out needs a directory."; OUT=$2; shift 2 ;;
        --out=*) OUT=${1#*=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument '$1'; see --help." ;;
    esac
done
[[ $MINUTES =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk -v m="$MINUTES" 'BEGIN { exit !(m >= 0.5 && m <= 1440) }' \
    || die "--minutes must be a number between 0.5 and 1440; got '$MINUTES'."

WSMONITOR=$BUILD_DIR/app/wsmonitor
LOADGEN=$BUILD_DIR/bench/wsm_loadgen
for binary in "$WSMONITOR" "$LOADGEN"; do
    [ -x "$binary" ] || die "$binary is missing: build first (cmake --build $BUILD_DIR --target wsmonitor wsm_loadgen), or give --build-dir."
done
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

STARTED_PIDS=()
cleanup() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    sleep 0.5
    for pid in "${STARTED_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

forget() {
    local pid kept=()
    for pid in "${STARTED_PIDS[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
    STARTED_PIDS=("${kept[@]}")
}

progress() { echo "[$(date +%H:%M:%S)] $*" >&2; }
alive() { kill -0 "$1" 2>/dev/null; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

# A GET on 127.0.0.1:PORT over bash's /dev/tcp: no curl needed.
http_get() {
    timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3
cat <&3' "$1" "$2" 2>/dev/null
}

# "sessions clients pending" from one /metrics answer; empty when it could not be fetched.
metrics_triple() {
    http_get "$1" /metrics | awk '
        $1 == "wsmonitor_sessions_alive" { s = $2 }
        $1 == "wsmonitor_clients_connected" { c = $2 }
        $1 == "wsmonitor_handshakes_pending" { p = $2 }
        END { if (s != "" && c != "") print s, c, (p == "" ? 0 : p) }'
}

kv() { tr ' ' '\n' <<<"$2" | awk -F= -v key="$1" '$1 == key { print $2; exit }'; }

# Every client is a descriptor in the server and in the load generator.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

progress "output in $OUT; $MINUTES min of load, warm-up $WARMUP s"
"$WSMONITOR" --headless --listen 127.0.0.1:0 --quiet >"$OUT/server.out" 2>"$OUT/server.err" &
SERVER_PID=$!
STARTED_PIDS+=("$SERVER_PID")
PORT=""
for _ in $(seq 1 200); do
    PORT=$(sed -n 's|^listening on ws://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$OUT/server.out" 2>/dev/null | head -1)
    [ -n "$PORT" ] && break
    alive "$SERVER_PID" || break
    sleep 0.1
done
[ -n "$PORT" ] || die "wsmonitor did not start: $(tr '\n' ' ' <"$OUT/server.err")"
URL="ws://127.0.0.1:$PORT/"
# Wait until the metrics answer, then take the baseline before any client comes.
for _ in $(seq 1 50); do [ -n "$(metrics_triple "$PORT")" ] && break; sleep 0.1; done
sleep 1
BASE_FDS=$(fd_count "$SERVER_PID")
BASE_RSS=$(rss_kb "$SERVER_PID")
progress "wsmonitor pid $SERVER_PID on $URL; baseline $BASE_FDS fds, RSS $BASE_RSS KiB"

"$LOADGEN" echo --url "$URL" --clients "$ECHO_CLIENTS" --rate "$ECHO_RATE" --warmup 0 \
    --duration "$DURATION" --timeout $((DURATION + 60)) >"$OUT/echo.out" 2>"$OUT/echo.err" &
ECHO_PID=$!
STARTED_PIDS+=("$ECHO_PID")
"$LOADGEN" churn --url "$URL" --clients "$CHURN_CLIENTS" --concurrency "$CHURN_CLIENTS" --cycles 100000 \
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
    triple=$(metrics_triple "$PORT")
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
SERVER_RC=""
if alive "$SERVER_PID"; then
    kill -TERM "$SERVER_PID"
    for _ in $(seq 1 300); do alive "$SERVER_PID" || break; sleep 0.1; done
    if alive "$SERVER_PID"; then
        kill -KILL "$SERVER_PID" 2>/dev/null
        SERVER_RC=killed
    fi
fi
wait "$SERVER_PID" 2>/dev/null
rc=$?
[ -z "$SERVER_RC" ] && SERVER_RC=$rc
forget "$SERVER_PID"

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
