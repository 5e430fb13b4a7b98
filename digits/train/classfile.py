"""A class set as a file: downloaded as a zip (arrays and a README, or PNGs and a CSV), uploaded back."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import cv2
import numpy as np

from digits.limits import CLASS_IMAGE_BYTES, short
from digits.read.modelfile import packed_too_tightly, zip_members
from digits.read.preprocess import BadImage, image_header
from digits.train.classset import (
    LIMITS,
    ClassSet,
    ClassSetError,
    LabelledDrawing,
    Limits,
    as_image,
    as_label,
    as_source,
    stored_strokes,
)

FORMATS = ("npz", "png")
NPZ_NAME = "class_set.npz"
NPZ_ARRAYS = ("images", "labels", "sources", "canvas", "points", "stroke_len", "n_strokes")
CSV_NAME = "labels.csv"
README_NAME = "README.txt"
README = """A class set: digits drawn and labelled by a class in the digits app.

class_set.npz holds {n} drawings (per digit 0-9: {counts}). Load it with numpy.load:
  images      (N, 28, 28) uint8   what the network reads: the drawing framed like MNIST, 0-255
  labels      (N,)        uint8   the digit, 0-9
  sources     (N,)        str     where it was collected: practice, teach or import
  canvas      (N, 2)      int32   the drawing pad's width and height in pixels (0 if unknown)
  points      (P, 3)      float32 every pen point: x, y (pixels) and t (milliseconds)
  stroke_len  (S,)        int32   points per stroke, strokes in order
  n_strokes   (N,)        int32   strokes per drawing
