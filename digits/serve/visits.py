"""When a visit ends: a page whose connection dropped is kept a while, and forgotten only once quiet.

Gradio tells the app a page left when its heartbeat connection ends, which also happens when the
school wifi blinks or a laptop wakes: the page is still open, with the same session, and its next
click must find its round where it was. So a page that left is forgotten only after `grace`
seconds without a word from it; each event it sends moves that moment on. One record per page,
one watcher thread for the whole server.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class VisitSettings:
    """How long a page that lost its connection is kept (DIGITS_GRACE_SECONDS)."""

    # 10 min: a wifi blink or a laptop's lid closed for a break; a page quiet longer starts afresh.
    grace_seconds: float = 600.0

    @classmethod
    def from_env(cls, env=None) -> VisitSettings:
        """The settings the environment asks for; a malformed or negative number keeps the default."""
        env = os.environ if env is None else env
        try:
            grace = float(env.get("DIGITS_GRACE_SECONDS", cls.grace_seconds))
        except ValueError:
            return cls()
        return cls(grace) if 0 <= grace < float("inf") else cls()


class Departures:
    """Pages that left: each forgotten (`forget(session)`) once `grace` seconds pass without a word."""

    def __init__(
        self,
        grace: float,
        forget: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
        most: int = 10_000,
        watch: bool = True,
    ):
        self.grace, self.forget, self.clock, self.most = grace, forget, clock, most
        self._due: OrderedDict[str, float] = OrderedDict()  # session -> when to forget it, soonest first
        self._cond = threading.Condition()
        self._watch = watch
        self._watcher: threading.Thread | None = None

    def __contains__(self, session: str) -> bool:
        return session in self._due

    def __len__(self) -> int:
        return len(self._due)

    def left(self, session: str) -> None:
        """The page's connection ended: forget it after the grace, unless it speaks again."""
        with self._cond:
            self._due[session] = self.clock() + self.grace
            self._due.move_to_end(session)  # the same grace for all: the last to leave is forgotten last
            if self._watch and self._watcher is None:
                self._watcher = threading.Thread(target=self._run, name="departures", daemon=True)
                self._watcher.start()
            self._cond.notify()
        while len(self._due) > self.most:  # a flood of leaving pages: the oldest go now
            self.sweep(everything_over=self.most)

    def heard(self, session: str) -> bool:
        """The page sent an event: it is still open; its grace starts again. True if it had left."""
        if session not in self._due:  # the common case, without the lock: a page that never left
            return False
        with self._cond:
            if session not in self._due:
                return False
            self._due[session] = self.clock() + self.grace
            self._due.move_to_end(session)
            return True

    def due(self, everything_over: int | None = None) -> list[str]:
        """Take out the pages whose grace has passed (and the oldest beyond `everything_over`)."""
        now, out = self.clock(), []
        with self._cond:
            while self._due:
                session, when = next(iter(self._due.items()))
                if when > now and (everything_over is None or len(self._due) <= everything_over):
                    break
                del self._due[session]
                out.append(session)
        return out

    def sweep(self, everything_over: int | None = None) -> int:
        """Forget the pages whose grace has passed; how many."""
        sessions = self.due(everything_over)
        for session in sessions:
            self.forget(session)
        return len(sessions)

    def _run(self) -> None:
        """The one watcher: sleeps until the soonest grace ends, then forgets who is due."""
        while True:
            with self._cond:
                wait = None if not self._due else max(next(iter(self._due.values())) - self.clock(), 0)
                self._cond.wait(wait)
            try:
                self.sweep()
            except Exception as exc:  # a failing delete callback must not stop the watcher for all
                print(f"digits: forgetting a page that left failed: {exc.__class__.__name__}: {exc}")
