"""The store: where it lives, its schema upgrading itself, Checks kept while the database is away,
classes deleted by age."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from digits.classroom import schema
from digits.classroom.attempts import Check, checks, record, row_of
from digits.classroom.classes import set_settings, start_class, teacher_class
from digits.classroom.pending import Pending
from digits.classroom.retention import DAY, forget_old, keep_days
from digits.classroom.settings import ClassSettings
from digits.classroom.store import (
    DEFAULT,
    Store,
    StoreDown,
    data_folder,
    database_url,
    default_store,
    problem_line,
)
from tests.classroom.conftest import old_class

T0 = 1_700_000_000.0


def test_sqlite_by_default_in_the_users_data_folder_made_on_first_use(tmp_path, monkeypatch):
    assert data_folder({"HOME": "/home/t"}) is not None
    assert data_folder({"XDG_DATA_HOME": "/x"}).as_posix() == "/x/digits"
    assert data_folder({"DIGITS_DATA": "/d", "XDG_DATA_HOME": "/x"}).as_posix() == "/d"
    assert database_url({"DIGITS_DATA": "/d"}).render_as_string() == "sqlite:////d/classes.sqlite3"
    for given in ("postgresql://u@db/digits", "postgres://u@db/digits"):
        assert database_url({"DIGITS_DATABASE_URL": given}).drivername == "postgresql+psycopg"
    with pytest.raises(ValueError, match="not a database URL"):
        database_url({"DIGITS_DATABASE_URL": "no url at all"})
    with pytest.raises(ValueError, match="No database driver for nosuchdb"):
        Store("nosuchdb://x/y")
    assert Store("postgresql://u@localhost/d").url.drivername == "postgresql+psycopg"  # nothing connects yet
    monkeypatch.setenv("DIGITS_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("DIGITS_DATABASE_URL", raising=False)
    DEFAULT.forget()
    try:
        assert not (tmp_path / "data").exists()  # nothing made at import or before the first use
        start_class(default_store())
        assert (tmp_path / "data" / "classes.sqlite3").is_file()
    finally:
        if DEFAULT.ready.is_set():
            default_store().close()
        DEFAULT.forget()


def test_a_database_file_that_cannot_be_made_or_opened_is_one_line(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreDown, match="folder cannot be made") as made:
        Store.open(f"sqlite:///{tmp_path}/file/data/classes.sqlite3")
    (tmp_path / "folder.sqlite3").mkdir()  # a folder where the database file should be
    with pytest.raises(StoreDown, match="cannot be opened") as opened:
        Store.open(f"sqlite:///{tmp_path}/folder.sqlite3")
    assert "\n" not in str(made.value) + str(opened.value)


def test_an_older_schema_upgrades_itself_keeping_its_rows(backend):
    old = Store(backend.url)
    assert old.upgrade(to=1) == 1
    with old.engine.begin() as conn:
        v1 = old_class(conn, 1, T0)
        row = dict(class_id=1, seat_id=1, at=T0, mode="trace", asked="3", right=True, stars=3, reversal=False)
        conn.execute(v1["attempts"].insert().values(**row, slip=""))
        assert "unsure" not in {c["name"] for c in sa.inspect(conn).get_columns("attempts")}
    old.close()
    new = backend.store()  # the app started again, with the newer code
    try:
        with new.begin() as conn:
            assert schema.version(conn) == schema.VERSION == 3
            row = conn.execute(sa.select(schema.attempts)).one()
            assert (row.asked, row.unsure) == ("3", False)
            assert conn.execute(sa.select(schema.seats.c.seen)).scalar() is None
        assert new.upgrade() == 3  # nothing left to do
    finally:
        new.close()


def test_a_database_newer_than_the_app_is_refused_in_one_line(backend, store):
    with store.begin() as conn:
        conn.execute(schema.version_table.insert().values(version=schema.VERSION + 1))
    with pytest.raises(RuntimeError, match="newer than this app's"):
        store.upgrade()


def test_checks_wait_while_the_database_is_away_and_none_are_lost(backend, store, lesson):
    started, seated = lesson
    record(store, seated[0], Check("trace", "0", True))
    assert store.problem() is None
    with backend.away():
        sent = [
            record(store, seated[i % 3], Check("trace", str(i % 10), True), now=T0 + i) for i in range(40)
        ]
        assert not any(sent)  # none written now, all waiting
        line = store.problem()
        assert "database" in line and "40 Checks wait" in line and "\n" not in line
        with pytest.raises(StoreDown) as down:  # the teacher's changes wait for the database: one line
            set_settings(store, started.key, ClassSettings(collect=True))
        assert "\n" not in str(down.value)
    assert store.wait_written(20)  # written when it is back, by the store itself
    assert store.problem() is None
    back = checks(store, started.key)
    assert len(back) == 41 and [b.at for b in back[1:]] == [T0 + i for i in range(40)]  # in order


def test_a_waiting_check_whose_class_was_deleted_meanwhile_is_dropped_not_retried(store, lesson):
    started, (seat, *_) = lesson
    gone = {**row_of(seat, Check("trace", "1", True), T0), "seat_id": 999_999, "class_id": 999_999}
    store.pending.add(schema.attempts, gone)
    store.pending.add(schema.attempts, row_of(seat, Check("trace", "2", True), T0 + 1))
    assert store.flush() == 2 and not store.pending and store.pending.dropped == 1
    assert [b.check.asked for b in checks(store, started.key)] == ["2"]


def test_the_waiting_queue_is_bounded_and_says_what_it_refused():
    pending = Pending(cap=3, max_bytes=10)
    table = schema.attempts
    assert pending.add(table, {"strokes": "x" * 8}) and pending.add(table, {"strokes": "y" * 8})
    assert pending.rows[1][1]["strokes"] is None and pending.bare == 1  # over the bytes: the record only
    assert pending.add(table, {"strokes": None})
    assert not pending.add(table, {"strokes": None}) and pending.lost == 1 and len(pending) == 3


@pytest.mark.parametrize(
    "message, words",
    [
        ("database is locked", "busy"),
        ("database or disk is full", "full"),
        ("attempt to write a readonly database", "read-only"),
        ("unable to open database file", "cannot be opened"),
        ('connection failed: database "d" is not currently accepting connections', "does not answer"),
    ],
)
def test_what_is_wrong_is_one_line(message, words):
    assert words in problem_line(sa.exc.OperationalError("INSERT", {}, Exception(message)))


def test_classes_older_than_the_kept_days_are_deleted(store):
    kept = start_class(store, now=T0 - 10 * DAY)
    start_class(store, now=T0 - 31 * DAY)
    assert forget_old(store, days=30, now=T0) == 1
    assert teacher_class(store, kept.key).code == kept.code
    assert forget_old(store, days=30, now=T0) == 0


def test_how_long_classes_are_kept():
    assert keep_days(shared=True, env={}) == 30 and keep_days(shared=False, env={}) == 365
    assert keep_days(shared=True, env={"DIGITS_KEEP_DAYS": "7"}) == 7
    for bad in ("", "-1", "0", "soon", "1e9"):
        assert keep_days(shared=False, env={"DIGITS_KEEP_DAYS": bad}) == 365
