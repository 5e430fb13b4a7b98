"""What the Draw tab shows of a reading, without Gradio: the answer, how sure it is, what it saw."""

from __future__ import annotations

import base64
from html import escape

import cv2
import numpy as np

from digits.languages import DEFAULT_LANGUAGE, get
from digits.words import digit, say


def png_url(images: list[np.ndarray]) -> str:
    """28x28 inputs side by side as dark ink on white, a data URL: no file per reading."""
    gap = np.ones((28, 2), np.float32)
    row = np.concatenate([x for im in images for x in (1.0 - im.reshape(28, 28), gap)][:-1], axis=1)
    png = cv2.imencode(".png", (row * 255).astype(np.uint8))[1].tobytes()
    return f"data:image/png;base64,{base64.b64encode(png).decode()}"


def seen_html(images: list[np.ndarray], side: int = 168, language: str = DEFAULT_LANGUAGE) -> str:
    """The 28x28 inputs side by side, shown with hard pixels."""
    caption = f"<div class='seen-caption'>{escape(say('draw.sees', language))}</div>"
    if not images:
        return f"<div class='seen'>{caption}</div>"
    return (
        f"<div class='seen'>{caption}<img alt='the 28 x 28 input' src='{png_url(images)}' "
        f"style='height:{side}px;image-rendering:pixelated'></div>"
    )


def _backwards_html(r, language: str = DEFAULT_LANGUAGE) -> str:
    """A digit written backwards: said kindly, with the child's own drawing turned the right way round."""
    flipped = png_url([r.image[:, ::-1]])
    note = escape(say("draw.backwards.note", language, d=r.digit))
    return (
        f"<div class='backwards'><img alt='your {r.digit} the right way round' src='{flipped}'>"
        f"<span>{note}</span></div>"
    )


def answer_html(
    text: str, detail: str = "", unsure: bool = False, points: int = 0, spoken: str = "", lang: str = ""
) -> str:
    cls = "answer unsure" if unsure else "answer"
    # data-points: which drawing this answer belongs to (tests and benchmarks wait for it).
    # data-say, data-lang: the short line the Draw tab's speaker says (speech.js), in its speech tag.
    voice = f" data-say='{escape(spoken, quote=True)}' data-lang='{escape(lang)}'" if spoken else ""
    return (
        f"<div class='{cls}' data-points='{points}'{voice}><div class='big'>{text}</div>"
        f"<div class='detail'>{detail}</div></div>"
    )


def spoken_answer(reading, language: str) -> str:
    """The answer in one short line for the voice: "That's a 7.", "That's 42.", "I'm not sure."."""
    if not reading.digits:
        return say("draw.dot", language) if reading.ink else ""
    if not reading.sure:
        return say("draw.unsure", language)
    if len(reading.digits) > 1:
        return say("draw.say.number", language, n=reading.number)
    r = reading.digits[0]
    return say("backwards" if _mirrored(r) else "draw.say", language, a=digit(r.digit, language))


def message(reading, language: str) -> str:
    """The reader's own message in English; in another language its short line."""
    if language == DEFAULT_LANGUAGE:
        return escape(reading.message)
    if not reading.digits and not reading.ink:
        return escape(say("draw.start", language))
    return escape(spoken_answer(reading, language))


def name_html(digit: int, language: str) -> str:
    """The digit's name, isolated and tagged with its language and direction, so Arabic is not reordered."""
    lang = get(language)
    return f"<bdi lang='{lang.code}' dir='{'rtl' if lang.rtl else 'ltr'}'>{escape(lang.names[digit])}</bdi>"


def _bar(label: str, p: float, unsure: bool = False, note: str = "") -> str:
    return (
        f"<div class='sure-row{' unsure' if unsure else ''}'><span class='sure-label'>{label}</span>"
        f"<span class='sure-bar'><span style='width:{p:.0%}'></span></span>"
        f"<span class='sure-pct'>{p:.0%}{note}</span></div>"
    )


def sure_html(rows: list[str] = (), language: str = DEFAULT_LANGUAGE) -> str:
    """'How sure is it?': the three likeliest digits, or for a number every digit in order."""
    title = escape(say("draw.how_sure", language))
    return f"<div class='sure'><div class='sure-title'>{title}</div>{''.join(rows)}</div>"


def reading_html(reading, language: str, points: int) -> tuple[str, str, str]:
    """A number reading as the answer, 'How sure is it?' and what the network saw."""
    voice = {"spoken": spoken_answer(reading, language), "lang": get(language).speech}
    if not reading.digits:
        return (
            answer_html("…", message(reading, language), True, points, **voice),
            sure_html((), language),
            seen_html([], language=language),
        )
    seen = seen_html([r.image for r in reading.digits], language=language)
    words = escape(say("draw.backwards", language))
    if len(reading.digits) == 1:
        r = reading.digits[0]
        backwards = f", {words}" if _mirrored(r) else ""
        sure = escape(say("draw.sure", language, p=f"{r.confidence:.0%}"))
        detail = (
            f"{name_html(r.digit, language)}{backwards} · {sure}" if r.sure else message(reading, language)
        )
        if _mirrored(r):
            detail += _backwards_html(r, language)
        rows = [_bar(f"{d} · {name_html(d, language)}", p) for d, p in r.top(3)]
        big = f"{r.digit}<span class='backwards-word'>{backwards}</span>" if backwards else str(r.digit)
        return answer_html(big, detail, not r.sure, points, **voice), sure_html(rows, language), seen
    each = escape(say("draw.each", language))
    detail = each if reading.sure else message(reading, language)
    detail += "".join(_backwards_html(r, language) for r in reading.digits if _mirrored(r))
    big = "".join(_digit_html(r) for r in reading.digits)
    rows = [
        _bar(f"{escape(say('draw.digit', language, i=i + 1))}: {r.digit}", r.confidence, not r.sure,
             _note(r, language))
        for i, r in enumerate(reading.digits)
    ]  # fmt: skip
    return answer_html(big, detail, not reading.sure, points, **voice), sure_html(rows, language), seen


def _mirrored(r) -> bool:
    return bool(getattr(r, "mirrored", False))  # only mirror-aware readers flag backwards digits


def _digit_html(r) -> str:
    """One digit of a number in the big answer, marked when unsure or written backwards."""
    classes = " ".join(c for c, on in (("unsure-digit", not r.sure), ("mirrored-digit", _mirrored(r))) if on)
    return f"<span class='{classes}'>{r.digit}</span>" if classes else str(r.digit)


def _note(r, language: str = DEFAULT_LANGUAGE) -> str:
    unsure = f" ⚠ {escape(say('draw.not_sure', language))}" if not r.sure else ""
    return unsure + (f" ↔ {escape(say('draw.backwards', language))}" if _mirrored(r) else "")
