"""Fitting the flagged-1-or-7 shape model (digits.read.flag_one) on the training writers' pen digits.

Positives: the training writers' 1s, each redrawn with a long flag (augment.long_flag); negatives:
their 7s as written. Only one-stroke digits with a corner count (flag_one.features). The validation
writers (trajectory.split, the pen reader's) are kept aside to choose the rule's thresholds; the
held-out writers are never touched. Prints the weights to paste into digits/read/flag_one.py. Run:
  python -m digits.train.flag_one --data ../shared/data/pen_digits_dev.npz
"""

from __future__ import annotations

import argparse

import numpy as np

from digits.read.flag_one import NAMES, ShapeModel, features
from digits.train.augment import long_flag
from digits.train.data import load_pen_digits
from digits.train.trajectory import TrajectoryConfig, split


def examples(pen, idx: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels (1: a flagged 1, 0: a 7) of the digits at idx."""
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for i in idx:
        label = int(pen.labels[i])
        if label not in (1, 7):
            continue
        x = features(long_flag(pen.strokes[i], rng) if label == 1 else pen.strokes[i])
        if x is not None:
            xs.append(x)
            ys.append(float(label == 1))
    return np.array(xs), np.array(ys)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.01, steps: int = 3000, rate: float = 0.5) -> ShapeModel:
    """Logistic regression by plain gradient descent on standardised features (deterministic)."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= rate * (z.T @ (p - y) / len(y) + l2 * w)
        b -= rate * float((p - y).mean())
    r = lambda v: tuple(round(float(a), 4) for a in v)
    return ShapeModel(r(mean), r(scale), r(w), round(b, 4))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", required=True)
    args = ap.parse_args()
    pen = load_pen_digits(args.data)
    train, val = split(pen, TrajectoryConfig())
    model = fit(*examples(pen, train, seed=1))
    print(model)
    print(dict(zip(NAMES, model.weights, strict=True)))
    for name, idx, seed in (("training", train, 1), ("validation", val, 2)):
        x, y = examples(pen, idx, seed)
        p = np.array([model.probability(v) for v in x])
        for t in (0.5, 0.7, 0.9, 0.95):
            print(
                f"  {name} writers, odds >= {t}: 7s {np.mean(p[y == 0] >= t):.3f} of {int((y == 0).sum())}, "
                f"flagged 1s {np.mean(p[y == 1] >= t):.3f} of {int((y == 1).sum())}"
            )


if __name__ == "__main__":
    main()
