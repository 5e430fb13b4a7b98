"""Mouse paths for each digit (fractions of the canvas), as a child might draw them."""

from __future__ import annotations

import numpy as np

DIGIT_STROKES = {
    0: [
        [
            (0.5, 0.12),
            (0.3, 0.25),
            (0.25, 0.5),
            (0.3, 0.75),
            (0.5, 0.88),
            (0.7, 0.75),
            (0.75, 0.5),
            (0.7, 0.25),
            (0.5, 0.12),
        ]
    ],
    1: [[(0.38, 0.25), (0.52, 0.12), (0.52, 0.88)]],
    2: [[(0.27, 0.3), (0.37, 0.15), (0.55, 0.11), (0.72, 0.2), (0.72, 0.38), (0.26, 0.87), (0.78, 0.87)]],
    3: [[(0.27, 0.15), (0.72, 0.15), (0.46, 0.45), (0.7, 0.58), (0.72, 0.78), (0.52, 0.9), (0.27, 0.84)]],
    4: [[(0.55, 0.12), (0.22, 0.62), (0.8, 0.62)], [(0.62, 0.35), (0.62, 0.9)]],
    5: [
        [
            (0.74, 0.12),
            (0.32, 0.12),
            (0.28, 0.45),
            (0.55, 0.4),
            (0.72, 0.55),
            (0.7, 0.78),
            (0.5, 0.9),
            (0.27, 0.82),
        ]
    ],
    6: [
        [
            (0.68, 0.1),
            (0.42, 0.32),
            (0.29, 0.62),
            (0.38, 0.86),
            (0.6, 0.88),
            (0.72, 0.68),
            (0.56, 0.5),
            (0.32, 0.6),
        ]
    ],
    7: [[(0.22, 0.13), (0.78, 0.13), (0.42, 0.9)]],
    8: [
        [
            (0.5, 0.48),
            (0.3, 0.3),
            (0.5, 0.1),
            (0.7, 0.3),
            (0.5, 0.48),
            (0.27, 0.7),
            (0.5, 0.9),
            (0.73, 0.7),
            (0.5, 0.48),
        ]
    ],
    9: [[(0.7, 0.3), (0.5, 0.12), (0.3, 0.28), (0.48, 0.46), (0.7, 0.3), (0.66, 0.9)]],
}


def render(digit: int, side: int = 560, brush: int = 20) -> np.ndarray:
    """The mouse path drawn as a white RGBA canvas with black ink (what the sketchpad sends)."""
    import cv2

    canvas = np.full((side, side, 4), 255, np.uint8)
    for stroke in DIGIT_STROKES[digit]:
        pts = (np.array(stroke) * side).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(canvas, [pts], False, (0, 0, 0, 255), brush, cv2.LINE_AA)
    return canvas


def pad_value(digit: int, side: int = 560, steps: int = 6) -> dict:
    """The mouse path as the stroke pad sends it: points every few pixels, t in ms."""
    strokes, t = [], 0
    for stroke in DIGIT_STROKES[digit]:
        pts = np.array(stroke) * side
        pairs = zip(pts[:-1], pts[1:], strict=True)
        dense = [pts[0]] + [a + (b - a) * k / steps for a, b in pairs for k in range(1, steps + 1)]
        strokes.append([[float(x), float(y), (t := t + 8)] for x, y in dense])
    return {"width": side, "height": side, "strokes": strokes}
