"""The perceptron playground: one neuron learns AND and OR step by step, fails on XOR; a hidden layer."""

from __future__ import annotations

import gradio as gr

from digits.lesson.perceptron import GATES, Lesson, PerceptronConfig, exact
from digits.ui.common import number, teacher_note
from digits.ui.perceptron_views import (
    NO_LINE,
    figure,
    message,
    mlp_figure,
    mlp_message,
    trace_table,
    truth_table,
)

REPORT = PerceptronConfig()

EXPLANATION = """
**How it learns.** Each input has a **weight**: how much it counts. The **bias** w0 is a weight on an input
that is always 1: it sets how easily the neuron says 1. The neuron adds up *weight × input* and answers
**1 only if the sum is above 0**. After each example it got wrong, every weight moves by
*learning rate × (target − output) × input*: towards the right answer, and only for inputs that were on.
The line is where the sum is exactly 0; the shaded side answers 1.
"""

TEACHER = f"""
- A **pass** shows the four examples once, in the report's order (0,0), (1,1), (0,1), (1,0).
  Training stops after a pass with no mistake.
- With the report's start weights (0.8, −1, −1) and rate 0.2: **AND** is learned in pass 14 at
  (−0.4, 0.4, 0.2), **OR** in pass 12 at (0.0, 0.2, 0.2). **NOR** is already right at the start.
- Sums of exactly 0 happen on this path and give output 0, so the arithmetic here is exact decimal:
  a computer's usual rounding would change the story (AND would finish in pass 12).
- **XOR**: {NO_LINE} The playground notices when the weights come back to where they already were
  after a pass: from there on it could only repeat itself.
- **Add a hidden layer** trains the report's small network: 2 hidden neurons and 1 output, each with a
  smooth S-shaped step (sigmoid), trained with Adam at rate 0.2. Each hidden neuron draws its own line;
  the output neuron combines them, roughly "OR, but not AND".
"""


def _typed(text, name: str, example: str, low=None, high=None):
    """A typed number kept exact: the decimal text itself ("0.2" is exactly 1/5), checked in plain words."""
    if text is None or not str(text).strip():
        raise gr.Error(f"{name} is empty: type a number such as {example}.")
    value = number(text, name, low, high)  # its length and exponent bounded before any parsing
    try:
        return exact(text, name)
    except (ValueError, ZeroDivisionError):  # float() reads a few spellings Fraction does not
        return exact(repr(value), name)


def settings(gate, w0, w1, w2, rate) -> PerceptronConfig:
    """The typed settings, checked, with a plain gr.Error for anything unusable."""
    if gate not in GATES:
        raise gr.Error(f"Choose a gate: {', '.join(GATES)}.")
    weights = tuple(_typed(w, f"Start weight w{i}", "0.8", -100, 100) for i, w in enumerate((w0, w1, w2)))
    r, typed = _typed(rate, "The learning rate", "0.2"), str(rate).strip()
    if r <= 0:
        raise gr.Error(f"The learning rate must be above 0 (got {typed}): at 0 or below nothing is learned.")
    if r > 10:
        raise gr.Error(f"The learning rate must be at most 10 (got {typed}).")
    return PerceptronConfig(gate, weights, r)


def lesson_for(lesson: Lesson | None, gate, w0, w1, w2, rate) -> Lesson:
    """The visitor's lesson, or a fresh one if the gate, start weights or rate were changed."""
    cfg = settings(gate, w0, w1, w2, rate)
    old = lesson.config if lesson is not None else None
    if old is None or (old.gate, old.start(), old.rate()) != (cfg.gate, cfg.start(), cfg.rate()):
        return Lesson(cfg)
    return lesson


def _advance(old, gate, w0, w1, w2, rate, move):
    lesson = lesson_for(old, gate, w0, w1, w2, rate)
    finished = lesson.done
    move(lesson)
    text = message(lesson)
    if finished:
        text = "Already finished: press **Reset** to watch it again. " + text
    elif old is not None and old.steps and lesson is not old:
        text = "New settings, so it starts again. " + text
    return lesson, figure(lesson), trace_table(lesson), text


