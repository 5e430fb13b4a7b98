"""Dynamic batching: reads that arrive together go through the model in one forward pass.

One reader thread per model takes the first waiting read, then every read already waiting (up to
`max_reads`), and runs them as one batch. A read alone is run at once, on its caller's thread when
no pass is running (no hand-off to the reader thread and back: a lone read through the route cost
1.3x the in-process read with it): it waits no extra time. Passes never overlap. Only
when the last batch held several reads (children drawing together) does the thread linger a few
ms for more, since a 2-core machine reads one batch of 20 in about the time of three single reads.
The queue is bounded: a full one answers Busy at once, never a growing wait.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

BUSY = "The reader is busy: try again in a moment."
SUPERSEDED = "A newer drawing from the same page replaced this one."


class Busy(Exception):
    """The queue is full: the caller should try again (one line, no traceback)."""


class Superseded(Exception):
    """A newer read with the same key came before this one was read: only the newest is read."""


@dataclass(frozen=True)
class BatchConfig:
    """How reads are gathered into batches."""

    max_reads: int = 32  # reads per forward pass (a read is 3-8 inputs of 28x28: at most ~250 inputs)
    linger_s: float = 0.003  # how long to wait for more, only when the last batch held several reads
    queue_size: int = 256  # reads waiting at most; more: Busy (200 children each send one at a time)


class _Read:
    """One caller's inputs, waiting for their outputs."""

    __slots__ = ("inputs", "key", "done", "outputs", "error")

    def __init__(self, inputs: np.ndarray, key):
        self.inputs = inputs
        self.key = key
        self.done = threading.Event()
        self.outputs: np.ndarray | None = None
        self.error: BaseException | None = None

    def finish(self, outputs=None, error: BaseException | None = None) -> None:
        self.outputs, self.error = outputs, error
        self.done.set()


class Batcher:
    """`batcher(inputs, key)` returns `forward(inputs)`, read together with other callers' inputs."""

    def __init__(
        self,
        forward: Callable[[np.ndarray], np.ndarray],
        config: BatchConfig = BatchConfig(),
        name: str = "batch-reader",
    ):
        self.forward = forward
        self.config = config
        self.name = name  # its thread's name (profilers show it)
        self.batches = 0  # forward passes run (tests and benchmarks look)
        self._waiting: deque[_Read] = deque()
        self._latest: dict = {}  # key -> its read still waiting (a newer one replaces it)
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._last_size = 0
        self._closed = False
        self._passing = False  # a forward pass is running (the reader thread's, or a lone caller's)

    def __call__(self, inputs: np.ndarray, key=None, timeout: float = 60.0) -> np.ndarray:
        """The model's outputs for `inputs` (N, ...): Busy if the queue is full, Superseded if replaced."""
        read = _Read(inputs, key)
        with self._cond:
            if self._closed:
                raise RuntimeError("the reader is closed")
            alone = not self._waiting and not self._passing
            if alone:  # nothing waiting and no pass running: read here, at once
                self._passing = True
            else:
                self._enqueue(read)
        if alone:
            return self._alone(inputs)
        if not read.done.wait(timeout):
            raise Busy(BUSY)
        if read.error is not None:
            raise read.error
        return read.outputs

    def _enqueue(self, read: _Read) -> None:
        """`read` in line (the lock held): Busy if the line is full; the page's older read is Superseded."""
        if len(self._waiting) >= self.config.queue_size:
            raise Busy(BUSY)
        older = self._latest.get(read.key) if read.key is not None else None
        if older is not None:  # the page's older drawing is not read at all: it answers Superseded
            self._waiting.remove(older)
            older.finish(error=Superseded(SUPERSEDED))
        if read.key is not None:
            self._latest[read.key] = read
        self._waiting.append(read)
        self._start()
        self._cond.notify_all()

    def _alone(self, inputs: np.ndarray) -> np.ndarray:
        """A lone read's pass on its caller's thread; reads that arrive meanwhile wait for the next."""
        try:
            return np.asarray(self.forward(inputs))
        finally:
            with self._cond:
                self._passing = False
                self._last_size = 1
                self.batches += 1
                self._cond.notify_all()

    def waiting(self) -> int:
        """Reads queued now, not yet taken into a batch."""
        with self._cond:
            return len(self._waiting)

    def wait_for(self, predicate: Callable[[Batcher], bool], timeout: float = 10.0) -> bool:
        """Block until `predicate(self)` holds (checked whenever a read arrives or a batch ends)."""
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self), timeout)

    def close(self) -> None:
        """Stop the reader thread once the reads already waiting are read."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def _take(self) -> list[_Read] | None:
        with self._cond:
            self._cond.wait_for(lambda: (self._waiting and not self._passing) or self._closed)
            if not self._waiting:
                return None
            self._cond.wait_for(lambda: not self._passing)  # closing: a lone pass ends first
            if self._last_size > 1 and len(self._waiting) < self.config.max_reads:
                # Children are drawing together: a few ms more gathers the reads just arriving.
                self._cond.wait_for(lambda: len(self._waiting) >= self.config.max_reads, self.config.linger_s)
            batch = [self._waiting.popleft() for _ in range(min(self.config.max_reads, len(self._waiting)))]
            for read in batch:
                if read.key is not None and self._latest.get(read.key) is read:
                    del self._latest[read.key]
            self._last_size = len(batch)
            self._passing = True
            return batch

    def _run(self) -> None:
        while (batch := self._take()) is not None:
            try:
                outputs = np.asarray(self.forward(np.concatenate([r.inputs for r in batch])))
            except Exception as exc:  # each caller meets the error where it can be said
                for read in batch:
                    read.finish(error=exc)
            else:
                start = 0
                for read in batch:
                    read.finish(outputs[start : start + len(read.inputs)])
                    start += len(read.inputs)
            with self._cond:
                self._passing = False
                self.batches += 1
                self._cond.notify_all()
