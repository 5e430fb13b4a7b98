"""Gradio internals in one place (digits/serve/compat.py): a page that left, served files, the version."""

from __future__ import annotations

import threading

import gradio as gr
import pytest
from gradio.state_holder import StateHolder

from digits.serve import compat


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def served(demo: gr.Blocks) -> StateHolder:
    holder = StateHolder()
    holder.set_blocks(demo)  # as Gradio does when it serves the app
    return holder


def get_fn(demo: gr.Blocks, session_id: str):
    """What Gradio does as a page's new event joins the queue."""
    from gradio.data_classes import PredictBody
    from gradio.route_utils import get_fn

    return get_fn(demo, None, PredictBody(data=[], fn_index=0, session_hash=session_id))


def test_a_page_that_left_is_freed_after_the_grace_unless_it_speaks_again():
    freed, clock = [], Clock()
    with gr.Blocks() as demo:
        drawing = gr.State(None, delete_callback=freed.append)
        gr.Button().click(lambda: None)
    holder = served(demo)
    holder["left"][drawing._id] = "a child's drawing"
    holder["dropped"][drawing._id] = "another child's drawing"
    holder["stays"][drawing._id] = "a third child's drawing"

    compat.depart(demo, "left", grace=600, clock=clock)
    compat.depart(demo, "dropped", grace=600, clock=clock)
    clock.now = 500
    assert holder["left"][drawing._id] == "a child's drawing"  # a running event's next step: no word
    assert get_fn(demo, "dropped")  # a new event from its page: it still talks
    clock.now = 599
    assert holder.departures.sweep() == 0 and freed == []  # within the grace: nothing freed
    clock.now = 601
    assert holder.departures.sweep() == 1 and freed == ["a child's drawing"]
    assert "left" not in holder and "dropped" in holder and "stays" in holder
    clock.now = 1101
    assert holder.departures.sweep() == 1 and "dropped" not in holder  # quiet for the grace since
    assert holder["stays"][drawing._id] == "a third child's drawing"
    stray = holder["dropped"]  # a closed page's running event asks again: a throwaway, not kept
    assert stray.state_data == {} and "dropped" not in holder.session_data
    assert get_fn(demo, "left") and holder["left"][drawing._id] is None  # back after the grace: afresh
    assert len(holder.departures) == 0 and "left" in holder


def test_the_record_of_pages_that_left_is_bounded():
    with gr.Blocks() as demo:
        gr.State(None)
    holder = served(demo)
    compat.depart(demo, "first", grace=600, clock=Clock())
    holder.departures.most = 3
    for k in range(10):
        holder[f"visitor {k}"]
        compat.depart(demo, f"visitor {k}", grace=600)
    assert len(holder.departures) == 3 and len(holder.session_data) == 3  # the oldest went at once


def test_a_page_whose_connection_dropped_goes_on_counting(processes):
    """The heartbeat connection reset while the page stays open: its next click finds its count."""
    import httpx
    from gradio_client import Client

    from tests.conftest import free_port

    left, clock = threading.Event(), Clock()
    with gr.Blocks() as demo:
        count = gr.State(0)
        shown = gr.Number()

        def bump(n):
            return n + 1, n + 1

        gr.Button().click(bump, count, [count, shown], api_name="bump")

        def visitor_left(request: gr.Request):
            compat.depart(demo, request.session_hash, grace=600, clock=clock)
            left.set()

        demo.unload(visitor_left)
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_port=port, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        client = Client(url, verbose=False)
        assert client.predict(api_name="/bump") == 1 and client.predict(api_name="/bump") == 2
        # The wifi blinks: the page's heartbeat connection is cut (a second one, as a reconnect makes).
        with httpx.stream("GET", f"{url}gradio_api/heartbeat/{client.session_hash}", timeout=30) as r:
            next(r.iter_lines())
        assert left.wait(30), "Gradio did not run the unload"
        assert client.predict(api_name="/bump") == 3  # the same session goes on counting
        left.clear()
        client.close()  # the page is closed for good
        assert left.wait(30)
        clock.now = 601
        demo.state_holder.departures.sweep()
        assert client.session_hash not in demo.state_holder
    finally:
        demo.close()


