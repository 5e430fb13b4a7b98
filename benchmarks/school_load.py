"""A lean load generator: N children on one asyncio loop, raw HTTP/1.1 on kept-alive sockets.

Each child sends one drawing every 0.3-1.5 s (after its answer), as the pad does. Two ways in:
- "lean": POST /digits/read {"strokes": ...} (the pad's route, no session);
- "rest": Gradio's REST API without a session, POST /gradio_api/call/read_strokes {"data": [...]}
  then GET .../{event_id} (its event stream), as an API user calls it with curl.
It runs in its own process (spawned) and reports its own CPU time, so the figure measures the
server.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import urllib.parse

LEAN, REST = "lean", "rest"
READ = "/digits/read"
CALL = "/gradio_api/call/read_strokes"


class Page:
    """One kept-alive connection, opened again if the server closed it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        for attempt in (0, 1):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            head = (
                f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            try:
                self.writer.write(head.encode() + body)
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> tuple[int, bytes]:
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        headers = {}
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            parts = []
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size + 2))
            await self.reader.readuntil(b"\r\n")
            body = b"".join(p[:-2] for p in parts)
        else:
            body = await self.reader.read()
            self.close()
        if headers.get("connection") == "close":
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def read_once(page: Page, mode: str, value: dict) -> None:
    """One drawing read; raises with one line on any answer but a reading."""
    if mode == LEAN:
        status, body = await page.request("POST", READ, json.dumps({"strokes": value}).encode())
        if status != 200:
            raise RuntimeError(f"{status}: {body[:200]!r}")
        return
    status, body = await page.request("POST", CALL, json.dumps({"data": [value]}).encode())
    if status != 200:
        raise RuntimeError(f"{status}: {body[:200]!r}")
    status, stream = await page.request("GET", f"{CALL}/{json.loads(body)['event_id']}")
    if status != 200 or b"event: complete" not in stream:
        raise RuntimeError(f"{status}: {stream[:200]!r}")


async def child(where, mode: str, values: list[dict], seed: int, until: float, out: list, errors: list):
    rng = random.Random(seed)
    page = Page(*where)
    while True:
        await asyncio.sleep(rng.uniform(0.3, 1.5))  # a child drawing the next digit
        if time.time() >= until:
            break
        t = time.perf_counter()
        try:
            await read_once(page, mode, values[rng.randrange(len(values))])
            out.append(time.perf_counter() - t)
        except Exception as exc:
            errors.append(f"{exc.__class__.__name__}: {exc}"[:200])
            page.close()
    page.close()


async def school(url: str, mode: str, values: list[dict], children: int, seconds: float) -> dict:
    where = urllib.parse.urlsplit(url)
    out, errors = [], []
    until = time.time() + seconds
    await asyncio.gather(
        *(child((where.hostname, where.port), mode, values, k, until, out, errors) for k in range(children))
    )
    return {"times": out, "errors": errors}


def clients(url: str, mode: str, values: list[dict], children: int, seconds: float, results) -> None:
    """The school, in its own process: its answers' times, errors and its own CPU seconds."""
    used = time.process_time()
    got = asyncio.run(school(url, mode, values, children, seconds))
    results.put({**got, "client_cpu": time.process_time() - used})
