"""Training controls really act inside model.fit: pause, step, resume, learning rate, stop."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from digits.train.controls import TrainingControls

WAIT = 120  # seconds; a bound for a stuck thread, never a pause for something to happen


def tiny_model(rate=0.01):
    import keras

    model = keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10, "softmax")]
    )
    model.compile(keras.optimizers.SGD(rate), "categorical_crossentropy")
    return model


def fit_in_thread(model, controls, batches=64):
    import keras

    x = np.random.default_rng(0).random((batches * 8, 28, 28, 1), np.float32)
    y = keras.utils.to_categorical(np.arange(len(x)) % 10, 10)
    thread = threading.Thread(
        target=model.fit,
        args=(x, y),
        kwargs={"batch_size": 8, "callbacks": [controls.callback()], "verbose": 0},
    )
    thread.start()
    return thread


def test_pause_step_rate_resume_and_stop(keras):
    model = tiny_model()
    controls = TrainingControls(paused=True)
    thread = fit_in_thread(model, controls)
    try:
        assert controls.wait_paused(WAIT) and controls.batches == 0  # paused before the first batch

        controls.step()
        assert controls.wait_paused(WAIT) and controls.batches == 1
        controls.step(3)
        assert controls.wait_paused(WAIT) and controls.batches == 4

        controls.set_learning_rate(0.0125)
        assert float(np.asarray(model.optimizer.learning_rate)) == pytest.approx(0.01)  # not before a batch
        controls.step()
        assert controls.wait_paused(WAIT) and controls.batches == 5
        assert float(np.asarray(model.optimizer.learning_rate)) == pytest.approx(0.0125)

        controls.resume()
        assert controls.wait_batches(20, WAIT)
        controls.pause()
        assert controls.wait_paused(WAIT)
        held = controls.batches
        assert 20 <= held < 64 and thread.is_alive()

        controls.stop()  # a paused training runs one last batch, then ends
        thread.join(WAIT)
        assert not thread.is_alive() and controls.batches == held + 1
    finally:
        controls.stop()
        thread.join(WAIT)


def test_a_scheduled_rate_is_left_alone(keras):
    import keras

    model = tiny_model(keras.optimizers.schedules.CosineDecay(0.01, 100))
    controls = TrainingControls(paused=True)
    thread = fit_in_thread(model, controls, batches=4)
    controls.set_learning_rate(0.5)
    controls.resume()
    thread.join(WAIT)
    assert controls.batches == 4 and controls.rate_fixed


def test_a_bad_learning_rate_is_refused():
    with pytest.raises(ValueError, match="learning rate"):
        TrainingControls().set_learning_rate(0)
