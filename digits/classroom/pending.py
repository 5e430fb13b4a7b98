"""Rows waiting for the database: a bounded queue, written in order when the database is back.

Past PENDING_BYTES a waiting Check keeps its record but not its strokes (the dashboard then lacks
that drawing); past PENDING_ROWS a Check is not kept, and `lost` counts it for the teacher's line.
"""

from __future__ import annotations

import threading
from collections import deque

import sqlalchemy as sa

# 40 children at a Check every 5 s send 8 a second: 20,000 rows hold 40 minutes of one class's
# lesson, or 8 minutes of 200 children on a shared Space.
PENDING_ROWS = 20_000
# A Check's strokes are 1-5 KB of JSON (a child's digit has 50-300 points): 64 MB holds 20,000 of them.
PENDING_BYTES = 64 * 2**20
BATCH = 500  # rows per transaction when writing what waited: one insert per batch
# What the database refuses in one row (its class deleted meanwhile): that row is dropped, so it never
# blocks the rows behind it.
REFUSED = (sa.exc.IntegrityError, sa.exc.DataError)


class Pending:
    """Rows (table, values) waiting, oldest first; thread-safe."""

    def __init__(self, cap: int = PENDING_ROWS, max_bytes: int = PENDING_BYTES):
        self.cap, self.max_bytes = cap, max_bytes
        self.rows: deque[tuple[sa.Table, dict]] = deque()
        self.bytes = 0
        self.lost = 0  # Checks refused because the queue was full
        self.bare = 0  # Checks kept without their strokes because the queue's bytes were spent
        self.dropped = 0  # rows whose class was deleted while they waited
        self.waiting = False  # the last write failed: the database is away
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, table: sa.Table, row: dict) -> bool:
        """Queue a row; False (and counted as lost) when PENDING_ROWS already wait."""
        with self._lock:
            if len(self.rows) >= self.cap:
                self.lost += 1
                return False
            size = len(row.get("strokes") or "")
            if size and self.bytes + size > self.max_bytes:
                row, size = {**row, "strokes": None}, 0
                self.bare += 1
            self.rows.append((table, row))
            self.bytes += size
            return True

    def peek(self) -> list[tuple[sa.Table, dict]]:
        """The oldest rows, up to one batch (they stay queued until `done`)."""
        with self._lock:
            return [self.rows[i] for i in range(min(BATCH, len(self.rows)))]

    def done(self, batch: list) -> None:
        """The batch was written: take it off the queue."""
        with self._lock:
            for _ in batch:
                _, row = self.rows.popleft()
                self.bytes -= len(row.get("strokes") or "")

    def write(self, conn: sa.Connection, batch: list, each: bool = False) -> None:
        """Insert the batch (one executemany per table). With `each`, row by row in savepoints, dropping
        the rows the database refuses (their class deleted meanwhile): the retry after a refusal."""
        if not each:
            for table, rows in _by_table(batch):
                conn.execute(table.insert(), rows)
            return
        for table, row in batch:
            try:
                with conn.begin_nested():
                    conn.execute(table.insert(), [row])
            except REFUSED:
                self.dropped += 1


def _by_table(batch: list) -> list[tuple[sa.Table, list[dict]]]:
    """Consecutive rows of one table together (one executemany each), in order."""
    groups: list[tuple[sa.Table, list[dict]]] = []
    for table, row in batch:
        if groups and groups[-1][0] is table:
            groups[-1][1].append(row)
        else:
            groups.append((table, [row]))
    return groups
