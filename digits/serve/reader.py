"""The shipped recognizer for many visitors at once: its forward passes batched on one reader thread."""

from __future__ import annotations

import functools
import threading

from digits.once import Once
from digits.read.recognizer import Recognizer, default_recognizer
from digits.serve import space
from digits.serve.batcher import Batcher
from digits.serve.preparers import SAMPLE, Preparers

BATCHER = Once(lambda: Batcher(default_recognizer().outputs))  # the shipped model's one reader thread
# The pen reader's too: alone it costs a read 2.2 ms of CPU, in batches of 32 digits 0.15 ms each.
PEN_BATCHER = Once(lambda: Batcher(default_recognizer().pen.outputs, name="pen-reader"))
PREPARERS = Once(lambda: Preparers(space.settings().preparer_processes).start())  # shared mode only


def shipped(key=None) -> Recognizer:
    """The shipped recognizer, its forward passes (image and pen) batched with every other visitor's reads.

    Reads with the same `key` (one page) replace each other while they wait: only the newest is read.
    """
    rec = default_recognizer()
    pen = functools.partial(PEN_BATCHER.get(), key=key) if rec.pen is not None else None
    return rec.with_forward(functools.partial(BATCHER.get(), key=key), pen)


def reader_for(session, key=None) -> Recognizer:
    """A visitor's own model if they chose one (read on their request's thread), else the batched shipped one.

    A visitor's model reads only their drawings, one at a time: batching would gather nothing.
    """
    own = getattr(session, "recognizer", None)
    return own if own is not None else shipped(key)


class InFlight:
    """How many shipped-model reads of strokes are being read now (with preparers: which way to prepare)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.now = 0

    def __enter__(self) -> int:
        """This read counted in; how many others were already being read."""
        with self._lock:
            self.now += 1
            return self.now - 1

    def __exit__(self, *exc) -> None:
        with self._lock:
            self.now -= 1


IN_FLIGHT = InFlight()


def read_both_strokes(session, value, key=None):
    """A pad value read for this visitor (whole ink, number); with preparers, prepared in their processes.

    A read alone is prepared on its own thread: through a preparer it cost 1.2-1.6x the in-process
    read (the pipe and a second process woken), and the lock is free anyway. Reads that overlap go
    to the preparers. A visitor's own model reads on their request's thread, as without preparers.
    """
    rec = reader_for(session, key)
    if rec is getattr(session, "recognizer", None) or not space.settings().preparer_processes:
        return rec.read_both_strokes(value)
    with IN_FLIGHT as others:
        if not others:
            return rec.read_both_strokes(value)
        return rec.answer(PREPARERS.get().ask_strokes(value, pen=rec.pen is not None))


def warm() -> threading.Thread:
    """In the background: load the shipped model, trace its forward pass and start its reader thread."""
    thread = threading.Thread(target=_warm, name="warm-reader", daemon=True)
    thread.start()
    return thread


def _warm() -> None:
    try:
        if space.settings().preparer_processes:
            PREPARERS.get()  # their processes start first (~1 s of a core each), then the model loads
        read_both_strokes(None, SAMPLE)
    except Exception:  # the first real read meets the error again, where it can be said
        pass
