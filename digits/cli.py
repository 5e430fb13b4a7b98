"""The command line: python -m digits train | evaluate | models | predict."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
from functools import partial
from pathlib import Path

from digits.console import ctrl_c_as_a_request, say
from digits.read.modelfile import SHIPPED_MODEL, ModelFileError, cache_path, load_model, run_meta, save_model
from digits.train import models
from digits.train.data import ENV_VAR as DATA_ENV
from digits.train.data import DataUnavailable

TF_NOTE = re.compile(r"^[IW]\d{4} \d\d:\d\d:|^WARNING: All log messages before absl|^To enable the following")


class Fail(Exception):
    """A one-line message for the user and the exit status to end with."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


class Parser(argparse.ArgumentParser):
    def error(self, message):
        # argparse's default prints the whole usage block; one line is easier to read.
        self.exit(2, f"digits: {message} (see {self.prog} --help)\n")


def quiet_tensorflow() -> None:
    """Import TensorFlow with the C++ notes it prints before its logging can be configured held back."""
    if "tensorflow" in sys.modules:
        return
    import tempfile

    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)  # the notes come from C++, so only the file descriptor can catch them
        try:
            import tensorflow  # noqa: F401
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            lines = held.read().decode(errors="replace").splitlines()
    for line in lines:
        if not TF_NOTE.search(line):
            print(line, file=sys.stderr)


def _bar(done: float) -> None:
    if sys.stderr.isatty():
        bar, end = "#" * int(done * 20), "\n" if done >= 1 else ""
        print(f"\r  evaluating [{bar:<20}] {done:4.0%}", end=end, file=sys.stderr, flush=True)


def load(spec: str | None, data=None):
    """(model, label) for --model: the shipped recognizer, a cached architecture, or a .keras file."""
    if spec in models.ARCHITECTURES and spec != models.DEFAULT_MODEL:
        from digits.train.cache import load_or_train
        from digits.train.callbacks import make_progress_callback
        from digits.train.fit import TrainConfig

        quiet_tensorflow()
        config = TrainConfig(spec)
        if not cache_path(config).exists():
            say(f"No trained {spec} model cached yet: training it ({config.resolved().epochs} epochs) first.")
        progress = make_progress_callback(partial(print, file=sys.stderr))
        return load_or_train(config, data=data, callbacks=[progress], log=say)[0], spec
    if spec in (None, models.DEFAULT_MODEL):
        if not SHIPPED_MODEL.is_file():
            from digits.train.recipe import PEN_FILE, shell_command

            raise Fail(
                f"The shipped model {SHIPPED_MODEL} is missing; rebuild it, with DATA the folder holding "
                f"{PEN_FILE}, by: {shell_command()}"
            )
        path, label = SHIPPED_MODEL, models.DEFAULT_MODEL
    else:
        path, label = Path(spec), Path(spec).stem
        if not path.exists() and path.suffix != ".keras":
            raise Fail(
                f"Unknown model {spec!r}: use one of {', '.join(models.ARCHITECTURES)} or a .keras file"
            )
    quiet_tensorflow()
    return load_model(path), label


# ---------------------------------------------------------------- commands


def train_config(args):
    """The TrainConfig the train options describe (they are named after its fields)."""
    from digits.train.fit import TrainConfig

    return TrainConfig(**{name: getattr(args, name) for name in TrainConfig.__dataclass_fields__})


def announce(cfg, n: int) -> None:
    """The first line of a training run: what is trained, on what, how."""
    extras = (", augmented" if cfg.augment else "") + (" + pen drawings" if cfg.pen_data else "")
    rate = "default rate" if cfg.learning_rate is None else f"learning rate {cfg.learning_rate:g}"
    epochs = f"{cfg.epochs} epoch{'s' * (cfg.epochs > 1)}"
    print(
        f"Training {cfg.model} on {n:,} MNIST images{extras}: {epochs}, batch {cfg.batch_size}, "
        f"{cfg.optimizer} ({rate}, {cfg.schedule}), seed {cfg.seed}",
        flush=True,
    )


