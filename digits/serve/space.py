"""Space mode (a Space many classes share): its caps from the environment, one fair line for training."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections import deque
from dataclasses import dataclass, fields

from digits.once import Once


@dataclass(frozen=True)
class SpaceSettings:
    """On when SPACE_ID is set (a Hugging Face Space) or DIGITS_SHARED=1; off on a teacher's laptop."""

    on: bool = False
    run_seconds: float = 180.0  # DIGITS_RUN_SECONDS: a training's wall-time cap, so every class gets a turn
    state_seconds: float = 3600.0  # DIGITS_STATE_SECONDS: an idle visitor's models and drawings are freed
    cache_seconds: int = 3600  # DIGITS_CACHE_SECONDS: Gradio's files older than this are deleted
    trainings: int = 1  # DIGITS_TRAININGS: runs at once (a free Space has 2 vCPU, drawing needs one)
    worker: bool = True  # DIGITS_WORKER: each training in a process of its own (TensorFlow keeps memory)
    sessions: int = 1000  # DIGITS_SESSIONS: visitors' sessions kept at most, least recently used go first
    preparers: int = -1  # DIGITS_PREPARERS: processes preparing reads (serve/preparers.py); -1: 2 if on

    ENV = {
        "run_seconds": "DIGITS_RUN_SECONDS",
        "state_seconds": "DIGITS_STATE_SECONDS",
        "cache_seconds": "DIGITS_CACHE_SECONDS",
        "trainings": "DIGITS_TRAININGS",
        "worker": "DIGITS_WORKER",
        "sessions": "DIGITS_SESSIONS",
        "preparers": "DIGITS_PREPARERS",
    }

    @classmethod
    def from_env(cls, env=None) -> SpaceSettings:
        """The settings the environment asks for; a malformed number keeps its default."""
        env = os.environ if env is None else env
        on = bool(env.get("SPACE_ID")) or env.get("DIGITS_SHARED", "") == "1"
        given = {}
        for f in fields(cls):
            name = cls.ENV.get(f.name)
            if name and env.get(name):
                try:
                    given[f.name] = type(f.default)(float(env[name]))
                except ValueError:
                    pass
        return cls(on=on, **given)

    @property
    def run_limit(self) -> float | None:
        """A training's cap in seconds, only in shared mode."""
        return self.run_seconds if self.on else None

    @property
    def worker_process(self) -> bool:
        """Whether trainings run in a worker process: only in shared mode, where memory must stay flat."""
        return self.on and self.worker

    @property
    def preparer_processes(self) -> int:
        """Processes preparing reads: by default 2 in shared mode, where a school's reads fill the server's
        one interpreter lock, and none on a laptop (one class); DIGITS_PREPARERS sets it for either."""
        return self.preparers if self.preparers >= 0 else (2 if self.on else 0)

    @property
    def state_limit(self) -> float | None:
        return self.state_seconds if self.on else None

    @property
    def delete_cache(self) -> tuple[int, int] | None:
        """Gradio's (frequency, age) for deleting its cached files, only in shared mode."""
        return (self.cache_seconds, self.cache_seconds) if self.on else None


def minutes(seconds: float) -> str:
    """A duration in a child's words: '40 s', '3 min'."""
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


class Busy(Exception):
    """The visitor already has a training (or fine-tune) waiting or running."""


class Ticket:
    """One training's place in the line: waiting, then admitted, then gone."""

    def __init__(self, owner: object = None):
        self.owner = owner  # the visitor: one ticket each, whatever the run's kind
        self.admitted = threading.Event()
        self.withdrawn = False
        self.left = False
        self.started: float | None = None


class TrainingLine:
    """First come, first served: at most `slots` trainings at once, the others wait their turn."""

    def __init__(self, slots: int = 1, typical: float | None = None):
        self.slots = slots
        self.typical = typical  # a run's expected length before any has finished (the cap, if any)
        self._lock = threading.Lock()
        self._waiting: list[Ticket] = []
        self._running: list[Ticket] = []
        self._durations: deque = deque(maxlen=20)

    def join(self, owner: object = None) -> Ticket:
        """A place at the end of the line; Busy if `owner` (a visitor) already holds one."""
        ticket = Ticket(owner)
        with self._lock:
            if owner is not None and any(t.owner == owner for t in self._waiting + self._running):
                raise Busy(owner)
            self._waiting.append(ticket)
            self._admit()
        return ticket

    def _admit(self) -> None:
        while self._waiting and len(self._running) < self.slots:
            ticket = self._waiting.pop(0)
            ticket.started = time.monotonic()
            self._running.append(ticket)
            ticket.admitted.set()

    def withdraw(self, ticket: Ticket) -> bool:
        """Take a waiting ticket out of the line (Stop before its turn); False once admitted or gone."""
        with self._lock:
            if ticket.left or ticket not in self._waiting:
                return False
            self._waiting.remove(ticket)
            ticket.left = ticket.withdrawn = True
            self._admit()
            return True

    def leave(self, ticket: Ticket) -> bool:
        """The ticket's run is over (its worker has exited) or it was withdrawn; True if it was waiting."""
        with self._lock:
            if ticket.left:
                return False
            ticket.left = True
            waiting = ticket in self._waiting
            if waiting:
                self._waiting.remove(ticket)
                ticket.withdrawn = True
            elif ticket in self._running:
                self._running.remove(ticket)
                self._durations.append(time.monotonic() - ticket.started)
            self._admit()
            return waiting

    def position(self, ticket: Ticket) -> int:
        """1 for the next in line, 0 once admitted (or gone)."""
        with self._lock:
            return self._waiting.index(ticket) + 1 if ticket in self._waiting else 0

    def wait(self, ticket: Ticket) -> float | None:
        """Seconds until the ticket's turn, roughly; None while no run's length is known."""
        with self._lock:
            lengths = list(self._durations)
            typical = statistics.median(lengths) if lengths else self.typical
            if typical is None or ticket not in self._waiting:
                return None
            if self.typical is not None:
                typical = min(typical, self.typical)  # no run outlasts the cap
            now = time.monotonic()
            ends = sorted(max(typical - (now - t.started), 0.0) for t in self._running)
            ahead = self._waiting.index(ticket)
            slots = [*ends, *[0.0] * (self.slots - len(ends))]
            for _ in range(ahead):  # each waiting run takes the slot that frees first
                slots.sort()
                slots[0] += typical
            return min(slots)

    @property
    def busy(self) -> int:
        with self._lock:
            return len(self._running) + len(self._waiting)


# The environment is read when the settings are first needed, not at import; tests that change it
# forget both (`SETTINGS.forget()`, `LINE.forget()`) rather than patch module globals.
SETTINGS = Once(SpaceSettings.from_env)
LINE = Once(lambda: TrainingLine(settings().trainings, settings().run_limit))


def settings() -> SpaceSettings:
    """This process's Space settings, from its environment."""
    return SETTINGS.get()


def training_line() -> TrainingLine:
    """The process's one line for trainings (every visitor's runs share the CPU)."""
    return LINE.get()
