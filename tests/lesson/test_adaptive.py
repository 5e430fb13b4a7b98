"""Adaptive rounds (issue #28): the choice from a child's record, seeded, with a known distribution."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from digits.lesson.adaptive import AdaptiveConfig, Chooser, Step, choose, plan_for, weights
from digits.lesson.mastery import Record, states
from digits.lesson.practice import PracticeRound
from digits.lesson.teacher import TeacherSettings
from digits.lesson.writing import WritingLesson
from digits.read.reading import Reading

DAY = 86_400.0
T0 = 1_700_000_000.0


class Clock:
    """A simulated clock: 10 s per item, `day()` moves to the next day's lesson."""

    def __init__(self):
        self.now = T0

    def __call__(self) -> float:
        self.now += 10
        return self.now

    def day(self) -> None:
        self.now += DAY


def reverser(digit: int, rng: np.random.Generator) -> tuple[bool, bool]:
    """The issue's child: always reverses 3 and 7, never misses 0, 1, 8, right 70% of the time on the rest."""
    if digit in (3, 7):
        return False, True
    if digit in (0, 1, 8):
        return True, False
    return bool(rng.random() < 0.7), False


def fixed_lessons(chooser: Chooser, clock: Clock, child, rng, lessons: int = 2, each: int = 3) -> None:
    """Lessons of today's rounds (every digit `each` times), one a day, noted in the chooser's record."""
    for _ in range(lessons):
        for _ in range(each):
            for d in rng.permutation(10):
                right, backwards = child(int(d), rng)
                chooser.note(int(d), right, backwards, clock())
        clock.day()


def test_the_reverser_gets_3_and_7_at_least_three_times_as_often_as_0_1_8_over_50_items():
    clock, rng = Clock(), np.random.default_rng(1)
    chooser = Chooser(seed=0, clock=clock)
    fixed_lessons(chooser, clock, reverser, rng)
    found = states(chooser.records)
    assert [d for d in range(10) if found[d].mastered] >= [0, 1, 8]
    assert found[3].state == found[7].state == "reversed"
    asked, shown = Counter(), 0
    for _ in range(50):
        d = chooser.next_target()
        asked[d] += 1
        shown += chooser.step.show_me
        right, backwards = reverser(d, rng)
        chooser.note(d, right, backwards)
    assert asked[3] + asked[7] >= 3 * (asked[0] + asked[1] + asked[8]), asked
    assert asked[0] + asked[1] + asked[8] > 0  # mastered digits still come back now and then
    assert shown >= 4  # the reversed digits' own rounds: Show me how first


def test_a_reversed_digit_gets_a_round_of_its_own_shown_and_traced_first():
    record = [Record(T0, 3, False, True)]
    plan = plan_for(3, record)
    assert plan.state == "reversed" and plan.steps == (Step(3, True, True), Step(3, False, True), Step(3))
    assert plan_for(4, record).steps == (Step(4),)


def test_mastery_is_reached_and_shown_only_after_the_rule_is_met_across_two_lessons():
    clock = Clock()
    chooser = Chooser(order=(0,), seed=0, clock=clock)
    for _ in range(5):
        chooser.note(chooser.next_target(), True)
    assert states(chooser.records)[0].state == "learning"  # five right, all on Monday
    clock.day()
    chooser.note(chooser.next_target(), True)
    assert states(chooser.records)[0].mastered


def test_new_digits_are_introduced_only_after_earlier_ones_are_mastered_in_the_teachers_order():
    order = (5, 2, 8, 0, 7)
    config = AdaptiveConfig(working=2)
    assert set(d for d, p in weights([], order, config).items() if p) == {5, 2}
    tried = [Record(T0, 5, True), Record(T0 + 10, 2, False)]
    assert set(d for d, p in weights(tried, order, config).items() if p) == {5}  # 2: not twice in a row
    # 5 mastered (3 right across two lessons): the teacher's next digit comes in, not 0 or 7.
    mastered5 = tried + [Record(T0 + 20, 5, True), Record(T0 + 30, 5, True), Record(T0 + DAY, 5, True)]
    assert states(mastered5)[5].mastered
    chances = weights(mastered5, order, config)
    assert chances[8] > 0 and chances[0] == chances[7] == 0


def test_the_choice_distribution_is_known_from_the_record_and_seeded():
    record = [
        Record(T0, 4, False),
        Record(T0 + 10, 4, False),
        Record(T0 + 20, 6, True),
        Record(T0 + 30, 3, False, True),
    ]
    chances = weights(record, range(10), AdaptiveConfig(working=3))
    # 4 weak (4), 6 learning (2), 3 reversed but asked last (0); three in play: no new digit yet
    assert chances == pytest.approx({4: 2 / 3, 6: 1 / 3, **{d: 0.0 for d in (0, 1, 2, 3, 5, 7, 8, 9)}})
    roomier = weights(record, range(10), AdaptiveConfig(working=4))  # room for one new: 0 (weight 2)
    assert roomier == pytest.approx({4: 0.5, 6: 0.25, 0: 0.25, **{d: 0.0 for d in (1, 2, 3, 5, 7, 8, 9)}})
    first = [choose(record, range(10), rng).digit for rng in [np.random.default_rng(7)] for _ in range(20)]
    assert first == [
        choose(record, range(10), rng).digit for rng in [np.random.default_rng(7)] for _ in range(20)
    ]
    rng = np.random.default_rng(0)
    many = Counter(choose(record, range(10), rng, AdaptiveConfig(working=4)).digit for _ in range(4000))
    for d, p in roomier.items():
        assert many[d] / 4000 == pytest.approx(p, abs=0.03)


def test_everything_mastered_and_none_due_is_a_review_of_them_all():
    record = [Record(T0 + i, d, True) for i, d in enumerate([0, 1] * 3)] + [
        Record(T0 + DAY, 0, True),
        Record(T0 + DAY + 1, 1, True),
    ]
    assert weights(record, (0, 1), AdaptiveConfig(spacing=50)) == {0: 0.5, 1: 0.5}


def test_an_adaptive_round_asks_what_its_chooser_chooses_and_tells_it_every_judged_try():
    chooser = Chooser(order=(2, 3), seed=4, clock=Clock())
    lesson = WritingLesson(TeacherSettings(digits=(2, 3), length=4, mode="free"), chooser=chooser)
    assert lesson.round.length == 4 and len(lesson.round.targets) == 1
    first = lesson.digit
    lesson.round.check(Reading((first + 1) % 10, sure=True))  # a miss
    lesson.round.check(Reading(first, sure=False))  # unsure: not a try
    lesson.round.backwards(first)
    assert [(r.digit, r.right, r.reversed) for r in chooser.records] == [
        (first, False, False),
        (first, False, True),
    ]
    for _ in range(3):
        lesson.next()
    assert len(lesson.round.targets) == 4 and lesson.round.targets[1:] != [] and lesson.round.next() is None
    assert PracticeRound(seed=3).chooser is None  # default: today's rounds


def test_bad_settings_are_one_line():
    with pytest.raises(ValueError, match="at least one digit"):
        Chooser(order=())
    with pytest.raises(ValueError, match="weights are 0 or more"):
        Chooser(config=AdaptiveConfig(weak=-1))
