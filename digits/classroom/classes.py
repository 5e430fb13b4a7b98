"""A class: the teacher starts it (a join code, a teacher key), children join a seat, the teacher steers.

Functions a child's page calls take a `Seat` (or a seat's token) and return nothing of the teacher's:
no key, no names, no other seat. Functions for the teacher take the teacher key. Every refusal is a
ClassError with one plain line.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa

from digits.classroom import codes
from digits.classroom.codes import JoinGuard
from digits.classroom.retention import delete_rows
from digits.classroom.schema import classes, seats
from digits.classroom.settings import ClassSettings
from digits.classroom.store import Store
from digits.limits import CLASS_SEATS, SEAT_NAME_CHARS

ANIMALS = {
    "cat": "🐱", "dog": "🐶", "fox": "🦊", "owl": "🦉", "bear": "🐻", "frog": "🐸", "lion": "🦁",
    "panda": "🐼", "rabbit": "🐰", "tiger": "🐯", "koala": "🐨", "whale": "🐳", "duck": "🦆",
    "horse": "🐴", "mouse": "🐭", "penguin": "🐧", "turtle": "🐢", "zebra": "🦓", "monkey": "🐵",
    "hedgehog": "🦔",
}  # fmt: skip
COLOURS = ("red", "orange", "yellow", "green", "blue", "purple", "pink", "brown")  # 160 pairs for 60 seats


class ClassError(ValueError):
    """A class cannot be joined or changed; the message is one plain line."""


@dataclass(frozen=True)
class Started:
    """A new class, for the teacher's page only: the key is shown there once and kept in that browser."""

    class_id: int
    code: str
    key: str = field(repr=False)


@dataclass(frozen=True)
class Seat:
    """A child's seat: what the child's page keeps (the token, in the browser, brings it back)."""

    class_id: int
    seat_id: int
    number: int
    avatar: str
    colour: str
    token: str = field(repr=False)

    @property
    def emoji(self) -> str:
        return ANIMALS[self.avatar]


@dataclass(frozen=True)
class ClassNow:
    """What a child's page polls: the settings and their version (changed → follow), ended or not."""

    settings_version: int
    settings: ClassSettings
    ended: bool


@dataclass(frozen=True)
class SeatInfo:
    """A seat as the teacher sees it (with the first name the teacher typed, if any)."""

    number: int
    avatar: str
    colour: str
    name: str | None
    joined: float
    seen: float | None


@dataclass(frozen=True)
class ClassView:
    """A class as the teacher sees it."""

    class_id: int
    code: str
    created: float
    ended: float | None
    settings_version: int
    settings: ClassSettings
    seats: tuple[SeatInfo, ...]


def start_class(store: Store, settings: ClassSettings | None = None, now: float | None = None) -> Started:
    """A new class with a fresh join code and teacher key (settings: the default round if not given)."""
    key, settings = codes.new_key(), settings or ClassSettings()
    for _ in range(5):  # a code already taken (1 in 887 million per class kept) is drawn again
        code = codes.new_code()
        try:
            with store.begin() as conn:
                row = dict(code=code, key_hash=codes.key_hash(key), created=_now(store, now))
                row.update(settings=settings.to_json(), settings_version=1)
                class_id = conn.execute(classes.insert().values(**row)).inserted_primary_key[0]
            return Started(class_id, code, key)
        except sa.exc.IntegrityError:
            continue
    raise ClassError("No free join code was found: press Start a class again.")


def join(
    store: Store,
    code,
    guard: JoinGuard,
    visitor: str,
    address: str | None = None,
    avatar: str | None = None,
    colour: str | None = None,
    now: float | None = None,
) -> Seat:
    """A new seat in the class with this code (an animal and colour picked if not chosen)."""
    wait = guard.wait(visitor, address)
    if wait:
        raise ClassError(f"Too many wrong codes: try again in {math.ceil(wait / 60)} minutes.")
    if avatar is not None or colour is not None:
        _check_avatar(avatar, colour)
    normal = codes.normal_code(code)
    with store.begin() as conn:
        # FOR UPDATE: children joining at once take turns (PostgreSQL), so numbers and animals never clash;
        # SQLite's writing transaction already holds the database's one write lock.
        query = sa.select(classes).where(classes.c.code == normal).with_for_update()
        found = conn.execute(query).first() if normal else None
        if found is None:
            guard.wrong(visitor, address)
            raise ClassError("That code is not a class: check the letters on the board.")
        guard.right(visitor)
        if found.ended is not None:
            raise ClassError("This class has ended: ask your teacher for the new code.")
        taken = conn.execute(
            sa.select(seats.c.number, seats.c.avatar, seats.c.colour).where(seats.c.class_id == found.id)
        ).all()
        if len(taken) >= CLASS_SEATS:
            raise ClassError(f"This class is full ({CLASS_SEATS} children): ask your teacher.")
        pairs = {(t.avatar, t.colour) for t in taken}
        if avatar is None:
            avatar, colour = secrets.choice([(a, c) for a in ANIMALS for c in COLOURS if (a, c) not in pairs])
        elif (avatar, colour) in pairs:
            raise ClassError(f"Someone has the {colour} {avatar} already: pick another.")
        token, number, when = codes.new_key(), max((t.number for t in taken), default=0) + 1, _now(store, now)
        row = dict(class_id=found.id, number=number, token_hash=codes.key_hash(token), avatar=avatar)
        row.update(colour=colour, joined=when, seen=when)
        seat_id = conn.execute(seats.insert().values(**row)).inserted_primary_key[0]
    return Seat(found.id, seat_id, number, avatar, colour, token)


