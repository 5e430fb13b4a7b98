"""Shared mode: capped runs, one run per visitor, a line Stop can leave, state freed, faults survived."""

from __future__ import annotations

import gradio as gr
import pytest

from digits.serve import space as space_mode
from digits.serve import worker
from digits.train import live
from digits.train.fit import TrainConfig
from digits.ui import train_run as tab
from digits.ui.common import Session, free_session
from tests.conftest import WORKER_SECONDS
from tests.ui.test_train import SMALL, until_training


def on_a_space(monkeypatch, run_seconds: float) -> space_mode.SpaceSettings:
    """Shared mode with this cap and a fresh line of one training at a time.

    A worker is given WORKER_SECONDS, not 8 s, to finish after its stop: this test machine is shared, and a
    worker at nice 10 may wait that long for a core (test_worker checks the kill itself).
    """
    from digits.serve import process_run

    monkeypatch.setattr(process_run, "EXIT_SECONDS", WORKER_SECONDS)
    for name, value in {
        "DIGITS_SHARED": "1",
        "DIGITS_RUN_SECONDS": run_seconds,
        "DIGITS_STATE_SECONDS": 5,
    }.items():
        monkeypatch.setenv(name, str(value))
    space_mode.SETTINGS.forget()  # read again from the environment, with a fresh line
    space_mode.LINE.forget()
    assert space_mode.training_line().slots == 1
    return space_mode.settings()


@pytest.fixture(autouse=True)
def _settings_from_this_tests_environment():
    """Space settings are read on first use: each test reads its own environment, and leaves none."""
    space_mode.SETTINGS.forget()
    space_mode.LINE.forget()
    yield
    space_mode.SETTINGS.forget()
    space_mode.LINE.forget()


@pytest.fixture
def space(monkeypatch, processes):
    """A cap long enough for a busy machine to reach its first batches."""
    return on_a_space(monkeypatch, WORKER_SECONDS)


def test_shared_mode_is_on_on_a_space_and_reads_its_caps():
    assert not space_mode.SpaceSettings.from_env({}).on
    assert space_mode.SpaceSettings.from_env({}).run_limit is None
    on = space_mode.SpaceSettings.from_env({"SPACE_ID": "school/digits", "DIGITS_RUN_SECONDS": "60"})
    assert on.on and on.run_limit == 60.0 and on.delete_cache == (3600, 3600)
    assert (
        space_mode.SpaceSettings.from_env({"DIGITS_SHARED": "1", "DIGITS_RUN_SECONDS": "soon"}).run_limit
        == 180.0
    )


def test_a_space_keeps_a_bounded_number_of_sessions(monkeypatch):
    import app

    assert app.launch_options()["state_session_capacity"] == 10_000  # a laptop: Gradio's default
    on = space_mode.SpaceSettings.from_env({"SPACE_ID": "school/digits", "DIGITS_SESSIONS": "50"})
    monkeypatch.setenv("SPACE_ID", "school/digits")
    monkeypatch.setenv("DIGITS_SESSIONS", "50")
    space_mode.SETTINGS.forget()
    assert on.sessions == 50 and app.launch_options()["state_session_capacity"] == 50
    assert space_mode.SpaceSettings.from_env({"SPACE_ID": "s"}).sessions == 1000


def test_the_line_admits_in_order_estimates_the_wait_and_lets_a_waiting_run_leave():
    line = space_mode.TrainingLine(1, typical=100.0)
    first, second, third = line.join(), line.join(), line.join()
    assert first.admitted.is_set() and not second.admitted.is_set()
    assert (line.position(second), line.position(third)) == (1, 2)
    assert 0 < line.wait(second) <= 100 < line.wait(third) <= 200
    assert line.withdraw(second) and second.withdrawn  # withdrawn while waiting
    assert line.position(third) == 1
    assert not line.withdraw(first) and not third.admitted.is_set()  # Stop never frees a running place
    assert not line.leave(first) and third.admitted.is_set()  # first's run is over: third's turn


def test_the_cap_stops_a_run_and_keeps_what_it_learned(mnist, quick_recognizer):
    run = live.training(TrainConfig("report", epochs=50, subset=1000), mnist, time_limit=2.0).start()
    assert run.join(timeout=WORKER_SECONDS)
    assert run.timed_out and run.result.stopped and 0 < run.progress.epochs_trained < 50
    assert run.model.predict(mnist.x_test[:5], verbose=0).shape == (5, 10)


