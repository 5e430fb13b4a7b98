"""evaluate(): accuracy, loss, per-class accuracy, confusion matrix, right and wrong images."""

from __future__ import annotations

import json

import numpy as np
import pytest

from digits.train.evaluate import EPSILON, evaluate


class Lookup:
    """A stand-in model: image i (filled with the value i) gets row i of `probs`; calls are recorded."""

    def __init__(self, probs):
        self.probs = np.asarray(probs, np.float32)
        self.calls = []

    def __call__(self, x, training=None):
        self.calls.append((len(x), training))
        return self.probs[np.asarray(x)[:, 0, 0, 0].astype(int)]


def images(n):
    return np.arange(n, dtype=np.float32)[:, None, None, None] * np.ones((1, 28, 28, 1), np.float32)


def one_hot_ish(predicted, p=0.91):
    probs = np.full((len(predicted), 10), (1 - p) / 9, np.float32)
    probs[np.arange(len(predicted)), predicted] = p
    return probs


def test_figures_from_known_outputs():
    y = np.array([0, 1, 2, 2, 7])
    probs = one_hot_ish([0, 1, 2, 1, 7])
    ev = evaluate(Lookup(probs), images(5), y)
    assert ev.accuracy == pytest.approx(0.8)
    expected_loss = -np.mean(np.log([0.91, 0.91, 0.91, 0.01, 0.91]))
    assert ev.loss == pytest.approx(expected_loss, rel=1e-5)
    assert ev.predictions.tolist() == [0, 1, 2, 1, 7]
    assert ev.right.tolist() == [0, 1, 2, 4] and ev.wrong.tolist() == [3]
    assert ev.confusion.sum() == 5 and ev.confusion[2, 1] == 1 and ev.confusion[2, 2] == 1
    assert ev.per_class[2] == pytest.approx(0.5) and ev.per_class[0] == 1.0
    assert np.isnan(ev.per_class[3])  # no 3 in the labels


def test_runs_in_batches_in_inference_mode():
    y = np.arange(7) % 10
    model = Lookup(one_hot_ish(y[::-1]))
    batched = evaluate(model, images(7), y, batch_size=3)
    assert model.calls == [(3, False), (3, False), (1, False)]
    whole = evaluate(Lookup(model.probs), images(7), y)
    assert batched.accuracy == whole.accuracy and batched.loss == pytest.approx(whole.loss)
    assert np.array_equal(batched.confusion, whole.confusion)


def test_loss_is_cross_entropy_of_the_outputs_even_for_a_certain_wrong_answer():
    probs = np.zeros((1, 10), np.float32)
    probs[0, 3] = 1.0
    ev = evaluate(Lookup(probs), images(1), np.array([5]))
    assert ev.loss == pytest.approx(-np.log(EPSILON), rel=1e-5)  # clipped, not infinite


def test_progress_reaches_one():
    seen = []
    evaluate(
        Lookup(one_hot_ish(np.zeros(5, int))), images(5), np.zeros(5), batch_size=2, progress=seen.append
    )
    assert seen == pytest.approx([0.4, 0.8, 1.0])


def test_to_dict_is_json_safe():
    ev = evaluate(Lookup(one_hot_ish([0, 1, 1])), images(3), np.array([0, 1, 2]))
    d = json.loads(json.dumps(ev.to_dict()))
    assert d["n"] == 3 and d["n_right"] == 2 and d["wrong"] == [2]
    assert d["per_class"][2] == 0.0 and d["per_class"][5] is None
    assert len(d["confusion"]) == 10 and all(len(row) == 10 for row in d["confusion"])
    assert d["accuracy"] == pytest.approx(2 / 3)


def test_table_names_every_digit_and_the_worst():
    y = np.repeat(np.arange(10), 2)
    predicted = y.copy()
    predicted[[10, 11]] = 3  # both fives read as threes
    text = evaluate(Lookup(one_hot_ish(predicted)), images(20), y).table()
    assert "worst read: 5" in text and "2 images read wrongly" in text
    assert len(text.splitlines()) == 13


def test_agrees_with_keras_on_a_real_model(quick_model, mnist):
    import keras

    x, y = mnist.x_test[:1000], mnist.y_test[:1000]
    ev = evaluate(quick_model, x, y, batch_size=256)
    twin = keras.models.clone_model(quick_model)  # compile a copy: the shared fixture stays as it is
    twin.set_weights(quick_model.get_weights())
    twin.compile(loss="categorical_crossentropy", metrics=["accuracy"])
    loss, accuracy = twin.evaluate(x, keras.utils.to_categorical(y, 10), verbose=0)
    assert ev.accuracy == pytest.approx(accuracy, abs=1e-6)
    assert ev.loss == pytest.approx(loss, rel=1e-3)
    assert ev.accuracy > 0.6
    assert len(ev.right) + len(ev.wrong) == 1000 and np.trace(ev.confusion) == len(ev.right)


def test_a_digit_missing_from_the_test_set_is_never_named_best_or_worst():
    y = np.array([0, 0, 1, 1, 2, 2])  # no 3 to 9
    predicted = np.array([0, 0, 1, 7, 2, 9])
    text = evaluate(Lookup(one_hot_ish(predicted)), images(6), y).table()
    assert "Best read: 0; worst read: 1" in text or "Best read: 0; worst read: 2" in text
    assert "nan" not in text.split("Best read")[1]
