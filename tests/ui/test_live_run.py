"""One live-run loop for the Train tab and the class panel: the same redraws, one run per visitor, leaving."""

from __future__ import annotations

import pickle
import threading
from dataclasses import replace
from types import SimpleNamespace

import gradio as gr
import pytest

from digits.serve import space
from digits.train.controls import TrainingControls
from digits.train.progress import Plan, Progress
from digits.ui import handwriting_finetune, live_run, train_run
from digits.ui.common import Session
from tests.ui.test_train import SMALL

POINT = dict(step=1, epoch=0.1, loss=2.0, accuracy=0.2, val_loss=2.0, val_accuracy=0.2)
POINT.update(recent_loss=2.0, recent_accuracy=0.2, epoch_index=0, batch_in_epoch=1, seconds=0.1, arrived=0.1)
PAUSE = dict(kind="pause", text="⏸ paused", epoch=0.1)


def from_a_worker(progress: Progress) -> Progress:
    """A snapshot as a worker process's run delivers it: equal, never identical."""
    return pickle.loads(pickle.dumps(progress))


class FakeRun:
    """A run that replays snapshots, then ends when released (or abandoned); it never trains."""

    def __init__(self, snapshots: list[Progress]):
        self.snapshots, self.progress = snapshots, snapshots[0]
        self.plan = Plan(snapshots[0].model, 1, 128, 1280)
        self.controls = TrainingControls()
        self.result, self.error, self.finished, self.abandoned = None, "the fake ended", False, False
        self.released = threading.Event()
        self._then: list = []

    def start(self, then=None):
        self._then.append(then)
        return self

    def follow(self, every=0.25):
        for snapshot in self.snapshots[1:]:
            self.progress = snapshot
            yield snapshot
        while not self.released.wait(0.05):
            yield None
        self.end()

    def end(self):
        if not self.finished:
            self.finished = True
            for then in self._then:
                then()

    def abandon(self):
        self.abandoned = True
        self.end()

    def stop(self):
        self.released.set()

    def join(self, timeout=None):
        return self.finished


def snapshots() -> list[Progress]:
    """A pause marked once, then two more snapshots that carry it (as copies, from a worker)."""
    start = Progress("fake", 1, 10)
    moved = replace(start, batches_done=1, points=(POINT,))
    marked = replace(moved, events=(PAUSE,))
    later = [from_a_worker(replace(marked, batches_done=n)) for n in (2, 3, 4)]
    return [start, moved, from_a_worker(marked), *later]


@pytest.fixture
def line():
    """A fresh line of one training at a time (no Space settings in the test's environment)."""
    space.LINE.forget()
    yield space.training_line()
    space.LINE.forget()


@pytest.fixture
def fakes(monkeypatch):
    """Every run the tabs make is a FakeRun (released at once unless a test holds it)."""
    made = []

    def new_run(fit, plan, data, settings=None, paused=False):
        made.append(FakeRun(snapshots()))
        return made[-1]

    monkeypatch.setattr(live_run, "new_run", new_run)
    return made


def train(run_state, visitor="teacher"):
    request = SimpleNamespace(session_hash=visitor)
    return train_run.train_model(**SMALL, session=Session(), run_state=run_state, request=request)


def finetune(class_session, run_state, visitor="teacher"):
    request = SimpleNamespace(session_hash=visitor)
    return handwriting_finetune.finetune_live(class_session, run_state, request=request)


@pytest.fixture
def class_session(mnist, keras):
    from digits.read.recognizer import Recognizer
    from tests.train.test_finetune import mirrored_class, tiny_model

    return Session(class_set=mirrored_class(mnist, 20), recognizer=Recognizer(tiny_model(mnist), "tiny"))


def titles(updates, fields) -> int:
    """How many updates retitle the charts (a new event named in their titles)."""
    at = fields.index("loss_plot")
    return sum(1 for u in updates if isinstance(u[at], gr.LinePlot) and u[at].title)


def drive(updates, fake_list) -> list:
    """The updates until the fake run has replayed its snapshots, then release it and take the rest."""
    seen = []
    with pytest.raises(gr.Error, match="the fake ended"):
        for update in updates:
            seen.append(update)
            run = fake_list[-1] if fake_list else None
            if run is not None and run.progress is run.snapshots[-1]:
                run.released.set()
    return seen


def test_both_tabs_retitle_once_per_event_also_for_snapshots_from_a_worker(line, fakes, class_session):
    trained = drive(train({}), fakes)
    tuned = drive(finetune(class_session, {}), fakes)
    assert titles(trained, train_run.Shown._fields) == titles(tuned, handwriting_finetune.SHOWN) == 1
    # The curves are redrawn for the new point and the new mark, never for an unchanged copy.
    for updates, fields in ((trained, train_run.Shown._fields), (tuned, handwriting_finetune.SHOWN)):
        at = fields.index("loss_plot")
        drawn = [u for u in updates if isinstance(u[at], gr.LinePlot) and not u[at].title]
        assert len(drawn) == 3  # the opening, the first point, the pause


def test_one_run_per_visitor_whatever_its_kind_and_the_line_is_left_when_the_run_ends(
    line, fakes, class_session
):
    state = {}
    training = train(state)
    next(training)  # admitted at once: the run is going
    with pytest.raises(gr.Error) as refused:
        next(finetune(class_session, {}))
    assert refused.value.message == live_run.ONE_RUN and "\n" not in refused.value.message
    other = finetune(class_session, {}, visitor="another class")
    assert "number 1 in line" in next(other)[0]  # another visitor waits for the same one slot
    live_run.stop(state)  # Stop alone does not give the place back: the run has not ended yet
    assert line.busy == 2 and not fakes[0].finished
    fakes[0].released.set()
    with pytest.raises(gr.Error, match="the fake ended"):
        list(training)
    assert fakes[0].finished and line.busy == 1  # ended: the place went to the one waiting
    other.close()
    assert line.busy == 0


def test_a_page_closed_mid_run_abandons_it(line, fakes, class_session):
    for updates in (train({}), finetune(class_session, {})):
        next(updates)
        updates.close()  # what Gradio does when the visitor leaves
        assert fakes[-1].abandoned and line.busy == 0


def test_a_leaving_visitor_frees_a_waiting_place_and_abandons_a_run(line, fakes, class_session):
    running, waiting = {}, {}
    first = train(running)
    next(first)
    second = finetune(class_session, waiting, visitor="another class")
    next(second)
    live_run.free(waiting)  # gr.State's delete_callback
    assert waiting == {} and line.busy == 1
    live_run.free(running)
    assert fakes[0].abandoned and running == {} and line.busy == 0
    first.close()
    second.close()


def test_both_panels_wait_in_the_same_line_and_free_their_runs_when_the_visitor_leaves():
    from digits.ui import train
    from digits.ui.common import new_session

    with gr.Blocks() as demo:
        session = new_session()
        with gr.Tab("Train") as tab:
            train.build(session, tab)
    fns = {fn.api_name: fn for fn in demo.fns.values()}
    for name in ("train_start", "class_finetune"):  # our line queues them, not Gradio's
        assert fns[name].concurrency_limit is None, name
        state = next(b for b in fns[name].inputs if isinstance(b, gr.State) and b is not session)
        assert state.delete_callback is live_run.free, name
