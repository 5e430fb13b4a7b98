"""The tables, and the ordered steps that bring any older database up to them (schema_version).

Plain SQLAlchemy rather than Alembic: five tables and a few steps need no migration framework, its
config files or its command line; each step is a function run in one transaction with the version
bump, tested on SQLite and PostgreSQL by upgrading a version-1 database (tests/classroom).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from digits.classroom.settings import SETTINGS_CHARS

# Lengths: what the columns hold at most (the code checks them first, so a long value is one plain line).
CODE_CHARS = 8  # "KX4-9TB" is 7
HASH_CHARS = 64  # a SHA-256 in hex
NAME_CHARS = 40  # a child's first name, typed by the teacher
WORD_CHARS = 16  # an avatar, a colour, a mode, a formation slip
ITEM_CHARS = 8  # what was asked or read: a digit, or a number up to 3 digits (room to spare)


def tables(meta: sa.MetaData, at: int) -> sa.MetaData:
    """The tables as schema version `at` has them (the app uses the newest; tests build older ones)."""
    sa.Table(
        "classes",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(CODE_CHARS), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(HASH_CHARS), nullable=False, unique=True),
        sa.Column("created", sa.Float, nullable=False),  # seconds since 1970 (UTC): one clock for both
        sa.Column("ended", sa.Float),  # when the teacher ended it: children can no longer join or check
        sa.Column("settings", sa.String(SETTINGS_CHARS), nullable=False),
        sa.Column("settings_version", sa.Integer, nullable=False),
    )
    sa.Table(
        "seats",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),  # 1, 2, ... in the order children joined
        sa.Column("token_hash", sa.String(HASH_CHARS), nullable=False, unique=True),
        sa.Column("avatar", sa.String(WORD_CHARS), nullable=False),
        sa.Column("colour", sa.String(WORD_CHARS), nullable=False),
        sa.Column("name", sa.String(NAME_CHARS)),  # typed by the teacher; never returned to a child
        sa.Column("joined", sa.Float, nullable=False),
        *([sa.Column("seen", sa.Float)] if at >= 2 else []),  # the seat's last join, rejoin or Check
        sa.UniqueConstraint("class_id", "number"),
    )
    sa.Table(
        "attempts",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id"), nullable=False),
        sa.Column("seat_id", sa.Integer, sa.ForeignKey("seats.id"), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("mode", sa.String(WORD_CHARS), nullable=False),
        sa.Column("asked", sa.String(ITEM_CHARS), nullable=False),
        sa.Column("read", sa.String(ITEM_CHARS)),  # what the recognizer read (None in trace mode)
        sa.Column("right", sa.Boolean, nullable=False),
        sa.Column("stars", sa.Integer, nullable=False),
        sa.Column("reversal", sa.Boolean, nullable=False),
        sa.Column("slip", sa.String(WORD_CHARS), nullable=False),
        *([sa.Column("unsure", sa.Boolean, nullable=False, server_default=sa.false())] if at >= 2 else []),
        sa.Column("strokes", sa.Text),  # the pad's value as JSON, bounded by digits/limits.py
        *([sa.Index("attempts_by_class", "class_id", "id")] if at >= 2 else []),  # the dashboard's reads
    )
    if at >= 3:  # the class's pooled handwriting: labelled drawings from every tablet (collect switch on)
        sa.Table(
            "drawings",
            meta,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id"), nullable=False),
            sa.Column("seat_id", sa.Integer, sa.ForeignKey("seats.id"), nullable=False),
            sa.Column("at", sa.Float, nullable=False),
            sa.Column("label", sa.Integer, nullable=False),  # the digit it is a drawing of
            sa.Column("source", sa.String(WORD_CHARS), nullable=False),  # practice or teach
            sa.Column("points", sa.Integer, nullable=False),  # pen points, for the class's cap
            sa.Column("strokes", sa.Text, nullable=False),  # the pad's value as JSON (attempts.strokes_json)
            sa.Index("drawings_by_class", "class_id", "id"),
        )
    sa.Table("schema_version", meta, sa.Column("version", sa.Integer, nullable=False))
    return meta


def _step1(conn: sa.Connection) -> None:
    tables(sa.MetaData(), 1).create_all(conn)


def _step2(conn: sa.Connection) -> None:
    conn.execute(sa.text("ALTER TABLE seats ADD COLUMN seen FLOAT"))
    conn.execute(sa.text("ALTER TABLE attempts ADD COLUMN unsure BOOLEAN NOT NULL DEFAULT FALSE"))
    next(i for i in attempts.indexes if i.name == "attempts_by_class").create(conn)


def _step3(conn: sa.Connection) -> None:
    tables(sa.MetaData(), 3).tables["drawings"].create(conn)  # with its index


STEPS: tuple[Callable[[sa.Connection], None], ...] = (
    _step1,
    _step2,
    _step3,
)  # step n brings version n-1 to n
VERSION = len(STEPS)
metadata = tables(sa.MetaData(), VERSION)
classes, seats, attempts, drawings, version_table = (
    metadata.tables[n] for n in ("classes", "seats", "attempts", "drawings", "schema_version")
)


def version(conn: sa.Connection) -> int:
    """The database's schema version: 0 for an empty database."""
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(sa.select(sa.func.max(version_table.c.version))).scalar() or 0


def upgrade(engine: sa.Engine, to: int = VERSION) -> int:
    """Run the steps the database lacks, each in one transaction with its version; the version reached."""
    if to > VERSION:
        raise ValueError(f"This app knows schema versions up to {VERSION}, not {to}.")
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # replicas starting together: one upgrades, the rest wait
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(271828)"))
        now = version(conn)
        if now > VERSION:
            raise RuntimeError(
                f"The database's schema is version {now}, newer than this app's {VERSION}: update the app."
            )
        for n in range(now + 1, to + 1):
            STEPS[n - 1](conn)
            conn.execute(version_table.insert().values(version=n))
    return max(now, to)