def test_the_train_tab_says_the_cap_stopped_the_run(monkeypatch, processes):
    on_a_space(monkeypatch, 2.0)
    # The cap counts from the run's turn: a spare has TensorFlow ready.
    assert worker.prepare(timeout=WORKER_SECONDS)
    session, run_state = Session(), {}
    updates = list(tab.train_model(**{**SMALL, "epochs": 50}, session=session, run_state=run_state))
    status = [u.status for u in updates if isinstance(u.status, str)][-1]
    assert "stops each training after 2 s" in status and "Stopped" in status and "is kept" in status
    assert len(session.runs) == 1 and run_state["run"].timed_out
    assert space_mode.training_line().busy == 0 and run_state["run"].process.poll() is not None


def test_a_paused_finetune_is_capped_in_a_worker_like_a_training(monkeypatch, mnist, processes, keras):
    """A fine-tune waits in the same line, under the same cap, in the same kind of worker process."""
    from digits.read.recognizer import Recognizer
    from digits.serve.process_run import ProcessRun
    from digits.ui import handwriting_finetune
    from tests.train.test_finetune import mirrored_class, tiny_model

    on_a_space(monkeypatch, 6.0)
    assert worker.prepare(timeout=WORKER_SECONDS)
    model = Recognizer(tiny_model(mnist), "tiny")
    session, run_state = Session(class_set=mirrored_class(mnist, 20), recognizer=model), {}
    updates = list(handwriting_finetune.finetune_live(session, run_state, paused=True))
    run = run_state["run"]
    assert isinstance(run, ProcessRun) and run.timed_out and run.result.stopped  # held paused: capped
    assert "After:" in updates[-1][0] and session.recognizer.model is run.model
    assert space_mode.training_line().busy == 0 and run.process.poll() is not None


def test_a_second_run_of_the_same_visitor_is_refused_with_a_plain_line(space):
    run_state = {}
    first = tab.train_model(**{**SMALL, "epochs": 50}, session=Session(), run_state=run_state)
    until_training(first, run_state)
    with pytest.raises(gr.Error) as refused:
        next(tab.train_model(**SMALL, session=Session(), run_state=run_state))
    assert refused.value.message == tab.ONE_RUN and "\n" not in refused.value.message
    first.close()  # as when the page closes: the run stops
    assert run_state["run"].join(timeout=WORKER_SECONDS)


def test_stop_takes_a_waiting_run_out_of_the_line_and_it_never_starts(space):
    a, b = {}, {}
    first = tab.train_model(**{**SMALL, "epochs": 50}, session=Session(), run_state=a)
    until_training(first, a)
    second = tab.train_model(**SMALL, session=Session(), run_state=b)
    waiting = next(second).status
    assert "number 1 in line" in waiting and "to wait" in waiting and "Stop" in waiting
    tab.stop_training(b)
    rest = [u.status for u in second if isinstance(u.status, str)]
    assert rest[-1] == tab.WITHDRAWN and "run" not in b
    first.close()


def test_a_leaving_visitors_state_is_freed(space, quick_recognizer):
    run_state = {}
    updates = tab.train_model(**{**SMALL, "epochs": 50}, session=Session(), run_state=run_state)
    until_training(updates, run_state)
    run = run_state["run"]
    tab.free_runs(run_state)  # Gradio's delete_callback when the page closes or the state expires
    assert run.join(timeout=WORKER_SECONDS) and run_state == {}
    session = Session(recognizer=quick_recognizer, runs=[{"Network": "report"}])
    free_session(session)
    assert session.recognizer is None and session.runs == []
    updates.close()


def test_no_mnist_the_train_tab_says_how_to_fix_it_in_one_line(monkeypatch, tmp_path, keras):
    from digits.train import data

    monkeypatch.setenv("DIGITS_MNIST", str(tmp_path / "missing.npz"))
    data.MNIST.forget()  # as in a process that has not loaded it yet
    with pytest.raises(gr.Error) as error:
        next(tab.train_model(**SMALL, session=Session(), run_state={}))
    assert "DIGITS_MNIST" in error.value.message and "\n" not in error.value.message


