#!/usr/bin/env bash
# What watching a node over its admin channel costs: the admin link's bytes per second and the
# node's CPU with a console attached, the GUI thread of a console attached remotely beside one
# holding the same clients itself, and how soon a remote client's row shows. Prints one table of
# medians. It builds nothing; every process it starts is stopped when it exits. It measures and
# never asserts: a figure that could not be taken shows as "-".

set -u -o pipefail

BENCH_NAME="run-remote"
# shellcheck source=benchlib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/benchlib.sh" || { echo "$BENCH_NAME: cannot read benchlib.sh" >&2; exit 2; }

usage() {
    cat <<'EOF'
Usage: bench/run-remote.sh [--build-dir DIR] [--repeat N] [--idle N] [--window S]
                           [--wsmonitor-args "ARGS"] [--results FILE] [--keep-logs]

  --build-dir DIR   the build directory (default ./build): app/wsmonitor, bench/wsm_loadgen,
                    bench/wsm_adminwatch
  --repeat N        runs of every figure; the table shows medians (1-20, default 3)
  --idle N          clients held on the node (100-100000, default 10000)
  --window S        seconds each figure is measured over (5-600, default 10)

Figures, for a headless node started with --admin-listen and N clients held by wsm_loadgen:
  node CPU % with no admin client, and with one attached (wsm_adminwatch: subscribed to snapshots
    and events, rebuilding the table), N idle; then the same with the N clients echoing
    (wsm_loadgen echo, N clients, 2,000 msg/s in all)
  the admin link's bytes per second, idle and echoing (and the whole first snapshot's size)
  time from a client's upgrade to its row at the admin client (20 clients one after another, with
    the N idle clients held)
  the GUI thread's CPU % of a console under Xvfb: attached with --connect to the node holding N
    idle clients, beside a console holding the same N idle clients on its own embedded server
EOF
}

IDLE=10000
WINDOW=10
SHARED_OPTIONS="--build-dir --repeat --wsmonitor-args --results --keep-logs"
own_option() {
    case "$1" in
        --idle|--idle=*) option_value IDLE "a number" "$@" ;;
        --window|--window=*) option_value WINDOW "a number" "$@" ;;
        *) return 1 ;;
    esac
}
REPEAT=3
parse_options "$@"
whole_in_range --repeat "$REPEAT" 1 20
whole_in_range --idle "$IDLE" 100 100000
whole_in_range --window "$WINDOW" 5 600
read -r -a EXTRA_ARGS <<<"$WSMONITOR_ARGS"

require_binaries "" WSMONITOR LOADGEN
ADMINWATCH=$BUILD_DIR/bench/wsm_adminwatch
[ -x "$ADMINWATCH" ] || die "$ADMINWATCH is missing: build first (cmake --build $BUILD_DIR), or give --build-dir."
NEEDED=$((IDLE + 1000))
raise_fd_limit "$NEEDED" || die "ulimit -n is $SOFT_LIMIT, but $IDLE clients need about $NEEDED descriptors in each process."

make_work_dir wsm-remote
trap_cleanup
RESULT_TAG=SERVER_KIND
SERVER_KIND=node
SERVER_SEQ=0
ECHO_RATE=2000
ADMIN_URL=""
ECHO_PID=""

# The headless node with its admin channel; ADMIN_URL from its "admin listening on" line.
start_node() {
    SERVER_SEQ=$((SERVER_SEQ + 1))
    launch_server node "$WORK/node-$SERVER_SEQ" "$WSMONITOR" --headless --quiet --listen 127.0.0.1:0 \
        --admin-listen 127.0.0.1:0 --max-connections $((IDLE + 1000)) "${EXTRA_ARGS[@]}" || return 1
    wait_for_line "$WORK/node-$SERVER_SEQ.out" '^admin listening on ws://' "$SERVER_PID" 20 || return 1
    ADMIN_URL=$(grep -m1 '^admin listening on' "$WORK/node-$SERVER_SEQ.out" | grep -o 'ws://[^ ]*')
}

