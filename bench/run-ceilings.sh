#!/usr/bin/env bash
# Measures what wsmonitor's ceilings on what all clients together make it hold (--max-inbound-buffer-bytes,
# --max-outbound-buffer-bytes, --min-receive-rate) do against a flood of stalled clients, with the
# server at its defaults: the good clients' echo throughput, the server's RSS and its buffer
# gauges, and who was closed with what. It builds nothing: point it at a build directory that has
# app/wsmonitor and bench/wsm_loadgen. Every process it starts is stopped when it exits, whatever
# the reason; only 127.0.0.1 is ever a target. It measures and never asserts: a figure that could
# not be taken shows as "-".

set -u -o pipefail

BENCH_NAME="run-ceilings"
# shellcheck source=benchlib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/benchlib.sh" || { echo "$BENCH_NAME: cannot read benchlib.sh" >&2; exit 2; }

usage() {
    cat <<'EOF'
Usage: bench/run-ceilings.sh [--build-dir DIR] [--repeat N] [--clients N]
                             [--wsmonitor-args "ARGS"] [--results FILE] [--keep-logs]

  --build-dir DIR          the build directory (default ./build)
  --repeat N               runs of every figure; the table shows medians (1-20, default 1)
  --clients N              stalled clients in each attack (100-9000; default 2000; wsmonitor's
                           default --max-connections is 10000)
  --wsmonitor-args "ARGS"  extra arguments for every wsmonitor start (default none: the ceilings
                           at their defaults), e.g. "--max-inbound-buffer-bytes 67108864"; also
                           taken from WSM_BENCH_WSMONITOR_ARGS
  --results FILE           also write every raw result line to FILE
  --keep-logs              keep the work directory with every process's output

Each run, against wsmonitor --headless on 127.0.0.1 (port 0) at its defaults:
  none             echo msg/s and p99 of 50 good clients (128-byte binary messages, 2 in flight each)
                   with no attack; the server's RSS idle (VmRSS) beside it
  stalled senders  N clients each send the head and 95% of one 1,048,000-byte binary frame (under
                   the default --max-message-bytes of 1 MiB, over the inbound ceiling of 256 MiB
                   all together) and stall (wsm_loadgen stalledsender); once all have stalled, the
                   50 good clients' echo again; peak RSS (VmHWM), the peak of
                   wsmonitor_inbound_buffer_bytes and its value at the end of that echo run, RSS
                   once every attacker is gone, and how the server closed them (1009: inbound
                   ceiling, 1008: minimum receive rate)
  stalled readers  on a fresh server, N clients each send 1 MiB of 16 KiB messages and never read
                   what the server echoes back (wsm_loadgen slowreader: under the 4 MiB send queue
                   cap each, over the outbound ceiling of 512 MiB all together); once all have
                   sent, the good clients' echo again; RSS and wsmonitor_outbound_buffer_bytes
  broadcast        on a fresh server in --mode broadcast, N readers that never read each send
                   one 1 KiB message, which goes to every other client (N x (N-1) sends): RSS and
                   wsmonitor_outbound_buffer_bytes; no echo figure (a broadcast server echoes nothing)
A run takes about 2 minutes with 2,000 clients.
EOF
}

REPEAT=1
CLIENTS=2000
SHARED_OPTIONS="--build-dir --repeat --wsmonitor-args --results --keep-logs"
own_option() {
    case "$1" in
        --clients|--clients=*) option_value CLIENTS "a number" "$@" ;;
        *) return 1 ;;
    esac
}
parse_options "$@"

whole_in_range --repeat "$REPEAT" 1 20
whole_in_range --clients "$CLIENTS" 100 9000
read -r -a EXTRA_ARGS <<<"$WSMONITOR_ARGS"

# The good clients: as run-benchmarks.sh's echo figure.
ECHO_CLIENTS=50
ECHO_INFLIGHT=2
MESSAGE_SIZE=128
WARMUP=1
DURATION=3
# Under attack the window must fall while the attack holds: the default minimum receive rate
# judges a stalled message over 10 s windows, the first of which its own part fills.
ATTACK_WARMUP=0.5
MEASURE_TIMEOUT=60
# Stalled senders: one frame just under the default --max-message-bytes (1048576), 95% of it sent.
STALL_SIZE=1048000
STALL_FRACTION=95
# Stalled readers: 1 MiB each, under the default 4 MiB send queue cap for one client.
READER_SIZE=16384
READER_BYTES=1048576
READER_DURATION=20
# Broadcast: one message each, fanned out to every other client.
BROADCAST_SIZE=1024
# Every attack ends by itself: all closed by the server, its --duration, or this cap.
ATTACK_TIMEOUT=120
# How long an attack may take to be in place (all stalled); readers: see run_stalled_readers.
ATTACK_READY_SECONDS=90
READERS_READY_SECONDS=8
# After an attack's clients are gone, before "RSS after": sessions go with deleteLater().
SETTLE_SECONDS=3
SAMPLE_SECONDS=0.25
# A busy server answers /metrics late: a late sample is still a sample.
SAMPLE_WAIT_SECONDS=20

