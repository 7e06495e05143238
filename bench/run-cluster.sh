#!/usr/bin/env bash
# What a cluster costs and what a Redis outage does. Broadcast fan-out: three headless nodes joined
# through a redis-server of its own (on a free loopback port, password set, persistence off), N
# receivers on each and a publisher on the first at rising rates, beside one node broadcasting to
# 3N receivers without a cluster: delivered messages per second and publish-to-delivery latency
# (wsm_fanout). Then a node's echo throughput with its cluster link up, with Redis stopped
# (SIGSTOP: the link hangs), with Redis killed (the link is refused), and with no cluster at all
# (wsm_loadgen echo). Prints tables of medians. It builds nothing; every process it starts is
# stopped when it exits. It measures and never asserts: a figure that could not be taken shows as
# "-". Without --cluster in this wsmonitor it runs the parts without a cluster and says so.

set -u -o pipefail

BENCH_NAME="run-cluster"
# shellcheck source=benchlib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/benchlib.sh" || { echo "$BENCH_NAME: cannot read benchlib.sh" >&2; exit 2; }

usage() {
    cat <<'EOF'
Usage: bench/run-cluster.sh [--build-dir DIR] [--repeat N] [--clients N] [--rates R,R,...]
                            [--duration S] [--echo-clients N] [--redis-server PATH] [--quick]
                            [--wsmonitor-args "ARGS"] [--results FILE] [--keep-logs]

  --build-dir DIR     the build directory (default ./build): app/wsmonitor, bench/wsm_loadgen,
                      bench/wsm_fanout
  --repeat N          runs of every figure; the tables show medians (1-20, default 3)
  --clients N         broadcast receivers per node of the cluster (100-20000, default 1000); the
                      single node gets three times as many
  --rates R,R,...     the publisher's messages per second, each 1-100000 (default 100,500,1000,2000)
  --duration S        seconds each figure is measured over (1-600, default 5)
  --echo-clients N    clients of the echo figures (1-10000, default 50)
  --redis-server PATH the redis-server to start (default: redis-server on PATH)
  --quick             a smoke run: --repeat 1 --clients 200 --rates 100,500 --duration 2

Figures:
  broadcast fan-out at each rate: deliveries per second (from the window's first publish to its
    last delivery), the share delivered within 2 s of the window's end, latency p50 and p99 from
    publish to delivery, and receivers lost (closed by the server, e.g. as slow consumers);
    cluster: 3 nodes x N receivers, publisher on node 1 / one node: 3N receivers, no cluster
  echo msg/s and p99 of one node: --cluster with Redis up, Redis stopped (SIGSTOP), Redis killed,
    and no --cluster; with the node's wsmonitor_cluster_link_up during each
EOF
}

CLIENTS=1000
RATES=100,500,1000,2000
DURATION=5
ECHO_CLIENTS=50
REDIS_SERVER=redis-server
QUICK=0
SHARED_OPTIONS="--build-dir --repeat --wsmonitor-args --results --keep-logs"
own_option() {
    case "$1" in
        --clients|--clients=*) option_value CLIENTS "a number" "$@" ;;
        --rates|--rates=*) option_value RATES "a list of numbers" "$@" ;;
        --duration|--duration=*) option_value DURATION "a number" "$@" ;;
        --echo-clients|--echo-clients=*) option_value ECHO_CLIENTS "a number" "$@" ;;
        --redis-server|--redis-server=*) option_value REDIS_SERVER "a path" "$@" ;;
        --quick) QUICK=1 ;;
        *) return 1 ;;
    esac
}
REPEAT=3
parse_options "$@"
if [ "$QUICK" = 1 ]; then
    REPEAT=1 CLIENTS=200 RATES=100,500 DURATION=2
fi
whole_in_range --repeat "$REPEAT" 1 20
whole_in_range --clients "$CLIENTS" 100 20000
whole_in_range --duration "$DURATION" 1 600
whole_in_range --echo-clients "$ECHO_CLIENTS" 1 10000
IFS=, read -r -a RATE_LIST <<<"$RATES"
[ "${#RATE_LIST[@]}" -gt 0 ] || die "--rates needs at least one rate."
[ "${#RATE_LIST[@]}" -le 10 ] || die "--rates takes at most 10 rates; got ${#RATE_LIST[@]}."
for rate in "${RATE_LIST[@]}"; do whole_in_range --rates "$rate" 1 100000; done
read -r -a EXTRA_ARGS <<<"$WSMONITOR_ARGS"

