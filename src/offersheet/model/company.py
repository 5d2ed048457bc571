"""Company responsibility score: one rating edition at a time, 0-100, with explicit gaps.

Ratings are grouped by where they come from (source and edition). The score rests on one group only, never
a mix of editions: the edition of the company's overall rating, using that edition's criterion grades when
they were published with it (a weighted mean, missing criteria left out and the rest re-normalised) and
the overall grade otherwise; a company with criterion grades but no overall rating is scored on its newest
edition of them. A person's own ratings (no source) count as the newest. Grades from other editions and
ratings on other scales (SaferAI, AI Lab Watch: criteria not in the criteria table) are kept beside the
score as context, named with their edition, and never enter it. With nothing rated, a stated assumption
is used and flagged.

How a rating is named in words (``cite``) and where it stands among the companies rated in the same edition
(``standing``) live here too, so that letters and sentences cite a grade one way, from its data row.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from offersheet.model.inputs import Company, CriterionRating
from offersheet.model.reference import Criterion, Parameters


@dataclass(frozen=True)
class CompanyScore:
    """A company's responsibility score (0-100) from one edition of its ratings, with what it rests on."""

    name: str
    score: float
    basis: str  # "criteria", "overall" or "assumed"
    coverage: float  # share of criterion weight that had a value in the edition used
    used: tuple[CriterionRating, ...]
    missing: tuple[str, ...]
    weakest: tuple[CriterionRating, ...]  # lowest rated first (the edition used, else the newest with criteria)
    strongest: tuple[CriterionRating, ...]  # highest rated first (same edition as weakest)
    note: str
    edition: str = ""  # "<source> <edition>" of the ratings the score rests on; empty for an assumption
    as_of: str = ""  # YYYY-MM of that edition; empty for the person's own rating or an assumption
    context: tuple[CriterionRating, ...] = ()  # rated values not in the score: other editions, other scales
    overall: CriterionRating | None = None  # the overall grade the score rests on (basis "overall")

    @property
    def criteria_edition(self) -> str:
        """The edition the criterion grades in ``weakest``/``strongest`` come from."""
        first = self.weakest[0] if self.weakest else None
        return f"{first.source} {first.edition}".strip() if first else ""


def _group(r: CriterionRating) -> tuple[str, str]:
    return r.source, r.edition


def _newest(group: tuple[str, str], rows: list[CriterionRating]) -> str:
    """Sort key: a person's own ratings (no source) are newest; then by YYYY-MM."""
    return "9999-99" if not group[0] else max((r.as_of for r in rows), default="")


def compute_company_score(
    company: Company | None,
    employer: str,
    frontier: bool,
    criteria: Mapping[str, Criterion],
    params: Parameters,
) -> CompanyScore:
    name = company.name if company else employer
    rated = [r for r in (company.ratings if company else ()) if r.value is not None]
    groups: dict[tuple[str, str], list[CriterionRating]] = {}
    for r in rated:
        if r.criterion in criteria:
            groups.setdefault(_group(r), []).append(r)
    overall = company.overall if company and company.overall and company.overall.value is not None else None
    newest = max(groups, key=lambda g: _newest(g, groups[g])) if groups else None
    if overall is not None and (
        newest is None
        or _group(overall) in groups
        or _newest(_group(overall), [overall]) >= _newest(newest, groups[newest])
    ):
        chosen = _group(overall) if _group(overall) in groups else None
    else:
        chosen = newest
    total_w = sum(c.weight for c in criteria.values())
    asks_from = chosen if chosen is not None else newest
    ranked = sorted(
        groups.get(asks_from, []) if asks_from else [], key=lambda r: (r.value or 0.0, -criteria[r.criterion].weight)
    )
    in_score = set(map(id, groups.get(chosen, []))) if chosen else set()
    context = tuple(r for r in rated if id(r) not in in_score)
    if chosen is not None:
        used = tuple(sorted(groups[chosen], key=lambda r: list(criteria).index(r.criterion)))
        used_w = sum(criteria[r.criterion].weight for r in used)
        missing = tuple(k for k in criteria if k not in {r.criterion for r in used})
        score = sum(criteria[r.criterion].weight * (r.value or 0.0) for r in used) / used_w
        edition = f"{chosen[0]} {chosen[1]}".strip() or "your own ratings"
        note = (
            ""
            if not missing
            else (
                f"{len(missing)} criteria unrated ({', '.join(missing)}); weights re-normalised over "
                f"{used_w / total_w:.0%} of the total"
            )
        )
        return CompanyScore(
            name,
            score,
            "criteria",
            used_w / total_w,
            used,
            missing,
            tuple(ranked),
            tuple(reversed(ranked)),
            note,
            edition,
            max(r.as_of for r in used) if chosen[0] else "",
            context,
        )
    missing = tuple(criteria)
    if overall is not None:
        edition = f"{overall.source} {overall.edition}".strip() or "your own rating"
        note = f"overall grade used ({edition}: {overall.raw or f'{overall.value:g}'})"
        return CompanyScore(
            name,
            overall.value or 0.0,
            "overall",
            0.0,
            (),
            missing,
            tuple(ranked),
            tuple(reversed(ranked)),
            note,
            edition,
            overall.as_of if overall.source else "",
            context,
            overall,
        )
    assumed = params.unrated_frontier_score if frontier else params.unrated_other_score
    who = "unknown company" if company is None else "company without ratings"
    others = "; ".join(
        f"{r.source} {r.edition}: {r.raw or f'{r.value:g}'} on its own scale, not in the score"
        for r in context
        if r.criterion not in criteria
    )
    advice = (
        "rate it on the Companies sheet for a verdict that rests on evidence"
        if frontier
        else "for an employer that does not build frontier AI it rarely changes the verdict"
    )
    note = f"{who}: company score assumed to be {assumed:g}; {advice}" + (f" ({others})" if others else "")
    return CompanyScore(
        name, assumed, "assumed", 0.0, (), missing, tuple(ranked), tuple(reversed(ranked)), note, "", "", context
    )


