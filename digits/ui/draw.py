"""The Draw tab: a child draws, the network reads it live and shows what it saw."""

from __future__ import annotations

import time
from html import escape
from pathlib import Path

import gradio as gr

from digits.languages import DEFAULT_LANGUAGE, from_accept_language
from digits.read.preprocess import BadImage, read_image_file
from digits.serve.reader import read_both_strokes, reader_for
from digits.train.classset import ClassSetError
from digits.ui import class_pooled
from digits.ui.child_view import TEACHER_ONLY
from digits.ui.common import Session, by_id, recognizer_for, teacher_note
from digits.ui.draw_insight import LEGEND
from digits.ui.draw_route import bad_views, points
from digits.ui.draw_views import answer_html, reading_html, seen_html, sure_html
from digits.ui.pad import EMPTY, labels, pad_options, stroke_pad
from digits.ui.speech import speaker, speech_value
from digits.ui.train_views import counted
from digits.words import say

CAPTION = "pad.draw"  # the Draw pad's caption in digits/lang

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


# Each answer part shows what the Draw pad's lean read sent (pad.js dispatches it on the document).
SHOW_READING = """
document.addEventListener('digits-reading', (e) => {
  if (e.detail.to === 'draw' && e.detail.html) props.value = e.detail.html['%s'];
});
"""


def read_drawing(value, session: Session | None):
    """Read the pad's strokes: the answer, how sure it is and what the network saw."""
    language = session.language if session else DEFAULT_LANGUAGE
    try:
        reading = reader_for(session).read_number_strokes(value or EMPTY)
    except BadImage as exc:
        gr.Warning(str(exc))
        return bad_views(exc, value)
    return reading_html(reading, language, points(value))


def model_html(session: Session | None) -> str:
    """Which network reads the drawings: the shipped one, or the one this visitor trained."""
    own = session is not None and session.recognizer is not None
    label = session.model_label if own else Session.model_label
    where = " (only in this browser)" if own else ""
    return (
        f"<div class='draw-model{' own' if own else ''}'>🧠 Reading with <b>{escape(label)}</b>{where}</div>"
    )


def back_to_shipped(value, session: Session | None):
    """Back to the shipped recognizer for this visitor, and read the drawing again with it."""
    session = session if session is not None else Session()
    session.use_shipped()
    return (*refresh(value, session), session)


def teach_html(session: Session | None) -> str:
    """How many drawings the class set holds, and how many of them were taught here."""
    drawings = session.class_set.drawings if session is not None else []
    taught = sum(d.source == "teach" for d in drawings)
    return f"The class set holds **{counted(len(drawings), 'drawing')}** ({taught} taught here)."


def teach(label, value, session: Session | None):
    """'This is a 7': add the current drawing, with its label, to the class set."""
    session = session if session is not None else Session()
    if label in (None, ""):
        raise gr.Error("First choose which digit this drawing is.")
    try:
        reading = recognizer_for(session).read_strokes(value or EMPTY)
        if reading.digit is None:
            raise gr.Error(f"{reading.message} Then say which digit it is.")
        if session.seat is not None and class_pooled.send(session.seat, int(label), value, "teach"):
            return f"✅ Thank you! Kept as a {int(label)} for your class's set. " + teach_html(
                session
            ), session
        session.class_set.add(int(label), pad=value, source="teach")  # drawn as reading.image was
    except (BadImage, ClassSetError) as exc:
        raise gr.Error(str(exc)) from None
    # Said beside the count, not in a toast: a toast sat over the Keep button on a tablet (issue #30).
    return f"✅ Thank you! Kept as a {int(label)} for the class set. " + teach_html(session), session


def voice_value(session: Session | None) -> dict:
    """The Draw tab's speaker: it says each answer (the answer's data-say), in the visitor's language."""
    return speech_value("", session.language if session else DEFAULT_LANGUAGE, True, follow="#draw-answer")


def refresh(value, session: Session | None):
    """The Draw tab brought up to date: language, model and class set may have changed on other tabs."""
    return (
        *read_drawing(value, session),
        model_html(session),
        gr.update(visible=session is not None and session.recognizer is not None),
        teach_html(session),
        voice_value(session),
    )


def reselected(value, session: Session | None, request: gr.Request | None = None):
    """`refresh` when the tab is selected, and the pad asked to read its drawing again.

    The pad reads on the lean route: its answer comes after this event's, so a drawing made while
    this event waited in the queue is not shown the answer to the older one.
    """
    if (session is None or not session.read_token) and request is not None:
        # Gradio selects the first tab as the page opens, maybe before the page load has given the
        # session its key and language (app.py): the language is the browser's, as the load's will be.
        session = session if session is not None else Session()
        session.language = from_accept_language(request.headers.get("accept-language"))
    words = pad_words(session)
    return (*refresh(value, session), {**EMPTY, "reread": time.monotonic_ns(), "labels": words})


def pad_words(session: Session | None) -> dict:
    """The Draw pad's caption and buttons in the visitor's language (Practice's menu)."""
    return labels(CAPTION, session.language if session else DEFAULT_LANGUAGE)


