# Shell helpers shared by bench/run-benchmarks.sh, bench/run-ceilings.sh and bench/soak.sh, which
# source this file (it runs nothing by itself). It holds: messages (die, warn, progress); the
# options more than one script takes (parse_options); the binaries in the build directory; raising
# the descriptor limit; the work directory and the exit trap that stops every process started;
# starting, stopping and watching processes; starting a server and taking its port from its
# "listening on ws://..." line; /proc and /metrics readers; running wsm_loadgen and parsing its
# key=value result line; samples and their medians; the table's cells.
#
# A script sets BENCH_NAME (the prefix of its messages) before it sources this file, and defines
# usage (for -h/--help) and own_option (see parse_options).
# shellcheck shell=bash disable=SC2034 # the variables set here are read by the scripts

# --- messages ---

warn() { echo "$BENCH_NAME: $*" >&2; }

die() {
    warn "$@"
    exit 2
}

progress() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# --- options ---

BUILD_DIR=./build
WSMONITOR_ARGS=${WSM_BENCH_WSMONITOR_ARGS:-}
RESULTS_FILE=""
KEEP_LOGS=0
# The shared options a script takes, of --build-dir --repeat --wsmonitor-args --results --keep-logs.
SHARED_OPTIONS=""
OPT_SHIFT=1

# option_value VAR WHAT ARGS...: "--name VALUE" or "--name=VALUE" at the start of ARGS sets VAR to
# VALUE; without a VALUE: "--name needs WHAT.". OPT_SHIFT is the words it took.
option_value() {
    local var=$1 what=$2
    shift 2
    case "$1" in
        *=*) printf -v "$var" '%s' "${1#*=}"; OPT_SHIFT=1 ;;
        *) [ $# -ge 2 ] || die "$1 needs $what."; printf -v "$var" '%s' "$2"; OPT_SHIFT=2 ;;
    esac
}

# The option at the start of ARGS, if it is one of SHARED_OPTIONS or -h/--help; else an unknown argument.
shared_option() {
    case " $SHARED_OPTIONS -h --help " in
        *" ${1%%=*} "*) ;;
        *) die "unknown argument '$1'; see --help." ;;
    esac
    case "$1" in
        --build-dir|--build-dir=*) option_value BUILD_DIR "a directory" "$@" ;;
        --repeat|--repeat=*) option_value REPEAT "a number" "$@" ;;
        --wsmonitor-args|--wsmonitor-args=*) option_value WSMONITOR_ARGS "a value" "$@" ;;
        --results|--results=*) option_value RESULTS_FILE "a file name" "$@" ;;
        --keep-logs) KEEP_LOGS=1 ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument '$1'; see --help." ;;
    esac
}

