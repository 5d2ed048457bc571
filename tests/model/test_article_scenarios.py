"""The advice, scenario by scenario, against the two articles the model encodes.

Each test quotes the sentence it rests on (from the career review on working at a frontier AI company, "it's
complicated", or from "Potential employees have a unique lever to influence the behaviors of AI labs"). The
quotes live here, in the tests, as the standard each scenario is held to; the product uses its own words.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

import offersheet
from offersheet.defaults import default_reference
from offersheet.model import Company, CriterionRating, Offer, Profile
from offersheet.model.asks import CONFLICT_ASK, CONFLICT_SAFEGUARD, LOCKIN_TERMS
from offersheet.model.vocab import VERDICTS
from tests.model.letter_cases import drafted

REF = default_reference()
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


def rank(verdict: str) -> int:
    return VERDICTS.index(verdict)


def one(offer: Offer, profile: Profile = GOOD_FIT, stance: str = "balanced", **kw):
    return offersheet.evaluate([offer], profile=replace(profile, stance=stance), **kw).offers[0]


def lab(employer: str, role: str, **kw) -> Offer:
    return Offer(employer, role, "frontier_lab", base_salary=kw.pop("base_salary", 300_000), **kw)


def graded(name: str, **grades: float) -> Company:
    """A custom developer graded per criterion (0-100), every other criterion graded D (25)."""
    return Company(
        name, "frontier_lab", ratings=tuple(CriterionRating(k, grades.get(k, 25.0), raw="") for k in REF.criteria)
    )


def test_1_a_safety_role_is_worth_more_at_a_lab_that_takes_the_risks_seriously():
    """Review: "As a rule of thumb, if you are trying to reduce catastrophic or existential risks from AI, it seems
    much better to work for a company that acknowledges the risks you are concerned about and has teams to address
    them than one that doesn't." A reader comment (the strict view): "you absolutely can go to a lab that you have
    evaluated as doing legitimate safety work ... in a role of doing that work."
    """
    best, worst = (one(lab(e, "alignment_safety")) for e in ("Anthropic", "DeepSeek"))
    assert best.company.score > worst.company.score
    assert best.impact.risk_reduction > worst.impact.risk_reduction  # the rating changes safety roles too
    assert best.judgement.score > worst.judgement.score + 5
    assert rank(best.verdict) < rank(worst.verdict)  # Strong candidate vs Take with safeguards
    # The strict view: safety work counts only where the lab's safety work is credible.
    strict_best, strict_worst = (one(lab(e, "alignment_safety"), stance="strict") for e in ("Anthropic", "DeepSeek"))
    assert strict_worst.verdict == "Avoid" and rank(strict_best.verdict) <= rank("Take with safeguards")


def test_2_securing_systems_helps_anywhere_communications_depends_on_the_company():
    """Review: "we'd guess that securing powerful systems is beneficial regardless of how responsible the company is
    overall, but that working in communications very much isn't."
    """
    for stance in ("balanced", "strict", "relative"):
        assert one(lab("Meta", "security"), stance=stance).impact.net_impact > 0
    comms = {e: one(lab(e, "communications")).impact.harm for e in ("Anthropic", "Meta")}
    security = {e: one(lab(e, "security")).impact.net_impact for e in ("Anthropic", "Meta")}
    assert comms["Meta"] > 2 * comms["Anthropic"] * 0.9  # the company decides much of the harm of comms
    assert one(lab("Meta", "communications")).impact.net_impact < 0
    assert security["Meta"] > 0 and security["Anthropic"] > 0


def test_3_scaling_and_pre_training_are_avoid_whatever_the_pay():
    """Review: "the performance of the next generation of models will be driven more by greater scale, better data,
    and algorithmic improvements."
    """
    for employer in ("Anthropic", "OpenAI", "Meta"):
        r = one(lab(employer, "scaling_infrastructure", base_salary=2_000_000))
        assert r.verdict == "Avoid", employer


def test_4_post_training_accelerates_less_than_capabilities_research():
    """Review: "work that happens post-training, such as fine-tuning and creating applications, is generally seen as
    less likely to directly contribute to acceleration toward transformative AI."
    """
    for employer in ("Anthropic", "Meta"):
        post_training, capabilities = (one(lab(employer, r)) for r in ("product_applied", "capabilities_research"))
        assert post_training.impact.harm < capabilities.impact.harm


@pytest.mark.parametrize("stance", ["balanced", "strict", "relative"])
def test_5_an_ml_job_at_a_non_frontier_product_company_is_a_real_alternative(stance):
    """Review, on alternatives: "AI companies that build AI products, and might do some AI research, but which aren't
    causing the world to make progress toward transformative AI. You can gain ML skills at these companies"
    """
    r = one(Offer("AI product company", "capabilities_research", "ai_product", base_salary=200_000), stance=stance)
    assert r.impact.harm == 0 and r.impact.net_impact >= 0
    assert not r.judgement.gates  # not capped as harmful, not avoided by the strict view
    assert r.verdict == "Take with safeguards"  # a fine step, not a calling: its impact on AI risk is small
    assert r.safeguards  # Take with safeguards always comes with safeguards


def test_6_work_outside_ai_is_an_employer_kind_of_its_own():
    """Review: "you can also learn many relevant skills via education (e.g. a bootcamp or a degree), and in roles
    that have nothing to do with AI, like software engineering at a large tech firm."
    """
    r = one(Offer("Big Bank", "other", "outside_ai", base_salary=180_000))
    assert (r.impact.harm, r.impact.risk_reduction) == (0, 0)
    assert rank(r.verdict) <= rank("Take with safeguards") and not r.judgement.gates
    assert not r.letters.asks and "no email needed" in r.letters.ask_email  # nothing to ask a bank about AI safety


def test_7_a_government_institute_is_a_strong_alternative_with_letters_of_its_own():
    """Review: "Top government initiatives working to reduce catastrophic risks from AI — especially the US AI Safety
    Institute and the UK AI Safety Institute. These initiatives have both research and governance roles."
    """
    r = one(Offer("UK AISI", "evaluations", "government_institute", base_salary=110_000, role_title="Evaluator"))
    assert r.verdict == "Strong candidate"
    text = " ".join((*r.letters.asks, r.letters.decline, r.letters.acceptance)).lower()
    for lab_ask in ("safety framework", "alignment team", "board", "publish a", "whistleblower"):
        assert lab_ask not in text, lab_ask
    assert any("funded" in a for a in r.letters.asks) and any("published" in a for a in r.letters.asks)
    assert any("independent" in a for a in r.letters.asks)
    assert "independent of the companies" in r.letters.acceptance


def test_8_poor_fit_is_a_condition_that_pay_does_not_buy_off():
    """Review, on who should consider these roles: "You are able to keep your options open — that is, you are
    financially and psychologically prepared to leave if it starts to seem like the right idea." and "You're less
    sensitive than average to incentives and social pressure"
    """
    poor = replace(GOOD_FIT, fit_ability_to_leave=1, fit_incentive_resistance=2)
    r = one(lab("Anthropic", "alignment_safety", base_salary=2_000_000), poor)
    assert rank(r.verdict) >= rank("Negotiate first")
    assert any("conditions for working at a frontier company" in g for g in r.judgement.gates)
    assert any("keep leaving affordable" in a for a in r.letters.asks)  # Negotiate first comes with asks
    assert rank(one(lab("Anthropic", "alignment_safety", base_salary=2_000_000)).verdict) < rank(r.verdict)


def test_9_a_handcuffed_offer_gets_letters_that_lead_with_the_handcuffs():
    """Review: "prior to May 2024, OpenAI used financial incentives to get employees to sign non-disparagement
    agreements upon leaving." Lever post, on declining: "If you partially turned them down because of concerns about
    their strategy or that they didn't fulfill one of your asks, tell them!"
    """
    handcuffed = lab(
        "OpenAI",
        "alignment_safety",
        equity_kind="ppu",
        equity_grant_value=2_000_000,
        vested_equity_clawback=True,
        non_disparagement_condition="one_sided",
        tender_conditions=True,
        role_title="Research engineer",
    )
    r = one(handcuffed, replace(GOOD_FIT, liquid_savings=8_000))
    assert rank(r.verdict) >= rank("Negotiate first")
    asks = r.letters.asks
    assert any("clawed back" in a for a in asks) and any("non-disparagement" in a for a in asks)
    decline = r.letters.decline
    assert "I have decided not to accept it, because" in decline
    lockin_at, practice_at = decline.index("clawed back"), decline.index("graded")
    assert lockin_at < practice_at  # lock-in decided it, so it comes first
    assert "Confirm in writing" not in decline  # reasons, not imperatives
    assert "could not afford to leave" in decline  # heavy lock-in in a person's words


def test_10_the_decline_names_the_safer_place_chosen():
    """Lever post: "Keep it polite, they will receive the feedback better that way. If you took a job at a more safety
    conscious org, tell them that."
    """
    ev = offersheet.evaluate(
        [
            lab("OpenAI", "capabilities_research", label="Offer 1", base_salary=400_000),
            Offer("METR", "evaluations", "nonprofit_research", label="Offer 2", base_salary=150_000),
        ],
        profile=GOOD_FIT,
    )
    decline = ev.by_label("Offer 1").letters.decline
    assert "I have accepted an offer from METR" in decline and "fewer of these concerns" in decline
    # The reason cites the grade the company score rests on, with its edition and month; never the older
    # Summer 2025 domain grades kept beside it as context.
    assert (
        "OpenAI is graded C+ overall in the Winter 2025 edition of the FLI AI Safety Index (December 2025)" in decline
    )
    assert "Summer 2025" not in decline


def test_11_acceptance_credits_only_practices_graded_well():
    """Lever post: "If you are joining an org who has some safety or alignment practice or institution that you
    appreciate, signal boost it!"
    """
    good_governance = graded("Governed AI", governance_accountability=100.0, risk_assessment=55.0)
    ((_, letters),) = drafted(
        (Offer("Governed AI", "alignment_safety", "frontier_lab", base_salary=300_000),),
        GOOD_FIT,
        {"Governed AI": good_governance},
    )
    assert "governance and whistleblower protections" in letters.acceptance
    assert "tests its models" not in letters.acceptance  # a C+ (55) is not praised
    # A bundled lab is credited only with what its data shows: Anthropic's overall grade tops its edition and
    # SaferAI rates its published framework; DeepSeek (D, no framework rated) gets no credit, and an Avoid no note.
    ((_, anthropic),) = drafted((lab("Anthropic", "alignment_safety"),), GOOD_FIT)
    assert "its C+ is the best overall grade of the eight developers rated" in anthropic.acceptance
    assert "has published a risk-management framework" in anthropic.acceptance
    ((_, deepseek),) = drafted((lab("DeepSeek", "alignment_safety"),), GOOD_FIT)
    assert "I chose" not in deepseek.acceptance and "I have accepted" in deepseek.acceptance
    ((avoided, letters),) = drafted((lab("DeepSeek", "capabilities_research"),), GOOD_FIT)
    assert avoided.verdict == "Avoid" and "I have accepted" not in letters.acceptance


def test_12_asks_target_each_labs_own_weak_spots_and_stay_few():
    """Lever post: "This strategy works best when lots of recruits practice it with similar asks because it signal
    boosts the asks. Labs can only focus on so many things"
    """
    asks = {e: one(lab(e, "alignment_safety")).letters.asks for e in ("Anthropic", "Google DeepMind", "Meta")}
    assert asks["Anthropic"] != asks["Google DeepMind"]
    assert all(1 <= len(a) <= 3 for a in asks.values())
    risk_ask = REF.criteria["risk_assessment"].ask
    assert risk_ask not in asks["Anthropic"]  # graded C+ on risk assessment: nothing to ask
    assert risk_ask in asks["Google DeepMind"]  # graded C-: asked
    # A lab graded well everywhere gets no company asks; with nothing to negotiate it is never Negotiate first.
    saint = graded("Saint AI", **{k: 80.0 for k in REF.criteria})
    r = one(Offer("Saint AI", "evaluations", "frontier_lab", base_salary=300_000), companies=[saint])
    assert not r.letters.asks and r.verdict != "Negotiate first"
    # A policy role there still has one ask: its conflict of interest (test_19).
    policy = one(Offer("Saint AI", "governance_policy", "frontier_lab", base_salary=300_000), companies=[saint])
    assert policy.letters.asks == (CONFLICT_ASK,)


def test_13_the_rule_of_thumb_on_capabilities_work():
    """Review: "we think the rule of thumb don't do work where a primary effect is to accelerate progress to
    transformative AI is pretty reasonable"
    """
    for employer in ("Anthropic", "Meta"):
        assert one(lab(employer, "capabilities_research"), stance="strict").verdict == "Avoid"
        assert rank(one(lab(employer, "capabilities_research")).verdict) >= rank("Prefer an alternative")


def test_14_a_verdict_says_when_its_ratings_are_old():
    """Ratings age: the review asks readers to judge "how responsible the company you work at is overall"; a verdict
    resting on an edition more than a year old says so."""
    r = offersheet.evaluate([lab("Anthropic", "alignment_safety")], profile=GOOD_FIT).offers[0]
    fresh = offersheet.model.evaluate.evaluate(
        [lab("Anthropic", "alignment_safety")],
        offersheet.defaults.default_companies(),
        GOOD_FIT,
        REF,
        today="2026-11-28",
    ).offers[0]
    old = offersheet.model.evaluate.evaluate(
        [lab("Anthropic", "alignment_safety")],
        offersheet.defaults.default_companies(),
        GOOD_FIT,
        REF,
        today="2027-06-01",
    ).offers[0]
    assert not any("months old" in w for w in fresh.warnings)
    assert any("Winter 2025" in w and "18 months old" in w for w in old.warnings)
    assert r.company.edition.startswith("FLI AI Safety Index Winter 2025")


def test_15_high_pay_makes_leaving_hard_but_is_never_itself_the_handcuff():
    """Review: "compensation at these companies is often high enough, especially for technical talent, that some
    people find it hard to decide to leave. And there is often a compensation structure that rewards you for staying
    longer" — the structure (unvested equity) is the lock-in; more salary or bonus is not."""
    base = lab(
        "Anthropic", "alignment_safety", target_bonus_pct=0, equity_kind="private_tender", equity_grant_value=600_000
    )
    richer = replace(base, base_salary=600_000, target_bonus_pct=0.5, signing_bonus=200_000)
    a, b = one(base), one(richer)
    assert b.lockin.score == a.lockin.score and rank(b.verdict) <= rank(a.verdict)
    more_equity = one(replace(base, equity_grant_value=3_000_000))
    assert more_equity.lockin.score > a.lockin.score


