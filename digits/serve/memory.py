"""Freed memory given back to the system, so a long-running shared server stays its size (glibc only)."""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import time

M_ARENA_MAX = -8  # mallopt's parameter number in glibc's malloc.h

_libc = None
_last_trim = 0.0
_trim_lock = threading.Lock()


def _glibc():
    """glibc, or None on another C library (macOS, musl): then these calls do nothing."""
    global _libc
    if _libc is None:
        try:
            lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc = lib if hasattr(lib, "malloc_trim") and hasattr(lib, "mallopt") else False
        except OSError:
            _libc = False
    return _libc or None


def limit_arenas(arenas: int = 2) -> bool:
    """Let threads share `arenas` malloc arenas; True if the C library took it.

    glibc gives each busy thread its own arena (up to 8 per core) and keeps what is freed in each:
    on a server whose threads take turns serving visitors, memory freed by one is then not reused
    by the next, and the process only grows. Call it before the server starts its threads.
    """
    libc = _glibc()
    return bool(libc and libc.mallopt(M_ARENA_MAX, arenas))


def give_back(every: float = 5.0) -> bool:
    """Return free heap pages to the system (at most once per `every` seconds); True if it ran."""
    global _last_trim
    libc = _glibc()
    if libc is None:
        return False
    with _trim_lock:
        now = time.monotonic()
        if now - _last_trim < every:
            return False
        _last_trim = now
    libc.malloc_trim(0)
    return True