def greeting(session: Session | None) -> tuple[str, str, str, dict]:
    """The Draw tab before any drawing, in the visitor's language: answer, how sure, seen, voice."""
    language = session.language if session else DEFAULT_LANGUAGE
    answer = answer_html("…", escape(say("draw.start", language)))
    return answer, sure_html((), language), seen_html([], language=language), voice_value(session)


def recognize(image, session: Session | None = None) -> dict:
    """API: an image (its uploaded file's path, or an array) in, the reading out as plain JSON."""
    if image is None:
        raise gr.Error("Send an image: nothing was received.")
    # A path: its header is read before any pixel is decoded (a 107 KB PNG can hold 9400 x 9400).
    return _answer(lambda: reader_for(session).read_both(_image(image)))


def _image(image):
    return read_image_file(image) if isinstance(image, (str, Path)) else image


def read_strokes(value, session: Session | None = None) -> dict:
    """API: a pad value ({"width", "height", "strokes"}) in, the same JSON as `recognize` out."""
    return _answer(lambda: read_both_strokes(session, value))


def _answer(read_both) -> dict:
    """One reading as plain JSON: all the ink as one digit, and the digits as a number."""
    try:
        whole, number = read_both()
        return number.to_dict(whole)
    except BadImage as exc:
        raise gr.Error(str(exc)) from None


def look_inside(value, session: Session | None):
    """Pictures of the network's first layer and the pixels that mattered, for this drawing."""
    from digits.ui.draw_insight import inside_views

    try:
        rec = recognizer_for(session)
        return inside_views(rec, None, rec.read_strokes(value or EMPTY))
    except BadImage as exc:
        raise gr.Error(str(exc)) from None


def pad_of(demo: gr.Blocks) -> gr.HTML:
    """The Draw tab's pad in the assembled app (its page load hands the pad its reading key)."""
    return by_id(demo, "draw-pad")


def build(session: gr.State, tab: gr.Tab | None = None) -> gr.Blocks:
    """The Draw tab."""
    with gr.Blocks() as blocks:
        with gr.Row(equal_height=False, elem_id="draw-row"):
            with gr.Column(scale=3):
                pad = stroke_pad(say(CAPTION), elem_id="draw-pad", clear_id="draw-clear")
            with gr.Column(scale=2, elem_id="draw-side"):
                answer = gr.HTML(
                    answer_html("…", "Draw a digit and I will read it."),
                    elem_id="draw-answer",
                    js_on_load=SHOW_READING % "answer",
                )
                voice = speaker("draw-speak", voice_value(None))  # says each answer (a switch, on)
                top3 = gr.HTML(sure_html(), elem_id="draw-top3", js_on_load=SHOW_READING % "top3")
                seen = gr.HTML(seen_html([]), elem_id="draw-seen", js_on_load=SHOW_READING % "seen")
                with gr.Row(elem_id="draw-model-row"):
                    model = gr.HTML(model_html(None), elem_id="draw-model")
                    back = gr.Button(
                        "↩ Back to the shipped model", visible=False, size="sm", elem_id="draw-model-back"
                    )
        with gr.Accordion(
            "🎓 Teach it: tell the network what this drawing is", open=False, elem_classes=TEACHER_ONLY
        ):
            with gr.Row(equal_height=True):
                label = gr.Radio(
                    [str(d) for d in range(10)], label="This is a…", elem_id="draw-teach-label", scale=3
                )
                teach_button = gr.Button("➕ Keep it for the class set", elem_id="draw-teach", scale=1)
            taught = gr.Markdown(teach_html(None), elem_id="draw-teach-count")
        with gr.Accordion("🔍 Look inside the network", open=False, elem_classes=TEACHER_ONLY):
            gr.Markdown(
                "Press the button to see what the first layer of filters finds in your drawing, "
                "and which pixels mattered most for the answer.\n\n" + LEGEND
            )
            inside_button = gr.Button("Show me inside", elem_id="draw-inside")
            inside = gr.Gallery(columns=4, height="auto", label="Inside the network", elem_id="draw-gallery")
        pad_options()  # the look of every pad: lines and pen size (digits/ui/pad.py)
        teacher_note(TEACHER)
        # A file path, not pixels: Gradio would decode the whole upload before the app could look at its
        # size (four 9400 x 9400 PNGs took the server from 986 to 5,323 MB). With image_mode None Gradio
        # only opens the header; the same ImageData payload as before, so gradio_client calls still work.
        api_image = gr.Image(type="filepath", image_mode=None, visible=False, label="image")
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
        # The language (Practice's menu), the model (Train's "Use this model") and the class set
        # (Practice collects) change on other tabs: coming back here shows them.
        if tab is not None:  # the gr.Tab app.py builds this in: selecting it refreshes the answer
            tab.select(
                reselected,
                [pad, session],
                outputs + [model, back, taught, voice, pad],
                show_progress="hidden",
                api_name=False,
                concurrency_id="reading",  # never queued behind a training's plot updates
                concurrency_limit=4,  # the group takes the smallest limit given: keep it 4
            )
        back.click(
            back_to_shipped, [pad, session], outputs + [model, back, taught, voice, session], api_name=False
        )
        teach_button.click(teach, [label, pad, session], [taught, session], api_name=False)
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
    return blocks
