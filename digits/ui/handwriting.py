"""The class's own handwriting, on the Train tab: collect, up- and download, fine-tune live, compare."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from digits.read.modelcheck import ModelUploadError, check_model_file
from digits.serve import compat
from digits.train import classfile
from digits.train.classset import ClassSetError
from digits.ui import handwriting_class, live_run, run_controls
from digits.ui.common import Session, recognizer_for, teacher_note, visitor_files
from digits.ui.handwriting_finetune import FINETUNE, finetune_live, show_before, stop_finetune
from digits.ui.handwriting_views import set_text
from digits.ui.pad import EMPTY, stroke_pad
from digits.ui.train_views import CURVE_PLOT

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


# ---------------------------------------------------------------- the class set


def add_drawing(value, label, session):
    """The pad's drawing, labelled, into the class set (the Add button)."""
    session = _session(session)
    reading = recognizer_for(session).read_strokes(value or EMPTY)
    if reading.image is None:
        return session, gr.skip(), "⚠️ Nothing drawn yet: draw a digit first.", gr.skip()
    try:
        session.class_set.add(label, pad=value, source="teach")  # drawn as reading.image was
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
    finally:
        compat.drop_upload(path)  # the children's drawings are in this session now, not on disk
    return (
        session,
        set_text(session.class_set),
        f"📂 Added {len(uploaded)} drawings from {Path(path).name}.",
        None,
    )


def download_set(fmt, session, request: gr.Request | None = None):
    """The class set as a zip in the visitor's own folder; an empty set makes no file."""
    session = _session(session)
    fmt = "png" if str(fmt).lower().startswith("png") else "npz"
    try:
        path = visitor_files(session, request).write(
            f"class_set_{fmt}.zip", lambda p: classfile.export(session.class_set, p, fmt)
        )
    except ClassSetError as exc:
        return gr.skip(), f"⚠️ {exc}"
    return str(path), f"⬇️ {len(session.class_set)} drawings ready: click the file to download it."


def clear_set(session):
    session = _session(session)
    n = len(session.class_set)
    session.class_set.drawings.clear()
    return session, set_text(session.class_set), f"🗑️ Cleared {n} drawings."


# ---------------------------------------------------------------- models in and out


def download_model(session, request: gr.Request | None = None):
    """The model this browser uses now, as a .keras file in the visitor's own folder."""
    from digits.read.modelfile import save_model

    session = _session(session)
    model = recognizer_for(session).model
    path = visitor_files(session, request).write("digits-model.keras", lambda p: save_model(model, p))
    return str(path), f"⬇️ The model ready to download: {session.model_label}."


def upload_model(path, session):
    """A .keras model for this browser only; a bad one changes nothing and gets one line."""
    from digits.read.recognizer import Recognizer

    session = _session(session)
    if not path:
        return session, gr.skip(), gr.skip()
    try:
        model = check_model_file(path)
    except ModelUploadError as exc:
        return session, f"⚠️ {exc}", None
    finally:
        compat.drop_upload(path)  # the model lives in this session now, not on disk
    name = Path(path).name
    session.recognizer = Recognizer(model, name)
    session.model_label = f"your uploaded model {name}"
    return session, f"📂 This browser now reads drawings with **{session.model_label}**.", None


# ---------------------------------------------------------------- layout


def build(session: gr.State) -> None:
    """The class's own handwriting panel (rendered inside the Train tab)."""
    run_state = live_run.new_state()  # ended with the visitor: their fine-tune and its worker go too
    plot = dict(CURVE_PLOT, color_map=run_controls.COLORS)
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
    handwriting_class.build(session)  # the teacher's page: every tablet's drawings, and the offer
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
    download.click(download_set, [fmt, session], [set_file, message], api_name="class_download")
    clear.click(clear_set, session, [session, counts, message], **quick)
    check.click(show_before, session, [before, before_plot], api_name=False)
    start.click(
        finetune_live,
        [session, run_state, paused],
        [status, loss_plot, acc_plot, before, before_plot, after_plot, session, run_state],
        api_name="class_finetune",
        concurrency_limit=None,  # the training line (serve/shared.py) queues it: one run per visitor
    )
    stop.click(stop_finetune, run_state, None, **quick)
    model_download.click(
        download_model, session, [model_file, model_message], api_name="class_model_download"
    )
    model_upload.upload(
        upload_model, [model_upload, session], [session, model_message, model_upload], api_name=False
    )
