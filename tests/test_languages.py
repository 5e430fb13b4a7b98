"""Digit names and numerals: ten distinct ones per language, checked against known words."""

import numpy as np
import pytest

from digits.languages import DEFAULT_LANGUAGE, LANGUAGES, WESTERN, Language, article, get, name

KNOWN = {
    ("English", 7): "seven",
    ("French", 7): "sept",
    ("French", 0): "zéro",
    ("German", 7): "sieben",
    ("German", 1): "eins",
    ("Spanish", 7): "siete",
    ("Spanish", 9): "nueve",
    ("Portuguese", 2): "dois",
    ("Turkish", 3): "üç",
    ("Swahili", 7): "saba",
    ("Arabic", 5): "خمسة",
    ("Chinese", 8): "八",
    ("Hindi", 4): "चार",
}


def test_at_least_eight_languages_with_english_the_default():
    assert len(LANGUAGES) >= 8
    assert DEFAULT_LANGUAGE == "English" and DEFAULT_LANGUAGE in LANGUAGES


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_language_has_ten_distinct_names_and_numerals(language):
    lang = LANGUAGES[language]
    assert lang.name == language
    names = [name(d, language) for d in range(10)]
    numerals = list(lang.numerals)
    assert len(set(names)) == 10 and all(n.strip() for n in names)
    assert len(set(numerals)) == 10
    if lang.romanized:
        assert len(set(lang.romanized)) == 10


@pytest.mark.parametrize(("key", "word"), KNOWN.items())
def test_names_match_known_words(key, word):
    language, digit = key
    assert name(digit, language) == word


def test_own_numerals_where_the_language_has_them():
    assert "".join(get("Arabic").numerals) == "٠١٢٣٤٥٦٧٨٩"
    assert "".join(get("Hindi").numerals) == "०१२३४५६७८९"
    assert get("Arabic").numerals[7] == "٧" and get("Hindi").numerals[7] == "७"
    assert get("French").numerals[7] == "7" and not get("French").own_numerals
    assert get("Arabic").own_numerals and get("Arabic").rtl and not get("Hindi").rtl


def test_numpy_digits_are_accepted_and_bad_input_is_refused_plainly():
    assert name(np.int64(7), "French") == "sept"
    for bad in (10, -1, 3.0, "7", True, None):
        with pytest.raises(ValueError, match="digit"):
            name(bad, "French")
    with pytest.raises(ValueError, match="Unknown language 'Klingon'.*English"):
        name(7, "Klingon")


def test_a_language_without_ten_distinct_names_is_refused():
    with pytest.raises(ValueError, match="ten distinct names"):
        Language("Broken", "Broken", "xx", ("a",) * 10)
    with pytest.raises(ValueError, match="ten distinct numerals"):
        Language("Short", "Short", "xx", tuple("abcdefghij"), numerals=WESTERN[:9])


@pytest.mark.parametrize(
    "number, said",
    [
        (7, "a 7"),
        (8, "an 8"),
        (11, "an 11"),
        (18, "an 18"),
        (80, "an 80"),
        (1, "a 1"),
        (0, "a 0"),
        (100, "a 100"),
        (110, "a 110"),
        (800, "an 800"),
        (18_000, "an 18000"),
        (1987, "a 1987"),
        ("8", "an 8"),
        ("2104", "a 2104"),
        (np.int64(8), "an 8"),
    ],
)
def test_article_follows_how_the_number_is_said(number, said):
    assert article(number) == said


def test_the_recognizer_and_practice_use_the_same_article():
    from digits.lesson.practice import article as practice_article
    from digits.read.reading import Reading

    unsure = Reading(8, np.array([0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.4], np.float32), sure=False)
    assert unsure.message == "Not sure: maybe an 8, or a 9?"
    sure = Reading(8, np.eye(10, dtype=np.float32)[8], sure=True)
    assert sure.message == "It's an 8!"
    assert practice_article is article


@pytest.mark.parametrize(
    "header, language",
    [
        ("fr-CH,fr;q=0.9,en;q=0.8", "French"),
        ("ar", "Arabic"),
        ("zh-CN,zh;q=0.9", "Chinese"),
        ("it-IT,fr;q=0.9", "English"),  # the first language only, as Gradio's i18n takes it
        ("", "English"),
        (None, "English"),
        ("*", "English"),
    ],
)
def test_the_starting_language_is_the_browsers_first_when_it_is_ours(header, language):
    from digits.languages import from_accept_language

    assert from_accept_language(header) == language
