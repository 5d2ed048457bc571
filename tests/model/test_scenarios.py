"""Scenarios drawn from the career review and the offer-holder's-lever post."""

from __future__ import annotations

import pytest

import offersheet
from offersheet.model import Company, CriterionRating, Profile
from offersheet.model.vocab import VERDICTS
from tests.conftest import make_offer

YEAR_OF_RUNWAY = Profile(liquid_savings=48_000, monthly_essential_spending=4_000, career_stage="mid")


def _one(offer, profile=YEAR_OF_RUNWAY, companies=None):
    return offersheet.evaluate([offer], companies=companies, profile=profile).offers[0]


def rank(verdict: str) -> int:
    return VERDICTS.index(verdict)


def test_alignment_research_at_best_rated_lab_with_runway_is_positive(companies):
    best = max(
        (c for c in companies.values() if c.employer_kind == "frontier_lab"),
        key=lambda c: (
            offersheet.evaluate([make_offer(employer=c.name)], profile=YEAR_OF_RUNWAY).offers[0].company.score
        ),
    )
    assert best.name == "Anthropic"
    r = _one(
        make_offer(
            employer=best.name,
            role_category="alignment_safety",
            equity_grant_value=400_000,
            equity_kind="private_tender",
        )
    )
    assert r.verdict in ("Strong candidate", "Take with safeguards")
    assert r.impact.net_impact > 0


@pytest.mark.parametrize("employer", ["xAI", "Meta"])
def test_scaling_at_low_rated_frontier_lab_is_avoid_or_prefer_alternative(employer):
    r = _one(
        make_offer(
            employer=employer,
            role_category="scaling_infrastructure",
            base_salary=400_000,
            equity_grant_value=2_000_000,
            equity_kind="private_tender",
        )
    )
    assert r.verdict in ("Avoid", "Prefer an alternative")
    assert r.judgement.drivers[0].name == "Acceleration risk"


@pytest.mark.parametrize("role", ["product_applied", "go_to_market"])
def test_product_or_sales_at_frontier_lab_not_positive_unless_very_highly_rated(role):
    ordinary = _one(make_offer(employer="Anthropic", role_category=role))
    assert rank(ordinary.verdict) >= rank("Negotiate first")
    # A hypothetical company graded A (100) on every criterion: full trust offsets the company-dependent harm
    # (all of it, never more: acceleration never becomes a benefit).
    saint = Company(
        "Saintly AI",
        "frontier_lab",
        ratings=tuple(
            CriterionRating(k, 100.0)
            for k in (
                "risk_assessment",
                "current_harms",
                "safety_frameworks",
                "existential_safety",
                "governance_accountability",
                "information_sharing",
            )
        ),
    )
    good = _one(make_offer(employer="Saintly AI", role_category=role), companies=[saint])
    assert rank(good.verdict) < rank(ordinary.verdict)
    assert good.impact.net_impact >= 0 and good.impact.harm == 0


def test_non_disparagement_with_one_month_runway_raises_flag_and_worsens_verdict():
    thin = Profile(liquid_savings=4_000, monthly_essential_spending=4_000)
    kw = dict(employer="Anthropic", role_category="alignment_safety", equity_grant_value=150_000, equity_kind="ppu")
    plain = _one(make_offer(**kw), thin)
    tied = _one(make_offer(non_disparagement_condition="one_sided", **kw), thin)
    assert "non_disparagement_one_sided" in {f.code for f in tied.lockin.red_flags}
    assert tied.judgement.score < plain.judgement.score
    assert rank(tied.verdict) > rank(plain.verdict)
    assert not tied.lockin.ready_to_quit


def test_security_is_good_whatever_the_company():
    r = _one(make_offer(employer="Meta", role_category="security"))
    assert r.impact.net_impact > 0


def test_safety_label_with_capabilities_work_is_judged_by_the_work():
    labelled = _one(make_offer(employer="OpenAI", role_category="alignment_safety"))
    really = _one(make_offer(employer="OpenAI", role_category="alignment_safety", safety_share_pct=0.1))
    assert really.impact.acceleration > labelled.impact.acceleration
    assert rank(really.verdict) > rank(labelled.verdict)
    assert "10% of the project is safety work" in really.impact.basis


def test_government_institute_alternative_has_no_acceleration():
    r = _one(
        make_offer(
            employer="UK AI Security Institute",
            employer_kind="government_institute",
            role_category="evaluations",
            base_salary=90_000,
        )
    )
    assert r.impact.acceleration == 0
    assert r.verdict in ("Strong candidate", "Take with safeguards")
    assert "assumed" in r.company.note


def test_strict_stance_avoids_capabilities_the_balanced_view_may_allow():
    saint = Company(
        "Saintly AI",
        "frontier_lab",
        ratings=tuple(
            CriterionRating(k, 100.0)
            for k in (
                "risk_assessment",
                "current_harms",
                "safety_frameworks",
                "existential_safety",
                "governance_accountability",
                "information_sharing",
            )
        ),
    )
    r = _one(make_offer(employer="Saintly AI", role_category="product_applied"), companies=[saint])
    assert r.by_stance["strict"] == "Avoid"
    assert rank(r.by_stance["balanced"]) < rank("Avoid")


def test_alternatives_and_letters_with_two_offers():
    ev = offersheet.evaluate(
        [
            make_offer(label="Offer 1", employer="OpenAI", role_category="capabilities_research", base_salary=350_000),
            make_offer(
                label="Offer 2",
                employer="METR",
                employer_kind="nonprofit_research",
                role_category="evaluations",
                base_salary=150_000,
            ),
        ],
        profile=YEAR_OF_RUNWAY,
    )
    o1, _o2 = ev.offers
    assert o1.alternative.best_alternative == "Offer 2"
    assert o1.alternative.pay_gap == pytest.approx(200_000)
    assert o1.alternative.impact_gap < 0
    assert "I have accepted an offer from METR, where I can do the work I care about" in o1.letters.decline
    assert o1.letters.asks and o1.letters.asks[0] in o1.letters.ask_email
    single = _one(make_offer())
    assert any("Government AI safety institute" in idea for idea in single.alternative.ideas)


def test_asks_target_weakest_criteria(companies):
    r = _one(make_offer(employer="OpenAI"))
    weakest = r.company.weakest[0].criterion
    ref_ask = offersheet.defaults.default_reference().criteria[weakest].ask
    assert r.letters.asks[0] == ref_ask


def test_stability_is_reported_in_words():
    r = _one(make_offer(employer="Google DeepMind", role_category="alignment_safety"))
    assert " would make it " in r.stability
    assert r.stability.split(" would make it ")[1] in VERDICTS
    assert r.stability.split(" would make it ")[1] != r.verdict


def test_donation_turns_pay_gap_into_points():
    kw = dict(employer="Anthropic", role_category="security", base_salary=300_000)
    stingy = _one(make_offer(**kw), Profile(fallback_annual_pay=100_000))
    generous = _one(make_offer(**kw), Profile(fallback_annual_pay=100_000, donation_pct=0.5))
    gained = generous.judgement.score - stingy.judgement.score
    # 50% of a 200,000 gap is 100,000: one alternative's pay, so the full donation weight (10 points).
    assert gained == pytest.approx(10.0)
