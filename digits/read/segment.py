"""A number's ink mask cut into one mask per digit, left to right, each then framed by preprocess.frame."""

from __future__ import annotations

import cv2
import numpy as np

from digits.read.preprocess import DEFAULT, Framing


def split(mask: np.ndarray, framing: Framing = DEFAULT, cut: bool = True) -> list[np.ndarray]:
    """Cut a mask into one mask per digit, left to right (pieces of one digit kept together).

    With cut=False, blobs wide enough to be touching digits stay whole (see cut_touching).
    """
    binary = (mask > framing.ink_threshold).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if n <= 1:
        return []
    comps = [
        (int(s[0]), int(s[0] + s[2]), int(s[1]), int(s[1] + s[3]), int(s[4]), i + 1)
        for i, s in enumerate(stats[1:])
    ]
    biggest = max(c[4] for c in comps)
    tallest = max(c[3] - c[2] for c in comps)
    # Specks (a stray touch of the pen, a broken-off bit of a stroke) are not digits.
    comps = [c for c in comps if c[4] >= 0.1 * biggest or max(c[1] - c[0], c[3] - c[2]) >= 0.3 * tallest]
    groups: list[list] = []  # [x0, x1, [labels], y0, y1]
    for x0, x1, y0, y1, _, label in sorted(comps):
        for g in groups:
            overlap = min(x1, g[1]) - max(x0, g[0])
            short, tall = sorted((y1 - y0, g[4] - g[3]))
            # Much overlap, or a short piece touching a tall one's columns (a 4 or 5 in two strokes).
            if overlap > 0.4 * min(x1 - x0, g[1] - g[0]) or (overlap > 0 and short < 0.6 * tall):
                g[0], g[1], g[3], g[4] = min(x0, g[0]), max(x1, g[1]), min(y0, g[3]), max(y1, g[4])
                g[2].append(label)
                break
        else:
            groups.append([x0, x1, [label], y0, y1])
    groups.sort(key=lambda g: g[0])
    pieces = [np.where(np.isin(labels, g[2]), mask, 0.0).astype(np.float32) for g in groups]
    return [part for piece in pieces for part in cut_touching(piece, framing)] if cut else pieces


def cut_touching(piece: np.ndarray, framing: Framing = DEFAULT, depth: int = 0) -> list[np.ndarray]:
    """Cut a blob much wider than tall (digits that touch) where a column holds the least ink."""
    rows = np.flatnonzero(piece.max(axis=1) > framing.ink_threshold)
    cols = np.flatnonzero(piece.max(axis=0) > framing.ink_threshold)
    if len(rows) == 0:
        return []  # a cut can leave one side with only faint edge pixels
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    if width <= framing.touching_ratio * height or depth > 4:
        return [piece]
    ink = (piece[:, cols[0] : cols[-1] + 1] > framing.ink_threshold).sum(axis=0).astype(np.float32)
    lo, hi = int(0.25 * width), int(0.75 * width)
    # Little ink, near the middle: a ring's hollow also has little ink but sits off-centre.
    cost = ink / max(float(ink.max()), 1.0) + 0.8 * np.abs(np.arange(width) - width / 2) / (width / 2)
    cut = cols[0] + lo + int(np.argmin(cost[lo:hi]))
    left, right = piece.copy(), piece.copy()
    left[:, cut:] = 0
    right[:, :cut] = 0
    return cut_touching(left, framing, depth + 1) + cut_touching(right, framing, depth + 1)
