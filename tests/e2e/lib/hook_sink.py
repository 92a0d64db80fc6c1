# SPDX-License-Identifier: AGPL-3.0-or-later
"""A webhook receiver on 127.0.0.1 for the end-to-end tests.

    python3 hook_sink.py PORT DIR SECRET [STATUS...]

Answers each POST with the next STATUS given (then 200), and writes what
came to DIR/NNN.json: the body, the headers the desk sends, whether the
signature verifies (HMAC-SHA256 under SECRET of "t.body", t within five
minutes) and the status answered. DIR/ready appears once it listens.
"""
import hashlib
import hmac
import http.server
import json
import os
import sys
import time

port, out, secret = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()
script = [int(s) for s in sys.argv[4:]]
os.makedirs(out, exist_ok=True)
count = 0


def verifies(header, body):
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if "t" not in parts or "v1" not in parts:
        return False
    if abs(time.time() - int(parts["t"])) > 300:
        return False
    want = hmac.new(secret, parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, parts["v1"])


class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        status = script[count] if count < len(script) else 200
        record = {
            "status": status,
            "body": json.loads(body),
            "event": self.headers.get("Loyaldesk-Event"),
            "delivery": self.headers.get("Loyaldesk-Delivery"),
            "content_type": self.headers.get("Content-Type"),
            "verified": verifies(self.headers.get("Loyaldesk-Signature", ""), body),
        }
        with open(os.path.join(out, "%03d.json" % count), "w") as f:
            json.dump(record, f)
        count += 1
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", port), Sink)
open(os.path.join(out, "ready"), "w").close()
server.serve_forever()
