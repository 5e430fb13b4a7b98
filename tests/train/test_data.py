"""MNIST from a local file, from $DIGITS_MNIST, or a clear error when neither is there (never downloads)."""

from __future__ import annotations

import numpy as np
import pytest

from digits.train import data
from digits.train.data import ENV_VAR, DataUnavailable, load_mnist
from tests.conftest import write_mnist_npz


@pytest.fixture
def small_npz(tmp_path, mnist):
    return write_mnist_npz(tmp_path / "small.npz", mnist, 200, 100)


def test_the_shared_file_is_all_of_mnist(mnist):
    assert mnist.x_train.shape == (60_000, 28, 28, 1) and mnist.x_test.shape == (10_000, 28, 28, 1)
    assert mnist.x_train.dtype == np.float32 and 0 <= mnist.x_train.min() and mnist.x_train.max() == 1.0
    assert np.bincount(mnist.y_train).tolist()[:3] == [5923, 6742, 5958]  # the data README's counts
    assert np.bincount(mnist.y_test).tolist()[-1] == 1009


def test_local_path(small_npz, mnist):
    data = load_mnist(small_npz)
    assert data.x_train.shape == (200, 28, 28, 1) and data.y_test.shape == (100,)
    assert data.y_train.dtype == np.uint8 and data.source == str(small_npz)
    assert np.allclose(data.x_test, mnist.x_test[:100], atol=1e-6)


def test_environment_variable(small_npz, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(small_npz))
    assert len(load_mnist().x_train) == 200


def test_explicit_path_wins_over_environment(small_npz, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "absent.npz"))
    assert len(load_mnist(small_npz).x_train) == 200


def test_missing_file_says_how_to_get_the_data(tmp_path):
    with pytest.raises(DataUnavailable) as err:
        load_mnist(tmp_path / "absent.npz")
    message = str(err.value)
    assert "absent.npz" in message and ENV_VAR in message and "--data" in message and "\n" not in message


def test_a_file_that_is_not_mnist(tmp_path):
    text = tmp_path / "notes.npz"
    text.write_text("not a zip")
    with pytest.raises(DataUnavailable, match="not a Keras-layout mnist.npz"):
        load_mnist(text)
    wrong = tmp_path / "cifar.npz"
    z = np.zeros((2, 32, 32), np.uint8)
    np.savez(wrong, x_train=z, y_train=np.zeros(2), x_test=z, y_test=np.zeros(2))
    with pytest.raises(DataUnavailable, match="28x28"):
        load_mnist(wrong)


def test_no_network_gives_a_clear_error(monkeypatch, keras):
    import keras

    def offline():
        raise OSError("Temporary failure in name resolution")

    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(DataUnavailable, match="connect to the internet once") as err:
        load_mnist()
    assert "OSError" in str(err.value) and ENV_VAR in str(err.value)


def test_subset_is_seeded_and_keeps_the_test_set(small_npz):
    data = load_mnist(small_npz)
    a, b, c = data.subset(50, seed=1), data.subset(50, seed=1), data.subset(50, seed=2)
    assert len(a.x_train) == 50 and np.array_equal(a.y_train, b.y_train)
    assert not np.array_equal(a.x_train, c.x_train)
    assert a.x_test is data.x_test and data.subset(None) is data and data.subset(10_000) is data


def test_mnist_is_loaded_once_per_process():
    assert data.mnist() is data.mnist()
    assert data.mnist().x_train.shape == (60_000, 28, 28, 1)


def test_pen_digits_load_as_strokes_and_writers_are_held_out_whole():
    from tests.conftest import PEN

    pen = data.load_pen_digits(PEN)
    assert len(pen) == len(pen.strokes) == len(pen.writers) > 0
    assert all(s.ndim == 2 and s.shape[1] == 2 for s in pen.strokes[0])
    held = data.writer_split(pen.writers)
    assert 0.1 < held.mean() < 0.3 and not set(pen.writers[held]) & set(pen.writers[~held])
