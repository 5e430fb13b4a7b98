"""Teacher settings, the round summary and its CSV; every language has a speech tag."""

import csv
import io

import numpy as np
import pytest

from digits.languages import LANGUAGES
from digits.lesson.formation import Convention, formation
from digits.lesson.formation_check import free, trace
from digits.lesson.games import check
from digits.lesson.teacher import COLUMNS, Attempt, RoundLog, TeacherSettings

W, H = 600, 600


def pad(strokes) -> dict:
    return {"width": W, "height": H, "strokes": [s.tolist() for s in strokes]}


def test_settings_defaults_and_checks():
    s = TeacherSettings()
    assert s.mode == "trace" and s.digits == tuple(range(10)) and s.sound and not s.strict
    assert s.convention == Convention()
    assert TeacherSettings(digits=(5, 2, 5)).digits == (2, 5)
    for bad, match in [({"digits": ()}, "at least one digit"), ({"digits": (12,)}, "0 to 9"),
                       ({"mode": "karaoke"}, "trace, free"), ({"length": 0}, "1 to 50"),
                       ({"language": "Klingon"}, "choose one of")]:  # fmt: skip
        with pytest.raises(ValueError, match=match):
            TeacherSettings(**bad)


def test_targets_cover_the_chosen_digits_evenly():
    t = TeacherSettings(digits=(3, 5, 8), length=9).targets(seed=1)
    assert sorted(t) == [3, 3, 3, 5, 5, 5, 8, 8, 8]
    assert TeacherSettings(length=7).targets(2) == TeacherSettings(length=7).targets(2)


def test_numbers_and_sums_modes_ask_their_games():
    assert {q.kind for q in TeacherSettings(mode="numbers", length=6).questions(0)} == {"hear", "dots"}
    assert {q.kind for q in TeacherSettings(mode="sums", length=6).questions(0)} == {"sum", "difference"}
    with pytest.raises(ValueError, match="asks for digits"):
        TeacherSettings(mode="free").questions(0)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_language_has_a_speech_tag(language):
    lang = LANGUAGES[language]
    primary, _, region = lang.speech.partition("-")
    assert primary == lang.code and len(region) == 2 and region.isupper()


def play_a_round() -> RoundLog:
    log = RoundLog()
    five = formation(5).on_pad(W, H)
    log.add(Attempt.from_formation(trace(pad([s[::-1] for s in five]), 5)))  # from the wrong end
    log.add(Attempt.from_formation(trace(pad(five), 5)))
    mirrored = [np.c_[W - s[:, 0], s[:, 1]] for s in formation(3).on_pad(W, H)]
    log.add(Attempt.from_formation(free(pad(mirrored), 3), read=3))
    log.add(Attempt.from_formation(free(pad(mirrored), 3), read=8))
    q = TeacherSettings(mode="numbers").questions(0)[0]
    swapped = [int(c) for c in str(q.answer)[::-1]]
    log.add(Attempt.from_answer(q, check(q, swapped)))
    return log


def test_summary_counts_hard_digits_reversals_and_slips():
    summary = play_a_round().summary()
    items = {i.item: i for i in summary.items}
    assert items["5"].attempts == 2 and items["5"].right == 1 and items["5"].best_stars == 3
    assert items["5"].slips == (("start", 1),)
    assert items["3"].reversals == 2 and items["3"].right == 1  # read as a 3: right, unless strict
    assert "3" in summary.hard and "5" not in summary.hard
    assert summary.reversals == 3 and summary.slips["mirror"] == 2
    assert "needs practice: 3" in summary.text() and "3 reversals" in summary.text()


def test_summary_as_csv():
    text = play_a_round().summary().to_csv()
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 4
    five = dict(zip(COLUMNS, rows[1], strict=True))
    assert five == {"item": "5", "attempts": "2", "right": "1", "unsure": "0", "best_stars": "3",
                    "reversals": "0", "formation_slips": "start x1", "hard": ""}  # fmt: skip
    assert rows[2][0] == "3" and rows[2][-1] == "yes"
    assert RoundLog().summary().to_csv() == ",".join(COLUMNS) + "\n"
    assert RoundLog().summary().text() == "No attempts yet."
