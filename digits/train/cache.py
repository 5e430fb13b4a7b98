"""Train on a miss: the cached model for a training config, trained and cached when absent."""

from __future__ import annotations

import tempfile

from digits.console import say
from digits.read.modelfile import ModelFileError, cache_dir, cache_path, load_model, meta_path, save_model

KEEP_MODELS = 20  # trained configurations kept; older ones are trained again if asked for


def tidy(folder=None, keep: int = KEEP_MODELS) -> int:
    """Delete what a killed save left (temporary files) and all but the newest `keep` models."""
    folder = cache_dir() if folder is None else folder
    gone = 0
    try:
        leftovers = [f for f in folder.glob(".*-*") if f.suffix in (".keras", ".json")]
        models = [f for f in folder.glob("*.keras") if not f.name.startswith(".")]
        models.sort(key=lambda f: f.stat().st_mtime, reverse=True)
        for f in leftovers + [m for old in models[keep:] for m in (old, meta_path(old))]:
            if f.exists():
                f.unlink()
                gone += 1
    except OSError:  # a read-only or vanished cache: nothing to tidy, nothing lost
        pass
    return gone


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