def step(lesson, gate, w0, w1, w2, rate):
    """Show the perceptron one example."""
    return _advance(lesson, gate, w0, w1, w2, rate, Lesson.step)


def epoch(lesson, gate, w0, w1, w2, rate):
    """Finish the current pass over the four examples."""
    return _advance(lesson, gate, w0, w1, w2, rate, Lesson.finish_pass)


def run(lesson, gate, w0, w1, w2, rate):
    """Keep going until a pass has no mistake, or it is clear none ever will."""
    return _advance(lesson, gate, w0, w1, w2, rate, Lesson.run)


def reset(gate, w0, w1, w2, rate):
    """A fresh lesson from the typed settings, and the gate's truth table."""
    lesson = Lesson(settings(gate, w0, w1, w2, rate))
    return lesson, figure(lesson), trace_table(lesson), message(lesson), truth_table(gate)


def solve_xor(presses):
    """Train the report's 2-2-1 network on XOR; each press tries a new seed."""
    from digits.lesson.xor_mlp import MlpConfig, train

    presses = int(presses or 0)
    result = train(MlpConfig(seed=presses))
    return presses + 1, mlp_figure(result), mlp_message(result)


def build(session: gr.State, tab: gr.Tab | None = None) -> gr.Blocks:
    """The Perceptron tab; its lesson lives in its own per-visitor State."""
    with gr.Blocks() as tab:
        lesson, presses, start = gr.State(None), gr.State(0), Lesson(REPORT)
        gr.Markdown("## One neuron learns a gate\nChoose a gate, then press **Step**, **Epoch** or **Run**.")
        with gr.Row():
            with gr.Column(scale=1):
                gate = gr.Radio(list(GATES), value=REPORT.gate, label="Gate")
                # Right under the gate: on a 1366x768 projector they are on the first screen.
                with gr.Row():
                    buttons = [
                        gr.Button(name, variant="primary", elem_id=f"perceptron-{name.lower()}", min_width=80)
                        for name in ("Step", "Epoch", "Run")
                    ]
                    reset_button = gr.Button("Reset", elem_id="perceptron-reset", min_width=80)
                table = gr.Markdown(truth_table(REPORT.gate))
                with gr.Row():
                    w0, w1, w2 = (
                        gr.Textbox(v, label=f"start w{i}", min_width=60) for i, v in enumerate(REPORT.weights)
                    )
                rate = gr.Textbox(REPORT.learning_rate, label="learning rate")
                xor_button = gr.Button("Add a hidden layer (solve XOR)", variant="secondary")
                gr.Markdown(EXPLANATION)
                teacher_note(TEACHER)
            with gr.Column(scale=2):
                text = gr.Markdown(message(start))
                plot = gr.Plot(
                    figure(start),
                    label="The neuron's line",
                    show_label=False,
                    format="png",
                    elem_id="perceptron-plot",
                )
                steps = gr.Dataframe(
                    trace_table(start), label="Trace (newest first)", max_height=360, interactive=False
                )
        inputs = [lesson, gate, w0, w1, w2, rate]
        for button, fn in zip(buttons, (step, epoch, run), strict=True):
            button.click(
                fn,
                inputs,
                [lesson, plot, steps, text],
                api_name=f"perceptron_{fn.__name__}",
                show_progress="hidden",
            )
        shown = [lesson, plot, steps, text, table]
        # A bad typed value is told in a toast (gr.Error) and leaves the plot as it was: with the
        # default progress display, the error covered and blanked every output, the plot too.
        reset_button.click(reset, inputs[1:], shown, api_name="perceptron_reset", show_progress="hidden")
        gate.change(reset, inputs[1:], shown, api_visibility="private", show_progress="hidden")
        xor_button.click(solve_xor, presses, [presses, plot, text], api_name="perceptron_xor_mlp")
    return tab
