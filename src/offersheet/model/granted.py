"""What each ask would do to the verdict if granted: every offer's asks, each granted on its own, in one batch.

For each offer and each of its asks (``model.asks.Ask``) the offer is copied with that one ask granted: its terms
changed on the offer (no clawback, no non-disparagement condition, a 12-month cliff, even or shorter vesting, open
tender offers), a company criterion raised to a C in the edition the score rests on, or the role's conflict of
interest settled. Every copy of every offer is tabled, paid and judged together (one pass of ``model.table`` and
``model.engine``), against the alternative the offer itself is judged against, under the person's stance: the
verdict and score a granted ask gives are exactly those of evaluating the offer with that term changed. An ask
whose answer the model does not read (a question about funding, a framework to point to) changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from offersheet.model import engine
from offersheet.model.asks import ASK_BELOW, Ask, company_asks
from offersheet.model.company import CompanyScore, compute_company_score, find_company
from offersheet.model.engine import Bools, Floats
from offersheet.model.inputs import Company, Profile
from offersheet.model.reference import Reference, Stance
from offersheet.model.table import Table, tabulate


@dataclass(frozen=True)
class Granted:
    """One ask and the verdict if it were granted (an index into ``VERDICTS``) with its score."""

    ask: str
    category: int
    score: float
    moot: bool = False  # granting it changes nothing the model reads (a question; another edition's criterion)


def lifted(
    company: CompanyScore, found: Company | None, criterion: str, employer: str, frontier: bool, ref: Reference
) -> CompanyScore:
    """The company's score with ``criterion`` graded at least a C (``ASK_BELOW``) in the edition the score rests on."""
    if found is None or not company.used:
        return company
    edition = (company.used[0].source, company.used[0].edition)
    ratings = tuple(
        replace(r, value=max(r.value or 0.0, ASK_BELOW))
        if r.criterion == criterion and (r.source, r.edition) == edition and r.value is not None
        else r
        for r in found.ratings
    )
    return compute_company_score(replace(found, ratings=ratings), employer, frontier, ref.criteria, ref.parameters)


def grant_all(
    table: Table,
    asks: Sequence[Sequence[Ask]],
    companies: Mapping[str, Company],
    profile: Profile,
    ref: Reference,
    stance: Stance,
    fit: float,
    alternative: Floats,
    has_alternative: Bools,
) -> tuple[tuple[Granted, ...], ...]:
    """For every offer of ``table``, each of its ``asks`` with the verdict and score if granted."""
    pairs = [(i, a) for i, these in enumerate(asks) for a in these]
    if not pairs:
        return tuple(() for _ in asks)
    offers = [replace(table.offer(i), **dict(a.terms)) if a.terms else table.offer(i) for i, a in pairs]
    t = tabulate(offers, companies, profile, ref, all_paths=False)
    p = ref.parameters
    money = engine.money(t.rows, p, profile.monthly_essential_spending * 12)
    base = t.path_rows["base"]
    owner = np.array([i for i, _ in pairs], dtype=np.int64)
    gap, donated = engine.pay_ratios(money.annualised[base], alternative[owner], profile.donation_pct)
    score, has_asks, conflict = t.role.company_score.copy(), t.role.has_asks.copy(), t.role.conflict.copy()
    for j, (_, a) in enumerate(pairs):
        conflict[j] &= not a.conflict
        if a.criterion:
            o, frontier = offers[j], bool(t.role.frontier[j])
            company = lifted(
                t.companies[j], find_company(o.employer, companies), a.criterion, o.employer, frontier, ref
            )
            score[j] = company.score
            has_asks[j] = (
                bool(company_asks(company, o.employer_kind, ref.criteria, frontier))
                or bool(t.role.fit_condition[j])
                or bool(t.flags[j])
            )
    role = replace(t.role, company_score=score, has_asks=has_asks, conflict=conflict)
    v = engine.judge(
        role.factors(money, base, profile.runway_months, fit, gap, donated, has_alternative[owner]), p, stance
    )
    out: list[list[Granted]] = [[] for _ in asks]
    for j, (i, a) in enumerate(pairs):
        out[i].append(
            Granted(a.text, int(v.category[j]), float(v.score[j]), not (a.terms or a.criterion or a.conflict))
        )
    return tuple(tuple(x) for x in out)
