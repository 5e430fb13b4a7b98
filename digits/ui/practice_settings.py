"""The teacher's settings for the Practice tab (an accordion), and the round summary as a CSV file."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from digits.languages import DEFAULT_LANGUAGE, LANGUAGES
from digits.lesson.formation import CHOICES, Convention
from digits.lesson.teacher import MODES, TeacherSettings
from digits.lesson.writing import Lesson

MODE_NAMES = {
    "trace": "✍️ Trace: follow the grey digit",
    "free": "✏️ Free: draw the digit",
    "numbers": "🔢 Numbers: write the number you hear, count the dots",
    "sums": "➕ Sums and differences within 20",
}
SUMMARY_NAME = "round-summary.csv"


def language_choices() -> list[tuple[str, str]]:
    """The menu: each language by its English name and its own."""
    return [
        (lang.name if lang.native == lang.name else f"{lang.name} · {lang.native}", lang.name)
        for lang in LANGUAGES.values()
    ]


@dataclass
class SettingsInputs:
    """The accordion's inputs, in the order `settings_from` takes their values."""

    digits: gr.CheckboxGroup
    length: gr.Slider
    mode: gr.Radio
    language: gr.Dropdown
    convention: list[gr.Radio]  # one per Convention field
    sound: gr.Checkbox
    strict: gr.Checkbox

    def all(self) -> list:
        return [self.digits, self.length, self.mode, self.language, *self.convention, self.sound, self.strict]


def settings_from(digits, length, mode, language, *rest) -> TeacherSettings:
    """The accordion's values as TeacherSettings; a bad choice is one plain gr.Error."""
    *styles, sound, strict = rest
    try:
        convention = Convention(**dict(zip(CHOICES, styles, strict=True)))
        return TeacherSettings(
            digits=tuple(int(d) for d in digits or ()),
            length=int(length),
            mode=mode,
            language=language,
            convention=convention,
            sound=bool(sound),
            strict=bool(strict),
        )
    except (TypeError, ValueError) as exc:
        raise gr.Error(str(exc)) from None


def summary_file(lesson: Lesson) -> str:
    """The round's summary written as a CSV file for the download button."""
    folder = Path(tempfile.mkdtemp(prefix="digits-summary-"))
    path = folder / SUMMARY_NAME
    path.write_text(lesson.log.summary().to_csv(), encoding="utf-8")
    return str(path)


def build(start: TeacherSettings):
    """The teacher's accordion: the inputs, the start button, collect switch, summary and its download."""
    with gr.Accordion("🧑‍🏫 Teacher settings and round summary", open=False, elem_id="practice-settings"):
        with gr.Row():
            mode = gr.Radio(
                [(v, k) for k, v in MODE_NAMES.items() if k in MODES],
                value=start.mode,
                label="Mode",
                elem_id="practice-mode",
            )
            language = gr.Dropdown(
                language_choices(), value=DEFAULT_LANGUAGE, label="Language", elem_id="practice-language"
            )
        digits = gr.CheckboxGroup(
            [str(d) for d in range(10)],
            value=[str(d) for d in start.digits],
            label="Digits to practise (trace and free)",
            elem_id="practice-digits",
        )
        with gr.Row():
            length = gr.Slider(
                1, 50, value=start.length, step=1, label="Round length", elem_id="practice-length"
            )
            convention = [
                gr.Radio(
                    list(choices), value=choices[0], label=f"How to write {digit}", elem_id=f"practice-{name}"
                )
                for name, (digit, choices) in CHOICES.items()
            ]
        with gr.Row():
            sound = gr.Checkbox(
                value=start.sound, label="🔊 Sound (off for a quiet room)", elem_id="practice-sound"
            )
            strict = gr.Checkbox(
                value=start.strict,
                label="Strict: a formation slip makes a digit wrong",
                elem_id="practice-strict",
            )
            collect = gr.Checkbox(
                value=False, label="Collect the drawings for the class set", elem_id="practice-collect"
            )
        begin = gr.Button("▶️ Start a new round with these settings", elem_id="practice-start")
        summary = gr.Markdown("No attempts yet.", elem_id="practice-summary")
        download = gr.DownloadButton("📄 Download the round summary (CSV)", elem_id="practice-download")
    inputs = SettingsInputs(digits, length, mode, language, convention, sound, strict)
    return inputs, collect, begin, summary, download
