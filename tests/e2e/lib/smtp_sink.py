#!/usr/bin/python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A mail server for the tests, on 127.0.0.1 (Debian's python3-aiosmtpd).

    smtp_sink.py PORT DIR

Every message it accepts is written to DIR/NNNN.eml (the bytes after DATA,
CRLF line ends as received) with DIR/NNNN.env beside it ("from ADDR" and
one "to ADDR" line per recipient). What it answers depends on the
recipient's local part, so a test chooses the outcome by the address:

    tempfail-N@…   451 the first N times it is offered, then accepted
    reject@…       550 (a permanent refusal)
    slow@…         waits 30 s before answering DATA (a test kills the desk meanwhile)
    anything else  250

DIR/ready appears once it listens. It stops on SIGTERM.
"""
import asyncio
import os
import signal
import sys

from aiosmtpd.controller import Controller

port, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
offered = {}
count = [0]


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local == "reject":
            return "550 5.1.1 No such user here"
        if local.startswith("tempfail-"):
            n = int(local.split("-")[1])
            offered[address] = offered.get(address, 0) + 1
            if offered[address] <= n:
                return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(a.split("@")[0].lower() == "slow" for a in envelope.rcpt_tos):
            await asyncio.sleep(30)
        count[0] += 1
        base = os.path.join(out, "%04d" % count[0])
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".env", "w") as f:
            f.write("from %s\n" % envelope.mail_from)
            for a in envelope.rcpt_tos:
                f.write("to %s\n" % a)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Message accepted"


controller = Controller(Handler(), hostname="127.0.0.1", port=port, decode_data=False)
controller.start()
open(os.path.join(out, "ready"), "w").close()
signal.signal(signal.SIGTERM, lambda *_: (controller.stop(), sys.exit(0)))
signal.pause()
