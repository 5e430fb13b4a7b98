"""Gradio's own i18n for the buttons a child presses: their first labels follow the browser's language.

The page starts in the same language (app.py: the browser's first, when it is one of ours), so the
first view is of one language; once the Practice menu chooses one, the tab sets Check and Next to it
(practice.buttons). The lines come from the same files as everything else a child reads
(digits/lang, digits/words.py); the app passes `translations()` to launch().
"""

from __future__ import annotations

import gradio as gr

from digits.languages import LANGUAGES
from digits.once import Once
from digits.words import table

BUTTONS = ("btn.check", "btn.next")  # the first labels: the rest follows the class's language in the app


def _make() -> gr.I18n:
    return gr.I18n(**{lang.code: {k: table(name)[k] for k in BUTTONS} for name, lang in LANGUAGES.items()})


I18N: Once[gr.I18n] = Once(_make)


def label(key: str):
    """A button's label, translated in the browser (English where the browser's language is not ours)."""
    return I18N.get()(key)


def translations() -> gr.I18n:
    """What launch(i18n=...) takes."""
    return I18N.get()
