"""One failover or recovery, timed from the flip to a settled answer.

The flip lands at a chosen phase of the check interval: the cat servers log
every check (hits.log), so the driver knows when the system last checked the
primary and flips `phase` seconds after that check. The same seeded phases
are used for every system, so the systems are compared on the same draws
and the difference between them is what each adds, not sampling luck.

After the flip `dig` asks every 50 ms. The answer has settled once it has
been the new address for `hold` seconds; the latency is the time from the
flip to the first answer of that final run (taken when that dig returned).
"""
import os
import subprocess
import time

POLL_SECONDS = 0.05


def dig(server, port, name):
    """The A answer as sorted comma-joined addresses, or EMPTY / TIMEOUT / ERROR."""
    try:
        out = subprocess.run(["dig", "@" + server, "-p", str(port), name, "A", "+short", "+time=1", "+tries=1"],
                             capture_output=True, text=True, timeout=3).stdout
    except subprocess.TimeoutExpired:
        return "TIMEOUT"
    lines = [l.strip() for l in out.splitlines() if l.strip()]
    if any(l.startswith(";;") for l in lines):
        return "TIMEOUT"  # ";; connection timed out; no servers could be reached"
    return ",".join(sorted(lines)) if lines else "EMPTY"


def flip(statedir, address, word):
    path = os.path.join(statedir, address + ".status")
    with open(path + ".new", "w") as f:
        f.write(word + "\n")
    os.replace(path + ".new", path)  # atomic: a check reads the old word or the new one


class HitLog:
    """Follows the cat servers' hits.log: when each address was last checked, and counts."""

    def __init__(self, statedir):
        self.path = os.path.join(statedir, "hits.log")
        self.offset = 0
        self.partial = ""
        self.hits = []  # (monotonic seconds, address)

    def refresh(self):
        try:
            with open(self.path) as f:
                f.seek(self.offset)
                chunk = f.read()
                self.offset = f.tell()
        except OSError:
            return
        text = self.partial + chunk
        lines = text.split("\n")
        self.partial = lines.pop()
        for line in lines:
            fields = line.split()
            if len(fields) >= 2:
                self.hits.append((float(fields[0]), fields[1]))

    def last(self, address):
        self.refresh()
        for ts, a in reversed(self.hits):
            if a == address:
                return ts
        return None

    def count(self, t_from, t_to, addresses=None):
        self.refresh()
        return sum(1 for ts, a in self.hits if t_from <= ts <= t_to and (addresses is None or a in addresses))


class Poller:
    def __init__(self, system):
        self.server = system.dns_server
        self.port = system.dns_port

    def ask(self):
        return dig(self.server, self.port, "cat.example.test")


def keep_asking_until(poller, deadline, expect=None):
    """Query every 50 ms until `deadline` (keeps LUA checks registered); counts answers != expect."""
    odd = 0
    while True:
        now = time.monotonic()
        if now >= deadline:
            return odd
        if deadline - now > 0.03:
            if poller.ask() != expect and expect is not None:
                odd += 1
        time.sleep(max(0.0, min(POLL_SECONDS, deadline - time.monotonic())))


def flip_at_phase(hits, statedir, primary, word, interval, phase, poller=None, give_up=None):
    """Flip `primary` to `word` `phase` s after its latest check; returns (t0, measured phase or None).

    Waits for a fresh check when the latest one is too old for the phase to
    be still ahead. With no check seen for 3 intervals + 2 s it flips after
    `phase` unaligned and says so (None)."""
    give_up = give_up or time.monotonic() + 3 * interval + 2
    while True:
        now = time.monotonic()
        last = hits.last(primary)
        if last is not None and last + phase > now + 0.002:
            target = last + phase
            if poller is not None:
                keep_asking_until(poller, target)
            else:
                time.sleep(target - time.monotonic())
            flip(statedir, primary, word)
            t0 = time.monotonic()
            return t0, t0 - last
        if now > give_up:
            time.sleep(phase)
            flip(statedir, primary, word)
            return time.monotonic(), None
        if poller is not None:
            poller.ask()
        time.sleep(0.005)


def settle(poller, old, new, t0, hold, max_wait):
    """Poll until the answer has been `new` for `hold` s; the timeline and its faults."""
    run_start = None
    first_change = None
    neither = 0
    flip_backs = 0
    seen_new = False
    last = None
    timeline = []
    while True:
        asked = time.monotonic()
        answer = poller.ask()
        now = time.monotonic()
        if answer != last:
            timeline.append([round(now - t0, 3), answer])
            if seen_new and last == new:
                flip_backs += 1  # it had answered the new address and went away from it
            last = answer
        if answer != old and first_change is None:
            first_change = now - t0
        if answer not in (old, new):
            neither += 1
        if answer == new:
            seen_new = True
            if run_start is None:
                run_start = now
            elif now - run_start >= hold:
                return {"latency": round(run_start - t0, 3), "first_change": round(first_change, 3),
                        "neither": neither, "flip_backs": flip_backs, "timeline": timeline[:40]}
        else:
            run_start = None
        if now - t0 > max_wait:
            return {"latency": None, "first_change": None if first_change is None else round(first_change, 3),
                    "neither": neither, "flip_backs": flip_backs, "timeline": timeline[:40],
                    "error": "no settled answer %s within %g s" % (new, max_wait)}
        time.sleep(max(0.0, POLL_SECONDS - (time.monotonic() - asked)))
