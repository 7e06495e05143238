#!/usr/bin/env bash
# What Server-Sent Events streams and identities cost. Memory: the RSS a node gains per idle client
# at N clients, for SSE streams (wsm_ssehold) beside WebSocket clients (wsm_loadgen hold), and
# beside a bare QWebSocketServer holding the same WebSocket clients (wsm_baseline). Broadcast: a
# node in --mode broadcast with N SSE streams and N WebSocket receivers, one publisher at rising
# rates (wsm_fanout): WebSocket deliveries per second and latency, and the SSE events counted beside
# them. Identity: echo throughput and connect-storm time with --identity jwt (an HS256 token in the
# query) beside without. Prints tables of medians. It builds nothing; every process it starts is
# stopped when it exits. It measures and never asserts: a figure that could not be taken shows as "-".

set -u -o pipefail

BENCH_NAME="run-sse"
# shellcheck source=benchlib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/benchlib.sh" || { echo "$BENCH_NAME: cannot read benchlib.sh" >&2; exit 2; }

usage() {
    cat <<'EOF'
Usage: bench/run-sse.sh [--build-dir DIR] [--repeat N] [--idle-clients N] [--clients N]
                        [--rates R,R,...] [--duration S] [--echo-clients N] [--quick]
                        [--wsmonitor-args "ARGS"] [--results FILE] [--keep-logs]

  --build-dir DIR     the build directory (default ./build): app/wsmonitor, bench/wsm_loadgen,
                      bench/wsm_ssehold, bench/wsm_fanout, bench/wsm_baseline
  --repeat N          runs of every figure; the tables show medians (1-20, default 3)
  --idle-clients N    clients of the memory figures (100-50000, default 10000)
  --clients N         SSE streams and WebSocket receivers of the broadcast figures, each
                      (100-20000, default 1000)
  --rates R,R,...     the publisher's messages per second, each 1-100000 (default 10,100,500)
  --duration S        seconds each figure is measured over (1-600, default 5)
  --echo-clients N    clients of the identity figures (1-10000, default 50)
  --quick             a smoke run: --repeat 1 --idle-clients 1000 --clients 200 --rates 10,100 --duration 2

Figures:
  RSS per idle client at N: SSE streams / WebSocket clients on wsmonitor / WebSocket clients on a
    bare QWebSocketServer (KiB per client, the node's RSS with them minus before them, over N)
  broadcast at each rate, N SSE + N WebSocket receivers on one node: WebSocket deliveries per
    second, p50/p99 from publish to delivery; SSE events received per second over the publishing
    time and as a share of what was published
  identity: echo msg/s and p99, and the time for a storm of --echo-clients x 20 connects, with
    --identity jwt (HS256, the token as access_token in the URL) / without
EOF
}

IDLE_CLIENTS=10000
CLIENTS=1000
RATES=10,100,500
DURATION=5
ECHO_CLIENTS=50
QUICK=0
SHARED_OPTIONS="--build-dir --repeat --wsmonitor-args --results --keep-logs"
own_option() {
    case "$1" in
        --idle-clients|--idle-clients=*) option_value IDLE_CLIENTS "a number" "$@" ;;
        --clients|--clients=*) option_value CLIENTS "a number" "$@" ;;
        --rates|--rates=*) option_value RATES "a list of numbers" "$@" ;;
        --duration|--duration=*) option_value DURATION "a number" "$@" ;;
        --echo-clients|--echo-clients=*) option_value ECHO_CLIENTS "a number" "$@" ;;
        --quick) QUICK=1 ;;
        *) return 1 ;;
    esac
}
REPEAT=3
parse_options "$@"
if [ "$QUICK" = 1 ]; then
    REPEAT=1 IDLE_CLIENTS=1000 CLIENTS=200 RATES=10,100 DURATION=2
