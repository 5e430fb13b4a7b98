"""Pause, resume, step, a new learning rate: buttons steering a live run, and marks on its curves."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from digits.train.progress import Progress
from digits.ui.common import number
from digits.ui.train_views import curve_frames, curve_limits

COLORS = {"training": "#f97316", "validation": "#2563eb"}
MARK_COLORS = {"pause": "#64748b", "resume": "#16a34a", "rate": "#9333ea"}
MARK_NAMES = {"pause": "grey", "resume": "green", "rate": "purple"}  # the colours, as the caption says them
TITLES = {"loss": "Loss (lower is better)", "accuracy": "Accuracy (higher is better)"}
PAUSED = "⏸️ **Paused** after batch {n}: press **Resume**, or **Step** for one batch at a time."


def _run(run_state):
    """The visitor's live run, if it is still going and can be steered."""
    run = (run_state or {}).get("run")
    if run is None or run.finished or getattr(run, "controls", None) is None:
        raise gr.Error("Nothing is training right now: start a training first.")
    return run


def pause(run_state) -> str:
    run = _run(run_state)
    run.controls.pause()
    run.mark("pause", "⏸ paused")
    return PAUSED.format(n=run.progress.batches_done)


def resume(run_state) -> str:
    run = _run(run_state)
    if run.controls.paused:
        run.controls.resume()
        run.mark("resume", "▶ resumed")
    # Said as what happened, not as a state: the line stays after the run is done (issue #30).
    return f"▶️ Resumed after batch {run.progress.batches_done}."


def step(run_state) -> str:
    """While paused, one batch more (pausing first if it was running)."""
    run = _run(run_state)
    if not run.controls.paused:
        run.controls.pause()
        run.mark("pause", "⏸ paused")
    done = run.controls.batches
    run.controls.step()
    return f"👣 One more batch: batch {done + 1}. Press **Step** again, or **Resume**."


def set_rate(rate, run_state) -> str:
    run = _run(run_state)
    rate = number(rate, "Learning rate", 0, 10)
    try:
        run.controls.set_learning_rate(rate)
    except ValueError as exc:
        raise gr.Error(str(exc)) from None
    run.mark("rate", f"rate → {rate:g}")
    return f"🎚️ From the next batch on, the learning rate is **{rate:g}** (the purple line on the curves)."


def build(run_state: gr.State, prefix: str, rate: float = 0.001) -> gr.Markdown:
    """The row of buttons for the run in `run_state`; returns the line where they answer."""
    with gr.Row(equal_height=True):
        pause_button = gr.Button("⏸️ Pause", size="sm", elem_id=f"{prefix}-pause")
        resume_button = gr.Button("▶️ Resume", size="sm", elem_id=f"{prefix}-resume")
        step_button = gr.Button("👣 Step", size="sm", elem_id=f"{prefix}-step")
        new_rate = gr.Number(
            rate, label="New learning rate", minimum=0, elem_id=f"{prefix}-rate", min_width=120
        )
        rate_button = gr.Button("🎚️ Set the rate now", size="sm", elem_id=f"{prefix}-set-rate")
    note = gr.Markdown(elem_id=f"{prefix}-controls-note")
    quick = dict(outputs=note, queue=False, api_name=False)
    pause_button.click(pause, run_state, **quick)
    resume_button.click(resume, run_state, **quick)
    step_button.click(step, run_state, **quick)
    rate_button.click(set_rate, [new_rate, run_state], **quick)
    return note


# ---------------------------------------------------------------- the curves, marked


def marked(frame: pd.DataFrame, events: tuple) -> pd.DataFrame:
    """The curve table plus one vertical line (a series of its own) at each event."""
    if not events or frame.empty:
        return frame
    column = frame.columns[1]
    low, high = min(0.0, frame[column].min()), frame[column].max()
    rows = [
        (e["epoch"], y, f"{i + 1}. {e['text']} (epoch {e['epoch']:.2f})")
        for i, e in enumerate(events)
        for y in (low, high)
    ]
    lines = pd.DataFrame(rows, columns=frame.columns).astype(frame.dtypes.to_dict())
    return pd.concat([frame, lines], ignore_index=True)


def colors(events: tuple) -> dict:
    """The curves' colours, each event's line coloured by its kind."""
    names = {f"{i + 1}. {e['text']} (epoch {e['epoch']:.2f})": e["kind"] for i, e in enumerate(events)}
    return {**COLORS, **{name: MARK_COLORS.get(kind, "#64748b") for name, kind in names.items()}}


def marks_caption(events: tuple) -> str | None:
    """The marked lines named below the chart, where the words wrap: '1. ⏸ paused (epoch 0.22): grey line'."""
    if not events:
        return None
    return "Marked: " + " · ".join(
        f"{i + 1}. {e['text']} (epoch {e['epoch']:.2f}): {MARK_NAMES.get(e['kind'], 'grey')} line"
        for i, e in enumerate(events)
    )


def curve_plots(progress: Progress) -> tuple:
    """Loss and accuracy LinePlot updates for a snapshot, with the teacher's pauses and rates marked."""
    points = list(progress.points)
    lim = curve_limits(points, progress.epochs)  # y follows the data, so the training/validation gap shows
    # No points yet: the chart keeps what it shows (nothing before a first run) until the new run's
    # first point. Not an empty table (a chart first drawn empty never draws its lines), nor None: a
    # chart set back to None loses its element under Gradio's resize watcher, which then threw 2-20
    # "Cannot read properties of null (reading 'offsetWidth')" page errors as a second run started.
    if not points:
        return gr.LinePlot(x_lim=lim["epoch"]), gr.LinePlot(x_lim=lim["epoch"])
    events = getattr(progress, "events", ())
    loss, accuracy = (marked(f, events) for f in curve_frames(points))
    cmap, caption = colors(events), marks_caption(events)
    return (
        gr.LinePlot(value=loss, x_lim=lim["epoch"], y_lim=lim["loss"], color_map=cmap, caption=caption),
        gr.LinePlot(
            value=accuracy, x_lim=lim["epoch"], y_lim=lim["accuracy"], color_map=cmap, caption=caption
        ),
    )


def curve_titles(progress: Progress) -> dict:
    """Title updates naming the latest event; sent after the curves, they make the chart redraw its legend.

    (The chart redraws its legend only when a setting changes, from the curves it holds at that moment.)
    """
    events = getattr(progress, "events", ())
    # Short enough for a phone's 335 px chart (the whole title was cut at both ends): the epoch is in
    # the caption. "Loss · latest: ⏸ paused"; "Loss (lower is better)" again with no event.
    latest = f" · latest: {events[-1]['text']}" if events else ""
    return {
        f"{kind}_plot": gr.LinePlot(title=kind.capitalize() + latest if events else TITLES[kind])
        for kind in ("loss", "accuracy")
    }
