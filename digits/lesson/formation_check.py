"""Scoring a child's strokes against the model digit: closeness, start, direction, order, stroke count."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digits.lesson.formation import Convention, Drawing, Formation, formation, to_unit, variants

SPACING = 0.015  # unit box; the digit is 0.8 high
SPECK = 0.05  # strokes shorter than this are specks: not counted
START_NEAR = 0.25  # a start this near the model's start is right (under a third of the digit's height)
TRACE_ERROR = (0.02, 0.10)  # mean distance from the model: full closeness .. none
FREE_UNCLEAR = 0.11  # free mode: the best model further than this on average can't be judged
SLIPS = ("mirror", "start", "order", "strokes", "direction")  # formation issues (hint order: see _result)


@dataclass(frozen=True)
class FormationResult:
    """How a drawing of `digit` was formed: stars, and the one most important thing to fix."""

    digit: int
    variant: str  # the model it was compared with
    issue: str  # "ok", "empty", "shape", "unclear" (free mode: can't tell) or one of SLIPS
    hint: str  # kind, specific, for the child; praise when issue is "ok"
    stars: int  # 0-3
    closeness: float  # 0-1: how near the strokes follow the model's shape
    strokes: int  # strokes drawn (specks left out)
    start_ok: bool = True
    direction_ok: bool = True
    order_ok: bool = True
    strokes_ok: bool = True
    passed: bool = True  # trace: 2 stars or more; free: right unless strict mode and a slip
    # Free mode's stars rate the formation alone: 3 when no slip is found (or it can't be judged).

    @property
    def slip(self) -> bool:
        return self.issue in SLIPS


def resample(points: np.ndarray, spacing: float = SPACING) -> np.ndarray:
    """A polyline resampled at even steps along its length (a single point stays one point)."""
    pts = np.asarray(points, float)[:, :2]
    s = np.r_[0, np.cumsum(np.linalg.norm(np.diff(pts, axis=0), axis=1))]
    if s[-1] <= 0:
        return pts[:1]
    t = np.linspace(0, s[-1], max(2, int(np.ceil(s[-1] / spacing)) + 1))
    return np.stack([np.interp(t, s, pts[:, 0]), np.interp(t, s, pts[:, 1])], 1)


def _tangents(pts: np.ndarray) -> np.ndarray:
    if len(pts) < 2:
        return np.zeros_like(pts)
    d = np.gradient(pts, axis=0)
    return d / np.maximum(np.linalg.norm(d, axis=1, keepdims=True), 1e-9)


def _nearest(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each point of a: the distance to, and index of, the nearest point of b."""
    d = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=2)
    i = d.argmin(1)
    return d[np.arange(len(a)), i], i


def _error(child: list[np.ndarray], model: list[np.ndarray]) -> float:
    """Symmetric mean distance: child ink far from the model, or model not covered by the child."""
    c, m = np.concatenate(child), np.concatenate(model)
    return max(float(_nearest(c, m)[0].mean()), float(_nearest(m, c)[0].mean()))


def _length(stroke: np.ndarray) -> float:
    return float(np.linalg.norm(np.diff(stroke, axis=0), axis=1).sum())


def _turning(stroke: np.ndarray) -> float:
    """Signed total turning in degrees; positive is anticlockwise as seen on screen (y down)."""
    d = np.diff(stroke, axis=0)
    ang = np.unwrap(np.arctan2(-d[:, 1], d[:, 0]))
    return float(np.degrees(ang[-1] - ang[0])) if len(ang) > 1 else 0.0


