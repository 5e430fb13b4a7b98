"""The Practice tab: the app asks for a digit, the child draws it, and gets kind feedback."""

from __future__ import annotations

from html import escape

import gradio as gr

from digits.languages import DEFAULT_LANGUAGE, LANGUAGES, get
from digits.practice import Feedback, PracticeRound, article
from digits.preprocess import BadImage
from digits.ui.common import Session, recognizer_for, teacher_note
from digits.ui.pad import EMPTY, stroke_pad

TEACHER = """
**What the computer does.** The app picks ten digits in a shuffled order and asks for them one at a
time. When the child presses **Check**, the drawing is read exactly as on the Draw tab: the same
preprocessing, the same network. A digit counts as right when the network reads the asked digit and is
at least 70% sure; when it is less sure, it says so instead of guessing, and that does not break the
streak. A wrong reading gets a hint about the stroke that tells the two digits apart.

**Ideas for class.** Pick a language from the menu: the digit's name (and, for Arabic, Chinese and
Hindi, its own numeral) is shown with each prompt. Ask the class to say the name aloud before drawing.
When the network reads a 7 as a 1, ask: what makes a 7 a 7?

**The concept.** The network only knows the examples it learned from. A digit drawn in an unusual way
can be right for a person and still puzzle the machine: recognising is comparing with what it has seen.
Scores are kept only while the page is open.
"""


START = "✏️ Draw the digit, then press **Check**."


def _round(state) -> PracticeRound:
    return state if isinstance(state, PracticeRound) else PracticeRound()


def _language(session: Session | None) -> str:
    name = session.language if session is not None else DEFAULT_LANGUAGE
    return name if name in LANGUAGES else DEFAULT_LANGUAGE


def language_choices() -> list[tuple[str, str]]:
    """The menu: each language by its English name and its own."""
    return [
        (lang.name if lang.native == lang.name else f"{lang.name} · {lang.native}", lang.name)
        for lang in LANGUAGES.values()
    ]


def word_html(digit: int, language: str) -> str:
    """The digit's name (and own numeral) in the language, marked up so browsers pick the right font."""
    lang = get(language)
    direction = " dir='rtl'" if lang.rtl else ""
    word = f"<span lang='{lang.code}'{direction}>{escape(lang.names[digit])}</span>"
    if lang.romanized:
        word += f" ({escape(lang.romanized[digit])})"
    if lang.own_numerals:
        word += f", written <span lang='{lang.code}'>{escape(lang.numerals[digit])}</span>"
    return f"In {escape(lang.name)}: {word}" if language != "English" else word


def prompt_html(round_: PracticeRound, language: str) -> str:
    """The big request: 'Draw a 7!' with the numeral and its name in the chosen language."""
    target = round_.target
    if target is None:
        return (
            "<div class='practice-prompt'><div class='prompt-big'>🎉</div>"
            f"<div class='prompt-word'>{escape(round_.summary())}</div></div>"
        )
    return (
        f"<div class='practice-prompt'><div class='prompt-word'>Draw {article(target)}!</div>"
        f"<div class='prompt-big'>{target}</div>"
        f"<div class='prompt-word'>{word_html(target, language)}</div></div>"
    )


def score_text(round_: PracticeRound) -> str:
    """Where the child is in the round: digit, score and streak."""
    where = f"Digit {min(round_.position + 1, round_.length)} of {round_.length}"
    streak = f"Streak: {round_.streak}" + (" 🔥" if round_.streak >= 3 else "")
    return f"{where} · Score: {round_.score} · {streak}"


def feedback_text(feedback: Feedback, language: str) -> str:
    """The feedback as Markdown: stars or a gentle face, then the message."""
    if feedback.kind == "correct":
        return f"{'⭐' * feedback.stars}\n\n{feedback.message}\n\n{word_html(feedback.target, language)}"
    face = {"wrong": "🙂", "unsure": "🤔", "empty": "✏️", "finished": "🎉"}[feedback.kind]
    return f"{face} {feedback.message}"


def check_drawing(value, round_, session: Session | None):
    """Check the pad's strokes against the digit asked for: feedback, score, and the updated round."""
    round_ = _round(round_)
    if session is not None:
        session.drawing = value  # kept for lessons that replay the child's strokes
    try:
        reading = recognizer_for(session).read_strokes(value or EMPTY)
    except BadImage as exc:
        raise gr.Error(str(exc)) from None
    feedback = round_.check(reading)
    return feedback_text(feedback, _language(session)), score_text(round_), round_


def next_digit(round_, session: Session | None):
    """Move to the next digit (or a new round after the last): prompt, feedback, score, round, empty pad."""
    round_ = _round(round_)
    if round_.finished:
        round_ = PracticeRound(seed=round_.seed + 1, length=round_.length)
    else:
        round_.next()
    feedback = "🎉 Press **Next** to play a new round." if round_.finished else START
    if session is not None:
        session.drawing = None
    return prompt_html(round_, _language(session)), feedback, score_text(round_), round_, EMPTY


def choose_language(language: str, round_, session: Session | None):
    """Show the digit's name in the newly chosen language; the choice is kept for this visitor."""
    if language not in LANGUAGES:
        raise gr.Error(f"Choose a language from the menu (got {language!r}).")
    session = session if session is not None else Session()
    session.language = language
    return prompt_html(_round(round_), language), session


def drawing_changed(value, session: Session | None):
    """The child drew, undid or cleared: keep the strokes; a cleared pad starts a new try."""
    if session is not None:
        session.drawing = value
    empty = not (isinstance(value, dict) and value.get("strokes"))
    return START if empty else gr.skip()


def build(session: gr.State) -> gr.Blocks:
    """The Practice tab."""
    start = PracticeRound()
    with gr.Blocks() as tab:
        round_state = gr.State(start)
        with gr.Row(equal_height=False):
            with gr.Column(scale=2):
                prompt = gr.HTML(prompt_html(start, DEFAULT_LANGUAGE), elem_id="practice-prompt")
                language = gr.Dropdown(
                    language_choices(), value=DEFAULT_LANGUAGE, label="Language", elem_id="practice-language"
                )
                score = gr.Markdown(score_text(start), elem_id="practice-score", elem_classes="score")
                feedback = gr.Markdown(START, elem_id="practice-feedback", elem_classes="feedback")
            with gr.Column(scale=3):
                pad = stroke_pad("Draw the digit here", elem_id="practice-pad", clear_id="practice-clear")
                with gr.Row():
                    check = gr.Button("✅ Check", variant="primary", size="lg", elem_id="practice-check")
                    next_ = gr.Button("➡️ Next", size="lg", elem_id="practice-next")
        teacher_note(TEACHER)

        check.click(
            check_drawing,
            [pad, round_state, session],
            [feedback, score, round_state],
            api_name="practice_check",
            concurrency_id="reading",
            concurrency_limit=4,
        )
        next_.click(
            next_digit,
            [round_state, session],
            [prompt, feedback, score, round_state, pad],
            api_name="practice_next",
        )
        pad.input(
            drawing_changed, [pad, session], feedback, api_name=False, queue=False, show_progress="hidden"
        )
        language.change(choose_language, [language, round_state, session], [prompt, session], api_name=False)
    return tab
