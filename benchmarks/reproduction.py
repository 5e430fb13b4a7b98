"""The hour-long, resumable harness that trains each documented network and records it.

benchmarks/reproduce.py runs it; digits/train/reproduced.py reads what it wrote (the results file).
"""

from __future__ import annotations

import os
from pathlib import Path

from digits.train import models
from digits.train.reproduced import FINISHED, KERAS2, RESULTS, TOLERANCE, WHY, load, save, status


def check_keras2(name: str, data, path=RESULTS, seed: int = 0, callbacks=()) -> dict:
    """Train `name` as documented but with Keras 2's optimizer defaults, noted beside its entry: the entry.

    For a miss explained by a default that changed: the explanation measured, not just said.
    """
    import time

    import keras

    from digits.train.evaluate import evaluate
    from digits.train.fit import TrainConfig, compile_model, train

    config = TrainConfig(name, seed=seed).resolved()
    settings = KERAS2.get(config.optimizer)
    if settings is None:
        raise ValueError(f"{name}'s {config.optimizer} has Keras 3's defaults already: nothing to check.")
    keras.utils.set_random_seed(seed)
    # The documents' networks have no schedule, so the steps per epoch play no part.
    model = compile_model(models.build(name), config, 0, optimizer_settings=settings)
    start = time.perf_counter()
    result = train(config, data, callbacks=list(callbacks), resume=model)
    ev = evaluate(result.model, data.x_test, data.y_test)
    entries = load(path)
    entry = entries.setdefault(name, {"name": name})
    if entry.get("status") == "missed" and name in WHY:
        entry["why"] = WHY[name]  # the reason as the code now gives it
    entry["keras2_check"] = {
        "optimizer": config.optimizer,
        "optimizer_settings": settings,
        "test_accuracy": round(ev.accuracy, 5),
        "test_loss": round(ev.loss, 5),
        "epochs_done": result.epochs_done,
        "wall_seconds": round(time.perf_counter() - start, 1),
    }
    save(entries, path)
    return entry


def _recorder(entry: dict, path, checkpoint: Path, cap_seconds: float, prior_seconds: float):
    """A Keras callback: stop at the time cap; after each epoch, add it to the curve, save a checkpoint
    and write the results file, so a killed run keeps its progress."""
    import time

    import keras

    class Recorder(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.start = time.perf_counter()

        def elapsed(self) -> float:
            return prior_seconds + time.perf_counter() - self.start

        def on_epoch_begin(self, epoch, logs=None):
            self.batches = 0

        def on_train_batch_end(self, batch, logs=None):
            self.batches += 1
            if self.elapsed() > cap_seconds:
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            whole = self.batches >= (self.params.get("steps") or self.batches)
            point = {"epoch": epoch + (1 if whole else self.batches / self.params["steps"])}
            point |= {
                k.replace("val_", "test_"): round(float(v), 5)
                for k, v in logs.items()
                if "loss" in k or "acc" in k
            }
            point["seconds"] = round(self.elapsed(), 1)
            entry["curve"].append(point)
            entry["wall_seconds"] = round(self.elapsed(), 1)
            if whole:
                self.model.save(checkpoint)  # with the optimizer's state, to resume from here
                entry["epochs_done"] = epoch + 1
            entry["test_accuracy"] = point.get("test_accuracy")
            entry["test_loss"] = point.get("test_loss")
            entries = load(path)
            entries[entry["name"]] = entry
            save(entries, path)

    return Recorder()


def reproduce(
    name: str, data, path=RESULTS, cap_seconds: float = 3600, subset=None, seed: int = 0, callbacks=()
):
    """Train the network as documented (resuming a killed or capped run), record it in `path`; the entry.

    A network already finished, or one that has used up `cap_seconds`, is returned as it is.
    """
    import platform
    import time

    import keras

    from digits.read.modelfile import cache_dir
    from digits.train.evaluate import evaluate
    from digits.train.fit import TrainConfig, train

    config = TrainConfig(name, subset=subset, seed=seed).resolved()
    arch, key = models.get(name), config.key()
    checkpoint = cache_dir() / "reproduce" / f"{name}-{key}.keras"
    old = load(path).get(name)
    if old and old.get("key") == key and (old["status"] in FINISHED or old["wall_seconds"] >= cap_seconds):
        return old
    resuming = bool(old and old.get("key") == key and old["epochs_done"] and checkpoint.is_file())
    entry = (
        dict(old)
        if resuming
        else {"name": name, "key": key, "epochs_done": 0, "wall_seconds": 0.0, "curve": []}
    )
    if old and old.get("keras2_check"):
        entry["keras2_check"] = old["keras2_check"]  # a check noted beside it survives a fresh run
    entry["curve"] = [p for p in entry["curve"] if p["epoch"] <= entry["epochs_done"]]  # drop a cut-off epoch
    entry |= {
        "source": arch.source,
        "status": "running",
        "settings": {
            "optimizer": config.optimizer,
            "learning_rate": config.learning_rate,
            "loss": arch.loss,
            "batch_size": config.batch_size,
            "subset": subset,
            "seed": seed,
        },
        "epochs": config.epochs,
        "document": arch.reported,
        "document_accuracy": arch.reported.get("test_accuracy"),
        "cap_minutes": round(cap_seconds / 60, 2),
        "cpus": os.cpu_count(),
        "machine": f"{platform.machine()} {platform.system()}, Keras {keras.__version__}",
    }
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    prior = entry["wall_seconds"]
    recorder = _recorder(entry, path, checkpoint, cap_seconds, prior)
    start = time.perf_counter()
    model = keras.models.load_model(checkpoint) if resuming else None
    result = train(
        config, data, callbacks=[recorder, *callbacks], resume=model, initial_epoch=entry["epochs_done"]
    )
    ev = evaluate(result.model, data.x_test, data.y_test)
    entry["test_accuracy"], entry["test_loss"] = round(ev.accuracy, 5), round(ev.loss, 5)
    entry["wall_seconds"] = round(prior + time.perf_counter() - start, 1)
    entry["status"] = status(
        ev.accuracy, entry["document_accuracy"], entry["epochs_done"], config.epochs, subset
    )
    gap = entry["document_accuracy"] is not None and abs(ev.accuracy - entry["document_accuracy"]) > TOLERANCE
    if gap and name in WHY and not subset:
        entry["why"] = WHY[name]
    entry["date"] = time.strftime("%Y-%m-%d")
    entries = load(path)
    entries[name] = entry
    save(entries, path)
    return entry
