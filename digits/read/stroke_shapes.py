"""The shapes the pen's cut asks about (stroke_order): a 1's stick, a 4's stem, a bar that crosses.

Each takes strokes as (n, 2+) arrays (x, y[, t]; y down), lengths in shares of a digit's height.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from digits.read.stroke_order import Digit, Grouping


def extent(points: np.ndarray) -> float:
    return max(float(np.ptp(points[:, 0])), float(np.ptp(points[:, 1])))


def columns(s: np.ndarray, height: float, config: Grouping) -> tuple[float, float]:
    x0, x1 = float(s[:, 0].min()), float(s[:, 0].max())
    pad = max(0.0, config.narrow * height - (x1 - x0)) / 2
    return x0 - pad, x1 + pad


def share(lo: float, hi: float, g: Digit) -> float:
    """The columns shared, as a share of the narrower: a small first stroke (a 7's bar) and its body."""
    return max(0.0, min(hi, g.x1) - max(lo, g.x0)) / max(min(hi - lo, g.x1 - g.x0), 1e-9)


def small_by(s: np.ndarray, digit: Digit, strokes: list[np.ndarray], height: float, config: Grouping) -> bool:
    if max(float(np.ptp(s[:, 0])), float(np.ptp(s[:, 1]))) > config.small * height:
        return False
    ink = np.concatenate([strokes[i][:, :2] for i in digit.strokes])
    gaps = np.sqrt(((s[:, None, :2] - ink[None]) ** 2).sum(-1)).min()
    return bool(gaps <= config.touch * height)


def ink(digit: Digit, strokes: list[np.ndarray]) -> np.ndarray:
    return np.concatenate([strokes[i][:, :2] for i in digit.strokes])


def crosses(s: np.ndarray, digit: Digit, strokes: list[np.ndarray]) -> bool:
    """Whether the stroke `s` crosses one of the digit's strokes (a bar across a stem)."""
    p, r = s[:-1, :2], np.diff(s[:, :2], axis=0)
    for i in digit.strokes:
        q, u = strokes[i][:-1, :2], np.diff(strokes[i][:, :2], axis=0)
        d = q[None] - p[:, None]
        den = r[:, None, 0] * u[None, :, 1] - r[:, None, 1] * u[None, :, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            a = (d[..., 0] * u[None, :, 1] - d[..., 1] * u[None, :, 0]) / den
            b = (d[..., 0] * r[:, None, 1] - d[..., 1] * r[:, None, 0]) / den
        if np.any((den != 0) & (a >= 0) & (a <= 1) & (b >= 0) & (b <= 1)):
            return True
    return False


def begun_on(
    s: np.ndarray,
    digits: list[Digit],
    current: Digit | None,
    strokes: list[np.ndarray],
    height: float,
    config: Grouping,
) -> Digit | None:
    """The earlier digit a flat stroke went back to (a late 5's hat, a 7's bar): the one it begins by.

    Only a stroke begun left of the digit being written and not over it, whose first point is within
    `begun` of an earlier digit's ink and at most `clear` times as far as any other digit's, and which
    crosses no other digit (a bar is the digit's whose stem it crosses).
    """
    if len(digits) < 2 or float(np.ptp(s[:, 1])) >= config.flat * float(np.ptp(s[:, 0])):
        return None
    if current is not None and (
        float(s[0, 0]) > float(ink(current, strokes)[:, 0].min()) - config.behind * height
        or share(*columns(s, height, config), current) >= config.join
    ):
        return None
    gaps = np.array([float(np.sqrt(((ink(g, strokes) - s[0, :2]) ** 2).sum(-1)).min()) for g in digits])
    best = int(np.argmin(gaps))
    if (
        digits[best] is current
        or gaps[best] > config.begun * height
        or gaps[best] > config.clear * np.delete(gaps, best).min()
        or any(crosses(s, g, strokes) for g in digits if g is not digits[best])
    ):
        return None
    return digits[best]


def after_stick(
    s: np.ndarray, digit: Digit, strokes: list[np.ndarray], height: float, config: Grouping
) -> bool:
    """A big stroke begun right of a digit that is so far one tall thin stroke: a 1, then a new digit."""
    if len(digit.strokes) != 1 or extent(s) <= config.small * height:
        return False
    stick = strokes[digit.strokes[0]]
    tall = float(np.ptp(stick[:, 1]))
    return bool(
        tall >= config.stick_tall * height
        and float(np.ptp(stick[:, 0])) <= config.stick_thin * tall
        and float(s[0, 0]) > float(stick[:, 0].max()) + config.stick_right * height
    )


def ends_on(stick: np.ndarray, before: np.ndarray, height: float, config: Grouping) -> bool:
    """The stroke `before` ends by `stick` (within `reach`) half-way up it, at its own right: a 4's bar."""
    end = before[-1, :2]
    tall = float(np.ptp(stick[:, 1]))
    top = float(stick[:, 1].min())
    gap = float(np.sqrt(((stick[:, :2] - end) ** 2).sum(-1)).min())
    return bool(
        gap <= config.reach * height
        and top + tall / 4 <= float(end[1]) <= top + 3 * tall / 4
        and float(end[0]) >= float(before[:, 0].max()) - config.touch * height
    )


def stem(s: np.ndarray, digit: Digit, strokes: list[np.ndarray], height: float, config: Grouping) -> bool:
    """A tall thin stroke that the digit's last stroke ends on half-way up: a 4's stem after its L."""
    return is_stem(s, strokes[digit.strokes[-1]], height, config)


def is_stem(s: np.ndarray, before: np.ndarray, height: float, config: Grouping) -> bool:
    tall = float(np.ptp(s[:, 1]))
    return (
        tall >= config.stick_tall * height
        and float(np.ptp(s[:, 0])) <= config.stem_thin * tall
        and ends_on(s, before, height, config)
    )


def reaches_foot(strokes: list[np.ndarray], runs: list[list[int]]) -> float:
    """How far down the first run reaches, in the second's (a stick's) heights from its top."""
    stick = strokes[runs[1][0]]
    low = max(float(strokes[i][:, 1].max()) for i in runs[0])
    return (low - float(stick[:, 1].min())) / max(float(np.ptp(stick[:, 1])), 1e-9)


def last_stick(strokes: list[np.ndarray], runs: list[list[int]], height: float, config: Grouping) -> bool:
    """The last run is one tall thin stroke by the right edge of the first (a 1 after its neighbour).

    Not where the first run ends on it half-way up: a 4's bar drawn to its down stroke.
    """
    stick = strokes[runs[1][0]]
    tall = float(np.ptp(stick[:, 1]))
    edge = max(float(strokes[i][:, 0].max()) for i in runs[0])
    end = strokes[runs[0][-1]][-1, :2]
    top = float(stick[:, 1].min())
    gap = float(np.sqrt(((stick[:, :2] - end) ** 2).sum(-1)).min())
    bar = gap <= config.touch * height and top + tall / 4 <= float(end[1]) <= top + 3 * tall / 4
    return bool(
        tall >= config.stick_tall * height
        and float(np.ptp(stick[:, 0])) <= config.stick_thin * tall
        and float(stick[:, 0].mean()) >= edge - config.stick_last * height
        and not bar
    )
