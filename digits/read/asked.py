"""What a drawing asks the networks: every 28x28 input and pen trajectory of one read, as plain arrays.

All of a read's work before its first forward pass (strokes parsed, drawn, cut and framed, the pen's
features) needs no model. Apart from the networks, a server can run it in other processes
(serve/preparers.py) while one process holds the networks and batches their passes: with 200
children on 2 cores, that work, not the networks, filled the server's one interpreter lock.
Recognizer.answer reads an `Asked`; `ask_strokes(value)` then `answer` is the one reading path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from digits.read import dot, stroke_order, strokes, trajectory
from digits.read.preprocess import frame
from digits.read.segment import cut_touching, split


@dataclass
class Asked:
    """One read's questions: its inputs, laid out as the plans that will weigh their answers.

    `plans`: per plan, its pieces left to right, each (its options' framed digits, the cut's margin).
    `pen`: per plan, per piece, its digits' strokes in pen order (options flattened), or None where
    the pen does not read; `features` are those digits' trajectories, in the same order.
    """

    status: str = "read"  # "read"; "nothing" (no ink); "dot" (only a tap): then nothing is asked
    whole_asked: bool = False
    whole: np.ndarray | None = None  # all the ink framed as one digit (None: not a digit)
    plans: list = field(default_factory=list)
    pen: list = field(default_factory=list)
    features: np.ndarray | None = None

    def inputs(self) -> np.ndarray | None:
        """Every framed input, in the order the answers are taken: the whole, then each plan's digits."""
        framed = [self.whole] if self.whole is not None else []
        framed += [f for plan in self.plans for piece, _ in plan for option in piece for f in option]
        return np.stack(framed) if framed else None


def ask(mask: np.ndarray | None, plans: list, pens: list | None = None, pen: bool = True) -> Asked:
    """`mask` (if given) as one digit and each plan's digits, framed; with `pen`, the pens' trajectories.

    A plan is the number's pieces left to right, each its options (masks read as its digits) and the
    margin by which a cut must be read more surely than the whole. `pens` (one per plan, None for none)
    gives the same digits as strokes for the pen reader (stroke_order.pen_options).
    """
    framer = _Framer()
    framed = [
        [
            ([[f for f in (framer(m) for m in option) if f is not None] for option in o], margin)
            for o, margin in plan
        ]
        for plan in plans
    ]
    layout = []  # per plan, per piece: its digits' strokes, options flattened, or None
    for plan, given in zip(framed, pens or [None] * len(framed), strict=True):
        given = given if pen and given is not None else [None] * len(plan)
        # A piece is read by the pen only if each of its framed digits has its strokes (all its
        # options, so the whole and the cut are weighed alike).
        layout.append(
            [
                sum(g, []) if g is not None and [len(o) for o in piece] == [len(o) for o in g] else None
                for (piece, _), g in zip(plan, given, strict=True)
            ]
        )
    digits = [d for plan in layout for got in plan for d in got or []]
    features = np.stack([trajectory.features(d) for d in digits]) if digits else None
    whole = framer(mask) if mask is not None else None
    return Asked("read", mask is not None, whole, framed, layout, features)


def ask_strokes(value, whole: bool = True, pen: bool = True) -> Asked:
    """A pad value's questions: its whole ink (if `whole`), its digits cut by the pen and by the picture."""
    parsed = strokes.parse(value, times=True)  # once: a value's points were parsed 3 times a read
    if strokes.only_a_dot_of(*parsed):  # a tap or a fingertip's wiggle: neither a digit nor a number
        return Asked("dot")
    mask = strokes.mask_of(*parsed)
    if mask is None:
        return Asked("nothing")
    plan, pens = stroke_order.pen_options_of(*parsed)
    return ask(mask if whole else None, [plan, by_picture(mask)], [pens, None], pen)


def ask_image(mask: np.ndarray | None, whole: bool = True, number: bool = True, page: bool = True) -> Asked:
    """An ink mask's questions: all of it as one digit and/or its digits cut by the picture.

    `page`: the mask is the whole picture (an image's), so ink small for it is only a dot.
    """
    if mask is None:
        return Asked("nothing")
    if page and dot.image_dot(mask):
        return Asked("dot")
    return ask(mask if whole else None, [by_picture(mask)] if number else [])


def by_picture(mask: np.ndarray) -> list[tuple[list[list[np.ndarray]], float]]:
    """The number's connected pieces left to right, each whole and, if wide enough to be two, cut."""
    pieces = []
    for piece in split(mask, cut=False):
        parts = cut_touching(piece)
        pieces.append(([[piece], parts] if len(parts) > 1 else [[piece]], 0.0))
    return pieces


class _Framer:
    """`frame`, each distinct mask of one read framed once (the same mask, the same picture).

    One stroke's whole ink, its pen cut and its picture cut are the same mask: a held-out pen digit
    asks for 3.6 frames, 2.6 of them distinct, at ~0.2 ms of CPU each.
    """

    def __init__(self):
        self.seen: dict[tuple, np.ndarray | None] = {}

    def __call__(self, mask: np.ndarray) -> np.ndarray | None:
        key = (mask.shape, mask.dtype.str, mask.tobytes())
        if key not in self.seen:
            self.seen[key] = frame(mask)
        return self.seen[key]
