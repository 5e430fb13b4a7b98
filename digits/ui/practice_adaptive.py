"""Practice's adaptive rounds (lesson/adaptive.py) and the child's star chart line.

In a class, a seated child's round is chosen from their stored Checks (classroom/progress.py) while the
teacher's *adaptive* switch is on; at home, from the record kept in this browser (a gr.BrowserState of
mastery.to_json) when the child ticks *adaptive*. Nothing of another child's is ever read.
"""

from __future__ import annotations

from html import escape

import gradio as gr

from digits.classroom.classes import ClassError
from digits.classroom.progress import chooser_for, my_record
from digits.classroom.settings import ClassSettings
from digits.classroom.store import StoreDown, default_store
from digits.languages import DEFAULT_LANGUAGE
from digits.lesson.adaptive import Chooser
from digits.lesson.mastery import from_json, mastered, star_chart, states, to_json
from digits.lesson.teacher import TeacherSettings
from digits.lesson.writing import WritingLesson

ADAPTIVE_MODES = ("trace", "free")  # the modes that ask one digit: numbers and sums ask numbers
RECORD_KEY = "digits-practice-record"  # the browser's storage key for a child's record at home
RECORD_SECRET = "digits-practice-record-v1"  # see class_join.SEAT_SECRET: the device, not this, guards it


def _adapts(settings: TeacherSettings) -> bool:
    return settings.mode in ADAPTIVE_MODES


def class_lesson(chosen: ClassSettings, seat, seed: int) -> WritingLesson:
    """A seated child's new round: adaptive from their stored record when the class's switch is on (the
    teacher's order if the store cannot be read now: practice never waits on it)."""
    practice = chosen.practice
    if chosen.adaptive and _adapts(practice) and seat is not None:
        try:
            return WritingLesson(
                practice, seed=seed, chooser=chooser_for(default_store(), seat, practice.digits, seed=seed)
            )
        except (ClassError, StoreDown):
            pass
    return WritingLesson(practice, seed=seed)


def home_lesson(chosen: TeacherSettings, seed: int, adaptive, record) -> WritingLesson:
    """A child's new round at home: adaptive from this browser's record when they ticked *adaptive*."""
    if adaptive and _adapts(chosen):
        return WritingLesson(chosen, seed=seed, chooser=Chooser(chosen.digits, seed, from_json(record)))
    return WritingLesson(chosen, seed=seed)


def next_round(lesson: WritingLesson) -> WritingLesson:
    """The round after a finished one: the same settings, and the same chooser (its record has grown)."""
    return WritingLesson(lesson.settings, seed=lesson.seed + 1, chooser=lesson.chooser)


def star_line(records, language: str, back: bool = False) -> str:
    """The child's own star chart line ("You've mastered 0, 1, 4 and 8!"), for their page only."""
    chart = star_chart(mastered(states(records)), language)
    return f"<p class='practice-stars'>{'👋 ' if back else '⭐ '}{escape(chart)}</p>"


def _records(place, lesson) -> list:
    """A seated child's record: their round's chooser's (it holds every judged try), else the store's."""
    chooser = getattr(lesson, "chooser", None)
    if chooser is not None:
        return list(chooser.records)
    return my_record(default_store(), place.seat)


def after_check(place, lesson, record):
    """After a Check: the record kept in this browser (at home, adaptive), and the star chart line once
    the round is finished."""
    seated = getattr(place, "seat", None) is not None
    chooser = getattr(lesson, "chooser", None)
    kept = to_json(chooser.records) if chooser is not None and not seated else gr.skip()
    if not isinstance(lesson, WritingLesson) or not lesson.round.finished:
        return gr.skip(), kept
    try:
        records = _records(place, lesson) if seated else from_json(kept if chooser else record)
    except (ClassError, StoreDown):
        return gr.skip(), kept
    return star_line(records, lesson.settings.language), kept


def seat_stars(place, lesson):
    """Back at the seat (a reload, the next lesson): the child's star chart, where they left off."""
    if getattr(place, "seat", None) is None:
        return ""
    try:
        records = my_record(default_store(), place.seat)
    except (ClassError, StoreDown):
        return gr.skip()
    language = lesson.settings.language if isinstance(lesson, WritingLesson) else DEFAULT_LANGUAGE
    return star_line(records, language, back=True)


def build(start: bool = False) -> tuple[gr.Checkbox, gr.BrowserState]:
    """The home switch and this browser's record (a class's tablet follows the teacher's switch)."""
    adaptive = gr.Checkbox(
        start, label="🎯 Ask me the digits I need most (adaptive)", elem_id="practice-adaptive"
    )
    record = gr.BrowserState("", storage_key=RECORD_KEY, secret=RECORD_SECRET)
    return adaptive, record
