"""Real pen-drawn digits (UNIPEN) read through the full path: as sketchpad canvases and as pad strokes.

The default model trains on the pen digits of 80% of the writers; the other 20% (whole writers)
are never trained on, and are the honest figure. Run:
  python benchmarks/pen_accuracy.py [--n 0 (all)] [--numbers 600] [--model PATH]
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import PEN

from digits.read.recognizer import Recognizer
from digits.read.strokes import number_value, pen_value
from digits.train.data import load_pen_digits, writer_split
from digits.train.sketch import (
    draw_strokes,
    fit_number,
    naive_28,
    number_canvas,
    pen_canvas,
    random_style,
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=str(PEN))
    ap.add_argument("--n", type=int, default=0, help="digits per group (0: all)")
    ap.add_argument("--numbers", type=int, default=600, help="multi-digit numbers from held-out writers")
    ap.add_argument("--model", default=None)
    ap.add_argument("--pen", default=None, help="the pen reader's file (default: the shipped one)")
    ap.add_argument("--no-pen", action="store_true", help="strokes read by the image network alone")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--held-out-only", action="store_true", help="skip the training writers (same canvases)")
    args = ap.parse_args()

    pen = load_pen_digits(args.data)
    rec = Recognizer.load(args.model, pen=False if args.no_pen else args.pen or True)
    rng = np.random.default_rng(args.seed)
    held = writer_split(pen.writers)
    groups = {
        "held-out writers (never trained on)": np.flatnonzero(held),
        "training writers": np.flatnonzero(~held),
    }
    if args.held_out_only:
        groups.pop("training writers")
    print(
        f"pen accuracy: {len(pen)} pen-drawn digits, {len(set(pen.writers))} writers, "
        f"model {rec.name}, pen reader {rec.pen.name if rec.pen else None}"
    )
    for title, idx in groups.items():
        if args.n:
            idx = rng.choice(idx, min(args.n, len(idx)), replace=False)
        ours, strokes, naive, split_wrong, confusions = [], [], [], 0, Counter()
        for i in idx:
            canvas = pen_canvas(pen.strokes[i], random_style(rng))
            r = rec.read(canvas)
            ours.append(r.digit == pen.labels[i])
            # The same digit as the stroke pad sends it, at a random size on a random pad.
            side = int(rng.choice([300, 560, 768, 1000]))
            value = pen_value(pen.strokes[i], side=side, height=float(rng.uniform(0.2, 0.8)))
            strokes.append(rec.read_strokes(value).digit == pen.labels[i])
            if r.digit != pen.labels[i]:
                confusions[(int(pen.labels[i]), r.digit)] += 1
            split_wrong += len(rec.read_number(canvas).digits) != 1
            naive.append(int(rec.probabilities(naive_28(canvas)[None]).argmax()) == pen.labels[i])
        print(f"  {title}: {len(idx)} digits")
        print(
            f"    full path: canvases {np.mean(ours):.4f}   pad strokes {np.mean(strokes):.4f}   "
            f"naive resize: {np.mean(naive):.4f}   "
            f"read as more than one digit: {split_wrong / len(idx):.4f}"
        )
        print(
            "    most confused (truth->read): "
            + ", ".join(f"{a}->{b} x{n}" for (a, b), n in confusions.most_common(6))
        )

    idx = np.flatnonzero(held)
    whole, whole_strokes = [], []
    for _ in range(args.numbers):
        writer = rng.choice(pen.writers[idx])
        mine = idx[pen.writers[idx] == writer]
        k = int(rng.integers(2, 5))
        picks = rng.choice(mine, k, replace=len(mine) < k)
        style = fit_number(random_style(rng), k)
        draws = [lambda st, off, s=pen.strokes[j]: draw_strokes(s, st, off) for j in picks]
        truth = "".join(str(pen.labels[j]) for j in picks)
        whole.append(rec.read_number(number_canvas(draws, style, rng)).number == truth)
        value = number_value([pen.strokes[j] for j in picks], gap=float(rng.uniform(0.15, 0.4)))
        whole_strokes.append(rec.read_number_strokes(value).number == truth)
    print(
        f"  numbers of 2-4 digits by one held-out writer ({args.numbers}): whole-number "
        f"canvases {np.mean(whole):.4f}   pad strokes {np.mean(whole_strokes):.4f}"
    )


if __name__ == "__main__":
    main()
