"""A writing lesson's round in every mode (digits/lesson/writing.py), judged from made-up readings.

No model is trained or loaded: a reading is a plain record of what a recognizer would say, so these
tests pin the lesson's own logic (what counts, what the log keeps, what the child is told).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from digits.lesson.formation import formation
from digits.lesson.teacher import TeacherSettings
from digits.lesson.writing import WritingLesson
from tests.lesson.test_formation import H, W, pad


@dataclass(frozen=True)
class Read:
    """What a recognizer says of one digit."""

    digit: int | None
    sure: bool = True
    mirrored: bool = False
    confidence: float = 0.99


@dataclass(frozen=True)
class ReadNumber:
    """What a recognizer says of a number: its digits, left to right."""

    digits: list = field(default_factory=list)
    other: list = field(default_factory=list)  # the other cut's digits, where it reads another number


def model_strokes(digit: int, backwards: bool = False) -> dict:
    """The model digit's own strokes as a pad value: a perfect trace (or one drawn from the wrong end)."""
    strokes = formation(digit).on_pad(W, H)
    return pad([s[::-1] for s in strokes] if backwards else strokes)


def free_lesson(**settings) -> WritingLesson:
    return WritingLesson(TeacherSettings(mode="free", digits=(2, 3, 5), length=3, **settings), seed=0)


def test_free_mode_right_digit_counts_once_with_its_stars():
    lesson = free_lesson()
    target = lesson.digit
    feedback, result = lesson.free(model_strokes(target), Read(target))
    assert feedback.correct and feedback.counted and feedback.stars == 3 and result.passed
    assert [(a.item, a.right, a.reversal) for a in lesson.log.attempts] == [(str(target), True, False)]
    assert lesson.again(model_strokes(target)) is feedback  # the same drawing checked again: not counted
    assert lesson.round.score == 1


def test_free_mode_a_wrong_reading_is_logged_wrong_and_gets_a_hint():
    lesson = free_lesson()
    target = lesson.digit
    other = next(d for d in range(10) if d != target)
    feedback, result = lesson.free(model_strokes(other), Read(other))
    assert not feedback.correct and feedback.counted and result is None
    assert lesson.log.attempts[-1].item == str(target) and not lesson.log.attempts[-1].right
    assert lesson.round.score == 0 and lesson.round.streak == 0


def test_free_mode_a_mirrored_reading_is_logged_as_a_reversal():
    lesson = free_lesson()
    target = lesson.digit
    lesson.free(model_strokes(target), Read(target, mirrored=True, sure=False))
    assert lesson.log.attempts[-1].reversal and not lesson.log.attempts[-1].right
    assert lesson.log.summary().items[0].reversals == 1


def test_free_mode_an_unsure_reading_is_gentle_and_nothing_read_is_not_a_try():
    lesson = free_lesson()
    target = lesson.digit
    unsure, _ = lesson.free(model_strokes(target), Read(target, sure=False, confidence=0.4))
    assert unsure.kind == "unsure"
    tries = lesson.round.tries
    empty, _ = lesson.free({"width": W, "height": H, "strokes": []}, Read(None))
    assert empty.kind == "empty" and not empty.counted and lesson.round.tries == tries


def test_strict_free_mode_a_slip_makes_a_right_digit_wrong():
    lesson = free_lesson(strict=True)
    target = lesson.digit
    feedback, result = lesson.free(model_strokes(target, backwards=True), Read(target))
    assert result.slip and not result.passed
    assert not feedback.correct and "look how it is written" in feedback.message
    relaxed = free_lesson()
    kind, _ = relaxed.free(model_strokes(target, backwards=True), Read(target))
    assert kind.correct and "Next time" in kind.message  # not strict: right, with the one thing to fix


def test_trace_mode_judges_the_strokes_alone():
    lesson = WritingLesson(TeacherSettings(mode="trace", digits=(5,), length=2), seed=0)
    good, result = lesson.trace(model_strokes(5))
    assert good.correct and good.stars == 3 and result.passed
    lesson.next()
    wrong_end, result = lesson.trace(model_strokes(5, backwards=True))
    assert result.issue == "start" and "top left" in wrong_end.message
    assert [a.right for a in lesson.log.attempts] == [True, result.passed]
    lesson.next()
    finished, _ = lesson.trace(model_strokes(5))
    assert finished.kind == "finished" and lesson.digit is None


