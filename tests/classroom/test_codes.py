"""Join codes easy to read aloud, secrets kept as hashes, guessing codes refused after a few tries."""

from __future__ import annotations

import pytest

from digits.classroom import codes
from digits.classroom.classes import ClassError, JoinGuard, join, start_class
from digits.classroom.qr import qr_svg
from digits.limits import JOIN_TRIES, JOIN_WAIT_SECONDS


def test_codes_have_no_look_alike_characters():
    drawn = {codes.new_code() for _ in range(2000)}
    assert len(drawn) == 2000
    assert not set("".join(drawn)) & set("01OIl") and all(len(c) == 7 and c[3] == "-" for c in drawn)
    assert codes.normal_code(" kx4 9tb ") == "KX4-9TB" and codes.normal_code("KX49TB") == "KX4-9TB"
    for bad in ("KX4-9T0", "KX4-9TBB", "", None, "x" * 10_000, "' OR 1=1 --"):
        assert codes.normal_code(bad) is None


def test_the_teacher_key_is_long_and_kept_only_as_a_hash():
    key = codes.new_key()
    assert len(key) >= 32 and codes.key_matches(key, codes.key_hash(key))
    assert not codes.key_matches(key[:-1] + "A" if key[-1] != "A" else "B", codes.key_hash(key))
    assert not codes.key_matches(None, codes.key_hash(key)) and not codes.key_matches("k" * 10_000, "x")


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_guessing_codes_is_refused_after_a_few_wrong_tries(store):
    started = start_class(store)
    clock = Clock()
    guard = JoinGuard(codes.Guesses(clock=clock), codes.Guesses(tries=JOIN_TRIES * 10, clock=clock))
    for _ in range(JOIN_TRIES):
        with pytest.raises(ClassError, match="not a class"):
            join(store, codes.new_code(), guard, "guesser", "10.0.0.9")
    with pytest.raises(ClassError, match="Too many wrong codes: try again in 10 minutes"):
        join(store, started.code, guard, "guesser", "10.0.0.9")  # even the right code, for a while
    assert join(store, started.code, guard, "classmate", "10.0.0.9").number == 1  # the tablet beside it may
    clock.now += JOIN_WAIT_SECONDS
    assert join(store, started.code, guard, "guesser", "10.0.0.9").number == 2


def test_a_school_network_is_one_address_but_a_class_of_typos_does_not_lock_it_out(store):
    started = start_class(store)
    guard = JoinGuard()
    for i in range(30):  # 30 tablets behind one address, each with one typo
        with pytest.raises(ClassError, match="not a class"):
            join(store, "AAA-AAA", guard, f"tablet-{i}", "school")
    assert join(store, started.code, guard, "tablet-0", "school").number == 1
    for i in range(30, 60):
        with pytest.raises(ClassError):
            join(store, "AAA-AAA", guard, f"tablet-{i}", "school")
    with pytest.raises(ClassError, match="Too many"):  # but a search from one address stops
        join(store, started.code, guard, "tablet-new", "school")


def test_the_guess_counter_keeps_bounded_memory():
    guesses = codes.Guesses(visitors=100)
    for i in range(10_000):
        guesses.wrong(f"v{i}")
    assert len(guesses) == 100 and guesses.wait("v9999") == 0.0
    guesses.wrong("x" * 10**6)  # a megabyte-long visitor id is remembered by its first characters
    assert max(len(k) for k in guesses._wrong) == codes.VISITOR_CHARS


def test_the_join_link_as_a_qr_code():
    svg = qr_svg("https://example.org/?class=KX4-9TB")
    assert svg.startswith("<svg") and "path" in svg
    with pytest.raises(ValueError, match="web address"):
        qr_svg("x" * 10_000)
