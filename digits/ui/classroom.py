"""The class's own handwriting, on the Train tab: collect, up- and download, fine-tune live, compare."""

from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr
import numpy as np

from digits import classfile
from digits.classset import ClassSetError
from digits.controls import TrainingControls
from digits.data import DataUnavailable, mnist
from digits.finetune import Comparison, FinetuneConfig, predict
from digits.modelcheck import ModelUploadError, check_model_file
from digits.ui import run_controls
from digits.ui.classroom_views import EVERY, after_figure, after_text, before_figure, before_text, set_text
from digits.ui.common import Session, recognizer_for, teacher_note
from digits.ui.pad import EMPTY, stroke_pad
from digits.ui.train_views import progress_text

FINETUNE = FinetuneConfig()
TEACHER = """
**Why?** The network learned from American adults' digits (MNIST). Your class writes differently: here it
learns from *your* drawings, and you see whether it now reads them better.

1. **Collect**: draw below and press *Add*, turn on collecting in *Practice*, or use *Teach it* on the Draw
   tab. Download the set at the end of the lesson (nothing stays on the server) and upload it next time.
2. **Before**: every 4th drawing is kept aside: the network never learns from those, so they test it
   fairly. *How does it read them now?* shows its score on them.
3. **Fine-tune**: the network practises on the other drawings (each repeated and bent a little), mixed
   with MNIST digits so it does not forget them. Pause, take one batch at a time, or change the learning
   rate while it learns: the curves mark each change.
4. **After**: the same kept-aside drawings again: which does it now read right?

Download the model to keep it; upload a `.keras` model to use it in this browser only.
"""


def _session(session) -> Session:
    return session if session is not None else Session()


def _scratch(name: str) -> Path:
    """A new file path of our own for a download (never shared between visitors)."""
    return Path(tempfile.mkdtemp(prefix="digits-class-")) / name


# ---------------------------------------------------------------- the class set


def add_drawing(value, label, session):
    """The pad's drawing, labelled, into the class set (the Add button)."""
    session = _session(session)
    reading = recognizer_for(session).read_strokes(value or EMPTY)
    if reading.image is None:
        return session, gr.skip(), "⚠️ Nothing drawn yet: draw a digit first.", gr.skip()
    try:
        session.class_set.add(label, image=reading.image, pad=value, source="teach")
    except ClassSetError as exc:
        return session, gr.skip(), f"⚠️ {exc}", gr.skip()
    return session, set_text(session.class_set), f"➕ Added a {int(label)}.", EMPTY


def upload_set(path, session):
    """Add the drawings of a downloaded class set; a bad file changes nothing and gets one line."""
    session = _session(session)
    if not path:
        return session, gr.skip(), gr.skip(), gr.skip()
    try:
        uploaded = classfile.load(path)
        session.class_set.extend(uploaded)
    except ClassSetError as exc:
        return session, gr.skip(), f"⚠️ {exc}", None  # None: the upload box empties, ready for another
    return (
        session,
        set_text(session.class_set),
        f"📂 Added {len(uploaded)} drawings from {Path(path).name}.",
        None,
    )


def download_set(fmt, session):
    session = _session(session)
    fmt = "png" if str(fmt).lower().startswith("png") else "npz"
    try:
        path = classfile.export(session.class_set, _scratch(f"class_set_{fmt}.zip"), fmt)
    except ClassSetError as exc:
        return gr.skip(), f"⚠️ {exc}"
    return str(path), f"⬇️ {len(session.class_set)} drawings ready: click the file to download it."


def clear_set(session):
    session = _session(session)
    n = len(session.class_set)
    session.class_set.drawings.clear()
    return session, set_text(session.class_set), f"🗑️ Cleared {n} drawings."


# ---------------------------------------------------------------- before, fine-tune, after


def _split(session: Session):
    teach, aside = session.class_set.split(EVERY)
    if not len(aside):
        raise gr.Error(
            f"Collect at least {EVERY} drawings first: every {EVERY}th one is kept aside for the after."
        )
    return teach, aside


def _read(recognizer, aside) -> np.ndarray:
    """What the recognizer reads in each kept-aside drawing (its compiled forward pass: safe when shared)."""
    return recognizer.probabilities(aside.images()).argmax(axis=1)


