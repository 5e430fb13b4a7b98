"""The Train tab's figures follow the data and are readable on a projector."""

from __future__ import annotations

import numpy as np

from digits.train.progress import Progress
from digits.ui.handwriting_views import set_text
from digits.ui.train_views import (
    PROJECTOR_PT,
    confusion_figure,
    counted,
    curve_limits,
    mistakes_figure,
    progress_text,
)


def points(upto: float) -> list[dict]:
    """A typical run: chance level at 0, 95% after a fraction of an epoch, then training pulls ahead."""
    out = []
    for epoch in np.arange(0, upto + 1e-9, 0.25):
        train = 0.1 if epoch == 0 else min(0.95 + 0.012 * epoch, 0.999)
        val = 0.1 if epoch == 0 else 0.95 + 0.004 * epoch
        out.append(
            dict(
                epoch=float(epoch),
                recent_accuracy=train,
                val_accuracy=val,
                recent_loss=2.3 if epoch == 0 else 0.2 - 0.04 * epoch,
                val_loss=2.3 if epoch == 0 else 0.17 + 0.01 * epoch,
            )
        )
    return out


def test_the_axes_hold_every_point_from_the_first_to_the_latest():
    for upto in (0.75, 4.0):
        run = points(upto)
        limits = curve_limits(run, epochs=5)
        assert limits["epoch"] == [0, 5]
        for kind in ("accuracy", "loss"):
            low, high = limits[kind]
            values = [p[f"{key}_{kind}"] for p in run for key in ("recent", "val")]
            assert low <= min(values) and max(values) <= high, (kind, limits[kind])  # 2.3 and 10% shown
            assert high - low < 1.2 * (max(values) - min(values)) + 0.05  # and the points fill the axis
        assert limits["accuracy"][0] >= 0 and limits["accuracy"][1] <= 1 and limits["loss"][0] >= 0


def test_no_points_leave_the_axes_to_the_chart():
    assert curve_limits([], epochs=3) == {"epoch": [0, 3], "loss": None, "accuracy": [0, 1]}


def test_figure_text_is_projector_sized():
    rng = np.random.default_rng(0)
    confusion = rng.integers(0, 30, (10, 10)) + np.diag(rng.integers(900, 1100, 10))
    fig = confusion_figure(confusion)
    counts = [t for t in fig.axes[0].texts]
    assert counts and min(t.get_fontsize() for t in counts) >= PROJECTOR_PT >= 11
    images = rng.random((30, 28, 28, 1))
    fig = mistakes_figure(images, np.arange(30) % 10, (np.arange(30) + 1) % 10, list(range(18)), [], 18, 0)
    assert min(ax.title.get_fontsize() for ax in fig.axes) >= 11


def test_getting_ready_reads_well_for_a_network_and_a_fine_tune():
    start = points(0)[0]  # chance level: 10% right
    fresh = progress_text(Progress("report", 5, 100, points=(start,)))
    assert "(report): building the network" in fresh and "10% right: it is guessing" in fresh
    trained = {**start, "val_accuracy": 1.0}
    tune = progress_text(Progress("on the class's drawings", 3, 10, points=(trained,)))
    assert "building the on" not in tune and "(on the class's drawings): building the network" in tune
    assert "already gets 100% right" in tune and "guessing" not in tune


def test_one_drawing_is_singular():
    from digits.train.classset import ClassSet

    assert counted(1, "drawing") == "1 drawing" and counted(2, "epoch") == "2 epochs"
    assert counted(1200, "drawing") == "1,200 drawings"
    one = ClassSet()
    one.add(7, pad={"width": 100, "height": 100, "strokes": [[[20, 20], [80, 80]]]}, source="teach")
    assert "**1 drawing**" in set_text(one)


def test_the_marks_are_named_in_a_caption_and_the_legend_holds_the_two_curves():
    """Issue #30: the marks' names ran in one legend row past a phone's (335 px) and a tablet's chart."""
    from types import SimpleNamespace

    from digits.ui import run_controls
    from digits.ui.train_views import CURVE_PLOT

    assert CURVE_PLOT["colors_in_legend"] == ["training", "validation"]
    events = (
        {"kind": "pause", "text": "⏸ paused", "epoch": 0.22},
        {"kind": "rate", "text": "rate → 0.002", "epoch": 0.5},
    )
    caption = run_controls.marks_caption(events)
    assert caption == (
        "Marked: 1. ⏸ paused (epoch 0.22): grey line · 2. rate → 0.002 (epoch 0.50): purple line"
    )
    assert run_controls.marks_caption(()) is None
    titles = run_controls.curve_titles(SimpleNamespace(events=events))
    assert [t.title for t in titles.values()] == [
        "Loss · latest: rate → 0.002",
        "Accuracy · latest: rate → 0.002",
    ]
    assert all(len(t.title) <= 32 for t in titles.values())  # a bold title of ~9 px a letter in 335 px
