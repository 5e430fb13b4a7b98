"""A trained model measured on labelled images: accuracy, loss, confusion, right and wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

EPSILON = 1e-7  # Keras clips probabilities the same way before taking the log


@dataclass
class Evaluation:
    """How a model did on a labelled set; `confusion` rows are the truth, columns the answer."""

    accuracy: float
    loss: float  # categorical cross-entropy of the softmax outputs, whatever the training loss
    per_class: np.ndarray  # (10,) accuracy on each true digit; nan where a digit is absent
    confusion: np.ndarray  # (10, 10) counts
    predictions: np.ndarray  # (N,) the model's answers
    right: np.ndarray  # indices of the images read correctly
    wrong: np.ndarray  # indices of the images read wrongly

    @property
    def n(self) -> int:
        return len(self.predictions)

    def table(self) -> str:
        """The confusion matrix as text, with each digit's accuracy and the best and worst read."""
        lines = [
            "Confusion matrix (rows: the true digit, columns: the model's answer)",
            "     " + "".join(f"{d:>6}" for d in range(10)) + "   right",
        ]
        for d, (row, a) in enumerate(zip(self.confusion, self.per_class, strict=True)):
            right = "absent" if np.isnan(a) else f"{a:6.1%}"
            lines.append(f"  {d}  " + "".join(f"{v:>6}" for v in row) + f"   {right:>6}")
        present = [int(d) for d in np.argsort(self.per_class) if not np.isnan(self.per_class[d])]
        # A digit absent from the test set is neither the best nor the worst read.
        ranked = f"Best read: {present[-1]}; worst read: {present[0]}; " if present else ""
        lines.append(f"{ranked}{len(self.wrong):,} images read wrongly.")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """Plain numbers and lists (absent digits as None), ready for json.dumps."""
        return {
            "n": self.n,
            "accuracy": float(self.accuracy),
            "loss": float(self.loss),
            "per_class": [None if np.isnan(a) else float(a) for a in self.per_class],
            "confusion": self.confusion.astype(int).tolist(),
            "n_right": len(self.right),
            "wrong": self.wrong.astype(int).tolist(),
        }


def probabilities(
    model, x: np.ndarray, batch_size: int = 1000, progress: Callable | None = None
) -> np.ndarray:
    """The model's (N, 10) digit probabilities, computed batch by batch in inference mode."""
    # model.predict builds a data pipeline per call; a direct call is faster and enough here.
    out = []
    for start in range(0, len(x), batch_size):
        out.append(np.asarray(model(x[start : start + batch_size], training=False), np.float64))
        if progress:
            progress(min(start + batch_size, len(x)) / len(x))
    if not out:
        return np.zeros((0, 10))
    from digits.read.mirror import fold

    return fold(np.concatenate(out))[0].astype(np.float64)  # which digit, for mirror-aware models too


def measure(probs: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Cross-entropy and accuracy of (N, 10) outputs against digit labels; nan for no images."""
    y = np.asarray(y).astype(np.int64).ravel()
    if not len(y):
        return np.nan, np.nan
    loss = -np.mean(np.log(np.clip(probs[np.arange(len(y)), y], EPSILON, 1.0)))
    return float(loss), float(np.mean(probs.argmax(axis=1) == y))


def evaluate(
    model, x: np.ndarray, y: np.ndarray, batch_size: int = 1000, progress: Callable | None = None
) -> Evaluation:
    """Run `model` on images `x` with labels `y` (digits, not one-hot) and measure it."""
    y = np.asarray(y).astype(np.int64).ravel()
    probs = probabilities(model, np.asarray(x, np.float32), batch_size, progress)
    predictions = probs.argmax(axis=1)
    loss, accuracy = measure(probs, y)
    confusion = np.zeros((10, 10), np.int64)
    np.add.at(confusion, (y, predictions), 1)
    totals = confusion.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_class = np.where(totals > 0, np.diag(confusion) / totals, np.nan)
    correct = predictions == y
    return Evaluation(
        accuracy=accuracy,
        loss=loss,
        per_class=per_class,
        confusion=confusion,
        predictions=predictions,
        right=np.flatnonzero(correct),
        wrong=np.flatnonzero(~correct),
    )
