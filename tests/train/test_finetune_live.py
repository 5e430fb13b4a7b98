"""Live runs steered by TrainingControls: training on MNIST and fine-tuning on the class's drawings."""

from __future__ import annotations

import numpy as np

from digits.train.controls import TrainingControls
from digits.train.finetune import FinetuneConfig
from digits.train.finetune_live import finetuning
from digits.train.fit import TrainConfig
from digits.train.live import training
from tests.train.test_finetune import mirrored_class, tiny_model

QUICK = FinetuneConfig(epochs=2, copies=3, mnist=300, batch_size=32, learning_rate=3e-3)


def test_a_live_run_pauses_steps_takes_a_new_rate_and_stops_while_paused(mnist, keras):
    controls = TrainingControls(paused=True)
    run = training(TrainConfig(epochs=2, subset=2000, batch_size=64), mnist, controls=controls).start()
    assert controls.wait_paused(timeout=120)
    assert controls.batches == 0
    controls.set_learning_rate(0.01)
    run.mark("rate", "learning rate 0.01")
    controls.step()
    assert controls.wait_batches(1, timeout=60) and controls.wait_paused(timeout=60)
    assert controls.batches == 1
    run.stop()  # while paused: the stop event alone would never be reached
    assert run.join(timeout=60)
    assert run.result is not None and run.result.stopped
    assert controls.batches <= 2
    assert [e["kind"] for e in run.progress.events] == ["rate"]
    assert not controls.rate_fixed
    assert float(np.asarray(run.result.model.optimizer.learning_rate)) == np.float32(0.01)


def test_a_finetune_run_streams_curves_and_never_touches_the_original(mnist, keras):
    model = tiny_model(mnist)
    weights = [w.copy() for w in model.get_weights()]
    teach, _ = mirrored_class(mnist, 40).split()
    controls = TrainingControls()
    run = finetuning(model, teach, mnist, QUICK, name="tiny", controls=controls).start()
    controls.pause()
    assert controls.wait_paused(timeout=120)
    run.mark("pause", "paused")
    held = controls.batches
    controls.resume()
    run.mark("resume", "resumed")
    snapshots = list(run.follow(every=0.05))
    assert run.result is not None and not run.result.stopped
    assert controls.batches > held
    p = run.progress
    assert p.batches_done == p.total_batches == 2 * int(np.ceil((30 * 3 + 300) / 32))
    assert len(p.points) >= 4 and p.points[-1]["step"] == p.batches_done
    assert [e["kind"] for e in p.events] == ["pause", "resume"]
    assert any(s is not None for s in snapshots)
    assert run.model is not model
    assert all(np.array_equal(a, b) for a, b in zip(weights, model.get_weights(), strict=True))
