"""How sure the verdict is: a share of sampled plausible cases, the same for the same inputs, shown everywhere the
outputs are."""

from __future__ import annotations

import offersheet
from offersheet.model import Offer, Profile
from offersheet.model.confidence import SAMPLES
from offersheet.spec.outputs import BY_KEY, REPORT, SCORES, SUMMARY

PROFILE = Profile(liquid_savings=30_000)
ROBUST = Offer("UK AISI", "evaluations", "government_institute", base_salary=90_000)
UNSURE = Offer(
    "Anthropic",
    "alignment_safety",
    "frontier_lab",
    base_salary=300_000,
    equity_grant_value=400_000,
    equity_kind="private_tender",
)


def _r(offer: Offer):
    return offersheet.evaluate([offer], profile=PROFILE).offers[0]


def test_a_robust_verdict_holds_in_every_case_and_an_uncertain_one_says_what_else():
    robust, unsure = _r(ROBUST), _r(UNSURE)
    assert BY_KEY["confidence"].value(robust) == 100
    assert BY_KEY["confidence_note"].value(robust) == f"{robust.verdict} in 100% of plausible cases"
    share = BY_KEY["confidence"].value(unsure)
    assert 0 < share < 100 and (share * SAMPLES / 100) % 1 < 1e-6  # a count of the cases, as a share
    note = BY_KEY["confidence_note"].value(unsure)
    assert note.startswith(f"{unsure.verdict} in {share:.0f}% of plausible cases; ") and " in the rest" in note


def test_the_same_inputs_give_the_same_figure():
    assert BY_KEY["confidence"].value(_r(UNSURE)) == BY_KEY["confidence"].value(_r(UNSURE))


def test_it_is_shown_in_report_json_and_the_summary():
    assert {REPORT, SCORES, SUMMARY} <= BY_KEY["confidence"].where


def test_a_dataset_samples_only_when_asked():
    rows = [
        {
            "employer": "UK AISI",
            "role_category": "evaluations",
            "employer_kind": "government_institute",
            "base_salary": 90_000,
        }
    ]
    assert offersheet.evaluate_many(rows)[0]["confidence"] is None
    assert offersheet.evaluate_many(rows, with_confidence=True)[0]["confidence"] == 100.0
