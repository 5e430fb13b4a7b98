"""Keras callbacks through which training reports progress and can be stopped."""

from __future__ import annotations

import threading
import time

import numpy as np


def _keras():
    import keras  # deferred: importing Keras costs seconds

    return keras


def _base():
    return _keras().callbacks.Callback


def make_stop_callback(event: threading.Event):
    """A callback that ends training at the next batch once `event` is set."""

    class Stop(_base()):
        def on_train_batch_end(self, batch, logs=None):
            if event.is_set():
                self.model.stop_training = True

    return Stop()


def make_hooks_callback(hooks):
    """A callback that tells `hooks` where training is: began, epoch_began, batch_ended, ended."""

    class Hooks(_base()):
        logs: dict = {}

        def on_train_begin(self, logs=None):
            hooks.began(self.model, self.params.get("steps"))

        def on_epoch_begin(self, epoch, logs=None):
            hooks.epoch_began(epoch)

        def on_train_batch_end(self, batch, logs=None):
            self.logs = logs or {}
            hooks.batch_ended(batch + 1)

        def on_train_end(self, logs=None):
            if not self.model.stop_training:  # a stop should be quick; a finished run ends its curves
                hooks.ended(self.model, self.logs)

    return Hooks()


def make_live_callback(on_point, x_val: np.ndarray, y_val: np.ndarray, every: int, batch_size: int = 512):
    """Every `every` batches, call on_point(dict) with train and validation loss and accuracy.

    The validation figures come from a small held-out sample so the curve can move
    several times per epoch without slowing training much.
    """
    from digits.train.evaluate import measure, probabilities

    keras = _keras()

    class Live(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seen = 0
            self.start = time.perf_counter()
            self.epoch = 0

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            self.seen += 1
            if self.seen % every or self.model.stop_training:
                return
            # In chunks of batch_size: a big network on the whole sample at once can exhaust memory.
            val_loss, val_acc = measure(probabilities(self.model, x_val, batch_size), y_val)
            on_point(
                {
                    "step": self.seen,
                    "epoch": self.epoch + (batch + 1) / max(self.params.get("steps") or 1, 1),
                    "loss": float(logs.get("loss", np.nan)),
                    "accuracy": float(logs.get("accuracy", np.nan)),
                    "val_loss": val_loss,
                    "val_accuracy": val_acc,
                    "seconds": time.perf_counter() - self.start,
                }
            )

    return Live()


def make_progress_callback(write=print):
    """A one-line-per-epoch progress report with a text bar, for the CLI."""
    keras = _keras()

    class Progress(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.start = time.perf_counter()

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch_start = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            steps = self.params.get("steps") or 1
            if batch % max(steps // 20, 1) == 0 or batch + 1 == steps:
                done = (batch + 1) / steps
                bar = "#" * int(done * 20)
                loss = (logs or {}).get("loss", float("nan"))
                write(f"\r  [{bar:<20}] {done:4.0%}  loss {loss:.4f}", end="", flush=True)

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            figures = "  ".join(f"{k} {v:.4f}" for k, v in logs.items() if isinstance(v, (int, float)))
            write(
                f"\r  epoch {epoch + 1}/{self.params.get('epochs')}: {figures}"
                f"  ({time.perf_counter() - self.epoch_start:.1f} s)",
                flush=True,
            )

    return Progress()
