"""The monotonicity properties the model promises (docs/model.md), checked with hypothesis."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import offersheet
from offersheet.defaults import default_companies, default_reference
from offersheet.model import Company, CriterionRating
from offersheet.model.vocab import VERDICTS
from offersheet.spec.parse import Percent
from tests.conftest import category_with, one, results_of
from tests.strategies import offers, profiles

REF = default_reference()
CRITERIA = tuple(REF.criteria)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rank(v: str) -> int:
    return VERDICTS.index(v)


def _company(score: float) -> Company:
    return Company("Rated Co", "frontier_lab", ratings=tuple(CriterionRating(k, score) for k in CRITERIA))


def _verdict(offer, profile, company_score):
    offer = replace(offer, employer="Rated Co")
    ev = offersheet.evaluate([offer], companies=[_company(company_score)], profile=profile, with_stability=False)
    return ev.offers[0]


@FAST
@given(offers(), profiles(), st.floats(0, 100), st.floats(0, 100))
def test_better_company_score_never_worsens_verdict(offer, profile, a, b):
    low, high = sorted((a, b))
    assert rank(_verdict(offer, profile, high).verdict) <= rank(_verdict(offer, profile, low).verdict)


@FAST
@given(offers(), profiles(), st.floats(0, 100), st.floats(0, 100))
def test_more_acceleration_never_improves_verdict(offer, profile, a, b):
    res = results_of(offer, profile, default_companies())
    low, high = sorted((a, b))
    worse = category_with(res, profile.stance, acceleration=high)
    assert rank(worse) >= rank(category_with(res, profile.stance, acceleration=low))


@FAST
@given(offers(), profiles(), st.floats(0, 100), st.floats(0, 100))
def test_less_safety_work_never_improves_verdict(offer, profile, a, b):
    # Through the public API: a smaller safety share of the project means more acceleration, less reduction.
    low, high = sorted((a, b))
    safer = offersheet.evaluate([replace(offer, safety_share_pct=high / 100)], profile=profile, with_stability=False)
    riskier = offersheet.evaluate([replace(offer, safety_share_pct=low / 100)], profile=profile, with_stability=False)
    assert rank(riskier.offers[0].verdict) >= rank(safer.offers[0].verdict)


@FAST
@given(offers(), profiles(), st.floats(0, 5_000_000), st.floats(0, 5_000_000))
def test_more_runway_never_raises_lockin(offer, profile, a, b):
    low, high = sorted((a, b))
    try:
        poor = one(offer, replace(profile, liquid_savings=low)).lockin
        rich = one(offer, replace(profile, liquid_savings=high)).lockin
    except offersheet.InputError:
        return  # growth out of order against the kind's defaults: named elsewhere
    assert rich.score <= poor.score + 1e-9


@FAST
@given(offers(), profiles(), st.sampled_from(["clawback", "mutual", "one_sided"]))
def test_clawback_or_non_disparagement_never_lowers_lockin(offer, profile, change):
    base = replace(offer, vested_equity_clawback=False, non_disparagement_condition="none")
    worse = (
        replace(base, vested_equity_clawback=True)
        if change == "clawback"
        else replace(base, non_disparagement_condition=change)
    )
    try:
        before, after = one(base, profile).lockin, one(worse, profile).lockin
    except offersheet.InputError:
        return  # growth out of order against the kind's defaults: named elsewhere
    assert after.score >= before.score


comp_changes = st.fixed_dictionaries(
    {
        "base_salary": st.floats(0, 5_000_000),
        "target_bonus_pct": st.floats(0, 2).map(Percent),
        "signing_bonus": st.floats(0, 5_000_000),
        "equity_grant_value": st.floats(0, 20_000_000),
        "annual_refresher_value": st.floats(0, 5_000_000),
        "benefits_value": st.floats(0, 200_000),
    }
)


@FAST
@given(offers(), profiles(), comp_changes)
def test_comp_never_lifts_acceleration_avoid_above_negotiate(offer, profile, changes):
    before = offersheet.evaluate([offer], profile=profile, with_stability=False).offers[0]
    driven = before.verdict == "Avoid" and (
        before.impact.net_impact < 0 or any("acceleration" in g or "capabilities" in g for g in before.judgement.gates)
    )
    if offer.equity_kind == "none":  # an offer without equity takes no grant (the spec's rule)
        changes = {k: v for k, v in changes.items() if k not in ("equity_grant_value", "annual_refresher_value")}
    after = offersheet.evaluate([replace(offer, **changes)], profile=profile, with_stability=False).offers[0]
    event(f"acceleration-driven Avoid: {driven}")
    if driven:
        assert rank(after.verdict) >= rank("Negotiate first")


@FAST
@given(
    offers(),
    profiles(),
    st.sampled_from(("fit_ability_to_leave", "fit_incentive_resistance")),
    st.integers(1, 2),
    st.sampled_from(("balanced", "strict", "relative")),
)
def test_an_unmet_condition_of_fit_caps_a_frontier_offer_whatever_the_pay(offer, profile, trait, level, stance):
    """The review lists ability to leave and resistance to incentives as conditions: rated 1-2, a frontier offer
    is at best Negotiate first, however much it pays, with the reason in words."""
    profile = replace(profile, **{trait: level}, stance=stance)
    offer = replace(offer, employer_kind="frontier_lab", base_salary=2_000_000)
    r = offersheet.evaluate([offer], profile=profile, with_stability=False).offers[0]
    assert rank(r.verdict) >= rank("Negotiate first")


def test_the_fit_condition_gate_words_and_its_absence_elsewhere():
    from offersheet.model import Offer, Profile

    strong = Offer("Anthropic", "alignment_safety", "frontier_lab", base_salary=300_000)
    fine = offersheet.evaluate(
        [strong],
        profile=Profile(
            liquid_savings=200_000,
            fit_risk_understanding=5,
            fit_vigilance=5,
            fit_security_practice=5,
            fit_ability_to_leave=5,
            fit_social_skills=5,
            fit_incentive_resistance=5,
        ),
    ).offers[0]
    weak = offersheet.evaluate(
        [strong],
        profile=Profile(
            liquid_savings=200_000,
            fit_risk_understanding=5,
            fit_vigilance=5,
            fit_security_practice=5,
            fit_ability_to_leave=1,
            fit_social_skills=5,
            fit_incentive_resistance=5,
        ),
    ).offers[0]
    assert rank(fine.verdict) < rank("Negotiate first")  # the condition is what changes it
    assert weak.verdict == "Negotiate first"
    assert any("ability to leave or your resistance to incentives is rated low" in g for g in weak.judgement.gates)
    institute = offersheet.evaluate(
        [replace(strong, employer="UK AISI", employer_kind="government_institute")], profile=weak_profile()
    ).offers[0]
    assert not any("conditions for working" in g for g in institute.judgement.gates)  # frontier employers only


def weak_profile():
    from offersheet.model import Profile

    return Profile(fit_ability_to_leave=1)


def test_an_offer_with_no_pay_is_flagged():
    from offersheet.model import Offer, Profile

    r = offersheet.evaluate([Offer("Unknown Lab", "alignment_safety", "frontier_lab")], profile=Profile()).offers[0]
    assert any(w.startswith("no pay entered") for w in r.warnings)
    paid = offersheet.evaluate(
        [Offer("Unknown Lab", "alignment_safety", "frontier_lab", base_salary=1)], profile=Profile()
    ).offers[0]
    assert not any(w.startswith("no pay entered") for w in paid.warnings)
