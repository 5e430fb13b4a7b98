"""Train on a miss: the cache trains a config once, then loads it; damaged or unwritable files."""

from __future__ import annotations

import os

import pytest

from digits.read import modelfile
from digits.read.modelfile import load_model, read_meta
from digits.train.cache import load_or_train
from digits.train.fit import TrainConfig, TrainResult
from tests.read.test_modelfile import altered_checksum, outputs, random_bytes, truncated


@pytest.fixture
def fake_train(quick_model, monkeypatch):
    """train() replaced by one that hands back the quick model at once, counting calls."""
    calls = []

    def fake(config, data=None, callbacks=()):
        calls.append(config)
        return TrainResult(quick_model, config.resolved(), {"loss": [0.5]}, 1.0, 1, stopped=fake.stopped)

    fake.stopped = False
    monkeypatch.setattr("digits.train.fit.train", fake)
    fake.calls = calls
    return fake


CONFIG = TrainConfig("report", epochs=1, subset=1000)


def test_cache_trains_once_then_loads(fake_train, tmp_path, monkeypatch):
    monkeypatch.setenv(modelfile.ENV_VAR, str(tmp_path))
    model, path = load_or_train(CONFIG)
    assert path == tmp_path / f"report-{CONFIG.key()}.keras" and path.is_file()
    assert read_meta(path)["config"]["epochs"] == 1
    again, same = load_or_train(CONFIG)
    assert same == path and len(fake_train.calls) == 1


@pytest.mark.parametrize("damage", [random_bytes, truncated, altered_checksum])
def test_a_damaged_cache_file_is_retrained_with_one_warning(damage, fake_train, tmp_path, monkeypatch):
    monkeypatch.setenv(modelfile.ENV_VAR, str(tmp_path))
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
    monkeypatch.setenv(modelfile.ENV_VAR, str(folder))

    def refused(*args, **kwargs):  # what a read-only folder answers (root ignores the mode bits)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(modelfile.tempfile, "mkstemp", refused)
    warnings = []
    model, path = load_or_train(CONFIG, log=warnings.append)
    assert path is None and model is not None and outputs(model, mnist).shape == (200, 10)
    assert len(warnings) == 1 and "kept in memory" in warnings[0] and "Permission denied" in warnings[0]
    folder.chmod(0o700)
    assert os.listdir(folder) == []


def test_a_stopped_run_is_not_cached(fake_train, tmp_path, monkeypatch):
    monkeypatch.setenv(modelfile.ENV_VAR, str(tmp_path))
    fake_train.stopped = True
    model, path = load_or_train(CONFIG)
    assert path is None and model is not None and list(tmp_path.iterdir()) == []


def test_tidy_goes_on_past_any_bad_entry(tmp_path):
    """A folder named like a leftover, a model link to nowhere: the rest is tidied all the same."""
    from digits.train.cache import tidy

    (tmp_path / ".dir-x.keras").mkdir()
    (tmp_path / "gone-1.keras").symlink_to(tmp_path / "nowhere.keras")  # stat() raised: nothing tidied
    for name in (".report-a1.keras", ".report-a1.json", ".report-b2.keras"):
        (tmp_path / name).write_bytes(b"half")
    assert tidy(tmp_path) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dir-x.keras", "gone-1.keras"]
