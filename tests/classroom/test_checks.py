"""Every Check stored and read back; the dashboard's numbers; a lesson as CSV; deleting a class."""

from __future__ import annotations

import csv
import io
import threading

import pytest
import sqlalchemy as sa

from digits.classroom.attempts import Check, checks, record, strokes_json
from digits.classroom.classes import ClassError, class_now, delete_class, join, name_seat, rejoin, start_class
from digits.classroom.dashboard import STUCK_MISSES, board, latest, lesson_csv
from digits.classroom.schema import attempts, classes, seats
from digits.lesson.teacher import Attempt
from digits.limits import PAD_POINTS

PAD = {"width": 280, "height": 280, "strokes": [[[100.04, 50, 0], [101, 200.26, 120]], [[60, 60, 300]]]}
T0 = 1_700_000_000.0


def right(asked: str, **kw) -> Check:
    return Check("trace", asked, True, 3, pad=PAD, **kw)


def wrong(asked: str, **kw) -> Check:
    return Check("free", asked, False, 0, read="7", pad=PAD, **kw)


def test_every_check_is_stored_and_read_back(store, lesson):
    started, seated = lesson
    sent = []
    for i in range(30):
        check = right(str(i % 10)) if i % 3 else wrong(str(i % 10), slip="start")
        assert record(store, seated[i % 3], check, now=T0 + i) is True
        sent.append((seated[i % 3].number, check))
    back = checks(store, started.key)
    assert len(back) == len(sent)  # rows stored = Checks sent
    assert [(b.seat, b.check.asked, b.check.right, b.check.slip, b.check.read) for b in back] == [
        (n, c.asked, c.right, c.slip, c.read) for n, c in sent
    ]
    assert back[0].check.pad == {
        "width": 280,
        "height": 280,
        "strokes": [[[100.0, 50, 0], [101, 200.3, 120]], [[60, 60, 300]]],
    }
    assert [b.at for b in checks(store, started.key, since=T0 + 10, until=T0 + 12)] == [T0 + 10, T0 + 11]


def test_a_check_comes_from_the_practice_tabs_attempt(store, lesson):
    started, (seat, *_) = lesson
    attempt = Attempt("3", False, 1, "mirror", True)
    record(store, seat, Check.from_attempt(attempt, "free", read=3, pad=PAD))
    (back,) = checks(store, started.key)
    assert (back.check.asked, back.check.read, back.check.reversal, back.check.slip) == (
        "3",
        "3",
        True,
        "mirror",
    )


