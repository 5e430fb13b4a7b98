"""A live run whose fit runs in a worker process (digits.serve.worker): the same face as LiveRun."""

from __future__ import annotations

import contextlib
import pickle
import shutil
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

from digits.serve.scratch import runs_folder
from digits.serve.space import minutes
from digits.serve.worker import prepare, take_worker
from digits.train.controls import RemoteControls
from digits.train.live import SCORING_SECONDS, Fit, summarize
from digits.train.progress import Cap, Feed, LiveSettings, Plan, Progress, RunSummary

# A capped run's worker still alive this long after its stop is killed: the last batch, the save and
# SCORING_SECONDS of scoring take ~6 s for c2 here; the line is promised back within the cap + 10 s.
EXIT_SECONDS = SCORING_SECONDS + 4.0
OVERDUE = "this shared Space stops each training after {}, and the server was too busy to finish it in time"


class ProcessRun:
    """A live run whose fit runs in a worker process; the model comes back as a file.

    The same face as LiveRun: progress, follow, stop, join, controls, mark, cap, model, evaluation.
    """

    def __init__(
        self,
        fit: Fit,  # picklable: a module function with its arguments (functools.partial)
        plan: Plan,
        data=None,  # sent whole; None: the worker loads MNIST itself (as big as this process's copy)
        settings: LiveSettings | None = None,
        controls: RemoteControls | None = None,
        time_limit: float | None = None,  # counted from start(): the line's turn, scoring included
    ):
        self.fit, self.plan, self.data = fit, plan, data
        self.settings = settings or LiveSettings()
        self.controls = controls or RemoteControls()
        self.feed = Feed(Progress(plan.name, plan.epochs, plan.steps))
        self.cap = Cap(time_limit)
        self.result = None
        self.error: BaseException | None = None
        self.started_at: float | None = None
        self.process: subprocess.Popen | None = None
        self._dir = tempfile.mkdtemp(prefix="run-", dir=runs_folder())  # tidied at start if the server dies
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._dir, True)  # an unused model's file
        self.model_path = str(Path(self._dir) / "model.keras")
        self._model = None
        self._params = 0
        self._evaluation = None
        self._writing = threading.Lock()
        self._stopped = threading.Event()
        self._abandoned = threading.Event()
        self._overdue = threading.Event()

    progress = property(lambda self: self.feed.progress)
    done = property(lambda self: self.feed.done)
    finished = property(lambda self: self.feed.done.is_set())
    time_limit = property(lambda self: self.cap.seconds)
    timed_out = property(lambda self: self.cap.timed_out)
    images = property(lambda self: self.plan.samples)

    # ------------------------------------------------------------------ running

    def start(self, then: Callable[[], None] | None = None) -> ProcessRun:
        """Start the worker from a daemon thread; `then` once the worker has exited."""
        if then is not None:
            self.feed.then(then)
        self.started_at = time.perf_counter()
        threading.Thread(target=self._run, name=f"worker-{self.plan.name}", daemon=True).start()
        self.cap.arm(self.stop, lambda: not self.finished and not self._stopped.is_set())
        return self

    def _send(self, message) -> None:
        with self._writing:
            try:
                pickle.dump(message, self.process.stdin)
                self.process.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass  # the worker has ended: nothing left to steer

    def _run(self) -> None:
        """In the parent's follower thread: start the worker, relay what it sends, until it has exited."""
        try:
            self.process = take_worker()
            if self._abandoned.is_set():
                self.process.kill()
            scoring = SCORING_SECONDS if self.time_limit is not None else None
            self._send((self.fit, self.plan, self.data, self.settings, self.model_path, scoring))
            self.controls.attach(self._send)
            if self._stopped.is_set():
                self._send(("stop",))
            self._relay()
        except BaseException as exc:  # shown to the teacher by whoever follows the run
            self.error = exc
        finally:
            if self.process is not None:
                with contextlib.suppress(OSError):  # a dead worker's pipe cannot be flushed
                    self.process.stdin.close()
                self.process.wait()  # the line is left only once the worker is gone
                prepare()  # the next run's worker imports TensorFlow now, beside no training
            self.controls.finish()
            self.feed.end()

    def _relay(self) -> None:
        while True:
            try:
                message = pickle.load(self.process.stdout)
            except (EOFError, pickle.UnpicklingError):  # it died, perhaps mid-message
                code = self.process.wait()
                if self._overdue.is_set():
                    raise RuntimeError(OVERDUE.format(minutes(self.time_limit or 0))) from None
                raise RuntimeError(f"the training process ended unexpectedly (exit code {code})") from None
            kind = message[0]
            if kind == "ready":
                continue
            if kind == "progress":
                _, snapshot, state = message
                self.controls.update(state)
                self.feed.publish(snapshot)
            elif kind == "done":
                _, result, self._params, self._evaluation = message
                self.result = result
                return
            else:  # ("failed", text)
                raise RuntimeError(message[1])

    def mark(self, kind: str, text: str) -> None:
        """Note on the curves what the teacher just did (kind: pause, resume, step, rate)."""
        self.feed.mark(kind, text)

    def stop(self) -> None:
        """Ask the worker to end after the current batch; it saves and scores what it learned, then exits."""
        self._stopped.set()
        self.controls.stop()
        self.feed.stopping()
        if self.time_limit is not None:  # its scoring is bounded: a worker still busy after that is stuck
            timer = threading.Timer(EXIT_SECONDS, self._overrun)
            timer.daemon = True
            timer.start()

    def abandon(self) -> None:
        """Nobody follows the run any more (the page closed): end its worker now."""
        self._abandoned.set()
        self.stop()
        self._kill()

    def _overrun(self) -> None:
        """Still running long after its stop: the machine is too busy to finish within the cap."""
        if self.process is not None and self.process.poll() is None:
            self._overdue.set()
            self._kill()

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def join(self, timeout: float | None = None) -> bool:
        return self.done.wait(timeout) if self.started_at is not None else False

    def follow(self, every: float = 0.25) -> Iterator[Progress | None]:
        return self.feed.follow(every)

    # ------------------------------------------------------------------ results

    @property
    def model(self):
        """The trained model, loaded from the worker's file on first use (then the file goes)."""
        if self._model is None:
            if not self.finished:
                raise RuntimeError("Training has not finished yet.")
            if self.result is None:
                raise RuntimeError(f"Training failed: {self.error}")
            import keras

            self._model = keras.models.load_model(self.model_path, compile=False)
            self._cleanup()
        return self._model

    @property
    def params(self) -> int:
        return self._params

    def evaluation(self):
        """The test digits' scores, measured in the worker (a training's; None for a fine-tune)."""
        if self.result is None:
            raise RuntimeError(f"Training failed: {self.error}")
        return self._evaluation

    def summary(self) -> RunSummary:
        return summarize(self)
