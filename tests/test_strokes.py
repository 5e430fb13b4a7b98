"""The browser tests' mouse paths are digits the shipped model reads (checked offline first)."""

import pytest

from tests.strokes import DIGIT_STROKES, render


@pytest.mark.parametrize("digit", sorted(DIGIT_STROKES))
def test_each_mouse_path_reads_as_its_digit(shipped_recognizer, digit):
    reading = shipped_recognizer.read(render(digit))
    assert reading.digit == digit, reading.top(3)