def test_checks_from_many_threads_at_once_are_all_stored(store, lesson):
    started, seated = lesson
    threads = [
        threading.Thread(target=lambda s=s: [record(store, s, right(str(i % 10))) for i in range(25)])
        for s in seated * 3
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert store.wait_written(10)
    assert len(checks(store, started.key)) == 9 * 25


def test_strokes_are_bounded_by_the_pads_limits():
    assert strokes_json(None) is None
    huge = {"width": 280, "height": 280, "strokes": [[[1, 1]] * (PAD_POINTS + 1)]}
    assert strokes_json(huge) is None  # refused by read/strokes.parse: the Check is kept without it
    assert strokes_json({"width": "<script>", "strokes": []}) is None


@pytest.mark.parametrize(
    "check, words",
    [
        (Check("<b>", "3", True), "mode"),
        (Check("trace", "3" * 10_000, True), "asked"),
        (Check("trace", "3", True, read="'; DROP TABLE attempts; --"), "read"),
        (Check("trace", "3", True, slip="<img src=x>"), "slip"),
        (Check("trace", "3", True, stars=99), "stars"),
    ],
    ids=["mode", "long asked", "sql read", "markup slip", "stars"],
)
def test_a_check_no_practice_tab_makes_is_refused_in_one_line(store, lesson, check, words):
    started, (seat, *_) = lesson
    with pytest.raises(ValueError, match=words) as refused:
        record(store, seat, check)
    assert "\n" not in str(refused.value)
    assert checks(store, started.key) == []


def test_the_dashboard_counts_each_child_and_digit(store, lesson):
    started, (a, b, c) = lesson
    name_seat(store, started.key, b.number, "Sam")
    for n, check in enumerate(
        [
            (a, right("3")),
            (a, right("3")),
            (a, Check("free", "3", False, 1, reversal=True, slip="mirror", read="3", pad=PAD)),
            (c, right("5")),
            (c, wrong("3", slip="start")),
            *[(b, wrong("5", slip="order")) for _ in range(STUCK_MISSES)],
        ]
    ):
        record(store, check[0], check[1], now=T0 + n)
    now = T0 + 10
    shown = board(store, started.key, now=now)
    assert shown.items == ("3", "5") and shown.checks == 8 and shown.latest == latest(store, started.key)
    cell = shown.cells[(a.number, "3")]
    assert (cell.attempts, cell.right, cell.stars, cell.reversals, cell.slips) == (3, 2, 3, 1, 1)
    assert cell.slip_kinds == (("mirror", 1),)
    assert shown.cells[(b.number, "5")].slip_kinds == (("order", STUCK_MISSES),)
    assert [r.stuck for r in shown.rows] == [False, True, False]  # b missed 5 three times in a row
    assert [h.item for h in shown.hardest] == ["5", "3"]  # 5: 1 of 4 right; 3: 2 of 4
    assert (
        shown.rows[1].name == "Sam"
        and board(store, started.key, hide_names=True, now=now).rows[1].name is None
    )
    assert shown.rows[0].last_asked == "3" and shown.rows[0].last_pad["strokes"][1] == [[60, 60, 300]]
    assert not board(store, started.key, now=now + 3600).rows[1].stuck  # an hour later: not stuck *now*
    record(store, b, right("5"), now=now)
    assert not board(store, started.key, now=now).rows[1].stuck  # a right one ends it


def test_a_lesson_exports_as_csv_and_spreadsheets_run_no_formula(store, lesson):
    started, (a, b, _) = lesson
    name_seat(store, started.key, a.number, "Ana")
    record(store, a, right("3"), now=T0)
    record(store, b, Check("sums", "=1+1", False, 0, read="-2"), now=T0 + 1)
    rows = list(csv.reader(io.StringIO(lesson_csv(store, started.key))))
    assert rows[0][:7] == ["time_utc", "seat", "avatar", "colour", "name", "mode", "asked"] and len(rows) == 3
    assert rows[1][1:2] + rows[1][4:10] == ["1", "Ana", "trace", "3", "", "yes", "3"]
    assert rows[2][6:8] == ["'=1+1", "'-2"]
    assert rows[1][0] == "2023-11-14 22:13:20"
    assert list(csv.reader(io.StringIO(lesson_csv(store, started.key, names=False))))[1][4] == ""
    assert len(lesson_csv(store, started.key, since=T0 + 1).splitlines()) == 2


def test_deleting_a_class_removes_every_row_and_only_its_rows(store, lesson, guard):
    started, seated = lesson
    other = start_class(store)
    theirs = join(store, other.code, guard, "elsewhere")
    for s in seated:
        record(store, s, right("1"))
    record(store, theirs, right("2"))
    assert delete_class(store, started.key) == 3 + 3 + 1
    with store.begin() as conn:
        for table in (attempts, seats, classes):
            assert conn.execute(sa.select(sa.func.count()).where(table.c.id > 0)).scalar() == 1
    for gone in (lambda: rejoin(store, seated[0].token), lambda: class_now(store, seated[0])):
        with pytest.raises(ClassError, match="deleted"):
            gone()
    with pytest.raises(ClassError, match="opens no class"):
        board(store, started.key)
    assert len(checks(store, other.key)) == 1


def test_the_stamp_changes_with_each_check_each_seat_and_the_end(store, lesson, guard):
    from digits.classroom.classes import end_class
    from digits.classroom.dashboard import stamp

    started, seated = lesson
    first = stamp(store, started.key)
    assert first == stamp(store, started.key)  # nothing happened: the board is not drawn again
    record(store, seated[0], right("3"))
    after_check = stamp(store, started.key)
    assert after_check[0] == latest(store, started.key) and after_check != first
    join(store, started.code, guard, "tablet-new")
    after_join = stamp(store, started.key)
    assert after_join[1] == 4 and after_join != after_check
    end_class(store, started.key)
    assert stamp(store, started.key)[3] is True
    with pytest.raises(ClassError):
        stamp(store, seated[0].token)  # a child's token opens nothing of the teacher's
