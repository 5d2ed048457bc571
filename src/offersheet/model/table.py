"""Offers as the engine's input columns: the words and choices of each offer looked up in the reference data.

Nothing here is arithmetic on money, lock-in, impact or the verdict (that is ``model.engine``): this module
reads each offer's numbers into columns and looks up what its words mean — the valuation paths of its equity
kind, its vesting curve, its red flags, its company's score, the levels of its role, employer kind and
sharing. Lookups are kept per distinct value, so a dataset of a million offers looks each up once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from offersheet.model.asks import company_asks
from offersheet.model.company import CompanyScore, compute_company_score, find_company
from offersheet.model.compensation import Scenario, scenarios_for, vesting_curves
from offersheet.model.currency import missing_rate
from offersheet.model.engine import (
    NEVER,
    PAY_INPUTS,
    Bools,
    Factors,
    Floats,
    Ints,
    Money,
    MoneyRows,
    mixed,
    role_levels,
)
from offersheet.model.errors import InputError, OffersheetError
from offersheet.model.fit import fit_condition_unmet
from offersheet.model.inputs import Company, Offer, Profile
from offersheet.model.lockin import SEVERE_FLAGS, RedFlag, red_flags
from offersheet.model.reference import Reference

SAFETY, CAPABILITIES = "alignment_safety", "capabilities_research"  # what a safety share mixes


@dataclass(frozen=True)
class Role:
    """What an offer's role, employer and person give the verdict, before money: one row per offer."""

    acceleration: Floats
    risk_reduction: Floats
    company_dependence: Floats
    lab_reliance: Floats
    company_score: Floats
    builds_ai: Bools
    frontier: Bools
    career_capital: Floats
    stage_weight: Floats
    flag_points: Floats
    severe_flag: Bools
    fit_condition: Bools
    has_asks: Bools  # about the company, the terms (red flags) or an unmet condition of fit
    conflict: Bools  # a role with a conflict of interest (Roles sheet) at an AI developer: asked about too

    def factors(self, money: Money, base: Ints, runway_months: float, fit: float, pay_gap_ratio: Floats,
                donated_ratio: Floats, has_alternative: Bools) -> Factors:
        """The verdict's factors: these, the base path's lock-in (rows ``base`` of ``money``), the pay ratios and
        whether each offer has an alternative."""
        n = len(self.frontier)
        return Factors(
            self.acceleration, self.risk_reduction, self.company_dependence, self.lab_reliance, self.company_score,
            self.builds_ai, self.frontier, np.full(n, fit), self.career_capital, self.stage_weight,
            money.average_years[base], np.full(n, runway_months), self.flag_points, self.severe_flag,
            self.fit_condition, self.has_asks | self.conflict, pay_gap_ratio, donated_ratio, has_alternative)


@dataclass(frozen=True)
class Table:
    """The engine's input for a set of offers: ``rows`` has one money row per offer and valuation path.

    ``kept`` are the positions (in the sequence given) of the offers tabled; ``errors`` why the others were not
    (a missing exchange rate, paths out of order)."""

    offers: tuple[Offer, ...]  # the offers tabled, as given
    kept: tuple[int, ...]
    errors: Mapping[int, OffersheetError]
    paths: tuple[tuple[Scenario, ...], ...]  # per offer: bear, base, bull (and zero), or the base path alone
    rows: MoneyRows
    path_rows: Mapping[str, Ints]  # path name -> each offer's row in ``rows`` (-1: the offer has no such path)
    companies: tuple[CompanyScore, ...]
    flags: tuple[tuple[RedFlag, ...], ...]
    basis: tuple[str, ...]  # what the role's levels rest on, in words
    role: Role


