"""How long a class is kept: DIGITS_KEEP_DAYS (30 days in shared mode, 365 on a laptop), then deleted."""

from __future__ import annotations

import os

import sqlalchemy as sa

from digits.classroom.schema import attempts, classes, drawings, seats
from digits.classroom.store import Store, network_path

SHARED_DAYS = 30  # a Space many schools share keeps a class a month: a few lessons, then gone
LAPTOP_DAYS = 365  # the teacher's own computer: a school year, to see a child's progress
DAY = 86_400.0


def keep_days(shared: bool, env=None) -> float:
    """Days a class is kept: $DIGITS_KEEP_DAYS if it is a positive number, else the mode's default.

    `shared`: whether the app runs in shared mode (digits.serve.space.SpaceSettings.on).
    """
    env = os.environ if env is None else env
    try:
        days = float(env.get("DIGITS_KEEP_DAYS", ""))
        if 0 < days <= 100 * 365:
            return days
    except ValueError:
        pass
    return SHARED_DAYS if shared else LAPTOP_DAYS


def delete_rows(conn: sa.Connection, class_id: int) -> int:
    """Delete one class's Checks, drawings, seats, offered network and the class itself; the rows removed."""
    removed = 0
    for path in (network_path(class_id), network_path(class_id).with_suffix(".json")):
        path.unlink(missing_ok=True)  # the network offered to it (and its checksum) goes with the class
    for table in (attempts, drawings, seats):
        removed += conn.execute(table.delete().where(table.c.class_id == class_id)).rowcount
    return removed + conn.execute(classes.delete().where(classes.c.id == class_id)).rowcount


def forget_old(store: Store, days: float, now: float | None = None) -> int:
    """Delete every class started more than `days` ago, with everything in it; the classes deleted."""
    cutoff = (store.clock() if now is None else now) - days * DAY
    with store.begin() as conn:
        old = conn.execute(sa.select(classes.c.id).where(classes.c.created < cutoff)).scalars().all()
        for class_id in old:
            delete_rows(conn, class_id)
    return len(old)
