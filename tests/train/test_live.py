"""LiveRun: points arrive while training, Stop is quick and keeps the model, bad settings say why, a cap."""

from __future__ import annotations

import time

import numpy as np
import pytest

from digits.train import live, progress
from digits.train.data import Mnist
from digits.train.fit import TrainConfig


def test_curve_points_arrive_several_times_per_epoch_and_the_run_is_summarised(mnist, keras):
    dense = progress.LiveSettings(max_overhead=1.0)  # tiny epochs: allow a point every other batch
    run = live.training(TrainConfig("report", epochs=2, subset=2000), mnist, dense).start()
    snapshots = [s for s in run.follow(every=0.1) if s is not None]
    points = list(run.progress.points)
    assert list(snapshots[-1].points) == points and run.finished  # done as soon as the updates end
    first, last = points[0], points[-1]
    assert first["step"] == 0 and first["epoch"] == 0 and first["val_accuracy"] < 0.3  # untrained: guessing
    epochs = [p["epoch"] for p in points]
    assert epochs == sorted(epochs) and epochs[-1] > 1.8
    assert sum(0 < e <= 1 for e in epochs) >= 5, "several points within the first epoch"
    assert last["val_accuracy"] > first["val_accuracy"] + 0.4 and last["recent_loss"] < first["recent_loss"]
    assert set(points[1]) >= {
        "loss",
        "accuracy",
        "val_loss",
        "val_accuracy",
        "recent_loss",
        "recent_accuracy",
    }
    assert run.progress.fraction == 1 and run.progress.seconds_left == 0

    summary = run.summary()
    assert summary.epochs == pytest.approx(2) and summary.planned_epochs == 2 and not summary.stopped
    assert summary.images == 2000 and summary.params == 37_610
    evaluation = run.evaluation()
    assert evaluation.confusion.sum() == 10_000 and summary.test_accuracy == evaluation.accuracy > 0.7
    row = summary.row()
    assert row["Network"] == "report" and row["Epochs"] == "2" and row["Document reported"] == "98.77%"


def test_points_are_several_per_epoch_yet_cheap_and_the_curves_reach_the_last_batch(mnist, keras):
    settings = progress.LiveSettings()
    assert settings.every(469, 128) == 46  # all 60,000 images: ten points per epoch
    assert settings.every(47, 128) == 14  # measuring 500 images stays under a tenth of training
    assert settings.every(8, 128) == 4  # yet at least two points per epoch
    run = live.training(TrainConfig("report", epochs=1, subset=1100), mnist).start()
    run.join(timeout=60)
    points = run.progress.points
    assert [p["step"] for p in points] == [0, 4, 8, 9] and points[-1]["epoch"] == 1.0


def test_stop_ends_the_run_within_a_second_and_keeps_a_usable_model(mnist, keras):
    run = live.training(TrainConfig("report", epochs=50, subset=3000), mnist).start()
    deadline = time.perf_counter() + 60
    while run.progress.batches_done < 5 and time.perf_counter() < deadline:
        time.sleep(0.02)
    asked = time.perf_counter()
    run.stop()
    assert run.join(timeout=10)
    assert time.perf_counter() - asked < 1.0
    assert run.result.stopped and 0 < run.progress.epochs_trained < 50
    probs = np.asarray(run.model(mnist.x_test[:50], training=False))
    assert probs.shape == (50, 10) and np.allclose(probs.sum(1), 1, atol=1e-4)
    summary = run.summary()
    assert summary.stopped and "stopped" in summary.row()["Epochs"]


@pytest.mark.parametrize(
    "config, message",
    [
        (TrainConfig(epochs=0), "Epochs must be a whole number from 1 to 500"),
        (TrainConfig(subset=70_000), "from 100 to 60,000"),
        (TrainConfig(batch_size=0), "Batch size"),
        (TrainConfig(model="nope"), "Unknown model"),
        (TrainConfig(optimizer="magic"), "Unknown optimizer"),
    ],
)
def test_bad_settings_are_refused_in_plain_words(mnist, config, message):
    with pytest.raises(ValueError, match=message):
        live.training(config, mnist)


def test_a_subset_larger_than_the_data_is_refused(mnist):
    small = Mnist(mnist.x_train[:1000], mnist.y_train[:1000], mnist.x_test, mnist.y_test, "small")
    with pytest.raises(ValueError, match="Only 1,000 training images are available, not 2,000"):
        live.training(TrainConfig(subset=2000), small)


