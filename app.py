"""digits: a classroom app where children draw digits and a convolutional network reads them."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # a classroom app sends nothing out

import gradio as gr

from digits.languages import from_accept_language
from digits.limits import UPLOAD_BYTES
from digits.read.recognizer import warm_default
from digits.serve import compat, reader, scratch, space
from digits.serve.memory import give_back, limit_arenas
from digits.serve.visits import VisitSettings
from digits.ui import (
    about,
    access,
    child_view,
    class_board,
    class_teacher,
    draw,
    fit,
    i18n,
    perceptron,
    practice,
    theme,
    train,
)
from digits.ui.common import by_id, free_files, new_session
from digits.ui.draw_rest import RestReads
from digits.ui.draw_route import Routes, greet

gr.set_static_paths([theme.FONTS])  # the web-font subsets the CSS names: served, never copied

TABS = [
    ("✏️ Draw", draw),
    ("⭐ Practice", practice),
    ("🧠 Perceptron", perceptron),
    ("📈 Train", train),
    ("🏫 Class", class_teacher),
    ("ℹ️ About", about),
]
TAB_IDS = [module.__name__.rsplit(".", 1)[-1] for _, module in TABS]

with gr.Blocks(
    title="digits: draw a digit, watch a network read it", delete_cache=space.settings().delete_cache
) as demo:
    gr.Markdown(
        "# ✏️ digits\nDraw a digit and a neural network reads it. Practise digits in ten languages, "
        "see how one neuron learns, and train a network live with your class.",
        elem_id="welcome",
    )
    session = new_session()
    # Wrapped, never folded into a "..." menu: a phone (390 px) shows every tab on two lines.
    with gr.Tabs(overflow_behavior="wrap", elem_id="tabs"):
        for (label, module), tab_id in zip(TABS, TAB_IDS, strict=True):
            with gr.Tab(label, id=tab_id) as tab:
                module.build(session, tab)

    # Each page load gets its reading key (the Draw pad's lean route, draw_route.py) and makes sure
    # the shipped model is loading (serve() starts it; a demo launched another way starts it here).
    # The page starts in the browser's language when it is one of ours (as gr.I18n's Check and Next
    # do): the Draw tab at once, and Practice through its menu, whose change says it on every tab.
    def page_loaded(state, request: gr.Request):
        warm_default()
        state, pad = greet(state, request)
        state.language = from_accept_language(request.headers.get("accept-language"))
        shown = draw.greeting(state)
        return state, {**pad, "labels": draw.pad_words(state)}, *shown, state.language

    demo.load(
        page_loaded,
        session,
        [session, draw.pad_of(demo), *(by_id(demo, f"draw-{k}") for k in ("answer", "top3", "seen", "speak"))]
        + [by_id(demo, "practice-language")],
        api_name=False,
        queue=False,
        show_progress="hidden",
    )
    lean = Routes(demo, session)  # POST /digits/read and /digits/recognize: reads without the queue
    rest = RestReads(lean)  # Gradio's REST calls of read_strokes, answered on the same path

    def visitor_left(request: gr.Request) -> None:
        """The page's connection ended: its downloads go now, the rest once the page stays quiet."""
        folder = free_files(request.session_hash)  # the download addresses stop working at once
        if folder is not None:
            compat.unlist(demo, folder)
        # The connection also ends when the wifi blinks with the page still open: its round is kept
        # for a grace period, longer with every event it sends. Then its models, runs, drawings and
        # session (Gradio's copy of every component's config, about 0.5 MB here, kept otherwise until
        # 10,000 sessions have come) are freed, and all it held goes back to the system at once.
        grace = VisitSettings.from_env().grace_seconds  # read at each page close: never a stale copy
        compat.depart(demo, request.session_hash, grace, then=give_back)

    demo.unload(visitor_left)


WARM_SECONDS = 300  # the longest the page waits for the model (a failed load: the first read says why)


