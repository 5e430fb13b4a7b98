"""The Class tab's progress panel: one child's path over lessons (first try vs now, reversals lesson by
lesson) and their printable one-page report (classroom/report.py) as a download. Teacher key only."""

from __future__ import annotations

from html import escape

import gradio as gr

from digits.classroom import classes as lessons
from digits.classroom.classes import ClassError
from digits.classroom.progress import ChildProgress, seat_progress
from digits.classroom.report import COLOURS, report_html
from digits.classroom.store import StoreDown, default_store
from digits.ui import practice_settings
from digits.ui.class_join import line
from digits.ui.common import Session, visitor_files

REPORT_NAME = "child-report-seat-{n}.html"


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


def progress_html(child: ChildProgress) -> str:
    """A child's progress over lessons, every value escaped: per digit its state, right in its first
    lesson and in the latest, tries lesson by lesson; then reversals lesson by lesson."""
    lessons_ = len(child.lessons)
    head = "".join(f"<th>L{i + 1}</th>" for i in range(lessons_))
    rows = "".join(
        f"<tr><td style='background:{COLOURS[s.state]}'><b>{d}</b></td><td title='{escape(s.reason)}'>"
        f"{escape(s.state)}</td><td>{_pct(p.first)}</td><td>{_pct(p.now)}</td>"
        + "".join(f"<td>{n or '·'}</td>" for n in p.tries)
        + "</tr>"
        for d, (s, p) in sorted((d, (child.states[d], child.digits[d])) for d in child.states)
    )
    falling = " (falling)" if child.reversals_falling else ""
    backwards = " → ".join(map(str, child.reversals)) or "none yet"
    mastered = ", ".join(map(str, child.mastered)) or "none yet"
    return (
        f"<div class='class-progress' data-seat='{child.number}'>"
        f"<p><b>Seat {child.number}</b>: {lessons_} lesson{'s' * (lessons_ != 1)} · mastered: {mastered} · "
        f"backwards, lesson by lesson: {escape(backwards)}{falling}</p>"
        f"<table><thead><tr><th>Digit</th><th>Now</th><th>First lesson right</th><th>Latest right</th>"
        f"{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _number(number) -> int:
    try:
        return int(number or 0)
    except (TypeError, ValueError):
        raise ClassError("Type the seat's number.") from None


def show(key, number):
    """The progress of the child in this seat (the teacher's key opens it)."""
    try:
        return progress_html(seat_progress(default_store(), key, _number(number)))
    except (ClassError, ValueError, StoreDown) as exc:
        return line(str(exc))


def report_file(key, number, session, request: gr.Request | None = None):
    """The child's printable report (HTML: print it from the browser, or save it as PDF), written now in
    this visitor's folder."""
    try:
        n = _number(number)
        store = default_store()
        code = lessons.teacher_class(store, key).code
        text = report_html(seat_progress(store, key, n), code)
    except (ClassError, ValueError, StoreDown) as exc:
        gr.Warning(str(exc))
        return None
    files = visitor_files(session if isinstance(session, Session) else Session(), request)
    return str(files.write(REPORT_NAME.format(n=n), lambda p: p.write_text(text, encoding="utf-8")))


def build(key: gr.BrowserState, session: gr.State) -> None:
    """The panel: a seat's progress shown, and its report downloaded."""
    with gr.Accordion("Each child's progress and report", open=False, elem_id="class-progress"):
        with gr.Row():
            seat = gr.Number(label="Seat", precision=0, minimum=1, elem_id="class-progress-seat")
            see = gr.Button("Show the progress", elem_id="class-progress-show")
            report = gr.DownloadButton("🖨 Download the report (printable)", elem_id="class-report")
        shown = gr.HTML("", elem_id="class-progress-view")
    see.click(show, [key, seat], shown, api_name="class_progress")
    report.click(report_file, [key, seat, session], report, api_name="class_report").then(
        None, report, report, js=practice_settings.SAVE_JS
    )
