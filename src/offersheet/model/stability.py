"""What would change the verdict: the smallest single change that moves it, found for all offers in a few engine
calls, said in the person's terms.

For each offer and each thing that may change — first what the person controls or can check (the pay they
negotiate, their runway, the company's rating they enter, their fit), then the model's settings (the role's
levels on the Roles sheet, the weights on Profile) — the engine judges a grid of ``STEPS`` steps each way
across the range at once; the first step that changes the verdict is refined by bisection (every offer and
dimension together, one engine call per halving). The sentence leads with what the person controls; a model
setting comes only after it, marked "model setting". A verdict a gate capped says so first, naming the cause
("capped at Negotiate first because you rated your ability to leave 2 of 5"). "Borderline" leads when some
change of at most ``BORDERLINE`` of its range flips it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import numpy as np

from offersheet.model.engine import NEGOTIATE, WEIGHTS, Factors, Floats, Ints, Verdicts, judge, rows_at
from offersheet.model.fit import CONDITION_TRAITS, TRAIT_LABELS
from offersheet.model.inputs import Profile
from offersheet.model.reference import Parameters, Stance
from offersheet.model.vocab import VERDICTS
from offersheet.spec.outputs import DIGITS, SCORE, shown

STEPS = 100  # grid steps across each range
BORDERLINE = 0.02  # a flip within this share of a range marks the verdict borderline
REFINE = 12  # bisection steps after the first flip on the grid
CHUNK = 64  # offers judged together on the grid (memory: CHUNK x dimensions x 2 STEPS rows)


class Dimension(NamedTuple):
    """Something the search may move: a factor (or a weight setting), its words and its range."""

    name: str
    label: str
    lo: float
    hi: float  # for a weight: at least twice its value
    group: str  # "personal", "model" or "weight"
    digits: int  # decimals it is shown with, at least (scores to a tenth, as every sheet shows them)


DIMENSIONS = (
    Dimension("pay_gap_ratio", "pay relative to the best alternative", -1, 1, "personal", 0),
    Dimension("runway_months", "runway (months of essential spending)", 0, 60, "personal", 1),
    Dimension("company_score", "company score", 0, 100, "personal", DIGITS[SCORE]),
    Dimension("fit", "personal fit score", 0, 100, "personal", DIGITS[SCORE]),
    Dimension("acceleration", "the role's acceleration level (Roles sheet)", 0, 100, "model", DIGITS[SCORE]),
    Dimension("risk_reduction", "the role's risk-reduction level (Roles sheet)", 0, 100, "model", DIGITS[SCORE]),
    Dimension("weight_impact", "the impact weight", 0, 1, "weight", 2),
    Dimension("weight_lockin", "the lock-in weight", 0, 1, "weight", 2),
    Dimension("weight_fit", "the fit weight", 0, 1, "weight", 2),
)
assert {d.name for d in DIMENSIONS if d.group == "weight"} == set(WEIGHTS)


def _categories(f: Factors, idx: Ints, values: Floats, p: Parameters, stance: Stance) -> Ints:
    """The category of each offer in ``idx`` with each dimension moved to ``values`` (offers x dimensions x k)."""
    m, d, k = values.shape
    cols = rows_at(f, np.repeat(idx, d * k))  # each offer's row d x k times, then moved below
    weights = {w: np.full(m * d * k, getattr(p, w)) for w in WEIGHTS}
    for j, dim in enumerate(DIMENSIONS):
        target = weights[dim.name] if dim.group == "weight" else cols[dim.name]
        target.reshape(m, d, k)[:, j, :] = values[:, j, :]
    moved = replace(f, **cols)
    out: Ints = judge(moved, p, stance, weights).category.reshape(m, d, k)
    return out


def _fmt(x: float, dim: Dimension, digits: int) -> str:
    return f"{x:+.{digits}%}" if dim.name == "pay_gap_ratio" else f"{x:.{digits}f}"


def _change(verb: str, dim: Dimension, a: float, b: float) -> str:
    """ "raising <label> from a to b", at the dimension's precision, or with as many more decimals as it takes
    for a and b to read differently."""
    for digits in range(dim.digits, 4):
        if _fmt(a, dim, digits) != _fmt(b, dim, digits):
            return f"{verb} {dim.label} from {_fmt(a, dim, digits)} to {_fmt(b, dim, digits)}"
    return f"{verb} {dim.label} by less than 0.001 from {_fmt(a, dim, 3)}"


Flip = tuple[float, str]  # (share of the range moved, the sentence)


def search(f: Factors, p: Parameters, stance: Stance, v: Verdicts, profile: Profile) -> tuple[str, ...]:
    """The sentence for every offer (``v``: the verdicts under ``stance``)."""
    out: list[str] = []
    current = v.category
    for start in range(0, len(current), CHUNK):
        out += _search(f, np.arange(start, min(start + CHUNK, len(current))), p, stance, current)
    caps = [_cap(f, v, i, p, profile) for i in range(len(current))]
    return tuple(_with_cap(said, cap) for said, cap in zip(out, caps, strict=True))


def _with_cap(said: str, cap: str) -> str:
    """The cap's words first (after "borderline: ", which leads whatever it marks)."""
    if not cap:
        return said
    lead = "borderline: " if said.startswith("borderline: ") else ""
    return f"{lead}{cap}; {said.removeprefix(lead)}"


