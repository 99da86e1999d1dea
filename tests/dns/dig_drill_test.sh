#!/usr/bin/env bash
# Real DNS clients (dig, drill) against the fake-dns binary: the answer, the
# AA flag, NXDOMAIN, REFUSED, truncation + TCP, and a secondary that keeps
# answering the old address until its lag has passed.
# Runs in a private network namespace (only loopback) when unshare allows
# it, otherwise on the host's 127.0.0.0/8. Usage: dig_drill_test.sh FAKE_DNS
set -euo pipefail
fake_dns=$1

if [ -z "${DNSFAILOVER_IN_NETNS:-}" ] && unshare --net true 2>/dev/null; then
  exec env DNSFAILOVER_IN_NETNS=1 unshare --net bash "$0" "$@"
fi
if [ -n "${DNSFAILOVER_IN_NETNS:-}" ]; then
  ip link set lo up
  echo "(inside a private network namespace)"
fi

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

big=$(printf '"%0200d" ' 1 2 3 4 5)
write_zone() {
  cat >"$work/zone.json" <<JSON
{ "nameservers": ["ns1.he.net", "ns2.he.net"],
  "zones": [ { "name": "he.okerr.com", "records": [
    { "name": "cat.he.okerr.com", "type": "A", "value": "$1", "ttl": 300 },
    { "name": "big.he.okerr.com", "type": "TXT", "value": "${big//\"/\\\"}", "ttl": 60 } ] } ] }
JSON
}
write_zone 116.202.27.149
"$fake_dns" --zone-file "$work/zone.json" --listen 127.0.0.1:0 --secondary 127.0.0.2:0 --lag 3s >"$work/out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  [ "$(grep -c ' on 127' "$work/out" || true)" -ge 2 ] && break
  sleep 0.05
done
port_of() { sed -n "s/^fake-dns: $1 on [0-9.]*:\([0-9]*\) .*/\1/p" "$work/out"; }
primary=$(port_of primary)
secondary=$(port_of secondary)
[ -n "$primary" ] && [ -n "$secondary" ] || { cat "$work/out"; echo "fake-dns did not start"; exit 1; }

passed=0
failed=0
check() {  # check NAME COMMAND...: the command must succeed
  local name=$1
  shift
  if "$@" >"$work/check.log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    sed 's/^/     /' "$work/check.log"
  fi
}
has() { grep -E -- "$1" "$2"; }

dig_p() { dig @127.0.0.1 -p "$primary" +norec +time=2 +tries=1 "$@"; }
dig_p cat.he.okerr.com A >"$work/a.txt"
check "dig: NOERROR" has 'status: NOERROR' "$work/a.txt"
check "dig: AA flag" has 'flags: qr aa' "$work/a.txt"
check "dig: answer and TTL" has '^cat\.he\.okerr\.com\.[[:space:]]+300[[:space:]]+IN[[:space:]]+A[[:space:]]+116\.202\.27\.149' "$work/a.txt"
dig_p dog.he.okerr.com A >"$work/nx.txt"
check "dig: NXDOMAIN" has 'status: NXDOMAIN' "$work/nx.txt"
check "dig: SOA in authority" has '^he\.okerr\.com\..*SOA.*ns1\.he\.net\. hostmaster\.he\.net\.' "$work/nx.txt"
dig_p example.com A >"$work/refused.txt"
check "dig: REFUSED outside the zone" has 'status: REFUSED' "$work/refused.txt"
dig_p big.he.okerr.com TXT +noedns +ignore >"$work/tc.txt"
check "dig: TC over UDP above 512 bytes" has 'flags: qr aa tc|flags: qr tc aa' "$work/tc.txt"
dig_p big.he.okerr.com TXT +noedns >"$work/tcp.txt"
check "dig: full answer over TCP" has 'big\.he\.okerr\.com\..*TXT' "$work/tcp.txt"

drill -p "$primary" cat.he.okerr.com A @127.0.0.1 >"$work/drill.txt"
check "drill: answer" has 'cat\.he\.okerr\.com\.[[:space:]]+300[[:space:]]+IN[[:space:]]+A[[:space:]]+116\.202\.27\.149' "$work/drill.txt"
check "drill: AA flag" has 'flags: qr aa' "$work/drill.txt"
drill -p "$primary" dog.he.okerr.com A @127.0.0.1 >"$work/drill-nx.txt"
check "drill: NXDOMAIN" has 'rcode: NXDOMAIN' "$work/drill-nx.txt"
drill -p "$primary" example.com A @127.0.0.1 >"$work/drill-refused.txt"
check "drill: REFUSED" has 'rcode: REFUSED' "$work/drill-refused.txt"

# The change reaches the primary at once and the secondary after 3 s.
write_zone 51.158.104.109
kill -HUP "$pid"
for _ in $(seq 100); do
  [ "$(dig @127.0.0.1 -p "$primary" +short cat.he.okerr.com A)" = 51.158.104.109 ] && break
  sleep 0.02
done
check "primary answers the new address" test "$(dig @127.0.0.1 -p "$primary" +short cat.he.okerr.com A)" = 51.158.104.109
check "lagging secondary still answers the old address" \
  test "$(dig @127.0.0.2 -p "$secondary" +short cat.he.okerr.com A)" = 116.202.27.149
check "drill sees the old address on the secondary too" has '116\.202\.27\.149' \
  <(drill -p "$secondary" cat.he.okerr.com A @127.0.0.2)
sleep 3.3  # counted from after the change, so more than the 3 s lag
check "secondary answers the new address after its lag" \
  test "$(dig @127.0.0.2 -p "$secondary" +short cat.he.okerr.com A)" = 51.158.104.109

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
