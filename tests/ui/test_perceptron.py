"""The Perceptron tab: its handlers, its plots, and the whole tab driven through the running app."""

import gradio as gr
import numpy as np
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from digits.ui import perceptron as ui
from digits.ui import perceptron_views as views
from tests.conftest import free_port

REPORT = ("0.8", "-1", "-1", "0.2")


def test_reset_shows_the_truth_table_and_an_empty_trace():
    lesson, fig, trace, text, table = ui.reset("OR", *REPORT)
    assert lesson.steps == [] and trace.empty and list(trace.columns) == views.TRACE_HEADERS
    assert "Ready to learn **OR** from weights (0.8, -1.0, -1.0) with learning rate 0.2" in text
    assert table.splitlines()[2:] == [
        "| 0 | 0 | **0** |",
        "| 0 | 1 | **1** |",
        "| 1 | 0 | **1** |",
        "| 1 | 1 | **1** |",
    ]
    assert "0.8 − 1.0·x1 − 1.0·x2 = 0" in fig.axes[0].get_title()


def test_the_first_pass_trace_is_the_reports():
    lesson = None
    for _ in range(4):
        lesson, fig, trace, text = ui.step(lesson, "AND", *REPORT)
    rows = trace.values.tolist()[::-1]  # newest first on screen
    assert [r[2] for r in rows] == ["(0, 0)", "(1, 1)", "(0, 1)", "(1, 0)"]
    assert [r[5] for r in rows] == [1, 0, 0, 0]
    assert [r[6] for r in rows] == [
        "(-0.2, 0.0, 0.0)",
        "(0.2, 0.2, 0.2)",
        "(0.0, 0.0, 0.0)",
        "(0.0, 0.0, 0.0)",
    ]
    assert [r[7] for r in rows] == ["(0.6, -1.0, -1.0)"] + ["(0.8, -0.8, -0.8)"] * 3
    assert "Sum = 0.0 ≤ 0, so output 0: right" in text and "Pass 1 made 2 mistakes." in text


@pytest.mark.parametrize(
    ("gate", "expected"),
    [
        ("AND", "**Learned AND in 14 passes**: pass 14 made no mistake. Final weights (-0.4, 0.4, 0.2)."),
        ("OR", "**Learned OR in 12 passes**: pass 12 made no mistake. Final weights (0.0, 0.2, 0.2)."),
        ("NAND", "**Learned NAND in 2 passes**"),
        ("NOR", "**Learned NOR in 1 passes**"),
        ("XOR", "**XOR can never be learned by one neuron.**"),
    ],
)
def test_run_says_what_happened(gate, expected):
    lesson, fig, trace, text = ui.run(None, gate, *REPORT)
    assert text.startswith(expected)
    assert len(trace) == len(lesson.steps) == 4 * lesson.passes
    if gate == "XOR":
        assert "No straight line" in text and "repeat" in text


def test_epoch_finishes_the_pass_and_a_finished_lesson_says_so():
    lesson, *_ = ui.step(None, "AND", *REPORT)
    lesson, _, trace, text = ui.epoch(lesson, "AND", *REPORT)
    assert len(trace) == 4 and lesson.position == 0
    lesson, *_ = ui.run(lesson, "AND", *REPORT)
    lesson, _, trace, text = ui.step(lesson, "AND", *REPORT)
    assert len(trace) == 56 and text.startswith("Already finished")


def test_edited_settings_start_a_new_lesson():
    lesson, *_ = ui.epoch(None, "AND", *REPORT)
    lesson2, _, trace, text = ui.step(lesson, "AND", "0.5", "-1", "-1", "0.2")
    assert lesson2 is not lesson and len(trace) == 1 and text.startswith("New settings")
    assert ui.step(lesson2, "AND", " 0.50 ", "-1.0", "-1", "0.2")[0] is lesson2  # same numbers: carries on
    lesson3, *_ = ui.run(None, "OR", "0", "0", "0", "1")
    assert lesson3.status == "learned" and lesson3.passes == 3


