"""The verdict: a score from signed contributions, five ordered categories, gates, and stability.

The score adds: the role's net impact, personal fit (at frontier employers), career capital (weighted
by career stage), minus lock-in, plus bounded terms for pay relative to the best alternative and for
the donated part of a pay gap. Thresholds map the score to a category; then gates apply, none of which
comp can lift: high acceleration with negative net impact is Avoid; under the strict stance a role
whose main effect is capabilities at a builder of AI is Avoid; negative net impact caps the verdict at
Prefer an alternative; heavy lock-in or a severe red flag caps it at Negotiate first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from offersheet.model.acceleration import Impact, impact_from_levels
from offersheet.model.lockin import financial_score, lockin_score, pick
from offersheet.model.reference import Parameters, Stance
from offersheet.model.vocab import VERDICTS


@dataclass(frozen=True)
class Factors:
    """Everything the verdict depends on, reduced to numbers; stability search perturbs these."""

    acceleration: float
    risk_reduction: float
    company_dependence: float
    basis: str
    lab_reliance: float
    company_score: float
    builds_ai: bool  # the employer's acceleration factor is above zero
    frontier: bool
    fit: float
    career_capital: float
    stage_weight: float
    # The offer's lock-in (none by default: the columnar engine scores the rest without it).
    average_forfeit_years: float = 0.0
    runway_months: float = 0.0
    flag_points: float = 0.0
    severe_flag: bool = False
    # A condition of fit unmet at a frontier employer (ability to leave, resistance to incentives).
    fit_condition: bool = False
    # Something to negotiate (asks about the company, its lock-in terms or the terms fit needs): without it a
    # score in the Negotiate first band reads Take with safeguards.
    has_asks: bool = True
    # Pay against the best alternative: none until the offer is compared with the others.
    pay_gap_ratio: float = 0.0  # (this pay - best alternative pay) / best alternative pay
    donated_ratio: float = 0.0  # donated part of the pay gap / best alternative pay


class Driver(NamedTuple):
    """One part of the verdict's score: its name, its points and what they come from."""

    name: str
    points: float
    detail: str


class Judgement(NamedTuple):
    """The verdict: its score, category, drivers (largest first) and the gates that capped it."""

    score: float
    category: str
    drivers: tuple[Driver, ...]  # largest magnitude first
    gates: tuple[str, ...]
    lockin: float
    impact: Impact

    @property
    def net_impact(self) -> float:
        return self.impact.net_impact


def _clamp(x: Any, lo: float, hi: float) -> Any:
    return max(lo, min(hi, x))


AVOID, PREFER, NEGOTIATE, SAFEGUARDS = (VERDICTS.index(v) for v in ("Avoid", "Prefer an alternative", "Negotiate first",
                                                                     "Take with safeguards"))


def threshold_index(score: Any, p: Parameters, where: Callable[[Any, Any, Any], Any] = pick) -> Any:
    """The category (an index into VERDICTS) the score alone reaches: the first threshold reached wins."""
    thresholds = (p.strong, p.safeguards, p.negotiate, p.prefer_alternative)
    category: Any = len(VERDICTS) - 1
    for i in reversed(range(len(thresholds))):
        category = where(score >= thresholds[i], i, category)
    return category


def labelled(band: Any, has_asks: Any, where: Callable[[Any, Any, Any], Any] = pick) -> Any:
    """Negotiate first only with something to negotiate: a score in that band with no asks at all (nothing about
    the company, its terms or the person's conditions) reads Take with safeguards. Never lowers a verdict."""
    return where((band == NEGOTIATE) & (has_asks == 0), SAFEGUARDS, band)


def category_for(score: float, p: Parameters) -> str:
    return VERDICTS[threshold_index(score, p)]


