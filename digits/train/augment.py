"""Training data that looks like sketchpad drawings, framed by the app's own preprocessing."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from digits.read.preprocess import frame
from digits.train.sketch import Style, draw_strokes


@dataclass(frozen=True)
class Augmentation:
    """How far a training digit may be bent, slanted and re-inked."""

    rotation: float = 15.0  # degrees either way
    shear: float = 0.25
    stretch: float = 0.15  # independent x and y scale, either way
    thickness: int = 4  # dilate/erode by up to this many pixels at 3x scale
    raw: float = 0.2  # share of digits left exactly as MNIST has them (the test set looks like this)
    framed: float = 0.2  # share only re-framed by the app's preprocessing, not distorted
    junk: float = 0.06  # share of non-digits (overlapping digits, scribbles) taught as "unsure"
    mirror: float = 0.25  # share of digits flipped left-right (mirror-aware models only)


DEFAULT = Augmentation()


def distort(digit: np.ndarray, rng: np.random.Generator, aug: Augmentation = DEFAULT) -> np.ndarray:
    """One MNIST digit slanted, rotated, stretched and re-inked, then framed like a drawing."""
    big = cv2.resize(digit.reshape(28, 28), (84, 84), interpolation=cv2.INTER_LINEAR)
    big = cv2.copyMakeBorder(big, 24, 24, 24, 24, cv2.BORDER_CONSTANT, value=0)
    c = big.shape[0] / 2
    angle = math.radians(rng.uniform(-aug.rotation, aug.rotation))
    sx, sy = rng.uniform(1 - aug.stretch, 1 + aug.stretch, 2)
    sh = rng.uniform(-aug.shear, aug.shear)
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    a = rot @ np.array([[1, sh], [0, 1]]) @ np.diag([sx, sy])
    m = np.hstack([a, (np.array([c, c]) - a @ np.array([c, c]))[:, None]])
    big = cv2.warpAffine(big, m, big.shape[::-1], flags=cv2.INTER_LINEAR)
    k = int(rng.integers(-aug.thickness, aug.thickness + 1))
    if abs(k) >= 2:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (abs(k) | 1, abs(k) | 1))
        changed = cv2.dilate(big, kernel) if k > 0 else cv2.erode(big, kernel)
        if changed.max() > 0.5:
            big = changed
    framed = frame(big)
    return digit.reshape(28, 28) if framed is None else framed


def render_pen(strokes: list, rng: np.random.Generator) -> np.ndarray | None:
    """One pen-drawn digit with a random brush and size, framed like a drawing."""
    side = 200
    height = float(rng.uniform(0.3, 0.8))
    brush = max(1.0, float(rng.uniform(0.015, 0.12)) * height * side)
    style = Style(side=side, brush=brush, height=height)
    return frame(draw_strokes(strokes, style))


def long_flag(strokes: list, rng: np.random.Generator) -> list:
    """A 1 redrawn with the long up-stroke at its top that many children in Europe are taught.

    The training writers' 1s have short, steep flags, so a 1 whose flag is long and nearly flat was
    read as 7. The flag is 25-45% of the digit's height long, 0-45 degrees below its top, and
    replaces whatever flag the 1 had; a 1 drawn upwards is left as it is. The shipped model's last
    step uses it on half the pen 1s (flag_ones=0.5 in train/recipe.py) and then mixes half its
    starting weights back (keep_start=0.5): MNIST's 7s with a short flat bar are the same shape.
    """
    which = min(range(len(strokes)), key=lambda k: float(strokes[k][:, 1].min()))
    stem = np.asarray(strokes[which], np.float64)
    top = int(stem[:, 1].argmin())
    points = np.concatenate(strokes)
    height = float(points[:, 1].max() - points[:, 1].min())
    foot = stem[top + int(stem[top:, 1].argmax())]
    # A stem leaning left at its foot (/) with a flat flag is a 7: only upright or right-leaning 1s.
    if top > (len(stem) - 1) // 2 or height <= 0 or foot[0] - stem[top, 0] < -0.1 * height:
        return strokes
    length, angle = rng.uniform(0.25, 0.45) * height, math.radians(rng.uniform(0, 45))
    start = stem[top] + length * np.array([-math.cos(angle), math.sin(angle)])
    flag = np.linspace(start, stem[top], 8, endpoint=False)
    return [*strokes[:which], np.concatenate([flag, stem[top:]]), *strokes[which + 1 :]]


def vary(digit: np.ndarray, rng: np.random.Generator, aug: Augmentation = DEFAULT) -> np.ndarray:
    """One MNIST digit kept raw, only re-framed, or distorted, in the configured shares."""
    r = rng.random()
    if r < aug.raw:
        return digit.reshape(28, 28)
    if r < aug.raw + aug.framed:
        framed = frame(digit.reshape(28, 28))
        return digit.reshape(28, 28) if framed is None else framed
    return distort(digit, rng, aug)


def augmented_batch(images: np.ndarray, rng: np.random.Generator, aug: Augmentation = DEFAULT) -> np.ndarray:
    """A batch of (N, 28, 28, 1) digits, each varied once."""
    return np.stack([vary(im, rng, aug) for im in images])[..., None].astype(np.float32)


def junk(images: np.ndarray, labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A drawing that is no digit: two different digits on top of each other, or a scribble.

    Trained towards equal probabilities for all ten digits (outlier exposure), so the model
    says "not sure" on such drawings instead of a confident wrong answer.
    """
    if rng.random() < 0.5:
        i, j = rng.integers(len(images), size=2)
        while labels[j] == labels[i]:
            j = rng.integers(len(images))
        other = np.roll(images[j].reshape(28, 28), rng.integers(-4, 5, 2), axis=(0, 1))
        mixed = np.maximum(images[i].reshape(28, 28), other)
    else:
        mixed = np.zeros((84, 84), np.float32)
        points = rng.integers(8, 76, (int(rng.integers(6, 13)), 2)).reshape(-1, 1, 2).astype(np.int32)
        cv2.polylines(mixed, [points], False, 1.0, int(rng.integers(5, 11)), cv2.LINE_AA)
    framed = frame(mixed)
    return np.zeros((28, 28), np.float32) if framed is None else framed
