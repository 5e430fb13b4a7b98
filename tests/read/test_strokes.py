"""Strokes: the browser tests' mouse paths, and the one renderer (digits/strokes.py) they go through."""

import math

import numpy as np
import pytest

from digits.read import strokes
from digits.read.preprocess import frame
from digits.train.data import load_pen_digits
from digits.train.sketch import Style, draw_strokes
from tests.conftest import PEN
from tests.strokes import DIGIT_STROKES, pad_value, render


@pytest.mark.parametrize("digit", sorted(DIGIT_STROKES))
def test_each_mouse_path_reads_as_its_digit(shipped_recognizer, digit):
    reading = shipped_recognizer.read(render(digit))
    assert reading.digit == digit, reading.top(3)


@pytest.mark.parametrize("digit", sorted(DIGIT_STROKES))
def test_each_mouse_path_reads_as_its_digit_through_strokes(shipped_recognizer, digit):
    reading = shipped_recognizer.read_strokes(pad_value(digit))
    assert reading.digit == digit and reading.sure, reading.top(3)


def test_the_mask_does_not_depend_on_the_pads_size():
    small, big = strokes.mask(pad_value(2, side=200)), strokes.mask(pad_value(2, side=1600))
    assert small.dtype == np.float32 and 0 < small.max() <= 1
    assert abs(small.shape[0] - big.shape[0]) <= 2 and abs(small.shape[1] - big.shape[1]) <= 2
    assert np.abs(frame(small) - frame(big)).mean() < 0.02


