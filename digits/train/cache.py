"""Train on a miss: the cached model for a training config, trained and cached when absent."""

from __future__ import annotations

import tempfile
from pathlib import Path

from digits.console import say
from digits.read.modelfile import ModelFileError, cache_dir, cache_path, load_model, meta_path, save_model

KEEP_MODELS = 20  # trained configurations kept; older ones are trained again if asked for


def tidy(folder=None, keep: int = KEEP_MODELS) -> int:
    """Delete what a killed save left (temporary files) and all but the newest `keep` models.

    One bad entry (a folder named like a model, a file that vanished or is not ours to delete) is
    passed over: the rest is still tidied.
    """
    folder = Path(cache_dir() if folder is None else folder)
    try:
        entries = list(folder.iterdir())
    except OSError:  # a read-only, vanished or absent cache: nothing to tidy, nothing lost
        return 0
    leftovers = [
        f for f in entries if f.name.startswith(".") and "-" in f.name and f.suffix in (".keras", ".json")
    ]
    models = sorted(
        (f for f in entries if f.suffix == ".keras" and not f.name.startswith(".") and _mtime(f) is not None),
        key=_mtime,
        reverse=True,
    )
    gone = 0
    for f in leftovers + [m for old in models[keep:] for m in (old, meta_path(old))]:
        try:
            if f.is_file() or f.is_symlink():  # never a folder: we made none, so it is not ours
                f.unlink()
                gone += 1
        except OSError:
            continue
    return gone


def _mtime(f: Path) -> float | None:
    """A model file's modification time; None for a folder or a file that vanished."""
    try:
        return f.stat().st_mtime if f.is_file() else None
    except OSError:
        return None


def unwritable(folder=None) -> str | None:
    """One line if the cache folder cannot take a file (read-only, full, absent and not creatable)."""
    folder = cache_dir() if folder is None else folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-"):
            pass
    except OSError as exc:
        return f"The cache folder {folder} cannot be written ({exc.strerror}): models stay in memory only."
    return None


def load_or_train(config, data=None, callbacks=(), log=say):
    """The cached model for `config`, training (and caching) it when absent or damaged."""
    from digits.train.fit import train

    path = cache_path(config)
    if path.exists():
        try:
            return load_model(path), path
        except ModelFileError as exc:
            log(f"{exc} Training it again.")
    result = train(config, data=data, callbacks=callbacks)
    if result.stopped:
        return result.model, None  # a stopped run is never cached as if complete
    try:
        save_model(result.model, path, {"config": config.resolved().__dict__, "history": result.history})
    except OSError as exc:
        log(
            f"Could not save to the cache folder {path.parent} ({exc.strerror}); "
            "the model is kept in memory only."
        )
        return result.model, None
    tidy(path.parent)
    return result.model, path
