#!/usr/bin/env python3
"""Three cat servers for the race, one process, one asyncio loop.

Each listener answers any GET with a small page holding `status=OK` or
`status=ERR`. The word is read from STATEDIR/<address>.status on every
request, so the race flips a server by replacing that file atomically, and
every system under test sees the flip at the same instant.

An ERR page is sent with HTTP 503 (--err-code): gdnsd's http_status monitor
can only see the status code, while PowerDNS (200 + stringmatch) and our
httpgrep (200 + musthave) fail it either way, so one set of servers serves
every system.

Every answered request is appended to STATEDIR/hits.log as
"<CLOCK_MONOTONIC seconds> <address> <word>", written after the word was
read: the race uses it to learn each system's check phase and to count the
checks behind the CPU figures. The monotonic clock is shared by every
process on the machine, so the driver compares it with its own.

usage: catservers.py --statedir DIR [--addrs 127.0.0.11,127.0.0.12,127.0.0.13]
                     [--port 8080] [--err-code 503]
"""
import argparse
import asyncio
import os
import sys
import time


def read_word(path):
    try:
        with open(path) as f:
            word = f.read().strip()
    except OSError:
        return "ERR"  # a missing file is a broken server, never a healthy one
    return "OK" if word == "OK" else "ERR"


class CatServers:
    def __init__(self, statedir, err_code):
        self.statedir = statedir
        self.err_code = err_code
        self.log = open(os.path.join(statedir, "hits.log"), "a", buffering=1)

    async def serve(self, address, reader, writer):
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ConnectionError):
            writer.close()
            return
        word = read_word(os.path.join(self.statedir, address + ".status"))
        self.log.write("%.6f %s %s\n" % (time.monotonic(), address, word))
        body = ("<html><body><p>cat server %s</p><p>status=%s</p></body></html>\n" % (address, word)).encode()
        code = 200 if word == "OK" else self.err_code
        reason = "OK" if code == 200 else "Service Unavailable"
        head_out = ("HTTP/1.1 %d %s\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                    "Connection: close\r\n\r\n" % (code, reason, len(body))).encode()
        if head.startswith(b"HEAD "):
            body = b""
        try:
            writer.write(head_out + body)
            await writer.drain()
        except ConnectionError:
            pass
        writer.close()


async def main_async(args):
    os.makedirs(args.statedir, exist_ok=True)
    servers = CatServers(args.statedir, args.err_code)
    listeners = []
    for address in args.addrs.split(","):
        status = os.path.join(args.statedir, address + ".status")
        if not os.path.exists(status):
            with open(status, "w") as f:
                f.write("OK\n")
        listeners.append(await asyncio.start_server(
            lambda r, w, a=address: servers.serve(a, r, w), address, args.port, reuse_address=True))
    print("catservers: listening on %s port %d (ERR answered with %d)" % (args.addrs, args.port, args.err_code),
          flush=True)
    await asyncio.gather(*(l.serve_forever() for l in listeners))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statedir", required=True)
    ap.add_argument("--addrs", default="127.0.0.11,127.0.0.12,127.0.0.13")
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--err-code", type=int, default=503)
    args = ap.parse_args()
    try:
        asyncio.run(main_async(args))
    except KeyboardInterrupt:
        pass
    except OSError as e:
        sys.exit("catservers: cannot listen: %s" % e)


if __name__ == "__main__":
    main()
