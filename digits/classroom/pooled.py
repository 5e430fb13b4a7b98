"""The class's pooled handwriting: labelled drawings from every tablet, kept while the teacher's collect
switch is on, bounded per class; counts per digit and per child; a split that keeps children together."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa

from digits import limits
from digits.classroom.attempts import strokes_json
from digits.classroom.classes import ClassError, Seat, teacher_row
from digits.classroom.schema import classes, drawings, seats
from digits.classroom.settings import ClassSettings
from digits.classroom.store import Store

SOURCES = ("practice", "teach")  # Practice's Check, the Draw tab's Teach it
MAX_DRAWINGS = limits.CLASS_ITEMS  # a class's pooled set holds what one class set may: 25 children x 200
MAX_POINTS = limits.CLASS_POINTS  # and as many pen points (digits/limits.py gives the reasons)


@dataclass(frozen=True)
class PooledDrawing:
    """One labelled drawing from a child's tablet, as the teacher's Train tab reads it back."""

    id: int
    seat: int  # the seat's number
    label: int
    source: str
    at: float
    pad: dict  # {"width", "height", "strokes"}: strokes.picture draws it as the reader sees it


@dataclass(frozen=True)
class PooledCounts:
    """How many drawings of each digit, in all and per child (seat number → ten counts)."""

    per_digit: tuple[int, ...]
    per_seat: dict[int, tuple[int, ...]]

    @property
    def total(self) -> int:
        return sum(self.per_digit)


@dataclass(frozen=True)
class PooledSplit:
    """The set split for a fair before and after: `aside`, some of each taught child's drawings kept
    aside; `unseen`, every drawing of the children never taught; the network learns from `teach`."""

    teach: tuple[PooledDrawing, ...]
    aside: tuple[PooledDrawing, ...]
    unseen: tuple[PooledDrawing, ...]
    unseen_seats: tuple[int, ...]


def collect(
    store: Store, seat: Seat, label, pad, source: str = "practice", now: float | None = None,
    max_drawings: int = MAX_DRAWINGS, max_points: int = MAX_POINTS,
) -> bool:  # fmt: skip
    """Keep a child's labelled drawing in the class's set: True if kept, False while the teacher's
    collect switch is off; ClassError (one line) for an ended or deleted class, a full set, bad input."""
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label <= 9:
        raise ClassError("A drawing's label is a digit 0-9.")
    if source not in SOURCES:
        raise ClassError(f"A drawing comes from {' or '.join(SOURCES)}.")
    text = strokes_json(pad)
    if text is None:
        raise ClassError("Nothing drawn yet: draw a digit first.")
    points = sum(len(s) for s in json.loads(text)["strokes"])
    with store.begin() as conn:
        # FOR UPDATE: tablets collecting at once take turns (PostgreSQL), so the cap holds.
        found = conn.execute(
            sa.select(classes.c.settings, classes.c.ended)
            .where(classes.c.id == seat.class_id)
            .with_for_update()
        ).first()
        if found is None:
            raise ClassError("This class was deleted by the teacher.")
        if found.ended is not None:
            raise ClassError("This class has ended: ask your teacher for the new code.")
        if not ClassSettings.from_json(found.settings).collect:
            return False
        mine = drawings.c.class_id == seat.class_id
        held, held_points = conn.execute(
            sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(drawings.c.points), 0)).where(mine)
        ).one()
        if held >= max_drawings or held_points + points > max_points:
            raise ClassError(f"The class's handwriting set is full ({max_drawings} drawings).")
        row = dict(class_id=seat.class_id, seat_id=seat.seat_id, label=int(label), source=source)
        row.update(at=store.clock() if now is None else now, points=points, strokes=text)
        conn.execute(drawings.insert().values(**row))
    return True


def pooled(store: Store, key) -> list[PooledDrawing]:
    """Every drawing in the teacher's class, oldest first."""
    with store.begin(write=False) as conn:
        found = teacher_row(conn, key)
        rows = conn.execute(
            sa.select(drawings, seats.c.number)
            .join(seats, seats.c.id == drawings.c.seat_id)
            .where(drawings.c.class_id == found.id)
            .order_by(drawings.c.id)
        ).all()
    return [PooledDrawing(r.id, r.number, r.label, r.source, r.at, json.loads(r.strokes)) for r in rows]


def counts(store: Store, key) -> PooledCounts:
    """The class's set counted per digit and per child (one grouped query, no strokes read)."""
    with store.begin(write=False) as conn:
        found = teacher_row(conn, key)
        rows = conn.execute(
            sa.select(seats.c.number, drawings.c.label, sa.func.count())
            .join(seats, seats.c.id == drawings.c.seat_id)
            .where(drawings.c.class_id == found.id)
            .group_by(seats.c.number, drawings.c.label)
        ).all()
    per_seat: dict[int, list[int]] = defaultdict(lambda: [0] * 10)
    for number, label, n in rows:
        per_seat[number][label] += n
    total = [sum(c[d] for c in per_seat.values()) for d in range(10)]
    return PooledCounts(tuple(total), {s: tuple(c) for s, c in sorted(per_seat.items())})


def forget_drawings(store: Store, key) -> int:
    """The teacher empties the class's set; the drawings removed."""
    with store.begin() as conn:
        found = teacher_row(conn, key)
        return conn.execute(drawings.delete().where(drawings.c.class_id == found.id)).rowcount


def split(found: list[PooledDrawing], seed: int = 0, every: int = 4, unseen: int = 1) -> PooledSplit:
    """Seeded: `unseen` children (never all) keep every drawing aside; each other child keeps one in
    `every` of theirs aside (at least one when they have two or more), and teaches with the rest."""
    if every < 2 or unseen < 0:
        raise ValueError("Keep aside one drawing in 2 or more, and 0 or more children never taught.")
    rng = np.random.default_rng(seed)
    by_seat: dict[int, list[PooledDrawing]] = defaultdict(list)
    for d in found:
        by_seat[d.seat].append(d)
    numbers = sorted(by_seat)
    never = sorted(int(n) for n in rng.choice(numbers, min(unseen, max(0, len(numbers) - 1)), replace=False))
    teach, aside, hidden = [], [], []
    for n in numbers:
        mine = by_seat[n]
        if n in never:
            hidden += mine
            continue
        k = max(1, len(mine) // every) if len(mine) >= 2 else 0
        kept = set(rng.permutation(len(mine))[:k].tolist())
        for i, d in enumerate(mine):
            (aside if i in kept else teach).append(d)
    return PooledSplit(tuple(teach), tuple(aside), tuple(hidden), tuple(never))
