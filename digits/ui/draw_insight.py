"""Pictures of what happens inside the network for one drawing, each with a plain sentence."""

from __future__ import annotations

import cv2
import numpy as np

from digits.read.insight import first_layer, saliency
from digits.read.mirror import backwards_class

# Captions are short so the gallery's thumbnails show them whole; the sentences are in LEGEND.
LEGEND = """1. **What it sees**: your drawing shrunk to 28 x 28 pixels, white ink on black, like the digits it
   learned from.
2. **Filters**: the first layer's little filters; each one looks for its own simple pattern, like an
   edge or a stroke going one way (red where it wants ink, blue where it wants none).
3. **What each filter found** in your drawing: bright where its pattern is.
4. **What mattered**: the pixels that mattered most for the answer; the brighter the colour, the more
   that pixel changes the network's mind.
"""
INPUT_SIDE = 280  # the 28x28 input shown ten times larger, with hard pixel edges
GAP = 4  # pixels between tiles of a grid


def _rgb(values: np.ndarray, cmap: str) -> np.ndarray:
    """Values in [0, 1] through a matplotlib colour map, as uint8 RGB."""
    import matplotlib  # deferred: only this view needs colour maps

    return (matplotlib.colormaps[cmap](np.clip(values, 0, 1))[..., :3] * 255).astype(np.uint8)


def _enlarge(image: np.ndarray, side: int) -> np.ndarray:
    return cv2.resize(image, (side, side), interpolation=cv2.INTER_NEAREST)


def _grid(tiles: list[np.ndarray], columns: int) -> np.ndarray:
    """Equal-sized RGB tiles in rows of `columns` on a white background."""
    h, w = tiles[0].shape[:2]
    rows = -(-len(tiles) // columns)
    out = np.full((rows * (h + GAP) - GAP, columns * (w + GAP) - GAP, 3), 255, np.uint8)
    for i, tile in enumerate(tiles):
        r, c = divmod(i, columns)
        out[r * (h + GAP) : r * (h + GAP) + h, c * (w + GAP) : c * (w + GAP) + w] = tile
    return out


def _columns(k: int) -> int:
    return 8 if k > 16 else 4 if k > 4 else k


def input_view(image28: np.ndarray) -> np.ndarray:
    """The 28x28 input as the network gets it: white ink on black, every pixel visible."""
    grey = (np.clip(image28.reshape(28, 28), 0, 1) * 255).astype(np.uint8)
    return cv2.cvtColor(_enlarge(grey, INPUT_SIDE), cv2.COLOR_GRAY2RGB)


def filters_view(filters: np.ndarray, side: int = 60) -> np.ndarray:
    """Each filter as a small square: red where it wants ink, blue where it wants none."""
    tiles = []
    for f in filters:
        scale = float(np.abs(f).max()) or 1.0
        tiles.append(_enlarge(_rgb(0.5 + 0.5 * f / scale, "RdBu_r"), side))
    return _grid(tiles, _columns(len(tiles)))


def maps_view(maps: np.ndarray, side: int = 112) -> np.ndarray:
    """Each feature map, bright where its filter found its pattern."""
    tiles = []
    for m in maps:
        # Only positive responses mean "found": negatives are cut off by the ReLU that follows.
        m = np.maximum(m, 0)
        peak = float(m.max()) or 1.0
        tiles.append(_enlarge(_rgb(m / peak, "magma"), side))
    return _grid(tiles, _columns(len(tiles)))


def saliency_view(image28: np.ndarray, heat: np.ndarray) -> np.ndarray:
    """The heat map laid over the drawing, so children see which strokes it is about."""
    # A light blur: raw gradients are speckled, and children read blobs better than dots.
    heat = cv2.GaussianBlur(heat.astype(np.float32), (3, 3), 0)
    heat = heat / heat.max() if heat.max() > 0 else heat
    colour = _rgb(heat, "inferno").astype(np.float32)
    ink = np.clip(image28.reshape(28, 28), 0, 1)[..., None] * 255.0
    blended = 0.75 * colour + 0.25 * np.broadcast_to(ink, colour.shape)
    return cv2.resize(blended.astype(np.uint8), (INPUT_SIDE, INPUT_SIDE), interpolation=cv2.INTER_CUBIC)


def inside_views(recognizer, image, reading=None) -> list[tuple[np.ndarray, str]]:
    """The input, first-layer filters and feature maps, and saliency for a drawing; [] if none."""
    reading = reading or recognizer.read(image)
    if reading.digit is None:
        return []
    model, x = recognizer.model, reading.image
    filters, maps = first_layer(model, x)
    k, (h, w) = len(filters), filters.shape[1:]
    # A backwards digit: the pixels behind "this digit, written backwards" (its own output).
    mirrored = getattr(reading, "mirrored", False)
    heat = saliency(model, x, backwards_class(reading.digit) if mirrored else reading.digit)
    backwards = ", written backwards" if mirrored else ""
    return [
        (input_view(x), "1. What it sees: 28 x 28"),
        (filters_view(filters), f"2. {k} filters, {h} x {w} each"),
        (maps_view(maps), "3. What each filter found"),
        (saliency_view(x, heat), f"4. What mattered for {reading.digit}{backwards}"),
    ]
