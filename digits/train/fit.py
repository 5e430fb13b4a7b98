"""Training any named architecture on MNIST (and optionally pen drawings), seeded."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from digits.train import models
from digits.train.data import Mnist, load_mnist

MAX_TRAIN = 60_000
WHOLE = {  # settings that count something, with their labels and bounds
    "epochs": ("Epochs", 1, 500),
    "batch_size": ("Batch size", 1, 4096),
    "subset": ("Training images", 100, MAX_TRAIN),
    "pen_repeat": ("Pen repeats", 1, 20),
}


@dataclass(frozen=True)
class TrainConfig:
    """What to train and how; None means the architecture's documented default."""

    model: str = models.REPORT_MODEL
    epochs: int | None = None
    batch_size: int | None = None
    optimizer: str | None = None
    learning_rate: float | None = None
    subset: int | None = None  # training images; None: all 60,000
    augment: bool = False  # sketch-like distortions, re-framed by the app's preprocessing
    pen_data: str | None = None  # pen_digits .npz; its held-out writers are never trained on
    pen_repeat: int = 2  # each pen drawing is drawn afresh this many times per epoch
    flag_ones: float = 0.0  # share of pen 1s redrawn with a long flag (augment.long_flag)
    schedule: str = "constant"  # or "cosine": the learning rate decays to 1% by the last epoch
    seed: int = 0
    init: str | None = None  # a .keras file to start from (warm start) instead of random weights
    keep_start: float = 0.0  # share of the starting weights mixed back after training (needs init)

    def resolved(self) -> TrainConfig:
        """This config with every default filled in from the architecture, and checked."""
        arch = models.get(self.model)
        cfg = replace(
            self,
            epochs=arch.epochs if self.epochs is None else self.epochs,
            batch_size=arch.batch_size if self.batch_size is None else self.batch_size,
            optimizer=(self.optimizer or arch.optimizer).lower(),
            learning_rate=arch.learning_rate if self.learning_rate is None else float(self.learning_rate),
        )
        cfg.check()  # before making whole numbers of them: 2.5 epochs is refused, not rounded
        whole = {k: int(getattr(cfg, k)) for k in WHOLE if getattr(cfg, k) is not None}
        return replace(cfg, **whole)

    def check(self) -> None:
        """A ValueError with a plain message for settings that cannot train: the one place for bounds."""
        for field_name, (label, low, high) in WHOLE.items():
            value = getattr(self, field_name)
            if value is not None and (value != int(value) or not low <= value <= high):
                raise ValueError(f"{label} must be a whole number from {low:,} to {high:,}, not {value:g}.")
        if self.learning_rate is not None and not (0 < self.learning_rate <= 10):
            raise ValueError(f"The learning rate must be above 0 and at most 10, not {self.learning_rate}.")
        if self.optimizer is not None and self.optimizer not in OPTIMIZERS:
            raise ValueError(f"Unknown optimizer {self.optimizer!r}; choose one of: {', '.join(OPTIMIZERS)}.")
        if not 0 <= self.flag_ones <= 1:
            raise ValueError(f"The share of flagged 1s must be from 0 to 1, not {self.flag_ones}.")
        if not 0 <= self.keep_start < 1:
            raise ValueError(
                f"The share of starting weights kept must be from 0 to below 1, not {self.keep_start}."
            )
        if self.keep_start and not self.init:
            raise ValueError("Keeping part of the starting weights needs a model to start from (--init).")
        if self.schedule not in ("constant", "cosine"):
            raise ValueError(f"Unknown schedule {self.schedule!r}: use constant or cosine.")

    def key(self) -> str:
        """A short hash naming this exact training run in the cache."""
        cfg = asdict(self.resolved())
        cfg["pen_data"] = Path(cfg["pen_data"]).name if cfg["pen_data"] else None
        cfg["init"] = Path(cfg["init"]).name if cfg["init"] else None
        # Options added later are left out at their defaults: earlier runs keep their names.
        if cfg["init"] is None:
            del cfg["init"]
        if not cfg["pen_data"] or cfg["pen_repeat"] == TrainConfig.pen_repeat:
            del cfg["pen_repeat"]
        if not cfg["pen_data"] or not cfg["flag_ones"]:
            del cfg["flag_ones"]
        if not cfg["keep_start"]:
            del cfg["keep_start"]
        return hashlib.sha256(json.dumps(cfg, sort_keys=True).encode()).hexdigest()[:12]


