"""The lean reading path: strokes (or an image) in, the reading out, as plain JSON beside Gradio's queue.

A queued Gradio event costs ~16 ms of server CPU here and a read ~19 ms; a plain route costs ~3 ms
(docs/measurements.md). The routes answer the same JSON as the `read_strokes` / `recognize` APIs:
- POST /digits/read  {"strokes": pad value, "session": ..., "token": ..., "html": true}
- POST /digits/recognize  the image file's bytes as the body (headers X-Digits-Session/-Token)
Without session and token a read uses the shipped model (the REST API without sessions). With
them, the visitor's own model (Train's *Use this model*) reads their drawings: the token is the one
the server gave that page on load (`greet`), kept in its Session; any other token is refused.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from html import escape

import gradio as gr
import orjson
from anyio import CapacityLimiter, to_thread
from fastapi import Request
from fastapi.responses import Response
from fastapi.routing import APIRoute

from digits.languages import DEFAULT_LANGUAGE
from digits.limits import IMAGE_BYTES, READ_BODY_BYTES
from digits.read.preprocess import BadImage, decode_image
from digits.serve import compat
from digits.serve.batcher import BUSY, Busy, Superseded
from digits.serve.reader import read_both_strokes, reader_for
from digits.ui.common import Session
from digits.ui.draw_views import answer_html, reading_html, seen_html, sure_html
from digits.ui.pad import EMPTY

TOO_BIG = f"A drawing is at most {READ_BODY_BYTES // 2**20} MB."  # the lean route and REST alike

READ_PATH = "/digits/read"
RECOGNIZE_PATH = "/digits/recognize"
IN_PROGRESS = 256  # reads being read at once, at most: one more answers busy (200 children fit)
# Threads reading at once; the rest wait without a thread. With anyio's default 40, 200 children got
# 530-800 answers in 12 s (median 2.3-3.5 s), with 4 1,200-1,380 (load average 13-16): 40 threads
# taking turns at the interpreter's lock starved the event loop (before uvloop and httptools). But a
# thread waits in the batcher while its read is in the model, so only this many reads share a forward
# pass: 200 children (load 7-11, one run each) cost 8.2 ms of server CPU per read with 4, 7.0 with 8,
# 6.8-6.9 with 16 and 6.6 with 32 (a lone input costs ~1.5 ms, one in a batch of 20 ~0.45).
READ_THREADS = 16
NOT_YOURS = "This page's reading key is not valid any more: reload the page."


def greet(session: Session | None, request: gr.Request):
    """A page loaded: its session gets a reading key, and the Draw pad learns where to send drawings."""
    session = session if session is not None else Session()
    if not session.read_token:
        session.read_token = secrets.token_urlsafe(18)  # 144 random bits: never guessed
    read = {"url": READ_PATH.lstrip("/"), "session": request.session_hash, "token": session.read_token}
    return session, {**EMPTY, "read": {**read, "to": "draw"}}


def points(value) -> int:
    """How many points the drawing has: the answer carries it (tests wait for their drawing's answer)."""
    strokes = value.get("strokes") if isinstance(value, dict) else None
    return sum(len(s) for s in strokes if isinstance(s, list)) if isinstance(strokes, list) else 0


def bad_views(exc: BadImage, value) -> tuple[str, str, str]:
    """What the Draw tab shows for a drawing it cannot read: the one line, nothing seen."""
    return answer_html("?", escape(str(exc)), True, points(value)), sure_html(), seen_html([])


def read_json(value, session: Session | None, key=None, html: bool = False) -> tuple[int, dict]:
    """One pad value read as (HTTP status, the `read_strokes` JSON [+ the Draw tab's HTML])."""
    try:
        whole, number = read_both_strokes(session, value, key)
    except BadImage as exc:
        body = {"error": str(exc)}
        if html:
            body["html"] = dict(zip(("answer", "top3", "seen"), bad_views(exc, value), strict=True))
        return 400, body
    body = number.to_dict(whole)
    if html:
        language = session.language if session is not None else DEFAULT_LANGUAGE
        views = reading_html(number, language, points(value))
        body["html"] = dict(zip(("answer", "top3", "seen"), views, strict=True))
    return 200, body


def read_image_bytes(data: bytes, session: Session | None) -> tuple[int, dict]:
    """An image file's bytes read as (HTTP status, the `recognize` JSON); its header checked first."""
    try:  # decoded from the bytes: no file written (a temporary file was 1.4-2.2x the in-process read)
        whole, number = reader_for(session).read_both(decode_image(data, "The upload"))
    except BadImage as exc:
        return 400, {"error": str(exc)}
    return 200, number.to_dict(whole)


class Routes:
    """The lean routes of one served app: its sessions found through compat, never made."""

    def __init__(self, demo: gr.Blocks, state: gr.State, in_progress: int = IN_PROGRESS):
        self.demo, self.state = demo, state
        self.limit = in_progress
        self.busy = 0
        self._lock = threading.Lock()
        self._threads = CapacityLimiter(READ_THREADS)

    def session(self, session_id, token) -> tuple[Session | None, bool]:
        """The visitor's Session if the token is the one their page was given; (None, True) for none sent."""
        if session_id is None and token is None:
            return None, True
        session = compat.session_value(self.demo, session_id, self.state)
        mine = (
            isinstance(session, Session)
            and isinstance(token, str)
            and bool(session.read_token)
            and hmac.compare_digest(session.read_token, token)
        )
        return (session, True) if mine else (None, False)

    async def read(self, request: Request) -> Response:
        """POST /digits/read: a pad value in, the reading out."""
        body = await body_of(request, READ_BODY_BYTES)
        if body is None:
            return _error(413, TOO_BIG)
        try:
            asked = orjson.loads(body)
        except orjson.JSONDecodeError:
            return _error(400, 'Send JSON: {"strokes": the pad\'s value}.')
        if not isinstance(asked, dict):
            return _error(400, 'Send JSON: {"strokes": the pad\'s value}.')
        session, mine = self.session(asked.get("session"), asked.get("token"))
        if not mine:
            return _error(403, NOT_YOURS)
        key = asked.get("session") if session is not None else None  # one page: only its newest is read
        return await self._run(read_json, asked.get("strokes"), session, key, bool(asked.get("html")))

    async def recognize(self, request: Request) -> Response:
        """POST /digits/recognize: an image file's bytes in, the reading out."""
        data = await body_of(request, IMAGE_BYTES)
        if data is None:
            return _error(413, f"An image is at most {IMAGE_BYTES // 2**20} MB.")
        h = request.headers
        session, mine = self.session(h.get("x-digits-session"), h.get("x-digits-token"))
        if not mine:
            return _error(403, NOT_YOURS)
        return await self._run(read_image_bytes, data, session)

    async def answer(self, read, *args) -> tuple[int, dict]:
        """`read(*args)` on a worker thread as (HTTP status, JSON): busy at once past the limit."""
        with self._lock:
            if self.busy >= self.limit:
                return 503, {"error": BUSY}
            self.busy += 1
        try:
            return await to_thread.run_sync(read, *args, limiter=self._threads)
        except Busy:
            return 503, {"error": BUSY}
        except Superseded as exc:
            return 409, {"error": str(exc)}
        finally:
            with self._lock:
                self.busy -= 1

    async def _run(self, read, *args) -> Response:
        status, body = await self.answer(read, *args)
        return json_response(body, status)

    def routes(self) -> list[APIRoute]:
        """The routes, for the app's FastAPI app (launch's app_kwargs): registered before Gradio's own."""
        return [
            APIRoute(READ_PATH, self.read, methods=["POST"], include_in_schema=False),
            APIRoute(RECOGNIZE_PATH, self.recognize, methods=["POST"], include_in_schema=False),
        ]


async def body_of(request: Request, limit: int) -> bytes | None:
    """The request's body, or None once it passes `limit` bytes (read no further)."""
    length = request.headers.get("content-length") or "0"
    if not length.isdigit() or int(length) > limit:
        return None
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            return None
    return bytes(data)


def json_response(body: dict, status: int = 200) -> Response:
    """`body` as a JSON response."""
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _error(status: int, message: str) -> Response:
    return json_response({"error": message}, status)