Split the strokes with numpy.split(points, numpy.cumsum(stroke_len)[:-1]), then group them
per drawing with numpy.cumsum(n_strokes). Upload this zip in the app to use the set again.
"""


def export(class_set: ClassSet, path, fmt: str = "npz") -> Path:
    """Write the set as a zip: "npz" (arrays plus a README) or "png" (images plus a CSV)."""
    if not class_set.drawings:
        raise ClassSetError("There are no drawings to download yet.")
    if fmt not in FORMATS:
        raise ClassSetError(f"Unknown format {fmt!r}: use npz or png.")
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if fmt == "npz":
            z.writestr(NPZ_NAME, _npz_bytes(class_set.drawings))
            z.writestr(README_NAME, README.format(n=len(class_set), counts=class_set.counts()))
            return path
        rows = io.StringIO()
        out = csv.writer(rows)
        out.writerow(["file", "label", "source", "width", "height", "strokes"])
        for i, d in enumerate(class_set.drawings):
            name = f"images/{i + 1:04d}_{d.label}.png"
            z.writestr(name, cv2.imencode(".png", _uint8(d.image))[1].tobytes())
            strokes = json.dumps([np.round(s, 2).tolist() for s in d.strokes])
            out.writerow([name, d.label, d.source, *d.canvas, strokes])
        z.writestr(CSV_NAME, rows.getvalue())
    return path


def _npz_bytes(drawings: list[LabelledDrawing]) -> bytes:
    strokes = [s for d in drawings for s in d.strokes]
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        images=np.stack([_uint8(d.image) for d in drawings]),
        labels=np.array([d.label for d in drawings], np.uint8),
        sources=np.array([d.source for d in drawings]),
        canvas=np.array([d.canvas for d in drawings], np.int32).reshape(-1, 2),
        points=np.concatenate(strokes) if strokes else np.zeros((0, 3), np.float32),
        stroke_len=np.array([len(s) for s in strokes], np.int32),
        n_strokes=np.array([len(d.strokes) for d in drawings], np.int32),
    )
    return buf.getvalue()


def _uint8(image: np.ndarray) -> np.ndarray:
    return np.clip(np.asarray(image).reshape(28, 28) * 255, 0, 255).round().astype(np.uint8)


# ---------------------------------------------------------------- upload


def load(path, limits: Limits = LIMITS) -> ClassSet:
    """A class set from a downloaded zip (either format) or a bare .npz; ClassSetError otherwise."""
    path = Path(path)
    name = short(path.name)
    if not path.is_file():
        raise ClassSetError(f"No such file: {name}.")
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise ClassSetError(
            f"{name} is too large ({size / 2**20:.1f} MB): at most {limits.max_bytes / 2**20:g} MB."
        )
    data = path.read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ClassSetError(f"{name} is not a class set: upload the .zip (or .npz) the app downloaded.")
    try:
        return _from_zip(data, name, limits)
    except ClassSetError:
        raise
    except Exception as exc:  # bad CRC, cut-off members, malformed arrays or CSV
        raise ClassSetError(f"{path.name} is damaged and cannot be read ({exc.__class__.__name__}).") from exc


def _opened(data: bytes, name: str, limits: Limits) -> zipfile.ZipFile:
    """The zip in `data`, refused before unpacking if its members claim too much."""
    members = zip_members(data)  # from its last bytes: zipfile would first build an entry for each
    if members is None or members > limits.max_items + 10:
        raise ClassSetError(f"{name} unpacks to too much: at most {limits.max_items} drawings.")
    z = zipfile.ZipFile(io.BytesIO(data))
    infos = z.infolist()
    if sum(i.file_size for i in infos) > limits.max_unpacked or len(infos) > limits.max_items + 10:
        raise ClassSetError(f"{name} unpacks to too much: at most {limits.max_items} drawings.")
    if any(packed_too_tightly(i) for i in infos):
        raise ClassSetError(f"{name} is packed too tightly to be a class set (a zip bomb): it is refused.")
    return z


def _from_zip(data: bytes, name: str, limits: Limits) -> ClassSet:
    with _opened(data, name, limits) as z:
        names = set(z.NameToInfo)
        if names and all(n.endswith(".npy") for n in names):  # a bare .npz is a zip of .npy files
            return _from_npz(data, name, limits)
        if NPZ_NAME in names:
            return _from_npz(z.read(NPZ_NAME), name, limits)
        if CSV_NAME in names:
            return _from_pngs(z, name, limits)
    raise ClassSetError(f"{name} holds neither {NPZ_NAME} nor {CSV_NAME}: it is not a class set.")


def _from_npz(data: bytes, name: str, limits: Limits) -> ClassSet:
    _opened(data, name, limits).close()
    with np.load(io.BytesIO(data), allow_pickle=False) as f:
        arrays = {k: f[k] for k in NPZ_ARRAYS if k in f.files}  # only ours: an extra array is never unpacked
    for key in ("images", "labels"):
        if key not in arrays:
            raise ClassSetError(f"{name} has no {key!r} array: it is not a class set.")
    images, labels = arrays["images"], arrays["labels"]
    if labels.ndim != 1:
        raise ClassSetError(f"{name}: labels must be one list of digits, not shape {labels.shape}.")
    n = _count(len(labels), name, limits)
    if images.shape != (n, 28, 28):
        raise ClassSetError(
            f"{name}: images must be {n} x 28 x 28, not {' x '.join(map(str, images.shape))}."
        )
    sources = arrays.get("sources", np.full(n, "import"))
    canvas = arrays.get("canvas", np.zeros((n, 2), np.int32))
    if sources.shape != (n,) or canvas.shape != (n, 2):
        raise ClassSetError(f"{name}: the sources or canvas arrays do not match the {n} drawings.")
    strokes = _npz_strokes(arrays, n, name)
    return _build(images, labels, sources, canvas, strokes, name, limits)


def _npz_strokes(arrays: dict, n: int, name: str) -> list:
    if "points" not in arrays:
        return [[] for _ in range(n)]
    points, stroke_len, n_strokes = arrays["points"], arrays["stroke_len"], arrays["n_strokes"]
    ok = (
        points.ndim == 2
        and points.shape[1] == 3
        and n_strokes.shape == (n,)
        and stroke_len.shape == (int(n_strokes.sum()),)
        and int(stroke_len.sum()) == len(points)
        and (stroke_len > 0).all()
        and (n_strokes >= 0).all()
    )
    if not ok:
        raise ClassSetError(f"{name}: the stroke arrays do not fit together.")
    strokes = np.split(points, np.cumsum(stroke_len)[:-1]) if len(stroke_len) else []
    bounds = np.cumsum(n_strokes)
    return [strokes[b - k : b] for b, k in zip(bounds, n_strokes, strict=True)]


def _from_pngs(z: zipfile.ZipFile, name: str, limits: Limits) -> ClassSet:
    rows = list(csv.DictReader(io.StringIO(z.read(CSV_NAME).decode("utf-8"))))
    n = _count(len(rows), name, limits)
    if n and not {"file", "label"} <= set(rows[0]):
        raise ClassSetError(f"{name}: {CSV_NAME} needs the columns file and label.")
    images, strokes = [], []
    for row in rows:
        image = _png(z, row["file"], name)
        images.append(image)
        strokes.append(json.loads(row.get("strokes") or "[]"))
    sources = [row.get("source") or "import" for row in rows]
    canvas = [(row.get("width") or 0, row.get("height") or 0) for row in rows]
    labels = [row["label"] for row in rows]
    return _build(np.array(images), labels, sources, canvas, strokes, name, limits)


def _png(z: zipfile.ZipFile, member: str, name: str) -> np.ndarray:
    """One drawing's PNG, its size and header checked before it is decoded (20000 x 20000 cost 758 MB)."""
    info = z.NameToInfo.get(member)
    if info is None:
        raise ClassSetError(f"{name}: {short(member)} is listed in {CSV_NAME} but missing.")
    not_28 = ClassSetError(f"{name}: {short(member)} is not a 28 x 28 image.")
    if info.file_size > CLASS_IMAGE_BYTES:
        raise not_28
    data = z.read(info)
    try:
        if image_header(data)[:2] != (28, 28):
            raise not_28
    except BadImage:
        raise not_28 from None
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None or image.shape != (28, 28):
        raise not_28
    return image


def _build(images, labels, sources, canvas, strokes, name: str, limits: Limits) -> ClassSet:
    try:
        drawings = [
            LabelledDrawing(as_image(im), as_label(lab), as_source(src), *stored_strokes(st, c))
            for im, lab, src, c, st in zip(images, labels, sources, canvas, strokes, strict=True)
        ]
    except ClassSetError as exc:
        raise ClassSetError(f"{name}: {str(exc)[0].lower()}{str(exc)[1:]}") from None
    loaded = ClassSet(drawings, limits)
    if loaded.points() > limits.max_points:
        raise ClassSetError(f"{name} holds more than {limits.max_points:,} pen points.")
    return loaded


def _count(n: int, name: str, limits: Limits) -> int:
    if n == 0:
        raise ClassSetError(f"{name} holds no drawings.")
    if n > limits.max_items:
        raise ClassSetError(f"{name} holds {n} drawings: at most {limits.max_items}.")
    return n
