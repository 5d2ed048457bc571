"""Personal fit for working inside a frontier company: six traits rated 1-5, and career stage.

The traits are the ones the career review lists: grasp of AI risk, vigilance and independent thinking,
security practice, ability to leave (financially and psychologically), social skills where impact
depends on persuasion, and resistance to incentives and social pressure. Equal weights; 0-100.
"""

from __future__ import annotations

from dataclasses import dataclass

from offersheet.model.inputs import Profile
from offersheet.model.reference import Parameters
from offersheet.model.vocab import FIT_TRAITS

TRAIT_LABELS = {
    "fit_risk_understanding": "understanding of AI risk",
    "fit_vigilance": "vigilance and independent thinking",
    "fit_security_practice": "security practice",
    "fit_ability_to_leave": "ability to leave",
    "fit_social_skills": "social skills",
    "fit_incentive_resistance": "resistance to incentives and social pressure",
}


@dataclass(frozen=True)
class Fit:
    """The personal fit score (0-100) and the traits rated low."""

    score: float  # 0-100
    weakest: tuple[str, ...]  # trait keys rated 1 or 2


def fit_score_from_traits(traits: dict[str, int]) -> float:
    return (sum(traits.values()) / len(traits) - 1) / 4 * 100


def compute_fit(profile: Profile) -> Fit:
    traits = profile.traits()
    weak = tuple(t for t in FIT_TRAITS if traits[t] <= 2)
    return Fit(fit_score_from_traits(traits), weak)


CONDITION_TRAITS = ("fit_ability_to_leave", "fit_incentive_resistance")  # conditions, not trade-offs


def fit_condition_unmet(profile: Profile, params: Parameters) -> bool:
    """Whether a trait the career review treats as a condition for working at a frontier company is rated at or
    below ``fit_condition_max``."""
    return any(getattr(profile, t) <= params.fit_condition_max for t in CONDITION_TRAITS)
