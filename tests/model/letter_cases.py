"""Twelve offers whose letters are kept, word for word, under ``tests/model/letters/``.

They vary what the letters depend on: developers at the top, middle and bottom of the rating edition, one rated
only by SaferAI at 0% and one not rated at all; safety, security, evaluations, capabilities, policy and product
roles; an institute, a nonprofit and a non-frontier product company; lock-in terms that decide the verdict; an
Avoid; single offers and a pair. ``drafted`` returns the letters as ``compose_letters`` writes them when it is
given everything it takes: the arguments ``model/explain.py`` passes today, plus the verdict, the companies rated
(for where a grade stands) and whether the role's harm outweighs its risk reduction.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

import pytest

import offersheet
from offersheet.defaults import default_companies
from offersheet.model import Company, Offer, Profile
from offersheet.model.asks import Letters, compose_letters
from offersheet.model.evaluate import OfferResult

# A person the review would call a good fit: every trait 4 of 5, a year of runway, mid-career.
GOOD_FIT = Profile(
    liquid_savings=48_000,
    monthly_essential_spending=4_000,
    career_stage="mid",
    fit_risk_understanding=4,
    fit_vigilance=4,
    fit_security_practice=4,
    fit_ability_to_leave=4,
    fit_social_skills=4,
    fit_incentive_resistance=4,
)
SHORT_OF_SAVINGS = Profile(
    liquid_savings=8_000,
    monthly_essential_spending=4_000,
    career_stage="mid",
    fit_risk_understanding=4,
    fit_vigilance=4,
    fit_security_practice=4,
    fit_ability_to_leave=4,
    fit_social_skills=4,
    fit_incentive_resistance=4,
)


def lab(employer: str, role: str, title: str, label: str = "Offer 1", **kw) -> Offer:
    return Offer(
        employer,
        role,
        kw.pop("employer_kind", "frontier_lab"),
        label=label,
        role_title=title,
        base_salary=kw.pop("base_salary", 300_000),
        **kw,
    )


# name: (the offers evaluated together, the profile, the label of the offer whose letters are kept)
CASES: Mapping[str, tuple[tuple[Offer, ...], Profile, str]] = {
    "01-anthropic-alignment": (
        (lab("Anthropic", "alignment_safety", "Research scientist, alignment"),),
        GOOD_FIT,
        "Offer 1",
    ),
    "02-openai-capabilities-against-metr": (
        (
            lab("OpenAI", "capabilities_research", "Member of Technical Staff", base_salary=450_000),
            lab(
                "METR",
                "evaluations",
                "Research engineer",
                "Offer 2",
                employer_kind="nonprofit_research",
                base_salary=160_000,
            ),
        ),
        GOOD_FIT,
        "Offer 1",
    ),
    "03-metr-evaluations-against-openai": (
        (
            lab("OpenAI", "capabilities_research", "Member of Technical Staff", base_salary=450_000),
            lab(
                "METR",
                "evaluations",
                "Research engineer",
                "Offer 2",
                employer_kind="nonprofit_research",
                base_salary=160_000,
            ),
        ),
        GOOD_FIT,
        "Offer 2",
    ),
    "04-google-deepmind-evaluations": (
        (lab("Google DeepMind", "evaluations", "Dangerous-capability evaluations"),),
        GOOD_FIT,
        "Offer 1",
    ),
    "05-xai-security": ((lab("xAI", "security", "Security engineer, model weights"),), GOOD_FIT, "Offer 1"),
    "06-deepseek-capabilities-avoid": (
        (lab("DeepSeek", "capabilities_research", "research scientist"),),
        GOOD_FIT,
        "Offer 1",
    ),
    "07-alibaba-product": (
        (lab("Alibaba Cloud", "product_applied", "Applied Scientist", employer_kind="big_tech_ai"),),
        GOOD_FIT,
        "Offer 1",
    ),
    "08-microsoft-policy-heavy-lockin": (
        (
            lab(
                "Microsoft",
                "governance_policy",
                "AI policy lead",
                employer_kind="big_tech_ai",
                equity_kind="public_rsu",
                equity_grant_value=1_500_000,
            ),
        ),
        SHORT_OF_SAVINGS,
        "Offer 1",
    ),
    "09-mistral-alignment-untitled": ((lab("Mistral AI", "alignment_safety", ""),), GOOD_FIT, "Offer 1"),
    "10-openai-handcuffs": (
        (
            lab(
                "OpenAI",
                "alignment_safety",
                "Research engineer (post-training safety)",
                equity_kind="ppu",
                equity_grant_value=2_000_000,
                vested_equity_clawback=True,
                non_disparagement_condition="one_sided",
                tender_conditions=True,
            ),
        ),
        SHORT_OF_SAVINGS,
        "Offer 1",
    ),
    "11-uk-aisi-evaluations": (
        (
            lab(
                "UK AI Security Institute",
                "evaluations",
                "Evaluator",
                employer_kind="government_institute",
                base_salary=110_000,
            ),
        ),
        GOOD_FIT,
        "Offer 1",
    ),
    "12-ai-product-ml-engineer": (
        (
            lab(
                "Lumen Health AI",
                "product_applied",
                "ML engineer",
                employer_kind="ai_product",
                base_salary=220_000,
                equity_kind="private_tender",
                equity_grant_value=200_000,
            ),
        ),
        GOOD_FIT,
        "Offer 1",
    ),
}


def drafted(
    offers: tuple[Offer, ...], profile: Profile, companies: Mapping[str, Company] | None = None
) -> list[tuple[OfferResult, Letters]]:
    """Each offer's result, and its letters drafted from the very arguments the explanation layer passed to
    ``compose_letters``, with ``verdict``, ``peers`` and ``accelerates`` added (what it should pass)."""
    companies = default_companies() if companies is None else companies
    module = importlib.import_module("offersheet.model.explain")
    calls: list[tuple[tuple, dict]] = []

    def spy(*args, **kwargs):
        calls.append((args, kwargs))
        return compose_letters(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "compose_letters", spy)
        evaluation = offersheet.evaluate(offers, companies=companies, profile=profile)
    out = []
    for (args, kwargs), r in zip(calls, evaluation.offers, strict=True):
        wiring = {"verdict": r.verdict, "peers": companies, "accelerates": r.judgement.net_impact < 0}
        out.append((r, compose_letters(*args, **{**kwargs, **wiring})))
    return out


def render(name: str) -> str:
    """One case's letters as kept on disk."""
    offers, profile, label = CASES[name]
    r, letters = next((r, t) for r, t in drafted(offers, profile) if r.offer.label == label)
    return (
        f"# {r.offer.employer} ({r.offer.employer_kind}), {r.offer.role_category}: {r.verdict}\n\n"
        f"=== Ask email ===\n{letters.ask_email}\n=== Decline ===\n{letters.decline}\n"
        f"=== Acceptance ===\n{letters.acceptance}"
    )
