"""The shipped recognizer reads drawings through the one preprocessing path, honestly."""

from __future__ import annotations

import numpy as np
import pytest

from digits.read.reading import NOTHING_DRAWN, Reading
from digits.read.recognizer import Recognizer
from digits.train.sketch import Style, mnist_canvas, number_canvas, place_digit, random_style
from tests.read.test_read_strokes import KEYS  # the JSON's keys: one list for every reader


def test_reads_mnist_drawn_on_varied_canvases(shipped_recognizer, mnist, rng):
    idx = rng.choice(len(mnist.x_test), 150, replace=False)
    hits = [
        shipped_recognizer.read(mnist_canvas(mnist.x_test[i, ..., 0], random_style(rng))).digit
        == mnist.y_test[i]
        for i in idx
    ]
    assert np.mean(hits) >= 0.96


def test_reading_has_top3_and_what_it_saw(shipped_recognizer, mnist):
    r = shipped_recognizer.read(mnist_canvas(mnist.x_test[0, ..., 0], Style()))
    assert r.digit == 7 and r.sure and r.confidence > 0.9
    assert [d for d, _ in r.top(3)][0] == 7 and len(r.top(3)) == 3
    assert r.top(3)[0][1] >= r.top(3)[1][1] >= r.top(3)[2][1]
    assert r.image.shape == (28, 28) and abs(float(r.probabilities.sum()) - 1) < 1e-4
    assert "7" in r.message


@pytest.mark.parametrize(
    "blank",
    [
        None,
        np.full((560, 560, 4), 255, np.uint8),
        np.zeros((560, 560, 4), np.uint8),
        {"background": None, "layers": [], "composite": None},
    ],
)
def test_nothing_drawn_is_not_a_guess(shipped_recognizer, blank):
    r = shipped_recognizer.read(blank)
    assert r.digit is None and r.message == NOTHING_DRAWN and r.confidence == 0
    n = shipped_recognizer.read_number(blank)
    assert n.number is None and n.digits == [] and n.message == NOTHING_DRAWN


def test_reads_a_number(shipped_recognizer, mnist):
    picks = [1, 2, 3, 4]  # 2, 1, 0, 4
    style = Style(side=800, brush=14, height=0.25)
    draws = [lambda st, off, d=mnist.x_test[i, ..., 0]: place_digit(d, st, off) for i in picks]
    reading = shipped_recognizer.read_number(number_canvas(draws, style, np.random.default_rng(3)))
    assert reading.number == "2104"
    assert all(len(r.probabilities) == 10 for r in reading.digits)
    assert "2104" in reading.message


def test_unsure_when_probabilities_are_split():
    p = np.zeros(10, np.float32)
    p[[1, 7]] = [0.55, 0.45]
    r = Reading(1, p, sure=False)
    assert r.message.startswith("Not sure") and "7" in r.message


def test_overlapping_digits_are_not_read_confidently(shipped_recognizer, mnist):
    """Two different digits drawn on top of each other: the model should hesitate, not bluff."""
    unsure = 0
    for a, b in [(0, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12)]:
        if mnist.y_test[a] == mnist.y_test[b]:
            continue
        both = np.maximum(mnist.x_test[a, ..., 0], mnist.x_test[b, ..., 0])
        unsure += not shipped_recognizer.read(both).sure
    assert unsure >= 3


def test_damaged_model_file_falls_back_to_shipped(tmp_path, capsys, keras):
    bad = tmp_path / "mine.keras"
    bad.write_bytes(b"this is not a model")
    rec = Recognizer.load(bad)
    assert rec.name == "recognizer"
    assert "cannot be loaded" in capsys.readouterr().err


def test_user_model_is_used(quick_model, tmp_path, mnist):
    from digits.read.modelfile import save_model

    path = save_model(quick_model, tmp_path / "mine.keras")
    rec = Recognizer.load(path)
    assert rec.name == "mine"
    np.testing.assert_allclose(
        rec.probabilities(mnist.x_test[:5]), np.asarray(quick_model(mnist.x_test[:5])), atol=1e-5
    )


def test_wide_digit_is_not_cut_but_touching_digits_are(shipped_recognizer, mnist):
    """Geometry proposes a cut for a wide blob; the network keeps it only if the parts read better."""
    import cv2

    from digits.train.sketch import paint

    two = mnist.x_test[1, ..., 0]  # a 2, stretched to twice its width
    wide = cv2.resize(two, (56, 28), interpolation=cv2.INTER_LINEAR)
    canvas = np.full((200, 300), 255, np.uint8)
    canvas[60:116, 50:162] = 255 - (cv2.resize(wide, (112, 56)) * 255).astype(np.uint8)
    assert shipped_recognizer.read_number(canvas).number == "2"

    y = mnist.y_test
    style = Style(side=600, brush=18, height=0.35)
    a = place_digit(mnist.x_test[np.flatnonzero(y == 2)[0], ..., 0], style, -0.12)
    b = place_digit(mnist.x_test[np.flatnonzero(y == 3)[1], ..., 0], style, 0.12)
    assert shipped_recognizer.read_number(paint(np.maximum(a, b), style)).number == "23"


def test_reading_does_not_depend_on_training(python):

    code = (
        "import sys, digits.read.recognizer; "
        "wings = ('digits.train', 'digits.lesson', 'digits.serve', 'digits.ui'); "
        "assert not [m for m in sys.modules if m.startswith(wings)], sorted(sys.modules)"
    )
    python(code, timeout=120)


def test_a_reading_as_json(quick_recognizer, drawings):
    import json

    from digits.read.reading import NOTHING_DRAWN, NumberReading, Reading

    digit, value = next(iter(drawings.items()))
    whole, number = quick_recognizer.read(value), quick_recognizer.read_number(value)
    d = json.loads(json.dumps(number.to_dict(whole)))
    assert set(d) == KEYS
    assert d["mirrored"] is False  # a 10-answer model never reads a digit as backwards
    assert d["digit"] == whole.digit == digit and d["sure"] is True and d["number"] == str(digit)
    assert d["confidence"] == round(whole.confidence, 4) and len(d["probabilities"]) == 10
    assert d["probabilities"][digit] == round(float(whole.probabilities[digit]), 5)
    assert d["top3"][0] == {"digit": digit, "probability": round(whole.confidence, 4)}
    assert d["message"] == number.message
    assert NumberReading([]).to_dict(Reading(None)) == {
        "digit": None,
        "number": None,
        "message": NOTHING_DRAWN,
    }
