"""A 1 with a long flag against a 7: the stroke's shape (digits/read/flag_one.py) and its use in numbers."""

from __future__ import annotations

import numpy as np

from digits.lesson.games import Question, check
from digits.read.flag_one import SHAPE, features, weigh
from tests.read.test_stroke_order import line
from tests.read.test_stroke_order import value as pad_value


def flagged_one(x: float, run: float = 45, rise: float = 5) -> np.ndarray:
    """Up-right along a long, nearly flat flag, then straight down: as much of Europe writes a 1."""
    return line((x, rise), (x + run, 0), (x + run + 2, 100))


def seven(x: float) -> np.ndarray:
    """A bar from the top-left, then down and to the left."""
    return line((x, 0), (x + 60, 0), (x + 25, 100))


def sure_seven() -> np.ndarray:
    p = np.full(10, 1e-4, np.float32)
    p[7] = 1 - p.sum() + 1e-4
    return p


def test_the_shape_tells_a_flagged_one_from_a_seven():
    assert SHAPE.probability(features([flagged_one(0)])) >= 0.5
    assert SHAPE.probability(features([seven(0)])) < 0.5
    assert features([line((0, 0), (0, 100))]) is None  # a plain stroke has no corner to weigh
    assert features([seven(0), line((20, 50), (50, 50))]) is None  # a crossed 7: never a 1


def test_a_sure_seven_shaped_like_a_flagged_one_becomes_unsure_with_one_its_alternative():
    p = weigh(sure_seven(), [flagged_one(0)])
    assert int(p.argmax()) == 7 and p.max() < 0.7 and 0.1 <= p[1] < p[7]
    assert abs(float(p.sum()) - 1) < 1e-5
    assert np.array_equal(weigh(sure_seven(), [seven(0)]), sure_seven())  # a 7 as written: unchanged
    four = np.roll(sure_seven(), -3)  # read as 4: the shape is only weighed on 7s
    assert np.array_equal(weigh(four, [flagged_one(0)]), four)


def value(*strokes) -> dict:
    return pad_value(*strokes, width=500)


def test_a_flagged_one_is_read_as_one_and_a_seven_as_seven(shipped_recognizer):
    steeper = flagged_one(0, run=40, rise=12)
    number = shipped_recognizer.read_number_strokes(value(steeper, seven(90)))
    assert number.number == "17"
    assert number.digits[1].sure  # the real 7 is not doubted
    seventy = shipped_recognizer.read_number_strokes(value(seven(0), line((100, 0), (100, 100))))
    assert seventy.number == "71" and seventy.digits[0].sure


def test_a_nearly_flat_flag_read_as_seven_asks_the_child_to_confirm_instead_of_not_quite(shipped_recognizer):
    number = shipped_recognizer.read_number_strokes(value(flagged_one(0), seven(100)))
    first = number.digits[0]
    if number.number == "17":
        return  # read right outright: nothing to confirm
    assert first.digit == 7 and not first.sure and 1 in [d for d, p in first.top(3) if p >= 0.1]
    feedback = check(Question("hear", 17, "Write the number you hear.", "17"), number.digits)
    assert feedback.unsure and feedback.confirm == (0,) and "Is this a 1?" in feedback.message
