"""Run the race inside its own network namespace, with only loopback.

Every system under test (and the cat servers, and dig) then sees nothing but
127.0.0.0/8: a lookup one of them was not told to skip fails instead of
leaving the machine. The driver re-executes itself under `unshare --net`
(as root) or `unshare --map-root-user --net` (as a user allowed to create
user namespaces), then brings `lo` up.
"""
import os
import subprocess
import sys

MARK = "DNSFAILOVER_RACE_IN_NETNS"
SKIP = 77  # ctest's SKIP_RETURN_CODE for the smoke test


def _can(cmd):
    try:
        return subprocess.run(cmd + ["true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    except OSError:
        return False


def enter_or_exit():
    """Re-exec this program inside a fresh network namespace; return once inside."""
    if os.environ.get(MARK) == "1":
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        return
    for prefix in (["unshare", "--net"], ["unshare", "--map-root-user", "--net"]):
        if _can(prefix):
            env = dict(os.environ, **{MARK: "1"})
            os.execvpe(prefix[0], prefix + ["--", sys.executable] + sys.argv, env)
    print("race: SKIP: cannot create a network namespace (`unshare --net` is not permitted here); "
          "the race runs only inside one, so that no system under test can reach past loopback",
          file=sys.stderr)
    sys.exit(SKIP)
