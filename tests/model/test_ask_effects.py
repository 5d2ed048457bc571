"""Labels that tell the truth about alternatives, each ask with its effect, and outputs without valuation paths.

- A lone offer (no other offer, no fallback pay) is never told to "Prefer an alternative"; it reads "Keep looking"
  in that band, and the two labels differ only by whether an alternative exists.
- What each ask would do if granted (``model.granted``) is exactly a direct evaluation of the offer with the term
  changed, and is computed in one batch through the engine for every offer's asks.
- Every declared output reads an evaluation made with the base path alone (no bear/bull paths) without error.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import offersheet
from offersheet.defaults import default_companies, default_reference
from offersheet.model import Company, CriterionRating, Offer, Profile
from offersheet.model import engine as engine_module
from offersheet.model.asks import ASK_BELOW
from offersheet.model.engine import KEEP_LOOKING, PREFER, judge
from offersheet.model.evaluate import evaluate as evaluate_model
from offersheet.model.vocab import VERDICTS
from offersheet.spec.outputs import OUTPUTS
from offersheet.spec.vocab import EMPLOYER_KINDS, STANCES
from tests.conftest import results_of
from tests.strategies import offers, profiles

REF = default_reference()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
scores = st.floats(0, 100)
kinds = st.sampled_from(EMPLOYER_KINDS)


def company(score: float, kind: str, name: str = "Rated Co") -> Company:
    return Company(name, kind, ratings=tuple(CriterionRating(k, score) for k in REF.criteria))


def at(offer: Offer, kind: str, name: str = "Rated Co") -> Offer:
    return replace(offer, employer=name, employer_kind=kind)


# --- Item 3: Prefer an alternative only when there is one ----------------------------------------------------------


@SETTINGS
@given(offers(), offers(label="Offer 2"), profiles(), scores, kinds, st.floats(1, 1_000_000), st.sampled_from(STANCES))
def test_a_lone_offer_is_never_told_to_prefer_an_alternative(offer, other, profile, score, kind, fallback, stance):
    companies = [company(score, kind), company(score, kind, "Other Co")]
    a = at(offer, kind)
    lone = replace(profile, fallback_annual_pay=None, stance=stance)
    alone = offersheet.evaluate([a], companies=companies, profile=lone, with_stability=False).offers[0]
    assert alone.verdict != "Prefer an alternative"
    assert "Prefer an alternative" not in alone.by_stance.values()
    # With a fallback pay, or another offer, there is something to prefer: never "Keep looking".
    with_fallback = replace(lone, fallback_annual_pay=fallback)
    for ev in (
        offersheet.evaluate([a], companies=companies, profile=with_fallback, with_stability=False),
        offersheet.evaluate([a, at(other, kind, "Other Co")], companies=companies, profile=lone, with_stability=False),
    ):
        for r in ev.offers:
            assert r.verdict != "Keep looking" and "Keep looking" not in r.by_stance.values()


@SETTINGS
@given(offers(), profiles(), scores, kinds, st.sampled_from(STANCES))
def test_whether_there_is_an_alternative_only_names_the_band(offer, profile, score, kind, stance):
    """The engine's column: with or without an alternative, the same score and the same category, except that
    Prefer an alternative reads Keep looking without one."""
    res = results_of(at(offer, kind), profile, [company(score, kind)])
    s = res.reference.stances[stance]
    with_alt = judge(replace(res.factors, has_alternative=np.array([True])), res.reference.parameters, s)
    without = judge(replace(res.factors, has_alternative=np.array([False])), res.reference.parameters, s)
    assert with_alt.score[0] == without.score[0]
    a, b = int(with_alt.category[0]), int(without.category[0])
    assert a != KEEP_LOOKING and b != PREFER
    assert a == b or (a, b) == (PREFER, KEEP_LOOKING)


def test_keep_looking_is_declared_once_and_every_list_of_verdicts_has_it():
    from offersheet.docs import evaluate_schema
    from offersheet.workbook.layout import VERDICT_COLOUR, VERDICT_COLOURS
    from offersheet.workbook.styles import VERDICT_FILLS

    assert "Keep looking" in VERDICTS
    assert list(VERDICT_COLOUR) == list(VERDICTS) and len(VERDICT_COLOURS) == len(VERDICT_FILLS) == len(VERDICTS)
    assert "'Keep looking'" in str(evaluate_schema())  # the --json schema's verdict enums


# --- Item 6: each ask with its effect --------------------------------------------------------------------------------


def _direct(offer: Offer, others: list[Offer], companies: list[Company], profile: Profile):
    return offersheet.evaluate([offer, *others], companies=companies, profile=profile, with_stability=False).offers[0]


@SETTINGS
@given(offers(), offers(label="Offer 2"), profiles(), scores, kinds, st.booleans(), st.sampled_from(STANCES))
def test_an_ask_granted_is_the_offer_evaluated_with_the_term_changed(offer, other, profile, score, kind, pair, stance):
    profile = replace(profile, stance=stance)
    companies = [company(score, kind), company(60.0, "frontier_lab", "Other Co")]
    a = at(offer, kind)
    others = [at(other, "frontier_lab", "Other Co")] if pair else []
    r = _direct(a, others, companies, profile)
    asks = r.results.asks[r.row]
    assert [e.ask for e in r.ask_effects] == [x.text for x in asks] == list(r.letters.asks)
    for ask, effect in zip(asks, r.ask_effects, strict=True):
        if ask.conflict:  # settled by the company, not an input: no direct evaluation to compare with
            continue
        changed = replace(a, **dict(ask.terms))
        rated = companies
        if ask.criterion:  # the criterion graded a C
            lifted = Company(
                "Rated Co",
                kind,
                ratings=tuple(
                    CriterionRating(k, max(score, ASK_BELOW) if k == ask.criterion else score) for k in REF.criteria
                ),
            )
            rated = [lifted, companies[1]]
        direct = _direct(changed, others, rated, profile)
        assert effect.verdict == direct.verdict, (ask, effect, direct.verdict)
        assert effect.score == pytest.approx(direct.judgement.score, abs=1e-9)
        assert effect.changes == (direct.verdict != r.verdict)


def test_granting_the_ask_flips_the_verdict_as_a_direct_evaluation_does():
    """A clawback of vested equity caps a well-rated safety role at Negotiate first; granting its ask gives the
    verdict of the offer without the clawback."""
    offer = Offer(
        "Anthropic",
        "alignment_safety",
        "frontier_lab",
        base_salary=300_000,
        equity_grant_value=400_000,
        equity_kind="private_tender",
        vested_equity_clawback=True,
    )
    profile = Profile(
        liquid_savings=60_000, monthly_essential_spending=4_000, fit_ability_to_leave=4, fit_incentive_resistance=4
    )
    r = offersheet.evaluate([offer], profile=profile).offers[0]
    assert r.verdict == "Negotiate first"
    effect = next(e for e in r.ask_effects if "clawed back" in e.ask)
    direct = offersheet.evaluate([replace(offer, vested_equity_clawback=False)], profile=profile).offers[0]
    assert direct.verdict != r.verdict and effect.changes
    assert (effect.verdict, effect.score) == (direct.verdict, pytest.approx(direct.judgement.score))


def test_every_offers_asks_take_one_pass_of_the_engine(monkeypatch):
    calls = {"money": 0, "judge": 0}
    from offersheet.model import granted

    def counted(name):
        real = getattr(engine_module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(granted.engine, "money", counted("money"), raising=True)
    monkeypatch.setattr(granted.engine, "judge", counted("judge"), raising=True)
    offers_ = [
        Offer(
            e,
            "governance_policy",
            "frontier_lab",
            label=f"Offer {n}",
            base_salary=300_000,
            non_disparagement_condition="one_sided",
            cliff_months=18,
            equity_grant_value=100_000,
            equity_kind="private_tender",
        )
        for n, e in enumerate(("Anthropic", "OpenAI", "xAI", "Meta"), 1)
    ]
    from offersheet.model.evaluate import company_map, run

    calls.update(money=0, judge=0)
    res = run(
        offers_,
        company_map(default_companies()),
        Profile(),
        REF,
        with_stability=False,
        with_confidence=False,
        with_asks=False,
    )
    without = dict(calls)
    calls.update(money=0, judge=0)
    res = run(
        offers_,
        company_map(default_companies()),
        Profile(),
        REF,
        with_stability=False,
        with_confidence=False,
        with_asks=True,
    )
    assert sum(len(g) for g in res.granted) >= 4 * 3  # the company's, the conflict's and two terms' asks
    assert calls["money"] - without["money"] == 1 and calls["judge"] - without["judge"] == 1


def test_ask_effects_in_json():
    from offersheet.results import offer_summary

    offer = Offer(
        "Anthropic", "governance_policy", "frontier_lab", base_salary=300_000, non_disparagement_condition="one_sided"
    )
    doc = offer_summary(offersheet.evaluate([offer]).offers[0])
    effects = doc["ask_effects"]
    assert [e["ask"] for e in effects] == doc["asks"]
    assert all(set(e) == {"ask", "verdict_if_granted", "score_if_granted", "changes_verdict"} for e in effects)
    assert any(e["changes_verdict"] and e["verdict_if_granted"] == "Take with safeguards" for e in effects)


# --- The bug: outputs of an evaluation without paths ----------------------------------------------------------------


@pytest.mark.parametrize("with_stability", [True, False])
def test_every_output_reads_an_evaluation_without_paths(with_stability):
    """``evaluate(with_scenarios=False)`` has the base path alone: the growth by path names it, and no output
    looks up a bear or bull path that is not there (it raised KeyError before)."""
    offer = Offer(
        "OpenAI",
        "product_applied",
        "frontier_lab",
        base_salary=250_000,
        equity_grant_value=200_000,
        equity_kind="private_tender",
    )
    ev = evaluate_model(
        [offer], default_companies(), Profile(), REF, with_stability=with_stability, with_scenarios=False
    )
    r = ev.offers[0]
    assert set(r.scenarios) == {"base"}
    values = {o.key: o.value(r) for o in OUTPUTS}
    assert values["scenario_growth"] == "base +0%"
    assert values["lock_in_bear"] is None and values["total_comp_horizon_bull"] is None
    no_paths = replace(r, scenarios={})
    assert {o.key: o.value(no_paths) for o in OUTPUTS}["scenario_growth"] is None
