#!/usr/bin/env bash
# Goal: our RFC 2136 provider works against real primaries, BIND 9 (named)
# and Knot (knotd), each on its own 127.0.0.x inside a loopback-only network
# namespace, with a zone and a TSIG key allowed to update it. Checked with
# dig against each server:
#   - a good key updates the zone: the A RRset holds exactly the new
#     address with the scheme's TTL, the serial stepped, and the name's
#     AAAA/TXT and the zone's other names are untouched;
#   - a wrong secret is refused with BADSIG, an unknown key with BADKEY,
#     and neither changes anything;
#   - a stale compare-and-swap prerequisite is refused (NXRRSET) and
#     changes nothing; a current one goes through.
# The same checks then run against our own fake primary's network door
# (fake-dns --tsig-key), so the fake answers as the real servers do.
# Usage: bind_knot_test.sh RFC2136_PUSH FAKE_DNS
set -euo pipefail
push=$1
fake_dns=$2
. "$(dirname "$0")/../support/loopback_netns.sh" "$@"

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }

secret=$(tsig-keygen -a hmac-sha256 dnsf | sed -n 's/.*secret "\(.*\)";.*/\1/p')
wrong=$(tsig-keygen -a hmac-sha256 dnsf | sed -n 's/.*secret "\(.*\)";.*/\1/p')
[ -n "$secret" ] && [ "$secret" != "$wrong" ] || fail "tsig-keygen gave no secret"
export GOOD_SECRET=$secret WRONG_SECRET=$wrong

zone_file() {
  cat <<ZONE
\$TTL 300
@    IN SOA ns1.failover.test. hostmaster.failover.test. 1 3600 600 86400 300
@    IN NS  ns1.failover.test.
ns1  IN A   $1
www  IN A   192.0.2.1
www  IN AAAA 2001:db8::1
www  IN TXT "keep me"
mail IN A   192.0.2.25
ZONE
}

