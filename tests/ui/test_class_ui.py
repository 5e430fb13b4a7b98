"""The class's UI handlers (teacher tab, child's join row, dashboard) on a store in a temp DIGITS_DATA."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pytest

from digits.classroom import codes
from digits.classroom import store as stores
from digits.classroom.classes import rejoin
from digits.classroom.dashboard import board
from digits.classroom.schema import attempts, classes, seats
from digits.lesson.formation import formation
from digits.lesson.teacher import TeacherSettings
from digits.lesson.writing import WritingLesson
from digits.ui import class_join, class_teacher, practice
from digits.ui import practice_settings as settings
from digits.ui.class_board import board_html
from digits.ui.common import Session

W = H = 400
URL = "http://school.example:7860/"
CLASS_235 = TeacherSettings(digits=(2, 3, 5), length=6, mode="trace")
MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>"
SQL = "'; DROP TABLE classes; --"


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The app's default store, opened afresh in this test's own DIGITS_DATA."""
    monkeypatch.setenv("DIGITS_DATA", str(tmp_path))
    monkeypatch.delenv("DIGITS_DATABASE_URL", raising=False)
    stores.DEFAULT.forget()
    codes.GUARD.forget()
    yield stores.default_store()
    stores.DEFAULT.get().close()
    stores.DEFAULT.forget()
    codes.GUARD.forget()


def request(session_hash: str = "page-1", query: dict | None = None):
    return SimpleNamespace(session_hash=session_hash, client=SimpleNamespace(host="10.0.0.7"),
                           query_params=query or {})  # fmt: skip


def values(chosen: TeacherSettings = CLASS_235, collect: bool = False, adaptive: bool = False) -> list:
    return [*settings.values_of(chosen), collect, adaptive]


def start(chosen: TeacherSettings = CLASS_235):
    """The teacher presses Start: (key, code, the outputs)."""
    out = class_teacher.start(URL, *values(chosen))
    key = out[0]
    code = out[1].removeprefix("<div class='big-code'>").removesuffix("</div>")
    return key, code, out


def seated(code: str, page: str = "page-1"):
    """A child joins and follows once: the page's place, token and lesson."""
    out = class_join.join_class(code, None, request(page))
    place, token = out[0], out[1]
    assert place.seat is not None, out[2]
    lesson, _ = class_join.follow(place, WritingLesson())
    return place, token, lesson


