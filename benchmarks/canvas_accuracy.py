"""MNIST test digits drawn onto sketchpad-like canvases, read through the full path vs a naive resize.

Run: python benchmarks/canvas_accuracy.py [--n 3000] [--numbers 600] [--model PATH]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)

from digits.read.recognizer import Recognizer
from digits.train.data import load_mnist
from digits.train.sketch import fit_number, mnist_canvas, naive_28, number_canvas, place_digit, random_style


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=3000, help="single-digit canvases")
    ap.add_argument("--numbers", type=int, default=600, help="multi-digit canvases (2-4 digits)")
    ap.add_argument("--model", default=None, help="a .keras file (default: the shipped recognizer)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    data = load_mnist()
    rec = Recognizer.load(args.model)
    from digits.read.preprocess import preprocess
    from digits.train.evaluate import evaluate

    plain = evaluate(rec.model, data.x_test, data.y_test)
    framed = np.stack([preprocess(im[..., 0]) for im in data.x_test])
    through = float(np.mean(rec.probabilities(framed).argmax(1) == data.y_test))
    print(
        f"MNIST test set (10,000), model {rec.name}: as given {plain.accuracy:.4f} (loss {plain.loss:.4f}), "
        f"through the app's preprocessing {through:.4f}"
    )
    rng = np.random.default_rng(args.seed)
    x, y = data.x_test[..., 0], data.y_test
    idx = rng.choice(len(x), args.n, replace=False)

    ours, naive, by_paper = [], [], {}
    start = time.perf_counter()
    for i in idx:
        style = random_style(rng)
        canvas = mnist_canvas(x[i], style)
        ok = rec.read(canvas).digit == y[i]
        ours.append(ok)
        naive.append(int(rec.probabilities(naive_28(canvas)[None]).argmax()) == y[i])
        by_paper.setdefault(style.paper, []).append(ok)
    seconds = time.perf_counter() - start

    whole, digit_hits = [], []
    for _ in range(args.numbers):
        k = int(rng.integers(2, 5))
        picks = rng.choice(len(x), k, replace=False)
        style = fit_number(random_style(rng), k)
        draws = [lambda st, off, d=x[j]: place_digit(d, st, off) for j in picks]
        got = rec.read_number(number_canvas(draws, style, rng)).number
        truth = "".join(str(y[j]) for j in picks)
        whole.append(got == truth)
        digit_hits.append(sum(a == b for a, b in zip(got or "", truth, strict=False)) / k)

    print(f"canvas accuracy ({args.n} MNIST test digits on random sketchpad canvases, model {rec.name})")
    print(f"  full path (MNIST framing): {np.mean(ours):.4f}")
    print(f"  naive whole-canvas resize: {np.mean(naive):.4f}")
    for paper, hits in sorted(by_paper.items()):
        print(f"    {paper:<12} {np.mean(hits):.4f}  ({len(hits)} canvases)")
    print(
        f"  multi-digit numbers ({args.numbers}, 2-4 digits): whole-number {np.mean(whole):.4f}, "
        f"per digit {np.mean(digit_hits):.4f}"
    )
    print(f"  {seconds / args.n * 1000:.1f} ms per canvas (render + both readings)")


if __name__ == "__main__":
    main()
