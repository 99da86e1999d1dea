#!/usr/bin/env python3
"""Queries per second of our fake DNS network door next to NSD, same zone,
same query file, same dnsperf settings, in the same run, inside a network
namespace with only loopback.

  tools/bench/race/door.py [--seconds 10] [--rounds 3] [--clients 1] [--outstanding 100]
                           [--build-dir build/release | --fake-dns PATH] [--out F.md]

Both servers run one serving thread (`fake-dns` has one event loop; NSD is
told server-count: 1). Each round runs dnsperf against ours, then against
NSD; the table shows every round and the median ratio. dnsperf and the
server share the machine's cores, so the figures are ratios, not a
capacity claim.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import netns  # noqa: E402
import machine  # noqa: E402
from systems import Process  # noqa: E402

ZONE = "example.test"
OURS = ("127.0.0.21", 5310)
NSD = ("127.0.0.22", 5311)
RECORDS = [("cat", "A", "127.0.0.11"), ("www", "A", "192.0.2.10"), ("api", "A", "192.0.2.11"),
           ("mail", "A", "192.0.2.12"), ("v6", "AAAA", "2001:db8::10")]
# Mostly the failover record, as a resolver's refreshes would be, plus the
# other kinds of answer an authoritative server gives: other names, the
# apex NS and SOA, NODATA and NXDOMAIN.
QUERIES = ([("cat", "A")] * 10 + [("www", "A"), ("api", "A"), ("mail", "A"), ("v6", "AAAA"), ("@", "NS"),
           ("@", "SOA"), ("cat", "AAAA"), ("missing", "A")])


def fqdn(label):
    return ZONE if label == "@" else label + "." + ZONE


def write_zone(work):
    json_zone = {"nameservers": ["ns1." + ZONE],
                 "zones": [{"name": ZONE, "records": [{"name": fqdn("ns1"), "type": "A", "value": "127.0.0.1",
                                                       "ttl": 3600}] +
                            [{"name": fqdn(n), "type": t, "value": v, "ttl": 300} for n, t, v in RECORDS]}]}
    with open(os.path.join(work, "zone.json"), "w") as f:
        json.dump(json_zone, f)
    with open(os.path.join(work, ZONE + ".zone"), "w") as f:
        f.write("$ORIGIN %s.\n$TTL 300\n" % ZONE)
        f.write("@ 86400 IN SOA ns1.%s. hostmaster.%s. 1 3600 600 86400 300\n" % (ZONE, ZONE))
        f.write("@ 3600 IN NS ns1.%s.\nns1 3600 IN A 127.0.0.1\n" % ZONE)
        for n, t, v in RECORDS:
            f.write("%s IN %s %s\n" % (n, t, v))
    with open(os.path.join(work, "queries.txt"), "w") as f:
        for n, t in QUERIES:
            f.write("%s %s\n" % (fqdn(n), t))


def nsd_config(work):
    address, port = NSD
    path = os.path.join(work, "nsd.conf")
    with open(path, "w") as f:
        f.write("""server:
  ip-address: %s@%d
  do-ip6: no
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "%s"
  pidfile: "%s/nsd.pid"
  database: ""
  zonelistfile: "%s/zone.list"
  xfrdfile: "%s/xfrd.state"
  xfrdir: "%s"
  logfile: "%s/nsd.log"
  verbosity: 0
  hide-version: yes
  # Debian's NSD limits answers per client network (RRL, 200/s by default):
  # dnsperf is one client, so the limit would be measured instead of NSD.
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: %s
  zonefile: %s.zone
