#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Slow clients against `loyaldesk serve`: does one address starve the others?

    python3 bench/slow_clients.py --url http://127.0.0.1:PORT [--sockets 1100]
                                  [--seconds 30] [--from 127.0.0.2]

Opens --sockets connections from the address --from (any of 127/8 is
loopback on Linux), each sending the start of a request and then one header
line every 2 s, never ending its head, the way a slowloris attack holds
connection slots. Meanwhile, from 127.0.0.1, it asks GET /api/v1/health once
every half second and times each answer. Prints how many slow connections
the server admitted, how many it closed and when, and the health answers'
count, failures and latency (median, maximum).

Not a test: it takes --seconds and judges a running server; the in-process
proof is tests/http/test_http_limits.c. Loopback only.
"""
import argparse
import socket
import statistics
import time
import urllib.parse
import urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--sockets", type=int, default=1100)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--from", dest="source", default="127.0.0.2")
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.url)
    if u.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only")
    port = u.port or 80

    slow, refused = [], 0
    for _ in range(a.sockets):
        s = socket.socket()
        s.setblocking(True)
        s.settimeout(2)
        try:
            s.bind((a.source, 0))
            s.connect((u.hostname, port))
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
            s.setblocking(False)
            slow.append([s, None])
        except OSError:
            refused += 1
            s.close()

    lat, failed = [], 0
    t0 = time.monotonic()
    next_line = t0 + 2
    while time.monotonic() - t0 < a.seconds:
        h0 = time.monotonic()
        try:
            with urllib.request.urlopen(a.url.rstrip("/") + "/api/v1/health", timeout=5) as r:
                r.read()
                if r.status != 200:
                    failed += 1
        except Exception:
            failed += 1
        lat.append(time.monotonic() - h0)
        now = time.monotonic()
        if now >= next_line:
            next_line = now + 2
            for entry in slow:
                if entry[1] is not None:
                    continue
                try:
                    entry[0].send(b"X-Slow: 1\r\n")
                    entry[0].recv(1, socket.MSG_PEEK)  # an answer (408) or EOF: ended
                    entry[1] = now - t0
                except BlockingIOError:
                    pass
                except OSError:
                    entry[1] = now - t0
        time.sleep(0.5)
    closed = [e[1] for e in slow if e[1] is not None]
    for e in slow:
        e[0].close()
    print(f"slow connections from {a.source}: {len(slow)} opened, {refused} refused at connect, "
          f"{len(closed)} closed by the server"
          + (f" (first after {min(closed):.1f} s, last after {max(closed):.1f} s)" if closed else ""))
    ms = [x * 1000 for x in lat]
    print(f"health from 127.0.0.1 meanwhile: {len(lat)} asked, {failed} failed, "
          f"median {statistics.median(ms):.1f} ms, max {max(ms):.1f} ms")


if __name__ == "__main__":
    main()
