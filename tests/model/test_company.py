"""Company score: weighted criteria, explicit re-weighting, overall fallback, stated assumptions."""

from __future__ import annotations

import pytest

from offersheet.model import Company, CriterionRating
from offersheet.model.company import compute_company_score
from offersheet.ratings import gpa_from_grade, to_0_100


def test_missing_criteria_are_reweighted_and_reported(ref):
    c = Company(
        "Half",
        "frontier_lab",
        ratings=(CriterionRating("risk_assessment", 80.0), CriterionRating("existential_safety", 20.0)),
    )
    s = compute_company_score(c, "Half", True, ref.criteria, ref.parameters)
    # Weights 1.0 and 1.5: (80 * 1 + 20 * 1.5) / 2.5 = 44.
    assert s.score == pytest.approx(44)
    assert s.coverage == pytest.approx(2.5 / 6.0)
    assert set(s.missing) == {"current_harms", "safety_frameworks", "governance_accountability", "information_sharing"}
    assert "re-normalised" in s.note
    assert s.weakest[0].criterion == "existential_safety"


def test_the_score_rests_on_one_edition_never_a_mix(ref, companies):
    # Anthropic has Summer 2025 domain grades and a Winter 2025 overall grade (GPA 2.67): the newer edition
    # gives only the overall grade, so the score is 2.67 / 4 * 100, and the older domain grades stay context.
    s = compute_company_score(companies["Anthropic"], "Anthropic", True, ref.criteria, ref.parameters)
    assert (s.basis, s.score) == ("overall", pytest.approx(66.75))
    assert s.edition.startswith("FLI AI Safety Index Winter 2025") and s.as_of == "2025-12"
    assert {(r.source, r.edition) for r in s.context} == {
        ("FLI AI Safety Index", "Summer 2025"),
        ("SaferAI risk-management ratings", "Oct 2025"),
    }
    assert s.criteria_edition == "FLI AI Safety Index Summer 2025"  # where its asks come from, named
    # The Winter 2025 order holds: Anthropic > OpenAI > Google DeepMind > the D group > Alibaba Cloud.
    order = ["Anthropic", "OpenAI", "Google DeepMind", "Meta", "Alibaba Cloud"]
    scores = [compute_company_score(companies[n], n, True, ref.criteria, ref.parameters).score for n in order]
    assert scores == sorted(scores, reverse=True) and scores[-1] < scores[-2]
    assert compute_company_score(companies["DeepSeek"], "DeepSeek", True, ref.criteria, ref.parameters).score == 25


def test_criteria_of_one_edition_are_used_and_other_editions_are_not(ref):
    old = CriterionRating("risk_assessment", 10.0, "Index", "2024", "2024-12")
    new = (
        CriterionRating("risk_assessment", 80.0, "Index", "2025", "2025-07"),
        CriterionRating("existential_safety", 20.0, "Index", "2025", "2025-07"),
    )
    s = compute_company_score(
        Company("Mixed", "frontier_lab", ratings=(old, *new)), "Mixed", True, ref.criteria, ref.parameters
    )
    assert s.score == pytest.approx(44) and s.context == (old,) and s.as_of == "2025-07"


def test_other_scales_are_never_converted_into_the_score(ref, companies):
    # SaferAI gives Mistral AI 0% by its published rule (no risk-management framework published): a rating on
    # its own scale, named in the note, and never the company score, which stays the stated assumption.
    m = compute_company_score(companies["Mistral AI"], "Mistral AI", True, ref.criteria, ref.parameters)
    assert (m.basis, m.score) == ("assumed", ref.parameters.unrated_frontier_score)
    assert "SaferAI risk-management ratings Oct 2025: 0% on its own scale, not in the score" in m.note
    # Anthropic's SaferAI rating (1.8/5) sits beside its FLI score, which it does not move.
    a = compute_company_score(companies["Anthropic"], "Anthropic", True, ref.criteria, ref.parameters)
    saferai = next(r for r in a.context if r.source.startswith("SaferAI"))
    assert (saferai.raw, saferai.value, a.score) == ("1.8/5", pytest.approx(36), pytest.approx(66.75))
    # Microsoft's figure could not be confirmed: the row is empty and says why; the score is the assumption.
    s = compute_company_score(companies["Microsoft"], "Microsoft", True, ref.criteria, ref.parameters)
    assert (s.basis, s.score, s.context) == ("assumed", ref.parameters.unrated_frontier_score, ())


def test_saferai_zero_is_its_published_rule_for_no_framework(companies):
    """SaferAI's ratings page gives a company that pledged a framework and published none the lowest possible
    assessment, 0%: the data says so, rather than "unrated"."""
    for name in ("Mistral AI", "Zhipu AI"):
        r = next(r for r in companies[name].ratings if r.criterion == "saferai_risk_management")
        assert (r.value, r.raw, r.as_of) == (0, "0%", "2025-10")
        assert "0%" in r.note and 'not "unrated"' in r.note


def test_unknown_employer_gets_a_stated_assumption(ref):
    s = compute_company_score(None, "Acme", True, ref.criteria, ref.parameters)
    assert s.basis == "assumed" and s.score == ref.parameters.unrated_frontier_score
    assert "assumed" in s.note


@pytest.mark.parametrize(
    ("grade", "gpa"),
    [("A", 4), ("A+", 4), ("B-", 2.7), ("C+", 2.3), ("D", 1), ("F", 0), ("D-", 0.7), ("Z", None), ("", None)],
)
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
            assert r.value is not None or "could be confirmed" in r.note, (c.name, r.criterion)
