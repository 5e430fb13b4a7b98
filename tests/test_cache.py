"""Model files: round trip, atomic writes, damaged files, and the trained-model cache."""

from __future__ import annotations

import os

import numpy as np
import pytest

from digits import cache
from digits.cache import ModelFileError, load_model, load_or_train, read_meta, save_model
from digits.train import TrainConfig, TrainResult


@pytest.fixture
def saved(quick_model, tmp_path):
    return save_model(quick_model, tmp_path / "m.keras", {"note": "quick"})


def outputs(model, mnist):
    return np.asarray(model(mnist.x_test[:200], training=False))


def test_round_trip_gives_identical_predictions(saved, quick_model, mnist):
    assert np.array_equal(outputs(load_model(saved), mnist), outputs(quick_model, mnist))
    meta = read_meta(saved)
    assert (
        meta["note"] == "quick" and meta["sha256"] == cache.sha256(saved) and meta["keras_file"] == "m.keras"
    )


def test_save_leaves_no_temporary_files(saved, quick_model):
    save_model(quick_model, saved)  # overwriting too
    assert sorted(p.name for p in saved.parent.iterdir()) == ["m.json", "m.keras"]


def test_a_failed_save_keeps_the_previous_file(saved, quick_model, monkeypatch):
    before = saved.read_bytes()

    class Failing:
        def save(self, path):
            open(path, "wb").write(b"half a model")
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "_inference_copy", lambda model: Failing())
    with pytest.raises(OSError):
        save_model(quick_model, saved)
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == ["m.json", "m.keras"]


def random_bytes(path):
    path.write_bytes(np.random.default_rng(0).bytes(5000))
    cache.meta_path(path).unlink()


def truncated(path):
    path.write_bytes(path.read_bytes()[:3000])


def truncated_without_sidecar(path):
    truncated(path)
    cache.meta_path(path).unlink()


def altered_checksum(path):
    cache.meta_path(path).write_text('{"sha256": "0000"}')


def missing(path):
    path.unlink()


@pytest.mark.parametrize(
    "damage, message",
    [
        (random_bytes, "cannot be loaded"),
        (truncated, "checksum mismatch"),
        (truncated_without_sidecar, "cannot be loaded"),
        (altered_checksum, "checksum mismatch"),
        (missing, "not found"),
    ],
)
def test_damaged_files_give_one_plain_line(saved, damage, message):
    damage(saved)
    with pytest.raises(ModelFileError, match=message) as err:
        load_model(saved)
    assert "\n" not in str(err.value)


def test_a_model_that_is_not_a_digit_reader_is_refused(tmp_path):
    import keras

    path = tmp_path / "other.keras"
    keras.Sequential([keras.Input((4,)), keras.layers.Dense(10)]).save(path)
    with pytest.raises(ModelFileError, match="not a 28x28 digit reader"):
        load_model(path)


@pytest.fixture
def fake_train(quick_model, monkeypatch):
    """train() replaced by one that hands back the quick model at once, counting calls."""
    calls = []

    def fake(config, data=None, callbacks=()):
        calls.append(config)
        return TrainResult(quick_model, config.resolved(), {"loss": [0.5]}, 1.0, 1, stopped=fake.stopped)

    fake.stopped = False
    monkeypatch.setattr("digits.train.train", fake)
    fake.calls = calls
    return fake


CONFIG = TrainConfig("report", epochs=1, subset=1000)


def test_cache_trains_once_then_loads(fake_train, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    model, path = load_or_train(CONFIG)
    assert path == tmp_path / f"report-{CONFIG.key()}.keras" and path.is_file()
    assert read_meta(path)["config"]["epochs"] == 1
    again, same = load_or_train(CONFIG)
    assert same == path and len(fake_train.calls) == 1


@pytest.mark.parametrize("damage", [random_bytes, truncated, altered_checksum])
def test_a_damaged_cache_file_is_retrained_with_one_warning(damage, fake_train, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    _, path = load_or_train(CONFIG)
    damage(path)
    warnings = []
    model, again = load_or_train(CONFIG, log=warnings.append)
    assert again == path and len(fake_train.calls) == 2
    assert len(warnings) == 1 and "Training it again" in warnings[0] and "\n" not in warnings[0]
    load_model(path)  # the retrained file is sound


def test_an_unwritable_cache_keeps_the_model_in_memory(fake_train, tmp_path, monkeypatch, mnist):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv(cache.ENV_VAR, str(folder))

    def refused(*args, **kwargs):  # what a read-only folder answers (root ignores the mode bits)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.tempfile, "mkstemp", refused)
    warnings = []
    model, path = load_or_train(CONFIG, log=warnings.append)
    assert path is None and model is not None and outputs(model, mnist).shape == (200, 10)
    assert len(warnings) == 1 and "kept in memory" in warnings[0] and "Permission denied" in warnings[0]
    folder.chmod(0o700)
    assert os.listdir(folder) == []


def test_a_stopped_run_is_not_cached(fake_train, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    fake_train.stopped = True
    model, path = load_or_train(CONFIG)
    assert path is None and model is not None and list(tmp_path.iterdir()) == []


def test_cache_folder_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "c"))
    assert cache.cache_dir() == tmp_path / "c"
    monkeypatch.delenv(cache.ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "digits"


def test_saved_model_carries_no_optimizer_state(tmp_path):
    """A compiled, trained model is saved for reading only: a third of the size."""
    import io
    import zipfile

    import h5py
    import keras

    from digits.models import build
    from digits.train import TrainConfig, compile_model

    model = build("report")
    compile_model(model, TrainConfig("report").resolved(), 1)
    model.fit(np.zeros((8, 28, 28, 1)), keras.utils.to_categorical(np.arange(8), 10), verbose=0)
    path = save_model(model, tmp_path / "m.keras")
    weights = h5py.File(io.BytesIO(zipfile.ZipFile(path).read("model.weights.h5")), "r")
    assert "optimizer" not in weights and "layers" in weights
