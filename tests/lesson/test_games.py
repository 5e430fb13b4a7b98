"""Number games: seeded questions, right answers, and kind feedback per digit."""

from dataclasses import dataclass

import numpy as np
import pytest

from digits.lesson.games import KINDS, GameConfig, Question, check, question, questions


@dataclass
class FakeReading:
    """What check() reads from a recognizer's Reading."""

    digit: int | None
    sure: bool = True


def test_questions_are_fixed_by_the_seed_and_take_turns():
    a, b = questions(seed=3, n=12), questions(seed=3, n=12)
    assert a == b and questions(seed=4, n=12) != a
    assert [q.kind for q in a[:4]] == list(KINDS)


@pytest.mark.parametrize("seed", range(30))
def test_every_question_has_a_right_answer(seed):
    rng = np.random.default_rng(seed)
    config = GameConfig()
    for kind in KINDS:
        q = question(kind, rng, config)
        if kind == "hear":
            assert 2 <= len(str(q.answer)) <= 3 and q.say == str(q.answer)
        elif kind == "dots":
            assert 1 <= q.answer <= 20 and len(q.dots) == q.answer
            pts = np.array(q.dots)
            assert ((pts >= 0) & (pts <= 1)).all()
            gaps = np.linalg.norm(pts[:, None] - pts[None], axis=2) + np.eye(len(pts))
            assert gaps.min() > 0.06  # dots never touch: each one can be counted
        else:
            a, op, b = q.say.split()
            assert q.answer == (int(a) + int(b) if op == "+" else int(a) - int(b))
            assert 0 <= q.answer <= 20 and int(a) <= 20 and int(b) >= 1
        assert check(q, [int(c) for c in str(q.answer)]).correct


def test_config_is_checked():
    with pytest.raises(ValueError, match="chosen from"):
        GameConfig(kinds=("chess",))
    with pytest.raises(ValueError, match="1, 2 or 3 digits"):
        GameConfig(digits=(4,))
    assert all(len(str(q.answer)) == 3 for q in questions(GameConfig(("hear",), digits=(3,)), n=20))


HEAR = Question("hear", 42, "Write the number you hear.", "42")


def test_right_answer_from_readings():
    fb = check(HEAR, [FakeReading(4), FakeReading(2)])
    assert fb.correct and fb.written == "42" and fb.places == (True, True)
    assert fb.message == "Yes! 42 is right!"


def test_your_tens_are_right_look_at_the_ones():
    fb = check(HEAR, [4, 7])
    assert not fb.correct and fb.places == (True, False)
    assert fb.message == "Nice try! Your tens are right, look at the ones."
    assert check(HEAR, [5, 2]).message == "Nice try! Your ones are right, look at the tens."
    q = Question("hear", 305, "Write the number you hear.", "305")
    assert check(q, [3, 0, 9]).message == "Nice try! Your hundreds and tens are right, look at the ones."


def test_swapped_digits_are_a_reversal():
    fb = check(HEAR, [2, 4])
    assert fb.reversed and not fb.correct and "wrong way round" in fb.message


def test_wrong_length_unsure_and_empty():
    assert "has 2 digits" in check(HEAR, [4]).message
    fb = check(HEAR, [FakeReading(4), FakeReading(7, sure=False)])
    assert fb.unsure and not fb.correct and "not sure" in fb.message
    assert check(HEAR, []).message == "Write your answer on the pad first."
    assert check(HEAR, [FakeReading(None)]).written == ""


def test_kind_advice_per_game():
    dots = Question("dots", 7, "How many dots?", "How many dots?", ((0.5, 0.5),) * 7)
    assert "one away" in check(dots, [8]).message
    assert "Count the dots again" in check(dots, [3]).message
    assert check(dots, [7]).message == "Yes! 7 is right! There are 7 dots."
    total = Question("sum", 13, "7 + 6 = ?", "7 + 6")
    assert check(total, [1, 3]).correct and "counting on" in check(total, [9]).message


@dataclass(frozen=True)
class DoubtfulReading:
    """A reading unsure between its likeliest digits (what check() uses of a recognizer's Reading)."""

    digit: int
    alternatives: tuple[tuple[int, float], ...]
    sure: bool = False

    def top(self, k: int = 3) -> list[tuple[int, float]]:
        return [(self.digit, 0.5), *self.alternatives][:k]


