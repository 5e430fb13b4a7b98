"""Train each documented network as its document says, resumably, and record what it reaches.

Run from the repository root:
  .venv/bin/python benchmarks/reproduce.py --all          # all eleven, in the background for hours
  .venv/bin/python benchmarks/reproduce.py --only c2      # one network
  .venv/bin/python benchmarks/reproduce.py --table        # the README table from the results file
  .venv/bin/python benchmarks/reproduce.py --only a2 --check-keras2   # a miss's explanation, measured
Each network's test accuracy, loss, epochs, wall time and per-epoch curve go to the results file
(default assets/reproduced.json), written after every epoch with a checkpoint in the cache: a killed
run resumes from its last finished epoch, and finished networks are skipped. A network still training
after --max-minutes stops there and is labelled partial, never a reproduction.
Exit status 1 if a full run lands more than 0.3 points from its document's figure.
"""

from __future__ import annotations

import argparse
import sys

import paths  # noqa: F401  (project path and local data, before any digits import)
import reproduction

from digits.train import reproduced
from digits.train.callbacks import make_progress_callback
from digits.train.data import load_mnist


def report(entry: dict) -> str:
    doc = entry.get("document_accuracy")
    versus = f" vs documented {doc:.2%} ({(entry['test_accuracy'] - doc) * 100:+.2f} points)" if doc else ""
    return (
        f"{entry['name']}: {entry['status']}, test accuracy {entry['test_accuracy']:.2%}{versus}, "
        f"test loss {entry['test_loss']:.4f}, {entry['epochs_done']} of {entry['epochs']} epochs, "
        f"{entry['wall_seconds'] / 60:.1f} min on {entry['cpus']} CPU cores"
        + (f". Why: {entry['why']}" if entry.get("why") else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every documented network")
    which.add_argument("--only", choices=reproduced.NETWORKS, help="one network")
    which.add_argument("--table", action="store_true", help="print the README table and exit")
    parser.add_argument(
        "--max-minutes", type=float, default=60, help="wall-time cap per network (default 60)"
    )
    parser.add_argument("--results", default=str(reproduced.RESULTS), help="the results file")
    parser.add_argument(
        "--subset", type=int, help="train on this many images: a smoke test, not a reproduction"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--check-keras2",
        action="store_true",
        help="with --only: train it with standalone Keras 2's optimizer defaults too and note the "
        "result beside its entry (to test the explanation of a miss)",
    )
    parser.add_argument("--data", help="a local mnist.npz (default: $DIGITS_MNIST, else Keras' download)")
    args = parser.parse_args()
    if args.table:
        print(reproduced.table(args.results))
        return
    if args.check_keras2 and not args.only:
        parser.error("--check-keras2 needs --only NETWORK")
    data = load_mnist(args.data)
    if args.check_keras2:
        try:
            entry = reproduction.check_keras2(
                args.only, data, args.results, args.seed, [make_progress_callback()]
            )
        except ValueError as exc:  # its optimizer's defaults did not change
            parser.error(str(exc))
        print(f"{args.only}: {reproduced.checked(entry)}")
        return
    missed = []
    for name in reproduced.NETWORKS if args.all else [args.only]:
        entry = reproduction.reproduce(
            name,
            data,
            args.results,
            args.max_minutes * 60,
            args.subset,
            args.seed,
            [make_progress_callback()],
        )
        print(report(entry), flush=True)
        missed += [name] if entry["status"] == "missed" else []
    print(f"Results in {args.results}" + (f"; outside 0.3 points: {', '.join(missed)}" if missed else ""))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
