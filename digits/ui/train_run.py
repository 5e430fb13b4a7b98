"""What the Train tab's buttons do: wait in the line, train live, show the results, use the model."""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import gradio as gr
import pandas as pd

from digits.train.data import DataUnavailable, mnist
from digits.train.live import training_plan
from digits.ui import live_run
from digits.ui.common import Session
from digits.ui.live_run import ONE_RUN, WITHDRAWN, waiting_text  # noqa: F401  (the tab's words, for tests)
from digits.ui.train_form import DEFAULTS, settings_config
from digits.ui.train_views import confusion_figure, mistakes_figure, result_text

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


# ---------------------------------------------------------------- handlers


def train_model(
    network,
    optimizer,
    learning_rate,
    epochs,
    batch_size,
    images,
    augment,
    session,
    run_state,
    request: gr.Request | None = None,
):
    """Train with the form's settings, yielding live curves, then the results (the Train button)."""
    config = settings_config(network, optimizer, learning_rate, epochs, batch_size, images, augment)
    session = session if session is not None else Session()
    run_state = run_state if isinstance(run_state, dict) else {}
    try:
        data = mnist()  # the figures use ours; in shared mode the worker loads its own
        run = live_run.new_run(*training_plan(config, len(data.x_train)), data)
    except DataUnavailable as exc:
        raise gr.Error(str(exc)) from None  # one line: where the digits were looked for, how to fix it
    except ValueError as exc:
        raise gr.Error(str(exc)) from None
    opening = dict(confusion=None, mistakes=None)
    results = partial(_results, run, data, session, run_state)
    yield from live_run.live(run, run_state, live_run.visitor(request, run_state), _shown, opening, results)


def _results(run, data, session: Session, run_state: dict):
    """The finished run measured on the test digits: its row, its confusions, its mistakes."""
    yield _shown(status="🔎 Measuring it on the 10,000 test digits…")
    summary, ev = run.summary(), run.evaluation()
    session.runs.append(summary.row())
    yield _shown(
        status=live_run.capped(run) + result_text(summary, ev),
        **live_run.curves(run.progress),
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


stop_training = live_run.stop  # the Stop button: out of the line, or stop after the current batch
free_runs = live_run.free  # gr.State's delete_callback: the visitor left


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
    session.recognizer = Recognizer(run.model, f"{run.plan.name} trained here")
    accuracy = run.evaluation().accuracy
    session.model_label = f"your {run.plan.name} network ({accuracy:.1%} on the test digits)"
    return (
        session,
        f"✏️ The Draw tab now reads your drawings with **{session.model_label}**, in this browser only.",
    )


def use_shipped(session):
    """Go back to the shipped recognizer for this visitor."""
    session = session if session is not None else Session()
    session.recognizer, session.model_label = None, Session.model_label
    return session, f"✏️ The Draw tab reads your drawings with **{session.model_label}** again."
