"""Offers as the engine's input columns: the words and choices of each offer looked up in the reference data.

Nothing here is arithmetic on money, lock-in, impact or the verdict (that is ``model.engine``): this module
reads each offer's numbers into columns and looks up what its words mean — the valuation paths of its equity
kind, its vesting curve, its red flags, its company's score, the levels of its role, employer kind and
sharing. Lookups are kept per distinct value, so a dataset of a million offers looks each up once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
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
from offersheet.spec.inputs import OFFER_FIELDS
from offersheet.spec.parse import PERCENT_KINDS, Percent

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

    def factors(
        self,
        money: Money,
        base: Ints,
        runway_months: float,
        fit: float,
        pay_gap_ratio: Floats,
        donated_ratio: Floats,
        has_alternative: Bools,
    ) -> Factors:
        """The verdict's factors: these, the base path's lock-in (rows ``base`` of ``money``), the pay ratios and
        whether each offer has an alternative."""
        n = len(self.frontier)
        return Factors(
            self.acceleration,
            self.risk_reduction,
            self.company_dependence,
            self.lab_reliance,
            self.company_score,
            self.builds_ai,
            self.frontier,
            np.full(n, fit),
            self.career_capital,
            self.stage_weight,
            money.average_years[base],
            np.full(n, runway_months),
            self.flag_points,
            self.severe_flag,
            self.fit_condition,
            self.has_asks | self.conflict,
            pay_gap_ratio,
            donated_ratio,
            has_alternative,
        )


# What the table reads as each row's own number (or text), never through a lookup: every pay input, the
# raises, the tax rate, the cost of living, the safety share and the role title. Every other field is part of
# an offer's *shape* (its words and choices, which the lookups and the Offer's checks read), together with
# whether each of these is given (differs from its default); offers of one shape share every lookup.
ROW_FIELDS = tuple(
    dict.fromkeys(
        (
            *PAY_INPUTS,
            "promotion_month",
            "promotion_raise_pct",
            "annual_raise_pct",
            "effective_tax_rate_pct",
            "cost_of_living_index",
            "safety_share_pct",
            "role_title",
        )
    )
)
NUMBER_FIELDS = tuple(k for k in ROW_FIELDS if k != "role_title")
SHAPE_FIELDS = tuple(f.key for f in OFFER_FIELDS if f.key not in ROW_FIELDS)
_KIND = {f.key: f.kind for f in OFFER_FIELDS}


def model_value(key: str, x: Any) -> Any:
    """A row field's number as the Offer holds it (NaN: not given)."""
    x = x.item() if hasattr(x, "item") else x
    if not isinstance(x, float):
        return x
    if math.isnan(x):
        return None
    kind = _KIND[key]
    return int(x) if kind == "int" else Percent(x) if kind in PERCENT_KINDS else x


@dataclass(frozen=True)
class OfferColumns:
    """Valid offers as columns: the table's input, whether the offers were built one by one or read as columns.

    ``numbers`` holds each ``NUMBER_FIELDS`` column (NaN: not given), ``role_title`` and ``labels`` one text a
    row; ``shape`` indexes each row's shape in ``shapes``: one valid ``Offer`` per distinct combination of the
    ``SHAPE_FIELDS`` and of which row fields are given (its own numbers are its first row's). ``offers``: the
    offers themselves when they were built one by one (each its own shape)."""

    labels: Sequence[str]
    numbers: Mapping[str, Floats]
    role_title: Sequence[str]
    shape: Ints
    shapes: tuple[Offer, ...]
    offers: tuple[Offer, ...] | None = None

    @classmethod
    def of(cls, offers: Sequence[Offer]) -> OfferColumns:
        offers = tuple(offers)
        numbers = {
            k: np.array([np.nan if (v := getattr(o, k)) is None else v for o in offers], dtype=np.float64)
            for k in NUMBER_FIELDS
        }
        return cls(
            [o.label for o in offers],
            numbers,
            [o.role_title for o in offers],
            np.arange(len(offers), dtype=np.int64),
            offers,
            offers,
        )

    def __len__(self) -> int:
        return len(self.shape)

    def offer(self, i: int) -> Offer:
        """Row ``i`` as the Offer it is: its shape's words and choices with its own numbers."""
        if self.offers is not None:
            return self.offers[i]
        shape = self.shapes[int(self.shape[i])]
        own = {k: model_value(k, v[i]) for k, v in self.numbers.items()}
        return replace(shape, label=self.labels[i], role_title=self.role_title[i], **own)


