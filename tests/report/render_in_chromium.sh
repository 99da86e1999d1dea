#!/usr/bin/env bash
# Goal: the cat day report, opened in a real browser (Debian's headless
# Chromium), renders its timeline (a rect in every row group), the
# availability figures and the failover table; a screenshot of it is kept
# as a test artifact for a human to look at.
#
# usage: render_in_chromium.sh DNSFAILOVER_BINARY SOURCE_DIR ARTIFACTS_DIR
#
# Chromium comes from tools/setup-debian.sh, so its absence is a failure, not
# a skip. It runs inside a fresh network namespace (only loopback) when the
# machine allows one, and always with its background networking switched
# off: the page is a local file and nothing may leave the machine.
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: $0 DNSFAILOVER_BINARY SOURCE_DIR ARTIFACTS_DIR" >&2
  exit 2
fi
dnsfailover=$1
source_dir=$2
artifacts=$3

fail() {
  echo "render_in_chromium: FAIL: $*" >&2
  exit 1
}

chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
  fail "chromium is not installed (Debian package 'chromium'); tools/setup-debian.sh installs it"
fi
command -v python3 >/dev/null || fail "python3 is needed to check the DOM and the PNG"

mkdir -p "$artifacts"
artifacts=$(cd "$artifacts" && pwd)
report=$artifacts/cat-day-report.html
dom=$artifacts/cat-day-report.dom.html
png=$artifacts/cat-day-report.png
rm -f "$report" "$dom" "$png"

