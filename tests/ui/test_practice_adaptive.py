"""Practice's adaptive rounds: a seated child's from their stored Checks, at home from the browser's."""

from __future__ import annotations

import gradio as gr
import pytest

from digits.classroom.attempts import Check, record
from digits.classroom.report import COLOURS
from digits.classroom.settings import ClassSettings
from digits.lesson.mastery import Record, from_json, to_json
from digits.lesson.teacher import TeacherSettings
from digits.lesson.writing import WritingLesson
from digits.ui import class_join, class_path, class_teacher, practice, practice_adaptive
from digits.ui import practice_settings as settings
from digits.ui.common import Session
from digits.ui.practice_views import pad_value
from tests.ui import test_class_ui as class_ui
from tests.ui.test_class_ui import URL, seated, traced

store = class_ui.store  # the class tests' fixture: the app's store in this test's own DIGITS_DATA

FREE_37 = TeacherSettings(digits=(3, 7), length=20, mode="free")


def start(chosen: TeacherSettings, adaptive: bool):
    out = class_teacher.start(URL, *settings.values_of(chosen), False, adaptive)
    return out[0], out[1].removeprefix("<div class='big-code'>").removesuffix("</div>")


def test_the_adaptive_switch_is_kept_and_old_settings_adapt():
    off = ClassSettings(FREE_37, adaptive=False)
    assert ClassSettings.from_json(off.to_json()) == off
    older = '{"collect": false, "practice": {"digits": [4]}}'  # written before the switch
    assert ClassSettings.from_json(older).adaptive is True


def test_a_seated_childs_reversed_digit_is_shown_and_traced_first_then_written(store):
    key, code = start(FREE_37, adaptive=True)
    place, _, lesson = seated(code)
    assert lesson.chooser is not None
    for _ in range(2):  # the child wrote 3 backwards: their record says so, from the store
        record(store, place.seat, Check(asked="3", read="3", right=False, reversal=True, mode="free"))
    record(store, place.seat, Check(asked="7", read="7", right=True, mode="free"))
    place.version = 0  # the next lesson: the tablet comes back to its seat (class_join.arrive)
    lesson, _ = class_join.follow(place, WritingLesson())  # a new round, from the stored record
    for _ in range(12):  # the plan of a reversed 3 comes soon: weights 4 (reversed) vs 2 (learning)
        if lesson.round.target == 3 and lesson.show_me:
            break
        lesson.round.tell(True)
        lesson.next()
    assert lesson.round.target == 3 and lesson.show_me and lesson.mode == "trace"
    pad = pad_value(lesson)
    assert pad["play"] and pad["guide"]  # Show me how plays, and the model lies faint to trace over
    practice.check_drawing(traced(3), lesson, False, Session(), place)
    lesson.next()  # the plan's second item: traced again, not shown
    assert lesson.round.target == 3 and lesson.mode == "trace" and not lesson.show_me
    lesson.round.tell(True)
    lesson.next()  # then written in the teacher's mode
    assert lesson.round.target == 3 and lesson.mode == "free" and not pad_value(lesson)["play"]


def test_the_teacher_turns_adaptive_off_and_the_round_asks_in_order(store):
    key, code = start(FREE_37, adaptive=False)
    place, _, lesson = seated(code)
    assert lesson.chooser is None and lesson.mode == "free"


def test_the_next_round_keeps_the_chooser_and_its_record():
    lesson = practice_adaptive.home_lesson(TeacherSettings(digits=(1, 2), length=1, mode="free"), 0, True, "")
    lesson.round.tell(True)
    lesson.next()
    after = practice_adaptive.next_round(lesson)
    assert after.chooser is lesson.chooser and len(after.chooser.records) == 1


