"""TrainConfig's defaults and checks, and short real training runs."""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np
import pytest

from digits.train import models
from digits.train.callbacks import make_stop_callback
from digits.train.evaluate import evaluate
from digits.train.fit import TrainConfig, train


def test_short_training_lowers_the_loss(quick_model, mnist):
    import keras

    keras.utils.set_random_seed(0)
    untrained = evaluate(models.build("report"), mnist.x_test[:2000], mnist.y_test[:2000])
    trained = evaluate(quick_model, mnist.x_test[:2000], mnist.y_test[:2000])
    assert untrained.loss > 2.0  # about log(10): guessing
    assert trained.loss < 0.7 * untrained.loss and trained.accuracy > 0.6


def test_history_and_cosine_schedule(mnist, keras):
    result = train(
        TrainConfig("report", epochs=2, subset=1000, schedule="cosine"), data=mnist, validation=500
    )
    loss = result.history["loss"]
    assert len(loss) == 2 and loss[1] < loss[0] and len(result.history["val_loss"]) == 2
    assert result.epochs_done == 2 and not result.stopped and result.samples_per_second > 0
    # Cosine decay ends at 1% of the starting rate.
    assert float(result.model.optimizer.learning_rate) == pytest.approx(0.001 * 0.01, rel=0.05)


def test_stop_request_ends_the_run_early(mnist, keras):
    event = threading.Event()
    event.set()
    result = train(
        TrainConfig("report", epochs=3, subset=1000),
        data=mnist,
        callbacks=[make_stop_callback(event)],
        validation=0,
    )
    assert result.stopped and result.epochs_done == 1


def test_augmented_training_runs(mnist, keras):
    result = train(TrainConfig("report", epochs=1, subset=100, augment=True), data=mnist, validation=0)
    assert result.epochs_done == 1 and np.isfinite(result.history["loss"][0])
    assert "val_loss" not in result.history


def test_defaults_come_from_the_document():
    cfg = TrainConfig("a1").resolved()
    assert (cfg.optimizer, cfg.learning_rate, cfg.epochs, cfg.batch_size) == ("rmsprop", 0.001, 10, 128)
    assert TrainConfig("b2", epochs=3).resolved().epochs == 3
    assert TrainConfig("a2").resolved().learning_rate is None  # Adagrad's own default rate
    assert TrainConfig("report", optimizer="SGD").resolved().optimizer == "sgd"


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"epochs": 0}, "Epochs must be"),
        ({"batch_size": 5000}, "Batch size must be"),
        ({"subset": 50}, "Training images must be"),
        ({"learning_rate": 0.0}, "learning rate must be"),
        ({"optimizer": "lbfgs"}, "Unknown optimizer"),
        ({"schedule": "linear"}, "Unknown schedule"),
        ({"flag_ones": 1.5}, "share of flagged 1s"),
        ({"keep_start": 1.0, "init": "start.keras"}, "starting weights kept"),
        ({"keep_start": 0.5}, "needs a model to start from"),
        ({"model": "lenet"}, "Unknown model"),
    ],
)
def test_settings_that_cannot_train_are_refused(settings, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**settings).resolved()


def test_cache_key_names_the_run():
    assert TrainConfig("report").key() == TrainConfig("report", epochs=5, batch_size=128).key()
    assert TrainConfig("report").key() != TrainConfig("report", seed=1).key()
    assert TrainConfig("report").key() != TrainConfig("a1").key()
    # Where the pen data lives does not change what is trained.
    assert TrainConfig(pen_data="/a/pen.npz").key() == TrainConfig(pen_data="../b/pen.npz").key()
    # How often pen drawings come counts only with pen data, and the default keeps older runs' names.
    assert TrainConfig(pen_repeat=5).key() == TrainConfig().key()
    pen = TrainConfig(pen_data="pen.npz")
    assert (
        pen.key() == TrainConfig(pen_data="pen.npz", pen_repeat=2).key() != replace(pen, pen_repeat=5).key()
    )
    assert replace(pen, flag_ones=0.0).key() == pen.key() != replace(pen, flag_ones=0.5).key()
    warm = replace(pen, init="start.keras")
    assert replace(warm, keep_start=0.0).key() == warm.key() != replace(warm, keep_start=0.5).key()


def test_recorded_reproductions_keep_their_keys():
    """reproduce.py --all skips a finished network only if its config still has the recorded key."""
    from digits.train import reproduced

    for name, entry in reproduced.load().items():
        assert TrainConfig(name, seed=0).resolved().key() == entry["key"], name


def test_seeded_runs_are_reproducible(mnist, keras):
    """The same seed gives the same start, data order and (up to float summation order) result."""
    from digits.train.fit import TrainConfig, train

    def weights(seed):
        return train(TrainConfig("report", epochs=1, subset=1000, seed=seed), data=mnist, validation=0).model

    a, b, c = weights(3), weights(3), weights(4)
    x = mnist.x_test[:200]
    pa, pb, pc = (np.asarray(m(x, training=False)) for m in (a, b, c))
    np.testing.assert_allclose(pa, pb, atol=2e-3)  # oneDNN's threaded sums may differ in the last bits
    assert np.abs(pa - pc).max() > 2e-2  # another seed is really another run


