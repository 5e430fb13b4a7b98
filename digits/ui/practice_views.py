"""What the Practice tab shows and says for a lesson: the prompt, the pad's model, the voice, feedback."""

from __future__ import annotations

from html import escape

from digits.languages import get
from digits.lesson.formation import formation
from digits.lesson.practice import Feedback, article
from digits.lesson.teacher import GAMES
from digits.lesson.writing import WritingLesson
from digits.ui.pad import lesson_value
from digits.ui.speech import speech_value

MODEL_SIDE = 100  # the model is sent as a square drawing of this side; the pad places it centred
ASK = {"trace": "Trace {a}!", "free": "Draw {a}!"}
FACES = {"wrong": "🙂", "unsure": "🤔", "empty": "✏️", "finished": "🎉"}


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


def dots_svg(dots) -> str:
    """'How many dots?': the dots drawn in a square, big enough to count with a finger."""
    circles = "".join(f"<circle cx='{x * 100:.1f}' cy='{y * 100:.1f}' r='4.2'/>" for x, y in dots)
    return (
        "<svg class='prompt-dots' viewBox='0 0 100 100' role='img' "
        f"aria-label='{len(dots)} dots to count' fill='#1d4ed8'>{circles}</svg>"
    )


def prompt_html(lesson: WritingLesson) -> str:
    """The big request: the digit to trace or draw with its name, or the number question."""
    r = lesson.round
    if r.finished:
        return (
            "<div class='practice-prompt'><div class='prompt-big'>🎉</div>"
            f"<div class='prompt-word'>{escape(r.summary())}</div></div>"
        )
    q = lesson.question
    if q is None:
        d = lesson.digit
        return (
            f"<div class='practice-prompt'><div class='prompt-word'>{ASK[lesson.mode].format(a=article(d))}"
            f"</div><div class='prompt-big'>{d}</div>"
            f"<div class='prompt-word'>{word_html(d, lesson.settings.language)}</div></div>"
        )
    if q.kind == "hear":
        body = (
            "<div class='prompt-big'>👂</div><details class='prompt-peek'><summary>Can't hear it?</summary>"
            f"<span class='prompt-word'>{q.answer}</span></details>"
        )
    elif q.kind == "dots":
        body = dots_svg(q.dots)
    else:
        body = f"<div class='prompt-big prompt-sum'>{escape(q.prompt)}</div>"
    words = escape(q.prompt) if q.kind in ("hear", "dots") else "Write the answer."
    return f"<div class='practice-prompt'><div class='prompt-word'>{words}</div>{body}</div>"


def pad_value(lesson: WritingLesson) -> dict:
    """An empty pad with the model of the digit asked (faint under the ink in trace mode)."""
    d = lesson.digit
    model = None
    if d is not None:
        strokes = formation(d, lesson.settings.convention).to_json(MODEL_SIDE, MODEL_SIDE)["strokes"]
        model = {"width": MODEL_SIDE, "height": MODEL_SIDE, "strokes": strokes}
    return lesson_value(model, guide=lesson.mode == "trace", n=lesson.seed * 1000 + lesson.round.position)


def prompt_speech(lesson: WritingLesson) -> dict:
    """What the voice says for the prompt, in the chosen language (names and numbers only, if not English)."""
    s, q, d = lesson.settings, lesson.question, lesson.digit
    english = s.language == "English"
    n = lesson.seed * 1000 + lesson.round.position
    if lesson.round.finished:
        return speech_value("", s.language, s.sound, n)
    if q is None:
        name = get(s.language).names[d]
        text = f"{'Trace' if lesson.mode == 'trace' else 'Draw'} {article(d)}: {name}." if english else name
    elif q.kind == "dots":
        text = q.say if english else ""  # the question's words are English; the dots speak for themselves
    else:
        text = q.say
    return speech_value(text, s.language, s.sound, n)


def answer_speech(lesson: WritingLesson, feedback: Feedback, n: int) -> dict:
    """After a right answer: the digit's name (or the number) said in the chosen language."""
    s = lesson.settings
    if feedback.kind != "correct" or feedback.target is None:
        return speech_value("", s.language, s.sound, n)
    text = get(s.language).names[feedback.target] if lesson.mode not in GAMES else str(feedback.target)
    return speech_value(text, s.language, s.sound, n)


def feedback_text(lesson: WritingLesson, feedback: Feedback) -> str:
    """The feedback as Markdown: stars (kept once earned) or a gentle face, then the message."""
    stars = "⭐" * feedback.stars
    if feedback.kind == "correct":
        word = "" if lesson.mode in GAMES else f"\n\n{word_html(feedback.target, lesson.settings.language)}"
        return f"{stars}\n\n{feedback.message}{word}"
    if lesson.mode == "trace" and feedback.kind == "wrong" and stars:
        return f"{stars}\n\n{feedback.message}"
    return f"{FACES[feedback.kind]} {feedback.message}"


def score_text(lesson: WritingLesson) -> str:
    """Where the child is in the round: prompt, score and streak."""
    r = lesson.round
    what = "Question" if lesson.mode in GAMES else "Digit"
    where = f"{what} {min(r.position + 1, r.length)} of {r.length}"
    streak = f"Streak: {r.streak}" + (" 🔥" if r.streak >= 3 else "")
    return f"{where} · Score: {r.score} · {streak}"