def test_16_a_knife_edge_verdict_is_flagged_borderline():
    """Honest labels: a verdict that flips within a tiny change is shown as borderline, naming the change."""
    profile = replace(GOOD_FIT, fallback_annual_pay=300_000)
    lo, hi = 100_000.0, 600_000.0
    at = lambda pay: one(lab("Anthropic", "governance_policy", base_salary=pay), profile)  # noqa: E731
    low_verdict = at(lo).verdict
    assert at(hi).verdict != low_verdict
    for _ in range(30):  # the salary where the verdict changes
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if at(mid).verdict == low_verdict else (lo, mid)
    edge = at(hi + 1)
    assert edge.borderline and edge.stability.startswith("borderline: lowering ")
    said = edge.stability.removeprefix("borderline: lowering ")
    assert said.startswith(("pay relative", "company score", "runway", "personal fit")), said  # the person's first
    assert " from 66.8 to 66.7 " in said or "pay" in said  # decimals enough to see the change
    assert not at(600_000).borderline


def test_17_prefer_an_alternative_only_when_there_is_one():
    """Review: "there are a lot of alternative roles where you can also gain valuable experience and connections in
    the field, as well as do impactful work." and "There are great alternatives that lack many of the downsides".
    Preferring an alternative presumes one: a lone offer in that band is to keep looking, and the Report lists the
    kinds of alternative worth exploring.
    """
    offer = lab("OpenAI", "product_applied")
    alone = one(offer)
    assert alone.verdict == "Keep looking"
    assert alone.alternative.best_alternative is None and alone.alternative.ideas  # what to look for
    assert one(offer, replace(GOOD_FIT, fallback_annual_pay=150_000)).verdict == "Prefer an alternative"
    institute = Offer(
        "UK AI Security Institute", "evaluations", "government_institute", label="Offer 2", base_salary=120_000
    )
    pair = offersheet.evaluate([offer, institute], profile=GOOD_FIT).offers[0]
    assert pair.verdict == "Prefer an alternative" and pair.alternative.best_alternative == "Offer 2"
    # The same band: the label changes, the rank among the other verdicts does not.
    assert rank("Negotiate first") < rank("Prefer an alternative") < rank("Keep looking") < rank("Avoid")


