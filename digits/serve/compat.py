"""Every use of Gradio's internals, in one place: written for one Gradio version, checked at start.

The app needs three things Gradio has no public API for: a closed page's whole session freed now
(not when 10,000 later sessions push it out), an event still on its way for a closed page kept from
making that session afresh, and the session store of a served app. A Gradio release that changes
these shows here first, in `check()`'s one line and in tests/serve/test_compat.py.
"""

from __future__ import annotations

from collections import OrderedDict

import gradio as gr
from gradio.state_holder import SessionState, StateHolder

WRITTEN_FOR = "6.31"  # the Gradio minor version these internals were read from


def check(version: str = gr.__version__) -> str | None:
    """One line when the installed Gradio is not the one these internals were written for, else None."""
    if version == WRITTEN_FOR or version.startswith(WRITTEN_FOR + "."):
        return None
    return (
        f"digits: written for Gradio {WRITTEN_FOR}, running {version}: closed pages may hold their "
        "session longer (digits/serve/compat.py)."
    )


class ForgetfulStateHolder(StateHolder):
    """Gradio's session store, except that a closed page's session never comes back.

    An event still running when the page closed (a live training stream's next update) asks the
    store for its session, and Gradio's would make it afresh: a copy of every component's config
    (about 0.5 MB here), kept until `state_session_capacity` later visitors push it out. Such an
    event gets a throwaway session instead.
    """

    gone: OrderedDict

    def __getitem__(self, session_id: str) -> SessionState:
        if session_id in self.gone:
            return SessionState(self.blocks)
        return super().__getitem__(session_id)


def forget(holder: StateHolder, session_id: str) -> None:
    """Free all a visitor's state now, drop their session, and keep it from being made again."""
    holder.delete_state(session_id)  # the State delete callbacks: runs stopped, models let go
    with holder.lock:
        if not isinstance(holder, ForgetfulStateHolder):
            # Gradio makes its store when the app is served; ours only changes how a session is found.
            holder.__class__ = ForgetfulStateHolder
            holder.gone = OrderedDict()
        holder.session_data.pop(session_id, None)
        holder.time_last_used.pop(session_id, None)
        holder.gone[session_id] = None
        while len(holder.gone) > holder.capacity:  # session ids of pages long closed
            holder.gone.popitem(last=False)


def forget_visitor(demo: gr.Blocks, session_id: str) -> None:
    """Forget a visitor of the served app `demo` (its session store exists once it is served)."""
    forget(demo.state_holder, session_id)


def sessions(demo: gr.Blocks) -> StateHolder:
    """The served app's session store (tests look into it)."""
    return demo.state_holder
