"""Reading drawings: a model plus the one preprocessing path, with honest uncertainty."""

from __future__ import annotations

import copy
from itertools import repeat
from pathlib import Path

import numpy as np

from digits.console import say
from digits.once import Once
from digits.read import asked, flag_one, stroke_order, strokes, trajectory
from digits.read.mirror import flipped, fold, with_mirror_view, worth_a_second_look
from digits.read.modelfile import SHIPPED_MODEL, ModelFileError, load_model
from digits.read.preprocess import ink_mask
from digits.read.reading import NumberReading, Reading


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
        """`outputs`, with a mirror-aware model also reading flipped each image it may find backwards."""
        x = np.asarray(images, np.float32).reshape(-1, 28, 28)
        # A one-stroke digit's whole ink, pen cut and picture cut frame to the same 28x28 input:
        # each distinct input is read once (pen digits: 2.3 distinct of 3.3 per drawing).
        # Found by each input's bytes: np.unique(axis=0) sorted the rows as records, 5 ms of a 12 ms read.
        first: dict[bytes, int] = {}
        back = np.array([first.setdefault(im.tobytes(), len(first)) for im in x], np.intp)
        if len(first) < len(x):
            return self.outputs_both_ways(x[np.unique(back, return_index=True)[1]])[back]
        own = np.array(self.outputs(x))  # a copy: the batcher's outputs are shared with other reads
        look = np.flatnonzero(worth_a_second_look(own)) if self.mirror_aware else []
        if not len(look):
            return own
        view = self.outputs(np.stack([flipped(x[k]) for k in look]))
        own[look] = with_mirror_view(own[look], view, self.backwards_above)
        return own

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
        parsed = strokes.parse(value)
        if strokes.only_a_dot_of(*parsed):
            return Reading(None, ink=True)
        return self._readings(strokes.mask_of(*parsed), number=False, page=False)[0]

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
        question = asked.ask_image(mask, whole, number, page)
        if question.status != "read":
            return _unread(question)
        one, numbers, _ = self._answers(question)
        return one, (NumberReading(numbers[0], ink=True) if number else None)

    def _stroke_readings(self, value, whole: bool = True) -> tuple[Reading | None, NumberReading]:
        return self.answer(asked.ask_strokes(value, whole, pen=self.pen is not None))

    def answer(self, question: asked.Asked) -> tuple[Reading | None, NumberReading]:
        """A pad value's readings from its questions (asked.ask_strokes): the whole ink, and the number.

        Cut by the pen's strokes and by the picture, the cut the image network reads more surely wins.
        """
        if question.status != "read":
            return _unread(question)
        one, (pen, picture), (pen_image, picture_image) = self._answers(question)
        # Which cut wins is the image network's to say, as for the cut of each piece. Where both read the
        # same digits the pen's readings are kept: they carry the pen reader's opinion (a 7 shaped like a
        # flagged 1 made unsure, flag_one), which the picture's pieces, cut from pixels, cannot have.
        same = [r.digit for r in pen] == [r.digit for r in picture]
        if same or stroke_order.pen_wins(pen_image, picture_image):
            return one, NumberReading(pen, ink=True, other=[] if same else picture)
        return one, NumberReading(picture, ink=True, other=pen)

    def _answers(
        self, question: asked.Asked
    ) -> tuple[Reading | None, list[list[Reading]], list[list[Reading]]]:
        """The whole ink read as one digit (if asked) and each plan's digits, each network in one pass.

        Each plan's digits come back blended, and as the image network alone read them.
        """
        inputs = question.inputs()
        outputs = iter(self.outputs_both_ways(inputs) if inputs is not None else [])
        pens = self._pen_answers(question)
        one = None
        if question.whole_asked:
            whole = question.whole
            one = Reading(None, ink=True) if whole is None else self._reading(whole, next(outputs))
        numbers, seen = [], []
        for plan, pen in zip(question.plans, pens, strict=True):
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

    def _pen_answers(self, question: asked.Asked) -> list:
        """The pen reader's answers laid out as the framed inputs: iterators of (probabilities, strokes).

        Both None where the pen does not read (a piece cut through a stroke, or no pen reader).
        """
        on = self.pen is not None and question.features is not None
        probs = iter(self.pen.outputs(question.features) if on else [])
        none = (None, None)
        return [
            [iter([(next(probs), d) for d in g]) if on and g else repeat(none) for g in plan]
            for plan in question.pen
        ]

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


SHIPPED = Once(Recognizer.load)  # the shipped recognizer, loaded on first use and shared read-only


def default_recognizer() -> Recognizer:
    """The shipped recognizer, loaded once on first use and shared read-only."""
    return SHIPPED.get()


def warm_default() -> None:
    """Load the shipped recognizer in a background thread, so the first drawing is answered quickly."""
    SHIPPED.warm("warm-recognizer")


def _unread(question: asked.Asked) -> tuple[Reading, NumberReading]:
    """The readings of a drawing with nothing to read: no ink, or only a dot."""
    ink = question.status == "dot"
    return Reading(None, ink=ink), NumberReading([], ink=ink)
