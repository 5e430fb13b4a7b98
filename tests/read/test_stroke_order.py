"""Strokes grouped into digits by the pen's order and columns (digits/read/stroke_order.py), no model."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from digits.read.stroke_order import (
    DEFAULT,
    FOOT_MARGIN,
    LOOSE_MARGIN,
    combined,
    group,
    options,
    pen_wins,
    side_by_side,
)


def line(*points, t0: float = 0.0) -> np.ndarray:
    """A stroke through the points (x, y; y down), a point every 2 pixels, 8 ms apart from t0."""
    pts = np.array(points, np.float64)
    dense = [pts[0]]
    for a, b in zip(pts[:-1], pts[1:], strict=True):
        n = max(1, int(np.hypot(*(b - a)) / 2))
        dense += [a + (b - a) * k / n for k in range(1, n + 1)]
    xy = np.array(dense)
    return np.column_stack([xy, t0 + 8 * np.arange(len(xy))])


def in_order(*strokes) -> list[np.ndarray]:
    """Strokes restamped so each starts after the one before, in the order given."""
    out, t = [], 0.0
    for s in strokes:
        out.append(np.column_stack([s[:, :2], t + 8 * np.arange(len(s))]))
        t = out[-1][-1, 2] + 300
    return out


def seven(x: float) -> np.ndarray:
    return line((x, 0), (x + 60, 0), (x + 25, 100))


def bar(x: float) -> np.ndarray:  # a 7's cross bar, or a 5's hat when drawn at the top
    return line((x + 22, 50), (x + 55, 50))


def one(x: float) -> np.ndarray:
    return line((x, 0), (x, 100))


def zero(x: float) -> np.ndarray:
    a = np.linspace(0, 2 * np.pi, 60)
    return line(*zip(x + 30 + 30 * np.sin(a), 50 - 50 * np.cos(a), strict=True))


def five_body(x: float) -> np.ndarray:
    return line((x + 5, 0), (x + 2, 45), (x + 40, 45), (x + 55, 70), (x + 40, 100), (x, 95))


def test_a_late_seven_bar_joins_its_seven():
    strokes = in_order(seven(0), one(110), bar(0))  # 7, then 1, then back to cross the 7
    assert group(strokes) == [[0, 2], [1]]


def test_a_late_five_hat_joins_its_five_and_the_order_of_strokes_is_read_from_their_times():
    hat = line((8, 0), (55, 0))
    strokes = in_order(five_body(0), seven(90), hat)
    assert group(strokes) == [[0, 2], [1]]
    shuffled = [strokes[2], strokes[0], strokes[1]]  # sent out of order: their times still say
    assert group(shuffled) == [[0, 1], [2]]


def test_two_touching_digits_written_in_order_are_cut_apart():
    touching_sevens = in_order(seven(0), seven(55))  # the second 7's bar starts on the first's
    assert group(touching_sevens) == [[0], [1]]
    ten = in_order(one(0), zero(8))  # the 0 written against the 1
    assert group(ten) == [[0], [1]]
    # A thin 1 against a 0 shares its columns: kept together, but offered apart to the network.
    assert group(in_order(zero(0), one(62))) == [[0, 1]]
    assert side_by_side(in_order(zero(0), one(62)), [0, 1])[0] == [[0], [1]]


def eight(x: float) -> np.ndarray:  # begun at its top, in the middle
    a = np.linspace(0, 2 * np.pi, 80)
    return line(*zip(x + 25 + 25 * np.sin(2 * a), 50 - 50 * np.cos(a), strict=True))


def test_a_one_written_into_the_next_digit_ends_where_the_next_digit_begins():
    # The 8's box reaches 10 px (a tenth of a digit) left of the 1: by columns the two are one digit.
    eighteen = in_order(one(0), eight(-10))
    assert group(eighteen) == [[0], [1]]
    # Without the pen's order there is no telling: the 8 first, then the 1 into it, stays one piece.
    assert group(in_order(eight(-10), one(0))) == [[0, 1]]
    # A 5 begun with its down stroke, its belly starting where that ends, stays one digit.
    five = in_order(line((0, 0), (0, 70)), line((0, 70), (30, 45), (55, 70), (40, 100), (0, 95)))
    assert group(five) == [[0, 1]]
    four = in_order(line((0, 0), (0, 60), (60, 60)), line((45, 20), (45, 100)))  # an L, then the stem
    assert group(four) == [[0, 1]]


def nine(x: float) -> np.ndarray:  # its loop from the top right, then down its stem
    a = np.linspace(0, 2 * np.pi, 50)
    loop = np.column_stack([x + 25 + 25 * np.cos(a + 0.0), 25 - 25 * np.sin(a)])
    return line(*map(tuple, loop), (x + 50, 100))


def test_a_one_written_last_against_the_digit_before_it_is_offered_apart_with_no_margin():
    ninety_one = in_order(nine(0), one(45))  # the 1 within a twentieth of a digit of the 9's stem
    assert group(ninety_one) == [[0, 1]]
    # The 9 reaches the 1's foot on its own: offered apart unless the whole reads much more surely
    # (FOOT_MARGIN, below 0); a loop that stops half-way (a 9 in two strokes) with no margin.
    assert side_by_side(ninety_one, [0, 1]) == ([[0], [1]], -1.0)
    value = {"width": 300, "height": 200, "strokes": [(s + [50, 50, 0]).tolist() for s in ninety_one]}
    assert [margin for _, margin in options(value)] == [FOOT_MARGIN] and FOOT_MARGIN < 0
    loop = line((25, 0), (0, 25), (25, 50), (48, 25), (25, 0))
    assert side_by_side(in_order(loop, one(50)), [0, 1]) == ([[0], [1]], 0.0)
    # A 4's bar drawn to its down stroke half-way up: the down stroke is its own, never a 1.
    four = in_order(line((20, 0), (0, 60), (50, 60)), line((52, 0), (52, 100)))
    runs, overlap = side_by_side(four, [0, 1])
    assert overlap > 0.0


def value(*strokes, width: int = 400) -> dict:
    """Strokes in order as a pad value, moved 40 right and 50 down onto a width x 200 pad."""
    moved = [(s + [40, 50, 0]).tolist() for s in in_order(*strokes)]
    return {"width": width, "height": 200, "strokes": moved}


def test_touching_digits_and_a_late_bar_read_by_the_shipped_model(shipped_recognizer):
    assert shipped_recognizer.read_number_strokes(value(one(0), zero(8))).number == "10"
    assert shipped_recognizer.read_number_strokes(value(seven(0), seven(55))).number == "77"
    late = shipped_recognizer.read_number_strokes(value(seven(0), one(110), bar(0)))
    assert late.number == "71" and len(late.digits) == 2


def test_the_losing_cut_is_kept_as_a_second_opinion_where_it_reads_another_number(shipped_recognizer):
    """The pen parts a 0 written over a 7's foot; the picture sees one piece: the game may ask (#32)."""
    number = shipped_recognizer.read_number_strokes(value(seven(0), zero(45)))
    assert number.number == "70" and number.other and [r.digit for r in number.other] != [7, 0]
    apart = shipped_recognizer.read_number_strokes(value(seven(0), one(140)))
    assert apart.number == "71" and apart.other == []  # both cuts agree: nothing to doubt