# ---- BIND 9 on 127.0.0.2 ----
# named listens only on addresses an interface holds: inside our own
# namespace give lo 127.0.0.2; elsewhere stay on 127.0.0.1.
bind_ip=127.0.0.2 bind_port=5301
if [ -n "${DNSFAILOVER_IN_NETNS:-}" ]; then ip addr add 127.0.0.2/32 dev lo; else bind_ip=127.0.0.1; fi
mkdir -p "$work/bind"
zone_file $bind_ip >"$work/bind/failover.test.zone"
cat >"$work/bind/named.conf" <<CONF
options {
  directory "$work/bind";
  pid-file "$work/bind/named.pid";
  session-keyfile "$work/bind/session.key";
  managed-keys-directory "$work/bind";
  listen-on port $bind_port { $bind_ip; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
};
key "dnsf" { algorithm hmac-sha256; secret "$secret"; };
zone "failover.test" {
  type primary;
  file "$work/bind/failover.test.zone";
  allow-update { key dnsf; };
};
CONF
named -g -4 -c "$work/bind/named.conf" >"$work/bind.log" 2>&1 &
pids+=($!)

# ---- Knot on 127.0.0.3 ----
knot_ip=127.0.0.3 knot_port=5302
mkdir -p "$work/knot/db"
zone_file $knot_ip >"$work/knot/failover.test.zone"
cat >"$work/knot/knot.conf" <<CONF
server:
  listen: $knot_ip@$knot_port
  rundir: "$work/knot"
database:
  storage: "$work/knot/db"
control:
  listen: "$work/knot/knot.sock"
log:
  - target: stderr
    any: info
key:
  - id: dnsf
    algorithm: hmac-sha256
    secret: $secret
acl:
  - id: ddns
    key: dnsf
    action: update
zone:
  - domain: failover.test
    storage: "$work/knot"
    file: failover.test.zone
    acl: ddns
    zonefile-sync: -1
CONF
knotd -c "$work/knot/knot.conf" >"$work/knot.log" 2>&1 &
pids+=($!)

# ---- our fake primary (fake-dns) on 127.0.0.4 ----
fake_ip=127.0.0.4
cat >"$work/fake-zone.json" <<JSON
{ "nameservers": ["ns1.failover.test"],
  "zones": [ { "name": "failover.test", "records": [
    { "name": "ns1.failover.test", "type": "A", "value": "$fake_ip", "ttl": 300 },
    { "name": "www.failover.test", "type": "A", "value": "192.0.2.1", "ttl": 300 },
    { "name": "www.failover.test", "type": "AAAA", "value": "2001:db8::1", "ttl": 300 },
    { "name": "www.failover.test", "type": "TXT", "value": "\"keep me\"", "ttl": 300 },
    { "name": "mail.failover.test", "type": "A", "value": "192.0.2.25", "ttl": 300 } ] } ] }
JSON
"$fake_dns" --zone-file "$work/fake-zone.json" --listen $fake_ip:0 --tsig-key dnsf:hmac-sha256:GOOD_SECRET \
  >"$work/fake-dns.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q ' on 127' "$work/fake-dns.log" && break; sleep 0.05; done
fake_port=$(sed -n 's/.* on 127\.0\.0\.4:\([0-9]*\) .*/\1/p' "$work/fake-dns.log")
[ -n "$fake_port" ] || fail "fake-dns did not start"

ask() {  # ask IP PORT NAME TYPE -> sorted answers "ttl value"
  { dig @"$1" -p "$2" +norec +noall +answer +time=2 +tries=1 "$3" "$4" || true; } | awk '{ $1=""; $3=""; $4=""; print }' |
    sed 's/^ *//; s/  */ /g' | sort
}
serial() {  # the SOA serial, "" while the server does not answer
  { dig @"$1" -p "$2" +norec +short +time=2 +tries=1 failover.test SOA 2>/dev/null || true; } |
    awk '$3 ~ /^[0-9]+$/ { print $3 }'
}

for server in "bind $bind_ip $bind_port" "knot $knot_ip $knot_port" "fake-dns $fake_ip $fake_port"; do
  read -r name ip port <<<"$server"
  for _ in $(seq 100); do
    [ -n "$(serial "$ip" "$port" 2>/dev/null)" ] && break
    sleep 0.1
  done
  [ -n "$(serial "$ip" "$port")" ] || fail "$name did not start"
  echo "== $name on $ip:$port"
  run() {  # run SECRET_ENV KEY_NAME ADDRESS [LAST_SEEN] -> "rc output"
    local extra=()
    [ $# -ge 4 ] && extra=(--last-seen "$4")
    set +e
    out=$("$push" --server "$ip" --port "$port" --zone failover.test --name www.failover.test \
      --key-name "$2" --secret-env "$1" --address "$3" --ttl 120 "${extra[@]}")
    rc=$?
    set -e
    echo "   $out"
  }
  before=$(serial "$ip" "$port")
  untouched="$(ask "$ip" "$port" www.failover.test AAAA)|$(ask "$ip" "$port" www.failover.test TXT)|$(ask "$ip" "$port" mail.failover.test A)"

  run GOOD_SECRET dnsf 192.0.2.20
  [ "$rc" -eq 0 ] || fail "$name: good key: exit $rc: $out"
  [ "$(ask "$ip" "$port" www.failover.test A)" = "120 192.0.2.20" ] || fail "$name: A is $(ask "$ip" "$port" www.failover.test A)"
  after=$(serial "$ip" "$port")
  [ "$after" -gt "$before" ] || fail "$name: serial $before -> $after"
  now="$(ask "$ip" "$port" www.failover.test AAAA)|$(ask "$ip" "$port" www.failover.test TXT)|$(ask "$ip" "$port" mail.failover.test A)"
  [ "$now" = "$untouched" ] || fail "$name: other records changed: $untouched -> $now"

  run WRONG_SECRET dnsf 192.0.2.21
  [ "$rc" -eq 2 ] && [[ "$out" == *BADSIG* ]] || fail "$name: wrong secret: exit $rc: $out"
  [[ "$out" != *"$WRONG_SECRET"* && "$out" != *"$GOOD_SECRET"* ]] || fail "$name: the secret leaked: $out"
  run GOOD_SECRET intruder 192.0.2.22
  [ "$rc" -eq 2 ] && [[ "$out" == *BADKEY* ]] || fail "$name: unknown key: exit $rc: $out"
  [ "$(ask "$ip" "$port" www.failover.test A)" = "120 192.0.2.20" ] || fail "$name: a refused key changed the record"
  [ "$(serial "$ip" "$port")" = "$after" ] || fail "$name: a refused key stepped the serial"

  run GOOD_SECRET dnsf 192.0.2.30 192.0.2.99
  [ "$rc" -eq 2 ] && [[ "$out" == *NXRRSET* ]] || fail "$name: stale prerequisite: exit $rc: $out"
  [ "$(ask "$ip" "$port" www.failover.test A)" = "120 192.0.2.20" ] || fail "$name: a stale prerequisite changed the record"
  run GOOD_SECRET dnsf 192.0.2.30 192.0.2.20
  [ "$rc" -eq 0 ] || fail "$name: current prerequisite: exit $rc: $out"
  [ "$(ask "$ip" "$port" www.failover.test A)" = "120 192.0.2.30" ] || fail "$name: compare-and-swap did not land"
done
echo "rfc2136_bind_knot: BIND 9, Knot and fake-dns took good updates and refused BADSIG, BADKEY and stale prerequisites"
