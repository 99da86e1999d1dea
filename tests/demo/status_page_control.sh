#!/usr/bin/env bash
# Goal: a person at the demo's status page can move the failover: in
# headless Chromium (DevTools protocol, tests/demo/cdp_drive.py) the test
# types the control token, clicks Maintenance on the active member (main),
# sees the selection move to backup and the nameservers follow, keeps a
# screenshot of that moment, clicks Force set DNS and sees a new push with the
# provider's reply. The cat servers' hour starts at :05 so main stays healthy
# (it would fail at :20, 30 s in): only the click moves the selection.
# The demo and Chromium share one loopback-only network namespace.
#
# usage: status_page_control.sh DNSFAILOVER_BINARY ARTIFACTS_DIR
set -euo pipefail

. "$(dirname "$0")/../support/loopback_netns.sh" "$@"

dnsfailover=$1
mkdir -p "$2"
artifacts=$(cd "$2" && pwd)
png=$artifacts/status-page-control.png
rm -f "$png"
here=$(cd "$(dirname "$0")" && pwd)
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || { echo "status_page_control: FAIL: chromium is not installed (tools/setup-debian.sh)" >&2; exit 1; }

work=$(mktemp -d)
demo=
browser=
cleanup() {
  if [ -n "$browser" ] && kill -0 "$browser" 2>/dev/null; then kill -TERM "$browser"; wait "$browser" 2>/dev/null || true; fi
  if [ -n "$demo" ] && kill -0 "$demo" 2>/dev/null; then kill -TERM "$demo"; wait "$demo" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "status_page_control: FAIL: $*" >&2
  sed 's/^/  out: /' "$work/out" >&2
  tail -n 30 "$work/err" | sed 's/^/  err: /' >&2
  tail -n 10 "$work/chromium.log" 2>/dev/null | sed 's/^/  chromium: /' >&2
  exit 1
}

"$dnsfailover" demo --time-scale 30 --start 00:05 --base 127.0.0.10 --dns-port 5353 >"$work/out" 2>"$work/err" &
demo=$!
for _ in $(seq 1 100); do grep -q "dnsfailover run: status page http://127.0.0.1:8053/" "$work/err" && break; sleep 0.2; done
grep -q "dnsfailover run: status page http://127.0.0.1:8053/" "$work/err" || fail "the daemon's status page did not come up"
token_file=$(sed -n 's/.*(the control token is in \(.*\))$/\1/p' "$work/out")
[ -s "$token_file" ] || fail "no token file"

mkdir -p "$work/profile" "$work/home"
HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache \
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars \
  --remote-debugging-address=127.0.0.1 --remote-debugging-port=9229 about:blank 2>"$work/chromium.log" &
browser=$!

timeout 90 python3 "$here/cdp_drive.py" 9229 http://127.0.0.1:8053/ "$token_file" "$png" || fail "driving the page"
[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "no PNG screenshot at $png"
kill -INT "$demo"
wait "$demo" || fail "the demo exited with $? after SIGINT"
demo=
echo "ok   the page drove maintenance and force push"
