"""The Class tab, for the teacher: start a class (code, QR, key), steer its Practice, watch it live.

The teacher key lives in this browser (gr.BrowserState) and in the teacher's own page only; typed on
another device it opens the same class there. Every function takes the key and gives nothing without it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape

import gradio as gr

from digits.classroom import classes as lessons
from digits.classroom.classes import ClassError, ClassView
from digits.classroom.dashboard import board, lesson_csv, stamp
from digits.classroom.progress import class_progress
from digits.classroom.qr import qr_svg
from digits.classroom.settings import ClassSettings
from digits.classroom.store import StoreDown, default_store
from digits.lesson.teacher import TeacherSettings
from digits.ui import class_path, practice_settings
from digits.ui.class_board import EMPTY, board_html
from digits.ui.class_join import FORGOTTEN, line
from digits.ui.common import Session, teacher_note, visitor_files

BOARD_SECONDS = 1.0  # the dashboard asks every second whether anything changed: a Check shows within 2 s
KEY_KEY = "digits-class-teacher"  # the browser's storage key for the teacher key
KEY_SECRET = "digits-class-teacher-v1"  # see class_join.SEAT_SECRET: the device, not this, guards it
CSV_NAME = "class-lesson.csv"
URL_JS = "(url, ...rest) => [window.location.origin + window.location.pathname, ...rest]"
AWAY = "The class's database cannot be reached now: try again in a minute."
TEACHER = """
**A class.** *Start a class* makes a join code for the board and a QR code of the join link; the
children type the code on the Practice tab (or open the link), and get an animal and a colour: no
names. The **teacher key** stays in this browser: paste it under *Open a class with its key* on another
computer to see the same class. Settings sent here reach every tablet's Practice within a few seconds,
also mid-round. The dashboard shows each Check within 2 seconds; *hide names* before projecting it.
*Delete the class* removes everything stored about it (docs/schools.md says what and for how long).
"""


@dataclass
class Shown:
    """What this page's dashboard shows now: the board's stamp, names hidden or not, the problem line."""

    stamp: tuple = ()
    hide: bool = False
    problem: str | None = None


def join_link(page_url, code: str) -> str:
    """The link a child opens to join: this page's own address with `?class=CODE`."""
    base = page_url if isinstance(page_url, str) and page_url.startswith(("http://", "https://")) else ""
    return f"{base.split('?')[0].split('#')[0]}?class={code}"


def qr_html(page_url, code: str) -> str:
    """The QR code of the join link, with the link written under it."""
    link = join_link(page_url, code)
    try:
        svg = qr_svg(link)
    except ValueError as exc:
        return line(str(exc))
    return f"{svg}<p style='text-align:center'>{escape(link)}</p>"


def code_html(code: str) -> str:
    return f"<div class='big-code'>{escape(code)}</div>"


def _view(key) -> ClassView:
    return lessons.teacher_class(default_store(), key)


def _opened(key, view: ClassView, page_url, text: str):
    """The outputs of an open class: key, code, QR, key box, line, timer, settings' values, shown."""
    chosen = practice_settings.values_of(view.settings.practice)
    ended = " (ended)" if view.ended else ""
    return (key, code_html(view.code + ended), qr_html(page_url, view.code), key, line(text),
            gr.Timer(active=True), *chosen, view.settings.collect, view.settings.adaptive,
            Shown())  # fmt: skip


def _closed(text: str, forget: bool, n_values: int):
    """The outputs of no open class (the key forgotten when `forget`)."""
    return (FORGOTTEN if forget else gr.skip(), "", "", "", line(text), gr.Timer(active=False),
            *(gr.skip(),) * n_values, Shown())  # fmt: skip


def _chosen(values) -> ClassSettings:
    *practice, collect, adaptive = values
    return ClassSettings(practice_settings.settings_from(*practice), bool(collect), bool(adaptive))


def start(page_url, *values):
    """Start a class with these settings: the code, the QR of the join link and a new teacher key."""
    n = len(values)
    try:
        started = lessons.start_class(default_store(), _chosen(values))
        view = _view(started.key)
    except ClassError as exc:
        return _closed(str(exc), False, n)
    except StoreDown:
        return _closed(AWAY, False, n)
    text = "The class has started: the children type the code on the Practice tab, or scan the QR code."
    return _opened(started.key, view, page_url, text)


