#!/usr/bin/env python3
"""Goal: the race tool's judgement is right before any system is raced.
Given a scripted answer sequence, `settle` finds the start of the final
stable run, counts answers that are neither the old nor the new address and
answers that leave the new address again; the hit log follows a file that
grows line by line (also a line written in two parts); the tree CPU reader
copes with command names holding spaces and parentheses; the table and the
ratios come out of the summaries as written in BENCHMARKS.md.

usage: race_units_test.py TOOLS_BENCH_RACE_DIR
"""
import os
import sys
import tempfile
import unittest
from unittest import mock

sys.path.insert(0, sys.argv.pop(1))

import cpu  # noqa: E402
import report  # noqa: E402
import trial  # noqa: E402


class ScriptedPoller:
    """Answers from a list, one per ask; the clock advances 50 ms per ask."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.now = 100.0

    def ask(self):
        self.now += 0.05
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def run_settle(answers, hold=0.2, max_wait=5.0):
    poller = ScriptedPoller(answers)
    with mock.patch.object(trial.time, "monotonic", lambda: poller.now), \
            mock.patch.object(trial.time, "sleep", lambda s: None):
        return trial.settle(poller, "OLD", "NEW", 100.0, hold, max_wait)


class SettleTest(unittest.TestCase):
    def test_clean_failover(self):
        r = run_settle(["OLD"] * 4 + ["NEW"])
        self.assertAlmostEqual(r["latency"], 0.25)
        self.assertAlmostEqual(r["first_change"], 0.25)
        self.assertEqual((r["neither"], r["flip_backs"]), (0, 0))

    def test_flip_back_and_third_address_are_wrong_answers(self):
        # pdns cold: the answer wanders over all three servers before it settles.
        r = run_settle(["OLD", "NEW", "OLD", "THIRD", "NEW", "THIRD", "NEW"])
        self.assertEqual(r["neither"], 2)
        self.assertEqual(r["flip_backs"], 2)  # NEW -> OLD and NEW -> THIRD
        self.assertAlmostEqual(r["first_change"], 0.10)
        self.assertAlmostEqual(r["latency"], 0.35)  # the final run of NEW answers

    def test_timeouts_count_as_neither(self):
        r = run_settle(["OLD", "TIMEOUT", "NEW"])
        self.assertEqual(r["neither"], 1)
        self.assertEqual(r["flip_backs"], 0)

    def test_never_settles(self):
        r = run_settle(["OLD"], max_wait=1.0)
        self.assertIsNone(r["latency"])
        self.assertIn("no settled answer", r["error"])


class HitLogTest(unittest.TestCase):
    def test_follows_a_growing_file(self):
        with tempfile.TemporaryDirectory() as d:
            log = trial.HitLog(d)
            self.assertIsNone(log.last("127.0.0.11"))
            with open(os.path.join(d, "hits.log"), "a") as f:
                f.write("10.5 127.0.0.11 OK\n11.0 127.0.0.12 OK\n11.5 127.0")
                f.flush()
                self.assertEqual(log.last("127.0.0.11"), 10.5)
                f.write(".0.11 ERR\n")
                f.flush()
                self.assertEqual(log.last("127.0.0.11"), 11.5)
                self.assertEqual(log.count(10.0, 11.2), 2)
                self.assertEqual(log.count(0, 99, {"127.0.0.12"}), 1)


class CpuTest(unittest.TestCase):
    def test_tree_sums_children(self):
        stats = {1: "1 (init) S 0 1 1 0 -1 0 0 0 0 0 5 5 0 0 20 0",
                 7: "7 (pdns (server) x) S 1 7 7 0 -1 0 0 0 0 0 3 4 1 2 20 0",
                 8: "8 (child) S 7 7 7 0 -1 0 0 0 0 0 10 0 0 0 20 0",
                 9: "9 (other) S 1 9 9 0 -1 0 0 0 0 0 50 50 0 0 20 0"}

        class FakeFile:
            def __init__(self, text):
                self.text = text

            def __enter__(self):
                return self

            def __exit__(self, *a):
                return False

            def read(self):
                return self.text

        def fake_open(path, *a, **k):
            return FakeFile(stats[int(path.split("/")[2])])

        with mock.patch.object(cpu.os, "listdir", lambda p: [str(p) for p in stats] + ["self"]), \
                mock.patch("builtins.open", fake_open):
            self.assertEqual(cpu.tree_ticks([7]), 3 + 4 + 1 + 2 + 10)


class ReportTest(unittest.TestCase):
    def rep(self, fo, rc, neither=0, backs=0, phase=None):
        return {"failover": {"latency": fo, "neither": neither, "flip_backs": backs, "phase": phase},
                "recovery": {"latency": rc, "neither": 0, "flip_backs": 0, "phase": None}}

    def test_table_and_ratios(self):
        ours = report.summarize({"system": "dnsfailover", "interval": 1,
                                 "reps": [self.rep(0.2, 0.3, phase=0.85), self.rep(0.4, 0.5, phase=0.7),
                                          self.rep(0.6, 0.1, phase=0.5)],
                                 "cpu": {"seconds": 60, "cpu_seconds": 0.06, "checks": 180}})
        peer = report.summarize({"system": "pdns-cold", "interval": 1,
                                 "reps": [self.rep(0.8, 0.3, 3, 1), self.rep(None, 0.5)]})
        self.assertAlmostEqual(ours["failover_median"], 0.4)
        self.assertAlmostEqual(ours["cpu_per_check_ms"], 1000 * 0.06 / 180)
        # Flipped 0.85 s after a check, answered 0.2 s later: 0.05 s after the next check.
        self.assertAlmostEqual(ours["failover_after_check"], 0.1)
        self.assertIsNone(ours["recovery_after_check"])  # no aligned phase, nothing to say
        self.assertEqual(peer["unsettled"], 1)
        table = report.table([ours, peer])
        self.assertIn("| dnsfailover | 1 s | 3 | 0.40 | 0.60 | 0.30 | 0.50 | 0.100 / - | 0 / 0 | 3.00 | 0.06 | 0.333 ms |", table)
        self.assertIn("| pdns-cold | 1 s | 2 | 0.80 | 0.80 | 0.40 | 0.50 | - / - | 3 / 1 (1 never settled) |", table)
        ratios = report.ratios([ours, peer])
        self.assertIn("| dnsfailover / pdns-cold | 1 s | 0.50 | 0.75 | 0.75 | 1.00 | - |", ratios)


if __name__ == "__main__":
    unittest.main(verbosity=2)
