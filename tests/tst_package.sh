#!/usr/bin/env bash
# tst_package: `cpack -G DEB` makes a package that holds what a node installed as a service needs,
# and its systemd unit parses. Run by ctest (tests/CMakeLists.txt) as
#   tst_package.sh BUILD_DIR VERSION
# It packs into a temporary directory, never into the build tree, and exits 77 (ctest: skipped)
# where Debian's tools are missing. systemd-analyze is optional: without it the unit is not
# verified, and the output says so.
set -uo pipefail

build_dir=${1:?usage: tst_package.sh BUILD_DIR VERSION}
version=${2:?usage: tst_package.sh BUILD_DIR VERSION}
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

pass() { echo "PASS: $*"; }

# check WHAT COMMAND...: PASS WHAT when COMMAND succeeds, FAIL WHAT when it does not.
check() {
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

for tool in cpack dpkg-deb dpkg-shlibdeps; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: $tool is not installed (Debian: dpkg-dev, cmake)"
        exit 77
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tst_package.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

# --- the package is made ---
if ! (cd "$work" && timeout 120 cpack -G DEB -B "$work/out" --config "$build_dir/CPackConfig.cmake") >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    fail "cpack -G DEB failed"
    exit 1
fi
deb=$(find "$work/out" -maxdepth 1 -name '*.deb' | head -n 1)
[ -n "$deb" ] || { cat "$work/cpack.log"; fail "cpack made no .deb"; exit 1; }
pass "cpack -G DEB made $(basename "$deb")"

# --- it holds the files ---
dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's#^\./#/#' >"$work/contents"
expected=(
    /usr/bin/wsmonitor
    /lib/systemd/system/wsmonitor.service
    /etc/default/wsmonitor
    /etc/wsmonitor/
    /usr/share/applications/wsmonitor.desktop
    /usr/share/metainfo/io.github.wsmonitor.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/wsmonitor.svg
    /usr/share/icons/hicolor/16x16/apps/wsmonitor.png
    /usr/share/icons/hicolor/48x48/apps/wsmonitor.png
    /usr/share/icons/hicolor/64x64/apps/wsmonitor.png
    /usr/share/icons/hicolor/128x128/apps/wsmonitor.png
    /usr/share/icons/hicolor/256x256/apps/wsmonitor.png
    /usr/share/man/man1/wsmonitor.1.gz
    /usr/share/doc/wsmonitor/copyright
    /usr/share/doc/wsmonitor/changelog.gz
)
for path in "${expected[@]}"; do
    if grep -qxF -- "$path" "$work/contents"; then
        pass "holds $path"
    else
        fail "does not hold $path"
    fi
done

# --- its control fields ---
field() { dpkg-deb -f "$deb" "$1"; }
check "Package: $(field Package) (wanted wsmonitor)" [ "$(field Package)" = wsmonitor ]
check "Version: $(field Version) (wanted the project's $version)" [ "$(field Version)" = "$version" ]
check "Section: $(field Section)" [ -n "$(field Section)" ]
check "Maintainer: $(field Maintainer) (wanted an address)" grep -q @ <<<"$(field Maintainer)"
# Depends computed from the linked libraries (dpkg-shlibdeps), not written by hand.
depends=$(field Depends)
for library in libc6 libqt6core6 libqt6websockets6; do
    check "Depends names $library" grep -q "$library" <<<"$depends"
done
dpkg-deb -I "$deb" conffiles >"$work/conffiles" 2>/dev/null
check "/etc/default/wsmonitor is a conffile" grep -qxF /etc/default/wsmonitor "$work/conffiles"

# --- what it holds works ---
root=$work/root
dpkg-deb -x "$deb" "$root" || { fail "dpkg-deb -x failed"; exit 1; }
out=$(timeout 20 "$root/usr/bin/wsmonitor" --version 2>&1)
check "the packed binary runs: '$out' (wanted version $version)" grep -qF "$version" <<<"$out"
man_page() {
    gzip -t "$root/usr/share/man/man1/wsmonitor.1.gz" &&
        zcat "$root/usr/share/man/man1/wsmonitor.1.gz" | grep -q "^\.TH WSMONITOR 1 .*$version"
}
check "the man page is gzip'd roff of version $version" man_page
# The environment file sets the one variable the unit passes on.
options_agree() {
    grep -q '^WSMONITOR_OPTS=' "$root/etc/default/wsmonitor" &&
        grep -qF "ExecStart=/usr/bin/wsmonitor --headless \$WSMONITOR_OPTS" "$root/lib/systemd/system/wsmonitor.service"
}
check "the unit passes \$WSMONITOR_OPTS, which the environment file sets" options_agree
# SIGTERM drains for up to --drain-timeout (default 5 s): systemd must wait longer before it kills.
stop_timeout=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)$/\1/p' "$root/lib/systemd/system/wsmonitor.service")
check "TimeoutStopSec=$stop_timeout is above the default drain timeout of 5 s" [ "${stop_timeout:-0}" -gt 5 ]