def rejoin(store: Store, token, now: float | None = None) -> Seat:
    """The seat a tablet remembered (a reload, the wifi back, the next lesson)."""
    if not isinstance(token, str) or not 8 <= len(token) <= 4 * codes.KEY_BYTES:
        raise ClassError("This tablet has no seat: join with the code on the board.")
    with store.begin() as conn:
        found = conn.execute(
            sa.select(seats, classes.c.ended)
            .join(classes, classes.c.id == seats.c.class_id)
            .where(seats.c.token_hash == codes.key_hash(token))
        ).first()
        if found is None or not codes.key_matches(token, found.token_hash):
            raise ClassError("This tablet's seat is gone (the class was deleted): join with the new code.")
        if found.ended is not None:
            raise ClassError("This class has ended: ask your teacher for the new code.")
        conn.execute(seats.update().where(seats.c.id == found.id).values(seen=_now(store, now)))
    return Seat(found.class_id, found.id, found.number, found.avatar, found.colour, token)


def choose_avatar(store: Store, seat: Seat, avatar: str, colour: str) -> Seat:
    """The child picks another animal and colour (not one a classmate has)."""
    _check_avatar(avatar, colour)
    with store.begin() as conn:
        clash = conn.execute(
            sa.select(seats.c.id).where(
                seats.c.class_id == seat.class_id,
                seats.c.avatar == avatar,
                seats.c.colour == colour,
                seats.c.id != seat.seat_id,
            )
        ).first()
        if clash:
            raise ClassError(f"Someone has the {colour} {avatar} already: pick another.")
        conn.execute(seats.update().where(seats.c.id == seat.seat_id).values(avatar=avatar, colour=colour))
    return Seat(seat.class_id, seat.seat_id, seat.number, avatar, colour, seat.token)


def class_now(store: Store, seat: Seat) -> ClassNow:
    """The class's settings for a child's Practice, and whether it has ended; ClassError once deleted."""
    with store.begin(write=False) as conn:
        row = conn.execute(
            sa.select(classes.c.settings, classes.c.settings_version, classes.c.ended).where(
                classes.c.id == seat.class_id
            )
        ).first()
    if row is None:
        raise ClassError("This class was deleted by the teacher.")
    return ClassNow(row.settings_version, ClassSettings.from_json(row.settings), row.ended is not None)


def teacher_class(store: Store, key) -> ClassView:
    """The class this teacher key opens, with its seats."""
    with store.begin(write=False) as conn:
        found = teacher_row(conn, key)
        rows = conn.execute(
            sa.select(seats).where(seats.c.class_id == found.id).order_by(seats.c.number)
        ).all()
    infos = tuple(SeatInfo(r.number, r.avatar, r.colour, r.name, r.joined, r.seen) for r in rows)
    settings = ClassSettings.from_json(found.settings)
    return ClassView(
        found.id, found.code, found.created, found.ended, found.settings_version, settings, infos
    )


def set_settings(store: Store, key, settings: ClassSettings) -> int:
    """The class's Practice settings, for every tablet; the new version (unchanged settings: the same)."""
    text = settings.to_json()
    with store.begin() as conn:
        found = teacher_row(conn, key)
        if found.ended is not None:
            raise ClassError("This class has ended: start a new class to change its settings.")
        if found.settings == text:
            return found.settings_version
        conn.execute(
            classes.update()
            .where(classes.c.id == found.id)
            .values(settings=text, settings_version=classes.c.settings_version + 1)
        )
    return found.settings_version + 1


def name_seat(store: Store, key, number: int, name: str | None) -> None:
    """The teacher's first name for a seat (None or "" clears it); only teacher functions return it."""
    name = _check_name(name)
    with store.begin() as conn:
        found = teacher_row(conn, key)
        done = conn.execute(
            seats.update().where(seats.c.class_id == found.id, seats.c.number == number).values(name=name)
        )
        if done.rowcount != 1:
            raise ClassError(f"This class has no seat {number}.")


def end_class(store: Store, key, now: float | None = None) -> None:
    """No more joining or checking; the teacher still sees, exports and deletes it."""
    with store.begin() as conn:
        found = teacher_row(conn, key)
        if found.ended is None:
            conn.execute(classes.update().where(classes.c.id == found.id).values(ended=_now(store, now)))


def delete_class(store: Store, key) -> int:
    """The class and everything in it (seats, Checks, drawings) deleted; the rows removed."""
    with store.begin() as conn:
        return delete_rows(conn, teacher_row(conn, key).id)


def teacher_row(conn: sa.Connection, key):
    """The class row this teacher key opens; ClassError if none."""
    found = None
    if isinstance(key, str) and 8 <= len(key) <= 4 * codes.KEY_BYTES:
        found = conn.execute(sa.select(classes).where(classes.c.key_hash == codes.key_hash(key))).first()
    if found is None or not codes.key_matches(key, found.key_hash):
        raise ClassError("That teacher key opens no class (it was deleted, or the key is mistyped).")
    return found


def _check_avatar(avatar, colour) -> None:
    if avatar not in ANIMALS or colour not in COLOURS:
        raise ClassError(f"Pick an animal ({', '.join(ANIMALS)}) and a colour ({', '.join(COLOURS)}).")


def _check_name(name) -> str | None:
    """A first name: letters, spaces, hyphens, apostrophes and dots, at most SEAT_NAME_CHARS."""
    if name is None or (isinstance(name, str) and not name.strip()):
        return None
    if not isinstance(name, str) or len(name) > SEAT_NAME_CHARS:
        raise ClassError(f"A first name has at most {SEAT_NAME_CHARS} letters.")
    name = name.strip()
    if not all(c.isalpha() or c in " -'.’" for c in name):
        raise ClassError("A first name has only letters, spaces, hyphens and apostrophes.")
    return name


def _now(store: Store, now: float | None) -> float:
    return store.clock() if now is None else now
