"""What the class sees of its own drawings, without Gradio: counts, the split, before and after."""

from __future__ import annotations

import numpy as np

from digits.train.classset import ClassSet
from digits.train.finetune import Comparison
from digits.ui.train_views import counted, mistakes_figure

EVERY = 4  # every 4th drawing is kept aside for the "after"
SHOWN = 24  # drawings shown at most in one figure


def set_text(class_set: ClassSet) -> str:
    """How many drawings of each digit, and which part is kept aside, in plain words."""
    n = len(class_set)
    if not n:
        return "**No drawings yet.** Add some here, collect them in Practice, or upload last lesson's set."
    counts = " · ".join(f"**{d}**: {c}" for d, c in enumerate(class_set.counts()))
    kept = int(class_set.aside_mask(EVERY).sum())
    return (
        f"**{counted(n, 'drawing')}** ({counts})\n\n**{kept} of {n} kept aside for the after.** "
        f"{class_set.split_note(EVERY)}"
    )


def before_text(labels: np.ndarray, read: np.ndarray, model_label: str) -> str:
    n, right = len(labels), int((read == labels).sum())
    return (
        f"🔍 **Before**: {model_label} reads **{right} of the {n}** kept-aside drawings right "
        f"({right / n:.0%}); {n - right} wrong (in red below)."
    )


def before_figure(aside: ClassSet, read: np.ndarray):
    labels = aside.labels()
    wrong, right = np.flatnonzero(read != labels), np.flatnonzero(read == labels)
    return mistakes_figure(
        aside.images(),
        labels,
        read,
        wrong,
        right,
        SHOWN,
        max(0, SHOWN - len(wrong)),
        title="The kept-aside drawings, before: wrong in red, right in green",
    )


def after_text(comparison: Comparison, seconds: float, stopped: bool) -> str:
    how = "⏹️ Stopped early; what it learned so far is kept." if stopped else "✅ Fine-tuned"
    return (
        f"{how} ({seconds:.0f} s). {comparison.summary()}\n\n"
        "✏️ This browser now reads with the fine-tuned network (*Back to the shipped model* undoes it)."
    )


def after_figure(aside: ClassSet, comparison: Comparison):
    """The kept-aside drawings as read after: wrong in red, right in green (those now right first)."""
    right = comparison.now_right + [
        i for i in np.flatnonzero(comparison.after == comparison.labels) if i not in comparison.now_right
    ]
    return mistakes_figure(
        aside.images(),
        comparison.labels,
        comparison.after,
        comparison.still_wrong + comparison.now_wrong,
        right,
        SHOWN,
        SHOWN,
        title=f"After: {len(comparison.now_right)} now read right (first in green); wrong in red",
    )
