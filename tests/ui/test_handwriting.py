"""The class's own handwriting panel: its handlers driven as Gradio would, bad uploads refused in one line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import gradio as gr
import numpy as np
import pytest

from digits.train.controls import TrainingControls
from digits.train.finetune import FinetuneConfig
from digits.train.finetune_live import finetuning
from digits.ui import handwriting as panel
from digits.ui import handwriting_finetune as finetune
from digits.ui import run_controls
from digits.ui.common import Session, recognizer_for
from digits.ui.handwriting_views import set_text
from digits.ui.train_views import curve_frames
from tests.strokes import pad_value
from tests.train.test_finetune import mirrored_class, tiny_model

QUICK = FinetuneConfig(epochs=1, copies=2, mnist=200, batch_size=32)


def one_line(message) -> str:
    assert isinstance(message, str) and message.startswith("⚠️"), message
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.fixture
def filled(mnist) -> Session:
    return Session(class_set=mirrored_class(mnist, 20))


def test_drawings_from_the_pad_are_added_with_their_label_and_the_pad_is_wiped(shipped_recognizer):
    session = Session()
    session, counts, message, pad = panel.add_drawing(pad_value(7), "7", session)
    assert len(session.class_set) == 1 and session.class_set.labels().tolist() == [7]
    drawing = session.class_set.drawings[0]
    assert drawing.source == "teach" and drawing.strokes and drawing.image.shape == (28, 28)
    assert "**1 drawing**" in counts and "0 of 1 kept aside" in counts and "Added a 7" in message
    assert pad["strokes"] == []
    _, counts, message, pad = panel.add_drawing({"width": 1, "height": 1, "strokes": []}, "3", session)
    assert one_line(message) and counts == gr.skip() and len(session.class_set) == 1


def test_the_split_is_said_in_plain_words(filled):
    assert "**5 of 20 kept aside for the after.**" in set_text(filled.class_set)
    assert "No drawings yet" in set_text(Session().class_set)


@pytest.mark.parametrize("fmt", ["npz + README", "PNG + CSV"])
def test_a_downloaded_set_uploads_into_a_fresh_session(filled, fmt):
    path, message = panel.download_set(fmt, filled)
    assert zipfile.is_zipfile(path) and "20 drawings" in message
    fresh, counts, message, box = panel.upload_set(path, Session())
    assert box is None
    assert len(fresh.class_set) == 20 and "**20 drawings**" in counts and "Added 20" in message
    assert fresh.class_set.labels().tolist() == filled.class_set.labels().tolist()
    assert np.abs(fresh.class_set.images() - filled.class_set.images()).max() <= 1 / 255


def bad_set_files(tmp_path, mnist):
    """A file per way an upload can be wrong."""
    text = tmp_path / "notes.zip"
    text.write_text("not a zip")
    shapes = tmp_path / "shapes.npz"
    np.savez(shapes, images=np.zeros((3, 32, 32), np.uint8), labels=np.zeros(3, np.uint8))
    labels = tmp_path / "labels.npz"
    np.savez(labels, images=np.zeros((3, 28, 28), np.uint8), labels=np.array([1, 12, 3], np.uint8))
    huge = tmp_path / "huge.zip"
    with open(huge, "wb") as f:  # 1 GB, sparse: nothing is written to disk
        f.truncate(2**30)
    return [text, shapes, labels, huge]


def test_bad_set_uploads_get_one_plain_line_and_change_nothing(filled, tmp_path, mnist):
    before = filled.class_set.labels().tolist()
    for path in bad_set_files(tmp_path, mnist):
        session, counts, message, _ = panel.upload_set(str(path), filled)
        one_line(message)
        assert counts == gr.skip() and session.class_set.labels().tolist() == before, path.name
    assert panel.download_set("npz", Session())[1].startswith("⚠️")


def test_clear_empties_the_set(filled):
    session, counts, message = panel.clear_set(filled)
    assert len(session.class_set) == 0 and "Cleared 20" in message and "No drawings yet" in counts


def test_before_needs_kept_aside_drawings_then_shows_them(filled, shipped_recognizer):
    three = type(filled.class_set)(filled.class_set.drawings[:3])
    with pytest.raises(gr.Error, match="at least 4"):
        finetune.show_before(Session(class_set=three))
    text, figure = finetune.show_before(filled)
    assert "Before" in text and "of the 5" in text and figure is not None


def test_finetune_live_streams_then_shows_the_after_and_uses_the_copy(filled, mnist, monkeypatch, keras):
    model = tiny_model(mnist)
    weights = [w.copy() for w in model.get_weights()]
    from digits.read.recognizer import Recognizer

    filled.recognizer, filled.model_label = Recognizer(model, "tiny"), "tiny"
    monkeypatch.setattr(finetune, "FINETUNE", QUICK)
    run_state: dict = {}
    updates = list(finetune.finetune_live(filled, run_state))
    names = finetune.SHOWN
    first, last = dict(zip(names, updates[0], strict=True)), dict(zip(names, updates[-1], strict=True))
    assert "kept-aside" in first["before"] and first["before_plot"] is not None
    assert "Before:" in last["status"] and "After:" in last["status"] and last["after_plot"] is not None
    assert last["session"].recognizer.model is run_state["run"].model is not model
    assert all(np.array_equal(a, b) for a, b in zip(weights, model.get_weights(), strict=True))


def test_a_downloaded_model_uploads_into_a_fresh_session(filled, shipped_recognizer):
    path, message = panel.download_model(Session())
    assert path.endswith(".keras") and "shipped" in message
    fresh, message, _ = panel.upload_model(path, Session())
    assert "digits-model.keras" in message and fresh.recognizer is not None
    images = filled.class_set.images()
    assert np.allclose(
        fresh.recognizer.probabilities(images), shipped_recognizer.probabilities(images), atol=1e-5
    )


def bad_model_files(tmp_path, mnist):
    import keras

    other = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(5)])
    shapes = tmp_path / "five.keras"
    other.save(shapes)
    good = tmp_path / "good.keras"
    tiny_model(mnist).save(good)
    cut = tmp_path / "cut.keras"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    text = tmp_path / "text.keras"
    text.write_text("hello")
    huge = tmp_path / "huge.keras"
    with open(huge, "wb") as f:
        f.truncate(2**30)
    return [shapes, cut, text, huge]


def test_bad_model_uploads_get_one_plain_line_and_change_nothing(tmp_path, mnist, keras):
    session = Session()
    for path in bad_model_files(tmp_path, mnist):
        session, message, _ = panel.upload_model(str(path), session)
        one_line(message)
        assert session.recognizer is None, path.name
    assert recognizer_for(session).name == "recognizer"


def test_controls_refuse_without_a_run_and_mark_the_curves(filled, mnist, keras):
    with pytest.raises(gr.Error, match="Nothing is training"):
        run_controls.pause({})
    teach, _ = filled.class_set.split()
    run = finetuning(tiny_model(mnist), teach, mnist, QUICK, controls=TrainingControls(paused=True))
    state = {"run": run.start()}
    assert run.controls.wait_paused(timeout=60)
    assert "Paused" in run_controls.pause(state)
    assert "batch 1" in run_controls.step(state)
    assert run.controls.wait_batches(1, timeout=60)
    with pytest.raises(gr.Error):
        run_controls.set_rate(-1, state)
    assert "0.01" in run_controls.set_rate(0.01, state)
    assert "Resumed after batch" in run_controls.resume(state)
    assert run.join(timeout=120) and run.result is not None
    kinds = [e["kind"] for e in run.progress.events]
    assert kinds == ["pause", "rate", "resume"]
    loss, accuracy = run_controls.curve_plots(run.progress)
    marks = accuracy.value["data"] if isinstance(accuracy.value, dict) else None
    frame = run_controls.marked(curve_frames(list(run.progress.points))[1], run.progress.events)
    lines = frame[~frame.curve.isin(["training", "validation"])]
    assert len(lines) == 6 and lines.curve.str.contains("rate → 0.01").any()
    assert set(run_controls.colors(run.progress.events)) >= set(lines.curve)
    assert marks is None or len(marks) >= len(lines)


def test_downloads_are_made_in_the_visitors_folder_and_freed_with_them(filled, tmp_path, monkeypatch, keras):
    from types import SimpleNamespace

    from digits.ui.common import free_files, free_session

    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))  # where Gradio serves files from, uncopied
    page = SimpleNamespace(session_hash="page-1")
    zipped, _ = panel.download_set("PNG + CSV", filled, page)
    model, _ = panel.download_model(filled, page)
    assert zipped.startswith(str(tmp_path)) and model.startswith(str(tmp_path))
    assert filled.files.folder in Path(zipped).parents and filled.files.folder in Path(model).parents
    empty = Session()
    assert panel.download_set("npz", empty, SimpleNamespace(session_hash="page-2"))[1].startswith("⚠️")
    assert not empty.files.folder.exists()  # a refused download makes no folder
    free_files("page-1")  # the page left: its downloads go, and their addresses with them
    assert not Path(zipped).exists() and not Path(model).exists() and not filled.files.folder.exists()
    again, _ = panel.download_set("npz", filled, page)
    free_session(filled)  # or the visitor was idle past the limit
    assert not Path(again).exists()


def test_an_uploaded_set_and_model_are_deleted_once_read(filled, tmp_path, monkeypatch, shipped_recognizer):
    import shutil

    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "cache"))
    zipped, _ = panel.download_set("npz", filled)
    model, _ = panel.download_model(Session())
    uploads = []
    for k, made in enumerate([zipped, model]):  # where Gradio's upload route puts a file: a folder each
        upload = tmp_path / "cache" / f"{k:040x}" / Path(made).name
        upload.parent.mkdir(parents=True)
        uploads.append(shutil.copy(made, upload))
    fresh, _, message, _ = panel.upload_set(uploads[0], Session())
    assert len(fresh.class_set) == 20
    fresh, message, _ = panel.upload_model(uploads[1], fresh)
    assert fresh.recognizer is not None
    assert not any(Path(u).parent.exists() for u in uploads)  # the children's drawings are not on disk
