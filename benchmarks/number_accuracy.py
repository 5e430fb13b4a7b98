"""Numbers as children write them: held-out writers' pen digits as pad strokes and as pictures.

Each number is 2-3 or 2-4 digits by one writer, laid out left to right as a child writes: ordinary
gaps (0.1-0.6 digit heights), tight gaps (0.1), touching digits, a 5's hat or a 7's bar added late
(after the next digit), uneven sizes (a digit a little lower or larger), and all of these at once.
Pauses between strokes are drawn from the same range within a digit and between digits, so the
reader cannot find the digits from the clock alone. Run:
  python benchmarks/number_accuracy.py [--numbers 200] [--writers held|training] [--model PATH]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import PEN

from digits.lesson.games import Question, check
from digits.read.recognizer import Recognizer
from digits.read.strokes import draw
from digits.train.data import load_pen_digits, writer_split
from digits.train.sketch import paint, random_style


@dataclass(frozen=True)
class Layout:
    """How one condition writes its numbers (lengths in digit heights)."""

    gap: tuple[float, float] = (0.1, 0.6)
    size: tuple[float, float] = (1.0, 1.0)  # each digit's height
    drop: tuple[float, float] = (0.0, 0.0)  # each digit moved down by this much
    late: bool = False  # a 5's hat or 7's bar written after the next digit


CONDITIONS = {
    "ordinary gaps 0.1-0.6": Layout(),
    "tight gaps 0.1": Layout(gap=(0.1, 0.1)),
    "touching": Layout(gap=(-0.1, 0.0)),
    "late bar or hat": Layout(gap=(0.1, 0.4), late=True),
    "uneven sizes": Layout(gap=(0.1, 0.4), size=(0.8, 1.25), drop=(-0.05, 0.2)),
    "all at once": Layout(gap=(-0.1, 0.4), size=(0.85, 1.2), drop=(-0.05, 0.2), late=True),
}


def hat(strokes: list) -> int | None:
    """The index of a digit's flat stroke (a 5's hat, a 7's bar) if it has one besides its body."""
    flat = [i for i, s in enumerate(strokes) if np.ptp(s[:, 1]) < 0.5 * np.ptp(s[:, 0])]
    return flat[0] if len(flat) == 1 and len(strokes) == 2 else None


def compose(digits: list, labels: list, layout: Layout, rng: np.random.Generator) -> list:
    """Pen digits (mm strokes, y down) as one number's strokes in digit heights, in pen order."""
    placed, x = [], 0.0
    for strokes in digits:
        pts = np.concatenate(strokes)
        lo, hi = pts.min(0), pts.max(0)
        size = float(rng.uniform(*layout.size))
        scale = size / max(float(hi[1] - lo[1]), 1e-3)
        dy = float(rng.uniform(*layout.drop))
        mine = [(np.asarray(s, np.float64) - lo) * scale + [x, dy] for s in strokes]
        placed.append(mine)
        x += (hi[0] - lo[0]) * scale + float(rng.uniform(*layout.gap))
    order = [list(d) for d in placed]
    if layout.late:  # each 5 or 7 of two strokes but the last: its hat or bar after the next digit
        for i in range(len(order) - 1):
            if labels[i] in (5, 7) and len(order[i]) == 2 and hat(digits[i]) is not None:
                order[i + 1].append(order[i].pop(hat(digits[i])))
    return [s for d in order for s in d]


def pad_value(strokes: list, rng: np.random.Generator) -> dict:
    """Strokes in digit heights as the pad sends them: a digit 25-45% of a random pad, times in ms."""
    width, height = int(rng.choice([600, 800, 1000])), int(rng.choice([300, 400, 560]))
    pts = np.concatenate(strokes)
    lo, hi = pts.min(0), pts.max(0)
    scale = min(float(rng.uniform(0.25, 0.45)) * height, 0.9 * width / max(float(hi[0] - lo[0]), 1e-3))
    offset = np.array([width, height]) / 2 - (lo + hi) / 2 * scale
    out, t = [], 0.0
    for s in strokes:
        xy = s * scale + offset
        times = t + 8.0 * np.arange(len(xy))
        out.append(
            [
                [round(float(a), 1), round(float(b), 1), round(float(c))]
                for (a, b), c in zip(xy, times, strict=True)
            ]
        )
        t = float(times[-1]) + float(rng.uniform(80, 900))  # pen up: the same range within and between
    return {"width": width, "height": height, "strokes": out}


def picture(value: dict, rng: np.random.Generator, paint_it: bool = True) -> np.ndarray | None:
    """The pad value drawn as a sketchpad picture: random paper, ink and brush (4-12% of a digit).

    `paint_it` False draws the same random numbers and no picture, so strokes-only runs read the same numbers.
    """
    style, brush = random_style(rng), float(rng.uniform(0.04, 0.12))
    if not paint_it:
        return None
    strokes = [np.array(s)[:, :2] for s in value["strokes"]]
    pts = np.concatenate(strokes)
    digit = max(float(np.ptp(pts[:, 1])) / 1.2, 1.0)  # a digit's height, about
    mask = draw(strokes, (value["height"], value["width"]), brush * digit)
    return paint(mask.astype(np.float32) / 255, style)


def verdict(number, truth: str) -> str:
    """What a game says to the child who wrote `truth` asked for it: right, confirm, unsure or wrong."""
    said = check(Question("hear", int(truth), "", truth), number.digits, number.other)
    return "right" if said.correct else ("confirm" if said.confirm else "unsure") if said.unsure else "wrong"


