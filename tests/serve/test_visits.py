"""A page that left (digits/serve/visits.py): forgotten after a grace period, unless it speaks again."""

from __future__ import annotations

from digits.serve.visits import Departures, VisitSettings


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_page_is_forgotten_only_after_a_quiet_grace():
    forgotten, clock = [], Clock()
    pages = Departures(600, forgotten.append, clock, watch=False)
    pages.left("a")
    clock.now = 10
    pages.left("b")
    assert not pages.heard("c")  # never left: nothing to do
    clock.now = 500
    assert pages.heard("a")  # the wifi came back: "a" still talks
    clock.now = 611
    assert pages.sweep() == 1 and forgotten == ["b"]
    clock.now = 1099
    assert pages.sweep() == 0 and "a" in pages
    clock.now = 1101
    assert pages.sweep() == 1 and forgotten == ["b", "a"] and len(pages) == 0
    assert not pages.heard("a")  # forgotten: a later event starts afresh elsewhere


def test_leaving_again_restarts_the_grace_and_the_record_is_bounded():
    forgotten, clock = [], Clock()
    pages = Departures(60, forgotten.append, clock, most=2, watch=False)
    pages.left("a")
    clock.now = 50
    pages.left("a")  # one record per page
    clock.now = 70
    assert pages.sweep() == 0 and len(pages) == 1
    pages.left("b")
    pages.left("c")
    pages.left("d")  # over the bound: the longest gone go now
    assert forgotten == ["a", "b"] and len(pages) == 2


def test_the_watcher_forgets_without_being_asked():
    import threading

    done = threading.Event()
    pages = Departures(0.0, lambda session: done.set())
    pages.left("a")
    assert done.wait(10) and len(pages) == 0


def test_the_grace_comes_from_the_environment():
    assert VisitSettings.from_env({}).grace_seconds == 600
    assert VisitSettings.from_env({"DIGITS_GRACE_SECONDS": "5"}).grace_seconds == 5
    assert VisitSettings.from_env({"DIGITS_GRACE_SECONDS": "soon"}).grace_seconds == 600
    assert VisitSettings.from_env({"DIGITS_GRACE_SECONDS": "-1"}).grace_seconds == 600
    assert VisitSettings.from_env({"DIGITS_GRACE_SECONDS": "inf"}).grace_seconds == 600