# parse_options ARGS...: the command line. The script's own_option ARGS... takes the option at
# the start of ARGS if it is one of the script's own (setting OPT_SHIFT, 1 unless it says) and
# returns 1 if it is not; shared_option takes the rest.
parse_options() {
    while [ $# -gt 0 ]; do
        OPT_SHIFT=1
        own_option "$@" || shared_option "$@"
        shift "$OPT_SHIFT"
    done
}

is_whole() { [[ $1 =~ ^[0-9]+$ ]]; }

# whole_in_range OPTION VALUE MIN MAX: dies unless VALUE is a whole number from MIN to MAX.
whole_in_range() {
    if ! is_whole "$2" || [ "$2" -lt "$3" ] || [ "$2" -gt "$4" ]; then
        die "$1 must be a whole number between $3 and $4; got '$2'."
    fi
}

# --- binaries and limits ---

WSMONITOR=""
LOADGEN=""
BASELINE=""
# require_binaries BUILD_ARGS VAR...: WSMONITOR, LOADGEN and BASELINE are the binaries in
# BUILD_DIR; dies unless the ones named (by variable) are there, with a hint to build them
# (cmake --build BUILD_DIR BUILD_ARGS).
require_binaries() {
    local build_args=$1 var
    shift
    WSMONITOR=$BUILD_DIR/app/wsmonitor
    LOADGEN=$BUILD_DIR/bench/wsm_loadgen
    BASELINE=$BUILD_DIR/bench/wsm_baseline
    for var in "$@"; do
        [ -x "${!var}" ] || die "${!var} is missing: build first (cmake --build $BUILD_DIR$build_args), or give --build-dir."
    done
}

# raise_fd_limit [NEEDED]: raises the soft descriptor limit to the hard one for this shell and
# everything it starts (every client is a descriptor on both ends); HARD_LIMIT and SOFT_LIMIT are
# the two then. Returns 1 if the soft limit is still below NEEDED.
HARD_LIMIT=""
SOFT_LIMIT=""
raise_fd_limit() {
    HARD_LIMIT=$(ulimit -Hn)
    if [ "$HARD_LIMIT" = unlimited ]; then
        # An unlimited hard limit is no valid soft limit on Linux: the kernel's cap is.
        ulimit -n "$(cat /proc/sys/fs/nr_open 2>/dev/null || echo 1048576)" 2>/dev/null || true
    else
        ulimit -n "$HARD_LIMIT" 2>/dev/null || true
    fi
    SOFT_LIMIT=$(ulimit -n)
    [ -z "${1:-}" ] || [ "$SOFT_LIMIT" = unlimited ] || [ "$SOFT_LIMIT" -ge "$1" ]
}

# --- the work directory and the exit trap ---

WORK=""    # the work directory, if the script has one: removed on exit unless KEEP_LOGS=1
SAMPLES="" # WORK/samples: "FIGURE KEY VALUE" lines (record)
RAW=""     # WORK/results.txt: every raw result line, copied to RESULTS_FILE on exit

# make_work_dir PREFIX: a new WORK under TMPDIR, with empty SAMPLES and RAW.
make_work_dir() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || die "cannot make a work directory."
    SAMPLES=$WORK/samples
    RAW=$WORK/results.txt
    : >"$SAMPLES"
    : >"$RAW"
}

STARTED_PIDS=()   # every process started here
STARTED_GROUPS=() # process groups started with setsid

