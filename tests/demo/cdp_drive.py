#!/usr/bin/env python3
"""Drives the demo's status page in a headless Chromium through the DevTools
protocol, like a person: types the control token, clicks Maintenance on the
active member, waits until the page shows the selection moved and the primary
nameserver following, saves a screenshot (mid-failover), clicks Force set DNS
and waits for a new push with the provider's reply. Standard library only: a
minimal WebSocket client (RFC 6455 text frames) is below.

usage: cdp_drive.py DEVTOOLS_PORT PAGE_URL TOKEN_FILE SCREENSHOT_PNG
"""
import base64, json, os, socket, struct, sys, time, urllib.request

port, page_url, token_file, png = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
token = open(token_file).read().strip()


class Ws:
    def __init__(self, url):
        assert url.startswith("ws://")
        hostport, path = url[5:].split("/", 1)
        host, p = hostport.split(":")
        self.s = socket.create_connection((host, int(p)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.s.recv(1)
            if not chunk:
                raise RuntimeError("websocket handshake: connection closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("websocket handshake refused: " + head.decode(errors="replace"))

    def _exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.s.recv(n - len(out))
            if not chunk:
                raise RuntimeError("websocket closed")
            out += chunk
        return out

    def send(self, text):
        data = text.encode()
        head = bytes([0x81])
        n = len(data)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.s.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            mask = self._exact(4) if b1 & 0x80 else None
            payload = self._exact(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = b0 & 0x0F
            if opcode == 8:
                raise RuntimeError("websocket closed by chromium")
            if opcode in (0, 1, 2):
                message += payload
                if b0 & 0x80:
                    return message.decode()


targets = None
for _ in range(100):
    try:
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2))
        if any(t.get("type") == "page" for t in targets):
            break
    except OSError:
        pass
    time.sleep(0.2)
page = next(t for t in targets if t.get("type") == "page")
ws = Ws(page["webSocketDebuggerUrl"])
next_id = 0


def call(method, **params):
    global next_id
    next_id += 1
    ws.send(json.dumps({"id": next_id, "method": method, "params": params}))
    while True:
        reply = json.loads(ws.recv())
        if reply.get("id") == next_id:
            if "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            return reply.get("result", {})


def js(expression):
    r = call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
    if "exceptionDetails" in r:
        raise RuntimeError(f"page script failed: {expression}: {r['exceptionDetails']}")
    return r["result"].get("value")


def wait_js(what, expression, limit=30):
    deadline = time.time() + limit
    while time.time() < deadline:
        value = js(expression)
        if value:
            print(f"ok   {what}: {value}")
            return value
        time.sleep(0.25)
    raise SystemExit(f"FAIL {what}: not seen within {limit} s; last: {js(expression)!r}")


call("Page.enable")
call("Runtime.enable")
call("Emulation.setDeviceMetricsOverride", width=1400, height=1600, deviceScaleFactor=1, mobile=False)
call("Page.navigate", url=page_url)

ACTIVE = "(() => { const r = document.querySelector('table.members tr.active'); return r ? r.dataset.indicator : ''; })()"
SERVER = ("(name) => { const r = [...document.querySelectorAll('tr.server')].find(x => x.dataset.server === name);"
          " return r ? r.cells[1].textContent : ''; }")
wait_js("the page lists the three members",
        "document.querySelectorAll('table.members tr[data-indicator]').length === 3 && 'main:cat, backup:cat, sorry:cat'")
wait_js("main is the active member", f"{ACTIVE} === 'main:cat' && 'main:cat'")
wait_js("every nameserver and resolver shows main's address",
        "(() => { const v = [...document.querySelectorAll('tr.server')].map(r => r.cells[1].textContent);"
        " return v.length === 5 && v.every(x => x === '127.0.0.11') && v.join(' '); })()")

# Type the token and keep it, as a person would.
js(f"(() => {{ const t = document.getElementById('token'); t.focus(); t.value = {json.dumps(token)};"
   " document.getElementById('tokenSave').click(); return true; })()")
wait_js("the page keeps the token", "document.getElementById('tokenState').textContent.includes('kept') && 'kept'")

# Maintenance on the active member.
js("document.querySelector(\"table.members tr[data-indicator='main:cat'] button\").click()")
wait_js("main shows [maintenance]",
        "(document.querySelector(\"table.members tr[data-indicator='main:cat']\").textContent.includes('[maintenance]')) && 'yes'")
wait_js("the selection moves to backup:cat", f"{ACTIVE} === 'backup:cat' && 'backup:cat'")
wait_js("the primary nameserver follows (ns1 answers 127.0.0.12)", f"({SERVER})('ns1.he.okerr.com') === '127.0.0.12' && '127.0.0.12'")
shot = call("Page.captureScreenshot", format="png")
with open(png, "wb") as f:
    f.write(base64.b64decode(shot["data"]))
print(f"ok   screenshot mid-failover: {png}")
wait_js("every nameserver follows",
        "['ns1.he.okerr.com','ns2.he.okerr.com','ns3.he.okerr.com'].every(n => "
        f"({SERVER})(n) === '127.0.0.12') && 'all three'")

# Force push.
before = int(js("document.querySelector('.facts').textContent.match(/(\\d+) sent/)[1]"))
js("document.querySelector('button.force-push').click()")
wait_js("the force push is a new push",
        f"(() => {{ const n = +document.querySelector('.facts').textContent.match(/(\\d+) sent/)[1];"
        f" return n > {before} && (n + ' sent (was {before})'); }})()")
# The record already holds the backup's address: the fake HE answers the
# forced push with "nochg", where the failover's push got "good".
wait_js("the provider's reply to the forced push is shown",
        "(() => { const t = document.querySelector('.reply').textContent; return /last reply: nochg 127\\.0\\.0\\.12/.test(t) && t.split('\\n')[0]; })()")
wait_js("the history has the forced push",
        "(() => { const t = document.getElementById('history').textContent; return /force_push/.test(t) && 'force_push'; })()", limit=15)
print("driven: token, maintenance, selection and nameservers followed, force push, provider reply")
