"""The digits' names, and numerals where a language has its own, in the classroom's languages."""

from __future__ import annotations

import operator
import unicodedata
from dataclasses import dataclass

WESTERN = tuple("0123456789")


@dataclass(frozen=True)
class Language:
    """One language's words for 0-9, its numerals and, for other scripts, how to say them."""

    name: str  # in English, as the menu key
    native: str  # the language's own name for itself
    code: str  # BCP 47 tag, for the HTML lang attribute (screen readers, fonts)
    names: tuple[str, ...]
    numerals: tuple[str, ...] = WESTERN
    romanized: tuple[str, ...] | None = None  # for scripts a teacher may not read
    rtl: bool = False
    speech: str = ""  # BCP 47 tag with a region, to pick the browser's speech voice (speechSynthesis)

    def __post_init__(self):
        for field in ("names", "numerals") + (("romanized",) if self.romanized else ()):
            values = getattr(self, field)
            if len(values) != 10 or len(set(values)) != 10:
                raise ValueError(f"{self.name} needs ten distinct {field}, got {values!r}.")

    @property
    def own_numerals(self) -> bool:
        return self.numerals != WESTERN


LANGUAGES: dict[str, Language] = {
    lang.name: lang
    for lang in [
        Language(
            "English",
            "English",
            "en",
            ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            speech="en-GB",
        ),
        Language(
            "French",
            "Français",
            "fr",
            ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"),
            speech="fr-FR",
        ),
        Language(
            "Spanish",
            "Español",
            "es",
            ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"),
            speech="es-ES",
        ),
        Language(
            "German",
            "Deutsch",
            "de",
            ("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"),
            speech="de-DE",
        ),
        Language(
            "Portuguese",
            "Português",
            "pt",
            ("zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove"),
            speech="pt-BR",
        ),
        Language(
            "Turkish",
            "Türkçe",
            "tr",
            ("sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz"),
            speech="tr-TR",
        ),
        Language(
            "Swahili",
            "Kiswahili",
            "sw",
            ("sifuri", "moja", "mbili", "tatu", "nne", "tano", "sita", "saba", "nane", "tisa"),
            speech="sw-KE",
        ),
        Language(
            "Arabic",
            "العربية",
            "ar",
            ("صفر", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"),
            numerals=tuple("٠١٢٣٤٥٦٧٨٩"),
            romanized=(
                "sifr",
                "wāḥid",
                "ithnān",
                "thalātha",
                "arbaʿa",
                "khamsa",
                "sitta",
                "sabʿa",
                "thamāniya",
                "tisʿa",
            ),
            rtl=True,
            speech="ar-SA",
        ),
        Language(
            "Chinese",
            "中文",
            "zh",
            ("零", "一", "二", "三", "四", "五", "六", "七", "八", "九"),
            numerals=tuple("〇一二三四五六七八九"),
            romanized=("líng", "yī", "èr", "sān", "sì", "wǔ", "liù", "qī", "bā", "jiǔ"),
            speech="zh-CN",
        ),
        Language(
            "Hindi",
            "हिन्दी",
            "hi",
            ("शून्य", "एक", "दो", "तीन", "चार", "पाँच", "छह", "सात", "आठ", "नौ"),
            numerals=tuple("०१२३४५६७८९"),
            romanized=("shūnya", "ek", "do", "tīn", "chār", "pāñch", "chhah", "sāt", "āṭh", "nau"),
            speech="hi-IN",
        ),
    ]
}

DEFAULT_LANGUAGE = "English"


def get(language: str) -> Language:
    """The language called `language` (its English name); a ValueError listing the choices otherwise."""
    try:
        return LANGUAGES[language]
    except KeyError:
        raise ValueError(f"Unknown language {language!r}; choose one of: {', '.join(LANGUAGES)}.") from None


def _digit(digit) -> int:
    """`digit` as a plain int from 0 to 9 (numpy integers welcome); a ValueError otherwise."""
    try:
        d = operator.index(digit)
    except TypeError:
        d = None
    if d is None or isinstance(digit, bool) or not 0 <= d <= 9:
        raise ValueError(f"A digit is a whole number from 0 to 9 (got {digit!r}).")
    return d


def name(digit: int, language: str = DEFAULT_LANGUAGE) -> str:
    """The word for `digit` in the language: name(7, 'French') == 'sept'."""
    return get(language).names[_digit(digit)]


def article(number) -> str:
    """'a 7', 'an 8', 'an 11', 'an 18', 'an 80': `number` with the English article its spoken name takes."""
    text = str(operator.index(number)) if not isinstance(number, str) else number
    head = text[: len(text) % 3 or 3]  # the leading group of digits as spoken: "18" in 18,000
    vowel_sound = text.startswith("8") or head in ("11", "18")
    return f"{'an' if vowel_sound else 'a'} {text}"


def script_text(code: str) -> str:
    """Every character the app writes in the language tagged `code`: names, numerals, own name, lines.

    Only letters, marks, numbers and punctuation beyond ASCII: what the web-font subsets must hold.
    """
    from digits.words import table  # the language files (digits/lang) are read on first use, not here

    words = [
        w
        for lang in LANGUAGES.values()
        if lang.code == code
        for w in (*lang.names, *lang.numerals, lang.native, *table(lang.name).values())
    ]
    return "".join(sorted(c for c in set("".join(words)) if ord(c) > 127 and _written(c)))


def _written(c: str) -> bool:
    """A character a text font draws (not an emoji, nor the emoji variation selector U+FE0F)."""
    return unicodedata.category(c)[0] in "LMNP" and c != "\ufe0f"


def from_accept_language(header: str | None) -> str:
    """The language of a browser's Accept-Language header, when it is one of ours; English otherwise.

    Only the browser's first language counts, as for Gradio's i18n (navigator.language), so the two
    agree: from_accept_language("fr-CH,fr;q=0.9,en;q=0.8") == "French", "it-IT,fr;q=0.9" gives English.
    """
    first = (header or "").split(",")[0].split(";")[0].strip().split("-")[0].lower()
    return next((lang.name for lang in LANGUAGES.values() if lang.code == first), DEFAULT_LANGUAGE)
