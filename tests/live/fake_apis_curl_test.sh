#!/usr/bin/env bash
# Goal: real clients work against the fake providers' network doors. curl
# talks HTTPS to fake-apis (HE dyn DNS and Cloudflare API v4) on loopback,
# trusting the certificate the fake writes out, and gets the documented
# answers: good/nochg/badauth from HE, the JSON envelope and error codes
# from Cloudflare. Runs inside a network namespace with only loopback when
# the machine allows it, so nothing can leave the machine.
#
# usage: fake_apis_curl_test.sh FAKE_APIS_BINARY
set -euo pipefail

if [ -z "${DNSFAILOVER_IN_NETNS:-}" ] && unshare --net true 2>/dev/null; then
  exec unshare --net env DNSFAILOVER_IN_NETNS=1 bash -c 'ip link set lo up && exec bash "$0" "$@"' "$0" "$@"
fi

fake_apis=$1
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "fake_apis_curl_test: FAIL: $*" >&2; exit 1; }

# Starts fake-apis in the background and waits until it prints its address.
start() {
  local log=$1; shift
  "$fake_apis" "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    grep -q "listening on" "$log" && return 0
    sleep 0.05
  done
  cat "$log" >&2
  fail "fake-apis did not start: $*"
}

port_of() { sed -n 's/.*listening on https:\/\/[0-9.]*:\([0-9]*\).*/\1/p' "$1"; }

export HE_KEY="he-ddns-key-for-curl-test"
export CF_TOKEN="cf-token-for-curl-test-0123456789abcdef"
export CF_GLOBAL_KEY="0f1e2d3c4b5a69788796a5b4c3d2e1f00a1b2"  # 37 hex, as Cloudflare's global keys

# --- HE dyn DNS ---------------------------------------------------------
start "$work/he.log" --provider he.net --listen 127.0.0.41:0 --https --ca-out "$work/he-ca.pem" \
  --zone example.net --host cat.example.net=HE_KEY --record cat.example.net=192.0.2.1
he_port=$(port_of "$work/he.log")
he() {
  curl -sS --max-time 5 --cacert "$work/he-ca.pem" --resolve "dyn.dns.he.net:$he_port:127.0.0.41" \
    "https://dyn.dns.he.net:$he_port/nic/update" "$@"
}
[ "$(he -d hostname=cat.example.net -d "password=$HE_KEY" -d myip=192.0.2.7)" = "good 192.0.2.7" ] || fail "HE update"
[ "$(he -d hostname=cat.example.net -d "password=$HE_KEY" -d myip=192.0.2.7)" = "nochg 192.0.2.7" ] || fail "HE nochg"
[ "$(he -d hostname=cat.example.net -d password=wrong -d myip=192.0.2.8)" = "badauth" ] || fail "HE badauth"
[ "$(he -G -d hostname=cat.example.net -d myip=192.0.2.9 -u "cat.example.net:$HE_KEY")" = "good 192.0.2.9" ] \
  || fail "HE basic auth over GET"
status=$(he -o /dev/null -w '%{http_code}' -d password=x)
[ "$status" = "200" ] || fail "HE answers errors with HTTP 200, got $status"
# A client that does not trust the fake's certificate is refused.
if curl -sS --max-time 5 --resolve "dyn.dns.he.net:$he_port:127.0.0.41" "https://dyn.dns.he.net:$he_port/nic/update" \
  -o /dev/null 2>"$work/err"; then
  fail "curl without the CA must fail certificate verification"
fi
grep -qi "certificate" "$work/err" || fail "expected a certificate error, got: $(cat "$work/err")"

# --- Cloudflare API v4 ------------------------------------------------------
start "$work/cf.log" --provider cloudflare --listen 127.0.0.42:0 --https --ca-out "$work/cf-ca.pem" \
  --zone example.net --token-env CF_TOKEN --account ops@example.net=CF_GLOBAL_KEY --record www.example.net=192.0.2.1
cf_port=$(port_of "$work/cf.log")
cf() {
  curl -sS --max-time 5 --cacert "$work/cf-ca.pem" --resolve "api.cloudflare.com:$cf_port:127.0.0.42" "$@"
}
base="https://api.cloudflare.com:$cf_port/client/v4"
zones=$(cf -H "Authorization: Bearer $CF_TOKEN" "$base/zones?name=example.net")
zone_id=$(python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["success"]; print(d["result"][0]["id"])' <<<"$zones") \
  || fail "zone lookup: $zones"
[ "${#zone_id}" = 32 ] || fail "zone ids are 32 hex characters, got $zone_id"
records=$(cf -H "Authorization: Bearer $CF_TOKEN" "$base/zones/$zone_id/dns_records?type=A&name=www.example.net")
record_id=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["result"][0]["id"])' <<<"$records") \
  || fail "record lookup: $records"
