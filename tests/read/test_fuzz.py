"""Hypothesis fuzzing: preprocessing and reading always give a valid answer or a clear error."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from digits.read.preprocess import BadImage, preprocess

DTYPES = st.sampled_from([np.uint8, np.uint16, np.int32, np.float32, np.float64, np.bool_])
SHAPES = st.one_of(
    st.tuples(st.integers(0, 64), st.integers(0, 64)),
    st.tuples(st.integers(0, 64), st.integers(0, 64), st.sampled_from([1, 2, 3, 4, 5])),
    st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3)),
)
IMAGES = st.one_of(
    DTYPES.flatmap(lambda d: SHAPES.flatmap(lambda s: arrays(d, s))),
    # Mostly-blank canvases with a few random strokes, the realistic case.
    st.tuples(st.integers(8, 96), st.lists(st.tuples(*[st.integers(0, 95)] * 4), max_size=6)).map(
        lambda t: _strokes(*t)
    ),
)
FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))


def _strokes(side, lines):
    import cv2

    canvas = np.full((side, side, 4), 255, np.uint8)
    for x0, y0, x1, y1 in lines:
        cv2.line(canvas, (x0 % side, y0 % side), (x1 % side, y1 % side), (0, 0, 0, 255), 3)
    return canvas


def _valid(out):
    assert out is None or (
        out.shape == (28, 28)
        and out.dtype == np.float32
        and np.isfinite(out).all()
        and 0 <= out.min()
        and out.max() <= 1
    )


@FUZZ
@given(IMAGES)
def test_preprocess_never_crashes(image):
    try:
        _valid(preprocess(image))
    except BadImage as exc:
        assert str(exc) and "\n" not in str(exc)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(IMAGES)
def test_recognizer_never_crashes(quick_recognizer, image):
    try:
        reading = quick_recognizer.read(image)
        number = quick_recognizer.read_number(image)  # what the Draw tab calls
    except BadImage as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert number.message and (number.number is None) == (not number.digits)
    for r in number.digits:
        _valid(r.image)
        assert 0 <= r.digit <= 9 and abs(float(r.probabilities.sum()) - 1) < 1e-3
    assert number.number is None or number.number == "".join(str(r.digit) for r in number.digits)
    if reading.digit is None:
        assert reading.message
    else:
        assert 0 <= reading.digit <= 9 and abs(float(reading.probabilities.sum()) - 1) < 1e-3
        assert len(reading.top(3)) == 3
