"""The stroke pad: a canvas of our own on gr.HTML, whose value is the strokes, never an image."""

from __future__ import annotations

import gradio as gr

from digits.languages import DEFAULT_LANGUAGE
from digits.ui.child_view import TEACHER_ONLY
from digits.ui.widget import widget
from digits.words import say

EMPTY = {"width": 1, "height": 1, "strokes": []}  # what Python sends to wipe a pad

HTML = """
<div class="pad">
  <div class="pad-paper" role="img" aria-label="${caption}">
    <canvas></canvas><canvas class="pad-under"></canvas>
  </div>
  <div class="pad-tools">
    <span class="pad-caption">${caption}</span>
    <button type="button" class="pad-show" id="${show_id}" hidden>
      <span class="pad-long">${show}</span><span class="pad-short">${show_short}</span>
    </button>
    <button type="button" class="pad-undo" id="${undo_id}">${undo}</button>
    <button type="button" class="pad-clear" id="${clear_id}">${clear}</button>
  </div>
</div>
"""

# The paper takes every pointer event (border included) and nothing lies over it: no dead edges.
CSS = """
.pad { width: 100%; }
.pad-paper {
  width: 100%; aspect-ratio: 1 / 1; max-height: 62vh; box-sizing: border-box;
  border: 3px solid #94a3b8; border-radius: 14px; background: #fff;
  touch-action: none; user-select: none; -webkit-user-select: none; cursor: crosshair;
  position: relative;
}
.pad-paper canvas {
  display: block; width: 100%; height: 100%; touch-action: none; position: relative; z-index: 1;
}
.pad-paper canvas.pad-under { position: absolute; inset: 0; z-index: 0; pointer-events: none; }
.pad-tools button[hidden], .pad-short { display: none; }
.pad-tools { display: flex; gap: 10px; align-items: center; margin-top: 8px; }
.pad-caption { flex: 1; font-size: 1.05rem; color: #475569; }
.pad-tools button {
  min-height: 52px; min-width: 110px; font-size: 1.1rem; border-radius: 10px;
  border: 1px solid #cbd5e1; background: #f1f5f9; cursor: pointer;
}
.pad-tools button:active { background: #e2e8f0; }
@media (max-width: 500px) {
  .pad-caption { display: none; }
  .pad-tools { justify-content: flex-end; }
  .pad-tools button { min-width: 0; flex: 1; white-space: nowrap; }
  .pad-long { display: none; }
  .pad-short { display: inline; }
}
@media (min-width: 1600px) { .pad-paper { max-height: 70vh; } }
"""


BUTTONS = {"show": "pad.show", "show_short": "pad.show.short", "undo": "pad.undo", "clear": "pad.clear"}


def labels(caption: str, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The pad's words in the language: its caption (the line `caption` of digits/lang) and buttons.

    A pad value's "labels" key sets them in the browser (pad.js), for every later value too: the pad
    follows the class's language as the rest of the tab does.
    """
    return {"caption": say(caption, language), **{k: say(key, language) for k, key in BUTTONS.items()}}


def stroke_pad(caption: str, elem_id: str, clear_id: str | None = None, value=None, **kwargs) -> gr.HTML:
    """A drawing pad (mouse, pen, finger) with Undo and Clear; its `input` event fires as the pencil lifts.

    Its words are English until a value's "labels" (see labels) say otherwise.
    A value with a "model" key (see lesson_value) also sets the model digit: "Show me how" animates
    it, and with "guide" it lies faint under the ink for tracing.
    """
    return widget(
        "pad.js",
        HTML,
        CSS,
        elem_id,
        value,
        caption=caption,
        **{k: say(key) for k, key in BUTTONS.items()},
        undo_id=f"{elem_id}-undo",
        clear_id=clear_id or f"{elem_id}-clear",
        show_id=f"{elem_id}-show",
        **kwargs,
    )


# Every pad on the page, in this browser only: pad.js reads the look from <html data-pad-lines
# data-pad-pen> and redraws on "pad-look". No server round trip, nothing stored.
LOOK_JS = """(lines, pen) => {
  const d = document.documentElement.dataset;
  d.padLines = lines ? '1' : '';
  d.padPen = pen;
  document.dispatchEvent(new Event('pad-look'));
}"""
PENS = ("thin", "medium", "thick")  # pad.js's PENS: the ink's width on screen; the reader's is its own


def pad_options() -> tuple[gr.Checkbox, gr.Radio]:
    """The teacher's choice for every pad: exercise-book lines (baseline, midline) and the pen's size."""
    # A teacher's choice for the class: a child's view (?view=child) leaves it out.
    with gr.Accordion(
        "✏️ Pen size and exercise-book lines", open=False, elem_id="pad-look", elem_classes=TEACHER_ONLY
    ):
        with gr.Row():
            lines = gr.Checkbox(
                False, label="📏 Exercise-book lines: a baseline and a midline", elem_id="pad-lines"
            )
            pen = gr.Radio(list(PENS), value="medium", label="✏️ Pen", elem_id="pad-pen")
    for control in (lines, pen):
        control.change(None, [lines, pen], None, js=LOOK_JS, api_name=False, queue=False)
    return lines, pen


def lesson_value(
    model: dict | None, guide: bool = False, play: bool = False, n: int = 0, words: dict | None = None
) -> dict:
    """An empty pad carrying the model digit ({"width", "height", "strokes"} in a square, or None).

    `n` numbers the prompt, so the same digit asked twice still reaches the pad; `words` (see
    labels) sets its caption and buttons in the class's language.
    """
    value = {**EMPTY, "model": model, "guide": guide, "play": play, "n": n}
    return {**value, "labels": words} if words else value