# The exit trap: every process and process group started here is stopped; then, if there is a
# work directory, RAW goes to RESULTS_FILE and the directory is removed or kept.
cleanup() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${STARTED_GROUPS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
    sleep 0.5
    for pid in "${STARTED_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    for pid in "${STARTED_GROUPS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
    [ -n "$WORK" ] || return 0
    if [ -n "$RESULTS_FILE" ] && [ -s "$RAW" ]; then
        cp "$RAW" "$RESULTS_FILE" 2>/dev/null || warn "cannot write $RESULTS_FILE"
    fi
    if [ "$KEEP_LOGS" = 1 ]; then
        warn "logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}

trap_cleanup() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# --- processes ---

# Running, and not a zombie: a server that crashed stays one until it is waited for.
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# Once a process is stopped and reaped its id may be reused: the exit trap must not signal it.
forget() {
    local pid kept=()
    for pid in "${STARTED_PIDS[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
    STARTED_PIDS=("${kept[@]}")
    kept=()
    for pid in "${STARTED_GROUPS[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
    STARTED_GROUPS=("${kept[@]}")
}

# stop_process PID [TENTHS]: stops one process this script started: TERM, then KILL after TENTHS
# tenths of a second (default 100). STOPPED_RC is its exit status, or "killed".
STOPPED_RC=""
stop_process() {
    local pid=$1 tenths=${2:-100} killed=""
    alive "$pid" || { wait "$pid" 2>/dev/null; STOPPED_RC=$?; forget "$pid"; return 0; }
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 "$tenths"); do
        alive "$pid" || break
        sleep 0.1
    done
    if alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null
        killed=1
    fi
    wait "$pid" 2>/dev/null
    STOPPED_RC=$?
    [ -n "$killed" ] && STOPPED_RC=killed
    forget "$pid"
    return 0
}

# Waits until FILE has a line matching PATTERN while PID lives; at most SECONDS.
wait_for_line() {
    local file=$1 pattern=$2 pid=$3 seconds=$4
    for _ in $(seq 1 $((seconds * 10))); do
        grep -q -- "$pattern" "$file" 2>/dev/null && return 0
        alive "$pid" || { grep -q -- "$pattern" "$file" 2>/dev/null; return; }
        sleep 0.1
    done
    return 1
}

# --- the server ---

SERVER_PID=""
SERVER_PORT=""
SERVER_URL=""

# launch_server NAME LOG COMMAND...: runs a server (output in LOG.out and LOG.err) that prints
# "listening on ws://HOST:PORT/..." and waits at most 20 s for that line: SERVER_PID, SERVER_URL
# and SERVER_PORT. If it does not come, says so, stops the server and returns 1.
launch_server() {
    local name=$1 out=$2.out err=$2.err
    shift 2
    "$@" >"$out" 2>"$err" &
    SERVER_PID=$!
    STARTED_PIDS+=("$SERVER_PID")
    if ! wait_for_line "$out" '^listening on ws://' "$SERVER_PID" 20; then
        warn "$name did not start: $(tr '\n' ' ' <"$err")"
        stop_process "$SERVER_PID"
        SERVER_PID=""
        return 1
    fi
    SERVER_URL=$(grep -m1 -o 'ws://[^ ]*' "$out")
    SERVER_PORT=${SERVER_URL##*:}
    SERVER_PORT=${SERVER_PORT%%/*}
    return 0
}

# Stops the server launch_server started.
stop_server() {
    [ -n "$SERVER_PID" ] && stop_process "$SERVER_PID"
    SERVER_PID=""
}

# Waits until wsmonitor's /metrics answers (at most 5 s: it does once the server thread runs),
# then 1 s more for the server to settle before a figure is taken at idle.
wait_for_metrics() {
    for _ in $(seq 1 50); do [ -n "$(metric "$SERVER_PORT" wsmonitor_clients_connected)" ] && break; sleep 0.1; done
    sleep 1
}

# --- /proc and /metrics ---

# utime + stime of one thread, in clock ticks (fields 14 and 15; the name in parentheses may hold spaces).
thread_ticks() {
    local stat
    stat=$(cat "/proc/$1/task/$2/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    awk '{ print $12 + $13 }' <<<"$stat"
}

# utime + stime of the whole process, in clock ticks.
process_ticks() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    awk '{ print $12 + $13 }' <<<"$stat"
}

# cpu_percent TICKS_BEFORE TICKS_AFTER WALL_BEFORE WALL_AFTER: CPU share of one core, in percent.
cpu_percent() {
    awk -v a="$2" -v b="$1" -v hz="$(getconf CLK_TCK)" -v t0="$3" -v t1="$4" \
        'BEGIN { printf "%.1f", 100 * (a - b) / hz / (t1 - t0) }'
}

# A port nobody listens on or connects from, below the usual ephemeral range.
free_port() {
    local port hex
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 10000))
        hex=$(printf '%04X' "$port")
        if ! grep -q ":$hex " /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

# A GET on 127.0.0.1:PORT over bash's /dev/tcp: no curl needed. At most SECONDS (default 5).
http_get() {
    timeout "${3:-5}" bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3
cat <&3' "$1" "$2" 2>/dev/null
}

# metric PORT NAME: one value from /metrics; empty when it is not there.
metric() { http_get "$1" /metrics | awk -v name="$2" '$1 == name { print $2; exit }'; }

# --- wsm_loadgen ---

HOLD_PID=""
HELD=0
# Holds N idle clients on the current server in the background; HELD is how many were upgraded.
start_hold() {
    local n=$1 out=$WORK/hold-$SERVER_SEQ.out
    "$LOADGEN" hold --url "$SERVER_URL" --clients "$n" --timeout 1800 >"$out" 2>"$WORK/hold-$SERVER_SEQ.err" &
    HOLD_PID=$!
    STARTED_PIDS+=("$HOLD_PID")
    HELD=0
    if wait_for_line "$out" '^held ' "$HOLD_PID" 300; then
        HELD=$(awk '/^held / { print $2; exit }' "$out")
        return 0
    fi
    warn "holding $n clients on $SERVER_KIND failed: $(tr '\n' ' ' <"$WORK/hold-$SERVER_SEQ.err")"
    return 1
}

stop_hold() {
    [ -n "$HOLD_PID" ] && stop_process "$HOLD_PID"
    HOLD_PID=""
    [ -f "$WORK/hold-$SERVER_SEQ.out" ] && grep '^mode=' "$WORK/hold-$SERVER_SEQ.out" | sed "s/^/$SERVER_KIND /" >>"$RAW"
    return 0
}

# The value of KEY in a key=value result line.
kv() { tr ' ' '\n' <<<"$2" | awk -F= -v key="$1" '$1 == key { print $2; exit }'; }

LINE=""          # the last result line taken (empty if there was none)
RESULT_TAG=""    # the name of the variable whose value starts each line in RAW (what ran against what)
LOADGEN_SEQ=0
LOADGEN_PID=""
LOADGEN_OUT=""

# start_loadgen MODE ARGS...: the load generator in the background; LOADGEN_PID, and its output
# in LOADGEN_OUT (WORK/loadgen-SEQ-MODE.out, and .err beside it).
start_loadgen() {
    LOADGEN_SEQ=$((LOADGEN_SEQ + 1))
    LOADGEN_OUT=$WORK/loadgen-$LOADGEN_SEQ-$1.out
    "$LOADGEN" "$@" >"$LOADGEN_OUT" 2>"${LOADGEN_OUT%.out}.err" &
    LOADGEN_PID=$!
    STARTED_PIDS+=("$LOADGEN_PID")
}

# take_result_line OUT: LINE is the result line in the load generator's output OUT; it goes to RAW too.
take_result_line() {
    LINE=$(grep -m1 '^mode=' "$1")
    [ -n "$LINE" ] && echo "${!RESULT_TAG} $LINE" >>"$RAW"
}

# Runs the load generator; LINE is its result line (empty if it gave none). It runs in the
# background and the shell waits with the wait builtin, so a signal to this script is handled at
# once and the exit trap stops the load generator too.
run_loadgen() {
    local out err rc
    start_loadgen "$@"
    out=$LOADGEN_OUT
    err=${out%.out}.err
    wait "$LOADGEN_PID"
    rc=$?
    forget "$LOADGEN_PID"
    take_result_line "$out"
    if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then
        warn "wsm_loadgen $1 exited with $rc: $(tr '\n' ' ' <"$err")"
    elif [ "$rc" = 3 ]; then
        warn "wsm_loadgen $1 ran into its --timeout: $(grep '^#' "$out" | head -1)"
    fi
    return 0
}

# run_echo [WARMUP]: the good clients' echo run on SERVER_URL (ECHO_CLIENTS, ECHO_INFLIGHT,
# MESSAGE_SIZE, DURATION, MEASURE_TIMEOUT); the warm-up is WARMUP unless given.
run_echo() {
    run_loadgen echo --url "$SERVER_URL" --clients "$ECHO_CLIENTS" --inflight "$ECHO_INFLIGHT" \
        --size "$MESSAGE_SIZE" --warmup "${1:-$WARMUP}" --duration "$DURATION" --timeout "$MEASURE_TIMEOUT"
}

# Whether the last run gave a result line in which no client failed or was lost.
line_clean() { [ -n "$LINE" ] && [ "$(kv failed "$LINE")" = 0 ] && [ "$(kv lost "$LINE")" = 0 ]; }

self_test_loadgen() {
    "$LOADGEN" --self-test >"$WORK/self-test.out" || die "wsm_loadgen --self-test failed: $(cat "$WORK/self-test.out")"
}

# --- samples and the table ---

# record FIGURE KEY VALUE: one sample; "-" or empty is a sample that could not be taken.
record() {
    local value=${3:-}
    [ -n "$value" ] && [ "$value" != "-" ] && echo "$1 $2 $value" >>"$SAMPLES"
    return 0
}

median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "-"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# value_of FIGURE KEY: the median of its samples, "-" for none.
value_of() { awk -v f="$1" -v s="$2" '$1 == f && $2 == s { print $3 }' "$SAMPLES" | median; }

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) { print "-"; exit }
        printf "%.2f", a / b }'
}

format_value() {
    local value=$1 decimals=$2
    if [ "$value" = "-" ]; then echo "-"; else awk -v v="$value" -v d="$decimals" 'BEGIN { printf "%.*f", d, v }'; fi
}

# table_rule WIDTH...: the line under a table's head, for columns WIDTH wide ("| %-Ws |" cells).
table_rule() {
    local rule="" width
    for width in "$@"; do rule+="|$(printf -- '-%.0s' $(seq 1 $((width + 2))))"; done
    echo "$rule|"
}

# Whole seconds since START (an EPOCHREALTIME), rounded.
seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }'; }

# N with thousands separators where the locale has them.
thousands() { printf "%'d" "$1" 2>/dev/null || echo "$1"; }
