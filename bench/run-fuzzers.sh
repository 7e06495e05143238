#!/usr/bin/env bash
# Builds wsmonitor's libFuzzer targets (bench/fuzz) with clang in their own build directory and runs
# each for a while from its seed corpus. The seeds are copied to a work directory first: nothing is
# ever written into the checkout. Prints one line per target and exits 1 if any target crashed or
# broke an invariant (the input that did it is kept in the work directory, whose path is printed).
# Not part of ctest: a crash found here becomes a regression row in the unit's test suite.

set -u -o pipefail

usage() {
    cat <<'EOF'
Usage: bench/run-fuzzers.sh [--seconds N] [--build-dir DIR] [--work-dir DIR] [--only TARGET]

  --seconds N      how long each target runs, 1-86400; default 60
  --build-dir DIR  the clang build directory (default ./build-fuzz); configured with
                   -DCMAKE_CXX_COMPILER=clang++ -DWSM_FUZZ=ON if it is not yet
  --work-dir DIR   where corpora, logs and crash inputs go (default a new directory under /tmp)
  --only TARGET    run one target only: httprequesthead, commandline, settings or csvwriter

Needs clang and libFuzzer's runtime (Debian 12: apt-get install -y clang libclang-rt-14-dev).
Exit codes: 0 no target crashed; 1 a target crashed (or did not build or run); 2 bad command line.
EOF
}

die() {
    echo "run-fuzzers: $*" >&2
    exit 2
}

SECONDS_EACH=60
BUILD_DIR=./build-fuzz
WORK=""
ONLY=""
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) [ $# -ge 2 ] || die "--seconds needs a number."; SECONDS_EACH=$2; shift 2 ;;
        --seconds=*) SECONDS_EACH=${1#*=}; shift ;;
        --build-dir) [ $# -ge 2 ] || die "--build-dir needs a directory."; BUILD_DIR=$2; shift 2 ;;
        --build-dir=*) BUILD_DIR=${1#*=}; shift ;;
        --work-dir) [ $# -ge 2 ] || die "--work-dir needs a directory."; WORK=$2; shift 2 ;;
        --work-dir=*) WORK=${1#*=}; shift ;;
        --only) [ $# -ge 2 ] || die "--only needs a target."; ONLY=$2; shift 2 ;;
        --only=*) ONLY=${1#*=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument '$1'; see --help." ;;
    esac
done
[[ $SECONDS_EACH =~ ^[0-9]+$ ]] && [ "$SECONDS_EACH" -ge 1 ] && [ "$SECONDS_EACH" -le 86400 ] \
    || die "--seconds must be a whole number between 1 and 86400; got '$SECONDS_EACH'."

SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
TARGETS=(httprequesthead commandline settings csvwriter)
if [ -n "$ONLY" ]; then
    [[ " ${TARGETS[*]} " == *" $ONLY "* ]] || die "--only takes one of: ${TARGETS[*]}; got '$ONLY'."
    TARGETS=("$ONLY")
fi
command -v clang++ >/dev/null || die "clang++ is not installed (Debian 12: apt-get install -y clang libclang-rt-14-dev)."

# Configure once; a tree configured with another compiler cannot be switched, so say so.
if [ -f "$BUILD_DIR/CMakeCache.txt" ] && ! grep -q '^WSM_FUZZ:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
    die "$BUILD_DIR is a build directory without WSM_FUZZ=ON; give a fresh --build-dir."
fi
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DWSM_FUZZ=ON >/dev/null || { echo "run-fuzzers: configuring $BUILD_DIR failed" >&2; exit 1; }
fi
BUILD_TARGETS=()
for target in "${TARGETS[@]}"; do BUILD_TARGETS+=("fuzz_$target"); done
echo "[$(date +%H:%M:%S)] building ${BUILD_TARGETS[*]} in $BUILD_DIR" >&2
cmake --build "$BUILD_DIR" --target "${BUILD_TARGETS[@]}" >"${TMPDIR:-/tmp}/run-fuzzers-build.$$.log" 2>&1 || {
    tail -30 "${TMPDIR:-/tmp}/run-fuzzers-build.$$.log" >&2
    echo "run-fuzzers: the build failed (log: ${TMPDIR:-/tmp}/run-fuzzers-build.$$.log)" >&2
    exit 1
}
rm -f "${TMPDIR:-/tmp}/run-fuzzers-build.$$.log"

if [ -z "$WORK" ]; then
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/wsm-fuzz.XXXXXX") || die "cannot make a work directory."
else
    mkdir -p "$WORK" || die "cannot make $WORK."
fi
echo "[$(date +%H:%M:%S)] work directory $WORK; $SECONDS_EACH s per target" >&2

# Qt needs no display here; leaks in Qt's own one-time statics are not ours.
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

FAILED=0
SUMMARY=()
for target in "${TARGETS[@]}"; do
    corpus=$WORK/corpus/$target
    artifacts=$WORK/crashes/$target
    log=$WORK/$target.log
    mkdir -p "$corpus" "$artifacts"
    cp "$SOURCE_DIR/bench/fuzz/corpus/$target/"* "$corpus/" 2>/dev/null
    echo "[$(date +%H:%M:%S)] fuzz_$target for $SECONDS_EACH s" >&2
    # QSettings keeps a process-wide cache of the files it read, so to libFuzzer's per-input leak
    # check nearly every settings input looks like a leak, and the heap scan that follows makes the
    # run 30 times slower: that target runs without the per-input check.
    extra=()
    [ "$target" = settings ] && extra=(-detect_leaks=0)
    # -max_total_time bounds the run; -timeout makes one slow input a finding; the corpus directory
    # collects new inputs (in the work directory, never the checkout's seeds).
    "$BUILD_DIR/bench/fuzz/fuzz_$target" "${extra[@]}" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1
    rc=$?
    runs=$(awk '/^stat::number_of_executed_units:/ { print $2 }' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{ print $2 }')
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | awk '{ print $2 }')
    crashes=$(find "$artifacts" -type f | wc -l)
    units=$(find "$corpus" -type f | wc -l)
    status=ok
    if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
        status="CRASHED (exit $rc): $(find "$artifacts" -type f | head -1); log $log"
        FAILED=1
    fi
    SUMMARY+=("$(printf '%-16s runs %-9s coverage %-6s features %-6s corpus %-5s crashes %s  %s' \
        "$target" "${runs:--}" "${cov:--}" "${ft:--}" "$units" "$crashes" "$status")")
done

echo
echo "wsmonitor fuzzing: $SECONDS_EACH s per target, $(date '+%Y-%m-%d %H:%M'); work directory $WORK"
for line in "${SUMMARY[@]}"; do echo "$line"; done
exit "$FAILED"
