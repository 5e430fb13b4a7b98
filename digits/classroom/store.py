"""Where the class lives: a SQLAlchemy engine on SQLite (default) or any URL, upgraded on first use.

Checks that cannot be written (the database locked, full or gone) wait in a bounded queue
(`pending.py`) and are written, in order, when it is back.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from digits.classroom import schema
from digits.classroom.pending import REFUSED, Pending
from digits.limits import short
from digits.once import Once

FILE = "classes.sqlite3"
# Errors that mean the database is away (locked, full, read-only, gone, the server down), not a bug.
DOWN = (sa.exc.OperationalError, sa.exc.InterfaceError)


def is_down(error: BaseException) -> bool:
    """Whether `error` says the database is away (rather than a mistake in what was sent)."""
    return isinstance(error, DOWN) or bool(getattr(error, "connection_invalidated", False))


class StoreDown(RuntimeError):
    """The database cannot be reached now; the message is one plain line for the teacher."""


@dataclass(frozen=True)
class StoreSettings:
    """How long to wait on a busy database, and how often to retry one that is away."""

    busy_seconds: float = 1.0  # SQLite waits this long for another writer; a Check waits at most this
    connect_seconds: int = 3  # a database server that does not answer within this is away
    retry_seconds: float = 1.0  # while Checks wait, a background thread tries the database this often


def data_folder(env=None) -> Path:
    """$DIGITS_DATA, else the user's data folder by the XDG rule (~/.local/share/digits)."""
    env = os.environ if env is None else env
    if env.get("DIGITS_DATA"):
        return Path(env["DIGITS_DATA"]).expanduser()
    return Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "digits"


def network_path(class_id: int, env=None) -> Path:
    """The network a teacher offers their class's tablets: a checked .keras file (no pickles), one a class."""
    return data_folder(env) / "networks" / f"class-{int(class_id)}.keras"


def database_url(env=None) -> sa.URL:
    """$DIGITS_DATABASE_URL (postgresql:// is read with psycopg 3), else SQLite in the data folder."""
    env = os.environ if env is None else env
    given = env.get("DIGITS_DATABASE_URL", "").strip()
    if not given:
        return sa.URL.create("sqlite", database=str(data_folder(env) / FILE))
    try:
        url = sa.make_url(given)
    except sa.exc.ArgumentError:
        raise ValueError(
            "DIGITS_DATABASE_URL is not a database URL (e.g. postgresql://user@host/digits)."
        ) from None
    return with_driver(url)


def with_driver(url: str | sa.URL) -> sa.URL:
    """The URL with psycopg 3 for `postgresql://` (SQLAlchemy's default is psycopg2, which we do not ship)."""
    url = sa.make_url(url)
    return url.set(drivername="postgresql+psycopg") if url.drivername in ("postgresql", "postgres") else url


def problem_line(error: BaseException) -> str:
    """What is wrong with the database, in one line for the teacher."""
    text = str(getattr(error, "orig", error) or error).lower()
    for words, line in (
        (("locked", "busy"), "The class's database is busy (locked by another program)"),
        (("full",), "The disk holding the class's database is full"),
        (("readonly", "read-only"), "The class's database cannot be written (read-only)"),
        (("unable to open", "no such file"), "The class's database file cannot be opened (its folder gone?)"),
        (
            ("connect", "connection", "terminat", "not accepting"),
            "The class's database server does not answer",
        ),
    ):
        if any(w in text for w in words):
            return line
    return "The class's database is unavailable"


