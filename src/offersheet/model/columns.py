"""The model over a column of offers: the fast path of ``evaluate_many``.

Each offer is still judged alone, as ``evaluate([offer], ...)`` judges it (the profile's fallback pay is the
alternative), but the money runs through numpy arrays: one row per offer, one column per month or year, with
the formulas of compensation.py, lockin.py and verdict.py applied in the same order. Whatever depends only
on words and choices (the company's score, the role's impact levels, red flags, vesting curves, the equity
kind's default paths) comes from the scalar model itself, computed once per distinct value.

Offers whose base valuation path changes from year to year are declined (``Columns.declined``): the caller
evaluates those with the scalar model. tests/test_batch.py checks that both paths give the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from offersheet.model.acceleration import Impact
from offersheet.model.company import compute_company_score, find_company
from offersheet.model.compensation import equity_plan, pay_in_year, scenarios_for
from offersheet.model.currency import in_home_currency
from offersheet.model.errors import OffersheetError
from offersheet.model.evaluate import role_factors
from offersheet.model.fit import compute_fit
from offersheet.model.inputs import Company, Offer, Profile
from offersheet.model.lockin import SEVERE_FLAGS, financial_score, lockin_score, red_flags
from offersheet.model.reference import Reference
from offersheet.model.verdict import (
    gate_flags,
    gated,
    heavy_lockin,
    labelled,
    money_points,
    pay_ratios,
    points,
    threshold_index,
)
from offersheet.model.vocab import VERDICTS
from offersheet.spec.pay import ACCRUED, LOCKIN_FORFEITS, PAY, REPAYABLE, UNVESTED, PayComponent

Floats = NDArray[np.float64]
NEVER = 1e9  # a promotion month for offers without one: no year is ever after it

# The last three drivers of the score depend on the offer's money; the ones before them do not.
_MONEY_DRIVERS = ("Lock-in", "Pay vs best alternative", "Donations from the pay gap")


@dataclass
class Columns:
    """Results for the offers evaluated here; ``rows`` are their positions in the input sequence."""

    rows: list[int] = field(default_factory=list)
    score: Floats = field(default_factory=lambda: np.zeros(0))
    year1: Floats = field(default_factory=lambda: np.zeros(0))
    horizon_total: Floats = field(default_factory=lambda: np.zeros(0))
    lockin: Floats = field(default_factory=lambda: np.zeros(0))
    acceleration: Floats = field(default_factory=lambda: np.zeros(0))
    risk_reduction: Floats = field(default_factory=lambda: np.zeros(0))
    net_impact: Floats = field(default_factory=lambda: np.zeros(0))
    company_score: Floats = field(default_factory=lambda: np.zeros(0))
    red_flags: list[int] = field(default_factory=list)
    verdicts: dict[str, list[str]] = field(default_factory=dict)  # stance -> category, row by row
    verdict: list[str] = field(default_factory=list)  # under the profile's stance
    fit: float = 0.0
    declined: list[int] = field(default_factory=list)  # for the scalar model
    errors: dict[int, OffersheetError] = field(default_factory=dict)


@dataclass(frozen=True)
class _Kind:
    """What the verdict needs about one (employer, kind, role, sharing, safety share): no money in it."""

    company_score: float
    impact: Mapping[str, Impact]  # by stance
    constant: Mapping[str, float]  # by stance: the score's drivers before lock-in and pay, summed in order
    avoid: Mapping[str, bool]  # by stance: a gate makes it Avoid whatever the score
    negative: Mapping[str, bool]  # by stance: net impact below zero caps it at Prefer an alternative
    fit_condition: bool  # a condition of fit unmet at a frontier employer caps it at Negotiate first
    has_asks: bool  # something to negotiate before the offer's own lock-in terms (verdict.labelled)


class _Lookup:
    """Per-chunk caches of everything the scalar model derives from words and choices."""

    def __init__(self, companies: Mapping[str, Company], profile: Profile, ref: Reference) -> None:
        self.companies, self.profile, self.ref, self.p = companies, profile, ref, ref.parameters
        self.fit = compute_fit(profile).score
        self.kinds: dict[tuple[Any, ...], _Kind] = {}
        self.curves: dict[tuple[float, ...], int] = {}
        self.curve_rows: list[tuple[float, ...]] = []
        self.paths: dict[tuple[Any, ...], float | OffersheetError | None] = {}
        self.flags: dict[tuple[Any, ...], tuple[int, float, bool]] = {}

    def kind(self, o: Offer) -> _Kind:
        key = (o.employer, o.employer_kind, o.role_category, o.work_sharing, o.safety_share_pct)
        got = self.kinds.get(key)
        if got is None:
            got = self.kinds[key] = self._kind(o)
        return got

    def _kind(self, o: Offer) -> _Kind:
        ref, p = self.ref, self.p
        kind = ref.employer_kinds[o.employer_kind]
        company = compute_company_score(find_company(o.employer, self.companies), o.employer, kind.frontier,
                                        ref.criteria, p)
        factors = role_factors(o, company, self.fit, self.profile, ref)
        impact, constant, avoid, negative = {}, {}, {}, {}
        for name, stance in ref.stances.items():
            imp, _, drivers = points(factors, p, stance)
            impact[name] = imp
            constant[name] = sum(pts for driver, pts in drivers if driver not in _MONEY_DRIVERS)
            acceleration, strict, negative[name] = gate_flags(imp, factors.builds_ai, p, stance)
            avoid[name] = acceleration or strict
        return _Kind(company.score, impact, constant, avoid, negative, factors.fit_condition, factors.has_asks)

    def curve(self, curve: tuple[float, ...]) -> int:
        """The row of this vesting curve in the chunk's curve matrix."""
        got = self.curves.get(curve)
        if got is None:
            got = self.curves[curve] = len(self.curve_rows)
            self.curve_rows.append(curve)
        return got

    def base_growth(self, o: Offer) -> float | None:
        """The base path's one yearly rate; None when it changes by year; the error when the paths are out
        of order (checked by the scalar model, once per distinct set of paths)."""
        key = (o.equity_kind, o.equity_growth_bear_pct, o.equity_growth_base_pct, o.equity_growth_bull_pct)
        if key not in self.paths:
            try:
                rates = next(s for s in scenarios_for(o, self.p) if s.name == "base").rates
                self.paths[key] = rates[0] if len(set(rates)) == 1 else None
            except OffersheetError as exc:
                self.paths[key] = exc
        got = self.paths[key]
        if isinstance(got, OffersheetError):
            scenarios_for(o, self.p)  # raises with this offer's own label
            raise got
        return got

    def red_flags(self, o: Offer) -> tuple[int, float, bool]:
        key = (o.vested_equity_clawback, o.non_disparagement_condition, o.cliff_months, o.vesting_shape,
               o.equity_kind == "none", o.tender_conditions)
        got = self.flags.get(key)
        if got is None:
            flags = red_flags(o, self.p)
            severe = any(f.code in SEVERE_FLAGS for f in flags)
            got = self.flags[key] = (len(flags), sum(f.points for f in flags), severe)
        return got


