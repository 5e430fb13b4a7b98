"""The house's rules, read from the code's own imports: wings that point one way, gradio in two places.

digits/read reads drawings and imports no other wing; train uses read; lesson uses read; serve may use
train and read; only digits/ui and digits/serve import gradio; no module is much over 300 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "digits"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
# What each wing may import from digits (besides itself and the top-level shared modules).
MAY_USE = {
    "read": set(),
    "train": {"read"},
    "lesson": {"read"},
    "serve": {"read", "train"},
    "classroom": {"read", "lesson"},
    "ui": {"read", "train", "lesson", "serve", "classroom"},
}
TOP = {"languages", "words", "console", "once", "limits"}  # what every wing uses, at the top of digits/


def wing(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else ""


def imports(path: Path) -> set[str]:
    """Every module `path` imports, absolute dotted names, wherever the import stands (deferred too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def wings_used(path: Path, here: str) -> set[str]:
    used = set()
    for name in imports(path):
        parts = name.split(".")
        if parts[0] == "digits" and len(parts) > 1 and parts[1] in MAY_USE:
            used.add(parts[1])
    return used - {here}


def forbidden(path: Path, here: str) -> set[str]:
    """The wings `path` (a module of wing `here`) imports but may not."""
    return wings_used(path, here) - MAY_USE[here] if here in MAY_USE else set()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_wing_imports_only_the_wings_below_it(path):
    # The top (cli, __main__: entry points) may use any wing.
    assert not forbidden(path, wing(path)), f"{wing(path)} may use only {sorted(MAY_USE[wing(path)])}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_ui_and_serve_import_gradio(path):
    if wing(path) in ("ui", "serve"):
        return
    assert not {n for n in imports(path) if n.split(".")[0] in ("gradio", "gradio_client")}


def test_the_top_of_digits_holds_only_what_every_wing_uses_and_the_entry_points():
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top <= TOP | {"__init__", "__main__", "cli"}, sorted(top - TOP)


def test_no_module_is_much_over_300_lines():
    long = {str(p.relative_to(ROOT)): n for p in MODULES if (n := len(p.read_text().splitlines())) > 320}
    assert not long, long


def test_the_rules_catch_a_broken_import(tmp_path):
    """The checks above can fail: a reading module that imports training, even late, is caught."""
    copy = tmp_path / "preprocess.py"
    copy.write_text((PACKAGE / "read" / "preprocess.py").read_text() + LATE)
    assert forbidden(PACKAGE / "read" / "preprocess.py", "read") == set()
    assert forbidden(copy, "read") == {"train"} and forbidden(copy, "serve") == set()


LATE = "\n\ndef _late():\n    from digits.train import fit  # noqa: F401\n"
