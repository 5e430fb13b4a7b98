"""The Train tab's form: the networks to pick, their descriptions, the settings as a checked TrainConfig."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from digits.train import models, reproduced
from digits.train.fit import TrainConfig
from digits.ui.common import number


@dataclass(frozen=True)
class TabDefaults:
    """A lesson-sized first run: the report's CNN as the report trained it, well under a minute."""

    network: str = models.REPORT_MODEL
    epochs: int = 5
    images: int = 60_000
    augment: bool = False
    mistakes: int = 18  # wrong answers shown after training
    correct: int = 6  # and some right ones, for contrast


DEFAULTS = TabDefaults()


def network_choices() -> list[tuple[str, str]]:
    """Dropdown entries: each network with its plain description and size."""
    return [
        (f"{name}: {a.description} ({a.params:,} weights)", name) for name, a in models.ARCHITECTURES.items()
    ]


def describe(name: str) -> str:
    """One Markdown line: what the network is, its size, how its document trained it."""
    arch = models.get(name)
    reported = arch.reported.get("test_accuracy")
    result = f", reaching **{reported:.2%}** on the test digits" if reported else ""
    # What it reached on this machine (its document's figure is said above), so a teacher can pick one.
    here = reproduced.summary(name, document=False)
    return (
        f"**{name}**: {arch.description} {arch.params:,} weights. Its document trained it "
        f"with {arch.optimizer}, batches of {arch.batch_size}, for {arch.epochs} epochs{result}."
        + (f" {here}" if here else " Not yet trained here to measure it.")
    )


def network_changed(name: str):
    """Picking a network fills in its document's optimizer, learning rate and batch size."""
    arch = models.get(name)
    return describe(name), arch.optimizer, arch.learning_rate or 0.001, arch.batch_size


def settings_config(network, optimizer, learning_rate, epochs, batch_size, images, augment) -> TrainConfig:
    """The form as a checked TrainConfig; a gr.Error in plain words for settings that cannot train."""
    if network not in models.ARCHITECTURES:
        raise gr.Error(f"Pick a network from the list (got {network!r}).")
    config = TrainConfig(  # numbers only here: their bounds are TrainConfig.check's
        model=network,
        epochs=number(epochs, "Epochs"),
        batch_size=number(batch_size, "Batch size"),
        optimizer=str(optimizer or "").lower() or None,
        learning_rate=number(learning_rate, "Learning rate"),
        subset=number(images, "Training images"),
        augment=bool(augment),
    )
    try:
        return config.resolved()
    except ValueError as exc:
        raise gr.Error(str(exc)) from None
