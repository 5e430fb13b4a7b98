"""A visitor's live run, for the Train tab and the class panel alike: the line, the curves, Stop, leaving."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import gradio as gr

from digits.serve import space
from digits.serve.process_run import ProcessRun
from digits.train.controls import RemoteControls, TrainingControls
from digits.train.live import Fit, LiveRun
from digits.train.progress import LiveSettings, Plan, Progress
from digits.ui import run_controls
from digits.ui.train_views import progress_text

ONE_RUN = (
    "You already have a training or fine-tune waiting or running: wait for it to end, or press Stop first."
)
WITHDRAWN = "⏹️ **Taken out of the line**: your training will not start. Press **Train** when you want it."

Show = Callable[..., tuple]  # an update changing only the outputs named (status, loss_plot, run_state, ...)


def new_run(fit: Fit, plan: Plan, data, settings: LiveSettings | None = None, paused: bool = False):
    """The run of a fit: in a worker process in shared mode (data loaded there), else in a thread here."""
    limit = space.settings().run_limit  # the cap counts from the run's turn, its final scoring included
    if space.settings().worker_process:
        return ProcessRun(fit, plan, None, settings, RemoteControls(paused), limit)
    return LiveRun(fit, plan, data, settings, TrainingControls(paused), limit)


def visitor(request: gr.Request | None, run_state: dict) -> object:
    """Who holds a place in the line: the page's session (so one run per visitor, whatever its kind)."""
    return getattr(request, "session_hash", None) or id(run_state)


def new_state() -> gr.State:
    """A panel's run state, its run ended when the visitor leaves or idles past the shared Space's limit."""
    return gr.State({}, time_to_live=space.settings().state_limit, delete_callback=free)


# ---------------------------------------------------------------- waiting


def waiting_text(line: space.TrainingLine, ticket: space.Ticket) -> str:
    """Where a waiting run stands in the line, and roughly how long until its turn."""
    wait = line.wait(ticket)
    when = f"about {space.minutes(wait)} to wait" if wait is not None else "waiting for the run before it"
    text = f"⏳ **Waiting for your turn**: number {line.position(ticket)} in line, {when}."
    if space.settings().run_limit:
        text += (
            f" On this shared Space every training stops after {space.minutes(space.settings().run_limit)}."
        )
    return text + " Press **Stop** to leave the line."


def _wait_turn(line: space.TrainingLine, ticket: space.Ticket, show: Show):
    """Yield where the run stands until its turn comes (True) or Stop took it out of the line (False)."""
    while not ticket.admitted.wait(0.5):  # short waits: a waiting run holds no worker thread
        if ticket.left:
            return False
        yield show(status=waiting_text(line, ticket))
    return not ticket.left


# ---------------------------------------------------------------- following


def status(run, progress: Progress) -> str:
    """The progress, and whether the teacher holds it paused."""
    held = "\n\n" + run_controls.PAUSED.format(n=progress.batches_done) if run.controls.paused else ""
    return progress_text(progress) + held


def capped(run) -> str:
    """Why the run stopped, when its cap (not a person) stopped it; else nothing."""
    if not run.timed_out:
        return ""
    return f"⏱️ This shared Space stops each training after {space.minutes(run.time_limit or 0)} " + (
        "so every class gets a turn.\n\n"
    )


def curves(progress: Progress) -> dict:
    loss_plot, accuracy_plot = run_controls.curve_plots(progress)  # pauses and new rates marked
    return dict(loss_plot=loss_plot, accuracy_plot=accuracy_plot)


def follow(run, show: Show) -> Iterator[tuple]:
    """Updates while the run trains: the status at each snapshot, the curves when they grew or were marked.

    Snapshots from a worker process arrive unpickled: changes are told by counts, never by identity.
    """
    progress = run.progress
    titled = len(progress.events)  # the events the charts' titles (and so their legends) show
    for latest in run.follow():
        if latest is None:  # nothing moved; yielding still lets Gradio close a left page
            yield show()
            continue
        redraw = len(latest.points) != len(progress.points) or len(latest.events) != len(progress.events)
        progress = latest
        yield show(status=status(run, latest), **(curves(latest) if redraw else {}))
        if len(latest.events) != titled:  # after the curves: a new title makes the chart redraw its lines
            titled = len(latest.events)
            yield show(**run_controls.curve_titles(latest))


def live(
    run,
    run_state: dict,
    owner: object,
    show: Show,
    opening: dict,
    results: Callable[[], Iterator[tuple]],
    failed: str = "Training failed",
) -> Iterator[tuple]:
    """Wait in the line, follow the run live, then yield `results()`; one run per visitor at a time.

    The visitor's place in the line is given back only once the run is over (its worker exited).
    """
    line = space.training_line()
    try:
        ticket = line.join(owner)
    except space.Busy:
        raise gr.Error(ONE_RUN) from None  # one run per visitor, so one visitor cannot fill the line
    run_state["ticket"] = ticket  # Stop finds it here, waiting or running
    started = False
    try:
        if not ticket.admitted.is_set():
            yield show(status=waiting_text(line, ticket), run_state=run_state)
        if not (yield from _wait_turn(line, ticket, show)):
            yield show(status=WITHDRAWN)
            return
        run_state["run"] = run  # Stop, the controls and "Use this model" find it here, this visitor's only
        run.start(then=lambda: line.leave(ticket))
        started = True
        yield show(status=status(run, run.progress), **curves(run.progress), **opening, run_state=run_state)
        yield from follow(run, show)
        if run_state.get("run") is not run:
            return  # the visitor left (free): nothing to show, nothing to keep
        if run.result is None:
            raise gr.Error(f"{failed}: {run.error}")
        yield from results()
    finally:  # also when the page is closed: Gradio closes this generator
        if not started:
            line.leave(ticket)
        elif not run.finished:  # closed mid-run: nobody will see it, its worker ends now
            run.abandon()
            run.join(timeout=5)


# ---------------------------------------------------------------- Stop, and leaving


def stop(run_state) -> None:
    """Take this visitor's run out of the line, or stop it after the current batch (never queued)."""
    ticket = (run_state or {}).get("ticket")
    if ticket is not None and space.training_line().withdraw(ticket):
        return  # it was waiting: its generator says so
    run = (run_state or {}).get("run")
    if run is not None:
        run.stop()


def free(run_state) -> None:
    """A visitor left: end their run and its worker, leave the line, let their models go."""
    if isinstance(run_state, dict):
        ticket = run_state.get("ticket")
        if ticket is not None:
            space.training_line().withdraw(ticket)
        run = run_state.get("run")
        if run is not None and not run.finished:
            run.abandon()
        run_state.clear()
