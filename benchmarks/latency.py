"""An 800x800 RGBA canvas to probabilities, in process: our path vs the report's model.predict.

Then a pad's strokes to the JSON answer (read_strokes): one stroke rendering and one batched forward
pass for the whole ink and the number, against the two separate reads it replaced, and against
reading each input one way only (without the mirror view of digits.read.mirror.with_mirror_view), and
without the pen reader (digits.read.trajectory), same run.

Run: python benchmarks/latency.py [--n 200]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time

import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import PEN

from digits.read.preprocess import preprocess
from digits.read.recognizer import Recognizer
from digits.train.data import load_pen_digits
from digits.train.sketch import Style, pen_canvas


def median_ms(fn, canvases) -> float:
    times = []
    for c in canvases:
        t = time.perf_counter()
        fn(c)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def paired_ms(fn_a, fn_b, values) -> tuple[float, float]:
    """Medians of two ways, called in turn on each value: a busy machine slows both alike."""
    a, b = [], []
    for v in values:
        for fn, times in ((fn_a, a), (fn_b, b)):
            t = time.perf_counter()
            fn(v)
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(a), statistics.median(b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    pen = load_pen_digits(PEN)
    canvases = [pen_canvas(pen.strokes[i], Style(side=800, brush=24, height=0.6)) for i in range(args.n)]
    rec = Recognizer.load()
    model = rec.model

    def ours(c):
        return rec.read(c).probabilities

    def report_way(c):  # the report: model.predict on each drawing
        return model.predict(preprocess(c)[None, ..., None], verbose=0)[0]

    def preprocessing_only(c):
        return preprocess(c)

    for fn in (ours, report_way):
        fn(canvases[0])  # warm-up (graph tracing)
    ms_ours = median_ms(ours, canvases)
    ms_report = median_ms(report_way, canvases[: max(args.n // 4, 20)])
    ms_pre = median_ms(preprocessing_only, canvases)
    print(f"latency, 800x800 RGBA canvas -> probabilities, median of {args.n} (in process, serially)")
    print(f"  ours (preprocess + compiled forward pass): {ms_ours:.2f} ms")
    print(f"    of which preprocessing:                 {ms_pre:.2f} ms")
    print(f"  report's way (model.predict per call):     {ms_report:.2f} ms")
    print(f"  speed-up: {ms_report / ms_ours:.1f}x")
    strokes_latency(rec, pen, args.n)


def strokes_latency(rec: Recognizer, pen, n: int) -> None:
    """A pad value to the API's answer: both readings at once vs one read after the other."""
    from digits.read.strokes import mask, pen_value

    digits = [pen_value(pen.strokes[i]) for i in range(n)]
    numbers = []  # four pen digits side by side, as a child writes 2026
    for i in range(0, 4 * n, 4):
        value = {"width": 4 * 560, "height": 560, "strokes": []}
        for k in range(4):
            one = pen_value(pen.strokes[(i + k) % len(pen.strokes)])
            value["strokes"] += [[[x + 560 * k, y, t] for x, y, t in s] for s in one["strokes"]]
        numbers.append(value)

    def both_at_once(v):
        return rec.read_both_strokes(v)

    def one_then_other(v):  # what read_strokes did before: two renderings, two or more forward passes
        return rec.read_strokes(v), rec.read_number_strokes(v)

    print(f"read_strokes answer (whole ink + number), pad value -> readings, median of {n}")
    for label, values in (("one digit", digits), ("a 4-digit number", numbers)):
        for fn in (both_at_once, one_then_other):
            fn(values[0])  # warm-up
        ms_both, ms_two = median_ms(both_at_once, values), median_ms(one_then_other, values)
        ms_live = median_ms(rec.read_number_strokes, values)
        ms_mask = median_ms(mask, values)
        print(f"  {label}: one pass {ms_both:.2f} ms, two reads {ms_two:.2f} ms ({ms_two / ms_both:.2f}x)")
        print(f"    live read (number only): {ms_live:.2f} ms; strokes rendered alone: {ms_mask:.2f} ms")
        rec.mirror_aware = False  # each input read one way only: the cost of the mirror view
        ms_one_way = median_ms(both_at_once, values)
        rec.mirror_aware = True
        print(
            f"    without the mirror view (each input read one way): {ms_one_way:.2f} ms "
            f"(the view costs {ms_both / ms_one_way:.2f}x)"
        )
        alone = copy.copy(rec)
        alone.pen = None  # the image network alone: the cost of the pen reader, calls interleaved
        with_pen, without = paired_ms(rec.read_number_strokes, alone.read_number_strokes, values)
        print(
            f"    live read without the pen reader (assets/trajectory.keras): {without:.2f} ms "
            f"(with it {with_pen:.2f} ms: it adds {with_pen - without:.2f} ms)"
        )


if __name__ == "__main__":
    main()
