#!/usr/bin/env bash
# Goal: the etcd contract suite (etcd_contract_test.cpp) passes against a
# real three-member etcd 3.4 cluster, not only against our fake. Each case
# starts its own cluster on 127.0.0.21-23 (client 2379, peer 2380) with its
# data in a temporary directory, inside a loopback-only network namespace,
# so nothing etcd does can leave this host and no other test's ports clash.
# Usage: real_etcd_test.sh COORDINATION_TESTS ETCD
set -euo pipefail
tests=$1
etcd=$2
. "$(dirname "$0")/../support/loopback_netns.sh" "$@"
if [ -z "${DNSFAILOVER_IN_NETNS:-}" ]; then
  # Fixed ports on shared addresses would clash with anything else running.
  echo "SKIP: needs a private network namespace (unshare --net)"
  exit 77
fi
for i in 21 22 23; do ip addr add 127.0.0.$i/32 dev lo; done
DNSFAILOVER_REAL_ETCD=1 DNSFAILOVER_ETCD="$etcd" exec "$tests" --gtest_filter='Worlds/EtcdContract.*/real_etcd'
