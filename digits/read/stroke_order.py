"""A number's strokes grouped into its digits by the pen's order and where each stroke lies.

Children write left to right, one digit after another, so a stroke over the columns of the digit
being written belongs to it, and one to its right starts the next digit, even when the two touch.
A stroke that goes back over an earlier digit (a 7's bar or a 5's hat added late) joins that digit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from digits.read import stroke_shapes as shapes
from digits.read import strokes
from digits.read.segment import cut_touching

if TYPE_CHECKING:
    from digits.read.reading import Reading


@dataclass(frozen=True)
class Grouping:
    """How strokes are grouped into digits (lengths as shares of a digit's height)."""

    join: float = 0.3  # a stroke sharing this much of the narrower's columns with a digit is part of it
    narrow: float = 0.3  # a thin stroke (a 1, a 4's down stroke) counts as this wide
    speck: float = 0.12  # a stroke smaller than this is a speck: it joins the digit nearest it
    near: float = 0.6  # a speck farther than this from every digit is dropped
    apart: float = 0.4  # two runs of a digit's strokes sharing less of their columns may be two digits
    loose: float = 0.8  # sharing less than this, only if read much more surely apart (LOOSE_MARGIN)
    small: float = 0.5  # a stroke no bigger than this that comes within `touch` of a digit is part of it
    touch: float = 0.1
    # A digit so far one tall thin stroke (a 1) ends when a big stroke begins this far right of it: of
    # the training writers' 7,921 digits, 2 (both 4s) begin that way (thin 0.3, tall 0.6, 0.05 right).
    stick_thin: float = 0.3  # its width at most this share of its height
    stick_tall: float = 0.6  # its height at least this share of a digit's
    stick_right: float = 0.05  # the next stroke's first point this far right of it
    # A tall thin stroke written last, no farther inside the digit's right edge than this: offered
    # apart with no margin (a 1 written against the digit before it; the network decides).
    stick_last: float = 0.1
    # ... and offered with FOOT_MARGIN if the digit before it reaches this far down the 1 on its own
    # (of the training writers' 82 digits whose last stroke is offered apart, 1 does: a 4).
    foot: float = 0.9
    # A tall stroke that the digit's last stroke ends on (within `reach`) half-way up is the digit's:
    # a 4 written as an L, then its stem. Of the training writers' numbers misread through strokes,
    # 10 in 34 were such 4s, parted (their L ending 0.05-0.24 left of the stem).
    # Reach 0.1: 1,169 of their 1,200 numbers right, 0.15: 1,174, 0.2-0.3: 1,175.
    reach: float = 0.2
    stem_thin: float = 0.4  # the stem's width at most this share of its height
    # A flat stroke (height under `flat` of its width) begun `behind` left of the digit being written,
    # not over it, within `begun` of an earlier digit and `clear` times nearer it than any other, and
    # crossing no other digit, went back to that digit (a late 5's hat; by columns it can lie over the
    # next digit). Of 406 late strokes of the training writers' numbers, the digit nearest the first
    # point is its own for 399. Numbers right: 1,175 of 1,200 without, 1,179 with (begun 0.3-0.4,
    # clear 0.5-0.6, behind 0-0.05; begun 0.2: 1,178); without the crossing test 1,178 (a 7's bar).
    begun: float = 0.3
    clear: float = 0.5
    behind: float = 0.05
    flat: float = 0.5


DEFAULT = Grouping()


@dataclass
class Digit:
    """A digit as it is gathered: its strokes' indices and the columns they cover."""

    strokes: list[int]
    x0: float
    x1: float


def in_pen_order(strokes: list[np.ndarray]) -> list[int]:
    """Stroke indices by the time each began (the order sent where no times are given)."""
    starts = [float(s[0, 2]) if s.shape[1] > 2 else 0.0 for s in strokes]
    return sorted(range(len(strokes)), key=lambda i: (starts[i], i))


def digit_height(strokes: list[np.ndarray]) -> float:
    """A digit's height: the tallest stroke's (every digit has one stroke near its full height)."""
    return max((float(np.ptp(s[:, 1])) for s in strokes), default=0.0) or 1e-6


def group(strokes: list[np.ndarray], config: Grouping = DEFAULT) -> list[list[int]]:
    """The strokes (each an (n, 2+) array, x, y[, t]) as digits left to right, each its stroke indices."""
    if not strokes:
        return []
    height = digit_height(strokes)
    digits: list[Digit] = []
    specks: list[int] = []
    current: Digit | None = None
    for i in in_pen_order(strokes):
        s = strokes[i]
        if max(float(np.ptp(s[:, 0])), float(np.ptp(s[:, 1]))) < config.speck * height:
            specks.append(i)
            continue
        lo, hi = shapes.columns(s, height, config)
        if (began := shapes.begun_on(s, digits, current, strokes, height, config)) is not None:
            current = began  # a late hat or bar: the digit it starts by
        elif current is not None and shapes.after_stick(s, current, strokes, height, config):
            current = None  # a 1 written against the next digit: the pen's order says where it ends
        elif current is not None and shapes.small_by(s, current, strokes, height, config):
            pass  # a tick, a hat or a 4's short down stroke written against the digit
        elif current is not None and shapes.stem(s, current, strokes, height, config):
            pass  # a 4's stem drawn down through the end of its bar
        elif current is None or shapes.share(lo, hi, current) < config.join:
            # Not over the digit being written: back over an earlier one (a late bar), or a new digit.
            best = max(digits, key=lambda g: shapes.share(lo, hi, g), default=None)
            current = best if best is not None and shapes.share(lo, hi, best) >= config.join else None
        if current is None:
            current = Digit([], lo, hi)
            digits.append(current)
        current.strokes.append(i)
        current.x0, current.x1 = min(current.x0, lo), max(current.x1, hi)
    for i in specks:  # a dot or a flick of the pen: part of the digit it sits by, or nothing
        centre = float(strokes[i][:, 0].mean())
        gaps = [max(g.x0 - centre, centre - g.x1, 0.0) for g in digits]
        if digits and min(gaps) <= config.near * height:
            digits[int(np.argmin(gaps))].strokes.append(i)
    digits.sort(key=lambda g: g.x0 + g.x1)
    return [sorted(g.strokes) for g in digits]


def side_by_side(
    strokes: list[np.ndarray], digit: list[int], config: Grouping = DEFAULT
) -> tuple[list[list[int]], float]:
    """One digit's strokes cut in pen order into two runs that lie side by side, left first; [] if none.

    Two digits taken for one (a 1 written against a 7) come apart this way; the network decides.
    """
    order = [i for i in in_pen_order(strokes) if i in digit]
    height = digit_height([strokes[i] for i in digit])
    best, least = [], config.loose
    for k in range(1, len(order)):
        runs = [order[:k], order[k:]]
        (a0, a1), (b0, b1) = (
            shapes.columns(np.concatenate([strokes[i] for i in r]), height, config) for r in runs
        )
        overlap = max(0.0, min(a1, b1) - max(a0, b0)) / max(min(a1 - a0, b1 - b0), 1e-9)
        if k == len(order) - 1 and shapes.last_stick(strokes, runs, height, config):
            overlap = -1.0 if shapes.reaches_foot(strokes, runs) >= config.foot else 0.0
        elif shapes.is_stem(strokes[runs[1][0]], strokes[runs[0][-1]], height, config):
            overlap = max(overlap, config.apart)  # a 4's L and stem: apart only by LOOSE_MARGIN
        if overlap < least:
            best, least = [sorted(r) for r in (runs if a0 + a1 <= b0 + b1 else runs[::-1])], overlap
    return best, least


# A cut of runs that share many columns (a 1 written into a 5's hat, or a 4's two strokes), or through
# a stroke, wins only if each part is read this much more surely than the whole (chosen on the
# training writers' numbers).
LOOSE_MARGIN = 0.3
# A 1 written last against a digit that reaches its foot on its own (a 9's stem, not a 9's loop then
# its stem): parted unless the whole is read this much more surely (numbers of the training writers:
# -0.02 to -0.2 all 1,181 of 1,200 against 1,179 at 0; the validation writers' 1,184 unchanged).
FOOT_MARGIN = -0.05


def options(value, config: Grouping = DEFAULT) -> list[tuple[list[list[np.ndarray]], float]]:
    """A pad value's digits left to right, each as its options (whole, then cut in two) and the cut's margin.

    The cut is its strokes' two side-by-side runs, or where its ink is thinnest if one stroke is wide
    enough to be two digits (segment.cut_touching; LOOSE_MARGIN). Every mask comes from the one renderer.
    """
    return pen_options(value, config)[0]


def pen_options(value, config: Grouping = DEFAULT) -> tuple[list, list]:
    """`options`, and beside each piece its options' digits as strokes in pen order (None for a cut mask).

    A piece whose cut runs through a stroke (cut_touching) has no strokes for its parts: None, so the
    whole and the cut are weighed by the image reader alone.
    """
    return pen_options_of(*strokes.parse(value, times=True), config)


def pen_options_of(
    width: float, height: float, arrays: list, config: Grouping = DEFAULT
) -> tuple[list, list]:
    """`pen_options` of a value already parsed with its times (strokes.parse(value, times=True))."""
    order = in_pen_order(arrays)

    def ink(indices: list[int]) -> np.ndarray | None:
        return strokes.mask_of(width, height, [arrays[i] for i in indices])

    def pen(indices: list[int]) -> list[np.ndarray]:
        return [arrays[i] for i in order if i in indices]

    out, pens = [], []
    for digit in group(arrays, config):
        whole = ink(digit)
        if whole is None:
            continue
        runs, overlap = side_by_side(arrays, digit, config)
        parts = [m for m in (ink(r) for r in runs) if m is not None] if runs else cut_touching(whole)
        # A cut through the ink, not between strokes, parts what the pen drew without lifting: the
        # same margin (a writer's wide 2s and 5s were cut in 6 of the validation writers' numbers).
        loose = not runs or overlap >= config.apart
        margin = LOOSE_MARGIN if len(parts) > 1 and loose else FOOT_MARGIN if overlap < 0 else 0.0
        out.append(([[whole], parts] if len(parts) > 1 else [[whole]], margin))
        if len(parts) <= 1:
            pens.append([[pen(digit)]])
        elif runs and len(parts) == len(runs):
            pens.append([[pen(digit)], [pen(r) for r in runs]])
        else:
            pens.append(None)
    return out, pens


# The picture's cut wins over the strokes' only when read this much more surely (geometric mean of
# the digits' confidences): the strokes know the pen's order, the picture only the ink.
PICTURE_MARGIN = 0.0
# A picture's cut with more digits than the pen's parts what the pen drew as one digit (a wide 2 or 5
# cut through its one stroke): it wins only by this much, as a stroke's own cut must. Chosen on the
# training writers' numbers (0.01-0.3: 1,175 of 1,200 against 1,174; the validation writers'
# 1,176-1,180 against 1,175, the most at 0.3).
PICTURE_PARTS_MARGIN = LOOSE_MARGIN


def pen_wins(pen: list[Reading], picture: list[Reading]) -> bool:
    """Whether the pen's cut of a number (its digits as the image network read them) beats the picture's."""
    margin = PICTURE_PARTS_MARGIN if len(picture) > len(pen) else PICTURE_MARGIN
    return combined(pen) + margin >= combined(picture)


def combined(digits: list[Reading]) -> float:
    """How surely a number is read: the geometric mean of its digits' confidences (0 for none)."""
    conf = [max(r.confidence, 1e-6) for r in digits]
    return float(np.exp(np.mean(np.log(conf)))) if conf else 0.0