# --- the unit's command line starts a node ---
# What systemd runs (ExecStart with the environment file's WSMONITOR_OPTS), from the packed files;
# only the address is overridden (a later --listen wins) so that the test takes a free loopback port.
# systemd itself (DynamicUser, LoadCredential) needs a machine booted with it and is not run here.
starts_a_node() {
    local opts exec_line node_pid port answer
    opts=$(sed -n 's/^WSMONITOR_OPTS="\(.*\)"$/\1/p' "$root/etc/default/wsmonitor")
    exec_line=$(sed -n 's/^ExecStart=\/usr\/bin\/wsmonitor //p' "$root/lib/systemd/system/wsmonitor.service")
    exec_line=${exec_line//\$WSMONITOR_OPTS/$opts}
    # shellcheck disable=SC2086 # split at white space, as systemd splits $WSMONITOR_OPTS
    "$root/usr/bin/wsmonitor" $exec_line --listen 127.0.0.1:0 >"$work/node.out" 2>&1 &
    node_pid=$!
    for _ in $(seq 1 100); do
        port=$(sed -n 's#^listening on ws://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$work/node.out")
        [ -n "$port" ] && break
        kill -0 "$node_pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        cat "$work/node.out"
        kill -KILL "$node_pid" 2>/dev/null
        return 1
    fi
    # /healthz over bash's /dev/tcp: no HTTP client needed on the machine.
    answer=$(timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3 && head -n 1 <&3")
    kill -TERM "$node_pid"
    wait "$node_pid"
    local status=$?
    echo "node: $(head -n 1 "$work/node.out"); /healthz: ${answer%$'\r'}; exit status after SIGTERM: $status"
    grep -q "^HTTP/1.1 200" <<<"$answer" && [ "$status" -eq 0 ]
}
check "the unit's command line with the environment file's options starts a node that answers /healthz and stops cleanly on SIGTERM" starts_a_node

# --- the unit parses ---
if command -v systemd-analyze >/dev/null; then
    # verify wants ExecStart's binary where the unit says: point it at the packed one. Any word from
    # it (an unknown key, a value it cannot parse) is a failure: it exits 0 on those.
    mkdir -p "$work/unit"
    sed "s#^ExecStart=/usr/bin/wsmonitor #ExecStart=$root/usr/bin/wsmonitor #" \
        "$root/lib/systemd/system/wsmonitor.service" >"$work/unit/wsmonitor.service"
    if verify=$(systemd-analyze verify --man=no "$work/unit/wsmonitor.service" 2>&1) && [ -z "$verify" ]; then
        pass "systemd-analyze verify: the unit parses"
    else
        echo "$verify"
        fail "systemd-analyze verify found problems in the unit"
    fi
else
    echo "SKIP (part): systemd-analyze is not installed; the unit's syntax is not verified"
fi

if [ "$failures" -ne 0 ]; then
    echo "tst_package: $failures failed"
    exit 1
fi
echo "tst_package: all passed"
