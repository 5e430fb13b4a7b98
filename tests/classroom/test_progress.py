"""A child's path across lessons from the stored Checks, and the printable report (issue #28)."""

from __future__ import annotations

import pytest

from digits.classroom.attempts import Check, record
from digits.classroom.classes import name_seat
from digits.classroom.progress import chooser_for, class_progress, my_record, progress, seat_progress
from digits.classroom.report import child_report, report_html
from digits.lesson.mastery import Record, star_chart

DAY = 86_400.0
T0 = 1_700_000_000.0


def lessons(store, seat, *days):
    """Each day's pattern of Checks (digit + R right, X miss, B backwards, U unsure), 20 s apart."""
    for n, day in enumerate(days):
        for i, (digit, c) in enumerate(day):
            check = Check("free", digit, c == "R", 3 * (c == "R"), c == "B", read=digit, unsure=c == "U")
            assert record(store, seat, check, now=T0 + n * DAY + 20 * i)


def test_a_seats_record_and_the_classs_mastery_rows(store, lesson):
    started, (ana, ben, _) = lesson
    lessons(store, ana, [("3", "B"), ("3", "B"), ("0", "R"), ("0", "R"), ("0", "R"), ("0", "U")],
            [("0", "R"), ("3", "R"), ("3", "B"), ("3", "R")])  # fmt: skip
    record(store, ben, Check("numbers", "7", True, 3), now=T0)  # a number question: not a digit's try
    record(store, ben, Check("trace", "7", False, 0, True), now=T0 + 1)
    mine = my_record(store, ana)
    assert len(mine) == 9 and mine[0] == Record(T0, 3, False, True)  # the unsure reading is not a try
    assert [r.digit for r in my_record(store, ben)] == [7]  # each child's own only
    rows = class_progress(store, started.key)
    assert [r.number for r in rows] == [1, 2, 3]
    a = rows[0]
    assert a.mastered == [0] and a.states[3].state == "reversed" and a.states[5].state == "new"
    assert star_chart(a.mastered) == "You've mastered 0!"
    assert a.lessons == (T0, T0 + DAY) and a.reversals == (2, 1) and a.reversals_falling
    three = a.digits[3]
    assert (three.first, three.now, three.tries, three.reversals) == (0.0, 2 / 3, (2, 3), (2, 1))
    assert a.digits[5].first is None and rows[2].lessons == ()
    assert rows[1].states[7].state == "reversed"
    chooser = chooser_for(store, ana, (0, 3, 5), seed=1)
    assert chooser.records == mine and chooser.next_target() == 5  # 3 was asked last; 0 mastered, not due
    chooser.note(5, True)
    assert chooser.next_target() == 3 and chooser.step.show_me and chooser.step.trace  # its own round


def test_progress_first_try_vs_now_over_lessons_on_a_simulated_clock():
    monday = [Record(T0 + i, 6, i % 2 == 1) for i in range(4)]  # 2 of 4 right, the last one too
    tuesday = [Record(T0 + DAY + i, 6, True) for i in range(3)]
    child = progress(monday + tuesday)
    assert (child.digits[6].first, child.digits[6].now) == (0.5, 1.0)
    assert child.states[6].mastered and len(child.lessons) == 2 and not child.reversals_falling


def test_the_printed_report_shows_first_try_vs_now_and_escapes_the_name(store, lesson):
    started, (ana, *_) = lesson
    lessons(store, ana, [("3", "B"), ("3", "B"), ("8", "R"), ("8", "R"), ("8", "R")],
            [("8", "R"), ("3", "R"), ("3", "R"), ("3", "R")])  # fmt: skip
    name_seat(store, started.key, ana.number, "Zoë O'Brien")
    page = child_report(store, started.key, ana.number, started.code)
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "Zoë O&#x27;Brien" in page and "O'Brien" not in page
    assert "<strong>Mastered:</strong> 8." in page and "Reversals are falling." in page
    assert "<tr><td>3</td><td>learning</td>" in page and "<td>0%</td><td>100%</td>" in page
    assert f"class {started.code}" in page and "2 lessons" in page
    with pytest.raises(ValueError, match="no seat 9"):
        seat_progress(store, started.key, 9)


def test_the_report_escapes_everything_it_is_given():
    child = progress([Record(T0, 1, True)], 1, "<script>", "red", "<b>x</b>")
    page = report_html(child, "<i>")
    assert "<script>" not in page and "<b>x</b>" not in page and "<i>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page
