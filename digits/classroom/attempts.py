"""Every Check a child makes in a class, stored: what was asked and read, stars, reversal, slip, strokes."""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlalchemy as sa

from digits.classroom.classes import Seat, teacher_row
from digits.classroom.schema import ITEM_CHARS, attempts, seats
from digits.classroom.store import Store
from digits.lesson.formation_check import SLIPS
from digits.lesson.teacher import MODES, Attempt
from digits.read.strokes import BadStrokes, parse


@dataclass(frozen=True)
class Check:
    """One Check as the Practice tab made it (see `from_attempt`), with the pad's value if drawn."""

    mode: str  # trace, free, numbers or sums
    asked: str  # the digit asked, or a number question's answer
    right: bool
    stars: int = 0
    reversal: bool = False
    slip: str = ""  # a formation slip (formation_check.SLIPS) or ""
    read: str | None = None  # what the recognizer read ("?" if nothing), None in trace mode
    unsure: bool = False
    pad: dict | None = None  # {"width", "height", "strokes"}: the drawing, for the teacher's dashboard

    @classmethod
    def from_attempt(cls, attempt: Attempt, mode: str, read=None, pad: dict | None = None) -> Check:
        """The Practice tab's Attempt (lesson/teacher.py) for the store."""
        return cls(
            mode,
            attempt.item,
            attempt.right,
            attempt.stars,
            attempt.reversal,
            attempt.slip,
            None if read is None else str(read),
            attempt.unsure,
            pad,
        )


@dataclass(frozen=True)
class StoredCheck:
    """A Check read back (teacher side): the seat's number, when, and the Check."""

    id: int
    seat: int
    at: float
    check: Check


def strokes_json(pad) -> str | None:
    """The pad's strokes as compact JSON (0.1-pixel, 1-ms steps), bounded by digits/limits.py through
    read/strokes.parse; None for no drawing or one that parse refuses (the Check is kept without it)."""
    if pad is None:
        return None
    try:
        width, height, strokes = parse(pad, times=True)
    except BadStrokes:
        return None
    lines = [[[round(float(x), 1), round(float(y), 1), int(t)] for x, y, t in s] for s in strokes]
    return json.dumps({"width": width, "height": height, "strokes": lines}, separators=(",", ":"))


def row_of(seat: Seat, check: Check, at: float) -> dict:
    """The row to store; ValueError (one line) for a Check no Practice tab makes."""
    if check.mode not in MODES:
        raise ValueError(f"A Check's mode is one of {', '.join(MODES)}.")
    for name in ("asked", "read"):
        value = getattr(check, name)
        if value is not None and (
            not isinstance(value, str) or len(value) > ITEM_CHARS or not value.isprintable()
        ):
            raise ValueError(f"A Check's {name} is a digit or a number of at most {ITEM_CHARS} characters.")
    if check.slip and check.slip not in SLIPS:
        raise ValueError(f"A formation slip is one of {', '.join(SLIPS)}.")
    if not 0 <= int(check.stars) <= 3:
        raise ValueError("A Check has 0 to 3 stars.")
    return dict(
        class_id=seat.class_id,
        seat_id=seat.seat_id,
        at=at,
        mode=check.mode,
        asked=check.asked,
        read=check.read,
        right=bool(check.right),
        stars=int(check.stars),
        reversal=bool(check.reversal),
        slip=check.slip or "",
        unsure=bool(check.unsure),
        strokes=strokes_json(check.pad),
    )


def record(store: Store, seat: Seat, check: Check, now: float | None = None) -> bool:
    """Store a child's Check: True if written now, False if it waits for the database (never lost
    unless store.pending is full: then store.problem() says so). No read: a Check never waits on one."""
    return store.add(attempts, row_of(seat, check, store.clock() if now is None else now))


def checks(store: Store, key, since: float | None = None, until: float | None = None) -> list[StoredCheck]:
    """Every Check in the teacher's class (oldest first), optionally within [since, until)."""
    with store.begin(write=False) as conn:
        found = teacher_row(conn, key)
        query = (
            sa.select(attempts, seats.c.number)
            .join(seats, seats.c.id == attempts.c.seat_id)
            .where(attempts.c.class_id == found.id)
            .order_by(attempts.c.id)
        )
        if since is not None:
            query = query.where(attempts.c.at >= since)
        if until is not None:
            query = query.where(attempts.c.at < until)
        rows = conn.execute(query).all()
    return [StoredCheck(r.id, r.number, r.at, _check(r)) for r in rows]


def _check(r) -> Check:
    pad = json.loads(r.strokes) if r.strokes else None
    return Check(r.mode, r.asked, r.right, r.stars, r.reversal, r.slip, r.read, r.unsure, pad)
