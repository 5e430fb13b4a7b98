"""A round of the writing lesson in any mode: trace, free, numbers or sums, with its teacher's log."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from digits.lesson import formation_check
from digits.lesson.games import Question
from digits.lesson.games import check as check_answer
from digits.lesson.practice import FINISHED, Feedback, PracticeRound, article
from digits.lesson.teacher import GAMES, Attempt, RoundLog, TeacherSettings

FREE_MODE = TeacherSettings(mode="free")  # today's Practice: the tab starts here


@dataclass
class WritingLesson:
    """One child's round: the prompts of the teacher's settings, the score, and the log of tries."""

    settings: TeacherSettings = FREE_MODE
    seed: int = 0
    round: PracticeRound = field(init=False)
    questions: list[Question] = field(init=False, default_factory=list)
    log: RoundLog = field(init=False, default_factory=RoundLog)
    last: tuple[str, Feedback] | None = field(init=False, default=None)  # the drawing checked last
    checks: int = field(init=False, default=0)  # presses of Check: each answer is said anew

    def __post_init__(self):
        if self.settings.mode in GAMES:
            self.questions = self.settings.questions(self.seed)
            targets = [q.answer for q in self.questions]
        else:
            targets = self.settings.targets(self.seed)
        self.round = PracticeRound(seed=self.seed, targets=targets)

    @property
    def mode(self) -> str:
        return self.settings.mode

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
        """Trace mode: stars and the one thing to fix, from how the strokes follow the model."""
        target = self.round.target
        if target is None:
            return Feedback("finished", FINISHED), None
        result = formation_check.trace(value, target, self.settings.convention)
        if result.issue == "empty":
            return Feedback("empty", result.hint, target), result
        self.log.add(Attempt.from_formation(result))
        stars = self.round.mark(result.passed, result.stars)
        kind = "correct" if result.passed else "wrong"
        return self._keep(value, Feedback(kind, result.hint, target, stars=stars, counted=True)), result

    def free(self, value, reading) -> tuple[Feedback, formation_check.FormationResult | None]:
        """Free mode: the reading judges the shape; formation advice when it is right (strict: it counts)."""
        target = self.round.target
        if target is None or reading.digit is None:
            return self.round.check(reading), None
        mirrored = bool(getattr(reading, "mirrored", False))
        if reading.digit != target or not reading.sure:
            feedback = self.round.check(reading)
            if feedback.counted:
                self.log.add(Attempt(str(target), False, reversal=mirrored))
            return self._keep(value, feedback), None
        strict = self.settings.strict
        result = formation_check.free(value, target, self.settings.convention, strict)
        attempt = Attempt.from_formation(result, read=reading.digit)
        if not self.round.solved:
            self.log.add(Attempt(attempt.item, attempt.right, attempt.stars, attempt.slip, mirrored))
        if not result.passed:  # strict mode, and a formation slip
            self.round.mark(False)
            message = f"That's {article(target)}, but look how it is written: {result.hint}"
            return self._keep(value, Feedback("wrong", message, target, reading.digit, counted=True)), result
        feedback = self.round.check(reading)
        if result.slip:
            feedback.message += f" Next time: {result.hint}"
        return self._keep(value, feedback), result

    def answer(self, value, number) -> Feedback:
        """Numbers and sums modes: the digits read left to right (a NumberReading) against the answer."""
        q = self.question
        if q is None:
            return Feedback("finished", FINISHED)
        said = check_answer(q, number.digits)
        if not said.written:
            return Feedback("empty", said.message, q.answer)
        self.log.add(Attempt.from_answer(q, said))
        right = None if said.unsure else said.correct
        stars = self.round.mark(right)
        kind = "correct" if said.correct else "unsure" if said.unsure else "wrong"
        read = int(said.written) if said.written.isdigit() else None
        return self._keep(value, Feedback(kind, said.message, q.answer, read, stars, counted=True))

    def next(self) -> None:
        """On to the next prompt (the round's log keeps everything)."""
        self.round.next()
        self.last = None