fi
whole_in_range --repeat "$REPEAT" 1 20
whole_in_range --idle-clients "$IDLE_CLIENTS" 100 50000
whole_in_range --clients "$CLIENTS" 100 20000
whole_in_range --duration "$DURATION" 1 600
whole_in_range --echo-clients "$ECHO_CLIENTS" 1 10000
IFS=, read -r -a RATE_LIST <<<"$RATES"
[ "${#RATE_LIST[@]}" -gt 0 ] || die "--rates needs at least one rate."
[ "${#RATE_LIST[@]}" -le 10 ] || die "--rates takes at most 10 rates; got ${#RATE_LIST[@]}."
for rate in "${RATE_LIST[@]}"; do whole_in_range --rates "$rate" 1 100000; done
read -r -a EXTRA_ARGS <<<"$WSMONITOR_ARGS"

require_binaries "" WSMONITOR LOADGEN BASELINE
SSEHOLD=$BUILD_DIR/bench/wsm_ssehold
FANOUT=$BUILD_DIR/bench/wsm_fanout
for tool in "$SSEHOLD" "$FANOUT"; do
    [ -x "$tool" ] || die "$tool is missing: build first (cmake --build $BUILD_DIR), or give --build-dir."
done
"$WSMONITOR" --help 2>&1 | grep -q -- '--sse-path' || die "this wsmonitor has no --sse-path option."
NEEDED=$((IDLE_CLIENTS + 1000))
raise_fd_limit "$NEEDED" || die "ulimit -n is $SOFT_LIMIT, but $IDLE_CLIENTS clients need about $NEEDED descriptors in each process."
command -v openssl >/dev/null || die "openssl is needed to sign the identity figures' token (Debian: openssl)."

make_work_dir wsm-sse
trap_cleanup
RESULT_TAG=SERVER_KIND
SERVER_KIND=""
SERVER_SEQ=0
MEASURE_TIMEOUT=$((DURATION + 300))
DRAIN=2

# start_node KIND ARGS...: a headless wsmonitor on a free loopback port (SERVER_*).
start_node() {
    SERVER_KIND=$1
    shift
    SERVER_SEQ=$((SERVER_SEQ + 1))
    launch_server "$SERVER_KIND" "$WORK/node-$SERVER_SEQ" "$WSMONITOR" --headless --quiet --listen 127.0.0.1:0 \
        --max-connections $((IDLE_CLIENTS + 2 * CLIENTS + 1000)) "$@" "${EXTRA_ARGS[@]}" || return 1
    wait_for_metrics
}

SSE_PID=""
SSE_OUT=""
# start_sse N [DURATION]: N SSE streams on the current node, in the background; returns once all
# are held (HELD), at most 300 s.
start_sse() {
    SSE_OUT=$WORK/sse-$SERVER_SEQ.out
    "$SSEHOLD" --url "http://127.0.0.1:$SERVER_PORT/events" --clients "$1" --duration "${2:-0}" --timeout 1800 \
        >"$SSE_OUT" 2>"${SSE_OUT%.out}.err" &
    SSE_PID=$!
    STARTED_PIDS+=("$SSE_PID")
    HELD=0
    if wait_for_line "$SSE_OUT" '^held ' "$SSE_PID" 300; then
        HELD=$(awk '/^held / { print $2; exit }' "$SSE_OUT")
        return 0
    fi
    warn "holding $1 SSE streams failed: $(tr '\n' ' ' <"${SSE_OUT%.out}.err")"
    return 1
}

# stop_sse: ends the streams (SIGTERM: they print their result line); LINE is that line.
stop_sse() {
    [ -n "$SSE_PID" ] || return 0
    kill -TERM "$SSE_PID" 2>/dev/null
    wait "$SSE_PID" 2>/dev/null
    forget "$SSE_PID"
    SSE_PID=""
    LINE=$(grep -m1 '^clients=' "$SSE_OUT")
    [ -n "$LINE" ] && echo "$SERVER_KIND sse $LINE" >>"$RAW"
    return 0
}

# per_client_kib BEFORE_KB AFTER_KB N
per_client_kib() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (a == "" || b == "" || n == 0) print "-"; else printf "%.2f", (b - a) / n }'; }

# --- memory ---

