"""A child joins the teacher's class on the Practice tab: code (or link), animal and colour, then follows.

What a seated child's page holds is its own seat (in a gr.State; the seat's token also in the browser,
so a reload or the next lesson comes back to it) and the class's settings version it follows. Nothing
of the teacher's (the key, names, other seats) ever reaches it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, fields
from html import escape

import gradio as gr

from digits.classroom import classes as lessons
from digits.classroom.attempts import Check, record
from digits.classroom.classes import ANIMALS, COLOURS, ClassError, Seat
from digits.classroom.codes import GUARD
from digits.classroom.store import StoreDown, default_store
from digits.lesson.writing import WritingLesson
from digits.ui.practice_adaptive import class_lesson

FOLLOW_SECONDS = 3.0  # a seated page asks for the class's settings version this often: one small read
SEAT_KEY = "digits-class-seat"  # the browser's storage key for the seat's token
# BrowserState encrypts in the page with a secret the page is sent, so it hides nothing from the device
# that holds it; fixed, so a seat saved before the app restarted still opens after it.
SEAT_SECRET = "digits-class-seat-v1"
# Gradio 6.31's BrowserState writes only a truthy value to the browser's storage: "" would leave the old
# token there, so a forgotten seat is written as this.
FORGOTTEN = "-"
AWAY = "The class cannot be reached now: practise on, and try again in a minute."
ALONE = "You practise on your own now."


@dataclass
class Place:
    """This page's place in a class: its seat (None: practising alone) and the settings version followed."""

    seat: Seat | None = None
    version: int = 0
    collect: bool = False
    rounds: int = 0  # rounds the class's settings started here: each one is shown (practice.show_round)
    network: str = ""  # the sha256 of the network the teacher offers ("": none)

    def __post_init__(self):
        self.lock = threading.Lock()  # not a field: gr.State's config turns the fields into JSON
        # The round the class's settings started here last. One page's events run side by side, and one
        # that read the lesson before this round began (a Check, a Next) writes that older lesson back
        # over it: the follow shows this round again, and a Check of ink drawn for it is judged on it.
        self.round: WritingLesson | None = None

    def shown(self, lesson: WritingLesson, value) -> WritingLesson:
        """The lesson the page's ink answers: this class's round when the pad says so (its `n`)."""
        n = value.get("n") if isinstance(value, dict) else None
        r = self.round
        if r is not None and n == r.prompt_id and n != lesson.prompt_id and lesson.seed < r.seed:
            return r
        return lesson

    def __deepcopy__(self, memo) -> Place:
        """A copy with a lock of its own (gr.State copies the initial Place for each page)."""
        return Place(**{f.name: getattr(self, f.name) for f in fields(self)})

    def public(self) -> str:
        """One line for the child: which animal they are (never a name, never another seat)."""
        if self.seat is None:
            return ""
        s = self.seat
        return f"You are the {s.colour} {s.avatar} {s.emoji} (seat {s.number}) in your teacher's class."


@dataclass
class JoinParts:
    """The join row's components, for practice.py to wire."""

    place: gr.State
    token: gr.BrowserState
    code: gr.Textbox
    join: gr.Button
    avatar: gr.Dropdown
    colour: gr.Dropdown
    leave: gr.Button
    status: gr.HTML
    timer: gr.Timer


def line(text: str) -> str:
    """A plain line for the page (escaped: it never carries markup)."""
    return f"<p class='class-line'>{escape(text)}</p>" if text else ""


def _place(place) -> Place:
    return place if isinstance(place, Place) else Place()


def _seated(place: Place, token: str | None = None):
    """The outputs that show a seated page: place, token, status, code row hidden, avatar shown, timer on."""
    seat = place.seat
    return (
        place,
        seat.token if token is None else token,
        line(place.public()),
        gr.update(visible=False),
        gr.update(visible=False),
        gr.update(value=seat.avatar, visible=True),
        gr.update(value=seat.colour, visible=True),
        gr.update(visible=True),
        gr.Timer(active=True),
    )


def _alone(place: Place, text: str, forget: bool):
    """The outputs of a page practising alone (its seat forgotten in the browser when `forget`)."""
    place.seat, place.version, place.network = None, 0, ""
    shown, hidden = gr.update(visible=True), gr.update(visible=False)
    token = FORGOTTEN if forget else gr.skip()
    return place, token, line(text), shown, shown, hidden, hidden, hidden, gr.Timer(active=False)


def join_class(code, place, request: gr.Request | None = None):
    """The Join button: a seat in the class with this code (an animal and colour picked for the child)."""
    place = _place(place)
    visitor = getattr(request, "session_hash", None) or "api"
    address = getattr(getattr(request, "client", None), "host", None)
    try:
        place.seat = lessons.join(default_store(), code, GUARD.get(), visitor, address)
    except ClassError as exc:
        return _alone(place, str(exc), forget=False)
    except StoreDown:
        return _alone(place, AWAY, forget=False)
    place.version = 0  # the class's settings are applied by the follow step that comes next
    return _seated(place)


