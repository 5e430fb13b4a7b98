"""Training you can watch: train() in a thread, progress snapshots through a queue, a stop switch."""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import numpy as np

from digits.train.data import Mnist, mnist
from digits.train.evaluate import measure, probabilities
from digits.train.fit import TrainConfig, TrainResult, train
from digits.train.progress import LiveSettings, Progress, RunSummary, with_recent

_DONE = object()  # put on the queue once the run is done (its `done` event set)


class LiveRun:
    """One training run in a background thread; progress snapshots arrive on a queue; stop() at any batch."""

    def __init__(
        self,
        config: TrainConfig,
        data: Mnist | None = None,
        settings: LiveSettings | None = None,
        controls=None,  # a TrainingControls: pause, resume, step, a new learning rate
        time_limit: float | None = None,  # seconds of wall time, then it stops as if Stop was pressed
    ):
        self.controls = controls
        self.config = config.resolved()  # a ValueError with a plain message for bad settings
        self.data = data if data is not None else mnist()
        available = len(self.data.x_train)
        if self.config.subset is not None and self.config.subset > available:
            raise ValueError(f"Only {available:,} training images are available, not {self.config.subset:,}.")
        self.settings = settings or LiveSettings()
        self.images = min(self.config.subset or available, available)
        steps = math.ceil(self.images / self.config.batch_size)  # Keras' own count once started
        self.progress = Progress(self.config.model, self.config.epochs, steps)
        self.stop_event = threading.Event()
        self.done = threading.Event()  # set once result or error is final, before the end marker
        self.updates: queue.Queue = queue.Queue()  # Progress snapshots, then the end marker
        self.result: TrainResult | None = None
        self.error: BaseException | None = None
        self.started_at: float | None = None
        self._first_batch_at: float | None = None
        self._publishing = threading.Lock()
        self._evaluating = threading.Lock()
        self._evaluation = None
        self._val = None
        self.time_limit = time_limit
        self.timed_out = False  # stopped by its time limit, not by a person

    # ------------------------------------------------------------------ running

    def start(self) -> LiveRun:
        """Start training in a daemon thread (a closed page must never keep a process alive)."""
        self.started_at = time.perf_counter()
        thread = threading.Thread(target=self._train, name=f"live-{self.config.model}", daemon=True)
        thread.start()
        self._arm_cap()
        return self

    def _arm_cap(self) -> None:
        """Start counting the run's time limit, if it has one."""
        if self.time_limit is not None:
            timer = threading.Timer(self.time_limit, self._time_up)
            timer.daemon = True
            timer.start()

    def _time_up(self) -> None:
        if not self.done.is_set() and not self.stop_event.is_set():
            self.timed_out = True
            self.stop()

    def _train(self) -> None:
        from digits.train.callbacks import make_hooks_callback, make_live_callback, make_stop_callback

        try:
            rng = np.random.default_rng(self.settings.val_seed)
            n = min(self.settings.val_size, len(self.data.x_test))
            pick = rng.choice(len(self.data.x_test), n, False)
            self._val = self.data.x_test[pick], self.data.y_test[pick].astype(int)
            every = self.settings.every(self.progress.steps_per_epoch, self.config.batch_size)
            callbacks = [  # stop first: the live callback skips its measurement once stopping
                make_stop_callback(self.stop_event),
                make_hooks_callback(self),  # began, epoch_began, batch_ended, ended
                make_live_callback(self.add_point, *self._val, every),
            ]
            if self.controls is not None:  # first: a paused run waits before anything else of the batch
                callbacks.insert(0, self.controls.callback())
            self.result = self._fit(callbacks)
        except BaseException as exc:  # shown to the teacher by whoever follows the run
            self.error = exc
        finally:
            self._end()

    def _end(self) -> None:
        self.done.set()  # first: whoever sees the end marker finds the run done
        self.updates.put(_DONE)

    def _fit(self, callbacks: list):
        """The training itself (a fine-tuning run replaces it); its result has model, seconds, stopped."""
        return train(self.config, data=self.data, callbacks=callbacks, validation=0)

    def _publish(self, **changes) -> None:
        """Replace the progress snapshot (never change it) and queue the new one."""
        with self._publishing:
            self.progress = replace(self.progress, **changes)
            self.updates.put(self.progress)

    # The hooks through which the training callbacks report.

    def began(self, model, steps: int | None) -> None:
        """Training starts: Keras' own count of batches, and the curves' first point at chance level."""
        self._publish(steps_per_epoch=steps or self.progress.steps_per_epoch)
        n = self.config.batch_size  # a batch's worth: the untrained network is simply guessing
        loss, accuracy = measure(probabilities(model, self.data.x_train[:n]), self.data.y_train[:n])
        self._measured_point(model, 0, 0.0, loss, accuracy)

    def epoch_began(self, epoch_index: int) -> None:
        self._publish(epoch_index=epoch_index, batch_in_epoch=0)

    def batch_ended(self, batch_in_epoch: int) -> None:
        """A batch is done: count it and update the time left."""
        p = self.progress
        now = time.perf_counter()
        if p.batches_done == 0:
            self._first_batch_at = now
        done, left = p.batches_done + 1, None
        if done >= 2:  # the pace since the first batch (the first one also pays for compiling)
            left = (now - self._first_batch_at) / (done - 1) * (p.total_batches - done)
        self._publish(batches_done=done, batch_in_epoch=batch_in_epoch, seconds_left=left)

    def ended(self, model, logs: dict) -> None:
        """A last point at the last batch, unless the live callback has just made one there."""
        p = self.progress
        if not p.points or p.points[-1]["step"] == p.batches_done or not logs:
            return
        epoch = p.epoch_index + p.batch_in_epoch / max(p.steps_per_epoch, 1)
        loss, accuracy = logs.get("loss", np.nan), logs.get("accuracy", np.nan)
        self._measured_point(model, p.batches_done, epoch, loss, accuracy)

    def _measured_point(self, model, step: int, epoch: float, loss: float, accuracy: float) -> None:
        seconds = time.perf_counter() - self.started_at
        point = dict(step=step, epoch=epoch, loss=float(loss), accuracy=float(accuracy), seconds=seconds)
        point["val_loss"], point["val_accuracy"] = measure(probabilities(model, self._val[0]), self._val[1])
        self.add_point(point)

    def add_point(self, point: dict) -> None:
        """A curve point (from the live callback): where in the run it was taken, recent figures added."""
        p = self.progress
        point = dict(point, arrived=time.perf_counter() - self.started_at)
        point["epoch_index"], point["batch_in_epoch"] = p.epoch_index, p.batch_in_epoch
        with_recent(point, p.points[-1] if p.points else None)
        self._publish(points=p.points + (point,))

    def mark(self, kind: str, text: str) -> None:
        """Note on the curves what the teacher just did (kind: pause, resume, step, rate)."""
        p = self.progress
        self._publish(events=p.events + (dict(kind=kind, text=text, epoch=p.epochs_trained),))

    def stop(self) -> None:
        """Ask training to end after the current batch; what it learned so far is kept."""
        self.stop_event.set()
        if self.controls is not None:  # a paused run never reaches the stop callback: let it go on
            self.controls.stop()
        if not self.done.is_set():
            self._publish(stopping=True)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the run to be done; True once it is."""
        return self.done.wait(timeout) if self.started_at is not None else False

    @property
    def finished(self) -> bool:
        return self.done.is_set()

    def follow(self, every: float = 0.25) -> Iterator[Progress | None]:
        """Every `every` seconds until the run is done: the latest snapshot, or None if nothing moved."""
        done = False
        while not done:
            deadline = time.perf_counter() + every
            latest = None
            while not done:
                try:
                    item = self.updates.get(timeout=max(deadline - time.perf_counter(), 0))
                except queue.Empty:
                    break
                if item is _DONE:
                    done = True
                else:
                    latest = item
            yield latest

    # ------------------------------------------------------------------ results

    def evaluation(self):
        """The trained model measured on all 10,000 test images (computed once, whoever asks first)."""
        with self._evaluating:  # "Use this model" and the finished run can ask at the same moment
            if self._evaluation is None:
                from digits.train.evaluate import evaluate

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

    @property
    def params(self) -> int:
        """The trained network's weight count."""
        return int(self.model.count_params())

    def summary(self) -> RunSummary:
        """This run as a comparison-table row, with its test accuracy."""
        cfg = self.config
        return RunSummary(
            model=cfg.model,
            params=self.params,  # raises if there is nothing to summarise
            epochs=self.progress.epochs_trained,
            planned_epochs=cfg.epochs,
            images=self.images,
            batch_size=cfg.batch_size,
            optimizer=cfg.optimizer,
            learning_rate=cfg.learning_rate,
            augment=cfg.augment,
            seconds=self.result.seconds,
            test_accuracy=self.evaluation().accuracy,
            stopped=self.result.stopped,
        )