def test_number_mode_reads_the_answer_left_to_right():
    lesson = WritingLesson(TeacherSettings(mode="sums", length=2), seed=0)
    answer = lesson.question.answer
    digits = [Read(int(c)) for c in str(answer)]
    right = lesson.answer({"strokes": "right"}, ReadNumber(digits))
    assert right.correct and right.counted and lesson.log.attempts[-1].item == str(answer)
    lesson.next()
    answer = lesson.question.answer
    off = (answer + 1) % 10 if answer < 10 else answer + 1
    wrong = lesson.answer({"strokes": "wrong"}, ReadNumber([Read(int(c)) for c in str(off)]))
    assert not wrong.correct and not lesson.log.attempts[-1].right
    unsure = lesson.answer({"strokes": "unsure"}, ReadNumber([Read(int(c), sure=False) for c in str(answer)]))
    assert unsure.kind in ("unsure", "correct")  # a right answer read unsurely is never marked wrong
    assert lesson.answer({"strokes": "none"}, ReadNumber([])).kind == "empty"


@dataclass(frozen=True)
class Doubt:
    """A digit read unsurely, with its likeliest digits."""

    digit: int
    second: int
    sure: bool = False
    mirrored: bool = False
    confidence: float = 0.5

    def top(self, k: int = 3) -> list[tuple[int, float]]:
        return [(self.digit, 0.5), (self.second, 0.4)][:k]


def test_a_number_round_with_an_unsure_digit_asks_to_confirm_and_the_summary_says_unsure():
    lesson = WritingLesson(TeacherSettings(mode="numbers", length=2), seed=0)
    answer = str(lesson.question.answer)
    first = int(answer[0])
    digits = [Doubt((first + 1) % 10, first)] + [Read(int(c)) for c in answer[1:]]
    feedback = lesson.answer({"strokes": "doubt"}, ReadNumber(digits))
    assert feedback.kind == "unsure" and feedback.counted and "Write it again if not" in feedback.message
    assert "not quite" not in feedback.message.lower() and "Nice try" not in feedback.message
    assert lesson.round.streak == 0 and lesson.round.score == 0  # neither right nor wrong
    item = lesson.log.summary().items[0]
    assert item.unsure == 1 and item.right == 0 and not item.hard
    assert "1 read unsurely" in lesson.log.summary().text()
    assert lesson.log.summary().to_csv().splitlines()[1].split(",")[:4] == [answer, "1", "0", "1"]


def test_a_number_the_other_cut_reads_right_is_unsure_in_the_summary_not_wrong():
    """Read surely as another number by one cut of the strokes, and as the answer by the other."""
    lesson = WritingLesson(TeacherSettings(mode="numbers", length=2), seed=0)
    answer = str(lesson.question.answer)
    off = [Read((int(answer[0]) + 1) % 10)] + [Read(int(c)) for c in answer[1:]]
    feedback = lesson.answer({"strokes": "cuts"}, ReadNumber(off, other=[Read(int(c)) for c in answer]))
    assert feedback.kind == "unsure" and "Write it again if not" in feedback.message
    assert lesson.log.summary().items[0].unsure == 1 and lesson.log.summary().items[0].right == 0


def test_a_number_game_tells_which_places_are_right_in_the_classs_language():
    """The short line heard, then the advice per place, both in French (issue #30: English-only before)."""
    lesson = WritingLesson(TeacherSettings(mode="numbers", length=4, language="French"), seed=0)
    while lesson.question.answer < 10:  # a number of two digits or more: places to tell apart
        lesson.next()
    answer = str(lesson.question.answer)
    off = answer[:-1] + str((int(answer[-1]) + 5) % 10)  # the ones wrong, the rest right
    feedback = lesson.answer({"strokes": "off"}, ReadNumber([Read(int(c)) for c in off]))
    head, tip = feedback.parts("French")
    assert feedback.kind == "wrong" and head == "Bien essayé ! Essaie encore une fois."
    assert tip.endswith("sont justes, regarde les unités."), tip
    assert "look at the ones" in feedback.message  # the API's message stays English
