"""The Train tab: the teacher presses Train and the class watches a network learn, live."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr
import numpy as np
import pandas as pd

from digits import live, models
from digits.data import DataUnavailable, mnist
from digits.train import OPTIMIZERS, TrainConfig
from digits.ui.common import Session, number, teacher_note

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


def _whole(value, name: str, low: int, high: int) -> int:
    x = number(value, name)
    if x != int(x) or not low <= x <= high:
        raise gr.Error(f"{name} must be a whole number from {low:,} to {high:,} (got {x:g}).")
    return int(x)


def settings_config(network, optimizer, learning_rate, epochs, batch_size, images, augment) -> TrainConfig:
    """The form as a checked TrainConfig; a gr.Error in plain words for settings that cannot train."""
    if network not in models.ARCHITECTURES:
        raise gr.Error(f"Pick a network from the list (got {network!r}).")
    config = TrainConfig(
        model=network,
        epochs=_whole(epochs, "Epochs", 1, 500),
        batch_size=_whole(batch_size, "Batch size", 1, 4096),
        optimizer=str(optimizer or "").lower() or None,
        learning_rate=number(learning_rate, "Learning rate"),
        subset=_whole(images, "Training images", 100, 60_000),
        augment=bool(augment),
    )
    try:
        return config.resolved()
    except ValueError as exc:
        raise gr.Error(str(exc)) from None


# ---------------------------------------------------------------- what the class sees


def curve_frames(points: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Loss and accuracy curves as long tables (epoch, value, curve) for gr.LinePlot."""
    rows = {"loss": [], "accuracy": []}
    for p in points:
        for kind in rows:
            rows[kind].append((p["epoch"], p[f"recent_{kind}"], "training"))
            rows[kind].append((p["epoch"], p[f"val_{kind}"], "validation"))
    # Typed even when empty: the browser keeps the axis types of the first table it receives.
    return tuple(
        pd.DataFrame(rows[k], columns=["epoch", k, "curve"]).astype({"epoch": float, k: float, "curve": str})
        for k in ("loss", "accuracy")
    )


def _bar(fraction: float, width: int = 24) -> str:
    full = int(round(fraction * width))
    return "█" * full + "░" * (width - full)


def progress_text(run: live.LiveRun) -> str:
    """Where the run is: epoch, a progress bar, time left and the latest figures."""
    cfg = run.config
    if run.batches_done == 0:
        text = f"⏳ **Getting ready**: building the {cfg.model} network and its first steps…"
        if run.points:
            text += (
                f"\n\nBefore any training it gets {run.points[0]['val_accuracy']:.0%} right: it is guessing."
            )
        return text
    left = run.seconds_left
    when = f"about {left:.0f} s left" if left is not None else "measuring the pace…"
    epoch = min(run.epoch_index + 1, cfg.epochs)
    text = (
        f"🏋️ **Training {cfg.model}**: epoch {epoch} of {cfg.epochs}\n\n"
        f"`{_bar(run.fraction)}` {run.fraction:.0%} · {when}"
    )
    if run.points:
        p = run.points[-1]
        text += (
            f"\n\nRight now: **{p['recent_accuracy']:.1%}** right on the pictures it learns from, "
            f"**{p['val_accuracy']:.1%}** on test digits it never saw."
        )
    if run.stop_event.is_set():
        text += "\n\n⏹️ Stopping…"
    return text


def _epochs(n: int) -> str:
    return f"{n} epoch" if n == 1 else f"{n} epochs"


def result_text(run: live.LiveRun, summary: live.RunSummary) -> str:
    ev = run.evaluation()
    how = (
        f"⏹️ **Stopped** after {summary.epochs:.1f} of {summary.planned_epochs} epochs "
        f"({summary.seconds:.1f} s); what it learned so far is kept."
        if summary.stopped
        else f"✅ **Done**: {_epochs(summary.planned_epochs)} in {summary.seconds:.1f} s."
    )
    return (
        f"{how}\n\nTest accuracy: **{ev.accuracy:.2%}**: {len(ev.right):,} of {ev.n:,} test digits "
        f"right, {len(ev.wrong):,} wrong. Press *Use this model* to draw for it."
    )


def confusion_figure(confusion: np.ndarray):
    """A heat map: rows are the true digits, columns the network's answers, counts written in."""
    from matplotlib.figure import Figure  # deferred, and no pyplot: figures are made in worker threads

    fig = Figure(figsize=(5.2, 4.6), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.imshow(np.log1p(confusion), cmap="Blues")  # log: the few mistakes stay visible beside ~1,000 rights
    top = np.log1p(confusion.max())
    for (t, p), n in np.ndenumerate(confusion):
        if n:
            dark = np.log1p(n) > 0.6 * top
            ax.text(p, t, str(n), ha="center", va="center", fontsize=7, color="white" if dark else "black")
    ax.set(xticks=range(10), yticks=range(10), xlabel="the network's answer", ylabel="the true digit")
    ax.set_title("Confusion matrix: rows are the truth, the diagonal is right")
    return fig


def mistakes_figure(images: np.ndarray, truth: np.ndarray, predicted: np.ndarray, wrong, right):
    """A grid of test digits titled "Predicted p, truth t": mistakes in red, a few right ones in green."""
    from matplotlib.figure import Figure

    shown = [(i, True) for i in wrong[: DEFAULTS.mistakes]] + [(i, False) for i in right[: DEFAULTS.correct]]
    cols = 6
    rows = max(1, -(-len(shown) // cols))
    fig = Figure(figsize=(7.3, 1.45 * rows + 0.4), dpi=100, layout="constrained")
    fig.suptitle("What it got wrong (red) and some it got right (green)")
    for k, (i, is_wrong) in enumerate(shown):
        ax = fig.add_subplot(rows, cols, k + 1)
        ax.imshow(images[i].squeeze(), cmap="gray_r")
        colour = "#dc2626" if is_wrong else "#16a34a"
        ax.set_title(f"Predicted {predicted[i]}, truth {truth[i]}", fontsize=7.5, color=colour)
        ax.axis("off")
    return fig


def runs_table(session: Session) -> pd.DataFrame:
    return pd.DataFrame(session.runs, columns=RUN_COLUMNS)


def _curves(run: live.LiveRun):
    span = [0, run.config.epochs]
    if not run.points:  # None, not an empty table: a chart first drawn empty never draws its lines
        return gr.LinePlot(value=None, x_lim=span), gr.LinePlot(value=None, x_lim=span)
    loss, accuracy = curve_frames(run.points)
    return gr.LinePlot(value=loss, x_lim=span), gr.LinePlot(value=accuracy, x_lim=span)


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
        skip = gr.skip()
        yield progress_text(run), *_curves(run), None, None, skip, skip, run_state
        for new in run.follow():
            curves = _curves(run) if new else (skip, skip)
            yield progress_text(run), *curves, skip, skip, skip, skip, skip
        if run.result is None:
            raise gr.Error(f"Training failed: {run.error}")
        yield "🔎 Measuring it on the 10,000 test digits…", skip, skip, skip, skip, skip, skip, skip
        summary = run.summary()
        ev = run.evaluation()
        session.runs.append(summary.row())
        data = run.data
        yield (
            result_text(run, summary),
            *_curves(run),
            confusion_figure(ev.confusion),
            mistakes_figure(data.x_test, data.y_test, ev.predictions, ev.wrong, ev.right),
            runs_table(session),
            session,
            run_state,
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
                epochs = gr.Slider(1, 50, value=DEFAULTS.epochs, step=1, label="Epochs")
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
