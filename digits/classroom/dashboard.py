"""What the teacher's dashboard shows: children x digits, who is stuck, the hardest digits, the last
drawings, and a lesson as CSV. Teacher-only: every function takes the teacher key."""

from __future__ import annotations

import csv
import io
import json
import time
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from digits.classroom.attempts import checks
from digits.classroom.classes import teacher_row
from digits.classroom.schema import attempts, seats
from digits.classroom.store import Store

STUCK_MISSES = 3  # a child whose last 3 judged Checks were all wrong is stuck...
STUCK_SECONDS = 600.0  # ...if all 3 were in the last 10 minutes (stuck now, not last week)
HARD_TRIES = 3  # a digit the class tried fewer times than this is not called hard yet
HARDEST = 3  # the hardest digits shown
CSV_COLUMNS = ("time_utc", "seat", "avatar", "colour", "name", "mode", "asked", "read", "right", "stars",
               "reversal", "slip", "unsure")  # fmt: skip


@dataclass(frozen=True)
class Cell:
    """One child's tries at one digit (or number)."""

    attempts: int
    right: int
    stars: int  # the best stars
    reversals: int
    slips: int
    slip_kinds: tuple[tuple[str, int], ...]  # formation slips by kind, commonest first
    unsure: int = 0


@dataclass(frozen=True)
class Row:
    """One child: the seat, the name (None when hidden or not typed), stuck now, the last drawing."""

    number: int
    avatar: str
    colour: str
    name: str | None
    stuck: bool
    last_at: float | None
    last_asked: str | None
    last_right: bool | None
    last_pad: dict | None  # {"width", "height", "strokes"} of the last drawing


@dataclass(frozen=True)
class Hard:
    """A digit the class finds hard: tries judged, right, reversals."""

    item: str
    attempts: int
    right: int
    reversals: int


@dataclass(frozen=True)
class Board:
    """Everything the dashboard draws; `latest` (the newest Check's id) changes with every Check."""

    class_id: int
    code: str
    ended: bool
    items: tuple[str, ...]  # the columns: every digit or number asked, in numeric order
    rows: tuple[Row, ...]
    cells: dict[tuple[int, str], Cell]  # (seat number, item) → cell
    hardest: tuple[Hard, ...]
    checks: int
    latest: int


def board(store: Store, key, hide_names: bool = False, now: float | None = None) -> Board:
    """The dashboard's data for the teacher's class (names left out with `hide_names`: the projector)."""
    now = store.clock() if now is None else now
    judged = sa.case((attempts.c.unsure, 0), else_=1)
    as_int = lambda column: sa.func.sum(sa.case((column, 1), else_=0))
    with store.begin(write=False) as conn:
        found = teacher_row(conn, key)
        mine = attempts.c.class_id == found.id
        sits = conn.execute(
            sa.select(seats).where(seats.c.class_id == found.id).order_by(seats.c.number)
        ).all()
        number = {s.id: s.number for s in sits}
        totals = conn.execute(
            sa.select(
                attempts.c.seat_id,
                attempts.c.asked,
                sa.func.count(),
                as_int(attempts.c.right),
                sa.func.max(attempts.c.stars),
                as_int(attempts.c.reversal),
                as_int(attempts.c.slip != ""),
                as_int(attempts.c.unsure),
                sa.func.sum(judged),
            )
            .where(mine)
            .group_by(attempts.c.seat_id, attempts.c.asked)
        ).all()
        kinds = conn.execute(
            sa.select(attempts.c.seat_id, attempts.c.asked, attempts.c.slip, sa.func.count())
            .where(mine, attempts.c.slip != "")
            .group_by(attempts.c.seat_id, attempts.c.asked, attempts.c.slip)
        ).all()
        since = attempts.c.at >= now - STUCK_SECONDS  # only the last minutes' rows are windowed
        recent = _recent(conn, sa.and_(mine, since, attempts.c.unsure == sa.false()), STUCK_MISSES)
        newest = sa.select(sa.func.max(attempts.c.id)).where(mine).group_by(attempts.c.seat_id)
        last = {r.seat_id: r for r in conn.execute(sa.select(attempts).where(attempts.c.id.in_(newest)))}
        count, latest = conn.execute(sa.select(sa.func.count(), sa.func.max(attempts.c.id)).where(mine)).one()
    slips = defaultdict(list)
    for seat_id, asked, slip, n in kinds:
        slips[(seat_id, asked)].append((slip, n))
    cells, per_item = {}, defaultdict(lambda: [0, 0, 0])
    for seat_id, asked, n, right, stars, reversals, slipped, unsure, judged_n in totals:
        kind = tuple(sorted(slips[(seat_id, asked)], key=lambda k: (-k[1], k[0])))
        cells[(number[seat_id], asked)] = Cell(n, right, stars or 0, reversals, slipped, kind, unsure)
        per_item[asked][0] += judged_n
        per_item[asked][1] += right
        per_item[asked][2] += reversals
    rows = []
    for s in sits:
        tail = recent.get(s.id, [])
        stuck = len(tail) == STUCK_MISSES and not any(r.right for r in tail)
        name = None if hide_names else s.name
        end = last.get(s.id)
        if end is None:
            rows.append(Row(s.number, s.avatar, s.colour, name, stuck, None, None, None, None))
            continue
        pad = json.loads(end.strokes) if end.strokes else None
        rows.append(Row(s.number, s.avatar, s.colour, name, stuck, end.at, end.asked, end.right, pad))
    hard = [Hard(i, t, r, v) for i, (t, r, v) in per_item.items() if t >= HARD_TRIES and r < t]
    hard.sort(key=lambda h: (h.right / h.attempts, -h.reversals, _order(h.item)))
    items = tuple(sorted(per_item, key=_order))
    return Board(
        found.id, found.code, found.ended is not None, items, tuple(rows), cells, tuple(hard[:HARDEST]),
        count, latest or 0,
    )  # fmt: skip


