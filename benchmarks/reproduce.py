"""Train the report's CNN (5 epochs) and notebook A case 1 (10 epochs) as documented; compare test accuracy.

Run from the repository root: .venv/bin/python benchmarks/reproduce.py [--only report|a1] [--seed 0]
Each trained model is saved to the cache, where `python -m digits evaluate --model NAME` finds it.
Exit status 1 if a run lands more than 0.3 points from its document's figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import paths  # noqa: F401  (project path and local data, before any digits import)

from digits import models
from digits.callbacks import make_progress_callback
from digits.data import load_mnist
from digits.evaluate import evaluate
from digits.modelfile import cache_path, run_meta, save_model
from digits.train import TrainConfig, train

RUNS = ("report", "a1")
TOLERANCE = 0.003  # 0.3 percentage points


def reproduce(name: str, data, seed: int) -> bool:
    arch = models.get(name)
    config = TrainConfig(name, seed=seed)
    cfg = config.resolved()
    print(
        f"{name} ({arch.source}): {cfg.optimizer} {cfg.learning_rate}, batch {cfg.batch_size}, "
        f"{cfg.epochs} epochs, seed {seed}",
        flush=True,
    )
    start = time.perf_counter()
    result = train(config, data, callbacks=[make_progress_callback()])
    ev = evaluate(result.model, data.x_test, data.y_test)
    wall = time.perf_counter() - start
    reported = arch.reported["test_accuracy"]
    within = abs(ev.accuracy - reported) <= TOLERANCE
    loss = f" (documented {arch.reported['test_loss']})" if "test_loss" in arch.reported else ""
    print(
        f"{name}: test accuracy {ev.accuracy:.2%} vs documented {reported:.2%} "
        f"({(ev.accuracy - reported) * 100:+.2f} points: {'within' if within else 'OUTSIDE'} 0.3); "
        f"test loss {ev.loss:.4f}{loss}"
    )
    print(
        f"{name}: wall time {wall:.0f} s ({wall / 60:.1f} min; {result.seconds:.0f} s in fit, "
        f"{result.samples_per_second:,.0f} images/s) on {os.cpu_count()} CPU cores",
        flush=True,
    )
    print(f"{name}: saved to {save_model(result.model, cache_path(config), run_meta(result, ev))}")
    return within


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=RUNS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", help="a local mnist.npz (default: $DIGITS_MNIST, else Keras' download)")
    args = parser.parse_args()
    data = load_mnist(args.data)
    results = [reproduce(name, data, args.seed) for name in ([args.only] if args.only else RUNS)]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
