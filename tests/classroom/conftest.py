"""The store's tests run on both backends: SQLite (a file in tmp_path) and a real PostgreSQL server.

PostgreSQL comes from DIGITS_TEST_POSTGRES_URL (`.ci/run` starts one); without it those tests are
skipped, unless DIGITS_REQUIRE_POSTGRES=1 (CI), where a missing server fails them. Each PostgreSQL
test gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from digits.classroom.classes import JoinGuard, join, start_class
from digits.classroom.store import Store, StoreSettings, database_url

FAST = StoreSettings(connect_seconds=2, retry_seconds=0.05)  # waiting Checks retried at once


@dataclass
class Backend:
    """A database for one test: its URL and a way to take it away for a while."""

    name: str
    url: sa.URL
    admin: sa.Engine | None = None  # PostgreSQL: the server's maintenance database (refuses and allows ours)

    def store(self, **kw) -> Store:
        return Store.open(self.url, kw.pop("settings", FAST), **kw)

    @contextmanager
    def away(self):
        """The database unavailable inside the block: SQLite locked by another program; PostgreSQL
        refusing connections (and the store's dropped)."""
        if self.name == "sqlite":
            other = sqlite3.connect(self.url.database, isolation_level=None)
            other.execute("BEGIN EXCLUSIVE")
            try:
                yield
            finally:
                other.rollback()
                other.close()
            return
        database = self.url.database
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            try:
                conn.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %(d)s",
                    {"d": database},
                )
                yield
            finally:
                conn.exec_driver_sql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')


def postgres_url() -> sa.URL:
    given = os.environ.get("DIGITS_TEST_POSTGRES_URL", "")
    if not given:
        reason = "PostgreSQL: set DIGITS_TEST_POSTGRES_URL to a test database (.ci/run starts one)"
        if os.environ.get("DIGITS_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"DIGITS_REQUIRE_POSTGRES=1 but no server: {reason}")
        pytest.skip(reason)
    return database_url({"DIGITS_DATABASE_URL": given})


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """Each test that asks for it runs twice: on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield Backend("sqlite", sa.URL.create("sqlite", database=str(tmp_path / "classes.sqlite3")))
        return
    url = postgres_url()
    schema = "t_" + secrets.token_hex(6)
    ours = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    admin = sa.create_engine(
        url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool
    )
    with ours.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield Backend("postgresql", url.update_query_dict({"options": f"-csearch_path={schema}"}), admin)
    finally:
        with ours.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        ours.dispose()
        admin.dispose()


@pytest.fixture
def store(backend):
    """A store on the test's backend, schema up to date; closed afterwards."""
    opened = backend.store()
    yield opened
    opened.close()


@pytest.fixture
def guard():
    return JoinGuard()


@pytest.fixture
def lesson(store, guard):
    """A started class and three children seated: (started, [seat1, seat2, seat3])."""
    started = start_class(store)
    seated = [join(store, started.code, guard, f"tablet-{i}") for i in range(3)]
    return started, seated


def old_class(conn: sa.Connection, at: int, created: float) -> dict:
    """One class with one seat written at schema version `at` (an upgrade must keep them); its tables."""
    from digits.classroom import schema

    tables = schema.tables(sa.MetaData(), at).tables
    row = dict(id=1, code="ABC-DEF", key_hash="h" * 64, created=created, settings="{}", settings_version=1)
    conn.execute(tables["classes"].insert().values(**row))
    row = dict(id=1, class_id=1, number=1, token_hash="t" * 64, avatar="cat", colour="red", joined=created)
    conn.execute(tables["seats"].insert().values(**row))
    return tables
