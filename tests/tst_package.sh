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
[ "$(field Package)" = wsmonitor ] && pass "Package: wsmonitor" || fail "Package is '$(field Package)', not wsmonitor"
[ "$(field Version)" = "$version" ] && pass "Version: $version" || fail "Version is '$(field Version)', not the project's $version"
[ -n "$(field Section)" ] && pass "Section: $(field Section)" || fail "no Section"
[[ "$(field Maintainer)" == *@* ]] && pass "Maintainer has an address" || fail "Maintainer is '$(field Maintainer)'"
# Depends computed from the linked libraries (dpkg-shlibdeps), not written by hand.
depends=$(field Depends)
for library in libc6 libqt6core6 libqt6websockets6; do
    [[ "$depends" == *"$library"* ]] && pass "Depends names $library" || fail "Depends ('$depends') does not name $library"
done
dpkg-deb -I "$deb" conffiles >"$work/conffiles" 2>/dev/null
grep -qxF /etc/default/wsmonitor "$work/conffiles" && pass "/etc/default/wsmonitor is a conffile" \
    || fail "/etc/default/wsmonitor is not a conffile"

# --- what it holds works ---
root=$work/root
dpkg-deb -x "$deb" "$root" || { fail "dpkg-deb -x failed"; exit 1; }
out=$(timeout 20 "$root/usr/bin/wsmonitor" --version 2>&1)
[[ "$out" == *"$version"* ]] && pass "the packed binary runs: $out" || fail "the packed binary says '$out' to --version"
gzip -t "$root/usr/share/man/man1/wsmonitor.1.gz" && zcat "$root/usr/share/man/man1/wsmonitor.1.gz" | grep -q '^\.TH WSMONITOR 1 .*'"$version" \
    && pass "the man page is gzip'd roff of this version" || fail "the man page is not gzip'd roff naming version $version"
# The environment file sets the one variable the unit passes on.
grep -q '^WSMONITOR_OPTS=' "$root/etc/default/wsmonitor" && grep -q '\$WSMONITOR_OPTS' "$root/lib/systemd/system/wsmonitor.service" \
    && pass "the unit passes \$WSMONITOR_OPTS, which the environment file sets" || fail "the unit and the environment file do not agree on WSMONITOR_OPTS"
# SIGTERM drains for up to --drain-timeout (default 5 s): systemd must wait longer before it kills.
stop_timeout=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)$/\1/p' "$root/lib/systemd/system/wsmonitor.service")
[ -n "$stop_timeout" ] && [ "$stop_timeout" -gt 5 ] && pass "TimeoutStopSec=$stop_timeout is above the default drain timeout" \
    || fail "TimeoutStopSec ('$stop_timeout') is not above the default drain timeout of 5 s"

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
