"""The Draw tab's handlers: one batched read, dots, every digit of a number, the model line, Teach it."""

from __future__ import annotations

import re

import gradio as gr
import numpy as np
import pytest

from tests.strokes import pad_value

DOT = {"width": 400, "height": 400, "strokes": [[[200, 200, 0]]]}


def number_value(digits: str) -> dict:
    """Digits drawn side by side on one pad."""
    value = {"width": 200 * len(digits), "height": 300, "strokes": []}
    for i, d in enumerate(digits):
        one = pad_value(int(d), side=200)
        value["strokes"] += [[[x + 200 * i, y + 50, t] for x, y, t in s] for s in one["strokes"]]
    return value


def test_read_both_is_one_pass_giving_both_readings(shipped_recognizer):
    value = number_value("42")
    calls = []
    forward = shipped_recognizer._forward
    shipped_recognizer._forward = lambda x: calls.append(len(x)) or forward(x)
    try:
        whole, number = shipped_recognizer.read_both_strokes(value)
    finally:
        shipped_recognizer._forward = forward
    # One batch for the whole ink and each digit; at most one more, of the mirror views of the inputs
    # the first found possibly backwards (mirror.worth_a_second_look).
    assert calls[0] >= 3 and (len(calls) == 1 or (len(calls) == 2 and calls[1] < calls[0]))
    alone = shipped_recognizer.read_strokes(value)
    assert np.allclose(whole.probabilities, alone.probabilities, atol=1e-5)
    assert number.number == shipped_recognizer.read_number_strokes(value).number == "42"


def test_a_dot_is_only_a_dot_never_nothing_drawn(shipped_recognizer):
    from digits.read.reading import NOTHING_DRAWN, ONLY_A_DOT
    from digits.ui import draw

    whole, number = shipped_recognizer.read_both_strokes(DOT)
    assert whole.digit is None and whole.message == number.message == ONLY_A_DOT
    assert draw.read_strokes(DOT)["message"] == ONLY_A_DOT and draw.read_strokes(DOT)["digit"] is None
    answer, _, _ = draw.read_drawing(DOT, None)
    assert "only a dot" in answer and "Nothing drawn" not in answer
    assert shipped_recognizer.read_strokes({"width": 9, "height": 9, "strokes": []}).message == NOTHING_DRAWN


def test_every_digit_of_a_number_in_order_and_the_unsure_marked(shipped_recognizer):
    from digits.read.recognizer import Recognizer
    from digits.ui import draw
    from digits.ui.common import Session

    value = number_value("1987")
    _, sure, _ = draw.read_drawing(value, Session(recognizer=shipped_recognizer))
    assert re.findall(r"sure-label'>([^<]*)<", sure) == [f"digit {i + 1}: {d}" for i, d in enumerate("1987")]
    doubting = Recognizer(shipped_recognizer.model, "doubting", sure_above=1.01)  # sure of nothing
    answer, sure, _ = draw.read_drawing(value, Session(recognizer=doubting))
    assert sure.count("sure-row unsure") == 4 and sure.count("not sure") == 4
    assert answer.count("unsure-digit") == 4


def test_names_are_tagged_and_isolated():
    from digits.ui.draw_views import name_html

    assert name_html(7, "Arabic") == "<bdi lang='ar' dir='rtl'>سبعة</bdi>"
    assert name_html(7, "French") == "<bdi lang='fr' dir='ltr'>sept</bdi>"


def test_the_views_need_no_gradio(python):
    code = "import sys, digits.ui.draw_views; assert 'gradio' not in sys.modules"
    python(code, timeout=60)


def test_the_model_line_and_the_way_back(shipped_recognizer):
    from digits.ui import draw
    from digits.ui.common import Session

    session = Session(recognizer=shipped_recognizer, model_label="your report network (97.0%)")
    assert "your report network" in draw.model_html(session)
    answer, *_, model, back, _, voice, kept = draw.back_to_shipped(pad_value(7), session)
    assert kept is session and session.recognizer is None and "the shipped recognizer" in model
    assert ">7<" in answer  # the drawing read again by the shipped model
    assert back["visible"] is False


def test_teach_it_adds_the_drawing_to_the_class_set(shipped_recognizer):
    from digits.ui import draw
    from digits.ui.common import Session

    session = Session(recognizer=shipped_recognizer)
    text, kept = draw.teach("7", pad_value(7), session)
    assert kept is session and len(session.class_set) == 1 and "**1 drawing** (1 taught here)" in text
    assert text.startswith("✅ Thank you! Kept as a 7")  # beside the count, not in a toast over the button
    drawing = session.class_set.drawings[0]
    assert drawing.label == 7 and drawing.source == "teach" and drawing.image.shape == (28, 28)
    assert len(drawing.strokes) == len(pad_value(7)["strokes"])
    for label, value, says in [
        (None, pad_value(7), "choose which digit"),
        ("3", {"width": 9, "height": 9, "strokes": []}, "Nothing drawn"),
        ("3", DOT, "only a dot"),
        ("3", {"width": 9, "height": 9, "strokes": "x"}, "stroke"),
    ]:
        with pytest.raises(gr.Error, match=says):
            draw.teach(label, value, session)
    assert len(session.class_set) == 1


def mirrored(value: dict) -> dict:
    """The pad value flipped left-right: the digit written backwards."""
    return {**value, "strokes": [[[value["width"] - x, y, t] for x, y, t in s] for s in value["strokes"]]}