def test_a_failed_training_ends_the_run_with_its_error(mnist):
    broken = Mnist(mnist.x_train[:200, :20, :20], mnist.y_train[:200], mnist.x_test, mnist.y_test, "broken")
    run = live.training(TrainConfig(epochs=1), broken).start()
    assert all(s is None or not s.points for s in run.follow(every=0.1))
    assert run.finished and run.result is None and run.error is not None
    with pytest.raises(RuntimeError, match="Training failed"):
        _ = run.model


def test_the_live_callback_measures_its_sample_in_batches(keras):
    from digits.train.callbacks import make_live_callback

    sizes, points = [], []

    class Uniform:
        stop_training = False

        def __call__(self, x, training):
            sizes.append(len(x))
            return np.full((len(x), 10), 0.1, np.float32)

    x, y = np.zeros((250, 28, 28, 1), np.float32), np.zeros(250, int)
    callback = make_live_callback(points.append, x, y, every=1, batch_size=100)
    callback.set_model(Uniform())
    callback.set_params({"steps": 4})
    callback.on_train_batch_end(0, {"loss": 1.0, "accuracy": 0.5})
    assert sizes == [100, 100, 50]
    assert points[0]["val_loss"] == pytest.approx(np.log(10)) and points[0]["epoch"] == 0.25


def test_the_run_is_done_before_its_end_marker_is_queued(mnist, keras):
    run = live.training(TrainConfig("report", epochs=1, subset=200), mnist)
    when_marked, put = [], run.updates.put

    def watching(item, *args, **kwargs):
        if not isinstance(item, progress.Progress):  # the end marker
            when_marked.append((run.finished, run.result is not None))
        put(item, *args, **kwargs)

    run.updates.put = watching
    run.start()
    for _ in run.follow(every=0.1):
        pass
    assert when_marked == [(True, True)]
    assert run.summary().planned_epochs == 1  # never "Training has not finished yet"


def test_two_askers_at_once_share_one_evaluation(mnist, monkeypatch, keras):
    """Use this model right after Stop asks while the run's own summary measures: one evaluation."""
    import threading

    import digits.train.evaluate

    run = live.training(TrainConfig("report", epochs=1, subset=200), mnist).start()
    assert run.join(timeout=300)
    real, calls = digits.train.evaluate.evaluate, []
    both_inside = threading.Barrier(2)

    def evaluate(*args, **kwargs):
        calls.append(threading.current_thread().name)
        try:  # a second evaluation would meet the first one here at once
            both_inside.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass
        return real(*args, **kwargs)

    monkeypatch.setattr(digits.train.evaluate, "evaluate", evaluate)
    results = []
    askers = [threading.Thread(target=lambda: results.append(run.evaluation())) for _ in range(2)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert len(calls) == 1 and len(results) == 2 and results[0] is results[1]


def test_a_capped_runs_scoring_takes_what_fits_in_its_seconds(monkeypatch):
    """Scoring is part of the cap: as many of the first test digits as fit, never fewer than a chunk."""
    clock = [0.0]

    class Model:  # each image costs a millisecond of the clock below
        def __call__(self, x, training):
            clock[0] += 0.001 * len(x)
            return np.full((len(x), 10), 0.1, np.float32)

    monkeypatch.setattr(live.time, "perf_counter", lambda: clock[0])
    x, y = np.zeros((10_000, 28, 28, 1), np.float32), np.arange(10_000) % 10
    assert live.score(Model(), x, y).n == 10_000  # uncapped: all of them
    assert live.score(Model(), x, y, seconds=2.0).n == 1_500  # 0.5 s to learn the pace, 1.5 s to score
    assert live.score(Model(), x, y, seconds=0.1).n == live.SCORING_CHUNK
    assert live.score(Model(), x[:300], y[:300], seconds=0.1).n == 300


def test_a_plan_counts_what_the_progress_shows_and_only_a_training_has_a_row(mnist):
    fit, plan = live.training_plan(TrainConfig("report", epochs=3, subset=1000), len(mnist.x_train))
    assert (plan.name, plan.epochs, plan.samples, plan.steps) == ("report", 3, 1000, 8)
    run = live.LiveRun(fit, progress.Plan("class", 1, 64, 130), mnist)
    assert (run.progress.model, run.progress.steps_per_epoch, run.images) == ("class", 3, 130)
    with pytest.raises(RuntimeError, match="Only a training run"):
        live.summarize(run)