def show_before(session):
    """How the current model reads the kept-aside drawings."""
    session = _session(session)
    _, aside = _split(session)
    read = _read(recognizer_for(session), aside)
    return before_text(aside.labels(), read, session.model_label), before_figure(aside, read)


SHOWN = (
    "status",
    "loss_plot",
    "accuracy_plot",
    "before",
    "before_plot",
    "after_plot",
    "session",
    "run_state",
)


def _shown(**given) -> tuple:
    """One update of the fine-tuning outputs, changing only those given."""
    return tuple(given.get(name, gr.skip()) for name in SHOWN)


def _status(run, progress) -> str:
    """The progress, and whether the teacher holds it paused."""
    held = "\n\n" + run_controls.PAUSED.format(n=progress.batches_done) if run.controls.paused else ""
    return progress_text(progress) + held


def _plots(progress) -> dict:
    loss_plot, accuracy_plot = run_controls.curve_plots(progress)
    return dict(loss_plot=loss_plot, accuracy_plot=accuracy_plot)


def finetune_live(session, run_state, paused=False):
    """Fine-tune a copy of the current model on the drawings to teach, live; then the after."""
    from digits.finetune_live import FinetuneRun
    from digits.recognizer import Recognizer

    session = _session(session)
    run_state = run_state if isinstance(run_state, dict) else {}
    teach, aside = _split(session)
    recognizer = recognizer_for(session)
    before = recognizer.model  # maybe the shared shipped model: only read here, FinetuneRun copies it
    read = _read(recognizer, aside)
    try:
        run = FinetuneRun(
            before,
            teach,
            mnist(),
            FINETUNE,
            controls=TrainingControls(paused=bool(paused)),
            name="on the class's drawings",
        )
    except (ValueError, DataUnavailable) as exc:
        raise gr.Error(str(exc)) from None
    run_state["run"] = run
    if paused:  # the teacher steps through it: the untrained start first, then one batch at a time
        run.mark("pause", "⏸ paused")
    run.start()
    titled = ()  # the events the charts' titles (and so their legends) show
    try:
        yield _shown(
            status=_status(run, run.progress),
            **_plots(run.progress),
            before=before_text(aside.labels(), read, session.model_label),
            before_plot=before_figure(aside, read),
            after_plot=None,
            run_state=run_state,
        )
        for latest in run.follow():
            yield _shown() if latest is None else _shown(status=_status(run, latest), **_plots(latest))
            if latest is not None and latest.events != titled:  # a pause, resume or new rate to mark
                titled = latest.events
                yield _shown(**run_controls.curve_titles(latest))
        if run.result is None:
            raise gr.Error(f"Fine-tuning failed: {run.error}")
        comparison = Comparison(aside.labels(), read, predict(run.model, aside.images()))
        session.recognizer = Recognizer(run.model, "fine-tuned on the class")
        session.model_label = "the network fine-tuned on your class's drawings"
        yield _shown(
            status=after_text(comparison, run.result.seconds, run.result.stopped),
            **_plots(run.progress),
            after_plot=after_figure(aside, comparison),
            session=session,
        )
    finally:  # also when the page is closed mid-run
        run.stop()
        run.join(timeout=5)


def stop_finetune(run_state) -> None:
    run = (run_state or {}).get("run")
    if run is not None:
        run.stop()


# ---------------------------------------------------------------- models in and out


def download_model(session):
    """The model this browser uses now, as a .keras file."""
    from digits.modelfile import save_model

    session = _session(session)
    path = save_model(recognizer_for(session).model, _scratch("digits-model.keras"))
    return str(path), f"⬇️ The model ready to download: {session.model_label}."


def upload_model(path, session):
    """A .keras model for this browser only; a bad one changes nothing and gets one line."""
    from digits.recognizer import Recognizer

    session = _session(session)
    if not path:
        return session, gr.skip(), gr.skip()
    try:
        model = check_model_file(path)
    except ModelUploadError as exc:
        return session, f"⚠️ {exc}", None
    name = Path(path).name
    session.recognizer = Recognizer(model, name)
    session.model_label = f"your uploaded model {name}"
    return session, f"📂 This browser now reads drawings with **{session.model_label}**.", None


