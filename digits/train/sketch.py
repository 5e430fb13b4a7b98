"""Sketchpad-like canvases from pen trajectories or MNIST digits, for benchmarks and training."""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from digits.read.preprocess import stroke_width
from digits.read.strokes import draw as draw_polylines

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


def draw_strokes(strokes: list, style: Style, offset_x: float = 0.0) -> np.ndarray:
    """Pen strokes (mm) drawn as a brush would: a float ink mask on the style's canvas."""
    pts = np.concatenate(strokes)
    lo, hi = pts.min(0), pts.max(0)
    extent = max(float(hi[1] - lo[1]), 1e-3)
    scale = style.height * style.side / extent
    centre = np.array([style.cx + offset_x, style.cy]) * style.side
    placed = [(stroke - (lo + hi) / 2) * scale + centre for stroke in strokes]
    mask = draw_polylines(placed, (style.side, style.side), style.brush)
    return mask.astype(np.float32) / 255.0


def pen_canvas(strokes: list, style: Style) -> np.ndarray:
    """One pen-drawn digit as an RGBA sketchpad canvas."""
    return paint(draw_strokes(strokes, style), style)


# ---------------------------------------------------------------- MNIST digits


def skeleton(binary: np.ndarray) -> np.ndarray:
    """Zhang-Suen thinning: the one-pixel-wide centre lines of a 0/1 mask."""
    img = (binary > 0).astype(np.uint8)
    while True:
        changed = False
        for step in (0, 1):
            p = np.pad(img, 1)
            n = [
                p[:-2, 1:-1],
                p[:-2, 2:],
                p[1:-1, 2:],
                p[2:, 2:],
                p[2:, 1:-1],
                p[2:, :-2],
                p[1:-1, :-2],
                p[:-2, :-2],
            ]
            count = sum(x.astype(np.int32) for x in n)
            ring = n + [n[0]]
            transitions = sum(((ring[i] == 0) & (ring[i + 1] == 1)).astype(np.int32) for i in range(8))
            p2, p4, p6, p8 = n[0], n[2], n[4], n[6]
            if step == 0:
                side = (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
            else:
                side = (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
            remove = (img == 1) & (count >= 2) & (count <= 6) & (transitions == 1) & side
            if remove.any():
                img[remove] = 0
                changed = True
        if not changed:
            return img


def place_digit(digit: np.ndarray, style: Style, offset_x: float = 0.0) -> np.ndarray:
    """A 28x28 MNIST digit redrawn with the style's brush, as a float ink mask on the canvas.

    The digit is thinned to its centre lines and each line is drawn again with a round brush,
    which is what a sketchpad does with a finger or a mouse. Where the digit is inked more
    thickly than the brush (a filled loop), its shape is kept, eroded to the brush: a thinner
    pen draws the same digit, it does not turn a filled 6 into a 1.
    """
    side = style.side
    big = cv2.resize(digit.reshape(28, 28).astype(np.float32), (56, 56), interpolation=cv2.INTER_LINEAR)
    shape = (big > 0.3).astype(np.uint8)
    lines = skeleton(shape)
    ys, xs = np.nonzero(lines)
    if len(ys) == 0:
        return np.zeros((side, side), np.float32)
    y0, x0 = ys.min(), xs.min()
    extent = max(ys.max() - y0, 1)
    s = style.height * side / extent
    origin = np.array(
        [(style.cx + offset_x) * side - (xs.max() - x0) * s / 2, style.cy * side - extent * s / 2]
    )
    mask = np.zeros((side, side), np.uint8)
    shift = 4
    thickness = max(1, int(round(style.brush)))
    points = ((np.stack([xs - x0, ys - y0], 1) * s + origin) * (1 << shift)).round().astype(np.int32)
    index = np.full(lines.shape, -1, np.int64)
    index[ys, xs] = np.arange(len(ys))
    padded = np.pad(index, 1, constant_values=-1)
    segments = []
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        other = padded[1 + ys + dy, 1 + xs + dx]
        has = other >= 0
        segments += list(np.stack([points[has], points[other[has]]], 1))
    segments = segments or [np.stack([points[0], points[0]])]
    cv2.polylines(mask, segments, False, 255, thickness, cv2.LINE_AA, shift)
    natural = stroke_width(shape) * s
    if natural - style.brush >= 3:
        to_canvas = np.array([[s, 0, origin[0] - x0 * s], [0, s, origin[1] - y0 * s]], np.float32)
        filled = cv2.warpAffine(shape.astype(np.float32), to_canvas, (side, side), flags=cv2.INTER_LINEAR)
        k = int(natural - style.brush) | 1
        kept = cv2.erode(
            (filled > 0.5).astype(np.uint8) * 255, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
        )
        mask = cv2.max(mask, kept)
    return mask.astype(np.float32) / 255.0


def mnist_canvas(digit: np.ndarray, style: Style) -> np.ndarray:
    """One MNIST digit as an RGBA sketchpad canvas."""
    return paint(place_digit(digit, style), style)


def fit_number(style: Style, k: int) -> Style:
    """The style with its digits shrunk (brush too) so k of them fit side by side, centred."""
    height = min(style.height, 0.9 / (0.8 * k))
    return replace(style, height=height, brush=style.brush * height / style.height, cx=0.5)


def _shrunk(piece: np.ndarray, f: float, side: int) -> np.ndarray:
    """A digit's column strip scaled by f, re-centred in a strip of full canvas height."""
    small = cv2.resize(piece, (max(1, int(piece.shape[1] * f)), max(1, int(side * f))))
    top = (side - small.shape[0]) // 2
    return np.pad(small, ((top, side - small.shape[0] - top), (0, 0)))


def number_canvas(masks_of: list, style: Style, rng: np.random.Generator) -> np.ndarray:
    """Several digits side by side, each drawn by masks_of[i](style, offset) -> ink mask.

    Digits are laid out by their own widths with a hand-written gap, so they rarely touch.
    """
    side = style.side
    pieces = []
    for draw in masks_of:
        m = draw(style, 0.0)
        cols = np.flatnonzero(m.max(axis=0) > 0)
        pieces.append(m[:, cols.min() : cols.max() + 1] if len(cols) else m[:, :1])
    gaps = [int(rng.uniform(0.1, 0.35) * style.height * side) for _ in pieces[1:]]
    total = sum(p.shape[1] for p in pieces) + sum(gaps)
    if total > 0.94 * side:  # too wide for the canvas: write the whole number smaller
        f = 0.94 * side / total
        pieces = [_shrunk(p, f, side) for p in pieces]
        gaps = [int(g * f) for g in gaps]
        total = sum(p.shape[1] for p in pieces) + sum(gaps)
    x = int(round(style.cx * side - total / 2))
    mask = np.zeros((side, side), np.float32)
    for i, piece in enumerate(pieces):
        dy = int(rng.uniform(-0.05, 0.05) * style.height * side)
        piece = np.roll(piece, dy, axis=0)
        x0, x1 = max(x, 0), min(x + piece.shape[1], side)
        if x1 > x0:
            mask[:, x0:x1] = np.maximum(mask[:, x0:x1], piece[:, x0 - x : x1 - x])
        x += piece.shape[1] + (gaps[i] if i < len(gaps) else 0)
    return paint(mask, style)


def naive_28(canvas: np.ndarray) -> np.ndarray:
    """What a typical digit app does: the whole canvas, grey, inverted, resized to 28x28."""
    rgba = canvas.astype(np.float32) / 255.0
    a = rgba[..., 3:4]
    grey = (rgba[..., :3] * a + (1 - a)).mean(axis=-1)
    return cv2.resize(1.0 - grey, (28, 28), interpolation=cv2.INTER_AREA)
