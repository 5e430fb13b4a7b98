"""Backwards digits: pen digits of held-out writers, as written and mirrored left-right, read by the reader.

A backwards 2 3 4 5 6 7 9 should be read as "that digit, backwards" (target >= 90%); a digit as
written should almost never be flagged (target <= 0.5%) and be read as well as before (98.17%
on these writers, pen_accuracy.py). 1 is reported on its own line: a plain stroke is its own
mirror image. 0 and 8 are never flagged. Each held-out digit is read twice: drawn on a canvas and
as the stroke pad's strokes. MNIST test digits, as given and flipped, too. Run:
  python benchmarks/mirror_accuracy.py [--model PATH] [--numbers 300] [--mnist 10000]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import PEN

from digits.read.mirror import REVERSIBLE, SYMMETRIC, flipped, symmetry
from digits.read.reading import Reading
from digits.read.recognizer import Recognizer
from digits.train.data import load_pen_digits, writer_split
from digits.train.sketch import draw_strokes, fit_number, number_canvas, pen_canvas, random_style

FLAGGED = tuple(d for d in REVERSIBLE if d != 1)  # the acceptance digits: 2 3 4 5 6 7 9


def mirror_strokes(strokes: list) -> list:
    """Pen strokes mirrored left-right, as a child writing the digit backwards would draw them."""
    return [np.asarray(s) * np.array([-1.0, 1.0]) for s in strokes]


def canvas_reader(rec: Recognizer) -> Callable[[list, np.random.Generator], Reading]:
    """Read pen strokes as a sketchpad canvas of a random style (the Draw tab's path)."""
    return lambda strokes, rng: rec.read(pen_canvas(strokes, random_style(rng)))


def strokes_reader(rec: Recognizer) -> Callable[[list, np.random.Generator], Reading]:
    """Read pen strokes as the stroke pad sends them, through `read_strokes` (the pad's path)."""
    from digits.read.strokes import pen_value

    return lambda strokes, rng: rec.read_strokes(pen_value(strokes))


def counters() -> dict:
    keys = ("n", "right", "flagged", "back_n", "back_named", "back_right", "asym_n", "asym_right")
    return {d: dict.fromkeys(keys, 0) for d in range(10)}


def tally(counts: dict, r: Reading, digit: int, backwards: bool) -> None:
    """Count one reading of `digit`, as written or mirrored."""
    c = counts[int(digit)]
    if not backwards:
        c["n"] += 1
        c["right"] += r.digit == digit
        c["flagged"] += r.mirrored
        return
    right = r.digit == digit and r.mirrored == (digit in REVERSIBLE)
    c["back_n"] += 1
    c["back_named"] += r.digit == digit  # the digit meant, backwards or not
    c["back_right"] += right
    if r.image is not None and symmetry(r.image) < SYMMETRIC:  # not its own mirror image
        c["asym_n"] += 1
        c["asym_right"] += right


def measure(read: Callable[[list, np.random.Generator], Reading], strokes: list, labels, rng) -> dict:
    """Read each digit as written and mirrored through `read`; per-digit counts of what came back."""
    counts = counters()
    for s, d in zip(strokes, labels, strict=True):
        tally(counts, read(s, rng), d, False)
        tally(counts, read(mirror_strokes(s), rng), d, True)
    return counts


def _share(counts: dict, digits, key: str, of: str) -> tuple[float, int]:
    n = sum(counts[d][of] for d in digits)
    return (sum(counts[d][key] for d in digits) / n if n else float("nan")), n


def report(title: str, counts: dict) -> None:
    """The acceptance figures for one set of counts."""
    everyone = range(10)
    acc, n = _share(counts, everyone, "right", "n")
    flags, _ = _share(counts, everyone, "flagged", "n")
    back, nb = _share(counts, FLAGGED, "back_right", "back_n")
    one, n1 = _share(counts, (1,), "back_right", "back_n")
    named, _ = _share(counts, everyone, "back_named", "back_n")
    print(f"  {title}")
    print(f"    as written ({n}): read right {acc:.4f}   flagged backwards {flags:.4f}  (target <= 0.005)")
    print(f"    backwards 2 3 4 5 6 7 9 ({nb}): read as that digit, backwards {back:.4f}  (target >= 0.90)")
    asym, na = _share(counts, (1,), "asym_right", "asym_n")
    print(
        f"    backwards 1 ({n1}): read as 1, backwards {one:.4f}; of the {na} not their own mirror image "
        f"(a flag or a foot): {asym:.4f}"
    )
    for d in (0, 8):
        c = counts[d]
        print(f"    0 and 8 mirrored: {d} read as {d}, not flagged {c['back_right']}/{c['back_n']}")
    print(f"    mirrored, any digit: the digit meant named {named:.4f}")
    print(
        "    per digit, backwards read as that digit backwards: "
        + "  ".join(f"{d}: {counts[d]['back_right'] / max(counts[d]['back_n'], 1):.3f}" for d in REVERSIBLE)
    )
    print(
        "    per digit, as written flagged: "
        + "  ".join(f"{d}: {counts[d]['flagged']}/{counts[d]['n']}" for d in range(10))
    )


def numbers(rec: Recognizer, pen, idx, count: int, rng) -> tuple[float, float]:
    """Numbers of 2-4 digits by one writer, one of 2-7/9 mirrored: (flags right, numbers right)."""
    flags_right, whole = [], []
    for _ in range(count):
        writer = rng.choice(pen.writers[idx])
        mine = idx[pen.writers[idx] == writer]
        k = int(rng.integers(2, 5))
        picks = rng.choice(mine, k, replace=len(mine) < k)
        reversible = [i for i, j in enumerate(picks) if pen.labels[j] in FLAGGED]
        back = int(rng.choice(reversible)) if reversible else -1
        strokes = [
            mirror_strokes(pen.strokes[j]) if i == back else pen.strokes[j] for i, j in enumerate(picks)
        ]
        style = fit_number(random_style(rng), k)
        draws = [lambda st, off, s=s: draw_strokes(s, st, off) for s in strokes]
        got = rec.read_number(number_canvas(draws, style, rng))
        truth = "".join(str(pen.labels[j]) for j in picks)
        whole.append(got.number == truth)
        if got.number == truth:
            flags_right.append([r.mirrored for r in got.digits] == [i == back for i in range(k)])
    return float(np.mean(flags_right)) if flags_right else float("nan"), float(np.mean(whole))


def mnist(rec: Recognizer, limit: int) -> None:
    """MNIST test digits as given and flipped (re-framed), read straight from the 28x28 image."""
    from digits.train.data import load_mnist

    data = load_mnist()
    x, y = data.x_test[:limit, ..., 0], data.y_test[:limit]
    counts = counters()
    for images, backwards in ((x, False), (np.stack([flipped(im) for im in x]), True)):
        for start in range(0, len(y), 1000):
            for r, d in zip(
                rec.read_framed(images[start : start + 1000]), y[start : start + 1000], strict=True
            ):
                tally(counts, r, d, backwards)
    report(f"MNIST test set ({len(y)}), as given and flipped left-right", counts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=str(PEN))
    ap.add_argument("--model", default=None)
    ap.add_argument("--pen", type=int, default=1, help="read the held-out pen digits (0: skip them)")
    ap.add_argument("--numbers", type=int, default=300, help="numbers with one digit backwards")
    ap.add_argument("--mnist", type=int, default=10_000, help="MNIST test digits (0: none)")
    ap.add_argument("--seed", type=int, default=2)
    args = ap.parse_args()

    pen = load_pen_digits(args.data)
    rec = Recognizer.load(args.model)
    rng = np.random.default_rng(args.seed)
    held = np.flatnonzero(writer_split(pen.writers))
    writers = len(set(pen.writers[held]))
    print(f"mirror accuracy: model {rec.name}, {len(held)} pen digits by {writers} held-out writers")
    if args.pen:
        counts = measure(canvas_reader(rec), [pen.strokes[i] for i in held], pen.labels[held], rng)
        report("sketchpad canvases (random size, paper, ink, brush, place)", counts)
        counts = measure(strokes_reader(rec), [pen.strokes[i] for i in held], pen.labels[held], rng)
        report("as strokes, through read_strokes (the stroke pad's path)", counts)
    if args.numbers:
        flags, whole = numbers(rec, pen, held, args.numbers, rng)
        print(
            f"  numbers of 2-4 digits, one of 2-7/9 backwards ({args.numbers}): "
            f"whole number right {whole:.4f}, of those every digit's flag right {flags:.4f}"
        )
    if args.mnist:
        mnist(rec, args.mnist)


if __name__ == "__main__":
    main()
