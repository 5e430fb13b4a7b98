"""Gradio's REST calls of read_strokes answered beside the queue: the same bytes as Gradio's, bounded."""

from __future__ import annotations

import json
import urllib.request

import numpy as np

from digits.serve import compat
from digits.serve.reader import SAMPLE
from digits.ui import draw
from digits.ui.common import Session
from digits.ui.draw_rest import CALL_PATH, UNKNOWN, RestReads
from digits.ui.draw_route import Routes

BAD = {"width": 100, "height": 100, "strokes": "bad"}


def client_for(rest: RestReads):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    return TestClient(FastAPI(routes=rest.routes()))  # used in `with`: one event loop for POST and GET


def call(client, data: list, **extra) -> str:
    event = client.post(CALL_PATH, json={"data": data, **extra})
    assert event.status_code == 200
    stream = client.get(f"{CALL_PATH}/{event.json()['event_id']}")
    assert stream.status_code == 200 and stream.headers["content-type"].startswith("text/event-stream")
    return stream.text


def gradio_call(url: str, data: list) -> str:
    """The same call through Gradio's own queue (no session), its stream as text."""
    req = urllib.request.Request(
        f"{url}gradio_api/call/read_strokes",
        data=json.dumps({"data": data}).encode(),
        headers={"Content-Type": "application/json"},
    )
    event_id = json.loads(urllib.request.urlopen(req, timeout=60).read())["event_id"]
    return urllib.request.urlopen(f"{url}gradio_api/call/read_strokes/{event_id}", timeout=60).read().decode()


def test_the_same_stream_as_gradios_queue(shipped_recognizer):
    import gradio as gr

    from tests.conftest import free_port

    with gr.Blocks() as demo:  # read_strokes wired as the Draw tab wires it, served by Gradio alone
        value, session, out, go = gr.JSON(), gr.State(None), gr.JSON(), gr.Button()
        go.click(draw.read_strokes, [value, session], out, api_name="read_strokes")
    port = free_port()
    demo.queue().launch(prevent_thread_lock=True, server_port=port, quiet=True, show_error=True)
    try:
        theirs = [gradio_call(f"http://127.0.0.1:{port}/", [v]) for v in (SAMPLE, BAD)]
    finally:
        demo.close()
    with client_for(RestReads(Routes(demo=None, state=None))) as client:
        ours = [call(client, [v]) for v in (SAMPLE, BAD)]
    assert ours == theirs
    assert ours[0].startswith("event: complete\n") and '"digit": 7' in ours[0]
    assert ours[1].startswith("event: error\n")


def test_a_session_hash_reads_with_that_sessions_model(shipped_recognizer, monkeypatch):
    width = shipped_recognizer.model.output_shape[-1]
    own = shipped_recognizer.with_forward(lambda x: np.eye(width, dtype=np.float32)[np.full(len(x), 3)])
    found = {"page-a": Session(recognizer=own)}  # visitor a pressed "Use this model"
    monkeypatch.setattr(compat, "session_value", lambda demo, sid, state: found.get(sid))
    with client_for(RestReads(Routes(demo=None, state=None))) as client:
        assert '"digit": 3' in call(client, [SAMPLE], session_hash="page-a")
        assert '"digit": 7' in call(client, [SAMPLE], session_hash="page-b")  # no such session: shipped
        assert '"digit": 7' in call(client, [SAMPLE])


def test_unknown_events_bad_bodies_and_unfetched_answers_are_bounded(shipped_recognizer):
    with client_for(RestReads(Routes(demo=None, state=None), held=2)) as client:
        ids = [client.post(CALL_PATH, json={"data": [SAMPLE]}).json()["event_id"] for _ in range(3)]
        first = client.get(f"{CALL_PATH}/{ids[0]}")  # the oldest unfetched answer was dropped
        assert first.status_code == 404 and first.json() == {"detail": UNKNOWN}
        assert "event: complete" in client.get(f"{CALL_PATH}/{ids[2]}").text
        again = client.get(f"{CALL_PATH}/{ids[2]}")  # an answer is fetched once
        assert again.status_code == 404
        for body in (b"not json", b"[1]", b'{"data": 7}'):
            refused = client.post(CALL_PATH, content=body, headers={"Content-Type": "application/json"})
            assert refused.status_code == 422 and "data" in refused.json()["detail"]
        assert "event: error" in call(client, [])  # nothing sent: one line, as for a bad drawing


def test_a_drawing_too_big_or_with_nan_is_one_line_in_its_event(shipped_recognizer):
    from digits.limits import READ_BODY_BYTES
    from digits.ui.draw_rest import TOO_BIG

    huge = {"width": 300, "height": 300, "strokes": [[[1, 2]] * (READ_BODY_BYTES // 6)]}
    nan = b'{"data": [{"width": 300, "height": 300, "strokes": [[[NaN, 1]]]}]}'
    with client_for(RestReads(Routes(demo=None, state=None))) as client:
        assert call(client, [huge]) == f"event: error\ndata: {json.dumps(compat.error_payload(TOO_BIG))}\n\n"
        event = client.post(CALL_PATH, content=nan, headers={"Content-Type": "application/json"})
        stream = client.get(f"{CALL_PATH}/{event.json()['event_id']}").text  # JSON as Gradio reads it
        assert stream.startswith("event: error\n") and "\\n" not in stream
