"""A value made once on first use (digits/once.py), even when threads ask together."""

from __future__ import annotations

import threading

from digits.once import Once, once


def test_made_once_when_many_threads_ask_together():
    calls, gate = [], threading.Event()

    def make():
        calls.append(1)
        gate.wait(10)  # every asker arrives while the first is still making it
        return object()

    thing = Once(make)
    got = []
    threads = [threading.Thread(target=lambda: got.append(thing.get())) for _ in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(10)
    assert len(calls) == 1 and len(got) == 8 and all(g is got[0] for g in got) and thing.ready.is_set()
    thing.forget()
    assert not thing.ready.is_set() and thing.get() is not got[0] and len(calls) == 2


def test_warm_makes_it_in_the_background_and_a_failure_is_tried_again():
    attempts = []

    @once
    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("not there yet")
        return 42

    flaky.warm("warm-test")  # the background thread's failure leaves it unmade
    for t in threading.enumerate():
        if t.name == "warm-test":
            t.join(10)
    assert not flaky.ready.is_set()
    assert flaky.get() == 42 and flaky.ready.is_set() and len(attempts) == 2
