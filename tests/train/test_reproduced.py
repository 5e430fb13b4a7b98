"""The reproduction record: labels that never call a partial run a reproduction, resume, skip, summaries."""

from __future__ import annotations

import dataclasses
import json

import pytest

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


def test_only_a_full_run_of_every_epoch_can_be_a_reproduction():
    assert reproduced.status(0.9875, 0.9877, 5, 5, None) == "reproduced"
    assert reproduced.status(0.9840, 0.9877, 5, 5, None) == "missed"
    assert reproduced.status(0.9877, 0.9877, 4, 5, None) == "partial"
    assert reproduced.status(0.9877, 0.9877, 5, 5, 2000) == "subset"


def test_results_file_is_written_whole_and_read_forgivingly(tmp_path):
    path = tmp_path / "r.json"
    assert reproduced.load(path) == {}
    path.write_text("{not json")
    assert reproduced.load(path) == {}
    reproduced.save({"c1": {"name": "c1"}, "report": {"name": "report"}}, path)
    assert list(json.loads(path.read_text())["networks"]) == ["report", "c1"]  # the documents' order
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary file left behind


def test_summary_and_table_say_what_was_measured(tmp_path):
    path = tmp_path / "r.json"
    base = {"cpus": 2, "test_loss": 0.04, "curve": []}
    reproduced.save(
        {
            "report": base
            | dict(
                name="report",
                status="reproduced",
                test_accuracy=0.9874,
                document_accuracy=0.9877,
                epochs_done=5,
                epochs=5,
                wall_seconds=185.0,
            ),
            "b8": base
            | dict(
                name="b8",
                status="partial",
                test_accuracy=0.95,
                document_accuracy=0.9751,
                epochs_done=6,
                epochs=20,
                wall_seconds=3600.0,
            ),
        },  # fmt: skip
        path,
    )
    assert reproduced.summary("report", path) == (
        "Trained here: 98.74% in 3 min on 2 CPU cores, 5 epochs (its document: 98.77%)."
    )
    assert (
        reproduced.summary("report", path, document=False)
        == "Trained here: 98.74% in 3 min on 2 CPU cores, 5 epochs."
    )
    assert reproduced.summary("b8", path).startswith("Trained here only 6 of 20 epochs (60 min")
    assert reproduced.summary("c2", path) == ""
    rows = reproduced.table(path).splitlines()
    assert len(rows) == 2 + len(reproduced.NETWORKS)
    assert "| report | report | 98.77% | 98.74% | 5 of 5 | 3 min | reproduced |" in rows
    assert any(r.startswith("| b8 |") and "6 of 20" in r and "| partial" in r for r in rows)
    assert any(r.startswith("| c2 |") and "not run yet" in r for r in rows)


def test_a_killed_run_resumes_and_a_finished_one_is_skipped(tiny, tmp_path, monkeypatch):
    import keras

    monkeypatch.setenv("DIGITS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "r.json"

    class Kill(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                raise KeyboardInterrupt  # as if the machine stopped after epoch 2

    with pytest.raises(KeyboardInterrupt):
        reproduced.reproduce("report", tiny, path, callbacks=[Kill()])
    killed = reproduced.measured("report", path)
    assert killed["status"] == "running" and killed["epochs_done"] == 2 and len(killed["curve"]) == 2
    assert killed["test_accuracy"] == killed["curve"][-1]["test_accuracy"]  # a partial record exists

    seen = epochs_seen()
    done = reproduced.reproduce("report", tiny, path, callbacks=[seen])
    assert seen.epochs == [2, 3, 4]  # resumed after epoch 2, not started again
    assert done["epochs_done"] == 5 and [p["epoch"] for p in done["curve"]] == [1, 2, 3, 4, 5]
    assert done["curve"][:2] == killed["curve"] and done["wall_seconds"] > killed["wall_seconds"]
    assert done["status"] in ("reproduced", "missed") and done == reproduced.measured("report", path)

    again = epochs_seen()
    assert reproduced.reproduce("report", tiny, path, callbacks=[again]) == done and again.epochs == []


def test_the_time_cap_gives_a_partial_row_never_a_reproduction(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "r.json"
    entry = reproduced.reproduce("report", tiny, path, cap_seconds=0.0)
    assert entry["status"] == "partial" and entry["epochs_done"] == 0 and entry["epochs"] == 5
    assert 0 < entry["curve"][0]["epoch"] < 1  # the epoch it was cut in, as a fraction
    assert "partial" in reproduced.table(path) and "only 0 of 5 epochs" in reproduced.summary("report", path)
    seen = epochs_seen()
    assert reproduced.reproduce("report", tiny, path, cap_seconds=0.0, callbacks=[seen]) == entry
    assert seen.epochs == []  # its time is spent: skipped


def test_a_keras2_check_is_noted_beside_the_miss_it_explains(tiny, tmp_path, monkeypatch):
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
    entry = reproduced.check_keras2("a2", tiny_a2, path, callbacks=[seen])
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
        reproduced.check_keras2("report", tiny, path)  # Adam's defaults did not change


def test_the_readme_table_is_the_results_file():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert reproduced.table() in readme  # python benchmarks/reproduce.py --table, pasted whole