def _cap(f: Factors, v: Verdicts, i: int, p: Parameters, profile: Profile) -> str:
    """Why a gate capped the verdict, in the person's terms; "" when none did."""
    if v.acceleration_gate[i]:
        return (
            f"Avoid because the role's acceleration risk ({shown(SCORE, float(v.harm[i]))}/100 after trust in "
            f"the company) is at or above {p.avoid_acceleration:g} and outweighs its risk reduction"
        )
    if v.strict_gate[i]:
        return "Avoid under the strict stance: the role's main effect is capabilities"
    if v.fit_cap[i]:
        low = [
            f"your {TRAIT_LABELS[t]} {getattr(profile, t)} of 5"
            for t in CONDITION_TRAITS
            if getattr(profile, t) <= p.fit_condition_max
        ]
        return f"capped at {VERDICTS[NEGOTIATE]} because you rated " + " and ".join(low)
    if v.lockin_cap[i]:
        cause = (
            "a red flag in the terms (see Red flags)"
            if f.severe_flag[i]
            else f"lock-in {shown(SCORE, float(v.lockin[i]))}/100, at or above {p.negotiate_lockin:g}"
        )
        return f"capped at {VERDICTS[NEGOTIATE]} by {cause}"
    if v.negative_cap[i]:
        return f"capped at {VERDICTS[v.category[i]]} because the role's net impact is negative ({v.net_impact[i]:+.0f})"
    return ""


def _search(f: Factors, idx: Ints, p: Parameters, stance: Stance, current: Ints) -> list[str]:
    m = len(idx)
    value = np.stack(
        [np.full(m, getattr(p, d.name)) if d.group == "weight" else getattr(f, d.name)[idx] for d in DIMENSIONS], axis=1
    ).astype(np.float64)
    lo = np.array([d.lo for d in DIMENSIONS])[None, :].repeat(m, axis=0)
    hi = np.array([max(2 * getattr(p, d.name), 1.0) if d.group == "weight" else d.hi for d in DIMENSIONS])
    hi = hi[None, :].repeat(m, axis=0)
    step = (hi - lo) / STEPS
    active = np.ones((m, len(DIMENSIONS)), dtype=bool)
    active[:, 0] = f.pay_gap_ratio[idx] != 0
    active[:, 3] = f.frontier[idx]
    # The grid, nearest first: +1, -1, +2, -2, ... steps.
    i = np.repeat(np.arange(1, STEPS + 1), 2)
    sign = np.tile([1.0, -1.0], STEPS)
    grid = value[:, :, None] + (i * sign)[None, None, :] * step[:, :, None]
    inside = (grid >= lo[:, :, None]) & (grid <= hi[:, :, None])
    now = current[idx][:, None, None]
    flips = (_categories(f, idx, grid, p, stance) != now) & inside & active[:, :, None]
    found = flips.any(axis=2)
    first = flips.argmax(axis=2)
    steps_out, way = i[first], sign[first]
    keep = value + (steps_out - 1) * step * way  # the last grid point with the same verdict
    flip = value + steps_out * step * way
    for _ in range(REFINE):
        mid = (keep + flip) / 2
        same = _categories(f, idx, mid[:, :, None], p, stance)[:, :, 0] == current[idx][:, None]
        keep, flip = np.where(same, mid, keep), np.where(same, flip, mid)
    landed = _categories(f, idx, flip[:, :, None], p, stance)[:, :, 0]
    with np.errstate(invalid="ignore"):  # a pay ratio overflowed to inf has no grid point in range: never found
        rel = np.abs(flip - value) / (hi - lo)
    near = int(BORDERLINE * STEPS)
    out = []
    for r in range(m):

        def best(group: str, reach: int = STEPS, r: int = r) -> Flip | None:
            chosen: Flip | None = None
            for j, d in enumerate(DIMENSIONS):
                if (
                    d.group == group
                    and found[r, j]
                    and steps_out[r, j] <= reach
                    and (chosen is None or rel[r, j] < chosen[0])
                ):
                    verb = "raising" if flip[r, j] > value[r, j] else "lowering"
                    words = _change(verb, d, value[r, j], flip[r, j])
                    chosen = (float(rel[r, j]), f"{words} would make it {VERDICTS[landed[r, j]]}")
            return chosen

        personal = best("personal")
        reach = STEPS if personal is None else near
        model = [x for x in (best("model", reach), best("weight", reach)) if x is not None]
        setting = min(model) if model else None
        nearest = min([x for x in (personal, setting) if x is not None], default=None)
        if nearest is None:
            out.append(f"stable: no single change within range moves it from {VERDICTS[current[idx[r]]]}")
            continue
        lead = "borderline: " if nearest[0] <= BORDERLINE else ""
        first = (
            personal[1]
            if personal is not None
            else f"no change you control within range moves it from {VERDICTS[current[idx[r]]]}"
        )
        # A model setting is said only after what the person controls: when nothing they control moves it, or
        # when a setting would move it within the borderline share.
        second = (
            f"; model setting: {setting[1]}"
            if setting is not None and (personal is None or setting[0] <= BORDERLINE)
            else ""
        )
        out.append(f"{lead}{first}{second}")
    return out
