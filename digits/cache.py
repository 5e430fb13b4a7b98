"""Train on a miss: the cached model for a training config, trained and cached when absent."""

from __future__ import annotations

from digits.console import say
from digits.modelfile import ModelFileError, cache_path, load_model, save_model


def load_or_train(config, data=None, callbacks=(), log=say):
    """The cached model for `config`, training (and caching) it when absent or damaged."""
    from digits.train import train

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
    return result.model, path
