#!/usr/bin/env bash
# Goal: what is pushed through fake-world's provider API is exactly what its
# nameservers answer, each after its lag, and what its resolver answers once
# the cached answer's TTL has run out. Real clients only: curl pushes to the
# fake HE dyn API over HTTPS (trusting the CA fake-world writes out), dig
# asks the primary, a lagging secondary and a resolver before and after.
# Runs inside a network namespace with only loopback when the machine allows.
#
# usage: fake_world_dig_test.sh FAKE_WORLD_BINARY
set -euo pipefail

. "$(dirname "$0")/../support/loopback_netns.sh" "$@"

fake_world=$1
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "fake_world_dig_test: FAIL: $*" >&2; sed 's/^/  fake-world: /' "$work/out" >&2; exit 1; }

export WORLD_HE_KEY="fake-world-dig-test-key"
"$fake_world" --provider he.net --api 127.0.0.51:0 --https --ca-out "$work/ca.pem" \
  --zone he.okerr.com --host cat.he.okerr.com=WORLD_HE_KEY --record cat.he.okerr.com=127.0.0.11 --ttl 3 \
  --ns 127.0.0.52 --ns 127.0.0.53 --lag 2s --dns-port 0 --resolver 127.0.0.54:0 >"$work/out" 2>&1 &
pid=$!
for _ in $(seq 1 200); do grep -q "fake-world: ready" "$work/out" && break; sleep 0.05; done
grep -q "fake-world: ready" "$work/out" || fail "fake-world did not start"
port=$(sed -n 's/^fake-world: primary .* on 127.0.0.52:\([0-9]*\) .*/\1/p' "$work/out")
rport=$(sed -n 's/^fake-world: resolver on 127.0.0.54:\([0-9]*\) .*/\1/p' "$work/out")
api_port=$(sed -n 's/^fake-world: he.net api on https:\/\/127.0.0.51:\([0-9]*\).*/\1/p' "$work/out")
[ -n "$port" ] && [ -n "$rport" ] && [ -n "$api_port" ] || fail "no ports in the output"

ask() { dig "@$1" -p "$2" +short +time=2 +tries=1 "${@:3}" cat.he.okerr.com A; }
passed=0
check() {  # check WHAT EXPECTED ACTUAL
  [ "$2" = "$3" ] || fail "$1: expected \"$2\", got \"$3\""
  passed=$((passed + 1))
  echo "ok   $1"
}

check "primary before the push" 127.0.0.11 "$(ask 127.0.0.52 "$port" +norec)"
check "secondary before the push" 127.0.0.11 "$(ask 127.0.0.53 "$port" +norec)"
check "resolver before the push" 127.0.0.11 "$(ask 127.0.0.54 "$rport")"
check "the NS set names both servers" "ns1.he.okerr.com.
ns2.he.okerr.com." "$(dig @127.0.0.52 -p "$port" +short he.okerr.com NS | sort)"
check "glue: ns2's address" 127.0.0.53 "$(dig @127.0.0.52 -p "$port" +short ns2.he.okerr.com A)"

reply=$(curl -sS --max-time 5 --cacert "$work/ca.pem" --resolve "dyn.dns.he.net:$api_port:127.0.0.51" \
  "https://dyn.dns.he.net:$api_port/nic/update" \
  -d hostname=cat.he.okerr.com -d "password=$WORLD_HE_KEY" -d myip=127.0.0.12)
check "the fake HE takes the push" "good 127.0.0.12" "$reply"
check "primary answers the pushed address at once" 127.0.0.12 "$(ask 127.0.0.52 "$port" +norec)"
check "lagging secondary still answers the old address" 127.0.0.11 "$(ask 127.0.0.53 "$port" +norec)"
sleep 3.2  # past the secondary's 2 s lag and the resolver's 3 s TTL
check "secondary answers the pushed address after its lag" 127.0.0.12 "$(ask 127.0.0.53 "$port" +norec)"
check "resolver answers the pushed address after the TTL" 127.0.0.12 "$(ask 127.0.0.54 "$rport")"
grep -q "provider now holds cat.he.okerr.com A 127.0.0.12" "$work/out" || fail "the change was not logged"
grep -q "$WORLD_HE_KEY" "$work/out" && fail "the key appeared in fake-world's output"
echo "$passed passed, 0 failed"