def test_speed_counts_every_image_of_an_epoch(mnist, keras):
    """Pen drawings are part of an epoch too (each training writer's digit twice)."""
    from digits.train.fit import TrainConfig, _pen_training_set, train
    from tests.conftest import PEN

    cfg = TrainConfig("report", epochs=1, subset=500, pen_data=str(PEN))
    result = train(cfg, data=mnist, validation=0)
    assert result.samples_per_epoch == 500 + 2 * len(_pen_training_set(str(PEN))[1])
    assert result.samples_per_second == result.samples_per_epoch / result.seconds


def test_pen_repeat_sets_how_often_each_pen_drawing_comes_per_epoch(mnist, keras):
    from digits.train.fit import _sketch_dataset

    pen = ([[np.array([[0.0, 0.0], [0.0, 1.0]])]] * 5, np.ones(5, np.int64))
    sizes = [
        len(_sketch_dataset(mnist.x_train[:8], mnist.y_train[:8], pen, TrainConfig(pen_repeat=k)).order)
        for k in (1, 2, 4)
    ]
    assert sizes == [8 + 5, 8 + 10, 8 + 20]
    with pytest.raises(ValueError, match="Pen repeats must be"):
        TrainConfig(pen_repeat=0).resolved()


@pytest.mark.filterwarnings("ignore:invalid value encountered in cast")  # the unrenderable stroke's
def test_a_batch_whose_pen_drawings_all_fail_to_render_still_trains(mnist, keras):
    from digits.train.augment import render_pen
    from digits.train.fit import _sketch_dataset

    unrenderable = [np.array([[0.0, 0.0], [1e9, 0.0]])]  # too long to draw on any canvas
    assert render_pen(unrenderable, np.random.default_rng(0)) is None
    pen = ([unrenderable] * 4, np.arange(4))
    cfg = TrainConfig("report", batch_size=2, augment=True).resolved()
    batches = _sketch_dataset(mnist.x_train[:4], mnist.y_train[:4], pen, cfg)
    for _ in range(5):  # several shuffles: some batches hold only pen drawings
        for i in range(len(batches)):
            x, y = batches[i]
            assert len(x) == len(y) > 0 and x.shape[1:] == (28, 28, 1) and y.shape[1:] == (10,)
        batches.on_epoch_end()


def test_long_flag_gives_an_upright_1_a_long_flat_flag_and_leaves_a_leaning_one():
    from digits.train.augment import long_flag

    rng = np.random.default_rng(0)
    plain = [np.array([[5.0, 0.0], [5.0, 5.0], [5.0, 10.0]])]  # drawn downwards, y grows down
    for _ in range(20):
        (stroke,) = long_flag(plain, rng)
        flag_end, top = stroke[0], np.array([5.0, 0.0])
        assert 2.5 <= np.hypot(*(top - flag_end)) <= 4.5 + 1e-9  # 25-45% of the height
        assert (
            flag_end[0] < 5.0 and 0 <= flag_end[1] <= np.hypot(*(top - flag_end)) * np.sin(np.pi / 4) + 1e-9
        )
        assert np.array_equal(stroke[-3:], plain[0])  # the stem is kept as drawn
    leaning = [np.array([[5.0, 0.0], [2.0, 10.0]])]  # "/": with a flat flag it would be a 7
    upwards = [np.array([[5.0, 10.0], [5.0, 0.0]])]
    assert long_flag(leaning, rng) is leaning and long_flag(upwards, rng) is upwards


def test_flag_ones_redraws_only_pen_1s(mnist, keras):
    from digits.train.fit import _sketch_dataset

    stroke = [np.array([[0.0, 0.0], [0.0, 1.0]])]
    pen = ([stroke] * 4, np.array([1, 1, 7, 7]))
    batches = _sketch_dataset(mnist.x_train[:1], mnist.y_train[:1], pen, TrainConfig(flag_ones=1.0))
    rng = np.random.default_rng(0)
    assert [len(batches.strokes(j, rng)[0]) for j in range(4)] == [10, 10, 2, 2]  # 8 flag points + stem
    batches = _sketch_dataset(mnist.x_train[:1], mnist.y_train[:1], pen, TrainConfig())
    assert all(batches.strokes(j, rng) is stroke for j in range(4))


@pytest.fixture
def start(quick_model, tmp_path):
    """The quick model as a .keras file to start from."""
    path = tmp_path / "start.keras"
    quick_model.save(path)
    return path


def test_keep_start_mixes_the_starting_weights_back_in(quick_model, start):
    """(1 - keep) * trained + keep * start, for every weight, batch norm statistics included."""
    from digits.train.fit import keep_part_of_start

    trained = models.build("report")  # stands for a fine-tuned copy: any other weights will do
    before = trained.get_weights()
    keep_part_of_start(trained, TrainConfig("report", init=str(start), keep_start=0.25))
    for mixed, w, s in zip(trained.get_weights(), before, quick_model.get_weights(), strict=True):
        np.testing.assert_allclose(mixed, 0.75 * w + 0.25 * s, rtol=1e-5, atol=1e-6)


def test_training_with_keep_start_ends_between_the_start_and_the_plain_run(quick_model, mnist, start):
    cfg = TrainConfig("report", epochs=1, subset=500, init=str(start), seed=5)
    plain = train(cfg, data=mnist, validation=0).model.get_weights()
    mixed = train(replace(cfg, keep_start=0.5), data=mnist, validation=0).model.get_weights()
    first = quick_model.get_weights()

    def distance(a, b):
        return np.linalg.norm(np.concatenate([(x - y).ravel() for x, y in zip(a, b, strict=True)]))

    moved, half = distance(plain, first), distance(mixed, first)
    assert moved > 0 and half / moved == pytest.approx(0.5, abs=0.05)