def test_a_four_in_two_strokes_and_a_speck_stay_one_digit_each():
    four = [line((40, 0), (0, 65), (60, 65)), line((45, 30), (45, 100))]
    speck = line((20, 99), (21, 100))
    strokes = in_order(*four, speck, one(110))
    assert group(strokes) == [[0, 1, 2], [3]]
    assert side_by_side(strokes, [0, 1])[0] == []  # its down stroke crosses its bar: no cut offered


def test_two_digits_taken_for_one_are_offered_apart_and_every_digit_is_rendered():
    strokes = in_order(seven(0), one(58))  # the 1 written into the 7's bar
    runs, overlap = side_by_side(strokes, [0, 1])
    assert runs == [[0], [1]] and overlap < 0.8
    value = {
        "width": 300,
        "height": 200,
        "strokes": [s.tolist() for s in in_order(seven(10), bar(10), one(130))],
    }
    pieces = options(value)
    assert len(pieces) == 2 and all(m.ndim == 2 and m.max() > 0.5 for (opts, _) in pieces for m in opts[0])
    assert options({"width": 300, "height": 200, "strokes": []}) == []


def test_a_four_whose_stem_stands_right_of_its_l_stays_one_digit_and_is_parted_only_by_a_margin():
    # The L's bar ends a tenth of a digit short of the stem, half-way up it: by columns the stem
    # would start a new digit (10 of the training writers' 34 misread numbers were such 4s).
    el, stem = line((5, 0), (0, 60), (40, 60)), line((50, 0), (50, 100))
    strokes = in_order(one(-40), el, stem, one(90))
    assert group(strokes) == [[0], [1, 2], [3]]
    runs, overlap = side_by_side(strokes, [1, 2])
    assert runs == [[1], [2]] and overlap >= DEFAULT.apart  # apart only if read much more surely
    value = {"width": 400, "height": 200, "strokes": [(s + [100, 50, 0]).tolist() for s in strokes]}
    assert [margin for _, margin in options(value)] == [0.0, LOOSE_MARGIN, 0.0]


