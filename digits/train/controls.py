"""Pause, resume, one batch at a time, a new learning rate, stop: a running fit steered from outside."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from digits.train.fit import TrainConfig


@runtime_checkable
class Controls(Protocol):
    """What a teacher can do to a running training, wherever it runs (this thread or a worker process)."""

    @property
    def paused(self) -> bool: ...

    @property
    def batches(self) -> int: ...

    @property
    def rate_fixed(self) -> bool: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def step(self, batches: int = 1) -> None: ...

    def set_learning_rate(self, rate: float) -> None: ...

    def stop(self) -> None: ...

    def wait_paused(self, timeout: float | None = None) -> bool: ...

    def wait_batches(self, n: int, timeout: float | None = None) -> bool: ...

    def state(self) -> dict: ...


def checked_rate(rate: float) -> float:
    """A learning rate a teacher typed, as a float; a ValueError with a plain message otherwise."""
    TrainConfig(learning_rate=rate).check()
    return float(rate)


class TrainingControls:
    """What a teacher can do to a running training; `callback()` makes it act inside `model.fit`.

    Thread-safe: the UI calls pause/resume/step/set_learning_rate/stop, the training thread obeys
    at the start of each batch. One controls object per training run (and per user).
    """

    def __init__(self, paused: bool = False):
        self._cond = threading.Condition()
        self._running = not paused
        self._steps = 0  # batches allowed while paused
        self._stopped = False
        self._waiting = False  # the training thread is blocked, waiting to be let on
        self._finished = False
        self._rate: float | None = None  # a learning rate not yet handed to the optimizer
        self.batches = 0  # batches completed
        self.rate_fixed = False  # the optimizer follows a schedule: its rate cannot be set by hand

    @property
    def paused(self) -> bool:
        return not self._running

    def pause(self) -> None:
        with self._cond:
            self._running = False

    def resume(self) -> None:
        with self._cond:
            self._running, self._steps = True, 0
            self._cond.notify_all()

    def step(self, batches: int = 1) -> None:
        """While paused, let `batches` more batches run, then stay paused."""
        with self._cond:
            self._steps += batches
            self._cond.notify_all()

    def set_learning_rate(self, rate: float) -> None:
        """The learning rate from the next batch on."""
        rate = checked_rate(rate)
        with self._cond:
            self._rate = rate

    def stop(self) -> None:
        """End training after the current batch (a paused one runs one last batch, then ends)."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def wait_paused(self, timeout: float | None = None) -> bool:
        """Block until training is held by a pause with no steps left (or has ended); False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: (self._waiting and not self._steps) or self._finished, timeout)

    def wait_batches(self, n: int, timeout: float | None = None) -> bool:
        """Block until at least `n` batches are done (or training has ended); False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self.batches >= n or self._finished, timeout)

    def state(self) -> dict:
        """What the teacher's buttons show, as plain data (a training in another process sends it)."""
        with self._cond:
            return {
                "paused": not self._running,
                "batches": self.batches,
                "held": self._waiting and not self._steps,
                "finished": self._finished,
                "rate_fixed": self.rate_fixed,
            }

    # ------------------------------------------------------------ inside the training thread

    def _before_batch(self, model) -> None:
        with self._cond:
            while not (self._running or self._steps or self._stopped):
                self._waiting = True
                self._cond.notify_all()
                self._cond.wait()
            self._waiting = False
            if not self._running and self._steps:
                self._steps -= 1
            if self._stopped:
                model.stop_training = True
            rate, self._rate = self._rate, None
        if rate is not None:
            self._apply_rate(model.optimizer, rate)

    def _apply_rate(self, optimizer, rate: float) -> None:
        try:
            optimizer.learning_rate = rate
        except TypeError:  # Keras refuses: a schedule (cosine) owns the rate
            self.rate_fixed = True

    def _after_batch(self, model) -> None:
        with self._cond:
            self.batches += 1
            if self._stopped:
                model.stop_training = True
            self._cond.notify_all()

    def _finish(self) -> None:
        with self._cond:
            self._finished = True
            self._cond.notify_all()

    def callback(self):
        """A Keras callback that makes `model.fit` obey these controls."""
        import keras

        controls = self

        class Controlled(keras.callbacks.Callback):
            def on_train_begin(self, logs=None):
                with controls._cond:
                    controls._finished = False

            def on_train_batch_begin(self, batch, logs=None):
                controls._before_batch(self.model)

            def on_train_batch_end(self, batch, logs=None):
                controls._after_batch(self.model)

            def on_train_end(self, logs=None):
                controls._finish()

        return Controlled()


class RemoteControls:
    """The Controls of a training in another process: commands go there, its state comes back."""

    def __init__(self, paused: bool = False):
        self._cond = threading.Condition()
        self._send = None  # set by the run once its process is up
        self._pending = [("pause",)] if paused else []
        self._state = {"paused": paused, "batches": 0, "held": False, "finished": False, "rate_fixed": False}

    def _command(self, *message) -> None:
        with self._cond:
            if self._send is None:
                self._pending.append(message)
                return
        self._send(message)

    def attach(self, send: Callable[[tuple], None]) -> None:
        """The worker is up: commands go to it from now on, those given before first."""
        with self._cond:
            self._send, pending, self._pending = send, self._pending, []
        for message in pending:
            send(message)

    def update(self, state: dict) -> None:
        """The worker's controls state, as it sent it."""
        with self._cond:
            self._state = dict(state)
            self._cond.notify_all()

    def finish(self) -> None:
        """The worker has ended: nothing waits for it any more."""
        with self._cond:
            self._state = {**self._state, "finished": True}
            self._cond.notify_all()

    def state(self) -> dict:
        with self._cond:
            return dict(self._state)

    @property
    def paused(self) -> bool:
        return self._state["paused"]

    @property
    def batches(self) -> int:
        return self._state["batches"]

    @property
    def rate_fixed(self) -> bool:
        return self._state["rate_fixed"]

    def pause(self) -> None:
        self.update({**self._state, "paused": True})  # shown at once; the worker confirms it
        self._command("pause")

    def resume(self) -> None:
        self.update({**self._state, "paused": False, "held": False})
        self._command("resume")

    def step(self, batches: int = 1) -> None:
        self._command("step", batches)

    def set_learning_rate(self, rate: float) -> None:
        self._command("rate", checked_rate(rate))  # a ValueError with a plain message, here and now

    def stop(self) -> None:
        self._command("stop")

    def wait_paused(self, timeout: float | None = None) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self._state["held"] or self._state["finished"], timeout)

    def wait_batches(self, n: int, timeout: float | None = None) -> bool:
        with self._cond:
            return self._cond.wait_for(
                lambda: self._state["batches"] >= n or self._state["finished"], timeout
            )