def test_the_mask_is_small_and_its_stroke_follows_the_digits_height():
    m = strokes.mask(pad_value(1, side=2000))
    assert max(m.shape) < 200  # rendered at a working size, not the 2000-pixel pad
    ink_rows = np.flatnonzero(m.max(axis=1) > 0.5)
    assert abs((ink_rows[-1] - ink_rows[0]) - strokes.DIGIT_PX) <= strokes.STROKE * strokes.DIGIT_PX + 2
    middle = m[m.shape[0] // 2]
    width = int((middle > 0.5).sum())
    assert abs(width - strokes.STROKE * strokes.DIGIT_PX) <= 2


def test_a_number_keeps_its_digits_apart(shipped_recognizer):
    value = {"width": 800, "height": 300, "strokes": []}
    for i, d in enumerate([1, 9, 8, 7]):
        one = pad_value(d, side=200)
        value["strokes"] += [[[x + 200 * i, y + 50, t] for x, y, t in s] for s in one["strokes"]]
    assert shipped_recognizer.read_number_strokes(value).number == "1987"


def test_nothing_drawn_and_taps():
    assert strokes.mask({"width": 300, "height": 300, "strokes": []}) is None
    assert strokes.mask({"width": 300, "height": 300, "strokes": [[]]}) is None
    dot = strokes.mask({"width": 300, "height": 300, "strokes": [[[150, 150]]]})
    assert dot is not None and dot.max() == 1.0  # a tap leaves a round dot, read as no digit
    assert frame(dot) is None


def test_points_off_the_pad_are_clamped_to_its_edges():
    inside = pad_value(7, side=400)
    outside = {**inside, "strokes": [[[x * 1.5 - 100, y, t] for x, y, t in s] for s in inside["strokes"]]}
    assert strokes.mask(outside) is not None


def test_t_is_optional():
    value = pad_value(3)
    no_t = {**value, "strokes": [[[x, y] for x, y, _ in s] for s in value["strokes"]]}
    assert np.array_equal(strokes.mask(value), strokes.mask(no_t))


BAD = [
    ("not a dict", "a dict"),
    ([[1, 2]], "a dict"),
    ({"width": 300, "height": 300, "strokes": "abc"}, "list of strokes"),
    ({"width": -5, "height": 300, "strokes": []}, "width must be"),
    ({"width": 300, "height": 0, "strokes": []}, "height must be"),
    ({"width": float("nan"), "height": 300, "strokes": []}, "width must be"),
    ({"width": "300", "height": 300, "strokes": []}, "width must be"),
    ({"width": 1e9, "height": 300, "strokes": []}, "width must be"),
    ({"height": 300, "strokes": []}, "width must be"),
    ({"width": 300, "height": 300, "strokes": [[[math.nan, 1]]]}, "NaN"),
    ({"width": 300, "height": 300, "strokes": [[[1e30, 1]]]}, "far-off"),
    ({"width": 300, "height": 300, "strokes": [[[math.inf, 1, 0]]]}, "NaN"),
    ({"width": 300, "height": 300, "strokes": [[[1, 2]]] * 10_000}, "Too many strokes"),
    ({"width": 300, "height": 300, "strokes": [[[1, 2]] * 1_000_000]}, "Too many points"),
    ({"width": 300, "height": 300, "strokes": [[1, 2, 3]]}, "[x, y]"),
    ({"width": 300, "height": 300, "strokes": [[[[1, 2]]]]}, "[x, y]"),
    ({"width": 300, "height": 300, "strokes": [[[1, 2], [3]]]}, "[x, y]"),
    ({"width": 300, "height": 300, "strokes": [[[1, "a"]]]}, "[x, y]"),
    ({"width": 300, "height": 300, "strokes": [[[None, 2]]]}, "NaN"),
    ({"width": 300, "height": 300, "strokes": [[[1, 2, 3, 4]]]}, "[x, y]"),
    ({"width": 300, "height": 300, "strokes": [5]}, "Each stroke"),
]


@pytest.mark.parametrize(("value", "words"), BAD, ids=range(len(BAD)))
def test_bad_values_are_one_plain_line(value, words):
    with pytest.raises(strokes.BadStrokes) as info:
        strokes.mask(value)
    message = str(info.value)
    assert words in message and "\n" not in message and len(message) < 200


@pytest.fixture(scope="module")
def pen():
    if not PEN.is_file():
        pytest.skip(f"{PEN} (the pen digits) is not on this machine")
    return load_pen_digits(PEN)


def test_pen_digits_become_pad_values_that_read_right(pen, shipped_recognizer):
    right = 0
    for i in range(0, 400, 20):
        value = strokes.pen_value(pen.strokes[i], side=500)
        pts = np.concatenate([np.array(s) for s in value["strokes"]])
        assert value["width"] == value["height"] == 500 and pts[:, :2].min() >= 0 and pts[:, :2].max() <= 500
        assert np.all(np.diff(pts[:, 2]) > 0)  # time goes on across strokes
        right += shipped_recognizer.read_strokes(value).digit == pen.labels[i]
    assert right >= 18


def test_a_pen_number_reads_digit_by_digit(pen, shipped_recognizer):
    picks = [i for i in range(200) if pen.labels[i] in (2, 5)][:2]
    value = strokes.number_value([pen.strokes[i] for i in picks])
    truth = "".join(str(pen.labels[i]) for i in picks)
    assert shipped_recognizer.read_number_strokes(value).number == truth


def test_the_benchmark_canvases_are_drawn_by_the_same_renderer(pen):
    style = Style(side=300, brush=12.0)
    mask = draw_strokes(pen.strokes[0], style)
    assert mask.shape == (300, 300) and mask.max() == 1.0
    line = strokes.draw([np.array([[10.0, 10.0], [100.0, 10.0]])], (50, 120), 12)
    assert line.dtype == np.uint8 and (line[10, 10:100] == 255).all()
    assert (line[10, 5:10] > 0).all() and line[5, 5] == 0  # the cap is round, not square


@pytest.mark.parametrize(
    "value",
    [
        {
            "width": "9" * 1_000_000,
            "height": 300,
            "strokes": [],
        },  # 60 MB came back as a 63-million-character error
        {"width": 10**400, "height": 300, "strokes": []},  # math.isfinite raised OverflowError
        {"width": 300, "height": 300, "strokes": [[[10**400, 1]]]},  # so did NumPy, for a point
    ],
    ids=["long string", "huge int", "huge int point"],
)
def test_what_was_sent_is_never_quoted_whole(value):
    with pytest.raises(strokes.BadStrokes) as info:
        strokes.parse(value)
    message = str(info.value)
    assert "\n" not in message and len(message) < 120
