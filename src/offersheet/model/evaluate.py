"""Evaluate offers: one pass through the engine, then the words.

``evaluate`` follows one path: ``model.table`` turns the offers into columns, ``run`` makes the engine calls
(pay and lock-in on every valuation path; each offer scored alone; the best other offer, by that score, as each
one's alternative; the verdict under every stance; what would change it), and ``model.explain`` reads the
result columns into each offer's explained result. ``evaluate_many`` (``offersheet.batch``) runs the same
``run`` with every row on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from offersheet.model import engine
from offersheet.model.asks import Ask, asks_for
from offersheet.model.confidence import sample
from offersheet.model.engine import Bools, Factors, Floats, Ints, Money, Verdicts
from offersheet.model.errors import InputError, Problem
from offersheet.model.explain import Evaluation, OfferResult, ScenarioResult, explain
from offersheet.model.fit import Fit, compute_fit
from offersheet.model.granted import Granted, grant_all
from offersheet.model.inputs import Company, Offer, Profile
from offersheet.model.reference import Reference
from offersheet.model.stability import search
from offersheet.model.table import OfferColumns, Table, tabulate_columns

__all__ = [
    "MODEL_VERSION",
    "Evaluation",
    "OfferResult",
    "Results",
    "ScenarioResult",
    "company_map",
    "evaluate",
    "run",
]

MODEL_VERSION = "1.1"


def company_map(companies: Mapping[str, Company] | Iterable[Company]) -> dict[str, Company]:
    if isinstance(companies, Mapping):
        return dict(companies)
    return {c.name: c for c in companies}


@dataclass(frozen=True)
class Results:
    """The engine's results for a set of offers, one row per offer tabled (``table.kept``), before any words."""

    table: Table
    reference: Reference  # with the profile's overrides applied
    profile: Profile
    fit: Fit
    money: Money  # one row per offer and valuation path (``table.path_rows``)
    base: Ints  # each offer's base-path row in ``money``
    factors: Factors  # with the pay ratios against each one's alternative
    alone: Floats  # the score each offer reaches alone: how offers are each other's alternatives
    best: Ints  # the best other offer (-1: none; the profile's fallback pay, if any, is the alternative)
    alternative_pay: Floats  # the alternative's annual pay (NaN: none)
    has_alternative: Bools  # another offer compared, or the profile's fallback pay: else Keep looking
    verdicts: Mapping[str, Verdicts]  # by stance
    lockin: Mapping[str, tuple[Floats, Floats]]  # by path: (financial part, lock-in score) per offer (NaN: no path)
    stability: tuple[str, ...]  # "" when not asked for
    confidence: tuple[float | None, ...]  # share (0-100) of plausible cases with the same verdict; None: not asked
    confidence_words: tuple[str, ...]  # the same, in words ("" when not asked for)
    asks: tuple[tuple[Ask, ...], ...] = ()  # each offer's asks ("" when not asked for: no offers' entries)
    granted: tuple[tuple[Granted, ...], ...] = ()  # each ask's verdict and score if granted (same order)

    @property
    def stance(self) -> str:
        return self.profile.stance

    @property
    def chosen(self) -> Verdicts:
        """The verdicts under the profile's stance."""
        return self.verdicts[self.profile.stance]

    def gap(self, values: Floats) -> Floats:
        """Each offer's value minus its best alternative's (NaN without one)."""
        return engine.gap_to(values, self.best)


