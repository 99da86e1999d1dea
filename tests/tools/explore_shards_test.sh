#!/usr/bin/env bash
# Goal: a sweep split into four shards, each a separate `dnsfailover explore
# --shard K/4 --json` process, merges (`dnsfailover merge`) into the same
# result as the whole sweep run by one process: same failing seeds,
# distributions, coverage marks and event totals (only CPU and wall time,
# and which shards were folded in, may differ). Swarm mode, so the drawn
# fault kinds are compared too. Also: merge refuses a shard twice and a
# shard of another sweep, naming the file.
#
# usage: explore_shards_test.sh DNSFAILOVER SOURCE_DIR
set -euo pipefail
dnsfailover="$1"
source_dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
scenario="$source_dir/scenarios/maintenance-main.json"
sweep=(--seeds 30 --first-seed 500 --swarm --jobs 1)

status=0
"$dnsfailover" explore "$scenario" "${sweep[@]}" --json "$work/whole.json" >"$work/whole.out" || status=$?
[ "$status" -le 1 ] || { cat "$work/whole.out"; echo "FAIL: explore exited $status" >&2; exit 1; }
for k in 0 1 2 3; do
  status=0
  "$dnsfailover" explore "$scenario" "${sweep[@]}" --shard "$k/4" --json "$work/shard-$k.json" >"$work/shard-$k.out" || status=$?
  [ "$status" -le 1 ] || { cat "$work/shard-$k.out"; echo "FAIL: shard $k exited $status" >&2; exit 1; }
done
status=0
"$dnsfailover" merge "$work"/shard-{0,1,2,3}.json --json "$work/merged.json" >"$work/merge.out" || status=$?
[ "$status" -le 1 ] || { cat "$work/merge.out"; echo "FAIL: merge exited $status" >&2; exit 1; }

python3 - "$work/whole.json" "$work/merged.json" <<'PY'
import json, sys
whole, merged = (json.load(open(f)) for f in sys.argv[1:3])
assert whole["kind"] == "explore" and merged["kind"] == "explore"
assert merged["shards"] == [0, 1, 2, 3] and merged["shard_count"] == 4, merged["shards"]
assert whole["runs"] == 30, whole["runs"]
# Not findings: how the sweep was cut up and how long it took.
for result in (whole, merged):
    for key in ("cpu_seconds", "wall_seconds", "shard_count", "shards"):
        del result[key]
# A failure's replay command names the seed only, never the shard.
if whole != merged:
    for key in sorted(set(whole) | set(merged)):
        if whole.get(key) != merged.get(key):
            print("FAIL: %s differs:\n  one process: %s\n  merged:      %s" % (key, whole.get(key), merged.get(key)))
    sys.exit(1)
hit = [name for name, mark in whole["marks"].items() if mark["runs"] > 0]
assert hit, "no coverage mark was hit by 30 swarm seeds"
print("explore_shards: merge of 4 shards equals the single-process sweep (%d runs, %d events, marks hit: %s)"
      % (whole["runs"], whole["events"], ", ".join(hit)))
PY

# A shard given twice, and a shard of another sweep, are refused by name.
if "$dnsfailover" merge "$work/shard-0.json" "$work/shard-0.json" >/dev/null 2>"$work/twice.err"; then
  echo "FAIL: merge accepted shard 0 twice" >&2; exit 1
fi
grep -q "shard-0.json: shard 0/4 is already merged" "$work/twice.err" || { cat "$work/twice.err"; exit 1; }
"$dnsfailover" explore "$scenario" --seeds 4 --jobs 1 --shard 1/4 --json "$work/other.json" >/dev/null || true
if "$dnsfailover" merge "$work/shard-0.json" "$work/other.json" >/dev/null 2>"$work/other.err"; then
  echo "FAIL: merge accepted a shard of another sweep" >&2; exit 1
fi
grep -q "other.json: not the same sweep" "$work/other.err" || { cat "$work/other.err"; exit 1; }
echo '{"kind": "explore", "version": 1, "runs": -1}' >"$work/bad.json"
if "$dnsfailover" merge "$work/bad.json" >/dev/null 2>"$work/bad.err"; then
  echo "FAIL: merge accepted a broken result" >&2; exit 1
fi
grep -q "bad.json: scenario: missing" "$work/bad.err" || { cat "$work/bad.err"; exit 1; }
echo "explore_shards: merge refuses duplicates, other sweeps and broken results"
