"""The verdict: a score from signed contributions, five ordered categories, gates, and stability.

The score adds: the role's net impact, personal fit (at frontier employers), career capital (weighted
by career stage), minus lock-in, plus bounded terms for pay relative to the best alternative and for
the donated part of a pay gap. Thresholds map the score to a category; then gates apply, none of which
comp can lift: high acceleration with negative net impact is Avoid; under the strict stance a role
whose main effect is capabilities at a builder of AI is Avoid; negative net impact caps the verdict at
Prefer an alternative; heavy lock-in or a severe red flag caps it at Negotiate first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from offersheet.model.acceleration import Impact, impact_from_levels
from offersheet.model.lockin import financial_score
from offersheet.model.reference import Parameters, Stance
from offersheet.model.vocab import VERDICTS


@dataclass(frozen=True)
class Factors:
    """Everything the verdict depends on, reduced to numbers; stability search perturbs these."""

    acceleration: float
    risk_reduction: float
    company_dependence: float
    basis: str
    company_score: float
    builds_ai: bool  # the employer's acceleration factor is above zero
    frontier: bool
    fit: float
    career_capital: float
    stage_weight: float
    average_forfeit_years: float
    runway_months: float
    flag_points: float
    severe_flag: bool
    pay_gap_ratio: float  # (this pay - best alternative pay) / best alternative pay, or 0
    donated_ratio: float  # donated part of the pay gap / best alternative pay


@dataclass(frozen=True)
class Driver:
    name: str
    points: float
    detail: str


@dataclass(frozen=True)
class Judgement:
    score: float
    category: str
    drivers: tuple[Driver, ...]  # largest magnitude first
    gates: tuple[str, ...]
    lockin: float
    impact: Impact

    @property
    def net_impact(self) -> float:
        return self.impact.net_impact


def _clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def category_for(score: float, p: Parameters) -> str:
    for threshold, name in zip((p.strong, p.safeguards, p.negotiate, p.prefer_alternative), VERDICTS, strict=False):
        if score >= threshold:
            return name
    return VERDICTS[-1]


def worse(a: str, b: str) -> str:
    return VERDICTS[max(VERDICTS.index(a), VERDICTS.index(b))]


def _points(f: Factors, p: Parameters, stance: Stance) -> tuple[Impact, float, list[tuple[str, float]]]:
    """The signed points of each driver, in a fixed order (their sum is the score)."""
    impact = impact_from_levels(f.acceleration, f.risk_reduction, f.company_dependence, f.basis,
                                f.company_score, p, stance)
    lockin = min(100.0, financial_score(f.average_forfeit_years, f.runway_months, p) + f.flag_points)
    points: list[tuple[str, float]] = []
    if stance.impact_mode == "ratio":
        points.append(("Net impact", p.weight_impact * impact.net_impact))
    else:
        points.append(("Risk reduction", p.weight_impact * impact.risk_reduction))
        points.append(("Acceleration risk", -p.weight_impact * impact.harm))
    if f.frontier:
        points.append(("Personal fit", p.weight_fit * (f.fit - p.fit_neutral)))
    points.append(("Career capital", p.weight_career * f.stage_weight * (f.career_capital - 50)))
    points.append(("Lock-in", -p.weight_lockin * lockin))
    if f.pay_gap_ratio:
        points.append(("Pay vs best alternative", p.weight_comp * _clamp(f.pay_gap_ratio, -1, 1)))
    if f.donated_ratio:
        points.append(("Donations from the pay gap", p.weight_donation * _clamp(f.donated_ratio, 0, 1)))
    return impact, lockin, points


def _decide(score: float, impact: Impact, lockin: float, f: Factors, p: Parameters, stance: Stance
            ) -> tuple[str, list[str]]:
    """The category for a score, then the gates that cap it."""
    category, gates = category_for(score, p), list[str]()
    if impact.harm >= p.avoid_acceleration and impact.net_impact < 0:
        category, gates = "Avoid", [*gates, "acceleration risk is high and outweighs risk reduction"]
    if stance.strict_capabilities and f.builds_ai and impact.harm > impact.risk_reduction:
        category, gates = "Avoid", [*gates, "the strict stance avoids roles whose main effect is capabilities"]
    if impact.net_impact < 0 and VERDICTS.index(category) < VERDICTS.index("Prefer an alternative"):
        category, gates = "Prefer an alternative", [*gates, "net impact is negative"]
    if (lockin >= p.negotiate_lockin or f.severe_flag) and VERDICTS.index(category) < 2:
        category, gates = "Negotiate first", [*gates, "lock-in must come down before accepting"]
    return category, gates


def _detail(name: str, f: Factors, impact: Impact, lockin: float) -> str:
    if name == "Net impact":
        return f"risk reduction vs acceleration ratio {impact.net_impact:+.0f}"
    if name == "Risk reduction":
        return f"{impact.risk_reduction:.0f}/100 ({f.basis})"
    if name == "Acceleration risk":
        return f"{impact.harm:.0f}/100 after trust in the company ({f.basis})"
    if name == "Personal fit":
        return f"{f.fit:.0f}/100"
    if name == "Career capital":
        return f"{f.career_capital:.0f}/100 at this career stage"
    if name == "Lock-in":
        return f"{lockin:.0f}/100"
    if name == "Pay vs best alternative":
        return f"{f.pay_gap_ratio:+.0%}"
    return f"{f.donated_ratio:.0%} of the alternative's pay"


def judge(f: Factors, p: Parameters, stance: Stance) -> Judgement:
    impact, lockin, points = _points(f, p, stance)
    score = sum(pts for _, pts in points)
    category, gates = _decide(score, impact, lockin, f, p, stance)
    drivers = [Driver(name, pts, _detail(name, f, impact, lockin)) for name, pts in points]
    drivers.sort(key=lambda d: -abs(d.points))
    return Judgement(score, category, tuple(drivers), tuple(gates), lockin, impact)


def verdict_category(f: Factors, p: Parameters, stance: Stance) -> str:
    """``judge(f, p, stance).category`` without the words: for stances and the stability search."""
    impact, lockin, points = _points(f, p, stance)
    return _decide(sum(pts for _, pts in points), impact, lockin, f, p, stance)[0]


_T = TypeVar("_T")

# What stability may change, with its range, its label and how to set it.
_DIMENSIONS: tuple[tuple[str, str, float, float], ...] = (
    ("company_score", "company score", 0, 100),
    ("acceleration", "acceleration risk of the role", 0, 100),
    ("risk_reduction", "risk reduction of the role", 0, 100),
    ("fit", "personal fit score", 0, 100),
    ("runway_months", "runway (months of essential spending)", 0, 60),
)
_WEIGHTS = (("weight_impact", "impact weight"), ("weight_lockin", "lock-in weight"), ("weight_fit", "fit weight"))


def _fmt(x: float) -> str:
    return f"{x:.2f}" if abs(x) < 10 and x != int(x) else f"{x:.0f}"


def stability(f: Factors, p: Parameters, stance: Stance, steps: int = 100) -> str:
    """The smallest single change of one input or weight that changes the verdict, in words."""
    current = verdict_category(f, p, stance)
    best: tuple[float, str] | None = None
    for name, label, lo, hi in _DIMENSIONS:
        if name == "fit" and not f.frontier:
            continue
        value = getattr(f, name)
        hit = _nearest_flip(lambda v, n=name: verdict_category(_with(f, n, v), p, stance),
                            value, lo, hi, current, steps, _reach(best, steps))
        if hit is not None:
            rel = abs(hit[0] - value) / (hi - lo)
            if best is None or rel < best[0]:
                verb = "raising" if hit[0] > value else "lowering"
                best = (rel, f"{verb} {label} from {_fmt(value)} to {_fmt(hit[0])} would make it {hit[1]}")
    for name, label in _WEIGHTS:
        value = getattr(p, name)
        hi = max(2 * value, 1.0)
        hit = _nearest_flip(lambda v, n=name: verdict_category(f, _with(p, n, v), stance),
                            value, 0.0, hi, current, steps, _reach(best, steps))
        if hit is not None:
            rel = abs(hit[0] - value) / hi
            if best is None or rel < best[0]:
                verb = "raising" if hit[0] > value else "lowering"
                best = (rel, f"{verb} the {label} from {_fmt(value)} to {_fmt(hit[0])} would make it {hit[1]}")
    return best[1] if best else f"stable: no single change within range moves it from {current}"


def _with(f: _T, name: str, value: float) -> _T:
    """``replace(f, name=value)`` for a frozen dataclass, without re-running __init__ or copy's protocol (the
    stability search makes hundreds of these)."""
    g = object.__new__(type(f))
    g.__dict__.update(f.__dict__)
    g.__dict__[name] = value
    return g


def _reach(best: tuple[float, str] | None, steps: int) -> int:
    """How many steps a later scan needs: a flip beyond the best one so far could not replace it."""
    return steps if best is None else min(steps, int(best[0] * steps) + 1)


def _nearest_flip(category_at, value: float, lo: float, hi: float, current: str, steps: int,  # type: ignore[no-untyped-def]
                  reach: int | None = None):
    """Scan outward from ``value`` in both directions (up to ``reach`` steps); refine the first flip by bisection."""
    step = (hi - lo) / steps
    for i in range(1, (steps if reach is None else reach) + 1):
        for candidate in (value + i * step, value - i * step):
            if lo <= candidate <= hi:
                cat = category_at(candidate)
                if cat != current:
                    return _refine(category_at, value + (i - 1) * step * (1 if candidate > value else -1),
                                   candidate, current)
    return None


def _refine(category_at, inside: float, outside: float, current: str):  # type: ignore[no-untyped-def]
    for _ in range(12):
        mid = (inside + outside) / 2
        if category_at(mid) == current:
            inside = mid
        else:
            outside = mid
    return outside, category_at(outside)
