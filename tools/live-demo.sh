#!/usr/bin/env bash
# The cat demo on real sockets, in under three minutes: three catserver
# processes on 127.0.0.11-13 whose hour runs 20 times faster (starting at
# 00:16, so main fails 12 s in, backup a minute later, and both recover a
# minute after that), the fake HE dyn DNS API over
# HTTPS on 127.0.0.14, and the live daemon `dnsfailover run` checking them
# every 10 s and pushing each change. Everything stays on loopback.
#
# usage: tools/live-demo.sh [SECONDS]   (default 150)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-150}
tools/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release --target dnsfailover catserver fake-apis

bin=build/release/tools
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() {  # LOG: wait until the process logged its address
  for _ in $(seq 1 100); do grep -q "listening on" "$1" && return 0; sleep 0.05; done
  cat "$1" >&2
  echo "live-demo: a server did not start" >&2
  exit 1
}

for spec in "main 127.0.0.11" "backup 127.0.0.12" "sorry 127.0.0.13"; do
  set -- $spec
  "$bin/catserver/catserver" --role "$1" --listen "$2:8080" --ip "$2" --time-scale 20 --start 00:16 \
    >"$work/$1.log" 2>&1 &
  pids+=($!)
  wait_for "$work/$1.log"
done

export DEMO_HE_KEY="live-demo-ddns-key"
"$bin/fake-apis/fake-apis" --provider he.net --listen 127.0.0.14:0 --https --ca-out "$work/ca.pem" \
  --zone he.okerr.com --host cat.he.okerr.com=DEMO_HE_KEY --record cat.he.okerr.com=127.0.0.11 \
  >"$work/he.log" 2>&1 &
pids+=($!)
wait_for "$work/he.log"
he_url=$(sed -n 's/.*listening on \(https:\/\/[0-9.:]*\).*/\1/p' "$work/he.log")

cat >"$work/cat.json" <<JSON
{
  "policies": { "10s-nr": { "period": "10s", "retry_schedule": "", "recovery_retry_schedule": "" } },
  "indicators": [
    { "name": "charlie:cat", "policy": "10s-nr",
      "check": { "method": "httpgrep", "url": "http://cat.okerr.com:8080/", "musthave": "status=OK", "options": "addr=127.0.0.11" } },
    { "name": "echo:cat", "policy": "10s-nr",
      "check": { "method": "httpgrep", "url": "http://cat.okerr.com:8080/", "musthave": "status=OK", "options": "addr=127.0.0.12" } },
    { "name": "bravo:cat", "policy": "10s-nr",
      "check": { "method": "httpgrep", "url": "http://cat.okerr.com:8080/", "musthave": "status=OK", "options": "addr=127.0.0.13" } }
  ],
  "schemes": [
    { "name": "cat", "fqdn": "cat.he.okerr.com", "zone": "he.okerr.com", "provider": "he.net",
      "endpoint": "$he_url/nic/update", "credentials": { "env": "DEMO_HE_KEY" }, "ttl": 300, "startup_wait": "15s",
      "members": [
        { "indicator": "charlie:cat", "priority": 100, "address": "127.0.0.11" },
        { "indicator": "echo:cat", "priority": 95, "address": "127.0.0.12" },
        { "indicator": "bravo:cat", "priority": 85, "address": "127.0.0.13" } ] }
  ]
}
JSON

echo "live-demo: cat servers on 127.0.0.11-13:8080 (an hour every 3 minutes), fake HE at $he_url;"
echo "live-demo: running the daemon for $seconds s (main fails ~12 s in, backup ~60 s later, both recover ~60 s after that)"
set +e
timeout --signal=INT "$seconds" "$bin/dnsfailover/dnsfailover" run "$work/cat.json" --ca-file "$work/ca.pem" --store "$work/state.db"
set -e
kill "${pids[-1]}" && wait "${pids[-1]}" 2>/dev/null || true
echo "live-demo: the fake HE now holds:"
grep "cat.he.okerr.com" "$work/he.log" || true
