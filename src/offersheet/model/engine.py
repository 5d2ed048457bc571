"""The one arithmetic engine: pay, lock-in, impact, the company's weight, the gates and the verdict, over columns.

Every number the model shows is computed here, once, on numpy arrays with one row per offer (or per offer and
valuation path): a workbook's six offers are six rows, a dataset's million offers a million. What surrounds
it only reads: ``model.table`` turns offers into the input columns (words and choices looked up in the
reference data), ``model.stability`` asks the engine about many perturbed copies of the same rows at once,
and ``model.explain`` turns the result columns into words. Nothing here takes an elementwise operation as an
argument; degenerate settings (a zero scale, an empty trust span) never get here, as ``Parameters`` refuses
them where settings are read.

The formulas, in order (docs/model.md explains each and why):

- **Pay.** Salary grows by the yearly raise and one promotion step (prorated in its year); every pay component
  pays by its ``spec.pay`` tag; equity grants (the initial grant and a refresher each year from year 2, scaled
  after the promotion) are valued at what can be realised (the kind's haircut; options above their strike)
  and vest along their curve, each tranche worth its share of the grant times the path's growth since the
  grant. Comparable money is after tax and at the person's cost of living; the horizon total is discounted.
- **Lock-in.** What leaving at each month forfeits (``spec.pay.LOCKIN_FORFEITS``: unvested equity, and vested
  equity too where it can be clawed back), in years of essential spending; its average scores 0-100 on a
  saturating scale, softened by runway, plus the red flags' points.
- **Impact.** The role's acceleration and risk reduction (a safety share mixes the safety and capabilities
  levels), scaled by employer kind and sharing; trust in the company offsets part of a company-dependent
  role's harm, and a safety role's risk reduction counts in full only where the lab is trusted.
- **Verdict.** Signed points per driver, thresholds to a category, then the gates none of which pay can lift.
  Lock-in's points (and its cap) are weighed by what being stuck costs: in full at a frontier developer,
  not at all where the role's harm counts as none. Prefer an alternative needs an alternative (another offer,
  or a fallback pay: the ``has_alternative`` column); a lone offer in that band reads Keep looking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from offersheet.model.reference import Parameters, Stance
from offersheet.model.vocab import VERDICTS
from offersheet.spec.inputs import OFFER_FIELDS
from offersheet.spec.pay import (
    ACCRUED,
    GRANT,
    LOCKIN_FORFEITS,
    ONCE,
    PAY,
    REFRESHER,
    REPAYABLE,
    SALARY,
    SHARE_OF_SALARY,
    UNVESTED,
    YEARLY,
    PayComponent,
    components,
)

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]

NEVER = 1e9  # the promotion month of an offer without one: no month is ever after it

AVOID, PREFER, KEEP_LOOKING, NEGOTIATE, SAFEGUARDS = (
    VERDICTS.index(v)
    for v in ("Avoid", "Prefer an alternative", "Keep looking", "Negotiate first", "Take with safeguards")
)
assert SAFEGUARDS < NEGOTIATE < PREFER < KEEP_LOOKING < AVOID == len(VERDICTS) - 1

# The drivers of the score, in the order they are added and shown before sorting.
DRIVERS = (
    "Net impact",
    "Risk reduction",
    "Acceleration risk",
    "Personal fit",
    "Career capital",
    "Lock-in",
    "Pay vs best alternative",
    "Donations from the pay gap",
)
# The settings each weight multiplies: what the stability search may move, as one column each.
WEIGHTS = ("weight_impact", "weight_lockin", "weight_fit")


def _pay_inputs() -> tuple[str, ...]:
    """Every pay component's input, cap and clawback period (``spec.pay``)."""
    return tuple(
        dict.fromkeys([*(c.key for c in PAY), *(c.cap for c in PAY if c.cap), *(c.clawback for c in PAY if c.clawback)])
    )


PAY_INPUTS = (*_pay_inputs(), "option_strike_total")