def arrive(token, place):
    """The seat this browser remembers, back (a reload, the wifi back, the next lesson).

    Runs when the stored token is read: BrowserState reads the browser's storage only once its tab is
    shown, after the page's load event, and then fires its change event."""
    place = _place(place)
    if not (isinstance(token, str) and len(token) > 1) or (place.seat and place.seat.token == token):
        return (place, *(gr.skip(),) * 8)  # nothing remembered, or the seat this page just joined
    try:
        place.seat, place.version = lessons.rejoin(default_store(), token), 0
        return _seated(place, token)
    except ClassError as exc:
        return _alone(place, f"{exc}", forget=True)
    except StoreDown:
        return _alone(place, AWAY, forget=False)


def link_code(place, request: gr.Request | None = None):
    """The page opened by a join link (`?class=CODE`): the code in the box, ready to Join."""
    code = (getattr(request, "query_params", None) or {}).get("class")
    if not isinstance(code, str) or not code or _place(place).seat is not None:
        return gr.skip(), gr.skip()
    return gr.update(value=code[:24]), line("Press Join to join your teacher's class.")


def leave(place):
    """The child leaves the class (this browser forgets the seat; the teacher keeps its Checks)."""
    return _alone(_place(place), ALONE, forget=True)


def pick_avatar(avatar, colour, place):
    """The child picks another animal or colour (not one a classmate has): the status line says which."""
    place = _place(place)
    if place.seat is None:
        return place, line("Join a class first.")
    try:
        place.seat = lessons.choose_avatar(default_store(), place.seat, avatar, colour)
    except ClassError as exc:
        return place, line(str(exc))
    except StoreDown:
        return place, line(AWAY)
    return place, line(place.public())


def follow(place, lesson):
    """The timer: the class's settings, applied (a new round) when they changed or this round lacks them.

    Returns the new lesson (None: unchanged) and the join row's outputs (as `join_class`'s), all skips
    where nothing changed. One page's follows take turns (its lock): the join's, the reload's and the
    timer's may overlap, and each would otherwise start the same new round over the child's progress."""
    place = _place(place)
    same = (place, *(gr.skip(),) * 7)
    if place.seat is None:
        return None, (*same, gr.Timer(active=False))
    with place.lock:
        try:
            now = lessons.class_now(default_store(), place.seat)
        except ClassError:
            return None, _alone(place, "Your teacher deleted the class. " + ALONE, forget=True)
        except StoreDown:
            return None, (*same, gr.skip())  # practise on; the next tick tries again
        if now.ended:
            return None, _alone(place, "Your teacher ended the class. " + ALONE, forget=True)
        old = lesson if isinstance(lesson, WritingLesson) else WritingLesson()
        if now.settings_version == place.version:
            if old.settings == now.settings.practice or old is place.round:
                return None, (*same, gr.skip())
            if place.round is not None and old.seed < place.round.seed:
                # An event that read the lesson before this page's class round wrote it back over that
                # round (or a follow overlapped the one that started it): the class's round, shown again.
                place.rounds += 1
                return place.round, (*same, gr.skip())
        place.version, place.collect, place.rounds = (
            now.settings_version,
            now.settings.collect,
            place.rounds + 1,
        )
        place.network = now.settings.network
        place.round = class_lesson(now.settings, place.seat, old.seed + 1)
        return place.round, (*same, gr.skip())


def record_check(place, lesson: WritingLesson, before: int, feedback, value) -> None:
    """A seated child's Check stored for the teacher (only a try the round counted: one per Attempt)."""
    place = _place(place)
    if place.seat is None or len(lesson.log.attempts) <= before:
        return
    read = None if lesson.mode == "trace" else getattr(feedback, "read", None)
    check = Check.from_attempt(lesson.log.attempts[-1], lesson.mode, read, pad=value)
    try:
        record(default_store(), place.seat, check)  # never waits on the database: it queues if away
    except (StoreDown, ValueError):
        pass  # practising goes on; a store that never opened is the teacher's one line


def build() -> JoinParts:
    """The join row: code and Join button, or (seated) the animal, colour and Leave button."""
    place = gr.State(Place())
    token = gr.BrowserState("", storage_key=SEAT_KEY, secret=SEAT_SECRET)
    with gr.Row(elem_id="class-join-row", equal_height=True):
        code = gr.Textbox(
            label="🏫 Class code (from the board)",
            placeholder="KX4-9TB",
            max_lines=1,
            max_length=24,
            elem_id="class-join-code",
            scale=3,
        )
        join = gr.Button("Join the class", elem_id="class-join", scale=1)
        animals = [(f"{emoji} {name}", name) for name, emoji in ANIMALS.items()]
        avatar = gr.Dropdown(animals, label="Your animal", visible=False, allow_custom_value=True,
                             elem_id="class-avatar", scale=2)  # fmt: skip
        colour = gr.Dropdown(list(COLOURS), label="Your colour", visible=False, allow_custom_value=True,
                             elem_id="class-colour", scale=2)  # fmt: skip
        leave_ = gr.Button("Leave the class", visible=False, elem_id="class-leave", scale=1)
    status = gr.HTML("", elem_id="class-status")
    timer = gr.Timer(FOLLOW_SECONDS, active=False)
    return JoinParts(place, token, code, join, avatar, colour, leave_, status, timer)
