"""The speaker: prompts, feedback and answers said aloud by the browser's own voice, with a 🔊 button.

After a Check it also plays a soft tone and shows a picture (a smile, or a try-again), both made in
the browser: a child of five hears and sees the answer without reading it.
"""

from __future__ import annotations

import gradio as gr

from digits.languages import get
from digits.ui.widget import widget
from digits.words import say

HTML = """
<div class="speak">
  <span class="speak-cue" aria-hidden="true"></span>
  <button type="button" class="speak-again" id="${again_id}" hidden>🔊 Hear it again</button>
  <label class="speak-switch" hidden><input type="checkbox" checked> <span></span></label>
  <span class="speak-note" role="status"></span>
</div>
"""

CSS = """
.speak { display: flex; gap: 10px; align-items: center; justify-content: center; min-height: 52px;
  flex-wrap: wrap; }
.speak-again {
  min-height: 52px; min-width: 110px; font-size: 1.1rem; border-radius: 10px;
  border: 1px solid #cbd5e1; background: #f1f5f9; cursor: pointer;
}
.speak-again[hidden], .speak-switch[hidden] { display: none; }
.speak-cue { font-size: 2.4rem; line-height: 1; min-width: 2.6rem; text-align: center; }
.speak-switch { display: flex; gap: 6px; align-items: center; min-height: 44px; font-size: 1rem; }
.speak-switch input { width: 24px; height: 24px; }
.speak-note { color: #92400e; font-size: 1rem; }
"""

CUES = {"yes": "😊", "again": "🔁"}  # the pictures; speech.js plays the matching tone


def speech_value(text: str, language: str, sound: bool, n: int = 0, cue: str = "", follow: str = "") -> dict:
    """What the speaker says: `text` in the language's speech tag; `n` makes a repeat a new value.

    `cue` ("yes" or "again") adds the tone and picture; `follow` names an answer element whose
    data-say the speaker says each time it changes (the Draw tab), behind its own switch.
    """
    lang = get(language)
    return {
        "text": text,
        "lang": lang.speech,
        "language": lang.name,
        "sound": bool(sound),
        "n": n,
        "cue": cue,
        "picture": CUES.get(cue, ""),
        "again": say("btn.again", language),
        "follow": follow,
        "switch": say("btn.say_answer", language) if follow else "",
        "none": say("voice.none", language),  # the notes when the browser has no voice for it, or none
        "mute": say("voice.mute", language),
    }


def speaker(elem_id: str, value: dict | None = None) -> gr.HTML:
    """A 🔊 button, a picture cue and a note; it speaks its value each time the value changes."""
    return widget("speech.js", HTML, CSS, elem_id, value, again_id=f"{elem_id}-again")
