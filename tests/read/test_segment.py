"""Numbers cut into digits: left to right, touching digits cut apart, a digit's pieces kept together."""

from __future__ import annotations

import numpy as np

from digits.read.preprocess import frame, ink_mask, preprocess
from digits.read.segment import split
from digits.train.sketch import Style, number_canvas, place_digit
from tests.read.test_preprocess import framed_ok, similar


def test_numbers_split_left_to_right(mnist):
    picks = [1, 2, 3, 4]  # test digits 2, 1, 0, 4
    style = Style(side=800, brush=16, height=0.25)
    draws = [lambda st, off, d=mnist.x_test[i, ..., 0]: place_digit(d, st, off) for i in picks]
    canvas = number_canvas(draws, style, np.random.default_rng(0))
    digits = [frame(m) for m in split(ink_mask(canvas))]
    assert len(digits) == 4
    for out, i in zip(digits, picks, strict=True):
        framed_ok(out)
        assert similar(out, preprocess(mnist.x_test[i, ..., 0])) > 0.7  # redrawn with a brush


def test_touching_digits_are_cut_apart():
    import cv2

    mask = np.zeros((100, 300), np.float32)
    cv2.ellipse(mask, (50, 50), (25, 35), 0, 0, 360, 1.0, 8)  # two zeros that touch...
    cv2.ellipse(mask, (105, 50), (25, 35), 0, 0, 360, 1.0, 8)
    mask[15:85, 180:190] = 1  # ...and a 1 apart from them
    parts = split(mask)
    assert len(parts) == 3
    lefts = [int(np.flatnonzero(p.max(0) > 0.2)[0]) for p in parts]
    assert lefts == sorted(lefts) and lefts[1] > 60


def test_pieces_of_one_digit_stay_together():
    mask = np.zeros((200, 200), np.float32)
    mask[40:50, 60:140] = 1  # a 5's hat, drawn apart from its body
    mask[60:160, 60:70] = 1
    mask[100:110, 60:130] = 1
    mask[110:160, 125:135] = 1
    assert len(split(mask)) == 1