class _Lookup:
    """What each distinct word or choice means, looked up once."""

    def __init__(self, companies: Mapping[str, Company], profile: Profile, ref: Reference, all_paths: bool) -> None:
        self.companies, self.profile, self.ref, self.p, self.all_paths = companies, profile, ref, ref.parameters, \
            all_paths
        self.paths: dict[tuple[Any, ...], tuple[Scenario, ...] | OffersheetError] = {}
        self.curves: dict[tuple[Any, ...], tuple[int, int]] = {}
        self.curve_rows: list[tuple[float, ...]] = []
        self.flags: dict[tuple[Any, ...], tuple[tuple[RedFlag, ...], float, bool]] = {}
        self.scores: dict[tuple[str, bool], CompanyScore] = {}
        self.asks: dict[tuple[str, bool, str], bool] = {}
        self.condition = fit_condition_unmet(profile, self.p)
        self.stage = self.p.career_stage_weight.get(profile.career_stage, 0.0)

    def scenarios(self, o: Offer) -> tuple[Scenario, ...]:
        key = (o.equity_kind, o.equity_growth_bear_pct, o.equity_growth_base_pct, o.equity_growth_bull_pct,
               bool(o.equity_grant_value))
        got = self.paths.get(key)
        if got is None:
            try:
                got = scenarios_for(o, self.p)
                if not self.all_paths:
                    got = tuple(s for s in got if s.name == "base")
            except OffersheetError as exc:
                got = exc
            self.paths[key] = got
        if isinstance(got, OffersheetError):
            scenarios_for(o, self.p)  # raises with this offer's own label
        assert not isinstance(got, OffersheetError)
        return got

    def curve(self, o: Offer) -> tuple[int, int]:
        """The rows of the offer's initial and refresher vesting curves in the curve matrix."""
        key = (o.vesting_shape, o.vesting_custom_pcts, o.vesting_years, o.vesting_frequency, o.cliff_months)
        got = self.curves.get(key)
        if got is None:
            initial, refresher = vesting_curves(o)
            got = self.curves[key] = (self._row(initial), self._row(refresher))
        return got

    def _row(self, curve: tuple[float, ...]) -> int:
        try:
            return self.curve_rows.index(curve)
        except ValueError:
            self.curve_rows.append(curve)
            return len(self.curve_rows) - 1

    def red_flags(self, o: Offer) -> tuple[tuple[RedFlag, ...], float, bool]:
        key = (o.vested_equity_clawback, o.non_disparagement_condition, o.cliff_months, o.vesting_shape,
               o.equity_kind == "none", o.tender_conditions)
        got = self.flags.get(key)
        if got is None:
            flags = red_flags(o, self.p)
            got = self.flags[key] = (flags, float(sum(f.points for f in flags)),
                                     any(f.code in SEVERE_FLAGS for f in flags))
        return got

    def company(self, o: Offer, frontier: bool) -> CompanyScore:
        key = (o.employer, frontier)
        got = self.scores.get(key)
        if got is None:
            got = self.scores[key] = compute_company_score(find_company(o.employer, self.companies), o.employer,
                                                           frontier, self.ref.criteria, self.p)
        return got

    def has_company_asks(self, o: Offer, company: CompanyScore, frontier: bool) -> bool:
        key = (o.employer, frontier, o.employer_kind)
        got = self.asks.get(key)
        if got is None:
            got = self.asks[key] = bool(company_asks(company, o.employer_kind, self.ref.criteria, frontier))
        return got


def _curve_matrix(curves: list[tuple[float, ...]], months: int) -> Floats:
    """Every distinct vesting curve, cut or extended (fully vested) to ``months`` months."""
    out = np.ones((len(curves), months))
    for r, curve in enumerate(curves):
        m = min(len(curve), months)
        out[r, :m] = curve[:m]
    return out


