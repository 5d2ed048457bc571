"""The advice's promises as properties over *custom* companies across the whole 0-100 range and every employer
kind (docs/model.md, "Properties"): pay never hurts, acceleration never helps, a better-rated company never
hurts, and adding an offer changes another's verdict only by becoming its best alternative, which it names."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import offersheet
from offersheet.defaults import default_reference
from offersheet.model import Company, CriterionRating
from offersheet.model.vocab import VERDICTS
from offersheet.spec.inputs import BY_KEY
from offersheet.spec.parse import Percent
from offersheet.spec.vocab import EMPLOYER_KINDS, STANCES
from tests.conftest import category_with, results_of
from tests.strategies import offers, profiles

REF = default_reference()
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
scores = st.floats(0, 100)
kinds = st.sampled_from(EMPLOYER_KINDS)


def rank(verdict: str) -> int:
    return VERDICTS.index(verdict)


def company(score: float, kind: str, name: str = "Rated Co") -> Company:
    return Company(name, kind, ratings=tuple(CriterionRating(k, score) for k in REF.criteria))


def at(offer, kind: str, name: str = "Rated Co"):
    return replace(offer, employer=name, employer_kind=kind)


def verdict_of(offers_, companies, profile, i: int = 0):
    return offersheet.evaluate(offers_, companies=companies, profile=profile, with_stability=False).offers[i]


raises = st.fixed_dictionaries(
    {
        "base_salary": st.floats(0, 2_000_000),
        "target_bonus_pct": st.floats(0, 1),
        "signing_bonus": st.floats(0, 2_000_000),
    }
)


def _same_kind(key, value):
    """A changed percentage stays a read one (a bare number above 1 would be refused as ambiguous)."""
    return Percent(value) if BY_KEY[key].kind == "percent" else value


@SETTINGS
@given(offers(), offers(label="Offer 2"), profiles(), scores, scores, kinds, kinds, raises, st.sampled_from(STANCES))
def test_more_pay_never_worsens_a_verdict(offer, other, profile, score, other_score, kind, other_kind, more, stance):
    """Base, bonus and signing bonus: raising any of them never gives a worse category, alone or against another
    offer (a routine bonus accrual and a repayable signing bonus are not lock-in; pay points only grow)."""
    profile = replace(profile, stance=stance)
    companies = [company(score, kind), company(other_score, other_kind, "Other Co")]
    a, b = at(offer, kind), at(other, other_kind, "Other Co")
    richer = replace(a, **{k: _same_kind(k, min(getattr(a, k) + v, BY_KEY[k].hi)) for k, v in more.items()})
    for pair in (([a], [richer]), ([a, b], [richer, b])):
        before, after = (verdict_of(o, companies, profile) for o in pair)
        assert rank(after.verdict) <= rank(before.verdict), (before.verdict, after.verdict)
        assert after.lockin.score == before.lockin.score


@SETTINGS
@given(offers(), profiles(), scores, kinds, scores, scores, st.sampled_from(STANCES))
def test_more_acceleration_never_improves_a_verdict(offer, profile, score, kind, a, b, stance):
    res = results_of(at(offer, kind), profile, [company(score, kind)])
    low, high = sorted((a, b))
    assert rank(category_with(res, stance, acceleration=high)) >= rank(category_with(res, stance, acceleration=low))


@SETTINGS
@given(offers(), profiles(), scores, kinds, scores, scores, st.sampled_from(STANCES))
def test_a_smaller_safety_share_never_improves_a_verdict(offer, profile, score, kind, a, b, stance):
    profile = replace(profile, stance=stance)
    low, high = sorted((a, b))
    companies = [company(score, kind)]
    safer = verdict_of([replace(at(offer, kind), safety_share_pct=high / 100)], companies, profile)
    riskier = verdict_of([replace(at(offer, kind), safety_share_pct=low / 100)], companies, profile)
    assert rank(riskier.verdict) >= rank(safer.verdict)


@SETTINGS
@given(offers(), profiles(), kinds, scores, scores, st.sampled_from(STANCES))
def test_a_higher_company_score_never_worsens_a_verdict(offer, profile, kind, a, b, stance):
    profile = replace(profile, stance=stance)
    low, high = sorted((a, b))
    worse = verdict_of([at(offer, kind)], [company(low, kind)], profile)
    better = verdict_of([at(offer, kind)], [company(high, kind)], profile)
    event(f"changed: {worse.verdict != better.verdict}")
    assert rank(better.verdict) <= rank(worse.verdict), (low, high, worse.verdict, better.verdict)


@SETTINGS
@given(
    offers(), offers(label="Offer 2"), offers(label="Offer 3"), profiles(), scores, scores, scores, kinds, kinds, kinds
)
def test_adding_an_offer_changes_another_only_as_its_new_best_alternative(a, b, c, profile, sa, sb, sc, ka, kb, kc):
    companies = [company(sa, ka, "A Co"), company(sb, kb, "B Co"), company(sc, kc, "C Co")]
    two = [at(a, ka, "A Co"), at(b, kb, "B Co")]
    before = offersheet.evaluate(two, companies=companies, profile=profile, with_stability=False)
    after = offersheet.evaluate([*two, at(c, kc, "C Co")], companies=companies, profile=profile, with_stability=False)
    for old, new in zip(before.offers, after.offers[:2], strict=True):
        if new.alternative.best_alternative == old.alternative.best_alternative:
            assert new.verdict == old.verdict and new.judgement.score == old.judgement.score
        else:  # the new offer is now what this one is judged against, and the Report's row says so
            event("the added offer became the best alternative")
            assert new.alternative.best_alternative == "Offer 3"


@SETTINGS
@given(
    scores, scores, scores, st.floats(0, 1), st.floats(0, 1), scores, scores, st.booleans(), st.sampled_from(STANCES)
)
def test_net_impact_falls_with_acceleration_and_rises_with_the_company_score(
    acc_a, acc_b, rr, dep, rely, score_a, score_b, frontier, stance
):
    """The invariant under the verdict properties, where random offers rarely reach it: at any trust, more
    acceleration never raises net impact (trust offsets harm, never turns it into a benefit), and a higher
    company score never lowers it."""
    import numpy as np

    from offersheet.model import Offer, Profile
    from offersheet.model.engine import impact

    p, s = REF.parameters, REF.stances[stance]
    lo, hi = sorted((acc_a, acc_b))
    low_score, high_score = sorted((score_a, score_b))
    f = results_of(Offer("Rated Co", "security", "frontier_lab"), Profile(), [company(50, "frontier_lab")]).factors
    base = replace(
        f,
        risk_reduction=np.array([rr]),
        company_dependence=np.array([dep]),
        lab_reliance=np.array([rely]),
        frontier=np.array([frontier]),
    )

    def at_levels(acc: float, score: float) -> tuple[float, float]:
        _, harm, _, net = impact(replace(base, acceleration=np.array([acc]), company_score=np.array([score])), p, s)
        return float(harm[0]), float(net[0])

    assert at_levels(hi, score_a)[1] <= at_levels(lo, score_a)[1] + 1e-9
    assert at_levels(lo, high_score)[1] >= at_levels(lo, low_score)[1] - 1e-9
    assert at_levels(hi, score_a)[0] >= 0


@SETTINGS
@given(offers(), profiles(), scores, kinds, st.sampled_from(STANCES))
def test_labels_keep_their_promises(offer, profile, score, kind, stance):
    """Negotiate first always comes with something to ask for; Take with safeguards always with safeguards."""
    r = verdict_of([at(offer, kind)], [company(score, kind)], replace(profile, stance=stance))
    event(r.verdict)
    if r.verdict == "Negotiate first":
        assert r.letters.asks
    if r.verdict == "Take with safeguards":
        assert r.safeguards


def test_the_report_names_what_each_offer_is_judged_against(tmp_path):
    """The Report's reading block says which offer each one is compared with (so a verdict that changed when an
    offer was added says why), or that it is compared with the profile's pay."""
    from offersheet.model import Offer
    from offersheet.workbook.plan import against

    two = offersheet.evaluate(
        [
            Offer("Anthropic", "alignment_safety", "frontier_lab", label="Offer 1", base_salary=300_000),
            Offer("METR", "evaluations", "nonprofit_research", label="Offer 2", base_salary=150_000),
        ]
    )
    first, second = two.offers
    gap = first.impact.net_impact - second.impact.net_impact
    # Each gap's direction in words (a gap in the offer's favour was once printed as "against it")
    assert against(first).startswith(
        "Offer 2, the best other offer in this workbook: this one pays $150,000 a "
        f"year more and scores {abs(gap):.1f} points {'higher' if gap > 0 else 'lower'} "
        "on net impact"
    )
    assert against(second).startswith(
        "Offer 1, the best other offer in this workbook: this one pays $150,000 a "
        f"year less and scores {abs(gap):.1f} points {'lower' if gap > 0 else 'higher'}"
    )
    one = offersheet.evaluate([two.offers[0].offer])
    assert against(one.offers[0]).startswith("the pay you could get elsewhere")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offers(), profiles(), scores, kinds)
