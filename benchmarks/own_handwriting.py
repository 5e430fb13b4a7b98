"""Teaching a network the class's own handwriting: five held-out pen writers play the class.

Each writer (chosen at random, or --named) gives 20 drawings to teach; their other drawings are
the test. For the shipped model and the report's CNN: accuracy on those other drawings (and per
digit) and on MNIST's test set, before and after fine-tuning, and how long fine-tuning takes.
Targets: MNIST drops by at most 0.5 points; the report CNN fine-tunes in at most 60 s (the time is
printed against 60 s for both). Run:
  python benchmarks/own_handwriting.py [--writers 5] [--teach 20] [--seed 0] [--named WRITER ...]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import PEN

from digits.read.modelfile import SHIPPED_MODEL, load_model
from digits.read.preprocess import frame
from digits.train.cache import load_or_train
from digits.train.classset import ClassSet
from digits.train.data import load_mnist, load_pen_digits, writer_split
from digits.train.finetune import Comparison, FinetuneConfig, accuracy, finetune, predict
from digits.train.fit import TrainConfig
from digits.train.sketch import Style, draw_strokes

MAX_DROP = 0.5  # MNIST test accuracy, points
MAX_SECONDS = 60.0  # fine-tuning the report CNN


def the_class(
    pen, n_writers: int, n_teach: int, seed: int, named=()
) -> tuple[ClassSet, np.ndarray, np.ndarray, list]:
    """Held-out writers' drawings as the app would frame them: a class set to teach, the rest to test.

    `named`: these held-out writers instead of `n_writers` chosen at random.
    """
    rng = np.random.default_rng(seed)
    held = writer_split(pen.writers)
    names, counts = np.unique(pen.writers[held], return_counts=True)
    unknown = sorted(set(named) - set(names))
    if unknown:
        raise SystemExit(f"Not held-out writers: {', '.join(unknown)}")
    writers = sorted(named) or sorted(rng.choice(names[counts >= 2 * n_teach], n_writers, replace=False))
    style = Style(side=280, brush=16.0, height=0.6)
    teach, x_test, y_test = ClassSet(), [], []
    for w in writers:
        for k, i in enumerate(rng.permutation(np.flatnonzero(pen.writers == w))):
            image = frame(draw_strokes(pen.strokes[i], style))
            if image is None:
                continue
            if k < n_teach:
                teach.add(int(pen.labels[i]), image, source="import")
            else:
                x_test.append(image)
                y_test.append(int(pen.labels[i]))
    return teach, np.stack(x_test), np.array(y_test), writers


def per_digit(own: Comparison) -> str:
    """'d: before->after/count' for each digit that was or became misread."""
    parts = []
    for d in range(10):
        mine = own.labels == d
        before, after = int((own.before[mine] == d).sum()), int((own.after[mine] == d).sum())
        if min(before, after) < mine.sum():
            parts.append(f"{d}: {before}->{after}/{mine.sum()}")
    return "  ".join(parts) or "all right"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=str(PEN))
    ap.add_argument("--writers", type=int, default=5)
    ap.add_argument("--teach", type=int, default=20, help="drawings each writer teaches")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--named", nargs="+", default=(), metavar="WRITER", help="these held-out writers")
    args = ap.parse_args()

    mnist = load_mnist()
    teach, x_test, y_test, writers = the_class(
        load_pen_digits(args.data), args.writers, args.teach, args.seed, args.named
    )
    print(
        f"own handwriting: {len(writers)} held-out pen writers ({', '.join(map(str, writers))}); "
        f"{len(teach)} drawings taught, {len(y_test)} of theirs tested; MNIST test {len(mnist.y_test)}"
    )
    config = FinetuneConfig(seed=args.seed)
    print(f"  settings: {config}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    report, _ = load_or_train(TrainConfig("report"), data=mnist)
    for name, model in (("shipped model", load_model(SHIPPED_MODEL)), ("report CNN", report)):
        start = time.perf_counter()
        tuned = finetune(model, teach, mnist, config).model
        seconds = time.perf_counter() - start
        own = Comparison(y_test, predict(model, x_test), predict(tuned, x_test))
        digits = [accuracy(m, mnist.x_test, mnist.y_test) for m in (model, tuned)]
        drop = 100 * (digits[0] - digits[1])
        print(
            f"  {name:13s}  their other drawings {own.before_accuracy:.4f} -> {own.after_accuracy:.4f} "
            f"({len(own.now_right)} now right, {len(own.now_wrong)} now wrong)   "
            f"MNIST test {digits[0]:.4f} -> {digits[1]:.4f} (drop {drop:+.2f} points, "
            f"{'ok' if drop <= MAX_DROP else 'OVER'} <= {MAX_DROP})   "
            f"fine-tuning {seconds:.1f} s ({'ok' if seconds <= MAX_SECONDS else 'OVER'} <= {MAX_SECONDS:g} s)"
        )
        print(f"    per digit, their drawings read right before -> after: {per_digit(own)}")


if __name__ == "__main__":
    main()
