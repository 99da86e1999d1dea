#!/usr/bin/env bash
# Goal: `dnsfailover demo` really shows a failover on loopback. With the cat
# servers' hour 30 times faster, main fails a few seconds in; the test waits
# until dig hears the backup's address from every fake nameserver and then
# from every fake resolver, reads the demo's own time-to-first-nameserver
# line, checks no generated credential was printed, stops the demo with
# SIGINT and checks that none of its children is left.
# Runs inside a network namespace with only loopback when the machine allows.
#
# usage: demo_test.sh DNSFAILOVER_BINARY
set -euo pipefail

. "$(dirname "$0")/../support/loopback_netns.sh" "$@"

dnsfailover=$1
work=$(mktemp -d)
demo=
cleanup() {
  if [ -n "$demo" ] && kill -0 "$demo" 2>/dev/null; then kill -TERM "$demo"; wait "$demo" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "demo_test: FAIL: $*" >&2
  sed 's/^/  out: /' "$work/out" >&2
  tail -n 40 "$work/err" | sed 's/^/  err: /' >&2
  exit 1
}

# Main fails at :20, 3 simulated minutes = 6 s after the start; the backup
# fails at :40, 46 s after it: the test is done long before.
"$dnsfailover" demo --time-scale 30 --start 00:17 --base 127.0.0.10 --dns-port 5353 >"$work/out" 2>"$work/err" &
demo=$!

wait_for() {  # wait_for SECONDS WHAT COMMAND...: until COMMAND succeeds
  local limit=$(( $(date +%s) + $1 )) what=$2
  shift 2
  until "$@"; do
    kill -0 "$demo" 2>/dev/null || fail "the demo exited while waiting for $what"
    [ "$(date +%s)" -lt "$limit" ] || fail "timed out waiting for $what"
    sleep 0.2
  done
}
wait_for 20 "the daemon" grep -q "^demo: daemon up" "$work/out"
grep -q "^demo: status page http://127.0.0.1:8053/" "$work/out" || fail "no status page URL"
for role in main backup sorry; do grep -q "^demo: $role cat server up" "$work/out" || fail "no $role line"; done
grep -q "^demo: fake-world up" "$work/out" || fail "no fake-world line"

ask() { dig "@$1" -p 5353 +short +time=1 +tries=1 "${@:2}" cat.he.okerr.com A 2>/dev/null || true; }
all_answer() {  # all_answer ADDRESS FLAGS SERVER...
  local want=$1 flags=$2 s
  shift 2
  for s in "$@"; do [ "$(ask "$s" $flags)" = "$want" ] || return 1; done
}
[ "$(ask 127.0.0.15 +norec)" = 127.0.0.11 ] || fail "the primary does not start with main's address"
wait_for 40 "every nameserver to answer 127.0.0.12" all_answer 127.0.0.12 +norec 127.0.0.15 127.0.0.16 127.0.0.17
echo "ok   every nameserver (127.0.0.15-17) answers the backup's address"
wait_for 30 "every resolver to answer 127.0.0.12" all_answer 127.0.0.12 "" 127.0.0.18 127.0.0.19
echo "ok   every resolver (127.0.0.18-19) answers the backup's address"
wait_for 10 "the demo's measurement" grep -q "^demo: first nameserver answers 127.0.0.12" "$work/err"
grep "^demo: first nameserver answers\|^demo: every nameserver answers" "$work/err"

# No generated credential in anything printed.
daemon=$(sed -n 's/^demo: daemon up (pid \([0-9]*\)).*/\1/p' "$work/out")
key=$(tr '\0' '\n' <"/proc/$daemon/environ" | sed -n 's/^DNSFAILOVER_DEMO_PROVIDER_KEY=//p')
token_file=$(sed -n 's/.*(the control token is in \(.*\))$/\1/p' "$work/out")
token=$(cat "$token_file")
[ -n "$key" ] && [ -n "$token" ] || fail "could not read the generated credentials"
grep -qF -- "$key" "$work/out" "$work/err" && fail "the provider key was printed"
grep -qF -- "$token" "$work/out" "$work/err" && fail "the status token was printed"
echo "ok   neither the provider key nor the status token was printed"

children=$(sed -n 's/.*(pid \([0-9]*\)[,)].*/\1/p' "$work/out")
[ "$(echo "$children" | wc -w)" -eq 5 ] || fail "expected 5 children, found: $children"
kill -INT "$demo"
status=0
wait "$demo" || status=$?
demo=
[ "$status" -eq 0 ] || fail "the demo exited with $status after SIGINT"
for pid in $children; do kill -0 "$pid" 2>/dev/null && fail "child $pid outlived the demo"; done
echo "ok   SIGINT stopped the demo and all 5 children"
[ -d "$(dirname "$token_file")" ] && fail "the temporary directory was left behind"
echo "ok   the temporary directory is gone"