patched=$(cf -X PATCH -H "Authorization: Bearer $CF_TOKEN" -H "Content-Type: application/json" \
  --data '{"content":"192.0.2.99"}' "$base/zones/$zone_id/dns_records/$record_id")
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["success"] and d["result"]["content"]=="192.0.2.99"' \
  <<<"$patched" || fail "PATCH: $patched"
bad_ip=$(cf -X PATCH -H "Authorization: Bearer $CF_TOKEN" -H "Content-Type: application/json" \
  --data '{"content":"not-an-ip"}' -w ' %{http_code}' "$base/zones/$zone_id/dns_records/$record_id")
[[ "$bad_ip" == *'"code":9005'* && "$bad_ip" == *" 400" ]] || fail "invalid content must be 400/9005: $bad_ip"
no_auth=$(cf -w ' %{http_code}' "$base/zones?name=example.net")
[[ "$no_auth" == *'"code":9106'* && "$no_auth" == *" 400" ]] || fail "no auth must be 400/9106: $no_auth"
bad_token=$(cf -H "Authorization: Bearer wrong-token-0123456789abcdef0123456" -w ' %{http_code}' "$base/zones")
[[ "$bad_token" == *" 403" || "$bad_token" == *" 401" || "$bad_token" == *" 400" ]] || fail "bad token: $bad_token"
[[ "$bad_token" != *"$CF_TOKEN"* ]] || fail "the fake echoed the real token"

# The legacy login: account e-mail + global API key, as older DDNS clients
# (ddclient, inadyn) send it.
key_zones=$(cf -H "X-Auth-Email: ops@example.net" -H "X-Auth-Key: $CF_GLOBAL_KEY" "$base/zones?name=example.net")
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["success"] and d["result"][0]["name"]=="example.net"' \
  <<<"$key_zones" || fail "e-mail + global key login: $key_zones"
key_patch=$(cf -X PATCH -H "X-Auth-Email: ops@example.net" -H "X-Auth-Key: $CF_GLOBAL_KEY" \
  -H "Content-Type: application/json" --data '{"content":"192.0.2.98"}' "$base/zones/$zone_id/dns_records/$record_id")
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["success"] and d["result"]["content"]=="192.0.2.98"' \
  <<<"$key_patch" || fail "PATCH with e-mail + global key: $key_patch"
# Refused as Cloudflare refuses: a well-formed wrong key or an unknown
# e-mail is 403/9103; a malformed key is 400/6003 with 6103 in its chain;
# an e-mail alone is not a login.
wrong_key=$(cf -H "X-Auth-Email: ops@example.net" -H "X-Auth-Key: 00000000000000000000000000000000000aa" \
  -w ' %{http_code}' "$base/zones")
[[ "$wrong_key" == *'"code":9103'* && "$wrong_key" == *" 403" ]] || fail "wrong global key must be 403/9103: $wrong_key"
wrong_mail=$(cf -H "X-Auth-Email: someone@example.net" -H "X-Auth-Key: $CF_GLOBAL_KEY" -w ' %{http_code}' "$base/zones")
[[ "$wrong_mail" == *'"code":9103'* && "$wrong_mail" == *" 403" ]] || fail "unknown e-mail must be 403/9103: $wrong_mail"
[[ "$wrong_mail" != *"$CF_GLOBAL_KEY"* ]] || fail "the fake echoed the global key"
bad_key=$(cf -H "X-Auth-Email: ops@example.net" -H "X-Auth-Key: not-a-key" -w ' %{http_code}' "$base/zones")
[[ "$bad_key" == *'"code":6003'* && "$bad_key" == *'"code":6103'* && "$bad_key" == *" 400" ]] \
  || fail "malformed global key must be 400/6003+6103: $bad_key"
mail_only=$(cf -H "X-Auth-Email: ops@example.net" -w ' %{http_code}' "$base/zones")
[[ "$mail_only" == *'"success":false'* && "$mail_only" == *" 400" ]] || fail "an e-mail alone must be refused: $mail_only"

echo "fake_apis_curl_test: HE and Cloudflare fakes (token and e-mail + global key logins) answered curl as documented"
