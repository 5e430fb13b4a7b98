"""A value made on first use, once, even when several threads ask for it together."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Once(Generic[T]):
    """`make()` called on the first `get()`, its value kept; `ready` is set once it is there."""

    def __init__(self, make: Callable[[], T]):
        self.make = make
        self.ready = threading.Event()
        self._lock = threading.Lock()
        self._value: T | None = None

    def get(self) -> T:
        """The value, made now if nobody made it yet (others asking meanwhile wait for it)."""
        if self.ready.is_set():
            return self._value  # made: no lock on the hot path (every drawing asks)
        with self._lock:
            if not self.ready.is_set():
                self._value = self.make()
                self.ready.set()
        return self._value

    def forget(self) -> None:
        """Let the value go: the next `get()` makes it afresh (as a newly started process would)."""
        with self._lock:
            self.ready.clear()
            self._value = None

    def warm(self, name: str) -> None:
        """Make the value in a background thread now, so the first asker does not wait."""
        if not self.ready.is_set():
            threading.Thread(target=self._try, name=name, daemon=True).start()

    def _try(self) -> None:
        try:
            self.get()
        except Exception:  # the first real asker meets the error again, where it can be said
            pass


def once(make: Callable[[], T]) -> Once[T]:
    """Decorator: `@once def thing(): ...` then `thing.get()`."""
    return Once(make)
