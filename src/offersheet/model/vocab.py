"""The model's fixed vocabularies: declared once in ``offersheet.spec.vocab``, re-exported here."""

from offersheet.spec.vocab import (
    CAREER_STAGES,
    EMPLOYER_KINDS,
    EQUITY_KINDS,
    FIT_TRAITS,
    NON_DISPARAGEMENT,
    ROLE_CATEGORIES,
    STANCES,
    VERDICTS,
    VESTING_FREQUENCIES,
    VESTING_SHAPES,
    WORK_SHARING,
)

__all__ = [
    "CAREER_STAGES",
    "EMPLOYER_KINDS",
    "EQUITY_KINDS",
    "FIT_TRAITS",
    "NON_DISPARAGEMENT",
    "ROLE_CATEGORIES",
    "STANCES",
    "VERDICTS",
    "VESTING_FREQUENCIES",
    "VESTING_SHAPES",
    "WORK_SHARING",
]
