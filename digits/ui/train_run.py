"""What the Train tab's buttons do: wait in the line, train live, show the results, use the model."""

from __future__ import annotations

from typing import NamedTuple

import gradio as gr
import pandas as pd

from digits.serve import shared
from digits.serve.worker import ProcessRun
from digits.train import live
from digits.train.controls import TrainingControls
from digits.train.data import DataUnavailable, mnist
from digits.train.progress import Progress
from digits.ui import run_controls
from digits.ui.common import Session
from digits.ui.train_form import DEFAULTS, settings_config
from digits.ui.train_views import (
    confusion_figure,
    mistakes_figure,
    progress_text,
    result_text,
)

RUN_COLUMNS = (
    "Network, Weights, Epochs, Images, Batch, Optimizer, Sketch-like, Time (s), Test accuracy, "
    "Document reported"
).split(", ")


# ---------------------------------------------------------------- what the handlers show


def runs_table(session: Session) -> pd.DataFrame:
    return pd.DataFrame(session.runs, columns=RUN_COLUMNS)


class Shown(NamedTuple):
    """What one update of the Train tab shows, by name (Gradio takes it as the outputs' tuple)."""

    status: object
    loss_plot: object
    accuracy_plot: object
    confusion: object
    mistakes: object
    runs: object
    session: object
    run_state: object


def _shown(**given) -> Shown:
    """An update changing only the outputs given."""
    return Shown(**{name: given.get(name, gr.skip()) for name in Shown._fields})


def _curves(progress: Progress) -> dict:
    loss_plot, accuracy_plot = run_controls.curve_plots(progress)  # pauses and new rates marked
    return dict(loss_plot=loss_plot, accuracy_plot=accuracy_plot)


ONE_RUN = "You already have a training waiting or running: wait for it, or press Stop first."
WITHDRAWN = "⏹️ **Taken out of the line**: your training will not start. Press **Train** when you want it."


def waiting_text(line: shared.TrainingLine, ticket: shared.Ticket) -> str:
    """Where a waiting run stands in the line, and roughly how long until its turn."""
    wait = line.wait(ticket)
    when = f"about {shared.minutes(wait)} to wait" if wait is not None else "waiting for the run before it"
    text = f"⏳ **Waiting for your turn**: number {line.position(ticket)} in line, {when}."
    if shared.SETTINGS.run_limit:
        text += (
            f" On this shared Space every training stops after {shared.minutes(shared.SETTINGS.run_limit)}."
        )
    return text + " Press **Stop** to leave the line."


def _wait_turn(line: shared.TrainingLine, ticket: shared.Ticket):
    """Yield where the run stands until its turn comes (True) or Stop took it out of the line (False)."""
    while not ticket.admitted.wait(0.5):  # short waits: a waiting run holds no worker thread
        if ticket.left:
            return False
        yield _shown(status=waiting_text(line, ticket))
    return not ticket.left


# ---------------------------------------------------------------- handlers


def train_model(network, optimizer, learning_rate, epochs, batch_size, images, augment, session, run_state):
    """Train with the form's settings, yielding live curves, then the results (the Train button)."""
    config = settings_config(network, optimizer, learning_rate, epochs, batch_size, images, augment)
    session = session if session is not None else Session()
    run_state = run_state if isinstance(run_state, dict) else {}
    earlier = run_state.get("ticket")
    if earlier is not None and not earlier.left:
        raise gr.Error(ONE_RUN)  # one run per visitor, so one visitor cannot fill the line
    try:
        limit = shared.SETTINGS.run_limit
        if shared.SETTINGS.worker_process:  # the worker loads MNIST itself; the figures use ours
            run = ProcessRun(config, time_limit=limit)
        else:
            run = live.LiveRun(config, mnist(), controls=TrainingControls(), time_limit=limit)
    except DataUnavailable as exc:
        raise gr.Error(str(exc)) from None  # one line: where the digits were looked for, how to fix it
    except ValueError as exc:
        raise gr.Error(str(exc)) from None
    line = shared.training_line()
    ticket = run_state["ticket"] = line.join()  # Stop finds it here, waiting or running
    try:
        if not ticket.admitted.is_set():
            yield _shown(status=waiting_text(line, ticket), run_state=run_state)
        if not (yield from _wait_turn(line, ticket)):
            yield _shown(status=WITHDRAWN)
            return
        run_state["run"] = run  # Stop and "Use this model" find it here, in this visitor's state only
        run.start()
        yield from _follow(run, session, run_state)
    finally:  # also when the page is closed: Gradio closes this generator
        line.leave(ticket)


