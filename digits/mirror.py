"""Backwards digits: the extra "d, written backwards" classes, folding them, and flipping training digits."""

from __future__ import annotations

import cv2
import numpy as np

from digits.preprocess import frame

REVERSIBLE = (1, 2, 3, 4, 5, 6, 7, 9)  # 0 and 8 are their own mirror images: never flagged
OUTPUTS = 10 + len(REVERSIBLE)  # outputs 0-9: the digits; 10-17: REVERSIBLE[i] written backwards
SYMMETRIC = 0.85  # a flip this similar to the drawing (after deskewing) is the same drawing


def backwards_class(digit: int) -> int:
    """The output that means `digit`, written backwards."""
    return 10 + REVERSIBLE.index(digit)


def digit_of(classes: np.ndarray) -> np.ndarray:
    """The digit each output class means (a backwards class means its digit)."""
    lookup = np.array(list(range(10)) + list(REVERSIBLE))
    return lookup[np.asarray(classes)]


def fold(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(which-digit probabilities (N, 10), probability each digit is backwards (N, 10)).

    A 10-output model's probabilities come back unchanged, with nothing backwards.
    """
    p = np.asarray(probs, np.float32)
    if p.shape[-1] == 10:
        return p, np.zeros_like(p)
    digits = p[..., :10].copy()
    backwards = np.zeros_like(digits)
    for i, d in enumerate(REVERSIBLE):
        backwards[..., d] = p[..., 10 + i]
    digits += backwards
    return digits, backwards


def uniform_target(outputs: int) -> np.ndarray:
    """The "no idea which digit" target: each digit 10%, split evenly between its two ways round."""
    if outputs == 10:
        return np.full(10, 0.1, np.float32)
    t = np.full(outputs, 0.1, np.float32)
    for d in REVERSIBLE:
        t[d] = t[backwards_class(d)] = 0.05
    return t


def _deskew(img: np.ndarray) -> np.ndarray:
    """The image with its slant removed (moments), so a slanted stroke and its flip match."""
    m = cv2.moments(img)
    if abs(m["mu02"]) < 1e-2:
        return img
    skew = m["mu11"] / m["mu02"]
    side = img.shape[0]
    shear = np.float32([[1, skew, -0.5 * side * skew], [0, 1, 0]])
    return cv2.warpAffine(img, shear, img.shape[::-1], flags=cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR)


def symmetry(img: np.ndarray) -> float:
    """How alike a 28x28 digit and its left-right mirror are (cosine, best of small shifts)."""
    d = _deskew(np.asarray(img, np.float32).reshape(28, 28))
    f = d[:, ::-1]
    norm = float(np.sqrt((d * d).sum() * (f * f).sum())) + 1e-9
    return max(float((d * np.roll(f, s, axis=1)).sum()) / norm for s in range(-3, 4))


def flipped(img: np.ndarray) -> np.ndarray:
    """A 28x28 digit mirrored left-right and framed again (centre of mass back in the middle)."""
    mirror = np.ascontiguousarray(np.asarray(img, np.float32).reshape(28, 28)[:, ::-1])
    framed = frame(mirror)
    return mirror if framed is None else framed


def flip_label(img: np.ndarray, digit: int) -> int:
    """The class of `img` (a `digit`) once flipped: its backwards class, unless it looks the same."""
    if digit not in REVERSIBLE or symmetry(img) >= SYMMETRIC:
        return int(digit)
    return backwards_class(digit)


def flip_some(images: np.ndarray, labels: np.ndarray, rng: np.random.Generator, share: float):
    """A `share` of the digits mirrored and relabelled; (images (N, 28, 28, 1), class labels)."""
    images, labels = images.copy(), np.asarray(labels).astype(np.int64).copy()
    for k in np.flatnonzero(rng.random(len(labels)) < share):
        labels[k] = flip_label(images[k], int(labels[k]))
        images[k, ..., 0] = flipped(images[k])
    return images, labels
