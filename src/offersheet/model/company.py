"""Company responsibility score: a weighted mean of rated criteria, 0-100, with explicit gaps.

Criteria without a value are left out and the remaining weights re-normalised; the result says which
were missing and how much of the total weight was covered. When no criterion has a value the company's
overall rating is used; when there is none either, a stated assumption is used and flagged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from offersheet.model.inputs import Company, CriterionRating
from offersheet.model.reference import Criterion, Parameters


@dataclass(frozen=True)
class CompanyScore:
    name: str
    score: float
    basis: str  # "criteria", "overall" or "assumed"
    coverage: float  # share of criterion weight that had a value
    used: tuple[CriterionRating, ...]
    missing: tuple[str, ...]
    weakest: tuple[CriterionRating, ...]  # lowest rated first
    strongest: tuple[CriterionRating, ...]  # highest rated first
    note: str


def compute_company_score(
    company: Company | None,
    employer: str,
    frontier: bool,
    criteria: Mapping[str, Criterion],
    params: Parameters,
) -> CompanyScore:
    ratings = {r.criterion: r for r in (company.ratings if company else ()) if r.criterion in criteria}
    used = tuple(ratings[k] for k in criteria if k in ratings and ratings[k].value is not None)
    missing = tuple(k for k in criteria if k not in ratings or ratings[k].value is None)
    total_w = sum(c.weight for c in criteria.values())
    used_w = sum(criteria[r.criterion].weight for r in used)
    ranked = sorted(used, key=lambda r: (r.value or 0.0, -criteria[r.criterion].weight))
    name = company.name if company else employer
    if used and used_w > 0:
        score = sum(criteria[r.criterion].weight * (r.value or 0.0) for r in used) / used_w
        note = "" if not missing else (
            f"{len(missing)} criteria unrated ({', '.join(missing)}); weights re-normalised over "
            f"{used_w / total_w:.0%} of the total")
        return CompanyScore(name, score, "criteria", used_w / total_w, used, missing,
                            tuple(ranked), tuple(reversed(ranked)), note)
    if company and company.overall and company.overall.value is not None:
        o = company.overall
        note = f"no criterion rated; overall rating used ({o.source} {o.edition})"
        return CompanyScore(name, o.value or 0.0, "overall", 0.0, (), missing, (), (), note)
    assumed = params.unrated_frontier_score if frontier else params.unrated_other_score
    who = "unknown company" if company is None else "company without ratings"
    note = (f"{who}: company score assumed to be {assumed:g}; rate it on the Companies sheet "
            f"for a verdict that rests on evidence")
    return CompanyScore(name, assumed, "assumed", 0.0, (), missing, (), (), note)


def similar_names(employer: str, companies: Mapping[str, Company], n: int = 3) -> list[str]:
    """Company names (or aliases) close to a name that matched none: likely misspellings."""
    import difflib

    names = {c.name: c.name for c in companies.values()}
    names.update({a: c.name for c in companies.values() for a in c.aliases})
    folded = {k.casefold(): v for k, v in names.items()}
    close = difflib.get_close_matches(employer.strip().casefold(), list(folded), n=n, cutoff=0.75)
    return list(dict.fromkeys(folded[c] for c in close))


def find_company(employer: str, companies: Mapping[str, Company]) -> Company | None:
    """Look an employer up by name or alias, ignoring case and surrounding spaces."""
    key = employer.strip().casefold()
    for company in companies.values():
        if key == company.name.casefold() or key in (a.casefold() for a in company.aliases):
            return company
    return None
