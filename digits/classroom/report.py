"""A printable one-page report per child (HTML): mastered digits, first try vs now, reversals by lesson."""

from __future__ import annotations

import html
import time

from digits.classroom.classes import ANIMALS
from digits.classroom.progress import ChildProgress, seat_progress
from digits.classroom.store import Store

# The states' colours: the dashboard's row of ten coloured digits uses the same (colour-blind safe
# pairs: the state is also written under each digit, so colour is never the only sign).
COLOURS = {
    "new": "#d9d9d9",
    "learning": "#9ecae1",
    "weak": "#fdae6b",
    "reversed": "#e6550d",
    "mastered": "#31a354",
}
STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5cm;color:#222}
h1{font-size:22px;margin:0 0 4px}.sub{color:#555;margin:0 0 14px}
.row{display:flex;gap:6px;margin:10px 0 16px}.d{width:44px;text-align:center;border-radius:6px;padding:4px 0}
.d b{display:block;font-size:24px}.d small{font-size:10px}
table{border-collapse:collapse;width:100%;margin-bottom:14px}
th,td{border:1px solid #bbb;padding:3px 6px;text-align:left}
th{background:#f2f2f2}@media print{body{margin:0.8cm}@page{size:A4;margin:0}}
"""


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


def _day(at: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(at))


def report_html(child: ChildProgress, class_code: str = "") -> str:
    """The report as one HTML page, every value escaped (a name is the teacher's typing)."""
    e = html.escape
    who = f"{ANIMALS.get(child.avatar, '')} {child.colour} {child.avatar}".strip()
    title = f"Seat {child.number}: {who}" + (f" ({child.name})" if child.name else "")
    if child.lessons:
        span = f"{len(child.lessons)} lesson{'s' * (len(child.lessons) != 1)}, {_day(child.lessons[0])}"
        span += f" to {_day(child.lessons[-1])}" if len(child.lessons) > 1 else ""
    else:
        span = "no lessons yet"
    sub = " · ".join(p for p in (f"class {class_code}" if class_code else "", span) if p)
    cells = "".join(
        f'<div class="d" style="background:{COLOURS[s.state]}" title="{e(s.reason)}">'
        f"<b>{d}</b><small>{e(s.state)}</small></div>"
        for d, s in sorted(child.states.items())
    )
    mastered = ", ".join(map(str, child.mastered)) or "none yet"
    rows = "".join(
        f"<tr><td>{d}</td><td>{e(s.state)}</td><td>{e(s.reason)}</td><td>{_pct(p.first)}</td>"
        f"<td>{_pct(p.now)}</td><td>{s.tries}</td><td>{s.reversals}</td></tr>"
        for d, (s, p) in sorted((d, (child.states[d], child.digits[d])) for d in child.states)
    )
    lessons = "".join(
        f"<tr><td>{i + 1}</td><td>{_day(at)}</td><td>{sum(p.tries[i] for p in child.digits.values())}</td>"
        f"<td>{n}</td></tr>"
        for i, (at, n) in enumerate(zip(child.lessons, child.reversals, strict=True))
    )
    falling = " Reversals are falling." if child.reversals_falling else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f"<style>{STYLE}</style></head><body>"
        f"<h1>{e(title)}</h1><p class='sub'>{e(sub)}</p>"
        f'<div class="row" aria-label="the ten digits">{cells}</div>'
        f"<p><strong>Mastered:</strong> {e(mastered)}.{falling}</p>"
        "<table><tr><th>Digit</th><th>Now</th><th>Why</th><th>First lesson right</th>"
        f"<th>Latest lesson right</th><th>Tries</th><th>Backwards</th></tr>{rows}</table>"
        f"<table><tr><th>Lesson</th><th>Day</th><th>Tries</th><th>Backwards</th></tr>{lessons}</table>"
        "<p class='sub'>Mastered: right 3 times in a row, none backwards, in at least 2 lessons.</p>"
        "</body></html>"
    )


def child_report(store: Store, key, number: int, class_code: str = "") -> str:
    """The teacher's printable report for one seat."""
    return report_html(seat_progress(store, key, number), class_code)
