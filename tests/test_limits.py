"""The limits module: what was sent is quoted short, typed numbers are bounded before parsing."""

from __future__ import annotations

import pytest

from digits import limits


@pytest.mark.parametrize(
    "value, shown",
    [
        ("x" * 10**6, "'xxxx"),
        (10**5000, "a very long number"),
        (1.5, "1.5"),
        ({"a": 1}, "a dict"),
        ("a\nb", "'a\\nb'"),
    ],
    ids=["long string", "huge int", "float", "dict", "newline"],
)
def test_quote_is_short_and_one_line(value, shown):
    text = limits.quote(value)
    assert text.startswith(shown) and len(text) <= limits.QUOTE_CHARS and "\n" not in text


@pytest.mark.parametrize("typed", ["0.2", "-1", " 1e-30 ", "2.5E+3", "1_000", 7, 0.25])
def test_ordinary_numbers_pass(typed):
    float(limits.number_text(typed, "A weight"))


@pytest.mark.parametrize(
    "typed, words",
    [("1e-10000000", "between"), ("1e31", "between"), ("9" * 33, "too long"), (10**200, "too long")],
)
def test_hostile_numbers_are_refused_in_one_line(typed, words):
    with pytest.raises(ValueError, match=words):
        limits.number_text(typed, "A weight")


def test_uploads_and_models_share_one_figure():
    assert limits.UPLOAD_BYTES == limits.MODEL_BYTES >= 16 * 2**20  # the app's own c2 download is 16 MB
