""" "What would change it" in the person's terms (issue: stability in the model's terms): the first clause names
something the person controls or can check; a model setting comes only after it, marked; a capped verdict
names its cap."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

import offersheet
from offersheet.model import Offer, Profile
from offersheet.model.stability import DIMENSIONS
from tests.strategies import offers, profiles

MODEL_LABELS = tuple(d.label for d in DIMENSIONS if d.group != "personal")
PERSONAL_LABELS = tuple(d.label for d in DIMENSIONS if d.group == "personal")


def _clauses(stability: str) -> tuple[str, str]:
    """(what leads, the model-setting clause or "")."""
    said = stability.removeprefix("borderline: ")
    first, _, setting = said.partition("; model setting: ")
    return first, setting


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offers(), profiles())
def test_the_first_clause_never_names_a_model_setting(offer, profile):
    try:
        r = offersheet.evaluate([offer], profile=profile).offers[0]
    except offersheet.InputError:
        return
    first, setting = _clauses(r.stability)
    assert not any(label in first for label in MODEL_LABELS), r.stability
    if setting:
        assert any(label in setting for label in MODEL_LABELS), r.stability
        assert " would make it " in setting


def test_a_verdict_capped_by_a_fit_condition_names_the_trait_and_rating():
    r = offersheet.evaluate(
        [Offer("Anthropic", "alignment_safety", "frontier_lab", base_salary=300_000)],
        profile=Profile(fit_ability_to_leave=2, liquid_savings=100_000),
    ).offers[0]
    assert r.verdict == "Negotiate first"
    assert r.stability.removeprefix("borderline: ").startswith(
        "capped at Negotiate first because you rated your ability to leave 2 of 5; "
    )


def test_nothing_the_person_controls_is_said_before_the_setting():
    # An institute evaluations role: no pay, runway, rating or fit change moves it; only a setting does.
    r = offersheet.evaluate(
        [Offer("UK AISI", "evaluations", "government_institute", base_salary=90_000)], profile=Profile()
    ).offers[0]
    first, setting = _clauses(r.stability)
    assert first == f"no change you control within range moves it from {r.verdict}"
    assert setting.startswith(("raising ", "lowering ")) and ("weight" in setting or "Roles sheet" in setting)


def test_a_lockin_cap_is_named():
    # An institute role that scores Strong, with a clawback of vested equity: the severe flag caps it.
    offer = Offer(
        "UK AISI",
        "evaluations",
        "government_institute",
        base_salary=120_000,
        equity_grant_value=100_000,
        equity_kind="public_rsu",
        vested_equity_clawback=True,
    )
    r = offersheet.evaluate([offer], profile=Profile(liquid_savings=100_000)).offers[0]
    assert r.verdict == "Negotiate first" and "lock-in must come down before accepting" in r.judgement.gates
    assert r.stability.startswith("capped at Negotiate first by a red flag in the terms (see Red flags); ")
