"""The Draw tab: a child draws, the network reads it live and shows what it saw."""

from __future__ import annotations

import cv2
import gradio as gr
import numpy as np

from digits.languages import name
from digits.preprocess import BadImage
from digits.ui.common import Session, clear_pad_js, recognizer_for, sketchpad, teacher_note
from digits.ui.insight import LEGEND

TEACHER = """
**What the computer does.** Your drawing is turned into the kind of picture the network learned
from: the ink is found, cut out, shrunk so its longest side is 20 pixels, and placed in the middle of a
28 x 28 square ("what the computer sees"). The network then gives each digit 0-9 a probability; the
bars show the three likeliest. When no digit gets at least 70%, it says *not sure* instead of guessing.

**Ideas for class.** Draw a digit badly on purpose: when does it change its mind? Draw a 1 with and
without a foot, a 7 with and without a cross-bar. Write a whole number such as 2026: each digit is cut
out and read on its own.

**The concepts.** A *convolution* slides small filters over the picture to find strokes and corners;
*pooling* keeps the strongest response in each small patch, so the answer barely moves when the
drawing moves; *softmax* turns the network's scores into probabilities that add up to 100%.
"""


def _enlarged(images: list[np.ndarray], side: int = 168) -> np.ndarray | None:
    """The 28x28 inputs side by side, enlarged with hard pixels so children see the grid."""
    if not images:
        return None
    tiles = [cv2.resize(1.0 - im, (side, side), interpolation=cv2.INTER_NEAREST) for im in images]
    gap = np.ones((side, 8), np.float32)
    row = np.concatenate([x for t in tiles for x in (t, gap)][:-1], axis=1)
    return (row * 255).astype(np.uint8)


def _answer_html(text: str, detail: str = "", unsure: bool = False) -> str:
    cls = "answer unsure" if unsure else "answer"
    return f"<div class='{cls}'><div class='big'>{text}</div><div class='detail'>{detail}</div></div>"


def read_drawing(value, session: Session | None):
    """Read the sketchpad: the answer, the top-3 and what the network saw."""
    language = session.language if session else "English"
    try:
        reading = recognizer_for(session).read_number(value)
    except BadImage as exc:
        gr.Warning(str(exc))
        return _answer_html("?", str(exc), True), None, None
    if not reading.digits:
        return _answer_html("…", reading.message, True), None, None
    seen = _enlarged([r.image for r in reading.digits])
    if len(reading.digits) == 1:
        r = reading.digits[0]
        word = name(r.digit, language)
        detail = f"{word} · {r.confidence:.0%} sure" if r.sure else reading.message
        top = {str(d): p for d, p in r.top(3)}
        return _answer_html(str(r.digit), detail, not r.sure), top, seen
    detail = "I read each digit on its own." if reading.sure else reading.message
    top = {f"digit {i + 1}: {r.digit}": r.confidence for i, r in enumerate(reading.digits)}
    return _answer_html(reading.number, detail, not reading.sure), top, seen


def recognize(image, session: Session | None = None) -> dict:
    """API: an image in, the reading out as plain JSON (for gradio_client users)."""
    if image is None:
        raise gr.Error("Send an image: nothing was received.")
    try:
        rec = recognizer_for(session)
        number = rec.read_number(image)
        whole = rec.read(image)
    except BadImage as exc:
        raise gr.Error(str(exc)) from None
    if whole.digit is None:
        return {"digit": None, "number": None, "message": whole.message}
    return {
        "digit": whole.digit,
        "confidence": round(whole.confidence, 4),
        "sure": whole.sure,
        "top3": [{"digit": d, "probability": round(p, 4)} for d, p in whole.top(3)],
        "probabilities": [round(float(p), 5) for p in whole.probabilities],
        "number": number.number,
        "message": number.message,
    }


def look_inside(value, session: Session | None):
    """Pictures of the network's first layer and the pixels that mattered, for this drawing."""
    from digits.ui.insight import inside_views

    try:
        return inside_views(recognizer_for(session), value)
    except BadImage as exc:
        raise gr.Error(str(exc)) from None


def build(session: gr.State) -> gr.Blocks:
    """The Draw tab."""
    with gr.Blocks() as tab:
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                pad = sketchpad("Draw a digit (or a whole number)", elem_id="draw-pad")
                clear = gr.Button("🧽 Clear", elem_id="draw-clear", size="lg")
            with gr.Column(scale=2):
                answer = gr.HTML(_answer_html("…", "Draw a digit and I will read it."), elem_id="draw-answer")
                top3 = gr.Label(num_top_classes=3, label="How sure is it?", elem_id="draw-top3")
                seen = gr.Image(
                    label="What the computer sees (28 x 28 pixels)",
                    interactive=False,
                    elem_id="draw-seen",
                    height=230,
                    buttons=[],
                )
        with gr.Accordion("🔍 Look inside the network", open=False):
            gr.Markdown(
                "Press the button to see what the first layer of filters finds in your drawing, "
                "and which pixels mattered most for the answer.\n\n" + LEGEND
            )
            inside_button = gr.Button("Show me inside", elem_id="draw-inside")
            inside = gr.Gallery(columns=4, height="auto", label="Inside the network", elem_id="draw-gallery")
        teacher_note(TEACHER)
        api_image = gr.Image(type="numpy", image_mode="RGBA", visible=False, label="image")
        api_result = gr.JSON(visible=False)
        api_button = gr.Button(visible=False)

        outputs = [answer, top3, seen]
        pad.change(
            read_drawing,
            [pad, session],
            outputs,
            trigger_mode="always_last",
            show_progress="hidden",
            api_name="read_drawing",
            concurrency_id="reading",
            concurrency_limit=4,
        )
        clear.click(
            lambda: (_answer_html("…", "Draw a digit and I will read it."), None, None, None),
            None,
            [answer, top3, seen, inside],
            api_name=False,
            queue=False,
            js=clear_pad_js("draw-pad"),
        )
        inside_button.click(look_inside, [pad, session], inside, api_name="look_inside")
        api_button.click(
            recognize,
            [api_image, session],
            api_result,
            api_name="recognize",
            concurrency_id="reading",
            concurrency_limit=4,
        )
    return tab