def traced(digit: int, mirrored: bool = False) -> dict:
    """The model digit written over (left-right mirrored if asked), as the pad sends it."""
    strokes = formation(digit).on_pad(W, H)
    if mirrored:
        strokes = [[(W - x, y) for x, y in s] for s in strokes]
    t, out = 0, []
    for s in strokes:
        pts = []
        for x, y in s[:: max(1, len(s) // 25)]:
            pts.append([float(x), float(y), t])
            t += 10
        out.append(pts)
    return {"width": W, "height": H, "strokes": out}


def test_starting_shows_the_code_the_qr_of_the_join_link_and_keeps_the_key(store):
    key, code, out = start()
    assert codes.normal_code(code) == code
    assert "<svg" in out[2] and f"{URL}?class={code}" in out[2]
    assert out[3] == key and len(key) >= 32  # the key box of the teacher's own page
    assert isinstance(out[5], gr.Timer) and out[5].active
    assert out[6] == ["2", "3", "5"] and out[8] == "trace"  # the settings sent are shown


def test_a_child_joins_follows_the_teachers_settings_and_its_checks_reach_the_board(store):
    key, code, _ = start()
    place, token, lesson = seated(code)
    assert lesson.settings.digits == (2, 3, 5) and lesson.mode == "trace"
    assert set(lesson.round.targets) <= {2, 3, 5}
    assert class_join.follow(place, lesson)[0] is None  # nothing changed: no new round
    target = lesson.round.target
    shown = practice.check_drawing(traced(target), lesson, False, Session(), place)
    assert "⭐" in shown[1] or shown[1]
    html, problem, mark = class_teacher.refresh(key, False, None)
    assert f"data-item='{target}'" in html and "1/1" in html
    assert class_teacher.refresh(key, False, mark)[0] == gr.skip()  # nothing new: not drawn again
    # The teacher changes the settings mid-round: the child's next tick starts a round with them.
    class_teacher.send_settings(key, *values(TeacherSettings(digits=(7,), mode="free")))
    new, _ = class_join.follow(place, lesson)
    assert new.settings.digits == (7,) and new.mode == "free"


def test_two_overlapping_follows_start_one_round_not_two(store):
    """A join's follow and the timer's tick at once: both were given the page's round from before."""
    _, code, _ = start()
    out = class_join.join_class(code, None, request())
    place, stale = out[0], WritingLesson()
    first, _ = class_join.follow(place, stale)
    assert first is not None and first.settings.digits == (2, 3, 5)
    assert class_join.follow(place, stale)[0] is first  # the second saw the round before: shown again
    assert place.rounds == 2 and class_join.follow(place, first)[0] is None
    mine = WritingLesson(TeacherSettings(digits=(1,)), seed=first.seed + 1)  # the child's own round after
    assert class_join.follow(place, mine)[0].settings.digits == (2, 3, 5)  # the class's settings again


def test_a_check_that_overlapped_the_teachers_new_round_is_judged_on_the_round_the_page_shows(store):
    """The teacher's round arrives while a Check of the old one is in flight: that Check writes the old
    lesson back over the new round. The page shows the new round (its pad says so): the next Check is
    judged on it, and the follow puts it back in the page's State."""
    key, code, _ = start(TeacherSettings(digits=(2,), length=3, mode="trace"))
    place, _, old = seated(code)
    class_teacher.send_settings(key, *values(TeacherSettings(digits=(5,), length=3, mode="trace")))
    new, _ = class_join.follow(place, old)
    assert new.round.target == 5
    ink = {**traced(5), "n": new.prompt_id}  # drawn over the 5 the page shows
    shown = practice.check_drawing(ink, old, False, Session(), place)  # the State still held the 2s
    assert shown[2] is new and len(new.log.attempts) == 1 and not old.log.attempts
    assert board(store, key).cells[(place.seat.number, "5")].right == 1
    assert class_join.follow(place, old)[0] is new  # the State overwritten: the class's round back
    unnumbered = practice.check_drawing(traced(2), old, False, Session(), place)  # an API call: as given
    assert unnumbered[2] is old


def test_a_backwards_3_is_stored_as_a_reversal(store):
    key, code, _ = start(TeacherSettings(digits=(3,), length=3, mode="trace"))
    place, _, lesson = seated(code)
    practice.check_drawing(traced(3, mirrored=True), lesson, False, Session(), place)
    shown = board(store, key)
    cell = shown.cells[(place.seat.number, "3")]
    assert cell.reversals == 1 and cell.right == 0
    assert "1 backwards" in board_html(shown)


def test_the_same_drawing_checked_twice_is_stored_once(store):
    key, code, _ = start(TeacherSettings(digits=(3,), length=3, mode="trace"))
    place, _, lesson = seated(code)
    for _ in range(2):
        practice.check_drawing(traced(3), lesson, False, Session(), place)
    assert board(store, key).checks == 1


def test_a_reload_comes_back_to_the_seat_and_a_link_fills_the_code(store):
    _, code, _ = start()
    place, token, _ = seated(code)
    again = class_join.arrive(token, None)
    assert again[0].seat.seat_id == place.seat.seat_id and again[1] == token
    assert class_join.arrive(token, again[0])[1] == gr.skip()  # the seat this page has: nothing to do
    assert class_join.arrive(class_join.FORGOTTEN, None)[0].seat is None
    fresh = class_join.link_code(None, request("page-3", {"class": code}))
    assert fresh[0]["value"] == code and "Join" in fresh[1]
    assert class_join.link_code(again[0], request("page-3", {"class": code})) == (gr.skip(), gr.skip())


def test_deleting_the_class_tells_the_child_and_removes_every_row(store):
    key, code, _ = start()
    place, token, lesson = seated(code)
    practice.check_drawing(traced(lesson.round.target), lesson, False, Session(), place)
    out = class_teacher.delete(key, len(values()))
    assert out[0] == class_join.FORGOTTEN and "deleted" in out[4]  # the key forgotten in this browser
    with store.begin(write=False) as conn:
        for table in (classes, seats, attempts):
            assert conn.execute(table.select()).first() is None
    new, shown = class_join.follow(place, lesson)
    assert new is None and shown[1] == class_join.FORGOTTEN and "deleted the class" in shown[2]
    assert "deleted" in class_join.arrive(token, None)[2]


def test_an_ended_class_is_said_plainly_to_the_child_and_to_a_new_joiner(store):
    key, code, _ = start()
    place, _, lesson = seated(code)
    class_teacher.end(key)
    _, shown = class_join.follow(place, lesson)
    assert "ended the class" in shown[2] and place.seat is None and shown[1] == class_join.FORGOTTEN
    assert "has ended" in class_join.join_class(code, None, request("page-9"))[2]


def test_the_key_box_opens_the_class_on_another_device(store):
    key, code, _ = start()
    out = class_teacher.reopen("https://other/", key, len(values()), typed=True)
    assert code in out[1] and out[0] == key
    nothing = class_teacher.reopen("https://other/", "not-a-key-at-all", len(values()), typed=True)
    assert nothing[1] == "" and "opens no class" in nothing[4]


def test_names_are_shown_only_on_the_dashboard_and_hidden_on_request(store):
    key, code, _ = start()
    place, _, _ = seated(code)
    html, line, mark = class_teacher.name(key, place.seat.number, "Maria-José", False, None)
    assert "Maria-José" in html
    assert "Maria-José" not in class_teacher.refresh(key, True, mark)[0]
    child_side = [
        class_join.follow(place, WritingLesson()),
        class_join.arrive(place.seat.token, None),
    ]
    assert "Maria" not in repr(child_side) and key not in repr(child_side)


def test_the_lesson_downloads_as_csv(store, tmp_path, monkeypatch):
    from digits.serve import compat

    monkeypatch.setattr(compat, "cache_folder", lambda: tmp_path / "cache")
    key, code, _ = start()
    place, _, lesson = seated(code)
    practice.check_drawing(traced(lesson.round.target), lesson, False, Session(), place)
    path = class_teacher.csv_file(key, Session(), request())
    text = open(path, encoding="utf-8").read()
    assert text.splitlines()[0].startswith("time_utc,seat") and len(text.splitlines()) == 2


def test_the_settings_widgets_round_trip():
    chosen = TeacherSettings(
        digits=(0, 9), length=12, mode="sums", language="French", sound=False, strict=True
    )
    assert settings.settings_from(*settings.values_of(chosen)) == chosen


def test_the_join_link_never_carries_what_the_page_address_had():
    assert class_teacher.join_link("https://s.example/app/?view=child#x", "KX4-9TB") == (
        "https://s.example/app/?class=KX4-9TB"
    )
    assert class_teacher.join_link("javascript:alert(1)", "KX4-9TB") == "?class=KX4-9TB"


# ---------------------------------------------------------------- security


def test_a_childs_token_opens_no_dashboard_and_no_csv(store):
    key, code, _ = start()
    place, token, lesson = seated(code)
    practice.check_drawing(traced(lesson.round.target), lesson, False, Session(), place)
    html, _, _ = class_teacher.refresh(token, False, None)
    assert "opens no class" in html and "<img" not in html and "<table" not in html
    assert class_teacher.reopen(URL, token, len(values()), typed=True)[1] == ""
    with pytest.warns(UserWarning, match="opens no class"):
        assert class_teacher.csv_file(token, Session(), request()) is None
    assert "opens no class" in class_teacher.delete(token, len(values()))[4]
    assert board(store, key).checks == 1  # nothing deleted


def test_a_child_page_sees_only_its_own_seat(store):
    key, code, _ = start()
    mine, _, lesson = seated(code, "page-1")
    other, _, other_lesson = seated(code, "page-2")
    practice.check_drawing(traced(other_lesson.round.target), other_lesson, False, Session(), other)
    shown = repr([class_join.follow(mine, lesson), mine.public(), class_join.arrive(mine.seat.token, None)])
    assert other.seat.token not in shown and "strokes" not in shown and key not in shown
    assert f"seat {mine.seat.number}" in mine.public() and f"seat {other.seat.number}" not in mine.public()


@pytest.mark.parametrize("text", [MARKUP, SQL, "x" * 10_000])
def test_markup_sql_and_huge_text_in_every_field_is_one_escaped_line(store, text):
    key, code, _ = start()
    place, _, _ = seated(code)
    lines = [
        class_join.join_class(text, None, request("page-x"))[2],
        class_join.pick_avatar(text, "red", place)[1],
        class_join.pick_avatar("cat", text, place)[1],
        class_teacher.name(key, place.seat.number, text, False, None)[1],
        class_teacher.name(key, text, "Ana", False, None)[1],
        class_teacher.reopen(URL, text, len(values()), typed=True)[4],
        class_teacher.refresh(text, False, None)[0],
    ]
    for shown in lines:
        assert shown.startswith("<p class='class-line'>") and shown.count("<p") == 1, shown[:200]
        assert "<script" not in shown and "<img" not in shown and len(shown) < 400, shown[:200]
    with store.begin(write=False) as conn:
        assert conn.execute(classes.select()).first() is not None  # the SQL-looking text was only text
    assert rejoin(store, place.seat.token).avatar == place.seat.avatar


def test_a_name_stored_with_markup_is_escaped_on_the_board(store):
    key, code, _ = start()
    place, _, _ = seated(code)
    with store.begin() as conn:  # past the name check, as a tampered database would hold it
        conn.execute(seats.update().values(name=MARKUP[:40]))
    html = class_teacher.refresh(key, False, None)[0]
    assert "<script" not in html and "&lt;script&gt;" in html


def test_guessing_codes_is_refused_after_a_few_wrong_tries(store):
    _, code, _ = start()
    for i in range(codes.JOIN_TRIES):
        assert "not a class" in class_join.join_class(f"ZZZ-ZZ{i + 2}", None, request("guesser"))[2]
    refused = class_join.join_class(code, None, request("guesser"))
    assert refused[0].seat is None and "Too many wrong codes" in refused[2]
    assert class_join.join_class(code, None, request("another-page"))[0].seat is not None


def test_a_store_that_cannot_open_is_one_line_for_child_and_teacher(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DIGITS_DATA", str(blocker / "inside"))
    monkeypatch.delenv("DIGITS_DATABASE_URL", raising=False)
    stores.DEFAULT.forget()
    try:
        assert class_join.join_class("KX4-9TB", None, request())[2] == class_join.line(class_join.AWAY)
        assert class_teacher.start(URL, *values())[4] == class_join.line(class_teacher.AWAY)
    finally:
        stores.DEFAULT.forget()


def test_a_locked_database_is_one_line_on_the_dashboard_and_no_check_is_lost(store):
    import sqlite3

    key, code, _ = start(TeacherSettings(digits=(3,), length=3, mode="trace"))
    place, _, lesson = seated(code)
    other = sqlite3.connect(store.url.database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        practice.check_drawing(traced(3), lesson, False, Session(), place)  # answered: it waits in memory
        html, problem, _ = class_teacher.refresh(key, False, None)
        assert "1 Check waits" in problem and problem.count("<p") == 1, problem
    finally:
        other.rollback()
        other.close()
    assert store.wait_written(10)
    html, problem, _ = class_teacher.refresh(key, False, None)
    assert "data-checks='1'" in html and problem == ""


def test_old_classes_are_deleted_when_the_app_starts_serving(store, monkeypatch, capsys):
    import app
    from digits.classroom.classes import start_class

    monkeypatch.setenv("DIGITS_KEEP_DAYS", "30")
    old = start_class(store, now=store.clock() - 31 * 86_400)
    new = start_class(store)
    app.forget_old_classes()
    assert "1 classes older than 30 days deleted" in capsys.readouterr().out
    with store.begin(write=False) as conn:
        assert [r.code for r in conn.execute(classes.select())] == [new.code]
    assert old.code != new.code