@dataclass(frozen=True)
class MoneyRows:
    """The engine's input for pay and lock-in: one row per offer and valuation path, amounts in the home currency.

    ``inputs`` holds every ``PAY_INPUTS`` column (a blank cap is infinity) and the options' strike; ``curves``
    every distinct vesting curve (cumulative fraction vested by month since the grant, extended fully vested to
    the horizon), which ``initial_curve``/``refresher_curve`` index; ``growth`` the path's yearly rates (% a
    year, one column per year of the horizon); ``zero`` the path on which equity is worth nothing; ``path``,
    where given, which rows share one path (its growth is then worked out once for all of them)."""

    inputs: Mapping[str, Floats]  # PAY_INPUTS and option_strike_total, in the offer's own currency
    rate: Floats  # home currency per unit of the offer's currency
    haircut: Floats  # share of the equity's value that cannot be realised (its kind's)
    options: Bools  # the equity is options: only the value above the strike counts
    no_equity: Bools
    promotion_month: Floats  # NEVER without a promotion
    promotion_raise: Floats  # fraction
    annual_raise: Floats  # fraction
    tax: Floats  # effective tax rate, fraction
    living: Floats  # cost-of-living index, 100 = where the person lives now
    clawback: Bools  # vested equity can be clawed back
    curves: Floats  # distinct curves x months
    initial_curve: Ints
    refresher_curve: Ints
    growth: Floats  # rows x years, % a year
    zero: Bools
    path: Ints | None = None  # rows of one path share ``growth`` and ``zero`` (None: each row its own)


@dataclass(frozen=True)
class Money:
    """Pay year by year and what leaving forfeits month by month, for each row of ``MoneyRows``."""

    parts: Mapping[str, Floats]  # pay component key -> rows x years, nominal, before tax
    total: Floats  # rows x years, nominal
    comparable: Floats  # rows x years, after tax and cost of living
    present: Floats  # rows x years, comparable and discounted to the start of year 1
    year1: Floats
    annualised: Floats
    horizon_total: Floats
    unvested_equity: Floats  # rows x months (0..horizon): forfeited equity (vested too under a clawback)
    repayable_signing: Floats  # rows x months: REPAYABLE components still owed back: shown, not lock-in
    unpaid_bonus: Floats  # rows x months: ACCRUED components earned so far this year: shown, not lock-in
    forfeit: Floats  # rows x months: what binds (LOCKIN_FORFEITS), comparable money
    years_of_spending: Floats  # rows x months
    peak_years: Floats
    average_years: Floats


def comparable(amount: Floats, tax: Floats, living: Floats) -> Floats:
    """Money in the offer's location after tax, at the person's current cost of living (by row; ``amount`` may
    have one column per year or month)."""
    kept, index = 1 - tax, living / 100
    if amount.ndim == 2:
        kept, index = kept[:, None], index[:, None]
    out: Floats = amount * kept / index
    return out


MONEY_INPUTS = tuple(f.key for f in OFFER_FIELDS if f.kind == "money")  # what an exchange rate multiplies


def in_home_currency(rows: MoneyRows) -> dict[str, Floats]:
    """The money inputs times the offer's exchange rate; rates of salary stay as they are."""
    return {k: v * rows.rate if k in MONEY_INPUTS else v for k, v in rows.inputs.items()}


def realisable(inputs: Mapping[str, Floats], rows: MoneyRows, how: str) -> Floats:
    """What the grants that pay this way (``spec.pay`` GRANT or REFRESHER) can be realised for: the kind's haircut
    off, options only above their strike, nothing for an offer without equity."""
    value: Floats = sum((inputs[c.key] for c in components(how)), np.zeros(len(rows.zero)))
    if how == GRANT:
        value = np.where(rows.options, np.maximum(0.0, value - inputs["option_strike_total"]), value)
    out: Floats = np.where(rows.no_equity, 0.0, value) * (1 - rows.haircut)
    return out


