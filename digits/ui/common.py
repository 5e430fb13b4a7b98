"""What every tab shares: the per-visitor session, teacher notes, plain error messages."""

from __future__ import annotations

from dataclasses import dataclass, field

import gradio as gr

from digits.limits import number_text, quote
from digits.serve import compat, space
from digits.serve.scratch import Scratch, visitor_folder
from digits.train.classset import ClassSet
from digits.ui.child_view import TEACHER_ONLY


@dataclass
class Session:
    """One visitor's state, kept in a gr.State: never shared between visitors."""

    recognizer: object = None  # this visitor's own trained Recognizer; None: the shipped one
    model_label: str = "the shipped recognizer"
    language: str = "English"
    runs: list = field(default_factory=list)  # this visitor's training runs, for the comparison table
    class_set: ClassSet = field(default_factory=ClassSet)  # the class's labelled drawings (this browser)
    files: Scratch | None = None  # this visitor's downloads, made when asked for (visitor_files)
    read_token: str = ""  # the key this visitor's page reads with on the lean route (draw_route.greet)
    seat: object = None  # the class seat Practice's join row holds (class_join.Seat): Teach it pools there
    pooled: object = None  # the class's pooled set, split (handwriting_class.PooledSets): the fine-tune's
    class_network: str = ""  # the sha256 of the class's network this tablet opted into ("": none)

    def use_shipped(self) -> None:
        """Read this visitor's drawings with the shipped recognizer again."""
        self.recognizer, self.model_label = None, Session.model_label


def visitor_files(session: Session, request: gr.Request | None = None) -> Scratch:
    """The visitor's folder for downloads, named from their session so that leaving frees it."""
    if session.files is None:
        session_hash = getattr(request, "session_hash", None)
        session.files = Scratch(visitor_folder(compat.cache_folder(), session_hash))
    return session.files


def free_files(session_hash: str):
    """A page left: its downloads are deleted now, and their addresses stop working; their folder."""
    folder = visitor_folder(compat.cache_folder(), session_hash, make=False)
    if folder is not None:  # None: nothing was ever downloaded from this server process
        Scratch(folder).free()
    return folder


def free_session(session) -> None:
    """A visitor left (or was idle past the shared Space's limit): let their models, drawings, files go."""
    if isinstance(session, Session):
        session.recognizer = None
        session.runs.clear()
        session.class_set = ClassSet()
        if session.files is not None:
            session.files.free()


def new_session() -> gr.State:
    """The State holding a fresh Session for each visitor, freed when they leave."""
    return gr.State(Session(), time_to_live=space.settings().state_limit, delete_callback=free_session)


def recognizer_for(session: Session | None):
    """The visitor's own model if they trained one, else the shared shipped recognizer."""
    if session is not None and session.recognizer is not None:
        return session.recognizer
    from digits.read.recognizer import default_recognizer

    return default_recognizer()


def teacher_note(markdown: str) -> None:
    """A short explanation for teachers, folded away by default."""
    with gr.Accordion("For teachers: what is happening here?", open=False, elem_classes=TEACHER_ONLY):
        gr.Markdown(markdown)


def number(value, name: str, low: float | None = None, high: float | None = None) -> float:
    """A user-typed value as a float, or a gr.Error naming the field in plain words."""
    try:
        x = float(number_text(value, name))  # bounded before parsing: 1e-10000000 must never reach exact
    except (TypeError, ValueError) as exc:
        message = str(exc) if str(exc).startswith(name) else f"{name} must be a number (got {quote(value)})."
        raise gr.Error(message) from None
    if x != x or x in (float("inf"), float("-inf")):
        raise gr.Error(f"{name} must be a finite number.")
    if low is not None and x < low or high is not None and x > high:
        raise gr.Error(f"{name} must be between {low} and {high} (got {x:g}).")
    return x


def by_id(demo: gr.Blocks, elem_id: str):
    """The block of the assembled app with this elem_id (a tab's block another tab's event updates)."""
    return next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == elem_id)