require_binaries "" WSMONITOR LOADGEN
FANOUT=$BUILD_DIR/bench/wsm_fanout
[ -x "$FANOUT" ] || die "$FANOUT is missing: build first (cmake --build $BUILD_DIR --target wsm_fanout), or give --build-dir."
SINGLE_CLIENTS=$((3 * CLIENTS))
NEEDED=$((SINGLE_CLIENTS + 1000))
raise_fd_limit "$NEEDED" || die "ulimit -n is $SOFT_LIMIT, but $SINGLE_CLIENTS clients need about $NEEDED descriptors in each process."

CLUSTER_SKIPPED=""
if ! "$WSMONITOR" --help 2>&1 | grep -q -- '--cluster '; then
    CLUSTER_SKIPPED="this wsmonitor has no --cluster option"
elif ! command -v "$REDIS_SERVER" >/dev/null; then
    CLUSTER_SKIPPED="$REDIS_SERVER is not installed (Debian: redis-server)"
fi

make_work_dir wsm-cluster
trap_cleanup
RESULT_TAG=SERVER_KIND
SERVER_KIND=""
SERVER_SEQ=0
PASSWORD_FILE=$WORK/redis.password
head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$PASSWORD_FILE"
chmod 600 "$PASSWORD_FILE"
MEASURE_TIMEOUT=$((DURATION + 300))
DRAIN=2

# --- Redis ---

