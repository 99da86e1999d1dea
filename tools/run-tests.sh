#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UBSan and runs the
# whole test suite. This is the command README gives and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
cmake --preset asan
cmake --build --preset asan
ctest --preset asan "$@"