require_binaries " --target wsmonitor wsm_loadgen" WSMONITOR LOADGEN
[[ $("$LOADGEN" --help) == *$'\n  stalledsender '* ]] || die "$LOADGEN has no stalledsender mode: rebuild it (cmake --build $BUILD_DIR --target wsm_loadgen)."

# Every client is a descriptor on both ends.
NEEDED=$((CLIENTS + ECHO_CLIENTS + 200))
raise_fd_limit "$NEEDED" || die "ulimit -n is $SOFT_LIMIT (hard $HARD_LIMIT), but $CLIENTS clients need about $NEEDED descriptors in each of the load generator and the server. Use fewer --clients, or raise the hard limit (e.g. in /etc/security/limits.conf) and log in again."

make_work_dir wsm-ceilings
NOTES=$WORK/notes
: >"$NOTES"
trap_cleanup
RESULT_TAG=SCENARIO

# The resident high-water mark: the peak RSS over the process's life (a fresh server per attack).
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

# metrics PORT SECONDS NAME...: several /metrics values at once, in the order asked, "-" for one
# not there (or no answer within SECONDS).
metrics() {
    http_get "$1" /metrics "$2" | awk -v names="${*:3}" '
        BEGIN { n = split(names, want, " ") }
        { value[$1] = $2 }
        END { for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? " " : ""), (want[i] in value ? value[want[i]] : "-"); print "" }'
}

