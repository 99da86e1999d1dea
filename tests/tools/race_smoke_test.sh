#!/usr/bin/env bash
# Goal: the failover race tool runs end to end here (our daemon only, one
# repetition, interval 1 s) and writes a well-formed table row in which the
# failover and the recovery both happened. Benchmarks measure and tests do
# not: no figure is compared with anything, only its shape is checked.
# The race makes its own network namespace; where that is not permitted the
# tool exits 77 and this test is skipped.
#
# usage: race_smoke_test.sh RACE_PY DNSFAILOVER_BINARY FAKE_WORLD_BINARY
set -euo pipefail

race=$1
dnsfailover=$2
fake_world=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "race_smoke_test: FAIL: $*" >&2; sed 's/^/  race: /' "$work/log" >&2; exit 1; }

set +e
python3 "$race" --smoke --dnsfailover "$dnsfailover" --fake-world "$fake_world" --out "$work/table.md" \
  --json "$work/reps.jsonl" >"$work/log" 2>&1
rc=$?
set -e
if [ "$rc" -eq 77 ]; then
  grep SKIP "$work/log" >&2 || true
  exit 77
fi
[ "$rc" -eq 0 ] || fail "race.py --smoke exited $rc"
[ -s "$work/table.md" ] || fail "no table written"

row=$(grep '^| dnsfailover | 1 s |' "$work/table.md") || fail "no row for dnsfailover at 1 s in the table"
IFS='|' read -r -a cells <<<"$row"
trim() { local v=$1; v=${v#"${v%%[![:space:]]*}"}; echo "${v%"${v##*[![:space:]]}"}"; }
# cells[0] is empty (the row starts with |): system, interval, reps, failover median/max,
# recovery median/max, delay after the detecting check, wrong answers, checks/s, CPU-s, CPU per check.
[ "${#cells[@]}" -ge 13 ] || fail "row has ${#cells[@]} cells: $row"
number='^[0-9]+\.[0-9]+$'
[ "$(trim "${cells[3]}")" = 1 ] || fail "reps: expected 1, got '${cells[3]}'"
for i in 4 5 6 7; do
  [[ "$(trim "${cells[$i]}")" =~ $number ]] || fail "cell $i is not a latency in seconds: '${cells[$i]}' (row: $row)"
done
[[ "$(trim "${cells[8]}")" =~ ^-?[0-9.]+\ /\ -?[0-9.]+$ ]] || fail "after-check cell malformed: '${cells[8]}'"
[[ "$(trim "${cells[9]}")" =~ ^[0-9]+\ /\ [0-9]+$ ]] || fail "wrong answers cell malformed: '${cells[9]}'"
[[ "$(trim "${cells[10]}")" =~ $number ]] || fail "checks/s is not a number: '${cells[10]}'"
[[ "$(trim "${cells[12]}")" =~ ^[0-9]+\.[0-9]+\ ms$|^-$ ]] || fail "CPU per check malformed: '${cells[12]}'"
grep -q '"failover": {"latency": [0-9]' "$work/reps.jsonl" || fail "the repetition has no failover latency"
echo "ok   race --smoke: $row"
