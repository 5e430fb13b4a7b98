"""A seated child's labelled drawings to the class's pooled set (classroom/pooled.py), while the teacher's
*collect* switch is on: Practice's checked drawings and the Draw tab's *Teach it*, from every tablet."""

from __future__ import annotations

import gradio as gr

from digits.classroom import pooled
from digits.classroom.classes import ClassError
from digits.classroom.store import StoreDown, default_store

AWAY = "The class cannot be reached now: this drawing was not kept for the class's set."


def send(seat, label: int, pad, source: str) -> bool:
    """True: kept in the class's set; False: the teacher's collect switch is off. A refusal (an ended
    class, a full set, the store away) is one warning line: the child practises on either way."""
    try:
        return pooled.collect(default_store(), seat, int(label), pad, source)
    except ClassError as exc:
        gr.Warning(str(exc))
    except StoreDown:
        gr.Warning(AWAY)
    return False


def forget_seat(session) -> None:
    """The child left the class: Teach it keeps drawings in this browser's set again."""
    if session is not None:
        session.seat = None