# node_cpu FIGURE: the node's CPU % over WINDOW seconds, recorded as FIGURE.
node_cpu() {
    local ticks_before ticks_after wall_before wall_after
    ticks_before=$(process_ticks "$SERVER_PID")
    wall_before=$EPOCHREALTIME
    sleep "$WINDOW"
    ticks_after=$(process_ticks "$SERVER_PID")
    wall_after=$EPOCHREALTIME
    [ -n "$ticks_before" ] && [ -n "$ticks_after" ] &&
        record "$1" node "$(cpu_percent "$ticks_before" "$ticks_after" "$wall_before" "$wall_after")"
}

# watch_admin SUFFIX: node CPU and link bytes with wsm_adminwatch attached for WINDOW seconds.
watch_admin() {
    local suffix=$1 out line pid
    out=$WORK/adminwatch-$SERVER_SEQ$suffix.out
    "$ADMINWATCH" --admin "$ADMIN_URL" --duration "$WINDOW" --timeout $((WINDOW + 120)) >"$out" 2>"$out.err" &
    pid=$!
    STARTED_PIDS+=("$pid")
    # The whole first snapshot goes before the window: wait for the watcher to have it.
    sleep 2
    node_cpu "cpu_admin$suffix"
    wait "$pid"
    forget "$pid"
    line=$(grep -m1 '^mode=adminwatch' "$out")
    [ -n "$line" ] || { warn "wsm_adminwatch gave no result: $(tr '\n' ' ' <"$out.err")"; return; }
    echo "node $line" >>"$RAW"
    record "link_bytes$suffix" node "$(kv bytes_per_s_median "$line")"
    record "link_bytes_mean$suffix" node "$(kv bytes_per_s_mean "$line")"
    record "whole_bytes$suffix" node "$(kv whole_bytes "$line")"
}

run_node() {
    local line
    progress "node: $IDLE idle clients"
    start_node || return
    wait_for_metrics
    if ! start_hold "$IDLE" || [ "$HELD" -eq 0 ]; then
        stop_hold
        stop_server
        return
    fi
    sleep 2
    node_cpu cpu_none
    watch_admin ""
    progress "node: row latency"
    "$ADMINWATCH" --admin "$ADMIN_URL" --public "$SERVER_URL" --clients 20 --duration 1 --timeout 120 \
        >"$WORK/latency-$SERVER_SEQ.out" 2>&1
    line=$(grep -m1 '^mode=adminwatch' "$WORK/latency-$SERVER_SEQ.out")
    if [ -n "$line" ]; then
        echo "node $line" >>"$RAW"
        record row_latency_p50 node "$(kv latency_ms_p50 "$line")"
        record row_latency_max node "$(kv latency_ms_max "$line")"
    fi
    # The same number of clients, now each sending: the idle ones leave first.
    stop_hold
    progress "node: $IDLE clients echoing, $ECHO_RATE msg/s in all"
    start_loadgen echo --url "$SERVER_URL" --clients "$IDLE" --rate "$ECHO_RATE" --warmup 10 \
        --duration $((2 * WINDOW + 10)) --timeout $((2 * WINDOW + 180))
    ECHO_PID=$LOADGEN_PID
    # Measured once every client is connected and sending (the warm-up covers the connects).
    sleep 12
    node_cpu cpu_none_echo
    watch_admin _echo
    wait "$ECHO_PID"
    forget "$ECHO_PID"
    stop_server
}

