"""The teacher's live dashboard as HTML: children x digits, who is stuck, the hardest digits, last drawings.

Everything shown is escaped (a name the teacher typed, whatever a Check stored): the board never
carries markup from the database. Drawings are drawn from their strokes by read/strokes.picture, the
reader's own renderer, so the teacher sees the 28 x 28 picture the network read.
"""

from __future__ import annotations

import time
from html import escape

from digits.classroom.classes import ANIMALS
from digits.classroom.dashboard import Board, Cell, Row
from digits.classroom.progress import ChildProgress
from digits.classroom.report import COLOURS
from digits.read.strokes import BadStrokes, picture
from digits.ui.draw_views import png_url

CSS = """
#class-dashboard table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
#class-dashboard th, #class-dashboard td { border: 1px solid #ccc; padding: 4px 6px; text-align: center; }
#class-dashboard td.child { text-align: left; white-space: nowrap; }
#class-dashboard tr.stuck td.child { background: #fff1c2; font-weight: 600; }
#class-dashboard .reversal { color: #b00020; font-weight: 600; }
#class-dashboard .cell-empty { color: #999; }
#class-dashboard img.last { width: 56px; height: 56px; image-rendering: pixelated; border: 1px solid #ddd; }
#class-dashboard .hardest { font-size: 1.1rem; margin: 6px 0; }
#class-code .big-code { font-size: 4rem; font-weight: 700; letter-spacing: 0.12em; text-align: center;
  font-family: ui-monospace, "DejaVu Sans Mono", monospace; line-height: 1.2; }
#class-qr { min-width: 180px; }
#class-qr svg { width: 100%; max-width: 300px; height: auto; display: block; margin: auto; }
#class-problem p, #class-line p { margin: 4px 0; }
#class-dashboard .mastery { display: flex; gap: 2px; }
#class-dashboard .mastery span { width: 1.5em; border-radius: 4px; font-weight: 600; line-height: 1.1;
  font-size: 0.9rem; padding: 1px 0; }
#class-dashboard .mastery small { display: block; font-size: 0.65rem; font-weight: 400; }
"""
EMPTY = "<div id='class-board' class='class-empty'>No class open: press <b>Start a class</b>.</div>"


def drawing_html(pad: dict | None, alt: str) -> str:
    """A child's last drawing as a small picture (the reader's 28 x 28 view), or a dash if none."""
    if not pad:
        return "<span class='cell-empty'>-</span>"
    try:
        image = picture(pad)
    except (BadStrokes, ValueError, TypeError):
        image = None
    if image is None:
        return "<span class='cell-empty'>-</span>"
    return f"<img class='last' alt='{escape(alt)}' src='{png_url([image])}'>"


def cell_html(cell: Cell | None) -> str:
    """One child's tries at one digit: right/tried, best stars, reversals and formation slips."""
    if cell is None:
        return "<span class='cell-empty'>·</span>"
    parts = [f"{cell.right}/{cell.attempts}"]
    if cell.stars:
        parts.append("⭐" * cell.stars)
    if cell.reversals:
        parts.append(f"<span class='reversal' title='written backwards'>↔ {cell.reversals} backwards</span>")
    if cell.slips:
        kinds = ", ".join(f"{escape(k)} {n}" for k, n in cell.slip_kinds)
        parts.append(f"<span class='slips' title='{kinds}'>✎ {cell.slips}</span>")
    return "<br>".join(parts)


# Beside each state's colour a sign, so colour is never the only one (report.COLOURS' pairs).
SIGNS = {"new": "", "learning": "·", "weak": "!", "reversed": "↔", "mastered": "★"}


def mastery_html(child: ChildProgress | None) -> str:
    """The child's ten digits coloured by state (mastery.py), each with its sign and its reason."""
    if child is None:
        return ""
    cells = "".join(
        f"<span data-digit='{d}' data-state='{s.state}' style='background:{COLOURS[s.state]}' "
        f"title='{d}: {escape(s.state)}: {escape(s.reason)}'>"
        f"{d}<small>{SIGNS[s.state] or '&nbsp;'}</small></span>"
        for d, s in sorted(child.states.items())
    )
    return f"<div class='mastery' aria-label='mastery of the ten digits'>{cells}</div>"


def child_html(row: Row) -> str:
    """The child's animal, colour, seat number and (unless hidden) the first name the teacher typed."""
    who = f"{ANIMALS.get(row.avatar, '?')} {escape(row.colour)} {escape(row.avatar)} · {row.number}"
    if row.name:
        who += f" · <b>{escape(row.name)}</b>"
    if row.stuck:
        who += " <span class='stuck-mark' title='several misses in a row'>⚠ stuck</span>"
    return who


def board_html(board: Board, now: float | None = None, mastery: list[ChildProgress] | None = None) -> str:
    """The whole dashboard: the hardest digits, then one row per child (with their ten digits' mastery
    from `mastery`, classroom/progress.class_progress)."""
    by_seat = {child.number: child for child in mastery or ()}
    now = time.time() if now is None else now
    state = " (ended: no more joining or checking)" if board.ended else ""
    head = f"<div class='summary'>{len(board.rows)} children · {board.checks} Checks{state}</div>"
    if board.hardest:
        hard = ", ".join(
            f"<b>{escape(h.item)}</b> ({h.right}/{h.attempts} right"
            + (f", <span class='reversal'>{h.reversals} backwards</span>" if h.reversals else "")
            + ")"
            for h in board.hardest
        )
        head += f"<div class='hardest'>Hardest for the class: {hard}</div>"
    if not board.rows:
        return f"<div id='class-board'>{head}<p>No child has joined yet.</p></div>"
    columns = "".join(f"<th>{escape(item)}</th>" for item in board.items)
    rows = []
    for row in board.rows:
        cells = "".join(
            f"<td data-item='{escape(item)}'>{cell_html(board.cells.get((row.number, item)))}</td>"
            for item in board.items
        )
        last = drawing_html(row.last_pad, f"the last drawing of seat {row.number}")
        if row.last_at is not None:
            ago = max(0, int(now - row.last_at))
            mark = "✓" if row.last_right else "✗"
            last += f"<br><small>{escape(row.last_asked or '')} {mark} · {ago} s ago</small>"
        klass = "stuck" if row.stuck else ""
        rows.append(
            f"<tr class='{klass}' data-seat='{row.number}'><td class='child'>{child_html(row)}</td>"
            f"<td>{mastery_html(by_seat.get(row.number))}</td>{cells}<td>{last}</td></tr>"
        )
    table = (
        f"<table><thead><tr><th>Child</th><th>Mastered (★)</th>{columns}<th>Last drawing</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return f"<div id='class-board' data-checks='{board.checks}'>{head}{table}</div>"