@dataclass(frozen=True)
class Table:
    """The engine's input for a set of offers: ``rows`` has one money row per offer and valuation path.

    ``kept`` are the positions (in ``source``) of the offers tabled; ``errors`` why the others were not
    (a missing exchange rate, paths out of order). Per tabled offer: ``shape`` (in ``source.shapes``) and what
    its words mean."""

    source: OfferColumns
    kept: Ints
    errors: Mapping[int, OffersheetError]
    shape: Ints
    paths: Sequence[tuple[Scenario, ...]]  # per offer: bear, base, bull (and zero), or the base path alone
    rows: MoneyRows
    path_rows: Mapping[str, Ints]  # path name -> each offer's row in ``rows`` (-1: the offer has no such path)
    companies: Sequence[CompanyScore]
    flags: Sequence[tuple[RedFlag, ...]]
    basis: Sequence[str]  # what the role's levels rest on, in words
    role: Role

    def __len__(self) -> int:
        return len(self.kept)

    @property
    def offers(self) -> tuple[Offer, ...]:
        """The offers tabled (for a dataset read as columns, each built here: ask for one at a time with
        ``offer``)."""
        return tuple(self.offer(j) for j in range(len(self.kept)))

    def offer(self, j: int) -> Offer:
        return self.source.offer(int(self.kept[j]))

    def column(self, key: str) -> list[Any]:
        """Each tabled offer's value of one input field."""
        src = self.source
        if key == "label":
            return [src.labels[i] for i in self.kept.tolist()]
        if key == "role_title":
            return [src.role_title[i] for i in self.kept.tolist()]
        if key in src.numbers:
            return [model_value(key, x) for x in src.numbers[key][self.kept].tolist()]
        values = [getattr(o, key) for o in src.shapes]
        return [values[s] for s in self.shape.tolist()]


class _Lookup:
    """What each distinct word or choice means, looked up once."""

    def __init__(self, companies: Mapping[str, Company], profile: Profile, ref: Reference, all_paths: bool) -> None:
        self.companies, self.profile, self.ref, self.p, self.all_paths = (
            companies,
            profile,
            ref,
            ref.parameters,
            all_paths,
        )
        self.paths: dict[tuple[Any, ...], tuple[Scenario, ...] | OffersheetError] = {}
        self.curves: dict[tuple[Any, ...], tuple[int, int]] = {}
        self.curve_rows: list[tuple[float, ...]] = []
        self.flags: dict[tuple[Any, ...], tuple[tuple[RedFlag, ...], float, bool]] = {}
        self.scores: dict[tuple[str, bool], CompanyScore] = {}
        self.asks: dict[tuple[str, bool, str], bool] = {}
        self.condition = fit_condition_unmet(profile, self.p)
        self.stage = self.p.career_stage_weight.get(profile.career_stage, 0.0)

    def scenarios(self, o: Offer) -> tuple[Scenario, ...]:
        key = (
            o.equity_kind,
            o.equity_growth_bear_pct,
            o.equity_growth_base_pct,
            o.equity_growth_bull_pct,
            bool(o.equity_grant_value),
        )
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
        key = (
            o.vested_equity_clawback,
            o.non_disparagement_condition,
            o.cliff_months,
            o.vesting_shape,
            o.equity_kind == "none",
            o.tender_conditions,
        )
        got = self.flags.get(key)
        if got is None:
            flags = red_flags(o, self.p)
            got = self.flags[key] = (
                flags,
                float(sum(f.points for f in flags)),
                any(f.code in SEVERE_FLAGS for f in flags),
            )
        return got

    def company(self, o: Offer, frontier: bool) -> CompanyScore:
        key = (o.employer, frontier)
        got = self.scores.get(key)
        if got is None:
            got = self.scores[key] = compute_company_score(
                find_company(o.employer, self.companies), o.employer, frontier, self.ref.criteria, self.p
            )
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


def tabulate(
    offers: Sequence[Offer],
    companies: Mapping[str, Company],
    profile: Profile,
    ref: Reference,
    all_paths: bool = True,
    stop_at_errors: bool = True,
) -> Table:
    """The engine's input for ``offers``: ``tabulate_columns`` of the offers as columns, each its own shape."""
    return tabulate_columns(OfferColumns.of(offers), companies, profile, ref, all_paths, stop_at_errors)


