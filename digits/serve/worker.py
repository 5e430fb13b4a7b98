"""A training in a process of its own: the server's memory stays flat, whatever TensorFlow keeps.

TensorFlow holds on to ~11 MB for every training in a process, even after the model is dropped;
on a Space where hundreds of visitors train, that only grows. A `ProcessRun` (serve/process_run.py)
behaves like a `LiveRun` (the same snapshots, controls, stop, cap, results) but runs its fit (a
training or a fine-tune) in `python -m digits.serve.worker`, which exits when the run is done,
taking that memory with it.

The protocol is pickled messages: the worker says ("ready",) once TensorFlow is imported; the parent
writes the job (fit, plan, data, settings, model path, scoring seconds), then commands ("stop",
"pause", "resume", ("step", n), ("rate", r)) to the child's stdin; the child writes ("progress",
snapshot, controls state) and finally ("done", result, weights, evaluation) or ("failed", text).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from dataclasses import replace

from digits.train.controls import TrainingControls
from digits.train.live import LiveRun, score


def _spawn() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "digits.serve.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # TensorFlow's notes; failures come back as messages
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )


class Spare:
    """At most one worker importing TensorFlow while no run needs it, ready for the next run."""

    def __init__(self):
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None

    def prepare(self, timeout: float | None = None) -> bool:
        """Start the spare now if there is none; with a timeout, wait until it is ready (True if it is)."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = _spawn()
            spare = self._proc
        if timeout is None:
            return False
        import select

        if not select.select([spare.stdout], [], [], timeout)[0]:
            return False
        try:
            return pickle.load(spare.stdout) == ("ready",)  # read here, so a run's relay never sees it
        except (EOFError, pickle.UnpicklingError):
            return False

    def take(self) -> subprocess.Popen:
        """A worker for a run: the spare if there is one (TensorFlow imported or on its way), else a new one.

        No new spare is started here: importing TensorFlow beside a training would take its cores and
        memory (~450 MB); the run's end starts the next spare (prepare), while the line moves on.
        """
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            proc = _spawn()
        return proc


SPARE = Spare()  # the server's one spare worker


def prepare(timeout: float | None = None) -> bool:
    """A spare worker importing TensorFlow now (see Spare.prepare)."""
    return SPARE.prepare(timeout)


def take_worker() -> subprocess.Popen:
    """A worker for a run (see Spare.take)."""
    return SPARE.take()


# ---------------------------------------------------------------- the worker process


def _obey(stdin, run: LiveRun) -> None:
    """Commands from the parent; its end (the server stopped or was killed) stops the run."""
    actions = {
        "stop": run.stop,
        "pause": run.controls.pause,
        "resume": run.controls.resume,
        "step": run.controls.step,
        "rate": run.controls.set_learning_rate,
    }
    while True:
        try:
            kind, *args = pickle.load(stdin)
        except (EOFError, OSError, pickle.UnpicklingError):
            run.stop()
            return
        try:
            actions[kind](*args)
        except ValueError:
            pass  # checked in the parent already


def main() -> None:
    out = os.fdopen(os.dup(1), "wb")  # the messages' own channel ...
    os.dup2(2, 1)  # ... so that nothing printed by a library can corrupt it
    stdin = sys.stdin.buffer
    os.nice(10)  # a child's drawing is answered before a training's next batch: the server comes first
    import keras  # noqa: F401  (a spare worker imports TensorFlow while it waits for its run)

    pickle.dump(("ready",), out)  # for prepare(): a run handed to this worker starts at once
    out.flush()

    try:
        fit, plan, data, settings, path, scoring = pickle.load(stdin)
    except EOFError:  # the server ended before it needed this spare
        return

    def send(message) -> None:
        pickle.dump(message, out)
        out.flush()

    try:
        run = LiveRun(fit, plan, data, settings, controls=TrainingControls())
        threading.Thread(target=_obey, args=(stdin, run), daemon=True).start()
        run.start()
        last = None
        for snapshot in run.follow(every=0.1):
            state = run.controls.state()
            if snapshot is not None or state != last:
                send(("progress", run.progress, state))
                last = state
        if run.result is None:
            send(("failed", f"{run.error}"))
            return
        run.model.save(path)
        evaluation = None
        if plan.settings is not None:  # a training is scored on the test digits; a fine-tune is not
            evaluation = score(run.model, run.data.x_test, run.data.y_test, scoring)
        send(("progress", run.progress, run.controls.state()))
        send(("done", replace(run.result, model=None), int(run.model.count_params()), evaluation))
    except Exception as exc:  # e.g. no MNIST here: the parent shows the one line
        send(("failed", str(exc)))
    finally:
        out.close()
    # All is said and saved: skip the interpreter's teardown of TensorFlow (3.3 s of a 25.5 s capped
    # run here), since the line waits for this process to be gone.
    os._exit(0)


if __name__ == "__main__":
    main()
