#!/usr/bin/env bash
# Goal: the Debian package holds what the systemd unit expects and the unit
# passes systemd's own checks. Builds the .deb with cpack in the build
# directory, unpacks it into a scratch root (dpkg -x), checks every binary,
# man page, the example config and the unit are where they belong, that the
# unit runs the installed binary with the hardening asked for, that Depends
# was computed, and runs `systemd-analyze verify` on the installed unit.
# Exits 77 (ctest: SKIPPED) when cpack's DEB generator or systemd-analyze is
# missing, saying which.
#
# usage: deb_test.sh BUILD_DIR
set -euo pipefail
build=$1
skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "deb_test: FAIL: $*" >&2; exit 1; }
command -v dpkg-deb >/dev/null || skip "dpkg-deb is not installed"
command -v dpkg-shlibdeps >/dev/null || skip "dpkg-shlibdeps is not installed (package dpkg-dev)"
command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed (package systemd)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$work"/out/*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "cpack made no .deb"
echo "ok   built $(basename "$deb")"

root=$work/root
dpkg -x "$deb" "$root"
passed=1
check() {  # check WHAT COMMAND...
  local what=$1
  shift
  "$@" || fail "$what"
  passed=$((passed + 1))
  echo "ok   $what"
}
for binary in dnsfailover catserver fake-apis fake-dns fake-world; do
  check "usr/bin/$binary is executable" test -x "$root/usr/bin/$binary"
  check "man page of $binary" test -s "$root/usr/share/man/man1/$binary.1.gz" -o -s "$root/usr/share/man/man1/$binary.1"
done
check "example config" test -s "$root/usr/share/doc/dnsfailover/config.json.example"
unit=$root/usr/lib/systemd/system/dnsfailover.service
check "systemd unit" test -s "$unit"
check "the unit runs the installed binary with the store in its state directory" \
  grep -qx 'ExecStart=/usr/bin/dnsfailover run /etc/dnsfailover/config.json --store /var/lib/dnsfailover/state.db' "$unit"
for line in DynamicUser=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes \
  StateDirectory=dnsfailover 'ExecReload=/bin/kill -HUP $MAINPID' Restart=on-failure CapabilityBoundingSet= \
  'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' SystemCallFilter=@system-service \
  LoadCredential=he-key:/etc/dnsfailover/he-key LoadCredential=status-token:/etc/dnsfailover/status-token; do
  check "unit: $line" grep -qxF -- "$line" "$unit"
done
check "the example config reads the key from the unit's credentials" \
  grep -qF '"/run/credentials/dnsfailover.service/he-key"' "$root/usr/share/doc/dnsfailover/config.json.example"
check "the example config is valid for the installed binary" \
  env ASAN_OPTIONS=detect_leaks=0 "$root/usr/bin/dnsfailover" validate "$root/usr/share/doc/dnsfailover/config.json.example"
depends=$(dpkg-deb -f "$deb" Depends)
check "Depends was computed (libc6, libssl3, libsqlite3-0): $depends" \
  bash -c '[[ "$1" == *libc6* && "$1" == *libssl3* && "$1" == *libsqlite3* ]]' _ "$depends"

# systemd-analyze verify resolves ExecStart= and the default dependencies
# (sysinit.target, ...) inside --root: give the scratch root systemd's own
# targets and the /bin/kill of ExecReload. It only warns about a bad value
# (and exits 0), so any output at all fails the test. --man=no: the man
# page named by Documentation= is in the scratch root, not where man looks.
mkdir -p "$root/bin" "$root/etc/dnsfailover"
cp /bin/kill "$root/bin/kill"
cp -n /usr/lib/systemd/system/*.target "$root/usr/lib/systemd/system/"
if ! systemd-analyze verify --man=no --root="$root" /usr/lib/systemd/system/dnsfailover.service \
  >"$work/verify.log" 2>&1 || [ -s "$work/verify.log" ]; then
  sed 's/^/  verify: /' "$work/verify.log"
  fail "systemd-analyze verify"
fi
passed=$((passed + 1))
echo "ok   systemd-analyze verify"
echo "$passed passed, 0 failed"
