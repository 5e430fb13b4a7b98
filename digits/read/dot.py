"""Only a dot: ink too small, for the page it is on, to be a digit; one rule for strokes and images.

strokes.only_a_dot applies it to a pad value, image_dot to an image's ink.
"""

from __future__ import annotations

import numpy as np

from digits.read.preprocess import DEFAULT

# A drawing whose ink spans less than this share of the page's shorter side is a tap, not a digit.
# A fingertip's tap wiggles 2-8 px: 2.3% of a phone's 350 px pad, 1.1% of a tablet's 700 px one.
# The smallest digit the app reads (tests/ui: a 4 a tenth of the pad) spans 7.8%: 4% is 2x from both.
DOT_SHARE = 0.04


def too_small(extent: float, side: float, share: float = DOT_SHARE) -> bool:
    """Ink `extent` (its box's longer side) under `share` of the page's shorter `side`."""
    return extent < share * side


def image_dot(mask: np.ndarray, share: float = DOT_SHARE) -> bool:
    """An ink mask (preprocess.ink_mask, the whole page) whose ink is a dot on that page."""
    ys, xs = np.nonzero(mask > DEFAULT.ink_threshold)
    if len(ys) == 0:
        return False
    extent = max(ys.max() - ys.min(), xs.max() - xs.min()) + 1
    return too_small(float(extent), min(mask.shape[:2]), share)
