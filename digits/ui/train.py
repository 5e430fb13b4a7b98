"""The Train tab: the teacher presses Train and the class watches a network learn, live."""

from __future__ import annotations

import gradio as gr

from digits.serve import space
from digits.train import models
from digits.train.fit import OPTIMIZERS
from digits.ui import handwriting, run_controls
from digits.ui.common import Session, teacher_note
from digits.ui.train_form import DEFAULTS, describe, network_changed, network_choices
from digits.ui.train_run import (
    free_runs,
    runs_table,
    stop_training,
    train_model,
    use_model,
    use_shipped,
)
from digits.ui.train_views import CURVE_PLOT

TEACHER = """
**Training** shows the network thousands of digits with their right answers. After each small group of
pictures (a **batch**, 128 by default) it nudges its weights a little so it would have done better on
them. One pass over all the training pictures is an **epoch**.

**Loss** measures how wrong the network is, counting how sure it was of its wrong answers; lower is
better. **Accuracy** is simply the share of digits it gets right. The *training* curve is measured on
the batches it is learning from; the *validation* curve on 500 test digits it never learns from (so it
wiggles a little). While both go down together, it is learning real shapes; if the training loss keeps
falling while the validation loss rises, it is memorising its pictures instead: that is **overfitting**.

**Dropout** switches off a random part of the neurons at every step, so no single neuron can do all the
work: it fights overfitting. The **optimizer** is the rule that decides how far to nudge each weight
(Adam adapts its steps by itself); the **learning rate** sets the size of the steps: too big and the
loss jumps around, too small and learning crawls.

**Ideas for class.** Train on only 1,000 pictures, then on all 60,000: which reads your drawings better?
Try a learning rate of 0.1. Compare the report's small network with notebook C's 2.4 million weights:
is bigger better, or only slower? After training, look at the mistakes: would you have got them right?
Then press *Use this model* and draw for it: only this browser uses it; the others keep theirs.
"""

# ---------------------------------------------------------------- layout


def build(session: gr.State, tab: gr.Tab | None = None) -> gr.Blocks:
    """The Train tab."""
    arch = models.get(DEFAULTS.network)
    plot = dict(CURVE_PLOT, color_map=run_controls.COLORS)
    with gr.Blocks() as tab:
        run_state = gr.State({}, time_to_live=space.settings().state_limit, delete_callback=free_runs)
        gr.Markdown(
            "Press **Train** and watch the network learn: the curves move several times per epoch. "
            "Then look at what it gets wrong, and draw for it."
        )
        # Three columns on a projector (the settings, then Train and what it says), the curves below at
        # the page's whole width: 1366x768 shows Train at once, and each curve is ~640 px wide, not 350.
        with gr.Row(equal_height=False):
            with gr.Column(min_width=300):
                network = gr.Dropdown(
                    network_choices(), value=DEFAULTS.network, label="Network", elem_id="train-network"
                )
                about = gr.Markdown(describe(DEFAULTS.network), elem_id="train-network-info")
                with gr.Row():
                    optimizer = gr.Dropdown(list(OPTIMIZERS), value=arch.optimizer, label="Optimizer")
                    rate = gr.Number(arch.learning_rate or 0.001, label="Learning rate", minimum=0)
            with gr.Column(min_width=300):
                epochs = gr.Slider(
                    1, 50, value=DEFAULTS.epochs, step=1, label="Epochs", elem_id="train-epochs"
                )
                batch = gr.Slider(16, 512, value=arch.batch_size, step=1, label="Batch size")
                images = gr.Slider(
                    1_000,
                    60_000,
                    value=DEFAULTS.images,
                    step=1_000,
                    label="Training images",
                    elem_id="train-images",
                )
                augment = gr.Checkbox(DEFAULTS.augment, label="Sketch-like distortions (augmentation)")
            with gr.Column(min_width=300):
                with gr.Row():
                    start = gr.Button("▶️ Train", variant="primary", elem_id="train-start")
                    stop = gr.Button("⏹️ Stop", variant="stop", elem_id="train-stop")
                run_controls.build(run_state, "train")
                status = gr.Markdown("Press **Train** to start.", elem_id="train-status")
        with gr.Row(elem_classes="curves"):
            loss_plot = gr.LinePlot(
                y="loss", title="Loss (lower is better)", y_title="loss", elem_id="train-loss", **plot
            )
            acc_plot = gr.LinePlot(
                y="accuracy",
                title="Accuracy (higher is better)",
                y_title="accuracy",
                elem_id="train-accuracy",
                **plot,
            )
        with gr.Row():
            confusion = gr.Plot(show_label=False, elem_id="train-confusion", scale=2)
            mistakes = gr.Plot(show_label=False, elem_id="train-mistakes", scale=3)
        with gr.Row():
            use = gr.Button("✏️ Use this model in the Draw tab", elem_id="train-use")
            shipped = gr.Button("↩️ Back to the shipped model", elem_id="train-shipped")
        used = gr.Markdown(elem_id="train-used")
        table = gr.Dataframe(
            runs_table(Session()), label="Your runs, side by side", interactive=False, elem_id="train-runs"
        )
        teacher_note(TEACHER)
        handwriting.build(session)  # the class's own handwriting: collect, fine-tune, before and after

        network.change(network_changed, network, [about, optimizer, rate, batch], api_name=False, queue=False)
        start.click(
            train_model,
            [network, optimizer, rate, epochs, batch, images, augment, session, run_state],
            [status, loss_plot, acc_plot, confusion, mistakes, table, session, run_state],
            api_name="train_start",
            concurrency_limit=None,  # our own line (serve/shared.py) queues trainings: Stop can withdraw one
            show_progress="minimal",
        )
        stop.click(stop_training, run_state, None, api_name="train_stop", queue=False)
        use.click(use_model, [session, run_state], [session, used], api_name="train_use", queue=False)
        shipped.click(use_shipped, session, [session, used], api_name="train_shipped", queue=False)
    return tab
