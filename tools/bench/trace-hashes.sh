#!/usr/bin/env bash
# Prints the SHA-256 of the trace of several library scenarios and seeds,
# plain and perturbed (as explore runs them), one line each. Run it before
# and after a change that must not alter behaviour (a speed-up) and diff the
# two outputs: any difference means a trace changed.
#
#   tools/bench/trace-hashes.sh [path/to/dnsfailover] > before.txt
#   ... change, rebuild ...
#   tools/bench/trace-hashes.sh [path/to/dnsfailover] | diff before.txt -
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/release/tools/dnsfailover/dnsfailover}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {  # scenario seed extra-args...
  local scenario=$1 seed=$2
  shift 2
  "$bin" sim "scenarios/$scenario.json" --quiet --seed "$seed" --trace "$tmp/t" "$@" >/dev/null || true
  printf '%s seed=%s %s %s\n' "$scenario" "$seed" "${*:-plain}" "$(sha256sum <"$tmp/t" | cut -d' ' -f1)"
}
for seed in 1 7 42; do
  run cat-okerr "$seed"
  run cat-okerr "$seed" --perturb
done
run cat-okerr 3 --perturb --swarm
for scenario in cat-okerr-cloudflare cat-okerr-rfc2136 dual-stack multivalue slow-secondaries resolver-clamp \
                flapping-main provider-outage engine-crash cat-tcp; do
  run "$scenario" 5
  run "$scenario" 5 --perturb
done
