"""The child's language (issue #30, item 5): one file per language, every key, the same placeholders."""

from __future__ import annotations

import json

import pytest

from digits import words
from digits.languages import LANGUAGES


def files() -> dict[str, dict]:
    return {name: json.loads((words.FOLDER / f"{lang.code}.json").read_text("utf-8")) for name, lang in
            LANGUAGES.items()}  # fmt: skip


def test_there_is_one_file_per_language_and_nothing_else():
    assert sorted(p.stem for p in words.FOLDER.glob("*.json")) == sorted(
        lang.code for lang in LANGUAGES.values()
    )


@pytest.mark.parametrize("language", [n for n in LANGUAGES if n != "English"])
def test_every_language_has_every_key_with_the_same_placeholders_and_is_marked_for_review(language):
    english, other = files()["English"], files()[language]
    assert set(other) == set(english), set(other) ^ set(english)
    for key, line in english.items():
        assert words.placeholders(other[key]) == words.placeholders(line), (key, other[key])
        assert other[key].strip(), key
    assert "machine-drafted, to be reviewed by a native speaker" in other["_note"]


def test_lines_are_filled_and_loaded_once_on_first_use():
    import subprocess
    import sys

    fresh = "import digits.words as w, digits.lesson.writing; print(w.TABLES.ready.is_set())"
    out = subprocess.run(
        [sys.executable, "-c", fresh], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "False"  # importing reads no language file
    words.TABLES.forget()
    assert words.say("ask.draw", "French", a=words.digit(7, "French")) == "Dessine un 7 !"
    assert words.say("ask.draw", a=words.digit(8)) == "Draw an 8!"
    assert words.TABLES.ready.is_set()


def test_an_unknown_language_is_one_plain_error():
    with pytest.raises(ValueError, match="Unknown language 'Klingon'"):
        words.say("ask.draw", "Klingon", a="7")


def test_the_teachers_notes_say_the_translations_are_to_be_reviewed():
    from pathlib import Path

    notes = (Path(words.__file__).parents[1] / "docs" / "teachers.md").read_text("utf-8")
    assert "machine-drafted" in notes and "native speaker" in notes


def test_the_mix_up_hints_are_the_same_in_english_as_the_lessons_and_in_every_language():
    from digits.lesson.practice import HINTS

    english = files()["English"]
    assert {k: v for k, v in english.items() if k.startswith("hint.") and k != "hint.generic"} == {
        f"hint.{t}.{r}": h[0].upper() + h[1:] for (t, r), h in HINTS.items()
    }
    assert words.say("hint.7.1", "French") == "Donne à ton 7 un trait bien net en haut, qui traverse."