def gate_flags(impact: Impact, builds_ai: bool, p: Parameters, stance: Stance) -> tuple[bool, bool, bool]:
    """The gates that depend on the role and employer alone: (acceleration makes it Avoid, the strict stance
    makes it Avoid, net impact is negative)."""
    acceleration = impact.harm >= p.avoid_acceleration and impact.net_impact < 0
    strict = stance.strict_capabilities and builds_ai and impact.harm > impact.risk_reduction
    return acceleration, strict, impact.net_impact < 0


def heavy_lockin(lockin: Any, severe_flag: Any, p: Parameters) -> Any:
    """Lock-in that must come down before accepting: a high score or a severe red flag."""
    return (lockin >= p.negotiate_lockin) | severe_flag


def gated(category: Any, avoid: Any, negative: Any, heavy: Any,
          where: Callable[[Any, Any, Any], Any] = pick) -> tuple[Any, Any, Any]:
    """The gates in order, none of which pay can lift: Avoid; a negative net impact caps at Prefer an
    alternative; heavy lock-in caps at Negotiate first. Returns the category after each step."""
    avoided = where(avoid, AVOID, category)
    capped = where(negative & (avoided < PREFER), PREFER, avoided)
    return avoided, capped, where(heavy & (capped < NEGOTIATE), NEGOTIATE, capped)


def pay_ratios(annual_pay: Any, alt_pay: float, donation_pct: float,
               maximum: Callable[[Any, Any], Any] = max) -> tuple[Any, Any]:
    """(pay gap / alternative's pay, donated part of the gap / alternative's pay)."""
    gap = annual_pay - alt_pay
    return gap / alt_pay, donation_pct * maximum(gap, 0.0) / alt_pay


def money_points(pay_gap_ratio: Any, donated_ratio: Any, p: Parameters,
                 clip: Callable[[Any, float, float], Any] = _clamp) -> tuple[Any, Any]:
    """The bounded points for pay relative to the best alternative and for the donated part of the gap."""
    return p.weight_comp * clip(pay_gap_ratio, -1, 1), p.weight_donation * clip(donated_ratio, 0, 1)


def points(f: Factors, p: Parameters, stance: Stance) -> tuple[Impact, float, list[tuple[str, float]]]:
    """The signed points of each driver, in a fixed order (their sum is the score)."""
    impact = impact_from_levels(f.acceleration, f.risk_reduction, f.company_dependence, f.basis,
                                f.company_score, p, stance, f.frontier, f.lab_reliance)
    lockin = lockin_score(financial_score(f.average_forfeit_years, f.runway_months, p), f.flag_points)
    out: list[tuple[str, float]] = []
    if stance.impact_mode == "ratio":
        out.append(("Net impact", p.weight_impact * impact.net_impact))
    else:
        out.append(("Risk reduction", p.weight_impact * impact.risk_reduction))
        out.append(("Acceleration risk", -p.weight_impact * impact.harm))
    if f.frontier:
        out.append(("Personal fit", p.weight_fit * (f.fit - p.fit_neutral)))
    out.append(("Career capital", p.weight_career * f.stage_weight * (f.career_capital - 50)))
    out.append(("Lock-in", -p.weight_lockin * lockin))
    pay, donated = money_points(f.pay_gap_ratio, f.donated_ratio, p)
    if f.pay_gap_ratio:
        out.append(("Pay vs best alternative", pay))
    if f.donated_ratio:
        out.append(("Donations from the pay gap", donated))
    return impact, lockin, out