# The numeric inputs read from every offer, in the order of the matrix built from them: every pay component's
# input, cap and clawback period (spec.pay), then what the equity plan, career path and red flags give.
_PAY_INPUTS = tuple(dict.fromkeys([*(c.key for c in PAY), *(c.cap for c in PAY if c.cap),
                                   *(c.clawback for c in PAY if c.clawback)]))
_FIELDS = (*_PAY_INPUTS, "initial", "refresher", "promotion_month", "promotion_factor", "promotion_raise_pct",
           "annual_raise_pct", "effective_tax_rate_pct", "cost_of_living_index", "clawback", "growth", "flag_points",
           "severe")


def _pay_inputs(o: Offer) -> tuple[float, ...]:
    """The pay inputs of one offer; a blank cap is no cap (infinity)."""
    return tuple(np.inf if (v := getattr(o, key)) is None else v for key in _PAY_INPUTS)


def evaluate_offers(offers: Sequence[Offer], companies: Mapping[str, Company], profile: Profile,
                    reference: Reference) -> Columns:
    """Evaluate each offer alone (see the module docstring); ``companies`` by name."""
    ref = reference.with_parameters(dict(profile.parameter_overrides)) if profile.parameter_overrides else reference
    look = _Lookup(companies, profile, ref)
    out = Columns(fit=look.fit)
    values: list[tuple[float | bool, ...]] = []
    kinds: list[_Kind] = []
    init_curve: list[int] = []
    refr_curve: list[int] = []
    for i, o in enumerate(offers):
        try:
            o = in_home_currency(o, profile)
            growth = look.base_growth(o)
        except OffersheetError as exc:
            out.errors[i] = exc
            continue
        if growth is None:
            out.declined.append(i)
            continue
        kinds.append(look.kind(o))
        count, points, severe = look.red_flags(o)
        out.rows.append(i)
        out.red_flags.append(count)
        plan = equity_plan(o, look.p)  # grants as the scalar model values them
        init_curve.append(look.curve(plan.initial_curve))
        refr_curve.append(look.curve(plan.refresher_curve))
        values.append((
            *_pay_inputs(o), plan.initial_value, plan.refresher_value,
            NEVER if o.promotion_month is None else o.promotion_month, plan.promotion_factor, o.promotion_raise_pct,
            o.annual_raise_pct, o.effective_tax_rate_pct, o.cost_of_living_index, o.vested_equity_clawback, growth,
            points, severe,
        ))
    if not out.rows:
        return out
    cols = dict(zip(_FIELDS, np.array(values, dtype=np.float64).T, strict=True))
    _money(out, cols, np.array(init_curve), np.array(refr_curve), look)
    _verdicts(out, cols, kinds, look)
    return out