# ---------------------------------------------------------------- layout


def build(session: gr.State) -> None:
    """The class's own handwriting panel (rendered inside the Train tab)."""
    run_state = gr.State({})
    plot = dict(x="epoch", color="curve", color_map=run_controls.COLORS, x_title="epochs", height=260)
    gr.Markdown(
        "## 🧒 The class's own handwriting\nTeach the network *your* class's digits, and see the difference."
    )
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=280):
            pad = stroke_pad("Draw one digit, pick what it is, press Add", "class-pad")
            label = gr.Radio(
                [str(d) for d in range(10)], value="0", label="This is a…", elem_id="class-label"
            )
            add = gr.Button("➕ Add to the class set", variant="primary", elem_id="class-add")
        with gr.Column(scale=3):
            counts = gr.Markdown(set_text(Session().class_set), elem_id="class-counts")
            message = gr.Markdown(elem_id="class-message")
            with gr.Row():
                fmt = gr.Radio(["npz + README", "PNG + CSV"], value="npz + README", label="Download as")
                download = gr.Button("⬇️ Download the set", elem_id="class-download")
                clear = gr.Button("🗑️ Clear the set", variant="stop", elem_id="class-clear")
            with gr.Row():
                set_file = gr.File(label="The set, to download", interactive=False, elem_id="class-set-file")
                set_upload = gr.File(
                    label="Upload a class set (.zip or .npz)",
                    file_types=[".zip", ".npz"],
                    elem_id="class-upload",
                )
    with gr.Row():
        check = gr.Button("🔍 How does it read them now?", elem_id="class-before")
        start = gr.Button("🎓 Fine-tune on the class's drawings", variant="primary", elem_id="class-finetune")
        stop = gr.Button("⏹️ Stop", variant="stop", elem_id="class-stop")
        paused = gr.Checkbox(
            False, label="Start paused (then Step, one batch at a time)", elem_id="class-paused"
        )
    run_controls.build(run_state, "class", rate=FINETUNE.learning_rate)
    status = gr.Markdown(elem_id="class-status")
    with gr.Row():
        loss_plot = gr.LinePlot(
            y="loss", title=run_controls.TITLES["loss"], y_title="loss", elem_id="class-loss", **plot
        )
        acc_plot = gr.LinePlot(
            y="accuracy",
            title=run_controls.TITLES["accuracy"],
            y_title="accuracy",
            elem_id="class-accuracy",
            **plot,
        )
    before = gr.Markdown(elem_id="class-before-text")
    with gr.Row():
        before_plot = gr.Plot(show_label=False, elem_id="class-before-plot")
        after_plot = gr.Plot(show_label=False, elem_id="class-after-plot")
    with gr.Row():
        model_download = gr.Button(
            "⬇️ Download the model this browser uses (.keras)", elem_id="class-model-download"
        )
        model_file = gr.File(label="The model, to download", interactive=False, elem_id="class-model-file")
        model_upload = gr.File(
            label="Upload a .keras model (this browser only)",
            file_types=[".keras"],
            elem_id="class-model-upload",
        )
    model_message = gr.Markdown(elem_id="class-model-message")
    teacher_note(TEACHER)

    quick = dict(queue=False, api_name=False)
    add.click(add_drawing, [pad, label, session], [session, counts, message, pad], api_name=False)
    set_upload.upload(
        upload_set, [set_upload, session], [session, counts, message, set_upload], api_name=False
    )
    download.click(download_set, [fmt, session], [set_file, message], api_name=False)
    clear.click(clear_set, session, [session, counts, message], **quick)
    check.click(show_before, session, [before, before_plot], api_name=False)
    start.click(
        finetune_live,
        [session, run_state, paused],
        [status, loss_plot, acc_plot, before, before_plot, after_plot, session, run_state],
        api_name="class_finetune",
        concurrency_limit=1,
        concurrency_id="training",
    )
    stop.click(stop_finetune, run_state, None, **quick)
    model_download.click(download_model, session, [model_file, model_message], api_name=False)
    model_upload.upload(
        upload_model, [model_upload, session], [session, model_message, model_upload], api_name=False
    )
