"""The app's look: a calm theme with projector-sized text and finger-sized buttons."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from digits.languages import script_text
from digits.ui import steady

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_FILES = {
    "hi": "noto-sans-devanagari-digits.woff2",
    "zh": "noto-sans-sc-digits.woff2",
    "ar": "noto-sans-arabic-digits.woff2",
}
FONT_FAMILY = "Digits Noto"


def font_faces() -> str:
    """@font-face rules for the app's own subsets of Noto, so Hindi, Chinese and Arabic never show as boxes.

    Each face covers exactly the characters the app writes in its script (unicode-range), so a browser
    fetches a file only when such text is on screen. The files are served as Gradio static files.
    """
    rules = []
    for code, file in FONT_FILES.items():
        ranges = ", ".join(f"U+{ord(c):04X}" for c in script_text(code))
        rules.append(
            f"@font-face {{ font-family: '{FONT_FAMILY}'; src: url('gradio_api/file={FONTS / file}') "
            f"format('woff2'); unicode-range: {ranges}; font-display: swap; }}"
        )
    return "\n".join(rules) + "\n"


CSS = (
    font_faces()
    + """
.gradio-container { font-size: 18px; }
.gradio-container button { min-height: 52px; font-size: 1.1rem; }
.tab-nav button, [role="tab"] { font-size: 1.2rem !important; padding: 10px 18px !important; }
#welcome h1 { margin-bottom: 0; }
.answer { text-align: center; padding: 8px; }
.answer .big { font-size: 7rem; line-height: 1.1; font-weight: 700; color: #1d4ed8; }
.answer.unsure .big { color: #b45309; }
.answer .detail { font-size: 1.4rem; color: #374151; }
.prompt-big { font-size: 5rem; line-height: 1.1; font-weight: 700; text-align: center; color: #1d4ed8; }
.prompt-word { font-size: 2rem; text-align: center; }
.feedback { font-size: 1.6rem; text-align: center; }
.score { font-size: 1.3rem; text-align: center; }
#practice-prompt .practice-prompt { text-align: center; }
#practice-prompt .prompt-big { font-size: 9rem; }
#practice-feedback { min-height: 7rem; }
/* A projector (1366x768): the pad, its buttons and the feedback on one screen (issue #18, item 4). */
#practice-pad .pad-paper { max-height: min(62vh, calc(100vh - 320px)); }
#practice-feedback p:first-child { font-size: 2.4rem; }
[lang="ar"], [lang="hi"], [lang="zh"] {
  font-size: 1.15em; font-family: "Digits Noto", var(--font), sans-serif;
}
.seen { text-align: center; min-height: 200px; }
.seen-caption { font-size: 1rem; color: #475569; margin-bottom: 6px; }
/* Draw tab: every digit's bar, the model line; the pad leaves room for the header on a projector. */
.sure-title { font-size: 1rem; color: #475569; margin-bottom: 4px; }
.sure-row { display: flex; align-items: center; gap: 8px; font-size: 1.1rem; margin: 2px 0; }
.sure-label { min-width: 7.5em; }
.sure-bar { flex: 1; height: 14px; background: #e2e8f0; border-radius: 7px; overflow: hidden; }
.sure-bar span { display: block; height: 100%; background: #2563eb; }
.sure-row.unsure .sure-bar span { background: #d97706; }
.sure-row.unsure { font-weight: 700; color: #b45309; }
.answer .unsure-digit { color: #b45309; text-decoration: underline dotted; }
.draw-model { font-size: 1rem; color: #475569; }
#draw-pad .pad-paper { max-height: min(62vh, calc(100vh - 270px)); min-height: 240px; }
#draw-answer .big { font-size: 5.5rem; }
#draw-seen .seen { min-height: 0; }
.answer .backwards-word { font-size: 1.6rem; font-weight: 600; }
.answer .mirrored-digit { text-decoration: underline wavy #7c3aed; }
.backwards { display: flex; gap: 10px; align-items: center; text-align: left; font-size: 1.1rem; }
.backwards img { height: 84px; image-rendering: pixelated; border: 1px solid #cbd5e1; border-radius: 6px; }
/* Tablets and phones: the pad takes the whole width, and the answer sits right above it. */
@media (max-width: 820px) {
  #draw-row { flex-direction: column; align-items: stretch; }
  #draw-side { display: contents; }
  #draw-answer { order: -1; }
  #draw-answer .big { font-size: 4rem; }
}
/* Phones (issue #18, item 9): a small prompt, the feedback right above the pad, Check and Next
   side by side below it, so feedback, pad and Check fit one screen. */
@media (max-width: 600px) {
  #practice-prompt .prompt-big { font-size: 3.5rem; }
  #practice-prompt .prompt-word { font-size: 1.3rem; }
  #practice-feedback { min-height: 0; font-size: 1.15rem; }
  #practice-feedback p { margin: 0.2em 0; }
  #practice-feedback p:first-child { font-size: 1.4rem; }
  #practice-buttons { flex-wrap: nowrap; }
  #practice-buttons button { min-width: 0; }
}
"""
    + steady.CSS  # last: the answer areas' fixed sizes win (digits/ui/steady.py)
)


# WCAG AA asks 4.5:1 for text; the Soft theme's blue-500 and slate-400 give 2.5-3.7:1 and wash out on
# a projector. Blue-700 takes white text at 6.7:1 (hovered blue-600: 5.2:1), sits on the labels' blue-100
# at 5.5:1 and on the page at 6.4:1; slate-600 on the page 7.2:1; slate-500 placeholders on white 4.8:1.
CONTRAST = {
    "button_primary_background_fill": "*primary_700",
    "button_primary_background_fill_hover": "*primary_600",
    "button_primary_border_color": "*primary_700",
    "button_primary_border_color_hover": "*primary_600",
    "color_accent": "*primary_700",
    "block_label_text_color": "*primary_700",
    "block_title_text_color": "*primary_700",
    "checkbox_label_background_fill_selected": "*primary_700",
    "checkbox_background_color_selected": "*primary_700",
    "body_text_color_subdued": "*neutral_600",
    "input_placeholder_color": "*neutral_500",
    "link_text_color_visited": "*secondary_700",
}


def theme() -> gr.themes.Base:
    """A soft theme with large, readable fonts and text at 4.5:1 contrast or more."""
    return gr.themes.Soft(
        primary_hue="blue",
        secondary_hue="amber",
        neutral_hue="slate",
        text_size=gr.themes.sizes.text_lg,
        radius_size=gr.themes.sizes.radius_lg,
    ).set(**CONTRAST)
