"""Formation: every model loads well-formed; scoring rewards the model and names the right slip."""

import json

import numpy as np
import pytest

from digits.lesson.formation import (
    CHOICES,
    FORMATIONS_FILE,
    Convention,
    Drawing,
    formation,
    to_pad,
    to_unit,
    variants,
)
from digits.lesson.formation_check import SLIPS, free, trace

W, H = 640, 480
ALL = [(d, v) for d in range(10) for v in variants(d)]


def convention_for(digit: int, variant: str) -> Convention:
    return Convention(**{k: variant for k, (d, _) in CHOICES.items() if d == digit})


def pad(strokes, width=W, height=H) -> dict:
    """The stroke pad's value, with times in ms."""
    return {
        "width": width,
        "height": height,
        "strokes": [[[x, y, 10.0 * i] for i, (x, y) in enumerate(s[:, :2])] for s in strokes],
    }


def test_the_json_matches_the_convention_choices():
    doc = json.loads(FORMATIONS_FILE.read_text())
    assert sorted(doc["digits"]) == [str(d) for d in range(10)]
    for name, (digit, choices) in CHOICES.items():
        assert tuple(doc["digits"][str(digit)]) == choices, name
        assert getattr(Convention(), name) == choices[0]  # the default is listed first
    assert FORMATIONS_FILE.stat().st_size < 40_000


@pytest.mark.parametrize(("digit", "variant"), ALL)
def test_every_formation_is_well_formed(digit, variant):
    model = variants(digit)[variant]
    assert model.digit == digit and model.variant == variant
    assert len(model.names) == len(model.strokes) >= 1 and model.steps.endswith(".")
    for s in model.strokes:
        assert s.ndim == 2 and s.shape[1] == 2 and len(s) >= 2
        assert (s >= 0).all() and (s <= 1).all()
        steps = np.linalg.norm(np.diff(s, axis=0), axis=1)
        assert steps.max() < 0.05  # smooth: no long jumps between points
    pts = np.concatenate(model.strokes)
    assert pts[:, 1].min() == pytest.approx(0.1, abs=0.02) and pts[:, 1].max() == pytest.approx(0.9, abs=0.02)
    assert model.where_to_start.startswith(("at the", "on the", "in the"))


def test_convention_picks_variants_and_refuses_unknown_ones():
    assert formation(1).variant == "plain" and formation(1, Convention(one="flag")).variant == "flag"
    assert formation(7, Convention(seven="crossed")).variant == "crossed"
    assert len(formation(7, Convention(seven="crossed")).strokes) == 2
    assert Convention(nine="curved").variant(3) is None
    with pytest.raises(ValueError, match="open or closed"):
        Convention(four="square")
    with pytest.raises(ValueError, match="0 to 9"):
        variants(10)


def test_model_placed_on_the_pad_and_back():
    model = formation(5)
    placed = model.on_pad(W, H)
    pts = np.concatenate(placed)
    assert pts.min() >= 0 and pts[:, 0].max() <= W and pts[:, 1].max() <= H
    assert np.allclose(to_unit(to_pad(model.start[None], W, H), W, H), model.start[None])
    shown = model.to_json(W, H)
    assert shown["digit"] == 5 and shown["names"] == ["the down stroke", "the hat"]
    assert len(shown["strokes"]) == 2 and shown["start"] == "at the top left"
    json.dumps(shown)  # ready for the browser


@pytest.mark.parametrize(("digit", "variant"), ALL)
def test_the_model_traced_scores_three_stars(digit, variant):
    result = trace(pad(formation(digit, convention_for(digit, variant)).on_pad(W, H)), digit,
                   convention_for(digit, variant))  # fmt: skip
    assert (result.stars, result.issue, result.passed) == (3, "ok", True)
    assert result.closeness > 0.95 and result.hint.startswith("Beautiful")


@pytest.mark.parametrize("digit", range(10))
def test_traced_with_a_shaky_hand_still_scores_well(digit):
    rng = np.random.default_rng(digit)
    side = 0.8 * min(W, H)
    shaky = [s + rng.normal(0, 0.012 * side, s.shape) for s in formation(digit).on_pad(W, H)]
    result = trace(pad(shaky), digit)
    assert result.stars >= 2 and result.issue == "ok" and result.passed


@pytest.mark.parametrize("digit", [1, 2, 3, 4, 5, 6, 7, 9])
def test_drawn_from_the_wrong_end_scores_low_and_says_where_to_start(digit):
    model = formation(digit)
    backwards = [s[::-1] for s in model.on_pad(W, H)]
    result = trace(pad(backwards), digit)
    assert result.stars <= 1 and not result.passed and result.issue == "start"
    assert result.hint == f"Start your {digit} {model.where_to_start}."
    assert free(pad(backwards), digit).issue == "start"


def test_start_your_5_at_the_top():
    assert formation(5).where_to_start == "at the top left"
    assert trace(pad([s[::-1] for s in formation(5).on_pad(W, H)]), 5).hint == "Start your 5 at the top left."
    assert "at the top" in trace(pad([s[::-1] for s in formation(1).on_pad(W, H)]), 1).hint


