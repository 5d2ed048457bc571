"""Compensation: the vesting schedule and valuation paths an offer's words describe, and the shape of its pay.

Vesting follows the offer's schedule: per-year percentages (even, front-loaded, back-loaded or custom),
released monthly, quarterly or annually, with nothing released before the cliff and everything accrued
released at it. Valuation paths: bear, base and bull (the offer's own, else its equity kind's defaults), plus
a zero case for private equity. The money itself — pay year by year under a path, in comparable money — is
computed by ``model.engine``; ``Compensation`` is one offer's row of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from offersheet.model.errors import InputError, Problem
from offersheet.model.inputs import Offer, path_at_most, yearly
from offersheet.model.reference import Parameters
from offersheet.spec.pay import GRANT, REFRESHER, components


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
def vested_curve(pcts: tuple[float, ...], frequency: str, cliff_months: int) -> tuple[float, ...]:
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


PRIVATE_KINDS = ("private_tender", "options", "ppu")


@dataclass(frozen=True)
class Scenario:
    """A valuation path: the equity's value changes by ``rates[y]`` % in year y of the horizon (the last rate
    repeating); ``zero``: worth nothing. What a grant is worth on it is the engine's (``model.engine``)."""

    name: str
    rates: tuple[float, ...]
    zero: bool = False

    @property
    def growth_pct(self) -> float:
        """The first year's rate (the whole path when it is flat)."""
        return self.rates[0]

    def describe(self) -> str:
        if self.zero:
            return "equity worthless"
        shown = self.rates if len(set(self.rates)) > 1 else self.rates[:1]
        return "/".join(f"{r:+g}%" for r in shown)

    def rate(self, year: int) -> float:
        return self.rates[min(year, len(self.rates) - 1)]


BASE = Scenario("base", (0.0,))


def scenarios_for(offer: Offer, params: Parameters) -> tuple[Scenario, ...]:
    """Bear, base and bull for this offer (its own path where given, else its equity kind's default, kept
    in order around the base), plus the zero case for private equity."""
    defaults = params.equity_growth.get(offer.equity_kind, {"bear": 0.0, "base": 0.0, "bull": 0.0})
    years = params.horizon_years

    def path(value: float | tuple[float, ...] | None, default: float) -> tuple[float, ...]:
        """The offer's path (fractions) or the kind's default (% a year), as % a year."""
        if value is None:
            return yearly(default, years)
        return tuple(r * 100 for r in yearly(value, years))

    base = path(offer.equity_growth_base_pct, defaults["base"])
    bear = path(offer.equity_growth_bear_pct, defaults["bear"])
    bull = path(offer.equity_growth_bull_pct, defaults["bull"])
    if offer.equity_growth_bear_pct is None:
        bear = tuple(min(a, b) for a, b in zip(bear, base, strict=True))
    if offer.equity_growth_bull_pct is None:
        bull = tuple(max(a, b) for a, b in zip(bull, base, strict=True))
    problems = []
    if not path_at_most(bear, base):
        problems.append(
            Problem(
                "equity_growth_bear_pct",
                offer.equity_growth_bear_pct,
                f"at most the base path's growth ({_show(base)}%) in every year",
                offer.label,
            )
        )
    if not path_at_most(base, bull):
        problems.append(
            Problem(
                "equity_growth_bull_pct",
                offer.equity_growth_bull_pct,
                f"at least the base path's growth ({_show(base)}%) in every year",
                offer.label,
            )
        )
    if problems:
        raise InputError(problems)
    out = [Scenario("bear", bear), Scenario("base", base), Scenario("bull", bull)]
    if offer.equity_kind in PRIVATE_KINDS and offer.equity_grant_value:
        out.append(Scenario("zero", (-100.0,), zero=True))
    return tuple(out)


def _show(rates: tuple[float, ...]) -> str:
    return f"{rates[0]:g}" if len(set(rates)) == 1 else ", ".join(f"{r:g}" for r in rates)


def vesting_curves(offer: Offer) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The initial grant's vesting curve (the offer's schedule, shape and cliff) and the refreshers' (even over the
    same period, no cliff)."""
    even = tuple(1 / offer.vesting_years for _ in range(offer.vesting_years))
    return (
        vested_curve(year_percentages(offer), offer.vesting_frequency, offer.cliff_months),
        vested_curve(even, offer.vesting_frequency, 0),
    )


@dataclass(frozen=True)
class CompYear:
    """One year of an offer's pay, by component, nominal and comparable."""

    year: int
    parts: Mapping[str, float]  # nominal pay by component (``spec.pay.PAY`` keys), before tax
    total: float  # nominal, before tax: the sum of the parts
    present_value: float  # comparable money (after tax, cost of living), discounted to the start of year 1
    comparable: float = 0.0  # the year's total after tax and cost of living, undiscounted

    def paid(self, how: str) -> float:
        """What the components that pay this way paid this year."""
        return sum(self.parts[c.key] for c in components(how))

    @property
    def equity(self) -> float:
        return self.paid(GRANT)

    @property
    def refreshers(self) -> float:
        return self.paid(REFRESHER)


@dataclass(frozen=True)
class Compensation:
    """An offer's pay over the horizon: its years and the summary figures."""

    years: tuple[CompYear, ...]
    year1: float
    annualised: float
    horizon_total: float  # present value over the horizon

    @property
    def horizon_years(self) -> int:
        return len(self.years)