def test_an_unsure_digit_that_may_be_right_asks_to_confirm_instead_of_not_quite():
    read = [DoubtfulReading(9, ((4, 0.4), (7, 0.05))), FakeReading(2)]  # 42 read as 92, unsure of the 9
    fb = check(HEAR, read)
    assert fb.unsure and not fb.correct and fb.confirm == (0,)
    assert fb.message == "I'm not sure I read every digit. Is this a 4? Write it again if not."
    far = [DoubtfulReading(9, ((7, 0.4), (4, 0.05))), FakeReading(2)]  # the 4 is no close alternative
    assert check(HEAR, far).confirm == () and "Write each digit clearly" in check(HEAR, far).message
    assert check(HEAR, [FakeReading(9), FakeReading(2)]).confirm == ()  # read surely: plainly wrong


def test_the_other_cut_reading_the_answer_gives_the_benefit_of_the_doubt():
    """42 read surely as 92 by one cut and as 42 by the other: ask about the 4, never "Nice try"."""
    fb = check(HEAR, [FakeReading(9), FakeReading(2)], other=[FakeReading(4), FakeReading(2)])
    assert fb.unsure and not fb.correct and fb.confirm == (0,) and "Is this a 4?" in fb.message
    # cut in two ways, one of them 42: where the digits part is in doubt, so "not sure", with the advice
    three = [FakeReading(4), FakeReading(1), FakeReading(2)]
    split = check(HEAR, three, other=[FakeReading(4), FakeReading(2)])
    assert split.unsure and split.confirm == () and "Write each digit clearly" in split.message
    # the other cut reads yet another number: a plainly wrong answer stays wrong
    wrong = check(HEAR, [FakeReading(9), FakeReading(2)], other=[FakeReading(9), FakeReading(3)])
    assert not wrong.unsure and wrong.message.startswith("Nice try")
    assert check(HEAR, [FakeReading(4), FakeReading(2)], other=[FakeReading(9), FakeReading(2)]).correct


def test_the_advice_per_place_is_in_the_childs_language():
    """Issue #30: a class in French hears and reads which places are right in French, not English."""
    fb = check(HEAR, [4, 7])
    assert fb.tips == ("game.places.10",) and fb.tip() == "Your tens are right, look at the ones."
    assert fb.tip("French") == "Tes dizaines sont justes, regarde les unités."
    assert fb.tip("Arabic") == "العشرات صحيحة، انظر إلى الآحاد."
    q = Question("hear", 305, "Write the number you hear.", "305")
    assert check(q, [3, 0, 9]).tip("German") == "Deine Hunderter und Zehner stimmen, schau dir die Einer an."
    assert check(HEAR, [2, 4]).tip("Spanish") == "42 empieza por 4."
    short = check(HEAR, [4]).tip("French")
    assert short == "La réponse a 2 chiffres. Écoute encore et essaie une autre fois."
    dots = Question("dots", 7, "How many dots?", "How many dots?", ((0.5, 0.5),) * 7)
    assert check(dots, [7]).tip("Chinese") == "有 7 个点。"


def every_outcome():
    """An answer of every kind the games judge: right, close, far, reversed, short, unsure, each place."""
    three = Question("hear", 305, "Write the number you hear.", "305")
    dots = Question("dots", 1, "How many dots?", "How many dots?", ((0.5, 0.5),))
    sums = [Question(k, 13, "7 + 6 = ?", "7 + 6") for k in ("sum", "difference")]
    yield from (check(dots, [1]), check(HEAR, [2, 4]), check(HEAR, [4]), check(HEAR, [4, 3]))
    yield from (check(HEAR, [FakeReading(4), FakeReading(7, sure=False)]), check(HEAR, [9, 9]))
    yield from (check(q, [9]) for q in sums)
    yield check(Question("sum", 20, "11 + 9 = ?", "11 + 9"), [1, 9])  # one away, no place right
    yield from (check(three, [int(c) for c in f"{n:03d}"]) for n in (309, 395, 905, 906, 965, 399))


@pytest.mark.parametrize("language", ["French", "Spanish", "German", "Portuguese", "Turkish", "Swahili",
                                      "Arabic", "Chinese", "Hindi"])  # fmt: skip
def test_every_piece_of_advice_is_translated_in_every_language(language):
    for fb in every_outcome():
        assert fb.tips, fb.message
        assert fb.tip(language) and fb.tip(language) != fb.tip(), (language, fb.tips)  # no English left
