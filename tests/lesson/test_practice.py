"""Practice rounds: targets, feedback, score and streak, with made-up and real drawings."""

import numpy as np

from digits.lesson.practice import EMPTY, GENERIC_HINT, HINTS, PracticeRound, article, hint, targets_for
from digits.read.reading import Reading


def sure(digit):
    return Reading(digit, sure=True)


def unsure(digit):
    return Reading(digit, sure=False)


NOTHING = Reading(None)


def test_targets_are_seeded_and_hold_every_digit_once():
    first = targets_for(0)
    assert len(first) == 10 and sorted(first) == list(range(10))
    assert targets_for(0) == first
    assert targets_for(1) != first
    assert PracticeRound(seed=3).targets == targets_for(3)
    longer = targets_for(0, 15)
    assert len(longer) == 15 and sorted(longer[:10]) == list(range(10))


def test_a_correct_drawing_scores_with_three_stars_and_counts_once():
    r = PracticeRound()
    t = r.target
    f = r.check(sure(t))
    assert f.correct and f.stars == 3 and f.counted and f.read == t
    assert str(t) in f.message
    assert (r.score, r.streak, r.tries) == (1, 1, 1)
    for _ in range(3):  # checked again (issue #18, item 12): the digit keeps its stars
        again = r.check(sure(t))
        assert again.correct and again.stars == 3 and not again.counted
    assert (r.score, r.streak, r.tries) == (1, 1, 1)  # the same digit never scores twice


def test_a_digit_right_after_a_miss_keeps_its_stars_through_later_tries():
    r = PracticeRound(targets=[4, 2])
    r.check(sure(9))
    assert r.check(sure(4)).stars == 2
    assert r.mark(False) == 2 and r.mark(True, 1) == 2 and r.score == 1  # never lowered
    r.next()
    assert r.stars == 0 and r.mark(True) == 3


def test_a_wrong_drawing_gets_a_specific_hint_and_breaks_the_streak():
    r = PracticeRound(targets=[3, 7, 5])
    r.check(sure(3))
    r.next()
    f = r.check(sure(1))
    assert f.kind == "wrong" and not f.correct and f.stars == 0 and f.counted
    assert "looks like a 1" in f.message and "top line" in f.message
    assert (r.score, r.streak, r.tries, r.total_tries) == (1, 0, 1, 2)
    f = r.check(sure(7))
    assert f.correct and f.stars == 2 and (r.score, r.streak) == (2, 1)


def test_an_empty_canvas_asks_for_a_drawing_and_is_not_a_try():
    r = PracticeRound()
    f = r.check(NOTHING)
    assert f.kind == "empty" and f.message == EMPTY and "Draw the digit first" in f.message
    assert not f.counted and (r.tries, r.total_tries, r.score) == (0, 0, 0)
    assert r.check(sure(r.target)).stars == 3  # still the first try


def test_an_unsure_reading_is_gentle_counts_as_a_try_and_keeps_the_streak():
    r = PracticeRound(targets=[4, 9, 2])
    r.check(sure(4))
    r.next()
    f = r.check(unsure(9))  # even the right digit, read unsure, is not yet a success
    assert f.kind == "unsure" and "not sure" in f.message and "9" in f.message
    assert f.counted and (r.score, r.streak, r.tries) == (1, 1, 1)


def test_hint_table_covers_common_confusions_with_distinct_kind_hints():
    wanted = [(7, 1), (1, 7), (4, 9), (9, 4), (5, 6), (6, 0), (3, 8), (8, 3), (2, 7), (0, 6)]
    assert all(pair in HINTS for pair in wanted)
    assert len(set(HINTS.values())) == len(HINTS)
    assert all(a != b and 0 <= a <= 9 and 0 <= b <= 9 for a, b in HINTS)
    assert hint(0, 1) == GENERIC_HINT.format(target=0) and "0" in hint(0, 1)
    assert "open" in hint(4, 9) and "loop" in hint(9, 4)


def test_english_articles():
    assert article(8) == "an 8" and article(7) == "a 7"
    r = PracticeRound(targets=[3])
    assert "looks like an 8" in r.check(sure(8)).message


def test_next_skips_ends_the_streak_and_the_round_finishes_after_ten():
    r = PracticeRound()
    assert r.length == 10
    for i in range(10):
        assert r.target == r.targets[i]
        if i < 6:
            r.check(sure(r.target))
        r.next()
    assert r.finished and r.target is None and r.next() is None
    assert r.score == 6 and r.best_streak == 6 and r.streak == 0
    assert r.results == [True] * 6 + [False] * 4
    assert r.check(sure(3)).kind == "finished"
    assert "6 out of 10" in r.summary() and "6 in a row" in r.summary()


def test_a_streak_of_three_is_celebrated_and_a_perfect_round_too():
    r = PracticeRound()
    messages = []
    for _ in range(10):
        messages.append(r.check(sure(r.target)).message)
        r.next()
    assert "in a row" not in messages[1] and "3 in a row" in messages[2]
    assert r.score == 10 and r.best_streak == 10 and "all 10" in r.summary()
    assert all(" a 8" not in m for m in messages) and any("an 8" in m or "perfect 8" in m for m in messages)


def test_a_round_with_real_drawings(quick_recognizer, drawings):
    first, wrong, second = sorted(drawings)[:3]
    r = PracticeRound(targets=[first, second])
    blank = {"background": None, "layers": [], "composite": np.full((400, 400, 4), 255, np.uint8)}
    assert r.check(quick_recognizer.read(blank)).kind == "empty"
    miss = r.check(quick_recognizer.read(drawings[wrong]))
    assert miss.kind == "wrong" and miss.read == wrong and f"like {article(wrong)}" in miss.message
    assert (r.score, r.tries) == (0, 1)
    right = r.check(quick_recognizer.read(drawings[first]))
    assert right.correct and right.stars == 2 and (r.score, r.streak, r.tries) == (1, 1, 2)
    r.next()
    assert r.check(quick_recognizer.read(drawings[second])).stars == 3
    assert (r.score, r.streak, r.total_tries) == (2, 2, 3)
