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


def test_overall_used_when_no_criterion(ref, companies):
    s = compute_company_score(companies["Microsoft"], "Microsoft", True, ref.criteria, ref.parameters)
    assert (s.basis, s.score) == ("overall", 18)


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
            assert r.value is not None
