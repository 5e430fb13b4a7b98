"""Fine-tuning on the class's drawings, live: how it reads the kept-aside ones before, the run, the after."""

from __future__ import annotations

from functools import partial

import gradio as gr
import numpy as np

from digits.train.data import DataUnavailable, mnist
from digits.train.finetune import Comparison, FinetuneConfig, predict
from digits.train.finetune_live import SETTINGS, finetune_plan
from digits.ui import live_run
from digits.ui.common import Session, recognizer_for
from digits.ui.handwriting_views import EVERY, after_figure, after_text, before_figure, before_text

FINETUNE = FinetuneConfig()


def _split(session: Session):
    if session.pooled is not None:  # the whole class's drawings, each child's kept together
        return session.pooled.teach, session.pooled.aside
    teach, aside = session.class_set.split(EVERY)
    if not len(aside):
        raise gr.Error(
            f"Collect at least {EVERY} drawings first: every {EVERY}th one is kept aside for the after."
        )
    return teach, aside


def _read(recognizer, aside) -> np.ndarray:
    """What the recognizer reads in each kept-aside drawing (its compiled forward pass: safe when shared)."""
    return recognizer.probabilities(aside.images()).argmax(axis=1)


def show_before(session):
    """How the current model reads the kept-aside drawings."""
    session = session if session is not None else Session()
    _, aside = _split(session)
    read = _read(recognizer_for(session), aside)
    return before_text(aside.labels(), read, session.model_label), before_figure(aside, read)


SHOWN = (
    "status",
    "loss_plot",
    "accuracy_plot",
    "before",
    "before_plot",
    "after_plot",
    "session",
    "run_state",
)


def _shown(**given) -> tuple:
    """One update of the fine-tuning outputs, changing only those given."""
    return tuple(given.get(name, gr.skip()) for name in SHOWN)


def finetune_live(session, run_state, paused=False, request: gr.Request | None = None):
    """Fine-tune a copy of the current model on the drawings to teach, live; then the after.

    It waits in the same line as training, under the same cap, in a worker process in shared mode.
    """
    session = session if session is not None else Session()
    run_state = run_state if isinstance(run_state, dict) else {}
    teach, aside = _split(session)
    recognizer = recognizer_for(session)
    before = recognizer.model  # maybe the shared shipped model: only read here, the fit copies it
    read = _read(recognizer, aside)
    try:
        data = mnist()
        fit, plan = finetune_plan(before, teach, len(data.x_train), FINETUNE, "on the class's drawings")
        run = live_run.new_run(fit, plan, data, SETTINGS, paused=bool(paused))
    except (ValueError, DataUnavailable) as exc:
        raise gr.Error(str(exc)) from None
    if paused:  # the teacher steps through it: the untrained start first, then one batch at a time
        run.mark("pause", "⏸ paused")
    opening = dict(
        before=before_text(aside.labels(), read, session.model_label),
        before_plot=before_figure(aside, read),
        after_plot=None,
    )
    results = partial(_after, run, aside, read, session)
    owner = live_run.visitor(request, run_state)
    yield from live_run.live(run, run_state, owner, _shown, opening, results, failed="Fine-tuning failed")


def _after(run, aside, read, session: Session):
    """How the fine-tuned copy reads the kept-aside drawings; this visitor reads with it from now on."""
    from digits.read.recognizer import Recognizer

    comparison = Comparison(aside.labels(), read, predict(run.model, aside.images()))
    session.recognizer = Recognizer(run.model, "fine-tuned on the class")
    session.model_label = "the network fine-tuned on your class's drawings"
    yield _shown(
        status=live_run.capped(run) + after_text(comparison, run.result.seconds, run.result.stopped),
        **live_run.curves(run.progress),
        after_plot=after_figure(aside, comparison),
        session=session,
    )


stop_finetune = live_run.stop  # the panel's Stop: out of the line, or stop after the current batch
