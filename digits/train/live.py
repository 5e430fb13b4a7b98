"""Training you can watch: a fit in a thread, progress snapshots through a queue, a stop switch, a cap."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from functools import partial

import numpy as np

from digits.train.data import Mnist, mnist
from digits.train.evaluate import Evaluation, measure, probabilities
from digits.train.fit import TrainConfig, train
from digits.train.progress import Cap, Feed, LiveSettings, Plan, Progress, RunSummary, with_recent

# A fit: (data, Keras callbacks) -> a result with .model, .seconds and .stopped (TrainResult, FinetuneResult).
Fit = Callable[[Mnist, list], object]

SCORING_SECONDS = 4.0  # a capped run's final scoring: what fits in this, at least SCORING_CHUNK digits
SCORING_CHUNK = 500


def score(model, x: np.ndarray, y: np.ndarray, seconds: float | None = None) -> Evaluation:
    """`evaluate` on all of x, or on as many of the first images as fit in `seconds` (a capped run)."""
    from digits.train.evaluate import evaluate  # looked up at call time: tests count the calls

    if seconds is None or len(x) <= SCORING_CHUNK:
        return evaluate(model, x, y)
    began = time.perf_counter()
    probabilities(model, x[:SCORING_CHUNK])  # the pace, on the images scored again below
    pace = (time.perf_counter() - began) / SCORING_CHUNK
    n = int(min(len(x), max(SCORING_CHUNK, (seconds - pace * SCORING_CHUNK) / max(pace, 1e-9))))
    return evaluate(model, x[:n], y[:n])


class LiveRun:
    """A fit in a background thread: snapshots on a queue, stop() at any batch, steered by its controls."""

    def __init__(
        self,
        fit: Fit,
        plan: Plan,
        data: Mnist | None = None,
        settings: LiveSettings | None = None,
        controls=None,  # a Controls with callback(): pause, resume, step, a new learning rate
        time_limit: float | None = None,  # seconds of wall time, then it stops as if Stop was pressed
    ):
        self.fit, self.plan, self.controls = fit, plan, controls
        self.data = data if data is not None else mnist()
        self.settings = settings or LiveSettings()
        self.feed = Feed(Progress(plan.name, plan.epochs, plan.steps))
        self.cap = Cap(time_limit)
        self.stop_event = threading.Event()
        self.result = None
        self.error: BaseException | None = None
        self.started_at: float | None = None
        self._first_batch_at: float | None = None
        self._evaluating = threading.Lock()
        self._evaluation: Evaluation | None = None
        self._val = None

    # What a follower reads, from the feed and the cap.
    progress = property(lambda self: self.feed.progress)
    updates = property(lambda self: self.feed.updates)
    done = property(lambda self: self.feed.done)
    finished = property(lambda self: self.feed.done.is_set())
    time_limit = property(lambda self: self.cap.seconds)
    timed_out = property(lambda self: self.cap.timed_out)
    images = property(lambda self: self.plan.samples)

    # ------------------------------------------------------------------ running

    def start(self, then: Callable[[], None] | None = None) -> LiveRun:
        """Train in a daemon thread (a closed page must never keep a process alive); `then` at its end."""
        if then is not None:
            self.feed.then(then)
        self.started_at = time.perf_counter()
        threading.Thread(target=self._train, name=f"live-{self.plan.name}", daemon=True).start()
        self.cap.arm(self.stop, lambda: not self.finished and not self.stop_event.is_set())
        return self

    def _train(self) -> None:
        from digits.train.callbacks import make_hooks_callback, make_live_callback, make_stop_callback

        try:
            rng = np.random.default_rng(self.settings.val_seed)
            n = min(self.settings.val_size, len(self.data.x_test))
            pick = rng.choice(len(self.data.x_test), n, False)
            self._val = self.data.x_test[pick], self.data.y_test[pick].astype(int)
            every = self.settings.every(self.progress.steps_per_epoch, self.plan.batch_size)
            callbacks = [  # stop first: the live callback skips its measurement once stopping
                make_stop_callback(self.stop_event),
                make_hooks_callback(self),  # began, epoch_began, batch_ended, ended
                make_live_callback(self.add_point, *self._val, every),
            ]
            if self.controls is not None:  # first: a paused run waits before anything else of the batch
                callbacks.insert(0, self.controls.callback())
            self.result = self.fit(self.data, callbacks)
        except BaseException as exc:  # shown to the teacher by whoever follows the run
            self.error = exc
        finally:
            self.feed.end()

    # The hooks through which the training callbacks report.

    def began(self, model, steps: int | None) -> None:
        """Training starts: Keras' own count of batches, and the curves' first point at chance level."""
        self.feed.change(steps_per_epoch=steps or self.progress.steps_per_epoch)
        n = self.plan.batch_size  # a batch's worth: the untrained network is simply guessing
        loss, accuracy = measure(probabilities(model, self.data.x_train[:n]), self.data.y_train[:n])
        self._measured_point(model, 0, 0.0, loss, accuracy)

    def epoch_began(self, epoch_index: int) -> None:
        self.feed.change(epoch_index=epoch_index, batch_in_epoch=0)

    def batch_ended(self, batch_in_epoch: int) -> None:
        """A batch is done: count it and update the time left."""
        p = self.progress
        now = time.perf_counter()
        if p.batches_done == 0:
            self._first_batch_at = now
        done, left = p.batches_done + 1, None
        if done >= 2:  # the pace since the first batch (the first one also pays for compiling)
            left = (now - self._first_batch_at) / (done - 1) * (p.total_batches - done)
        self.feed.change(batches_done=done, batch_in_epoch=batch_in_epoch, seconds_left=left)

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
        self.feed.change(points=p.points + (point,))

    def mark(self, kind: str, text: str) -> None:
        """Note on the curves what the teacher just did (kind: pause, resume, step, rate)."""
        self.feed.mark(kind, text)

    def stop(self) -> None:
        """Ask training to end after the current batch; what it learned so far is kept."""
        self.stop_event.set()
        if self.controls is not None:  # a paused run never reaches the stop callback: let it go on
            self.controls.stop()
        self.feed.stopping()

    def abandon(self) -> None:
        """Nobody follows the run any more (the page closed): stop it (a thread cannot be killed)."""
        self.stop()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the run to be done; True once it is."""
        return self.done.wait(timeout) if self.started_at is not None else False

    def follow(self, every: float = 0.25) -> Iterator[Progress | None]:
        """Every `every` seconds until the run is done: the latest snapshot, or None if nothing moved."""
        return self.feed.follow(every)

    # ------------------------------------------------------------------ results

    def evaluation(self) -> Evaluation:
        """The trained model measured on the test images (computed once, whoever asks first).

        A capped run scores what fits in SCORING_SECONDS: its cap holds the line, scoring included.
        """
        with self._evaluating:  # "Use this model" and the finished run can ask at the same moment
            if self._evaluation is None:
                seconds = SCORING_SECONDS if self.time_limit is not None else None
                self._evaluation = score(self.model, self.data.x_test, self.data.y_test, seconds)
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
        """This run as a comparison-table row, with its test accuracy (a training's, not a fine-tune's)."""
        return summarize(self)


