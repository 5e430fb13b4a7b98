"""What the perceptron playground shows, without Gradio: messages, the trace, the plane's figures."""

from __future__ import annotations

import numpy as np

from digits.lesson.perceptron import SAMPLES, Lesson, decimal, output, targets

MAX_ROWS = 400  # trace rows shown; a long XOR run keeps only its newest
TRACE_HEADERS = ["step", "pass", "input", "target", "sum", "output", "change", "new weights"]
ONE, ZERO, SHADE = "#e66100", "#1a5fb4", "#fdd9b5"  # orange / blue: told apart by colour-blind eyes too
GRID = np.linspace(-0.5, 1.5, 401)
NO_LINE = (
    "No straight line can put (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other, "
    "so one neuron can never get all four right: it needs a hidden layer."
)


def weights_text(weights) -> str:
    return "(" + ", ".join(decimal(w) for w in weights) + ")"


def equation(w0, w1, w2, names=("x1", "x2"), places=None) -> str:
    """w0 + w1*x1 + w2*x2 = 0 written the way a teacher would, e.g. 0.8 − 1.0·x1 − 1.0·x2 = 0."""

    def size(w):  # exact decimals as typed, or rounded network weights
        return repr(abs(float(w))) if places is None else f"{abs(float(w)):.{places}f}"

    text = ("−" if w0 < 0 else "") + size(w0)
    for w, name in zip((w1, w2), names, strict=True):
        text += f" {'−' if w < 0 else '+'} {size(w)}·{name}"
    return text + " = 0"


def trace_table(lesson: Lesson):
    """The steps so far as a table like the report's printout, newest first."""
    import pandas as pd

    rows = [
        [s.number, s.pass_number, f"({s.x[0]}, {s.x[1]})", s.target, decimal(s.total), s.output]
        + [weights_text(s.change), weights_text(s.weights)]
        for s in reversed(lesson.steps[-MAX_ROWS:])
    ]
    return pd.DataFrame(rows, columns=TRACE_HEADERS)


def truth_table(gate: str) -> str:
    wanted = dict(zip(SAMPLES, targets(gate), strict=True))
    rows = [f"| {a} | {b} | **{wanted[a, b]}** |" for a, b in sorted(wanted)]
    return "\n".join([f"| x1 | x2 | {gate} |", "|:-:|:-:|:-:|", *rows])


def message(lesson: Lesson) -> str:
    """What just happened, in one or two plain sentences."""
    gate, w, passes = lesson.config.gate, weights_text(lesson.weights), lesson.passes
    why = NO_LINE if gate == "XOR" else "No straight line separates its 1s from its 0s."
    if lesson.status == "learned":
        return f"**Learned {gate} in {passes} passes**: pass {passes} made no mistake. Final weights {w}."
    if lesson.status == "impossible":
        when = "the start" if lesson.repeat_of == 0 else f"pass {lesson.repeat_of}"
        return (
            f"**{gate} can never be learned by one neuron.** After pass {passes} the weights are back to "
            f"{w}, as after {when}, so it would repeat the same mistakes forever. {why}"
        )
    if lesson.status == "gave up":
        hint = NO_LINE if gate == "XOR" else "A bigger learning rate would get there sooner."
        return f"**Still making mistakes after {passes} passes**, so it stops here. {hint}"
    if not lesson.steps:
        return (
            f"Ready to learn **{gate}** from weights {w} with learning rate {decimal(lesson.config.rate())}. "
            "Press **Step** to show it the first example."
        )
    s = lesson.steps[-1]
    text = f"Step {s.number} (pass {s.pass_number}): input ({s.x[0]}, {s.x[1]}), target {s.target}. "
    text += f"Sum = {decimal(s.total)} {'>' if s.output else '≤'} 0, so output {s.output}: "
    text += "right, the weights stay." if s.output == s.target else f"wrong, so the weights change to {w}."
    if lesson.position == 0:
        mistakes = sum(t.output != t.target for t in lesson.steps if t.pass_number == s.pass_number)
        text += f" Pass {s.pass_number} made {mistakes} mistake{'s' if mistakes != 1 else ''}."
    return text


def _axes(title: str):
    """A square plot of the input plane, with fonts big enough for a projector."""
    from matplotlib.figure import Figure  # no pyplot, so no backend to choose: gr.Plot renders it

    fig = Figure(figsize=(7.5, 7.5), layout="constrained")  # gr.Plot closes it after drawing
    ax = fig.add_subplot()
    ax.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xticks=[0, 1], yticks=[0, 1], aspect="equal")
    ax.set_xlabel("x1", fontsize=18)
    ax.set_ylabel("x2", fontsize=18)
    ax.tick_params(labelsize=16)
    ax.set_title(title, fontsize=17)
    return fig, ax


def _shade(ax, says_one: np.ndarray) -> None:
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap(["white", SHADE])
    ax.imshow(says_one, extent=(-0.5, 1.5, -0.5, 1.5), origin="lower", cmap=cmap, vmin=0, vmax=1, zorder=0)


def _line(ax, w0, w1, w2, **style) -> None:
    """The line w0 + w1*x1 + w2*x2 = 0, if the weights make one."""
    if w2 != 0:
        ax.plot(GRID, -(w0 + w1 * GRID) / w2, **style)
    elif w1 != 0:
        ax.axvline(-w0 / w1, **style)


