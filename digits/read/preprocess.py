"""Any drawing to MNIST framing: the one preprocessing path for the app, the CLI and training."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from digits.limits import IMAGE_BYTES, IMAGE_PIXELS, short

MAX_PIXELS = IMAGE_PIXELS  # larger images are refused before any copy is made (or decoded, from a file)


class BadImage(ValueError):
    """An input that is not an image we can read; the message is one plain line."""


@dataclass(frozen=True)
class Framing:
    """How a drawing is fitted into MNIST's frame; defaults follow MNIST's own recipe."""

    frame: int = 28  # output side
    box: int = 20  # longest side of the digit inside the frame
    work_side: int = 512  # canvases are shrunk to this before any float work (speed)
    ink_threshold: float = 0.2  # mask level that counts as ink for boxes and components
    min_contrast: float = 0.12  # below this the canvas is blank (paper noise, JPEG)
    stroke_width: float = 3.1  # MNIST's median stroke by stroke_width(), in frame pixels
    thin: float = 0.6  # strokes thinner than thin * stroke_width are thickened
    thick: float = 1.7  # strokes thicker than thick * stroke_width are thinned
    max_blob_ratio: float = 0.4  # stroke width / longest side above this is a dot
    touching_ratio: float = 1.3  # a piece wider than this times its height is digits that touch


DEFAULT = Framing()


# ---------------------------------------------------------------- input to array


def to_array(image) -> np.ndarray | None:
    """A Sketchpad dict, PIL image or array as an H x W (x C) array; None if nothing there."""
    if isinstance(image, dict):
        return _sketchpad_array(image)
    if image is None:
        return None
    if hasattr(image, "mode") and hasattr(image, "size"):  # PIL, without importing it
        image = np.asarray(image)
    if not isinstance(image, np.ndarray):
        raise BadImage(f"Expected an image, got {type(image).__name__}.")
    if image.dtype == bool:
        image = image.astype(np.uint8) * 255
    if not (np.issubdtype(image.dtype, np.integer) or np.issubdtype(image.dtype, np.floating)):
        raise BadImage(f"Image pixels must be numbers, not {image.dtype}.")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[..., 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (2, 3, 4)):
        raise BadImage(f"Expected a grey, RGB or RGBA image, got shape {image.shape}.")
    if image.shape[0] < 1 or image.shape[1] < 1:
        return None
    if image.shape[0] * image.shape[1] > MAX_PIXELS:
        raise BadImage(_too_large(image.shape[1], image.shape[0]))
    return image


def _sketchpad_array(value: dict) -> np.ndarray | None:
    composite = value.get("composite")
    if composite is not None:
        return to_array(composite)
    # No composite (some clients send only layers): stack the layers over the background.
    parts = [to_array(p) for p in [value.get("background"), *(value.get("layers") or [])]]
    parts = [_rgba8(p).astype(np.float32) / 255.0 for p in parts if p is not None]
    if not parts:
        return None
    out = parts[0].copy()
    for layer in parts[1:]:
        if layer.shape != out.shape:
            continue
        a = layer[..., 3:4]
        out[..., :3] = layer[..., :3] * a + out[..., :3] * (1 - a)
        out[..., 3:4] = a + out[..., 3:4] * (1 - a)
    return out


# ---------------------------------------------------------------- ink


def _shrink(image: np.ndarray, side: int) -> np.ndarray:
    h, w = image.shape[:2]
    if max(h, w) <= side:
        return image
    # A whole-number factor: OpenCV's area resize is ~15x faster then (800 -> 400, not 512).
    factor = -(-max(h, w) // side)
    size = (max(1, w // factor), max(1, h // factor))
    if image.dtype not in (np.uint8, np.uint16, np.float32, np.float64):
        image = image.astype(np.float32)
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def _border(a: np.ndarray) -> np.ndarray:
    return np.concatenate([a[0], a[-1], a[1:-1, 0], a[1:-1, -1]], axis=0)


def _uint8(image: np.ndarray) -> np.ndarray:
    """Pixels as uint8 0..255 (a canvas's own depth), refusing NaN, infinite and negative values."""
    if image.dtype == np.uint8:
        return image
    if np.issubdtype(image.dtype, np.floating):
        if not np.isfinite(image).all() or np.abs(image).max(initial=0) > 1e30:
            raise BadImage("The image contains NaN or infinite values.")
    if image.min(initial=0) < 0:
        raise BadImage("The image has negative pixel values.")
    top = float(image.max(initial=0))
    if np.issubdtype(image.dtype, np.integer):
        scale = 1.0 if top <= 255 else 255.0 / np.iinfo(image.dtype).max
    else:
        scale = 255.0 if top <= 1.0 else 1.0
    return np.clip(image.astype(np.float32) * scale, 0, 255).round().astype(np.uint8)


def _rgba8(image: np.ndarray) -> np.ndarray:
    u = np.ascontiguousarray(_uint8(image))
    if u.ndim == 2:
        return cv2.cvtColor(u, cv2.COLOR_GRAY2RGBA)
    if u.shape[2] == 2:  # grey + alpha
        return np.dstack([u[..., 0], u[..., 0], u[..., 0], u[..., 1]])
    if u.shape[2] == 3:
        return cv2.cvtColor(u, cv2.COLOR_RGB2RGBA)
    return u


def ink_mask(image, framing: Framing = DEFAULT) -> np.ndarray | None:
    """Where the ink is, 0..1, whatever the ink and paper colours; None for a blank canvas."""
    array = to_array(image)
    if array is None:
        return None
    # 8-bit OpenCV arithmetic on a shrunk canvas: float NumPy here cost ~30 ms on 800x800.
    rgba = _rgba8(_shrink(array, framing.work_side))
    alpha = np.ascontiguousarray(rgba[..., 3])
    if np.median(_border(alpha)) < 128:
        # Transparent paper: the ink is whatever is opaque, whatever its colour.
        ink = alpha
    else:
        # Opaque paper: the ink is what differs from the paper colour, seen over white.
        rgb = np.ascontiguousarray(rgba[..., :3])
        if cv2.minMaxLoc(alpha)[0] < 255:
            a = alpha.astype(np.uint16)[..., None]
            rgb = ((rgb.astype(np.uint16) * a + 255 * (255 - a)) // 255).astype(np.uint8)
        paper = np.median(_border(rgb), axis=0).astype(np.uint8)
        r, g, b = cv2.split(cv2.absdiff(rgb, (*paper.tolist(), 0)))
        ink = cv2.max(cv2.max(r, g), b)
    peak = cv2.minMaxLoc(ink)[1]
    if peak < framing.min_contrast * 255:
        return None
    mask = ink.astype(np.float32) * np.float32(1.0 / peak)
    return cv2.threshold(mask, 0.1, 0, cv2.THRESH_TOZERO)[1]


# ---------------------------------------------------------------- framing


def stroke_width(binary: np.ndarray) -> float:
    """Mean stroke width of a 0/1 mask: twice the area over the contour length."""
    contours, _ = cv2.findContours(binary, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    return 2.0 * float(binary.sum()) / max(perimeter, 1.0)


def _normalise_strokes(m: np.ndarray, scale: float, framing: Framing) -> np.ndarray | None:
    """Thicken hair lines and thin felt-tip blobs towards MNIST's stroke width."""
    binary = (m > framing.ink_threshold).astype(np.uint8)
    width = stroke_width(binary)
    if width > framing.max_blob_ratio * max(m.shape):
        return None  # a dot or a scribbled blob, not a digit
    target = framing.stroke_width * scale
    if width < framing.thin * target:
        k = int(round(target - width)) | 1
        # Faint hair lines count as full ink, then are thickened evenly and their edges softened.
        m = cv2.copyMakeBorder(binary.astype(np.float32), k, k, k, k, cv2.BORDER_CONSTANT, value=0)
        m = cv2.dilate(m, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
        m = cv2.GaussianBlur(m, (5, 5), 0)
    elif width > framing.thick * target:
        k = int(round(min(width - target, 0.5 * width))) | 1
        m = cv2.erode(m, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    return m


def _crop(m: np.ndarray, threshold: float) -> np.ndarray | None:
    # The ink's rows and columns, not its every pixel's index: 0.012 ms against 0.030 for a pen
    # digit's ~97 x 79 mask, cropped ~10 times a read.
    ink = m > threshold
    rows = np.flatnonzero(ink.any(1))
    if not len(rows):
        return None
    cols = np.flatnonzero(ink.any(0))
    return m[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def frame(mask: np.ndarray, framing: Framing = DEFAULT) -> np.ndarray | None:
    """An ink mask holding one digit to a 28x28 MNIST-framed float32 image; None if no digit."""
    m = _crop(mask, framing.ink_threshold)
    if m is None:
        return None
    # Work at 4x the box so stroke measurements are not dominated by pixelation.
    scale = 4
    work = framing.box * scale
    h, w = m.shape
    s = work / max(h, w)
    size = (max(1, round(w * s)), max(1, round(h * s)))
    m = cv2.resize(m, size, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    m = _normalise_strokes(m, scale, framing)
    if m is None:
        return None
    m = _crop(m, framing.ink_threshold)
    if m is None:
        return None
    h, w = m.shape
    s = framing.box / max(h, w)
    size = (max(1, round(w * s)), max(1, round(h * s)))
    small = cv2.resize(m, size, interpolation=cv2.INTER_AREA)
    small = small / max(float(small.max()), 1e-6)
    return _centre(small, framing.frame)


def _centre(digit: np.ndarray, side: int) -> np.ndarray:
    """Pad to side x side and shift the centre of mass to the middle, as MNIST does."""
    h, w = digit.shape
    out = np.zeros((side, side), np.float32)
    total = float(digit.sum())
    ys, xs = np.mgrid[0:h, 0:w]
    cy = float((ys * digit).sum()) / total if total else (h - 1) / 2
    cx = float((xs * digit).sum()) / total if total else (w - 1) / 2
    # MNIST's mean centre of mass is (14.0, 14.0) in pixel-index coordinates (measured).
    top = int(round(side / 2 - cy))
    left = int(round(side / 2 - cx))
    top = min(max(top, 0), side - h)
    left = min(max(left, 0), side - w)
    out[top : top + h, left : left + w] = digit
    return out


# ---------------------------------------------------------------- the public path


def preprocess(image, framing: Framing = DEFAULT) -> np.ndarray | None:
    """Any drawing (all its ink as one digit) to a 28x28 float32 MNIST image; None if blank."""
    mask = ink_mask(image, framing)
    return None if mask is None else frame(mask, framing)


def _too_large(width: int, height: int) -> str:
    return f"Image too large ({width} x {height} pixels): at most {MAX_PIXELS / 1e6:.1f} megapixels."


def image_header(source) -> tuple[int, int, str]:
    """An image's width, height and format from its header alone (a path or bytes); BadImage if none.

    Pillow's Image.open reads the header and decodes nothing: a 107 KB PNG of 9400 x 9400 is refused
    here before its 350 MB of pixels exist.
    """
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we refuse them ourselves
            with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as im:
                return int(im.width), int(im.height), str(im.format)
    except Image.DecompressionBombError:  # over 179 megapixels: Pillow refuses it before we can look
        raise BadImage(f"Image too large: at most {MAX_PIXELS / 1e6:.1f} megapixels.") from None
    except (OSError, ValueError, SyntaxError):  # not an image, cut off, or a header Pillow finds corrupt
        raise BadImage("This is not an image we can read.") from None


def read_image_file(path) -> np.ndarray:
    """An image file (PNG, JPEG, ...) as an array, keeping alpha; BadImage if unreadable.

    Its size and pixel count are checked from the file and its header before anything is decoded.
    """
    from pathlib import Path

    p = Path(path)
    name = short(p.name)
    if not p.is_file():
        raise BadImage(f"No such file: {name}")
    if p.stat().st_size > IMAGE_BYTES:
        raise BadImage(f"{name} is larger than {IMAGE_BYTES / 2**20:g} MB.")
    return decode_image(p.read_bytes(), name)


def decode_image(data: bytes, name: str = "The image") -> np.ndarray:
    """An image file's bytes as an array, keeping alpha; BadImage if unreadable (header checked first)."""
    if len(data) > IMAGE_BYTES:
        raise BadImage(f"{name} is larger than {IMAGE_BYTES / 2**20:g} MB.")
    try:
        width, height, kind = image_header(data)
    except BadImage as exc:
        raise BadImage(f"{name}: {str(exc)[0].lower()}{str(exc)[1:]}") from None
    if width * height > MAX_PIXELS:
        raise BadImage(_too_large(width, height))
    # A JPEG has no alpha to keep, and IMREAD_COLOR turns it as its camera said (EXIF), as Gradio did.
    flags = cv2.IMREAD_COLOR if kind == "JPEG" else cv2.IMREAD_UNCHANGED
    image = cv2.imdecode(np.frombuffer(data, np.uint8), flags) if data else None
    if image is None:
        raise BadImage(f"{name} is not an image we can read.")
    if image.ndim == 3 and image.shape[2] == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    elif image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2RGBA)
    return image
