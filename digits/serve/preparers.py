"""Reads' preprocessing in processes of their own, so the server's one interpreter lock is left to the rest.

With 200 children on a 2-core machine the server's threads were capped at ~1.3 cores: its Python
(HTTP, the reads' preprocessing, the batchers) holds one lock, and a read's preprocessing (strokes
parsed, drawn, cut and framed, ~1.9 ms) was half of it. `python -m digits.serve.preparers` runs
`asked.ask_strokes` (numpy and OpenCV, no TensorFlow: 54 MB each) for the server, which keeps the
networks and batches their passes. A preparer that dies is replaced; the read meanwhile is prepared
on its own thread, as without preparers: nothing is lost.

The protocol: the parent writes a 4-byte length and the pad value as JSON (what the visitor sent,
already parsed by orjson: nothing of theirs is unpickled anywhere); the preparer answers a 4-byte
length and a pickle of ("ok", Asked) or ("bad", message), made by our own code in our own process.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading

import orjson

from digits.read import asked
from digits.read.preprocess import BadImage
from digits.read.strokes import BadStrokes

# A small 7 drawn on a pad: reading it traces the forward pass and loads OpenCV's paths, so the
# first child's drawing costs what the tenth does (the first read took 1-2 s more without it).
SAMPLE = {"width": 100, "height": 100, "strokes": [[[30, 20, 0], [70, 20, 50], [45, 80, 100]]]}
_LENGTH = struct.Struct("!I")


class Preparer:
    """One preparer process and its pipes."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "digits.serve.preparers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )

    def ask(self, value, pen: bool) -> asked.Asked:
        """The value's questions, prepared in the process; OSError/EOFError if the process is gone."""
        body = orjson.dumps({"value": value, "pen": pen})
        self.proc.stdin.write(_LENGTH.pack(len(body)) + body)
        self.proc.stdin.flush()
        size = _read_exactly(self.proc.stdout, _LENGTH.size)
        kind, got = pickle.loads(_read_exactly(self.proc.stdout, _LENGTH.unpack(size)[0]))
        if kind == "bad":
            raise BadStrokes(got)
        return got

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Preparers:
    """`processes` preparers shared by the reading threads: a thread takes an idle one, or waits for one."""

    def __init__(self, processes: int = 2):
        self.processes = processes
        self._idle: queue.Queue[Preparer] = queue.Queue()
        self._started = False
        self._lock = threading.Lock()

    def start(self) -> Preparers:
        """Start the processes (each imports numpy and OpenCV, ~0.5 s) and prepare a sample in each."""
        with self._lock:
            if not self._started:
                self._started = True
                started = [Preparer() for _ in range(self.processes)]
                for p in started:
                    try:
                        p.ask(SAMPLE, True)
                    except (OSError, EOFError, pickle.UnpicklingError):
                        p.close()
                        p = Preparer()
                    self._idle.put(p)
        return self

    def ask_strokes(self, value, pen: bool = True, timeout: float = 30.0) -> asked.Asked:
        """`asked.ask_strokes(value, pen=pen)` in a preparer (on this thread if none is free in time)."""
        self.start()
        try:
            p = self._idle.get(timeout=timeout)
        except queue.Empty:
            return asked.ask_strokes(value, pen=pen)
        try:
            got = p.ask(value, pen)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):  # the process died: a new one
            p.close()
            self._idle.put(Preparer())
            return asked.ask_strokes(value, pen=pen)
        except BadStrokes:
            self._idle.put(p)
            raise
        self._idle.put(p)
        return got

    def close(self) -> None:
        """End the processes."""
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


def _read_exactly(stream, n: int) -> bytes:
    data = stream.read(n)
    if len(data) != n:
        raise EOFError("the preparer ended")
    return data


def main() -> None:
    """A preparer's loop: questions for each value read from stdin, until stdin closes."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        head = stdin.read(_LENGTH.size)
        if len(head) != _LENGTH.size:
            return
        asked_for = orjson.loads(_read_exactly(stdin, _LENGTH.unpack(head)[0]))
        try:
            answer = ("ok", asked.ask_strokes(asked_for["value"], pen=bool(asked_for["pen"])))
        except BadImage as exc:  # a malformed value: one line for the visitor
            answer = ("bad", str(exc))
        except Exception as exc:  # never a traceback on the pipe: the read is told what went wrong
            answer = ("bad", f"This drawing could not be read ({exc.__class__.__name__}).")
        out = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.write(_LENGTH.pack(len(out)) + out)
        stdout.flush()


if __name__ == "__main__":
    main()
