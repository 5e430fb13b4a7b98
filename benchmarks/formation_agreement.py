"""How often real writers form each digit as the chosen convention teaches: a check of the detector.

Every pen digit of the dev set (adults on tablets, not children, and no one taught them this
convention) is judged in free mode against the default convention. The table says, per digit, how
many could be judged (shape near enough to a model), and of those how many started at the model's
start, went the model's way along every stroke, in its order, with its number of strokes. Run:
  python benchmarks/formation_agreement.py [--data PATH] [--n 0 (all)]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import PEN

from digits.lesson.formation import Convention
from digits.lesson.formation_check import free
from digits.train.data import load_pen_digits

CHECKS = ("start", "direction", "order", "strokes")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=str(PEN))
    ap.add_argument("--n", type=int, default=0, help="digits per class (0: all)")
    args = ap.parse_args()
    pen = load_pen_digits(args.data)
    rng = np.random.default_rng(0)
    convention = Convention()
    print(f"formation agreement: {len(pen)} pen digits, {len(set(pen.writers))} writers, {convention}")
    header = ("digit", "digits", "judged", *CHECKS, "all four", "mirrored", "main slip")
    print("| " + " | ".join(header) + " |\n" + "|---" * len(header) + "|")
    t0, everyone, judged_all = time.perf_counter(), 0, []
    for digit in range(10):
        idx = np.flatnonzero(pen.labels == digit)
        if args.n:
            idx = rng.choice(idx, min(args.n, len(idx)), replace=False)
        results = [free({"width": 1, "height": 1, "strokes": pen.strokes[i]}, digit, convention) for i in idx]
        judged = [r for r in results if r.issue != "unclear"]
        slips = [r.issue for r in judged if r.slip]
        main = max(set(slips), key=slips.count) if slips else "-"
        print(f"| {digit} | {len(idx)} | {100 * len(judged) / len(idx):.0f}% | {_rates(judged)} | {main} |")
        everyone += len(idx)
        judged_all += judged
    print(f"| all | {everyone} | {100 * len(judged_all) / everyone:.0f}% | {_rates(judged_all)} | |")
    seconds = time.perf_counter() - t0
    print(f"{seconds:.1f} s, {1000 * seconds / everyone:.1f} ms per digit")


def _rates(judged: list) -> str:
    """The share of judged digits passing each check, all four, and taken for mirrored, as table cells."""
    rates = [np.mean([getattr(r, f"{c}_ok") for r in judged]) for c in CHECKS]
    rates.append(np.mean([all(getattr(r, f"{c}_ok") for c in CHECKS) for r in judged]))
    rates.append(np.mean([r.issue == "mirror" for r in judged]))
    return " | ".join(f"{100 * r:.0f}%" for r in rates)


if __name__ == "__main__":
    main()
