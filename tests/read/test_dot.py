"""Only a dot: a tap or a fingertip's wiggle, small for its pad, is never a digit, a number or a reversal."""

from __future__ import annotations

import numpy as np
import pytest

from digits.read import strokes
from digits.read.dot import DOT_SHARE, image_dot
from tests.strokes import DIGIT_STROKES

PADS = [(350, 350), (700, 700), (560, 476), (1240, 420)]  # phone, tablet, desktop, a wide projector pad


def wiggle(width: float, height: float, span: float, seed: int = 0, n: int = 12) -> dict:
    """A fingertip's tap: n points wandering within `span` px around a point of the pad."""
    at = np.array([0.4 * width, 0.6 * height])
    xy = at + np.random.default_rng(seed).uniform(0, span, (n, 2))
    xy[0], xy[1] = at, at + span  # the whole span, in both directions
    return {"width": width, "height": height, "strokes": [[[x, y, 8 * i] for i, (x, y) in enumerate(xy)]]}


def digit(width: float, height: float, d: int, size: float) -> dict:
    """tests/strokes' digit d drawn `size` of the pad's shorter side, as the browser tests draw it."""
    side = min(width, height) * size
    return {
        "width": width,
        "height": height,
        "strokes": [[[width / 3 + x * side, height / 3 + y * side] for x, y in s] for s in DIGIT_STROKES[d]],
    }


@pytest.mark.parametrize("pad", PADS)
@pytest.mark.parametrize("span", [0, 2, 5, 8])
def test_a_tap_or_a_wiggle_is_only_a_dot(pad, span):
    for seed in range(3):
        value = wiggle(*pad, span, seed)
        assert strokes.only_a_dot(value) and strokes.picture(value) is None, (pad, span, seed)


@pytest.mark.parametrize("pad", PADS)
def test_the_smallest_digit_and_a_short_1_are_not_dots(pad):
    for d in range(10):
        value = digit(*pad, d, size=0.1)  # the Draw tab's browser test draws a 4 this small
        assert not strokes.only_a_dot(value) and strokes.picture(value) is not None, (pad, d)
    assert not strokes.only_a_dot({"width": 400, "height": 400, "strokes": [[[200, 100], [200, 118]]]})


def test_the_share_is_of_the_pads_shorter_side_and_several_taps_count_together():
    assert strokes.only_a_dot({"width": 2000, "height": 200, "strokes": [[[10, 10], [10, 17]]]})
    assert not strokes.only_a_dot({"width": 2000, "height": 200, "strokes": [[[10, 10], [10, 19]]]})
    taps = [[[100, 100]], [[300, 300]]]  # two taps far apart: not one dot (two dots read as a digit or not)
    assert not strokes.only_a_dot({"width": 400, "height": 400, "strokes": taps})
    assert not strokes.only_a_dot({"width": 400, "height": 400, "strokes": []})  # nothing is not a dot
    assert strokes.only_a_dot({"width": 400, "height": 400, "strokes": [[[-50, -50], [-10, -30]]]})  # clamped


def test_an_images_ink_small_for_its_page_is_a_dot():
    page = np.zeros((500, 600), np.float32)
    page[240:258, 300:315] = 1.0  # an 18 px blob on a 500 px page: 3.6%
    assert image_dot(page)
    page[240:262, 300:302] = 1.0  # a 22 px line: 4.4%, thin enough to be a 1
    assert not image_dot(page) and not image_dot(np.zeros((50, 50), np.float32))
    assert DOT_SHARE * 500 == pytest.approx(20)


@pytest.mark.parametrize("pad", [(390, 390), (700, 700)])
def test_the_reader_the_api_and_the_draw_tab_say_only_a_dot(shipped_recognizer, pad):
    from digits.read.reading import ONLY_A_DOT
    from digits.ui import draw

    for span in (2, 5, 8):
        for seed in range(4):
            value = wiggle(*pad, span, seed)
            whole, number = shipped_recognizer.read_both_strokes(value)
            assert whole.digit is None and number.number is None and not number.mirrored, (span, seed)
            assert whole.message == number.message == ONLY_A_DOT
            assert shipped_recognizer.read_strokes(value).message == ONLY_A_DOT
            assert shipped_recognizer.read_number_strokes(value).message == ONLY_A_DOT
            api = draw.read_strokes(value)
            assert api["digit"] is None and api["number"] is None and api["message"] == ONLY_A_DOT
            answer, _, _ = draw.read_drawing(value, None)
            assert "only a dot" in answer and "backwards" not in answer


def test_an_image_of_a_wiggled_tap_is_only_a_dot(shipped_recognizer):
    from digits.read.reading import ONLY_A_DOT

    page = np.full((700, 700, 3), 255, np.uint8)
    page[400:412, 300:325] = 0  # a 25 x 12 px smudge on a 700 px page (a thick pen's tap): 3.6%
    page[395:420, 305:309] = 0  # ... and a flick down: 25 px too
    whole, number = shipped_recognizer.read_both(page)
    assert whole.digit is None and whole.message == number.message == ONLY_A_DOT