def summarize(run) -> RunSummary:
    """A finished training run (in a thread or a worker) as a comparison-table row."""
    cfg = run.plan.settings
    if cfg is None:
        raise RuntimeError("Only a training run has a row in the comparison table.")
    return RunSummary(
        model=cfg.model,
        params=run.params,  # raises if there is nothing to summarise
        epochs=run.progress.epochs_trained,
        planned_epochs=cfg.epochs,
        images=run.plan.samples,
        batch_size=cfg.batch_size,
        optimizer=cfg.optimizer,
        learning_rate=cfg.learning_rate,
        augment=cfg.augment,
        seconds=run.result.seconds,
        test_accuracy=run.evaluation().accuracy,
        stopped=run.result.stopped,
    )


# ---------------------------------------------------------------- a training on MNIST


def fit_training(config: TrainConfig, data: Mnist, callbacks: list):
    """The Train tab's fit (a module function: a worker process receives it pickled)."""
    return train(config, data=data, callbacks=callbacks, validation=0)


def training_plan(config: TrainConfig, available: int) -> tuple[Fit, Plan]:
    """The fit and plan of a training; a ValueError with a plain message for settings that cannot train."""
    config = config.resolved()
    if config.subset is not None and config.subset > available:
        raise ValueError(f"Only {available:,} training images are available, not {config.subset:,}.")
    images = min(config.subset or available, available)
    plan = Plan(config.model, config.epochs, config.batch_size, images, settings=config)
    return partial(fit_training, config), plan


def training(
    config: TrainConfig, data: Mnist | None = None, settings: LiveSettings | None = None, **kwargs
) -> LiveRun:
    """A live training of `config` on `data` (MNIST by default), in this process."""
    data = data if data is not None else mnist()
    fit, plan = training_plan(config, len(data.x_train))
    return LiveRun(fit, plan, data, settings, **kwargs)
