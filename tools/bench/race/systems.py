"""The systems in the race, each started from its own config in a work dir.

Every system answers `cat.example.test A` itself (or through the fake
nameserver our daemon pushes to) and checks the same three cat servers:
priority order 127.0.0.11, .12, .13, port 8080, `status=OK` in the page.

- ours:      `dnsfailover run` with a policy that switches on ONE differing
             check (no retries, no recovery retries) at the race's interval,
             pushing to the fake Cloudflare API of `fake-world`, whose primary
             nameserver answers a push at once (no lag). So the path is the
             real one: check -> selection -> push -> nameserver answer.
             Cloudflare, not HE: the race pushes every few seconds, and HE
             (like its fake) refuses more than 10 updates of a record in
             120 s ("interval"), which would stall the race for minutes.
- pdns-warm: PowerDNS Authoritative, LUA record `ifurlup` with one address
             per group (strict priority), stringmatch `status=OK`; warm = the
             backups' checks stay registered (expire delay 1 h).
- pdns-cold: the same with a short expire delay, so the backups' checks are
             gone before each failover, as they are in production an hour
             after the last one.
- gdnsd:     metafo over three single-address datacenters, http_status
             monitor (status code only) with thresholds 1/1/1; gdnsd refuses
             intervals under 2 s.
"""
import json
import os
import secrets
import shutil
import signal
import subprocess
import time

ZONE = "example.test"
NAME = "cat." + ZONE
CAT_PORT = 8080


