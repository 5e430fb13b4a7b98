"""The class store under a class: 40 children's Checks (real pen digits' strokes) and a dashboard open.

In one process, without the app: each child is a thread recording a Check every 3-8 s (scaled down
by --speed), the teacher's dashboard reads `board()` every second. With --outage S the database is
taken away for S seconds in the middle (SQLite: another program holds its write lock; PostgreSQL:
it refuses connections, which needs --admin-url, a URL to the server's `postgres` database).
Reported: Checks sent and rows stored (must be equal), record() p50/p95, board() p50/p95, the
teacher's line during the outage.
Run: python benchmarks/class_store.py [--url URL] [--children 40] [--seconds 60] [--speed 10] [--outage 20]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
import sqlalchemy as sa
from paths import PEN


def pads(n: int) -> list[tuple[str, dict]]:
    """Held-out writers' pen digits as (label, pad value)."""
    from digits.read.strokes import pen_value
    from digits.train.data import load_pen_digits

    pen = load_pen_digits(PEN)
    picks = np.random.default_rng(0).choice(len(pen.labels), n, replace=False)
    return [(str(int(pen.labels[i])), pen_value(pen.strokes[i])) for i in picks]


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95)) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a SQLAlchemy URL (default: SQLite in a temporary folder)")
    parser.add_argument("--admin-url", help="PostgreSQL: the server's `postgres` database, for --outage")
    parser.add_argument("--children", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--speed", type=float, default=1.0, help="Checks come this many times faster")
    parser.add_argument("--outage", type=float, default=0, help="seconds without the database, mid-run")
    args = parser.parse_args()

    from digits.classroom.attempts import Check, checks, record
    from digits.classroom.classes import JoinGuard, join, start_class
    from digits.classroom.dashboard import board
    from digits.classroom.store import Store, StoreDown

    folder = tempfile.mkdtemp(prefix="class-store-")
    url = sa.make_url(args.url) if args.url else sa.URL.create("sqlite", database=f"{folder}/classes.sqlite3")
    store = Store.open(url)
    url = store.url
    started = start_class(store)
    guard = JoinGuard()
    seats = [join(store, started.code, guard, f"tablet-{i}") for i in range(args.children)]
    drawings = pads(200)
    sent, record_s, board_s, lines = [0], [], [], set()
    lock, stop = threading.Lock(), threading.Event()

    def child(seat, rng: random.Random) -> None:
        while not stop.wait(rng.uniform(3, 8) / args.speed):
            label, pad = rng.choice(drawings)
            right = rng.random() < 0.8
            check = Check("free", label, right, 3 if right else 0, read=label if right else "7", pad=pad)
            start = time.perf_counter()
            record(store, seat, check)
            with lock:
                record_s.append(time.perf_counter() - start)
                sent[0] += 1

    def teacher() -> None:
        while not stop.wait(1.0):
            start = time.perf_counter()
            try:
                board(store, started.key)
                board_s.append(time.perf_counter() - start)
            except StoreDown as down:
                lines.add(str(down).rstrip("."))
            line = store.problem()
            if line:
                lines.add(line.split(":")[0])

    threads = [threading.Thread(target=child, args=(s, random.Random(i))) for i, s in enumerate(seats)]
    threads.append(threading.Thread(target=teacher))
    for t in threads:
        t.start()
    time.sleep(max(0.0, (args.seconds - args.outage) / 2))
    if args.outage:
        with away(url, args.admin_url):
            time.sleep(args.outage)
    time.sleep(max(0.0, (args.seconds - args.outage) / 2))
    stop.set()
    for t in threads:
        t.join()
    written = store.wait_written(60)
    stored = len(checks(store, started.key))
    print(
        f"{args.children} children, {args.seconds:.0f} s, {store.url.get_backend_name()},"
        f" outage {args.outage:.0f} s"
    )
    print(f"Checks sent {sent[0]}, rows stored {stored}, lost {sent[0] - stored}, all written: {written}")
    print(f"record(): p50 {statistics.median(record_s) * 1000:.1f} ms, p95 {p95(record_s) * 1000:.1f} ms")
    print(f"board():  p50 {statistics.median(board_s) * 1000:.1f} ms, p95 {p95(board_s) * 1000:.1f} ms")
    print("the teacher's line:", "; ".join(sorted(lines)) or "none")
    store.close()


class away:
    """The database unavailable inside the block (as the tests take it away)."""

    def __init__(self, url: sa.URL, admin_url: str | None):
        self.url, self.admin_url = url, admin_url

    def __enter__(self):
        if self.url.get_backend_name() == "sqlite":
            self.other = sqlite3.connect(Path(self.url.database), isolation_level=None)
            self.other.execute("BEGIN EXCLUSIVE")
            return self
        if not self.admin_url:
            raise SystemExit("--outage on PostgreSQL needs --admin-url (the server's postgres database)")
        from digits.classroom.store import with_driver

        admin = with_driver(self.admin_url)
        self.admin = sa.create_engine(admin, isolation_level="AUTOCOMMIT").connect()
        self.admin.exec_driver_sql(f'ALTER DATABASE "{self.url.database}" ALLOW_CONNECTIONS false')
        self.admin.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %(d)s",
            {"d": self.url.database},
        )
        return self

    def __exit__(self, *_):
        if self.url.get_backend_name() == "sqlite":
            self.other.rollback()
            self.other.close()
        else:
            self.admin.exec_driver_sql(f'ALTER DATABASE "{self.url.database}" ALLOW_CONNECTIONS true')
            self.admin.close()


if __name__ == "__main__":
    main()
