"""How each digit is formed: the model strokes in assets/formations.json, placed on the pad."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import numpy as np

from digits.read.strokes import BadStrokes, parse

FORMATIONS_FILE = Path(__file__).resolve().parents[2] / "assets" / "formations.json"
BOX = 0.8  # the model's unit box as a fraction of the pad's shorter side

# Where schools differ: the field, its digit and its choices (the first is the default).
CHOICES = {"one": (1, ("plain", "flag")), "four": (4, ("open", "closed")),
           "seven": (7, ("plain", "crossed")), "nine": (9, ("straight", "curved"))}  # fmt: skip


@dataclass(frozen=True)
class Convention:
    """The teacher's choice where schools teach a digit differently; every other digit has one model."""

    one: str = "plain"  # "plain": one line down; "flag": a little flag, then down
    four: str = "open"  # "open": down, across, then the long line; "closed": slope, across, long line
    seven: str = "plain"  # "plain": across and down; "crossed": with a bar across the middle
    nine: str = "straight"  # "straight" or "curved" tail

    def __post_init__(self):
        for f in fields(self):
            allowed = CHOICES[f.name][1]
            if getattr(self, f.name) not in allowed:
                raise ValueError(
                    f"The {f.name} can be written {' or '.join(allowed)} (got {getattr(self, f.name)!r})."
                )

    def variant(self, digit: int) -> str | None:
        """The chosen variant of `digit`, or None where there is only one model."""
        for name, (d, _) in CHOICES.items():
            if d == digit:
                return getattr(self, name)
        return None


@dataclass(frozen=True)
class Formation:
    """One model digit: its strokes in writing order, each an (n, 2) array in the unit box (y down)."""

    digit: int
    variant: str
    strokes: tuple[np.ndarray, ...]
    names: tuple[str, ...]  # what each stroke is called in hints: "the hat"
    steps: str  # how to write it, in a sentence a teacher (or the speech voice) can say

    @property
    def start(self) -> np.ndarray:
        return self.strokes[0][0]

    @property
    def where_to_start(self) -> str:
        """Where the first stroke starts, in words: 'at the top left'."""
        return place_words(self.start, np.concatenate(self.strokes))

    def on_pad(self, width: float, height: float) -> list[np.ndarray]:
        """The strokes in pad pixels, where the faint model is shown (and traced) on a width x height pad."""
        return [to_pad(s, width, height) for s in self.strokes]

    def to_json(self, width: float, height: float) -> dict:
        """What the browser needs to draw and animate the model: strokes in pad pixels, names, steps."""
        return {
            "digit": self.digit,
            "variant": self.variant,
            "strokes": [np.round(s, 1).tolist() for s in self.on_pad(width, height)],
            "names": list(self.names),
            "steps": self.steps,
            "start": self.where_to_start,
        }


def _box(width: float, height: float) -> tuple[float, float, float]:
    side = BOX * min(width, height)
    return side, width / 2, height / 2


def to_pad(points: np.ndarray, width: float, height: float) -> np.ndarray:
    """Unit-box points as pad pixels: the box centred on the pad, BOX of its shorter side."""
    side, cx, cy = _box(width, height)
    return (np.asarray(points, float)[:, :2] - 0.5) * side + (cx, cy)


def to_unit(points: np.ndarray, width: float, height: float) -> np.ndarray:
    """Pad pixels as unit-box points (the inverse of to_pad)."""
    side, cx, cy = _box(width, height)
    return (np.asarray(points, float)[:, :2] - (cx, cy)) / side + 0.5


def place_words(point: np.ndarray, shape: np.ndarray) -> str:
    """Where `point` lies within the bounding box of `shape`, in words: 'at the top', 'on the right'."""
    lo, hi = shape.min(0), shape.max(0)
    fx, fy = (point - lo) / np.maximum(hi - lo, 1e-9)
    wide = hi[0] - lo[0] > 0.3 * (hi[1] - lo[1])  # a plain 1 has no left or right
    side = ("left" if fx < 0.34 else "right" if fx > 0.66 else "") if wide else ""
    level = "top" if fy < 0.34 else "bottom" if fy > 0.66 else ""
    if level:
        return f"at the {level} {side}".rstrip()
    return f"on the {side}" if side else "in the middle"


@lru_cache(maxsize=1)
def _catalogue() -> dict[int, dict[str, Formation]]:
    """Every model digit by digit and variant, read once from the JSON (read-only afterwards)."""
    doc = json.loads(FORMATIONS_FILE.read_text(encoding="utf-8"))
    out: dict[int, dict[str, Formation]] = {}
    for key, variants in doc["digits"].items():
        digit = int(key)
        out[digit] = {}
        for variant, spec in variants.items():
            strokes = tuple(np.array(s, float) for s in spec["strokes"])
            for s in strokes:
                s.setflags(write=False)
            out[digit][variant] = Formation(digit, variant, strokes, tuple(spec["names"]), spec["steps"])
    return out


def variants(digit: int) -> dict[str, Formation]:
    """All the models of `digit`, by variant name."""
    if digit not in range(10):
        raise ValueError(f"A digit is a whole number from 0 to 9 (got {digit!r}).")
    return _catalogue()[digit]


def formation(digit: int, convention: Convention | None = None) -> Formation:
    """The model of `digit` in the teacher's convention (default: Convention())."""
    models = variants(digit)
    chosen = (convention or Convention()).variant(digit)
    return models[chosen] if chosen else next(iter(models.values()))


@dataclass(frozen=True)
class Drawing:
    """A child's strokes on the pad: each an (n, 3) array of x, y in pad pixels (y down) and t in ms."""

    width: float
    height: float
    strokes: tuple[np.ndarray, ...] = ()

    @classmethod
    def parse(cls, value) -> Drawing:
        """The stroke pad's value, read by strokes.parse with its times; None is an empty drawing."""
        if value is None:
            return cls(1.0, 1.0)
        if isinstance(value, Drawing):
            return value
        try:
            width, height, strokes = parse(value, times=True)
        except BadStrokes:
            raise ValueError("The drawing could not be read: please draw the digit again.") from None
        return cls(width, height, tuple(strokes))

    @property
    def empty(self) -> bool:
        return not self.strokes
