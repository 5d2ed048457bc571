"""Compensation year by year: salary, bonus, signing bonus, vesting equity, refreshers and benefits.

Equity is valued at what you could expect to realise: the paper value times (1 - liquidity haircut)
for its kind, and for options only the spread above the strike. Vesting follows the offer's schedule:
per-year percentages (even, front-loaded, back-loaded or custom), released monthly, quarterly or
annually, with nothing released before the cliff and everything accrued released at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from offersheet.model.inputs import Offer
from offersheet.model.reference import Parameters


def year_percentages(offer: Offer) -> tuple[float, ...]:
    """Share of the grant vesting in each vesting year, as fractions summing to 1."""
    years = offer.vesting_years
    if offer.vesting_shape == "custom":
        return tuple(p / 100 for p in offer.vesting_custom_pcts)
    if offer.vesting_shape == "front_loaded":
        weights = [years - i for i in range(years)]
    elif offer.vesting_shape == "back_loaded":
        weights = [i + 1 for i in range(years)]
    else:
        weights = [1] * years
    total = sum(weights)
    return tuple(w / total for w in weights)


_EVENT_MONTHS = {"monthly": tuple(range(1, 13)), "quarterly": (3, 6, 9, 12), "annual": (12,)}


@lru_cache(maxsize=4096)
def vested_curve(
    pcts: tuple[float, ...], frequency: str, cliff_months: int
) -> tuple[float, ...]:
    """Cumulative fraction vested at each month 0..len(pcts)*12 after the grant."""
    events = _EVENT_MONTHS[frequency]
    per_event = [0.0] * (len(pcts) * 12 + 1)
    for year, pct in enumerate(pcts):
        for month in events:
            per_event[year * 12 + month] += pct / len(events)
    curve, running = [], 0.0
    for month, amount in enumerate(per_event):
        running += amount
        curve.append(0.0 if month < cliff_months else min(running, 1.0))
    curve[-1] = 1.0
    return tuple(curve)


def vested_fraction(curve: tuple[float, ...], months_since_grant: int) -> float:
    if months_since_grant < 0:
        return 0.0
    return curve[min(months_since_grant, len(curve) - 1)]


@dataclass(frozen=True)
class EquityPlan:
    """The offer's grants, valued at what could be realised: initial grant plus yearly refreshers."""

    initial_value: float
    initial_curve: tuple[float, ...]
    refresher_value: float
    refresher_curve: tuple[float, ...]
    horizon_months: int

    def grants(self) -> list[tuple[int, float, tuple[float, ...]]]:
        out = [(0, self.initial_value, self.initial_curve)] if self.initial_value else []
        if self.refresher_value:
            out += [
                (start, self.refresher_value, self.refresher_curve)
                for start in range(12, self.horizon_months, 12)
            ]
        return out

    def vested_at(self, month: int) -> float:
        return sum(v * vested_fraction(c, month - s) for s, v, c in self.grants() if s <= month)

    def unvested_at(self, month: int) -> float:
        """Value granted by ``month`` that has not vested yet: what leaving then would forfeit."""
        return sum(v * (1 - vested_fraction(c, month - s)) for s, v, c in self.grants() if s <= month)


def realisable_factor(offer: Offer, params: Parameters) -> float:
    return 1.0 - params.liquidity_haircut.get(offer.equity_kind, 0.0)


def equity_plan(offer: Offer, params: Parameters) -> EquityPlan:
    factor = realisable_factor(offer, params)
    grant = offer.equity_grant_value
    if offer.equity_kind == "options":
        grant = max(0.0, grant - offer.option_strike_total)
    if offer.equity_kind == "none":
        grant = 0.0
    curve = vested_curve(year_percentages(offer), offer.vesting_frequency, offer.cliff_months)
    even = tuple(1 / offer.vesting_years for _ in range(offer.vesting_years))
    return EquityPlan(
        initial_value=grant * factor,
        initial_curve=curve,
        refresher_value=offer.annual_refresher_value * factor,
        refresher_curve=vested_curve(even, offer.vesting_frequency, 0),
        horizon_months=params.horizon_years * 12,
    )


@dataclass(frozen=True)
class CompYear:
    year: int
    base: float
    bonus: float
    signing: float
    equity: float
    refreshers: float
    benefits: float
    total: float  # nominal
    present_value: float  # discounted to the start of year 1


@dataclass(frozen=True)
class Compensation:
    years: tuple[CompYear, ...]
    year1: float
    annualised: float
    horizon_total: float  # present value over the horizon

    @property
    def horizon_years(self) -> int:
        return len(self.years)


def compute_compensation(offer: Offer, params: Parameters, plan: EquityPlan | None = None) -> Compensation:
    plan = plan or equity_plan(offer, params)
    bonus = offer.base_salary * offer.target_bonus_pct / 100
    years = []
    for y in range(1, params.horizon_years + 1):
        start, end = 12 * (y - 1), 12 * y
        initial = plan.initial_value * (
            vested_fraction(plan.initial_curve, end) - vested_fraction(plan.initial_curve, start)
        )
        total_vested = plan.vested_at(end) - plan.vested_at(start)
        refreshers = total_vested - initial
        signing = offer.signing_bonus if y == 1 else 0.0
        total = offer.base_salary + bonus + signing + initial + refreshers + offer.benefits_value
        pv = total / (1 + params.discount_rate) ** (y - 1)
        years.append(CompYear(y, offer.base_salary, bonus, signing, initial, refreshers,
                              offer.benefits_value, total, pv))
    horizon = sum(y.present_value for y in years)
    return Compensation(tuple(years), years[0].total, horizon / len(years), horizon)