# "reason=count ..." of the closes by the server's reasons that are above zero.
closed_reasons() {
    http_get "$1" /metrics | awk '$1 ~ /^wsmonitor_connections_closed_total\{reason="/ && $2 > 0 {
        reason = $1; sub(/^[^"]*"/, "", reason); sub(/".*$/, "", reason); printf "%s%s=%s", sep, reason, $2; sep = " " }'
}

# The count of one reason in REASONS ("reason=count ..."); 0 when it is not there.
reason_count() { tr ' ' '\n' <<<"$REASONS" | awk -F= -v r="$1" '$1 == r { n = $2 } END { print n + 0 }'; }

# The closes in REASONS that were the server's decision: all but the clients' own ends (and a stop).
server_closes() {
    tr ' ' '\n' <<<"$REASONS" | awk -F= '$1 != "" && $1 != "client_closed" && $1 != "client_dropped" \
        && $1 != "server_shutdown" { n += $2 } END { print n + 0 }'
}

# The value of KEY in a key=value result line, 0 when it is not there.
kv0() { local value; value=$(kv "$1" "$2"); echo "${value:-0}"; }

# note TEXT: a line under the table (each run's, in order).
note() { echo "$*" >>"$NOTES"; }

kib_to_mib() { [ -n "${1:-}" ] && awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
bytes_to_mib() { [ -n "${1:-}" ] && awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

SERVER_RC=""
SERVER_SEQ=0

# start_server [wsmonitor arguments...]: a fresh wsmonitor --headless at its defaults, on a port
# of its choosing on 127.0.0.1.
start_server() {
    SERVER_SEQ=$((SERVER_SEQ + 1))
    SERVER_RC=""
    launch_server wsmonitor "$WORK/server-$SERVER_SEQ" "$WSMONITOR" --headless --quiet --listen 127.0.0.1:0 \
        "$@" "${EXTRA_ARGS[@]}" || return 1
    wait_for_metrics
    return 0
}

# Whether the server still runs; if it ended, SERVER_RC is its exit status (139: SIGSEGV).
server_alive() {
    [ -n "$SERVER_PID" ] || return 1
    alive "$SERVER_PID" && return 0
    if [ -z "$SERVER_RC" ]; then
        wait "$SERVER_PID" 2>/dev/null
        SERVER_RC=$?
        forget "$SERVER_PID"
    fi
    return 1
}

server_death() {
    local rc=$SERVER_RC signal=""
    [ "${rc:-0}" -gt 128 ] && signal=" (signal $((rc - 128)): $(kill -l $((rc - 128)) 2>/dev/null))"
    echo "wsmonitor ended during the attack with exit status $rc$signal; its stderr ends: $(tail -c 300 "$WORK/server-$SERVER_SEQ.err" | tr '\n' ' ')"
}

stop_server() {
    [ -n "$SERVER_PID" ] && server_alive && stop_process "$SERVER_PID"
    SERVER_PID=""
}

# Records the last echo run's msg/s and p99 as echo_rate and echo_p99 of SCENARIO, unless a
# client failed or was lost on the way.
record_echo() {
    line_clean || return 0
    record echo_rate "$SCENARIO" "$(kv msg_per_s "$LINE")"
    record echo_p99 "$SCENARIO" "$(kv p99_ms "$LINE")"
}

# The attack runs in the background while the good clients are measured; its result line comes
# when it ends.
ATTACK_PID=""
ATTACK_OUT=""
start_attack() {
    start_loadgen "$@"
    ATTACK_PID=$LOADGEN_PID
    ATTACK_OUT=$LOADGEN_OUT
}

# Waits for the attack to end by itself (its own --timeout bounds it; this is a margin more), then
# stops the samplers.
finish_attack() {
    local rc
    for _ in $(seq 1 $(((ATTACK_TIMEOUT + 30) * 10))); do
        alive "$ATTACK_PID" || break
        sleep 0.1
    done
    if alive "$ATTACK_PID"; then
        warn "the attack outlived its --timeout; stopping it"
        stop_process "$ATTACK_PID"
    fi
    wait "$ATTACK_PID" 2>/dev/null
    rc=$?
    forget "$ATTACK_PID"
    ATTACK_PID=""
    take_result_line "$ATTACK_OUT"
    [ "$rc" = 0 ] || [ "$rc" = 3 ] || warn "the attack exited with $rc: $(tr '\n' ' ' <"${ATTACK_OUT%.out}.err")"
    stop_samplers
    return 0
}

# While the attack runs, at most ATTACK_TIMEOUT + 30 s: the server's RSS every SAMPLE_SECONDS
# into FILE.rss (KiB a line), and /metrics (which a busy server may answer late) as often as it
# answers into FILE.metrics ("inbound outbound clients_connected heap_bytes attack_running" a line:
# the two gauges, wsmonitor_clients_connected, wsmonitor_process_heap_bytes, and 1 while the attack
# runs). FILE is SAMPLE_FILE, WORK/samples-SCENARIO-RUN.
SAMPLER_PIDS=()
SAMPLE_FILE=""
start_samplers() {
    local file=$WORK/samples-$SCENARIO-$RUN
    SAMPLE_FILE=$file
    : >"$file.rss"
    : >"$file.metrics"
    (
        end=$((SECONDS + ATTACK_TIMEOUT + 30))
        while [ "$SECONDS" -lt "$end" ] && alive "$SERVER_PID"; do
            rss_kb "$SERVER_PID" >>"$file.rss"
            sleep "$SAMPLE_SECONDS"
        done
    ) &
    SAMPLER_PIDS+=($!)
    (
        end=$((SECONDS + ATTACK_TIMEOUT + 30))
        while [ "$SECONDS" -lt "$end" ] && alive "$SERVER_PID"; do
            values=$(metrics "$SERVER_PORT" "$SAMPLE_WAIT_SECONDS" wsmonitor_inbound_buffer_bytes wsmonitor_outbound_buffer_bytes \
                wsmonitor_clients_connected wsmonitor_process_heap_bytes)
            running=0
            alive "$ATTACK_PID" && running=1
            [ -n "$values" ] && [ "${values%% *}" != - ] && echo "$values $running" >>"$file.metrics"
            sleep "$SAMPLE_SECONDS"
        done
    ) &
    SAMPLER_PIDS+=($!)
    STARTED_PIDS+=("${SAMPLER_PIDS[@]}")
}

stop_samplers() {
    local pid
    for pid in "${SAMPLER_PIDS[@]}"; do stop_process "$pid"; done
    SAMPLER_PIDS=()
}

# The largest value of column COLUMN in a sample file.
sample_max() { awk -v c="$2" '$c != "" && $c != "-" && $c + 0 > m { m = $c + 0 } END { if (NR) print m }' "$1"; }

# begin_scenario SCENARIO TEXT [wsmonitor arguments...]: says TEXT, starts a fresh server for
# SCENARIO and records its RSS idle.
begin_scenario() {
    SCENARIO=$1
    progress "$2"
    shift 2
    start_server "$@" || return
    record rss_idle "$SCENARIO" "$(kib_to_mib "$(rss_kb "$SERVER_PID")")"
}

# echo_under_attack GAUGE_KEY: the good clients' echo while the attack holds, and the gauge at its end.
echo_under_attack() {
    run_echo "$ATTACK_WARMUP"
    record_echo
    record gauge_in_echo "$SCENARIO" "$(bytes_to_mib "$(metric "$SERVER_PORT" "$1")")"
}

# end_scenario GAUGE_KEY CEILING_REASON: after an attack, the peaks, the clients the server still
# had open when it ended, RSS once its clients are gone, the server's closes by reason (those for
# CEILING_REASON as the ceiling's); then the server is stopped.
end_scenario() {
    local gauge_key=$1 ceiling_reason=$2 file=$SAMPLE_FILE peak after column=2
    [ "$gauge_key" = wsmonitor_inbound_buffer_bytes ] && column=1
    if alive "$SERVER_PID"; then
        peak=$(hwm_kb "$SERVER_PID")
        sleep "$SETTLE_SECONDS"
        record rss_after "$SCENARIO" "$(kib_to_mib "$(rss_kb "$SERVER_PID")")"
        after=$(metrics "$SERVER_PORT" 5 "$gauge_key" wsmonitor_process_heap_bytes)
        record gauge_after "$SCENARIO" "$(bytes_to_mib "${after%% *}")"
        record heap_after "$SCENARIO" "$(bytes_to_mib "${after##* }")"
        REASONS=$(closed_reasons "$SERVER_PORT")
        record closed_all "$SCENARIO" "$(server_closes)"
        # Readers never close by themselves before the attack ends: those the server did not
        # close were still open then (the senders count their own: they see every close).
        if [ "$SCENARIO" != senders ] && [ -n "$LINE" ]; then
            record open_at_end "$SCENARIO" "$(($(kv0 upgraded "$LINE") - $(server_closes)))"
        fi
    else
        # Gone: the sampled peak is all there is.
        server_alive
        peak=$(sample_max "$file.rss" 1)
        REASONS=""
        note "run $RUN, $SCENARIO: $(server_death)"
        record server_died "$SCENARIO" 1
    fi
    record rss_peak "$SCENARIO" "$(kib_to_mib "$peak")"
    record gauge_peak "$SCENARIO" "$(bytes_to_mib "$(sample_max "$file.metrics" "$column")")"
    record inbound_peak "$SCENARIO" "$(bytes_to_mib "$(sample_max "$file.metrics" 1)")"
    record outbound_peak "$SCENARIO" "$(bytes_to_mib "$(sample_max "$file.metrics" 2)")"
    record heap_peak "$SCENARIO" "$(bytes_to_mib "$(sample_max "$file.metrics" 4)")"
    record metrics_samples "$SCENARIO" "$(wc -l <"$file.metrics")"
    if [ -n "$REASONS" ]; then
        note "run $RUN, $SCENARIO: the server's closes by reason: $REASONS"
        record closed_ceiling "$SCENARIO" "$(reason_count "$ceiling_reason")"
    fi
    stop_server
}

# none and stalled senders, on one server.
run_stalled_senders() {
    begin_scenario none "stalled senders: wsmonitor at its defaults" || return
    CEILINGS="inbound $(bytes_to_mib "$(metric "$SERVER_PORT" wsmonitor_inbound_buffer_ceiling_bytes)") MiB, outbound $(bytes_to_mib "$(metric "$SERVER_PORT" wsmonitor_outbound_buffer_ceiling_bytes)") MiB"
    progress "none: echo of $ECHO_CLIENTS clients"
    run_echo "$WARMUP"
    record_echo

    SCENARIO=senders
    record rss_idle senders "$(kib_to_mib "$(rss_kb "$SERVER_PID")")"
    progress "stalled senders: $CLIENTS clients, $STALL_FRACTION% of a $STALL_SIZE-byte frame each"
    start_attack stalledsender --url "$SERVER_URL" --clients "$CLIENTS" --size "$STALL_SIZE" \
        --fraction "$STALL_FRACTION" --timeout "$ATTACK_TIMEOUT"
    start_samplers
    if wait_for_line "$ATTACK_OUT" '^stalled ' "$ATTACK_PID" "$ATTACK_READY_SECONDS" && alive "$SERVER_PID"; then
        progress "stalled senders: $(grep -m1 '^stalled ' "$ATTACK_OUT"); echo of $ECHO_CLIENTS clients"
        echo_under_attack wsmonitor_inbound_buffer_bytes
    else
        note "run $RUN, senders: the attack was not in place within $ATTACK_READY_SECONDS s; no echo figure under it."
    fi
    progress "stalled senders: waiting until the server has closed them all (at most $ATTACK_TIMEOUT s)"
    finish_attack
    if [ -n "$LINE" ]; then
        record open_at_end senders "$(kv still_open "$LINE")"
        note "run $RUN, senders: $(kv stalled "$LINE") of $(kv upgraded "$LINE") stalled $(kv stall_ms "$LINE") ms after the start; the clients saw $(kv closed_by_server "$LINE") closes by the server: $(kv close_1009 "$LINE") with 1009, $(kv close_1008 "$LINE") with 1008, $(kv0 close_1006 "$LINE") without a close frame (1006) ($(kv closed_before_stall "$LINE") before they stalled); $(kv still_open "$LINE") still open; closed p50 $(kv closed_after_stall_p50_ms "$LINE") ms after stalling, the last $(kv closed_after_stall_max_ms "$LINE") ms."
    fi
    end_scenario wsmonitor_inbound_buffer_bytes inbound_ceiling
}

# Stalled readers on an echo server, good clients measured meanwhile.
run_stalled_readers() {
    begin_scenario readers "stalled readers: wsmonitor at its defaults" || return
    progress "stalled readers: $CLIENTS clients sending $READER_BYTES bytes of $READER_SIZE-byte messages each, never reading"
    start_attack slowreader --url "$SERVER_URL" --clients "$CLIENTS" --size "$READER_SIZE" \
        --max-bytes "$READER_BYTES" --duration "$READER_DURATION" --timeout "$ATTACK_TIMEOUT"
    start_samplers
    # A busy server takes the readers' bytes slowly: measure once they are all sent, or after
    # READERS_READY_SECONDS of the attack, whichever comes first.
    wait_for_line "$ATTACK_OUT" '^sent ' "$ATTACK_PID" "$READERS_READY_SECONDS"
    if alive "$ATTACK_PID" && alive "$SERVER_PID"; then
        progress "stalled readers: $(grep -m1 '^sent ' "$ATTACK_OUT" || echo "not all sent after $READERS_READY_SECONDS s"); echo of $ECHO_CLIENTS clients"
        echo_under_attack wsmonitor_outbound_buffer_bytes
    else
        note "run $RUN, readers: the attack was over (or the server gone) before the echo run."
    fi
    progress "stalled readers: until they end ($READER_DURATION s of the attack)"
    finish_attack
    if [ -n "$LINE" ]; then
        note "run $RUN, readers: $(grep -m1 '^sent ' "$ATTACK_OUT" || echo "not all had sent their bytes after $READER_DURATION s"); they sent $(kv sent_bytes "$LINE") bytes in all; they saw $(kv ended_by_server "$LINE") ends by the server (a reader that does not read sees the TCP end only once the data before it has come, so this undercounts)."
    fi
    end_scenario wsmonitor_outbound_buffer_bytes outbound_ceiling
}

# Broadcast fan-out to readers that never read.
run_broadcast() {
    begin_scenario broadcast "broadcast: wsmonitor --mode broadcast, otherwise at its defaults" --mode broadcast || return
    progress "broadcast: $CLIENTS readers that never read send one $BROADCAST_SIZE-byte message each"
    # --max-bytes below the handshake plus one frame: each sends exactly one message.
    start_attack slowreader --url "$SERVER_URL" --clients "$CLIENTS" --size "$BROADCAST_SIZE" \
        --max-bytes "$BROADCAST_SIZE" --duration "$READER_DURATION" --timeout "$ATTACK_TIMEOUT"
    start_samplers
    finish_attack
    end_scenario wsmonitor_outbound_buffer_bytes outbound_ceiling
}

row() { printf '| %-37s | %10s | %7s | %8s | %8s | %8s | %9s | %10s | %10s | %8s | %9s | %7s |\n' "$@"; }

# Row: scenario key | label
print_row() {
    local s=$1 label=$2 died
    died=$(value_of server_died "$s")
    row "$label" \
        "$(format_value "$(value_of echo_rate "$s")" 0)" \
        "$(ratio "$(value_of echo_rate "$s")" "$(value_of echo_rate none)")" \
        "$(format_value "$(value_of echo_p99 "$s")" 3)" \
        "$(format_value "$(value_of rss_idle "$s")" 1)" \
        "$(format_value "$(value_of rss_peak "$s")" 1)" \
        "$([ "$died" = "-" ] && format_value "$(value_of rss_after "$s")" 1 || echo died)" \
        "$(format_value "$(value_of gauge_peak "$s")" 1)" \
        "$(format_value "$(value_of gauge_in_echo "$s")" 1)" \
        "$(format_value "$(value_of closed_ceiling "$s")" 0)" \
        "$(format_value "$(value_of closed_all "$s")" 0)" \
        "$(format_value "$(value_of open_at_end "$s")" 0)"
}

RUN_START=$EPOCHREALTIME
self_test_loadgen
progress "work directory $WORK; $REPEAT run(s); $CLIENTS stalled clients; wsmonitor extra arguments: ${WSMONITOR_ARGS:-none}"
CEILINGS=""
SCENARIO=""
REASONS=""
for RUN in $(seq 1 "$REPEAT"); do
    progress "run $RUN of $REPEAT"
    run_stalled_senders
    run_stalled_readers
    run_broadcast
done
WALL=$(seconds_since "$RUN_START")
N=$(thousands "$CLIENTS")
echo
echo "wsmonitor ceilings at their defaults: medians of $REPEAT run(s), $(date '+%Y-%m-%d %H:%M'), $(nproc) cores, wall time ${WALL} s"
echo "ceilings from /metrics: ${CEILINGS:--}; wsmonitor extra arguments: ${WSMONITOR_ARGS:-none}"
echo "good clients: $ECHO_CLIENTS echo clients, $MESSAGE_SIZE-byte binary messages, $ECHO_INFLIGHT in flight each, ${DURATION} s measured"
echo
row "attack ($N clients)" "echo msg/s" "vs none" "echo p99" "RSS idle" "RSS peak" "RSS after" "gauge peak" "gauge echo" "ceiling" "closed" "open"
row "" "" "" "ms" "MiB" "MiB" "MiB" "MiB" "MiB" "closes" "by server" "at end"
table_rule 37 10 7 8 8 8 9 10 10 8 9 7
print_row none "none"
print_row senders "stalled senders (inbound)"
print_row readers "stalled readers, echo (outbound)"
print_row broadcast "stalled readers, broadcast (outbound)"
echo
echo "RSS: VmRSS idle before the attack; peak: VmHWM (the server's whole life: a fresh server per attack; sampled"
echo "  VmRSS if the server died); after: $SETTLE_SECONDS s after the attack's last client was gone."
echo "gauge: wsmonitor_inbound_buffer_bytes for the senders, wsmonitor_outbound_buffer_bytes for the readers; peak: the"
echo "  largest of /metrics samples every $SAMPLE_SECONDS s (as often as the server answered); echo: at the end of the echo run"
echo "  under attack."
echo "ceiling closes: wsmonitor_connections_closed_total{reason=\"inbound_ceiling\"} (senders) or \"outbound_ceiling\" (readers);"
echo "  closed by server: all its closes but the clients' own (client_closed, client_dropped); open at end: its"
echo "  attackers upgraded minus those the server closed (senders: as they saw it). vs none: echo msg/s under attack / without."
echo "Senders: $STALL_FRACTION% of a $STALL_SIZE-byte frame each, until the server has closed them all; readers: $READER_BYTES bytes of"
echo "  $READER_SIZE-byte messages each, for $READER_DURATION s; broadcast: one $BROADCAST_SIZE-byte message each, to every other client, for"
echo "  $READER_DURATION s (no echo figure: a broadcast server echoes nothing)."
echo "The echo under attack starts once every sender has stalled, or once every reader has sent its bytes (at most"
echo "  $READERS_READY_SECONDS s into the attack), after ${ATTACK_WARMUP} s warm-up."
echo "Sampled from /metrics (peaks only as good as the samples: a busy server answers late):"
for s in senders readers broadcast; do
    echo "  $s: $(format_value "$(value_of metrics_samples "$s")" 0) samples; peaks: inbound $(format_value "$(value_of inbound_peak "$s")" 1) MiB, outbound $(format_value "$(value_of outbound_peak "$s")" 1) MiB, heap (wsmonitor_process_heap_bytes) $(format_value "$(value_of heap_peak "$s")" 1) MiB; after: heap $(format_value "$(value_of heap_after "$s")" 1) MiB, gauge $(format_value "$(value_of gauge_after "$s")" 1) MiB"
done
if [ -s "$NOTES" ]; then
    echo
    cat "$NOTES"
fi
