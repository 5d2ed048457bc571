"""Company score: weighted criteria, explicit re-weighting, overall fallback, stated assumptions."""

from __future__ import annotations

import pytest

from offersheet.model import Company, CriterionRating
from offersheet.model.company import compute_company_score
from offersheet.ratings import gpa_from_grade, to_0_100


def test_missing_criteria_are_reweighted_and_reported(ref):
    c = Company("Half", "frontier_lab", ratings=(CriterionRating("risk_assessment", 80.0),
                                                   CriterionRating("existential_safety", 20.0)))
    s = compute_company_score(c, "Half", True, ref.criteria, ref.parameters)
    # Weights 1.0 and 1.5: (80 * 1 + 20 * 1.5) / 2.5 = 44.
    assert s.score == pytest.approx(44)
    assert s.coverage == pytest.approx(2.5 / 6.0)
    assert set(s.missing) == {"current_harms", "safety_frameworks", "governance_accountability",
                              "information_sharing"}
    assert "re-normalised" in s.note
    assert s.weakest[0].criterion == "existential_safety"


def test_the_score_rests_on_one_edition_never_a_mix(ref, companies):
    # Anthropic has Summer 2025 domain grades and a Winter 2025 overall grade (GPA 2.67): the newer edition
    # gives only the overall grade, so the score is 2.67 / 4 * 100, and the older domain grades stay context.
    s = compute_company_score(companies["Anthropic"], "Anthropic", True, ref.criteria, ref.parameters)
    assert (s.basis, s.score) == ("overall", pytest.approx(66.75))
    assert s.edition.startswith("FLI AI Safety Index Winter 2025") and s.as_of == "2025-12"
    assert {r.edition for r in s.context} == {"Summer 2025"}
    assert s.criteria_edition == "FLI AI Safety Index Summer 2025"  # where its asks come from, named
    # The Winter 2025 order holds: Anthropic > OpenAI > Google DeepMind > the D group > Alibaba Cloud.
    order = ["Anthropic", "OpenAI", "Google DeepMind", "Meta", "Alibaba Cloud"]
    scores = [compute_company_score(companies[n], n, True, ref.criteria, ref.parameters).score for n in order]
    assert scores == sorted(scores, reverse=True) and scores[-1] < scores[-2]
    assert compute_company_score(companies["DeepSeek"], "DeepSeek", True, ref.criteria, ref.parameters).score == 25


def test_criteria_of_one_edition_are_used_and_other_editions_are_not(ref):
    old = CriterionRating("risk_assessment", 10.0, "Index", "2024", "2024-12")
    new = (CriterionRating("risk_assessment", 80.0, "Index", "2025", "2025-07"),
           CriterionRating("existential_safety", 20.0, "Index", "2025", "2025-07"))
    s = compute_company_score(Company("Mixed", "frontier_lab", ratings=(old, *new)), "Mixed", True, ref.criteria,
                              ref.parameters)
    assert s.score == pytest.approx(44) and s.context == (old,) and s.as_of == "2025-07"


def test_other_scales_are_never_converted_into_the_score(ref, companies):
    # Microsoft is rated only by SaferAI (18% on its own scale): unrated for the score, the rating named.
    s = compute_company_score(companies["Microsoft"], "Microsoft", True, ref.criteria, ref.parameters)
    assert (s.basis, s.score) == ("assumed", ref.parameters.unrated_frontier_score)
    assert "SaferAI" in s.note and "18" in s.note and "not in the score" in s.note
    # SaferAI lists Mistral AI as not assessed: unrated, never 0.
    m = compute_company_score(companies["Mistral AI"], "Mistral AI", True, ref.criteria, ref.parameters)
    assert m.basis == "assumed" and m.score == ref.parameters.unrated_frontier_score


def test_unknown_employer_gets_a_stated_assumption(ref):
    s = compute_company_score(None, "Acme", True, ref.criteria, ref.parameters)
    assert s.basis == "assumed" and s.score == ref.parameters.unrated_frontier_score
    assert "assumed" in s.note


@pytest.mark.parametrize(("grade", "gpa"), [("A", 4), ("A+", 4), ("B-", 2.7), ("C+", 2.3), ("D", 1), ("F", 0),
                                            ("D-", 0.7), ("Z", None), ("", None)])
def test_gpa(grade, gpa):
    assert gpa_from_grade(grade) == (pytest.approx(gpa) if gpa is not None else None)


def test_scales():
    assert to_0_100("C+", "2.67", "letter (GPA 0-4)") == pytest.approx(66.75)
    assert to_0_100("C+", "", "letter (GPA 0-4)") == pytest.approx(57.5)
    assert to_0_100("", "18", "percent") == 18
    assert to_0_100("", "2.2", "0-5") == pytest.approx(44)
    assert to_0_100("", "", "") is None


def test_every_default_rating_has_source_and_date(companies):
    for c in companies.values():
        for r in c.ratings:
            assert r.source and r.edition and r.as_of, (c.name, r.criterion)
            assert r.value is not None or "not assessed" in r.note, (c.name, r.criterion)
