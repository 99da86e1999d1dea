"""The machine a race ran on, for the tables' headers."""
import os
import platform


def describe():
    model = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    debian = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    return "%d cores (nproc), %s, Debian %s, Linux %s, load average at start %s" % (
        os.cpu_count(), model, debian, platform.release().split("-")[0], " ".join(open("/proc/loadavg").read().split()[:3]))