def _way(stroke: np.ndarray) -> str:
    """How to go along a model stroke, in words, for a hint about its direction."""
    if np.linalg.norm(stroke[-1] - stroke[0]) < 0.3 * _length(stroke):  # a loop, or most of one
        half = stroke[: max(3, len(stroke) // 2)]
        return "curl to the left, like a c" if _turning(half) > 0 else "curl to the right"
    dx, dy = stroke[-1] - stroke[0]
    if abs(dx) > abs(dy):
        return "from left to right" if dx > 0 else "from right to left"
    return "from top to bottom" if dy > 0 else "from bottom to top"


def _normalised(child: list[np.ndarray], model: Formation) -> list[np.ndarray]:
    """Free mode: the child's strokes moved and stretched onto the model's box.

    Height to height, and width to width within a factor of two, so a round 0 meets an oval one;
    a narrow digit (a 1) keeps its own proportions.
    """
    pts = np.concatenate(child)
    lo, hi = pts.min(0), pts.max(0)
    mpts = np.concatenate(model.strokes)
    mlo, mhi = mpts.min(0), mpts.max(0)
    (w, h), (mw, mh) = hi - lo, mhi - mlo
    sy = mh / max(h, 0.3 * w, 1e-9)
    sx = float(np.clip(mw / w, sy / 2, sy * 2)) if w > 0.3 * h and mw > 0.3 * mh else sy
    return [(s - (lo + hi) / 2) * (sx, sy) + (mlo + mhi) / 2 for s in child]


def _mirrored(model: list[np.ndarray]) -> list[np.ndarray]:
    pts = np.concatenate(model)
    mid = (pts[:, 0].min() + pts[:, 0].max()) / 2
    return [np.c_[2 * mid - s[:, 0], s[:, 1]] for s in model]


def _closeness(error: float) -> float:
    lo, hi = TRACE_ERROR
    return float(np.clip((hi - error) / (hi - lo), 0.0, 1.0))


def _judge(child: list[np.ndarray], model: Formation) -> dict:
    """Compare resampled child strokes (unit box) with the model: which checks pass, and why not."""
    ref = [resample(s) for s in model.strokes]
    error = _error(child, ref)
    mirror_error = _error(child, _mirrored(ref))
    symmetric = _error(ref, _mirrored(ref)) < 0.02  # a 0, an 8, a plain 1 look the same mirrored
    matched, wrong_way = [], []
    for stroke in child:
        # Each stroke goes with the model stroke it lies along: near it, and lined up with it
        # either way (a low cross bar lies nearer the slope of a 7, but across it).
        fits = []  # per model stroke: tangent agreement at each point (-1..1), mean distance
        for r in ref:
            dist, idx = _nearest(stroke, r)
            fits.append(((_tangents(stroke) * _tangents(r)[idx]).sum(1), dist.mean()))
        costs = [dist + 0.2 * (1 - np.abs(agree).mean()) for agree, dist in fits]
        j = int(np.argmin(costs))
        matched.append(j)
        if len(stroke) > 1 and fits[j][0].mean() < 0:
            wrong_way.append(j)
    return {
        "error": error,
        # Only a clear mirror image: a slanted 9 can sit nearer the mirrored model, but not near it.
        "mirror": not symmetric and mirror_error < min(0.5 * error, 0.04),
        "start": float(np.linalg.norm(child[0][0] - ref[0][0])) <= START_NEAR,
        "order": bool(np.all(np.diff(matched) >= 0)) and matched[0] == 0,
        "strokes": len(child) == len(ref),
        "wrong_way": wrong_way,
    }


def _hint(issue: str, model: Formation, checks: dict) -> str:
    d, names, n = model.digit, model.names, len(model.strokes)
    if issue == "mirror":
        return f"Nearly! Your {d} is facing the wrong way: look at the model and turn it round."
    if issue == "start":
        return f"Start your {d} {model.where_to_start}."
    if issue == "order":
        return f"Draw {names[0]} first, then {names[1]}."
    if issue == "strokes" and n == 1:
        return f"Draw your {d} in one go, without lifting your pencil."
    if issue == "strokes":
        return f"Your {d} has {n} strokes: {names[0]}, then {names[1]}."
    if issue == "direction":
        j = checks["wrong_way"][0]
        way = _way(model.strokes[j])
        if way.startswith("curl"):
            return f"Go round the other way: {way}."
        return f"Draw {names[j]} {way}." if n > 1 else f"Draw your {d} {way}."
    return f"Beautiful {d}! Right start, right way round."


def _result(digit: int, model: Formation, child: list[np.ndarray], *, trace: bool, strict: bool):
    checks = _judge(child, model)
    closeness = _closeness(checks["error"])
    ok = {
        "start_ok": checks["start"],
        "direction_ok": not checks["wrong_way"],
        "order_ok": checks["order"],
        "strokes_ok": checks["strokes"],
    }
    failed = [  # most important first: a stroke out of order also starts in the wrong place
        ("mirror", checks["mirror"]),
        ("order", not checks["order"]),
        ("start", not checks["start"]),
        ("strokes", not checks["strokes"] and len(child) > len(model.strokes)),
        ("direction", bool(checks["wrong_way"])),
        ("strokes", not checks["strokes"]),
    ]
    issue = next((name for name, bad in failed if bad), "ok")
    hint = _hint(issue, model, checks)
    if trace and (closeness < 0.25 or (closeness < 0.5 and issue not in ("mirror", "start", "order"))):
        # Too far from the grey line to judge the formation: the shape comes first.
        ink = np.concatenate(child)
        missed = [_nearest(resample(r), ink)[0].mean() for r in model.strokes]
        issue, hint = (
            "shape",
            f"Follow the grey line all the way along {model.names[int(np.argmax(missed))]}.",
        )
    cap = {"ok": 3, "strokes": 2, "shape": int(closeness >= 0.25)}.get(issue, 1)  # other slips: 1 star
    stars = min(cap, 3 if closeness >= 0.75 or not trace else 2)
    passed = stars >= 2 if trace else not (strict and issue in SLIPS)
    return FormationResult(
        digit, model.variant, issue, hint, stars, closeness, len(child), **ok, passed=passed
    )


def _child(drawing: Drawing, to_box) -> list[np.ndarray]:
    strokes = [resample(to_box(s)) for s in drawing.strokes]
    return [s for s in strokes if _length(s) >= SPECK]


def _empty(digit: int, variant: str) -> FormationResult:
    hint = f"Draw your {digit} on the pad first."
    return FormationResult(digit, variant, "empty", hint, 0, 0.0, 0, False, False, False, False, passed=False)


def trace(drawing, digit: int, convention: Convention | None = None) -> FormationResult:
    """Trace mode: the child's strokes against the model shown on the pad (Formation.on_pad)."""
    drawing, model = Drawing.parse(drawing), formation(digit, convention)
    child = _child(drawing, lambda s: to_unit(s, drawing.width, drawing.height))
    if not child:
        return _empty(digit, model.variant)
    return _result(digit, model, child, trace=True, strict=False)


def free(drawing, digit: int, convention: Convention | None = None, strict: bool = False) -> FormationResult:
    """Free mode, once the digit was read right: formation feedback from the child's own strokes.

    The strokes are compared with the nearest of the digit's models (a flagged 1 with the flagged
    model), so only how the digit was formed is judged, never its style. A right digit is marked
    wrong (passed False) for a formation slip only in strict mode.
    """
    drawing = Drawing.parse(drawing)
    own = formation(digit, convention)
    raw = [s[:, :2] for s in drawing.strokes if len(s)]
    if not raw:
        return _empty(digit, own.variant)
    candidates = [own] + [m for m in variants(digit).values() if m is not own]
    best, best_child, best_error, best_cost = own, [], np.inf, np.inf
    for model in candidates:
        child = [s for s in (resample(x) for x in _normalised(raw, model)) if _length(s) >= SPECK]
        error = _error(child, [resample(s) for s in model.strokes]) if child else np.inf
        cost = error + 0.03 * abs(len(child) - len(model.strokes))  # a crossed 7 has two strokes
        if cost < best_cost - 0.005:  # the teacher's model wins a tie
            best, best_child, best_error, best_cost = model, child, error, cost
    if not best_child:
        return _empty(digit, own.variant)
    if best_error > FREE_UNCLEAR:
        return FormationResult(digit, best.variant, "unclear", "", 3, _closeness(best_error), len(best_child))
    return _result(digit, best, best_child, trace=False, strict=strict)