@pytest.mark.parametrize("digit", [0, 8])
def test_a_loop_gone_round_the_wrong_way(digit):
    """Same start, other direction: go round the other way (like a c)."""
    (stroke,) = formation(digit).on_pad(W, H)
    other_way = np.r_[stroke[:1], stroke[1:][::-1]]
    result = trace(pad([other_way]), digit)
    assert result.issue == "direction" and result.stars <= 1
    assert result.hint.startswith("Go round the other way")


def test_a_0_started_at_the_bottom():
    (stroke,) = formation(0).on_pad(W, H)
    bottom = int(np.argmax(stroke[:, 1]))
    from_bottom = np.r_[stroke[bottom:], stroke[1 : bottom + 1]]  # same way round, from the bottom
    result = free(pad([from_bottom]), 0)
    assert (result.issue, result.hint) == ("start", "Start your 0 at the top.")
    assert result.passed and not free(pad([from_bottom]), 0, strict=True).passed


@pytest.mark.parametrize("digit", [4, 5])
def test_strokes_in_the_wrong_order_score_low_and_name_the_first(digit):
    model = formation(digit)
    result = trace(pad(model.on_pad(W, H)[::-1]), digit)
    assert result.issue == "order" and result.stars <= 1 and not result.order_ok
    assert result.hint == f"Draw {model.names[0]} first, then {model.names[1]}."


def test_draw_the_down_stroke_first():
    result = free(pad(formation(5).on_pad(W, H)[::-1]), 5)
    assert result.hint == "Draw the down stroke first, then the hat."


def test_a_hat_drawn_the_other_way():
    down, hat = formation(5).on_pad(W, H)
    result = trace(pad([down, hat[::-1]]), 5)
    assert result.issue == "direction" and result.hint == "Draw the hat from left to right."


def test_an_8_made_of_two_circles():
    t = np.radians(np.linspace(95, 95 + 360, 80))
    top = np.c_[0.5 + 0.17 * np.cos(t), 0.29 - 0.19 * np.sin(t)]
    bottom = np.c_[0.5 + 0.21 * np.cos(t), 0.69 - 0.21 * np.sin(t)]
    circles = [to_pad(top, W, H), to_pad(bottom, W, H)]
    result = free(pad(circles), 8)
    assert result.issue == "strokes" and result.strokes == 2 and result.passed
    assert result.hint == "Draw your 8 in one go, without lifting your pencil."
    assert not free(pad(circles), 8, strict=True).passed


def test_a_mirrored_3_is_facing_the_wrong_way():
    mirrored = [np.c_[W - s[:, 0], s[:, 1]] for s in formation(3).on_pad(W, H)]
    result = free(pad(mirrored), 3)
    assert result.issue == "mirror" and "wrong way" in result.hint
    assert free(pad([np.c_[W - s[:, 0], s[:, 1]] for s in formation(0).on_pad(W, H)]), 0).issue != "mirror"


def test_free_mode_judges_formation_not_style():
    """A closed 4 by a child taught open 4s is compared with the closed model: no slip."""
    closed = formation(4, Convention(four="closed")).on_pad(W, H)
    result = free(pad([s * 0.5 + 40 for s in closed]), 4)  # small, in a corner
    assert result.variant == "closed" and result.issue == "ok" and result.passed and result.stars == 3
    assert free(pad(formation(1, Convention(one="flag")).on_pad(W, H)), 1).variant == "flag"


def test_free_mode_does_not_judge_what_it_cannot_match():
    """A shape far from every model of the digit (a round 0 handed in as a 7) gets no formation verdict."""
    result = free(pad(formation(0).on_pad(W, H)), 7)
    assert (result.issue, result.hint, result.passed, result.slip) == ("unclear", "", True, False)


def test_trace_far_from_the_line_asks_to_follow_it():
    far = [s * 0.3 for s in formation(7).on_pad(W, H)]
    result = trace(pad(far), 7)
    assert result.issue == "shape" and result.stars <= 1 and not result.passed
    assert result.hint.startswith("Follow the grey line")


def test_an_empty_pad_and_bad_input():
    for value in (None, {"width": W, "height": H, "strokes": []}, pad([np.array([[5.0, 5.0]])])):
        result = trace(value, 3)
        assert (result.issue, result.stars, result.passed) == ("empty", 0, False)
        assert free(value, 3).issue == "empty"
    for bad in ({"width": "wide", "height": 3}, {"strokes": []}, {"width": 0, "height": 9, "strokes": []},
                {"width": 9, "height": 9, "strokes": [[["x", 1]]]}):  # fmt: skip
        with pytest.raises(ValueError, match="could not be read"):
            trace(bad, 3)
    assert Drawing.parse({"width": 9, "height": 9, "strokes": [[[1, 2], [3, 4]]]}).strokes[0].shape == (2, 3)


def test_slips_are_the_formation_issues():
    assert set(SLIPS) == {"mirror", "start", "order", "strokes", "direction"}
