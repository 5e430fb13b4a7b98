"""An uploaded .keras model, checked before anyone uses it: size, loads, reads 28x28 digits."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

MAX_MODEL_BYTES = 50 * 2**20  # the shipped model is 2 MB; the largest document network ~30 MB
OUTPUTS = (10, 18)  # ten digits; eighteen with the eight "backwards digit" classes


class ModelUploadError(ValueError):
    """An uploaded model that cannot be used; the message is one plain line."""


def check_model_file(path, max_bytes: int = MAX_MODEL_BYTES):
    """The Keras model in `path` if it reads 28x28x1 images into 10 (or 18) classes; else ModelUploadError."""
    import keras

    path = Path(path)
    if not path.is_file():
        raise ModelUploadError(f"No such file: {path.name}.")
    size = path.stat().st_size
    if size > max_bytes:
        raise ModelUploadError(
            f"{path.name} is too large ({size / 2**20:.1f} MB): at most {max_bytes / 2**20:g} MB for a model."
        )
    if not zipfile.is_zipfile(path):
        raise ModelUploadError(f"{path.name} is not a Keras model (or it was cut off): upload a .keras file.")
    try:
        # safe_mode: a model file may not run code of its own (Lambda layers) when loaded.
        model = keras.models.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:  # cut off, altered, another Keras version, custom layers
        raise ModelUploadError(
            f"{path.name} cannot be loaded as a Keras model ({exc.__class__.__name__}): "
            "it may be damaged or cut off."
        ) from None
    inputs = getattr(model, "input_shape", None)
    outputs = getattr(model, "output_shape", None)
    if not isinstance(inputs, tuple) or tuple(inputs[1:]) != (28, 28, 1):
        raise ModelUploadError(f"{path.name} does not read 28 x 28 grey images (its input is {inputs}).")
    if not isinstance(outputs, tuple) or len(outputs) != 2 or outputs[1] not in OUTPUTS:
        raise ModelUploadError(
            f"{path.name} does not answer with one of ten digits (its output is {outputs})."
        )
    try:
        probs = np.asarray(model(np.zeros((1, 28, 28, 1), np.float32), training=False))
    except Exception as exc:  # weights that do not fit the layers
        raise ModelUploadError(f"{path.name} cannot read a drawing ({exc.__class__.__name__}).") from None
    if not (np.isfinite(probs).all() and probs.min() >= 0 and abs(float(probs.sum()) - 1) < 1e-3):
        raise ModelUploadError(f"{path.name} does not give probabilities: its last layer needs a softmax.")
    return model
