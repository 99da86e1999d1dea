#!/usr/bin/env bash
# Goal: every binary answers --help (its usage, on stdout, exit 0) and
# --version ("NAME VERSION", exit 0), and a usage error still fails with
# nothing on stdout. dnsfailover's subcommands answer --help too.
#
# usage: help_version_test.sh VERSION NAME=PATH...
set -u
version="$1"
shift
failures=0
out="$(mktemp)"
err="$(mktemp)"
trap 'rm -f "$out" "$err"' EXIT

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect_ok NAME PATH ARGS...: exit 0 and stdout names NAME.
expect_ok() {
  local name="$1" path="$2"
  shift 2
  "$path" "$@" >"$out" 2>"$err"
  local rc=$?
  [ "$rc" -eq 0 ] || fail "$name $*: exit $rc (stderr: $(head -c 300 "$err"))"
  [ -s "$out" ] || fail "$name $*: nothing on stdout"
  grep -q -- "$name" "$out" || fail "$name $*: stdout does not name $name: $(head -c 300 "$out")"
}

for pair in "$@"; do
  name="${pair%%=*}"
  path="${pair#*=}"
  expect_ok "$name" "$path" --help
  expect_ok "$name" "$path" --version
  [ "$(cat "$out")" = "$name $version" ] || fail "$name --version printed \"$(cat "$out")\", expected \"$name $version\""
  "$path" --no-such-flag >"$out" 2>"$err" </dev/null
  rc=$?
  [ "$rc" -ne 0 ] || fail "$name --no-such-flag: exit 0"
  [ -s "$out" ] && fail "$name --no-such-flag: wrote to stdout: $(head -c 300 "$out")"
  [ -s "$err" ] || fail "$name --no-such-flag: nothing on stderr"
  if [ "$name" = dnsfailover ]; then
    for command in sim explore merge report validate; do
      expect_ok "dnsfailover $command" "$path" "$command" --help
    done
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all binaries answer --help and --version"
