#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests and the demo need.
# Safe to run again: it only calls apt-get when something is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config ccache
  libboost-dev libcpp-httplib-dev libldns-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev librapidcheck-dev libsqlite3-dev libssl-dev
  libbenchmark-dev ca-certificates curl dnsutils ldnsutils chromium prometheus bind9 knot knot-dnsutils
  help2man dpkg-dev systemd util-linux iproute2 python3 etcd-server etcd-client
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
