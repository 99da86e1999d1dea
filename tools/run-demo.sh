#!/usr/bin/env bash
# Installs what is missing, builds the optimised binaries and replays the
# cat.okerr.com day: the record follows main -> backup -> sorry -> main
# every hour on simulated time. Extra arguments go to `dnsfailover sim`
# (for example --seed 7 or --trace cat.jsonl).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release --target dnsfailover
exec build/release/tools/dnsfailover/dnsfailover sim scenarios/cat-okerr.json "$@"