@pytest.mark.parametrize(
    ("weights", "rate", "says"),
    [
        (("", "-1", "-1"), "0.2", "Start weight w0 is empty"),
        (("0.8", "abc", "-1"), "0.2", "Start weight w1 must be a number"),
        (("0.8", "-1", "nan"), "0.2", "Start weight w2 must be a finite number"),
        (("0.8", "-1", "1e6"), "0.2", "Start weight w2 must be between"),
        (REPORT[:3], "0", "The learning rate must be above 0"),
        (REPORT[:3], "-0.5", "The learning rate must be above 0"),
        (REPORT[:3], " ", "The learning rate is empty"),
        (REPORT[:3], "fast", "The learning rate must be a number"),
    ],
)
def test_bad_values_give_a_plain_message(weights, rate, says):
    for handler in (ui.step, ui.epoch, ui.run):
        with pytest.raises(gr.Error, match=says):
            handler(None, "AND", *weights, rate)
    with pytest.raises(gr.Error, match=says):
        ui.reset("AND", *weights, rate)


def test_the_plot_draws_the_line_and_shades_the_side_that_says_1():
    lesson, fig, *_ = ui.run(None, "AND", *REPORT)
    ax = fig.axes[0]
    assert "−0.4 + 0.4·x1 + 0.2·x2 = 0" in ax.get_title() and "learned" in ax.get_title()
    x1, x2 = ax.get_lines()[0].get_data()
    assert np.allclose(-0.4 + 0.4 * x1 + 0.2 * x2, 0)
    shade = np.asarray(ax.get_images()[0].get_array())
    at = lambda a, b: shade[int(np.argmin(abs(views.GRID - b))), int(np.argmin(abs(views.GRID - a)))]
    assert at(1, 1) and at(1.4, -0.4) and not at(0, 0) and not at(0, 1) and not at(0.5, -0.4)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "target 1" in legend and "answers 1" in legend and "wrong now" not in legend


def test_vertical_and_missing_lines():
    _, fig, *_ = ui.reset("AND", "-0.5", "1", "0", "0.2")
    assert "−0.5 + 1.0·x1 + 0.0·x2 = 0" in fig.axes[0].get_title()
    assert np.allclose(fig.axes[0].get_lines()[0].get_xdata(), 0.5)
    _, fig, *_ = ui.reset("AND", "1", "0", "0", "0.2")
    assert fig.axes[0].get_lines() == [] and "wrong now" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_a_hidden_layer_solves_xor():
    presses, fig, text = ui.solve_xor(0)
    assert presses == 1 and "**A hidden layer solves XOR**" in text
    rows = [line for line in text.splitlines() if line.startswith("| 0 |") or line.startswith("| 1 |")]
    assert [r.split("|")[4].strip() for r in rows] == ["**0**", "**1**", "**1**", "**0**"]
    ax = fig.axes[0]
    assert ax.get_title().endswith("→ 0 1 1 0") and len(ax.get_lines()) == 2  # the two hidden neurons
    assert ui.solve_xor(presses)[0] == 2


def test_figures_from_worker_threads_leave_the_matplotlib_backend_alone(python):
    code = """
import threading, matplotlib
matplotlib.use("svg")  # the process's choice, which a figure must not change
from digits.ui import perceptron as ui
from tests.conftest import free_port
figures = []
threads = [threading.Thread(target=lambda: figures.append(ui.reset("AND", "0", "1", "1", "0.2")[1]))
           for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
assert len(figures) == 4 and matplotlib.get_backend() == "svg", matplotlib.get_backend()
"""
    python(code, timeout=60)


def test_the_tab_never_imports_tensorflow(python):
    code = "import sys, digits.ui.perceptron, digits.lesson.xor_mlp; assert 'tensorflow' not in sys.modules"
    python(code, timeout=60)


