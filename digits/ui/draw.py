"""The Draw tab: a child draws, the network reads it live and shows what it saw."""

from __future__ import annotations

import base64

import cv2
import gradio as gr
import numpy as np

from digits.languages import name
from digits.preprocess import BadImage
from digits.ui.common import Session, recognizer_for, teacher_note
from digits.ui.insight import LEGEND
from digits.ui.pad import EMPTY, stroke_pad

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


def _seen_html(images: list[np.ndarray], side: int = 168) -> str:
    """The 28x28 inputs side by side, shown with hard pixels, inline: no file per reading."""
    if not images:
        return (
            "<div class='seen'><div class='seen-caption'>What the computer sees (28 x 28 pixels)</div></div>"
        )
    gap = np.ones((28, 2), np.float32)
    row = np.concatenate([x for im in images for x in (1.0 - im.reshape(28, 28), gap)][:-1], axis=1)
    png = cv2.imencode(".png", (row * 255).astype(np.uint8))[1].tobytes()
    return (
        "<div class='seen'><div class='seen-caption'>What the computer sees (28 x 28 pixels)</div>"
        f"<img alt='the 28 x 28 input' src='data:image/png;base64,{base64.b64encode(png).decode()}' "
        f"style='height:{side}px;image-rendering:pixelated'></div>"
    )


def _answer_html(text: str, detail: str = "", unsure: bool = False, points: int = 0) -> str:
    cls = "answer unsure" if unsure else "answer"
    # data-points: which drawing this answer belongs to (tests and benchmarks wait for it).
    return (
        f"<div class='{cls}' data-points='{points}'><div class='big'>{text}</div>"
        f"<div class='detail'>{detail}</div></div>"
    )


def _points(value) -> int:
    strokes = value.get("strokes") if isinstance(value, dict) else None
    return sum(len(s) for s in strokes if isinstance(s, list)) if isinstance(strokes, list) else 0


def read_drawing(value, session: Session | None):
    """Read the pad's strokes: the answer, the top-3 and what the network saw."""
    language = session.language if session else "English"
    if session is not None:
        session.drawing = value  # kept for lessons that replay the child's strokes
    points = _points(value)
    try:
        reading = recognizer_for(session).read_number_strokes(value or EMPTY)
    except BadImage as exc:
        gr.Warning(str(exc))
        return _answer_html("?", str(exc), True, points), None, _seen_html([])
    if not reading.digits:
        return _answer_html("…", reading.message, True, points), None, _seen_html([])
    seen = _seen_html([r.image for r in reading.digits])
    if len(reading.digits) == 1:
        r = reading.digits[0]
        word = name(r.digit, language)
        detail = f"{word} · {r.confidence:.0%} sure" if r.sure else reading.message
        top = {str(d): p for d, p in r.top(3)}
        return _answer_html(str(r.digit), detail, not r.sure, points), top, seen
    detail = "I read each digit on its own." if reading.sure else reading.message
    top = {f"digit {i + 1}: {r.digit}": r.confidence for i, r in enumerate(reading.digits)}
    return _answer_html(reading.number, detail, not reading.sure, points), top, seen


def recognize(image, session: Session | None = None) -> dict:
    """API: an image in, the reading out as plain JSON (for gradio_client users)."""
    if image is None:
        raise gr.Error("Send an image: nothing was received.")
    rec = recognizer_for(session)
    return _answer(lambda: rec.read(image), lambda: rec.read_number(image))


def read_strokes(value, session: Session | None = None) -> dict:
    """API: a pad value ({"width", "height", "strokes"}) in, the same JSON as `recognize` out."""
    rec = recognizer_for(session)
    return _answer(lambda: rec.read_strokes(value), lambda: rec.read_number_strokes(value))


def _answer(read_whole, read_number) -> dict:
    """One reading as plain JSON: all the ink as one digit, and the digits as a number."""
    try:
        whole, number = read_whole(), read_number()
        return number.to_dict(whole)
    except BadImage as exc:
        raise gr.Error(str(exc)) from None


def look_inside(value, session: Session | None):
    """Pictures of the network's first layer and the pixels that mattered, for this drawing."""
    from digits.ui.insight import inside_views

    try:
        rec = recognizer_for(session)
        return inside_views(rec, None, rec.read_strokes(value or EMPTY))
    except BadImage as exc:
        raise gr.Error(str(exc)) from None


def build(session: gr.State) -> gr.Blocks:
    """The Draw tab."""
    with gr.Blocks() as tab:
        with gr.Row(equal_height=False, elem_id="draw-row"):
            with gr.Column(scale=3):
                pad = stroke_pad(
                    "Draw a digit (or a whole number)", elem_id="draw-pad", clear_id="draw-clear"
                )
            with gr.Column(scale=2, elem_id="draw-side"):
                answer = gr.HTML(_answer_html("…", "Draw a digit and I will read it."), elem_id="draw-answer")
                top3 = gr.Label(num_top_classes=3, label="How sure is it?", elem_id="draw-top3")
                seen = gr.HTML(_seen_html([]), elem_id="draw-seen")
        with gr.Accordion("🔍 Look inside the network", open=False):
            gr.Markdown(
                "Press the button to see what the first layer of filters finds in your drawing, "
                "and which pixels mattered most for the answer.\n\n" + LEGEND
            )
            inside_button = gr.Button("Show me inside", elem_id="draw-inside")
            inside = gr.Gallery(columns=4, height="auto", label="Inside the network", elem_id="draw-gallery")
        teacher_note(TEACHER)
        api_image = gr.Image(type="numpy", image_mode="RGBA", visible=False, label="image")
        api_strokes = gr.JSON(visible=False, label="strokes")
        api_result = gr.JSON(visible=False)
        api_button = gr.Button(visible=False)

        outputs = [answer, top3, seen]
        pad.input(
            read_drawing,
            [pad, session],
            outputs,
            trigger_mode="always_last",
            show_progress="hidden",
            api_name="read_drawing",
            concurrency_id="reading",
            concurrency_limit=4,
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
        api_button.click(
            read_strokes,
            [api_strokes, session],
            api_result,
            api_name="read_strokes",
            concurrency_id="reading",
            concurrency_limit=4,
        )
    return tab
