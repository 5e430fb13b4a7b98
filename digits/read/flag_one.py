"""A 1 with a long flag or a 7? The pen's path says which way the stroke went after its corner.

Both readers take a 1 with a long, nearly flat flag for a 7 (the same picture as a 7 with a short bar
on an upright stem, another tradition's 7). The stroke still tells them apart more often than not: a
7's bar runs right from the top-left and its stem goes down and to the LEFT, far from where the bar
began; a flagged 1 rises up-right along a short flag, then goes nearly straight down. `shape_odds`
weighs that with a small logistic model fitted on the training writers' 7s against their 1s
redrawn with a long flag (digits/train/flag_one.py prints the weights below); the recognizer uses it
only on a digit of a number read from strokes as a 7 (Recognizer._reading).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NAMES = ("rise", "run", "stem", "foot", "stem height", "width", "bend")


def features(strokes: list) -> np.ndarray | None:
    """A one-stroke digit's shape at its top-right corner (see NAMES); None if it has no such corner.

    In shares of the digit's height (y down): how far the stroke rose to the corner, how far it ran
    right, the stem's lean (x per y from the corner down), where it ends against where it began, the
    stem's height, the digit's width, and how far the stem bends away from a straight line.
    """
    arrays = [np.asarray(s, np.float64)[:, :2] for s in strokes if len(s)]
    if len(arrays) != 1 or len(arrays[0]) < 4:
        return None
    s = arrays[0]
    height = float(np.ptp(s[:, 1]))
    if height <= 0:
        return None
    corner = int(np.argmax(s[:, 0] - s[:, 1]))  # the top-right-most point: a 7's corner, a 1's top
    if corner == 0 or corner >= len(s) - 2:
        return None
    start, top, end = s[0], s[corner], s[-1]
    drop = max(float(end[1] - top[1]), 1e-6)
    chord = end - top
    normal = np.array([-chord[1], chord[0]]) / max(float(np.hypot(*chord)), 1e-6)
    bend = float(np.abs((s[corner:] - top) @ normal).max())
    return np.array(
        [
            (start[1] - top[1]) / height,
            (top[0] - start[0]) / height,
            (end[0] - top[0]) / drop,
            (end[0] - start[0]) / height,
            drop / height,
            float(np.ptp(s[:, 0])) / height,
            bend / height,
        ]
    )


@dataclass(frozen=True)
class ShapeModel:
    """A logistic model on standardised `features`: the log-odds of a flagged 1 against a 7."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def probability(self, x: np.ndarray) -> float:
        z = (np.asarray(x) - np.asarray(self.mean)) / np.asarray(self.scale)
        return float(1 / (1 + np.exp(-(z @ np.asarray(self.weights) + self.bias))))


# Fitted by `python -m digits.train.flag_one` on the training writers but the validation ones.
SHAPE = ShapeModel(
    mean=(0.1332, 0.4148, -0.2118, 0.2516, 0.9317, 0.5184, 0.087),
    scale=(0.1865, 0.2484, 0.8865, 0.2685, 0.0943, 0.2285, 0.1142),
    weights=(1.5749, -1.938, 0.8863, 0.7381, 0.7049, -1.3035, 0.1202),
    bias=0.6218,
)


@dataclass(frozen=True)
class FlagRule:
    """What the shape does to a 7 (chosen on the validation writers, digits/train/flag_one.py)."""

    doubt: float = 0.5  # a 7 this likely a flagged 1 is read unsurely, with 1 its close alternative
    share: float = 0.35  # the probability then given to 1 (the 7 keeps less than the 0.7 of "sure")


DEFAULT_RULE = FlagRule()


def weigh(
    p: np.ndarray, strokes: list, rule: FlagRule = DEFAULT_RULE, model: ShapeModel = SHAPE
) -> np.ndarray:
    """A digit's probabilities `p` (10,); a 7 shaped like a flagged 1 made unsure, 1 its alternative.

    The 7 stays the reading: read as 1 outright, the training writers' numbers lost 3 in 1,200 (7s
    with an upright stem) and the held-out ones gained none (docs/reading.md#the-long-flagged-1s).
    """
    x = features(strokes)
    if x is None or int(np.argmax(p)) != 7 or model.probability(x) < rule.doubt:
        return p
    rest = np.asarray(p, np.float64).copy()
    rest[1] = 0.0
    rest /= max(float(rest.sum()), 1e-12)
    share = min(rule.share, 0.99 * rest[7] / (1 + rest[7]))  # never more than the 7 keeps
    out = (1 - share) * rest
    out[1] = share
    return out.astype(np.float32)
