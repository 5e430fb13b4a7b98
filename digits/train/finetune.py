"""Fine-tuning a copy of a model on the class's drawings; how it reads the kept-aside ones, before, after."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from digits.train import models
from digits.train.augment import Augmentation, distort
from digits.train.classset import ClassSet, ClassSetError
from digits.train.data import Mnist, load_mnist
from digits.train.fit import TrainConfig, compile_model

GENTLE = Augmentation(rotation=8.0, shear=0.12, stretch=0.08, thickness=2)


@dataclass(frozen=True)
class FinetuneConfig:
    """How the class's drawings are taught: oversampled, bent a little, mixed with MNIST."""

    epochs: int = 3
    copies: int = 10  # each class drawing, once as drawn and copies-1 times distorted
    mnist: int = 2000  # MNIST training images mixed in, so the network does not forget
    batch_size: int = 64
    learning_rate: float = 3e-4  # a third of training's: nudge the network, do not retrain it
    augmentation: Augmentation = GENTLE
    seed: int = 0

    def check(self) -> None:
        """A ValueError with a plain message for settings that cannot fine-tune."""
        for name, low, high in (("epochs", 1, 50), ("copies", 1, 100), ("mnist", 0, 60_000)):
            if not low <= getattr(self, name) <= high:
                raise ValueError(f"{name.capitalize()} must be between {low} and {high}.")
        TrainConfig(batch_size=self.batch_size, learning_rate=self.learning_rate).check()


@dataclass
class FinetuneResult:
    """The fine-tuned copy, its history and what it cost."""

    model: object
    history: dict = field(default_factory=dict)
    seconds: float = 0.0
    samples: int = 0  # images in one epoch
    stopped: bool = False


def copy_model(model):
    """A separate model with the same weights: fine-tuning never touches the shared one."""
    import keras

    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    return copy


def training_set(teach: ClassSet, mnist: Mnist, config: FinetuneConfig) -> tuple[np.ndarray, np.ndarray]:
    """The class's drawings oversampled with gentle distortions, plus a random slice of MNIST."""
    rng = np.random.default_rng(config.seed)
    images, labels = teach.images()[..., 0], teach.labels()
    copies = [images] + [
        np.stack([distort(im, rng, config.augmentation) for im in images]) for _ in range(config.copies - 1)
    ]
    pick = rng.choice(len(mnist.x_train), min(config.mnist, len(mnist.x_train)), replace=False)
    x = np.concatenate([np.concatenate(copies)[..., None], mnist.x_train[pick]]).astype(np.float32)
    y = np.concatenate([np.tile(labels, config.copies), mnist.y_train[pick]])
    return x, y


def finetune(
    model,
    teach: ClassSet,
    mnist: Mnist | None = None,
    config: FinetuneConfig = FinetuneConfig(),
    callbacks=(),
) -> FinetuneResult:
    """Fine-tune a copy of `model` on `teach`; progress goes to the Keras `callbacks` only."""
    import keras

    config.check()
    if not len(teach):
        raise ClassSetError("There are no drawings to learn from yet: collect some first.")
    keras.utils.set_random_seed(config.seed)
    x, y = training_set(teach, mnist or load_mnist(), config)
    tuned = copy_model(model)
    for layer in tuned.layers:
        # Frozen batch norm keeps MNIST's statistics: a few hundred drawings would drag them away.
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    steps = int(np.ceil(len(x) / config.batch_size))
    settings = TrainConfig(models.DEFAULT_MODEL, epochs=config.epochs, learning_rate=config.learning_rate)
    compile_model(tuned, settings.resolved(), steps)
    targets = keras.utils.to_categorical(y, tuned.output_shape[-1])  # 18-way models too
    start = time.perf_counter()
    history = tuned.fit(
        x, targets, batch_size=config.batch_size, epochs=config.epochs, callbacks=list(callbacks), verbose=0
    )
    seconds = time.perf_counter() - start
    return FinetuneResult(tuned, dict(history.history), seconds, len(x), bool(tuned.stop_training))


def predict(model, images: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """The class the model picks for each image (N, 28, 28[, 1])."""
    x = np.asarray(images, np.float32).reshape(-1, 28, 28, 1)
    if not len(x):
        return np.zeros(0, np.int64)
    return np.asarray(model.predict(x, batch_size=batch_size, verbose=0)).argmax(axis=1)


def accuracy(model, images: np.ndarray, labels: np.ndarray) -> float:
    """Share of images read as their label."""
    return float(np.mean(predict(model, images) == np.asarray(labels))) if len(labels) else 0.0


@dataclass
class Comparison:
    """How the kept-aside drawings are read before and after fine-tuning."""

    labels: np.ndarray
    before: np.ndarray  # what the model read, per drawing
    after: np.ndarray

    def _score(self, read: np.ndarray) -> float:
        return float(np.mean(read == self.labels)) if len(self.labels) else 0.0

    @property
    def before_accuracy(self) -> float:
        return self._score(self.before)

    @property
    def after_accuracy(self) -> float:
        return self._score(self.after)

    def _which(self, right_before: bool, right_after: bool) -> list[int]:
        hits = ((self.before == self.labels) == right_before) & ((self.after == self.labels) == right_after)
        return np.flatnonzero(hits).tolist()

    @property
    def now_right(self) -> list[int]:
        """Drawings (indices into the kept-aside set) read wrong before and right after."""
        return self._which(False, True)

    @property
    def now_wrong(self) -> list[int]:
        return self._which(True, False)

    @property
    def still_wrong(self) -> list[int]:
        return self._which(False, False)

    def summary(self) -> str:
        """The before and after in plain words."""
        n = len(self.labels)
        if not n:
            return "No drawings are kept aside yet, so there is nothing to compare."
        right = [int((r == self.labels).sum()) for r in (self.before, self.after)]
        return (
            f"Before: {right[0]} of the {n} kept-aside drawings read right ({right[0] / n:.0%}). "
            f"After: {right[1]} of {n} ({right[1] / n:.0%}); {len(self.now_right)} now read right, "
            f"{len(self.now_wrong)} now read wrong."
        )


def compare(before_model, after_model, aside: ClassSet) -> Comparison:
    """How both models read the kept-aside drawings."""
    images = aside.images()
    return Comparison(aside.labels(), predict(before_model, images), predict(after_model, images))
