"""The Train tab's live view against bare train(), and the Draw tab's answer time while a training runs.

Training side: the same config trained by the library's bare train() and through the tab's generator
(curves, progress, results): epoch time, time to the first curve point, points per epoch.
Drawing side: default_recognizer().read(canvas), what the Draw tab's handler does, timed in a loop
in another thread, idle and while the tab trains.

Run: python benchmarks/live_training.py [--epochs 3] [--images 60000] [--repeats 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)

from digits.read.modelfile import SHIPPED_MODEL
from digits.train.data import mnist
from digits.train.fit import TrainConfig, train


def bare(config: TrainConfig) -> dict:
    """The library's train() alone: wall and CPU seconds per epoch."""
    cpu = time.process_time()
    result = train(config, data=mnist(), validation=0)
    cpu = time.process_time() - cpu
    return {"epoch": result.seconds / result.epochs_done, "cpu": cpu / result.epochs_done}


def through_tab(config: TrainConfig) -> dict:
    """Drive the Train tab's generator as Gradio would; time what the class would see."""
    import gradio as gr

    from digits.ui.common import Session
    from digits.ui.train import train_model

    state, first_curve, first_line, yields, cpu = {}, None, None, 0, None
    start, cpu_start = time.perf_counter(), time.process_time()
    for out in train_model(
        config.model,
        config.optimizer,
        config.learning_rate,
        config.epochs,
        config.batch_size,
        config.subset,
        config.augment,
        Session(),
        state,
    ):
        yields += 1
        rows = len(out[1].value["data"]) if isinstance(out[1], gr.LinePlot) and out[1].value else 0
        if first_curve is None and rows:
            first_curve = time.perf_counter() - start
        if first_line is None and rows >= 4:  # two points per curve: a line the class can see
            first_line = time.perf_counter() - start
        if cpu is None and str(out[0]).startswith("🔎"):  # training over, the test set next
            cpu = time.process_time() - cpu_start
    wall = time.perf_counter() - start
    run = state["run"]
    trained = [p for p in run.progress.points if p["step"] > 0]
    return {
        "epoch": run.result.seconds / run.result.epochs_done,
        "cpu": cpu / run.result.epochs_done,
        "first_curve": first_curve,
        "first_line": first_line,
        "points_per_epoch": len(trained) / run.progress.epochs_trained,
        "yields_per_second": yields / wall,
        "wall": wall,
        "test_accuracy": run.evaluation().accuracy,
    }


def canvases(n: int) -> list[np.ndarray]:
    from digits.train.sketch import mnist_canvas, random_style

    rng = np.random.default_rng(0)
    x = mnist().x_test
    return [mnist_canvas(x[i, ..., 0], random_style(rng)) for i in range(n)]


def read_times(pictures, stop: threading.Event | None = None, gap: float = 0.0) -> list[float]:
    """Milliseconds per read, over the pictures (again and again until `stop`, if given)."""
    from digits.read.recognizer import default_recognizer

    times = []
    while True:
        for c in pictures:
            t = time.perf_counter()
            default_recognizer().read(c)
            times.append((time.perf_counter() - t) * 1000)
            if stop is not None and stop.is_set():
                return times
            time.sleep(gap)
        if stop is None:
            return times


def describe_ms(times: list[float]) -> str:
    return f"median {statistics.median(times):.1f} ms (p90 {np.percentile(times, 90):.1f} ms, n={len(times)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="report")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--images", type=int, default=60_000)
    ap.add_argument("--repeats", type=int, default=3, help="runs of each kind; the best epoch time counts")
    ap.add_argument("--draws", type=int, default=60, help="canvases read in the Draw loop")
    ap.add_argument("--gap", type=float, default=0.05, help="seconds between two reads (children pause)")
    args = ap.parse_args()

    config = TrainConfig(args.model, epochs=args.epochs, subset=args.images).resolved()
    print(
        f"config: {config.model}, {config.optimizer} {config.learning_rate}, batch {config.batch_size}, "
        f"{args.images:,} images, {config.epochs} epochs; {os.cpu_count()} CPUs"
    )
    t = time.perf_counter()
    mnist()
    print(f"MNIST load (once per process, before the first Train): {time.perf_counter() - t:.2f} s")
    train(TrainConfig(args.model, epochs=1, subset=1000), data=mnist(), validation=0)  # warm TensorFlow up

    bares, tabbed = [], []
    for _ in range(args.repeats):  # interleaved, so a busy spell of the machine hits both
        bares.append(bare(config))
        tabbed.append(through_tab(config))
    b = {k: min(r[k] for r in bares) for k in ("epoch", "cpu")}
    t = {k: min(r[k] for r in tabbed) for k in ("epoch", "cpu")}
    best = min(tabbed, key=lambda r: r["epoch"])

    def runs(rs):
        return ", ".join(f"{r['epoch']:.2f}" for r in rs)

    print(f"bare train():    epoch {b['epoch']:.2f} s wall, {b['cpu']:.2f} s CPU (best of: {runs(bares)})")
    print(f"through the tab: epoch {t['epoch']:.2f} s wall, {t['cpu']:.2f} s CPU (best of: {runs(tabbed)})")
    wall, cpu = t["epoch"] / b["epoch"] - 1, t["cpu"] / b["cpu"] - 1
    print(f"  -> the live view costs {wall:+.1%} wall, {cpu:+.1%} CPU")
    print(
        f"  first curve point {best['first_curve']:.2f} s after Train (the untrained network), "
        f"first line (two points) {best['first_line']:.2f} s"
    )
    print(
        f"  {best['points_per_epoch']:.1f} curve points per epoch, {best['yields_per_second']:.1f} "
        f"updates/s, {best['wall']:.1f} s from Train to results, test accuracy {best['test_accuracy']:.2%}"
    )

    if not SHIPPED_MODEL.is_file():
        print(f"Draw side skipped: {SHIPPED_MODEL} does not exist yet (train it first).")
        return
    pictures = canvases(args.draws)
    read_times(pictures[:5])  # load the recognizer, compile its forward pass
    idle = read_times(pictures, gap=args.gap)
    stop = threading.Event()
    busy: list[float] = []
    reader = threading.Thread(target=lambda: busy.extend(read_times(pictures, stop, args.gap)), daemon=True)
    reader.start()
    during = through_tab(config)
    stop.set()
    reader.join()
    print(f"Draw answer, idle:           {describe_ms(idle)}")
    print(
        f"Draw answer, while training: {describe_ms(busy)}"
        f"  -> {statistics.median(busy) / statistics.median(idle):.1f}x the idle median"
    )
    print(
        f"  the training meanwhile: epoch {during['epoch']:.2f} s ({during['epoch'] / b['epoch'] - 1:+.1%} "
        f"against bare), first curve point {during['first_curve']:.2f} s"
    )
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
