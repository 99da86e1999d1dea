#!/usr/bin/env bash
# Goal: run_sites_test.cpp (three daemons on a real three-member etcd
# cluster) runs inside a loopback-only network namespace: etcd's member
# addresses, 127.0.0.21-23, are fixed, and nothing etcd or the daemons do
# can leave this host.
# Usage: run_sites_test.sh SITES_LIVE_TESTS ETCD
set -euo pipefail
tests=$1
etcd=$2
. "$(dirname "$0")/../support/loopback_netns.sh" "$@"
if [ -z "${DNSFAILOVER_IN_NETNS:-}" ]; then
  echo "SKIP: needs a private network namespace (unshare --net)"
  exit 77
fi
DNSFAILOVER_ETCD="$etcd" exec "$tests"
