"""The Practice tab: its handlers in each mode with the shipped model, and a round trip through the app."""

import csv
from dataclasses import replace
from types import SimpleNamespace

import gradio as gr
import pytest

from digits.languages import name
from digits.lesson.formation import formation
from digits.lesson.practice import article
from digits.lesson.teacher import TeacherSettings
from digits.lesson.writing import FREE_MODE, WritingLesson
from digits.ui import practice
from digits.ui import practice_settings as settings
from digits.ui import practice_views as view
from digits.ui.common import Session
from digits.ui.pad import EMPTY
from tests.conftest import free_port
from tests.strokes import pad_value

BLANK = {"width": 400, "height": 400, "strokes": []}
W = H = 400


@pytest.fixture
def session(shipped_recognizer):
    return Session(recognizer=shipped_recognizer)


@pytest.fixture(scope="module")
def drawings():
    """Pad values of the mouse paths, which the shipped model reads surely (tests/test_strokes.py)."""
    return {d: pad_value(d) for d in range(10)}


def traced(digit: int, backwards: bool = False) -> dict:
    strokes = formation(digit).on_pad(W, H)
    strokes = [s[::-1] for s in strokes] if backwards else strokes
    return {
        "width": W,
        "height": H,
        "strokes": [[[x, y, 10.0 * i] for i, (x, y) in enumerate(s)] for s in strokes],
    }


def lesson(mode: str, digits=(5,), **kw) -> WritingLesson:
    return WritingLesson(TeacherSettings(digits=digits, length=3, mode=mode, **kw))


def test_prompts_show_the_digit_its_name_or_the_question():
    free = view.prompt_html(WritingLesson(replace(FREE_MODE, digits=(7,), language="French")))
    assert "Dessine un 7 !" in free and "prompt-big'>7<" in free and "lang='fr'" in free and "sept" in free
    assert "Draw a 7!" in view.prompt_html(WritingLesson(replace(FREE_MODE, digits=(7,))))
    assert "Trace an 8!" in view.prompt_html(lesson("trace", (8,)))
    arabic = view.word_html(7, "Arabic")
    assert "سبعة" in arabic and "٧" in arabic and "dir='rtl'" in arabic
    sums = lesson("sums")
    assert sums.question.prompt in view.prompt_html(sums) and sums.digit is None
    numbers = lesson("numbers")
    numbers.next()  # hear, then dots
    assert (
        numbers.question.kind == "dots"
        and view.prompt_html(numbers).count("<circle") == numbers.question.answer
    )


def test_the_pad_gets_the_model_to_show_and_in_trace_mode_to_trace():
    value = view.pad_value(lesson("trace", (5,)))
    assert value["strokes"] == [] and value["guide"] and value["model"]["width"] == view.MODEL_SIDE
    assert value["model"]["strokes"][0][0] == pytest.approx(formation(5).to_json(100, 100)["strokes"][0][0])
    free = view.pad_value(lesson("free", (5,)))
    assert free["model"] and not free["guide"]
    assert view.pad_value(lesson("sums"))["model"] is None  # no "Show me how" for a number


def test_speech_is_in_the_languages_tag_and_follows_the_sound_switch():
    said = view.prompt_speech(lesson("free", (5,), language="German"))
    assert said["text"] == "Male eine 5: fünf." and said["lang"] == "de-DE" and said["sound"]
    assert view.prompt_speech(lesson("trace", (5,)))["text"] == "Trace a 5: five."
    assert not view.prompt_speech(lesson("free", (5,), sound=False))["sound"]
    sums = lesson("sums", language="French")
    assert (
        view.prompt_speech(sums)["text"] == sums.question.say and view.prompt_speech(sums)["lang"] == "fr-FR"
    )


def test_trace_mode_scores_the_model_and_names_the_one_thing_to_fix(session):
    le = lesson("trace", (5,))
    md, score, le, said, summary = practice.check_drawing(traced(5, backwards=True), le, False, session)
    assert "Start your 5 at the top left." in md and "Score: 0" in score
    md, score, le, said, summary = practice.check_drawing(traced(5), le, False, session)
    assert (
        md.startswith("⭐⭐⭐\n")
        and "Score: 1" in score
        and said["text"] == "Beautiful 5! Right start, right way round."
    )
    assert said["cue"] == "yes" and said["picture"] == "😊"
    assert "formation slips: start x1" in summary
    path = settings.summary_file(le, session)  # written only now, when the teacher asks for it
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    assert rows[0]["item"] == "5" and rows[0]["attempts"] == "2" and rows[0]["formation_slips"] == "start x1"


def test_free_mode_reads_the_shape_and_advises_on_formation(session, drawings):
    le = WritingLesson(replace(FREE_MODE, digits=(3,)))
    md, score, le, *_ = practice.check_drawing(BLANK, le, False, session)
    assert "Draw the digit first" in md and le.round.tries == 0
    md, score, le, *_ = practice.check_drawing(drawings[1], le, False, session)
    assert "Nice try" in md and "looks like a 1" in md and "⭐" not in md
    md, score, le, *_ = practice.check_drawing(drawings[3], le, False, session)
    assert md.startswith("⭐⭐\n") and name(3, "English") in md and "Score: 1" in score


