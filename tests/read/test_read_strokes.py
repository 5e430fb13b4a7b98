"""The read_strokes API: a pad value in, the same JSON as `recognize` out; bad input one plain line."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from gradio_client import handle_file

from tests.conftest import write_png
from tests.strokes import pad_value, render

KEYS = {"digit", "mirrored", "confidence", "sure", "top3", "probabilities", "number", "digits", "message"}


def call(app_url: str, api: str, *data) -> tuple[str, object]:
    """One call through Gradio's plain REST API: ('complete', result) or ('error', message)."""
    req = urllib.request.Request(
        f"{app_url}gradio_api/call/{api}",
        data=json.dumps({"data": list(data)}, allow_nan=True).encode(),
        headers={"Content-Type": "application/json"},
    )
    event_id = json.loads(urllib.request.urlopen(req, timeout=60).read())["event_id"]
    stream = urllib.request.urlopen(f"{app_url}gradio_api/call/{api}/{event_id}", timeout=120).read().decode()
    event = next(line[7:] for line in stream.splitlines() if line.startswith("event: "))
    data = json.loads(stream.split("data: ", 1)[1].splitlines()[0])
    return event, data


def test_read_strokes_returns_what_recognize_returns(client, tmp_path):
    strokes = client.predict(pad_value(7), api_name="/read_strokes")
    image = client.predict(handle_file(str(write_png(tmp_path / "7.png", render(7)))), api_name="/recognize")
    assert set(strokes) == set(image) == KEYS
    assert strokes["digit"] == image["digit"] == 7 and strokes["number"] == "7" and strokes["sure"]
    assert len(strokes["probabilities"]) == 10 and strokes["top3"][0] == {
        "digit": 7,
        "probability": strokes["confidence"],
    }


def test_read_strokes_reads_a_number_and_nothing(client):
    value = {"width": 800, "height": 300, "strokes": []}
    for i, d in enumerate([2, 0, 2, 6]):
        value["strokes"] += [
            [[x + 200 * i, y + 50, t] for x, y, t in s] for s in pad_value(d, side=200)["strokes"]
        ]
    assert client.predict(value, api_name="/read_strokes")["number"] == "2026"
    empty = client.predict({"width": 300, "height": 300, "strokes": []}, api_name="/read_strokes")
    assert empty["digit"] is None and "Nothing drawn" in empty["message"]


NAN = float("nan")
BAD = [
    "not a dict",
    [1, 2, 3],
    None,
    {"width": 300, "height": 300, "strokes": [[[NAN, 1]]]},
    {"width": 300, "height": 300, "strokes": [[[1e300, 1]]]},
    {"width": 300, "height": 300, "strokes": [[[1, 2]]] * 10_000},
    {"width": 300, "height": 300, "strokes": [[[1, 2]] * 1_000_000]},
    {"width": -300, "height": 300, "strokes": []},
    {"width": 300, "height": 300, "strokes": [[1, 2], [3, 4]]},
    {"width": 300, "height": 300, "strokes": [[[[1, 2]]]]},
    {"width": 300, "height": 300, "strokes": {"a": 1}},
]


@pytest.mark.parametrize("value", BAD, ids=range(len(BAD)))
def test_bad_input_is_one_plain_line_and_the_server_keeps_answering(app_url, value):
    event, message = call(app_url, "read_strokes", value)
    assert event == "error"
    message = message["error"]
    assert "\n" not in message and "Traceback" not in message and 0 < len(message) < 200
    event, good = call(app_url, "read_strokes", pad_value(3))
    assert event == "complete" and good[0]["digit"] == 3


def test_the_pad_endpoint_reads_live(client):
    answer, top3, seen = client.predict(pad_value(4), api_name="/read_drawing")
    assert ">4<" in answer and "data:image/png;base64," in seen
    first = re.search(r"sure-label'>(\d) · .*?sure-pct'>(\d+)%", top3)
    assert first and first[1] == "4" and 0 <= int(first[2]) <= 100


def test_look_inside_and_the_session_work_from_the_pads_value(shipped_recognizer):
    from digits.ui import draw
    from digits.ui.common import Session

    session = Session(recognizer=shipped_recognizer)
    value = pad_value(7)
    answer, top3, seen = draw.read_drawing(value, session)
    assert ">7<" in answer and "data-points" in answer
    views = draw.look_inside(value, session)
    assert len(views) == 4 and views[0][0].shape == (280, 280, 3) and "7" in views[3][1]
    assert draw.look_inside({"width": 10, "height": 10, "strokes": []}, session) == []
