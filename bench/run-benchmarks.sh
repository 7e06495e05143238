#!/usr/bin/env bash
# Measures wsmonitor against a bare QWebSocketServer echo server (wsm_baseline) on this machine,
# with the project's own load generator (wsm_loadgen), and prints one table of medians.
# It builds nothing: point it at a build directory that has app/wsmonitor, bench/wsm_loadgen and
# bench/wsm_baseline. Every process it starts is stopped when it exits, whatever the reason.
# It measures and never asserts: a figure that could not be taken shows as "-".

set -u -o pipefail

BENCH_NAME="run-benchmarks"
# shellcheck source=benchlib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/benchlib.sh" || { echo "$BENCH_NAME: cannot read benchlib.sh" >&2; exit 2; }

usage() {
    cat <<'EOF'
Usage: bench/run-benchmarks.sh [--build-dir DIR] [--repeat N] [--quick] [--idle N]
                               [--wsmonitor-args "ARGS"] [--results FILE] [--keep-logs]

  --build-dir DIR          the build directory (default ./build)
  --repeat N               runs of every figure; the table shows medians (1-20, default 3; --quick: 1)
  --quick                  a smoke run with small numbers (1,000 idle clients, short windows)
  --idle N                 idle clients held for the idle-client figures (100-100000; default
                           10000, --quick 1000); also the size of the storm and silent runs
  --wsmonitor-args "ARGS"  extra arguments for every wsmonitor start, after the script's own, e.g.
                           "--event-dispatcher qt"; also taken from WSM_BENCH_WSMONITOR_ARGS
  --results FILE           also write every raw result line to FILE
  --keep-logs              keep the work directory with every process's output

Figures, each for wsmonitor --headless and for wsm_baseline:
  echo msg/s and p50/p99 latency, without and with the idle clients held
  ping-pong round trips/s and p50/p99, without and with the idle clients held
  a storm of N connects at once: time until all are upgraded, failures
  RSS per idle client (VmRSS before and after holding N, divided by N)
  heap and RSS growth over 10 churn cycles of 1,000 clients, after 10 warm-up cycles (heap: wsmonitor
    only, from /metrics)
  heartbeat reaping of N silent clients (wsmonitor only, --heartbeat-interval 1 --heartbeat-timeout 3):
    the worst client's delay after its timeout (its last byte + 3 s), and the time from the last
    client's timeout until all are closed
  with the console open under Xvfb: echo msg/s with N idle clients as rows, and the GUI thread's
    CPU share over that echo run (skipped while the console is not built)
EOF
}

REPEAT=""
QUICK=0
IDLE=""
SHARED_OPTIONS="--build-dir --repeat --wsmonitor-args --results --keep-logs"
own_option() {
    case "$1" in
        --quick) QUICK=1 ;;
        --idle|--idle=*) option_value IDLE "a number" "$@" ;;
        *) return 1 ;;
    esac
}
parse_options "$@"

if [ -z "$REPEAT" ]; then
    if [ "$QUICK" = 1 ]; then REPEAT=1; else REPEAT=3; fi
fi
whole_in_range --repeat "$REPEAT" 1 20
if [ -z "$IDLE" ]; then
    if [ "$QUICK" = 1 ]; then IDLE=1000; else IDLE=10000; fi
fi
whole_in_range --idle "$IDLE" 100 100000
read -r -a EXTRA_ARGS <<<"$WSMONITOR_ARGS"

# The figures' sizes. Echo: enough clients and messages on the way to keep the server busy.
ECHO_CLIENTS=50
ECHO_INFLIGHT=2
MESSAGE_SIZE=128
STORM=$IDLE
SILENT=$IDLE
HEARTBEAT_INTERVAL=1
# Churn measures memory, not connect speed: no more upgrades at once than the baseline's listen
# backlog (Qt's 50) takes, so that dropped SYNs and their retransmits do not stretch the run.
CHURN_CONCURRENCY=50
HEARTBEAT_TIMEOUT=3
if [ "$QUICK" = 1 ]; then
    WARMUP=0.5; DURATION=1.5
    CHURN_CLIENTS=200; CHURN_CYCLES=3
    STORM_TIMEOUT=20
else
    WARMUP=1; DURATION=3
    CHURN_CLIENTS=1000; CHURN_CYCLES=10
    STORM_TIMEOUT=40
