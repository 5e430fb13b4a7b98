"""A round of the writing lesson in any mode: trace, free, numbers or sums, with its teacher's log."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from digits.lesson import formation_check
from digits.lesson.games import Question
from digits.lesson.games import check as check_answer
from digits.lesson.practice import Chooser, Feedback, PracticeRound, feedback
from digits.lesson.teacher import GAMES, Attempt, RoundLog, TeacherSettings

FREE_MODE = TeacherSettings(mode="free")  # today's Practice: the tab starts here


class Nothing:
    """No reading: what a finished round is checked with."""

    digit = None
    sure = False


def game_line(said, answer: int, read: int | None) -> str:
    """The key of a number answer's short line (digits/lang): what a child hears after Check."""
    if said.correct:
        return "game.right"
    if said.unsure:
        return "game.confirm" if len(said.confirm) == 1 else "game.unsure"
    if said.reversed:
        return "game.reversed"
    return "game.close" if read is not None and abs(read - answer) == 1 else "game.again"


@dataclass
class WritingLesson:
    """One child's round: the prompts of the teacher's settings, the score, and the log of tries."""

    settings: TeacherSettings = FREE_MODE
    seed: int = 0
    chooser: Chooser | None = None  # trace and free modes: an adaptive round (lesson/adaptive.py); off: None
    round: PracticeRound = field(init=False)
    questions: list[Question] = field(init=False, default_factory=list)
    log: RoundLog = field(init=False, default_factory=RoundLog)
    last: tuple[str, Feedback] | None = field(init=False, default=None)  # the drawing checked last
    checks: int = field(init=False, default=0)  # presses of Check: each answer is said anew

    def __post_init__(self):
        if self.settings.mode in GAMES:
            self.questions = self.settings.questions(self.seed)
            targets = [q.answer for q in self.questions]
        elif self.chooser is not None:
            self.round = PracticeRound(seed=self.seed, length=self.settings.length, chooser=self.chooser)
            return
        else:
            targets = self.settings.targets(self.seed)
        self.round = PracticeRound(seed=self.seed, targets=targets)

    @property
    def mode(self) -> str:
        """The mode of the item asked now: an adaptive round's reversed digit is traced first (its Plan)."""
        step = getattr(self.chooser, "step", None)
        if step is not None and step.trace and self.settings.mode == "free" and not self.round.finished:
            return "trace"
        return self.settings.mode

    @property
    def prompt_id(self) -> int:
        """This prompt's number (its round's seed and position): the pad's ink names the one it answers."""
        return self.seed * 1000 + self.round.position

    @property
    def show_me(self) -> bool:
        """Play *Show me how* before this item (an adaptive round's reversed digit, its first item)."""
        step = getattr(self.chooser, "step", None)
        return bool(step is not None and step.show_me and not self.round.finished)

    @property
    def digit(self) -> int | None:
        """The digit to write now (trace and free modes); None in number modes or once finished."""
        return None if self.mode in GAMES else self.round.target

    @property
    def question(self) -> Question | None:
        """The number question now (numbers and sums modes)."""
        if self.mode not in GAMES or self.round.finished:
            return None
        return self.questions[self.round.position]

    def again(self, value) -> Feedback | None:
        """The feedback already given if this very drawing was checked before (nothing is counted twice)."""
        key = json.dumps(value, sort_keys=True, default=str)
        return self.last[1] if self.last and self.last[0] == key else None

    def _keep(self, value, feedback: Feedback) -> Feedback:
        if feedback.counted:
            self.last = (json.dumps(value, sort_keys=True, default=str), feedback)
        return feedback

    def trace(self, value) -> tuple[Feedback, formation_check.FormationResult | None]:
        """Trace mode: this try's stars and the one thing to fix, from how the strokes follow the model."""
        target = self.round.target
        if target is None:
            return self.round.check(Nothing()), None
        result = formation_check.trace(value, target, self.settings.convention)
        if result.issue == "empty":
            return feedback("empty", ("fix.empty",), target=target), result
        self.log.add(Attempt.from_formation(result))
        self.round.mark(result.passed, result.stars, reversed=result.issue == "mirror")
        kind = "correct" if result.passed else "backwards" if result.issue == "mirror" else "wrong"
        if result.issue == "ok":
            lines, tip = ("fix.ok",), ""
        else:  # a correction gets encouragement, never praise (issue #30)
            lines = {"correct": ("right.fix",), "backwards": ("backwards",)}.get(kind, ("good.try",))
            tip = f"fix.{result.issue}"
        detail = "" if result.issue in ("ok", "mirror") else result.hint
        said = feedback(
            kind,
            lines,
            tip,
            detail,
            target=target,
            stars=result.stars,  # this try's, not the best kept: they stand beside this try's advice
            counted=True,
            values={"next": kind == "correct" and bool(tip)},
        )
        return self._keep(value, said), result

    def free(self, value, reading) -> tuple[Feedback, formation_check.FormationResult | None]:
        """Free mode: the reading judges the shape; formation advice when it is right (strict: it counts)."""
        target = self.round.target
        if target is None or reading.digit is None:
            return self.round.check(reading), None
        mirrored = bool(getattr(reading, "mirrored", False))
        if reading.digit != target or not reading.sure:
            said = self.round.check(reading)
            if said.counted:
                self.log.add(Attempt(str(target), False, reversal=mirrored))
            return self._keep(value, said), None
        strict = self.settings.strict
        result = formation_check.free(value, target, self.settings.convention, strict)
        if mirrored or result.issue == "mirror":  # named backwards, as the Draw tab names it
            if not self.round.solved:
                self.log.add(Attempt(str(target), False, 0, "mirror", True))
            return self._keep(value, self.round.backwards(reading.digit)), result
        attempt = Attempt.from_formation(result, read=reading.digit)
        if not self.round.solved:
            self.log.add(attempt)
        fix = f"fix.{result.issue}" if result.slip else ""
        if not result.passed:  # strict mode, and a formation slip
            self.round.mark(False)
            said = feedback(
                "wrong", ("strict",), fix, result.hint, target=target, read=reading.digit, counted=True
            )
            return self._keep(value, said), result
        stars = min(max(1, 3 - self.round.tries), result.stars) if fix else None
        said = self.round.right(reading.digit, fix, result.hint if fix else "", stars)
        return self._keep(value, said), result

    def answer(self, value, number) -> Feedback:
        """Numbers and sums modes: the digits read left to right (a NumberReading) against the answer."""
        q = self.question
        if q is None:
            return self.round.check(Nothing())
        said = check_answer(q, number.digits, number.other)
        if not said.written:
            return Feedback("empty", said.message, q.answer, lines=("game.empty",))
        self.log.add(Attempt.from_answer(q, said))
        right = None if said.unsure else said.correct
        self.round.mark(right)
        stars = max(1, 4 - self.round.tries) if said.correct else 0  # this try's, as shown
        kind = "correct" if said.correct else "unsure" if said.unsure else "wrong"
        read = int(said.written) if said.written.isdigit() else None
        values = {"n": q.answer, "d": int(str(q.answer)[said.confirm[0]]) if len(said.confirm) == 1 else None}
        lines = (game_line(said, q.answer, read),)  # the short line heard, then the advice per place
        values = {**said.values, **values}
        fb = Feedback(kind, said.message, q.answer, read, stars, True, lines, said.tips, values=values)
        return self._keep(value, fb)

    def next(self) -> None:
        """On to the next prompt (the round's log keeps everything)."""
        self.round.next()
        self.last = None
