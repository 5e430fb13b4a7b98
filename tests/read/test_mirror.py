"""Backwards digits: the extra classes, their fold, flipped training digits, and the mirror-aware reader."""

from __future__ import annotations

import json

import numpy as np
import pytest

from digits.read import mirror
from digits.read.mirror import (
    REVERSIBLE,
    backwards_class,
    flip_label,
    flipped,
    fold,
    symmetry,
    uniform_target,
)
from digits.train.sketch import Style, mnist_canvas, number_canvas, place_digit


def backwards_canvas(digit28: np.ndarray, side: int = 400) -> np.ndarray:
    """An MNIST digit drawn on a sketchpad canvas, then the canvas mirrored left-right."""
    return np.ascontiguousarray(mnist_canvas(digit28, Style(side=side))[:, ::-1])


def test_fold_sums_each_digit_and_its_backwards_class():
    p = np.zeros(18, np.float32)
    p[3], p[backwards_class(3)], p[backwards_class(5)] = 0.2, 0.5, 0.3
    digits, backwards = fold(p)
    assert digits.shape == backwards.shape == (10,)
    np.testing.assert_allclose(digits[[3, 5]], [0.7, 0.3])
    np.testing.assert_allclose(backwards[[3, 5]], [0.5, 0.3])
    assert digits.sum() == pytest.approx(1.0) and backwards[[0, 8]].sum() == 0


def test_ten_output_probabilities_fold_to_themselves():
    p = np.random.default_rng(0).dirichlet(np.ones(10), 4).astype(np.float32)
    digits, backwards = fold(p)
    np.testing.assert_array_equal(digits, p)
    assert not backwards.any()


def test_unsure_target_is_uniform_over_digits():
    assert fold(uniform_target(18))[0] == pytest.approx(np.full(10, 0.1))
    assert uniform_target(18).sum() == pytest.approx(1.0)
    assert uniform_target(10) == pytest.approx(np.full(10, 0.1))


def outputs18(**probs: float) -> np.ndarray:
    """An 18-output row from {"d3": 0.6, "b3": 0.2}: d = the digit, b = the digit written backwards."""
    row = np.full(18, 1e-4, np.float32)
    for key, p in probs.items():
        row[int(key[1]) if key[0] == "d" else backwards_class(int(key[1]))] = p
    return (row / row.sum())[None]


def test_the_mirror_view_confirms_a_backwards_digit():
    # A backwards 2 looks like a 5 and a little like a backwards 2; flipped, it is plainly a 2.
    own, view = outputs18(d5=0.55, b2=0.45), outputs18(d2=0.95, b5=0.05)
    digits, backwards = fold(mirror.with_mirror_view(own, view))
    assert digits.argmax() == 2 and backwards[0, 2] > 0.5 * digits[0, 2]


def test_the_mirror_view_leaves_digits_written_the_right_way_alone():
    own, view = outputs18(d3=0.9, b3=0.1), outputs18(b3=0.9, d3=0.1)
    np.testing.assert_array_equal(mirror.with_mirror_view(own, view), own)


def test_the_mirror_view_needs_the_digit_in_the_drawings_own_reading():
    # A clear 5 whose flip reads as a 2: the view alone may not turn it into "2, backwards".
    own, view = outputs18(d5=0.99), outputs18(d2=0.99)
    np.testing.assert_array_equal(mirror.with_mirror_view(own, view), own)


def test_the_mirror_view_never_calls_a_plain_1_backwards():
    # A 1's mirror image is often the same stroke: what its flip says of "1, backwards" proves nothing.
    own, view = outputs18(d1=0.55, b1=0.45), outputs18(b1=0.99)
    np.testing.assert_array_equal(mirror.with_mirror_view(own, view), own)


