"""The shipped model's recipe: data that the CLI, the docs and the shipped file's own record agree on."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from digits.cli import Fail, load, parser, train_config
from digits.read.modelfile import SHIPPED_MODEL, read_meta
from digits.train import recipe
from digits.train.augment import long_flag
from digits.train.fit import TrainConfig

ROOT = Path(__file__).resolve().parents[2]
FIRST = "python -m digits train --model recognizer "


def test_every_step_is_a_train_command_the_cli_reads_back():
    for step, command in zip(recipe.steps("/data"), recipe.shell_command("/data").split(" && "), strict=True):
        args = parser().parse_args(command.split()[3:])
        assert train_config(args) == step and args.out == recipe.OUT
        assert step.pen_data == "/data/pen_digits_dev.npz"


def test_the_last_step_is_how_the_shipped_model_was_trained():
    # How it was really trained; options added since are at their defaults. Its pen data lay on the
    # developer's disk: only the file's name is part of the recipe.
    shipped = TrainConfig(**read_meta(SHIPPED_MODEL)["config"])
    last = recipe.STEPS[-1]
    assert Path(shipped.pen_data).name == last.pen_data == recipe.PEN_FILE
    assert replace(last, pen_data=shipped.pen_data).resolved() == shipped
    assert last.key() == shipped.key()  # the cache names it alike
    assert (ROOT / recipe.OUT).resolve() == SHIPPED_MODEL.resolve()


def test_long_flagged_ones_are_part_of_the_shipped_recipe_and_long_flag_says_so():
    assert recipe.STEPS[-1].flag_ones == 0.5
    doc = " ".join(long_flag.__doc__.split()).lower()
    assert "not used for the shipped model" not in doc and "shipped model" in doc


def test_a_missing_shipped_model_names_the_recipe(monkeypatch, tmp_path):
    monkeypatch.setattr("digits.cli.SHIPPED_MODEL", tmp_path / "recognizer.keras")
    with pytest.raises(Fail) as exc:
        load(None)
    assert str(exc.value).endswith(recipe.shell_command()) and "\n" not in str(exc.value)


def test_the_documented_command_is_the_recipe():
    lines = [
        (doc.name, line.strip())
        for doc in (ROOT / "README.md", ROOT / "docs" / "api.md")
        if doc.is_file()
        for line in doc.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(FIRST)
    ]
    assert len(lines) == 1, f"the recipe should be documented once, found: {[name for name, _ in lines]}"
    assert lines[0][1] == recipe.shell_command()
