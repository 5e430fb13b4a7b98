"""The reproduction harness (benchmarks/reproduction.py): resume after a kill, the cap, the Keras 2 check."""

from __future__ import annotations

import dataclasses

import pytest

from benchmarks import reproduction
from digits.train import reproduced
from digits.train.data import Mnist


@pytest.fixture
def tiny(mnist):
    """256 training and 200 test images: the report's network trains an epoch in about a second."""
    return Mnist(mnist.x_train[:256], mnist.y_train[:256], mnist.x_test[:200], mnist.y_test[:200], "tiny")


def epochs_seen():
    import keras

    class Seen(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.epochs = []

        def on_epoch_begin(self, epoch, logs=None):
            self.epochs.append(epoch)

    return Seen()


def test_a_killed_run_resumes_and_a_finished_one_is_skipped(tiny, tmp_path, monkeypatch, keras):
    import keras

    monkeypatch.setenv("DIGITS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "r.json"

    class Kill(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                raise KeyboardInterrupt  # as if the machine stopped after epoch 2

    with pytest.raises(KeyboardInterrupt):
        reproduction.reproduce("report", tiny, path, callbacks=[Kill()])
    killed = reproduced.measured("report", path)
    assert killed["status"] == "running" and killed["epochs_done"] == 2 and len(killed["curve"]) == 2
    assert killed["test_accuracy"] == killed["curve"][-1]["test_accuracy"]  # a partial record exists

    seen = epochs_seen()
    done = reproduction.reproduce("report", tiny, path, callbacks=[seen])
    assert seen.epochs == [2, 3, 4]  # resumed after epoch 2, not started again
    assert done["epochs_done"] == 5 and [p["epoch"] for p in done["curve"]] == [1, 2, 3, 4, 5]
    assert done["curve"][:2] == killed["curve"] and done["wall_seconds"] > killed["wall_seconds"]
    assert done["status"] in ("reproduced", "missed") and done == reproduced.measured("report", path)

    again = epochs_seen()
    assert reproduction.reproduce("report", tiny, path, callbacks=[again]) == done and again.epochs == []


def test_the_time_cap_gives_a_partial_row_never_a_reproduction(tiny, tmp_path, monkeypatch, keras):
    monkeypatch.setenv("DIGITS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "r.json"
    entry = reproduction.reproduce("report", tiny, path, cap_seconds=0.0)
    assert entry["status"] == "partial" and entry["epochs_done"] == 0 and entry["epochs"] == 5
    assert 0 < entry["curve"][0]["epoch"] < 1  # the epoch it was cut in, as a fraction
    assert "partial" in reproduced.table(path) and "only 0 of 5 epochs" in reproduced.summary("report", path)
    seen = epochs_seen()
    assert reproduction.reproduce("report", tiny, path, cap_seconds=0.0, callbacks=[seen]) == entry
    assert seen.epochs == []  # its time is spent: skipped


def test_a_keras2_check_is_noted_beside_the_miss_it_explains(tiny, tmp_path, monkeypatch, keras):
    monkeypatch.setenv("DIGITS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "r.json"
    reproduced.save(
        {"a2": {"name": "a2", "status": "missed", "why": "A default changed.", "test_accuracy": 0.1135,
                "document_accuracy": 0.9938, "epochs_done": 10, "epochs": 10, "wall_seconds": 660.0,
                "cpus": 2, "curve": []}},
        path,
    )  # fmt: skip
    tiny_a2 = tiny.subset(64, 0)
    seen = epochs_seen()
    short = dataclasses.replace(reproduced.models.get("a2"), epochs=2)  # two are enough to test
    monkeypatch.setitem(reproduced.models.ARCHITECTURES, "a2", short)
    entry = reproduction.check_keras2("a2", tiny_a2, path, callbacks=[seen])
    assert seen.epochs == [0, 1]  # the documented epochs, trained for real
    check = entry["keras2_check"]
    assert check["optimizer"] == "adagrad" and check["epochs_done"] == 2
    assert check["optimizer_settings"] == {"learning_rate": 0.01, "initial_accumulator_value": 0.0}
    assert 0 <= check["test_accuracy"] <= 1 and entry["status"] == "missed"  # the entry is kept
    line = reproduced.summary("a2", path)
    assert line.index("Why it differs: Notebook A left Adagrad") < line.index(
        "Checked: with standalone Keras 2's"
    )
    assert "Adagrad defaults (learning rate 0.01, initial accumulator value 0)" in line
    assert "the same 2 epochs reach" in reproduced.table(path)
    with pytest.raises(ValueError, match="nothing to check"):
        reproduction.check_keras2("report", tiny, path)  # Adam's defaults did not change