def cmd_train(args) -> int:
    with ctrl_c_as_a_request() as stop:  # from the first line: a Ctrl-C during the imports counts too
        try:
            return _train(args, stop)
        except KeyboardInterrupt:  # a second Ctrl-C
            raise Fail("stopped; nothing saved.", 130) from None


def _train(args, stop: threading.Event) -> int:
    from digits.train.callbacks import make_progress_callback, make_stop_callback
    from digits.train.data import load_mnist
    from digits.train.evaluate import evaluate
    from digits.train.fit import train

    def unless_stopped():
        if stop.is_set():
            raise Fail("stopped; nothing saved.", 130)

    cfg = train_config(args).resolved()
    if cfg.pen_data and not Path(cfg.pen_data).is_file():
        raise Fail(f"Pen data file not found: {cfg.pen_data}")
    out = Path(args.out) if args.out else cache_path(cfg)
    try:  # find out now, not after an hour of training, that the model cannot be saved there
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Fail(f"Cannot save to {out} ({exc.strerror or exc}).") from None
    data = load_mnist()
    unless_stopped()
    quiet_tensorflow()
    unless_stopped()
    announce(cfg, len(data.subset(cfg.subset, cfg.seed).x_train))
    result = train(cfg, data, callbacks=[make_stop_callback(stop), make_progress_callback()])
    unless_stopped()  # the stop callback ended training: what it learned is not saved
    ev = evaluate(result.model, data.x_test, data.y_test)
    unless_stopped()
    reported = models.get(cfg.model).reported.get("test_accuracy")
    source = models.get(cfg.model).source
    print(
        f"Test accuracy {ev.accuracy:.2%} (loss {ev.loss:.4f})"
        + (f"; the {source} reported {reported:.2%}" if reported else "")
        + f". Training took {result.seconds:.0f} s ({result.samples_per_second:,.0f} images/s)."
    )
    try:
        save_model(result.model, out, run_meta(result, ev))
    except OSError as exc:
        raise Fail(f"Could not save to {out} ({exc.strerror or exc}).") from None
    print(f"Saved to {out}")
    return 0


def cmd_evaluate(args) -> int:
    from digits.train.data import load_mnist
    from digits.train.evaluate import evaluate

    data = load_mnist()  # first: missing data fails at once, before any model is trained
    model, label = load(args.model, data)
    ev = evaluate(model, data.x_test, data.y_test, progress=None if args.json else _bar)
    reported = models.ARCHITECTURES[label].reported if args.model in models.ARCHITECTURES else {}
    if args.json:
        print(json.dumps({"model": label, "data": data.source, "reported": reported, **ev.to_dict()}))
        return 0
    print(f"Model {label} on {ev.n:,} test images ({data.source})")
    documented = ""
    if "test_accuracy" in reported:
        documented = f"   (the {models.ARCHITECTURES[label].source}: {reported['test_accuracy']:.2%}"
        documented += f", loss {reported['test_loss']:g})" if "test_loss" in reported else ")"
    print(f"Accuracy {ev.accuracy:.2%}   loss {ev.loss:.4f}{documented}")
    print(ev.table())
    return 0


def cmd_models(args) -> int:
    from digits.train.fit import TrainConfig

    quiet_tensorflow()
    print(f"{'name':<11}{'params':>10}  {'documented training':<40}{'reported':>9}  source")
    for name, arch in models.ARCHITECTURES.items():
        rate = "" if arch.learning_rate is None else f" {arch.learning_rate:g}"
        training = f"{arch.optimizer}{rate}, {arch.loss}, {arch.epochs} ep, batch {arch.batch_size}"
        training = training.replace("categorical_crossentropy", "cross-entropy")
        acc = arch.reported.get("test_accuracy")
        cached = " (trained, cached)" if cache_path(TrainConfig(name)).exists() else ""
        acc = f"{acc:.2%}" if acc else "-"
        print(f"{name:<11}{arch.params:>10,}  {training:<40}{acc:>9}  {arch.source}{cached}")
        print(f"{'':<13}{arch.description}")
    print(f"'{models.DEFAULT_MODEL}' in evaluate/predict means the shipped model, {SHIPPED_MODEL.name}.")
    return 0


