"""The launched app, driven through gradio_client as an API user would."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from gradio_client import handle_file

from digits.limits import MODEL_BYTES
from digits.train.sketch import Style, mnist_canvas
from tests.conftest import ROOT, client_when_up, free_port, write_png


@pytest.fixture(scope="module")
def seven_png(tmp_path_factory, mnist):
    return write_png(
        tmp_path_factory.mktemp("png") / "seven.png", mnist_canvas(mnist.x_test[0, ..., 0], Style(side=560))
    )


def test_recognize_reads_a_drawn_digit(client, seven_png):
    result = client.predict(handle_file(str(seven_png)), api_name="/recognize")
    assert result["digit"] == 7 and result["sure"] is True
    assert len(result["probabilities"]) == 10 and abs(sum(result["probabilities"]) - 1) < 1e-3
    assert result["top3"][0]["digit"] == 7 and len(result["top3"]) == 3
    assert result["number"] == "7"


def test_recognize_empty_canvas(client, tmp_path):
    blank = write_png(tmp_path / "blank.png", np.full((400, 400, 4), 255, np.uint8))
    result = client.predict(handle_file(str(blank)), api_name="/recognize")
    assert result["digit"] is None and "Nothing drawn" in result["message"]


def test_recognize_rejects_a_non_image(client, tmp_path):
    note = tmp_path / "note.png"
    note.write_text("hello, not a picture")
    with pytest.raises(Exception) as info:
        client.predict(handle_file(str(note)), api_name="/recognize")
    assert "Traceback" not in str(info.value)


def test_no_endpoint_reads_a_path_the_client_names(app_url):
    """A client cannot make the server open /etc/passwd by naming it as a file."""
    import json
    import urllib.request

    payload = {"data": [{"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}}], "session_hash": "x1"}
    req = urllib.request.Request(
        app_url + "gradio_api/call/recognize",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    event_id = json.loads(urllib.request.urlopen(req, timeout=30).read())["event_id"]
    stream = (
        urllib.request.urlopen(f"{app_url}gradio_api/call/recognize/{event_id}", timeout=60).read().decode()
    )
    assert "event: error" in stream
    assert "root:" not in stream


def test_server_binds_to_loopback_by_default(monkeypatch):
    import app

    monkeypatch.delenv("GRADIO_SERVER_NAME", raising=False)  # whatever the shell running the tests set
    options = app.launch_options()
    assert options["server_name"] == "127.0.0.1"
    assert options["max_file_size"] == MODEL_BYTES  # one figure: the app's c2 download (16 MB) comes back
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")  # a deployment opts in to other machines
    assert app.launch_options()["server_name"] == "0.0.0.0"


def test_app_starts_offline_with_no_writable_home(tmp_path, mnist, app_process):
    """python app.py with a read-only home and no cache folder: it starts and reads drawings."""
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIGITS_CACHE", "XDG_"))}
    env.update(
        HOME=str(home),
        GRADIO_SERVER_PORT=str(port),
        HF_HUB_OFFLINE="1",
        no_proxy="*",
        https_proxy="http://127.0.0.1:9",
        http_proxy="http://127.0.0.1:9",
    )
    proc = app_process(env)
    try:
        client = client_when_up(proc, port, 120)
        png = write_png(tmp_path / "two.png", mnist_canvas(mnist.x_test[1, ..., 0], Style(side=400)))
        assert client.predict(handle_file(str(png)), api_name="/recognize")["digit"] == 2
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0]
        home.chmod(0o700)
    assert "Traceback" not in out


def test_app_module_does_not_launch_on_import(python):
    code = "import app, sys; print(app.demo.is_running if hasattr(app.demo, 'is_running') else False)"
    out = python(code, timeout=120, check=False)
    assert out.returncode == 0 and "Running on" not in out.stdout + out.stderr
    assert not Path(ROOT / "flagged").exists()


def test_huge_upload_is_refused_with_a_message(client, tmp_path):
    """A file over the 50 MB upload limit (the model limit): a clear error, and the server keeps going."""
    from digits.limits import UPLOAD_BYTES

    big = tmp_path / "photo.png"
    big.write_bytes(np.random.default_rng(0).bytes(UPLOAD_BYTES + 2**20))
    with pytest.raises(Exception) as info:
        client.predict(handle_file(str(big)), api_name="/recognize")
    assert "size" in str(info.value).lower() or "large" in str(info.value).lower()


def test_large_but_allowed_photo_is_downscaled_and_read(client, tmp_path, mnist):
    """A 3000 x 3000 canvas (under the upload limit, compressed) is shrunk and read."""
    canvas = mnist_canvas(mnist.x_test[0, ..., 0], Style(side=3000, brush=90))
    png = write_png(tmp_path / "big.png", canvas)
    assert client.predict(handle_file(str(png)), api_name="/recognize")["digit"] == 7


def test_every_tab_answers_through_the_launched_app(client, tmp_path):
    """One real call per tab's endpoints, on the whole app as a Space serves it."""
    from digits.lesson.writing import WritingLesson
    from tests.strokes import pad_value, render

    # Perceptron: the report's AND, run to the end.
    _, _, text = client.predict("AND", "0.8", "-1", "-1", "0.2", api_name="/perceptron_run")
    assert "Learned AND in 14 passes" in text
    with pytest.raises(Exception, match="learning rate"):
        client.predict("OR", "0.8", "-1", "-1", "0", api_name="/perceptron_run")
    # Practice: the first digit asked for, drawn, checked.
    target = WritingLesson().digit
    feedback, score, *_ = client.predict(pad_value(target), api_name="/practice_check")
    assert "⭐" in feedback and "Score: 1" in score
    # Train: a tiny run from start to results, then used for this session only.
    outputs = client.predict("report", "adam", 0.001, 1, 128, 1000, False, api_name="/train_start")
    assert any("Test accuracy" in str(o) for o in outputs)
    used = client.predict(api_name="/train_use")
    assert "report" in str(used)
    client.predict(api_name="/train_shipped")  # back to the shipped model for this session
    seven = write_png(tmp_path / "seven.png", render(7))
    assert client.predict(handle_file(str(seven)), api_name="/recognize")["digit"] == 7


def test_importing_the_app_builds_no_network(python):
    code = "import sys, app; assert not {'keras', 'tensorflow'} & set(sys.modules), 'Keras imported'"
    python(code, timeout=300)


def test_importing_the_app_loads_no_model(python):
    code = (
        "import app, threading; from digits.read import recognizer; "
        "print(not recognizer.SHIPPED.ready.is_set(), recognizer.SHIPPED.ready.is_set(), "
        "any(t.name == 'warm-recognizer' for t in threading.enumerate()))"
    )
    out = python(code, timeout=120, check=False)
    assert out.returncode == 0 and out.stdout.split()[-3:] == ["True", "False", "False"], out.stderr[-2000:]
