"""Join codes to read aloud, secret keys kept only as hashes, and a limit on guessing codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict

from digits.limits import JOIN_TRIES, JOIN_VISITORS, JOIN_WAIT_SECONDS
from digits.once import Once

# No 0/O, 1/I/L: a code read aloud or copied from a projector is typed right. 31 symbols, 6 places:
# 887 million codes, so a few wrong tries per visitor (JOIN_TRIES) never find someone else's class.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
KEY_BYTES = 24  # the teacher key and a seat's token: 192 bits, 32 characters
VISITOR_CHARS = 128  # a visitor's id or address as remembered: a session id is 10-40, an IPv6 address 45


def new_code() -> str:
    """A join code like `KX4-9TB`: three symbols, a hyphen, three symbols."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:3]}-{code[3:]}"


def normal_code(typed) -> str | None:
    """A typed code in its stored form (`kx4 9tb` → `KX4-9TB`); None if it cannot be a code."""
    if not isinstance(typed, str) or len(typed) > 4 * CODE_LENGTH:
        return None
    text = "".join(c for c in typed.upper() if c not in " -_.\t")
    if len(text) != CODE_LENGTH or any(c not in ALPHABET for c in text):
        return None
    return f"{text[:3]}-{text[3:]}"


def new_key() -> str:
    """A long secret (the teacher key, a seat's token): URL-safe, 32 characters."""
    return secrets.token_urlsafe(KEY_BYTES)


def key_hash(key: str) -> str:
    """What is stored of a secret: SHA-256 in hex. The secrets are 192 random bits, so a fast hash
    is enough (no password stretching): nobody can search 2^192 keys from a stolen database."""
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def key_matches(key, stored_hash: str) -> bool:
    """Whether `key` is the secret behind `stored_hash`, compared in constant time."""
    if not isinstance(key, str) or not key or len(key) > 4 * KEY_BYTES:
        return False
    return hmac.compare_digest(key_hash(key), stored_hash)


def _visitor(visitor) -> str:
    """A visitor's id, cut short: 10,000 remembered ids never hold more than about 1 MB."""
    return str(visitor)[:VISITOR_CHARS]


class Guesses:
    """Wrong join codes per visitor: after JOIN_TRIES in JOIN_WAIT_SECONDS, that visitor waits.

    Memory is bounded: at most JOIN_VISITORS visitors are remembered, the least recent forgotten.
    """

    def __init__(
        self,
        tries: int = JOIN_TRIES,
        seconds: float = JOIN_WAIT_SECONDS,
        visitors: int = JOIN_VISITORS,
        clock=time.monotonic,
    ):
        self.tries, self.seconds, self.visitors, self.clock = tries, seconds, visitors, clock
        self._wrong: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """Visitors remembered now."""
        return len(self._wrong)

    def _recent(self, visitor: str) -> list[float]:
        now = self.clock()
        times = [t for t in self._wrong.get(visitor, ()) if now - t < self.seconds]
        if times:
            self._wrong[visitor] = times
            self._wrong.move_to_end(visitor)
        else:
            self._wrong.pop(visitor, None)
        return times

    def wait(self, visitor: str) -> float:
        """Seconds this visitor must wait before trying a code again (0: may try now)."""
        with self._lock:
            times = self._recent(_visitor(visitor))
            if len(times) < self.tries:
                return 0.0
            return max(0.0, self.seconds - (self.clock() - times[-self.tries]))

    def wrong(self, visitor: str) -> None:
        """Count a wrong code from this visitor."""
        visitor = _visitor(visitor)
        with self._lock:
            times = self._recent(visitor)
            self._wrong[visitor] = [*times[-self.tries :], self.clock()]
            self._wrong.move_to_end(visitor)
            while len(self._wrong) > self.visitors:
                self._wrong.popitem(last=False)

    def right(self, visitor: str) -> None:
        """A right code: forget this visitor's wrong tries."""
        with self._lock:
            self._wrong.pop(_visitor(visitor), None)


class JoinGuard:
    """Wrong join codes counted per visitor (a page) and, more loosely, per address (a school's network
    shows 30 tablets as one address: a class's typos must not lock the class out)."""

    ADDRESS_FACTOR = 10  # an address may try as many wrong codes as 10 visitors

    def __init__(self, visitors: Guesses | None = None, addresses: Guesses | None = None):
        self.visitors = Guesses() if visitors is None else visitors
        tries = self.visitors.tries * self.ADDRESS_FACTOR
        self.addresses = Guesses(tries=tries) if addresses is None else addresses

    def wait(self, visitor: str, address: str | None) -> float:
        return max(self.visitors.wait(visitor), self.addresses.wait(address) if address else 0.0)

    def wrong(self, visitor: str, address: str | None) -> None:
        self.visitors.wrong(visitor)
        if address:
            self.addresses.wrong(address)

    def right(self, visitor: str) -> None:
        self.visitors.right(visitor)


GUARD: Once[JoinGuard] = Once(JoinGuard)  # the server's one guard: wrong codes are counted across pages