def test_a_killed_save_leaves_nothing_the_cache_would_use(tmp_path):
    import os

    from digits.train.cache import tidy

    (tmp_path / ".report-abc123.keras").write_bytes(b"PK\x03half")  # what kill -9 mid-save leaves
    (tmp_path / ".report-abc123.json").write_text("{")
    for k in range(4):
        (tmp_path / f"report-{k}.keras").write_bytes(b"model")
        os.utime(tmp_path / f"report-{k}.keras", (1000 + k, 1000 + k))
    assert tidy(tmp_path, keep=2) == 4  # two leftovers, two old models
    assert sorted(f.name for f in tmp_path.iterdir()) == ["report-2.keras", "report-3.keras"]


def test_closing_the_page_frees_the_visitors_state_in_the_launched_app(app_url):
    """A visitor trains, then closes the page: Gradio's unload frees their run and state at once."""
    import threading

    from gradio_client import Client

    import app

    client = Client(app_url, verbose=False)
    # 50 epochs of 60,000 images: minutes of work, so only the page leaving can stop it in time.
    job = client.submit("report", "adam", 0.001, 50, 128, 60_000, False, api_name="/train_start")
    from digits.serve.compat import sessions

    holder = sessions(app.demo)
    found = threading.Event()

    def the_run():
        state = holder.session_data.get(client.session_hash)
        runs = [v.get("run") for v in (state.state_data.values() if state else ()) if isinstance(v, dict)]
        return next((r for r in runs if r is not None and r.progress.batches_done), None)

    for _ in job:  # each update of the live curves; stop once this visitor's run trains
        if the_run() is not None:
            found.set()
            break
    run = the_run()
    assert found.is_set() and run is not None
    client.close()
    assert run.join(timeout=WORKER_SECONDS) and run.result.stopped  # the page left: its training stopped
    session = holder.session_data.get(client.session_hash)  # None: the unload came first

    def kept():  # what the app still holds of this visitor: their runs, models, drawings
        def holds(v):
            if isinstance(v, Session):
                return v.recognizer is not None or v.runs or len(v.class_set)
            return bool(v)

        values = list(session.state_data.values()) if session is not None else []
        return [v for v in values if holds(v)]

    freed = threading.Event()
    for _ in range(600):  # the unload handler runs in the background: poll for its effect, 60 s at most
        if not kept() and client.session_hash not in holder.session_data:
            break
        freed.wait(0.1)
    assert kept() == []
    assert client.session_hash not in holder.session_data  # the session itself is gone too


def start_app(app_process, port: int, cache, **env):
    """python app.py in shared mode on `port`, its output captured; returns once it answers."""
    import os

    from tests.conftest import client_when_up

    proc = app_process(
        dict(os.environ, DIGITS_SHARED="1", DIGITS_CACHE=str(cache), GRADIO_SERVER_PORT=str(port), **env)
    )
    return proc, client_when_up(proc, port)


def test_kill_9_during_a_training_then_start_again(tmp_path, app_process):
    """Killed mid-training with a half-written model left in the cache: it starts again, clean, and reads."""
    import signal

    from tests.conftest import free_port
    from tests.strokes import DIGIT_STROKES

    cache = tmp_path / "cache"
    cache.mkdir()
    port = free_port()
    proc, client = start_app(app_process, port, cache)
    job = client.submit("report", "adam", 0.001, 50, 128, 60000, False, api_name="/train_start")
    for update in job:
        if "Training report" in str(update[0]):
            break
    (cache / ".report-killed.keras").write_bytes(b"PK\x03\x04 half a model")  # as a save cut by kill -9
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    client.close()
    proc, client = start_app(app_process, port, cache)
    try:
        pad = {
            "width": 400,
            "height": 400,
            "strokes": [[[x * 300 + 50, y * 300 + 50, 0] for x, y in s] for s in DIGIT_STROKES[7]],
        }
        answer = client.predict(pad, api_name="/read_strokes")
        assert "digit" in answer
        assert list(cache.iterdir()) == []  # the half-written model is gone, never loaded
    finally:
        client.close()
        proc.terminate()
        proc.communicate(timeout=30)


def test_an_unwritable_cache_folder_training_still_runs_and_one_line_says_so(tmp_path, monkeypatch, keras):
    from digits.train.cache import unwritable

    blocked = tmp_path / "a-file"
    blocked.write_text("")  # a cache folder that cannot be made, even by root (tests may run as root)
    monkeypatch.setenv("DIGITS_CACHE", str(blocked / "cache"))
    note = unwritable()
    assert note is not None and "\n" not in note and "cannot be written" in note
    updates = list(tab.train_model(**SMALL, session=Session(), run_state={}))
    assert "Test accuracy" in [u.status for u in updates if isinstance(u.status, str)][-1]
