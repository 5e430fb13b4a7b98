"""One voice for a reading (issue #30, item 3): reversals named, no praise beside a correction.

The stars shown are this try's. Made-up readings only: no model is loaded.
"""

from __future__ import annotations

import re

import pytest

from digits.languages import LANGUAGES
from digits.lesson.practice import PracticeRound
from digits.lesson.teacher import TeacherSettings
from digits.lesson.writing import WritingLesson
from tests.lesson.test_formation import H, W, pad
from tests.lesson.test_writing import Read, ReadNumber, model_strokes

PRAISE = re.compile(r"\b(well done|brilliant|perfect|great|star|spot on|beautiful)\b", re.I)


def lesson_of(digit: int, mode: str = "free", **settings) -> WritingLesson:
    return WritingLesson(TeacherSettings(mode=mode, digits=(digit,), length=2, **settings), seed=0)


def test_a_mirrored_7_in_free_mode_is_named_backwards_without_praise_or_stars():
    lesson = lesson_of(7)
    said, _ = lesson.free(model_strokes(7), Read(7, mirrored=True))
    assert said.kind == "backwards" and not said.correct and said.counted and said.stars == 0
    assert said.message.startswith("That's a 7, written backwards!")
    assert not PRAISE.search(said.message) and "spot on" not in said.message
    assert said.said() == "That's a 7, written backwards!"
    item = lesson.log.summary().items[0]
    assert item.reversals == 1 and item.right == 0  # the summary says what the child was told
    assert lesson.round.streak == 0 and lesson.round.score == 0


def test_a_mirrored_digit_keeps_the_streak_like_an_unsure_one():
    r = PracticeRound(targets=[3, 7])
    r.check(Read(3))
    r.next()
    said = r.check(Read(7, mirrored=True))
    assert said.kind == "backwards" and r.streak == 1 and r.tries == 1


def test_strokes_drawn_as_a_mirror_image_are_named_backwards_too():
    from digits.lesson.formation import formation

    mirror = [s * (-1, 1) + (W, 0) for s in formation(5).on_pad(W, H)]
    lesson = lesson_of(5)
    said, result = lesson.free(pad(mirror), Read(5))
    assert result.issue == "mirror"
    assert said.kind == "backwards" and "written backwards" in said.message and said.stars == 0


def test_a_right_digit_with_a_slip_gets_a_plain_yes_and_the_tip_never_praise():
    lesson = lesson_of(5)
    said, result = lesson.free(model_strokes(5, backwards=True), Read(5))
    assert result.slip and said.correct
    assert said.message.startswith("That's a 5! Next time: ") and not PRAISE.search(said.message)
    assert said.stars == result.stars < 3  # a slip costs stars, as in trace mode
    clean = lesson_of(5)
    praised, _ = clean.free(model_strokes(5), Read(5))
    assert PRAISE.search(praised.message) and "Next time" not in praised.message and praised.stars == 3


def test_trace_shows_this_tries_stars_beside_its_advice_not_the_best_kept():
    lesson = lesson_of(5, "trace")
    best, _ = lesson.trace(model_strokes(5))
    assert best.correct and best.stars == 3
    worse, result = lesson.trace(model_strokes(5, backwards=True))
    assert worse.stars == result.stars < 3 and lesson.round.stars == 3  # the best is kept for the summary
    assert not worse.correct and "Good try!" in worse.message and not PRAISE.search(worse.message)


def test_a_wrong_digit_is_encouraged_with_a_short_line_and_the_specific_hint():
    r = PracticeRound(targets=[7])
    said = r.check(Read(1))
    assert said.said() == "Nice try! That looks like a 1."
    assert "top line" in said.message and not PRAISE.search(said.message)


def _words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize("language", [n for n, lang in LANGUAGES.items() if lang.code not in ("zh",)])
def test_every_spoken_line_is_short_in_every_language(language):
    """A child of five listens: the line said after Check is at most about eight words."""
    lesson = WritingLesson(TeacherSettings(mode="free", digits=(7,), length=9, language=language), seed=0)
    tries = [Read(7), Read(1), Read(7, sure=False), Read(7, mirrored=True), Read(None)]
    said = [lesson.round.check(t).said(language) for t in tries]
    sums = WritingLesson(TeacherSettings(mode="sums", length=2, language=language), seed=0)
    answer = sums.question.answer
    said.append(sums.answer({"s": 1}, ReadNumber([Read(int(c)) for c in str(answer)])).said(language))
    said.append(sums.answer({"s": 2}, ReadNumber([Read(int(c)) for c in str(answer + 5)])).said(language))
    assert all(s and _words(s) <= 9 for s in said), said


def test_french_and_arabic_lines_are_in_that_language():
    r = PracticeRound(targets=[7])
    backwards = r.check(Read(7, mirrored=True))
    assert backwards.said("French") == "C'est un 7, écrit à l'envers !"
    assert backwards.shown("Arabic").startswith("هذا هو الرقم 7، مكتوب بالمقلوب!")
    wrong = r.check(Read(1))
    assert wrong.shown("French").startswith("Bien essayé ! On dirait un 1.")
    assert "trait bien net en haut" in wrong.shown("French")  # the specific hint, in French
    other = PracticeRound(targets=[2]).check(Read(8))  # no specific hint for this mix-up: the generic one
    assert other.shown("French").endswith("Regarde le grand 2 en haut, et essaie encore. Tu peux le faire !")
