"""What a live run publishes: recent figures, snapshots that count the run, a table row."""

from __future__ import annotations

import pytest

from digits.train.progress import Progress, RunSummary, with_recent


def test_recent_figures_undo_keras_running_means_and_restart_each_epoch():
    a = {"epoch_index": 0, "batch_in_epoch": 10, "loss": 2.0, "accuracy": 0.5}
    b = {"epoch_index": 0, "batch_in_epoch": 20, "loss": 1.5, "accuracy": 0.6}
    c = {"epoch_index": 1, "batch_in_epoch": 5, "loss": 0.4, "accuracy": 0.9}
    with_recent(a, None)
    with_recent(b, a)
    with_recent(c, b)
    assert a["recent_loss"] == 2.0
    assert b["recent_loss"] == pytest.approx(1.0) and b["recent_accuracy"] == pytest.approx(0.7)
    assert c["recent_loss"] == 0.4 and c["recent_accuracy"] == 0.9


def test_a_snapshot_counts_the_run_and_a_summary_reads_like_the_notebooks():
    p = Progress("report", epochs=4, steps_per_epoch=10, batches_done=15)
    assert p.total_batches == 40 and p.fraction == pytest.approx(0.375) and p.epochs_trained == 1.5
    row = RunSummary("report", 37_610, 1.5, 4, 1000, 128, "adam", 0.001, False, 2.0, 0.9, True).row()
    assert row["Epochs"] == "1.5 of 4 (stopped)" and row["Optimizer"] == "adam 0.001"
    assert row["Weights"] == "37,610" and row["Document reported"] == "98.77%"
