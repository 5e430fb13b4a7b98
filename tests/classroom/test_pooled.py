"""The class's pooled handwriting (issue #28): drawings from every tablet in the store, bounded, counted,
split with each child's drawings together; the schema step that adds them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from digits.classroom import schema
from digits.classroom.classes import ClassError, delete_class, end_class, set_settings
from digits.classroom.pooled import PooledDrawing, collect, counts, forget_drawings, pooled, split
from digits.classroom.settings import ClassSettings
from digits.classroom.store import Store
from tests.classroom.conftest import old_class

PAD = {"width": 280, "height": 280, "strokes": [[[100, 50, 0], [101, 200, 120]]]}
T0 = 1_700_000_000.0


def collecting(store, started, on=True):
    set_settings(store, started.key, ClassSettings(collect=on))


def test_drawings_are_kept_only_while_the_teacher_collects(store, lesson):
    started, (ana, ben, _) = lesson
    assert collect(store, ana, 3, PAD) is False and pooled(store, started.key) == []
    collecting(store, started)
    assert collect(store, ana, 3, PAD, now=T0) and collect(store, ben, 7, PAD, "teach", now=T0 + 1)
    assert collect(store, ben, 7, PAD, now=T0 + 2)
    found = pooled(store, started.key)
    assert [(d.seat, d.label, d.source) for d in found] == [
        (1, 3, "practice"),
        (2, 7, "teach"),
        (2, 7, "practice"),
    ]
    assert found[0].pad == PAD and found[0].at == T0
    tally = counts(store, started.key)
    assert tally.total == 3 and tally.per_digit[3] == 1 and tally.per_digit[7] == 2
    assert tally.per_seat == {1: (0, 0, 0, 1, 0, 0, 0, 0, 0, 0), 2: (0, 0, 0, 0, 0, 0, 0, 2, 0, 0)}
    collecting(store, started, on=False)
    assert collect(store, ana, 1, PAD) is False and counts(store, started.key).total == 3


def test_bad_drawings_a_full_set_and_an_ended_or_deleted_class_are_one_line(store, lesson):
    started, (ana, *_) = lesson
    collecting(store, started)
    for label, pad, source, words in [
        (10, PAD, "practice", "a digit 0-9"), (True, PAD, "practice", "a digit 0-9"),
        ("3", PAD, "practice", "a digit"),
        (3, None, "practice", "Nothing drawn"), (3, {"strokes": "<script>"}, "practice", "Nothing drawn"),
        (3, PAD, "upload", "practice or teach"),
    ]:  # fmt: skip
        with pytest.raises(ClassError, match=words):
            collect(store, ana, label, pad, source)
    assert collect(store, ana, 1, PAD, max_drawings=2) and collect(store, ana, 2, PAD, max_drawings=2)
    with pytest.raises(ClassError, match=r"full \(2 drawings\)"):
        collect(store, ana, 3, PAD, max_drawings=2)
    with pytest.raises(ClassError, match="full"):
        collect(store, ana, 3, PAD, max_points=5)  # 4 points held, 2 more would be 6
    end_class(store, started.key)
    with pytest.raises(ClassError, match="has ended"):
        collect(store, ana, 3, PAD)
    assert forget_drawings(store, started.key) == 2 and counts(store, started.key).total == 0
    delete_class(store, started.key)
    with pytest.raises(ClassError, match="deleted"):
        collect(store, ana, 3, PAD)


def test_deleting_a_class_deletes_its_drawings(store, lesson):
    started, (ana, *_) = lesson
    collecting(store, started)
    collect(store, ana, 5, PAD)
    assert delete_class(store, started.key) >= 1 + 3 + 1  # the drawing, three seats, the class
    with store.begin(write=False) as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.drawings)).scalar() == 0


def drawings(per_seat: dict[int, int]) -> list[PooledDrawing]:
    found, i = [], 0
    for seat, n in per_seat.items():
        for k in range(n):
            found.append(PooledDrawing(i, seat, k % 10, "practice", T0 + i, PAD))
            i += 1
    return found


def test_the_split_keeps_each_childs_drawings_together_seeded():
    found = drawings({1: 12, 2: 8, 3: 9, 4: 1, 5: 20})
    cut = split(found, seed=3)
    assert len(cut.unseen_seats) == 1
    assert {d.seat for d in cut.unseen} == set(cut.unseen_seats)  # all of one child's, none of the others'
    assert not {d.seat for d in cut.teach + cut.aside} & set(cut.unseen_seats)
    for seat, n in {1: 12, 2: 8, 3: 9, 4: 1, 5: 20}.items():
        if seat in cut.unseen_seats:
            continue
        aside = [d for d in cut.aside if d.seat == seat]
        assert len(aside) == (0 if n == 1 else max(1, n // 4))  # some of each taught child's kept aside
    assert sorted(d.id for d in cut.teach + cut.aside + cut.unseen) == [d.id for d in found]
    assert split(found, seed=3) == cut and split(found, seed=4) != cut
    assert split(drawings({1: 5}), seed=0).unseen == ()  # never every child unseen
    assert split(found, unseen=0).unseen == ()
    with pytest.raises(ValueError, match="one drawing in 2 or more"):
        split(found, every=1)


def test_a_version_2_database_gets_the_drawings_table_keeping_its_rows(backend):
    old = Store(backend.url)
    assert old.upgrade(to=2) == 2
    with old.engine.begin() as conn:
        old_class(conn, 2, T0)
        assert not sa.inspect(conn).has_table("drawings")
    old.close()
    new = backend.store()
    try:
        with new.begin() as conn:
            assert schema.version(conn) == schema.VERSION == 3
            assert conn.execute(sa.select(schema.seats.c.avatar)).scalar() == "cat"
            indexes = {i["name"] for i in sa.inspect(conn).get_indexes("drawings")}
            assert "drawings_by_class" in indexes
            row = dict(class_id=1, seat_id=1, at=T0, label=4, source="teach", points=2, strokes="{}")
            conn.execute(schema.drawings.insert().values(**row))
        assert new.upgrade() == 3
    finally:
        new.close()
