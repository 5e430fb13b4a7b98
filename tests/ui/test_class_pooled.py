"""The class's pooled handwriting from the tablets: Practice's checks and Teach it, while collecting."""

from __future__ import annotations

from digits.classroom import pooled
from digits.lesson.teacher import TeacherSettings
from digits.lesson.writing import WritingLesson
from digits.ui import class_join, class_pooled, class_teacher, practice
from digits.ui import practice_settings as settings
from digits.ui.common import Session
from tests.strokes import pad_value
from tests.ui import test_class_ui as class_ui
from tests.ui.test_class_ui import URL, seated, traced

store = class_ui.store  # the class tests' fixture: the app's store in this test's own DIGITS_DATA
TRACE_3 = TeacherSettings(digits=(3,), length=4, mode="trace")


def start(collect: bool):
    out = class_teacher.start(URL, *settings.values_of(TRACE_3), collect, False)
    return out[0], out[1].removeprefix("<div class='big-code'>").removesuffix("</div>")


def test_a_seated_childs_checks_go_to_the_classs_set_only_while_collecting(store):
    key, code = start(collect=True)
    place, _, lesson = seated(code)
    session = Session()
    practice.follow_class(place, lesson, session)
    assert session.seat == place.seat  # Draw's Teach it knows the seat too
    practice.check_drawing(traced(3), lesson, False, session, place)  # this page's switch: the teacher's
    found = pooled.pooled(store, key)
    assert [(d.seat, d.label, d.source) for d in found] == [(place.seat.number, 3, "practice")]
    assert len(session.class_set) == 0  # not this browser's set
    class_teacher.send_settings(key, *settings.values_of(TRACE_3), False, False)
    lesson, _ = class_join.follow(place, lesson)
    practice.check_drawing(traced(3), lesson, True, session, place)  # the page's own switch is ignored
    assert pooled.counts(store, key).total == 1 and len(session.class_set) == 0
    class_pooled.forget_seat(session)  # the child leaves
    assert session.seat is None


def test_teach_it_on_a_seated_tablet_goes_to_the_classs_set(store, shipped_recognizer):
    from digits.ui import draw

    key, code = start(collect=True)
    place, _, lesson = seated(code)
    session = Session(recognizer=shipped_recognizer)
    practice.follow_class(place, WritingLesson(), session)
    text, _ = draw.teach("7", pad_value(7), session)
    assert "your class's set" in text and len(session.class_set) == 0
    assert [(d.label, d.source) for d in pooled.pooled(store, key)] == [(7, "teach")]
    class_teacher.send_settings(key, *settings.values_of(TRACE_3), False, False)  # collecting off
    text, _ = draw.teach("7", pad_value(7), session)
    assert len(session.class_set) == 1 and pooled.counts(store, key).total == 1  # this browser's, as alone
