"""Which digits a child has mastered: a streak rule across lessons, each state with a one-line reason.

The rule, in the words a teacher reads:
- *new*: never tried;
- *reversed*: written backwards in one of its last 3 tries;
- *mastered*: right 3 times in a row (none backwards), in at least 2 lessons; it stays mastered
  until 2 of its last 4 tries are misses;
- *weak*: 2 or more misses in its last 4 tries;
- *learning*: anything else.
A lesson starts when the child comes back after LESSON_GAP seconds away (the next day, the next
class session). Unsure readings are not tries: the caller leaves them out.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digits.languages import DEFAULT_LANGUAGE
from digits.words import listing, say

STATES = ("new", "learning", "weak", "reversed", "mastered")
STREAK = 3  # right tries in a row to master a digit: one right could be luck, three rarely are
LESSONS = 2  # ...spread over at least this many lessons: a digit remembered the next day is learned
REVERSED_WINDOW = 3  # a reversal among a digit's last 3 tries marks it reversed
WEAK_WINDOW, WEAK_MISSES = 4, 2  # 2 misses among the last 4 tries: weak (and no longer mastered)
LESSON_GAP = 3600.0  # an hour away starts a new lesson: a lesson is 20-45 minutes, the next is a day on
KEPT = 2000  # tries a browser keeps (a child at home): 20 a day for 100 days; the oldest go first


@dataclass(frozen=True)
class Record:
    """One judged try: when (seconds), the digit asked, drawn right, written backwards."""

    at: float
    digit: int
    right: bool
    reversed: bool = False


@dataclass(frozen=True)
class DigitState:
    """One digit's state for one child, why, and its counts."""

    digit: int
    state: str  # one of STATES
    reason: str  # one line for the teacher
    tries: int = 0
    right: int = 0
    reversals: int = 0
    lessons: int = 0  # lessons in which it was tried

    @property
    def mastered(self) -> bool:
        return self.state == "mastered"


def lesson_numbers(times: Sequence[float], gap: float = LESSON_GAP) -> list[int]:
    """The lesson (0, 1, ...) of each time, in time order: a new one after `gap` seconds away."""
    numbers, lesson, last = [], -1, None
    for at in times:
        if last is None or at - last > gap:
            lesson += 1
        numbers.append(lesson)
        last = at
    return numbers


def states(records: Iterable[Record], gap: float = LESSON_GAP) -> dict[int, DigitState]:
    """Every digit 0-9's state from the child's tries (any order: they are sorted by time)."""
    ordered = sorted(records, key=lambda r: r.at)
    lessons = lesson_numbers([r.at for r in ordered], gap)
    per_digit: dict[int, list[tuple[Record, int]]] = {d: [] for d in range(10)}
    for r, lesson in zip(ordered, lessons, strict=True):
        per_digit[int(r.digit)].append((r, lesson))
    return {d: digit_state(d, tries) for d, tries in per_digit.items()}


def digit_state(digit: int, tries: Sequence[tuple[Record, int]]) -> DigitState:
    """One digit's state from its tries in time order, each with its lesson number."""
    if not tries:
        return DigitState(digit, "new", "not tried yet")
    counts = dict(
        tries=len(tries),
        right=sum(r.right for r, _ in tries),
        reversals=sum(r.reversed for r, _ in tries),
        lessons=len({lesson for _, lesson in tries}),
    )
    mastered_at = _mastered_at(tries)
    recent = [r for r, _ in tries[-WEAK_WINDOW:]]
    misses = sum(not r.right for r in recent)
    backwards = sum(r.reversed for r, _ in tries[-REVERSED_WINDOW:])
    if backwards:
        why = f"written backwards {_times(backwards)} in its last {min(REVERSED_WINDOW, len(tries))} tries"
        return DigitState(digit, "reversed", why, **counts)
    if mastered_at is not None and misses < WEAK_MISSES:
        why = f"{STREAK} right in a row across {LESSONS} lessons"
        slips = sum(not r.right for r, _ in tries[mastered_at + 1 :])
        return DigitState(
            digit, "mastered", why + (f"; {_times(slips)} missed since" if slips else ""), **counts
        )
    if misses >= WEAK_MISSES:
        return DigitState(digit, "weak", f"missed {misses} of its last {len(recent)} tries", **counts)
    streak = _streak(tries)
    if streak >= STREAK:
        why = f"{streak} right in a row in one lesson: right again in another lesson to master it"
    else:
        why = f"{streak} right in a row; {STREAK} in a row across {LESSONS} lessons masters it"
    return DigitState(digit, "learning", why, **counts)


def mastered(states_: dict[int, DigitState]) -> list[int]:
    """The mastered digits, in order."""
    return [d for d, s in sorted(states_.items()) if s.mastered]


def to_json(records: Sequence[Record]) -> str:
    """A child's record for their browser (no class): the newest KEPT tries, compact."""
    kept = sorted(records, key=lambda r: r.at)[-KEPT:]
    return json.dumps(
        [[round(r.at, 1), r.digit, int(r.right), int(r.reversed)] for r in kept], separators=(",", ":")
    )


def from_json(text) -> list[Record]:
    """A record a browser sent back: [] for anything that is not one (a new child, not an error)."""
    try:
        rows = json.loads(text) if isinstance(text, str) and len(text) <= 40 * KEPT else None
        records = [Record(float(at), int(d), bool(right), bool(rev)) for at, d, right, rev in rows[-KEPT:]]
    except (TypeError, ValueError):
        return []
    return [r for r in records if 0 <= r.digit <= 9 and math.isfinite(r.at)]


def star_chart(mastered_digits, language: str = DEFAULT_LANGUAGE) -> str:
    """The child's own star chart line: "You've mastered 0, 1, 4 and 8!" in the child's language."""
    found = sorted({int(d) for d in mastered_digits})
    if not found:
        return say("stars.none", language)
    if len(found) == 10:
        return say("stars.all", language)
    return say("stars.some", language, list=listing(found, language))


def _mastered_at(tries: Sequence[tuple[Record, int]]) -> int | None:
    """The index of the try that first met the rule since its last weak spell (None: never met)."""
    run: list[int] = []  # the lessons of the current run of right tries
    met = None
    for i, (r, lesson) in enumerate(tries):
        run = [*run, lesson] if r.right and not r.reversed else []
        window = tries[max(0, i + 1 - WEAK_WINDOW) : i + 1]
        if met is not None and sum(not t.right for t, _ in window) >= WEAK_MISSES:
            met = None  # weak again: mastering it needs the rule met anew
        if met is None and len(run) >= STREAK and len(set(run)) >= LESSONS:
            met = i
    return met


def _streak(tries: Sequence[tuple[Record, int]]) -> int:
    """Right tries in a row at the end."""
    n = 0
    for r, _ in reversed(tries):
        if not r.right or r.reversed:
            break
        n += 1
    return n


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")
