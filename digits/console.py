"""The person at the terminal: one-line messages on stderr (apart from JSON on stdout), and Ctrl-C."""

from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager


def say(message) -> None:
    """One line on stderr: errors, warnings and progress that must not mix with JSON on stdout."""
    print(f"digits: {' '.join(str(message).split())}", file=sys.stderr)


@contextmanager
def ctrl_c_as_a_request():
    """Within: the first Ctrl-C sets the yielded event instead of raising; a second one raises at once.

    A KeyboardInterrupt can land where TensorFlow runs Python only to report and drop its errors
    (finalizers, callbacks), and the run would go on; an event is never lost. The code within
    checks it between steps, and training's stop callback after every batch.
    """
    asked = threading.Event()

    def request(signum, frame):
        if asked.is_set():
            raise KeyboardInterrupt
        asked.set()

    previous = signal.signal(signal.SIGINT, request)
    try:
        yield asked
    finally:
        signal.signal(signal.SIGINT, previous)
