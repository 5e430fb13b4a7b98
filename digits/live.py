"""Training you can watch: train() in a thread, curve points through a queue, a stop switch."""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from digits import models
from digits.data import Mnist, mnist
from digits.evaluate import measure, probabilities
from digits.train import TrainConfig, TrainResult, train

_DONE = object()  # put on the queue when the training thread ends


@dataclass(frozen=True)
class LiveSettings:
    """How often and on what the live curves are measured."""

    points_per_epoch: int = 10
    val_size: int = 500  # test images behind the live validation curve
    val_seed: int = 0
    max_overhead: float = 0.1  # of training time spent measuring points, for any network

    def every(self, steps_per_epoch: int, batch_size: int) -> int:
        """Batches between two points: several per epoch, and at least two, yet cheap.

        A point runs the network forward on val_size images, about as much work as
        val_size / (3 * batch_size) training batches (a training step also goes backward).
        """
        cheap = math.ceil(self.val_size / (3 * batch_size) / self.max_overhead)
        return max(1, min(max(steps_per_epoch // self.points_per_epoch, cheap), steps_per_epoch // 2))


@dataclass
class RunSummary:
    """One finished (or stopped) run: a row of the comparison table."""

    model: str
    params: int
    epochs: float  # epochs actually trained, fractional when stopped mid-epoch
    planned_epochs: int
    images: int
    batch_size: int
    optimizer: str
    learning_rate: float | None
    augment: bool
    seconds: float
    test_accuracy: float
    stopped: bool

    def row(self) -> dict:
        """The run in the words of the notebooks' tables."""
        reported = models.get(self.model).reported.get("test_accuracy")
        epochs = (
            f"{self.epochs:.1f} of {self.planned_epochs} (stopped)"
            if self.stopped
            else str(self.planned_epochs)
        )
        return {
            "Network": self.model,
            "Weights": f"{self.params:,}",
            "Epochs": epochs,
            "Images": f"{self.images:,}",
            "Batch": self.batch_size,
            "Optimizer": self.optimizer + (f" {self.learning_rate:g}" if self.learning_rate else ""),
            "Sketch-like": "yes" if self.augment else "no",
            "Time (s)": round(self.seconds, 1),
            "Test accuracy": f"{self.test_accuracy:.2%}",
            "Document reported": f"{reported:.2%}" if reported else "",
        }


def _counter(run: LiveRun):
    """A callback that counts batches, so progress and time left move between curve points."""
    import keras  # deferred: importing Keras costs seconds

    class Count(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            run.steps_per_epoch = self.params.get("steps") or run.steps_per_epoch
            run._start_point(self.model)

        def on_epoch_begin(self, epoch, logs=None):
            run.epoch_index, run.batch_in_epoch = epoch, 0

        def on_train_batch_end(self, batch, logs=None):
            if run.batches_done == 0:
                run.first_batch_at = time.perf_counter()
            run.batches_done += 1
            run.batch_in_epoch = batch + 1
            run._last_logs = logs or {}

        def on_train_end(self, logs=None):
            if not self.model.stop_training:  # a stop should be quick; a finished run ends its curves
                run._end_point(self.model)

    return Count()


def _measure(model, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Cross-entropy and accuracy of `model` on a small labelled sample."""
    return measure(probabilities(model, x), y)


def _add_recent(point: dict, previous: dict | None) -> None:
    """Loss and accuracy over the batches since the previous point.

    Keras reports means since the epoch began, which lag and then jump at every epoch
    boundary; the recent means move with the network, as the validation figures do.
    """
    k, k0 = point["batch_in_epoch"], 0
    if previous is not None and previous["epoch_index"] == point["epoch_index"]:
        k0 = previous["batch_in_epoch"]
    for name in ("loss", "accuracy"):
        before = previous[name] if k0 else 0.0
        point[f"recent_{name}"] = (k * point[name] - k0 * before) / (k - k0) if k > k0 else point[name]


class LiveRun:
    """One training run in a background thread; curve points arrive on a queue; stop() at any batch."""

    def __init__(
        self, config: TrainConfig, data: Mnist | None = None, settings: LiveSettings = LiveSettings()
    ):
        self.config = config.resolved()  # a ValueError with a plain message for bad settings
        self.data = data if data is not None else mnist()
        available = len(self.data.x_train)
        if self.config.subset is not None and self.config.subset > available:
            raise ValueError(f"Only {available:,} training images are available, not {self.config.subset:,}.")
        self.settings = settings
        self.images = min(self.config.subset or available, available)
        self.steps_per_epoch = math.ceil(
            self.images / self.config.batch_size
        )  # Keras' own count once started
        self.stop_event = threading.Event()
        self.updates: queue.Queue = queue.Queue()
        self.points: list[dict] = []
        self.batches_done = 0
        self.epoch_index = self.batch_in_epoch = 0
        self.result: TrainResult | None = None
        self.error: BaseException | None = None
        self.started_at: float | None = None
        self.first_batch_at: float | None = None
        self._last_logs: dict = {}
        self._thread: threading.Thread | None = None
        self._evaluation = None

    # ------------------------------------------------------------------ running

    def start(self) -> LiveRun:
        """Start training in a daemon thread (a closed page must never keep a process alive)."""
        self.started_at = time.perf_counter()
        self._thread = threading.Thread(target=self._train, name=f"live-{self.config.model}", daemon=True)
        self._thread.start()
        return self

    def _train(self) -> None:
        from digits.callbacks import make_live_callback, make_stop_callback

        try:
            rng = np.random.default_rng(self.settings.val_seed)
            pick = rng.choice(
                len(self.data.x_test), min(self.settings.val_size, len(self.data.x_test)), False
            )
            self._val = self.data.x_test[pick], self.data.y_test[pick].astype(int)
            every = self.settings.every(self.steps_per_epoch, self.config.batch_size)
            callbacks = [  # stop first: the live callback skips its measurement once stopping
                make_stop_callback(self.stop_event),
                _counter(self),
                make_live_callback(self._point, *self._val, every),
            ]
            self.result = train(self.config, data=self.data, callbacks=callbacks, validation=0)
        except BaseException as exc:  # shown to the teacher by whoever follows the run
            self.error = exc
        finally:
            self.updates.put(_DONE)

    def _start_point(self, model) -> None:
        """Where the curves begin, before the first batch (and its seconds of compiling): chance level."""
        n = self.config.batch_size  # a batch's worth: the untrained network is simply guessing
        loss, accuracy = _measure(model, self.data.x_train[:n], self.data.y_train[:n].astype(int))
        self._measured_point(model, 0, 0.0, loss, accuracy)

    def _end_point(self, model) -> None:
        """A last point at the last batch, unless the live callback has just made one there."""
        if not self.points or self.points[-1]["step"] == self.batches_done or not self._last_logs:
            return
        epoch = self.epoch_index + self.batch_in_epoch / max(self.steps_per_epoch, 1)
        logs = self._last_logs
        self._measured_point(
            model, self.batches_done, epoch, logs.get("loss", np.nan), logs.get("accuracy", np.nan)
        )

    def _measured_point(self, model, step: int, epoch: float, loss: float, accuracy: float) -> None:
        seconds = time.perf_counter() - self.started_at
        point = dict(step=step, epoch=epoch, loss=float(loss), accuracy=float(accuracy), seconds=seconds)
        point["val_loss"], point["val_accuracy"] = _measure(model, *self._val)
        self._point(point)

    def _point(self, point: dict) -> None:
        point["arrived"] = time.perf_counter() - self.started_at
        point["epoch_index"], point["batch_in_epoch"] = self.epoch_index, self.batch_in_epoch
        _add_recent(point, self.points[-1] if self.points else None)
        self.points.append(point)
        self.updates.put(point)

    def stop(self) -> None:
        """Ask training to end after the current batch; what it learned so far is kept."""
        self.stop_event.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the training thread; True once it has ended."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.finished

    @property
    def finished(self) -> bool:
        return self._thread is not None and not self._thread.is_alive()

    def follow(self, every: float = 0.25) -> Iterator[list[dict]]:
        """Every `every` seconds until training ends: the curve points that arrived meanwhile (maybe none)."""
        done = False
        while not done:
            deadline = time.perf_counter() + every
            new = []
            while not done:
                try:
                    item = self.updates.get(timeout=max(deadline - time.perf_counter(), 0))
                except queue.Empty:
                    break
                if item is _DONE:
                    done = True
                else:
                    new.append(item)
            yield new

    # ------------------------------------------------------------------ progress

    @property
    def total_batches(self) -> int:
        return self.config.epochs * self.steps_per_epoch

    @property
    def fraction(self) -> float:
        return min(self.batches_done / max(self.total_batches, 1), 1.0)

    @property
    def epochs_trained(self) -> float:
        return self.batches_done / max(self.steps_per_epoch, 1)

    @property
    def seconds_left(self) -> float | None:
        """Time left at the pace since the first batch (the first one also pays for compiling)."""
        if self.first_batch_at is None or self.batches_done < 2:
            return None
        pace = (time.perf_counter() - self.first_batch_at) / (self.batches_done - 1)
        return pace * (self.total_batches - self.batches_done)

    # ------------------------------------------------------------------ results

    def evaluation(self):
        """The trained model measured on all 10,000 test images (computed once)."""
        if self._evaluation is None:
            from digits.evaluate import evaluate

            self._evaluation = evaluate(self.model, self.data.x_test, self.data.y_test)
        return self._evaluation

    @property
    def model(self):
        """The trained Keras model; a RuntimeError while training or if training failed."""
        if not self.finished:
            raise RuntimeError("Training has not finished yet.")
        if self.result is None:
            raise RuntimeError(f"Training failed: {self.error}")
        return self.result.model

    def summary(self) -> RunSummary:
        """This run as a comparison-table row, with its test accuracy."""
        cfg, result = self.config, self.result
        self.model  # noqa: B018  raises if there is nothing to summarise
        return RunSummary(
            model=cfg.model,
            params=int(result.model.count_params()),
            epochs=self.epochs_trained,
            planned_epochs=cfg.epochs,
            images=self.images,
            batch_size=cfg.batch_size,
            optimizer=cfg.optimizer,
            learning_rate=cfg.learning_rate,
            augment=cfg.augment,
            seconds=result.seconds,
            test_accuracy=self.evaluation().accuracy,
            stopped=result.stopped,
        )
