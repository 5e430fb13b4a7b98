"""The speaker: prompts and digit names said aloud by the browser's own voice, with a 🔊 button."""

from __future__ import annotations

import gradio as gr

from digits.languages import get
from digits.ui.widget import widget

HTML = """
<div class="speak">
  <button type="button" class="speak-again" id="${again_id}" hidden>🔊 Hear it again</button>
  <span class="speak-note" role="status"></span>
</div>
"""

CSS = """
.speak { display: flex; gap: 10px; align-items: center; justify-content: center; min-height: 52px; }
.speak-again {
  min-height: 52px; min-width: 110px; font-size: 1.1rem; border-radius: 10px;
  border: 1px solid #cbd5e1; background: #f1f5f9; cursor: pointer;
}
.speak-again[hidden] { display: none; }
.speak-note { color: #92400e; font-size: 1rem; }
"""


def speech_value(text: str, language: str, sound: bool, n: int = 0) -> dict:
    """What the speaker says: `text` in the language's speech tag; `n` makes a repeat a new value."""
    lang = get(language)
    return {"text": text, "lang": lang.speech, "language": lang.name, "sound": bool(sound), "n": n}


def speaker(elem_id: str, value: dict | None = None) -> gr.HTML:
    """A 🔊 button and a note; it speaks its value each time the value changes."""
    return widget("speech.js", HTML, CSS, elem_id, value, again_id=f"{elem_id}-again")