memory_round() {
    local before after
    progress "memory: $IDLE_CLIENTS idle SSE streams"
    if start_node "sse-idle"; then
        before=$(rss_kb "$SERVER_PID")
        if start_sse "$IDLE_CLIENTS" && [ "$HELD" = "$IDLE_CLIENTS" ]; then
            sleep 2 # a few snapshots and a heartbeat round with all of them in
            after=$(rss_kb "$SERVER_PID")
            record mem sse "$(per_client_kib "$before" "$after" "$IDLE_CLIENTS")"
        fi
        stop_sse
        stop_server
    fi

    progress "memory: $IDLE_CLIENTS idle WebSocket clients"
    if start_node "ws-idle"; then
        before=$(rss_kb "$SERVER_PID")
        if start_hold "$IDLE_CLIENTS" && [ "$HELD" = "$IDLE_CLIENTS" ]; then
            sleep 2
            after=$(rss_kb "$SERVER_PID")
            record mem websocket "$(per_client_kib "$before" "$after" "$IDLE_CLIENTS")"
        fi
        stop_hold
        stop_server
    fi

    progress "memory: $IDLE_CLIENTS idle WebSocket clients on a bare QWebSocketServer"
    SERVER_KIND=baseline
    SERVER_SEQ=$((SERVER_SEQ + 1))
    if launch_server baseline "$WORK/baseline-$SERVER_SEQ" "$BASELINE" --listen 127.0.0.1:0; then
        sleep 1
        before=$(rss_kb "$SERVER_PID")
        if start_hold "$IDLE_CLIENTS" && [ "$HELD" = "$IDLE_CLIENTS" ]; then
            sleep 2
            after=$(rss_kb "$SERVER_PID")
            record mem baseline "$(per_client_kib "$before" "$after" "$IDLE_CLIENTS")"
        fi
        stop_hold
        stop_server
    fi
}

# --- broadcast ---

broadcast_round() {
    local rate out line pid events seconds
    for rate in "${RATE_LIST[@]}"; do
        progress "broadcast at $rate msg/s: $CLIENTS SSE + $CLIENTS WebSocket receivers"
        start_node "broadcast" --mode broadcast || continue
        if start_sse "$CLIENTS"; then
            out=$WORK/fanout-$rate-$SERVER_SEQ.out
            "$FANOUT" --url "$SERVER_URL" --clients-per-url "$CLIENTS" --rate "$rate" --warmup 1 \
                --duration "$DURATION" --drain "$DRAIN" --timeout "$MEASURE_TIMEOUT" >"$out" 2>"${out%.out}.err" &
            pid=$!
            STARTED_PIDS+=("$pid")
            wait "$pid"
            forget "$pid"
            line=$(grep -m1 '^mode=fanout' "$out")
            stop_sse
            if [ -n "$line" ]; then
                echo "broadcast-$rate $line" >>"$RAW"
                record "fan_$rate" ws_per_s "$(kv delivered_per_s "$line")"
                record "fan_$rate" p50 "$(kv p50_ms "$line")"
                record "fan_$rate" p99 "$(kv p99_ms "$line")"
                # Every message published (warm-up and window, at the paced rate) reaches every SSE
                # stream once: the events per second over that time, and the share of them received.
                events=$(kv events "$LINE")
                seconds=$((1 + DURATION))
                record "fan_$rate" sse_per_s "$(awk -v e="$events" -v s="$seconds" 'BEGIN { if (e == "") print "-"; else printf "%.0f", e / s }')"
                record "fan_$rate" sse_ratio "$(awk -v e="$events" -v r="$rate" -v s="$seconds" -v n="$CLIENTS" \
                    'BEGIN { if (e == "") print "-"; else printf "%.2f", 100 * e / (r * s * n) }')"
            else
                warn "wsm_fanout gave no result: $(tr '\n' ' ' <"${out%.out}.err")"
            fi
        fi
        stop_sse
        stop_server
    done
}

# --- identity ---

