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
def test_a_digit_reader_passes(tmp_path, outputs):
    model = check_model_file(saved(tmp_path, outputs=outputs))
    assert model.output_shape == (None, outputs)


def test_the_shipped_model_passes():
    from digits.read.modelfile import SHIPPED_MODEL

    assert check_model_file(SHIPPED_MODEL).input_shape == (None, 28, 28, 1)


def test_bad_models_give_one_plain_line(tmp_path):
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


def test_a_damaged_member_is_refused(tmp_path):
    import zipfile

    good = saved(tmp_path)
    damaged = tmp_path / "damaged.keras"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[: len(data) // 2] if info.filename.endswith(".h5") else data)
    assert "cannot be loaded" in refused(damaged)
