"""The class's own labelled drawings, kept in memory and split into "to teach" and "kept aside"."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from digits.read.preprocess import frame
from digits.train.sketch import Style, draw_strokes

SOURCES = ("practice", "teach", "import")


class ClassSetError(ValueError):
    """A class set that cannot be added, downloaded or uploaded; the message is one plain line."""


@dataclass(frozen=True)
class Limits:
    """How much a class set may hold, and how large an uploaded one may be."""

    max_items: int = 5000
    max_bytes: int = 20 * 2**20  # an uploaded file
    max_unpacked: int = 200 * 2**20  # all its members, unpacked (a zip bomb is refused)
    max_points: int = 5000  # pen points in one drawing


LIMITS = Limits()


@dataclass(frozen=True)
class Drawing:
    """One labelled drawing: the network's 28x28 input and, when known, the pen strokes behind it."""

    image: np.ndarray  # (28, 28) float32 in [0, 1], MNIST-framed
    label: int
    source: str = "teach"
    strokes: tuple = ()  # (n, 3) float32 arrays of x, y, t in canvas pixels
    canvas: tuple = (0, 0)  # the pad's width and height; (0, 0) when unknown


def pad_strokes(value: dict) -> tuple[tuple, tuple]:
    """A drawing pad's value {"width", "height", "strokes"} as ((n, 3) arrays, (width, height))."""
    if not isinstance(value, dict) or not isinstance(value.get("strokes"), list):
        raise ClassSetError("A drawing must be a pad value with a list of strokes.")
    return as_strokes(value["strokes"]), (as_size(value.get("width", 0)), as_size(value.get("height", 0)))


def render(strokes, brush: float = 0.08) -> np.ndarray | None:
    """Pen strokes drawn with a round brush and framed like any drawing; None if no digit."""
    xy = [np.asarray(s, np.float32)[:, :2] for s in strokes if len(s)]
    if not xy:
        return None
    pts = np.concatenate(xy)
    w, h = np.ptp(pts, axis=0)
    longest = max(float(w), float(h), 1e-3)
    # draw_strokes fits the height; shrink it so the longest side takes 80% of the canvas.
    style = Style(side=280, height=0.8 * max(float(h), 1e-3) / longest, brush=brush * 0.8 * 280)
    return frame(draw_strokes(xy, style))


@dataclass
class ClassSet:
    """The drawings collected in one browser session; mutated only by successful calls."""

    drawings: list[Drawing] = field(default_factory=list)
    limits: Limits = LIMITS

    def __len__(self) -> int:
        return len(self.drawings)

    def add(self, label: int, image=None, pad: dict | None = None, source: str = "teach") -> Drawing:
        """Add one drawing: its 28x28 input, or the pad value it is drawn from (or both)."""
        label = as_label(label)
        source = as_source(source)
        if len(self) >= self.limits.max_items:
            raise ClassSetError(f"The class set is full ({self.limits.max_items} drawings).")
        strokes, canvas = pad_strokes(pad) if pad is not None else ((), (0, 0))
        if sum(len(s) for s in strokes) > self.limits.max_points:
            raise ClassSetError(f"That drawing has more than {self.limits.max_points} pen points.")
        if image is None:
            image = render(strokes)
            if image is None:
                raise ClassSetError("Nothing drawn yet: draw a digit first.")
        drawing = Drawing(as_image(image), label, source, strokes, canvas)
        self.drawings.append(drawing)
        return drawing

    def remove(self, index: int) -> Drawing:
        """Take out the drawing at `index` (as numbered in the list shown)."""
        if not -len(self) <= index < len(self):
            raise ClassSetError(f"There is no drawing number {index + 1}.")
        return self.drawings.pop(index)

    def extend(self, other: ClassSet) -> None:
        """Add every drawing of `other` (an uploaded set), or none if they would not fit."""
        if len(self) + len(other) > self.limits.max_items:
            raise ClassSetError(f"Together that is more than {self.limits.max_items} drawings.")
        self.drawings.extend(other.drawings)

    def counts(self) -> list[int]:
        """How many drawings of each digit 0-9."""
        return np.bincount(self.labels(), minlength=10)[:10].tolist()

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


def as_strokes(strokes) -> tuple:
    """Strokes as (n, 3) float32 arrays of x, y, t; empty strokes dropped."""
    out = []
    for s in strokes:
        try:
            a = np.asarray(s, np.float32)
        except (TypeError, ValueError):
            raise ClassSetError("A stroke must be a list of [x, y, t] points.") from None
        if a.ndim != 2 or a.shape[1] != 3 or not np.isfinite(a).all():
            raise ClassSetError("A stroke must be a list of [x, y, t] points.")
        if len(a):
            out.append(a)
    return tuple(out)


def _nth(n: int) -> str:
    return {2: "2nd", 3: "3rd"}.get(n, f"{n}th")