SECRET_FILE=$WORK/jwt.secret
head -c 32 /dev/urandom | base64 | tr -d '\n' >"$SECRET_FILE"
chmod 600 "$SECRET_FILE"
base64url() { base64 | tr -d '\n=' | tr '/+' '_-'; }
# An HS256 token for sub "bench", valid for a day, signed with the secret file's bytes.
make_token() {
    local header payload signature now
    now=$(date +%s)
    header=$(printf '{"alg":"HS256","typ":"JWT"}' | base64url)
    payload=$(printf '{"sub":"bench","name":"Bench","iat":%d,"exp":%d}' "$now" $((now + 86400)) | base64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "key:$(cat "$SECRET_FILE")" -binary | base64url)
    printf '%s.%s.%s' "$header" "$payload" "$signature"
}
TOKEN=$(make_token)

identity_round() {
    local kind url
    for kind in jwt none; do
        if [ "$kind" = jwt ]; then
            start_node "identity-jwt" --identity jwt --jwt-secret-file "$SECRET_FILE" || continue
            url="${SERVER_URL}?access_token=$TOKEN"
        else
            start_node "identity-none" || continue
            url=$SERVER_URL
        fi
        progress "identity $kind: echo"
        run_loadgen echo --url "$url" --clients "$ECHO_CLIENTS" --size 64 --warmup 1 --duration "$DURATION" \
            --timeout "$MEASURE_TIMEOUT"
        if line_clean; then
            record "id_$kind" msgs "$(kv msg_per_s "$LINE")"
            record "id_$kind" p99 "$(kv p99_ms "$LINE")"
        fi
        progress "identity $kind: storm of $((ECHO_CLIENTS * 20)) connects"
        run_loadgen storm --url "$url" --clients $((ECHO_CLIENTS * 20)) --timeout "$MEASURE_TIMEOUT"
        [ -n "$LINE" ] && [ "$(kv failed "$LINE")" = 0 ] && record "id_$kind" storm_ms "$(kv storm_ms "$LINE")"
        stop_server
    done
}

for round in $(seq 1 "$REPEAT"); do
    progress "round $round of $REPEAT"
    memory_round
    broadcast_round
    identity_round
done

echo
echo "RSS per idle client at $IDLE_CLIENTS clients (KiB), medians of $REPEAT"
printf '%-40s %10s\n' "SSE streams on wsmonitor" "$(value_of mem sse)"
printf '%-40s %10s\n' "WebSocket clients on wsmonitor" "$(value_of mem websocket)"
printf '%-40s %10s\n' "WebSocket clients on a bare QWebSocketServer" "$(value_of mem baseline)"
printf '%-40s %10s\n' "SSE / WebSocket on wsmonitor" "$(ratio "$(value_of mem sse)" "$(value_of mem websocket)")"
echo
echo "Broadcast to $CLIENTS SSE + $CLIENTS WebSocket receivers on one node, medians of $REPEAT"
printf '%8s %14s %10s %10s %14s %12s\n' "msg/s" "ws deliv/s" "p50 ms" "p99 ms" "sse events/s" "sse recv %"
for rate in "${RATE_LIST[@]}"; do
    printf '%8s %14s %10s %10s %14s %12s\n' "$rate" "$(value_of "fan_$rate" ws_per_s)" "$(value_of "fan_$rate" p50)" \
        "$(value_of "fan_$rate" p99)" "$(value_of "fan_$rate" sse_per_s)" "$(value_of "fan_$rate" sse_ratio)"
done
echo
echo "Identity: $ECHO_CLIENTS echo clients, a storm of $((ECHO_CLIENTS * 20)) connects, medians of $REPEAT"
printf '%-22s %12s %10s %12s\n' "" "echo msg/s" "p99 ms" "storm ms"
for kind in jwt none; do
    printf '%-22s %12s %10s %12s\n' "--identity $kind" "$(value_of "id_$kind" msgs)" "$(value_of "id_$kind" p99)" \
        "$(value_of "id_$kind" storm_ms)"
done
printf '%-22s %12s %10s %12s\n' "jwt / none" "$(ratio "$(value_of id_jwt msgs)" "$(value_of id_none msgs)")" \
    "$(ratio "$(value_of id_jwt p99)" "$(value_of id_none p99)")" "$(ratio "$(value_of id_jwt storm_ms)" "$(value_of id_none storm_ms)")"
