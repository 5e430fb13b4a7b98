"""The Train tab: the teacher presses Train and the class watches a network learn, live."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import gradio as gr
import pandas as pd

from digits import live, models, shared
from digits.controls import TrainingControls
from digits.data import DataUnavailable, mnist
from digits.train import OPTIMIZERS, TrainConfig
from digits.ui import classroom, run_controls
from digits.ui.common import Session, number, teacher_note
from digits.ui.train_views import (
    confusion_figure,
    mistakes_figure,
    progress_text,
    result_text,
)
from digits.worker import ProcessRun

TEACHER = """
**Training** shows the network thousands of digits with their right answers. After each small group of
pictures (a **batch**, 128 by default) it nudges its weights a little so it would have done better on
them. One pass over all the training pictures is an **epoch**.

**Loss** measures how wrong the network is, counting how sure it was of its wrong answers; lower is
better. **Accuracy** is simply the share of digits it gets right. The *training* curve is measured on
the batches it is learning from; the *validation* curve on 500 test digits it never learns from (so it
wiggles a little). While both go down together, it is learning real shapes; if the training loss keeps
falling while the validation loss rises, it is memorising its pictures instead: that is **overfitting**.

**Dropout** switches off a random part of the neurons at every step, so no single neuron can do all the
work: it fights overfitting. The **optimizer** is the rule that decides how far to nudge each weight
(Adam adapts its steps by itself); the **learning rate** sets the size of the steps: too big and the
loss jumps around, too small and learning crawls.

**Ideas for class.** Train on only 1,000 pictures, then on all 60,000: which reads your drawings better?
Try a learning rate of 0.1. Compare the report's small network with notebook C's 2.4 million weights:
is bigger better, or only slower? After training, look at the mistakes: would you have got them right?
Then press *Use this model* and draw for it: only this browser uses it; the others keep theirs.
"""

RUN_COLUMNS = (
    "Network, Weights, Epochs, Images, Batch, Optimizer, Sketch-like, Time (s), Test accuracy, "
    "Document reported"
).split(", ")
COLORS = {"training": "#f97316", "validation": "#2563eb"}


@dataclass(frozen=True)
class TabDefaults:
    """A lesson-sized first run: the report's CNN as the report trained it, well under a minute."""

    network: str = models.REPORT_MODEL
    epochs: int = 5
    images: int = 60_000
    augment: bool = False
    mistakes: int = 18  # wrong answers shown after training
    correct: int = 6  # and some right ones, for contrast


DEFAULTS = TabDefaults()


def network_choices() -> list[tuple[str, str]]:
    """Dropdown entries: each network with its plain description and size."""
    return [
        (f"{name}: {a.description} ({a.params:,} weights)", name) for name, a in models.ARCHITECTURES.items()
    ]


def describe(name: str) -> str:
    """One Markdown line: what the network is, its size, how its document trained it."""
    arch = models.get(name)
    reported = arch.reported.get("test_accuracy")
    result = f", reaching **{reported:.2%}** on the test digits" if reported else ""
    return (
        f"**{name}**: {arch.description} {arch.params:,} weights. Its document trained it "
        f"with {arch.optimizer}, batches of {arch.batch_size}, for {arch.epochs} epochs{result}."
    )


def network_changed(name: str):
    """Picking a network fills in its document's optimizer, learning rate and batch size."""
    arch = models.get(name)
    return describe(name), arch.optimizer, arch.learning_rate or 0.001, arch.batch_size


def settings_config(network, optimizer, learning_rate, epochs, batch_size, images, augment) -> TrainConfig:
    """The form as a checked TrainConfig; a gr.Error in plain words for settings that cannot train."""
    if network not in models.ARCHITECTURES:
        raise gr.Error(f"Pick a network from the list (got {network!r}).")
    config = TrainConfig(  # numbers only here: their bounds are TrainConfig.check's
        model=network,
        epochs=number(epochs, "Epochs"),
        batch_size=number(batch_size, "Batch size"),
        optimizer=str(optimizer or "").lower() or None,
        learning_rate=number(learning_rate, "Learning rate"),
        subset=number(images, "Training images"),
        augment=bool(augment),
    )
    try:
        return config.resolved()
    except ValueError as exc:
        raise gr.Error(str(exc)) from None


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


