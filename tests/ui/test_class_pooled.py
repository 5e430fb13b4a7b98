"""The class's pooled handwriting from the tablets: Practice's checks and Teach it, while collecting."""

from __future__ import annotations

from digits.classroom import pooled
from digits.classroom.store import network_path
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


def _two_children_collect(store, key, code):
    """Two tablets collect: seat 1 four 3s, seat 2 three 3s (Practice's checks, traced)."""
    places = [seated(code, page)[0] for page in ("page-1", "page-2")]
    for place, n in zip(places, (4, 3), strict=True):
        for _ in range(n):
            assert pooled.collect(store, place.seat, 3, traced(3))
    return places


def test_the_teachers_panel_shows_every_childs_drawings_and_splits_them_by_child(store):
    from digits.ui import handwriting_class, handwriting_finetune

    key, code = start(collect=True)
    places = _two_children_collect(store, key, code)
    session, html = handwriting_class.load(key, Session())
    assert "data-drawings='7' data-children='2'" in html
    assert all(f"<tr data-seat='{p.seat.number}'>" in html for p in places)
    assert html.count("<img class='last'") == 7  # a thumbnail of each drawing
    sets = session.pooled
    assert len(sets.unseen_seats) == 1 and sets.unseen in (3, 4)  # one child never taught, all kept aside
    assert len(sets.teach) + len(sets.aside) == 7 and len(sets.aside) >= sets.unseen + 1
    teach, aside = handwriting_finetune._split(session)  # the fine-tune uses the class's split
    assert (teach, aside) == (sets.teach, sets.aside)
    session, _ = handwriting_class.unload(session)
    assert session.pooled is None
    child = places[0].seat.token
    assert "opens no class" in handwriting_class.load(child, Session())[1]  # a child's token: nothing


def test_the_offered_network_is_read_by_a_tablet_only_once_it_opts_in(store, shipped_recognizer):
    from digits.ui import handwriting_class

    key, code = start(collect=True)
    place, _, lesson = seated(code)
    teacher = Session()
    assert "Fine-tune" in handwriting_class.offer(key, teacher)  # nothing fine-tuned: nothing offered
    teacher.recognizer = shipped_recognizer  # as a fine-tune leaves it
    assert "Offered" in handwriting_class.offer(key, teacher)
    tablet = Session()
    lesson, _ = class_join.follow(place, lesson)
    assert place.network and class_pooled.offer_shown(place, tablet)["visible"]
    assert tablet.recognizer is None  # not until the child opts in
    box, said = class_pooled.use_network(True, place, tablet)
    assert tablet.recognizer is not None and tablet.class_network == place.network, said
    assert tablet.recognizer.model.output_shape[1:] == shipped_recognizer.model.output_shape[1:]
    class_pooled.use_network(False, place, tablet)  # the way back
    assert tablet.recognizer is None
    path = network_path(place.seat.class_id)
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")  # changed on disk: refused, one line
    box, said = class_pooled.use_network(True, place, tablet)
    assert box["value"] is False and "no longer offered" in said and tablet.recognizer is None
    class_pooled.use_network(False, place, tablet)
    # The teacher sends other settings: the offer stays; withdrawn: the tablets go back.
    class_teacher.send_settings(key, *settings.values_of(TRACE_3), True, False)
    lesson, _ = class_join.follow(place, lesson)
    assert place.network
    tablet.class_network, tablet.recognizer = place.network, shipped_recognizer
    handwriting_class.withdraw(key)
    lesson, _ = class_join.follow(place, lesson)
    assert not class_pooled.offer_shown(place, tablet)["visible"] and tablet.recognizer is None
    class_teacher.delete(key, len(settings.values_of(TRACE_3)) + 2)  # deleted: its network file too
    assert not path.exists() and not path.with_suffix(".json").exists()
