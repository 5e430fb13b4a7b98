"""The teacher's settings for the Practice tab (an accordion), and the round summary as a CSV file."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from digits.languages import LANGUAGES
from digits.lesson.formation import CHOICES, Convention
from digits.lesson.teacher import MODES, TeacherSettings
from digits.lesson.writing import WritingLesson
from digits.ui.child_view import TEACHER_ONLY
from digits.ui.common import Session, visitor_files

MODE_NAMES = {
    "trace": "✍️ Trace: follow the grey digit",
    "free": "✏️ Free: draw the digit",
    "numbers": "🔢 Numbers: write the number you hear, count the dots",
    "sums": "➕ Sums and differences within 20",
}
SUMMARY_NAME = "round-summary.csv"
# The summary is written when the button is pressed, then handed to the browser as a download here;
# the button forgets it, so the next press writes the round as it is then.
SAVE_JS = """(file) => {
  if (file && file.url) {
    const link = document.createElement("a");
    link.href = file.url;
    link.download = file.orig_name || "round-summary.csv";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  return null;
}"""


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


def summary_file(lesson, session: Session | None, request: gr.Request | None = None) -> str | None:
    """The round's summary as a CSV file, written now in the visitor's own folder (the download button)."""
    summary = (lesson if isinstance(lesson, WritingLesson) else WritingLesson()).log.summary()
    if not summary.items:
        gr.Info("No attempts yet: the summary has nothing to download.")
        return None
    files = visitor_files(session if session is not None else Session(), request)
    path = files.write(SUMMARY_NAME, lambda p: p.write_text(summary.to_csv(), encoding="utf-8"))
    return str(path)


def wire_download(download: gr.DownloadButton, lesson: gr.State, session: gr.State) -> None:
    """The summary's button: the file is made only when pressed, then downloaded by the browser."""
    download.click(summary_file, [lesson, session], download, api_name="practice_download").then(
        None, download, download, js=SAVE_JS
    )


def widgets(start: TeacherSettings, prefix: str = "practice", collect: bool = False):
    """The settings' inputs (ids `{prefix}-mode`, ...) and the collect switch: Practice's and the class's."""
    with gr.Row():
        mode = gr.Radio(
            [(v, k) for k, v in MODE_NAMES.items() if k in MODES],
            value=start.mode,
            label="Mode",
            elem_id=f"{prefix}-mode",
        )
        language = gr.Dropdown(
            language_choices(), value=start.language, label="Language", elem_id=f"{prefix}-language"
        )
    digits = gr.CheckboxGroup(
        [str(d) for d in range(10)],
        value=[str(d) for d in start.digits],
        label="Digits to practise (trace and free)",
        elem_id=f"{prefix}-digits",
    )
    with gr.Row():
        length = gr.Slider(
            1, 50, value=start.length, step=1, label="Round length", elem_id=f"{prefix}-length"
        )
        convention = [
            gr.Radio(
                list(choices),
                value=getattr(start.convention, name),
                label=f"How to write {digit}",
                elem_id=f"{prefix}-{name}",
            )
            for name, (digit, choices) in CHOICES.items()
        ]
    with gr.Row():
        sound = gr.Checkbox(
            value=start.sound, label="🔊 Sound (off for a quiet room)", elem_id=f"{prefix}-sound"
        )
        strict = gr.Checkbox(
            value=start.strict,
            label="Strict: a formation slip makes a digit wrong",
            elem_id=f"{prefix}-strict",
        )
        kept = gr.Checkbox(
            value=collect, label="Collect the drawings for the class set", elem_id=f"{prefix}-collect"
        )
    return SettingsInputs(digits, length, mode, language, convention, sound, strict), kept


def build(start: TeacherSettings):
    """The teacher's accordion: the inputs, the start button, collect switch, summary and its download."""
    with gr.Accordion(
        "🧑‍🏫 Teacher settings and round summary",
        open=False,
        elem_id="practice-settings",
        elem_classes=TEACHER_ONLY,
    ):
        inputs, collect = widgets(start)
        begin = gr.Button("▶️ Start a new round with these settings", elem_id="practice-start")
        summary = gr.Markdown("No attempts yet.", elem_id="practice-summary")
        download = gr.DownloadButton("📄 Download the round summary (CSV)", elem_id="practice-download")
    return inputs, collect, begin, summary, download


def values_of(chosen: TeacherSettings) -> list:
    """The inputs' values (in `SettingsInputs.all()` order) that show `chosen`: `settings_from`'s inverse."""
    styles = [getattr(chosen.convention, name) for name in CHOICES]
    digits = [str(d) for d in chosen.digits]
    return [digits, chosen.length, chosen.mode, chosen.language, *styles, chosen.sound, chosen.strict]
