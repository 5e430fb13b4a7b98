"""The report's perceptron: a bias input x0 = 1, a step function, and its learning rule, in exact decimals."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from digits.limits import number_text

# The report's sample order, used for every gate: (0,0), (1,1), (0,1), (1,0).
SAMPLES = ((0, 0), (1, 1), (0, 1), (1, 0))

GATES = {
    "AND": lambda a, b: a & b,
    "OR": lambda a, b: a | b,
    "NAND": lambda a, b: 1 - (a & b),
    "NOR": lambda a, b: 1 - (a | b),
    "XOR": lambda a, b: a ^ b,
}


def targets(gate: str) -> tuple[int, ...]:
    """The gate's wanted outputs for SAMPLES, in that order."""
    if gate not in GATES:
        raise ValueError(f"Unknown gate {gate!r}; choose one of: {', '.join(GATES)}.")
    return tuple(GATES[gate](a, b) for a, b in SAMPLES)


def exact(value, name: str = "A weight") -> Fraction:
    """A typed decimal ("0.2", "-1", 0.8) as an exact fraction, so ties at 0 stay exactly 0."""
    if isinstance(value, Fraction):
        return value
    # Text first: Fraction(0.2) would keep binary float's error, Fraction("0.2") is exactly 1/5. Bounded
    # first: Fraction("1e-10000000") builds a 10-million-digit number (17.5 s, the whole server waiting).
    return Fraction(number_text(value, name))


def decimal(q: Fraction) -> str:
    """An exact weight as the decimal people type, e.g. 0.6 or -1.0."""
    return repr(float(q))


@dataclass
class PerceptronConfig:
    """A lesson's settings; defaults are the report's AND example."""

    gate: str = "AND"
    weights: tuple = ("0.8", "-1", "-1")  # w0 (bias), w1, w2
    learning_rate: str = "0.2"
    max_passes: int = 1000  # a cap for cycles too long to wait for (tiny rates)

    def start(self) -> tuple[Fraction, ...]:
        return tuple(exact(w, f"Start weight w{i}") for i, w in enumerate(self.weights))

    def rate(self) -> Fraction:
        return exact(self.learning_rate, "The learning rate")

    def check(self) -> None:
        """A ValueError with a plain message for settings that cannot learn."""
        targets(self.gate)
        if len(self.weights) != 3:
            raise ValueError("A perceptron with two inputs needs three start weights: w0, w1 and w2.")
        if self.rate() <= 0:
            raise ValueError(f"The learning rate must be above 0, not {self.learning_rate}.")


@dataclass(frozen=True)
class Step:
    """One sample shown to the perceptron, and what it changed."""

    number: int  # 1, 2, ... over the whole lesson
    pass_number: int
    x: tuple[int, int]
    target: int
    total: Fraction  # w0 + w1*x1 + w2*x2 before the update
    output: int
    change: tuple[Fraction, ...]
    weights: tuple[Fraction, ...]  # after the update


def output(weights, x) -> tuple[Fraction, int]:
    """The weighted sum with x0 = 1, and the step function: 1 only if the sum is > 0."""
    total = weights[0] + weights[1] * x[0] + weights[2] * x[1]
    return total, int(total > 0)


def learn(weights, rate: Fraction, x, target: int) -> tuple[Fraction, int, tuple[Fraction, ...]]:
    """The learning rule w += rate * (target - output) * x for one sample; returns sum, output, change."""
    total, out = output(weights, x)
    change = tuple(rate * (target - out) * xi for xi in (1, *x))
    return total, out, change


@dataclass
class Lesson:
    """A perceptron learning one gate, one sample at a time, that notices when it can never finish."""

    config: PerceptronConfig = field(default_factory=PerceptronConfig)
    weights: tuple = ()
    steps: list = field(default_factory=list)
    position: int = 0  # the next sample's index within the current pass
    errors: int = 0  # mistakes so far in the current pass
    passes: int = 0  # completed passes
    status: str = "learning"  # or "learned", "impossible" (weights repeat), "gave up" (cap reached)
    seen: dict = field(default_factory=dict)  # weights at the end of each erring pass -> that pass's number
    repeat_of: int = 0  # the earlier pass whose end weights came back

    def __post_init__(self):
        self.config.check()
        if not self.weights:
            self.weights = self.config.start()
            self.seen[self.weights] = 0

    @property
    def targets(self) -> tuple[int, ...]:
        return targets(self.config.gate)

    @property
    def done(self) -> bool:
        return self.status != "learning"

    def step(self) -> Step | None:
        """Show the next sample; None once the lesson is over."""
        if self.done:
            return None
        x, target = SAMPLES[self.position], self.targets[self.position]
        total, out, change = learn(self.weights, self.config.rate(), x, target)
        self.weights = tuple(w + d for w, d in zip(self.weights, change, strict=True))
        self.errors += out != target
        record = Step(len(self.steps) + 1, self.passes + 1, x, target, total, out, change, self.weights)
        self.steps.append(record)
        self.position = (self.position + 1) % len(SAMPLES)
        if self.position == 0:
            self._end_pass()
        return record

    def _end_pass(self) -> None:
        self.passes += 1
        if self.errors == 0:
            self.status = "learned"
        elif self.weights in self.seen:
            # The next pass depends only on these weights, so everything since then repeats forever.
            self.status, self.repeat_of = "impossible", self.seen[self.weights]
        elif self.passes >= self.config.max_passes:
            self.status = "gave up"
        self.seen[self.weights] = self.passes
        self.errors = 0

    def finish_pass(self) -> list[Step]:
        """Steps up to the end of the current pass (a whole pass if at its start)."""
        steps = [self.step()]
        while self.position != 0 and not self.done:
            steps.append(self.step())
        return [s for s in steps if s is not None]

    def run(self) -> list[Step]:
        """Passes until one makes no error, the weights repeat, or the cap is reached."""
        steps = []
        while not self.done:
            steps += self.finish_pass()
        return steps