GUI_SKIPPED=""
BEFORE_MEASURE=true # a command run once the console's window is up, before it is measured
# console_gui_cpu FIGURE ARGS...: a console under Xvfb started with ARGS; its GUI thread's CPU %
# over WINDOW seconds, after BEFORE_MEASURE and 5 s more for its table to take in the rows.
console_gui_cpu() {
    local figure=$1 pidfile=$WORK/console-$1.pid group gui_pid ticks_before ticks_after wall_before wall_after
    shift
    command -v xvfb-run >/dev/null || { GUI_SKIPPED="xvfb-run not installed"; return 1; }
    rm -f "$pidfile"
    # The shell writes its own pid, then becomes wsmonitor: the GUI thread's id is that pid. Its
    # own settings directory, so that saved settings neither shape the run nor get overwritten.
    # shellcheck disable=SC2016 # $$, $0 and $@ are the inner shell's
    XDG_CONFIG_HOME=$WORK/console-config-$figure setsid xvfb-run -a -s "-screen 0 1400x900x24" \
        sh -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$WSMONITOR" "$@" \
        >"$WORK/console-$figure.out" 2>"$WORK/console-$figure.err" &
    group=$!
    STARTED_GROUPS+=("$group")
    for _ in $(seq 1 100); do [ -s "$pidfile" ] && break; sleep 0.1; done
    gui_pid=$(cat "$pidfile" 2>/dev/null)
    $BEFORE_MEASURE
    sleep 5
    if [ -n "$gui_pid" ] && alive "$gui_pid"; then
        ticks_before=$(thread_ticks "$gui_pid" "$gui_pid")
        wall_before=$EPOCHREALTIME
        sleep "$WINDOW"
        ticks_after=$(thread_ticks "$gui_pid" "$gui_pid")
        wall_after=$EPOCHREALTIME
        [ -n "$ticks_before" ] && [ -n "$ticks_after" ] &&
            record "$figure" node "$(cpu_percent "$ticks_before" "$ticks_after" "$wall_before" "$wall_after")"
    else
        GUI_SKIPPED="the console exited: $(head -c 200 "$WORK/console-$figure.err" | tr '\n' ' ')"
    fi
    kill -TERM -- "-$group" 2>/dev/null
    for _ in $(seq 1 100); do alive "$group" || break; sleep 0.1; done
    kill -KILL -- "-$group" 2>/dev/null
    wait "$group" 2>/dev/null
    forget "$group"
}

# For the console's own server: the clients are held once it listens.
LOCAL_PORT=""
hold_on_console() {
    for _ in $(seq 1 300); do http_get "$LOCAL_PORT" /healthz | grep -q '^ok' && break; sleep 0.1; done
    SERVER_URL="ws://127.0.0.1:$LOCAL_PORT/"
    start_hold "$IDLE"
}

run_consoles() {
    progress "console attached remotely to a node with $IDLE idle clients"
    start_node || return
    if start_hold "$IDLE" && [ "$HELD" -gt 0 ]; then
        console_gui_cpu gui_remote --connect "$ADMIN_URL"
    fi
    stop_hold
    stop_server
    [ -n "$GUI_SKIPPED" ] && return
    progress "console holding $IDLE idle clients on its own server"
    LOCAL_PORT=$(free_port) || return
    SERVER_SEQ=$((SERVER_SEQ + 1))
    BEFORE_MEASURE=hold_on_console console_gui_cpu gui_local --start --listen "127.0.0.1:$LOCAL_PORT" \
        --max-connections $((IDLE + 1000))
    stop_hold
}

RUN_START=$EPOCHREALTIME
for run in $(seq 1 "$REPEAT"); do
    progress "run $run of $REPEAT"
    run_node
    run_consoles
done

WALL=$(seconds_since "$RUN_START")
N=$(thousands "$IDLE")
echo
echo "wsmonitor remote nodes: medians of $REPEAT run(s), $(date '+%Y-%m-%d %H:%M'), $(nproc) cores, ${WINDOW} s windows, wall time ${WALL} s"
echo
printf '| %-60s | %12s |\n' figure median
table_rule 60 12
row() { printf '| %-60s | %12s |\n' "$2" "$(format_value "$(value_of "$1" node)" "$3")"; }
row cpu_none "node CPU %, $N idle, no admin client" 1
row cpu_admin "node CPU %, $N idle, one admin client attached" 1
row link_bytes "admin link bytes/s, $N idle: median second" 0
row link_bytes_mean "admin link bytes/s, $N idle: mean (heartbeat rounds included)" 0
row whole_bytes "the whole first snapshot, bytes, $N rows" 0
row cpu_none_echo "node CPU %, $N echoing ($ECHO_RATE msg/s), no admin client" 1
row cpu_admin_echo "node CPU %, $N echoing, one admin client attached" 1
row link_bytes_echo "admin link bytes/s, $N echoing: median second" 0
row link_bytes_mean_echo "admin link bytes/s, $N echoing: mean" 0
row row_latency_p50 "client upgraded → its row at the admin client, p50 ms" 1
row row_latency_max "client upgraded → its row at the admin client, worst ms" 1
if [ -z "$GUI_SKIPPED" ]; then
    row gui_remote "console GUI thread CPU %, attached remotely, $N idle" 1
    row gui_local "console GUI thread CPU %, its own server, $N idle" 1
else
    echo "Console figures: skipped ($GUI_SKIPPED)."
fi
