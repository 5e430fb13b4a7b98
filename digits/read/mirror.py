"""Backwards digits: the extra "d, written backwards" classes, folding them, and flipping training digits."""

from __future__ import annotations

import cv2
import numpy as np

from digits.read.preprocess import frame

REVERSIBLE = (1, 2, 3, 4, 5, 6, 7, 9)  # 0 and 8 are their own mirror images: never flagged
OUTPUTS = 10 + len(REVERSIBLE)  # outputs 0-9: the digits; 10-17: REVERSIBLE[i] written backwards
SYMMETRIC = 0.85  # a flip this similar to the drawing (after deskewing) is the same drawing
# The mirror view changes a reading only where the drawing's own reading puts weight on "backwards":
# of 2,988 distinct inputs from training writers' digits (as written and mirrored), the 1,039 it
# changed all had at least 0.05 there. Below 0.01 the flip is not read: 59% of those inputs (most
# of a class's, who write the right way round), half the network's work and a frame each.
LOOK_AGAIN = 0.01


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


def _swap_ways() -> np.ndarray:
    """Output order that exchanges each digit with its backwards class (1 excepted, see with_mirror_view)."""
    order = np.arange(OUTPUTS)
    for d in REVERSIBLE[1:]:
        order[d], order[backwards_class(d)] = backwards_class(d), d
    return order


SWAP_WAYS = _swap_ways()


def with_mirror_view(
    own: np.ndarray, view: np.ndarray, above: float = 0.5, weight: float = 0.7, agree: float = 0.05
) -> np.ndarray:
    """Outputs (N, 18) that also weigh what the model read in each drawing's mirror image.

    A backwards 2 flipped is a 2 the right way round, which the model knows best, so the two views
    are combined (weighted geometric mean, ways swapped). The combination is kept only where it says
    "backwards" and the drawing's own reading gives that digit at least `agree`: a backwards 2 and
    a 5 look alike, and a digit written the right way round must keep its own reading. 1 is left
    out: a plain stroke is its own mirror image. Tuned on held-out writers (mirror_accuracy.py).
    """
    own, view = np.asarray(own, np.float32), np.asarray(view, np.float32)[..., SWAP_WAYS]
    both = own**weight * view ** (1 - weight)
    both /= both.sum(-1, keepdims=True) + 1e-12
    p, back = fold(both)
    digit = p.argmax(-1)[..., None]
    picked = np.take_along_axis(p, digit, -1)[..., 0]
    says_backwards = np.take_along_axis(back, digit, -1)[..., 0] > above * picked
    own_gives = np.take_along_axis(fold(own)[0], digit, -1)[..., 0] >= agree
    keep = says_backwards & own_gives & (digit[..., 0] != 1)
    return np.where(keep[..., None], both, own)


def worth_a_second_look(own: np.ndarray) -> np.ndarray:
    """Which of a mirror-aware model's outputs (N, 18) the mirror view could change (see LOOK_AGAIN)."""
    return np.asarray(own)[..., 10:].sum(-1) >= LOOK_AGAIN


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
