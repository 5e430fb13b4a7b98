"""How the shipped model is trained, as data: the steps the CLI, the docs and the tests all read."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import PurePosixPath

from digits.train.fit import TrainConfig

PEN_FILE = "pen_digits_dev.npz"  # the pen data, in the data folder given at run time
DATA = "$DATA"  # the data folder in the documented command: a shell variable the reader sets
OUT = "assets/recognizer.keras"  # relative to the repository root, where the commands run

_PEN = {"augment": True, "pen_data": PEN_FILE, "schedule": "cosine"}
_MIRROR = {"model": "recognizer_mirror", "init": OUT, **_PEN}
STEPS: tuple[TrainConfig, ...] = (
    # the 10-answer reader
    TrainConfig("recognizer", epochs=20, seed=0, **_PEN),
    # its fine-tuning into the mirror-aware one (README, "Backwards digits")
    TrainConfig(**_MIRROR, epochs=6, learning_rate=0.0005, seed=0),
    # a polish drawing each training writer's pen digit five times per epoch
    TrainConfig(**_MIRROR, epochs=3, learning_rate=0.0003, pen_repeat=5, seed=1),
    # long-flagged 1s (augment.long_flag), then half the start mixed back so MNIST's short-barred 7s stay 7s
    TrainConfig(
        **_MIRROR, epochs=1, learning_rate=0.0002, pen_repeat=5, flag_ones=0.5, keep_start=0.5, seed=2
    ),
)


def steps(data: str = DATA) -> tuple[TrainConfig, ...]:
    """The recipe's steps with the pen data found in the folder `data`."""
    pen = str(PurePosixPath(data) / PEN_FILE)
    return tuple(replace(step, pen_data=pen) for step in STEPS)


def arguments(config: TrainConfig, out: str = OUT) -> list[str]:
    """`python -m digits train`'s options for one config: each field that is not at its default."""
    args = ["--model", config.model]
    for f in fields(TrainConfig):
        value = getattr(config, f.name)
        if f.name == "model" or value == f.default:
            continue
        flag = "--" + f.name.replace("_", "-")
        if isinstance(value, bool):
            args.append(flag)
        else:
            args += [flag, f"{value:g}" if isinstance(value, float) else str(value)]
    return [*args, "--out", out]


def shell_command(data: str = DATA) -> str:
    """The whole recipe as the one shell command the docs show: each step in turn, stopping at a failure."""
    return " && ".join(" ".join(["python -m digits train", *arguments(s)]) for s in steps(data))
