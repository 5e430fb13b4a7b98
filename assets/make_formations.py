"""How assets/formations.json was drawn: each model digit from lines, arcs and curves, resampled evenly.

Run `python assets/make_formations.py` to write the JSON again after changing a shape. Coordinates
are in a unit box, x right and y down; digits stand from y=0.1 to y=0.9. Angles are in degrees with
y up (as on a clock face seen on screen): going from 90 to 180 goes anticlockwise, over to the left.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

SPACING = 0.025  # between points along a stroke: smooth curves, a small file


def arc(cx, cy, rx, ry, a0, a1, n=60):
    a = np.radians(np.linspace(a0, a1, n))
    return np.stack([cx + rx * np.cos(a), cy - ry * np.sin(a)], 1)


def line(*points):
    return np.array(points, float)


def bezier(p0, p1, p2, p3, n=40):
    t = np.linspace(0, 1, n)[:, None]
    p0, p1, p2, p3 = (np.array(p, float) for p in (p0, p1, p2, p3))
    return (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3


def stroke(*pieces):
    """Pieces joined end to start, resampled evenly by arc length (corners are kept)."""
    pts = np.concatenate(pieces)
    keep = np.r_[True, np.linalg.norm(np.diff(pts, axis=0), axis=1) > 1e-6]
    pts = pts[keep]
    # Corners (where the direction turns sharply) are kept exactly; the rest is resampled.
    seg = np.diff(pts, axis=0)
    ang = np.arctan2(seg[:, 1], seg[:, 0])
    turn = np.abs((np.diff(ang) + np.pi) % (2 * np.pi) - np.pi)
    corners = [0, *(np.flatnonzero(turn > np.radians(35)) + 1), len(pts) - 1]
    out = []
    for a, b in zip(corners[:-1], corners[1:], strict=True):
        part = pts[a : b + 1]
        s = np.r_[0, np.cumsum(np.linalg.norm(np.diff(part, axis=0), axis=1))]
        n = max(2, int(np.ceil(s[-1] / SPACING)) + 1)
        t = np.linspace(0, s[-1], n)
        res = np.stack([np.interp(t, s, part[:, 0]), np.interp(t, s, part[:, 1])], 1)
        out.append(res if not out else res[1:])
    return [[round(float(x), 3), round(float(y), 3)] for x, y in np.concatenate(out)]


def eight():
    """One stroke: from the top, left and down, across the middle, round the bottom, back up."""
    t = np.linspace(0, 2 * np.pi, 200)
    y = -np.cos(t)
    # sin(t)|cos(t)^0.7| is widest about halfway up each loop: round loops, crossing in an X.
    x = -np.sin(t) * np.abs(np.cos(t)) ** 0.7 * np.sign(np.cos(t)) * np.where(y < 0, 0.23, 0.28)
    return np.stack([0.5 + x, np.where(y < 0, 0.48 + 0.38 * y, 0.48 + 0.42 * y)], 1)


def nine_head():
    return arc(0.49, 0.3, 0.2, 0.2, 5, 372, 90)


SHAPES = {
    "0": {
        "oval": {
            "strokes": [stroke(arc(0.5, 0.5, 0.25, 0.4, 95, 95 + 362, 120))],
            "names": ["the round"],
            "steps": "Start at the top, go round to the left, all the way back to the top.",
        }
    },
    "1": {
        "plain": {
            "strokes": [stroke(line((0.5, 0.1), (0.5, 0.9)))],
            "names": ["the down stroke"],
            "steps": "Start at the top and go straight down.",
        },
        "flag": {
            "strokes": [stroke(line((0.33, 0.3), (0.52, 0.1), (0.52, 0.9)))],
            "names": ["the flag and down stroke"],
            "steps": "Start with a little flag, go up to the top, then straight down.",
        },
    },
    "2": {
        "curved": {
            "strokes": [
                stroke(
                    arc(0.5, 0.32, 0.23, 0.22, 165, -25),
                    bezier((0.708, 0.413), (0.65, 0.58), (0.42, 0.74), (0.26, 0.9)),
                    line((0.26, 0.9), (0.77, 0.9)),
                )
            ],
            "names": ["the curve and line"],
            "steps": "Start at the top left, go up and round, slide down to the left, then along the bottom.",
        }
    },
    "3": {
        "round": {
            "strokes": [
                stroke(
                    arc(0.5, 0.285, 0.21, 0.185, 155, -100),
                    arc(0.5, 0.69, 0.24, 0.21, 100, -155),
                )
            ],
            "names": ["the two bumps"],
            "steps": "Start at the top left, go round to the middle, then round again to the bottom.",
        }
    },
    "4": {
        "open": {
            "strokes": [
                stroke(line((0.34, 0.1), (0.28, 0.62), (0.79, 0.62))),
                stroke(line((0.64, 0.1), (0.64, 0.9))),
            ],
            "names": ["the down-and-across stroke", "the long down stroke"],
            "steps": "Go down, then across. Lift your pencil, and draw the long line down.",
        },
        "closed": {
            "strokes": [
                stroke(line((0.62, 0.1), (0.24, 0.64), (0.79, 0.64))),
                stroke(line((0.62, 0.1), (0.62, 0.9))),
            ],
            "names": ["the slope-and-across stroke", "the long down stroke"],
            "steps": "Slide down to the left, then across. Lift your pencil, and draw the long line down.",
        },
    },
    "5": {
        "hat last": {
            "strokes": [
                stroke(line((0.33, 0.1), (0.31, 0.47)), arc(0.49, 0.64, 0.24, 0.25, 135, -145)),
                stroke(line((0.33, 0.1), (0.74, 0.1))),
            ],
            "names": ["the down stroke", "the hat"],
            "steps": "Go down, round the big tummy, then lift your pencil and put on the hat.",
        }
    },
    "6": {
        "curl": {
            "strokes": [
                stroke(
                    bezier((0.7, 0.1), (0.45, 0.18), (0.27, 0.42), (0.27, 0.66)),
                    arc(0.5, 0.66, 0.23, 0.23, 180, 505),
                )
            ],
            "names": ["the curve and loop"],
            "steps": "Start at the top right, curve down to the bottom, and round into a loop.",
        }
    },
    "7": {
        "plain": {
            "strokes": [stroke(line((0.25, 0.1), (0.76, 0.1), (0.43, 0.9)))],
            "names": ["the line across and down"],
            "steps": "Start at the top left, go across, then slide down.",
        },
        "crossed": {
            "strokes": [
                stroke(line((0.25, 0.1), (0.76, 0.1), (0.43, 0.9))),
                stroke(line((0.44, 0.5), (0.74, 0.5))),
            ],
            "names": ["the line across and down", "the cross bar"],
            "steps": "Go across the top and slide down. Lift your pencil and cross it in the middle.",
        },
    },
    "8": {
        "one stroke": {
            "strokes": [stroke(eight())],
            "names": ["the S and back up"],
            "steps": "Start at the top, make an S, then go back up to the top.",
        }
    },
    "9": {
        "straight": {
            "strokes": [stroke(nine_head(), line((0.69, 0.27), (0.69, 0.9)))],
            "names": ["the round and down stroke"],
            "steps": "Start at the top right, go round to the left, then straight down.",
        },
        "curved": {
            "strokes": [
                stroke(
                    nine_head(),
                    line((0.69, 0.27), (0.69, 0.7)),
                    bezier((0.69, 0.7), (0.69, 0.86), (0.55, 0.92), (0.38, 0.86)),
                )
            ],
            "names": ["the round and curly tail"],
            "steps": "Start at the top right, go round to the left, then down and curl at the bottom.",
        },
    },
}


def main() -> None:
    doc = {
        "about": "Model digits for teaching formation: strokes in writing order, points in pen order, "
        "in a unit box (x right, y down; digits stand from y=0.1 to y=0.9). Drawn by "
        "assets/make_formations.py.",
        "digits": SHAPES,
    }
    path = Path(__file__).with_name("formations.json")
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    # One line per stroke: readable, and a diff shows which stroke changed.
    text = re.sub(r"\[\s*(-?[\d.]+),\s*(-?[\d.]+)\s*\]", r"[\1,\2]", text)
    text = re.sub(r"\[\s*((?:\[[^\[\]]*\],?\s*)+)\]", lambda m: "[" + re.sub(r"\s+", "", m[1]) + "]", text)
    path.write_text(text + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
