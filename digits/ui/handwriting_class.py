"""The Train tab's class panel, on the teacher's page: the whole class's pooled drawings (every tablet's,
classroom/pooled.py), fine-tuned on with each child's drawings kept together, and the network offered
to every tablet. Only a page holding the class's teacher key (the Class tab's) sees any of it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape

import gradio as gr

from digits.classroom import classes as lessons
from digits.classroom.classes import ClassError
from digits.classroom.pooled import PooledDrawing, pooled, split
from digits.classroom.store import StoreDown, default_store, network_path
from digits.train.classset import ClassSet, ClassSetError
from digits.ui.class_board import drawing_html
from digits.ui.class_join import line
from digits.ui.class_teacher import KEY_KEY, KEY_SECRET
from digits.ui.common import Session

THUMBNAILS = 40  # the newest drawings shown: two rows on a projector, enough to see each child's hand


@dataclass(frozen=True)
class PooledSets:
    """The class's set split for the fine-tune: taught, kept aside (taught children's and the never
    taught children's drawings), and the seats never taught."""

    teach: ClassSet
    aside: ClassSet
    unseen_seats: tuple[int, ...]
    unseen: int  # the never-taught children's drawings among `aside`


def class_set(found: list[PooledDrawing] | tuple[PooledDrawing, ...]) -> ClassSet:
    """Pooled drawings as a class set, each drawn from its strokes by the reader's own renderer."""
    out = ClassSet()
    for d in found:
        out.add(d.label, pad=d.pad, source=d.source)
    return out


def sets_of(found: list[PooledDrawing], seed: int = 0) -> PooledSets:
    """The split that keeps each child's drawings together (pooled.split), as class sets."""
    parts = split(found, seed=seed)
    aside = class_set(parts.aside + parts.unseen)
    return PooledSets(class_set(parts.teach), aside, parts.unseen_seats, len(parts.unseen))


def pooled_html(found: list[PooledDrawing], sets: PooledSets | None) -> str:
    """Counts per digit and per child, the split in words, and the newest drawings as thumbnails."""
    if not found:
        return line(
            "The class's set is empty: turn on Collect on the Class tab, and the tablets' drawings come."
        )
    seats = sorted({d.seat for d in found})
    per = {s: [0] * 10 for s in seats}
    for d in found:
        per[d.seat][d.label] += 1
    head = "".join(f"<th>{d}</th>" for d in range(10))
    rows = "".join(
        f"<tr data-seat='{s}'><td>seat {s}</td>" + "".join(f"<td>{n or '·'}</td>" for n in c) + "</tr>"
        for s, c in per.items()
    )
    total = "".join(f"<td><b>{sum(c[d] for c in per.values())}</b></td>" for d in range(10))
    note = ""
    if sets is not None:
        never = ", ".join(map(str, sets.unseen_seats)) or "none"
        note = (
            f"<p>Fine-tuning learns from <b>{len(sets.teach)}</b> drawings; <b>{len(sets.aside)}</b> are "
            "kept aside for the after: some of each taught child's, and every drawing of the children never "
            f"taught (seats {escape(never)}: {sets.unseen} drawings): does it read new hands too?</p>"
        )
    thumbs = "".join(
        f"<figure data-seat='{d.seat}'>{drawing_html(d.pad, f'a {d.label} by seat {d.seat}')}"
        f"<figcaption>{d.label} · seat {d.seat}</figcaption></figure>"
        for d in found[-THUMBNAILS:][::-1]
    )
    return (
        f"<div id='class-pooled-set' data-drawings='{len(found)}' data-children='{len(seats)}'>"
        f"<p><b>{len(found)}</b> drawings from <b>{len(seats)}</b> children.</p>"
        f"<table><thead><tr><th>Child</th>{head}</tr></thead><tbody>{rows}"
        f"<tr><td>all</td>{total}</tr></tbody></table>{note}"
        f"<div class='pooled-thumbs'>{thumbs}</div></div>"
    )


def load(key, session):
    """The class's whole set, for the fine-tune (this page's own set is kept, unused until unloaded)."""
    session = session if isinstance(session, Session) else Session()
    try:
        found = pooled(default_store(), key)
        sets = sets_of(found) if found else None
    except (ClassError, StoreDown, ClassSetError) as exc:
        return session, line(str(exc))
    session.pooled = sets if sets is not None and len(sets.teach) and len(sets.aside) else None
    return session, pooled_html(found, session.pooled)


def unload(session):
    """Back to this browser's own set."""
    session = session if isinstance(session, Session) else Session()
    session.pooled = None
    return session, line("The fine-tune uses this browser's set again.")


def offer(key, session):
    """The network this page reads with (fine-tuned), offered to every tablet of the class; the tablets
    read with it only once the child ticks *read with our class's network*."""
    from digits.read.modelfile import save_model, sha256

    session = session if isinstance(session, Session) else Session()
    if session.recognizer is None:
        return line("Fine-tune on the class's drawings first: then its network can be offered.")
    try:
        store = default_store()
        view = lessons.teacher_class(store, key)
        # Saved atomically with its checksum; the tablets load it only if it still has the offered one.
        saved = save_model(session.recognizer.model, network_path(view.class_id))
        lessons.set_settings(store, key, replace(view.settings, network=sha256(saved)))
    except (ClassError, StoreDown, OSError) as exc:
        return line(str(exc))
    return line("Offered: every tablet can now tick “read with our class's network” (and untick it).")


def withdraw(key):
    """The tablets go back to the shipped network (the offer withdrawn)."""
    try:
        store = default_store()
        view = lessons.teacher_class(store, key)
        lessons.set_settings(store, key, replace(view.settings, network=""))
    except (ClassError, StoreDown) as exc:
        return line(str(exc))
    return line("Withdrawn: the tablets read with the shipped network again.")


def build(session: gr.State) -> None:
    """The panel (inside the Train tab's class handwriting): nothing shows without the teacher key."""
    key = gr.BrowserState("", storage_key=KEY_KEY, secret=KEY_SECRET)
    with gr.Accordion(
        "🏫 The whole class's drawings (from every tablet)", open=False, elem_id="class-pooled"
    ):
        with gr.Row():
            use = gr.Button("🏫 Use the class's drawings", variant="primary", elem_id="class-pooled-load")
            mine = gr.Button("Use this browser's set", elem_id="class-pooled-off")
            give = gr.Button("📡 Offer this network to every tablet", elem_id="class-offer")
            back = gr.Button("↩ Withdraw the offer", elem_id="class-offer-back")
        shown = gr.HTML("", elem_id="class-pooled-view")
    use.click(load, [key, session], [session, shown], api_name="class_pooled")
    mine.click(unload, session, [session, shown], api_name=False)
    give.click(offer, [key, session], shown, api_name="class_offer")
    back.click(withdraw, key, shown, api_name=False)
