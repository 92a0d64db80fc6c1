#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Chat round trip (bench/chat.sh runs it): CHATS chats are opened through a
widget, each followed by its visitor's live stream (Server-Sent Events, one
connection each, all kept open); then an agent writes MESSAGES messages, one
at a time, round robin over the chats, and each is timed from the agent's
request until the visitor's stream delivers it. The same client then times
a plain GET round trip on the bare libmicrohttpd responder (bench/ceiling.c)
as the anchor. Prints one line per figure. Standard library only.

  chat_rt.py DESK_PORT CEILING_PORT WIDGET_KEY AGENT_TOKEN CHATS MESSAGES
"""
import asyncio
import json
import sys
import time

HOST = "127.0.0.1"
STARTS_PER_ADDRESS = 20  # the desk's limit of chats begun per client address


async def request(reader, writer, method, path, body=None, token=None):
    """One HTTP/1.1 request on a kept-alive connection; (status, body bytes)."""
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    writer.write(head.encode() + b"\r\n" + data)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def start_chat(key, n):
    # Begun from 127.0.0.x: each address may begin only so many chats.
    src = f"127.0.0.{2 + n // STARTS_PER_ADDRESS}"
    reader, writer = await asyncio.open_connection(HOST, PORT, local_addr=(src, 0))
    status, body = await request(reader, writer, "POST", "/api/v1/chats",
                                 {"widget": key, "message": f"Chat {n}: hello"})
    writer.close()
    if status != 201:
        raise SystemExit(f"chat {n}: {status} {body[:200]!r}")
    j = json.loads(body)
    return j["chat"]["id"], j["token"]


class Stream:
    """A visitor's event stream; `waiting` maps a body to its future."""

    def __init__(self):
        self.waiting = {}

    async def open(self, token):
        self.reader, self.writer = await asyncio.open_connection(HOST, PORT)
        self.writer.write(f"GET /api/v1/chat/{token}/events HTTP/1.1\r\nHost: {HOST}\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        await self.writer.drain()
        while (await self.reader.readline()) not in (b"\r\n", b""):
            pass
        self.task = asyncio.create_task(self.run())

    async def run(self):
        # Chunked transfer: chunk-size lines interleave with the event text;
        # only "data: " lines matter here.
        while line := await self.reader.readline():
            if line.startswith(b"data: "):
                body = json.loads(line[6:])["body"]
                fut = self.waiting.pop(body, None)
                if fut is not None and not fut.done():
                    fut.set_result(time.perf_counter())


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] * 1000


async def main():
    global PORT
    PORT, ceiling, key, agent, chats, messages = (int(sys.argv[1]), int(sys.argv[2]),
                                                  sys.argv[3], sys.argv[4], int(sys.argv[5]),
                                                  int(sys.argv[6]))
    opened = [await start_chat(key, n) for n in range(chats)]
    streams = []
    for _, token in opened:
        s = Stream()
        await s.open(token)
        streams.append(s)
    await asyncio.sleep(0.5)  # every stream has read its chat so far and waits
    reader, writer = await asyncio.open_connection(HOST, PORT)
    times = []
    for i in range(messages):
        k = i % chats
        body = f"rt {i}"
        fut = asyncio.get_running_loop().create_future()
        streams[k].waiting[body] = fut
        t0 = time.perf_counter()
        status, _ = await request(reader, writer, "POST", f"/api/v1/chats/{opened[k][0]}/messages",
                                  {"body": body}, agent)
        if status != 201:
            raise SystemExit(f"message {i}: {status}")
        times.append(await asyncio.wait_for(fut, 10) - t0)
    print(f"chat {chats} {messages} {pct(times, 50):.3f} {pct(times, 99):.3f} "
          f"{messages / sum(times):.0f}")
    reader, writer = await asyncio.open_connection(HOST, ceiling)
    bare = []
    for _ in range(messages):
        t0 = time.perf_counter()
        await request(reader, writer, "GET", "/")
        bare.append(time.perf_counter() - t0)
    print(f"ceiling 1 {messages} {pct(bare, 50):.3f} {pct(bare, 99):.3f} {messages / sum(bare):.0f}")


asyncio.run(main())