def _decide(score: float, impact: Impact, lockin: float, f: Factors, p: Parameters, stance: Stance
            ) -> tuple[str, list[str]]:
    """The category for a score, then the gates that cap it, with the words for each that applied."""
    acceleration, strict, negative = gate_flags(impact, f.builds_ai, p, stance)
    heavy = heavy_lockin(lockin, f.severe_flag, p)
    avoided, capped, final = gated(labelled(threshold_index(score, p), f.has_asks), acceleration or strict,
                                   negative, heavy or f.fit_condition)
    gates = []
    if acceleration:
        gates.append("acceleration risk is high and outweighs risk reduction")
    if strict:
        gates.append("the strict stance avoids roles whose main effect is capabilities")
    if capped != avoided:
        gates.append("net impact is negative")
    if final != capped and heavy:
        gates.append("lock-in must come down before accepting")
    if final != capped and f.fit_condition:
        gates.append("your ability to leave or your resistance to incentives is rated low: the review treats "
                     "these as conditions for working at a frontier company, which pay does not make up for")
    return VERDICTS[final], gates


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
    impact, lockin, drivers_points = points(f, p, stance)
    score = sum(pts for _, pts in drivers_points)
    category, gates = _decide(score, impact, lockin, f, p, stance)
    drivers = [Driver(name, pts, _detail(name, f, impact, lockin)) for name, pts in drivers_points]
    drivers.sort(key=lambda d: -abs(d.points))
    return Judgement(score, category, tuple(drivers), tuple(gates), lockin, impact)


def score_of(f: Factors, p: Parameters, stance: Stance) -> tuple[float, Impact]:
    """The score and impact alone, without drivers' words or gates: how offers are ranked as alternatives."""
    impact, _, drivers_points = points(f, p, stance)
    return sum(pts for _, pts in drivers_points), impact


def verdict_category(f: Factors, p: Parameters, stance: Stance) -> str:
    """``judge(f, p, stance).category`` without the words: for stances and the stability search."""
    impact, lockin, drivers_points = points(f, p, stance)
    return _decide(sum(pts for _, pts in drivers_points), impact, lockin, f, p, stance)[0]


# What stability may change, with its range and its label: first what the person controls (the pay they
# negotiate, their savings, the company's rating they enter, their fit), then the model's own levels.
_PERSONAL: tuple[tuple[str, str, float, float], ...] = (
    ("pay_gap_ratio", "pay relative to the best alternative", -1, 1),
    ("runway_months", "runway (months of essential spending)", 0, 60),
    ("company_score", "company score", 0, 100),
    ("fit", "personal fit score", 0, 100),
)
_MODEL: tuple[tuple[str, str, float, float], ...] = (
    ("acceleration", "acceleration risk of the role", 0, 100),
    ("risk_reduction", "risk reduction of the role", 0, 100),
)
_WEIGHTS = (("weight_impact", "impact weight"), ("weight_lockin", "lock-in weight"), ("weight_fit", "fit weight"))
_WEIGHTED = {"weight_impact": ("Net impact", "Risk reduction", "Acceleration risk"), "weight_lockin": ("Lock-in",),
             "weight_fit": ("Personal fit",)}  # the drivers each weight multiplies (see points)
BORDERLINE = 0.02  # a flip within this share of an input's range marks the verdict borderline


def _weighted_points(f: Factors, p: Parameters, stance: Stance, weight: str,
                     drivers: list[tuple[str, float]] | None = None) -> float:
    """The points of the drivers one weight multiplies, at the weight in ``p``."""
    return sum(pts for name, pts in (drivers if drivers is not None else points(f, p, stance)[2])
               if name in _WEIGHTED[weight])


def _fmt(x: float, name: str = "", digits: int | None = None) -> str:
    if name == "pay_gap_ratio":
        return f"{x:+.{digits or 0}%}"
    if digits is not None:
        return f"{x:.{digits}f}"
    return f"{x:.2f}" if abs(x) < 10 and x != int(x) else f"{x:.0f}"


def _change(verb: str, label: str, a: float, b: float, name: str = "") -> str:
    """"raising <label> from a to b", with as many decimals as it takes for a and b to read differently."""
    for digits in (None, 1, 2, 3):
        if _fmt(a, name, digits) != _fmt(b, name, digits):
            return f"{verb} {label} from {_fmt(a, name, digits)} to {_fmt(b, name, digits)}"
    return f"{verb} {label} by less than 0.001 from {_fmt(a, name, 3)}"


Flip = tuple[float, str]  # (share of the range moved, the sentence)


