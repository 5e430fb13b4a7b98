"""Fine-tuning you can watch: the Train tab's live run, teaching the class's drawings instead of MNIST."""

from __future__ import annotations

from functools import partial

from digits.train.classset import ClassSet, ClassSetError
from digits.train.data import Mnist
from digits.train.finetune import FinetuneConfig, finetune
from digits.train.live import Fit, LiveRun
from digits.train.progress import LiveSettings, Plan

# A short run: points close together, measured on fewer test digits.
SETTINGS = LiveSettings(points_per_epoch=8, val_size=200, max_overhead=0.3)
DEFAULT = FinetuneConfig()


def fit_finetune(model, teach: ClassSet, config: FinetuneConfig, data: Mnist, callbacks: list):
    """The class panel's fit (a module function: a worker process receives it pickled, model and all)."""
    return finetune(model, teach, data, config, callbacks)


def finetune_plan(
    model, teach: ClassSet, available: int, config: FinetuneConfig = DEFAULT, name: str = "the network"
) -> tuple[Fit, Plan]:
    """The fit and plan of fine-tuning `model` on `teach`; a ValueError with a plain message if it cannot.

    The validation curve is measured on MNIST test digits: it shows the network does not forget them.
    """
    config.check()
    if not len(teach):
        raise ClassSetError("There are no drawings to learn from yet: collect some first.")
    samples = len(teach) * config.copies + min(config.mnist, available)
    return partial(fit_finetune, model, teach, config), Plan(name, config.epochs, config.batch_size, samples)


def finetuning(
    model,
    teach: ClassSet,
    data: Mnist,
    config: FinetuneConfig = DEFAULT,
    name: str = "the network",
    settings: LiveSettings = SETTINGS,
    **kwargs,
) -> LiveRun:
    """A live fine-tune in this process, with the same snapshots, curves, stop and controls as training."""
    fit, plan = finetune_plan(model, teach, len(data.x_train), config, name)
    return LiveRun(fit, plan, data, settings, **kwargs)
