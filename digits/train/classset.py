"""The class's own labelled drawings, kept in memory and split into "to teach" and "kept aside"."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from digits import limits
from digits.read.strokes import BadStrokes, parse, picture

SOURCES = ("practice", "teach", "import")


class ClassSetError(ValueError):
    """A class set that cannot be added, downloaded or uploaded; the message is one plain line."""


@dataclass(frozen=True)
class Limits:
    """How much a class set may hold, and how large an uploaded one may be."""

    max_items: int = limits.CLASS_ITEMS  # digits/limits.py holds each figure and its reason
    max_bytes: int = limits.CLASS_BYTES
    max_unpacked: int = limits.CLASS_UNPACKED
    max_points: int = limits.CLASS_POINTS


LIMITS = Limits()


@dataclass(frozen=True)
class LabelledDrawing:
    """One labelled drawing: the network's 28x28 input and, when known, the pen strokes behind it."""

    image: np.ndarray  # (28, 28) float32 in [0, 1], MNIST-framed
    label: int
    source: str = "teach"
    strokes: tuple = ()  # (n, 3) float32 arrays of x, y, t in canvas pixels
    canvas: tuple = (0, 0)  # the pad's width and height; (0, 0) when unknown


def pad_strokes(value) -> tuple[tuple, tuple]:
    """A pad value checked by strokes.parse, as ((n, 3) float32 x, y, t arrays, (width, height))."""
    try:
        width, height, arrays = parse(value, times=True)
    except BadStrokes as exc:
        raise ClassSetError(str(exc)) from None
    # Pads are whole pixels; a fractional size sent through the API is kept to the pixel.
    return tuple(a.astype(np.float32) for a in arrays), (max(1, round(width)), max(1, round(height)))


def stored_strokes(strokes, canvas) -> tuple[tuple, tuple]:
    """Strokes and pad size read back from a file, checked by strokes.parse as the pad value they were."""
    canvas = (as_size(canvas[0]), as_size(canvas[1]))
    if not len(strokes):
        return (), canvas
    if 0 in canvas:
        raise ClassSetError("A drawing has strokes but no pad size.")
    listed = [s.tolist() if isinstance(s, np.ndarray) else s for s in strokes]
    return pad_strokes({"width": canvas[0], "height": canvas[1], "strokes": listed})


