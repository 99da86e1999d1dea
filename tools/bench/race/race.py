#!/usr/bin/env python3
"""The failover race: dnsfailover next to PowerDNS (LUA ifurlup) and gdnsd
(metafo + http_status), on loopback, against the same three cat servers.

For each system and check interval: start it, wait until it answers the
primary, then repeat --reps times: flip the primary's page to status=ERR at
a random phase of the check interval (the same seeded phases for every
system), time the flip -> settled backup answer with dig every 50 ms, then
flip it back to OK and time the recovery. Afterwards, with no queries, the
CPU its process tree used per check over --cpu-seconds. One table at the
end, with the ratios of ours to each peer from this run.

The whole race runs in its own network namespace (only loopback).

  tools/bench/race/race.py --install          # apt-get the peers, then race
  tools/bench/race/race.py --reps 20 --out race.md --json race.jsonl
  tools/bench/race/race.py --smoke            # one repetition, ours only

Binaries come from build/release (--build-dir, or --dnsfailover and
--fake-world). Exit 77 when no network namespace can be made.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import cpu  # noqa: E402
import machine  # noqa: E402
import netns  # noqa: E402
import report  # noqa: E402
import systems  # noqa: E402
import trial  # noqa: E402

PEER_PACKAGES = ["pdns-server", "pdns-backend-bind", "gdnsd", "nsd", "dnsperf", "bind9-dnsutils"]
CATS = ["127.0.0.11", "127.0.0.12", "127.0.0.13"]


def parse_args(argv):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
    ap = argparse.ArgumentParser(description="failover race against PowerDNS and gdnsd (loopback only)")
    ap.add_argument("--install", action="store_true", help="apt-get install the peers first: " + " ".join(PEER_PACKAGES))
    ap.add_argument("--smoke", action="store_true", help="one repetition, ours only, interval 1 s, short CPU window")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--intervals", default="1,5", help="check intervals in whole seconds (gdnsd: at least 2)")
    ap.add_argument("--systems", default="ours,pdns-warm,pdns-cold,gdnsd")
    ap.add_argument("--hold", type=float, default=2.0, help="seconds an answer must stay to count as settled")
    ap.add_argument("--cpu-seconds", type=float, default=60.0, help="idle window for the CPU figure")
    ap.add_argument("--seed", type=int, default=1, help="seeds the flip phases (the same for every system)")
    ap.add_argument("--build-dir", default=os.path.join(repo, "build", "release"))
    ap.add_argument("--dnsfailover")
    ap.add_argument("--fake-world")
    ap.add_argument("--out", help="also write the tables (markdown) here")
    ap.add_argument("--json", help="append one JSON line per repetition and per row here")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (configs, logs)")
    ap.add_argument("--summarize", metavar="JSONL", help="print the tables again from a run's --json file; races nothing")
    a = ap.parse_args(argv)
    if a.smoke:
        a.reps, a.intervals, a.systems, a.cpu_seconds, a.hold = 1, "1", "ours", 3.0, 1.0
    try:
        a.intervals = sorted({int(x) for x in a.intervals.split(",")})
    except ValueError:
        ap.error("--intervals expects whole seconds like 1,5, got %r" % a.intervals)
    if not a.intervals or min(a.intervals) < 1:
        ap.error("--intervals: each interval must be at least 1 s")
    a.systems = [s.strip() for s in a.systems.split(",") if s.strip()]
    for s in a.systems:
        if s not in systems.SYSTEMS:
            ap.error("--systems: unknown system %r (known: %s)" % (s, ", ".join(systems.SYSTEMS)))
    if a.reps < 1:
        ap.error("--reps must be at least 1")
    tools = os.path.join(a.build_dir, "tools")
    a.paths = {"dnsfailover": a.dnsfailover or os.path.join(tools, "dnsfailover", "dnsfailover"),
               "fake-world": a.fake_world or os.path.join(tools, "fake-world", "fake-world")}
    return a


def install():
    cmd = ["apt-get", "install", "-y"] + PEER_PACKAGES
    if os.geteuid() != 0:
        cmd = ["sudo"] + cmd
    print("race: " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))


def intervals_for(cls, requested, all_systems):
    """Intervals a system runs at: the requested ones, raised to its minimum;
    ours also runs at every interval a peer was raised to, so each peer row
    has an ours row at the same interval."""
    floor = getattr(cls, "min_interval", 1)
    chosen = {max(i, floor) for i in requested}
    if cls is systems.Ours:
        for other in all_systems:
            chosen |= {max(i, getattr(other, "min_interval", 1)) for i in requested}
    return sorted(chosen)


def _phase(result):
    return "-" if result["phase"] is None else "%.2f" % result["phase"]


class Race:
    def __init__(self, args, workdir):
        self.a = args
        self.workdir = workdir
        self.statedir = os.path.join(workdir, "cat")
        os.makedirs(self.statedir)
        self.hits = trial.HitLog(self.statedir)
        self.jsonl = open(args.json, "a") if args.json else None

    def record(self, obj):
        if self.jsonl:
            self.jsonl.write(json.dumps(obj) + "\n")
            self.jsonl.flush()

    def start_cats(self):
        self.cats = systems.Process([sys.executable, os.path.join(HERE, "catservers.py"), "--statedir", self.statedir,
                                     "--addrs", ",".join(CATS), "--port", str(systems.CAT_PORT)],
                                    os.path.join(self.workdir, "catservers.log"))
        self.cats.wait_for_line("listening on", 10)

    def all_ok(self):
        for a in CATS:
            trial.flip(self.statedir, a, "OK")

    def one_cycle(self, s, poller, phases):
        a, (primary, backup) = self.a, CATS[:2]
        max_wait = 4 * s.interval + 10
        rep = {}
        if s.pre_poll:
            trial.keep_asking_until(poller, time.monotonic() + s.pre_poll, expect=primary)
        t0, phase = trial.flip_at_phase(self.hits, self.statedir, primary, "ERR", s.interval, phases[0] * s.interval,
                                        poller if s.pre_poll else None)
        if s.pre_poll:
            # A cold failover: the backup must have had no check lately.
            window = s.pre_poll - s.expire_delay - s.interval
            rep["backup_checks_before_flip"] = self.hits.count(t0 - window, t0, {backup})
        rep["failover"] = trial.settle(poller, primary, backup, t0, a.hold, max_wait)
        rep["failover"]["phase"] = phase
        t1, phase = trial.flip_at_phase(self.hits, self.statedir, primary, "OK", s.interval, phases[1] * s.interval)
        rep["recovery"] = trial.settle(poller, backup, primary, t1, a.hold, max_wait)
        rep["recovery"]["phase"] = phase
        return rep

    def cpu_window(self, s):
        time.sleep(1)  # let the last queries' work finish
        w0, c0 = time.monotonic(), cpu.tree_ticks(s.pids())
        time.sleep(self.a.cpu_seconds)
        w1, c1 = time.monotonic(), cpu.tree_ticks(s.pids())
        return {"seconds": w1 - w0, "cpu_seconds": (c1 - c0) * cpu.TICK_SECONDS, "ticks": c1 - c0,
                "checks": self.hits.count(w0, w1, set(CATS))}

    def run_system(self, cls, interval):
        label = "%s at %g s" % (cls.name, interval)
        run = {"system": cls.name, "interval": interval, "reps": []}
        why = cls.available(self.a.paths)
        if why:
            run["error"] = "not run: " + why
            return run
        self.all_ok()
        s = cls(interval, CATS, os.path.join(self.workdir, "%s-%gs" % (cls.name, interval)))
        os.makedirs(s.workdir)
        # The same phase draws for every system at this interval, as fractions of it.
        draws = random.Random("%d/%g" % (self.a.seed, interval))
        phases = [(draws.random(), draws.random()) for _ in range(self.a.reps + 1)]
        try:
            s.start(self.a.paths)
            run["version"] = s.version()
            poller = trial.Poller(s)
            ready = trial.settle(poller, None, CATS[0], time.monotonic(), self.a.hold, 30 + 3 * interval)
            s.check_alive()
            if ready["latency"] is None:
                raise RuntimeError("never answered %s steadily: %s" % (CATS[0], ready["timeline"]))
            print("race: %s answers %s (%s)" % (label, CATS[0], run["version"]), flush=True)
            if s.warmup:
                self.one_cycle(s, poller, phases[-1])  # registers the backups' checks (pdns warm)
            for i in range(self.a.reps):
                rep = self.one_cycle(s, poller, phases[i])
                s.check_alive()
                rep.update({"system": cls.name, "interval": interval, "rep": i})
                run["reps"].append(rep)
                self.record(rep)
                fo, rc = rep["failover"], rep["recovery"]
                print("race: %-24s rep %2d  failover %6s s (phase %s, wrong %d/%d)  recovery %6s s (phase %s, "
                      "wrong %d/%d)%s" % (
                          label, i, fo["latency"], _phase(fo), fo["neither"], fo["flip_backs"], rc["latency"],
                          _phase(rc), rc["neither"], rc["flip_backs"], "" if "backup_checks_before_flip" not in rep else
                    "  backup checks before flip %d" % rep["backup_checks_before_flip"]), flush=True)
            if isinstance(s, systems.PowerDnsCold):
                # Without queries its checks expire: no steady check rate to divide by.
                run["note"] = "CPU: see pdns-warm (idle, the cold setup drops its checks)"
            else:
                run["cpu"] = self.cpu_window(s)
                s.check_alive()
        except RuntimeError as e:
            run["error"] = "failed: " + str(e).splitlines()[0]
            print("race: %s failed: %s" % (label, e), file=sys.stderr, flush=True)
        finally:
            s.stop()
        return run

    def run(self):
        self.start_cats()
        rows = []
        classes = [systems.SYSTEMS[n] for n in self.a.systems]
        # In the order of --systems, each over its intervals.
        plan = [(i, cls) for cls in classes for i in intervals_for(cls, self.a.intervals, classes)]
        try:
            for interval, cls in plan:
                run = self.run_system(cls, interval)
                row = report.summarize(run)
                row["version"] = run.get("version", "")
                self.record({"row": row})
                rows.append(row)
        finally:
            self.cats.stop()
        return rows


def summarize_file(path):
    """The tables of a finished run again, from its --json lines (one run per file)."""
    reps, rows = {}, []
    with open(path) as f:
        for line in f:
            obj = json.loads(line)
            if "row" in obj:
                rows.append(obj["row"])
            else:
                reps.setdefault((obj["system"], obj["interval"]), []).append(obj)
    fresh = []
    for stored in rows:
        row = dict(stored)
        got = reps.get((row["system"], row["interval"]))
        if got and not row.get("error"):
            row.update({k: v for k, v in report.summarize({"system": row["system"], "interval": row["interval"],
                                                           "reps": got}).items()
                        if not k.startswith("cpu") and k not in ("checks_per_s", "note", "error")})
        fresh.append(row)
    return report.table(fresh) + "\n\n" + report.ratios(fresh) + "\n"


def main(argv):
    a = parse_args(argv)
    if a.summarize:
        print(summarize_file(a.summarize), end="")
        return 0
    if a.install and os.environ.get(netns.MARK) != "1":
        install()
    for tool in ("dig", "ip", "unshare"):
        if not shutil.which(tool):
            sys.exit("race: %s is missing (apt-get install bind9-dnsutils iproute2 util-linux)" % tool)
    netns.enter_or_exit()
    # SIGTERM unwinds like an error, so every system and cat server we
    # started is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    command = "tools/bench/race/race.py " + " ".join(argv)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    host = machine.describe()
    workdir = tempfile.mkdtemp(prefix="dnsfailover-race-")
    try:
        rows = Race(a, workdir).run()
    finally:
        if a.keep:
            print("race: work directory kept: " + workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    versions = sorted({r["version"] for r in rows if r.get("version")})
    notes = ["- %s at %g s: %s" % (r["system"], r["interval"], r["note"]) for r in rows if r.get("note")]
    text = "\n".join([
        "Command: `%s`" % command,
        "Started %s; machine: %s; load average at end %s." % (
            started, host, " ".join(open("/proc/loadavg").read().split()[:3])),
        "Versions: %s." % "; ".join(versions),
        "Seconds from the flip to the settled answer (dig every 50 ms, settled = %g s unchanged); "
        "%d repetition(s) each, flips at the same seeded phases (seed %d) for every system; "
        "CPU per check = process tree utime+stime (incl. reaped children) over %g s without queries, "
        "divided by the checks the cat servers logged in that window." % (a.hold, a.reps, a.seed, a.cpu_seconds),
        "", report.table(rows), ""] + notes + ["", report.ratios(rows), ""])
    print()
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    bad = [r for r in rows if r["error"] and not r["error"].startswith("not run")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