def test_0_and_8_can_never_be_flagged(quick_recognizer):
    rec = quick_recognizer
    for d in (0, 8):
        outputs = np.full(18, 0.01, np.float32)
        outputs[d] = 0.5
        outputs[10:] = 0.3  # every backwards class likely, yet none of them is this digit's
        reading = rec._reading(np.zeros((28, 28)), outputs / outputs.sum())
        assert reading.digit == d and not reading.mirrored


def test_flip_labels(mnist):
    stroke = np.zeros((28, 28), np.float32)
    stroke[4:24, 13:15] = 1.0  # a plain 1: its own mirror image
    assert symmetry(stroke) > 0.95 and flip_label(stroke, 1) == 1
    x, y = mnist.x_test[..., 0], mnist.y_test
    three = x[np.flatnonzero(y == 3)[0]]
    assert symmetry(three) < mirror.SYMMETRIC and flip_label(three, 3) == backwards_class(3)
    assert (
        flip_label(x[np.flatnonzero(y == 0)[0]], 0) == 0 and flip_label(x[np.flatnonzero(y == 8)[0]], 8) == 8
    )
    back = flipped(three)
    again = flipped(back)  # mirrored twice and framed again: the same digit
    assert (
        back.shape == (28, 28)
        and float((again * three).sum() / np.sqrt((again**2).sum() * (three**2).sum())) > 0.9
    )


def test_warm_start_reads_exactly_as_the_ten_output_model(tmp_path, mnist, keras):
    """The 8 new outputs start as copies of their digits: the folded reading is unchanged."""
    from digits.read.modelfile import save_model
    from digits.train import models
    from digits.train.fit import warm_start

    old = models.build("recognizer")
    path = save_model(old, tmp_path / "old.keras")
    new = models.build("recognizer_mirror")
    warm_start(new, str(path))
    x = mnist.x_test[:20]
    np.testing.assert_allclose(fold(np.asarray(new(x)))[0], np.asarray(old(x)), atol=1e-5)
    with pytest.raises(ValueError, match="different architecture"):
        warm_start(models.build("report"), str(path))


def test_mirror_training_flips_and_relabels(mnist, keras):
    from digits.train.fit import TrainConfig, train

    cfg = TrainConfig("recognizer_mirror", epochs=1, subset=200, augment=True)
    result = train(cfg, data=mnist, validation=0)
    assert result.model.output_shape[-1] == 18 and np.isfinite(result.history["loss"][0])


def test_ten_output_models_read_unchanged(quick_recognizer, quick_model, mnist):
    x = mnist.x_test[:10]
    np.testing.assert_allclose(quick_recognizer.probabilities(x), np.asarray(quick_model(x)), atol=1e-5)
    readings = quick_recognizer.read_framed(x) + [quick_recognizer.read(backwards_canvas(x[0, ..., 0]))]
    assert not any(r.mirrored for r in readings)


# ---------------------------------------------------------------- the shipped, mirror-aware reader


def first(mnist, digit, n):
    return mnist.x_test[mnist.y_test == digit][:n, ..., 0]


def read_backwards(recognizer, mnist, digit):
    """The first MNIST test `digit` that, drawn and mirrored on its own, is read as `digit`, backwards."""
    for x in first(mnist, digit, 10):
        r = recognizer.read(backwards_canvas(x))
        if r.digit == digit and r.mirrored:
            return x
    raise AssertionError(f"none of the first ten {digit}s is read as a backwards {digit}")


@pytest.mark.parametrize("digit", [d for d in REVERSIBLE if d != 1])
def test_each_reversible_digit_written_backwards_is_flagged_and_named(shipped_recognizer, mnist, digit):
    # Most of them: on this one canvas style the reader names 90-100% of the first 30 of each digit;
    # without the mirror view (with_mirror_view) only 70% of the 2s and 5s. The acceptance figures
    # (held-out writers, many styles) are benchmarks/mirror_accuracy.py's.
    readings = [shipped_recognizer.read(backwards_canvas(x)) for x in first(mnist, digit, 30)]
    right = [r.digit == digit and r.mirrored for r in readings]
    assert np.mean(right) >= 0.85, [(r.digit, r.mirrored) for r in readings]
    r = next(r for r, ok in zip(readings, right, strict=True) if ok)
    assert "written backwards" in r.message
    assert r.top(3)[0][0] == digit and len(r.probabilities) == 10  # top-3 still means "which digit"


