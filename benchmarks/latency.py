"""An 800x800 RGBA canvas to probabilities, in process: our path vs the report's model.predict.

Run: python benchmarks/latency.py [--n 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import PEN

from digits.data import load_pen_digits
from digits.preprocess import preprocess
from digits.recognizer import Recognizer
from digits.sketch import Style, pen_canvas


def median_ms(fn, canvases) -> float:
    times = []
    for c in canvases:
        t = time.perf_counter()
        fn(c)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


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


if __name__ == "__main__":
    main()