def test_checking_the_same_drawing_again_keeps_its_stars_and_counts_once(session, drawings):
    le = WritingLesson(replace(FREE_MODE, digits=(4,)))
    first = practice.check_drawing(drawings[4], le, True, session)
    for _ in range(3):  # issue #18, item 12
        again = practice.check_drawing(drawings[4], le, True, session)
        assert again[0] == first[0] and again[0].startswith("⭐⭐⭐")
    assert le.round.total_tries == 1 and len(le.log.attempts) == 1
    assert len(session.class_set) == 1 and session.class_set.drawings[0].label == 4  # collected once


def test_strict_mode_marks_a_right_digit_wrong_for_a_formation_slip():
    read_right = SimpleNamespace(digit=1, sure=True, mirrored=False)  # the network read the shape right
    backwards = traced(1, backwards=True)
    relaxed = WritingLesson(replace(FREE_MODE, digits=(1,)))
    feedback, result = relaxed.free(backwards, read_right)
    assert feedback.correct and "Next time: Start your 1" in feedback.message and relaxed.round.score == 1
    strict = WritingLesson(replace(FREE_MODE, digits=(1,), strict=True))
    feedback, result = strict.free(backwards, read_right)
    assert feedback.kind == "wrong" and "Start your 1" in feedback.message and strict.round.score == 0
    assert strict.log.summary().items[0].slips == (("start", 1),)
    mirrored = WritingLesson(replace(FREE_MODE, digits=(3,)))
    mirrored.free(traced(3), SimpleNamespace(digit=3, sure=True, mirrored=True))
    assert mirrored.log.summary().reversals == 1  # the reading's `mirrored` counts as a reversal


def test_numbers_and_sums_read_the_digits_left_to_right(session, drawings):
    le = lesson("sums")
    answer = le.question.answer
    # Both digits of a two-digit pad value, side by side.
    ink = [pad_value(int(d)) for d in str(answer)]
    value = {"width": 560 * len(ink), "height": 560, "strokes": []}
    for i, v in enumerate(ink):
        value["strokes"] += [[[x + 560 * i, y, t] for x, y, t in s] for s in v["strokes"]]
    md, score, le, said, *_ = practice.check_drawing(value, le, False, session)
    assert (
        f"Yes! {answer} is right!" in md
        and "Score: 1" in score
        and said["text"] == f"Yes! {answer} is right!"
    )


def test_next_moves_on_and_a_new_round_starts_after_the_last(session):
    le = lesson("free", (2, 6))
    prompt, feedback, score, le, pad, said = practice.next_digit(le, session)
    assert score.startswith("Digit 2 of 3") and pad["strokes"] == [] and pad["model"] and said["text"]
    for _ in range(2):
        prompt, feedback, score, le, *_ = practice.next_digit(le, session)
    assert le.round.finished and "0 out of 3" in prompt and "new round" in feedback
    prompt, feedback, score, fresh, *_ = practice.next_digit(le, session)
    assert fresh.seed == 1 and fresh.round.position == 0 and fresh.settings == le.settings


def test_settings_start_a_new_round_and_bad_ones_are_plain_errors(session):
    values = [["1", "7"], 4, "trace", "Spanish", "flag", "open", "crossed", "straight", True, False]
    out = practice.new_round(WritingLesson(), session, *values)
    le = out[3]
    assert le.mode == "trace" and le.settings.digits == (1, 7) and le.round.length == 4
    assert le.settings.convention.one == "flag" and session.language == "Spanish" and out[4]["guide"]
    with pytest.raises(gr.Error, match="at least one digit"):
        practice.new_round(le, session, [], *values[1:])
    prompt, start, score, same, said, _, pad, check, next_ = practice.choose_language("German", le, session)
    assert session.language == "German" and name(le.digit, "German") in prompt and "Prüfen" in start
    assert said["lang"] == "de-DE" and score.startswith("Ziffer 1 von 4")
    assert pad["labels"] == view.pad_words(le) and pad["model"] and check["value"] == "✅ Prüfen"
    with pytest.raises(gr.Error):
        practice.choose_language("Klingon", le, session)
    assert ("Hindi · हिन्दी", "Hindi") in settings.language_choices()


def test_clearing_the_pad_resets_the_feedback():
    assert practice.drawing_changed(BLANK, WritingLesson()) == view.start_text(WritingLesson())
    assert isinstance(practice.drawing_changed(pad_value(1), WritingLesson()), type(gr.skip()))


def test_a_collected_drawing_is_the_picture_the_reader_sees_in_every_mode(session, drawings):
    from digits.read.strokes import picture

    free = WritingLesson(replace(FREE_MODE, digits=(4,)))
    practice.check_drawing(drawings[4], free, True, session)
    trace = lesson("trace", (5,))  # trace mode reads no picture, yet the class set gets one
    practice.check_drawing(traced(5), trace, True, session)
    assert [d.label for d in session.class_set.drawings] == [4, 5]
    for d, value in zip(session.class_set.drawings, [drawings[4], traced(5)], strict=True):
        assert d.source == "practice" and (d.image == picture(value)).all()
    assert (session.class_set.drawings[0].image == session.recognizer.read_strokes(drawings[4]).image).all()