def months_old(as_of: str, today: str) -> int | None:
    """Whole months from ``as_of`` to ``today`` (both YYYY-MM...), or None when either is not a date."""
    try:
        y0, m0 = int(as_of[:4]), int(as_of[5:7])
        y1, m1 = int(today[:4]), int(today[5:7])
    except ValueError:
        return None
    return (y1 - y0) * 12 + (m1 - m0)


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


def month_of(as_of: str) -> str:
    """ "December 2025" for "2025-12"; empty when ``as_of`` is not a YYYY-MM month."""
    try:
        year, month = int(as_of[:4]), int(as_of[5:7])
    except ValueError:
        return ""
    return f"{calendar.month_name[month]} {year}" if 1 <= month <= 12 else ""


def edition_name(r: CriterionRating) -> str:
    """The edition without its parenthesised details: "Winter 2025" for "Winter 2025 (35 indicators; ...)"."""
    return r.edition.split(" (")[0].strip()


def cite(r: CriterionRating) -> str:
    """Where a published rating comes from, with the month of its edition, as a letter names it: "the Winter 2025
    edition of the FLI AI Safety Index (December 2025)", or "the SaferAI risk-management ratings of October 2025"
    when the edition is itself a month. Empty for a person's own rating."""
    if not r.source:
        return ""
    edition, month = edition_name(r), month_of(r.as_of)
    if month and (not edition or edition.lower().startswith(month[:3].lower())):  # "Oct 2025" is a month
        return f"the {r.source} of {month}"
    when = f" ({month})" if month else ""
    return f"the {edition} edition of the {r.source}{when}" if edition else f"the {r.source}{when}"


@dataclass(frozen=True)
class Standing:
    """Where one company's rating stands among the companies rated on the same criterion in the same edition."""

    position: int  # 1 is the best; companies level with it share its position
    tied: int  # how many companies share that position, itself included
    of: int  # how many companies that edition rates on the criterion

    @property
    def last(self) -> bool:
        return self.position + self.tied - 1 == self.of


def standing(rating: CriterionRating, peers: Iterable[Company]) -> Standing | None:
    """The standing of ``rating`` (an overall grade, or one criterion's) among the ratings of ``peers`` from the
    same source and edition; None for a person's own rating, or when that edition rates no other company here."""
    if not rating.source or rating.value is None:
        return None
    values = [
        r.value
        for c in peers
        for r in ((c.overall,) if rating.criterion == "overall" else c.ratings)
        if r is not None
        and r.value is not None
        and r.criterion == rating.criterion
        and (r.source, r.edition) == (rating.source, rating.edition)
    ]
    tied = sum(v == rating.value for v in values)
    if not tied:  # the company itself is not among the peers given
        values.append(rating.value)
        tied = 1
    if len(values) < 2:
        return None
    return Standing(1 + sum(v > rating.value for v in values), tied, len(values))