OPTIMIZERS = ("adam", "rmsprop", "sgd", "adagrad", "adadelta", "adamax", "nadam")


@dataclass
class TrainResult:
    """A trained model with its history and what it cost."""

    model: object
    config: TrainConfig
    history: dict = field(default_factory=dict)
    seconds: float = 0.0
    epochs_done: int = 0
    stopped: bool = False  # ended early by a stop request
    samples_per_epoch: int = 0  # images in one epoch: MNIST, plus pen drawings when used

    @property
    def samples_per_second(self) -> float:
        return self.samples_per_epoch * self.epochs_done / self.seconds if self.seconds else 0.0


def compile_model(model, cfg: TrainConfig, steps_per_epoch: int, optimizer_settings: dict | None = None):
    """Compile with the config's optimizer, learning rate (and schedule) and its document's loss.

    `optimizer_settings`: more arguments for the optimizer, over the config's (e.g. an old default).
    """
    import keras

    rate = cfg.learning_rate
    if rate is not None and cfg.schedule == "cosine":
        rate = keras.optimizers.schedules.CosineDecay(rate, cfg.epochs * steps_per_epoch, alpha=0.01)
    settings = ({} if rate is None else {"learning_rate": rate}) | (optimizer_settings or {})
    optimizer = keras.optimizers.get(cfg.optimizer).__class__(**settings)
    model.compile(optimizer=optimizer, loss=models.get(cfg.model).loss, metrics=["accuracy"])
    return model


def _sketch_dataset(x, y, pen, cfg: TrainConfig, outputs: int = 10):
    """A Keras PyDataset that distorts MNIST and re-draws pen digits afresh every epoch.

    With more than 10 outputs (a mirror-aware model), a share of the digits is also flipped
    left-right and taught as "that digit, written backwards".
    """
    import keras

    from digits.read.mirror import flip_some, uniform_target
    from digits.train.augment import DEFAULT as DEFAULT_AUGMENTATION
    from digits.train.augment import augmented_batch, junk, long_flag, render_pen

    class Sketches(keras.utils.PyDataset):
        def __init__(self):
            super().__init__(workers=1, use_multiprocessing=False)
            self.rng = np.random.default_rng(cfg.seed)
            self.n_pen = 0 if pen is None else len(pen[1])
            self.on_epoch_end()

        def on_epoch_end(self):
            self.order = self.rng.permutation(len(x) + cfg.pen_repeat * self.n_pen)

        def strokes(self, j, rng):
            flag = cfg.flag_ones and pen[1][j] == 1 and rng.random() < cfg.flag_ones
            return long_flag(pen[0][j], rng) if flag else pen[0][j]

        def __len__(self):
            return int(np.ceil(len(self.order) / cfg.batch_size))

        def __getitem__(self, i):
            idx = self.order[i * cfg.batch_size : (i + 1) * cfg.batch_size]
            rng = np.random.default_rng((cfg.seed, i, int(self.order[0])))
            mn = idx[idx < len(x)]
            images = [augmented_batch(x[mn], rng)] if len(mn) else []
            labels = [y[mn]]
            pi = (idx[idx >= len(x)] - len(x)) % max(self.n_pen, 1)
            drawn = [render_pen(self.strokes(j, rng), rng) for j in pi]
            keep = [k for k, d in enumerate(drawn) if d is not None]
            if keep:  # a drawing that cannot be rendered is left out, and may be all of them
                images.append(np.stack([drawn[k] for k in keep])[..., None].astype(np.float32))
                labels.append(pen[1][pi[keep]])
            if not images:  # Keras cannot learn from an empty batch: one MNIST digit stands in
                mn = rng.integers(len(x), size=1)
                images, labels = [augmented_batch(x[mn], rng)], [y[mn]]
            labels = np.concatenate(labels)
            if outputs > 10:
                digits, labels = flip_some(np.concatenate(images), labels, rng, DEFAULT_AUGMENTATION.mirror)
                images = [digits]
            targets = [keras.utils.to_categorical(labels, outputs)]
            n_junk = int(rng.binomial(len(idx), DEFAULT_AUGMENTATION.junk))
            if n_junk:
                images.append(
                    np.stack([junk(x, y, rng) for _ in range(n_junk)])[..., None].astype(np.float32)
                )
                targets.append(np.tile(uniform_target(outputs), (n_junk, 1)))
            return np.concatenate(images), np.concatenate(targets)

    return Sketches()