def launch_options() -> dict:
    """How the app is served: loopback unless told otherwise, small uploads, our theme."""
    return {
        "server_name": os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        "server_port": int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
        "max_file_size": UPLOAD_BYTES,  # digits/limits.py: a model, the largest file the app takes back
        "allowed_paths": [str(theme.FONTS)],  # the web fonts, also for an app whose static paths were reset
        "theme": theme.theme(),
        "css": theme.CSS + fit.CSS + class_board.CSS + child_view.css(TAB_IDS),
        "head": child_view.HEAD + fit.HEAD + access.HEAD,  # ?view=child: Draw and Practice, for a child
        "show_error": True,
        "i18n": i18n.translations(),  # Check and Next first in the browser's language, as the page
        # Gradio would save every reading (drawings included) in the browser's storage: on a
        # shared school computer that is the children's data, and rewriting the ever-growing
        # history on each stroke slowed the answer from 70 ms to 400 ms after 20 digits.
        "run_history": False,
        # Sessions kept at most (the least recently used go first): a page never seen closing
        # would otherwise hold its 0.5 MB for good.
        "state_session_capacity": space.settings().sessions if space.settings().on else 10_000,
        # The lean reading routes, on the FastAPI app Gradio makes (before its own routes).
        "app_kwargs": {"routes": lean.routes() + rest.routes()},
    }


def forget_old_classes() -> None:
    """Classes older than DIGITS_KEEP_DAYS are deleted with all they hold (at each start: docs/schools.md)."""
    from digits.classroom.retention import forget_old, keep_days
    from digits.classroom.store import StoreDown, default_store

    days = keep_days(space.settings().on)
    try:
        gone = forget_old(default_store(), days)
    except StoreDown as exc:  # the app serves without its class store; the teacher's page says so
        print(exc)
        return
    if gone:
        print(f"{gone} classes older than {days:g} days deleted.")


def serve(**overrides):
    """Queue and launch the app (the queue lets drawing go on while a training runs)."""
    from digits.train.cache import tidy, unwritable

    tidy()  # what a killed save left behind is never taken for a model
    for parent in (tempfile.gettempdir(), compat.cache_folder()):
        scratch.tidy(parent)  # what servers that ended left: runs' models, visitors' downloads
    if space.settings().on:
        limit_arenas()  # a day of visitors' threads reuse each other's freed memory (README: Space)
    if space.settings().worker_process:
        # Imported here, before the reader's thread imports it too: two threads importing TensorFlow
        # at once can stop on Python's import lock ("deadlock detected", seen at start-up).
        import tensorflow as tf

        from digits.serve import worker

        worker.prepare()  # a spare worker imports TensorFlow now: the first run's cap is spent training

        # Trainings run in worker processes: this one only reads, and one thread per read costs a
        # third less CPU than TensorFlow's default pool (3.5 ms against 5.1 ms in-process).
        try:
            tf.config.threading.set_intra_op_parallelism_threads(1)
        except RuntimeError:  # TensorFlow already ran something in this process: keep its pool
            pass
    # The shipped model loads, its forward pass is traced and its reader thread starts now, in the
    # background while the rest is set up; the page is served once it is ready, so the first child's
    # drawing is answered like the tenth (served before it, the first read waited 8.6 s at load 13).
    warming = reader.warm()
    forget_old_classes()  # while the model loads: a start-up never waits on both
    if note := compat.check():
        print(note)  # the Gradio internals compat.py relies on may have changed
    if note := unwritable():
        print(note)  # training still runs; the owner learns why nothing is cached
    demo.queue(default_concurrency_limit=2, max_size=200)
    compat.quieter_queue(demo)  # the idle queue's poll: 100 a second, not 1,000 (compat.py)
    warming.join(WARM_SECONDS)
    with compat.patient_launch():  # a busy machine's first answer may take more than Gradio's 3 s
        return demo.launch(**{**launch_options(), **overrides})


if __name__ == "__main__":
    serve()
