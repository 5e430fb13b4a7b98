"""Uploaded models: only a loadable 28x28x1 reader of 10 (or 18) classes passes; else one plain line."""

from __future__ import annotations

import pytest

from digits.read.modelcheck import ModelUploadError, check_model_file


def saved(tmp_path, name="m.keras", shape=(28, 28, 1), outputs=10, activation="softmax"):
    import keras

    model = keras.Sequential(
        [keras.Input(shape), keras.layers.Flatten(), keras.layers.Dense(outputs, activation=activation)]
    )
    path = tmp_path / name
    model.save(path)
    return path


def refused(path, **kwargs) -> str:
    with pytest.raises(ModelUploadError) as exc:
        check_model_file(path, **kwargs)
    message = str(exc.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


@pytest.mark.parametrize("outputs", [10, 18])
def test_a_digit_reader_passes(tmp_path, outputs, keras):
    model = check_model_file(saved(tmp_path, outputs=outputs))
    assert model.output_shape == (None, outputs)


def test_the_shipped_model_passes(keras):
    from digits.read.modelfile import SHIPPED_MODEL

    assert check_model_file(SHIPPED_MODEL).input_shape == (None, 28, 28, 1)


def test_bad_models_give_one_plain_line(tmp_path, keras):
    good = saved(tmp_path)
    cut = tmp_path / "cut.keras"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    text = tmp_path / "notes.keras"
    text.write_text("not a model")
    assert "not a Keras model" in refused(text)
    assert "cut off" in refused(cut)
    assert "too large" in refused(good, max_bytes=good.stat().st_size - 1)
    assert "28 x 28" in refused(saved(tmp_path, "rgb.keras", shape=(32, 32, 3)))
    assert "ten digits" in refused(saved(tmp_path, "five.keras", outputs=5))
    assert "softmax" in refused(saved(tmp_path, "logits.keras", activation=None))
    assert "No such file" in refused(tmp_path / "absent.keras")


def test_a_damaged_member_is_refused(tmp_path, keras):
    import zipfile

    good = saved(tmp_path)
    damaged = tmp_path / "damaged.keras"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[: len(data) // 2] if info.filename.endswith(".h5") else data)
    assert "cannot be loaded" in refused(damaged)


def bomb(tmp_path, name: str, members: dict) -> object:
    """A .keras-named zip of `members` (name: bytes), deflated."""
    import zipfile

    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            z.writestr(member, data)
    return path


@pytest.mark.parametrize(
    "members, words",
    [
        ({"config.json": b" " * (60 * 2**20)}, "unpacks to 60 MB"),  # the was 1 GiB in a 1 MB file
        ({"config.json": b" " * (2 * 2**20), "model.weights.h5": b"x"}, "description"),
        ({"config.json": b"{}", "model.weights.h5": bytes(20 * 2**20)}, "zip bomb"),
        ({f"{i}.txt": b"" for i in range(200)}, "holds 200 files"),
    ],
    ids=["unpacked", "config", "ratio", "members"],
)
def test_member_sizes_are_checked_before_keras_unpacks_anything(tmp_path, monkeypatch, members, words, keras):
    import keras

    def loaded(*args, **kwargs):
        raise AssertionError("Keras was asked to unpack it")

    monkeypatch.setattr(keras.models, "load_model", loaded)
    assert words in refused(bomb(tmp_path, "bomb.keras", members))


def test_a_lambda_layer_and_nan_weights_each_get_their_own_line(tmp_path, keras):
    import keras
    import numpy as np

    lam = keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Lambda(lambda x: x * 2)]
        + [keras.layers.Dense(10, activation="softmax")]
    )
    lam.save(tmp_path / "lambda.keras")
    message = refused(tmp_path / "lambda.keras")
    assert "Lambda" in message and "damaged" not in message
    nan = keras.models.load_model(saved(tmp_path), compile=False)
    nan.set_weights([np.full(w.shape, np.nan, np.float32) for w in nan.get_weights()])
    nan.save(tmp_path / "nan.keras")
    message = refused(tmp_path / "nan.keras")
    assert "NaN" in message and "softmax" not in message