def salary_in_year(inputs: Mapping[str, Floats], rows: MoneyRows, year: int) -> Floats:
    """Base salary paid in ``year`` (1-based): the yearly raise, and the promotion step for the months after it."""
    base: Floats = inputs["base_salary"] * (1 + rows.annual_raise) ** (year - 1)
    start, end = 12 * (year - 1), 12 * year
    after = np.clip(end - np.maximum(rows.promotion_month, start), 0, 12)
    out: Floats = base * (1 + rows.promotion_raise * after / 12)
    return out


def pay_in_year(
    c: PayComponent, inputs: Mapping[str, Floats], salary: Floats, year: int, grant: Floats, refresher: Floats
) -> Floats:
    """What pay component ``c`` pays in ``year`` by how it pays (``spec.pay``); ``grant``/``refresher``: what the
    equity grants vest that year."""
    value = inputs[c.key]
    if c.how == SALARY:
        return salary
    if c.how == SHARE_OF_SALARY:
        amount: Floats = salary * value
        return np.minimum(amount, inputs[c.cap]) if c.cap else amount
    if c.how == ONCE:
        return value if year == 1 else np.zeros_like(value)
    if c.how == YEARLY:
        return value
    if c.how == GRANT:
        return grant
    if c.how == REFRESHER:
        return refresher
    raise ValueError(f"unknown pay component kind {c.how!r}")


