"""Lock-in ("golden handcuffs"): what leaving would cost, month by month, and how hard that makes quitting.

For every month of the horizon: unvested equity (and vested equity too when it can be clawed back), the
signing bonus while it is repayable, and the bonus accrued but not yet paid. Only the parts spec.pay counts
as lock-in (``LOCKIN_FORFEITS``: the equity) make up the forfeiture; the others are shown beside it, since
more pay must never add lock-in. The 0-100 score combines the average forfeiture, measured in years of the
person's essential spending and softened by their runway, with points for red flags that make leaving
harder than the numbers show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from offersheet.model.compensation import (
    BASE,
    EquityPlan,
    Scenario,
    base_in_year,
    comparable,
    component_cap,
    pay_in_year,
)
from offersheet.model.inputs import Offer, Profile
from offersheet.model.reference import Parameters
from offersheet.spec.pay import ACCRUED, LOCKIN_FORFEITS, PAY, REPAYABLE, UNVESTED


class LockinMonth(NamedTuple):
    """One month of the schedule (a named tuple: a horizon has dozens of these per offer, made fast)."""

    month: int
    unvested_equity: float
    repayable_signing: float  # spec.pay REPAYABLE components (the signing bonus): shown, not lock-in
    unpaid_bonus: float  # spec.pay ACCRUED components (the bonus earned so far this year): shown, not lock-in
    forfeit: float  # what binds: the spec.pay LOCKIN_FORFEITS parts, in comparable money
    years_of_spending: float
    vs_alternative_pay: float | None  # forfeit / best alternative's annual pay


# Red flags that on their own stop you being ready to quit and cap the verdict at Negotiate first.
SEVERE_FLAGS = ("vested_equity_clawback", "non_disparagement_one_sided")


class RedFlag(NamedTuple):
    """A term of the offer that makes leaving costly, with its share of the lock-in score."""

    code: str
    message: str
    points: float


class Lockin(NamedTuple):
    """What leaving would cost month by month, against the person's runway, and the lock-in score."""

    schedule: tuple[LockinMonth, ...]
    red_flags: tuple[RedFlag, ...]
    runway_months: float
    peak_years_of_spending: float
    average_years_of_spending: float
    financial: float  # 0-100 before red flags, after runway relief
    score: float  # 0-100
    ready_to_quit: bool
    not_ready_reasons: tuple[str, ...]

    def at(self, month: int) -> LockinMonth:
        return self.schedule[min(max(month, 0), len(self.schedule) - 1)]