def _points(ax, wanted: dict, wrong=(), shown=None) -> None:
    for (a, b), t in wanted.items():
        ax.scatter(a, b, s=700, marker="o" if t else "s", c=ONE if t else ZERO, edgecolors="white", zorder=3)
        ax.text(a, b, str(t), ha="center", va="center", color="white", fontsize=18, weight="bold", zorder=4)
        if (a, b) in wrong:
            ax.scatter(a, b, s=1600, facecolors="none", edgecolors="red", linewidths=3, zorder=2)
    if shown is not None:
        ax.scatter(*shown, s=2600, facecolors="none", edgecolors="black", linestyle=":", linewidths=2.5)


def _legend(fig, extra: list) -> None:
    """The key, below the plot so it never hides a point."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Line2D([], [], marker="o", ls="", ms=16, color=ONE, label="target 1"),
        Line2D([], [], marker="s", ls="", ms=16, color=ZERO, label="target 0"),
        Patch(color=SHADE, label="answers 1"),
        *extra,
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=14, frameon=False)


def figure(lesson: Lesson):
    """The four points, the decision line and its shaded 1-side, for the current weights."""
    from matplotlib.lines import Line2D

    w = [float(v) for v in lesson.weights]
    says_one = w[0] + w[1] * GRID[None, :] + w[2] * GRID[:, None] > 0
    wanted = dict(zip(SAMPLES, lesson.targets, strict=True))
    wrong = [x for x in SAMPLES if output(lesson.weights, x)[1] != wanted[x]]
    status = {"learned": "learned!", "impossible": "can never be learned", "gave up": "stopped"}
    head = f"{lesson.config.gate}, step {len(lesson.steps)}: {status.get(lesson.status, 'learning')}"
    fig, ax = _axes(f"{head}\n{equation(*lesson.weights)}")
    _shade(ax, says_one)
    _line(ax, *w, color="black", lw=3)
    _points(ax, wanted, wrong, lesson.steps[-1].x if lesson.steps else None)
    label, width = ("sum = 0", 3) if w[1] or w[2] else ("no line: w1 = w2 = 0", 0)
    extra = [Line2D([], [], color="black", lw=width, label=label)]
    ring = {"marker": "o", "ls": "", "mfc": "none"}
    if wrong:
        extra.append(Line2D([], [], ms=22, mec="red", mew=3, label="wrong now", **ring))
    if lesson.steps:
        extra.append(Line2D([], [], ms=26, mec="black", label="last example (dotted)", **ring))
    _legend(fig, extra)
    return fig


def mlp_figure(result):
    """XOR's points, the two hidden neurons' lines, and where the whole network answers 1."""
    net = result.net
    plane = np.stack(np.meshgrid(GRID, GRID), axis=-1).reshape(-1, 2)
    says_one = (net.predict(plane) > 0.5).reshape(len(GRID), len(GRID))
    answers = dict(zip(SAMPLES, result.rounded, strict=True))
    rounded = " ".join(str(answers[x]) for x in sorted(answers))  # the usual order: 0 1 1 0
    learned = "XOR learned" if result.solved else "XOR not learned yet"
    fig, ax = _axes(f"With a hidden layer: {learned}\n(0,0) (0,1) (1,0) (1,1) → {rounded}")
    _shade(ax, says_one)
    for j, (color, dash) in enumerate((("#5e3c99", "--"), ("#1b7837", "-."))):
        _line(ax, net.b1[j], *net.w1[:, j], color=color, ls=dash, lw=3.5, label=f"hidden neuron {j + 1}")
    _points(ax, dict(zip(SAMPLES, (a ^ b for a, b in SAMPLES), strict=True)))
    for (a, b), p in zip(SAMPLES, result.outputs, strict=True):
        ax.text(a + 0.14, b + 0.14, f"{p:.2f}", fontsize=16, zorder=5)
    _legend(fig, ax.get_lines())
    return fig


def mlp_message(result) -> str:
    """How the network did, its four answers, and its hidden neurons' weights."""
    net, outputs = result.net, dict(zip(SAMPLES, result.outputs, strict=True))
    tries = (
        "first try"
        if result.attempts == 1
        else f"{result.attempts} tries: a run that got stuck started again"
    )
    head = (
        f"**A hidden layer solves XOR**: 2 hidden neurons and 1 output learned it in {result.epochs} epochs "
        f"({result.seconds:.3f} s, {tries})."
        if result.solved
        else f"**Not learned this time** after {result.attempts} tries: press the button again."
    )
    rows = [
        f"| {a} | {b} | {outputs[a, b]:.3f} | **{int(outputs[a, b] > 0.5)}** | {a ^ b} |"
        for a, b in sorted(outputs)
    ]
    table = ["| x1 | x2 | network says | rounded | XOR |", "|:-:|:-:|:-:|:-:|:-:|", *rows]
    hidden = [f"hidden {j + 1}: {equation(net.b1[j], *net.w1[:, j], places=2)}" for j in range(len(net.b1))]
    out = f"output: {equation(net.b2[0], *net.w2[:, 0], names=('h1', 'h2'), places=2)}"
    return "\n".join(
        [head, "", *table, "", "Lines where each neuron's sum is 0: " + "; ".join(hidden) + "; " + out]
    )
