#!/usr/bin/env bash
# Goal: curl gets the same answers from fake-etcd's network doors as from a
# real etcd 3.4 cluster: for one sequence of gateway requests (puts, ranges,
# txns, leases, and etcd's error cases), the same HTTP status, content type
# and JSON body, field for field, once the ids a real cluster draws at random
# (cluster_id, member_id) and the seconds a lease has left are set aside.
# Both start empty, so even the revisions must agree. Runs inside a
# loopback-only network namespace.
# Usage: curl_shapes_test.sh FAKE_ETCD ETCD
set -euo pipefail
fake_etcd=$1
etcd=$2
. "$(dirname "$0")/../support/loopback_netns.sh" "$@"
if [ -z "${DNSFAILOVER_IN_NETNS:-}" ]; then
  echo "SKIP: needs a private network namespace (unshare --net)"
  exit 77
fi
for i in 21 22 23 31 32 33; do ip addr add 127.0.0.$i/32 dev lo; done

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; tail -5 "$f" >&2; done; exit 1; }

cluster=m1=http://127.0.0.21:2380,m2=http://127.0.0.22:2380,m3=http://127.0.0.23:2380
for i in 1 2 3; do
  ip=127.0.0.2$i
  "$etcd" --name m$i --data-dir "$work/m$i" --logger zap --log-outputs "$work/m$i.log" \
    --listen-client-urls http://$ip:2379 --advertise-client-urls http://$ip:2379 \
    --listen-peer-urls http://$ip:2380 --initial-advertise-peer-urls http://$ip:2380 \
    --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token curl-shapes >"$work/m$i.out" 2>&1 &
  pids+=($!)
done
"$fake_etcd" --member 127.0.0.31:2379 --member 127.0.0.32:2379 --member 127.0.0.33:2379 >"$work/fake.log" 2>&1 &
pids+=($!)

ready() { curl -s -m 1 -X POST "$1/v3/kv/range" -d '{"key":"AA=="}' | grep -q '"revision"'; }
for _ in $(seq 1 80); do
  if ready http://127.0.0.21:2379 && ready http://127.0.0.31:2379; then break; fi
  sleep 0.25
done
ready http://127.0.0.21:2379 || fail "etcd did not start"
ready http://127.0.0.31:2379 || fail "fake-etcd did not start"

# METHOD PATH BODY, one request per line (BODY may be empty).
cat >"$work/requests" <<'REQ'
POST /v3/kv/put {"key":"Zm9v","value":"YmFy"}
POST /v3/kv/put {"key":"Zm9v","value":"YmF6"}
POST /v3/kv/range {"key":"Zm9v"}
POST /v3/kv/range {"key":"bm9uZQ=="}
POST /v3/kv/range {"key":"AA==","range_end":"AA=="}
POST /v3/kv/deleterange {"key":"bm9uZQ=="}
POST /v3/lease/grant {"TTL":"60","ID":"77"}
POST /v3/lease/grant {"TTL":1,"ID":"79"}
POST /v3/lease/grant {"TTL":"3","ID":"77"}
POST /v3/lease/keepalive {"ID":"77"}
POST /v3/lease/keepalive {"ID":"78"}
POST /v3/lease/timetolive {"ID":"78"}
POST /v3/kv/put {"key":"bGs=","value":"eA==","lease":"77"}
POST /v3/kv/put {"key":"bGs=","value":"eA==","lease":"78"}
POST /v3/lease/timetolive {"ID":"77","keys":true}
POST /v3/kv/txn {"compare":[{"key":"Zm9v","target":"CREATE","result":"EQUAL","create_revision":"0"}],"success":[{"request_put":{"key":"Zm9v","value":"eA=="}}],"failure":[{"request_range":{"key":"Zm9v"}}]}
POST /v3/kv/txn {"compare":[{"key":"bmV3","target":"CREATE","result":"EQUAL","create_revision":"0"}],"success":[{"request_put":{"key":"bmV3","value":"eA=="}},{"request_range":{"key":"bmV3"}},{"request_delete_range":{"key":"Zm9v"}}]}
POST /v3/kv/txn {"compare":[{"key":"bmV3","target":"VALUE","result":"NOT_EQUAL","value":"eA=="}]}
POST /v3/kv/txn {"success":[{"request_put":{"key":"YQ==","value":"eA=="}},{"request_put":{"key":"YQ==","value":"eQ=="}}]}
POST /v3/kv/txn {"success":[{}]}
POST /v3/lease/revoke {"ID":"78"}
POST /v3/kv/lease/revoke {"ID":"77"}
POST /v3/kv/range {"key":"bGs="}
POST /v3/kv/put 
POST /v3/kv/put {"key":"Zm9v
POST /v3/kv/put {"key":"!!!"}
POST /v3/kv/put []
POST /v3/kv/put {"key":"Zm9v","lease":5.5}
POST /v3/kv/txn {"compare":[{"key":"Zm9v","target":"BOGUS"}]}
POST /v3/kv/nothere {}
GET /v3/kv/range 
REQ

ask() {  # ask BASE OUT: every request in order, one answer file each
  local n=0
  while IFS= read -r line; do
    n=$((n + 1))
    method=${line%% *}; rest=${line#* }; path=${rest%% *}; body=${rest#* }
    curl -s -m 5 -o "$2.$n.body" -w '%{http_code} %{content_type}\n' -X "$method" "$1$path" --data-binary "$body" >"$2.$n.meta"
  done <"$work/requests"
  echo $n
}
count=$(ask http://127.0.0.21:2379 "$work/real")
ask http://127.0.0.31:2379 "$work/fake" >/dev/null

python3 - "$work" "$count" <<'PY' || fail "fake-etcd and etcd answer differently"
import json, sys
work, count = sys.argv[1], int(sys.argv[2])
requests = open(f"{work}/requests").read().splitlines()
def norm(v, key=None, path=""):
    if isinstance(v, dict):
        return {k: norm(x, k, path + "/" + k) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x, key, path) for x in v]
    if key in ("cluster_id", "member_id"):
        return "<id>"
    if key == "TTL" and "timetolive" in current:
        return "<seconds left>"
    return v
bad = 0
for n in range(1, count + 1):
    current = requests[n - 1]
    answers = []
    for side in ("real", "fake"):
        meta = open(f"{work}/{side}.{n}.meta").read().strip()
        body = open(f"{work}/{side}.{n}.body", "rb").read().decode("utf-8", "replace")
        try:
            body = norm(json.loads(body))
        except ValueError:
            pass
        answers.append((meta, body))
    if answers[0] != answers[1]:
        bad += 1
        print(f"request {n}: {current}\n  etcd: {answers[0]}\n  fake: {answers[1]}")
print(f"{count} requests, {bad} different answers")
sys.exit(1 if bad else 0)
PY
echo "PASS: fake-etcd answers as etcd does"