def test_at_home_the_record_is_kept_in_the_browser_and_the_stars_shown_after_the_round():
    rows = [Record(at, d, True) for at in (0.0, 10.0, 7200.0) for d in (0, 1)]
    chosen = TeacherSettings(digits=(0, 1, 4), length=1, mode="trace")
    out = practice.new_round(WritingLesson(), Session(), *settings.values_of(chosen), adapt=True,
                             record=to_json(rows))  # fmt: skip
    lesson = out[3]
    assert lesson.chooser is not None and lesson.round.target == 4  # the new digit: 0 and 1 are mastered
    practice.check_drawing(traced(4), lesson, False, Session(), class_join.Place())
    lesson.next()
    stars, kept = practice_adaptive.after_check(class_join.Place(), lesson, to_json(rows))
    assert len(from_json(kept)) == 7
    assert "mastered 0 and 1" in stars
    off = practice.new_round(WritingLesson(), Session(), *settings.values_of(chosen))[3]
    assert off.chooser is None


def test_back_at_the_seat_the_child_sees_their_own_stars(store):
    key, code = start(FREE_37, adaptive=True)
    place, _, lesson = seated(code)
    assert "first star" in practice_adaptive.seat_stars(place, lesson)
    for at in (0.0, 5.0, 10.0, 7200.0):
        record(store, place.seat, Check(asked="7", read="7", right=True, mode="free"), now=at)
    assert "mastered 7" in practice_adaptive.seat_stars(place, lesson)
    assert practice_adaptive.seat_stars(class_join.Place(), lesson) == ""
    assert practice_adaptive.after_check(place, lesson, "")[1] == gr.skip()  # a seat keeps no browser record


def test_the_dashboard_shows_each_childs_ten_digits_coloured_by_mastery(store):
    key, code = start(FREE_37, adaptive=True)
    place, _, _ = seated(code)
    for at in (0.0, 5.0, 10.0, 7200.0):
        record(store, place.seat, Check(asked="7", read="7", right=True, mode="free"), now=at)
    record(store, place.seat, Check(asked="3", read="3", right=False, reversal=True, mode="free"), now=7300.0)
    html, _, _ = class_teacher.refresh(key, False, None)
    row = html[html.index(f"data-seat='{place.seat.number}'") :]
    assert row.count("data-digit=") >= 10
    assert "data-digit='7' data-state='mastered'" in row and "data-digit='3' data-state='reversed'" in row
    assert "data-digit='0' data-state='new'" in row and COLOURS["mastered"] in row


def test_the_teacher_sees_a_childs_progress_over_lessons_and_downloads_their_report(store, tmp_path):
    key, code = start(FREE_37, adaptive=True)
    place, _, _ = seated(code)
    n = place.seat.number
    for at, right, backwards in ((0.0, False, True), (5.0, False, True), (7200.0, True, False)):
        check = Check(asked="3", read="3", right=right, reversal=backwards, mode="free")
        record(store, place.seat, check, now=at)
    shown = class_path.show(key, n)
    assert f"data-seat='{n}'" in shown and "2 lessons" in shown and "2 → 0 (falling)" in shown
    assert "<td>0%</td><td>100%</td>" in shown  # the 3: none right in its first lesson, all in the latest
    path = class_path.report_file(key, n, Session())
    text = open(path, encoding="utf-8").read()
    assert path.endswith(f"child-report-seat-{n}.html") and code in text and "Reversals are falling" in text
    assert "no seat 99" in class_path.show(key, 99)
    assert "opens no class" in class_path.show(place.seat.token, n)  # a child's token opens nothing
    with pytest.warns(UserWarning, match="opens no class"):  # one line for the teacher, no file
        assert class_path.report_file(place.seat.token, n, Session()) is None


def test_two_overlapping_follows_start_one_round_not_two(store):
    key, code = start(FREE_37, adaptive=True)
    place, _, _ = seated(code)
    stale = WritingLesson()  # what both a join's follow and the timer's tick were given, at once
    place.version = 0
    first, _ = class_join.follow(place, stale)
    assert first is not None and first.settings == FREE_37
    assert class_join.follow(place, stale)[0] is first  # the second saw the round before: shown again
    mine = WritingLesson(TeacherSettings(digits=(1,)), seed=first.seed + 1)  # the child's own round after
    assert class_join.follow(place, mine)[0].settings == FREE_37  # the class's settings apply again
