"""What the Practice tab shows and says for a lesson: the prompt, the pad's model, the voice, feedback."""

from __future__ import annotations

from html import escape

from digits.languages import DEFAULT_LANGUAGE, get
from digits.lesson.formation import formation
from digits.lesson.practice import Feedback
from digits.lesson.teacher import GAMES
from digits.lesson.writing import WritingLesson
from digits.ui.pad import labels, lesson_value
from digits.ui.speech import speech_value
from digits.words import digit, say

CAPTION = "pad.write"  # trace and free modes alike (issue #30: not "Draw" over a model)
MODEL_SIDE = 100  # the model is sent as a square drawing of this side; the pad places it centred
FACES = {"wrong": "🙂", "backwards": "🔄", "unsure": "🤔", "empty": "✏️", "finished": "🎉"}
CUES = {"correct": "yes", "wrong": "again", "backwards": "again", "unsure": "again"}  # tone and picture


def word_html(digit: int, language: str) -> str:
    """The digit's name (and own numeral) in the language, marked up so browsers pick the right font."""
    lang = get(language)
    direction = " dir='rtl'" if lang.rtl else ""
    word = f"<span lang='{lang.code}'{direction}>{escape(lang.names[digit])}</span>"
    if lang.romanized:
        word += f" ({escape(lang.romanized[digit])})"
    if lang.own_numerals:
        numeral = f"<span lang='{lang.code}'>{escape(lang.numerals[digit])}</span>"
        word += ", " + escape(say("word.written", language, n="\0")).replace("\0", numeral)
    if language == DEFAULT_LANGUAGE:
        return word
    return f"<span lang='{lang.code}'{direction}>{escape(say('word.in', language))}</span> {word}"


def dots_svg(dots, language: str = DEFAULT_LANGUAGE) -> str:
    """'How many dots?': the dots drawn in a square, big enough to count with a finger."""
    circles = "".join(f"<circle cx='{x * 100:.1f}' cy='{y * 100:.1f}' r='4.2'/>" for x, y in dots)
    return (
        "<svg class='prompt-dots' viewBox='0 0 100 100' role='img' "
        f"aria-label='{escape(say('dots.label', language, n=len(dots)), quote=True)}' fill='#1d4ed8'>"
        f"{circles}</svg>"
    )


def _verb(kind: str, lesson: WritingLesson) -> str:
    """The key of the request: "ask.trace" in trace mode, "ask.draw" in free mode (or say.*)."""
    return f"{kind}.{'trace' if lesson.mode == 'trace' else 'draw'}"


def prompt_html(lesson: WritingLesson) -> str:
    """The big request: the digit to trace or draw with its name, or the number question."""
    r, language = lesson.round, lesson.settings.language
    lang = get(language)
    tagged = f"lang='{lang.code}'" + (" dir='rtl'" if lang.rtl else "")
    if r.finished:
        return (
            f"<div class='practice-prompt' {tagged}><div class='prompt-big'>🎉</div>"
            f"<div class='prompt-word'>{escape(r.summary(language))}</div></div>"
        )
    q = lesson.question
    if q is None:
        d = lesson.digit
        ask = escape(say(_verb("ask", lesson), language, a=digit(d, language)))
        return (
            f"<div class='practice-prompt' data-at='{r.position + 1}'><div class='prompt-word' {tagged}>{ask}"
            f"</div><div class='prompt-big'>{d}</div>"
            f"<div class='prompt-word'>{word_html(d, language)}</div></div>"
        )
    if q.kind == "hear":
        body = (
            f"<div class='prompt-big'>👂</div><details class='prompt-peek'><summary {tagged}>"
            f"{escape(say('ask.peek', language))}</summary>"
            f"<span class='prompt-word'>{q.answer}</span></details>"
        )
    elif q.kind == "dots":
        body = dots_svg(q.dots, language)
    else:
        body = f"<div class='prompt-big prompt-sum'>{escape(q.prompt)}</div>"
    words = say(f"ask.{q.kind}" if q.kind in ("hear", "dots") else "ask.sum", language)
    return f"<div class='practice-prompt'><div class='prompt-word' {tagged}>{escape(words)}</div>{body}</div>"


def pad_value(lesson: WritingLesson) -> dict:
    """An empty pad with the model of the digit asked (faint under the ink in trace mode)."""
    d = lesson.digit
    model = None
    if d is not None:
        strokes = formation(d, lesson.settings.convention).to_json(MODEL_SIDE, MODEL_SIDE)["strokes"]
        model = {"width": MODEL_SIDE, "height": MODEL_SIDE, "strokes": strokes}
    trace, words = lesson.mode == "trace", pad_words(lesson)
    return lesson_value(model, guide=trace, play=lesson.show_me, n=lesson.prompt_id, words=words)


def pad_words(lesson: WritingLesson) -> dict:
    """The pad's caption and buttons (Show me how, Undo, Clear) in the chosen language."""
    return labels(CAPTION, lesson.settings.language)


def prompt_speech(lesson: WritingLesson) -> dict:
    """What the voice says for the prompt, in the chosen language: "Draw a 7: seven.", the number, the sum."""
    s, q, d = lesson.settings, lesson.question, lesson.digit
    if lesson.round.finished:
        text = lesson.round.summary(s.language)
    elif q is None:
        text = say(_verb("say", lesson), s.language, a=digit(d, s.language), name=get(s.language).names[d])
    elif q.kind == "dots":
        text = say("say.dots", s.language)
    else:
        text = q.say  # a number or a sum, said by the language's own voice
    return speech_value(text, s.language, s.sound, lesson.prompt_id)


def answer_speech(lesson: WritingLesson, feedback: Feedback, n: int) -> dict:
    """After every Check: the short line (right or not) in the chosen language, with a tone and a picture."""
    s = lesson.settings
    return speech_value(feedback.said(s.language), s.language, s.sound, n, CUES.get(feedback.kind, ""))


def feedback_text(lesson: WritingLesson, feedback: Feedback) -> str:
    """The feedback as Markdown: this try's stars or a gentle face and the short lines, then the tip.

    Two paragraphs, so the page can show the line a child hears big and the tip below it smaller.
    """
    language = lesson.settings.language
    head, tip = feedback.parts(language)  # our own lines: Markdown, nothing a visitor typed
    tip = f"\n\n{tip}" if tip else ""
    if feedback.kind == "correct":
        stars = "⭐" * feedback.stars
        word = "" if lesson.mode in GAMES else f"\n\n{word_html(feedback.target, language)}"
        return f"{stars}\n\n{head}{tip}{word}"
    return f"{FACES[feedback.kind]} {head}{tip}"


def score_text(lesson: WritingLesson) -> str:
    """Where the child is in the round: prompt, score and streak."""
    r, language = lesson.round, lesson.settings.language
    what = "score.question" if lesson.mode in GAMES else "score.digit"
    where = say(what, language, i=min(r.position + 1, r.length), n=r.length)
    score = say("score.score", language, s=r.score)
    streak = say("score.streak", language, k=r.streak) + (" 🔥" if r.streak >= 3 else "")
    return f"{where} · {score} · {streak}"


def start_text(lesson: WritingLesson) -> str:
    """What the feedback says before a try (and after Clear): what to do, in the chosen language."""
    language = lesson.settings.language
    if lesson.round.finished:
        return say("start.done", language)
    return say("start.trace" if lesson.mode == "trace" else "start.draw", language)