def test_the_views_draw_without_gradio(python):
    code = "import sys, digits.ui.perceptron_views; assert 'gradio' not in sys.modules"
    python(code, timeout=60)


@pytest.fixture(scope="module")
def client():
    port = free_port()
    with gr.Blocks() as demo:
        ui.build(gr.State(None))
    demo.launch(prevent_thread_lock=True, server_port=port, quiet=True)
    try:
        yield Client(f"http://127.0.0.1:{port}/", verbose=False)
    finally:
        demo.close()


def test_every_button_through_the_app(client):
    step = client.predict("AND", *REPORT, api_name="/perceptron_step")
    plot, trace, text = step
    assert plot["type"] == "matplotlib" and plot["plot"].startswith("data:image/png;base64,")
    assert trace["data"] == [[1, 1, "(0, 0)", 0, "0.8", 1, "(-0.2, 0.0, 0.0)", "(0.6, -1.0, -1.0)"]]
    _, trace, text = client.predict("AND", *REPORT, api_name="/perceptron_epoch")  # the lesson is kept
    assert len(trace["data"]) == 4 and "Pass 1 made 2 mistakes" in text
    _, trace, text = client.predict("AND", *REPORT, api_name="/perceptron_run")
    assert text.startswith("**Learned AND in 14 passes**") and len(trace["data"]) == 56

    _, trace, text, table = client.predict("OR", *REPORT, api_name="/perceptron_reset")
    assert trace["data"] in ([], [["", "", "", "", "", "", "", ""]]) and "Ready to learn **OR**" in text
    assert "| 0 | 1 | **1** |" in table
    assert client.predict("OR", *REPORT, api_name="/perceptron_run")[2].startswith(
        "**Learned OR in 12 passes**"
    )

    text = client.predict("NAND", "0", "0", "0", "1", api_name="/perceptron_run")[2]  # edited weights
    assert text.startswith("New settings, so it starts again. **Learned NAND in")
    text = client.predict("XOR", *REPORT, api_name="/perceptron_run")[2]
    assert "can never be learned" in text and "No straight line" in text

    plot, text = client.predict(api_name="/perceptron_xor_mlp")
    assert "solves XOR" in text and plot["type"] == "matplotlib"


@pytest.mark.parametrize(
    ("api", "values", "says"),
    [
        ("/perceptron_step", ("AND", "", "-1", "-1", "0.2"), "Start weight w0 is empty"),
        ("/perceptron_epoch", ("OR", "0.8", "one", "-1", "0.2"), "Start weight w1 must be a number"),
        ("/perceptron_run", ("XOR", *REPORT[:3], "0"), "The learning rate must be above 0"),
        ("/perceptron_reset", ("AND", *REPORT[:3], "-0.2"), "The learning rate must be above 0"),
    ],
)
def test_bad_values_through_the_app(client, api, values, says):
    with pytest.raises(AppError, match=says):
        client.predict(*values, api_name=api)


@pytest.mark.parametrize(
    ("w0", "says"),
    [("1e-100000", "between 1e-30 and 1e30"), ("7" * 40, "too long"), ("x" * 1_000_000, "too long")],
)
def test_hostile_typing_gets_a_short_plain_line_at_once(w0, says):
    """float() read 1e-100000 as 0.0 and let the exact fraction be built; a long entry was quoted whole."""
    with pytest.raises(gr.Error, match=says) as info:
        ui.settings("AND", w0, "-1", "-1", "0.2")
    assert len(str(info.value)) < 120


def test_the_typed_number_helper_bounds_every_field():
    from digits.ui.common import number

    with pytest.raises(gr.Error, match="Learning rate must lie between"):
        number("1e-10000000", "Learning rate", 0, 10)
    with pytest.raises(gr.Error) as info:
        number(["a"] * 1_000_000, "Epochs")
    assert len(str(info.value)) < 80
    assert number("2.5e-3", "Learning rate") == 0.0025
