"""The README stays a front door (at most 8 KB); the docs point at what exists: files, headings, modules."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SCREENSHOTS

README = ROOT / "README.md"
README_BYTES = 8192  # issue #25: the Space card and the way in; everything else lives in docs/
DOCS = sorted(
    [README, *(ROOT / "docs").glob("*.md")]
    + [ROOT / folder / "README.md" for folder in ("digits", "benchmarks", "tests")]
)
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")
PATH = re.compile(r"`((?:app\.py|(?:digits|benchmarks|tests|assets)/[^`\s]*))`")


def prose(path) -> str:
    """The Markdown text without its fenced code blocks (a `#` there is a comment, not a heading)."""
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def anchors(path) -> set[str]:
    """GitHub's anchor for each heading: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#{1,6} +(.+?) *$", prose(path), re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def test_the_readme_is_at_most_8_kb():
    size = len(README.read_bytes())
    assert size <= README_BYTES, f"README.md is {size} bytes: move the detail into docs/"


def test_the_readme_keeps_the_space_front_matter():
    front = README.read_text(encoding="utf-8").split("---\n")
    assert front[0] == "" and "sdk: gradio" in front[1] and "app_file: app.py" in front[1]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_at_a_file_and_heading_that_exist(doc):
    broken = []
    for target in LINK.findall(prose(doc)):
        if re.match(r"[a-z]+:", target):  # http(s), mailto: not ours to check offline
            continue
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"{doc.relative_to(ROOT)}: {broken}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_named_in_the_docs_exists(doc):
    named = PATH.findall(doc.read_text(encoding="utf-8"))
    missing = [p for p in named if not any(ROOT.glob(p.rstrip("/")))]
    assert not missing, f"{doc.relative_to(ROOT)} names paths that are not in the repository: {missing}"


def test_the_docs_python_imports_import():
    """Every `from digits... import ...` line in a Python block of the docs runs (in a fresh process)."""
    lines = []
    for doc in DOCS:
        for block in re.findall(r"^```python\n(.*?)^```", doc.read_text(encoding="utf-8"), re.M | re.S):
            lines += [ln.split("#")[0].strip() for ln in block.splitlines() if ln.startswith("from digits")]
    assert len(lines) >= 10  # the Python API's imports are documented
    done = subprocess.run(
        [sys.executable, "-c", "\n".join(lines)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]


def test_screenshots_go_to_assets_only_when_asked(request, shots, tmp_path):
    """Tests never rewrite tracked files: the browser tests' pictures land in tmp_path by default."""
    asked = request.config.getoption("--screenshots")
    assert shots == (SCREENSHOTS if asked else tmp_path)
    assert asked or not shots.resolve().is_relative_to(ROOT)
