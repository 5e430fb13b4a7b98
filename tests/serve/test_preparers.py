"""Reads prepared in processes of their own: the same answers, bad values in one line, a dead one replaced."""

from __future__ import annotations

import pytest

from digits.read import asked
from digits.read.strokes import BadStrokes
from digits.serve import space
from digits.serve.preparers import Preparers
from tests.strokes import pad_value


@pytest.fixture
def preparers():
    p = Preparers(1).start()
    yield p
    p.close()


def test_a_preparer_asks_what_this_thread_would(shipped_recognizer, preparers):
    for digit in (2, 7):
        value = pad_value(digit)
        here = shipped_recognizer.answer(asked.ask_strokes(value))
        there = shipped_recognizer.answer(preparers.ask_strokes(value))
        assert there[1].to_dict(there[0]) == here[1].to_dict(here[0])
        assert there[0].digit == digit


def test_a_malformed_value_is_one_line_from_the_preparer(preparers):
    with pytest.raises(BadStrokes, match="height must be a number"):
        preparers.ask_strokes({"width": 100, "height": "tall", "strokes": []})
    assert preparers.ask_strokes(pad_value(3)).status == "read"  # and the preparer goes on


def test_a_preparer_that_died_is_replaced_and_the_read_still_answered(preparers):
    dead = preparers._idle.queue[0]
    dead.proc.kill()
    dead.proc.wait()
    assert preparers.ask_strokes(pad_value(5)).status == "read"  # prepared here meanwhile
    alive = preparers._idle.queue[0]
    assert alive is not dead and alive.proc.poll() is None
    assert preparers.ask_strokes(pad_value(5)).status == "read"


def test_preparers_run_in_shared_mode_unless_told_otherwise():
    processes = lambda env: space.SpaceSettings.from_env(env).preparer_processes
    assert processes({}) == 0 and processes({"DIGITS_SHARED": "1"}) == 2
    assert processes({"DIGITS_SHARED": "1", "DIGITS_PREPARERS": "0"}) == 0
    assert processes({"DIGITS_PREPARERS": "3"}) == 3  # a laptop serving a whole school


def test_a_read_alone_is_prepared_on_its_thread_overlapping_ones_in_a_preparer(monkeypatch, keras):
    from digits.serve import reader

    class Counting:
        asked = 0

        def ask_strokes(self, value, pen=True):
            Counting.asked += 1
            return asked.ask_strokes(value, pen=pen)

    monkeypatch.setattr(space, "settings", lambda: space.SpaceSettings(on=True))
    monkeypatch.setattr(reader.PREPARERS, "get", lambda: Counting())
    value = pad_value(4)
    alone = reader.read_both_strokes(None, value)
    assert Counting.asked == 0
    with reader.IN_FLIGHT:  # another child's read is being read
        overlapping = reader.read_both_strokes(None, value)
    assert Counting.asked == 1 and reader.IN_FLIGHT.now == 0
    assert overlapping[1].to_dict(overlapping[0]) == alone[1].to_dict(alone[0])