def test_both_engines_reach_the_same_verdict_over_custom_companies(offer, profile, score, kind):
    """evaluate_many (every row alone) applies the same gates and labels as evaluate of one offer, including
    Negotiate first only with asks, at every company score and employer kind."""
    companies = [company(score, kind)]
    one = verdict_of([at(offer, kind)], companies, profile)
    many = offersheet.evaluate_many([at(offer, kind)], companies=companies, profile=profile)
    row = many[0] if isinstance(many, list) else many.iloc[0]
    assert row["verdict"] == one.verdict


equity = st.floats(0, 5_000_000)


@SETTINGS
@given(
    offers(),
    profiles(),
    scores,
    st.sampled_from([k for k in EMPLOYER_KINDS if not REF.employer_kinds[k].frontier]),
    equity,
    equity,
    st.sampled_from(("public_rsu", "private_tender", "options", "ppu")),
    st.sampled_from(STANCES),
)
def test_more_equity_never_worsens_a_verdict_where_the_role_does_no_harm(
    offer, profile, score, kind, a, b, eq_kind, stance
):
    """Lock-in matters because it can keep someone in a harmful role (the career review): where the role's harm
    counts as none, more equity is more pay and never a worse verdict, alone or against a fallback."""
    profile = replace(profile, stance=stance)
    low, high = sorted((a, b))
    base = replace(at(offer, kind), equity_kind=eq_kind, equity_grant_value=low, option_strike_total=0.0)
    richer = replace(base, equity_grant_value=high)
    try:
        before, after = (verdict_of([o], [company(score, kind)], profile) for o in (base, richer))
    except offersheet.InputError:
        return  # growth out of order against the kind's defaults: named elsewhere
    if before.impact.harm > 0:
        return  # the role does add to AI progress here: lock-in may count
    assert rank(after.verdict) <= rank(before.verdict), (before.verdict, after.verdict)
    assert after.lockin.score >= before.lockin.score - 1e-9  # the forfeiture is still shown, and grows