fi
# Each echo or ping-pong run: connect, warm up, measure, with room for a slow connect.
MEASURE_TIMEOUT=$(awk -v w="$WARMUP" -v d="$DURATION" 'BEGIN { printf "%d", w + d + 60 }')

require_binaries "" WSMONITOR LOADGEN BASELINE

# Every client is a descriptor on both ends: N idle clients need N in the load generator and N in
# the server, each within its own limit.
NEEDED=$((IDLE + ECHO_CLIENTS + 200))
raise_fd_limit "$NEEDED" || die "ulimit -n is $SOFT_LIMIT (hard $HARD_LIMIT), but $IDLE idle clients need about $NEEDED descriptors in each of the load generator and the server ($((2 * NEEDED)) on this machine in all). Use a smaller --idle, or raise the hard limit (e.g. in /etc/security/limits.conf) and log in again."

make_work_dir wsm-bench
trap_cleanup
RESULT_TAG=SERVER_KIND

SERVER_KIND=""
SERVER_SEQ=0

# start_server wsmonitor|baseline [wsmonitor arguments...]: a fresh server on a free port. The
# baseline takes no options: the arguments are for wsmonitor only.
start_server() {
    local kind=$1
    shift
    SERVER_SEQ=$((SERVER_SEQ + 1))
    SERVER_KIND=$kind
    if [ "$kind" = wsmonitor ]; then
        launch_server "$kind" "$WORK/server-$SERVER_SEQ" "$WSMONITOR" --headless --quiet --listen 127.0.0.1:0 \
            --heartbeat-interval 0 --max-connections $((IDLE + ECHO_CLIENTS + 1000)) "$@" "${EXTRA_ARGS[@]}"
    else
        launch_server "$kind" "$WORK/server-$SERVER_SEQ" "$BASELINE" --listen 127.0.0.1:0
    fi
}

# Waits until the server has no more descriptors than it had idle (every client gone), at most 60 s.
wait_server_settled() {
    local base=$1
    for _ in $(seq 1 600); do
        [ "$(fd_count "$SERVER_PID")" -le $((base + 2)) ] && return 0
        sleep 0.1
    done
    warn "$SERVER_KIND still had $(fd_count "$SERVER_PID") descriptors after 60 s (idle: $base)"
    return 1
}

# Records the rate, p50 and p99 of the last echo or ping-pong run as FIGURE_rate, FIGURE_p50 and
# FIGURE_p99 (with SUFFIX), unless a client failed or was lost on the way.
record_measured() {
    local figure=$1 rate_key=$2 suffix=$3
    line_clean || return 0
    record "${figure}_rate$suffix" "$SERVER_KIND" "$(kv "$rate_key" "$LINE")"
    record "${figure}_p50$suffix" "$SERVER_KIND" "$(kv p50_ms "$LINE")"
    record "${figure}_p99$suffix" "$SERVER_KIND" "$(kv p99_ms "$LINE")"
}

# echo and ping-pong on the current server; SUFFIX "" or "_idle" names the figures.
measure_echo_and_pingpong() {
    local suffix=$1
    run_echo
    record_measured echo msg_per_s "$suffix"
    run_loadgen pingpong --url "$SERVER_URL" --size "$MESSAGE_SIZE" --warmup "$WARMUP" --duration "$DURATION" \
        --timeout "$MEASURE_TIMEOUT"
    record_measured pp round_trips_per_s "$suffix"
}

# Echo and ping-pong without and with N idle clients, and RSS per idle client.
run_idle_group() {
    local kind=$1 before after
    progress "$kind: echo and ping-pong, then $IDLE idle clients"
    start_server "$kind" || return
    measure_echo_and_pingpong ""
    before=$(rss_kb "$SERVER_PID")
    if start_hold "$IDLE" && [ "$HELD" -gt 0 ]; then
        after=$(rss_kb "$SERVER_PID")
        record rss_per_idle "$kind" "$(awk -v a="$after" -v b="$before" -v n="$HELD" 'BEGIN { printf "%.2f", (a - b) / n }')"
        progress "$kind: $HELD idle clients held; echo and ping-pong again"
        measure_echo_and_pingpong "_idle"
    fi
    stop_hold
    stop_server
}