def _input_flips(f: Factors, p: Parameters, stance: Stance, current: str, dims: tuple[tuple[str, str, float, float],
                 ...], steps: int, reach: int) -> Flip | None:
    best: Flip | None = None
    for name, label, lo, hi in dims:
        if (name == "fit" and not f.frontier) or (name == "pay_gap_ratio" and not f.pay_gap_ratio):
            continue
        value = getattr(f, name)

        def moved(v: float, n: str = name) -> str:
            return verdict_category(_with(f, n, v), p, stance)

        hit = _nearest_flip(moved, value, lo, hi, current, steps, min(reach, _reach(best, steps)))
        if hit is not None:
            rel = abs(hit[0] - value) / (hi - lo)
            if best is None or rel < best[0]:
                verb = "raising" if hit[0] > value else "lowering"
                best = (rel, f"{_change(verb, label, value, hit[0], name)} would make it {hit[1]}")
    return best


def _with(f: Factors, name: str, value: float) -> Factors:
    """``dataclasses.replace(f, name=value)`` without its per-call field introspection: the stability search
    makes hundreds of these per offer."""
    new = object.__new__(Factors)
    new.__dict__.update(f.__dict__)
    new.__dict__[name] = value
    return new


def _weight_flips(f: Factors, p: Parameters, stance: Stance, current: str, steps: int, reach: int) -> Flip | None:
    best: Flip | None = None
    impact, lockin, drivers = points(f, p, stance)
    score = sum(pts for _, pts in drivers)
    for name, label in _WEIGHTS:
        value = getattr(p, name)
        hi = max(2 * value, 1.0)
        # A weight scales its drivers' points and nothing else: the score moves linearly with it.
        per_unit = _weighted_points(f, p, stance, name, drivers) / value if value else \
            _weighted_points(f, p.with_overrides({name: 1.0}), stance, name)

        def category_at(v: float, per_unit: float = per_unit, value: float = value) -> str:
            return _decide(score + (v - value) * per_unit, impact, lockin, f, p, stance)[0]

        hit = _nearest_flip(category_at, value, 0.0, hi, current, steps, min(reach, _reach(best, steps)))
        if hit is not None:
            rel = abs(hit[0] - value) / hi
            if best is None or rel < best[0]:
                verb = "raising" if hit[0] > value else "lowering"
                best = (rel, f"{_change(verb, 'the ' + label, value, hit[0])} would make it {hit[1]}")
    return best


def stability(f: Factors, p: Parameters, stance: Stance, steps: int = 100) -> str:
    """The smallest single change that changes the verdict, in words: of what the person controls when any such
    change within range flips it, else of the model's levels and weights. "Borderline" leads when some change of
    at most BORDERLINE of its range flips it."""
    current = verdict_category(f, p, stance)
    near = int(BORDERLINE * steps)
    personal = _input_flips(f, p, stance, current, _PERSONAL, steps, steps)
    model = [_input_flips(f, p, stance, current, _MODEL, steps, steps if personal is None else near),
             _weight_flips(f, p, stance, current, steps, steps if personal is None else near)]
    found = [x for x in (personal, *model) if x is not None]
    if not found:
        return f"stable: no single change within range moves it from {current}"
    said = personal if personal is not None else min(found)
    nearest = min(found)
    if nearest[0] <= BORDERLINE:
        return f"borderline: {said[1]}" + ("" if nearest is said else f"; {nearest[1]}")
    return said[1]


def _reach(best: tuple[float, str] | None, steps: int) -> int:
    """How many steps a later scan needs: a flip beyond the best one so far could not replace it."""
    return steps if best is None else min(steps, int(best[0] * steps) + 1)


def _nearest_flip(category_at: Callable[[float], str], value: float, lo: float, hi: float, current: str,
                  steps: int, reach: int | None = None) -> tuple[float, str] | None:
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


def _refine(category_at: Callable[[float], str], inside: float, outside: float, current: str
            ) -> tuple[float, str]:
    for _ in range(12):
        mid = (inside + outside) / 2
        if category_at(mid) == current:
            inside = mid
        else:
            outside = mid
    return outside, category_at(outside)