def test_the_json_says_mirrored_with_the_digit_meant(shipped_recognizer):
    from digits.ui import draw
    from digits.ui.common import Session

    session = Session(recognizer=shipped_recognizer)
    ahead, back = draw.read_strokes(pad_value(3), session), draw.read_strokes(mirrored(pad_value(3)), session)
    assert (ahead["digit"], ahead["mirrored"]) == (3, False)
    assert (back["digit"], back["mirrored"]) == (3, True) and back["top3"][0]["digit"] == 3


def test_a_backwards_digit_inside_a_number_is_flagged_and_shown(shipped_recognizer):
    from digits.ui import draw
    from digits.ui.common import Session

    value = number_value("2")
    three = mirrored(pad_value(3, side=200))
    value["strokes"] += [[[x + 200, y + 50, t] for x, y, t in s] for s in three["strokes"]]
    value["width"] += 200
    five = pad_value(5, side=200)
    value["strokes"] += [[[x + 400, y + 50, t] for x, y, t in s] for s in five["strokes"]]
    value["width"] += 200
    session = Session(recognizer=shipped_recognizer)
    answer = draw.read_strokes(value, session)
    assert answer["number"] == "235"
    assert [(d["digit"], d["mirrored"]) for d in answer["digits"]] == [(2, False), (3, True), (5, False)]
    html, sure, _ = draw.read_drawing(value, session)
    assert html.count("mirrored-digit") == 1 and "write a 3 facing the other way" in html
    assert "digit 2: 3" in sure and sure.count("written backwards") == 1


def test_the_draw_answer_and_look_inside_say_written_backwards(shipped_recognizer):
    from digits.ui import draw
    from digits.ui.common import Session

    session = Session(recognizer=shipped_recognizer)
    answer, sure, _ = draw.read_drawing(mirrored(pad_value(7)), session)
    assert re.search(r"class='big'>7<span class='backwards-word'>, written backwards", answer)
    assert "alt='your 7 the right way round'" in answer and "sure-label'>7 · " in sure
    views = draw.look_inside(mirrored(pad_value(7)), session)
    assert views[-1][1].endswith("7, written backwards")
    assert not draw.look_inside(pad_value(7), session)[-1][1].endswith("backwards")


def test_recognize_reads_the_uploads_header_before_its_pixels(tmp_path, monkeypatch, shipped_recognizer):
    """The API takes the upload's path: a 4200 x 4200 PNG is refused from its header, never decoded."""
    import cv2

    from digits.ui.common import Session
    from digits.ui.draw import recognize

    session = Session(recognizer=shipped_recognizer)
    seven = tmp_path / "seven.png"
    cv2.imwrite(str(seven), np.full((300, 300), 255, np.uint8))
    assert recognize(str(seven), session)["digit"] is None  # blank paper: read, nothing drawn
    huge = tmp_path / "huge.png"
    huge.write_bytes(cv2.imencode(".png", np.zeros((4200, 4200), np.uint8))[1].tobytes())

    def decoded(*args):
        raise AssertionError("decoded before its header was read")

    monkeypatch.setattr("digits.read.preprocess.cv2.imdecode", decoded)
    with pytest.raises(gr.Error, match="too large"):
        recognize(str(huge), session)


def test_the_recognize_api_hands_over_a_path_not_pixels():
    import app

    api = next(c for c in app.demo.blocks.values() if isinstance(c, gr.Image) and c.label == "image")
    assert api.type == "filepath" and api.image_mode is None  # Gradio then opens only the header


def _reading(digit: int, sure: bool = True, mirrored: bool = False):
    from digits.read.reading import Reading

    p = np.full(10, 0.01, np.float32)
    p[digit] = 0.91 if sure else 0.4
    return Reading(digit, p, sure, np.zeros((28, 28), np.float32), mirrored)


def test_the_answer_carries_a_short_line_to_say_in_the_visitors_language():
    """Issue #30, item 4: the Draw tab says its answer; made-up readings, no model."""
    from digits.read.reading import NumberReading
    from digits.ui import draw_views

    say = draw_views.spoken_answer
    assert say(NumberReading([_reading(7)]), "English") == "That's a 7."
    assert say(NumberReading([_reading(7, mirrored=True)]), "French") == "C'est un 7, écrit à l'envers !"
    assert say(NumberReading([_reading(4), _reading(2)]), "English") == "That's 42."
    assert say(NumberReading([_reading(3, sure=False)]), "English") == "I'm not sure. Draw it again?"
    assert say(NumberReading([], ink=True), "English") == "That's only a dot."
    assert say(NumberReading([]), "English") == ""  # nothing drawn: nothing said
    html, sure, _ = draw_views.reading_html(NumberReading([_reading(7, mirrored=True)]), "Arabic", 9)
    assert "data-lang='ar-SA'" in html and "مكتوب بالمقلوب" in html and "ما مدى تأكده؟" in sure
    from digits.ui import draw

    value = draw.voice_value(None)
    assert value["follow"] == "#draw-answer" and value["sound"] and value["switch"] == "🔊 Say the answer"


def test_the_draw_tab_greets_and_labels_its_pad_in_the_visitors_language():
    """Issue #30: the Draw pad's caption and buttons, and its first words, in the visitor's language."""
    from digits.ui import draw
    from digits.ui.common import Session

    french = Session(language="French")
    answer, sure, seen, voice = draw.greeting(french)
    assert "Dessine un chiffre et je le lirai." in answer and "Est-il sûr ?" in sure
    assert "Ce que voit l&#x27;ordinateur" in seen and voice["switch"] == "🔊 Dire la réponse"
    words = draw.pad_words(french)
    assert words["caption"] == "Dessine un chiffre (ou un nombre entier)" and words["clear"] == "🧽 Effacer"
    assert draw.pad_words(None)["undo"] == "↶ Undo"
