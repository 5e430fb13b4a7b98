"""Freed memory given back to the system: what keeps a shared server's size flat over a day."""

from __future__ import annotations

import sys
import textwrap

from digits.serve import memory

# A visitor's thread fills 200 MB of malloc'd blocks and frees them, a few blocks surviving (as in a
# real heap, the freed space is not all at its end); then the RSS before and after `give_back`.
FREED_IN_A_THREAD = textwrap.dedent(
    """
    import sys, threading, psutil
    from digits.serve.memory import give_back
    def rss(): return psutil.Process().memory_info().rss / 2**20
    keep = []
    def visitor():
        blocks = [bytearray(2048) for _ in range(100_000)]
        keep.extend(blocks[::1000])
        del blocks
    t = threading.Thread(target=visitor); t.start(); t.join()
    before = rss(); ran = give_back(every=0); after = rss()
    print(ran, before, after)
    """
)


def test_give_back_returns_a_leaving_visitors_memory_to_the_system(python):
    out = python(FREED_IN_A_THREAD).stdout.split()
    ran, before, after = out[0] == "True", float(out[1]), float(out[2])
    assert ran
    assert before - after > 100, (before, after)  # most of the 200 MB freed goes back


def test_give_back_runs_at_most_once_in_a_while():
    assert memory.give_back(every=0)
    assert not memory.give_back(every=3600)


def test_threads_can_share_a_few_arenas():
    # Linux with glibc (CI, a Space): the setting is taken; elsewhere it quietly does nothing.
    assert memory.limit_arenas(2) is (memory._glibc() is not None)
    assert memory._glibc() is not None or sys.platform != "linux"
