"""Dynamic batching: concurrent reads share one forward pass, a lone read is run at once, bounded."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from digits.serve.batcher import BatchConfig, Batcher, Busy, Superseded


class GatedForward:
    """A fake model: records each batch's size, and holds its first pass until `gate` is set."""

    def __init__(self, hold_first: bool = True):
        self.sizes: list[int] = []
        self.entered = threading.Event()
        self.gate = threading.Event()
        if not hold_first:
            self.gate.set()

    def __call__(self, x: np.ndarray) -> np.ndarray:
        self.sizes.append(len(x))
        self.entered.set()
        assert self.gate.wait(10)
        return x * 2


def call_in_thread(batcher, inputs, key=None):
    result = {}

    def run():
        try:
            result["out"] = batcher(inputs, key=key, timeout=10)
        except Exception as exc:
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def test_reads_arriving_together_share_one_forward_pass():
    forward = GatedForward()
    batcher = Batcher(forward, BatchConfig(linger_s=0.0))
    first, first_result = call_in_thread(batcher, np.full((1, 2), 1.0))
    assert forward.entered.wait(10)  # the first read is in the model: the others gather meanwhile
    others = [call_in_thread(batcher, np.full((n, 2), float(n + 10))) for n in (2, 3, 1)]
    assert batcher.wait_for(lambda b: b.waiting() == 3)
    forward.gate.set()
    for thread, _ in [(first, first_result), *others]:
        thread.join(10)
    assert forward.sizes == [1, 6]  # three reads, one forward pass
    assert batcher.batches == 2
    np.testing.assert_array_equal(first_result["out"], np.full((1, 2), 2.0))
    for n, (_, result) in zip((2, 3, 1), others, strict=True):  # each caller gets its own rows back
        np.testing.assert_array_equal(result["out"], np.full((n, 2), 2.0 * (n + 10)))
    batcher.close()


def test_a_lone_read_waits_for_nothing():
    # A minute's linger: a lone read that waited for company would miss the 10 s timeout.
    batcher = Batcher(GatedForward(hold_first=False), BatchConfig(linger_s=60.0))
    for k in range(3):
        np.testing.assert_array_equal(batcher(np.full((2, 1), k), timeout=10), np.full((2, 1), 2 * k))
    assert batcher.forward.sizes == [2, 2, 2]
    batcher.close()


def test_a_full_queue_answers_busy_at_once():
    forward = GatedForward()
    batcher = Batcher(forward, BatchConfig(queue_size=1))
    first, _ = call_in_thread(batcher, np.ones((1, 1)))
    assert forward.entered.wait(10)
    second, second_result = call_in_thread(batcher, np.ones((1, 1)))
    assert batcher.wait_for(lambda b: b.waiting() == 1)
    with pytest.raises(Busy, match="busy"):
        batcher(np.ones((1, 1)))
    forward.gate.set()
    first.join(10), second.join(10)
    assert "out" in second_result and forward.sizes == [1, 1]
    batcher.close()


def test_a_pages_newer_drawing_replaces_its_older_one_waiting():
    forward = GatedForward()
    batcher = Batcher(forward)
    first, _ = call_in_thread(batcher, np.ones((1, 1)))
    assert forward.entered.wait(10)
    older, older_result = call_in_thread(batcher, np.full((1, 1), 3.0), key="page")
    assert batcher.wait_for(lambda b: b.waiting() == 1)
    other_page, other_result = call_in_thread(batcher, np.full((1, 1), 4.0), key="other")
    newer, newer_result = call_in_thread(batcher, np.full((2, 1), 5.0), key="page")
    older.join(10)  # answered at once, without a forward pass
    assert isinstance(older_result.get("error"), Superseded)
    assert batcher.wait_for(lambda b: b.waiting() == 2)
    forward.gate.set()
    for thread in (first, other_page, newer):
        thread.join(10)
    assert forward.sizes == [1, 3]  # the older drawing was never read
    np.testing.assert_array_equal(newer_result["out"], np.full((2, 1), 10.0))
    np.testing.assert_array_equal(other_result["out"], np.full((1, 1), 8.0))
    batcher.close()


def test_a_models_error_reaches_every_caller_of_the_batch():
    def broken(x):
        raise ValueError("bad input")

    batcher = Batcher(broken)
    with pytest.raises(ValueError, match="bad input"):
        batcher(np.ones((1, 1)), timeout=10)
    batcher.close()
