"""Forgetting a visitor who has closed the page: their state, their session, and stray events' copies."""

from __future__ import annotations

from collections import OrderedDict

from gradio.state_holder import SessionState, StateHolder


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
