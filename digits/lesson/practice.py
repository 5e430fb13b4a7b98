"""A practice round: ten digits to draw, checked with kind feedback, a score and a streak."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from digits.languages import DEFAULT_LANGUAGE, article  # noqa: F401 (article: imported from here)
from digits.words import digit, say

EMPTY = "Draw the digit first, then press Check."  # the lines in full: digits/lang/en.json
FINISHED = "That was the last one! Press Next to play a new round."
PRAISES = 4  # right.0 to right.3: praise changes from digit to digit

# Kind, specific hints for the digits children (and networks) mix up most: (asked, read) -> hint.
# In every language as "hint.{asked}.{read}" in digits/lang (a test keeps en.json the same as these).
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
GENERIC_HINT = "look at the big {target} above, and try again. You can do it!"  # = hint.generic


class Chooser(Protocol):
    """An adaptive round's chooser (lesson/adaptive.py): told each judged try, asked for the next digit."""

    def note(self, digit: int, right: bool, reversed: bool = False, at: float | None = None) -> None: ...

    def next_target(self) -> int: ...


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
    """What the child is told after pressing Check: short lines to hear, the one thing to try next."""

    kind: str  # "correct", "wrong", "backwards", "unsure", "empty" or "finished"
    message: str  # in English, in full (what the API and an English page show)
    target: int | None = None
    read: int | None = None
    stars: int = 0  # this try's stars, 1-3, for a correct drawing: three on the first try
    counted: bool = False  # whether this check used up a try
    lines: tuple[str, ...] = ()  # keys (digits/lang) of the short lines; the first one is spoken
    tip: str | tuple[str, ...] = ""  # key of the one thing to try next (a number game's: its keys in order)
    values: dict = field(default_factory=dict)  # the lines' placeholders: d (asked), read, n, tip
    detail: str = ""  # the tip in English in full, where it says more than its key

    @property
    def correct(self) -> bool:
        return self.kind == "correct"

    def said(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The first short line, to be spoken (at most ~8 words: a child of five listens, not reads)."""
        return line(self.lines[0], language, self.values) if self.lines else ""

    def shown(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Every line and the tip in the language (English: the full message)."""
        return " ".join(part for part in self.parts(language) if part)

    def parts(self, language: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
        """The short lines, and the one thing to try next (English: its full wording), apart."""
        english = language == DEFAULT_LANGUAGE
        if not self.lines or (english and not (self.tip or self.detail)):
            return self.message, ""
        head = " ".join(line(k, language, self.values) for k in self.lines)
        keys = (self.tip,) if isinstance(self.tip, str) else self.tip
        tips = " ".join(line(k, language, self.values) for k in keys if k)
        tip = self.detail if english and self.detail else tips
        if tip and self.values.get("next"):
            tip = say("next.time", language, tip=tip)
        return head, tip


def line(key: str, language: str, values: dict) -> str:
    """A line with its digits as the language writes them: {a} the asked one, {r} the one read."""
    extra = {}
    if values.get("d") is not None:
        extra["a"] = digit(values["d"], language)
    if values.get("read") is not None:
        extra["r"] = digit(values["read"], language)
    return say(key, language, **{**values, **extra})


def feedback(kind: str, lines: tuple[str, ...], tip: str = "", detail: str = "", **kw) -> Feedback:
    """A Feedback whose English message is made of the same lines as every other language's."""
    values = {"d": kw.get("target"), "read": kw.get("read"), **kw.pop("values", {})}
    fb = Feedback(kind, "", lines=lines, tip=tip, values=values, detail=detail, **kw)
    english = detail or (line(tip, DEFAULT_LANGUAGE, values) if tip else "")
    if english and values.get("next"):
        english = say("next.time", tip=english)
    fb.message = " ".join([*(line(k, DEFAULT_LANGUAGE, values) for k in lines), english]).strip()
    return fb


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
    chooser: Chooser | None = None  # adaptive: each digit chosen when it is reached (default: off)

    def __post_init__(self):
        if self.chooser is not None:  # the round's length stays; its digits come one at a time
            self.targets = [self.chooser.next_target()]
            return
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
            return feedback("finished", ("finished",))
        if reading.digit is None:
            return feedback("empty", ("empty",), target=target)  # an empty canvas is not a try
        if not reading.sure:
            self.mark(None)
            # The network's doubt may be its own fault, so an unsure reading never breaks a streak.
            read = reading.digit
            return feedback("unsure", ("unsure",), "unsure.tip", target=target, read=read, counted=True)
        if reading.digit == target and getattr(reading, "mirrored", False):
            return self.backwards(reading.digit)
        if reading.digit != target:
            self.mark(False)
            tip = hint(target, reading.digit)
            key = f"hint.{target}.{reading.digit}" if (target, reading.digit) in HINTS else "hint.generic"
            detail = tip[0].upper() + tip[1:]
            return feedback("wrong", ("wrong",), key, detail, target=target, read=reading.digit, counted=True)
        return self.right(reading.digit)

    def backwards(self, read: int) -> Feedback:
        """The asked digit written backwards: named kindly as the Draw tab does; a try, but no stars.

        Lots of five-year-olds mirror digits: like an unsure reading it keeps the streak.
        """
        self.mark(None)
        target = self.target
        self.tell(False, reversed=True)
        return feedback("backwards", ("backwards",), "backwards.tip", target=target, read=read, counted=True)

    def right(self, read: int, fix: str = "", detail: str = "", stars: int | None = None) -> Feedback:
        """The asked digit drawn right: praise, or with a slip (`fix`) a plain "That's a 7!" and the tip."""
        target = self.target
        counted = not self.solved  # checking a right digit again is not another try
        tries = self.tries + 1
        shown = max(1, 4 - tries) if stars is None else stars
        if counted:
            self.mark(True, shown)
        else:
            shown = self.stars
        if fix:  # praise never stands beside a correction: the tip gets plain encouragement
            lines = ("right.fix",)
        else:
            lines = (f"right.{self.position % PRAISES}",) + (("streak",) if self.streak >= 3 else ())
        return feedback(
            "correct",
            lines,
            fix,
            detail,
            target=target,
            read=read,
            stars=shown,
            counted=counted,
            values={"n": self.streak, "next": bool(fix)},
        )

    def tell(self, right: bool, reversed: bool = False) -> None:
        """Tell an adaptive round's chooser of a judged try at the current digit."""
        if self.chooser is not None and self.target is not None:
            self.chooser.note(self.target, right, reversed)

    def mark(self, right: bool | None, stars: int | None = None, reversed: bool = False) -> int:
        """Count a try at the current digit (None: unsure, which keeps the streak); its stars as shown.

        A right try's stars default to 3 on the first try, 2 on the second, then 1; the digit keeps
        the best stars it was given, so a later try never lowers them.
        """
        self.tries += 1
        self.total_tries += 1
        if right is None:
            return self.stars
        self.tell(right, reversed)
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
        if self.chooser is not None and self.position < self.length:
            self.targets.append(self.chooser.next_target())
        self.tries, self.solved, self.stars = 0, False, 0
        return self.target

    def summary(self, language: str = DEFAULT_LANGUAGE) -> str:
        """One kind sentence about the whole round."""
        values = {"s": self.score, "n": self.length, "k": self.best_streak}
        best = " " + say("summary.streak", language, **values) if self.best_streak > 1 else ""
        if self.score == self.length:
            return say("summary.all", language, **values) + best
        if self.score >= self.length // 2:
            return say("summary.half", language, **values) + best
        return say("summary.some", language, **values) + best
