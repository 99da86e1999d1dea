#!/usr/bin/env bash
# Goal: engine/ reaches the world only through its ports. Outside
# engine/live/, no file may include or use sockets, Asio, httplib, ldns,
# threads, sleeping or the system clock. Comments may mention them.
#
# usage: engine_purity.sh SOURCE_DIR
set -euo pipefail
cd "$1"
pattern='#include *[<"](thread|mutex|future|boost/|httplib|ldns/|sys/socket|netinet/|arpa/nameser|unistd)|std::thread|std::this_thread|sleep_for|sleep_until|system_clock|steady_clock|\bsocket *\(|getaddrinfo|std::rand\b|random_device'
hits=$(grep -rnE "$pattern" engine --include='*.h' --include='*.cpp' | grep -v '^engine/live/' \
  | grep -vE '^[^:]+:[0-9]+: *//' || true)
if [ -n "$hits" ]; then
  echo "engine_purity: FAIL: engine/ outside engine/live/ talks to the world directly:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "engine_purity: engine/ outside engine/live/ uses only its ports"