def _curves(progress: live.Progress) -> dict:
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
    from digits.recognizer import Recognizer

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


# ---------------------------------------------------------------- layout


def build(session: gr.State) -> gr.Blocks:
    """The Train tab."""
    arch = models.get(DEFAULTS.network)
    plot = dict(x="epoch", color="curve", color_map=COLORS, x_title="epochs", height=300)
    with gr.Blocks() as tab:
        run_state = gr.State({}, time_to_live=shared.SETTINGS.state_limit, delete_callback=free_runs)
        gr.Markdown(
            "Press **Train** and watch the network learn: the curves move several times per epoch. "
            "Then look at what it gets wrong, and draw for it."
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=2, min_width=300):
                network = gr.Dropdown(
                    network_choices(), value=DEFAULTS.network, label="Network", elem_id="train-network"
                )
                about = gr.Markdown(describe(DEFAULTS.network), elem_id="train-network-info")
                with gr.Row():
                    optimizer = gr.Dropdown(list(OPTIMIZERS), value=arch.optimizer, label="Optimizer")
                    rate = gr.Number(arch.learning_rate or 0.001, label="Learning rate", minimum=0)
                epochs = gr.Slider(
                    1, 50, value=DEFAULTS.epochs, step=1, label="Epochs", elem_id="train-epochs"
                )
                batch = gr.Slider(16, 512, value=arch.batch_size, step=1, label="Batch size")
                images = gr.Slider(
                    1_000,
                    60_000,
                    value=DEFAULTS.images,
                    step=1_000,
                    label="Training images",
                    elem_id="train-images",
                )
                augment = gr.Checkbox(DEFAULTS.augment, label="Sketch-like distortions (augmentation)")
                with gr.Row():
                    start = gr.Button("▶️ Train", variant="primary", elem_id="train-start")
                    stop = gr.Button("⏹️ Stop", variant="stop", elem_id="train-stop")
                run_controls.build(run_state, "train")
            with gr.Column(scale=3):
                status = gr.Markdown("Press **Train** to start.", elem_id="train-status")
                with gr.Row():
                    loss_plot = gr.LinePlot(
                        y="loss", title="Loss (lower is better)", y_title="loss", elem_id="train-loss", **plot
                    )
                    acc_plot = gr.LinePlot(
                        y="accuracy",
                        title="Accuracy (higher is better)",
                        y_title="accuracy",
                        elem_id="train-accuracy",
                        **plot,
                    )
        with gr.Row():
            confusion = gr.Plot(show_label=False, elem_id="train-confusion", scale=2)
            mistakes = gr.Plot(show_label=False, elem_id="train-mistakes", scale=3)
        with gr.Row():
            use = gr.Button("✏️ Use this model in the Draw tab", elem_id="train-use")
            shipped = gr.Button("↩️ Back to the shipped model", elem_id="train-shipped")
        used = gr.Markdown(elem_id="train-used")
        table = gr.Dataframe(
            runs_table(Session()), label="Your runs, side by side", interactive=False, elem_id="train-runs"
        )
        teacher_note(TEACHER)
        classroom.build(session)  # the class's own handwriting: collect, fine-tune, before and after

        network.change(network_changed, network, [about, optimizer, rate, batch], api_name=False, queue=False)
        start.click(
            train_model,
            [network, optimizer, rate, epochs, batch, images, augment, session, run_state],
            [status, loss_plot, acc_plot, confusion, mistakes, table, session, run_state],
            api_name="train_start",
            concurrency_limit=None,  # our own line (digits.shared) queues trainings: Stop can withdraw one
            show_progress="minimal",
        )
        stop.click(stop_training, run_state, None, api_name="train_stop", queue=False)
        use.click(use_model, [session, run_state], [session, used], api_name="train_use", queue=False)
        shipped.click(use_shipped, session, [session, used], api_name="train_shipped", queue=False)
    return tab
