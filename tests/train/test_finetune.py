"""Fine-tuning a copy of a model on the class's drawings, and the before/after report."""

from __future__ import annotations

import numpy as np
import pytest

from digits.train.classset import ClassSet, ClassSetError
from digits.train.controls import TrainingControls
from digits.train.finetune import FinetuneConfig, accuracy, compare, finetune, predict

QUICK = FinetuneConfig(epochs=3, copies=4, mnist=500, batch_size=32, learning_rate=3e-3)


def tiny_model(mnist, outputs=10):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(outputs, activation="softmax")]
    )
    model.compile("adam", "categorical_crossentropy")
    model.fit(
        mnist.x_train[:2000], keras.utils.to_categorical(mnist.y_train[:2000], outputs), epochs=2, verbose=0
    )
    return model


def mirrored_class(mnist, n=160) -> ClassSet:
    """A class whose handwriting MNIST never shows: every digit written mirrored."""
    cs = ClassSet()
    for image, label in zip(mnist.x_test[:n], mnist.y_test[:n], strict=True):
        cs.add(int(label), image[:, ::-1, 0])
    return cs


@pytest.fixture(scope="module")
def tiny(mnist):
    return tiny_model(mnist)


def test_finetuning_teaches_the_class_and_leaves_the_original_alone(mnist, tiny, keras):
    teach, aside = mirrored_class(mnist).split()
    original = [w.copy() for w in tiny.get_weights()]
    controls = TrainingControls()
    result = finetune(tiny, teach, mnist, QUICK, callbacks=[controls.callback()])

    assert all((a == b).all() for a, b in zip(original, tiny.get_weights(), strict=True))
    assert result.samples == 4 * len(teach) + 500
    assert controls.batches == QUICK.epochs * int(np.ceil(result.samples / QUICK.batch_size))
    assert len(result.history["loss"]) == QUICK.epochs

    taught = [accuracy(m, teach.images(), teach.labels()) for m in (tiny, result.model)]
    assert taught[1] > taught[0] + 0.2, taught
    report = compare(tiny, result.model, aside)
    assert report.after_accuracy > report.before_accuracy + 0.1, report.summary()
    assert set(report.now_right).isdisjoint(report.still_wrong)
    assert len(report.now_right) > len(report.now_wrong)
    assert report.summary().startswith(f"Before: {int(round(report.before_accuracy * 40))} of the 40")
    mnist_drop = accuracy(tiny, mnist.x_test[:1000], mnist.y_test[:1000]) - accuracy(
        result.model, mnist.x_test[:1000], mnist.y_test[:1000]
    )
    assert mnist_drop < 0.1  # mixed with MNIST, it still reads ordinary digits


def test_an_eighteen_way_model_fine_tunes_too(mnist, keras):
    model = tiny_model(mnist, outputs=18)
    result = finetune(model, mirrored_class(mnist, 20), mnist, FinetuneConfig(epochs=1, copies=2, mnist=100))
    assert result.model.output_shape == (None, 18)
    assert predict(result.model, mnist.x_test[:5]).shape == (5,)


def test_nothing_to_learn_from(mnist, tiny, keras):
    with pytest.raises(ClassSetError, match="no drawings"):
        finetune(tiny, ClassSet(), mnist, QUICK)
    assert "nothing to compare" in compare(tiny, tiny, ClassSet()).summary()


def test_bad_settings_are_refused(mnist, tiny, keras):
    with pytest.raises(ValueError, match="Epochs must be between 1 and 50"):
        finetune(tiny, mirrored_class(mnist, 4), mnist, FinetuneConfig(epochs=0))
