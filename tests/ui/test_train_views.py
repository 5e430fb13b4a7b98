"""The Train tab's figures follow the data and are readable on a projector."""

from __future__ import annotations

import numpy as np

from digits.ui.train_views import PROJECTOR_PT, confusion_figure, curve_limits, mistakes_figure


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


def test_before_the_first_epoch_ends_the_axes_show_everything():
    limits = curve_limits(points(0.75), epochs=5)
    assert limits == {"epoch": [0, 5], "loss": None, "accuracy": [0, 1]}


def test_after_the_first_epoch_the_gap_between_training_and_validation_fills_the_axis():
    run = points(4.0)
    limits = curve_limits(run, epochs=5)
    last = run[-1]
    for kind in ("accuracy", "loss"):
        low, high = limits[kind]
        ends = (last[f"recent_{kind}"], last[f"val_{kind}"])
        assert low <= min(ends) and max(ends) <= high  # the latest points are on the chart
        gap = abs(ends[0] - ends[1])
        assert gap / (high - low) > 0.3, (kind, limits[kind], gap)  # the gap is a third of the axis
    assert limits["accuracy"][0] > 0.9 and limits["accuracy"][1] <= 1


def test_figure_text_is_projector_sized():
    rng = np.random.default_rng(0)
    confusion = rng.integers(0, 30, (10, 10)) + np.diag(rng.integers(900, 1100, 10))
    fig = confusion_figure(confusion)
    counts = [t for t in fig.axes[0].texts]
    assert counts and min(t.get_fontsize() for t in counts) >= PROJECTOR_PT >= 11
    images = rng.random((30, 28, 28, 1))
    fig = mistakes_figure(images, np.arange(30) % 10, (np.arange(30) + 1) % 10, list(range(18)), [], 18, 0)
    assert min(ax.title.get_fontsize() for ax in fig.axes) >= 11
