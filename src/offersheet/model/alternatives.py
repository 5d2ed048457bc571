"""Alternatives: each offer against the best other offer in the workbook, or ideas when there is none.

The best alternative to an offer is the other offer with the highest verdict score. Gaps are this offer
minus the alternative: pay (annualised), net impact and lock-in. With a single offer, the employer kinds
worth exploring are listed, with example organisations from the company data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from offersheet.model.inputs import Company
from offersheet.model.reference import EmployerKind


@dataclass(frozen=True)
class AlternativeGap:
    """How an offer compares with the best other offer: pay, impact and lock-in gaps."""

    best_alternative: str | None  # label of the other offer
    pay_gap: float | None
    impact_gap: float | None
    lockin_gap: float | None
    ideas: tuple[str, ...]


def ideas_to_explore(kinds: Mapping[str, EmployerKind], companies: Mapping[str, Company]) -> tuple[str, ...]:
    out = []
    for kind in kinds.values():
        if kind.acceleration_factor <= 0.25 and not kind.frontier:
            names = [c.name for c in companies.values() if c.employer_kind == kind.key][:4]
            out.append(f"{kind.label}" + (f" (e.g. {', '.join(names)})" if names else ""))
    return tuple(out)