def _shape_error(look: _Lookup, o: Offer, profile: Profile) -> OffersheetError | None:
    """Why an offer cannot be tabled (a missing exchange rate, its paths out of order), or None."""
    try:
        problem = missing_rate(o, profile)
        if problem is not None:
            raise InputError(problem)
        look.scenarios(o)
    except OffersheetError as exc:
        return exc
    return None


def tabulate_columns(
    cols: OfferColumns,
    companies: Mapping[str, Company],
    profile: Profile,
    ref: Reference,
    all_paths: bool = True,
    stop_at_errors: bool = True,
) -> Table:
    """The engine's input for the offers ``cols`` holds; ``all_paths``: bear, base, bull (and zero) rows, else the
    base path alone. Each lookup is made once per shape; each row's numbers are taken as columns. With
    ``stop_at_errors`` the first offer that cannot be tabled raises; else it is left out, its error kept by
    position."""
    look = _Lookup(companies, profile, ref, all_paths)
    p = ref.parameters
    kinds, sharing, roles = ref.employer_kinds, ref.work_sharing, ref.roles
    bad_shapes = {s: e for s, o in enumerate(cols.shapes) if (e := _shape_error(look, o, profile)) is not None}
    errors: dict[int, OffersheetError] = {}
    if bad_shapes:
        for i in np.flatnonzero(np.isin(cols.shape, list(bad_shapes))).tolist():
            # the row's own error (its label, its values): the shape's, when the row is its shape
            error = (
                bad_shapes[int(cols.shape[i])]
                if cols.offers is not None
                else _shape_error(look, cols.offer(i), profile)
            )
            if error is not None:
                if stop_at_errors:
                    raise error
                errors[i] = error
    kept = (
        np.array(sorted(set(range(len(cols))) - errors.keys()), dtype=np.int64)
        if errors
        else np.arange(len(cols), dtype=np.int64)
    )
    shape = cols.shape[kept]
    # Per shape: its paths, curves, flags, company and what its words mean.
    m = len(cols.shapes)
    good = [s not in bad_shapes for s in range(m)]
    scen: list[tuple[Scenario, ...]] = [
        look.scenarios(o) if ok else () for o, ok in zip(cols.shapes, good, strict=True)
    ]
    width = max((len(ps) for ps in scen), default=1)
    names = list(dict.fromkeys(path.name for ps in scen for path in ps))
    path_name = np.full((m, width), -1, dtype=np.int64)
    path_growth = np.zeros((m, width, p.horizon_years))
    path_zero = np.zeros((m, width), dtype=bool)
    for s, paths in enumerate(scen):
        for j, path in enumerate(paths):
            path_name[s, j], path_zero[s, j] = names.index(path.name), path.zero
            path_growth[s, j] = [path.rate(y) for y in range(p.horizon_years)]
    curve = np.array(
        [look.curve(o) if ok else (0, 0) for o, ok in zip(cols.shapes, good, strict=True)], dtype=np.int64
    ).reshape(m, 2)
    flagged = [look.red_flags(o) if ok else ((), 0.0, False) for o, ok in zip(cols.shapes, good, strict=True)]
    company: list[CompanyScore | None] = [None] * m
    per_shape = np.zeros((m, 23))
    for s, o in enumerate(cols.shapes):
        if not good[s]:
            continue
        kind, share, role = kinds[o.employer_kind], sharing[o.work_sharing], roles[o.role_category]
        frontier = kind.frontier
        c = company[s] = look.company(o, frontier)
        flags, flag_points, severe = flagged[s]
        per_shape[s] = (
            profile.rate(o.currency) or 1.0,
            p.liquidity_haircut.get(o.equity_kind, 0.0),
            o.equity_kind == "options",
            o.equity_kind == "none",
            o.vested_equity_clawback,
            role.acceleration,
            role.risk_reduction,
            role.company_dependence,
            role.lab_reliance,
            kind.acceleration_factor,
            kind.risk_reduction_factor,
            share.acceleration_factor,
            share.risk_reduction_factor,
            c.score,
            kind.acceleration_factor > 0,
            frontier,
            kind.career_capital,
            look.stage,
            flag_points,
            severe,
            frontier and look.condition,
            look.has_company_asks(o, c, frontier) or (frontier and look.condition) or bool(flags),
            frontier and role.conflict_of_interest,
        )
    sc = per_shape[shape].T  # one column per property, one value per tabled offer
    num = {k: v[kept] for k, v in cols.numbers.items()}
    # One money row per offer and path, offer by offer.
    count = (path_name[shape] >= 0).sum(axis=1)
    owner = np.repeat(np.arange(len(kept), dtype=np.int64), count)
    j = np.arange(len(owner), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    row_shape = shape[owner]
    pay = {k: np.where(np.isnan(v := num[k][owner]), np.inf, v) for k in PAY_INPUTS}
    promotion = num["promotion_month"][owner]
    n = p.horizon_years * 12 + 1
    rows = MoneyRows(
        inputs=pay,
        rate=sc[0][owner],
        haircut=sc[1][owner],
        options=sc[2][owner] > 0,
        no_equity=sc[3][owner] > 0,
        promotion_month=np.where(np.isnan(promotion), NEVER, promotion),
        promotion_raise=num["promotion_raise_pct"][owner],
        annual_raise=num["annual_raise_pct"][owner],
        tax=num["effective_tax_rate_pct"][owner],
        living=num["cost_of_living_index"][owner],
        clawback=sc[4][owner] > 0,
        curves=_curve_matrix(look.curve_rows, n),
        initial_curve=curve[row_shape, 0],
        refresher_curve=curve[row_shape, 1],
        growth=path_growth[row_shape, j].reshape(len(owner), p.horizon_years),
        zero=path_zero[row_shape, j],
        path=row_shape * width + j,
    )
    name_of_row = path_name[row_shape, j]
    path_rows: dict[str, Ints] = {}  # in the order the paths first appear, offer by offer
    found, first = np.unique(name_of_row, return_index=True)
    for name in found[np.argsort(first)].tolist():
        at = np.flatnonzero(name_of_row == name)
        got = path_rows[names[name]] = np.full(len(kept), -1, dtype=np.int64)
        got[owner[at]] = at
    safe, capab = roles[SAFETY], roles[CAPABILITIES]
    share_col = num["safety_share_pct"]
    role_out = Role(
        acceleration=role_levels(share_col, sc[5], safe.acceleration, capab.acceleration, sc[9], sc[11]),
        risk_reduction=role_levels(share_col, sc[6], safe.risk_reduction, capab.risk_reduction, sc[10], sc[12]),
        company_dependence=mixed(share_col, sc[7], safe.company_dependence, capab.company_dependence),
        lab_reliance=mixed(share_col, sc[8], safe.lab_reliance, capab.lab_reliance),
        company_score=sc[13],
        builds_ai=sc[14] > 0,
        frontier=sc[15] > 0,
        career_capital=sc[16],
        stage_weight=sc[17],
        flag_points=sc[18],
        severe_flag=sc[19] > 0,
        fit_condition=sc[20] > 0,
        has_asks=sc[21] > 0,
        conflict=sc[22] > 0,
    )
    shapes = shape.tolist()
    scores = [c for c in company if c is not None]  # every kept shape has its company
    at = np.cumsum([c is not None for c in company]) - 1
    return Table(
        cols,
        kept,
        errors,
        shape,
        [scen[s] for s in shapes],
        rows,
        path_rows,
        [scores[at[s]] for s in shapes],
        [flagged[s][0] for s in shapes],
        _basis(cols, kept, shape, roles),
        role_out,
    )


def _basis(cols: OfferColumns, kept: Ints, shape: Ints, roles: Mapping[str, Any]) -> list[str]:
    """What each tabled offer's role levels rest on, in words: its role's label, or its safety share."""
    labels = np.array([roles[o.role_category].label for o in cols.shapes] + [""], dtype=object)
    out = labels[shape]
    share = cols.numbers["safety_share_pct"][kept]
    given = np.flatnonzero(~np.isnan(share))
    said: dict[float, str] = {}
    for i, x in zip(given.tolist(), share[given].tolist(), strict=True):
        got = said.get(x)
        if got is None:
            got = said[x] = f"{x * 100:g}% of the project is safety work (overrides the role label)"
        out[i] = got
    return list(out.tolist())