def test_a_1_with_a_flag_written_backwards_is_flagged(shipped_recognizer, mnist):
    ones = [x for x in first(mnist, 1, 300) if symmetry(x) < 0.7]  # ones with a clear flag or foot
    readings = [shipped_recognizer.read(backwards_canvas(x)) for x in ones[:10]]
    assert np.mean([r.digit == 1 and r.mirrored for r in readings]) >= 0.5


@pytest.mark.parametrize("digit", [0, 8])
def test_0_and_8_flipped_are_never_flagged(shipped_recognizer, mnist, digit):
    readings = [shipped_recognizer.read(backwards_canvas(x)) for x in first(mnist, digit, 10)]
    assert not any(r.mirrored for r in readings)
    assert np.mean([r.digit == digit for r in readings]) >= 0.9


def test_digits_as_written_are_not_flagged(shipped_recognizer, mnist):
    x, y = mnist.x_test[:1000], mnist.y_test[:1000]
    readings = shipped_recognizer.read_framed(x)
    assert sum(r.mirrored for r in readings) <= 5
    assert np.mean([r.digit == d for r, d in zip(readings, y, strict=True)]) >= 0.99


def test_a_backwards_digit_inside_a_number_is_flagged_on_its_own(shipped_recognizer, mnist):
    picks = [first(mnist, d, 1)[0] for d in (2, 3, 5)]
    picks[1] = read_backwards(shipped_recognizer, mnist, 3)[:, ::-1]  # the 3 written backwards
    style = Style(side=800, brush=14, height=0.25)
    draws = [lambda st, off, d=d: place_digit(d, st, off) for d in picks]
    reading = shipped_recognizer.read_number(number_canvas(draws, style, np.random.default_rng(3)))
    assert reading.number == "235"
    assert [r.mirrored for r in reading.digits] == [False, True, False] and reading.mirrored


def test_cli_predict_says_mirrored(tmp_path, mnist, capsys, shipped_recognizer):
    from digits.cli import main
    from tests.conftest import write_png

    three = read_backwards(shipped_recognizer, mnist, 3)
    files = [
        write_png(tmp_path / "three.png", mnist_canvas(three, Style(side=400))),
        write_png(tmp_path / "backwards.png", backwards_canvas(three)),
    ]
    assert main(["predict", *map(str, files)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(d["digit"], d["mirrored"]) for d in lines] == [(3, False), (3, True)]


def test_only_outputs_with_weight_on_backwards_are_worth_a_mirror_view():
    plain = np.zeros(mirror.OUTPUTS, np.float32)
    plain[7] = 1.0
    doubtful = plain.copy()
    doubtful[[7, mirror.backwards_class(2)]] = 0.9, 0.1
    assert mirror.worth_a_second_look(np.stack([plain, doubtful])).tolist() == [False, True]


def test_the_mirror_view_is_read_only_for_drawings_that_may_be_backwards(shipped_recognizer, mnist):
    # As written, MNIST test digits need one pass; a backwards 3 needs its flip read too, and the
    # skipped view changes no reading: every input the view changed put >= 0.05 on backwards.
    passes = []

    def counted(images):
        passes.append(len(images))
        return shipped_recognizer.outputs(images)

    twin = shipped_recognizer.with_forward(counted)
    as_written = first(mnist, 7, 1)[0]
    assert twin.read_framed([as_written])[0].digit == 7 and passes == [1]
    backwards = read_backwards(shipped_recognizer, mnist, 3)
    passes.clear()
    r = twin.read(backwards_canvas(backwards))
    assert r.digit == 3 and r.mirrored and passes == [1, 1]