def _recent(conn: sa.Connection, which, n: int) -> dict[int, list]:
    """Each seat's newest `n` Checks matching `which`, newest first (a window function: one query)."""
    rank = sa.func.row_number().over(partition_by=attempts.c.seat_id, order_by=attempts.c.id.desc())
    inner = sa.select(attempts.c.seat_id, attempts.c.right, rank.label("rank")).where(which).subquery()
    found = defaultdict(list)
    for r in conn.execute(sa.select(inner).where(inner.c.rank <= n).order_by(inner.c.seat_id, inner.c.rank)):
        found[r.seat_id].append(r)
    return found


def _order(item: str):
    return (0, int(item), "") if item.isdecimal() else (1, 0, item)


def latest(store: Store, key) -> int:
    """The newest Check's id in the class (0 if none): poll this, redraw the board when it changes."""
    with store.begin(write=False) as conn:
        found = teacher_row(conn, key)
        return (
            conn.execute(
                sa.select(sa.func.max(attempts.c.id)).where(attempts.c.class_id == found.id)
            ).scalar()
            or 0
        )


def stamp(store: Store, key) -> tuple:
    """What a redraw of the board depends on: the newest Check, the seats (joined, rejoined), ended or not.

    Three small aggregate reads: a dashboard polls this every second and draws the board only when it
    changed (the board itself reads every Check of the class)."""
    with store.begin(write=False) as conn:
        found = teacher_row(conn, key)
        newest = conn.execute(
            sa.select(sa.func.max(attempts.c.id)).where(attempts.c.class_id == found.id)
        ).scalar()
        sat, seen = conn.execute(
            sa.select(sa.func.count(), sa.func.max(seats.c.seen)).where(seats.c.class_id == found.id)
        ).one()
    return (newest or 0, sat, seen or 0.0, found.ended is not None)


def lesson_csv(
    store: Store, key, since: float | None = None, until: float | None = None, names: bool = True
) -> str:
    """One row per Check of the lesson (within [since, until) if given), for a spreadsheet."""
    with store.begin(write=False) as conn:
        found = teacher_row(conn, key)
        sits = {s.number: s for s in conn.execute(sa.select(seats).where(seats.c.class_id == found.id))}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for stored in checks(store, key, since, until):
        c, s = stored.check, sits[stored.seat]
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(stored.at))
        cells = [stamp, stored.seat, s.avatar, s.colour, (s.name or "") if names else "", c.mode, c.asked]
        cells += [c.read or "", _yes(c.right), c.stars, _yes(c.reversal), c.slip, _yes(c.unsure)]
        writer.writerow([_safe(v) for v in cells])
    return out.getvalue()


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def _safe(value):
    """A spreadsheet never runs a cell as a formula: text starting with = + - @ gets a leading '."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
