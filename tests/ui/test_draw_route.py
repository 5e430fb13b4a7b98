"""The lean reading route: the same JSON as read_strokes, a visitor's own model for them only, bounded."""

from __future__ import annotations

import numpy as np
import pytest

from digits.serve import compat
from digits.serve.reader import SAMPLE
from digits.ui import draw
from digits.ui.common import Session
from digits.ui.draw_route import NOT_YOURS, READ_PATH, RECOGNIZE_PATH, Routes


@pytest.fixture
def sessions(monkeypatch):
    """Two visitors' sessions as the served app holds them (found by session hash, never made)."""
    found = {"page-a": Session(read_token="key-a"), "page-b": Session(read_token="key-b")}
    monkeypatch.setattr(compat, "session_value", lambda demo, sid, state: found.get(sid))
    return found


def client_for(routes: Routes):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    return TestClient(FastAPI(routes=routes.routes()))


def always(recognizer, digit: int):
    """`recognizer` with a fake network that reads every input as `digit` (a visitor's own model)."""
    width = recognizer.model.output_shape[-1]
    return recognizer.with_forward(lambda x: np.eye(width, dtype=np.float32)[np.full(len(x), digit)])


def test_the_route_answers_the_same_json_as_read_strokes(shipped_recognizer, sessions):
    client = client_for(Routes(demo=None, state=None))
    answer = client.post(READ_PATH, json={"strokes": SAMPLE})
    assert answer.status_code == 200
    assert answer.json() == draw.read_strokes(SAMPLE, None) and answer.json()["digit"] == 7
    with_html = client.post(READ_PATH, json={"strokes": SAMPLE, "html": True}).json()
    views = draw.read_drawing(SAMPLE, None)  # what the Gradio event shows: the same HTML
    assert with_html.pop("html") == dict(zip(("answer", "top3", "seen"), views, strict=True))
    assert with_html == answer.json()


def test_a_visitors_own_model_reads_for_them_only(shipped_recognizer, sessions):
    sessions["page-a"].recognizer = always(shipped_recognizer, 3)  # visitor a pressed "Use this model"
    client = client_for(Routes(demo=None, state=None))

    def read(session, token):
        return client.post(READ_PATH, json={"strokes": SAMPLE, "session": session, "token": token})

    assert read("page-a", "key-a").json()["digit"] == 3
    assert read("page-b", "key-b").json()["digit"] == 7  # b reads with the shipped model
    assert client.post(READ_PATH, json={"strokes": SAMPLE}).json()["digit"] == 7  # no session: shipped
    for session, token in [("page-a", "key-b"), ("page-b", "key-a"), ("page-a", None), ("page-c", "key-a")]:
        refused = read(session, token)  # another page's key, none, or a page the server never gave one
        assert refused.status_code == 403 and refused.json() == {"error": NOT_YOURS}


def test_the_image_route_reads_like_recognize(shipped_recognizer, sessions, tmp_path):
    import cv2

    from digits.read.strokes import mask

    ink = (mask(SAMPLE) * 255).astype(np.uint8)
    png = cv2.imencode(".png", 255 - ink)[1].tobytes()
    (tmp_path / "seven.png").write_bytes(png)
    client = client_for(Routes(demo=None, state=None))
    answer = client.post(RECOGNIZE_PATH, content=png)
    assert answer.status_code == 200 and answer.json() == draw.recognize(str(tmp_path / "seven.png"))
    bad = client.post(RECOGNIZE_PATH, content=b"not an image")
    assert bad.status_code == 400 and "\n" not in bad.json()["error"]


def test_bad_input_and_overload_answer_one_line(sessions, keras):
    client = client_for(Routes(demo=None, state=None, in_progress=0))  # every read finds it full
    busy = client.post(READ_PATH, json={"strokes": SAMPLE})
    assert busy.status_code == 503 and "busy" in busy.json()["error"]
    client = client_for(Routes(demo=None, state=None))
    for body in (b"{", b"[1]", b'{"strokes": {"width": -1}}'):
        bad = client.post(READ_PATH, content=body)
        assert bad.status_code == 400 and "\n" not in bad.json()["error"], bad.text
    huge = client.post(READ_PATH, content=b" " * (3 * 2**20))
    assert huge.status_code == 413


def test_a_few_threads_read_at_once_the_rest_wait_without_one():
    import asyncio
    import threading

    from digits.ui.draw_route import READ_THREADS

    routes = Routes(demo=None, state=None)
    running, most = [0], [0]
    changed, release = threading.Condition(), threading.Event()

    def read(k):
        with changed:
            running[0] += 1
            most[0] = max(most[0], running[0])
            changed.notify_all()
        release.wait(30)
        with changed:
            running[0] -= 1
        return 200, {"k": k}

    def filled() -> bool:
        with changed:  # the first few hold their threads until released
            return changed.wait_for(lambda: running[0] == READ_THREADS, 30)

    async def school():
        asked = [asyncio.ensure_future(routes.answer(read, k)) for k in range(3 * READ_THREADS)]
        full = await asyncio.to_thread(filled)
        release.set()
        return full, await asyncio.gather(*asked)

    full, answers = asyncio.run(school())
    assert full and most[0] == READ_THREADS == 16
    assert answers == [(200, {"k": k}) for k in range(3 * READ_THREADS)] and routes.busy == 0
