"""Mastery per digit (issue #28): the streak rule across lessons, on a simulated clock."""

from __future__ import annotations

import pytest

from digits.lesson.mastery import LESSON_GAP, Record, lesson_numbers, mastered, states

DAY = 86_400.0
T0 = 1_700_000_000.0


def tries(digit, pattern, lesson=0, start=0):
    """Records of `digit` from a pattern: R right, X miss, B backwards; 10 s apart in lesson `lesson`."""
    return [
        Record(T0 + lesson * DAY + (start + i) * 10, digit, c == "R", c == "B") for i, c in enumerate(pattern)
    ]


def test_lessons_start_after_an_hour_away():
    times = [T0, T0 + 60, T0 + 60 + LESSON_GAP + 1, T0 + DAY, T0 + DAY + 5]
    assert lesson_numbers(times) == [0, 0, 1, 2, 2]


def test_a_digit_is_new_until_tried_then_learning():
    found = states(tries(4, "RR"))
    assert found[3].state == "new" and found[3].reason == "not tried yet"
    assert found[4].state == "learning" and (found[4].tries, found[4].right, found[4].lessons) == (2, 2, 1)
    assert "2 right in a row" in found[4].reason


def test_three_right_in_one_lesson_is_not_mastered_until_right_again_in_another():
    monday = tries(5, "RRRRR")
    found = states(monday)[5]
    assert found.state == "learning" and "another lesson" in found.reason
    tuesday = monday + tries(5, "R", lesson=1)
    found = states(tuesday)[5]
    assert found.state == "mastered" and found.reason == "3 right in a row across 2 lessons"
    assert mastered(states(tuesday)) == [5]
    # The same five tries an hour and a minute apart are two lessons as well.
    late = monday + [Record(monday[-1].at + LESSON_GAP + 60, 5, True)]
    assert states(late)[5].mastered


def test_a_mastered_digit_keeps_it_through_one_slip_and_loses_it_when_weak():
    record = tries(2, "RRR") + tries(2, "R", lesson=1)
    slipped = record + tries(2, "XR", lesson=1, start=1)
    found = states(slipped)[2]
    assert found.mastered and found.reason.endswith("once missed since")
    weak = slipped + tries(2, "X", lesson=1, start=3)
    found = states(weak)[2]
    assert found.state == "weak" and found.reason == "missed 2 of its last 4 tries"
    # Mastering it again needs the rule met anew: 3 right in a row across 2 lessons.
    again = weak + tries(2, "RRR", lesson=1, start=4)
    assert states(again)[2].state == "learning"
    assert states(again + tries(2, "R", lesson=2))[2].mastered


def test_a_reversal_among_the_last_three_tries_marks_a_digit_reversed_even_if_once_mastered():
    record = tries(3, "RRR") + tries(3, "RB", lesson=1)
    found = states(record)[3]
    assert found.state == "reversed" and found.reason == "written backwards once in its last 3 tries"
    assert found.reversals == 1
    assert states(record + tries(3, "RR", lesson=1, start=2))[3].state == "reversed"
    later = states(record + tries(3, "RRR", lesson=1, start=2))[3]  # 3 right tries later: mastered again
    assert later.mastered and later.reason.endswith("once missed since")
    assert states(tries(7, "BB"))[7].reason == "written backwards twice in its last 2 tries"


def test_records_in_any_order_give_the_same_states():
    record = tries(1, "RRX") + tries(1, "RRR", lesson=1) + tries(6, "BXR")
    assert states(record) == states(list(reversed(record)))


@pytest.mark.parametrize(
    "pattern, state", [("", "new"), ("XXRR", "weak"), ("XRXR", "weak"), ("RXRR", "learning")]
)
def test_the_window_rules(pattern, state):
    assert states(tries(9, pattern))[9].state == state


def test_the_childs_star_chart_in_their_language():
    from digits.lesson.mastery import star_chart

    assert star_chart([8, 0, 4, 1]) == "You've mastered 0, 1, 4 and 8!"
    assert star_chart([3]) == "You've mastered 3!"
    assert star_chart([]) == "Keep going: your first star is on its way!"
    assert star_chart(range(10)) == "You've mastered all ten digits!"
    assert star_chart([0, 1, 4, 8], "French") == "Tu maîtrises 0, 1, 4 et 8 !"
    assert star_chart([0, 1, 4, 8], "Chinese") == "你已经掌握了0、1、4和8！"
    mastered_after_two_lessons = tries(5, "RRR") + tries(5, "R", lesson=1)
    assert star_chart(mastered(states(mastered_after_two_lessons))) == "You've mastered 5!"


def test_a_record_kept_in_the_browser_comes_back_the_same_and_bad_ones_are_empty():
    from digits.lesson.mastery import KEPT, from_json, to_json

    record = tries(3, "RBX") + tries(8, "RR", lesson=1)
    assert from_json(to_json(record)) == record
    long = [Record(T0 + i, i % 10, True) for i in range(KEPT + 5)]
    assert from_json(to_json(long)) == long[5:]
    for bad in (
        None,
        "",
        "nope",
        "[[1, 2]]",
        '{"a": 1}',
        "[[1, 12, 1, 0]]",
        '[["nan", 1, 1, 0]]',
        "x" * 10**6,
    ):
        assert from_json(bad) == [], bad
