"""Compensation year by year: salary, bonus, signing bonus, vesting equity, refreshers, benefits and
retirement match, under a valuation scenario, in comparable money.

Equity is valued at what you could expect to realise: the paper value times (1 - liquidity haircut)
for its kind, and for options only the spread above the strike. Vesting follows the offer's schedule:
per-year percentages (even, front-loaded, back-loaded or custom), released monthly, quarterly or
annually, with nothing released before the cliff and everything accrued released at it.

Scenarios: each grant's value changes by the path's yearly growth from its grant date (bear, base, bull;
plus a zero case for private equity). Career path: a yearly raise and one promotion step (prorated in its
year); refreshers granted after the promotion scale with it. Comparable money: pay after the person's
effective tax rate, divided by the location's cost-of-living index (100 = where the person lives now).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from offersheet.model.errors import InputError, Problem
from offersheet.model.inputs import Offer, path_at_most, yearly
from offersheet.model.reference import Parameters
from offersheet.spec.pay import GRANT, ONCE, PAY, REFRESHER, SALARY, SHARE_OF_SALARY, YEARLY, PayComponent, components


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


PRIVATE_KINDS = ("private_tender", "options", "ppu")


class Scenario(NamedTuple):
    """A valuation path: the equity's value changes by ``rates[y]`` % in year y of the horizon (the last rate
    repeating); ``zero``: worth nothing. A grant made at month s is worth its grant value times the growth
    of the months from s to m (``factor``) at month m."""

    name: str
    rates: tuple[float, ...]
    zero: bool = False

    @property
    def growth_pct(self) -> float:
        """The first year's rate (the whole path when it is flat)."""
        return self.rates[0]

    @property
    def flat(self) -> bool:
        return not self.zero and all(r == 0 for r in self.rates)

    def describe(self) -> str:
        if self.zero:
            return "equity worthless"
        shown = self.rates if len(set(self.rates)) > 1 else self.rates[:1]
        return "/".join(f"{r:+g}%" for r in shown)

    def rate(self, year: int) -> float:
        return self.rates[min(year, len(self.rates) - 1)]

    def factor(self, months: int, start: int = 0) -> float:
        """Value multiple, ``months`` after a grant made at month ``start`` of the horizon."""
        if self.zero:
            return 0.0
        if self.flat:
            return 1.0
        if len(set(self.rates)) == 1:
            return float((1 + self.rates[0] / 100) ** (months / 12))
        # Month by month through the calendar years, not level(end) / level(start): after a year at -100 %
        # both levels are 0, yet a grant made then is still worth its grant value times the later growth.
        out, month, end = 1.0, start, start + months
        while month < end:
            year, into = divmod(month, 12)
            step = min(12 - into, end - month)
            out *= (1 + self.rate(year) / 100) ** (step / 12)
            month += step
        return out


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
        problems.append(Problem("equity_growth_bear_pct", offer.equity_growth_bear_pct,
                                f"at most the base path's growth ({_show(base)}%) in every year", offer.label))
    if not path_at_most(base, bull):
        problems.append(Problem("equity_growth_bull_pct", offer.equity_growth_bull_pct,
                                f"at least the base path's growth ({_show(base)}%) in every year", offer.label))
    if problems:
        raise InputError(problems)
    out = [Scenario("bear", bear), Scenario("base", base), Scenario("bull", bull)]
    if offer.equity_kind in PRIVATE_KINDS and offer.equity_grant_value:
        out.append(Scenario("zero", (-100.0,), zero=True))
    return tuple(out)


def _show(rates: tuple[float, ...]) -> str:
    return f"{rates[0]:g}" if len(set(rates)) == 1 else ", ".join(f"{r:g}" for r in rates)


def base_in_year(offer: Offer, year: int) -> float:
    """Salary paid in ``year`` (1-based): yearly raises, and the promotion step for the months after it."""
    base = offer.base_salary
    if offer.annual_raise_pct:
        base *= (1 + offer.annual_raise_pct) ** (year - 1)
    if offer.promotion_month is not None and offer.promotion_raise_pct:
        start, end = 12 * (year - 1), 12 * year
        after = min(max(end - max(offer.promotion_month, start), 0), 12)
        base *= 1 + offer.promotion_raise_pct * after / 12
    return base


def pay_in_year(c: PayComponent, value: Any, cap: Any, salary: Any, year: int, grant: Any, refresher: Any,
                minimum: Callable[[Any, Any], Any] = min) -> Any:
    """What pay component ``c`` pays in ``year`` (1-based), by how it pays (``spec.pay``): the one definition,
    used on single offers here and on numpy columns of offers (``model.columns``, with ``minimum=np.minimum``).
    ``value`` is the component's input (a rate as a fraction for a share of salary), ``cap`` its cap (None: none),
    ``salary`` the year's base pay, ``grant``/``refresher`` what the equity grants vest that year."""
    if c.how == SALARY:
        return salary
    if c.how == SHARE_OF_SALARY:
        amount = salary * value
        return amount if cap is None else minimum(amount, cap)
    if c.how == ONCE:
        return value if year == 1 else value * 0
    if c.how == YEARLY:
        return value
    if c.how == GRANT:
        return grant
    if c.how == REFRESHER:
        return refresher
    raise ValueError(f"unknown pay component kind {c.how!r}")