def _curves(look: _Lookup, n: int) -> Floats:
    """Every distinct vesting curve, cut or extended (fully vested) to ``n`` months."""
    rows = np.ones((len(look.curve_rows), n))
    for r, curve in enumerate(look.curve_rows):
        m = min(len(curve), n)
        rows[r, :m] = curve[:m]
    return rows


def _base_in_year(c: dict[str, Floats], year: int) -> Floats:
    """compensation.base_in_year for every row."""
    base: Floats = c["base_salary"] * (1 + c["annual_raise_pct"]) ** (year - 1)
    start, end = 12 * (year - 1), 12 * year
    after: Floats = np.minimum(np.maximum(end - np.maximum(c["promotion_month"], start), 0), 12)
    return base * (1 + c["promotion_raise_pct"] * after / 12)


def _pay(pc: PayComponent, c: dict[str, Floats], salary: Floats, year: int, grant: Floats | float,
         refresher: Floats | float) -> Floats:
    """compensation.pay_in_year for every row."""
    paid: Floats = pay_in_year(pc, c[pc.key], c[pc.cap] if pc.cap else None, salary, year, grant, refresher,
                               np.minimum)
    return paid


def _comparable(c: dict[str, Floats], amount: Floats) -> Floats:
    """compensation.comparable for every row (``amount``: one value per row, or one row per offer)."""
    kept, living = 1 - c["effective_tax_rate_pct"], c["cost_of_living_index"] / 100
    if amount.ndim == 2:
        kept, living = kept[:, None], living[:, None]
    return amount * kept / living