REDIS_PID=""
REDIS_PORT=""
# A redis-server on a free loopback port with the password and no persistence; its configuration
# on stdin, so the password is in no process list. Waits at most 10 s for it to accept.
start_redis() {
    local log=$WORK/redis-$SERVER_SEQ.log
    REDIS_PORT=$(free_port) || { warn "no free port for redis-server"; return 1; }
    "$REDIS_SERVER" - >"$log" 2>&1 < <(printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\ndir %s\nrequirepass %s\n' \
        "$REDIS_PORT" "$WORK" "$(cat "$PASSWORD_FILE")") &
    REDIS_PID=$!
    STARTED_PIDS+=("$REDIS_PID")
    if ! wait_for_line "$log" 'Ready to accept connections' "$REDIS_PID" 10; then
        warn "redis-server did not start: $(tail -3 "$log" | tr '\n' ' ')"
        stop_redis
        return 1
    fi
}

stop_redis() {
    [ -n "$REDIS_PID" ] || return 0
    kill -CONT "$REDIS_PID" 2>/dev/null
    stop_process "$REDIS_PID" 50
    REDIS_PID=""
}

# --- nodes ---

NODE_PIDS=()
NODE_URLS=()
NODE_PORTS=()
# start_node NAME MODE [ARGS...]: a headless node on a free port, added to the NODE_ arrays.
start_node() {
    local name=$1 mode=$2
    shift 2
    SERVER_SEQ=$((SERVER_SEQ + 1))
    launch_server "node $name" "$WORK/$name-$SERVER_SEQ" "$WSMONITOR" --headless --quiet --listen 127.0.0.1:0 \
        --mode "$mode" --max-connections $((SINGLE_CLIENTS + 1000)) "$@" "${EXTRA_ARGS[@]}" || return 1
    NODE_PIDS+=("$SERVER_PID")
    NODE_URLS+=("$SERVER_URL")
    NODE_PORTS+=("$SERVER_PORT")
}

cluster_args() {
    echo "--cluster redis://127.0.0.1:$REDIS_PORT/0 --cluster-password-file $PASSWORD_FILE --node-name $1"
}

stop_nodes() {
    local pid
    for pid in "${NODE_PIDS[@]}"; do stop_process "$pid"; done
    NODE_PIDS=()
    NODE_URLS=()
    NODE_PORTS=()
    SERVER_PID=""
}

# wait_for_link PORT NODES: until the node on PORT says its cluster link is up and it sees NODES
# nodes, at most 20 s. Returns 1 (and says what it saw) if not.
wait_for_link() {
    local up="" nodes=""
    for _ in $(seq 1 200); do
        up=$(metric "$1" wsmonitor_cluster_link_up)
        nodes=$(metric "$1" wsmonitor_cluster_nodes)
        [ "$up" = 1 ] && [ "${nodes:-0}" -ge "$2" ] 2>/dev/null && return 0
        sleep 0.1
    done
    warn "the node on port $1: cluster link up '${up:-none}', nodes '${nodes:-none}' (wanted 1 and $2)"
    return 1
}

# --- figures ---

# fanout KIND RATE ARGS...: one wsm_fanout run; its figures recorded as fan_KIND_RATE.
fanout() {
    local kind=$1 rate=$2 out line
    shift 2
    out=$WORK/fanout-$kind-$rate-$SERVER_SEQ.out
    progress "$kind: broadcast at $rate msg/s"
    "$FANOUT" "$@" --rate "$rate" --warmup 1 --duration "$DURATION" --drain "$DRAIN" \
        --timeout "$MEASURE_TIMEOUT" >"$out" 2>"${out%.out}.err" &
    local pid=$!
    STARTED_PIDS+=("$pid")
    wait "$pid"
    forget "$pid"
    line=$(grep -m1 '^mode=fanout' "$out")
    [ -n "$line" ] || { warn "wsm_fanout gave no result: $(tr '\n' ' ' <"${out%.out}.err")"; return; }
    echo "$kind $line" >>"$RAW"
    record "fan_${kind}_$rate" per_s "$(kv delivered_per_s "$line")"
    record "fan_${kind}_$rate" any_per_s "$(kv throughput_per_s "$line")"
    record "fan_${kind}_$rate" ratio "$(awk -v r="$(kv delivery_ratio "$line")" 'BEGIN { printf "%.2f", r * 100 }')"
    record "fan_${kind}_$rate" p50 "$(kv p50_ms "$line")"
    record "fan_${kind}_$rate" p99 "$(kv p99_ms "$line")"
    record "fan_${kind}_$rate" lost "$(kv lost "$line")"
    record "fan_${kind}_$rate" order "$(kv out_of_order "$line")"
}

# Fresh nodes for every rate: a node that could not keep up is still working through the last
# rate's backlog when its receivers have gone.
run_fanout_cluster() {
    local rate i
    start_redis || return
    for rate in "${RATE_LIST[@]}"; do
        for i in 1 2 3; do
            # shellcheck disable=SC2046 # the cluster options are words
            start_node "n$i" broadcast $(cluster_args "n$i") || break
        done
        if [ "${#NODE_PIDS[@]}" = 3 ]; then
            for i in 0 1 2; do wait_for_link "${NODE_PORTS[$i]}" 3 || true; done
            fanout cluster "$rate" --url "${NODE_URLS[0]}" --url "${NODE_URLS[1]}" --url "${NODE_URLS[2]}" \
                --clients-per-url "$CLIENTS" --publish-url "${NODE_URLS[0]}"
        fi
        stop_nodes
    done
    stop_redis
}

run_fanout_single() {
    local rate
    for rate in "${RATE_LIST[@]}"; do
        start_node single broadcast || return
        fanout single "$rate" --url "${NODE_URLS[0]}" --clients-per-url "$SINGLE_CLIENTS"
        stop_nodes
    done
}

# echo_figure FIGURE: the echo run on the current node; msg/s, p99 and the node's link gauge.
echo_figure() {
    SERVER_KIND=$1
    SERVER_URL=${NODE_URLS[0]}
    progress "echo: $1"
    run_loadgen echo --url "$SERVER_URL" --clients "$ECHO_CLIENTS" --warmup 1 --duration "$DURATION" \
        --timeout "$MEASURE_TIMEOUT"
    if [ -n "$LINE" ]; then
        record "$1" msg_per_s "$(kv msg_per_s "$LINE")"
        record "$1" p99 "$(kv p99_ms "$LINE")"
    fi
    record "$1" link "$(metric "${NODE_PORTS[0]}" wsmonitor_cluster_link_up)"
}

# How long after Redis stops or dies the echo figure is taken: past the link's time-out, so the
# node is in its retries.
OUTAGE_SETTLE=3

run_outage() {
    local waited
    start_redis || return
    # shellcheck disable=SC2046
    start_node outage echo $(cluster_args outage) || { stop_redis; return; }
    wait_for_link "${NODE_PORTS[0]}" 1 || true
    echo_figure echo_up
    kill -STOP "$REDIS_PID"
    sleep "$OUTAGE_SETTLE"
    echo_figure echo_stopped
    kill -CONT "$REDIS_PID"
    # How soon the link is back once Redis answers again (at most 30 s: the retries back off).
    waited=$EPOCHREALTIME
    for _ in $(seq 1 300); do
        [ "$(metric "${NODE_PORTS[0]}" wsmonitor_cluster_link_up)" = 1 ] && break
        sleep 0.1
    done
    [ "$(metric "${NODE_PORTS[0]}" wsmonitor_cluster_link_up)" = 1 ] &&
        record relink seconds "$(awk -v a="$waited" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
    kill -KILL "$REDIS_PID" 2>/dev/null
    stop_redis
    sleep "$OUTAGE_SETTLE"
    echo_figure echo_killed
    stop_nodes
}

run_echo_alone() {
    start_node alone echo || return
    wait_for_metrics
    echo_figure echo_none
    stop_nodes
}

RUN_START=$EPOCHREALTIME
for run in $(seq 1 "$REPEAT"); do
    progress "run $run of $REPEAT"
    [ -z "$CLUSTER_SKIPPED" ] && run_fanout_cluster
    run_fanout_single
    [ -z "$CLUSTER_SKIPPED" ] && run_outage
    run_echo_alone
done

WALL=$(seconds_since "$RUN_START")
N=$(thousands "$CLIENTS")
N3=$(thousands "$SINGLE_CLIENTS")
echo
echo "wsmonitor cluster: medians of $REPEAT run(s), $(date '+%Y-%m-%d %H:%M'), $(nproc) cores, ${DURATION} s windows, wall time ${WALL} s"
[ -n "$CLUSTER_SKIPPED" ] && echo "Cluster figures: skipped ($CLUSTER_SKIPPED)."
echo
echo "Broadcast fan-out: cluster = 3 nodes x $N receivers through Redis, publisher on node 1; one node = $N3 receivers, no cluster."
echo "offered/s: rate x receivers; delivered/s: deliveries of any message while measuring; delivered%: the measured"
echo "window's messages that arrived within ${DRAIN} s of its end; p50/p99: their publish-to-delivery latency."
echo
printf '| %9s | %-9s | %12s | %12s | %10s | %8s | %8s | %5s | %12s |\n' \
    "msg/s" "" "offered/s" "delivered/s" "delivered%" "p50 ms" "p99 ms" "lost" "out of order"
table_rule 9 9 12 12 10 8 8 5 12
for rate in "${RATE_LIST[@]}"; do
    for kind in cluster single; do
        [ "$kind" = cluster ] && [ -n "$CLUSTER_SKIPPED" ] && continue
        f=fan_${kind}_$rate
        label=$([ "$kind" = cluster ] && echo "cluster" || echo "one node")
        printf '| %9s | %-9s | %12s | %12s | %10s | %8s | %8s | %5s | %12s |\n' "$(thousands "$rate")" "$label" \
            "$(thousands $((rate * SINGLE_CLIENTS)))" "$(format_value "$(value_of "$f" any_per_s)" 0)" \
            "$(format_value "$(value_of "$f" ratio)" 1)" \
            "$(format_value "$(value_of "$f" p50)" 2)" "$(format_value "$(value_of "$f" p99)" 2)" \
            "$(format_value "$(value_of "$f" lost)" 0)" "$(format_value "$(value_of "$f" order)" 0)"
    done
done
echo
echo "Echo during a Redis outage: one node, $ECHO_CLIENTS clients echoing 64-byte messages"
echo
printf '| %-36s | %10s | %8s | %12s |\n' "node" "echo msg/s" "p99 ms" "link up"
table_rule 36 10 8 12
echo_row() {
    printf '| %-36s | %10s | %8s | %12s |\n' "$2" "$(format_value "$(value_of "$1" msg_per_s)" 0)" \
        "$(format_value "$(value_of "$1" p99)" 2)" "$(value_of "$1" link)"
}
if [ -z "$CLUSTER_SKIPPED" ]; then
    echo_row echo_up "--cluster, Redis up"
    echo_row echo_stopped "--cluster, Redis stopped (SIGSTOP)"
    echo_row echo_killed "--cluster, Redis killed"
fi
echo_row echo_none "no --cluster"
if [ -z "$CLUSTER_SKIPPED" ]; then
    echo
    echo "Link back after SIGCONT: $(format_value "$(value_of relink seconds)" 1) s (median)"
fi
