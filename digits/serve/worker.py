"""A training in a process of its own: the server's memory stays flat, whatever TensorFlow keeps.

TensorFlow holds on to ~11 MB for every training in a process, even after the model is dropped;
on a Space where hundreds of visitors train, that only grows. A `ProcessRun` behaves like a
`LiveRun` (the same snapshots, controls, stop, results) but trains in `python -m digits.serve.worker`,
which exits when the run is done, taking that memory with it.

The protocol is pickled messages: the parent writes the job, then commands ("stop", "pause",
"resume", ("step", n), ("rate", r)) to the child's stdin; the child writes ("progress", snapshot,
controls state) and finally ("done", ...) or ("failed", text) to its own stdout.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from pathlib import Path

from digits.serve.scratch import runs_folder
from digits.train.controls import TrainingControls
from digits.train.fit import TrainConfig, TrainResult
from digits.train.live import LiveRun
from digits.train.progress import LiveSettings


class RemoteControls:
    """TrainingControls for a training in another process: commands go there, its state comes back."""

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

    def _attach(self, send) -> None:
        with self._cond:
            self._send, pending, self._pending = send, self._pending, []
        for message in pending:
            send(message)

    def _finish(self) -> None:
        self._update({**self._state, "finished": True})

    def _update(self, state: dict) -> None:
        with self._cond:
            self._state = state
            self._cond.notify_all()

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
        self._update({**self._state, "paused": True})  # shown at once; the child confirms it
        self._command("pause")

    def resume(self) -> None:
        self._update({**self._state, "paused": False, "held": False})
        self._command("resume")

    def step(self, batches: int = 1) -> None:
        self._command("step", batches)

    def set_learning_rate(self, rate: float) -> None:
        TrainConfig(learning_rate=rate).check()  # a ValueError with a plain message, here and now
        self._command("rate", float(rate))

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


_spare: subprocess.Popen | None = None  # a worker already importing TensorFlow, for the next run
_spare_lock = threading.Lock()


def _spawn() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "digits.serve.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # TensorFlow's notes; failures come back as messages
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )


def _worker() -> subprocess.Popen:
    """A worker for a run: the spare (TensorFlow imported, so the run starts at once), and a new spare."""
    global _spare
    with _spare_lock:
        proc, _spare = _spare, None
        if proc is None or proc.poll() is not None:
            proc = _spawn()
        _spare = _spawn()
    return proc


class ProcessRun(LiveRun):
    """A LiveRun whose training runs in a worker process; the model comes back as a file."""

    def __init__(self, config: TrainConfig, data=None, settings: LiveSettings | None = None, **kwargs):
        kwargs.setdefault("controls", RemoteControls())
        super().__init__(config, data, settings, **kwargs)
        self._send_data = data  # None: the worker loads MNIST itself (as big as this process's copy)
        self._dir = tempfile.mkdtemp(prefix="run-", dir=runs_folder())  # tidied at start if the server dies
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._dir, True)  # an unused model's file
        self._model = None
        self._model_path: str | None = None
        self._params = 0
        self._proc: subprocess.Popen | None = None
        self._writing = threading.Lock()

    def _arm_cap(self) -> None:
        pass  # the cap counts from the worker's first message, not while it imports TensorFlow

    def _send(self, message) -> None:
        with self._writing:
            try:
                pickle.dump(message, self._proc.stdin)
                self._proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass  # the worker has ended: nothing left to steer

    def _train(self) -> None:
        """In the parent's follower thread: start the worker, relay what it sends, until it ends."""
        try:
            self._proc = _worker()
            out = str(Path(self._dir) / "model.keras")
            self._send((self.config, self._send_data, self.settings, out))
            self.controls._attach(self._send)
            if self.stop_event.is_set():
                self._send(("stop",))
            self._relay(out)
        except BaseException as exc:  # shown to the teacher by whoever follows the run
            self.error = exc
        finally:
            if self._proc is not None:
                with contextlib.suppress(OSError):  # a dead worker's pipe cannot be flushed
                    self._proc.stdin.close()
                self._proc.wait()
            self.controls._finish()
            self._end()

    def _relay(self, out: str) -> None:
        first = True
        while True:
            try:
                message = pickle.load(self._proc.stdout)
            except (EOFError, pickle.UnpicklingError):  # it died, perhaps mid-message
                code = self._proc.wait()
                raise RuntimeError(f"the training process ended unexpectedly (exit code {code})") from None
            kind = message[0]
            if first:
                super()._arm_cap()
                first = False
            if kind == "progress":
                _, snapshot, state = message
                self.controls._update(state)
                with self._publishing:
                    self.progress = snapshot
                    self.updates.put(snapshot)
            elif kind == "done":
                _, meta, evaluation = message
                self._params, self._evaluation = meta.pop("params"), evaluation
                self._model_path = out
                self.result = TrainResult(model=None, config=self.config, **meta)
                return
            else:  # ("failed", text)
                raise RuntimeError(message[1])

    @property
    def model(self):
        """The trained model, loaded from the worker's file on first use (then the file goes)."""
        if self._model is None:
            if not self.finished:
                raise RuntimeError("Training has not finished yet.")
            if self.result is None:
                raise RuntimeError(f"Training failed: {self.error}")
            import keras

            self._model = keras.models.load_model(self._model_path, compile=False)
            self._cleanup()
        return self._model

    @property
    def params(self) -> int:
        return self._params


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

    try:
        config, data, settings, path = pickle.load(stdin)
    except EOFError:  # the server ended before it needed this spare
        return

    def send(message) -> None:
        pickle.dump(message, out)
        out.flush()

    try:
        run = LiveRun(config, data, settings, controls=TrainingControls())
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
        meta = {
            "params": int(run.model.count_params()),
            "history": run.result.history,
            "seconds": run.result.seconds,
            "epochs_done": run.result.epochs_done,
            "stopped": run.result.stopped,
            "samples_per_epoch": run.result.samples_per_epoch,
        }
        send(("progress", run.progress, run.controls.state()))
        send(("done", meta, run.evaluation()))
    except Exception as exc:  # e.g. no MNIST here: the parent shows the one line
        send(("failed", str(exc)))
    finally:
        out.close()


if __name__ == "__main__":
    main()
