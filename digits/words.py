"""What the app says to a child, in the classroom's languages: one JSON file per language in digits/lang/."""

from __future__ import annotations

import json
import string
from pathlib import Path

from digits.languages import DEFAULT_LANGUAGE, LANGUAGES, article, get
from digits.once import Once

FOLDER = Path(__file__).with_name("lang")


def _load() -> dict[str, dict[str, str]]:
    """Every language's file, by the language's English name (read on first use, not at import)."""
    return {
        name: json.loads((FOLDER / f"{lang.code}.json").read_text(encoding="utf-8"))
        for name, lang in LANGUAGES.items()
    }


TABLES: Once[dict[str, dict[str, str]]] = Once(_load)


def table(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The language's keys and lines ("_note" and other "_" keys are for people, not the app)."""
    get(language)  # a plain ValueError naming the choices
    return TABLES.get()[language]


def placeholders(text: str) -> set[str]:
    """The {names} a line takes: placeholders('Draw {a}!') == {'a'}."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def digit(d: int | str, language: str = DEFAULT_LANGUAGE) -> str:
    """A digit (or number) as a line's {a} or {r}: 'a 7', 'an 8' in English, the plain numeral otherwise."""
    return article(d) if language == DEFAULT_LANGUAGE else str(d)


def say(key: str, language: str = DEFAULT_LANGUAGE, **values) -> str:
    """The line `key` in the language, its placeholders filled; English when the language lacks it."""
    line = table(language).get(key) or table(DEFAULT_LANGUAGE)[key]
    return line.format(**values)


def listing(items, language: str = DEFAULT_LANGUAGE) -> str:
    """Items as the language lists them: '0, 1, 4 and 8' in English, '0、1、4和8' in Chinese."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return say("list.and", language, a=say("list.sep", language).join(items[:-1]), b=items[-1])
