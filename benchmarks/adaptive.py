"""Adaptive rounds against today's rounds: items until a simulated child has mastered all ten digits.

The model of a child (an assumption, stated so it can be argued with):
- each digit d has a learning curve: P(right on the n-th try at d) = sigmoid(a_d + b_d * n), with a
  starting skill a_d ~ Normal(-0.5, 1.2) (log-odds: some digits known on day one, some not at all)
  and a learning rate b_d ~ Uniform(0.15, 0.5) per try, drawn per child and digit;
- a reverser (40% of children) writes 1 or 2 of the digits 2, 3, 4, 5, 6, 7, 9 backwards with
  probability 0.8 * exp(-n / 8) on the n-th try (backwards: not right), fading with practice;
- every item is one try, whatever the plan says (a traced or shown try counts as one written: the
  model gives *Show me how* no extra power, so adaptive gains only from where it spends the items);
- lessons of 20 items, one a day (20 s apart), mastery by lesson/mastery.py's rule.
The same children (same seeds, so the same curves and the same coin for each try) go through
today's rounds (TeacherSettings.targets: every digit twice per lesson, shuffled by the lesson's
seed) and the adaptive chooser (lesson/adaptive.py, teacher's order 0-9). Printed: items to master
all ten, median and mean, and the ratio adaptive / today's. Run:
  python benchmarks/adaptive.py [--children 200] [--seed 0] [--lesson 20] [--cap 2000]
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
import paths  # noqa: F401  (project path)

from digits.lesson.adaptive import Chooser
from digits.lesson.mastery import LESSON_GAP, Record, digit_state
from digits.lesson.teacher import TeacherSettings

REVERSERS = 0.4
REVERSIBLE = (2, 3, 4, 5, 6, 7, 9)
DAY = 86_400.0


class Child:
    """One simulated child: the curves, the reversals, and a fixed stream of coins per digit."""

    def __init__(self, seed: int):
        rng = np.random.default_rng(seed)
        self.skill = rng.normal(-0.5, 1.2, 10)
        self.rate = rng.uniform(0.15, 0.5, 10)
        self.reverses = set()
        if rng.random() < REVERSERS:
            self.reverses = {int(d) for d in rng.choice(REVERSIBLE, rng.integers(1, 3), replace=False)}
        self.coins = rng.random((10, 4000, 2))  # the n-th try at d uses coins[d, n]: same in both runs
        self.tries = [0] * 10

    def write(self, d: int) -> tuple[bool, bool]:
        """(right, backwards) for the next try at digit d."""
        n = self.tries[d]
        self.tries[d] += 1
        backwards = d in self.reverses and self.coins[d, n, 0] < 0.8 * math.exp(-n / 8)
        right = not backwards and self.coins[d, n, 1] < 1 / (
            1 + math.exp(-(self.skill[d] + self.rate[d] * n))
        )
        return right, backwards


class Progress:
    """The child's record, and which digits are mastered now (one digit's state updated per item)."""

    def __init__(self):
        self.per_digit = {d: [] for d in range(10)}
        self.mastered = set()
        self.last, self.lesson = None, -1

    def add(self, record: Record) -> None:
        if self.last is None or record.at - self.last > LESSON_GAP:
            self.lesson += 1
        self.last = record.at
        tries = self.per_digit[record.digit]
        tries.append((record, self.lesson))
        (self.mastered.add if digit_state(record.digit, tries).mastered else self.mastered.discard)(
            record.digit
        )


def run(seed: int, adaptive: bool, lesson: int, cap: int) -> int:
    """Items until all ten digits are mastered (cap if never)."""
    child, progress, clock = Child(seed), Progress(), [0.0]
    chooser = Chooser(seed=seed, clock=lambda: clock[0]) if adaptive else None
    for item in range(cap):
        if item % lesson == 0:
            clock[0] = (item // lesson) * DAY
            today = TeacherSettings(length=lesson).targets(seed * 1000 + item // lesson)
        clock[0] += 20
        d = chooser.next_target() if chooser else today[item % lesson]
        right, backwards = child.write(d)
        record = Record(clock[0], d, right, backwards)
        progress.add(record)
        if chooser:
            chooser.note(d, right, backwards, record.at)
        if len(progress.mastered) == 10:
            return item + 1
    return cap


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--children", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lesson", type=int, default=20, help="items per lesson (one lesson a day)")
    ap.add_argument("--cap", type=int, default=2000, help="items after which a child counts as not done")
    args = ap.parse_args()
    start = time.perf_counter()
    seeds = range(args.seed, args.seed + args.children)
    today = np.array([run(s, False, args.lesson, args.cap) for s in seeds])
    adaptive = np.array([run(s, True, args.lesson, args.cap) for s in seeds])
    reversers = np.array([bool(Child(s).reverses) for s in seeds])
    print(
        f"adaptive rounds: {args.children} simulated children, lessons of {args.lesson} items, "
        f"{int(reversers.sum())} reversers; items until all ten digits are mastered"
    )
    for name, items in (("today's rounds", today), ("adaptive", adaptive)):
        print(
            f"  {name:15s} median {np.median(items):6.0f}  mean {items.mean():6.1f}  "
            f"reversers' median {np.median(items[reversers]):6.0f}  "
            f"not done by {args.cap}: {(items >= args.cap).sum()}"
        )
    per_child = adaptive / today
    print(
        f"  ratio adaptive / today's: {adaptive.mean() / today.mean():.2f} (means), "
        f"{np.median(per_child):.2f} (median per child); adaptive fewer for "
        f"{(adaptive < today).sum()} of {args.children} children   ({time.perf_counter() - start:.0f} s)"
    )


if __name__ == "__main__":
    main()
