"""The pen's path as a second reader: a digit's strokes as a fixed-length trajectory, read by a small 1-D net.

An image network sees only the ink; this one sees how it was written (where the pen went, in which
order, where it lifted), so the two make different mistakes and their product is surer than either.
`features` is the one path from strokes to the net's input, for training (digits/train/trajectory.py)
and reading alike. A missing or damaged model leaves the image network reading alone.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digits.console import say
from digits.read.modelfile import ASSETS, ModelFileError, load_checked

POINTS = 64  # points per digit: a 4-stroke digit keeps ~16 a stroke, and a 2-stroke 1 needs few
CHANNELS = 5  # x, y, dx, dy, pen lifted before this point
SHIPPED_TRAJECTORY = ASSETS / "trajectory.keras"


def features(strokes: list, points: int = POINTS) -> np.ndarray:
    """A digit's strokes (each (n, 2+) x, y down, in pen order) as a (points, CHANNELS) float32 array.

    The digit is centred on its box and scaled by its longer side (a 1 stays thin); the pen-down path is
    resampled at equal steps, each stroke getting points for its length (at least one); dx, dy lead to
    the next point, and the pen-up flag marks each stroke's first point after the first.
    """
    arrays = [np.asarray(s, np.float64)[:, :2] for s in strokes if len(s)]
    if not arrays:
        return np.zeros((points, CHANNELS), np.float32)
    arrays = arrays[:points]  # more strokes than points: the first ones carry the digit
    pts = np.concatenate(arrays)
    lo, hi = pts.min(0), pts.max(0)
    scale = max(float((hi - lo).max()), 1e-6)
    arrays = [(a - (lo + hi) / 2) / scale for a in arrays]
    lengths = np.array([float(np.linalg.norm(np.diff(a, axis=0), axis=1).sum()) for a in arrays])
    share = lengths / lengths.sum() if lengths.sum() > 0 else np.full(len(arrays), 1 / len(arrays))
    # Largest remainder, one point each first: the counts always sum to `points`.
    counts = np.ones(len(arrays), int)
    spare = points - len(arrays)
    want = share * spare
    counts += np.floor(want).astype(int)
    rest = points - int(counts.sum())
    counts[np.argsort(-(want - np.floor(want)), kind="stable")[:rest]] += 1
    out, lifted = [], []
    for k, (a, n) in enumerate(zip(arrays, counts, strict=True)):
        out.append(_resample(a, int(n)))
        lifted += [float(k > 0)] + [0.0] * (int(n) - 1)
    xy = np.concatenate(out)
    step = np.vstack([np.diff(xy, axis=0), np.zeros((1, 2))])
    return np.column_stack([xy, step, lifted]).astype(np.float32)


def _resample(a: np.ndarray, n: int) -> np.ndarray:
    """n points at equal steps along a stroke's path (a tap: its one point, n times)."""
    seg = np.linalg.norm(np.diff(a, axis=0), axis=1)
    along = np.concatenate([[0.0], np.cumsum(seg)])
    if along[-1] <= 0:
        return np.repeat(a[:1], n, axis=0)
    at = np.linspace(0.0, along[-1], n) if n > 1 else np.array([along[-1] / 2])
    return np.column_stack([np.interp(at, along, a[:, 0]), np.interp(at, along, a[:, 1])])


@dataclass(frozen=True)
class Blend:
    """How the two readers' probabilities are put together: p_image^(1-w) * p_pen^w, renormalised."""

    weight: float = 0.5  # chosen on the training writers' validation writers (docs/reading.md)
    floor: float = 1e-4  # no probability below this before the product: one reader cannot veto alone


DEFAULT_BLEND = Blend()


def blend(image: np.ndarray, pen: np.ndarray, how: Blend | None = None) -> np.ndarray:
    """Image and pen probabilities (…, 10) as one (a weighted geometric mean, renormalised)."""
    how = how or DEFAULT_BLEND
    image, pen = np.asarray(image, np.float32), np.asarray(pen, np.float32)
    logp = (1 - how.weight) * np.log(np.maximum(image, how.floor)) + how.weight * np.log(
        np.maximum(pen, how.floor)
    )
    p = np.exp(logp - logp.max(-1, keepdims=True))
    return (p / p.sum(-1, keepdims=True)).astype(np.float32)


class TrajectoryReader:
    """The trajectory net with a compiled forward pass: probabilities for stacks of digits' strokes."""

    def __init__(self, model, name: str = "trajectory"):
        import tensorflow as tf  # deferred: heavy

        self.model = model
        self.name = name
        fast = unrolled(model)
        self._forward = tf.function(
            lambda x: fast(x, training=False),
            reduce_retracing=True,
            input_signature=[tf.TensorSpec([None, POINTS, CHANNELS], tf.float32)],
        )

    def with_forward(self, forward) -> TrajectoryReader:
        """This reader with its forward passes sent through `forward` (e.g. a batcher of reads)."""
        twin = copy.copy(self)  # the same net and features: one reading path
        twin._forward = forward
        return twin

    def outputs(self, x: np.ndarray) -> np.ndarray:
        """The net's probabilities (N, 10) for a stack of `features` (N, POINTS, CHANNELS)."""
        return np.asarray(self._forward(np.asarray(x, np.float32).reshape(-1, POINTS, CHANNELS)))

    def probabilities(self, digits: list[list]) -> np.ndarray:
        """Which-digit probabilities (N, 10) for N digits, each its strokes in pen order."""
        if not digits:
            return np.zeros((0, 10), np.float32)
        return self.outputs(np.stack([features(d) for d in digits]))


def unrolled(model):
    """`model` with its recurrent layers unrolled (POINTS / 4 = 16 steps), the same weights; else itself.

    The same outputs (equal bit for bit on the held-out pen digits), in 1.6 ms of CPU for one digit
    instead of 2.2-3.9: TensorFlow's while loop costs ~0.1 ms a step on this machine.
    """
    config = model.get_config()
    found = _unroll(config)
    if not found:
        return model
    try:
        fast = type(model).from_config(config)
        fast.set_weights(model.get_weights())
    except (TypeError, ValueError, KeyError):  # a net Keras cannot rebuild from its config: as it is
        return model
    return fast


def _unroll(config) -> int:
    """Sets `unroll` on every recurrent layer in a Keras config (nested dicts); how many it set."""
    found = 0
    if isinstance(config, dict):
        if config.get("unroll") is False:
            config["unroll"] = True
            found += 1
        found += sum(_unroll(v) for v in config.values())
    elif isinstance(config, list):
        found += sum(_unroll(v) for v in config)
    return found


def load(path: str | Path | None = None) -> TrajectoryReader | None:
    """The trajectory reader at `path` (default: the shipped one); None, said in one line, if unusable."""
    path = Path(path) if path is not None else SHIPPED_TRAJECTORY
    try:
        model = load_checked(path)
        shapes = tuple(getattr(model, "input_shape", ())[1:]), tuple(getattr(model, "output_shape", ())[1:])
        if shapes != ((POINTS, CHANNELS), (10,)):
            raise ModelFileError(f"Model file {path.name} is not a {POINTS}-point trajectory reader.")
    except ModelFileError as exc:
        say(f"{exc} Reading strokes with the image network alone.")
        return None
    return TrajectoryReader(model, path.stem)
