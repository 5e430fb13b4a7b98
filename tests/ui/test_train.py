"""The Train tab's handlers, driven without a server, as Gradio would drive them."""

from __future__ import annotations

import re
import time

import gradio as gr
import numpy as np
import pytest

from digits.read.recognizer import default_recognizer
from digits.train.sketch import Style, mnist_canvas
from digits.ui import train as tab
from digits.ui import train_form, train_run
from digits.ui.common import Session, new_session, recognizer_for

SMALL = dict(
    network="report",
    optimizer="adam",
    learning_rate=0.001,
    epochs=1,
    batch_size=128,
    images=1000,
    augment=False,
)


def run_to_end(session: Session, run_state: dict, **changes) -> list[tuple]:
    return list(train_run.train_model(**{**SMALL, **changes}, session=session, run_state=run_state))


def until_training(updates, run_state: dict) -> None:
    """Advance the generator until real batches have been trained."""
    for _ in updates:
        run = run_state.get("run")
        if run is not None and run.progress.batches_done >= 3:
            return
    raise AssertionError("the run ended before it trained")


def test_the_generator_yields_live_curves_then_the_results(keras):
    session, run_state = Session(), {}
    updates = run_to_end(session, run_state)
    curves = [u[1] for u in updates if isinstance(u[1], gr.LinePlot)]
    assert len(curves) >= 3 and curves[0].x_lim == [0, 1]
    assert len(curves[-1].value["data"]) > len(curves[1].value["data"]) > 0, "the curves grow"
    assert any("epoch 1 of 1" in u[0] for u in updates), "progress shown while training"

    status, _, _, confusion, mistakes, table, out_session, _ = updates[-1]
    accuracy = float(re.search(r"Test accuracy: \*\*([\d.]+)%", status).group(1))
    assert 30 < accuracy <= 100
    assert confusion.axes[0].get_xlabel() == "the network's answer"
    titles = [ax.get_title() for ax in mistakes.axes]
    assert len(titles) == train_form.DEFAULTS.mistakes + train_form.DEFAULTS.correct
    pairs = [tuple(map(int, re.fullmatch(r"Said (\d), is (\d)", t).groups())) for t in titles]
    assert all(p != t for p, t in pairs[: train_form.DEFAULTS.mistakes]) and all(
        p == t for p, t in pairs[-2:]
    )
    assert out_session is session and len(session.runs) == 1 and list(table.columns) == train_run.RUN_COLUMNS
    assert table.iloc[0]["Network"] == "report" and table.iloc[0]["Test accuracy"] == f"{accuracy:.2f}%"


def test_stop_ends_a_run_within_a_second_and_its_model_can_read_drawings(mnist, keras):
    session, run_state = Session(), {}
    updates = train_run.train_model(
        **{**SMALL, "epochs": 50, "images": 3000}, session=session, run_state=run_state
    )
    until_training(updates, run_state)
    asked = time.perf_counter()
    train_run.stop_training(run_state)
    for status, *_ in updates:
        if status.startswith("🔎"):  # training over, now measuring
            break
    assert time.perf_counter() - asked < 1.5
    final = list(updates)[-1][0]
    assert "Stopped" in final and "of 50 epochs" in final

    session, message = train_run.use_model(session, run_state)
    assert "this browser only" in message and recognizer_for(session).model is run_state["run"].model
    reading = recognizer_for(session).read(mnist_canvas(mnist.x_test[0, ..., 0], Style()))
    assert reading.digit is not None and reading.probabilities.sum() == pytest.approx(1, abs=1e-4)


def test_closing_the_page_mid_run_stops_the_training_thread(keras):
    run_state = {}
    updates = train_run.train_model(
        **{**SMALL, "epochs": 50, "images": 3000}, session=Session(), run_state=run_state
    )
    until_training(updates, run_state)
    updates.close()  # what Gradio does when the visitor leaves
    assert run_state["run"].finished and run_state["run"].result.stopped


def test_two_sessions_models_stay_apart(mnist, keras):
    teacher, child = Session(), Session()
    teacher_state, child_state = {}, {}
    run_to_end(teacher, teacher_state)
    train_run.use_model(teacher, teacher_state)
    assert recognizer_for(teacher).model is teacher_state["run"].model
    assert recognizer_for(child) is default_recognizer() and child.runs == [] and child_state == {}
    canvas = mnist_canvas(mnist.x_test[1, ..., 0], Style())
    mine, theirs = recognizer_for(teacher).read(canvas), recognizer_for(child).read(canvas)
    assert not np.allclose(mine.probabilities, theirs.probabilities)
    with pytest.raises(gr.Error, match="Train a network first"):
        train_run.use_model(child, child_state)
    train_run.use_shipped(teacher)
    assert recognizer_for(teacher) is default_recognizer()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"epochs": 0}, "Epochs must be a whole number from 1 to 500"),
        ({"epochs": 2.5}, "Epochs must be a whole number"),
        ({"images": 70_000}, "Training images must be a whole number from 100 to 60,000"),
        ({"learning_rate": "fast"}, "Learning rate must be a number"),
        ({"learning_rate": 0}, "learning rate must be above 0"),
        ({"network": "huge"}, "Pick a network from the list"),
    ],
)
def test_bad_settings_get_a_plain_message(changes, message):
    with pytest.raises(gr.Error, match=message):
        next(train_run.train_model(**{**SMALL, **changes}, session=Session(), run_state={}))


def test_use_needs_a_finished_run():
    with pytest.raises(gr.Error, match="Train a network first"):
        train_run.use_model(Session(), {})
    from digits.train import live
    from digits.train.fit import TrainConfig

    unstarted = live.training(TrainConfig(epochs=1, subset=1000))
    with pytest.raises(gr.Error, match="still going"):
        train_run.use_model(Session(), {"run": unstarted})


def test_picking_a_network_fills_in_its_documents_settings():
    about, optimizer, rate, batch = train_form.network_changed("c1")
    assert (optimizer, rate, batch) == ("adadelta", 1.0, 128) and "2,435,210 weights" in about


def test_the_tab_wires_train_stop_and_use():
    with gr.Blocks() as demo:
        session = new_session()
        with gr.Tab("Train"):
            assert isinstance(tab.build(session), gr.Blocks)
    fns = {fn.api_name: fn for fn in demo.fns.values()}
    # Trainings wait in the app's own line (digits.serve.space), which admits one at a time and lets Stop
    # withdraw a waiting run; Gradio's queue does not hold them back.
    assert fns["train_start"].concurrency_limit is None
    from digits.serve import space

    assert space.training_line().slots == space.settings().trainings == 1
    assert fns["train_stop"].queue is False and fns["train_use"].queue is False
    assert session in fns["train_start"].inputs and session in fns["train_use"].outputs
    ids = {block.elem_id for block in demo.blocks.values()}
    assert {"train-start", "train-stop", "train-status", "train-use"} <= ids


def test_each_network_says_what_it_reached_here_beside_its_document():
    from digits.train import reproduced

    report = train_form.describe("report")
    assert reproduced.summary("report", document=False) in report and "Trained here" in report
    assert report.count("98.77%") == 1  # the document's figure, said once
    for name in ("a1", "a2", "c3", "b8"):  # measured or not yet: said either way
        text = train_form.describe(name)
        assert (reproduced.summary(name, document=False) or "Not yet trained here") in text
    assert "Why it differs: " in train_form.describe("a2")  # a miss comes with its reason
