"""Fine-tuning on the class's drawings, live: how it reads the kept-aside ones before, the run, the after."""

from __future__ import annotations

import gradio as gr
import numpy as np

from digits.train.controls import TrainingControls
from digits.train.data import DataUnavailable, mnist
from digits.train.finetune import Comparison, FinetuneConfig, predict
from digits.ui import run_controls
from digits.ui.classroom_views import EVERY, after_figure, after_text, before_figure, before_text
from digits.ui.common import Session, recognizer_for
from digits.ui.train_views import progress_text

FINETUNE = FinetuneConfig()


def _split(session: Session):
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


def _status(run, progress) -> str:
    """The progress, and whether the teacher holds it paused."""
    held = "\n\n" + run_controls.PAUSED.format(n=progress.batches_done) if run.controls.paused else ""
    return progress_text(progress) + held


def _plots(progress) -> dict:
    loss_plot, accuracy_plot = run_controls.curve_plots(progress)
    return dict(loss_plot=loss_plot, accuracy_plot=accuracy_plot)


def finetune_live(session, run_state, paused=False):
    """Fine-tune a copy of the current model on the drawings to teach, live; then the after."""
    from digits.read.recognizer import Recognizer
    from digits.train.finetune_live import FinetuneRun

    session = session if session is not None else Session()
    run_state = run_state if isinstance(run_state, dict) else {}
    teach, aside = _split(session)
    recognizer = recognizer_for(session)
    before = recognizer.model  # maybe the shared shipped model: only read here, FinetuneRun copies it
    read = _read(recognizer, aside)
    try:
        run = FinetuneRun(
            before,
            teach,
            mnist(),
            FINETUNE,
            controls=TrainingControls(paused=bool(paused)),
            name="on the class's drawings",
        )
    except (ValueError, DataUnavailable) as exc:
        raise gr.Error(str(exc)) from None
    run_state["run"] = run
    if paused:  # the teacher steps through it: the untrained start first, then one batch at a time
        run.mark("pause", "⏸ paused")
    run.start()
    titled = ()  # the events the charts' titles (and so their legends) show
    try:
        yield _shown(
            status=_status(run, run.progress),
            **_plots(run.progress),
            before=before_text(aside.labels(), read, session.model_label),
            before_plot=before_figure(aside, read),
            after_plot=None,
            run_state=run_state,
        )
        for latest in run.follow():
            yield _shown() if latest is None else _shown(status=_status(run, latest), **_plots(latest))
            if latest is not None and latest.events != titled:  # a pause, resume or new rate to mark
                titled = latest.events
                yield _shown(**run_controls.curve_titles(latest))
        if run.result is None:
            raise gr.Error(f"Fine-tuning failed: {run.error}")
        comparison = Comparison(aside.labels(), read, predict(run.model, aside.images()))
        session.recognizer = Recognizer(run.model, "fine-tuned on the class")
        session.model_label = "the network fine-tuned on your class's drawings"
        yield _shown(
            status=after_text(comparison, run.result.seconds, run.result.stopped),
            **_plots(run.progress),
            after_plot=after_figure(aside, comparison),
            session=session,
        )
    finally:  # also when the page is closed mid-run
        run.stop()
        run.join(timeout=5)


def stop_finetune(run_state) -> None:
    run = (run_state or {}).get("run")
    if run is not None:
        run.stop()
