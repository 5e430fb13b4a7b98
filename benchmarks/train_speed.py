"""Samples per second of our train() against a bare model.fit of the same network on the same data.

Our plumbing (the progress, stop and live-curve callbacks, and the cache save) should cost at most
10%. Both speeds are given per second of wall time and per CPU second of this process: on a busy machine
the wall-time figures swing with the other jobs, while the CPU-time ones still compare the work done.
Run from the repository root: .venv/bin/python benchmarks/train_speed.py [--epochs 2] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

import paths  # noqa: F401  (project path and local data, before any digits import)

from digits.read.modelfile import save_model
from digits.train import models
from digits.train.callbacks import make_live_callback, make_progress_callback, make_stop_callback
from digits.train.data import load_mnist
from digits.train.fit import TrainConfig, compile_model, train

MODEL = models.REPORT_MODEL
LIVE_EVERY = 50  # batches between live-curve points: about ten per epoch, as a smooth curve needs
LIVE_SAMPLE = 500  # validation images behind each live point


class Clock:
    """Wall and CPU seconds of a block of work."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def rates(self, images: int) -> tuple[float, float]:
        return images / self.wall, images / self.cpu


def bare(data, epochs: int) -> tuple[float, float]:
    """Images per second of model.fit alone: build, compile, fit, nothing else."""
    import keras

    cfg = TrainConfig(MODEL, epochs=epochs).resolved()
    keras.utils.set_random_seed(0)
    y = keras.utils.to_categorical(data.y_train, 10)
    with Clock() as clock:
        model = compile_model(models.build(MODEL), cfg, steps_per_epoch=-(-len(y) // 128))
        model.fit(data.x_train, y, batch_size=128, epochs=epochs, verbose=0)
    return clock.rates(len(y) * epochs)


def ours(data, epochs: int, folder: Path, validation: int | None = 0) -> tuple[float, float]:
    """Images per second of train() with every callback the app attaches, plus the cache save."""
    points = []
    callbacks = [
        make_progress_callback(write=lambda *args, **kwargs: None),
        make_stop_callback(threading.Event()),
        make_live_callback(
            points.append, data.x_test[:LIVE_SAMPLE], data.y_test[:LIVE_SAMPLE].astype(int), every=LIVE_EVERY
        ),
    ]
    with Clock() as clock:
        result = train(TrainConfig(MODEL, epochs=epochs), data, callbacks=callbacks, validation=validation)
        save_model(result.model, folder / "speed.keras", {"history": result.history})
    assert points, "the live callback never fired"
    return clock.rates(len(data.x_train) * epochs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="alternating runs of each; the best counts")
    parser.add_argument("--data", help="a local mnist.npz (default: $DIGITS_MNIST, else Keras' download)")
    args = parser.parse_args()
    data = load_mnist(args.data)
    print(
        f"{MODEL} on {len(data.x_train):,} images, {args.epochs} epoch(s) per run, {args.repeats} runs each"
    )
    bare(data.subset(5000), 1)  # warm-up: thread pools, kernels, first tracing
    speeds = {"bare": [], "ours": []}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeats):  # alternating, so a burst of load elsewhere hits both
            speeds["bare"].append(bare(data, args.epochs))
            speeds["ours"].append(ours(data, args.epochs, Path(folder)))
            (bw, bc), (ow, oc) = speeds["bare"][-1], speeds["ours"][-1]
            print(f"  bare {bw:,.0f}/s ({bc:,.0f}/CPU s)   ours {ow:,.0f}/s ({oc:,.0f}/CPU s)", flush=True)
        with_val = ours(data, args.epochs, Path(folder), validation=None)
    for i, unit in enumerate(("second of wall time", "CPU second")):
        for pick in (max, statistics.median):
            b, o = pick(r[i] for r in speeds["bare"]), pick(r[i] for r in speeds["ours"])
            print(
                f"images per {unit}, {pick.__name__} of {args.repeats}: bare model.fit {b:,.0f}, "
                f"ours (train + callbacks + save) {o:,.0f}; ratio {o / b:.3f}"
            )
    print(
        f"with the per-epoch test-set validation train() does by default: {with_val[0]:,.0f} images/s, "
        f"{with_val[1]:,.0f} per CPU second"
    )


if __name__ == "__main__":
    main()