def test_at_a_frontier_developer_lockin_counts_and_says_why():
    from offersheet.model import Offer, Profile

    r = verdict_of(
        [
            Offer(
                "Rated Co",
                "capabilities_research",
                "frontier_lab",
                base_salary=200_000,
                equity_grant_value=2_000_000,
                equity_kind="ppu",
            )
        ],
        [company(40, "frontier_lab")],
        Profile(liquid_savings=10_000),
    )
    (lock,) = [d for d in r.judgement.drivers if d.name == "Lock-in"]
    assert lock.points < 0 and "being unable to leave a role at an AI developer is the cost" in lock.detail


SAFETY_ROLES = ("alignment_safety", "security", "evaluations")


@SETTINGS
@given(
    offers(), profiles(), st.floats(0, 75), st.floats(25, 100), st.sampled_from(SAFETY_ROLES), st.sampled_from(STANCES)
)
def test_a_safety_role_moves_with_the_company_over_the_whole_range(offer, profile, low, gap, role, stance):
    """Review: much better to work somewhere that acknowledges the risks. A safety role at a frontier company rated
    25 or more points higher scores strictly higher in the balanced stance and is never a worse verdict in any
    stance — from 0 up, not only above the trust floor."""
    high = min(100.0, low + gap)
    offer = replace(at(offer, "frontier_lab"), role_category=role, safety_share_pct=None)
    profile = replace(profile, stance=stance)
    try:
        worse, better = (verdict_of([offer], [company(s, "frontier_lab")], profile) for s in (low, high))
    except offersheet.InputError:
        return
    assert rank(better.verdict) <= rank(worse.verdict), (low, high, worse.verdict, better.verdict)
    if stance == "balanced":
        assert better.judgement.score > worse.judgement.score, (low, high)
