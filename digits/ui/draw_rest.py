"""Gradio's REST API for `read_strokes`, answered beside the queue: the same two calls, the same stream.

An API user without a session (curl, as Gradio's docs show) calls
  POST /gradio_api/call/read_strokes  {"data": [pad value]}  ->  {"event_id": ...}
  GET  /gradio_api/call/read_strokes/{event_id}  ->  "event: complete\\ndata: [reading]\\n\\n"
Through Gradio's queue each such call made a whole session (a copy of every component's config):
about 124 ms of server CPU here, against ~7 ms for the read itself. These two routes come before
Gradio's and answer the same bytes from the lean path (`event: error` with Gradio's payload for a
drawing that cannot be read). A `session_hash` in the body reads with that session's model, as
Gradio would. `gradio_client` joins the queue (/queue/join) and is not touched by this.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import OrderedDict

import orjson
from fastapi import Request
from fastapi.responses import Response
from fastapi.routing import APIRoute

from digits.limits import READ_BODY_BYTES
from digits.serve import compat
from digits.ui.draw_route import TOO_BIG, Routes, json_response, read_json

CALL_PATH = "/gradio_api/call/read_strokes"
HELD = 1024  # events answered but not yet fetched, at most: the oldest is dropped past this
WAIT_S = 60.0  # the longest a GET waits for its reading
UNKNOWN = "No such event: POST the drawing first, then GET its event_id once."


class RestReads:
    """The REST calls of one served app's `read_strokes`, on the lean routes' reading path."""

    def __init__(self, routes: Routes, held: int = HELD):
        self.lean = routes
        self.held = held
        self.events: OrderedDict[str, asyncio.Task] = OrderedDict()

    async def call(self, request: Request) -> Response:
        """POST: the read starts now; its event_id comes back at once, as from Gradio's queue."""
        body = await _drained(request, READ_BODY_BYTES)
        if body is None:  # as through Gradio, the drawing's event says why, in one line
            return self._event(_said(413, {"error": TOO_BIG}))
        asked = _loads(body)
        if not isinstance(asked, dict) or not isinstance(asked.get("data"), list):
            return json_response({"detail": 'Send JSON: {"data": [the pad\'s value]}.'}, 422)
        data, session_id = asked["data"], asked.get("session_hash")
        session = compat.session_value(self.lean.demo, session_id, self.lean.state) if session_id else None
        return self._event(self.lean.answer(read_json, data[0] if data else None, session))

    def _event(self, reading) -> Response:
        """`reading` (a coroutine of (status, JSON)) started, kept under a new event_id, that id answered."""
        event_id = uuid.uuid4().hex
        self.events[event_id] = asyncio.ensure_future(reading)
        while len(self.events) > self.held:  # a caller who never fetches: its answer is not kept
            self.events.popitem(last=False)
        return json_response({"event_id": event_id})

    async def result(self, event_id: str) -> Response:
        """GET: the reading as Gradio's event stream (one `complete` or `error` event)."""
        task = self.events.pop(event_id, None)
        if task is None:
            return json_response({"detail": UNKNOWN}, 404)
        try:
            status, body = await asyncio.wait_for(task, WAIT_S)
        except TimeoutError:
            status, body = 503, {"error": "The reading took too long: try again."}
        if status == 200:
            event, data = "complete", [body]
        else:
            event, data = "error", compat.error_payload(body["error"])
        # json.dumps as Gradio writes its stream (", " and ": "): the same bytes either way.
        return Response(f"event: {event}\ndata: {json.dumps(data)}\n\n", media_type="text/event-stream")

    def routes(self) -> list[APIRoute]:
        """The two REST routes (with Gradio's trailing-slash twins), before Gradio's own."""
        return [
            APIRoute(path, endpoint, methods=[method], include_in_schema=False)
            for path, endpoint, method in [
                (CALL_PATH, self.call, "POST"),
                (CALL_PATH + "/", self.call, "POST"),
                (CALL_PATH + "/{event_id}", self.result, "GET"),
            ]
        ]


async def _drained(request: Request, limit: int) -> bytes | None:
    """The body, or None past `limit` bytes: the rest is read and dropped (kept: nothing), as Gradio
    reads a whole body, so a caller still sending it hears the answer, never a reset connection."""
    data, over = bytearray(), False
    async for chunk in request.stream():
        if not over:
            data += chunk
            over = len(data) > limit
    return None if over else bytes(data)


async def _said(status: int, body: dict) -> tuple[int, dict]:
    return status, body


def _loads(body: bytes):
    """JSON as Gradio parses it: NaN and Infinity too (the reader then refuses them in one line)."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        try:
            return json.loads(body)
        except ValueError:
            return None
