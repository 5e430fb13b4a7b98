"""python -m digits as a user runs it: exit codes, one-line errors, output and JSON shape."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from digits.read.modelfile import read_meta, save_model
from digits.read.preprocess import read_image_file
from digits.train.sketch import Style, mnist_canvas, number_canvas, place_digit
from tests.conftest import write_mnist_npz

ROOT = Path(__file__).resolve().parent.parent
LINE_KEYS = {
    "file",
    "digit",
    "mirrored",
    "confidence",
    "sure",
    "top3",
    "probabilities",
    "number",
    "digits",
    "message",
}
EMPTY_KEYS = {"file", "digit", "number", "message"}  # nothing drawn


@pytest.fixture(scope="module")
def small_mnist(tmp_path_factory, mnist):
    """2,000 training and 1,000 test images: enough for the CLI, quick to load."""
    return write_mnist_npz(tmp_path_factory.mktemp("data") / "mnist.npz", mnist, 2000, 1000)


@pytest.fixture(scope="module")
def model_file(tmp_path_factory, quick_model):
    return save_model(quick_model, tmp_path_factory.mktemp("model") / "quick.keras")


@pytest.fixture
def env(tmp_path, small_mnist, processes):
    return {
        **os.environ,
        "DIGITS_MNIST": str(small_mnist),
        "DIGITS_CACHE": str(tmp_path / "cache"),
        "PYTHONUNBUFFERED": "1",
    }


def digits_cli(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "digits", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def one_line_error(done, status, text):
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("digits: ") and text in lines[0], done.stderr


def test_help_starts_without_tensorflow(env):
    probe = "import sys, digits.cli; print(sorted({'tensorflow', 'keras', 'cv2'} & set(sys.modules)))"
    assert (
        subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
        ).stdout.strip()
        == "[]"
    )
    done = digits_cli(env, "--help")
    assert done.returncode == 0 and all(c in done.stdout for c in ("train", "evaluate", "models", "predict"))


def test_usage_errors_are_one_line(env):
    one_line_error(digits_cli(env), 2, "required: COMMAND")
    one_line_error(digits_cli(env, "train"), 2, "--model")
    one_line_error(digits_cli(env, "train", "--model", "report", "--epochs", "many"), 2, "invalid int value")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--model", "report", "--epochs", "0"], "Epochs must be a whole number from 1 to 500"),
        (["--model", "lenet"], "Unknown model 'lenet'"),
        (["--model", "report", "--optimizer", "lbfgs"], "Unknown optimizer"),
        (["--model", "recognizer", "--pen-data", "absent.npz"], "Pen data file not found"),
    ],
)
def test_train_refuses_bad_settings(env, args, message):
    one_line_error(digits_cli(env, "train", *args), 2, message)


def test_missing_data_is_one_clear_line(env, tmp_path, model_file):
    done = digits_cli(env, "evaluate", "--model", model_file, "--data", tmp_path / "absent.npz")
    one_line_error(done, 2, "MNIST file not found")
    assert "--data" in done.stderr and "DIGITS_MNIST" in done.stderr
    env["DIGITS_MNIST"] = str(tmp_path / "also-absent.npz")
    one_line_error(digits_cli(env, "evaluate", "--model", model_file), 2, "also-absent.npz")


def test_models_lists_sizes_and_documented_figures(env):
    done = digits_cli(env, "models")
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line for line in done.stdout.splitlines() if line and not line.startswith(" ")}
    assert "37,610" in rows["report"] and "98.77%" in rows["report"]
    assert "2,435,210" in rows["c1"] and "99.40%" in rows["a1"] and "rmsprop" in rows["a1"]
    assert done.stderr == ""


def test_train_prints_progress_and_saves_to_the_cache(env, tmp_path, monkeypatch, keras):
    done = digits_cli(env, "train", "--model", "report", "--epochs", "1", "--subset", "1000", "--seed", "3")
    assert done.returncode == 0, done.stderr
    assert (
        "epoch 1/1" in done.stdout
        and "Test accuracy" in done.stdout
        and "the report reported 98.77%" in done.stdout
    )
    from digits.train.fit import TrainConfig

    config = TrainConfig("report", epochs=1, subset=1000, seed=3)
    expected = tmp_path / "cache" / f"report-{config.key()}.keras"
    assert f"Saved to {expected}" in done.stdout
    meta = read_meta(expected)
    assert meta["config"]["seed"] == 3 and meta["config"]["optimizer"] == "adam" and meta["seconds"] > 0
    assert 0 < meta["test_accuracy"] <= 1 and meta["test_loss"] > 0 and len(meta["history"]["loss"]) == 1
    # The cache finds what train saved, without training again.
    from digits.train.cache import load_or_train

    monkeypatch.setenv("DIGITS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr("digits.train.fit.train", lambda *a, **k: pytest.fail("trained again"))
    assert load_or_train(config)[1] == expected


def _read_until(stream, marker: str) -> str:
    """What `stream` says up to and including `marker` (progress bars end with \\r, not \\n)."""
    seen = ""
    while marker not in seen:
        char = stream.read(1)
        assert char, f"the stream ended before {marker!r}: {seen!r}"
        seen += char
    return seen


@pytest.mark.parametrize(
    "phase",
    [
        "imports",  # MNIST loading and the TensorFlow import, right after the CLI's own modules
        "model building",  # just announced: Keras' import, building, compiling, the first batch
        "training",  # the first batches have been reported
    ],
)
def test_ctrl_c_stops_training_whenever_it_comes_and_saves_nothing(env, tmp_path, phase):
    out = tmp_path / "kept.keras"
    out.write_bytes(b"the previous model")
    train = ["-m", "digits", "train", "--model", "report", "--subset", "1000", "--epochs", "200"]
    # -X importtime reports each module as its import ends: the moment the training code is in.
    timed = ["-X", "importtime"] if phase == "imports" else []  # else unread stderr could fill its pipe
    proc = subprocess.Popen(
        [sys.executable, *timed, *train, "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        if phase == "imports":
            while (line := proc.stderr.readline()).rsplit("|", 1)[-1].strip() != "digits.train.fit":
                assert line, "the CLI ended before importing its training code"
        else:
            assert proc.stdout.readline().startswith("Training report")
            if phase == "training":
                _read_until(proc.stdout, "loss")
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=300)
    finally:
        proc.kill()
    said = [line for line in stderr.splitlines() if line.strip() and not line.startswith("import time:")]
    assert proc.returncode == 130 and "Traceback" not in stderr, stderr
    assert said == ["digits: stopped; nothing saved."]
    assert out.read_bytes() == b"the previous model" and [p.name for p in tmp_path.iterdir()] == [
        "kept.keras"
    ]


def test_evaluate_json_and_text(env, model_file):
    done = digits_cli(env, "evaluate", "--model", model_file, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["model"] == "quick" and result["n"] == 1000 and 0.5 < result["accuracy"] <= 1
    assert result["loss"] > 0 and len(result["per_class"]) == 10
    assert np.array(result["confusion"]).shape == (10, 10) and np.sum(result["confusion"]) == 1000
    assert result["n_right"] + len(result["wrong"]) == 1000
    text = digits_cli(env, "evaluate", "--model", model_file).stdout
    assert f"Accuracy {result['accuracy']:.2%}" in text and f"loss {result['loss']:.4f}" in text
    assert "Confusion matrix" in text and sum(line.startswith("  9  ") for line in text.splitlines()) == 1


def test_a_damaged_model_file_is_one_line(env, tmp_path):
    bad = tmp_path / "bad.keras"
    bad.write_bytes(np.random.default_rng(0).bytes(4000))
    one_line_error(digits_cli(env, "evaluate", "--model", bad), 2, "bad.keras cannot be loaded")
    one_line_error(digits_cli(env, "predict", "x.png", "--model", "nonsense"), 2, "Unknown model 'nonsense'")


def write_png(path, rgba):
    cv2.imwrite(str(path), cv2.cvtColor(rgba, cv2.COLOR_RGBA2BGRA))
    return path


def test_predict_one_json_line_per_file(env, tmp_path, mnist, model_file, quick_recognizer):
    style = Style(side=400, brush=18, height=0.6)
    drawn = write_png(tmp_path / "seven.png", mnist_canvas(mnist.x_test[0], style))
    blank = write_png(tmp_path / "blank.png", np.full((400, 400, 4), 255, np.uint8))
    pair = [lambda s, dx, i=i: place_digit(mnist.x_test[i], s, dx) for i in (1, 2)]
    two = write_png(
        tmp_path / "two.png",
        number_canvas(pair, Style(side=600, brush=16, height=0.4), np.random.default_rng(0)),
    )
    (tmp_path / "x.png").write_text("not an image")
    files = [drawn, blank, tmp_path / "x.png", two, tmp_path / "absent.png"]
    done = digits_cli(env, "predict", *files, "--model", model_file)
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(f) for f in files]
    seven, empty, text, number, absent = lines
    assert set(seven) == LINE_KEYS and set(empty) == EMPTY_KEYS and set(number) == LINE_KEYS
    reading = quick_recognizer.read(read_image_file(drawn))  # the CLI says what the library reads
    assert (
        seven["digit"] == reading.digit
        and seven["sure"] == reading.sure
        and seven["number"] == str(reading.digit)
    )
    assert len(seven["probabilities"]) == 10 and sum(seven["probabilities"]) == pytest.approx(1, abs=1e-3)
    assert seven["confidence"] == pytest.approx(max(seven["probabilities"]), abs=1e-4)
    assert empty["digit"] is None and empty["number"] is None and "Nothing drawn" in empty["message"]
    assert len(number["number"]) == 2 and isinstance(number["digit"], int)
    assert set(text) == {"file", "error"} and "not an image" in text["error"]
    assert set(absent) == {"file", "error"} and "No such file" in absent["error"]
    # The API's answer for the same file, with the same model: one shape, the same figures.
    from digits.ui.common import Session
    from digits.ui.draw import recognize

    api = recognize(read_image_file(drawn), Session(recognizer=quick_recognizer))
    assert (
        set(api) | {"file"} == LINE_KEYS and api["digit"] == seven["digit"] and api["sure"] == seven["sure"]
    )
    assert api["probabilities"] == pytest.approx(seven["probabilities"], abs=2e-5)
    assert api["message"] == seven["message"] and api["top3"][0] == seven["top3"][0]
    one_line_error(done, 1, "2 of 5 files could not be read")


def test_a_model_name_means_the_cached_model_trained_on_first_use(env, tmp_path, mnist):
    drawn = write_png(tmp_path / "d.png", mnist_canvas(mnist.x_test[3], Style(side=280, brush=14)))
    done = digits_cli(env, "predict", drawn, "--model", "report")  # 5 epochs of the 2,000 small-set images
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "No trained report model cached yet" in done.stderr and "epoch 5/5" in done.stderr
    assert (
        len(done.stdout.splitlines()) == 1 and set(json.loads(done.stdout)) == LINE_KEYS
    )  # stdout: JSON only
    from digits.train.fit import TrainConfig

    assert (tmp_path / "cache" / f"report-{TrainConfig('report').key()}.keras").is_file()
