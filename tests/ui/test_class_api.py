"""A class driven through the app's API (gradio_client), as a load script would (docs/api.md)."""

from __future__ import annotations

import re

from digits.lesson.formation import formation

URL = "http://school.example/"
W = H = 400
# digits, length, mode, language, one, four, seven, nine, sound, strict, collect
THREES = [["3"], 4, "trace", "English", "plain", "open", "plain", "straight", False, False, False]


def traced(digit: int, mirrored: bool = False) -> dict:
    strokes = formation(digit).on_pad(W, H)
    out, t = [], 0
    for s in strokes:
        points = []
        for x, y in s[:: max(1, len(s) // 25)]:
            points.append([float(W - x if mirrored else x), float(y), t])
            t += 10
        out.append(points)
    return {"width": W, "height": H, "strokes": out}


def test_a_teacher_and_two_children_through_the_api(app_url):
    from gradio_client import Client

    teacher, alice, bob = (Client(app_url, verbose=False) for _ in range(3))
    key, code_html, qr_html, *_ = teacher.predict(URL, *THREES, api_name="/class_start")
    code = re.search(r">([A-Z0-9]{3}-[A-Z0-9]{3})<", code_html).group(1)
    assert f"{URL}?class={code}" in qr_html and len(key) >= 32

    seats = []
    for child in (alice, bob):
        token, status, *_ = child.predict(code, api_name="/class_join")
        seats.append(int(re.search(r"seat (\d+)", status).group(1)))
        assert key not in repr((token, status)) and len(token) >= 32
        child.predict(api_name="/class_follow")  # the teacher's round: 3s, traced
    alice.predict(traced(3, mirrored=True), False, api_name="/practice_check")
    feedback, *_ = bob.predict(traced(3), False, api_name="/practice_check")
    assert "⭐" in feedback

    board, problem = teacher.predict(key, False, api_name="/class_board")
    assert "data-checks='2'" in board and "1 backwards" in board and problem.count("<p") <= 1
    row = re.search(rf"<tr[^>]*data-seat='{seats[0]}'.*?</tr>", board).group(0)
    assert "backwards" in row

    # A child's session asking for the dashboard with its own token gets one line, no board.
    token, *_ = alice.predict(code, api_name="/class_join")
    refused, _ = alice.predict(token, False, api_name="/class_board")
    assert "opens no class" in refused and "<table" not in refused

    teacher.predict(key, *(["5"], *THREES[1:]), api_name="/class_settings")
    bob.predict(api_name="/class_follow")
    feedback, *_ = bob.predict(traced(5), False, api_name="/practice_check")
    board, _ = teacher.predict(key, False, api_name="/class_board")
    assert "data-item='5'" in board and "data-checks='3'" in board

    teacher.predict(key, api_name="/class_delete")
    _, status, *_ = bob.predict(api_name="/class_follow")
    assert "deleted the class" in status
