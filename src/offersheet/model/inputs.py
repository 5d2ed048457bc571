"""Typed, validated inputs: an offer, a company with its ratings, and the person's profile.

Every constructor puts each field through the spec's one value parser (``spec.parse``: the same as the
workbook, a CSV and ``evaluate_many`` use; percentages as fractions, 0.15 or "15%") and raises one
:class:`InputError` listing every bad field with the value, what was expected and how to write it.
Money is held as float: the inputs are estimates whose uncertainty
is far larger than a cent, the model multiplies by haircuts and discount factors, and results are
rounded to whole currency units only where they are shown (reports and exports).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from offersheet.model.errors import InputError, Problem
from offersheet.model.vocab import EMPLOYER_KINDS, FIT_TRAITS
from offersheet.spec.inputs import OFFER_FIELDS, PROFILE_FIELDS, Field
from offersheet.spec.parse import is_blank, parse_value, units_doc


def parse_into(obj: object, fields: tuple[Field, ...], problems: list[Problem], owner: str) -> None:
    """Every spec field of a frozen ``obj`` through the one parser (``spec.parse``): its model value set in
    place (a blank, NaN or "" means the default), or a problem saying what is expected and how to write it.
    A money sign must match ``obj.currency`` where the object has one."""
    currency = getattr(obj, "currency", None)
    for f in fields:
        raw = getattr(obj, f.key)
        if raw is None:
            if f.default is None and not f.required:
                continue  # optional and not given
        elif type(raw) is type(f.default) and raw == f.default:
            continue  # the declared default, as the model holds it: nothing to parse
        if is_blank(raw) and not (f.kind == "text" and raw == f.default):
            if f.required:
                problems.append(Problem(f.key, raw, "a value (required)", owner))
                continue
            object.__setattr__(obj, f.key, f.model_default)
            continue
        try:
            object.__setattr__(obj, f.key, parse_value(f, raw, currency=currency))
        except ValueError as exc:
            problems.append(Problem(f.key, raw, str(exc), owner))


class _Checker:
    """Collects problems so a constructor reports all of them at once."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.problems: list[Problem] = []

    def bad(self, name: str, value: object, expected: str) -> None:
        self.problems.append(Problem(name, value, expected, self.owner))

    def choice(self, obj: object, name: str, allowed: tuple[str, ...]) -> None:
        value = getattr(obj, name)
        if value not in allowed:
            self.bad(name, value, "one of " + ", ".join(allowed))

    def done(self) -> None:
        if self.problems:
            raise InputError(self.problems)


def yearly(path: float | tuple[float, ...], years: int) -> tuple[float, ...]:
    """A growth path as one rate per year for ``years`` years (a single rate repeats; so does the last)."""
    rates = path if isinstance(path, tuple) else (path,)
    return tuple(float(rates[min(y, len(rates) - 1)]) for y in range(years))


def path_at_most(a: float | tuple[float, ...], b: float | tuple[float, ...]) -> bool:
    """True when path ``a`` is at or below path ``b`` in every year."""
    n = max(len(a) if isinstance(a, tuple) else 1, len(b) if isinstance(b, tuple) else 1)
    return all(x <= y for x, y in zip(yearly(a, n), yearly(b, n), strict=True))


def show_path(path: float | tuple[float, ...]) -> str:
    """A growth path (fractions) as a person writes it: '40%' or '60%, 30%, 10%'."""
    rates = path if isinstance(path, tuple) else (path,)
    return ", ".join(f"{r * 100:g}%" for r in rates)


