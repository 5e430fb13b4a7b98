"""The Practice tab: its handlers with a quick model, and one round trip through a running app."""

import gradio as gr
import pytest

from digits.languages import name
from digits.practice import PracticeRound, article
from digits.ui import practice
from digits.ui.common import Session
from digits.ui.pad import EMPTY
from tests.conftest import free_port
from tests.strokes import pad_value

BLANK = {"width": 400, "height": 400, "strokes": []}


@pytest.fixture
def session(shipped_recognizer):
    return Session(recognizer=shipped_recognizer)


@pytest.fixture(scope="module")
def drawings():
    """Pad values of the mouse paths, which the shipped model reads surely (tests/test_strokes.py)."""
    return {d: pad_value(d) for d in range(10)}


def test_prompt_shows_the_numeral_and_its_name_in_the_chosen_language():
    r = PracticeRound(targets=[7, 2])
    english = practice.prompt_html(r, "English")
    assert "Draw a 7!" in english and "prompt-big'>7<" in english and "seven" in english
    assert "Draw an 8!" in practice.prompt_html(PracticeRound(targets=[8]), "English")
    french = practice.prompt_html(r, "French")
    assert "In French" in french and "lang='fr'" in french and "sept" in french
    arabic = practice.prompt_html(r, "Arabic")
    assert "سبعة" in arabic and "٧" in arabic and "dir='rtl'" in arabic and "sabʿa" in arabic


def test_check_gives_feedback_and_score_for_correct_wrong_and_empty_drawings(session, drawings):
    target, wrong = sorted(drawings)[:2]
    r = PracticeRound(targets=[target, 3, 5])
    feedback, score, r = practice.check_drawing(BLANK, r, session)
    assert "Draw the digit first" in feedback and r.tries == 0 and "Score: 0" in score
    feedback, score, r = practice.check_drawing(drawings[wrong], r, session)
    assert "Nice try" in feedback and f"looks like {article(wrong)}" in feedback and "⭐" not in feedback
    assert "Score: 0" in score and r.tries == 1
    feedback, score, r = practice.check_drawing(drawings[target], r, session)
    assert feedback.startswith("⭐⭐\n") and name(target, "English") in feedback
    assert "Digit 1 of 3 · Score: 1 · Streak: 1" == score
    assert session.drawing is drawings[target]  # the session keeps the strokes of the drawing


def test_feedback_names_the_digit_in_the_visitors_language(session, drawings):
    target = sorted(drawings)[0]
    session.language = "German"
    feedback, _, _ = practice.check_drawing(drawings[target], PracticeRound(targets=[target]), session)
    assert feedback.startswith("⭐⭐⭐\n") and name(target, "German") in feedback and "In German" in feedback


def test_an_unreadable_drawing_is_a_plain_error(session):
    with pytest.raises(gr.Error, match="a dict with width, height and strokes"):
        practice.check_drawing("not strokes", PracticeRound(), session)


def test_next_moves_on_and_starts_a_new_round_after_the_last(session):
    r = PracticeRound()
    session.drawing = pad_value(3)
    prompt, feedback, score, r, pad = practice.next_digit(r, session)
    assert f"Draw {article(r.targets[1])}!" in prompt and feedback == practice.START
    assert score.startswith("Digit 2 of 10") and pad == EMPTY and session.drawing is None
    for _ in range(9):
        prompt, feedback, score, r, _ = practice.next_digit(r, session)
    assert r.finished and "0 out of 10" in prompt and "Draw " not in prompt and "new round" in feedback
    prompt, feedback, score, fresh, _ = practice.next_digit(r, session)
    assert fresh.seed == 1 and fresh.position == 0 and fresh.targets != r.targets
    assert f"Draw {article(fresh.target)}!" in prompt and score.startswith("Digit 1 of 10 · Score: 0")


def test_choosing_a_language_updates_the_session_and_the_prompt(session):
    r = PracticeRound(targets=[7])
    prompt, same = practice.choose_language("Spanish", r, session)
    assert same is session and session.language == "Spanish" and "siete" in prompt
    with pytest.raises(gr.Error, match="Choose a language"):
        practice.choose_language("Klingon", r, session)
    assert session.language == "Spanish"


def test_menu_lists_every_language_and_clearing_the_pad_resets_the_feedback(session):
    values = [value for _, value in practice.language_choices()]
    assert (
        values[0] == "English"
        and len(values) >= 8
        and ("Hindi · हिन्दी", "Hindi") in practice.language_choices()
    )
    assert practice.drawing_changed(BLANK, session) == practice.START and session.drawing is BLANK
    assert isinstance(practice.drawing_changed(pad_value(1), session), type(gr.skip()))
    assert session.drawing["strokes"]


def test_the_tab_has_the_elements_the_browser_tests_look_for():
    with gr.Blocks() as demo:
        practice.build(gr.State(Session()))
    ids = {block.elem_id for block in demo.blocks.values()}
    assert {"practice-pad", "practice-check", "practice-next", "practice-feedback", "practice-prompt"} <= ids
    assert not any(isinstance(b, gr.Sketchpad) for b in demo.blocks.values())
    names = {fn.api_name for fn in demo.fns.values()}
    assert {"practice_check", "practice_next"} <= names


def test_a_round_trip_through_the_running_app():
    from gradio_client import Client

    target = PracticeRound().target  # every visitor's first round starts the same
    wrong_digit = (target + 1) % 10

    def sketch(digit):
        return pad_value(digit)

    with gr.Blocks() as demo:
        practice.build(gr.State(Session()))  # no own model: the shipped recognizer reads
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_port=port, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        feedback, score = client.predict(sketch(wrong_digit), api_name="/practice_check")
        assert "Nice try" in feedback and f"looks like {article(wrong_digit)}" in feedback
        assert "Score: 0" in score
        feedback, score = client.predict(sketch(target), api_name="/practice_check")
        assert feedback.startswith("⭐⭐\n") and "Score: 1 · Streak: 1" in score
        prompt, feedback, score, _ = client.predict(api_name="/practice_next")
        assert f"Draw {article(PracticeRound().targets[1])}!" in prompt and score.startswith(
            "Digit 2 of 10 · Score: 1"
        )
    finally:
        demo.close()