def cmd_predict(args) -> int:
    from digits.read.preprocess import read_image_file
    from digits.read.recognizer import Recognizer

    model, label = load(args.model)
    recognizer = Recognizer(model, label)
    failed = 0
    for name in args.files:
        try:
            image = read_image_file(name)
            whole, number = recognizer.read_both(image)
            line = number.to_dict(whole)
        except Exception as exc:  # one bad file must not stop the others
            failed += 1
            line = {"error": " ".join(str(exc).split()) or exc.__class__.__name__}
        print(json.dumps({"file": name, **line}), flush=True)
    if failed:
        say(f"{failed} of {len(args.files)} files could not be read.")
    return 1 if failed else 0


# ---------------------------------------------------------------- parser


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m digits", description="Train, evaluate and run the documents' MNIST networks.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data", metavar="PATH", help=f"local mnist.npz (default: ${DATA_ENV}, else download)"
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    names = ", ".join(models.ARCHITECTURES)
    model_help = f"{names} (cached; trained if absent) or a .keras file; default: the shipped model"

    t = sub.add_parser("train", parents=[common], help="train a network and save it")
    t.add_argument("--model", required=True, metavar="NAME", help=names)
    t.add_argument("--epochs", type=int, metavar="N", help="default: the document's")
    t.add_argument("--batch-size", type=int, metavar="B", help="default: the document's")
    t.add_argument("--subset", type=int, metavar="N", help="train on N random images (default: all 60,000)")
    t.add_argument("--augment", action="store_true", help="sketch-like distortions of the training digits")
    t.add_argument("--optimizer", help="adam, rmsprop, sgd, adagrad, adadelta, adamax or nadam")
    t.add_argument("--learning-rate", type=float, metavar="RATE")
    t.add_argument("--schedule", choices=("constant", "cosine"), default="constant")
    t.add_argument("--pen-data", metavar="PATH", help="also train on pen-drawn digits (.npz)")
    t.add_argument(
        "--pen-repeat", type=int, default=2, metavar="N", help="pen drawings per epoch, each (default 2)"
    )
    t.add_argument(
        "--flag-ones",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="redraw this share of the pen 1s with a long flag, as taught in much of Europe (default 0)",
    )
    t.add_argument("--seed", type=int, default=0)
    t.add_argument(
        "--keep-start",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="with --init: mix this share of the starting weights back in after training (default 0)",
    )
    t.add_argument("--init", metavar="PATH", help="start from this .keras model's weights (warm start)")
    t.add_argument("--out", metavar="PATH", help="where to save (default: the cache, used by --model NAME)")
    t.set_defaults(run=cmd_train)

    e = sub.add_parser(
        "evaluate", parents=[common], help="accuracy, loss and confusion matrix on the test set"
    )
    e.add_argument("--model", metavar="NAME|PATH", help=model_help)
    e.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    e.set_defaults(run=cmd_evaluate)

    m = sub.add_parser(
        "models", parents=[common], help="the architectures, their sizes and documented figures"
    )
    m.set_defaults(run=cmd_models)

    r = sub.add_parser("predict", parents=[common], help="read image files: one JSON line per file")
    r.add_argument("files", nargs="+", metavar="FILE")
    r.add_argument("--model", metavar="NAME|PATH", help=model_help)
    r.set_defaults(run=cmd_predict)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure ends as one line on stderr and a non-zero status."""
    args = parser().parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up notes are not for users
    if args.data:
        os.environ[DATA_ENV] = args.data  # every loader reads it, and only when it really needs the data
    try:
        return args.run(args)
    except Fail as exc:
        say(exc)
        return exc.status
    except KeyboardInterrupt:
        say("stopped.")
        return 130
    except (DataUnavailable, ModelFileError, ValueError) as exc:  # ValueError includes BadImage
        say(exc)
        return 2
    except Exception as exc:  # still one line, but say it is unexpected
        say(f"unexpected {exc.__class__.__name__}: {exc}")
        return 1