def _follow(run: live.LiveRun, session: Session, run_state: dict):
    """The live curves while the run trains, then its results."""
    try:
        progress = run.progress
        yield _shown(
            status=progress_text(progress),
            **_curves(progress),
            confusion=None,
            mistakes=None,
            run_state=run_state,
        )
        for latest in run.follow():
            if latest is None:  # nothing moved; yielding still lets Gradio close a left page
                yield _shown()
                continue
            moved = latest.points is not progress.points  # a snapshot shares unchanged points
            marked = latest.events is not progress.events  # the teacher paused, resumed, set a rate
            progress = latest
            yield _shown(status=progress_text(progress), **(_curves(progress) if moved or marked else {}))
            if marked:  # after the curves: a new title makes the chart redraw its legend with them
                yield _shown(**run_controls.curve_titles(progress))
        if run_state.get("run") is not run:
            return  # the visitor left (free_runs): nothing to show, nothing to keep
        if run.result is None:
            raise gr.Error(f"Training failed: {run.error}")
        yield _shown(status="🔎 Measuring it on the 10,000 test digits…")
        summary, ev, data = run.summary(), run.evaluation(), run.data
        session.runs.append(summary.row())
        capped = f"⏱️ This shared Space stops each training after {shared.minutes(run.time_limit or 0)} "
        yield _shown(
            status=(capped + "so every class gets a turn.\n\n" if run.timed_out else "")
            + result_text(summary, ev),
            **_curves(run.progress),
            confusion=confusion_figure(ev.confusion),
            mistakes=mistakes_figure(
                data.x_test,
                data.y_test,
                ev.predictions,
                ev.wrong,
                ev.right,
                DEFAULTS.mistakes,
                DEFAULTS.correct,
            ),
            runs=runs_table(session),
            session=session,
            run_state=run_state,
        )
    finally:  # also when the page is closed mid-run: Gradio closes this generator
        run.stop()
        run.join(timeout=5)


def stop_training(run_state) -> None:
    """Take this visitor's run out of the line, or stop it after the current batch (never queued)."""
    ticket = (run_state or {}).get("ticket")
    if ticket is not None and shared.training_line().leave(ticket):
        return  # it was waiting: its generator says so
    run = (run_state or {}).get("run")
    if run is not None:
        run.stop()


def free_runs(run_state) -> None:
    """A visitor left: stop their run, leave the line, let their models go (gr.State's delete_callback)."""
    if isinstance(run_state, dict):
        stop_training(run_state)
        run_state.clear()


def use_model(session, run_state):
    """Make the network just trained the one that reads this visitor's drawings."""
    from digits.read.recognizer import Recognizer

    run = (run_state or {}).get("run")
    if run is None:
        raise gr.Error("Train a network first: press Train.")
    if not run.finished:
        raise gr.Error("Training is still going: wait for it to end, or press Stop.")
    if run.result is None:
        raise gr.Error("That training failed: press Train again.")
    session = session if session is not None else Session()
    session.recognizer = Recognizer(run.model, f"{run.config.model} trained here")
    accuracy = run.evaluation().accuracy
    session.model_label = f"your {run.config.model} network ({accuracy:.1%} on the test digits)"
    return (
        session,
        f"✏️ The Draw tab now reads your drawings with **{session.model_label}**, in this browser only.",
    )


def use_shipped(session):
    """Go back to the shipped recognizer for this visitor."""
    session = session if session is not None else Session()
    session.recognizer, session.model_label = None, Session.model_label
    return session, f"✏️ The Draw tab reads your drawings with **{session.model_label}** again."