def component_cap(offer: Offer, c: PayComponent) -> float | None:
    return None if c.cap is None else getattr(offer, c.cap)


def input_total(offer: Offer, how: str) -> float:
    """The summed inputs of the components that pay this way (e.g. the equity grant's stated value)."""
    return float(sum(getattr(offer, c.key) for c in components(how)))


def comparable(offer: Offer, amount: float) -> float:
    """Money in the offer's location, after tax, expressed at the person's current cost of living."""
    return amount * (1 - offer.effective_tax_rate_pct) / (offer.cost_of_living_index / 100)


class EquityPlan(NamedTuple):
    """The offer's grants, valued at what could be realised: initial grant plus yearly refreshers."""

    initial_value: float
    initial_curve: tuple[float, ...]
    refresher_value: float
    refresher_curve: tuple[float, ...]
    horizon_months: int
    promotion_month: int | None = None  # refreshers granted at or after it are scaled by promotion_factor
    promotion_factor: float = 1.0

    def refresher_at(self, start: int) -> float:
        if self.promotion_month is not None and start >= self.promotion_month:
            return self.refresher_value * self.promotion_factor
        return self.refresher_value

    def grants(self) -> list[tuple[int, float, tuple[float, ...]]]:
        out = [(0, self.initial_value, self.initial_curve)] if self.initial_value else []
        if self.refresher_value:
            out += [
                (start, self.refresher_at(start), self.refresher_curve)
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
    grant = input_total(offer, GRANT)
    if offer.equity_kind == "options":
        grant = max(0.0, grant - offer.option_strike_total)
    if offer.equity_kind == "none":
        grant = 0.0
    curve = vested_curve(year_percentages(offer), offer.vesting_frequency, offer.cliff_months)
    even = tuple(1 / offer.vesting_years for _ in range(offer.vesting_years))
    return EquityPlan(
        initial_value=grant * factor,
        initial_curve=curve,
        refresher_value=input_total(offer, REFRESHER) * factor,
        refresher_curve=vested_curve(even, offer.vesting_frequency, 0),
        horizon_months=params.horizon_years * 12,
        promotion_month=offer.promotion_month,
        promotion_factor=1 + offer.promotion_raise_pct,
    )


class CompYear(NamedTuple):
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


class Compensation(NamedTuple):
    """An offer's pay over the horizon: its years and the summary figures."""

    years: tuple[CompYear, ...]
    year1: float
    annualised: float
    horizon_total: float  # present value over the horizon

    @property
    def horizon_years(self) -> int:
        return len(self.years)


def _vesting_value(value: float, curve: tuple[float, ...], start: int, first: int, last: int,
                   scenario: Scenario) -> float:
    """Value of one grant vesting in months first+1..last (grant made at ``start``), on the scenario path."""
    return value * sum((vested_fraction(curve, m - start) - vested_fraction(curve, m - start - 1))
                       * scenario.factor(m - start, start) for m in range(max(first, start) + 1, last + 1))


def compute_compensation(offer: Offer, params: Parameters, plan: EquityPlan | None = None,
                         scenario: Scenario = BASE) -> Compensation:
    plan = plan or equity_plan(offer, params)
    flat = scenario.flat  # today's values: the closed form below
    years = []
    for y in range(1, params.horizon_years + 1):
        start, end = 12 * (y - 1), 12 * y
        base = base_in_year(offer, y)
        if flat:
            initial = plan.initial_value * (
                vested_fraction(plan.initial_curve, end) - vested_fraction(plan.initial_curve, start)
            )
            total_vested = plan.vested_at(end) - plan.vested_at(start)
            refreshers = total_vested - initial
        else:
            initial = _vesting_value(plan.initial_value, plan.initial_curve, 0, start, end, scenario)
            refreshers = sum(_vesting_value(v, c, s, start, end, scenario) for s, v, c in plan.grants() if s > 0)
        parts = {c.key: pay_in_year(c, getattr(offer, c.key), component_cap(offer, c), base, y, initial, refreshers)
                 for c in PAY}
        total = sum(parts.values())
        money = comparable(offer, total)
        pv = money / (1 + params.discount_rate) ** (y - 1)
        years.append(CompYear(y, parts, total, pv, money))
    horizon = sum(y.present_value for y in years)
    return Compensation(tuple(years), years[0].comparable, horizon / len(years), horizon)
