"""Samples per second of our train() against a bare model.fit of the same network on the same data.

Our plumbing (the progress, stop and live-curve callbacks, and the cache save) should cost at most
10%. Run from the repository root: .venv/bin/python benchmarks/train_speed.py [--epochs 1] [--repeats 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from digits import models  # noqa: E402
from digits.cache import save_model  # noqa: E402
from digits.callbacks import make_live_callback, make_progress_callback, make_stop_callback  # noqa: E402
from digits.data import load_mnist  # noqa: E402
from digits.train import TrainConfig, compile_model, train  # noqa: E402

MODEL = models.REPORT_MODEL
LIVE_EVERY = 50  # batches between live-curve points: about ten per epoch, as a smooth curve needs
LIVE_SAMPLE = 500  # validation images behind each live point


def bare(data, epochs: int) -> float:
    """Images per second of model.fit alone: build, compile, fit, nothing else."""
    import keras

    cfg = TrainConfig(MODEL, epochs=epochs).resolved()
    keras.utils.set_random_seed(0)
    y = keras.utils.to_categorical(data.y_train, 10)
    start = time.perf_counter()
    model = compile_model(models.build(MODEL), cfg, steps_per_epoch=-(-len(y) // 128))
    model.fit(data.x_train, y, batch_size=128, epochs=epochs, verbose=0)
    return len(y) * epochs / (time.perf_counter() - start)


def ours(data, epochs: int, folder: Path, validation: int | None = 0) -> float:
    """Images per second of train() with every callback the app attaches, plus the cache save."""
    points = []
    callbacks = [
        make_progress_callback(write=lambda *args, **kwargs: None),
        make_stop_callback(threading.Event()),
        make_live_callback(
            points.append, data.x_test[:LIVE_SAMPLE], data.y_test[:LIVE_SAMPLE].astype(int), every=LIVE_EVERY
        ),
    ]
    start = time.perf_counter()
    result = train(TrainConfig(MODEL, epochs=epochs), data, callbacks=callbacks, validation=validation)
    save_model(result.model, folder / "speed.keras", {"history": result.history})
    assert points, "the live callback never fired"
    return len(data.x_train) * epochs / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=2, help="alternating runs of each; the best counts")
    parser.add_argument("--data", help="a local mnist.npz (default: $DIGITS_MNIST, else Keras' download)")
    args = parser.parse_args()
    data = load_mnist(args.data)
    print(
        f"{MODEL} on {len(data.x_train):,} images, {args.epochs} epoch(s) per run, {args.repeats} runs each"
    )
    bare(data.subset(5000), 1)  # warm-up: thread pools, kernels, first tracing
    speeds = {"bare": [], "ours": []}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeats):
            speeds["bare"].append(bare(data, args.epochs))
            speeds["ours"].append(ours(data, args.epochs, Path(folder)))
            print(f"  bare {speeds['bare'][-1]:,.0f}/s   ours {speeds['ours'][-1]:,.0f}/s", flush=True)
        with_val = ours(data, args.epochs, Path(folder), validation=None)
    best_bare, best_ours = max(speeds["bare"]), max(speeds["ours"])
    print(f"bare model.fit:                   {best_bare:8,.0f} images/s")
    print(f"our train() + callbacks + save:   {best_ours:8,.0f} images/s")
    ratio = best_ours / best_bare
    print(f"ratio ours / bare:                {ratio:8.3f}  (our plumbing costs {1 - ratio:.1%})")
    print(
        f"with the per-epoch test-set validation the app shows: {with_val:,.0f} images/s "
        f"({with_val / best_bare:.3f} of bare)"
    )


if __name__ == "__main__":
    main()