@dataclass(frozen=True)
class Offer:
    """One job offer (or one alternative: any employer, any role)."""

    employer: str
    role_category: str
    employer_kind: str
    label: str = "Offer 1"
    role_title: str = ""
    work_sharing: str = "limited"
    safety_share_pct: float | None = None
    currency: str | None = None  # ISO code; None: the profile's home currency
    base_salary: float = 0.0
    target_bonus_pct: float = 0.0
    signing_bonus: float = 0.0
    signing_clawback_months: int = 12
    equity_grant_value: float = 0.0
    equity_kind: str = "none"
    option_strike_total: float = 0.0
    vesting_years: int = 4
    cliff_months: int = 12
    vesting_frequency: str = "monthly"
    vesting_shape: str = "even"
    vesting_custom_pcts: tuple[float, ...] = ()
    annual_refresher_value: float = 0.0
    benefits_value: float = 0.0
    vested_equity_clawback: bool = False
    non_disparagement_condition: str = "none"
    tender_conditions: bool = False
    # Scenarios and money that is not salary (percentages as fractions: 0.15 or "15%"; None: the default for
    # the equity kind). A growth path is one yearly rate, or one rate per year of the horizon (the last repeating).
    equity_growth_bear_pct: float | tuple[float, ...] | None = None
    equity_growth_base_pct: float | tuple[float, ...] | None = None
    equity_growth_bull_pct: float | tuple[float, ...] | None = None
    annual_raise_pct: float = 0.0
    promotion_month: int | None = None
    promotion_raise_pct: float = 0.0
    retirement_match_pct: float = 0.0
    retirement_match_cap: float | None = None
    effective_tax_rate_pct: float = 0.0
    cost_of_living_index: float = 100.0

    def __post_init__(self) -> None:
        c = _Checker(self.label)
        parse_into(self, OFFER_FIELDS, c.problems, self.label)
        if not c.problems:
            self._check_schedule(c)
        c.done()

    __doc__ = (__doc__ or "") + units_doc(OFFER_FIELDS)

    def _check_growth(self, c: _Checker) -> None:
        given = [(n, getattr(self, f"equity_growth_{n}_pct")) for n in ("bear", "base", "bull")]
        known = [(n, v) for n, v in given if v is not None]
        for (n1, v1), (n2, v2) in itertools.pairwise(known):
            if not path_at_most(v1, v2):
                c.bad(f"equity_growth_{n2}_pct", v2, f"at least the {n1} path's growth ({show_path(v1)}) in every year")

    def _check_schedule(self, c: _Checker) -> None:
        self._check_growth(c)
        if self.equity_kind == "none" and (self.equity_grant_value or self.annual_refresher_value):
            amount = "equity_grant_value" if self.equity_grant_value else "annual_refresher_value"
            c.bad(
                "equity_kind",
                "none",
                f"the kind of the equity ({amount} is {getattr(self, amount):,.0f}; "
                "'No equity' would count it as nothing)",
            )
        if self.cliff_months > self.vesting_years * 12:
            c.bad("cliff_months", self.cliff_months, f"at most the vesting period ({self.vesting_years * 12} months)")
        pcts = self.vesting_custom_pcts
        if self.vesting_shape == "custom":
            bad_items = [p for p in pcts if not isinstance(p, (int, float)) or not math.isfinite(p) or p < 0]
            if len(pcts) != self.vesting_years or bad_items:
                c.bad(
                    "vesting_custom_pcts", pcts, f"{self.vesting_years} non-negative percentages, one per vesting year"
                )
            elif abs(sum(pcts) - 100) > 0.01:
                c.bad("vesting_custom_pcts", pcts, f"percentages that sum to 100 (they sum to {sum(pcts):g})")
        elif pcts:
            c.bad("vesting_custom_pcts", pcts, "empty unless vesting_shape is custom")


@dataclass(frozen=True)
class CriterionRating:
    """One criterion's value for one company, on 0-100, with where it came from."""

    criterion: str
    value: float | None
    source: str = ""
    edition: str = ""
    as_of: str = ""  # YYYY-MM
    raw: str = ""  # as published, e.g. "C+" or "18%"
    note: str = ""


@dataclass(frozen=True)
class Company:
    """A company's responsibility ratings; ``overall`` is used only when no criterion has a value."""

    name: str
    employer_kind: str
    ratings: tuple[CriterionRating, ...] = ()
    overall: CriterionRating | None = None
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        c = _Checker(f"company {self.name!r}")
        if not isinstance(self.name, str) or not self.name.strip():
            c.bad("company", self.name, "a company name")
        c.choice(self, "employer_kind", EMPLOYER_KINDS)
        for r in (*self.ratings, *((self.overall,) if self.overall else ())):
            if r.value is not None and not (
                isinstance(r.value, (int, float)) and math.isfinite(r.value) and 0 <= r.value <= 100
            ):
                c.bad(r.criterion, r.value, "a rating from 0 to 100, or empty")
        c.done()


@dataclass(frozen=True)
class Profile:
    """The person deciding: money, personal-fit traits (1-5), career stage and chosen stance."""

    liquid_savings: float = 0.0
    monthly_essential_spending: float = 3000.0
    fit_risk_understanding: int = 3
    fit_vigilance: int = 3
    fit_security_practice: int = 3
    fit_ability_to_leave: int = 3
    fit_social_skills: int = 3
    fit_incentive_resistance: int = 3
    career_stage: str = "mid"
    stance: str = "balanced"
    donation_pct: float = 0.0
    fallback_annual_pay: float | None = None
    home_currency: str = "USD"
    fx_usd: float | None = None  # how much of the home currency one unit buys (see spec.inputs); None: not given
    fx_eur: float | None = None
    fx_gbp: float | None = None
    fx_chf: float | None = None
    fx_cad: float | None = None
    fx_aud: float | None = None
    fx_jpy: float | None = None
    fx_sgd: float | None = None
    fx_cny: float | None = None
    fx_inr: float | None = None
    fx_date: str = ""
    parameter_overrides: tuple[tuple[str, float], ...] = field(default=())

    def __post_init__(self) -> None:
        c = _Checker("Profile")
        parse_into(self, PROFILE_FIELDS, c.problems, "Profile")
        c.done()

    __doc__ = (__doc__ or "") + units_doc(PROFILE_FIELDS)

    @property
    def runway_months(self) -> float:
        return self.liquid_savings / self.monthly_essential_spending

    def rate(self, currency: str | None) -> float | None:
        """Home currency per unit of ``currency`` (1 for the home currency itself); None when not given."""
        if currency is None or currency == self.home_currency:
            return 1.0
        return getattr(self, f"fx_{currency.lower()}", None)

    def traits(self) -> dict[str, int]:
        return {t: getattr(self, t) for t in FIT_TRAITS}