def forfeiture_schedule(
    offer: Offer, plan: EquityPlan, params: Parameters, annual_spending: float, alt_pay: float | None,
    scenario: Scenario = BASE,
) -> tuple[LockinMonth, ...]:
    """What leaving at each month would forfeit, in comparable money (after tax, at today's cost of living),
    with equity valued on the scenario's path."""
    n = params.horizon_years * 12 + 1
    # Pay accrued through a year and paid at its end (spec.pay ACCRUED), year by year.
    accrued_by_year = [sum(pay_in_year(c, getattr(offer, c.key), component_cap(offer, c), base_in_year(offer, y), y,
                                       0.0, 0.0) for c in PAY if c.forfeit == ACCRUED)
                       for y in range(1, n // 12 + 2)]
    # Per month, the same sums as plan.unvested_at / plan.vested_at (grant by grant, in order), built in one pass.
    unvested, vested = [0.0] * n, [0.0] * n
    for start, value, curve in plan.grants():
        s = max(start, 0)
        if s >= n:
            continue
        tail = list(curve[: n - s]) + [curve[-1]] * max(0, n - s - len(curve))  # fraction vested, month by month
        grow = [1.0] * (n - s) if scenario.flat else [scenario.factor(k, s) for k in range(n - s)]
        unvested[s:] = [u + value * (1 - f) * g for u, f, g in zip(unvested[s:], tail, grow, strict=True)]
        vested[s:] = [v + value * f * g for v, f, g in zip(vested[s:], tail, grow, strict=True)]
    equity = [u + v for u, v in zip(unvested, vested, strict=True)] if offer.vested_equity_clawback else unvested
    repayable = [(getattr(offer, c.key), getattr(offer, c.clawback or "")) for c in PAY if c.forfeit == REPAYABLE]
    signing = [sum(value for value, months in repayable if m < months) for m in range(n)]
    unpaid = [accrued_by_year[m // 12] * (m % 12) / 12 for m in range(n)]
    parts = {UNVESTED: equity, REPAYABLE: signing, ACCRUED: unpaid}
    forfeit = [comparable(offer, sum(month)) for month in zip(*(parts[t] for t in LOCKIN_FORFEITS), strict=True)]
    years = [f / annual_spending for f in forfeit]
    vs = [f / alt_pay for f in forfeit] if alt_pay else [None] * n
    return tuple(map(LockinMonth, range(n), equity, signing, unpaid, forfeit, years, vs))


def red_flags(offer: Offer, params: Parameters) -> tuple[RedFlag, ...]:
    pts = params.red_flag_points
    flags = []
    if offer.vested_equity_clawback:
        flags.append(RedFlag("vested_equity_clawback",
                             "Vested equity can be clawed back or cancelled, so even what you have earned is at risk",
                             pts.get("vested_equity_clawback", 0)))
    if offer.non_disparagement_condition == "one_sided":
        flags.append(RedFlag("non_disparagement_one_sided",
                             "Equity depends on a one-sided non-disparagement agreement: speaking up could cost it",
                             pts.get("non_disparagement_one_sided", 0)))
    elif offer.non_disparagement_condition == "mutual":
        flags.append(RedFlag("non_disparagement_mutual",
                             "Equity is tied to a mutual non-disparagement agreement",
                             pts.get("non_disparagement_mutual", 0)))
    if offer.cliff_months > 12 and offer.equity_kind != "none":
        flags.append(RedFlag("long_cliff", f"The cliff is {offer.cliff_months} months, longer than the usual 12",
                             pts.get("long_cliff", 0)))
    if offer.vesting_shape == "back_loaded" and offer.equity_kind != "none":
        flags.append(RedFlag("back_loaded", "Vesting is back-loaded: most of the grant arrives in the last years",
                             pts.get("back_loaded", 0)))
    if offer.tender_conditions:
        flags.append(RedFlag("tender_conditions",
                             "Selling in tender offers depends on conditions the company sets (for example "
                             "still being employed, or signing a release)",
                             pts.get("tender_conditions", 0)))
    return tuple(flags)


def pick(condition: Any, yes: Any, no: Any) -> Any:
    """``yes if condition else no``: the scalar counterpart of ``numpy.where``, so one formula serves both the
    one-offer model and the columnar engine (which passes ``numpy.where``)."""
    return yes if condition else no


def financial_score(average_years: Any, runway_months: float, params: Parameters,
                    where: Callable[[Any, Any, Any], Any] = pick) -> Any:
    """0-100 from the average forfeiture (years of spending), halved at most by a long runway."""
    scaled = 100 * average_years / (average_years + params.forfeit_scale_years)
    return where(average_years > 0, scaled, 0.0) * runway_relief(runway_months, params)


def runway_relief(runway_months: float, params: Parameters) -> float:
    """The factor (1 down to 0.5) a runway of savings applies to the financial part of lock-in."""
    return 1 - 0.5 * min(max(runway_months, 0) / params.runway_full_months, 1.0)


def lockin_score(financial: Any, flag_points: Any, minimum: Callable[[Any, Any], Any] = min) -> Any:
    """The 0-100 lock-in score: the financial part plus the red flags' points."""
    return minimum(100.0, financial + flag_points)


def compute_lockin(
    offer: Offer, plan: EquityPlan, profile: Profile, params: Parameters, alt_pay: float | None,
    scenario: Scenario = BASE,
) -> Lockin:
    annual = profile.monthly_essential_spending * 12
    schedule = forfeiture_schedule(offer, plan, params, annual, alt_pay, scenario)
    flags = red_flags(offer, params)
    runway = profile.runway_months
    peak = max(r.years_of_spending for r in schedule)
    average = sum(r.years_of_spending for r in schedule) / len(schedule)
    financial = financial_score(average, runway, params)
    reasons = []
    if runway < params.min_runway_months:
        reasons.append(f"runway is {runway:.1f} months of essential spending, under {params.min_runway_months:g}")
    if peak > params.max_ready_forfeit_years:
        reasons.append(f"leaving could forfeit up to {peak:.1f} years of essential spending")
    reasons += [f.message for f in flags if f.code in SEVERE_FLAGS]
    return Lockin(schedule, flags, runway, peak, average, financial,
                  lockin_score(financial, sum(f.points for f in flags)),
                  not reasons, tuple(reasons))
