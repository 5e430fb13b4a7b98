"""Model files: written atomically with a checksum, checked on load; where each trained run is kept."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

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


def load_model(path):
    """Load a model file after checking it; ModelFileError with one plain line otherwise."""
    import keras

    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"Model file not found: {path}")
    expected = read_meta(path).get("sha256")
    if expected and expected != sha256(path):
        raise ModelFileError(f"Model file {path.name} is damaged (checksum mismatch); it will not be used.")
    try:
        model = keras.models.load_model(path, compile=False)
    except Exception as exc:  # zip errors, version mismatches, wrong content
        raise ModelFileError(f"Model file {path.name} cannot be loaded ({exc.__class__.__name__}).") from exc
    shape = tuple(model.input_shape[1:]) if hasattr(model, "input_shape") else None
    if shape != (28, 28, 1) or tuple(model.output_shape[1:]) not in ((10,), (18,)):  # 18: mirror-aware
        raise ModelFileError(f"Model file {path.name} is not a 28x28 digit reader.")
    return model
