"""Every use of Gradio's internals, in one place: written for one Gradio version, checked at start.

The app needs what Gradio has no public API for: a closed page's whole session freed (not when
10,000 later sessions push it out), yet kept while a page whose connection dropped still sends
events; the folder Gradio serves files from (a file made there is served without a copy), its
records of served files, an uploaded file deleted once read; the session store of a served app,
and one visitor's state found from outside an event (the lean reading route); the launch's check of
its own page given time on a busy machine. A Gradio release
that changes these shows here first, in `check()`'s one line and in tests/serve/test_compat.py.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import sys
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import gradio as gr
import gradio.networking
import gradio.utils
from gradio.state_holder import SessionState, StateHolder

from digits.serve.visits import Departures

WRITTEN_FOR = "6.31"  # the Gradio minor version these internals were read from


def check(version: str = gr.__version__) -> str | None:
    """One line when the installed Gradio is not the one these internals were written for, else None."""
    if version == WRITTEN_FOR or version.startswith(WRITTEN_FOR + "."):
        return None
    return (
        f"digits: written for Gradio {WRITTEN_FOR}, running {version}: closed pages may hold their "
        "session longer (digits/serve/compat.py)."
    )


class VisitedStateHolder(StateHolder):
    """Gradio's session store, except that a page heard from starts its grace again.

    A new event a page sends asks the store for its session as it joins the queue (in
    `route_utils.get_fn`): that is where the app learns that a page whose connection dropped is
    still open, and a page forgotten after its grace starts afresh. Each later step of an event
    already running (a live training's next update) asks again from elsewhere, and says nothing of
    the page: a closed page's run must not keep it, nor make its forgotten session again (a copy of
    every component's config, about 0.5 MB here): such a step gets a throwaway session.
    """

    departures: Departures
    gone: OrderedDict  # sessions forgotten, most recent last (bounded by the store's capacity)

    def __getitem__(self, session_id: str) -> SessionState:
        caller = sys._getframe(1)
        if caller.f_code.co_name == "get_fn" and caller.f_globals.get("__name__") == "gradio.route_utils":
            self.departures.heard(session_id)
            self.gone.pop(session_id, None)  # the page itself speaks: it starts afresh
        elif session_id in self.gone:
            return SessionState(self.blocks)
        return super().__getitem__(session_id)


def forget(holder: StateHolder, session_id: str) -> None:
    """Free all a visitor's state now and drop their session (a later event of the page starts afresh)."""
    holder.delete_state(session_id)  # the State delete callbacks: runs stopped, models let go
    with holder.lock:
        holder.session_data.pop(session_id, None)
        holder.time_last_used.pop(session_id, None)
        if isinstance(holder, VisitedStateHolder):
            holder.gone[session_id] = None
            while len(holder.gone) > holder.capacity:  # session ids of pages long closed
                holder.gone.popitem(last=False)


def depart(
    demo: gr.Blocks,
    session_id: str,
    grace: float,
    then: Callable[[], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """A page of the served app `demo` left: forget it after `grace` quiet seconds, then call `then`."""
    holder = demo.state_holder  # Gradio makes its store when the app is served
    with holder.lock:
        if not isinstance(holder, VisitedStateHolder):
            # Ours only changes how a session is found; its data stays where Gradio put it.
            departures = Departures(grace, functools.partial(_forget, holder, then), clock)
            holder.__class__ = VisitedStateHolder
            holder.gone = OrderedDict()
            holder.departures = departures
        holder.departures.grace = grace  # the grace in force now (the first page's may be stale)
    holder.departures.left(session_id)


def _forget(holder: StateHolder, then, session_id: str) -> None:
    forget(holder, session_id)
    if then is not None:
        then()


def cache_folder() -> Path:
    """Where Gradio keeps the files it serves: one already inside is served in place, never copied.

    (Block.move_resource_to_block_cache copies a returned file there unless it is inside already;
    `/gradio_api/file=` serves what is inside and answers 403 once it is gone.)
    """
    return Path(gradio.utils.get_upload_folder())


def unlist(demo: gr.Blocks, folder: Path) -> int:
    """Drop Gradio's records of the files it served from `folder` (gone now): its sets only grow."""
    folder = str(folder) + os.sep
    dropped = 0
    for files in demo.temp_file_sets:
        ours = {f for f in list(files) if str(f).startswith(folder)}
        files -= ours
        dropped += len(ours)
    return dropped


def drop_upload(path) -> bool:
    """Delete an uploaded file once read (Gradio keeps each in a folder of its own in its cache)."""
    path = Path(path)
    cache = cache_folder().resolve()
    try:
        if path.resolve().parent.parent != cache:  # only what Gradio's upload route put there
            return False
        path.unlink(missing_ok=True)
        path.parent.rmdir()  # kept if another upload of the same bytes is in it
    except OSError:
        pass
    return not path.exists()


def sessions(demo: gr.Blocks) -> StateHolder:
    """The served app's session store (tests look into it)."""
    return demo.state_holder


def session_value(demo: gr.Blocks, session_id: str, state: gr.State):
    """`state`'s value in the served app's session `session_id`; None if there is none (none is made).

    A read through the lean route is the page heard from, as an event is: its grace starts again,
    and it counts as a use, so the least-recently-used eviction does not take a page still drawing.
    """
    holder = getattr(demo, "state_holder", None)
    if holder is None or not isinstance(session_id, str):
        return None
    with holder.lock:
        data = holder.session_data.get(session_id)
        if data is None:
            return None
        holder.session_data.move_to_end(session_id)
        holder.time_last_used[session_id] = datetime.datetime.now()
        value = data.state_data.get(state._id)  # never the default: a session that never ran has none
    if isinstance(holder, VisitedStateHolder):
        holder.departures.heard(session_id)
    return value


def error_payload(message: str) -> dict:
    """What Gradio's event stream says for a `gr.Error(message)` (its REST API's `event: error` data)."""
    return gradio.utils.error_payload(gr.Error(message), show_error=True)


QUEUE_POLL_S = 0.01  # how often an idle queue looks for work (Gradio's: every 1 ms)


def quieter_queue(demo: gr.Blocks, seconds: float = QUEUE_POLL_S) -> bool:
    """The queue's idle poll every `seconds` (call after `demo.queue()`); False if Gradio has no such poll.

    An idle Gradio queue wakes the server's event loop 1,000 times a second, each wake taking the
    interpreter's lock from the threads reading drawings; every 10 ms, an event waits at most 10 ms
    more to start (a queued event costs ~16 ms of CPU here), and the idle app spends 10 ms of CPU a
    second, not 36 (measured with psutil over 10 s).
    """
    queue = getattr(demo, "_queue", None)
    if queue is None or not isinstance(getattr(queue, "sleep_when_free", None), (int, float)):
        return False
    queue.sleep_when_free = max(queue.sleep_when_free, seconds)
    return True


LAUNCH_CHECK_S = 60.0  # how long a start may take to answer its own first request


@contextlib.contextmanager
def patient_launch(seconds: float = LAUNCH_CHECK_S):
    """Within it, Gradio's launch waits up to `seconds` for its own page to answer.

    `launch()` asks its page once (a 3 s HEAD) and, unanswered, refuses to serve ("When localhost is
    not accessible, a shareable link must be created"): on a machine at load 12 the page took longer
    while the model loaded, and the app stopped with that traceback.
    """
    asked = gradio.networking.url_ok

    def patient(url: str) -> bool:
        deadline = time.monotonic() + seconds
        while not asked(url):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.5)  # a refused connection returns at once: ask twice a second, not in a spin
        return True

    gradio.networking.url_ok = patient
    try:
        yield
    finally:
        gradio.networking.url_ok = asked
