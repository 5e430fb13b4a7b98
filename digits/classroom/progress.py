"""A child's path across lessons, from the stored Checks: mastery per digit (lesson/mastery.py), first
try vs now, reversals lesson by lesson. The teacher's functions take the key; a child's take its Seat."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from digits.classroom.classes import Seat, teacher_row
from digits.classroom.schema import attempts, seats
from digits.classroom.store import Store
from digits.lesson.adaptive import Chooser
from digits.lesson.mastery import LESSON_GAP, DigitState, Record, lesson_numbers, states

DIGIT_MODES = ("trace", "free")  # the modes that ask one digit; numbers and sums ask numbers


@dataclass(frozen=True)
class DigitProgress:
    """One digit across the child's lessons: share right in the first lesson it was tried and in the
    latest, and its tries and reversals in each of the child's lessons (0 where not asked)."""

    digit: int
    first: float | None  # None: never tried
    now: float | None
    tries: tuple[int, ...]
    reversals: tuple[int, ...]


@dataclass(frozen=True)
class ChildProgress:
    """One child's record, as the teacher's dashboard and the printed report show it."""

    number: int
    avatar: str
    colour: str
    name: str | None
    lessons: tuple[float, ...]  # when each lesson started
    states: dict[int, DigitState]
    digits: dict[int, DigitProgress]

    @property
    def mastered(self) -> list[int]:
        return [d for d, s in sorted(self.states.items()) if s.mastered]

    @property
    def reversals(self) -> tuple[int, ...]:
        """Reversals in each lesson, all digits together."""
        return tuple(sum(p.reversals[i] for p in self.digits.values()) for i in range(len(self.lessons)))

    @property
    def reversals_falling(self) -> bool:
        """Fewer reversals in the latest lesson than in the first (False with one lesson or none)."""
        r = self.reversals
        return len(r) >= 2 and r[-1] < r[0]


def is_digit_check(mode: str, asked: str, unsure: bool) -> bool:
    """A judged try at one digit (unsure readings are neither right nor wrong: not tries)."""
    return mode in DIGIT_MODES and len(asked) == 1 and asked.isdecimal() and not unsure


def _records(rows) -> dict[int, list[Record]]:
    """Rows of (seat_id, at, asked, right, reversal, mode, unsure) as each seat's records."""
    found = defaultdict(list)
    for r in rows:
        if is_digit_check(r.mode, r.asked, r.unsure):
            found[r.seat_id].append(Record(r.at, int(r.asked), bool(r.right), bool(r.reversal)))
    return found


def _query(where):
    c = attempts.c
    return (
        sa.select(c.seat_id, c.at, c.asked, c.right, c.reversal, c.mode, c.unsure).where(where).order_by(c.id)
    )


def my_record(store: Store, seat: Seat) -> list[Record]:
    """The child's own record (for the tablet's adaptive round and star chart): this seat's only."""
    with store.begin(write=False) as conn:
        rows = conn.execute(_query(attempts.c.seat_id == seat.seat_id)).all()
    return _records(rows).get(seat.seat_id, [])


def chooser_for(store: Store, seat: Seat, order, seed: int = 0, clock=None) -> Chooser:
    """An adaptive round's chooser for a child's tablet, from their stored Checks (the teacher's
    digits as `order`); the tablet tells it each judged try, and records the Check as ever."""
    return Chooser(order=tuple(order), seed=seed, records=my_record(store, seat), clock=clock or store.clock)


def class_progress(
    store: Store, key, hide_names: bool = False, gap: float = LESSON_GAP
) -> list[ChildProgress]:
    """Every child's progress in the teacher's class, by seat number (the dashboard's mastery rows)."""
    with store.begin(write=False) as conn:
        found = teacher_row(conn, key)
        sits = conn.execute(
            sa.select(seats).where(seats.c.class_id == found.id).order_by(seats.c.number)
        ).all()
        rows = conn.execute(_query(attempts.c.class_id == found.id)).all()
    records = _records(rows)
    return [
        progress(records.get(s.id, []), s.number, s.avatar, s.colour, None if hide_names else s.name, gap)
        for s in sits
    ]


def seat_progress(store: Store, key, number: int, gap: float = LESSON_GAP) -> ChildProgress:
    """One child's progress (the printed report); ValueError if the class has no such seat."""
    for child in class_progress(store, key, gap=gap):
        if child.number == number:
            return child
    raise ValueError(f"This class has no seat {number}.")


def progress(
    records: list[Record], number: int = 0, avatar: str = "", colour: str = "", name: str | None = None,
    gap: float = LESSON_GAP,
) -> ChildProgress:  # fmt: skip
    """A child's progress from their records (pure: the store's functions above call it)."""
    ordered = sorted(records, key=lambda r: r.at)
    lesson_of = lesson_numbers([r.at for r in ordered], gap)
    starts = tuple(r.at for i, r in enumerate(ordered) if i == 0 or lesson_of[i] != lesson_of[i - 1])
    per = {d: [[0, 0, 0] for _ in starts] for d in range(10)}  # tries, right, reversals per lesson
    for r, lesson in zip(ordered, lesson_of, strict=True):
        cell = per[r.digit][lesson]
        cell[0] += 1
        cell[1] += r.right
        cell[2] += r.reversed
    digits = {}
    for d, cells in per.items():
        tried = [c for c in cells if c[0]]
        first = tried[0][1] / tried[0][0] if tried else None
        now = tried[-1][1] / tried[-1][0] if tried else None
        digits[d] = DigitProgress(d, first, now, tuple(c[0] for c in cells), tuple(c[2] for c in cells))
    return ChildProgress(number, avatar, colour, name, starts, states(ordered, gap), digits)
