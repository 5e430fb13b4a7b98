"""An uploaded .keras model, checked before anyone uses it: size, loads, reads 28x28 digits."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from digits.limits import MODEL_BYTES, short
from digits.read.modelfile import archive_problem, load_problem

MAX_MODEL_BYTES = MODEL_BYTES
OUTPUTS = (10, 18)  # ten digits; eighteen with the eight "backwards digit" classes


class ModelUploadError(ValueError):
    """An uploaded model that cannot be used; the message is one plain line."""


def check_model_file(path, max_bytes: int = MAX_MODEL_BYTES):
    """The Keras model in `path` if it reads 28x28x1 images into 10 (or 18) classes; else ModelUploadError."""
    import keras

    path = Path(path)
    name = short(path.name)
    if not path.is_file():
        raise ModelUploadError(f"No such file: {name}.")
    size = path.stat().st_size
    if size > max_bytes:
        raise ModelUploadError(
            f"{name} is too large ({size / 2**20:.1f} MB): at most {max_bytes / 2**20:g} MB for a model."
        )
    if not zipfile.is_zipfile(path):
        raise ModelUploadError(f"{name} is not a Keras model (or it was cut off): upload a .keras file.")
    # Member sizes from the zip's directory, before Keras unpacks anything: a 1 MB upload whose
    # config.json unpacks to 1 GiB took 16.5 s and 2.07 GB before Keras gave up on it.
    if problem := archive_problem(path, max_bytes):
        raise ModelUploadError(f"{name} cannot be used: {problem}.")
    try:
        # safe_mode: a model file may not run code of its own (Lambda layers) when loaded.
        model = keras.models.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:  # cut off, altered, another Keras version, custom layers
        raise ModelUploadError(f"{name} cannot be loaded as a Keras model: {load_problem(exc)}.") from None
    inputs = getattr(model, "input_shape", None)
    outputs = getattr(model, "output_shape", None)
    if not isinstance(inputs, tuple) or tuple(inputs[1:]) != (28, 28, 1):
        raise ModelUploadError(f"{name} does not read 28 x 28 grey images (its input is {inputs}).")
    if not isinstance(outputs, tuple) or len(outputs) != 2 or outputs[1] not in OUTPUTS:
        raise ModelUploadError(f"{name} does not answer with one of ten digits (its output is {outputs}).")
    try:
        probs = np.asarray(model(np.zeros((1, 28, 28, 1), np.float32), training=False))
    except Exception as exc:  # weights that do not fit the layers
        raise ModelUploadError(f"{name} cannot read a drawing ({exc.__class__.__name__}).") from None
    if not np.isfinite(probs).all():  # NaN weights: a softmax would not help
        raise ModelUploadError(f"{name} answers with NaN or infinite numbers: its weights are damaged.")
    if probs.min() < 0 or abs(float(probs.sum()) - 1) >= 1e-3:
        raise ModelUploadError(f"{name} does not give probabilities: its last layer needs a softmax.")
    return model
