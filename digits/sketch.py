"""Sketchpad-like canvases from pen trajectories or MNIST digits, for benchmarks and training."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

PAPERS = ("white", "transparent", "coloured")


@dataclass(frozen=True)
class Style:
    """One way a browser sketchpad can hand over a drawing."""

    side: int = 800  # canvas side in pixels (Gradio's default canvas is 800x800)
    paper: str = "white"  # white, transparent or coloured
    paper_rgb: tuple = (255, 255, 255)
    ink_rgb: tuple = (0, 0, 0)
    brush: float = 24.0  # brush diameter in canvas pixels
    height: float = 0.5  # digit height as a fraction of the canvas side
    cx: float = 0.5  # digit centre, as fractions of the canvas side
    cy: float = 0.5


def random_style(rng: np.random.Generator, side: int | None = None) -> Style:
    """A random canvas: size, paper, ink, brush, digit size and place, as children vary them."""
    side = side or int(rng.choice([280, 400, 600, 800, 1000]))
    paper = str(rng.choice(PAPERS))
    paper_rgb = (255, 255, 255)
    if paper == "coloured":
        paper_rgb = tuple(int(v) for v in rng.integers(170, 256, 3))
    ink_rgb = (0, 0, 0) if rng.random() < 0.5 else tuple(int(v) for v in rng.integers(0, 120, 3))
    height = float(rng.uniform(0.2, 0.8))
    # Brush from a hair line to a felt tip: 1.5% to 12% of the digit's height.
    brush = max(1.0, float(rng.uniform(0.015, 0.12)) * height * side)
    margin = height / 2 + 0.02
    cx, cy = (float(rng.uniform(margin, 1 - margin)) for _ in range(2))
    return Style(side, paper, paper_rgb, ink_rgb, brush, height, cx, cy)


def paint(mask: np.ndarray, style: Style) -> np.ndarray:
    """An ink coverage mask (0..1, canvas-sized) as an RGBA uint8 canvas in the given style."""
    a = mask[..., None].astype(np.float32)
    ink = np.array(style.ink_rgb, np.float32)
    if style.paper == "transparent":
        # Gradio keeps transparent pixels black; only the alpha channel says where ink is.
        rgb = np.broadcast_to(ink, mask.shape + (3,)) * (a > 0)
        alpha = a[..., 0] * 255
    else:
        paper = np.array(style.paper_rgb, np.float32)
        rgb = ink * a + paper * (1 - a)
        alpha = np.full(mask.shape, 255.0, np.float32)
    return np.dstack([rgb, alpha]).round().astype(np.uint8)


# ---------------------------------------------------------------- pen trajectories


@dataclass(frozen=True)
class PenDigits:
    """Pen-drawn digits: a list of strokes (each an (n, 2) array in mm) per digit."""

    strokes: list
    labels: np.ndarray
    writers: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)


def load_pen_digits(path: str | Path) -> PenDigits:
    """The pen-digits .npz (trajectories) as strokes grouped per digit."""
    with np.load(path) as f:
        points, stroke_len, n_strokes = f["points"], f["stroke_len"], f["n_strokes"]
        labels, writers = f["labels"].astype(np.int64), f["writers"]
    strokes = np.split(points, np.cumsum(stroke_len)[:-1])
    bounds = np.cumsum(n_strokes)[:-1]
    per_digit = [list(g) for g in np.split(np.array(strokes, dtype=object), bounds)]
    return PenDigits(per_digit, labels, writers)


def writer_split(writers: np.ndarray, holdout: float = 0.2, seed: int = 0) -> np.ndarray:
    """A boolean mask of digits whose writers are held out (whole writers, never split)."""
    names = np.unique(writers)
    held = np.random.default_rng(seed).permutation(names)[: int(round(holdout * len(names)))]
    return np.isin(writers, held)


def draw_strokes(strokes: list, style: Style, offset_x: float = 0.0) -> np.ndarray:
    """Pen strokes (mm) drawn as a brush would: a float ink mask on the style's canvas."""
    pts = np.concatenate(strokes)
    lo, hi = pts.min(0), pts.max(0)
    extent = max(float(hi[1] - lo[1]), 1e-3)
    scale = style.height * style.side / extent
    centre = np.array([style.cx + offset_x, style.cy]) * style.side
    mask = np.zeros((style.side, style.side), np.uint8)
    shift = 4  # sub-pixel precision for cv2 drawing
    for stroke in strokes:
        xy = ((stroke - (lo + hi) / 2) * scale + centre) * (1 << shift)
        xy = xy.round().astype(np.int32).reshape(-1, 1, 2)
        thickness = max(1, int(round(style.brush)))
        if len(xy) == 1:
            cv2.circle(mask, tuple(xy[0, 0]), thickness << shift >> 1, 255, -1, cv2.LINE_AA, shift)
        cv2.polylines(mask, [xy], False, 255, thickness, cv2.LINE_AA, shift)
    return mask.astype(np.float32) / 255.0