class Process:
    """A child we started, logging to a file; stopped by its own pid only."""

    def __init__(self, argv, log_path, env=None):
        self.argv = argv
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.popen = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                      stdin=subprocess.DEVNULL)

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def stop(self):
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.log.close()

    def wait_for_line(self, needle, seconds):
        """The first log line holding `needle`; raises with the log when it never comes."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with open(self.log_path) as f:
                for line in f:
                    if needle in line:
                        return line.strip()
            if not self.alive():
                break
            time.sleep(0.05)
        with open(self.log_path) as f:
            tail = f.read()[-2000:]
        raise RuntimeError("%s did not print %r within %g s; its log:\n%s" % (self.argv[0], needle, seconds, tail))


class System:
    name = "?"
    dns_server = "127.0.0.1"
    dns_port = 0
    # Seconds of querying before each failover flip (pdns cold: let the
    # backups' checks expire meanwhile); 0 = just wait for the phase.
    pre_poll = 0.0
    warmup = False  # one unmeasured failover/recovery cycle first

    def __init__(self, interval, cats, workdir):
        self.interval = interval
        self.cats = cats  # [primary, backup, third]
        self.workdir = workdir
        self.processes = []

    @staticmethod
    def available(paths):
        return None  # or the reason it cannot run

    def start(self, paths):
        raise NotImplementedError

    def pids(self):
        return [p.pid for p in self.processes]

    def check_alive(self):
        for p in self.processes:
            if not p.alive():
                with open(p.log_path) as f:
                    tail = f.read()[-2000:]
                raise RuntimeError("%s exited (code %s); its log:\n%s" % (p.argv[0], p.popen.returncode, tail))

    def stop(self):
        for p in reversed(self.processes):
            p.stop()
        self.processes = []

    def version(self):
        return ""


def _package_version(package):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        return ""


class Ours(System):
    name = "dnsfailover"
    dns_server = "127.0.0.15"
    dns_port = 5302
    api_address = "127.0.0.14"

    @staticmethod
    def available(paths):
        for tool in ("dnsfailover", "fake-world"):
            if not os.access(paths[tool], os.X_OK):
                return "%s not built (%s)" % (tool, paths[tool])
        return None

    def config(self, api_url):
        policy = {"period": "%gs" % self.interval, "retry_schedule": "", "recovery_retry_schedule": ""}
        indicators, members = [], []
        for role, address, priority in zip(("main", "backup", "sorry"), self.cats, (100, 95, 85)):
            indicators.append({"name": role, "policy": "race",
                               "check": {"method": "httpgrep", "url": "http://%s:%d/" % (NAME, CAT_PORT),
                                         "musthave": "status=OK", "options": "addr=" + address}})
            members.append({"indicator": role, "priority": priority, "address": address})
        return {"policies": {"race": policy}, "indicators": indicators,
                "schemes": [{"name": "cat", "fqdn": NAME, "zone": ZONE, "provider": "cloudflare",
                             "endpoint": api_url + "/client/v4", "credentials": {"env": "RACE_PROVIDER_KEY"},
                             "ttl": 60, "startup_wait": "5s", "members": members}]}

    def start(self, paths):
        # The provider key is made for this run and only ever passed by environment.
        env = dict(os.environ, RACE_PROVIDER_KEY=secrets.token_hex(16))
        world = Process([paths["fake-world"], "--provider", "cloudflare", "--api", self.api_address + ":0",
                         "--zone", ZONE, "--token-env", "RACE_PROVIDER_KEY", "--record", NAME + "=" + self.cats[0],
                         "--ttl", "60", "--ns", self.dns_server, "--dns-port", str(self.dns_port)],
                        os.path.join(self.workdir, "fake-world.log"), env)
        self.processes.append(world)
        line = world.wait_for_line("api on http", 20)
        api_url = line.split(" api on ", 1)[1].split()[0].rstrip(",")
        world.wait_for_line("fake-world: ready", 20)
        config_path = os.path.join(self.workdir, "race.json")
        with open(config_path, "w") as f:
            json.dump(self.config(api_url), f, indent=2)
        self.processes.append(Process([paths["dnsfailover"], "run", config_path,
                                       "--store", os.path.join(self.workdir, "state.db")],
                                      os.path.join(self.workdir, "dnsfailover.log"), env))

    def version(self):
        return "this tree"


class PowerDns(System):
    name = "pdns-warm"
    dns_port = 5300
    expire_delay = 3600

    @staticmethod
    def available(paths):
        if not shutil.which("pdns_server"):
            return "pdns_server not installed (race.py --install)"
        if not os.path.exists("/usr/lib/x86_64-linux-gnu/pdns/libbindbackend.so") and \
                not _package_version("pdns-backend-bind"):
            return "pdns-backend-bind not installed (race.py --install)"
        return None

    def start(self, paths):
        conf = os.path.join(self.workdir, "pdns")
        os.makedirs(os.path.join(conf, "run"), exist_ok=True)
        units = ", ".join("{'%s'}" % a for a in self.cats)
        with open(os.path.join(conf, ZONE + ".zone"), "w") as f:
            f.write("$ORIGIN %s.\n$TTL 5\n" % ZONE)
            f.write("@ IN SOA ns1.%s. hostmaster.%s. 1 3600 600 86400 5\n" % (ZONE, ZONE))
            f.write("@ IN NS ns1.%s.\nns1 IN A 127.0.0.1\n" % ZONE)
            f.write("cat IN LUA A \"ifurlup('http://%s:%d/', {%s}, {stringmatch='status=OK', timeout='1'})\"\n"
                    % (NAME, CAT_PORT, units))
        with open(os.path.join(conf, "named.conf"), "w") as f:
            f.write('options { directory "%s"; };\n' % conf)
            f.write('zone "%s" { type master; file "%s/%s.zone"; };\n' % (ZONE, conf, ZONE))
        with open(os.path.join(conf, "pdns.conf"), "w") as f:
            f.write("\n".join([
                "launch=bind", "bind-config=%s/named.conf" % conf,
                "local-address=%s" % self.dns_server, "local-port=%d" % self.dns_port,
                "socket-dir=%s/run" % conf, "guardian=no", "daemon=no", "disable-syslog=yes",
                "loglevel=4", "webserver=no", "api=no",
                # An empty suffix turns off the start-up security poll, a TXT
                # query that would otherwise go to the system resolver.
                "security-poll-suffix=",
                "enable-lua-records=yes",
                "lua-health-checks-interval=%d" % self.interval,
                "lua-health-checks-expire-delay=%d" % self.expire_delay, ""]))
        self.processes.append(Process(["pdns_server", "--config-dir=" + conf],
                                      os.path.join(self.workdir, "pdns.log")))

    def version(self):
        return "PowerDNS Authoritative " + _package_version("pdns-server")


class PowerDnsWarm(PowerDns):
    name = "pdns-warm"
    warmup = True


class PowerDnsCold(PowerDns):
    name = "pdns-cold"

    def __init__(self, interval, cats, workdir):
        super().__init__(interval, cats, workdir)
        # Short enough that the backups' checks expire before each failover
        # while the queries keep the primary's check alive.
        self.expire_delay = max(3, 2 * interval)
        self.pre_poll = self.expire_delay + 2 * interval + 1


class Gdnsd(System):
    name = "gdnsd"
    dns_port = 5301
    min_interval = 2  # gdnsd rejects anything shorter: "Value out of range (2, 3600)"

    @staticmethod
    def available(paths):
        return None if shutil.which("gdnsd") else "gdnsd not installed (race.py --install)"

    def start(self, paths):
        etc = os.path.join(self.workdir, "gdnsd")
        for sub in ("zones", "run", "state"):
            os.makedirs(os.path.join(etc, sub), exist_ok=True)
        dcs = ["s%d" % (i + 1) for i in range(len(self.cats))]
        dcmap = "\n".join("          %s => %s" % (dc, a) for dc, a in zip(dcs, self.cats))
        with open(os.path.join(etc, "config"), "w") as f:
            f.write("""options => {
  listen => [ %s ]
  dns_port => %d
  run_dir => %s/run
  state_dir => %s/state
}
service_types => {
  catweb => {
    plugin => http_status
    port => %d
    url_path => /
    vhost => %s
    ok_codes => [ 200 ]
    interval => %d
    timeout => 1
    up_thresh => 1
    ok_thresh => 1
    down_thresh => 1
  }
}
plugins => {
  metafo => {
    resources => {
      cat => {
        service_types => catweb
        datacenters => [ %s ]
        dcmap => {
%s
        }
      }
    }
  }
}
""" % (self.dns_server, self.dns_port, etc, etc, CAT_PORT, NAME, self.interval, ", ".join(dcs), dcmap))
        with open(os.path.join(etc, "zones", ZONE), "w") as f:
            f.write("$TTL 5\n@ SOA ns1 hostmaster 1 3600 600 86400 5\n@ NS ns1\nns1 A 127.0.0.1\n"
                    "cat 5 DYNA metafo!cat\n")
        check = subprocess.run(["gdnsd", "-c", etc, "checkconf"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError("gdnsd checkconf failed:\n" + check.stderr[-2000:])
        self.processes.append(Process(["gdnsd", "-c", etc, "start"], os.path.join(self.workdir, "gdnsd.log")))

    def version(self):
        return "gdnsd " + _package_version("gdnsd")


SYSTEMS = {"ours": Ours, "pdns-warm": PowerDnsWarm, "pdns-cold": PowerDnsCold, "gdnsd": Gdnsd}