def test_18_policy_and_communications_at_a_developer_name_their_conflict_of_interest():
    """Review: "it's worth being concerned about conflicts of interest here, as this work essentially involves
    companies shaping policy to govern their own (and their competitors') behaviour."
    """
    for role in ("governance_policy", "communications"):
        r = one(lab("Anthropic", role))
        assert CONFLICT_SAFEGUARD in r.safeguards and CONFLICT_ASK in r.letters.asks, role
        assert CONFLICT_ASK in r.letters.ask_email
        assert any(e.ask == CONFLICT_ASK for e in r.ask_effects)
    # Declared once, on the Roles sheet's rows; the employer's kind decides whether the company governs itself.
    assert {k for k, r in REF.roles.items() if r.conflict_of_interest} == {"governance_policy", "communications"}
    for offer in (
        lab("Anthropic", "alignment_safety"),
        Offer("UK AI Security Institute", "governance_policy", "government_institute", base_salary=120_000),
        Offer("Think tank", "governance_policy", "think_tank", base_salary=120_000),
    ):
        r = one(offer)
        assert CONFLICT_SAFEGUARD not in r.safeguards and CONFLICT_ASK not in r.letters.asks, offer


def test_19_each_ask_says_what_it_would_do_to_the_verdict():
    """Lever post: "They might actually grant requests! I have seen this happen." and the framing it recommends,
    "aspects that if they were addressed would make this is a really easy decision for me". So each ask says what it
    would do to the verdict if granted, and the one that would decide it is visible.
    """
    offer = lab("Anthropic", "governance_policy", non_disparagement_condition="one_sided")
    r = one(offer)
    assert r.verdict == "Negotiate first"  # the one-sided clause caps it
    effects = {e.ask: e for e in r.ask_effects}
    assert [e.ask for e in r.ask_effects] == list(r.letters.asks)
    remove = effects[LOCKIN_TERMS["non_disparagement_one_sided"][0]]
    granted = one(replace(offer, non_disparagement_condition="none"))
    assert remove.changes and remove.verdict == granted.verdict == "Take with safeguards"
    assert remove.score == pytest.approx(granted.judgement.score)
    assert remove.said.endswith(
        f"if granted, Take with safeguards (score {r.judgement.score:+.1f} to {granted.judgement.score:+.1f})"
    )
    # An ask the verdict does not rest on says so.
    assert not effects[CONFLICT_ASK].changes and "no change to the verdict" in effects[CONFLICT_ASK].said