work=$(mktemp -d "${TMPDIR:-/tmp}/render-in-chromium.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. The report of the cat day.
echo "== dnsfailover sim scenarios/cat-okerr.json --quiet --report $report"
sim_status=0
(cd "$source_dir" && "$dnsfailover" sim scenarios/cat-okerr.json --quiet --report "$report") \
  >"$work/sim.log" 2>&1 || sim_status=$?
if [ "$sim_status" -ne 0 ]; then
  cat "$work/sim.log" >&2
  # Exit 1 means an expectation failed: the scenario tests own that; the
  # report is still written and this test is about how it renders.
  [ "$sim_status" -eq 1 ] || fail "dnsfailover sim exited with $sim_status"
  echo "render_in_chromium: warning: the cat day's expectations failed (see above); checking the report anyway" >&2
fi
grep '^report ' "$work/sim.log" || true
[ -s "$report" ] || fail "dnsfailover sim wrote no report at $report"

# 2. Chromium, headless, in a loopback-only network namespace when possible.
netns=()
if unshare --net true 2>/dev/null; then
  netns=(unshare --net)
elif unshare --map-root-user --net true 2>/dev/null; then
  netns=(unshare --map-root-user --net)
else
  echo "render_in_chromium: note: cannot make a network namespace here; running chromium in the host's" >&2
fi

run_chromium() {  # run_chromium NAME ARGS... ; stdout is chromium's, stderr goes to $work/NAME.log
  local name=$1
  shift
  local profile=$work/profile-$name
  mkdir -p "$profile" "$work/home"
  local cmd=(timeout --kill-after=10 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic
             --no-first-run --disable-background-networking --disable-component-update --disable-sync
             --user-data-dir="$profile" --hide-scrollbars "$@" "file://$report")
  local status=0
  if [ "${#netns[@]}" -gt 0 ]; then
    HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache \
      "${netns[@]}" bash -c 'ip link set lo up && exec "$@"' run-chromium "${cmd[@]}" 2>"$work/$name.log" || status=$?
  else
    HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache \
      "${cmd[@]}" 2>"$work/$name.log" || status=$?
  fi
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$work/$name.log" >&2
    [ "$status" -eq 124 ] && fail "chromium ($name) did not finish within 120 s"
    fail "chromium ($name) exited with $status"
  fi
}

echo "== chromium --dump-dom (${netns[*]:-no namespace})"
run_chromium dump-dom --dump-dom >"$dom"
[ -s "$dom" ] || { tail -n 40 "$work/dump-dom.log" >&2; fail "chromium --dump-dom printed nothing"; }

python3 - "$dom" <<'EOF'
# The DOM as Chromium built it: the timeline SVG with a rect in every row
# group, the availability figures and the failover table with rows.
import re
import sys
from html.parser import HTMLParser

GROUPS = ["servers", "indicators", "selection", "provider", "nameservers", "resolvers"]


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.svg_timeline = False
        self.in_timeline = False
        self.group = None          # data-group of the open <g class="row">
        self.g_depth = 0
        self.rects = {g: 0 for g in GROUPS}
        self.rows = {g: 0 for g in GROUPS}
        self.table = None          # id of the open table
        self.cell = None           # text of the open td/th
        self.row = None            # cells of the open tr
        self.section = None        # thead/tbody
        self.tables = {}           # id -> list of (section, [cells])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and a.get("id") == "timeline":
            self.svg_timeline = self.in_timeline = True
        elif tag == "g" and self.in_timeline:
            if self.group is None and "row" in (a.get("class") or "").split():
                self.group, self.g_depth = a.get("data-group"), 1
                if self.group in self.rows:
                    self.rows[self.group] += 1
            elif self.group is not None:
                self.g_depth += 1
        elif tag == "rect" and self.group in self.rects:
            self.rects[self.group] += 1
        elif tag == "table" and a.get("id"):
            self.table = a["id"]
            self.tables[self.table] = []
            self.section = "tbody"
        elif self.table and tag in ("thead", "tbody"):
            self.section = tag
        elif self.table and tag == "tr":
            self.row = []
        elif self.table and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "svg" and self.in_timeline:
            self.in_timeline = False
        elif tag == "g" and self.group is not None:
            self.g_depth -= 1
            if self.g_depth == 0:
                self.group = None
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table:
            self.tables[self.table].append((self.section, self.row))
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


dom = Dom()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
errors = []
if not dom.svg_timeline:
    errors.append('no <svg id="timeline"> in the rendered DOM')
for g in GROUPS:
    print(f"  timeline group {g:<12} {dom.rows[g]:3d} rows, {dom.rects[g]:5d} rects")
    if dom.rects[g] == 0:
        errors.append(f'timeline group "{g}" has no <rect>')

availability = dom.tables.get("availability")
if availability is None:
    errors.append('no table id="availability"')
else:
    print("  availability seen by clients:")
    for _, cells in availability:
        print(f"    {cells[-1]:>9}  {cells[0]}" if cells else "    (empty row)")
    wanted = {"resolvers' answers": None, "provider record": None, "never moved": None}
    for _, cells in availability:
        for key in wanted:
            if cells and key in cells[0]:
                wanted[key] = cells[-1]
    for key, value in wanted.items():
        if value is None:
            errors.append(f'availability: no row about "{key}"')
        elif not re.fullmatch(r"\d{1,3}\.\d\d %", value):
            errors.append(f'availability: "{key}" shows "{value}", not a percentage')

failovers = dom.tables.get("failovers")
if failovers is None:
    errors.append('no table id="failovers"')
else:
    body = [cells for section, cells in failovers if section == "tbody"]
    head = [cells for section, cells in failovers if section == "thead"]
    print(f"  failover table: {len(body)} rows, columns {head[0] if head else '?'}")
    if len(body) < 2:
        errors.append(f'table "failovers" has {len(body)} rows; the cat day has a start-up choice and failovers')
    for cells in body[:3]:
        print("    " + " | ".join(cells))
    if any(len(cells) != 8 for cells in body):
        errors.append('table "failovers" has a row without 8 cells')

for e in errors:
    print("render_in_chromium: FAIL: " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
EOF

echo "== chromium --screenshot --window-size=1500,1800"
run_chromium screenshot --screenshot="$png" --window-size=1500,1800 >/dev/null
[ -f "$png" ] || { tail -n 40 "$work/screenshot.log" >&2; fail "chromium wrote no screenshot at $png"; }

python3 - "$png" <<'EOF'
# Decodes the PNG with the standard library alone and checks it is a real
# picture of the report: its size, many colours, mostly white page with
# text, and the timeline's OK green and ERR red bars.
import struct
import sys
import zlib

path = sys.argv[1]
data = open(path, "rb").read()
if len(data) < 20_000:
    sys.exit(f"render_in_chromium: FAIL: {path} is only {len(data)} bytes")
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"render_in_chromium: FAIL: {path} is not a PNG")
pos, idat, ihdr = 8, [], None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat.append(body)
    elif kind == b"IEND":
        break
    pos += 12 + length
width, height, depth, colour_type, _, _, interlace = ihdr
channels = {2: 3, 6: 4}.get(colour_type)
if depth != 8 or channels is None or interlace:
    sys.exit(f"render_in_chromium: FAIL: unexpected PNG format depth={depth} colour={colour_type} interlace={interlace}")
raw = zlib.decompress(b"".join(idat))
stride = width * channels
prev = bytearray(stride)
counts = {}
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if f == 1:
        for i in range(channels, stride):
            line[i] = (line[i] + line[i - channels]) & 0xFF
    elif f == 2:
        line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
    elif f == 3:
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif f == 4:
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
    elif f != 0:
        sys.exit(f"render_in_chromium: FAIL: bad PNG filter {f} in row {y}")
    prev = line
    if y % 2 == 0:  # every other row is plenty for the statistics
        for x in range(0, stride, channels * 2):
            px = bytes(line[x:x + 3])
            counts[px] = counts.get(px, 0) + 1

total = sum(counts.values())
white = counts.get(b"\xff\xff\xff", 0)
near = lambda rgb: sum(n for px, n in counts.items() if all(abs(px[i] - rgb[i]) <= 3 for i in range(3)))
green, red = near((0x2E, 0x9E, 0x4F)), near((0xD4, 0x3D, 0x3D))
top = max(counts.values())
print(f"  {path}: {width}x{height}, {len(data)} bytes, {len(counts)} colours sampled, "
      f"{100 * white / total:.1f} % white, OK green {100 * green / total:.2f} %, ERR red {100 * red / total:.2f} %")
errors = []
if width < 1400 or height < 1000:
    errors.append(f"screenshot is {width}x{height}, expected about 1500x1800")
if len(counts) < 16 or top / total > 0.98:
    errors.append("screenshot is (nearly) a single colour: the page did not render")
if green / total < 0.002:
    errors.append("no OK-green timeline bars in the screenshot")
if red / total < 0.0005:
    errors.append("no ERR-red timeline bars in the screenshot")
for e in errors:
    print("render_in_chromium: FAIL: " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
EOF

echo "render_in_chromium: PASS"
echo "artifacts:"
echo "  report      $report"
echo "  DOM         $dom"
echo "  screenshot  $png"
