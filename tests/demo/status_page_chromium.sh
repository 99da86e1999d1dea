#!/usr/bin/env bash
# Goal: the status page of a running `dnsfailover demo`, opened in Debian's
# headless Chromium, shows the scheme's members (the active one marked) and
# every fake nameserver's and resolver's answer; a screenshot taken while the
# failover propagates (the primary already answers the backup's address) is
# kept as a test artifact. Chromium and the whole demo run in one private
# network namespace with only loopback when the machine allows.
# Read-only: clicking maintenance and force push is status_page_control.sh
#
# usage: status_page_chromium.sh DNSFAILOVER_BINARY ARTIFACTS_DIR
set -euo pipefail

. "$(dirname "$0")/../support/loopback_netns.sh" "$@"

dnsfailover=$1
mkdir -p "$2"
artifacts=$(cd "$2" && pwd)
png=$artifacts/status-page.png
dom=$artifacts/status-page.dom.html
rm -f "$png" "$dom"
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || { echo "status_page_chromium: FAIL: chromium is not installed (tools/setup-debian.sh)" >&2; exit 1; }

work=$(mktemp -d)
demo=
cleanup() {
  if [ -n "$demo" ] && kill -0 "$demo" 2>/dev/null; then kill -TERM "$demo"; wait "$demo" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "status_page_chromium: FAIL: $*" >&2
  sed 's/^/  out: /' "$work/out" >&2
  tail -n 30 "$work/err" | sed 's/^/  err: /' >&2
  exit 1
}

"$dnsfailover" demo --time-scale 30 --start 00:17 --base 127.0.0.10 --dns-port 5353 >"$work/out" 2>"$work/err" &
demo=$!
wait_for() {  # wait_for SECONDS WHAT COMMAND...
  local limit=$(( $(date +%s) + $1 )) what=$2
  shift 2
  until "$@"; do
    kill -0 "$demo" 2>/dev/null || fail "the demo exited while waiting for $what"
    [ "$(date +%s)" -lt "$limit" ] || fail "timed out waiting for $what"
    sleep 0.2
  done
}
wait_for 20 "the daemon" grep -q "^demo: daemon up" "$work/out"
wait_for 10 "the daemon's status page" grep -q "dnsfailover run: status page http://127.0.0.1:8053/" "$work/err"
ask() { dig "@$1" -p 5353 +short +norec +time=1 +tries=1 cat.he.okerr.com A 2>/dev/null || true; }
primary_switched() { [ "$(ask 127.0.0.15)" = 127.0.0.12 ]; }
wait_for 40 "the primary to answer the backup's address" primary_switched
echo "ok   the primary answers 127.0.0.12: failover under way"

run_chromium() {  # run_chromium NAME ARGS...
  local profile=$work/profile-$1
  shift
  mkdir -p "$profile" "$work/home"
  HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache \
    timeout --kill-after=5 40 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --hide-scrollbars --window-size=1400,1600 --virtual-time-budget=3000 "$@" http://127.0.0.1:8053/ \
    2>>"$work/chromium.log"
}
run_chromium shot --screenshot="$png" >/dev/null || { tail -n 20 "$work/chromium.log" >&2; fail "chromium --screenshot"; }
[ -s "$png" ] || fail "no screenshot written"
echo "ok   screenshot mid-failover: $png"
run_chromium dom --dump-dom >"$dom" || { tail -n 20 "$work/chromium.log" >&2; fail "chromium --dump-dom"; }

python3 - "$dom" "$png" <<'PY' || fail "the page as Chromium built it"
import sys
from html.parser import HTMLParser

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.members, self.active, self.servers = [], [], []
        self.row = None   # ("member", name) or ("server", name, kind)
        self.cells, self.cell = [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-indicator" in a:
            self.row, self.cells = ("member", a["data-indicator"]), []
            if "active" in (a.get("class") or "").split():
                self.active.append(a["data-indicator"])
        elif tag == "tr" and "data-server" in a:
            self.row, self.cells = ("server", a["data-server"], a.get("data-kind")), []
        elif tag == "td" and self.row:
            self.cell = ""
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.cells.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row:
            (self.members if self.row[0] == "member" else self.servers).append((self.row, self.cells))
            self.row = None

d = Dom()
d.feed(open(sys.argv[1], encoding="utf-8").read())
names = sorted(r[1] for r, _ in d.members)
ok = True
def check(what, cond, detail=""):
    global ok
    print(("ok   " if cond else "FAIL ") + what + (": " + detail if detail else ""))
    ok = ok and cond
check("the members main, backup, sorry are listed", names == ["backup:cat", "main:cat", "sorry:cat"], str(names))
check("exactly one member is marked active", len(d.active) == 1, str(d.active))
auth = [(r[1], c) for r, c in d.servers if r[2] == "auth"]
res = [(r[1], c) for r, c in d.servers if r[2] == "resolver"]
check("three nameservers shown", len(auth) == 3, str(auth))
check("two resolvers shown", len(res) == 2, str(res))
answered = [n for n, c in auth + res if len(c) > 1 and c[1] in ("127.0.0.11", "127.0.0.12")]
check("every nameserver and resolver shows an answer", len(answered) == 5, str(auth + res))
check("the screenshot is a PNG", open(sys.argv[2], "rb").read(8) == b"\x89PNG\r\n\x1a\n")
sys.exit(0 if ok else 1)
PY
echo "ok   the page shows the members and the NS/resolver answers"
kill -INT "$demo"
wait "$demo" || fail "the demo exited with $? after SIGINT"
demo=
