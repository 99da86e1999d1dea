# Sourced by the shell tests that start servers and third-party clients:
#   . "$(dirname "$0")/../support/loopback_netns.sh" "$@"
# Re-runs the calling script inside a private network namespace with only
# loopback up, when the machine allows one, so nothing it starts can reach
# beyond this host. Elsewhere the script runs as it is (127.0.0.0/8 only).
if [ -z "${DNSFAILOVER_IN_NETNS:-}" ] && unshare --net true 2>/dev/null; then
  exec unshare --net env DNSFAILOVER_IN_NETNS=1 bash -c 'ip link set lo up && exec bash "$0" "$@"' "$0" "$@"
fi
if [ -n "${DNSFAILOVER_IN_NETNS:-}" ]; then echo "(inside a private network namespace)"; fi