def kindness(number, truth: str) -> list[bool]:
    """For each wrong answer one digit off `truth` that a game can ask: whether the game doubts its reading.

    Only for numbers read right: the cost of the benefit of the doubt, a wrong answer not called wrong.
    """
    if number.number != truth:
        return []
    asked = {truth[:i] + d + truth[i + 1 :] for i in range(len(truth)) for d in "0123456789" if d != truth[i]}
    return [verdict(number, a) != "wrong" for a in sorted(asked) if askable(a)]


def askable(number: str) -> bool:
    """A number a game can ask for: 1-3 digits, no leading 0."""
    return len(number) <= 3 and (number[0] != "0" or len(number) == 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=str(PEN))
    ap.add_argument("--numbers", type=int, default=200, help="numbers per condition and length")
    ap.add_argument(
        "--writers",
        choices=("held", "training", "validation"),
        default="held",
        help="validation: the training writers the pen reader is not trained on (for choices)",
    )
    ap.add_argument("--model", default=None)
    ap.add_argument("--pen", default=None, help="the pen reader's file (default: the shipped one)")
    ap.add_argument("--no-pen", action="store_true", help="strokes read by the image network alone")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--singles", type=int, default=1, help="also read every single digit as a number")
    ap.add_argument("--errors", type=int, default=0, help="list this many numbers misread through strokes")
    ap.add_argument("--only", default="", help="only the conditions whose title contains this")
    ap.add_argument("--no-pictures", action="store_true", help="strokes only (quicker, for choices)")
    args = ap.parse_args()

    pen = load_pen_digits(args.data)
    rec = Recognizer.load(args.model, pen=False if args.no_pen else args.pen or True)
    held = writer_split(pen.writers)
    idx = np.flatnonzero(held if args.writers == "held" else ~held)
    if args.writers == "validation":
        from digits.train.trajectory import TrajectoryConfig, split

        idx = split(pen, TrajectoryConfig())[1]
    writers = np.unique(pen.writers[idx])
    hats = [j for j in idx if pen.labels[j] in (5, 7) and hat(pen.strokes[j]) is not None]
    late_ok = set(pen.writers[hats])
    print(
        f"number accuracy: {args.writers} writers ({len(writers)}, {len(idx)} digits), "
        f"model {rec.name}, pen reader {rec.pen.name if rec.pen else None}"
    )
    start = time.perf_counter()
    totals = {"strokes": [], "pictures": []}
    game = {"said": [], "kind": []}
    errors = []
    for title, layout in CONDITIONS.items():
        if args.only not in title:
            continue
        for longest in (3, 4):
            rng = np.random.default_rng([args.seed, longest, len(title)])
            got = {"strokes": [], "pictures": []}
            for _ in range(args.numbers):
                writer = rng.choice(sorted(late_ok) if layout.late else writers)
                mine = idx[pen.writers[idx] == writer]
                k = int(rng.integers(2, longest + 1))
                picks = list(rng.choice(mine, k, replace=len(mine) < k))
                if layout.late:  # one 5 or 7 of two strokes, not last
                    picks[int(rng.integers(0, k - 1))] = rng.choice(
                        [j for j in hats if pen.writers[j] == writer]
                    )
                truth = "".join(str(pen.labels[j]) for j in picks)
                labels = [int(pen.labels[j]) for j in picks]
                strokes = compose([pen.strokes[j] for j in picks], labels, layout, rng)
                value = pad_value(strokes, rng)
                number = rec.read_number_strokes(value)
                read = number.number
                got["strokes"].append(read == truth)
                if askable(truth):
                    game["said"].append(verdict(number, truth))
                    game["kind"] += kindness(number, truth)
                if read != truth:
                    errors.append(f"{title}: {truth} read {read}")
                image = picture(value, rng, not args.no_pictures)
                if image is not None:
                    got["pictures"].append(rec.read_number(image).number == truth)
            for k, v in got.items():
                totals[k] += v
            print(
                f"  {title:<22} 2-{longest} digits ({args.numbers}): whole numbers "
                f"strokes {np.mean(got['strokes']):.4f}   "
                f"pictures {np.mean(got['pictures'] or [np.nan]):.4f}",
                flush=True,
            )
    print(
        f"  every number ({len(totals['strokes'])}): strokes {np.mean(totals['strokes']):.4f}   "
        f"pictures {np.mean(totals['pictures'] or [np.nan]):.4f}"
    )
    said = np.array(game["said"])
    print(
        f"  in a game ({len(said)} numbers a game can ask: 1-3 digits, no leading 0): "
        f"right {np.mean(said == 'right'):.4f}, "
        f"asked to confirm {np.mean(said == 'confirm'):.4f}, not sure {np.mean(said == 'unsure'):.4f}, "
        f"marked wrong {np.mean(said == 'wrong'):.4f} (1 in {1 / max(np.mean(said == 'wrong'), 1e-9):.0f})"
    )
    print(
        f"  a wrong answer (one digit off) given the benefit of the doubt: "
        f"{np.mean(game['kind']):.4f} of {len(game['kind'])}"
    )
    for line in errors[: args.errors]:
        print(f"    {line}")
    if args.singles:
        from digits.read.strokes import pen_value

        rng = np.random.default_rng(args.seed)
        one = [
            rec.read_number_strokes(pen_value(pen.strokes[j], side=560, height=float(rng.uniform(0.2, 0.8))))
            for j in idx
        ]
        right = np.mean([r.number == str(pen.labels[j]) for r, j in zip(one, idx, strict=True)])
        split = np.mean([len(r.digits) != 1 for r in one])
        print(f"  single digits through the number reader ({len(idx)}): right {right:.4f}, split {split:.4f}")
    print(f"  {(time.perf_counter() - start) / max(len(totals['strokes']), 1) * 1000:.0f} ms per number")


if __name__ == "__main__":
    main()
