"""The source documents' networks by name, each with its documented training defaults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from digits.train import networks

DEFAULT_MODEL = "recognizer"  # the shipped model that reads drawings
REPORT_MODEL = "report"  # the student report's LeNet-style CNN


@dataclass(frozen=True)
class Architecture:
    """A named network: how to build it and how its document trained it."""

    name: str
    description: str  # one plain line for teachers
    build: Callable  # build(keras) -> uncompiled keras.Model
    params: int = field(kw_only=True)  # its weights, as data: counting them by building needs Keras
    optimizer: str = "adam"
    learning_rate: float | None = 0.001  # None: the optimizer's own default
    loss: str = "categorical_crossentropy"
    batch_size: int = 128
    epochs: int = 5
    source: str = ""
    reported: dict = field(default_factory=dict)  # the document's figures


ARCHITECTURES: dict[str, Architecture] = {
    a.name: a
    for a in [
        Architecture(
            "recognizer",
            "Our drawing reader: five filter layers with batch norm, trained on sketch-like and pen digits.",
            networks.recognizer,
            params=551_210,
            epochs=20,
            batch_size=128,
            source="this project",
            reported={},
        ),
        Architecture(
            "recognizer_mirror",
            "Our drawing reader that also knows digits written backwards (0-9, and 1-7 and 9 reversed).",
            networks.recognizer_mirror,
            params=552_242,
            learning_rate=0.0005,  # fine-tuning from the 10-answer recognizer (--init)
            epochs=6,
            batch_size=128,
            source="this project",
            reported={},
        ),
        Architecture(
            "report",
            "The student report's LeNet-style network: two small filter layers, then 128 neurons.",
            networks.report,
            params=37_610,
            epochs=5,
            batch_size=128,
            source="report",
            reported={"test_accuracy": 0.9877, "test_loss": 0.034},
        ),
        Architecture(
            "a1",
            "Notebook A case 1: three filter layers (32, 64, 128) with dropout, RMSprop.",
            networks.notebook_a("he_normal", "relu"),
            params=1_379_557,
            optimizer="rmsprop",
            epochs=10,
            source="notebook A",
            reported={"test_accuracy": 0.9940},
        ),
        Architecture(
            "a2",
            "Notebook A case 2: the same network, uniform start, Adagrad and a Poisson loss.",
            networks.notebook_a("random_uniform", "relu"),
            params=1_379_557,
            optimizer="adagrad",
            learning_rate=None,
            loss="poisson",
            epochs=10,
            source="notebook A",
            reported={"test_accuracy": 0.9938},
        ),
        Architecture(
            "a3",
            "Notebook A case 3: four filter layers, linear activations, Adamax and KL divergence.",
            networks.notebook_a("random_uniform", "linear", (32, 64, 128, 256)),
            params=1_034_725,
            optimizer="adamax",
            learning_rate=None,
            loss="kl_divergence",
            epochs=20,
            source="notebook A",
            reported={"test_accuracy": 0.9934},
        ),
        Architecture(
            "a4",
            "Notebook A case 4: case 1 trained five times longer (50 epochs).",
            networks.notebook_a("he_normal", "relu"),
            params=1_379_557,
            optimizer="rmsprop",
            epochs=50,
            source="notebook A",
            reported={"test_accuracy": 0.9901},
        ),
        Architecture(
            "b2",
            "Notebook B: two wide filter layers (100, 250) with batch norm.",
            networks.notebook_b2,
            params=930_160,
            batch_size=100,
            epochs=20,
            source="notebook B",
            reported={"test_accuracy": 0.9927, "test_loss": 0.046},
        ),
        Architecture(
            "b5",
            "Notebook B: five filter layers with heavy dropout (learns slowly).",
            networks.notebook_b5,
            params=656_850,
            batch_size=100,
            epochs=20,
            source="notebook B",
            reported={"test_accuracy": 0.8004, "test_loss": 0.48},
        ),
        Architecture(
            "b8",
            "Notebook B: eight filter layers, mostly 1x1, with batch norm.",
            networks.notebook_b8,
            params=626_060,
            batch_size=100,
            epochs=20,
            source="notebook B",
            reported={"test_accuracy": 0.9751, "test_loss": 0.105},
        ),
        Architecture(
            "c1",
            "Notebook C model 1: filters 64 and 128, then 128 neurons (2.4 million weights).",
            networks.notebook_c(3),
            params=2_435_210,
            optimizer="adadelta",
            learning_rate=1.0,
            epochs=12,
            source="notebook C",
            reported={
                "params": 2_435_210,
                "train_accuracy": 0.9907,
                "test_accuracy": 0.9914,
                "test_loss": 0.0255,
            },
        ),
        Architecture(
            "c2",
            "Notebook C model 2: a 5x5 second filter layer and 256 neurons with batch norm.",
            networks.notebook_c(5, dense=(256,), batch_norm=True),
            params=4_174_346,
            optimizer="adadelta",
            learning_rate=1.0,
            epochs=12,
            source="notebook C",
            reported={
                "params": 4_174_346,
                "train_accuracy": 0.9949,
                "test_accuracy": 0.9931,
                "test_loss": 0.0214,
            },
        ),
        Architecture(
            "c3",
            "Notebook C model 3: 5x5 and 7x7 filters, two dense layers with batch norm.",
            networks.notebook_c(7, first_kernel=5, dense=(256, 128), batch_norm=True, dropout_between=False),
            params=3_093_386,
            optimizer="adadelta",
            learning_rate=1.0,
            epochs=12,
            source="notebook C",
            reported={
                "params": 3_093_386,
                "train_accuracy": 0.9938,
                "test_accuracy": 0.9935,
                "test_loss": 0.0239,
            },
        ),
    ]
}


def get(name: str) -> Architecture:
    """The architecture called `name`; a ValueError listing the names otherwise."""
    try:
        return ARCHITECTURES[name]
    except KeyError:
        raise ValueError(f"Unknown model {name!r}; choose one of: {', '.join(ARCHITECTURES)}.") from None


def build(name: str):
    """A fresh, uncompiled Keras model of the named architecture."""
    import keras  # deferred: importing Keras costs seconds

    return get(name).build(keras)
