"""The Train tab: the teacher presses Train and the class watches a network learn, live."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import gradio as gr
import pandas as pd

from digits import live, models
from digits.data import DataUnavailable, mnist
from digits.train import OPTIMIZERS, TrainConfig
from digits.ui.common import Session, number, teacher_note
from digits.ui.train_views import confusion_figure, curve_frames, mistakes_figure, progress_text, result_text

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
    span = [0, progress.epochs]
    if not progress.points:  # None, not an empty table: a chart first drawn empty never draws its lines
        return dict(
            loss_plot=gr.LinePlot(value=None, x_lim=span), accuracy_plot=gr.LinePlot(value=None, x_lim=span)
        )
    loss, accuracy = curve_frames(list(progress.points))
    return dict(
        loss_plot=gr.LinePlot(value=loss, x_lim=span), accuracy_plot=gr.LinePlot(value=accuracy, x_lim=span)
    )


# ---------------------------------------------------------------- handlers


def train_model(network, optimizer, learning_rate, epochs, batch_size, images, augment, session, run_state):
    """Train with the form's settings, yielding live curves, then the results (the Train button)."""
    config = settings_config(network, optimizer, learning_rate, epochs, batch_size, images, augment)
    session = session if session is not None else Session()
    run_state = run_state if isinstance(run_state, dict) else {}
    try:
        run = live.LiveRun(config, mnist())
    except (ValueError, DataUnavailable) as exc:
        raise gr.Error(str(exc)) from None
    run_state["run"] = run  # Stop and "Use this model" find it here, in this visitor's state only
    run.start()
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
            progress = latest
            yield _shown(status=progress_text(progress), **(_curves(progress) if moved else {}))
        if run.result is None:
            raise gr.Error(f"Training failed: {run.error}")
        yield _shown(status="🔎 Measuring it on the 10,000 test digits…")
        summary, ev, data = run.summary(), run.evaluation(), run.data
        session.runs.append(summary.row())
        yield _shown(
            status=result_text(summary, ev),
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
    """Stop this visitor's training after the current batch (the Stop button; never queued)."""
    run = (run_state or {}).get("run")
    if run is not None:
        run.stop()


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
        run_state = gr.State({})
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
                images = gr.Slider(1_000, 60_000, value=DEFAULTS.images, step=1_000, label="Training images")
                augment = gr.Checkbox(DEFAULTS.augment, label="Sketch-like distortions (augmentation)")
                with gr.Row():
                    start = gr.Button("▶️ Train", variant="primary", elem_id="train-start")
                    stop = gr.Button("⏹️ Stop", variant="stop", elem_id="train-stop")
            with gr.Column(scale=3):
                status = gr.Markdown("Press **Train** to start.", elem_id="train-status")
                with gr.Row():
                    loss_plot = gr.LinePlot(y="loss", title="Loss (lower is better)", y_title="loss", **plot)
                    acc_plot = gr.LinePlot(
                        y="accuracy", title="Accuracy (higher is better)", y_title="accuracy", **plot
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

        network.change(network_changed, network, [about, optimizer, rate, batch], api_name=False, queue=False)
        start.click(
            train_model,
            [network, optimizer, rate, epochs, batch, images, augment, session, run_state],
            [status, loss_plot, acc_plot, confusion, mistakes, table, session, run_state],
            api_name="train_start",
            concurrency_limit=1,
            concurrency_id="training",
            show_progress="full",
            show_progress_on=[status, loss_plot, acc_plot],  # the plots' overlay shows the queue position
        )
        stop.click(stop_training, run_state, None, api_name="train_stop", queue=False)
        use.click(use_model, [session, run_state], [session, used], api_name="train_use", queue=False)
        shipped.click(use_shipped, session, [session, used], api_name="train_shipped", queue=False)
    return tab