@dataclass
class ClassSet:
    """The drawings collected in one browser session; mutated only by successful calls."""

    drawings: list[LabelledDrawing] = field(default_factory=list)
    limits: Limits = LIMITS

    def __len__(self) -> int:
        return len(self.drawings)

    def add(self, label: int, image=None, pad: dict | None = None, source: str = "teach") -> LabelledDrawing:
        """Add one drawing: the pad value it is drawn from, or (without strokes) its 28x28 input.

        A pad value's input is drawn by strokes.picture, the reader's own renderer: the class
        teaches the network exactly what the reader showed it.
        """
        if image is not None and pad is not None:
            raise TypeError("add() takes a pad value or an image, not both: the image is drawn from the pad.")
        label = as_label(label)
        source = as_source(source)
        if len(self) >= self.limits.max_items:
            raise ClassSetError(f"The class set is full ({self.limits.max_items} drawings).")
        strokes, canvas = pad_strokes(pad) if pad is not None else ((), (0, 0))
        if self.points() + sum(len(s) for s in strokes) > self.limits.max_points:
            raise ClassSetError(f"The class set is full ({self.limits.max_points:,} pen points).")
        if pad is not None:
            image = picture(pad)
        if image is None:
            raise ClassSetError("Nothing drawn yet: draw a digit first.")
        drawing = LabelledDrawing(as_image(image), label, source, strokes, canvas)
        self.drawings.append(drawing)
        return drawing

    def remove(self, index: int) -> LabelledDrawing:
        """Take out the drawing at `index` (as numbered in the list shown)."""
        if not -len(self) <= index < len(self):
            raise ClassSetError(f"There is no drawing number {index + 1}.")
        return self.drawings.pop(index)

    def extend(self, other: ClassSet) -> None:
        """Add every drawing of `other` (an uploaded set), or none if they would not fit."""
        if len(self) + len(other) > self.limits.max_items:
            raise ClassSetError(f"Together that is more than {self.limits.max_items} drawings.")
        if self.points() + other.points() > self.limits.max_points:
            raise ClassSetError(f"Together that is more than {self.limits.max_points:,} pen points.")
        self.drawings.extend(other.drawings)

    def counts(self) -> list[int]:
        """How many drawings of each digit 0-9."""
        return np.bincount(self.labels(), minlength=10)[:10].tolist()

    def points(self) -> int:
        """Pen points held, all drawings together."""
        return sum(len(s) for d in self.drawings for s in d.strokes)

    def labels(self) -> np.ndarray:
        return np.array([d.label for d in self.drawings], np.int64)

    def images(self) -> np.ndarray:
        """All inputs as one (N, 28, 28, 1) float32 array."""
        if not self.drawings:
            return np.zeros((0, 28, 28, 1), np.float32)
        return np.stack([d.image for d in self.drawings])[..., None]

    def aside_mask(self, every: int = 4) -> np.ndarray:
        """True for the drawings kept aside: every `every`-th one, in the order they were added.

        By order, not at random: adding drawings never moves earlier ones between the two parts.
        """
        return np.arange(len(self)) % every == every - 1

    def split(self, every: int = 4) -> tuple[ClassSet, ClassSet]:
        """(to teach, kept aside for the after): every `every`-th drawing is kept aside."""
        aside = self.aside_mask(every)
        teach = [d for d, a in zip(self.drawings, aside, strict=True) if not a]
        kept = [d for d, a in zip(self.drawings, aside, strict=True) if a]
        return ClassSet(teach, self.limits), ClassSet(kept, self.limits)

    def split_note(self, every: int = 4) -> str:
        """The split in plain words, for the Train tab."""
        kept = int(self.aside_mask(every).sum())
        return (
            f"{kept} of the class's {len(self)} drawings (every {_nth(every)} one) are kept "
            f"aside: the network never learns from them, so they show fairly what it learned. "
            f"It learns from the other {len(self) - kept}."
        )


# ---------------------------------------------------------------- checks


def as_label(value) -> int:
    """A digit 0-9 from an int or text; ClassSetError otherwise."""
    try:
        label = int(str(value).strip()) if not isinstance(value, (int, np.integer)) else int(value)
    except ValueError:
        raise ClassSetError(f"A label must be a digit 0-9, not {str(value)[:20]!r}.") from None
    if not 0 <= label <= 9:
        raise ClassSetError(f"A label must be a digit 0-9, not {label}.")
    return label


def as_size(value) -> int:
    """A pad width or height in pixels."""
    try:
        v = int(value)
    except (TypeError, ValueError):
        raise ClassSetError("The pad's width and height must be whole numbers.") from None
    if not 0 <= v <= 100_000:
        raise ClassSetError(f"A pad size of {v} pixels is not possible.")
    return v


def as_source(value) -> str:
    """Where a drawing was collected: one of SOURCES."""
    value = str(value)
    if value not in SOURCES:
        raise ClassSetError(f"Unknown source {value[:20]!r}: use one of {', '.join(SOURCES)}.")
    return value


def as_image(image) -> np.ndarray:
    """A 28x28 float32 input in [0, 1], from floats in [0, 1] or integers in 0-255."""
    a = np.asarray(image)
    if a.shape not in ((28, 28), (28, 28, 1)) or not (
        np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)
    ):
        raise ClassSetError(f"A drawing's input must be a 28 x 28 image, not shape {a.shape}.")
    a = a.reshape(28, 28).astype(np.float32)
    if np.issubdtype(np.asarray(image).dtype, np.integer):
        a /= 255.0
    if not np.isfinite(a).all() or a.min() < 0 or a.max() > 1:
        raise ClassSetError("A drawing's pixels must lie between 0 and 1 (or 0 and 255).")
    return a


def _nth(n: int) -> str:
    return {2: "2nd", 3: "3rd"}.get(n, f"{n}th")
