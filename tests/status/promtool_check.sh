#!/usr/bin/env bash
# Runs `promtool check metrics` (Debian package prometheus) on a metrics
# file, inside a network namespace when one can be made (promtool needs no
# network; nothing it does should reach one).
# usage: promtool_check.sh FILE ; exit 77 when promtool is not installed.
set -euo pipefail
file=$1
promtool=$(command -v promtool || true)
if [ -z "$promtool" ]; then
  echo "promtool_check: promtool not installed (apt-get install prometheus)" >&2
  exit 77
fi
netns=()
if unshare --net true 2>/dev/null; then
  netns=(unshare --net)
elif unshare --map-root-user --net true 2>/dev/null; then
  netns=(unshare --map-root-user --net)
fi
"${netns[@]}" "$promtool" check metrics < "$file"