def warm_start(model, path: str) -> None:
    """Copy every layer's weights from the model at `path`; new output columns start as their digit's.

    A backwards class starts as a copy of its digit with both logits lowered by log 2, so the
    warm-started model reads exactly as the old one did (each digit's two classes share its share).
    """
    from digits.read.mirror import digit_of
    from digits.read.modelfile import load_model

    old = load_model(path)
    different = ValueError(f"{Path(path).name} has a different architecture; it cannot start this model.")
    if len(old.layers) != len(model.layers):
        raise different
    for new_layer, old_layer in zip(model.layers, old.layers, strict=True):
        weights = old_layer.get_weights()
        shapes = [w.shape for w in new_layer.get_weights()]
        if [w.shape for w in weights] != shapes:
            if not weights or weights[0].shape[:-1] != shapes[0][:-1]:
                raise different
            columns = digit_of(np.arange(shapes[0][-1]))
            twice = np.bincount(columns, minlength=10)[columns] > 1
            weights = [w[..., columns] for w in weights]
            weights[-1] = weights[-1] - np.log(2.0) * twice  # the bias: two classes share one digit
        new_layer.set_weights(weights)


def _pen_training_set(path: str):
    from digits.train.data import load_pen_digits, writer_split

    pen = load_pen_digits(path)
    held = writer_split(pen.writers)
    keep = np.flatnonzero(~held)
    return [pen.strokes[i] for i in keep], pen.labels[keep]


def keep_part_of_start(model, cfg: TrainConfig) -> None:
    """Mix the starting weights back in: (1 - keep) * trained + keep * start, layer by layer.

    Averaging a fine-tuned network with the one it started from (weight-space ensembling, as in
    WiSE-FT, Wortsman et al. 2022) keeps most of what the fine-tuning taught and undoes most of
    what it cost: here, flagged 1s learned without losing MNIST's short-barred 7s.
    """
    start = models.build(cfg.model)
    warm_start(start, cfg.init)  # rebuilt from the file, so a resumed run mixes in the same start
    k = cfg.keep_start
    model.set_weights(
        [(1 - k) * w + k * s for w, s in zip(model.get_weights(), start.get_weights(), strict=True)]
    )


def train(
    config: TrainConfig,
    data: Mnist | None = None,
    callbacks=(),
    verbose: int = 0,
    validation: int | None = None,
    resume=None,
    initial_epoch: int = 0,
) -> TrainResult:
    """Train config's architecture; progress goes to the Keras `callbacks` only.

    `resume`: a compiled model (with its optimizer state) to go on training from `initial_epoch`.
    """
    import keras

    cfg = config.resolved()
    data = (data or load_mnist()).subset(cfg.subset, cfg.seed)
    keras.utils.set_random_seed(cfg.seed)
    model = models.build(cfg.model) if resume is None else resume
    if cfg.init and resume is None:
        warm_start(model, cfg.init)
    outputs = int(model.output_shape[-1])
    y_train = keras.utils.to_categorical(data.y_train, outputs)
    x_val, y_val = data.x_test, data.y_test
    if validation is not None:
        x_val, y_val = x_val[:validation], y_val[:validation]
    val = (x_val, keras.utils.to_categorical(y_val, outputs)) if validation != 0 else None
    if cfg.augment or cfg.pen_data or outputs > 10:
        pen = _pen_training_set(cfg.pen_data) if cfg.pen_data else None
        inputs = _sketch_dataset(data.x_train, data.y_train, pen, cfg, outputs)
        fit_args = {}
        steps, samples = len(inputs), len(inputs.order)
    else:
        inputs, fit_args = data.x_train, {"y": y_train, "batch_size": cfg.batch_size, "shuffle": True}
        steps, samples = int(np.ceil(len(data.x_train) / cfg.batch_size)), len(data.x_train)
    if resume is None:
        compile_model(model, cfg, steps)
    start = time.perf_counter()
    history = model.fit(
        inputs,
        epochs=cfg.epochs,
        validation_data=val,
        callbacks=list(callbacks),
        verbose=verbose,
        initial_epoch=initial_epoch,
        **fit_args,
    )
    if cfg.keep_start:
        keep_part_of_start(model, cfg)
    seconds = time.perf_counter() - start
    done = len(history.history.get("loss", []))
    stopped = bool(model.stop_training)  # Keras leaves it set when a callback asked to stop
    return TrainResult(model, cfg, dict(history.history), seconds, done, stopped, samples)
