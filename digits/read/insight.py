"""Looking inside a digit network: its first filters, what they find, and the pixels that mattered."""

from __future__ import annotations

import numpy as np


def _batch(image28: np.ndarray) -> np.ndarray:
    x = np.asarray(image28, np.float32)
    if x.size != 28 * 28:
        raise ValueError(f"Expected a 28x28 image, got shape {x.shape}.")
    return x.reshape(1, 28, 28, 1)


def _is_softmax(activation) -> bool:
    return getattr(activation, "__name__", "") == "softmax"


def _class_scores(model, x):
    """The scores the network gives each class before softmax turns them into probabilities."""
    import keras

    last = model.layers[-1]
    # Gradients of a probability near 1 vanish, and those of its log cancel out: the raw class
    # score (the logit) is what saliency maps are defined on, so undo the final softmax.
    if isinstance(last, keras.layers.Softmax) or (
        isinstance(last, keras.layers.Activation) and _is_softmax(last.activation)
    ):
        return keras.Model(model.inputs[0], last.input)(x, training=False)
    if isinstance(last, keras.layers.Dense) and _is_softmax(last.activation):
        hidden = keras.Model(model.inputs[0], last.input)(x, training=False)
        logits = keras.ops.matmul(hidden, last.kernel)
        return logits + last.bias if last.use_bias else logits
    return model(x, training=False)  # already scores (no softmax at the end)


def saliency(model, image28: np.ndarray, digit: int) -> np.ndarray:
    """How much each input pixel moves the score of `digit`: |d score / d pixel|, scaled to [0, 1]."""
    import tensorflow as tf  # deferred: heavy

    x = tf.convert_to_tensor(_batch(image28))
    with tf.GradientTape() as tape:
        tape.watch(x)
        score = _class_scores(model, x)[0, int(digit)]
    grad = np.abs(tape.gradient(score, x).numpy()[0, :, :, 0])
    peak = float(grad.max())
    return (grad / peak if peak > 0 else grad).astype(np.float32)


def first_conv(model):
    """The model's first convolution layer; a ValueError if it has none."""
    import keras

    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D) or "conv" in layer.name.lower():
            return layer
    raise ValueError(f"The model {model.name!r} has no convolution layer to look inside.")


def first_layer(model, image28: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first convolution's filters (k, h, w) and its maps for the image (k, H, W)."""
    import keras

    conv = first_conv(model)
    kernel = keras.ops.convert_to_numpy(conv.kernel)  # (h, w, channels in, k)
    filters = np.transpose(kernel.mean(axis=2), (2, 0, 1))
    maps = keras.Model(model.inputs[0], conv.output)(_batch(image28), training=False)
    maps = np.transpose(keras.ops.convert_to_numpy(maps)[0], (2, 0, 1))
    return filters.astype(np.float32), maps.astype(np.float32)
