"""Messages for the person at the terminal: one line each, on stderr, apart from any JSON on stdout."""

from __future__ import annotations

import sys


def say(message) -> None:
    """One line on stderr: errors, warnings and progress that must not mix with JSON on stdout."""
    print(f"digits: {' '.join(str(message).split())}", file=sys.stderr)