run_storm() {
    local kind=$1
    progress "$kind: storm of $STORM connects"
    start_server "$kind" || return
    run_loadgen storm --url "$SERVER_URL" --clients "$STORM" --timeout "$STORM_TIMEOUT"
    if [ -n "$LINE" ]; then
        record storm_ms "$kind" "$(kv storm_ms "$LINE")"
        record storm_failed "$kind" "$(kv failed "$LINE")"
    fi
    stop_server
}

# Waits until wsmonitor's /metrics shows no session object left (they go with deleteLater()), at most 30 s.
wait_sessions_gone() {
    for _ in $(seq 1 300); do
        [ "$(metric "$SERVER_PORT" wsmonitor_sessions_alive)" = 0 ] && return 0
        sleep 0.1
    done
    warn "wsmonitor still had $(metric "$SERVER_PORT" wsmonitor_sessions_alive) sessions alive after 30 s"
    return 1
}

# The churn cycles, then until the server is back to BASE descriptors and, for wsmonitor, no
# session object is left.
churn_and_settle() {
    run_loadgen churn --url "$SERVER_URL" --clients "$CHURN_CLIENTS" --cycles "$CHURN_CYCLES" \
        --concurrency "$CHURN_CONCURRENCY" --timeout 600
    wait_server_settled "$1"
    [ "$SERVER_KIND" = wsmonitor ] && wait_sessions_gone
    return 0
}

# Heap and RSS growth over the churn cycles, after as many warm-up cycles: the allocator's high
# water mark keeps rising for the first few cycles (measured: RSS flat within 3% from cycle 10 to
# 50), and that is not growth.
run_churn() {
    local kind=$1 base heap_before heap_after rss_before rss_after
    progress "$kind: churn, $CHURN_CYCLES warm-up and $CHURN_CYCLES measured cycles of $CHURN_CLIENTS clients"
    start_server "$kind" || return
    base=$(fd_count "$SERVER_PID")
    churn_and_settle "$base"
    rss_before=$(rss_kb "$SERVER_PID")
    [ "$kind" = wsmonitor ] && heap_before=$(metric "$SERVER_PORT" wsmonitor_process_heap_bytes)
    churn_and_settle "$base"
    if [ -n "$LINE" ] && [ "$(kv cycles_done "$LINE")" = "$CHURN_CYCLES" ]; then
        rss_after=$(rss_kb "$SERVER_PID")
        record churn_rss_growth "$kind" "$((rss_after - rss_before))"
        if [ "$kind" = wsmonitor ]; then
            heap_after=$(metric "$SERVER_PORT" wsmonitor_process_heap_bytes)
            if [ -n "${heap_before:-}" ] && [ -n "$heap_after" ]; then
                record churn_heap_growth "$kind" "$(awk -v a="$heap_after" -v b="$heap_before" 'BEGIN { printf "%.1f", (a - b) / 1024 }')"
            else
                warn "wsmonitor's /metrics has no wsmonitor_process_heap_bytes"
            fi
        fi
    fi
    stop_server
}

run_reaping() {
    progress "wsmonitor: heartbeat reaping of $SILENT silent clients"
    start_server wsmonitor --heartbeat-interval "$HEARTBEAT_INTERVAL" --heartbeat-timeout "$HEARTBEAT_TIMEOUT" || return
    run_loadgen silent --url "$SERVER_URL" --clients "$SILENT" --server-timeout "$HEARTBEAT_TIMEOUT" --timeout 300
    if [ -n "$LINE" ] && [ "$(kv still_open "$LINE")" = 0 ] && [ "$(kv closed_by_server "$LINE")" -gt 0 ]; then
        record reap_ms wsmonitor "$(kv reap_max_ms "$LINE")"
        record reap_all_ms wsmonitor "$(kv all_closed_after_ms "$LINE")"
    fi
    stop_server
}