def test_served_files_are_listed_and_unlisted(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))
    assert compat.cache_folder() == tmp_path
    with gr.Blocks() as demo:
        gr.File()
    mine, other = tmp_path / "mine", tmp_path / "other"
    demo.temp_file_sets[0].update({str(mine / "a.csv"), str(mine / "b" / "c.zip"), str(other / "d.csv")})
    assert compat.unlist(demo, mine) == 2 and demo.temp_file_sets[0] == {str(other / "d.csv")}


def test_an_upload_is_deleted_once_read_and_nothing_outside_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "cache"))
    upload = tmp_path / "cache" / "0a1b2c" / "class_set.zip"  # where Gradio's upload route puts a file
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"PK")
    mine = tmp_path / "mine.zip"
    mine.write_bytes(b"PK")
    assert compat.drop_upload(upload) and not upload.parent.exists()
    assert not compat.drop_upload(mine) and mine.exists()


def test_the_gradio_version_is_checked_in_one_line():
    from digits.serve.compat import WRITTEN_FOR, check

    assert check(WRITTEN_FOR + ".0") is None and check(WRITTEN_FOR) is None
    note = check("7.0.1")
    assert note and "\n" not in note and WRITTEN_FOR in note and "7.0.1" in note
    assert check(WRITTEN_FOR + "1.0") is not None  # 6.310 is not 6.31
    assert gr.__version__.startswith(WRITTEN_FOR), "requirements.txt pins the Gradio compat.py was read from"


@pytest.fixture(autouse=True)
def _no_leftover_env(monkeypatch):
    monkeypatch.delenv("DIGITS_GRACE_SECONDS", raising=False)


def test_a_sessions_state_is_found_from_outside_an_event_and_none_is_made():
    import gradio as gr

    from tests.conftest import free_port

    with gr.Blocks() as demo:
        state = gr.State(None)
    demo.launch(prevent_thread_lock=True, server_port=free_port(), quiet=True)
    try:
        holder = compat.sessions(demo)
        holder["page"][state._id] = "the visitor's"  # as an event that output the state leaves it
        assert compat.session_value(demo, "page", state) == "the visitor's"
        assert compat.session_value(demo, "stranger", state) is None
        assert compat.session_value(demo, None, state) is None
        assert "stranger" not in holder  # looking made no session
    finally:
        demo.close()


def test_the_idle_queue_looks_for_work_every_10_ms_not_every_1():
    import gradio as gr

    with gr.Blocks() as demo:
        gr.Button().click(lambda: None)
    demo.queue()
    assert compat.quieter_queue(demo)
    assert demo._queue.sleep_when_free == compat.QUEUE_POLL_S == 0.01
    assert not compat.quieter_queue(object())  # no queue: nothing changed, no error


def test_a_launch_waits_for_its_own_page_while_a_busy_machine_answers_late(monkeypatch):
    import inspect

    import gradio.networking

    answers = iter([False, False, False, True])
    monkeypatch.setattr(gradio.networking, "url_ok", lambda url: next(answers))
    with compat.patient_launch(seconds=60):
        assert gradio.networking.url_ok("http://127.0.0.1:1/")  # the fourth ask answered
    monkeypatch.setattr(gradio.networking, "url_ok", lambda url: False)
    with compat.patient_launch(seconds=0):
        assert not gradio.networking.url_ok("http://127.0.0.1:1/")  # never answered: Gradio's own refusal
    assert gradio.networking.url_ok.__name__ == "<lambda>"  # Gradio's own check back after
    assert "networking.url_ok(" in inspect.getsource(gr.Blocks.launch)  # what launch() asks