def reopen(page_url, key, n_values: int, typed: bool = False):
    """The class this key opens (kept in this browser, or typed on another device)."""
    if not (isinstance(key, str) and len(key) > 1):
        if typed:
            return _closed("Paste the teacher key of a class first.", False, n_values)
        return (gr.skip(),) * (7 + n_values)  # nothing kept in this browser (or just forgotten)
    try:
        view = _view(key.strip())
    except ClassError as exc:
        return _closed(str(exc), not typed, n_values)
    except StoreDown:
        return _closed(AWAY, False, n_values)
    return _opened(key.strip(), view, page_url, "The class is open: its dashboard is below.")


def send_settings(key, *values):
    """The class's Practice settings, for every tablet."""
    try:
        offered = _view(key).settings.network  # the Train tab's offer stays until withdrawn there
        version = lessons.set_settings(default_store(), key, replace(_chosen(values), network=offered))
    except ClassError as exc:
        return line(str(exc))
    except StoreDown:
        return line(AWAY)
    return line(f"Sent (version {version}): every tablet's Practice follows within a few seconds.")


def end(key):
    try:
        lessons.end_class(default_store(), key)
    except ClassError as exc:
        return line(str(exc))
    except StoreDown:
        return line(AWAY)
    return line("The class has ended: no more joining or checking. The dashboard and CSV stay until deleted.")


def delete(key, n_values: int):
    """The second press: the class and everything in it deleted, this browser's key forgotten."""
    try:
        rows = lessons.delete_class(default_store(), key)
    except ClassError as exc:
        return (*_closed(str(exc), True, n_values), EMPTY)
    except StoreDown:
        return (*_closed(AWAY, False, n_values), gr.skip())
    text = f"The class and everything in it were deleted ({rows} rows)."
    return (*_closed(text, True, n_values), EMPTY)


def ask_delete():
    """The first press: the second button appears (a class is never deleted by one slip of the finger)."""
    return gr.update(visible=True), line("Delete the class and everything in it? Press the red button again.")


def refresh(key, hide, shown, force: bool = False):
    """The dashboard timer: the board drawn again only when a Check, a seat or the store's state changed."""
    shown = shown if isinstance(shown, Shown) else Shown()
    if not (isinstance(key, str) and len(key) > 1):
        return EMPTY, "", Shown()
    store = None
    try:
        store = default_store()
        now_stamp = stamp(store, key)
    except ClassError as exc:
        return line(str(exc)), "", Shown()
    except StoreDown as exc:
        return gr.skip(), line(str(exc)), shown
    problem = store.problem()
    if not force and now_stamp == shown.stamp and bool(hide) == shown.hide and problem == shown.problem:
        return gr.skip(), gr.skip(), shown
    try:
        html = board_html(board(store, key, hide_names=bool(hide)), mastery=class_progress(store, key))
    except ClassError as exc:
        return line(str(exc)), "", Shown()
    except StoreDown as exc:
        return gr.skip(), line(str(exc)), shown
    return html, line(problem or ""), Shown(now_stamp, bool(hide), problem)


def name(key, number, first_name, hide, shown):
    """The teacher's first name for a seat (shown only here, on the dashboard)."""
    try:
        lessons.name_seat(default_store(), key, int(number or 0), first_name)
    except (ClassError, TypeError, ValueError) as exc:
        return gr.skip(), line(str(exc) if isinstance(exc, ClassError) else "Type the seat's number."), shown
    except StoreDown:
        return gr.skip(), line(AWAY), shown
    html, _, shown = refresh(key, hide, shown, force=True)
    return html, line(""), shown


def csv_file(key, session, request: gr.Request | None = None):
    """The lesson as CSV, written now in this visitor's folder (the download button)."""
    try:
        text = lesson_csv(default_store(), key)
    except (ClassError, StoreDown) as exc:
        gr.Warning(str(exc))
        return None
    files = visitor_files(session if isinstance(session, Session) else Session(), request)
    return str(files.write(CSV_NAME, lambda p: p.write_text(text, encoding="utf-8")))


