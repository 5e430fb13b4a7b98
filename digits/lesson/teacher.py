"""The teacher's settings for a round of writing practice, and the end-of-round summary (CSV)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from digits import languages
from digits.lesson.formation import Convention
from digits.lesson.formation_check import FormationResult
from digits.lesson.games import AnswerFeedback, GameConfig, Question, questions

MODES = ("trace", "free", "numbers", "sums")
GAMES = {"numbers": ("hear", "dots"), "sums": ("sum", "difference")}
COLUMNS = ("item", "attempts", "right", "unsure", "best_stars", "reversals", "formation_slips", "hard")


@dataclass(frozen=True)
class TeacherSettings:
    """What the teacher chose for the round."""

    digits: tuple[int, ...] = tuple(range(10))  # digits to practise (trace and free modes)
    length: int = 10  # prompts per round
    mode: str = "trace"  # trace, free, numbers or sums
    language: str = languages.DEFAULT_LANGUAGE
    convention: Convention = Convention()
    sound: bool = True  # speak prompts and digit names (off for a quiet room)
    strict: bool = False  # free mode: a formation slip makes a right digit wrong
    games: GameConfig = GameConfig()  # numbers and sums modes: how hard

    def __post_init__(self):
        digits = tuple(sorted({int(d) for d in self.digits}))
        if not digits or not set(digits) <= set(range(10)):
            raise ValueError(f"Choose at least one digit from 0 to 9 to practise (got {self.digits!r}).")
        object.__setattr__(self, "digits", digits)
        if self.mode not in MODES:
            raise ValueError(f"The mode is one of {', '.join(MODES)} (got {self.mode!r}).")
        if not 1 <= self.length <= 50:
            raise ValueError(f"A round has 1 to 50 prompts (got {self.length!r}).")
        languages.get(self.language)  # a plain ValueError naming the choices

    def targets(self, seed: int = 0) -> list[int]:
        """Digits to write this round: each chosen digit as often as the others, shuffled by the seed."""
        rng = np.random.default_rng(seed)
        rounds = -(-self.length // len(self.digits))
        order = np.concatenate([rng.permutation(self.digits) for _ in range(rounds)])
        return [int(d) for d in order[: self.length]]

    def questions(self, seed: int = 0) -> list[Question]:
        """The numbers or sums questions of the round (numbers: hear and dots; sums: + and -)."""
        if self.mode not in GAMES:
            raise ValueError(f"The {self.mode} mode asks for digits, not questions.")
        return questions(replace(self.games, kinds=GAMES[self.mode]), seed, self.length)


@dataclass(frozen=True)
class Attempt:
    """One try at one prompt, as the summary counts it."""

    item: str  # what was asked: "5", or the answer of a number question: "42"
    right: bool
    stars: int = 0
    slip: str = ""  # the formation slip (see formation_check.SLIPS), if any
    reversal: bool = False  # a mirrored digit, or a number's digits swapped
    unsure: bool = False  # read unsurely: the child was asked to confirm, neither right nor wrong

    @classmethod
    def from_formation(cls, result: FormationResult, read: int | None = None) -> Attempt:
        """A traced or free digit; `read` is what the recognizer read (free mode), None in trace mode."""
        right = result.passed and (read is None or read == result.digit)
        slip = result.issue if result.slip else ""
        return cls(str(result.digit), right, result.stars, slip, slip == "mirror")

    @classmethod
    def from_answer(cls, question: Question, feedback: AnswerFeedback) -> Attempt:
        """A number question answered on the pad."""
        return cls(
            str(question.answer),
            feedback.correct,
            3 if feedback.correct else 0,
            "",
            feedback.reversed,
            feedback.unsure and not feedback.correct,
        )


@dataclass
class RoundLog:
    """The attempts of one child's round, kept in the session's state."""

    attempts: list[Attempt] = field(default_factory=list)

    def add(self, attempt: Attempt) -> None:
        self.attempts.append(attempt)

    def summary(self) -> RoundSummary:
        return RoundSummary.of(self.attempts)


@dataclass(frozen=True)
class ItemSummary:
    """How one digit (or number) went over the round."""

    item: str
    attempts: int
    right: int
    best_stars: int
    reversals: int
    slips: tuple[tuple[str, int], ...]  # formation slips by kind, commonest first
    unsure: int = 0  # tries read unsurely (asked to confirm): neither right nor wrong

    @property
    def hard(self) -> bool:
        """Right on fewer than half the tries judged (unsure ones aside), or slipping again and again."""
        return self.right * 2 < self.attempts - self.unsure or sum(n for _, n in self.slips) >= 2


@dataclass(frozen=True)
class RoundSummary:
    """The end-of-round summary for the teacher."""

    items: tuple[ItemSummary, ...]

    @classmethod
    def of(cls, attempts: list[Attempt]) -> RoundSummary:
        items = []
        for item in dict.fromkeys(a.item for a in attempts):  # in the order first asked
            mine = [a for a in attempts if a.item == item]
            slips = Counter(a.slip for a in mine if a.slip).most_common()
            items.append(
                ItemSummary(
                    item,
                    len(mine),
                    sum(a.right for a in mine),
                    max(a.stars for a in mine),
                    sum(a.reversal for a in mine),
                    tuple(slips),
                    sum(a.unsure for a in mine),
                )
            )
        return cls(tuple(items))

    @property
    def hard(self) -> list[str]:
        return [i.item for i in self.items if i.hard]

    @property
    def reversals(self) -> int:
        return sum(i.reversals for i in self.items)

    @property
    def slips(self) -> Counter:
        total: Counter = Counter()
        for i in self.items:
            total.update(dict(i.slips))
        return total

    def text(self) -> str:
        """A short sentence for the teacher."""
        if not self.items:
            return "No attempts yet."
        right = sum(i.right > 0 for i in self.items)
        parts = [f"{right} of {len(self.items)} right"]
        if self.hard:
            parts.append(f"needs practice: {', '.join(self.hard)}")
        unsure = sum(i.unsure for i in self.items)
        if unsure:
            parts.append(f"{unsure} read unsurely (asked to confirm, not counted wrong)")
        if self.reversals:
            parts.append(f"{self.reversals} reversal{'s' * (self.reversals > 1)}")
        slips = self.slips
        if slips:
            parts.append("formation slips: " + ", ".join(f"{k} x{n}" for k, n in slips.most_common()))
        return "; ".join(parts) + "."

    def to_csv(self) -> str:
        """One row per digit or number asked, for a spreadsheet."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for i in self.items:
            slips = "; ".join(f"{k} x{n}" for k, n in i.slips)
            writer.writerow(
                [
                    i.item,
                    i.attempts,
                    i.right,
                    i.unsure,
                    i.best_stars,
                    i.reversals,
                    slips,
                    "yes" if i.hard else "",
                ]
            )
        return out.getvalue()
