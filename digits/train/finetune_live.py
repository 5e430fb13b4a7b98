"""Fine-tuning you can watch: the Train tab's live run, teaching the class's drawings instead of MNIST."""

from __future__ import annotations

import math

from digits.train import models
from digits.train.classset import ClassSet, ClassSetError
from digits.train.data import Mnist
from digits.train.finetune import FinetuneConfig, finetune
from digits.train.fit import TrainConfig
from digits.train.live import LiveRun
from digits.train.progress import LiveSettings

# A short run: points close together, measured on fewer test digits.
SETTINGS = LiveSettings(points_per_epoch=8, val_size=200, max_overhead=0.3)
DEFAULT = FinetuneConfig()


class FinetuneRun(LiveRun):
    """finetune() in a background thread, with the same snapshots, curves, stop and controls as LiveRun.

    The validation curve is measured on MNIST test digits: it shows the network does not forget them.
    """

    def __init__(
        self,
        model,
        teach: ClassSet,
        data: Mnist,
        config: FinetuneConfig = DEFAULT,
        settings: LiveSettings = SETTINGS,
        controls=None,
        name: str = "the network",
    ):
        config.check()  # a ValueError with a plain message
        if not len(teach):
            raise ClassSetError("There are no drawings to learn from yet: collect some first.")
        samples = len(teach) * config.copies + min(config.mnist, len(data.x_train))
        plan = TrainConfig(
            models.DEFAULT_MODEL,
            epochs=config.epochs,
            batch_size=config.batch_size,
            learning_rate=config.learning_rate,
            subset=max(samples, 100),
        )
        super().__init__(plan, data, settings, controls)
        self.images = samples
        steps = math.ceil(samples / config.batch_size)
        self.progress = type(self.progress)(name, config.epochs, steps)
        self.base, self.teach, self.finetune_config = model, teach, config

    def _fit(self, callbacks: list):
        return finetune(self.base, self.teach, self.data, self.finetune_config, callbacks)