def build(session: gr.State, tab: gr.Tab | None = None) -> gr.Blocks:
    """The Class tab."""
    with gr.Blocks() as page:
        key = gr.BrowserState("", storage_key=KEY_KEY, secret=KEY_SECRET)
        page_url = gr.Textbox(visible=False)
        shown = gr.State(Shown())
        with gr.Row():
            start_ = gr.Button("🏫 Start a class", variant="primary", elem_id="class-start")
            end_ = gr.Button("⏹ End the class", elem_id="class-end")
            delete_ = gr.Button("🗑 Delete the class", variant="stop", elem_id="class-delete")
            sure = gr.Button("Yes: delete it and everything in it", variant="stop", visible=False,
                             elem_id="class-delete-confirm")  # fmt: skip
        status = gr.HTML("", elem_id="class-line")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                code = gr.HTML("", elem_id="class-code")
                key_box = gr.Textbox(label="Teacher key (secret: it opens this class on another device)",
                                     type="password", buttons=["copy"], interactive=False,
                                     elem_id="class-key")  # fmt: skip
            with gr.Column(scale=2, min_width=180):
                qr = gr.HTML("", elem_id="class-qr")
        problem = gr.HTML("", elem_id="class-problem")
        with gr.Row():
            hide = gr.Checkbox(label="Hide names (for the projector)", elem_id="class-hide-names")
            csv = gr.DownloadButton("📄 Download the lesson (CSV)", elem_id="class-csv")
        dashboard = gr.HTML(EMPTY, elem_id="class-dashboard")
        with gr.Accordion("The class's Practice settings", open=True, elem_id="class-settings"):
            inputs, collect = practice_settings.widgets(TeacherSettings(), prefix="class")
            adaptive = gr.Checkbox(True, label="🎯 Adaptive: each child's digits from their own record",
                                   elem_id="class-adaptive")  # fmt: skip
            send = gr.Button("📣 Send to every tablet", variant="primary", elem_id="class-send")
        with gr.Accordion("First names (only on this dashboard)", open=False):
            with gr.Row():
                seat = gr.Number(label="Seat", precision=0, minimum=1, elem_id="class-name-seat")
                first = gr.Textbox(label="First name", max_length=40, elem_id="class-name")
                save = gr.Button("Save the name", elem_id="class-name-save")
        class_path.build(key, session)
        with gr.Accordion("Open a class with its teacher key", open=False):
            typed = gr.Textbox(label="Teacher key", type="password", max_length=200, elem_id="class-key-open")
            open_ = gr.Button("Open", elem_id="class-open")
        timer = gr.Timer(BOARD_SECONDS, active=False)
        teacher_note(TEACHER)

        values = [*inputs.all(), collect, adaptive]
        n = len(values)
        opened = [key, code, qr, key_box, status, timer, *values, shown]
        # Never dimmed while it refreshes (Gradio's pending look): a busy server left the projector's
        # board at a contrast the accessibility check refused.
        board_args = dict(
            fn=refresh, inputs=[key, hide, shown], outputs=[dashboard, problem, shown], show_progress="hidden"
        )
        start_.click(start, [page_url, *values], opened, js=URL_JS, api_name="class_start").then(
            **board_args, api_name=False
        )
        # BrowserState reads the browser's storage when its tab is first shown, then fires change.
        key.change(lambda u, k: reopen(u, k, n), [page_url, key], opened, js=URL_JS, api_name=False,
                   show_progress="hidden").then(**board_args, api_name=False)  # fmt: skip
        open_.click(lambda page_url, key: reopen(page_url, key, n, typed=True), [page_url, typed], opened,
                    js=URL_JS, api_name="class_open").then(**board_args, api_name=False)  # fmt: skip
        send.click(send_settings, [key, *values], status, api_name="class_settings")
        end_.click(end, key, status, api_name="class_end").then(**board_args, api_name=False)
        delete_.click(ask_delete, None, [sure, status], api_name=False)
        sure.click(lambda key: (*delete(key, n), gr.update(visible=False)), key, [*opened, dashboard, sure],
                   api_name="class_delete")  # fmt: skip
        timer.tick(**board_args, api_name="class_board")
        hide.change(**board_args, api_name=False)
        save.click(name, [key, seat, first, hide, shown], [dashboard, status, shown], api_name="class_name")
        csv.click(csv_file, [key, session], csv, api_name="class_csv").then(
            None, csv, csv, js=practice_settings.SAVE_JS
        )
    return page