def test_the_tab_has_the_elements_the_browser_tests_look_for():
    with gr.Blocks() as demo:
        practice.build(gr.State(Session()))
    ids = {block.elem_id for block in demo.blocks.values()}
    assert {"practice-pad", "practice-check", "practice-next", "practice-feedback", "practice-prompt"} <= ids
    assert {"practice-speak", "practice-mode", "practice-download", "practice-collect"} <= ids
    names = {fn.api_name for fn in demo.fns.values()}
    assert {"practice_check", "practice_next"} <= names


def test_a_round_trip_through_the_running_app(keras):
    from gradio_client import Client

    target = WritingLesson().digit  # every visitor's first round starts the same
    wrong_digit = (target + 1) % 10
    with gr.Blocks() as demo:
        practice.build(gr.State(Session()))  # no own model: the shipped recognizer reads
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_port=port, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        feedback, score, *_ = client.predict(pad_value(wrong_digit), api_name="/practice_check")
        assert f"looks like {article(wrong_digit)}" in feedback and "Score: 0" in score
        feedback, score, *_ = client.predict(pad_value(target), api_name="/practice_check")
        assert feedback.startswith("⭐⭐\n") and "Score: 1 · Streak: 1" in score
        prompt, feedback, score, *_ = client.predict(api_name="/practice_next")
        assert f"Draw {article(WritingLesson().round.targets[1])}!" in prompt and score.startswith(
            "Digit 2 of 10"
        )
    finally:
        demo.close()


def test_empty_pad_value_is_what_next_sends():
    assert {k: view.pad_value(WritingLesson())[k] for k in EMPTY} == EMPTY


@pytest.mark.parametrize("mode", ["trace", "free", "sums"])
def test_an_unreadable_drawing_is_a_plain_error_in_every_mode(session, mode):
    with pytest.raises(gr.Error):
        practice.check_drawing("not strokes", lesson(mode), False, session)


def test_the_round_summary_is_written_only_when_asked_for_in_the_visitors_folder(
    session, drawings, tmp_path, monkeypatch
):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))  # where Gradio serves files from
    le = WritingLesson(replace(FREE_MODE, digits=(4,)))
    assert settings.summary_file(le, session) is None  # no attempts: nothing to download, no file
    for _ in range(3):
        practice.check_drawing(drawings[4], le, False, session)
        practice.check_drawing(drawings[1], le, False, session)
    assert [f for f in tmp_path.rglob("*") if f.is_file() and f.name != ".held"] == []  # Checks write none
    request = SimpleNamespace(session_hash="teacher-page")
    path = settings.summary_file(le, session, request)
    assert path.startswith(str(tmp_path)) and open(path, encoding="utf-8").read().startswith("item,")
    from digits.ui.common import free_files

    free_files("teacher-page")  # the page left
    assert [f for f in tmp_path.rglob("*") if f.is_file() and f.name != ".held"] == []


def test_the_summary_button_makes_its_file_when_pressed():
    with gr.Blocks() as demo:
        practice.build(gr.State(Session()))
    fns = {fn.api_name: fn for fn in demo.fns.values()}
    assert [o.elem_id for o in fns["practice_download"].outputs] == ["practice-download"]
    assert "practice-download" not in [o.elem_id for o in fns["practice_check"].outputs]


def test_practice_in_french_has_french_pad_buttons_check_next_and_names():
    """Issue #30: every word a child meets on Practice follows the chosen language, buttons included."""
    le = WritingLesson(TeacherSettings(mode="trace", digits=(7,), length=1, language="French"))
    words = view.pad_value(le)["labels"]
    assert words == {
        "caption": "✏️ Écris ici",
        "show": "▶️ Montre-moi comment",
        "show_short": "▶️ Montre-moi",
        "undo": "↶ Annuler",
        "clear": "🧽 Effacer",
    }
    check, next_ = practice.buttons(le)
    assert (check["value"], next_["value"]) == ("✅ Vérifier", "➡️ Suivant")
    assert "En français :</span>" in view.prompt_html(le) and "In French" not in view.prompt_html(le)
    assert view.word_html(7, "English") == "<span lang='en'>seven</span>"  # no prefix in English
    arabic = view.word_html(7, "Arabic")
    assert "بالعربية:" in arabic and "ويُكتب" in arabic
    assert "written" not in arabic and "In Arabic" not in arabic
    assert "aria-label='3 points à compter'" in view.dots_svg(((0.2, 0.2),) * 3, "French")


def test_every_pad_word_is_in_every_language():
    from digits.languages import LANGUAGES
    from digits.ui.pad import labels

    english = labels("pad.write")
    for language in LANGUAGES:
        if language != "English":
            words = labels("pad.write", language)
            assert words.keys() == english.keys(), language
            assert not set(words.values()) & set(english.values()), language  # no English left