GUI_SKIPPED=""
# The console under Xvfb with N idle clients as rows: echo msg/s and the GUI thread's CPU share.
run_console() {
    local port pidfile=$WORK/console.pid out=$WORK/console.out err=$WORK/console.err group gui_pid
    local ticks_before ticks_after wall_before wall_after hz
    [ -n "$GUI_SKIPPED" ] && return
    if ! command -v xvfb-run >/dev/null; then
        GUI_SKIPPED="xvfb-run not installed"
        progress "console: skipped ($GUI_SKIPPED)"
        return
    fi
    port=$(free_port) || { progress "console: skipped this run (no free port)"; return; }
    progress "console: under Xvfb on port $port"
    SERVER_KIND=console
    rm -f "$pidfile"
    # The shell writes its own pid, then becomes wsmonitor: the GUI thread's id is that pid. Its
    # own settings directory: saved console settings neither shape the run nor get overwritten.
    XDG_CONFIG_HOME=$WORK/console-config setsid xvfb-run -a sh -c 'echo $$ >"$0"; exec "$@"' "$pidfile" \
        "$WSMONITOR" --start --listen "127.0.0.1:$port" --heartbeat-interval 0 \
        --max-connections $((IDLE + ECHO_CLIENTS + 1000)) "${EXTRA_ARGS[@]}" >"$out" 2>"$err" &
    group=$!
    STARTED_GROUPS+=("$group")
    for _ in $(seq 1 300); do
        # Before the console existed, --start was unknown or wsmonitor fell back to headless.
        if grep -q -e 'no console window' -e "Unknown option '--start'" "$err" 2>/dev/null; then
            GUI_SKIPPED="console not built"
        elif grep -q 'No display found' "$err" 2>/dev/null; then
            GUI_SKIPPED="no display under xvfb-run"
        elif ! alive "$group"; then
            GUI_SKIPPED="the console exited: $(head -c 200 "$err" | tr '\n' ' ')"
        elif http_get "$port" /healthz | grep -q '^ok'; then
            break
        fi
        [ -n "$GUI_SKIPPED" ] && break
        sleep 0.1
    done
    if [ -z "$GUI_SKIPPED" ] && ! [ -s "$pidfile" ]; then
        GUI_SKIPPED="the console did not listen on port $port within 30 s"
    fi
    if [ -n "$GUI_SKIPPED" ]; then
        progress "console: skipped ($GUI_SKIPPED)"
        kill -TERM -- "-$group" 2>/dev/null
        wait "$group" 2>/dev/null
        forget "$group"
        return
    fi
    gui_pid=$(cat "$pidfile")
    SERVER_PID=$gui_pid
    SERVER_URL="ws://127.0.0.1:$port/"
    if start_hold "$IDLE" && [ "$HELD" -gt 0 ]; then
        # Let the table take in every row before the measured run.
        sleep 2
        hz=$(getconf CLK_TCK)
        ticks_before=$(thread_ticks "$gui_pid" "$gui_pid")
        wall_before=$EPOCHREALTIME
        run_echo
        wall_after=$EPOCHREALTIME
        ticks_after=$(thread_ticks "$gui_pid" "$gui_pid")
        if [ -n "$LINE" ] && [ "$(kv failed "$LINE")" = 0 ]; then
            record console_echo_rate wsmonitor "$(kv msg_per_s "$LINE")"
        fi
        if [ -n "$ticks_before" ] && [ -n "$ticks_after" ]; then
            record console_gui_cpu wsmonitor "$(awk -v a="$ticks_after" -v b="$ticks_before" -v hz="$hz" \
                -v t0="$wall_before" -v t1="$wall_after" 'BEGIN { printf "%.1f", 100 * (a - b) / hz / (t1 - t0) }')"
        fi
    fi
    stop_hold
    SERVER_PID=""
    kill -TERM "$gui_pid" 2>/dev/null
    for _ in $(seq 1 100); do
        alive "$group" || break
        sleep 0.1
    done
    kill -KILL -- "-$group" 2>/dev/null
    wait "$group" 2>/dev/null
    forget "$group"
}

# Row: figure key | label | decimals | the no-idle figure it compares with ("" for none) | servers
print_row() {
    local key=$1 label=$2 decimals=$3 plain=$4 servers=$5
    local w=- b=- w_idle=- b_idle=-
    w=$(value_of "$key" wsmonitor)
    [ "$servers" = both ] && b=$(value_of "$key" baseline)
    if [ -n "$plain" ]; then
        w_idle=$(ratio "$w" "$(value_of "$plain" wsmonitor)")
        [ "$servers" = both ] && b_idle=$(ratio "$b" "$(value_of "$plain" baseline)")
    fi
    printf '| %-52s | %12s | %12s | %8s | %10s | %10s |\n' "$label" "$(format_value "$w" "$decimals")" \
        "$(format_value "$b" "$decimals")" "$(ratio "$w" "$b")" "$w_idle" "$b_idle"
}

