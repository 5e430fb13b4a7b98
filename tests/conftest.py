"""Shared fixtures: the local MNIST file, a quickly trained model, the shipped recognizer."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
MNIST = Path(os.environ.get("DIGITS_MNIST", ROOT.parent / "shared" / "data" / "mnist.npz"))
PEN = ROOT.parent / "shared" / "data" / "pen_digits_dev.npz"
os.environ.setdefault("DIGITS_MNIST", str(MNIST))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@pytest.fixture(scope="session")
def mnist():
    """Real MNIST from the local file (tests never download)."""
    from digits.data import load_mnist

    return load_mnist(MNIST)


@pytest.fixture(scope="session")
def quick_model(mnist):
    """The report's CNN trained for one epoch on 3,000 images (about 90% accurate)."""
    from digits.train import TrainConfig, train

    return train(TrainConfig("report", epochs=1, subset=3000), data=mnist).model


@pytest.fixture(scope="session")
def quick_recognizer(quick_model):
    from digits.recognizer import Recognizer

    return Recognizer(quick_model, "quick")


@pytest.fixture(scope="session")
def shipped_recognizer():
    """The recognizer shipped in assets/ (what the app uses by default)."""
    from digits.recognizer import Recognizer

    return Recognizer.load()


@pytest.fixture
def rng():
    return np.random.default_rng(0)