def pen_canvas(strokes: list, style: Style) -> np.ndarray:
    """One pen-drawn digit as an RGBA sketchpad canvas."""
    return paint(draw_strokes(strokes, style), style)


# ---------------------------------------------------------------- MNIST digits


def place_digit(digit: np.ndarray, style: Style, offset_x: float = 0.0) -> np.ndarray:
    """A 28x28 MNIST digit as a float ink mask on the canvas, at the style's size and brush."""
    side = style.side
    ys, xs = np.nonzero(digit > 0.2)
    crop = digit[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.float32)
    target_h = style.height * side
    s = target_h / crop.shape[0]
    w = max(1, round(crop.shape[1] * s))
    h = max(1, round(target_h))
    big = cv2.resize(crop, (w, h), interpolation=cv2.INTER_CUBIC)
    big = np.clip(big, 0, 1)
    # MNIST strokes are about 1/7 of the digit's height; move them towards the style's brush.
    natural = 0.15 * target_h
    k = int(round(abs(style.brush - natural) / 2)) * 2 + 1
    if k > 2:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
        op = cv2.dilate if style.brush > natural else cv2.erode
        thinned = op(big, kernel)
        if thinned.max() > 0.3:
            big = thinned
    big = (big > 0.5).astype(np.float32)
    big = cv2.GaussianBlur(big, (3, 3), 0)  # anti-aliased edges, as a browser draws them
    mask = np.zeros((side, side), np.float32)
    top = int(round(style.cy * side - h / 2))
    left = int(round((style.cx + offset_x) * side - w / 2))
    y0, x0 = max(top, 0), max(left, 0)
    y1, x1 = min(top + h, side), min(left + w, side)
    mask[y0:y1, x0:x1] = np.maximum(mask[y0:y1, x0:x1], big[y0 - top : y1 - top, x0 - left : x1 - left])
    return mask


def mnist_canvas(digit: np.ndarray, style: Style) -> np.ndarray:
    """One MNIST digit as an RGBA sketchpad canvas."""
    return paint(place_digit(digit, style), style)


def number_canvas(masks_of: list, style: Style, rng: np.random.Generator) -> np.ndarray:
    """Several digits side by side, each drawn by masks_of[i](style, offset) -> ink mask."""
    n = len(masks_of)
    width = style.height * 0.8  # a digit is roughly 0.8 of its height wide, with its gap
    start = 0.5 - (n - 1) * width / 2
    mask = np.zeros((style.side, style.side), np.float32)
    for i, draw in enumerate(masks_of):
        jitter = float(rng.uniform(-0.05, 0.05)) * style.height
        mask = np.maximum(mask, draw(style, start - style.cx + i * width + jitter))
    return paint(mask, style)


def naive_28(canvas: np.ndarray) -> np.ndarray:
    """What a typical digit app does: the whole canvas, grey, inverted, resized to 28x28."""
    rgba = canvas.astype(np.float32) / 255.0
    a = rgba[..., 3:4]
    grey = (rgba[..., :3] * a + (1 - a)).mean(axis=-1)
    return cv2.resize(1.0 - grey, (28, 28), interpolation=cv2.INTER_AREA)
