"""A read's questions apart from its networks: the same readings, in arrays that travel between processes."""

from __future__ import annotations

import pickle

from digits.read import asked
from tests.strokes import pad_value

DOT = {"width": 400, "height": 400, "strokes": [[[200, 200, 0]]]}


def seventy_four() -> dict:
    """A 7 and a 4 drawn side by side on one pad."""
    value = {"width": 400, "height": 300, "strokes": []}
    for i, d in enumerate((7, 4)):
        one = pad_value(d, side=200)
        value["strokes"] += [[[x + 200 * i, y + 50, t] for x, y, t in s] for s in one["strokes"]]
    return value


def test_answering_the_questions_is_reading_the_strokes(shipped_recognizer):
    value = seventy_four()
    question = pickle.loads(pickle.dumps(asked.ask_strokes(value)))  # as a preparer sends it
    whole, number = shipped_recognizer.answer(question)
    alone_whole, alone = shipped_recognizer.read_both_strokes(value)
    assert number.number == alone.number == "74"
    assert number.to_dict(whole) == alone.to_dict(alone_whole)


def test_each_framed_input_and_pen_trajectory_is_asked_once_laid_out_by_plan():
    question = asked.ask_strokes(seventy_four())
    inputs = question.inputs()
    assert question.status == "read" and question.whole is not None
    assert inputs.shape[1:] == (28, 28) and len(inputs) >= 3  # the whole ink, then each plan's digits
    assert len(question.plans) == len(question.pen) == 2  # the pen's cut, then the picture's
    pen_digits = [d for plan in question.pen for got in plan for d in got or []]
    assert question.features.shape[0] == len(pen_digits) >= 2
    without_pen = asked.ask_strokes(seventy_four(), pen=False)
    assert without_pen.features is None and (without_pen.inputs() == inputs).all()


def test_a_dot_and_an_empty_pad_ask_nothing(shipped_recognizer):
    assert asked.ask_strokes(DOT).status == "dot"
    empty = asked.ask_strokes({"width": 400, "height": 400, "strokes": []})
    assert empty.status == "nothing" and empty.inputs() is None
    whole, number = shipped_recognizer.answer(asked.ask_strokes(DOT))
    assert whole.digit is None and whole.ink and number.ink and not number.digits
