"""Model files: round trip, atomic writes, damaged files, where the cache keeps them."""

from __future__ import annotations

import numpy as np
import pytest

from digits.read import modelfile
from digits.read.modelfile import ModelFileError, load_model, read_meta, save_model


@pytest.fixture
def saved(quick_model, tmp_path):
    return save_model(quick_model, tmp_path / "m.keras", {"note": "quick"})


def outputs(model, mnist):
    return np.asarray(model(mnist.x_test[:200], training=False))


def test_round_trip_gives_identical_predictions(saved, quick_model, mnist):
    assert np.array_equal(outputs(load_model(saved), mnist), outputs(quick_model, mnist))
    meta = read_meta(saved)
    assert (
        meta["note"] == "quick"
        and meta["sha256"] == modelfile.sha256(saved)
        and meta["keras_file"] == "m.keras"
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

    monkeypatch.setattr(modelfile, "_inference_copy", lambda model: Failing())
    with pytest.raises(OSError):
        save_model(quick_model, saved)
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == ["m.json", "m.keras"]


def random_bytes(path):
    path.write_bytes(np.random.default_rng(0).bytes(5000))
    modelfile.meta_path(path).unlink()


def truncated(path):
    path.write_bytes(path.read_bytes()[:3000])


def truncated_without_sidecar(path):
    truncated(path)
    modelfile.meta_path(path).unlink()


def altered_checksum(path):
    modelfile.meta_path(path).write_text('{"sha256": "0000"}')


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


def test_a_model_that_is_not_a_digit_reader_is_refused(tmp_path, keras):
    import keras

    path = tmp_path / "other.keras"
    keras.Sequential([keras.Input((4,)), keras.layers.Dense(10)]).save(path)
    with pytest.raises(ModelFileError, match="not a 28x28 digit reader"):
        load_model(path)


def test_cache_folder_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(modelfile.ENV_VAR, str(tmp_path / "c"))
    assert modelfile.cache_dir() == tmp_path / "c"
    monkeypatch.delenv(modelfile.ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert modelfile.cache_dir() == tmp_path / "xdg" / "digits"


def test_saved_model_carries_no_optimizer_state(tmp_path, keras):
    """A compiled, trained model is saved for reading only: a third of the size."""
    import io
    import zipfile

    import h5py
    import keras

    from digits.train.fit import TrainConfig, compile_model
    from digits.train.models import build

    model = build("report")
    compile_model(model, TrainConfig("report").resolved(), 1)
    model.fit(np.zeros((8, 28, 28, 1)), keras.utils.to_categorical(np.arange(8), 10), verbose=0)
    path = save_model(model, tmp_path / "m.keras")
    weights = h5py.File(io.BytesIO(zipfile.ZipFile(path).read("model.weights.h5")), "r")
    assert "optimizer" not in weights and "layers" in weights


def test_a_zips_member_count_is_read_from_its_last_bytes(tmp_path):
    import io
    import zipfile

    from digits.read.modelfile import zip_members

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(7):
            z.writestr(f"{i}.txt", b"x")
    assert zip_members(buf.getvalue()) == 7
    assert zip_members(b"not a zip at all") is None


def test_a_planted_cache_file_is_not_unpacked(tmp_path, keras):
    import zipfile

    path = tmp_path / "planted.keras"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("config.json", b" " * (60 * 2**20))
    with pytest.raises(ModelFileError, match="unpacks to 60 MB") as err:
        load_model(path)
    assert "\n" not in str(err.value)
