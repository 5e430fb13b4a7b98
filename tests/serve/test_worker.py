"""A training in a worker process: snapshots, controls and results as in a thread; faults end it cleanly."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import numpy as np
import pytest

from digits.serve.worker import ProcessRun, RemoteControls
from digits.train.fit import TrainConfig

pytestmark = pytest.mark.usefixtures("processes")  # every test here starts a worker process


@pytest.fixture(scope="module")
def small(mnist):
    """A tenth of MNIST: sent to the worker whole, so it trains on exactly these digits."""
    from digits.train.data import Mnist

    return Mnist(
        mnist.x_train[:2000], mnist.y_train[:2000], mnist.x_test[:1000], mnist.y_test[:1000], "small"
    )


def test_a_run_in_a_worker_gives_snapshots_results_and_a_usable_model(small, keras):
    run = ProcessRun(TrainConfig("report", epochs=1, subset=1000), small).start()
    first = next(p for p in run.follow() if p is not None)
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, run._proc.pid) == min(ours + 10, 19)  # drawing comes first
    seen = [first] + [p for p in run.follow() if p is not None]
    assert run.error is None and run.result is not None and not run.result.stopped
    assert seen and seen[-1].batches_done == run.progress.batches_done == 8  # 1,000 images, batch 128
    assert len(run.progress.points) >= 2 and run.progress.points[0]["step"] == 0
    summary = run.summary()
    assert summary.params == 37_610 and summary.images == 1000 and 0.3 < summary.test_accuracy <= 1
    assert run.evaluation().n == 1000  # measured in the worker, on the test digits it was given
    model_file = Path(run._model_path)
    assert model_file.exists()
    answers = np.asarray(run.model(small.x_test[:5], training=False))
    assert answers.shape == (5, 10) and not model_file.exists()  # loaded once, then the file goes
    assert (answers.argmax(1) == run.evaluation().predictions[:5]).all()  # the very model measured


def test_stop_keeps_what_was_learned(small, keras):
    run = ProcessRun(TrainConfig("report", epochs=50, subset=1000), small).start()
    assert run.controls.wait_batches(3, timeout=120)
    run.stop()
    assert run.join(timeout=120) and run.result.stopped
    assert 0 < run.progress.epochs_trained < 50 and run.model is not None


def test_pause_step_and_a_new_rate_reach_the_worker(small):
    controls = RemoteControls(paused=True)
    run = ProcessRun(TrainConfig("report", epochs=50, subset=1000), small, controls=controls).start()
    assert controls.paused and controls.wait_paused(timeout=120)
    before = controls.batches
    controls.step(2)
    assert controls.wait_batches(before + 2, timeout=60) and controls.wait_paused(timeout=60)
    assert controls.batches == before + 2  # held again after exactly two batches
    with pytest.raises(ValueError, match="learning rate"):
        controls.set_learning_rate(-1)
    controls.set_learning_rate(0.01)
    controls.resume()
    assert controls.wait_batches(before + 6, timeout=60) and not controls.paused
    run.stop()
    assert run.join(timeout=120) and run.result.stopped


def test_the_cap_counts_from_the_first_batch_and_keeps_the_run(small):
    run = ProcessRun(TrainConfig("report", epochs=50, subset=1000), small, time_limit=2.0).start()
    assert run.join(timeout=180)
    assert run.timed_out and run.result.stopped and run.progress.batches_done > 0


def test_a_killed_worker_ends_the_run_with_a_plain_error(small):
    run = ProcessRun(TrainConfig("report", epochs=50, subset=1000), small).start()
    assert run.controls.wait_batches(1, timeout=120)
    os.kill(run._proc.pid, signal.SIGKILL)
    assert run.join(timeout=60) and run.result is None
    assert "ended unexpectedly" in str(run.error)
    with pytest.raises(RuntimeError, match="Training failed"):
        _ = run.model


def test_the_worker_stops_when_its_server_goes(small):
    """The parent's end of the pipe closes (a killed server): the worker stops and exits."""
    run = ProcessRun(TrainConfig("report", epochs=50, subset=1000), small).start()
    assert run.controls.wait_batches(1, timeout=120)
    run._proc.stdin.close()
    assert run._proc.wait(timeout=60) == 0
    assert run.join(timeout=60)