def tabulate(offers: Sequence[Offer], companies: Mapping[str, Company], profile: Profile, ref: Reference,
             all_paths: bool = True, stop_at_errors: bool = True) -> Table:
    """The engine's input for ``offers``; ``all_paths``: bear, base, bull (and zero) rows, else the base path
    alone. With ``stop_at_errors`` the first offer that cannot be tabled raises; else it is left out, its
    error kept by position."""
    look = _Lookup(companies, profile, ref, all_paths)
    p = ref.parameters
    kinds, sharing, roles = ref.employer_kinds, ref.work_sharing, ref.roles
    kept: list[int] = []
    errors: dict[int, OffersheetError] = {}
    tabled: list[Offer] = []
    paths: list[tuple[Scenario, ...]] = []
    numbers: list[tuple[float, ...]] = []  # one per money row
    growth: list[tuple[float, ...]] = []
    zero: list[bool] = []
    curves: list[tuple[int, int]] = []
    owner: list[int] = []
    role_rows: list[tuple[float, ...]] = []
    companies_out: list[CompanyScore] = []
    flags_out: list[tuple[RedFlag, ...]] = []
    basis: list[str] = []
    for i, o in enumerate(offers):
        try:
            problem = missing_rate(o, profile)
            if problem is not None:
                raise InputError(problem)
            scenarios = look.scenarios(o)
        except OffersheetError as exc:
            if stop_at_errors:
                raise
            errors[i] = exc
            continue
        kind, share = kinds[o.employer_kind], sharing[o.work_sharing]
        company = look.company(o, kind.frontier)
        flags, flag_points, severe = look.red_flags(o)
        curve = look.curve(o)
        values = (*(np.inf if (v := getattr(o, k)) is None else v for k in PAY_INPUTS),
                  profile.rate(o.currency) or 1.0, p.liquidity_haircut.get(o.equity_kind, 0.0),
                  o.equity_kind == "options", o.equity_kind == "none",
                  NEVER if o.promotion_month is None else o.promotion_month, o.promotion_raise_pct,
                  o.annual_raise_pct, o.effective_tax_rate_pct, o.cost_of_living_index, o.vested_equity_clawback)
        for s in scenarios:
            numbers.append(values)
            growth.append(tuple(s.rate(y) for y in range(p.horizon_years)))
            zero.append(s.zero)
            curves.append(curve)
            owner.append(len(tabled))
        role = roles[o.role_category]
        frontier = kind.frontier
        role_rows.append((
            np.nan if o.safety_share_pct is None else o.safety_share_pct, role.acceleration, role.risk_reduction,
            role.company_dependence, role.lab_reliance, kind.acceleration_factor, kind.risk_reduction_factor,
            share.acceleration_factor, share.risk_reduction_factor, company.score, kind.acceleration_factor > 0,
            frontier, kind.career_capital, look.stage, flag_points, severe, frontier and look.condition,
            look.has_company_asks(o, company, frontier) or (frontier and look.condition) or bool(flags),
            frontier and role.conflict_of_interest,
        ))
        basis.append(role.label if o.safety_share_pct is None else
                     f"{o.safety_share_pct * 100:g}% of the project is safety work (overrides the role label)")
        kept.append(i)
        tabled.append(o)
        paths.append(scenarios)
        companies_out.append(company)
        flags_out.append(flags)
    n = p.horizon_years * 12 + 1
    cols = np.array(numbers, dtype=np.float64).reshape(len(numbers), len(PAY_INPUTS) + 10).T
    k = len(PAY_INPUTS)
    curve_idx = np.array(curves, dtype=np.int64).reshape(len(curves), 2)
    rows = MoneyRows(
        inputs=dict(zip(PAY_INPUTS, cols[:k], strict=True)), rate=cols[k], haircut=cols[k + 1],
        options=cols[k + 2] > 0, no_equity=cols[k + 3] > 0, promotion_month=cols[k + 4], promotion_raise=cols[k + 5],
        annual_raise=cols[k + 6], tax=cols[k + 7], living=cols[k + 8], clawback=cols[k + 9] > 0,
        curves=_curve_matrix(look.curve_rows, n), initial_curve=curve_idx[:, 0], refresher_curve=curve_idx[:, 1],
        growth=np.array(growth, dtype=np.float64).reshape(len(growth), p.horizon_years),
        zero=np.array(zero, dtype=bool),
    )
    path_rows: dict[str, Ints] = {}
    for r, (who, s) in enumerate(zip(owner, (s for ss in paths for s in ss), strict=True)):
        path_rows.setdefault(s.name, np.full(len(tabled), -1, dtype=np.int64))[who] = r
    rc = np.array(role_rows, dtype=np.float64).reshape(len(role_rows), 19).T
    safe, capab = roles[SAFETY], roles[CAPABILITIES]
    share_col = rc[0]
    role_out = Role(
        acceleration=role_levels(share_col, rc[1], safe.acceleration, capab.acceleration, rc[5], rc[7]),
        risk_reduction=role_levels(share_col, rc[2], safe.risk_reduction, capab.risk_reduction, rc[6], rc[8]),
        company_dependence=mixed(share_col, rc[3], safe.company_dependence, capab.company_dependence),
        lab_reliance=mixed(share_col, rc[4], safe.lab_reliance, capab.lab_reliance),
        company_score=rc[9], builds_ai=rc[10] > 0, frontier=rc[11] > 0, career_capital=rc[12], stage_weight=rc[13],
        flag_points=rc[14], severe_flag=rc[15] > 0, fit_condition=rc[16] > 0, has_asks=rc[17] > 0,
        conflict=rc[18] > 0,
    )
    return Table(tuple(tabled), tuple(kept), errors, tuple(paths), rows, path_rows, tuple(companies_out),
                 tuple(flags_out), tuple(basis), role_out)
