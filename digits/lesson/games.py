"""Number games for older children: write the number you hear, count the dots, sums and differences."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from digits.languages import article
from digits.words import say

KINDS = ("hear", "dots", "sum", "difference")
# The advice after the short line, in every language file (digits/lang): "game.try.{kind}" (what to try
# next, per game), "game.places.{pattern}" (which places are right: "10" = tens right, ones wrong), ...


@dataclass(frozen=True)
class GameConfig:
    """Which games, and how hard."""

    kinds: tuple[str, ...] = KINDS
    digits: tuple[int, ...] = (2, 3)  # "write the number you hear": how many digits
    max_dots: int = 20
    within: int = 20  # sums and differences: every number up to this

    def __post_init__(self):
        if not self.kinds or set(self.kinds) - set(KINDS):
            raise ValueError(f"Games are chosen from {', '.join(KINDS)} (got {self.kinds!r}).")
        if not self.digits or set(self.digits) - {1, 2, 3}:
            raise ValueError(f"A heard number has 1, 2 or 3 digits (got {self.digits!r}).")
        if not 1 <= self.max_dots <= 30 or not 2 <= self.within <= 100:
            raise ValueError("Dots go up to 30, sums and differences up to 100.")


@dataclass(frozen=True)
class Question:
    """One question: what to show and say, and the number to write."""

    kind: str
    answer: int
    prompt: str  # shown on screen: "Write the number you hear.", "7 + 5 = ?"
    say: str  # for the speech voice, read in the class's language: "42", "7 + 5"
    dots: tuple[tuple[float, float], ...] = ()  # "how many dots?": centres in a unit box (y down)


def _dots(n: int, rng: np.random.Generator) -> tuple[tuple[float, float], ...]:
    """n dots scattered in the unit box, never touching: random cells of a grid, jittered inside."""
    k = int(np.ceil(np.sqrt(1.6 * n)))  # spare cells, so the dots do not look like a grid
    cells = rng.choice(k * k, n, replace=False)
    cell = 0.8 / k
    centres = 0.1 + cell * (np.stack([cells % k, cells // k], 1) + 0.5)
    pts = centres + rng.uniform(-0.25, 0.25, (n, 2)) * cell
    return tuple((round(float(x), 3), round(float(y), 3)) for x, y in pts)


def question(kind: str, rng: np.random.Generator, config: GameConfig | None = None) -> Question:
    """A question of the given kind, drawn from rng."""
    config = config or GameConfig()
    if kind == "hear":
        k = int(rng.choice(config.digits))
        n = int(rng.integers(10 ** (k - 1) if k > 1 else 0, 10**k))
        return Question(kind, n, "Write the number you hear.", str(n))
    if kind == "dots":
        n = int(rng.integers(1, config.max_dots + 1))
        return Question(
            kind, n, "How many dots? Count them, then write the number.", "How many dots?", _dots(n, rng)
        )
    if kind == "sum":
        total = int(rng.integers(2, config.within + 1))
        a = int(rng.integers(1, total))
        return Question(kind, total, f"{a} + {total - a} = ?", f"{a} + {total - a}")
    if kind == "difference":
        a = int(rng.integers(2, config.within + 1))
        b = int(rng.integers(1, a + 1))
        return Question(kind, a - b, f"{a} - {b} = ?", f"{a} - {b}")
    raise ValueError(f"Games are chosen from {', '.join(KINDS)} (got {kind!r}).")


def questions(config: GameConfig | None = None, seed: int = 0, n: int = 10) -> list[Question]:
    """n questions taking turns through the configured kinds, fixed by the seed."""
    config = config or GameConfig()
    rng = np.random.default_rng(seed)
    return [question(config.kinds[i % len(config.kinds)], rng, config) for i in range(n)]


@dataclass(frozen=True)
class AnswerFeedback:
    """What the child is told about a written answer."""

    correct: bool
    message: str
    written: str  # the digits read, left to right ("" when nothing was written)
    places: tuple[bool, ...] = ()  # for each digit of the answer, left to right: written right
    reversed: bool = False  # the right digits the wrong way round (24 for 42)
    unsure: bool = False  # a digit was read without confidence
    confirm: tuple[int, ...] = ()  # places (left to right) of unsure digits that may be the right ones
    tips: tuple[str, ...] = ()  # keys (digits/lang) of the advice after the short line, in order
    values: dict = field(default_factory=dict)  # the tips' placeholders

    def tip(self, language: str = "English") -> str:
        """The advice in the language: "Your tens are right, look at the ones." ("" when none)."""
        return " ".join(say(k, language, **self.values) for k in self.tips)


# A digit read unsurely may be any of its three likeliest with at least this probability: the answer
# among them means the child likely wrote it right. Set a priori (not tuned): the top-2/top-3 of an
# unsure reading whose second guess is far from negligible.
ALTERNATIVE = 0.1


def _read(digits) -> tuple[str, bool]:
    """The digits as text, and whether every one was read surely."""
    text, sure = "", True
    for d in digits:
        value = d if isinstance(d, (int, np.integer)) or d is None else d.digit
        if value is None:
            continue
        text += str(int(value))
        sure = sure and bool(getattr(d, "sure", True))
    return text, sure


def _alternatives(d) -> set[int]:
    """The digits an unsure reading may be (its likeliest ones); only itself when sure or a plain int."""
    value = d if isinstance(d, (int, np.integer)) else d.digit
    if getattr(d, "sure", True) or not callable(getattr(d, "top", None)):
        return {int(value)}
    return {int(value)} | {k for k, p in d.top(3) if p >= ALTERNATIVE}


def doubtful(digits, answer: str) -> tuple[int, ...]:
    """The places of the answer that were read unsurely but may be right, when every other place is.

    Empty when the answer is not among the reading's close alternatives.
    """
    read = [
        d for d in digits if (d if isinstance(d, (int, np.integer)) or d is None else d.digit) is not None
    ]
    if len(read) != len(answer):
        return ()
    places = []
    for i, (d, a) in enumerate(zip(read, answer, strict=True)):
        value = int(d) if isinstance(d, (int, np.integer)) else d.digit
        if value != int(a):
            if int(a) not in _alternatives(d):
                return ()
            places.append(i)
    return tuple(places)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _said(correct: bool, head: str, written: str, places=(), tips=(), **kw) -> AnswerFeedback:
    """An AnswerFeedback whose English message is `head` then its tips in English."""
    values = kw.pop("values", {})
    message = " ".join([head, *(say(k, **values) for k in tips)])
    return AnswerFeedback(correct, message, written, places, tips=tuple(tips), values=values, **kw)


def check(q: Question, digits, other=()) -> AnswerFeedback:
    """Judge the digits read left to right (ints, or NumberReading.digits) against the question.

    `other`: the other cut of the same strokes (NumberReading.other), a second opinion on the number.
    """
    written, sure = _read(digits)
    answer = str(q.answer)
    if not written:
        return AnswerFeedback(False, say("game.empty"), "")
    offset = len(written) - len(answer)  # places line up from the right: ones under ones
    places = tuple(offset + i >= 0 and written[offset + i] == a for i, a in enumerate(answer))
    again = f"game.try.{q.kind}"
    if written == answer:
        dots = () if q.kind != "dots" else ("game.dots.one",) if q.answer == 1 else ("game.dots.many",)
        return _said(True, say("game.right", n=answer), written, places, dots, values={"n": answer})
    confirm = doubtful(digits, answer) if not sure else ()
    second = _read(other)[0] == answer
    if second and not confirm and len(written) == len(answer):
        # The other cut reads the answer: only the digits the two cuts read differently are in doubt.
        confirm = tuple(i for i, right in enumerate(places) if not right)
    if confirm:
        # The reader doubts a digit the child may well have written right: ask, never "not quite".
        which = _join([article(int(answer[i])) for i in confirm])
        message = f"I'm not sure I read every digit. Is this {which}? Write it again if not."
        return AnswerFeedback(False, message, written, places, unsure=True, confirm=confirm)
    if not sure or second:  # a doubtful digit, or the strokes cut in two ways, one of them the answer
        tips, values = ("game.unsure.tip",), {"w": written}
        return _said(False, "I'm not sure I read that:", written, places, tips, unsure=True, values=values)
    if len(answer) > 1 and written == answer[::-1]:
        head = "Nearly! The right digits, the wrong way round:"
        values = {"n": answer, "f": answer[0]}
        return _said(False, head, written, places, ("game.reversed.tip",), reversed=True, values=values)
    if len(written) != len(answer):
        length = "game.length.one" if len(answer) == 1 else "game.length"
        return _said(False, "Nice try!", written, places, (length, again), values={"k": len(answer)})
    if any(places):
        pattern = "".join("1" if ok else "0" for ok in places)  # left to right: hundreds, tens, ones
        return _said(False, "Nice try!", written, places, (f"game.places.{pattern}",))
    if abs(int(written) - q.answer) == 1:
        return _said(False, say("game.close"), written, places, (again,))
    return _said(False, "Nice try!", written, places, (again,))
