#!/usr/bin/env bash
# Server-Sent Events figures of wsmonitor (README, "Benchmarks"): RSS per idle event stream beside
# RSS per idle WebSocket client, and broadcast deliveries a second to event streams beside
# WebSocket receivers. It builds nothing: point it at a build directory with app/wsmonitor,
# bench/wsm_loadgen, bench/wsm_fanout and bench/wsm_ssehold. It measures and never asserts.

set -u -o pipefail

BENCH_NAME="run-sse"
# shellcheck source=benchlib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/benchlib.sh" || { echo "$BENCH_NAME: cannot read benchlib.sh" >&2; exit 2; }

usage() {
    cat <<'USAGE'
Usage: bench/run-sse.sh [--build-dir DIR] [--idle N] [--clients N] [--rate R]
                        [--wsmonitor-args "ARGS"] [--results FILE] [--keep-logs]

  --idle N      idle event streams (and, apart, idle WebSocket clients) held for RSS per client
                (100-100000, default 10000)
  --clients N   event streams and WebSocket receivers of the broadcast run, N of each (10-20000,
                default 1000)
  --rate R      messages a second the broadcast run publishes (1-100000, default 200)

Figures: RSS per idle client (VmRSS with N held minus VmRSS before, over N) for streams and for
WebSockets; in --mode broadcast, with N streams and N WebSocket receivers, one publisher at R msg/s:
WebSocket deliveries/s, latency p50/p99 and delivery ratio (wsm_fanout), stream events/s (wsm_ssehold).
USAGE
}

IDLE=10000
CLIENTS=1000
RATE=200
SHARED_OPTIONS="--build-dir --wsmonitor-args --results --keep-logs"
own_option() {
    case "$1" in
        --idle|--idle=*) option_value IDLE "a number" "$@" ;;
        --clients|--clients=*) option_value CLIENTS "a number" "$@" ;;
        --rate|--rate=*) option_value RATE "a number" "$@" ;;
        *) return 1 ;;
    esac
}
parse_options "$@"
whole_in_range --idle "$IDLE" 100 100000
whole_in_range --clients "$CLIENTS" 10 20000
whole_in_range --rate "$RATE" 1 100000
read -r -a EXTRA_ARGS <<<"$WSMONITOR_ARGS"

require_binaries "" WSMONITOR LOADGEN
FANOUT=$BUILD_DIR/bench/wsm_fanout
SSEHOLD=$BUILD_DIR/bench/wsm_ssehold
for binary in "$FANOUT" "$SSEHOLD"; do
    [ -x "$binary" ] || die "$binary is missing: build first (cmake --build $BUILD_DIR), or give --build-dir."
done
# Each process holds one side of every connection: the node and the client tool need as many each.
NEEDED=$((IDLE > CLIENTS * 2 ? IDLE + 200 : CLIENTS * 2 + 200))
raise_fd_limit "$NEEDED" || die "the descriptor limit ($SOFT_LIMIT) is below $NEEDED: raise it (ulimit -Hn)."
make_work_dir wsm-sse
trap_cleanup

SERVER_SEQ=0
start_node() {
    SERVER_SEQ=$((SERVER_SEQ + 1))
    launch_server wsmonitor "$WORK/server-$SERVER_SEQ" "$WSMONITOR" --headless --quiet --listen 127.0.0.1:0 \
        --max-connections $((IDLE + CLIENTS * 2 + 100)) "$@" "${EXTRA_ARGS[@]}" || die "wsmonitor did not start."
    wait_for_metrics
}

# rss_per_client KIND: KIND is sse or websocket; prints bytes per idle client.
rss_per_client() {
    local kind=$1 before after out=$WORK/idle-$1.out pid
    start_node
    before=$(rss_kb "$SERVER_PID")
    if [ "$kind" = sse ]; then
        "$SSEHOLD" --url "http://127.0.0.1:$SERVER_PORT/events" --clients "$IDLE" --duration 0 >"$out" 2>&1 &
        pid=$!
        STARTED_PIDS+=("$pid")
        wait_for_line "$out" '^ready ' "$pid" 300 || warn "holding $IDLE streams failed: $(tr '\n' ' ' <"$out")"
    else
        "$LOADGEN" hold --url "$SERVER_URL" --clients "$IDLE" --timeout 1800 >"$out" 2>&1 &
        pid=$!
        STARTED_PIDS+=("$pid")
        wait_for_line "$out" '^held ' "$pid" 300 || warn "holding $IDLE WebSocket clients failed: $(tr '\n' ' ' <"$out")"
    fi
    sleep 3 # settled: every session made and its first writes gone
    after=$(rss_kb "$SERVER_PID")
    echo "idle $kind clients=$(metric "$SERVER_PORT" wsmonitor_clients_connected) rss_before_kib=$before rss_after_kib=$after" >>"$RAW"
    echo "$(((after - before) * 1024 / IDLE))"
    stop_process "$pid"
    stop_server
}

progress "RSS per idle client: $IDLE event streams"
SSE_RSS=$(rss_per_client sse)
progress "RSS per idle client: $IDLE WebSocket clients"
WS_RSS=$(rss_per_client websocket)

progress "broadcast at $RATE msg/s to $CLIENTS event streams and $CLIENTS WebSocket receivers"
start_node --mode broadcast
"$SSEHOLD" --url "http://127.0.0.1:$SERVER_PORT/events" --clients "$CLIENTS" --warmup 3 --duration 5 \
    >"$WORK/broadcast-sse.out" 2>&1 &
HOLDER=$!
STARTED_PIDS+=("$HOLDER")
wait_for_line "$WORK/broadcast-sse.out" '^ready ' "$HOLDER" 120 || warn "the streams did not open"
"$FANOUT" --url "$SERVER_URL" --clients-per-url "$CLIENTS" --rate "$RATE" --warmup 1 --duration 8 \
    >"$WORK/broadcast-ws.out" 2>&1
wait "$HOLDER"
forget "$HOLDER"
stop_server
FANOUT_LINE=$(grep -v '^#' "$WORK/broadcast-ws.out" | head -1)
SSE_LINE=$(grep '^streams=' "$WORK/broadcast-sse.out")
echo "broadcast websocket $FANOUT_LINE" >>"$RAW"
echo "broadcast sse $SSE_LINE" >>"$RAW"

echo
echo "RSS per idle client ($IDLE held): event stream $SSE_RSS bytes, WebSocket $WS_RSS bytes"
echo "broadcast at $RATE msg/s, $CLIENTS of each kind:"
echo "  WebSocket: $(kv delivered_per_s "$FANOUT_LINE") deliveries/s, ratio $(kv delivery_ratio "$FANOUT_LINE"), p50 $(kv p50_ms "$FANOUT_LINE") ms, p99 $(kv p99_ms "$FANOUT_LINE") ms"
echo "  event streams: $(kv events_per_s "$SSE_LINE") events/s over all streams ($(kv failed "$SSE_LINE") failed, $(kv closed "$SSE_LINE") closed)"
