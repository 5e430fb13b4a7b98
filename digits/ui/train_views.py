"""What the class sees of a training run, without Gradio: progress, curves, results, figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from digits.train.evaluate import Evaluation
from digits.train.progress import Progress, RunSummary

PROJECTOR_PT = 11  # figures' smallest text: readable from the back of a class on a projector
# The curves' LinePlot settings (Train and the class panel): 340 px tall, side by side only where each
# gets 400 px or more (a projector: ~640 px each); one above the other at the page's whole width on a
# tablet or phone. Two 180-350 px charts cut their titles and legends and ran x labels together.
# The legend holds the two curves only: the teacher's marks ("1. ⏸ paused (epoch 0.22)", ...) ran in one
# row past the chart's edge (748 px of legend in a 335 px phone chart, 600 px on a projector); their
# names are in the chart's caption, which wraps (run_controls.marks_caption).
CURVES = ["training", "validation"]
CURVE_PLOT = dict(
    x="epoch",
    color="curve",
    x_title="epochs",
    height=340,
    min_width=400,
    colors_in_legend=CURVES,
    elem_classes="curve",  # digits/ui/fit.py: the caption inside the chart's 340 px
)
CHANCE = 0.2  # below this share right, a network guesses (chance is 10% with ten digits)


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


def curve_limits(points: list[dict], epochs: int) -> dict:
    """Axis limits that hold every point: the loss falling from 2.3 and accuracy rising from 10% show.

    (Zooming onto the recent half of a run, as before issue #30, cut the first points off the chart:
    a class saw the end of the story but not how learning began.) A little room above and below,
    never below 0 nor, for accuracy, above 1.
    """
    limits = {"epoch": [0, epochs], "loss": None, "accuracy": [0, 1]}
    for kind, ceiling in (("loss", None), ("accuracy", 1.0)):
        values = [p[f"{key}_{kind}"] for p in points for key in ("recent", "val")]
        values = [v for v in values if np.isfinite(v)]
        if not values:
            continue
        low, high = min(values), max(values)
        pad = max((high - low) * 0.05, 0.01 if kind == "accuracy" else 0.02 * high)
        low, high = max(low - pad, 0.0), high + pad
        limits[kind] = [round(low, 4), round(min(high, ceiling) if ceiling else high, 4)]
    return limits


def _bar(fraction: float, width: int = 24) -> str:
    full = int(round(fraction * width))
    return "█" * full + "░" * (width - full)


def progress_text(progress: Progress) -> str:
    """Where the run is: epoch, a progress bar, time left and the latest figures."""
    points = progress.points
    if progress.batches_done == 0:
        # The run's name is a network's ("report") or a fine-tune's ("on the class's drawings").
        text = f"⏳ **Getting ready** ({progress.model}): building the network and its first steps…"
        if points:
            first = points[0]["val_accuracy"]
            # Ten digits: an untrained network is right about 1 time in 10; a fine-tune starts trained.
            text += (
                f"\n\nBefore any training it gets {first:.0%} right: it is guessing."
                if first < CHANCE
                else f"\n\nBefore this training it already gets {first:.0%} right."
            )
        return text
    left = progress.seconds_left
    when = f"about {left:.0f} s left" if left is not None else "measuring the pace…"
    epoch = min(progress.epoch_index + 1, progress.epochs)
    text = (
        f"🏋️ **Training {progress.model}**: epoch {epoch} of {progress.epochs}\n\n"
        f"`{_bar(progress.fraction)}` {progress.fraction:.0%} · {when}"
    )
    if points:
        p = points[-1]
        text += (
            f"\n\nRight now: **{p['recent_accuracy']:.1%}** right on the pictures it learns from, "
            f"**{p['val_accuracy']:.1%}** on test digits it never saw."
        )
    if progress.stopping:
        text += "\n\n⏹️ Stopping…"
    return text


def counted(n: int, noun: str) -> str:
    """ "1 drawing", "2 drawings": a count and its noun, singular for one."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def result_text(summary: RunSummary, ev: Evaluation) -> str:
    """How the run ended and how it reads the test digits."""
    how = (
        f"⏹️ **Stopped** after {summary.epochs:.1f} of {summary.planned_epochs} epochs "
        f"({summary.seconds:.1f} s); what it learned so far is kept."
        if summary.stopped
        else f"✅ **Done**: {counted(summary.planned_epochs, 'epoch')} in {summary.seconds:.1f} s."
    )
    return (
        f"{how}\n\nTest accuracy: **{ev.accuracy:.2%}**: {len(ev.right):,} of {ev.n:,} test digits "
        f"right, {len(ev.wrong):,} wrong. Press *Use this model* to draw for it."
    )


def confusion_figure(confusion: np.ndarray):
    """A heat map: rows are the true digits, columns the network's answers, counts written in."""
    from matplotlib.figure import Figure  # deferred, and no pyplot: figures are made in worker threads

    fig = Figure(figsize=(6.4, 5.8), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.imshow(np.log1p(confusion), cmap="Blues")  # log: the few mistakes stay visible beside ~1,000 rights
    top = np.log1p(confusion.max())
    for (t, p), n in np.ndenumerate(confusion):
        if n:
            dark = np.log1p(n) > 0.6 * top
            ax.text(
                p,
                t,
                str(n),
                ha="center",
                va="center",
                fontsize=PROJECTOR_PT,
                color="white" if dark else "black",
            )
    ax.set(xticks=range(10), yticks=range(10), xlabel="the network's answer", ylabel="the true digit")
    ax.set_title("Confusion matrix: rows are the truth, the diagonal is right")
    return fig


def mistakes_figure(
    images: np.ndarray,
    truth: np.ndarray,
    predicted: np.ndarray,
    wrong,
    right,
    mistakes: int,
    correct: int,
    title: str = "What it got wrong (red) and some it got right (green)",
):
    """A grid of test digits titled "Said p, is t": mistakes in red, a few right ones in green."""
    from matplotlib.figure import Figure

    shown = [(i, True) for i in wrong[:mistakes]] + [(i, False) for i in right[:correct]]
    cols = 6
    rows = max(1, -(-len(shown) // cols))
    fig = Figure(figsize=(9.6, 1.9 * rows + 0.5), dpi=100, layout="constrained")
    fig.suptitle(title, fontsize=PROJECTOR_PT + 2)
    for k, (i, is_wrong) in enumerate(shown):
        ax = fig.add_subplot(rows, cols, k + 1)
        ax.imshow(images[i].squeeze(), cmap="gray_r")
        colour = "#dc2626" if is_wrong else "#16a34a"
        ax.set_title(f"Said {predicted[i]}, is {truth[i]}", fontsize=PROJECTOR_PT, color=colour)
        ax.axis("off")
    return fig
