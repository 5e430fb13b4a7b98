"""Files a visit makes (a visitor's downloads, a training's model), in folders freed when done.

Each server process keeps its files in folders of its own, `digits-held-*`, each holding a lock
on its `.held` file while the process lives: the system lets the lock go however the process
ends (kill -9 included), so the next start's `tidy()` knows which folders nobody holds any more.
Inside, a visitor's downloads live in one folder per visitor (`Scratch`), made on their first
download, bounded, and deleted when they leave.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: folders are told apart by age only
    fcntl = None

PREFIX = "digits-held-"
HELD = ".held"
LEGACY = ("digits-run-", "digits-summary-", "digits-class-")  # loose folders of versions before this one
LEGACY_AGE = 3600.0  # seconds: no run or download of an older version outlives an hour in a folder
UNHELD_AGE = 60.0  # seconds: a held folder is made and locked within milliseconds; older and unlocked is dead


_held: dict[str, Path] = {}  # parent folder -> this process's folder there (one per process, not per visitor)
_held_lock = threading.Lock()


def held(parent, make: bool = True) -> Path | None:
    """This process's own folder in `parent` (made on first use unless `make` is False): locked while
    the process lives, deleted at a normal exit."""
    parent_path = Path(os.path.abspath(parent))  # absolute, as Gradio records the files it serves
    with _held_lock:
        if str(parent_path) in _held or not make:
            return _held.get(str(parent_path))
        parent_path.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent_path))
        fd = os.open(folder / HELD, os.O_CREAT | os.O_RDWR, 0o600)  # kept open: the lock lasts as the process
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        atexit.register(shutil.rmtree, folder, True)
        _held[str(parent_path)] = folder
        return folder


def _unheld(folder: Path, now: float) -> bool:
    """Whether no living process holds `folder` (its lock is free, or it never got one and is old)."""
    lock = folder / HELD
    try:
        if fcntl is None or not lock.exists():
            return now - folder.stat().st_mtime > (UNHELD_AGE if fcntl else LEGACY_AGE)
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:  # held by a living server
        return False
    finally:
        os.close(fd)  # also lets go of the lock just taken


def tidy(parent, now: float | None = None) -> int:
    """Delete what ended servers left in `parent` (their held folders, old loose ones); the count deleted."""
    now = time.time() if now is None else now
    gone = 0
    try:
        entries = list(Path(parent).iterdir())
    except OSError:  # no such folder yet, or unreadable: nothing of ours there
        return 0
    for entry in entries:
        try:
            if entry.is_symlink() or not entry.is_dir():
                continue
            if entry.name.startswith(PREFIX):
                dead = _unheld(entry, now)
            else:
                dead = entry.name.startswith(LEGACY) and now - entry.stat().st_mtime > LEGACY_AGE
            if dead:
                shutil.rmtree(entry)
                gone += 1
        except OSError:  # one folder that cannot go (permissions, a race) stops nothing else
            continue
    return gone


def runs_folder() -> Path:
    """Where training runs write their models: this process's held folder in the system's temp folder."""
    folder = held(tempfile.gettempdir()) / "runs"
    folder.mkdir(exist_ok=True)
    return folder


@dataclass(frozen=True)
class ScratchLimits:
    """How much one visitor's downloads may keep on disk at once (a new file is always kept)."""

    files: int = 4  # a summary, a class set in each format, a model
    megabytes: float = 64.0  # four of the largest model the app trains (c2, 16 MB)


def visitor_folder(parent, session_hash: str | None, make: bool = True) -> Path | None:
    """A visitor's folder under this process's held folder in `parent`, named from their session
    (None when `make` is False and this process has no folder there yet)."""
    key = session_hash or secrets.token_hex(16)  # no session (a direct call): a folder of its own
    name = hashlib.sha256(key.encode()).hexdigest()[:32]  # never the session itself, never a path
    root = held(parent, make)
    return None if root is None else root / "visitors" / name


class Scratch:
    """One visitor's downloads: made only when asked for, at most `limits`, deleted with `free()`."""

    def __init__(self, folder: Path, limits: ScratchLimits = ScratchLimits()):
        self.folder = Path(folder)
        self.limits = limits

    def write(self, name: str, make: Callable[[Path], object]) -> Path:
        """A new file `name`, written by `make(path)`; a failed `make` leaves nothing behind."""
        # A folder per file: each download has an address of its own, never a browser's stale copy.
        one = self.folder / secrets.token_hex(8)
        one.mkdir(parents=True)
        try:
            make(one / name)
        except BaseException:
            shutil.rmtree(one, ignore_errors=True)
            with contextlib.suppress(OSError):  # the visitor's folder, too, if this was to be its first
                self.folder.rmdir()
            raise
        self._prune(keep=one)
        return one / name

    def _prune(self, keep: Path) -> None:
        """The oldest files go first while there are more than the limits allow."""
        others = sorted(
            (f for f in self.folder.iterdir() if f != keep), key=lambda f: f.stat().st_mtime, reverse=True
        )
        kept, budget = 1, self.limits.megabytes * 2**20
        total = sum(f.stat().st_size for f in keep.rglob("*") if f.is_file())
        for folder in others:
            size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
            if kept < self.limits.files and total + size <= budget:
                kept, total = kept + 1, total + size
            else:
                shutil.rmtree(folder, ignore_errors=True)

    def free(self) -> None:
        """Delete every file of this visitor: their download addresses stop working."""
        shutil.rmtree(self.folder, ignore_errors=True)
