"""The data sets: MNIST (a local Keras-layout .npz or Keras' own loader) and pen-drawn digits."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digits.once import Once

ENV_VAR = "DIGITS_MNIST"
HOW_TO_GET = (
    "MNIST is not available: connect to the internet once (Keras downloads and keeps it), "
    f"or set {ENV_VAR}=/path/to/mnist.npz (or pass --data PATH) to a Keras-layout mnist.npz."
)


class DataUnavailable(RuntimeError):
    """MNIST could be neither read locally nor downloaded."""


@dataclass(frozen=True)
class Mnist:
    """MNIST as float32 in [0, 1], shape (N, 28, 28, 1), with uint8 labels."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str

    def subset(self, n_train: int | None, seed: int = 0) -> Mnist:
        """A random, class-balanced-in-expectation subset of the training set."""
        if n_train is None or n_train >= len(self.x_train):
            return self
        idx = np.random.default_rng(seed).permutation(len(self.x_train))[:n_train]
        return Mnist(self.x_train[idx], self.y_train[idx], self.x_test, self.y_test, self.source)


def scale(images: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28) images to float32 (N, 28, 28, 1) in [0, 1]."""
    return (np.asarray(images, dtype=np.float32) / 255.0)[..., None]


def _read_npz(path: Path) -> tuple:
    if not path.is_file():
        raise DataUnavailable(f"MNIST file not found: {path}. {HOW_TO_GET}")
    try:
        with np.load(path) as f:
            arrays = tuple(f[k] for k in ("x_train", "y_train", "x_test", "y_test"))
    except Exception as exc:  # a zip error, a missing key, a truncated file
        raise DataUnavailable(f"{path} is not a Keras-layout mnist.npz ({exc}).") from exc
    if arrays[0].shape[1:] != (28, 28) or arrays[2].shape[1:] != (28, 28):
        raise DataUnavailable(f"{path} does not hold 28x28 images.")
    return arrays


def _download() -> tuple:
    import keras  # deferred: importing Keras costs seconds

    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as exc:  # no network, a proxy, a broken half-download
        raise DataUnavailable(f"{HOW_TO_GET} (download failed: {exc.__class__.__name__})") from exc
    return x_train, y_train, x_test, y_test


def load_mnist(path: str | os.PathLike | None = None) -> Mnist:
    """MNIST from `path`, else $DIGITS_MNIST, else Keras' loader (downloads once)."""
    local = path or os.environ.get(ENV_VAR)
    if local:
        x_train, y_train, x_test, y_test = _read_npz(Path(local).expanduser())
        source = str(local)
    else:
        x_train, y_train, x_test, y_test = _download()
        source = "keras.datasets.mnist"
    return Mnist(
        scale(x_train),
        np.asarray(y_train, np.uint8),
        scale(x_test),
        np.asarray(y_test, np.uint8),
        source,
    )


MNIST = Once(load_mnist)  # loaded on first use, then shared (read-only) by everything in this process


def mnist() -> Mnist:
    """MNIST, loaded on first use and then shared (read-only) by everything in this process."""
    return MNIST.get()


@dataclass(frozen=True)
class PenDigits:
    """Pen-drawn digits: a list of strokes (each an (n, 2) array in mm) per digit."""

    strokes: list
    labels: np.ndarray
    writers: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)


def load_pen_digits(path: str | Path) -> PenDigits:
    """The pen-digits .npz (trajectories) as strokes grouped per digit."""
    with np.load(path) as f:
        points, stroke_len, n_strokes = f["points"], f["stroke_len"], f["n_strokes"]
        labels, writers = f["labels"].astype(np.int64), f["writers"]
    strokes = np.split(points, np.cumsum(stroke_len)[:-1])
    bounds = np.cumsum(n_strokes)[:-1]
    per_digit = [list(g) for g in np.split(np.array(strokes, dtype=object), bounds)]
    return PenDigits(per_digit, labels, writers)


def writer_split(writers: np.ndarray, holdout: float = 0.2, seed: int = 0) -> np.ndarray:
    """A boolean mask of digits whose writers are held out (whole writers, never split)."""
    names = np.unique(writers)
    held = np.random.default_rng(seed).permutation(names)[: int(round(holdout * len(names)))]
    return np.isin(writers, held)
