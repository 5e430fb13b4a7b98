"""The shipped recognizer for many visitors: its image and pen forward passes batched, each read its own."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from digits.read.strokes import pen_value
from digits.serve import reader
from digits.serve.batcher import BatchConfig, Batcher
from tests.conftest import PEN


def held_out_values(n: int) -> tuple[list[dict], list[int]]:
    from digits.train.data import load_pen_digits, writer_split

    if not PEN.is_file():
        pytest.skip(f"{PEN} (the pen digits) is not on this machine")
    pen = load_pen_digits(PEN)
    picks = np.flatnonzero(writer_split(pen.writers))[:n]
    return [pen_value(pen.strokes[i], side=560) for i in picks], [int(pen.labels[i]) for i in picks]


def read_in_threads(recognizers, values) -> list:
    """Each value read by its own recognizer, all on threads at once; the answers in order."""
    out: list = [None] * len(values)

    def run(k):
        whole, number = recognizers[k].read_both_strokes(values[k])
        out[k] = number.to_dict(whole)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(values))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


def test_the_shipped_reader_batches_the_pen_and_answers_each_page_as_in_process(shipped_recognizer):
    values, _ = held_out_values(12)
    alone = reader.default_recognizer()
    expected = [number.to_dict(whole) for whole, number in map(alone.read_both_strokes, values)]
    pen_batches = reader.PEN_BATCHER.get().batches
    got = read_in_threads([reader.shipped(key=f"page-{k}") for k in range(len(values))], values)
    assert got == expected  # each page its own reading, the whole JSON, as read alone
    assert reader.PEN_BATCHER.get().batches > pen_batches  # the pen's passes went through its batcher


def test_pen_reads_waiting_together_share_one_pass_and_each_gets_its_own(shipped_recognizer):
    values, labels = held_out_values(6)
    pen = shipped_recognizer.pen
    gate, entered, sizes = threading.Event(), threading.Event(), []

    def held(x):  # the pen net, its first pass held until the other reads wait behind it
        sizes.append(len(x))
        entered.set()
        assert gate.wait(30)
        return pen.outputs(x)

    batcher = Batcher(held, BatchConfig(linger_s=0.0))
    recs = [shipped_recognizer.with_forward(shipped_recognizer.outputs, batcher) for _ in values]
    first = threading.Thread(target=recs[0].read_both_strokes, args=(values[0],))
    first.start()
    assert entered.wait(30)
    out: list = []
    rest = threading.Thread(target=lambda: out.extend(read_in_threads(recs[1:], values[1:])))
    rest.start()
    assert batcher.wait_for(lambda b: b.waiting() == len(values) - 1, 30)
    gate.set()
    first.join(60)
    rest.join(60)
    assert sizes[0] == 1 and len(sizes) == 2  # the five that waited: one forward pass
    expected = [
        number.to_dict(whole) for whole, number in map(shipped_recognizer.read_both_strokes, values[1:])
    ]
    assert out == expected
    assert [d["digit"] for d in out] == labels[1:]
    batcher.close()
