"""What a live run publishes: how often it measures, its snapshots and their feed, its cap, its row."""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from digits.train import models

_DONE = object()  # put on the queue once the run is done (its `done` event set)


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


@dataclass(frozen=True)
class Plan:
    """What a live run's progress counts: its name, epochs, batches and images per epoch."""

    name: str
    epochs: int
    batch_size: int
    samples: int  # images in one epoch
    settings: object = None  # a training's TrainConfig, for its comparison-table row; None for a fine-tune

    @property
    def steps(self) -> int:
        """Batches per epoch (Keras' own count once it starts)."""
        return math.ceil(self.samples / self.batch_size)


@dataclass(frozen=True)
class Progress:
    """One moment of a run, published whole: what the Train tab shows of it."""

    model: str
    epochs: int  # planned
    steps_per_epoch: int
    batches_done: int = 0
    epoch_index: int = 0
    batch_in_epoch: int = 0
    points: tuple = ()  # the curve points so far, each a dict
    seconds_left: float | None = None  # None until the pace is known
    stopping: bool = False
    events: tuple = ()  # what the teacher did while it ran (pause, resume, a new rate), each a dict

    @property
    def total_batches(self) -> int:
        return self.epochs * self.steps_per_epoch

    @property
    def fraction(self) -> float:
        return min(self.batches_done / max(self.total_batches, 1), 1.0)

    @property
    def epochs_trained(self) -> float:
        return self.batches_done / max(self.steps_per_epoch, 1)


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


def with_recent(point: dict, previous: dict | None) -> None:
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


class Feed:
    """A run's progress as others see it: whole snapshots, queued for whoever follows, then the end."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.updates: queue.Queue = queue.Queue()  # Progress snapshots, then the end marker
        self.done = threading.Event()  # set once the run's outcome is final, before the end marker
        self._lock = threading.Lock()
        self._then: list[Callable[[], None]] = []

    def publish(self, progress: Progress) -> None:
        """A new snapshot (never changed once published) for everyone following."""
        with self._lock:
            self.progress = progress
            self.updates.put(progress)

    def change(self, **changes) -> None:
        with self._lock:
            self.progress = replace(self.progress, **changes)
            self.updates.put(self.progress)

    def mark(self, kind: str, text: str) -> None:
        """Note on the curves what the teacher just did (kind: pause, resume, step, rate)."""
        with self._lock:
            p = self.progress
            event = dict(kind=kind, text=text, epoch=p.epochs_trained)
            self.progress = replace(p, events=p.events + (event,))
            self.updates.put(self.progress)

    def stopping(self) -> None:
        """Show that the run was asked to stop, unless it is over."""
        if not self.done.is_set():
            self.change(stopping=True)

    def then(self, action: Callable[[], None]) -> None:
        """Do `action` once the run is over (at once if it is)."""
        with self._lock:
            if not self.done.is_set():
                self._then.append(action)
                return
        action()

    def end(self) -> None:
        with self._lock:
            self.done.set()  # first: whoever sees the end marker finds the run done
            actions, self._then = self._then, []
        for action in actions:
            action()
        self.updates.put(_DONE)

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


class Cap:
    """A run's wall-time limit, counted from its start: at the end it stops as if Stop was pressed."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.timed_out = False

    def arm(self, stop: Callable[[], None], running: Callable[[], bool]) -> None:
        if self.seconds is None:
            return

        def up():
            if running():
                self.timed_out = True
                stop()

        timer = threading.Timer(self.seconds, up)
        timer.daemon = True
        timer.start()