def run(
    offers: Sequence[Offer] | OfferColumns,
    companies: Mapping[str, Company],
    profile: Profile,
    reference: Reference,
    *,
    compare: bool = True,
    all_paths: bool = True,
    with_stability: bool = True,
    with_confidence: bool | None = None,
    stop_at_errors: bool = True,
    with_asks: bool = False,
) -> Results:
    """The engine calls for ``offers``: built one by one, or read as columns (``model.table.OfferColumns``).

    ``compare``: each offer's alternative is the best of the others (else
    the profile's fallback pay alone, as for unrelated rows of a dataset); ``all_paths``: bear, base, bull (and
    zero) as well as the base path; ``with_confidence`` (default: as ``with_stability``) samples the uncertain
    inputs (``model.confidence``); ``stop_at_errors``: raise on the first offer that cannot be evaluated (else
    it is left out: ``table.errors``); ``with_asks``: each offer's asks, and what each would do to the verdict if
    granted (``model.granted``: one more pass of the engine for every offer's asks)."""
    ref = reference.with_parameters(dict(profile.parameter_overrides)) if profile.parameter_overrides else reference
    p = ref.parameters
    fit = compute_fit(profile)
    columns = offers if isinstance(offers, OfferColumns) else OfferColumns.of(offers)
    table = tabulate_columns(columns, companies, profile, ref, all_paths, stop_at_errors)
    money = engine.money(table.rows, p, profile.monthly_essential_spending * 12)
    n = len(table.kept)
    base = table.path_rows["base"] if n else np.zeros(0, dtype=np.int64)
    stance = ref.stances[profile.stance]
    runway = profile.runway_months
    # The score alone (pay terms aside; whether there is an alternative changes a category's name, never a score).
    alone = engine.judge(
        table.role.factors(money, base, runway, fit.score, np.zeros(n), np.zeros(n), np.zeros(n, dtype=bool)), p, stance
    )
    best = engine.best_others(alone.score) if compare else np.full(n, -1, dtype=np.int64)
    annual = money.annualised[base]
    fallback = np.nan if profile.fallback_annual_pay is None else profile.fallback_annual_pay
    alternative = np.where(best >= 0, annual[np.maximum(best, 0)], fallback) if n else np.zeros(0)
    # An alternative: another offer, or a fallback pay the person stated (a fallback of nothing is none).
    has_alternative = (best >= 0) | (fallback > 0)
    gap, donated = engine.pay_ratios(annual, alternative, profile.donation_pct)
    factors = table.role.factors(money, base, runway, fit.score, gap, donated, has_alternative)
    verdicts = {key: engine.judge(factors, p, s) for key, s in ref.stances.items()}
    lockin = {}
    for path, rows in table.path_rows.items():
        has = rows >= 0
        financial, score = engine.lockin_scores(
            money.average_years[np.maximum(rows, 0)], np.full(n, runway), table.role.flag_points, p
        )
        lockin[path] = (np.where(has, financial, np.nan), np.where(has, score, np.nan))
    stability = search(factors, p, stance, verdicts[profile.stance], profile) if with_stability and n else ("",) * n
    confidence: tuple[float | None, ...] = (None,) * n
    words: tuple[str, ...] = ("",) * n
    if (with_stability if with_confidence is None else with_confidence) and n:
        none = np.full(n, -1, dtype=np.int64)
        shares, words = sample(
            table.rows,
            base,
            table.path_rows.get("bear", none),
            table.path_rows.get("bull", none),
            factors,
            alternative,
            profile.donation_pct,
            p,
            stance,
            profile.monthly_essential_spending * 12,
            verdicts[profile.stance].category,
        )
        confidence = tuple(float(x) for x in shares)
    asks: tuple[tuple[Ask, ...], ...] = ()
    granted: tuple[tuple[Granted, ...], ...] = ()
    if with_asks:
        chosen = verdicts[profile.stance]
        asks = tuple(
            asks_for(
                o,
                table.companies[i],
                table.flags[i],
                ref.criteria,
                bool(factors.frontier[i]),
                bool(chosen.heavy_lockin[i]),
                bool(factors.fit_condition[i]),
                bool(table.role.conflict[i]),
            )
            for i, o in enumerate(table.offers)
        )
        granted = grant_all(table, asks, companies, profile, ref, stance, fit.score, alternative, has_alternative)
    return Results(
        table,
        ref,
        profile,
        fit,
        money,
        base,
        factors,
        alone.score,
        best,
        alternative,
        has_alternative,
        verdicts,
        lockin,
        stability,
        confidence,
        words,
        asks,
        granted,
    )


def evaluate(
    offers: Iterable[Offer],
    companies: Mapping[str, Company] | Iterable[Company],
    profile: Profile,
    reference: Reference,
    with_stability: bool = True,
    with_scenarios: bool = True,
    today: str | None = None,
) -> Evaluation:
    """Evaluate every offer against the others; see docs/model.md for what each step does. ``today``
    (YYYY-MM-DD, default the system date) is what the age of the company ratings is measured against."""
    offers = tuple(offers)
    if not offers:
        raise InputError(Problem("offers", [], "at least one offer"))
    labels = [o.label for o in offers]
    if len(set(labels)) != len(labels):
        raise InputError(Problem("label", labels, "a different label for every offer"))
    by_name = company_map(companies)
    results = run(
        offers, by_name, profile, reference, all_paths=with_scenarios, with_stability=with_stability, with_asks=True
    )
    return explain(results, by_name, today or date.today().isoformat(), MODEL_VERSION)