RUN_START=$EPOCHREALTIME
self_test_loadgen
progress "work directory $WORK; $REPEAT run(s); $IDLE idle clients; wsmonitor extra arguments: ${WSMONITOR_ARGS:-none}"

for run in $(seq 1 "$REPEAT"); do
    progress "run $run of $REPEAT"
    for kind in wsmonitor baseline; do
        run_idle_group "$kind"
        run_storm "$kind"
        run_churn "$kind"
    done
    run_reaping
    run_console
done

WALL=$(seconds_since "$RUN_START")
N=$(thousands "$IDLE")
echo
echo "wsmonitor benchmarks: medians of $REPEAT run(s), $(date '+%Y-%m-%d %H:%M'), $(nproc) cores, wall time ${WALL} s"
echo "wsmonitor extra arguments: ${WSMONITOR_ARGS:-none}; echo: $ECHO_CLIENTS clients, $MESSAGE_SIZE-byte binary messages, $ECHO_INFLIGHT in flight each, ${DURATION} s after ${WARMUP} s warm-up"
echo
printf '| %-52s | %12s | %12s | %8s | %10s | %10s |\n' figure wsmonitor baseline "w/b" "w idle/0" "b idle/0"
table_rule 52 12 12 8 10 10
print_row echo_rate "echo msg/s" 0 "" both
print_row echo_p50 "echo p50 ms" 3 "" both
print_row echo_p99 "echo p99 ms" 3 "" both
print_row echo_rate_idle "echo msg/s, $N idle clients" 0 echo_rate both
print_row echo_p50_idle "echo p50 ms, $N idle clients" 3 echo_p50 both
print_row echo_p99_idle "echo p99 ms, $N idle clients" 3 echo_p99 both
print_row pp_rate "ping-pong round trips/s" 0 "" both
print_row pp_p50 "ping-pong p50 ms" 3 "" both
print_row pp_p99 "ping-pong p99 ms" 3 "" both
print_row pp_rate_idle "ping-pong round trips/s, $N idle clients" 0 pp_rate both
print_row pp_p50_idle "ping-pong p50 ms, $N idle clients" 3 pp_p50 both
print_row pp_p99_idle "ping-pong p99 ms, $N idle clients" 3 pp_p99 both
print_row storm_ms "storm of $N connects: ms until all upgraded" 0 "" both
print_row storm_failed "storm of $N connects: failures" 0 "" both
print_row rss_per_idle "RSS per idle client, KiB ($N held)" 2 "" both
print_row churn_heap_growth "heap growth, $CHURN_CYCLES churn cycles of $CHURN_CLIENTS, KiB" 1 "" wsmonitor
print_row churn_rss_growth "RSS growth, $CHURN_CYCLES churn cycles of $CHURN_CLIENTS, KiB" 0 "" both
print_row reap_ms "reaping $N silent: worst ms after a timeout" 1 "" wsmonitor
print_row reap_all_ms "reaping $N silent: ms from last timeout to all" 1 "" wsmonitor
if [ -z "$GUI_SKIPPED" ]; then
    print_row console_echo_rate "console open: echo msg/s, $N idle rows" 0 echo_rate wsmonitor
    print_row console_gui_cpu "console open: GUI thread CPU % during echo" 1 "" wsmonitor
else
    printf '| %-52s | %12s | %12s | %8s | %10s | %10s |\n' "console open (Xvfb)" "skipped" "-" "-" "-" "-"
fi
echo
echo "w/b: wsmonitor / baseline. idle/0: the figure with idle clients held / the same server's figure without."
echo "Storm failures include clients not upgraded within the ${STORM_TIMEOUT} s cap. Reaping: heartbeat every ${HEARTBEAT_INTERVAL} s, timeout ${HEARTBEAT_TIMEOUT} s; a client's timeout is its last byte + ${HEARTBEAT_TIMEOUT} s; the worst client's delay after it, and the time from the last client's timeout until all were closed."
echo "Churn: measured after $CHURN_CYCLES warm-up cycles."
echo "The baseline (a bare QWebSocketServer on Qt's defaults) has no heartbeat and no /metrics: those cells show '-'."
[ -z "$GUI_SKIPPED" ] || echo "Console figures: skipped ($GUI_SKIPPED)."
