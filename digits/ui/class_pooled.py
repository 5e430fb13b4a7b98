"""A seated child's labelled drawings to the class's pooled set (classroom/pooled.py), while the teacher's
*collect* switch is on: Practice's checked drawings and the Draw tab's *Teach it*, from every tablet."""

from __future__ import annotations

import gradio as gr

from digits.classroom import pooled
from digits.classroom.classes import ClassError
from digits.classroom.store import StoreDown, default_store, network_path

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
        if session.class_network:  # the class's network goes with the class (offer_shown then hides it)
            session.use_shipped()
            session.class_network = ""


def network_box() -> gr.Checkbox:
    """The tablet's opt-in: shown only while the teacher offers the class's network."""
    return gr.Checkbox(
        False, label="📡 Read with our class's network", visible=False, elem_id="class-network"
    )


def _using(session, place) -> bool:
    return bool(place.network) and getattr(session, "class_network", "") == place.network


def offer_shown(place, session):
    """The class's settings changed: the opt-in shown while a network is offered; a tablet reading with
    a network no longer offered (withdrawn, or replaced) goes back to the shipped one."""
    network = getattr(place, "network", "")
    if session is not None and session.class_network and session.class_network != network:
        session.use_shipped()
        session.class_network = ""
    return gr.update(visible=bool(network), value=session is not None and _using(session, place))


def use_network(on, place, session):
    """The child (or teacher) ticks the box: this tablet reads with the class's network, checked first
    (its checksum must be the one offered; modelfile's checks refuse anything else); unticked: back."""
    from digits.read.modelfile import ModelFileError, load_model, sha256
    from digits.read.recognizer import Recognizer
    from digits.ui.class_join import line

    if session is None or getattr(place, "seat", None) is None:
        return gr.update(value=False), line("Join the class first.")
    if not on:
        session.use_shipped()
        session.class_network = ""
        return gr.skip(), line("Back to the shipped network.")
    path = network_path(place.seat.class_id)
    try:
        if not place.network or not path.is_file() or sha256(path) != place.network:
            raise ModelFileError("That network is no longer offered: ask your teacher.")
        model = load_model(path)
    except (ModelFileError, OSError) as exc:
        return gr.update(value=False), line(str(exc))
    session.recognizer = Recognizer(model, "our class's network")
    session.model_label, session.class_network = "our class's network", place.network
    return gr.skip(), line("📡 Your tablet reads with our class's network now (untick to go back).")
