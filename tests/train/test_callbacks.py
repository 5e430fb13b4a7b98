"""Progress, live-curve and stop callbacks on a tiny real fit."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from digits.train import models
from digits.train.callbacks import make_live_callback, make_progress_callback, make_stop_callback
from digits.train.fit import TrainConfig, compile_model


def tiny_fit(mnist, callbacks, epochs=2):
    """The report's CNN on 512 images, batches of 64: 8 steps per epoch."""
    import keras

    keras.utils.set_random_seed(0)
    model = compile_model(models.build("report"), TrainConfig("report").resolved(), 8)
    y = keras.utils.to_categorical(mnist.y_train[:512], 10)
    history = model.fit(mnist.x_train[:512], y, batch_size=64, epochs=epochs, callbacks=callbacks, verbose=0)
    return model, history


def test_progress_writes_a_bar_and_one_line_per_epoch(mnist, keras):
    written = []
    tiny_fit(mnist, [make_progress_callback(lambda text, **kw: written.append(text))])
    epochs = [w for w in written if "epoch" in w]
    assert [e.split(":")[0].strip() for e in epochs] == ["epoch 1/2", "epoch 2/2"]
    assert all("loss" in e and "accuracy" in e for e in epochs)
    assert any("100%" in w and "#" * 20 in w for w in written)


def test_live_points_every_n_batches(mnist, keras):
    points = []
    tiny_fit(
        mnist,
        [make_live_callback(points.append, mnist.x_test[:200], mnist.y_test[:200].astype(int), every=4)],
    )
    assert [p["step"] for p in points] == [4, 8, 12, 16]
    assert [p["epoch"] for p in points] == pytest.approx([0.5, 1.0, 1.5, 2.0])
    assert set(points[0]) == {"step", "epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"}
    assert all(0 <= p["val_accuracy"] <= 1 and np.isfinite(p["val_loss"]) for p in points)
    assert points[-1]["val_loss"] < points[0]["val_loss"]


def test_stop_ends_training_at_the_next_batch(mnist, keras):
    import keras

    event, batches = threading.Event(), []

    class Count(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            batches.append(batch)
            if len(batches) == 2:
                event.set()

    model, history = tiny_fit(mnist, [Count(), make_stop_callback(event)], epochs=3)
    assert len(batches) == 2 and len(history.history["loss"]) == 1
    assert model.stop_training