""" % (address, port, work, work, work, work, work, work, ZONE, ZONE))
    subprocess.run(["nsd-checkconf", path], check=True)
    return path


def wait_answer(address, port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        out = subprocess.run(["dig", "@" + address, "-p", str(port), fqdn("cat"), "A", "+short", "+time=1",
                              "+tries=1"], capture_output=True, text=True).stdout.strip()
        if out == "127.0.0.11":
            return
        time.sleep(0.1)
    raise RuntimeError("no answer from %s:%d" % (address, port))


def dnsperf(address, port, a, work):
    out = subprocess.run(["dnsperf", "-s", address, "-p", str(port), "-d", os.path.join(work, "queries.txt"),
                          "-l", str(a.seconds), "-c", str(a.clients), "-q", str(a.outstanding)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("dnsperf failed: " + out.stderr[-500:])
    qps = re.search(r"Queries per second:\s+([\d.]+)", out.stdout)
    lost = re.search(r"Queries lost:\s+(\d+)", out.stdout)
    codes = re.search(r"Response codes:\s+(.*)", out.stdout)
    return {"qps": float(qps.group(1)), "lost": int(lost.group(1)) if lost else None,
            "codes": codes.group(1).strip() if codes else ""}


def main(argv):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
    ap = argparse.ArgumentParser(description="fake-dns network door vs NSD, queries/s with dnsperf")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clients", type=int, default=1)
    ap.add_argument("--outstanding", type=int, default=100)
    ap.add_argument("--build-dir", default=os.path.join(repo, "build", "release"))
    ap.add_argument("--fake-dns")
    ap.add_argument("--out")
    a = ap.parse_args(argv)
    fake_dns = a.fake_dns or os.path.join(a.build_dir, "tools", "fake-dns", "fake-dns")
    for tool in ("nsd", "nsd-checkconf", "dnsperf", "dig"):
        if not shutil.which(tool):
            sys.exit("door: %s is missing (tools/bench/race/race.py --install, or apt-get install nsd dnsperf "
                     "bind9-dnsutils)" % tool)
    if not os.access(fake_dns, os.X_OK):
        sys.exit("door: fake-dns not built: %s" % fake_dns)
    netns.enter_or_exit()
    command = "tools/bench/race/door.py " + " ".join(argv)
    host = machine.describe()
    work = tempfile.mkdtemp(prefix="dnsfailover-door-")
    procs = []
    try:
        write_zone(work)
        procs.append(Process([fake_dns, "--zone-file", os.path.join(work, "zone.json"), "--listen", "%s:%d" % OURS],
                             os.path.join(work, "fake-dns.log")))
        procs.append(Process(["nsd", "-d", "-c", nsd_config(work)], os.path.join(work, "nsd.out")))
        wait_answer(*OURS)
        wait_answer(*NSD)
        version = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "nsd"], capture_output=True,
                                 text=True).stdout.strip()
        rows = []
        for r in range(a.rounds):
            ours = dnsperf(*OURS, a, work)
            theirs = dnsperf(*NSD, a, work)
            rows.append((r + 1, ours, theirs))
            print("door: round %d  fake-dns %.0f q/s  nsd %.0f q/s  ratio %.2f" % (
                r + 1, ours["qps"], theirs["qps"], ours["qps"] / theirs["qps"]), flush=True)
    finally:
        for p in reversed(procs):
            p.stop()
        shutil.rmtree(work, ignore_errors=True)
    lines = ["Command: `%s`" % command,
             "Machine: %s. NSD %s. dnsperf -l %d -c %d -q %d, %d queries in the file (%s), UDP." % (
                 host, version, a.seconds, a.clients, a.outstanding, len(QUERIES),
                 "10x cat A, 4 other names, apex NS and SOA, NODATA, NXDOMAIN"),
             "",
             "| round | fake-dns q/s | NSD q/s | fake-dns / NSD | lost (ours / NSD) | response codes (ours; NSD) |",
             "|---|---|---|---|---|---|"]
    for n, ours, theirs in rows:
        lines.append("| %d | %.0f | %.0f | %.2f | %s / %s | %s; %s |" % (
            n, ours["qps"], theirs["qps"], ours["qps"] / theirs["qps"], ours["lost"], theirs["lost"],
            ours["codes"], theirs["codes"]))
    median = statistics.median(o["qps"] / t["qps"] for _, o, t in rows)
    lines += ["", "Median ratio fake-dns / NSD: %.2f (target: at least 0.5)." % median]
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
