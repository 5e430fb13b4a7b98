"""Model files: written atomically with a checksum, checked on load; where each trained run is kept."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tempfile
import zipfile
from pathlib import Path

from digits.limits import (
    MODEL_CONFIG_BYTES,
    MODEL_MEMBERS,
    MODEL_UNPACKED,
    ZIP_RATIO,
    ZIP_RATIO_FROM,
    quote,
)

ENV_VAR = "DIGITS_CACHE"
ASSETS = Path(__file__).resolve().parents[2] / "assets"
SHIPPED_MODEL = ASSETS / "recognizer.keras"


class ModelFileError(RuntimeError):
    """A model file that is missing, cut off, altered or not loadable; one plain line."""


def cache_dir() -> Path:
    """$DIGITS_CACHE, else the user's cache folder (XDG), else ~/.cache/digits."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "digits"


def cache_path(config) -> Path:
    """Where the model trained with `config` (a TrainConfig) is kept in the cache."""
    return cache_dir() / f"{config.model}-{config.key()}.keras"


def run_meta(result, ev) -> dict:
    """What a saved model's sidecar records: the resolved config, test figures, history, training time."""
    from dataclasses import asdict

    history = {k: [float(v) for v in vs] for k, vs in result.history.items()}
    return dict(
        config=asdict(result.config),
        test_accuracy=ev.accuracy,
        test_loss=ev.loss,
        history=history,
        seconds=result.seconds,
    )


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def meta_path(path: Path) -> Path:
    return Path(path).with_suffix(".json")


def _inference_copy(model):
    """The model without its optimizer state: a third of the size, all a reader needs."""

    # From the config, not clone_model: in Keras 3 a clone of a compiled model keeps its optimizer.
    copy = model.__class__.from_config(model.get_config())
    copy.set_weights(model.get_weights())
    return copy


def save_model(model, path, meta: dict | None = None) -> Path:
    """Write model (and a JSON sidecar with its sha256) so a crash never leaves a half file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".keras", dir=path.parent)
    os.close(fd)
    try:
        _inference_copy(model).save(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a model file is meant to be shared
        info = dict(meta or {}, sha256=sha256(Path(tmp)), keras_file=path.name)
        tmp_meta = Path(tmp).with_suffix(".json")
        tmp_meta.write_text(json.dumps(info, indent=2, default=str))
        os.replace(tmp_meta, meta_path(path))
        os.replace(tmp, path)  # the model last: a present model always has its sidecar
    finally:
        for leftover in (Path(tmp), Path(tmp).with_suffix(".json")):
            leftover.unlink(missing_ok=True)
    return path


def read_meta(path) -> dict:
    """The sidecar of a model file, or {} if it has none."""
    try:
        return json.loads(meta_path(Path(path)).read_text())
    except (OSError, ValueError):
        return {}


def zip_members(data: bytes) -> int | None:
    """How many members a zip's end record (its last bytes) declares, before Python reads its directory.

    None if there is no end record, or a ZIP64 one (needed only past 65,535 members or 4 GB).
    """
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if at < 0 or len(data) < at + 22:
        return None
    members = struct.unpack("<H", data[at + 10 : at + 12])[0]
    return None if members == 0xFFFF else members


def packed_too_tightly(info: zipfile.ZipInfo) -> bool:
    """A member that unpacks to far more than it holds: a zip bomb (deflate gets ~5 on real files)."""
    return info.file_size > ZIP_RATIO_FROM and info.file_size > ZIP_RATIO * max(1, info.compress_size)


def archive_problem(path, unpacked: int = MODEL_UNPACKED) -> str | None:
    """What is wrong with a .keras zip's members, read from its directory before anything is unpacked."""
    path = Path(path)
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - 22 - 0xFFFF))
        members = zip_members(f.read())
    if members is None:
        return "it is not a zip file, or it was cut off"
    if members > MODEL_MEMBERS:  # counted before zipfile builds an entry for each (0.5 KB apiece)
        return f"it holds {members} files where a model has a few"
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "it is damaged or cut off"
    total = sum(i.file_size for i in infos)
    if total > unpacked:
        return f"it unpacks to {total / 2**20:.0f} MB, and a model may hold at most {unpacked / 2**20:g} MB"
    for info in infos:
        if info.filename.endswith(".json") and info.file_size > MODEL_CONFIG_BYTES:
            return (
                f"its {quote(info.filename)} unpacks to {info.file_size / 2**20:.0f} MB, and a model's "
                f"description may take at most {MODEL_CONFIG_BYTES / 2**20:g} MB"
            )
        if packed_too_tightly(info):
            return f"its {quote(info.filename)} is packed too tightly to be a model (a zip bomb)"
    return None


def load_problem(exc: BaseException) -> str:
    """Why Keras could not load a model file, in plain words (its own message can run to pages)."""
    text = str(exc)
    if "safe_mode" in text or "Lambda" in text:
        return "it runs code of its own (a Lambda layer), which this app never runs"
    if "Could not locate" in text or "could not be deserialized" in text or "Unknown layer" in text:
        return "it uses a layer of its own that this app does not know (a custom layer)"
    if isinstance(exc, (zipfile.BadZipFile, EOFError, OSError, KeyError)):
        return "it is damaged or cut off"
    return f"it may be damaged, or made by another Keras version ({exc.__class__.__name__})"


def load_model(path):
    """Load a digit model file after checking it; ModelFileError with one plain line otherwise."""
    model = load_checked(path)
    shape = tuple(model.input_shape[1:]) if hasattr(model, "input_shape") else None
    if shape != (28, 28, 1) or tuple(model.output_shape[1:]) not in ((10,), (18,)):  # 18: mirror-aware
        raise ModelFileError(f"Model file {Path(path).name} is not a 28x28 digit reader.")
    return model


def load_checked(path):
    """Any Keras model file, checked (present, checksum, archive, no code of its own) and loaded."""
    import keras

    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"Model file not found: {path}")
    expected = read_meta(path).get("sha256")
    if expected and expected != sha256(path):
        raise ModelFileError(f"Model file {path.name} is damaged (checksum mismatch); it will not be used.")
    # A cached or --init file is ours, but a planted one must not unpack to gigabytes.
    if problem := archive_problem(path):
        raise ModelFileError(f"Model file {path.name} cannot be loaded: {problem}.")
    try:
        model = keras.models.load_model(path, compile=False)
    except Exception as exc:  # zip errors, version mismatches, wrong content
        raise ModelFileError(f"Model file {path.name} cannot be loaded: {load_problem(exc)}.") from exc
    return model