class Store:
    """The classes' database: `begin()` for a transaction, `add()` for a Check that must not be lost."""

    def __init__(
        self, url: str | sa.URL | None = None, settings: StoreSettings = StoreSettings(), clock=time.time
    ):
        self.url = with_driver(url) if url is not None else database_url()
        self.settings = settings
        self.clock = clock
        self.pending = Pending()
        self._trouble: str | None = None
        self._flushing = threading.Lock()
        self._written = threading.Condition()  # notified when nothing waits any more
        self._flusher: threading.Thread | None = None
        self._starting = threading.Lock()
        self.engine = self._engine()

    @classmethod
    def open(cls, url=None, settings: StoreSettings = StoreSettings(), clock=time.time) -> Store:
        """The store, its SQLite folder made and its schema brought up to date; StoreDown if away."""
        store = cls(url, settings, clock)
        store.upgrade()
        return store

    def _engine(self) -> sa.Engine:
        url, s = self.url, self.settings
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                folder = Path(url.database).expanduser().parent
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    self._trouble = f"The class's database folder cannot be made ({short(str(folder))})"
                    raise StoreDown(f"{self._trouble}: {error.strerror or 'not a folder'}.") from None
            engine = sa.create_engine(url, connect_args={"timeout": s.busy_seconds})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            sa.event.listen(engine, "begin", _sqlite_begin)
            return engine
        args = {"connect_timeout": s.connect_seconds} if url.get_backend_name() == "postgresql" else {}
        try:  # pre_ping: a connection the server dropped (a restart, an outage) is replaced, not used
            return sa.create_engine(url, connect_args=args, pool_pre_ping=True, pool_size=5, max_overflow=10)
        except (sa.exc.ArgumentError, ImportError):
            raise ValueError(
                f"No database driver for {url.drivername}: use SQLite or postgresql://."
            ) from None

    def upgrade(self, to: int = schema.VERSION) -> int:
        """Bring the schema to version `to` (the newest by default); the version reached."""
        with self._translated():
            return schema.upgrade(self.engine, to)

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.DBAPIError as error:
            if not is_down(error):
                raise
            self._trouble = problem_line(error)
            raise StoreDown(self._trouble + ".") from error
        if not self.pending:
            self._trouble = None

    @contextmanager
    def begin(self, write: bool = True) -> Iterator[sa.Connection]:
        """A connection in one transaction (committed at the end); StoreDown if the database is away."""
        with self._translated(), self._connect(write) as conn, conn.begin():
            yield conn

    def _connect(self, write: bool) -> sa.Connection:
        # SQLite: a writing transaction takes the write lock at its start, so it waits (busy_seconds) for
        # another writer instead of failing at once when a read lock cannot be upgraded.
        return self.engine.connect().execution_options(write=write)

    def add(self, table: sa.Table, row: dict) -> bool:
        """Insert `row`, or keep it to write later if the database is away: True when it is written now."""
        if not self.pending.add(table, row):
            self._trouble = self._trouble or "The class's database is unavailable"
            return False
        if not self.pending.waiting:  # while the database is away only the flusher tries it: no Check waits
            self.flush()
        if self.pending:
            self._start_flusher()
        return not self.pending

    def flush(self) -> int:
        """Write the waiting rows, oldest first; the number written (0 if the database is still away)."""
        written = 0
        with self._flushing:
            while self.pending:
                batch = self.pending.peek()
                try:
                    try:
                        with self._connect(True) as conn, conn.begin():
                            self.pending.write(conn, batch)
                    except REFUSED:  # rare: retried row by row, so one refused row never blocks the rest
                        with self._connect(True) as conn, conn.begin():
                            self.pending.write(conn, batch, each=True)
                except sa.exc.DBAPIError as error:
                    if not is_down(error):
                        raise
                    self._trouble = problem_line(error)
                    self.pending.waiting = True
                    return written
                self.pending.done(batch)
                written += len(batch)
            self.pending.waiting = False
            self._trouble = None
        with self._written:
            self._written.notify_all()
        return written

    def wait_written(self, timeout: float) -> bool:
        """Wait until no Check waits (the database back and everything written); False on timeout."""
        with self._written:
            return self._written.wait_for(lambda: not self.pending, timeout)

    def _start_flusher(self) -> None:
        """A thread that retries while rows wait, so they are written even if no Check comes after."""
        with self._starting:
            if self._flusher is not None and self._flusher.is_alive():
                return
            self._flusher = threading.Thread(
                target=self._keep_flushing, name="class-store-flush", daemon=True
            )
            self._flusher.start()

    def _keep_flushing(self) -> None:
        while self.pending:
            time.sleep(self.settings.retry_seconds)
            self.flush()

    def problem(self) -> str | None:
        """One line for the teacher when the database is away (and how many Checks wait); None when fine."""
        if not self._trouble and not self.pending.lost:
            return None
        line = self._trouble or "The class's database is back"
        if self.pending:
            one = len(self.pending) == 1
            waiting = "1 Check waits here and is" if one else f"{len(self.pending)} Checks wait here and are"
            line += f": {waiting} saved when it is back"
        if self.pending.lost:
            line += f"; {self.pending.lost} Checks could not be kept (more than {self.pending.cap} waited)"
        return line + "."

    def close(self) -> None:
        """Write what waits if possible, then close the connections."""
        if self.pending:
            self.flush()
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    """WAL: the dashboard reads while children write; foreign keys, as PostgreSQL has them."""
    dbapi_conn.isolation_level = None  # SQLAlchemy's BEGIN below, not pysqlite's: savepoints and DDL work
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(
        "PRAGMA synchronous=NORMAL"
    )  # WAL's safe setting: a power cut loses at most the last Checks
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write", True) else "BEGIN")


def _open_default() -> Store:
    store = Store.open()
    atexit.register(store.close)  # Checks still waiting are written, if the database is back, at exit
    return store


DEFAULT: Once[Store] = Once(_open_default)  # the app's store, opened on first use (never at import)


def default_store() -> Store:
    """The app's store ($DIGITS_DATABASE_URL or SQLite under $DIGITS_DATA); StoreDown if away."""
    return DEFAULT.get()
