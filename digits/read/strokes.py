"""Strokes to ink: the one renderer for the pad, the pen data, training and the benchmarks.

A pad value is `{"width": W, "height": H, "strokes": [[[x, y, t], ...], ...]}` in canvas pixels,
y down, t (optional) in ms since the first point.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from digits.limits import PAD_POINTS, PAD_SIDE, PAD_STROKES, quote
from digits.read.dot import too_small
from digits.read.preprocess import BadImage, frame

MAX_SIDE, MAX_STROKES, MAX_POINTS = PAD_SIDE, PAD_STROKES, PAD_POINTS  # digits/limits.py says why
DIGIT_PX = 80  # a digit's height at the working size: frame() works at 4 x its 20-pixel box
STROKE = 0.08  # stroke width as a share of the digit's height: mid-way in the pen training's 1.5-12%
MAX_WORK = 1_600  # longest side of the working canvas, however wide a number is drawn
SHIFT = 4  # sub-pixel bits for OpenCV drawing


class BadStrokes(BadImage):
    """A pad value we cannot read; the message is one plain line."""


def draw(strokes: list, shape: tuple[int, int], width: float) -> np.ndarray:
    """Strokes (each an (n, 2+) array in this canvas's pixels) as a uint8 ink mask, round-capped."""
    mask = np.zeros(shape, np.uint8)
    thickness = max(1, int(round(width)))
    for stroke in strokes:
        xy = (np.asarray(stroke, np.float64)[:, :2] * (1 << SHIFT)).round().astype(np.int32).reshape(-1, 1, 2)
        if len(xy) == 1:  # a tap: a dot as wide as the brush
            cv2.circle(
                mask, tuple(int(v) for v in xy[0, 0]), thickness << SHIFT >> 1, 255, -1, cv2.LINE_AA, SHIFT
            )
        else:
            cv2.polylines(mask, [xy], False, 255, thickness, cv2.LINE_AA, SHIFT)
    return mask


def parse(value, times: bool = False) -> tuple[float, float, list[np.ndarray]]:
    """A pad value checked and as (width, height, strokes as float arrays); BadStrokes if malformed.

    Each stroke is an (n, 2) array of x, y, or with `times` (n, 3) of x, y, t (t 0 where not sent).
    """
    if not isinstance(value, dict):
        raise BadStrokes(
            f"Send the pad's value: a dict with width, height and strokes, not {type(value).__name__}."
        )
    width, height = (_size(value.get(k), k) for k in ("width", "height"))
    strokes = value.get("strokes", [])
    if not isinstance(strokes, list):
        raise BadStrokes("strokes must be a list of strokes, each a list of [x, y] or [x, y, t] points.")
    if len(strokes) > MAX_STROKES:
        raise BadStrokes(f"Too many strokes ({len(strokes)}): at most {MAX_STROKES}.")
    if any(not isinstance(s, list) for s in strokes):
        raise BadStrokes("Each stroke must be a list of [x, y] or [x, y, t] points.")
    total = sum(len(s) for s in strokes)
    if total > MAX_POINTS:
        raise BadStrokes(f"Too many points ({total}): at most {MAX_POINTS}.")
    arrays = [_points(s, times) for s in strokes if s]
    return width, height, arrays


def _size(v, key: str) -> float:
    # The range before isfinite: math.isfinite(10**400) raises OverflowError, a comparison never does.
    if (
        isinstance(v, bool)
        or not isinstance(v, (int, float))
        or not 0 < v <= MAX_SIDE
        or not math.isfinite(v)
    ):
        raise BadStrokes(f"{key} must be a number of pixels between 1 and {MAX_SIDE} (got {quote(v)}).")
    return float(v)


def _points(stroke: list, times: bool) -> np.ndarray:
    try:
        a = np.array(stroke, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer past float's 1.8e308
        raise BadStrokes("Each point must be [x, y] or [x, y, t] numbers.") from None
    if a.ndim != 2 or a.shape[1] not in (2, 3):
        raise BadStrokes("Each point must be [x, y] or [x, y, t] numbers.")
    if not np.isfinite(a).all() or np.abs(a[:, :2]).max() > 10 * MAX_SIDE:
        raise BadStrokes("The strokes hold NaN, infinite or far-off coordinates.")
    if not times:
        return a[:, :2]
    return a if a.shape[1] == 3 else np.column_stack([a, np.zeros(len(a))])


def mask(value) -> np.ndarray | None:
    """A pad value as a float32 ink mask (0..1) at a small working size; None if nothing drawn.

    The drawing is cut to its box and scaled so a digit is DIGIT_PX high, and the stroke width
    follows the digit's height: the same mask whatever the pad's size or brush.
    """
    return mask_of(*parse(value))


def mask_of(width: float, height: float, strokes: list[np.ndarray]) -> np.ndarray | None:
    """`mask` of a value already parsed (its strokes' first two columns are x and y)."""
    if not strokes:
        return None
    strokes = [s[:, :2] for s in strokes]
    pts = np.concatenate(strokes)
    pts = np.clip(pts, 0, [width, height])
    lo, hi = pts.min(0), pts.max(0)
    w, h = hi - lo
    # A number is wider than tall, a 1 thin, a dash flat: its height is the digit's size, within reason.
    size = max(float(h), float(w) / 4, 0.01 * max(width, height), 1e-6)
    scale = DIGIT_PX / size
    if max(w, h) * scale > MAX_WORK:
        scale = MAX_WORK / max(w, h)
    brush = STROKE * size * scale
    margin = brush + 2
    shape = (int(math.ceil(h * scale + 2 * margin)), int(math.ceil(w * scale + 2 * margin)))
    placed = [(np.clip(s, 0, [width, height]) - lo) * scale + margin for s in strokes]
    return draw(placed, shape, brush).astype(np.float32) * np.float32(1 / 255)


def only_a_dot(value) -> bool:
    """A pad value with ink, all of it a tap or a fingertip's wiggle for this pad (dot.DOT_SHARE)."""
    return only_a_dot_of(*parse(value))


def only_a_dot_of(width: float, height: float, strokes: list[np.ndarray]) -> bool:
    """`only_a_dot` of a value already parsed (its strokes' first two columns are x and y)."""
    if not strokes:
        return False
    pts = np.clip(np.concatenate([s[:, :2] for s in strokes]), 0, [width, height])
    return too_small(float((pts.max(0) - pts.min(0)).max()), min(width, height))


def picture(value) -> np.ndarray | None:
    """A pad value as the 28x28 input the reader sees for all its strokes as one digit; None if none.

    Only a dot has no picture either: the reader never reads one as a digit.
    """
    parsed = parse(value)
    if only_a_dot_of(*parsed):
        return None
    ink = mask_of(*parsed)
    return None if ink is None else frame(ink)


def pen_value(strokes_mm: list, side: int = 560, height: float = 0.5, dt: float = 8.0) -> dict:
    """Pen strokes (mm, y down) as a pad value: centred on a side x side pad, the digit `height` of it.

    Each point is stamped dt ms after the one before (the pen data carry no times).
    """
    pts = np.concatenate(strokes_mm)
    lo, hi = pts.min(0), pts.max(0)
    scale = height * side / max(float(hi[1] - lo[1]), float(hi[0] - lo[0]) / 1.5, 1e-3)
    centre = np.array([side / 2, side / 2])
    out, t = [], 0.0
    for stroke in strokes_mm:
        xy = (np.asarray(stroke, np.float64) - (lo + hi) / 2) * scale + centre
        times = t + dt * np.arange(len(xy))
        t = float(times[-1]) + 4 * dt  # the pen lifts and moves
        out.append(
            [
                [round(float(x), 1), round(float(y), 1), round(float(s))]
                for (x, y), s in zip(xy, times, strict=True)
            ]
        )
    return {"width": side, "height": side, "strokes": out}


def number_value(digits_mm: list, side: int = 560, gap: float = 0.25) -> dict:
    """Several pen digits (each a list of mm strokes) written left to right on one pad."""
    values = [pen_value(s, side=side, height=0.8 / max(1.0, 0.8 * len(digits_mm))) for s in digits_mm]
    boxes = [np.concatenate([np.array(s)[:, :2] for s in v["strokes"]]) for v in values]
    widths = [b[:, 0].max() - b[:, 0].min() for b in boxes]
    step_gap = gap * 0.8 * side / max(1.0, 0.8 * len(digits_mm))
    total = sum(widths) + step_gap * (len(values) - 1)
    x, t0 = (side - total) / 2, 0.0
    strokes = []
    for v, b, w in zip(values, boxes, widths, strict=True):
        dx = x - b[:, 0].min()
        strokes += [[[p[0] + dx, p[1], p[2] + t0] for p in s] for s in v["strokes"]]
        x, t0 = x + w + step_gap, strokes[-1][-1][2] + 300

    return {"width": side, "height": side, "strokes": strokes}