def _growth_factors(growth: Floats, zero: Bools, start: int, months: int) -> Floats:
    """The value multiple of a grant made at month ``start``, 0..``months``-1 months after it, for each path
    (``growth``: its yearly rates): the rates month by month through the calendar years (a year at -100 %
    leaves later grants their own growth)."""
    years = growth.shape[1]
    calendar = np.minimum(np.arange(start, start + months - 1) // 12, years - 1)
    monthly = (1 + growth[:, calendar] / 100) ** (1 / 12)
    out: Floats = np.concatenate([np.ones((len(zero), 1)), np.cumprod(monthly, axis=1)], axis=1)
    return np.where(zero[:, None], 0.0, out)


def _grants(rows: MoneyRows, inputs: Mapping[str, Floats], years: int) -> list[tuple[int, Floats, Ints]]:
    """(month granted, realisable value by row, vesting curve by row) of the initial grant and each refresher;
    refreshers granted at or after the promotion grow with it."""
    out = [(0, realisable(inputs, rows, GRANT), rows.initial_curve)]
    each = realisable(inputs, rows, REFRESHER)
    for start in range(12, years * 12, 12):
        promoted = np.where(start >= rows.promotion_month, 1 + rows.promotion_raise, 1.0)
        out.append((start, each * promoted, rows.refresher_curve))
    return out


@dataclass(frozen=True)
class _Grant:
    """One grant's schedule for each distinct (path, curve, clawback) among the rows: ``kind`` is each row's."""

    start: int
    value: Floats  # by row
    kind: Ints  # by row, into the per-kind arrays
    forfeited: Floats  # per kind x months held: the share of the grant's value lost by leaving then
    paid: Floats  # per kind x months held: what it has paid out by then, each tranche at its month's value


def _schedules(rows: MoneyRows, inputs: Mapping[str, Floats], n: int) -> list[_Grant]:
    """Each grant's vesting, growth and forfeiture worked out once per distinct path, curve and clawback: rows
    that share them (a dataset's offers of one kind, on one path) differ only in the grant's value."""
    if rows.path is None:
        path, growth, zero = np.arange(len(rows.zero), dtype=np.int64), rows.growth, rows.zero
    else:
        _, first, path = np.unique(rows.path, return_index=True, return_inverse=True)
        growth, zero = rows.growth[first], rows.zero[first]
    out = []
    curves = len(rows.curves)
    for start, value, curve in _grants(rows, inputs, (n - 1) // 12):
        held = n - start
        _, at, kind = np.unique((path * curves + curve) * 2 + rows.clawback, return_index=True, return_inverse=True)
        grow = _growth_factors(growth[path[at]], zero[path[at]], start, held)
        fraction = rows.curves[curve[at]][:, :held]
        # What leaving forfeits: the unvested part, and the vested part too where it can be clawed back.
        forfeited = np.where(rows.clawback[at][:, None], 1.0, 1 - fraction) * grow
        paid = np.cumsum(np.diff(fraction, prepend=0.0) * grow, axis=1)
        out.append(_Grant(start, value, kind.reshape(-1), forfeited, paid))
    return out


def money(rows: MoneyRows, p: Parameters, annual_spending: float) -> Money:
    """Pay over the horizon and the forfeiture schedule, for every row."""
    years = p.horizon_years
    n = years * 12 + 1
    count = len(rows.zero)
    inputs = in_home_currency(rows)
    equity = np.zeros((count, n))
    grants = _schedules(rows, inputs, n)
    for g in grants:
        equity[:, g.start :] += g.value[:, None] * g.forfeited[g.kind]
    # Salary by year: the horizon's years for pay, and the year after it for the bonus accruing at its last month.
    salaries = {y: salary_in_year(inputs, rows, y) for y in range(1, years + 2)}
    parts: dict[str, list[Floats]] = {c.key: [] for c in PAY}
    for y in range(1, years + 1):
        first, last = 12 * (y - 1), 12 * y
        salary = salaries[y]
        initial, refreshers = np.zeros(count), np.zeros(count)
        for g in grants:
            if last > g.start:
                vest = g.value * (g.paid[:, last - g.start] - g.paid[:, max(first, g.start) - g.start])[g.kind]
                if g.start == 0:
                    initial = initial + vest
                else:
                    refreshers = refreshers + vest
        for c in PAY:
            parts[c.key].append(pay_in_year(c, inputs, salary, y, initial, refreshers))
    by_year = {k: np.stack(v, axis=1) for k, v in parts.items()}
    total: Floats = sum(by_year.values(), np.zeros((count, years)))
    comp = comparable(total, rows.tax, rows.living)
    present: Floats = comp / (1 + p.discount_rate) ** np.arange(years)[None, :]
    horizon: Floats = present.sum(axis=1)
    # Lock-in: what leaving at each month forfeits.
    month = np.arange(n)
    signing: Floats = sum(
        (
            np.where(month[None, :] < inputs[c.clawback or ""][:, None], inputs[c.key][:, None], 0.0)
            for c in PAY
            if c.forfeit == REPAYABLE
        ),
        np.zeros((count, n)),
    )
    none = np.zeros(count)
    accrued = np.stack(
        [
            sum((pay_in_year(c, inputs, salary, y, none, none) for c in PAY if c.forfeit == ACCRUED), none)
            for y, salary in salaries.items()
        ],
        axis=1,
    )
    unpaid = accrued[:, month // 12] * (month % 12) / 12
    forfeits = {UNVESTED: equity, REPAYABLE: signing, ACCRUED: unpaid}
    forfeit = comparable(sum((forfeits[t] for t in LOCKIN_FORFEITS), np.zeros((count, n))), rows.tax, rows.living)
    spending = forfeit / annual_spending
    return Money(
        by_year,
        total,
        comp,
        present,
        comp[:, 0],
        horizon / years,
        horizon,
        equity,
        signing,
        unpaid,
        forfeit,
        spending,
        spending.max(axis=1),
        spending.mean(axis=1),
    )


@dataclass(frozen=True)
class Factors:
    """Everything the verdict depends on, one row per offer: what the stability search perturbs.

    Levels are before trust in the company (``acceleration``, ``risk_reduction`` 0-100, after the employer
    kind's and sharing's factors); ``company_dependence`` and ``lab_reliance`` 0-1."""

    acceleration: Floats
    risk_reduction: Floats
    company_dependence: Floats
    lab_reliance: Floats
    company_score: Floats
    builds_ai: Bools  # the employer's acceleration factor is above zero
    frontier: Bools
    fit: Floats
    career_capital: Floats
    stage_weight: Floats
    average_forfeit_years: Floats
    runway_months: Floats
    flag_points: Floats
    severe_flag: Bools
    fit_condition: Bools  # a condition of fit unmet at a frontier employer
    has_asks: Bools  # something to negotiate: without it the Negotiate first band reads Take with safeguards
    pay_gap_ratio: Floats  # (this pay - best alternative's) / best alternative's; 0 with no alternative
    donated_ratio: Floats  # donated part of the gap / best alternative's pay
    has_alternative: Bools  # another offer, or a fallback pay: without one, Prefer an alternative reads Keep looking


def role_levels(
    share: Floats, category: Floats, safety: float, capabilities: float, kind: Floats, sharing: Floats
) -> Floats:
    """A role level (acceleration or risk reduction, 0-100): the category's, or where a share of the project is
    safety work (``share`` not NaN) that mix of the safety and capabilities levels; scaled by the employer
    kind's and the sharing's factors."""
    out: Floats = np.clip(mixed(share, category, safety, capabilities) * kind * sharing, 0, 100)
    return out


def mixed(share: Floats, category: Floats, safety: float, capabilities: float) -> Floats:
    """A 0-1 property of the role (company dependence, lab reliance), mixed by the safety share like the levels."""
    out: Floats = np.where(np.isnan(share), category, share * safety + (1 - share) * capabilities)
    return out


def runway_relief(runway_months: Floats, p: Parameters) -> Floats:
    """The factor (1 down to 0.5) a runway of savings applies to the financial part of lock-in."""
    out: Floats = 1 - 0.5 * np.minimum(np.maximum(runway_months, 0) / p.runway_full_months, 1.0)
    return out


def lockin_scores(
    average_years: Floats, runway_months: Floats, flag_points: Floats, p: Parameters
) -> tuple[Floats, Floats]:
    """(financial part 0-100, lock-in score 0-100): the average forfeiture on a saturating scale (50 at
    ``forfeit_scale_years``), softened by runway, plus the red flags' points."""
    financial: Floats = 100 * average_years / (average_years + p.forfeit_scale_years) * runway_relief(runway_months, p)
    return financial, np.minimum(100.0, financial + flag_points)


def pay_ratios(annual_pay: Floats, alternative_pay: Floats, donation_pct: float) -> tuple[Floats, Floats]:
    """(pay gap / the alternative's pay, donated part of the gap / the alternative's pay); 0 where there is no
    alternative (NaN) or it pays nothing."""
    known = np.nan_to_num(alternative_pay, nan=0.0) > 0
    alt = np.where(known, alternative_pay, 1.0)
    gap = annual_pay - alt
    with np.errstate(over="ignore"):  # a tiny alternative pay: the ratio overflows to inf, which the points clip
        return np.where(known, gap / alt, 0.0), np.where(known, donation_pct * np.maximum(gap, 0.0) / alt, 0.0)


@dataclass(frozen=True)
class Verdicts:
    """The verdict for each row under one stance: impact, lock-in, the points of each driver, the score, the
    category (an index into ``VERDICTS``) and which gates applied."""

    trust: Floats  # 0-1
    harm: Floats  # acceleration after trust in the company
    risk_reduction: Floats  # after the lab's credibility
    net_impact: Floats
    financial: Floats
    lockin: Floats
    points: Mapping[str, Floats]  # driver -> points (0 where not shown)
    shown: Mapping[str, Bools]  # driver -> whether it is one of this row's drivers
    score: Floats
    category: Ints
    acceleration_gate: Bools  # high acceleration with negative net impact: Avoid
    strict_gate: Bools  # the strict stance avoids roles whose main effect is capabilities
    negative_cap: Bools  # negative net impact capped it at Prefer an alternative (Keep looking without one)
    lockin_cap: Bools  # heavy lock-in capped it at Negotiate first
    fit_cap: Bools  # an unmet condition of fit capped it at Negotiate first
    heavy_lockin: Bools  # the lock-in score alone is at the level that must come down (severe flags aside)
    stuck_cost: Floats  # 0-1: how much being unable to leave costs in this role (lock-in counts this much)


def impact(f: Factors, p: Parameters, stance: Stance) -> tuple[Floats, Floats, Floats, Floats]:
    """(trust, harm, effective risk reduction, net impact) for every row."""
    trust = np.clip((f.company_score - p.trust_floor) / (p.trust_full - p.trust_floor), 0.0, 1.0)
    harm = f.acceleration * (1 - p.trust_offset_max * f.company_dependence * trust * stance.trust_discount)
    harm = np.where(~f.frontier & (harm < p.negligible_acceleration), 0.0, harm)
    # A safety role's work counts as far as the lab acts on it: every point of the company's score counts, over the
    # whole 0-100 range (not only above the trust floor: a lab rated 10 is a worse place for it than one rated 20).
    standing = np.clip(f.company_score / 100, 0.0, 1.0)
    credible = np.where(f.frontier, 1 - f.lab_reliance * (1 - stance.untrusted_safety_value) * (1 - standing), 1.0)
    rr = f.risk_reduction * credible
    if stance.impact_mode == "ratio":
        # The balance of the two (-1..1), scaled by the larger: a role with little of either nets little.
        both = rr + harm
        net = np.where(both > 0, (rr - harm) / np.where(both > 0, both, 1.0) * np.maximum(rr, harm), 0.0)
    else:
        net = rr - harm
    return trust, harm, rr, net


def category_of(score: Floats, p: Parameters) -> Ints:
    """The category the score alone reaches (an index into VERDICTS): the first threshold reached wins; below the
    last, Avoid. (Keep looking is Prefer an alternative's band for a row without an alternative: ``judge``.)"""
    thresholds = (p.strong, p.safeguards, p.negotiate, p.prefer_alternative)
    out = np.full(score.shape, len(VERDICTS) - 1, dtype=np.int64)
    for i in reversed(range(len(thresholds))):
        out = np.where(score >= thresholds[i], i, out)
    return out


def stuck_cost(harm: Floats, frontier: Bools, p: Parameters) -> Floats:
    """How much being unable to leave costs (0-1): lock-in matters because it can keep someone in a role that does
    harm. At a frontier developer it counts in full; elsewhere only as far as the role's harm reaches
    ``negligible_acceleration`` (none where the harm counts as none: there, more equity is simply more pay)."""
    out: Floats = np.where(
        frontier,
        1.0,
        np.clip(harm / p.negligible_acceleration, 0.0, 1.0)
        if p.negligible_acceleration > 0
        else np.where(harm > 0, 1.0, 0.0),
    )
    return out


def judge(f: Factors, p: Parameters, stance: Stance, weights: Mapping[str, Floats | float] | None = None) -> Verdicts:
    """The verdict of every row under ``stance``. ``weights`` replaces the ``WEIGHTS`` settings by row (the
    stability search moves them); nothing else of ``p`` varies by row."""
    w = {k: getattr(p, k) for k in WEIGHTS} | dict(weights or {})
    trust, harm, rr, net = impact(f, p, stance)
    financial, lockin = lockin_scores(f.average_forfeit_years, f.runway_months, f.flag_points, p)
    stuck = stuck_cost(harm, f.frontier, p)
    ratio = stance.impact_mode == "ratio"
    rows = f.fit.shape
    always, never = np.ones(rows, dtype=bool), np.zeros(rows, dtype=bool)
    points = {
        "Net impact": w["weight_impact"] * net,
        "Risk reduction": w["weight_impact"] * rr,
        "Acceleration risk": -w["weight_impact"] * harm,
        "Personal fit": np.where(f.frontier, w["weight_fit"] * (f.fit - p.fit_neutral), 0.0),
        "Career capital": p.weight_career * f.stage_weight * (f.career_capital - 50),
        "Lock-in": -w["weight_lockin"] * lockin * stuck,
        "Pay vs best alternative": p.weight_comp * np.clip(f.pay_gap_ratio, -1, 1),
        "Donations from the pay gap": p.weight_donation * np.clip(f.donated_ratio, 0, 1),
    }
    shown = {
        "Net impact": always if ratio else never,
        "Risk reduction": never if ratio else always,
        "Acceleration risk": never if ratio else always,
        "Personal fit": f.frontier,
        "Career capital": always,
        "Lock-in": always,
        "Pay vs best alternative": f.pay_gap_ratio != 0,
        "Donations from the pay gap": f.donated_ratio != 0,
    }
    points = {k: np.where(shown[k], np.broadcast_to(v, rows), 0.0) + 0.0 for k, v in points.items()}  # no -0.0
    score: Floats = sum((points[k] for k in DRIVERS), np.zeros(rows))
    band = category_of(score, p)
    band = np.where((band == NEGOTIATE) & ~f.has_asks, SAFEGUARDS, band)  # Negotiate first needs something to ask
    acceleration = (harm >= p.avoid_acceleration) & (net < 0)
    strict = stance.strict_capabilities & f.builds_ai & (harm > rr)
    avoided = np.where(acceleration | strict, AVOID, band)
    capped = np.where((net < 0) & (avoided < PREFER), PREFER, avoided)
    heavy_score = (lockin >= p.negotiate_lockin) & (stuck > 0)  # severe red flags cap wherever they are
    heavy = heavy_score | f.severe_flag
    final = np.where((heavy | f.fit_condition) & (capped < NEGOTIATE), NEGOTIATE, capped)
    lowered = final != capped
    # Prefer an alternative only where there is one; a lone offer in that band is to keep looking.
    final = np.where((final == PREFER) & ~f.has_alternative, KEEP_LOOKING, final)
    return Verdicts(
        trust,
        harm,
        rr,
        net,
        financial,
        lockin,
        points,
        shown,
        score,
        final,
        acceleration,
        strict,
        capped != avoided,
        lowered & heavy,
        lowered & f.fit_condition,
        heavy_score,
        stuck,
    )


def best_others(score: Floats) -> Ints:
    """For each row, the row of the best other one (the highest score; the first of equals), or -1 for a lone
    row: how a workbook's offers are each other's alternatives."""
    if len(score) < 2:
        return np.full(len(score), -1, dtype=np.int64)
    others = np.where(np.eye(len(score), dtype=bool), -np.inf, score[None, :])
    out: Ints = np.argmax(others, axis=1)
    return out


def rows_at(columns: Any, idx: Ints, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of a dataclass of per-row columns (``MoneyRows``, ``Factors``) at rows ``idx`` (repeats allowed),
    as keyword arguments for a new one; fields in ``keep`` (not per row, like the curve matrix) as they are."""
    out: dict[str, Any] = {}
    for f in fields(columns):
        value = getattr(columns, f.name)
        out[f.name] = (
            value
            if f.name in keep or value is None
            else ({k: v[idx] for k, v in value.items()} if isinstance(value, Mapping) else value[idx])
        )
    return out


def gap_to(values: Floats, best: Ints) -> Floats:
    """Each row's value minus its best alternative's (``best_others``), NaN for a row without one."""
    out: Floats = np.where(best >= 0, values - values[np.maximum(best, 0)], np.nan)
    return out


def quit_blockers(runway_months: Floats, peak_years: Floats, p: Parameters) -> tuple[Bools, Bools]:
    """What stops a person being ready to quit, by row, besides a severe red flag: (runway too short, peak
    forfeiture too large)."""
    return runway_months < p.min_runway_months, peak_years > p.max_ready_forfeit_years
