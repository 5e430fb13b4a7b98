"""What the Draw tab shows of a reading, without Gradio: the answer, how sure it is, what it saw."""

from __future__ import annotations

import base64
from html import escape

import cv2
import numpy as np

from digits.languages import get


def _png(images: list[np.ndarray]) -> str:
    """28x28 inputs side by side as dark ink on white, a data URL: no file per reading."""
    gap = np.ones((28, 2), np.float32)
    row = np.concatenate([x for im in images for x in (1.0 - im.reshape(28, 28), gap)][:-1], axis=1)
    png = cv2.imencode(".png", (row * 255).astype(np.uint8))[1].tobytes()
    return f"data:image/png;base64,{base64.b64encode(png).decode()}"


def seen_html(images: list[np.ndarray], side: int = 168) -> str:
    """The 28x28 inputs side by side, shown with hard pixels."""
    caption = "<div class='seen-caption'>What the computer sees (28 x 28 pixels)</div>"
    if not images:
        return f"<div class='seen'>{caption}</div>"
    return (
        f"<div class='seen'>{caption}<img alt='the 28 x 28 input' src='{_png(images)}' "
        f"style='height:{side}px;image-rendering:pixelated'></div>"
    )


def _backwards_html(r) -> str:
    """A digit written backwards: said kindly, with the child's own drawing turned the right way round."""
    flipped = _png([r.image[:, ::-1]])
    return (
        f"<div class='backwards'><img alt='your {r.digit} the right way round' src='{flipped}'>"
        f"<span>Lots of people write a {r.digit} facing the other way at first. "
        f"This way round it is a {r.digit} everyone can read.</span></div>"
    )


def answer_html(text: str, detail: str = "", unsure: bool = False, points: int = 0) -> str:
    cls = "answer unsure" if unsure else "answer"
    # data-points: which drawing this answer belongs to (tests and benchmarks wait for it).
    return (
        f"<div class='{cls}' data-points='{points}'><div class='big'>{text}</div>"
        f"<div class='detail'>{detail}</div></div>"
    )


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


def sure_html(rows: list[str] = ()) -> str:
    """'How sure is it?': the three likeliest digits, or for a number every digit in order."""
    return f"<div class='sure'><div class='sure-title'>How sure is it?</div>{''.join(rows)}</div>"


def reading_html(reading, language: str, points: int) -> tuple[str, str, str]:
    """A number reading as the answer, 'How sure is it?' and what the network saw."""
    if not reading.digits:
        return answer_html("…", escape(reading.message), True, points), sure_html(), seen_html([])
    seen = seen_html([r.image for r in reading.digits])
    if len(reading.digits) == 1:
        r = reading.digits[0]
        backwards = ", written backwards" if _mirrored(r) else ""
        detail = (
            f"{name_html(r.digit, language)}{backwards} · {r.confidence:.0%} sure"
            if r.sure
            else escape(reading.message)
        )
        if _mirrored(r):
            detail += _backwards_html(r)
        rows = [_bar(f"{d} · {name_html(d, language)}", p) for d, p in r.top(3)]
        big = (
            f"{r.digit}<span class='backwards-word'>, written backwards</span>" if backwards else str(r.digit)
        )
        return answer_html(big, detail, not r.sure, points), sure_html(rows), seen
    detail = "I read each digit on its own." if reading.sure else escape(reading.message)
    detail += "".join(_backwards_html(r) for r in reading.digits if _mirrored(r))
    big = "".join(_digit_html(r) for r in reading.digits)
    rows = [
        _bar(f"digit {i + 1}: {r.digit}", r.confidence, not r.sure, _note(r))
        for i, r in enumerate(reading.digits)
    ]
    return answer_html(big, detail, not reading.sure, points), sure_html(rows), seen


def _mirrored(r) -> bool:
    return bool(getattr(r, "mirrored", False))  # only mirror-aware readers flag backwards digits


def _digit_html(r) -> str:
    """One digit of a number in the big answer, marked when unsure or written backwards."""
    classes = " ".join(c for c, on in (("unsure-digit", not r.sure), ("mirrored-digit", _mirrored(r))) if on)
    return f"<span class='{classes}'>{r.digit}</span>" if classes else str(r.digit)


def _note(r) -> str:
    return (" ⚠ not sure" if not r.sure else "") + (" ↔ written backwards" if _mirrored(r) else "")
