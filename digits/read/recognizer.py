"""Reading drawings: a model plus the one preprocessing path, with honest uncertainty."""

from __future__ import annotations

import copy
from itertools import repeat
from pathlib import Path

import numpy as np

from digits.console import say
from digits.once import Once
from digits.read import dot, flag_one, stroke_order, strokes, trajectory
from digits.read.mirror import flipped, fold, with_mirror_view
from digits.read.modelfile import SHIPPED_MODEL, ModelFileError, load_model
from digits.read.preprocess import frame, ink_mask
from digits.read.reading import NumberReading, Reading
from digits.read.segment import cut_touching, split


class Recognizer:
    """A digit model wrapped with preprocessing: read(image) -> Reading."""

    def __init__(
        self,
        model,
        name: str = "recognizer",
        sure_above: float = 0.7,
        backwards_above: float = 0.5,
        pen: trajectory.TrajectoryReader | None = None,
    ):
        import tensorflow as tf  # deferred: heavy

        self.model = model
        self.pen = pen  # the pen's path as a second reader of strokes (None: the image network alone)
        self.name = name
        self.sure_above = sure_above
        self.backwards_above = backwards_above  # share of the digit's probability on "backwards"
        self.mirror_aware = model.output_shape[-1] != 10  # 18 answers: also read each drawing flipped
        # A compiled forward pass: model.predict builds a data pipeline per call (slow).
        self._forward = tf.function(
            lambda x: model(x, training=False),
            reduce_retracing=True,
            input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32)],
        )

    @classmethod
    def load(cls, path: str | Path | None = None, pen: str | Path | bool = True, **kwargs) -> Recognizer:
        """The model at `path` (default: the shipped one); a damaged file falls back to the shipped one.

        `pen`: the trajectory reader for strokes (True: the shipped one, False: none, or its file).
        """
        kwargs["pen"] = trajectory.load(None if pen is True else pen) if pen is not False else None
        if path is None or Path(path).resolve() == SHIPPED_MODEL.resolve():
            return cls(load_model(SHIPPED_MODEL), "recognizer", **kwargs)
        try:
            return cls(load_model(path), Path(path).stem, **kwargs)
        except ModelFileError as exc:
            say(f"{exc} Using the shipped model instead.")
            return cls(load_model(SHIPPED_MODEL), "recognizer", **kwargs)

    def with_forward(self, forward, pen_forward=None) -> Recognizer:
        """This recognizer with its forward passes sent through `forward` (e.g. a batcher of reads).

        `pen_forward`, if given, does the same for the pen reader's (see TrajectoryReader.outputs).
        """
        twin = copy.copy(self)  # the same model, preprocessing and thresholds: one reading path
        twin._forward = forward
        if pen_forward is not None and self.pen is not None:
            twin.pen = self.pen.with_forward(pen_forward)
        return twin

    def outputs(self, images: np.ndarray) -> np.ndarray:
        """The model's own outputs for a stack of 28x28 images: (N, 10), or (N, 18) if mirror-aware."""
        x = np.asarray(images, np.float32).reshape(-1, 28, 28, 1)
        return np.asarray(self._forward(x))

    def outputs_both_ways(self, images: np.ndarray) -> np.ndarray:
        """`outputs`, with a mirror-aware model also reading each image flipped (see with_mirror_view)."""
        x = np.asarray(images, np.float32).reshape(-1, 28, 28)
        # A one-stroke digit's whole ink, pen cut and picture cut frame to the same 28x28 input:
        # each distinct input is read once (pen digits: 2.3 distinct of 3.3 per drawing).
        # Found by each input's bytes: np.unique(axis=0) sorted the rows as records, 5 ms of a 12 ms read.
        first: dict[bytes, int] = {}
        back = np.array([first.setdefault(im.tobytes(), len(first)) for im in x], np.intp)
        if len(first) < len(x):
            return self.outputs_both_ways(x[np.unique(back, return_index=True)[1]])[back]
        if not self.mirror_aware or not len(x):
            return self.outputs(x)
        both = self.outputs(np.concatenate([x, np.stack([flipped(im) for im in x])]))
        return with_mirror_view(both[: len(x)], both[len(x) :], self.backwards_above)

    def probabilities(self, images: np.ndarray) -> np.ndarray:
        """Which-digit probabilities for a stack of 28x28 images, shape (N, 10)."""
        return fold(self.outputs(images))[0]

    def _reading(
        self, image28: np.ndarray, outputs: np.ndarray, pen: np.ndarray | None = None, ink: list | None = None
    ) -> Reading:
        """One reading from the image network's outputs, blended with the pen reader's if given.

        A drawing the image network finds backwards keeps its reading: the pen reader never saw one.
        `ink`: the digit's strokes with the pen's, so a 7 that is shaped like a flagged 1 is doubted.
        """
        image, backwards = fold(outputs)
        d = int(image.argmax())
        if pen is not None and not backwards[d] > self.backwards_above * image[d]:
            p = trajectory.blend(image, pen)
            if ink is not None:
                p = flag_one.weigh(p, ink)
            d = int(p.argmax())
        else:
            p = image
        mirrored = bool(backwards[d] > self.backwards_above * image[d])
        return Reading(d, p, bool(p.max() >= self.sure_above), image28, mirrored, float(backwards[d]))

    def read_framed(self, images28: np.ndarray) -> list[Reading]:
        """Readings of a stack of images already in MNIST's frame (no preprocessing)."""
        images28 = np.asarray(images28, np.float32).reshape(-1, 28, 28)
        return [
            self._reading(im, o) for im, o in zip(images28, self.outputs_both_ways(images28), strict=True)
        ]

    def read(self, image) -> Reading:
        """All the ink in `image` read as one digit."""
        return self._readings(ink_mask(image), number=False)[0]

    def read_strokes(self, value) -> Reading:
        """All the strokes of a pad value (see digits.read.strokes) read as one digit."""
        if strokes.only_a_dot(value):
            return Reading(None, ink=True)
        return self._readings(strokes.mask(value), number=False, page=False)[0]

    def read_number(self, image) -> NumberReading:
        """The digits in `image`, split apart and read left to right."""
        return self._readings(ink_mask(image), whole=False)[1]

    def read_number_strokes(self, value) -> NumberReading:
        """The digits drawn on a pad (its value, see digits.read.strokes), read left to right.

        Cut by the pen's strokes (stroke_order) and, as a second opinion, by the picture; the
        reading with the higher combined confidence wins.
        """
        return self._stroke_readings(value, whole=False)[1]

    def read_both(self, image) -> tuple[Reading, NumberReading]:
        """All the ink as one digit and the digits as a number: one mask, one forward pass."""
        return self._readings(ink_mask(image))

    def read_both_strokes(self, value) -> tuple[Reading, NumberReading]:
        """`read_both` for a pad value: both cuts of the number and the whole ink read in one batch."""
        return self._stroke_readings(value)

    def _readings(
        self, mask: np.ndarray | None, whole: bool = True, number: bool = True, page: bool = True
    ) -> tuple[Reading | None, NumberReading | None]:
        """The whole ink as one digit and/or the digits as a number, every 28x28 input in one batch.

        `page`: the mask is the whole picture (an image's), so ink small for it is only a dot.
        """
        if mask is None:
            return Reading(None), NumberReading([])
        if page and dot.image_dot(mask):
            return Reading(None, ink=True), NumberReading([], ink=True)
        one, numbers, _ = self._read_plans(mask if whole else None, [by_picture(mask)] if number else [])
        return one, (NumberReading(numbers[0], ink=True) if number else None)

    def _stroke_readings(self, value, whole: bool = True) -> tuple[Reading | None, NumberReading]:
        if strokes.only_a_dot(value):  # a tap or a fingertip's wiggle: neither a digit nor a number
            return Reading(None, ink=True), NumberReading([], ink=True)
        mask = strokes.mask(value)
        if mask is None:
            return Reading(None), NumberReading([])
        plan, pens = stroke_order.pen_options(value)
        one, (pen, picture), (pen_image, picture_image) = self._read_plans(
            mask if whole else None,
            [plan, by_picture(mask)],
            pens=[pens, None],
        )
        # Which cut wins is the image network's to say, as for the cut of each piece.
        best = pen if stroke_order.pen_wins(pen_image, picture_image) else picture
        return one, NumberReading(best, ink=True)

    def _read_plans(
        self, mask: np.ndarray | None, plans: list, pens: list | None = None
    ) -> tuple[Reading | None, list[list[Reading]], list[list[Reading]]]:
        """`mask` read as one digit (if given) and each plan's digits, in one forward pass.

        A plan is the number's pieces left to right, each its options (masks read as its digits) and
        the margin by which a cut must be read more surely than the whole. `pens` (one per plan, None for
        none) gives the same digits as strokes for the pen reader (stroke_order.pen_options).
        Each plan's digits come back blended, and as the image network alone read them.
        """
        framer = _Framer()
        framed_whole = framer(mask) if mask is not None else None
        framed = [
            [
                ([[f for f in (framer(m) for m in option) if f is not None] for option in o], margin)
                for o, margin in plan
            ]
            for plan in plans
        ]
        inputs = [framed_whole] if framed_whole is not None else []
        inputs += [f for plan in framed for piece, _ in plan for option in piece for f in option]
        outputs = iter(self.outputs_both_ways(np.stack(inputs)) if inputs else [])
        pens = self._pen_asks(framed, pens)
        one = None
        if mask is not None:
            one = (
                Reading(None, ink=True)
                if framed_whole is None
                else self._reading(framed_whole, next(outputs))
            )
        numbers, seen = [], []
        for plan, pen in zip(framed, pens, strict=True):
            digits, images = [], []
            for (piece, margin), pp in zip(plan, pen, strict=True):
                raw = [[(f, next(outputs), *next(pp)) for f in option] for option in piece]
                image = [[self._reading(f, o) for f, o, _, _ in option] for option in raw]
                # The cut is the image network's to choose (its margins were set on it); the pen only
                # weighs in on which digit each part is.
                k = self._which(image, margin)
                digits += [self._reading(f, o, q, ink) for f, o, q, ink in raw[k]]
                images += image[k]
            numbers.append(digits)
            seen.append(images)
        return one, numbers, seen

    def _pen_asks(self, framed: list, pens: list | None) -> list:
        """The pen reader's reads laid out as the framed inputs: iterators of (probabilities, strokes).

        Both None where the pen does not read (a piece cut through a stroke, or no pen reader).

        A piece is read by the pen only if each of its framed digits has its strokes (all its options,
        so the whole and the cut are weighed alike); every such digit goes through one forward pass.
        """
        on = self.pen is not None
        layout = []  # per plan, per piece: its digits' strokes, options flattened, or None
        for plan, pen in zip(framed, pens or [None] * len(framed), strict=True):
            given = pen if on and pen is not None else [None] * len(plan)
            layout.append(
                [
                    sum(g, []) if g is not None and [len(o) for o in piece] == [len(o) for o in g] else None
                    for (piece, _), g in zip(plan, given, strict=True)
                ]
            )
        digits = [d for plan in layout for got in plan for d in got or []]
        probs = iter(self.pen.probabilities(digits) if digits else [])
        none = (None, None)
        return [[iter([(next(probs), d) for d in g]) if g else repeat(none) for g in plan] for plan in layout]

    @staticmethod
    def _which(readings: list[list[Reading]], margin: float = 0.0) -> int:
        """One digit (0), or touching digits (1) if the network reads the cut better.

        A wide 2 and two touching 0s look alike to geometry; the network decides, keeping the
        cut only when every part is read more surely than the whole.
        """
        if (
            len(readings) > 1
            and readings[1]
            and (
                not readings[0] or min(r.confidence for r in readings[1]) > readings[0][0].confidence + margin
            )
        ):
            return 1
        return 0


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


def by_picture(mask: np.ndarray) -> list[tuple[list[list[np.ndarray]], float]]:
    """The number's connected pieces left to right, each whole and, if wide enough to be two, cut."""
    pieces = []
    for piece in split(mask, cut=False):
        parts = cut_touching(piece)
        pieces.append(([[piece], parts] if len(parts) > 1 else [[piece]], 0.0))
    return pieces


SHIPPED = Once(Recognizer.load)  # the shipped recognizer, loaded on first use and shared read-only


def default_recognizer() -> Recognizer:
    """The shipped recognizer, loaded once on first use and shared read-only."""
    return SHIPPED.get()


def warm_default() -> None:
    """Load the shipped recognizer in a background thread, so the first drawing is answered quickly."""
    SHIPPED.warm("warm-recognizer")
