"""The Train tab's own run steered by the control buttons: the pause shows on its curves."""

from __future__ import annotations

from digits.ui import run_controls
from digits.ui import train_run as tab
from digits.ui.common import Session
from tests.ui.test_train import SMALL


def titles(update) -> list[str]:
    shown = tab.Shown(*update)
    return [p.title for p in (shown.loss_plot, shown.accuracy_plot) if getattr(p, "title", None)]


def test_pause_and_resume_on_the_train_tab_mark_its_curves(mnist, keras):
    run_state: dict = {}
    updates = tab.train_model(
        **{**SMALL, "images": 2000, "epochs": 2}, session=Session(), run_state=run_state
    )
    for _ in updates:
        run = run_state.get("run")
        if run is not None and run.progress.batches_done >= 1:
            break
    assert "Paused" in run_controls.pause(run_state)
    assert run.controls.wait_paused(timeout=60)
    held = run.controls.batches
    for update in updates:  # the tab follows the run while it is held
        if any("paused" in t for t in titles(update)):
            break
    assert run.controls.batches == held and not run.finished
    assert "Resumed after batch" in run_controls.resume(run_state)
    rest = list(updates)
    assert any("resumed" in t for u in rest for t in titles(u))
    assert run.result is not None and not run.result.stopped
    assert [e["kind"] for e in run.progress.events] == ["pause", "resume"]
    last = tab.Shown(*rest[-1])
    assert "Test accuracy" in last.status
    curves = {row[2] for row in last.loss_plot.value["data"]}
    assert {"training", "validation"} < curves and any("⏸ paused (epoch" in c for c in curves)
