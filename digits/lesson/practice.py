"""A practice round: ten digits to draw, checked with kind feedback, a score and a streak."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from digits.languages import article

EMPTY = "Draw the digit first, then press Check."
FINISHED = "That was the last one! Press Next to play a new round."
PRAISE = (
    "Yes, that's {a}! Well done!",
    "Brilliant, a perfect {d}!",
    "Great {d}! You're a digit star!",
    "That's {a}, spot on!",
)

# Kind, specific hints for the digits children (and networks) mix up most: (asked, read) -> hint.
HINTS: dict[tuple[int, int], str] = {
    (7, 1): "give your 7 a clear top line going across.",
    (1, 7): "draw your 1 as one straight line down, without a long line across the top.",
    (7, 2): "keep your 7 straight: a line across the top, then one slanted line down, no curl at the bottom.",
    (2, 7): "give your 2 a round top and a flat line along the bottom.",
    (2, 3): "finish your 2 with a flat line along the bottom, not a second curve.",
    (4, 9): "keep the top of your 4 open, like a chair turned over.",
    (9, 4): "close the round loop at the top of your 9.",
    (4, 1): "give your 4 its side line and the line across.",
    (9, 7): "make the loop at the top of your 9 nice and round.",
    (5, 6): "leave the bottom of your 5 open, and give it a flat hat on top.",
    (5, 3): "give your 5 a straight back going down from its flat hat.",
    (6, 0): "start your 6 with a curve coming down from the top, and make the loop at the bottom smaller.",
    (6, 5): "close the loop at the bottom of your 6.",
    (0, 6): "join your 0 up at the top, like an egg.",
    (3, 8): "leave the left side of your 3 open.",
    (8, 3): "close both loops of your 8, on the left side too.",
    (8, 0): "cross the middle of your 8 to make two loops, one on top of the other.",
    (3, 5): "give your 3 two round bumps on the right.",
}
GENERIC_HINT = "look at the big {target} above, and try again. You can do it!"


class ReadingLike(Protocol):
    """What a check needs from a recognizer's Reading."""

    digit: int | None
    sure: bool


def hint(target: int, read: int) -> str:
    """A kind hint for when `target` was asked for and `read` was read."""
    return HINTS.get((target, read), GENERIC_HINT.format(target=target))


def targets_for(seed: int, length: int = 10) -> list[int]:
    """The digits to draw: every digit once per ten, in an order fixed by the seed."""
    rng = np.random.default_rng(seed)
    tens = [rng.permutation(10) for _ in range(-(-length // 10))]
    return [int(d) for d in np.concatenate(tens)[:length]]


@dataclass
class Feedback:
    """What the child is told after pressing Check."""

    kind: str  # "correct", "wrong", "unsure", "empty" or "finished"
    message: str
    target: int | None = None
    read: int | None = None
    stars: int = 0  # 1-3 for a correct drawing: three on the first try
    counted: bool = False  # whether this check used up a try

    @property
    def correct(self) -> bool:
        return self.kind == "correct"


@dataclass
class PracticeRound:
    """A round of digits to draw; progress lives only as long as the visitor's session."""

    seed: int = 0
    length: int = 10
    targets: list[int] = field(default_factory=list)  # default: targets_for(seed, length)
    position: int = 0  # index of the digit being asked for; == length when the round is over
    score: int = 0  # digits drawn right (each counts once, however many tries it took)
    streak: int = 0  # digits drawn right in a row
    best_streak: int = 0
    tries: int = 0  # checks of the current digit that counted
    total_tries: int = 0
    solved: bool = False  # the current digit has been drawn right
    stars: int = 0  # the current digit's best stars: a digit checked again keeps its stars
    results: list[bool] = field(default_factory=list)  # per finished digit: drawn right or not

    def __post_init__(self):
        if not self.targets:
            self.targets = targets_for(self.seed, self.length)
        self.length = len(self.targets)

    @property
    def finished(self) -> bool:
        return self.position >= self.length

    @property
    def target(self) -> int | None:
        """The digit asked for now; None once the round is over."""
        return None if self.finished else self.targets[self.position]

    def check(self, reading: ReadingLike) -> Feedback:
        """Judge a drawing of the current digit and update the score and streak."""
        target = self.target
        if target is None:
            return Feedback("finished", FINISHED)
        if reading.digit is None:
            return Feedback("empty", EMPTY, target)  # an empty canvas is not a try
        if not reading.sure:
            self.mark(None)
            # The network's doubt may be its own fault, so an unsure reading never breaks a streak.
            message = (
                f"Hmm, I'm not sure what that is: maybe {article(reading.digit)}? "
                f"Try drawing your {target} bigger, with clear lines."
            )
            return Feedback("unsure", message, target, reading.digit, counted=True)
        if reading.digit != target:
            self.mark(False)
            message = f"Nice try! That looks like {article(reading.digit)}: {hint(target, reading.digit)}"
            return Feedback("wrong", message, target, reading.digit, counted=True)
        counted = not self.solved  # checking a right digit again is not another try
        stars = self.mark(True) if counted else self.stars
        message = PRAISE[self.position % len(PRAISE)].format(d=target, a=article(target))
        if self.streak >= 3:
            message += f" That's {self.streak} in a row!"
        return Feedback("correct", message, target, reading.digit, stars, counted=counted)

    def mark(self, right: bool | None, stars: int | None = None) -> int:
        """Count a try at the current digit (None: unsure, which keeps the streak); its stars as shown.

        A right try's stars default to 3 on the first try, 2 on the second, then 1; the digit keeps
        the best stars it was given, so a later try never lowers them.
        """
        self.tries += 1
        self.total_tries += 1
        if right is None:
            return self.stars
        if not right:
            if not self.solved:
                self.streak = 0
            return self.stars
        if not self.solved:
            self.solved = True
            self.score += 1
            self.streak += 1
            self.best_streak = max(self.best_streak, self.streak)
        self.stars = max(self.stars, max(1, 4 - self.tries) if stars is None else stars)
        return self.stars

    def next(self) -> int | None:
        """Move on to the next digit (skipping one not yet drawn right); None when the round is over."""
        if self.finished:
            return None
        if not self.solved:
            self.streak = 0  # a skipped digit ends the streak
        self.results.append(self.solved)
        self.position += 1
        self.tries, self.solved, self.stars = 0, False, 0
        return self.target

    def summary(self) -> str:
        """One kind sentence about the whole round."""
        best = f" Your best streak: {self.best_streak} in a row." if self.best_streak > 1 else ""
        if self.score == self.length:
            return f"Amazing: all {self.length} digits right!{best}"
        if self.score >= self.length // 2:
            return f"Well done: {self.score} out of {self.length} digits right!{best}"
        return (
            f"You got {self.score} out of {self.length}. Every try makes you better: let's play again!{best}"
        )