def test_a_stroke_ending_at_the_foot_of_a_one_beside_it_does_not_take_the_one():
    two = line((0, 20), (25, 0), (50, 20), (0, 100), (50, 100))  # ends at its foot, by the 1
    assert group(in_order(two, one(60))) == [[0], [1]]
    # Nor a wide stroke the digit before ends on: a stem is thin.
    assert group(in_order(zero(0), line((75, 0), (75, 50), (140, 50)))) == [[0], [1]]


def test_a_cut_through_one_stroke_needs_the_margin_and_the_pictures_extra_digits_too():
    wide_two = line((0, 20), (60, 0), (120, 20), (0, 100), (180, 100))  # one stroke, wider than two
    value = {
        "width": 400,
        "height": 200,
        "strokes": [(s + [100, 50, 0]).tolist() for s in in_order(wide_two)],
    }
    (opts, margin), *_ = options(value)
    assert len(opts) == 2 and margin == LOOSE_MARGIN

    class Read:
        def __init__(self, confidence: float):
            self.confidence = confidence

    pen, picture = [Read(0.7)], [Read(0.9), Read(0.95)]
    assert combined(picture) > combined(pen) and pen_wins(pen, picture)  # the picture parts the stroke
    assert not pen_wins([Read(0.5)], [Read(0.95), Read(0.95)])  # unless much surer
    assert not pen_wins([Read(0.7), Read(0.7)], [Read(0.9), Read(0.9)])  # as many digits: no margin


def test_a_late_hat_joins_the_digit_it_begins_by_even_against_the_next_digit():
    # The 5's hat, written after the 1, ends within a tenth of a digit of the 1: a small stroke by
    # the digit being written, once taken for the 1's. It begins on the 5's stem: the 5's.
    strokes = in_order(five_body(0), one(64), line((6, -2), (56, -2)))
    assert group(strokes) == [[0, 2], [1]]
    assert group(strokes, replace(DEFAULT, begun=0.0)) == [[0], [1, 2]]  # as before the rule


def test_a_bar_across_the_digit_being_written_stays_with_it_though_it_begins_by_the_one_before():
    seven = line((15, 0), (75, 0), (40, 100))
    strokes = in_order(one(0), seven, line((8, 50), (70, 50)))  # the bar begins 8 px from the 1
    assert group(strokes) == [[0], [1, 2]]