def _money(out: Columns, c: dict[str, Floats], init_curve: NDArray[np.int64], refr_curve: NDArray[np.int64],
           look: _Lookup) -> None:
    """Pay (compensation.compute_compensation) and lock-in (lockin.compute_lockin) for every row."""
    p, profile = look.p, look.profile
    years = p.horizon_years
    n = years * 12 + 1
    k = np.arange(n, dtype=np.float64)
    curves = _curves(look, n)
    grow = (1 + c["growth"][:, None] / 100) ** (k[None, :] / 12)  # Scenario.factor: one rate, by months held
    grants: list[tuple[int, Floats, Floats]] = [(0, c["initial"], curves[init_curve])]
    refr = curves[refr_curve]
    for s in range(12, years * 12, 12):
        promoted = np.where(s >= c["promotion_month"], c["promotion_factor"], 1.0)  # EquityPlan.refresher_at
        grants.append((s, c["refresher"] * promoted, refr))
    # Lock-in: what leaving at each month forfeits (lockin.forfeiture_schedule).
    rows = len(out.rows)
    unvested, vested = np.zeros((rows, n)), np.zeros((rows, n))
    for s, value, curve in grants:
        held = n - s
        unvested[:, s:] += value[:, None] * (1 - curve[:, :held]) * grow[:, :held]
        vested[:, s:] += value[:, None] * curve[:, :held] * grow[:, :held]
    equity = np.where(c["clawback"][:, None] > 0, unvested + vested, unvested)

    def repayable() -> Floats:
        return sum((np.where(k[None, :] < c[pc.clawback or ""][:, None], c[pc.key][:, None], 0.0)
                    for pc in PAY if pc.forfeit == REPAYABLE), np.zeros((rows, n)))

    def accrued() -> Floats:
        by_year = np.stack([sum((_pay(pc, c, _base_in_year(c, y), y, 0.0, 0.0) for pc in PAY
                                 if pc.forfeit == ACCRUED), np.zeros(rows)) for y in range(1, n // 12 + 2)], axis=1)
        return by_year[:, (k // 12).astype(np.int64)] * (k % 12) / 12

    # Only the parts spec.pay counts as lock-in are computed here (nothing else of them is shown).
    parts = {UNVESTED: lambda: equity, REPAYABLE: repayable, ACCRUED: accrued}
    forfeit = _comparable(c, sum((parts[t]() for t in LOCKIN_FORFEITS), np.zeros((rows, n))))
    average = (forfeit / (profile.monthly_essential_spending * 12)).mean(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):  # a zero forfeit scale (a setting) gives 0/0: not picked
        financial = financial_score(average, profile.runway_months, p, np.where)
    out.lockin = lockin_score(financial, c["flag_points"], np.minimum)
    # Pay, year by year: a grant's tranche vesting at month m is worth its share of the grant times the growth.
    worth = {id(curve): np.cumsum(np.diff(curve, prepend=0.0) * grow, axis=1) for _, _, curve in grants}
    vesting_by_month = [(s, value, worth[id(curve)]) for s, value, curve in grants]
    present = np.zeros(rows)
    for y in range(1, years + 1):
        start, end = 12 * (y - 1), 12 * y
        base_pay = _base_in_year(c, y)
        initial, refreshers = np.zeros(rows), np.zeros(rows)
        for s, value, cum in vesting_by_month:
            if end > s and s == 0:
                initial = initial + value * (cum[:, end - s] - cum[:, max(start, s) - s])
            elif end > s:
                refreshers = refreshers + value * (cum[:, end - s] - cum[:, max(start, s) - s])
        total = sum((_pay(pc, c, base_pay, y, initial, refreshers) for pc in PAY), np.zeros(rows))
        money = _comparable(c, total)
        if y == 1:
            out.year1 = money
        present = present + money / (1 + p.discount_rate) ** (y - 1)
    out.horizon_total = present


def _verdicts(out: Columns, c: dict[str, Floats], kinds: list[_Kind], look: _Lookup) -> None:
    """verdict.judge for every row and stance: the constant drivers, then lock-in and pay, then the gates."""
    p, profile = look.p, look.profile
    lockin_points = -p.weight_lockin * out.lockin
    alt = profile.fallback_annual_pay
    pay = donated = np.zeros(len(out.rows))
    if alt:
        with np.errstate(over="ignore"):  # a near-zero alternative pay: the ratio overflows to inf, then is clipped
            ratios = pay_ratios(out.horizon_total / p.horizon_years, alt, profile.donation_pct, np.maximum)
            pay, donated = money_points(*ratios, p, np.clip)
    heavy = heavy_lockin(out.lockin, c["severe"] > 0, p) | np.array([kd.fit_condition for kd in kinds])
    has_asks = np.array([kd.has_asks for kd in kinds]) | (np.array(out.red_flags) > 0)
    for name in look.ref.stances:
        score = np.array([kd.constant[name] for kd in kinds]) + lockin_points + pay + donated
        avoid = np.array([kd.avoid[name] for kd in kinds])
        negative = np.array([kd.negative[name] for kd in kinds])
        band = labelled(threshold_index(score, p, np.where), has_asks, np.where)
        category = gated(band, avoid, negative, heavy, np.where)[-1]
        out.verdicts[name] = [VERDICTS[i] for i in category.tolist()]
        if name == profile.stance:
            out.score = score
            out.verdict = out.verdicts[name]
    impacts = [kd.impact[profile.stance] for kd in kinds]
    out.acceleration = np.array([i.acceleration for i in impacts])
    out.risk_reduction = np.array([i.risk_reduction for i in impacts])
    out.net_impact = np.array([i.net_impact for i in impacts])
    out.company_score = np.array([kd.company_score for kd in kinds])
