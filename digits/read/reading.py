"""A reading: what the model read in a digit or a number, its words for a child, and its JSON."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from digits.languages import article

NOTHING_DRAWN = "Nothing drawn yet: draw a digit!"
ONLY_A_DOT = "That's only a dot: draw a bigger digit!"  # ink there, but too small or blotted to be a digit


@dataclass
class Reading:
    """What the model read in one digit: its answer, how sure, and what it looked at."""

    digit: int | None  # None: nothing drawn; written backwards, the digit meant
    probabilities: np.ndarray = field(default_factory=lambda: np.zeros(10, np.float32))  # which digit
    sure: bool = False
    image: np.ndarray | None = None  # the 28x28 input the network saw
    mirrored: bool = False  # the digit is written backwards (mirror-aware models only; never 0 or 8)
    backwards: float = 0.0  # the probability of "this digit, written backwards" (part of confidence)
    ink: bool = False  # with digit None: there was ink, but no digit in it (a dot, a blot)

    @property
    def confidence(self) -> float:
        return float(self.probabilities.max()) if self.digit is not None else 0.0

    def top(self, k: int = 3) -> list[tuple[int, float]]:
        """The k likeliest digits with their probabilities, likeliest first."""
        order = np.argsort(self.probabilities)[::-1][:k]
        return [(int(d), float(self.probabilities[d])) for d in order]

    @property
    def message(self) -> str:
        if self.digit is None:
            return ONLY_A_DOT if self.ink else NOTHING_DRAWN
        backwards = ", written backwards" if self.mirrored else ""
        if self.sure:
            return f"It's {article(self.digit)}{backwards}!"
        second = self.top(2)[1][0]
        return f"Not sure: maybe {article(self.digit)}{backwards}, or {article(second)}?"

    def to_dict(self) -> dict:
        """The reading as plain JSON; for nothing drawn, only the digit (None) and the message."""
        if self.digit is None:
            return {"digit": None, "message": self.message}
        return {
            "digit": self.digit,
            "mirrored": self.mirrored,  # written backwards: "digit" is the digit meant
            "confidence": round(self.confidence, 4),
            "sure": self.sure,
            "top3": [{"digit": d, "probability": round(p, 4)} for d, p in self.top(3)],
            "probabilities": [round(float(p), 5) for p in self.probabilities],
            "message": self.message,
        }


@dataclass
class NumberReading:
    """Several digits read left to right."""

    digits: list[Reading]
    ink: bool = False  # with no digits: there was ink, but no digit in it
    # The other cut of the same strokes (pen or picture) where it reads another number: a second
    # opinion, so a game gives a child the benefit of the doubt (lesson.games.check). Empty otherwise.
    other: list[Reading] = field(default_factory=list)

    @property
    def number(self) -> str | None:
        return "".join(str(r.digit) for r in self.digits) if self.digits else None

    @property
    def sure(self) -> bool:
        return bool(self.digits) and all(r.sure for r in self.digits)

    @property
    def mirrored(self) -> bool:
        """At least one digit is written backwards (each Reading says which)."""
        return any(r.mirrored for r in self.digits)

    @property
    def message(self) -> str:
        if not self.digits:
            return ONLY_A_DOT if self.ink else NOTHING_DRAWN
        if len(self.digits) == 1:
            return self.digits[0].message
        if self.sure:
            return f"The number {self.number}"
        doubts = [f"{article(r.digit)} or {article(r.top(2)[1][0])}?" for r in self.digits if not r.sure]
        places = _places([i for i, r in enumerate(self.digits) if not r.sure])
        return f"The number {self.number}? Not sure of the {places}: " + " ".join(doubts)

    def to_dict(self, whole: Reading) -> dict:
        """The answer to a drawing as plain JSON: `whole` (all its ink read as one digit) and the number.

        The one shape the API, the stroke endpoint and the command line give.
        """
        if whole.digit is None:
            return {**whole.to_dict(), "number": None}
        # Each digit of the number, left to right: a backwards 3 inside 2036 is flagged on its own.
        digits = [
            {k: r.to_dict()[k] for k in ("digit", "mirrored", "confidence", "sure")} for r in self.digits
        ]
        return {**whole.to_dict(), "number": self.number, "digits": digits, "message": self.message}


ORDINALS = ("1st", "2nd", "3rd")


def _places(indices: list[int]) -> str:
    """'2nd digit', '1st and 3rd digits': which digits of a number, counted from the left."""
    words = [ORDINALS[i] if i < len(ORDINALS) else f"{i + 1}th" for i in indices]
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"{text} digit" + ("s" if len(words) > 1 else "")
