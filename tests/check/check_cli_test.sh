#!/usr/bin/env bash
# Goal: the check, merge and sweep commands as an operator runs them: check
# on the cat config prints per-scheme results and writes replayable worst
# runs; four shards merged equal the single-process JSON; a TTL sweep
# writes a page with the per-variant plots; a wrong --set path is refused
# naming the path; `sim --set` compares variants of a scenario.
set -euo pipefail
bin=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out" && cd "$out"
config=$src/examples/cat-okerr.config.json
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" check "$config" --runs 4 --duration 2h --jobs 2 --json whole.json --scenarios runs > summary.txt
grep -q "scheme cat (he.net, check period 10 s)" summary.txt || fail "no per-scheme summary: $(cat summary.txt)"
grep -q "failover" summary.txt && grep -q "availability" summary.txt || fail "summary lacks failover or availability"
replay=$(grep -m1 "replay: dnsfailover sim" summary.txt | sed 's/.*replay: dnsfailover //') || fail "no replay command"
# The worst run's replay command works as printed.
"$bin" $replay --quiet > replayed.txt || fail "replay of the worst run failed: $replay"

for k in 0 1 2 3; do
  "$bin" check "$config" --runs 4 --duration 2h --jobs 1 --shard "$k/4" --json "shard$k.json" --scenarios runs -q > /dev/null
done
"$bin" merge shard2.json shard0.json shard3.json shard1.json -o merged.json > /dev/null
cmp -s merged.json whole.json || fail "four shards merged differ from the single run"

"$bin" check "$config" --runs 2 --duration 2h --jobs 2 --set 'schemes[0].ttl=60,300,3600' --report sweep.html \
  --scenarios runs > sweep.txt
grep -q "variants side by side" sweep.txt || fail "no side-by-side table: $(cat sweep.txt)"
grep -q "schemes\[0\].ttl=3600" sweep.txt || fail "the 3600 variant is missing"
grep -q "<svg" sweep.html && grep -q "availability of cat per variant" sweep.html || fail "no availability plot"

if "$bin" check "$config" --runs 1 --set 'schemes[5].ttl=60' 2> bad.txt; then fail "a wrong --set path was accepted"; fi
grep -q -- "--set schemes\[5\].ttl: schemes has 1 entries, no \[5\]" bad.txt || fail "error does not name the path: $(cat bad.txt)"

"$bin" sim "$src/scenarios/cat-okerr.json" --until 2h --set 'engine.schemes[0].ttl=60,3600' > simsweep.txt || true
grep -q "engine.schemes\[0\].ttl=60" simsweep.txt && grep -q "expectations per variant" simsweep.txt ||
  fail "sim --set did not compare the variants: $(cat simsweep.txt)"
echo "check CLI: all passed"
