"""The race's one table, and the ratios of ours to each peer from the same run."""
import statistics


def _seconds(values):
    return [v for v in values if v is not None]


def _fmt(value, digits=2):
    return "-" if value is None else "%.*f" % (digits, value)


def summarize(run):
    """One row's figures from a system run (see race.run_system)."""
    reps = run["reps"]
    fo = _seconds(r["failover"]["latency"] for r in reps)
    rc = _seconds(r["recovery"]["latency"] for r in reps)
    neither = sum(r["failover"]["neither"] + r["recovery"]["neither"] for r in reps)
    backs = sum(r["failover"]["flip_backs"] + r["recovery"]["flip_backs"] for r in reps)
    unsettled = sum((r["failover"]["latency"] is None) + (r["recovery"]["latency"] is None) for r in reps)
    # What the system itself adds after the check that saw the flip: the
    # flip came `phase` s after a check, so that check ran interval - phase
    # s after the flip (checks are periodic); the rest is the system's own
    # path from check to answer, plus one dig.
    def after_check(kind):
        values = [r[kind]["latency"] - (run["interval"] - r[kind]["phase"]) for r in reps
                  if r[kind]["latency"] is not None and r[kind].get("phase") is not None]
        return statistics.median(values) if values else None

    cpu = run.get("cpu")
    per_check_ms = None
    if cpu and cpu["checks"] > 0:
        per_check_ms = 1000.0 * cpu["cpu_seconds"] / cpu["checks"]
    return {
        "system": run["system"], "interval": run["interval"], "n": len(reps),
        "failover_median": statistics.median(fo) if fo else None, "failover_max": max(fo) if fo else None,
        "recovery_median": statistics.median(rc) if rc else None, "recovery_max": max(rc) if rc else None,
        "neither": neither, "flip_backs": backs, "unsettled": unsettled,
        "checks_per_s": cpu["checks"] / cpu["seconds"] if cpu else None,
        "cpu_seconds": cpu["cpu_seconds"] if cpu else None,
        "cpu_per_check_ms": per_check_ms, "error": run.get("error"), "note": run.get("note", ""),
        "failover_after_check": after_check("failover"), "recovery_after_check": after_check("recovery"),
    }


def table(rows):
    out = ["| system | check interval | reps | failover median | failover max | recovery median | recovery max "
           "| after the detecting check, median (failover / recovery) "
           "| wrong answers (neither old nor new / flip-backs) | checks/s (3 servers) | CPU-s in window "
           "| CPU per check |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["error"]:
            out.append("| %s | %g s | - | %s | | | | | | | | |" % (r["system"], r["interval"], r["error"]))
            continue
        wrong = "%d / %d" % (r["neither"], r["flip_backs"])
        if r["unsettled"]:
            wrong += " (%d never settled)" % r["unsettled"]
        cpu = "-" if r["cpu_per_check_ms"] is None else "%.3f ms" % r["cpu_per_check_ms"]
        after = "%s / %s" % (_fmt(r.get("failover_after_check"), 3), _fmt(r.get("recovery_after_check"), 3))
        out.append("| %s | %g s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["system"], r["interval"], r["n"], _fmt(r["failover_median"]), _fmt(r["failover_max"]),
            _fmt(r["recovery_median"]), _fmt(r["recovery_max"]), after, wrong, _fmt(r["checks_per_s"]),
            _fmt(r["cpu_seconds"]), cpu))
    return "\n".join(out)


def _ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return "%.2f" % (a / b)


def ratios(rows, ours="dnsfailover"):
    """Ours divided by each peer at the same interval (below 1 = ours is faster / cheaper)."""
    mine = {r["interval"]: r for r in rows if r["system"] == ours and not r["error"]}
    out = ["| ours / peer | check interval | failover median | failover max | recovery median | recovery max "
           "| CPU per check |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["system"] == ours or r["error"] or r["interval"] not in mine:
            continue
        m = mine[r["interval"]]
        out.append("| dnsfailover / %s | %g s | %s | %s | %s | %s | %s |" % (
            r["system"], r["interval"], _ratio(m["failover_median"], r["failover_median"]),
            _ratio(m["failover_max"], r["failover_max"]), _ratio(m["recovery_median"], r["recovery_median"]),
            _ratio(m["recovery_max"], r["recovery_max"]), _ratio(m["cpu_per_check_ms"], r["cpu_per_check_ms"])))
    return "\n".join(out) if len(out) > 2 else ""
