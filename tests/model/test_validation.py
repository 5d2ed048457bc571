"""Every constructor rejects bad values with one error naming field, value and expectation."""

from __future__ import annotations

import math

import pytest

from offersheet.model import Company, CriterionRating, InputError, Profile
from tests.conftest import make_offer


@pytest.mark.parametrize(
    ("kw", "field", "expected"),
    [
        ({"base_salary": -1}, "base_salary", "an amount of money; it must not be negative"),
        ({"base_salary": math.inf}, "base_salary", "an amount of money"),
        ({"signing_bonus": "lots"}, "signing_bonus", '"lots" is not a number'),
        ({"role_category": "wizardry"}, "role_category", "one of: alignment_safety"),
        ({"employer_kind": "startup"}, "employer_kind", "one of: frontier_lab"),
        ({"equity_kind": "bitcoin"}, "equity_kind", "one of: Public RSUs"),
        ({"cliff_months": 60}, "cliff_months", "at most the vesting period (48 months)"),
        (
            {"vesting_shape": "custom", "vesting_custom_pcts": (50, 30, 10, 5)},
            "vesting_custom_pcts",
            "sum to 100 (they sum to 95)",
        ),
        (
            {"vesting_shape": "custom", "vesting_custom_pcts": (50, 50)},
            "vesting_custom_pcts",
            "4 non-negative percentages",
        ),
        ({"vesting_years": 2.5}, "vesting_years", "a whole number from 1 to 10"),
        ({"safety_share_pct": "140%"}, "safety_share_pct", "from 0% to 100%"),
        ({"vested_equity_clawback": "maybe"}, "vested_equity_clawback", "Yes or No"),
        ({"employer": " "}, "employer", "a value (required)"),
        ({"target_bonus_pct": 3}, "target_bonus_pct", "could mean 3% or 300%"),
        ({"equity_grant_value": 600_000}, "equity_kind", "the kind of the equity (equity_grant_value is 600,000;"),
        ({"annual_refresher_value": 5_000}, "equity_kind", "'No equity' would count it as nothing"),
    ],
)
def test_offer_rejects(kw, field, expected):
    with pytest.raises(InputError) as info:
        make_offer(label="Offer 3", **kw)
    problem = info.value.problems[0]
    assert problem.field == field
    assert expected in problem.expected
    assert "Offer 3" in str(info.value) and field in str(info.value)


def test_offer_reports_every_problem_at_once():
    with pytest.raises(InputError) as info:
        make_offer(base_salary=-5, equity_kind="gold", role_category="x")
    assert {p.field for p in info.value.problems} == {"base_salary", "equity_kind", "role_category"}
    assert str(info.value).startswith("3 problems")


@pytest.mark.parametrize("trait", ["fit_vigilance", "fit_social_skills"])
@pytest.mark.parametrize("value", [0, 6, 2.5])
def test_profile_traits_must_be_1_to_5(trait, value):
    with pytest.raises(InputError, match=trait):
        Profile(**{trait: value})


def test_profile_other_checks():
    with pytest.raises(InputError) as info:
        Profile(monthly_essential_spending=0, career_stage="retired", stance="yolo", liquid_savings=-1)
    assert {p.field for p in info.value.problems} == {
        "monthly_essential_spending",
        "career_stage",
        "stance",
        "liquid_savings",
    }


def test_company_rating_out_of_range():
    with pytest.raises(InputError, match="risk_assessment"):
        Company("X", "frontier_lab", ratings=(CriterionRating("risk_assessment", 140),))


def test_parameter_overrides_are_checked(ref):
    with pytest.raises(InputError, match="no_such_weight"):
        ref.parameters.with_overrides({"no_such_weight": 1})
    with pytest.raises(InputError, match="weight_lockin = inf: expected a number from 0 to 10"):
        ref.parameters.with_overrides({"weight_lockin": math.inf})


def test_evaluate_refuses_a_path_or_a_non_offer_and_names_the_call_to_use():
    import pytest

    import offersheet

    with pytest.raises(TypeError, match=r"evaluate_workbook\(path\)"):
        offersheet.evaluate("workbooks/example-offers.xlsx")
    with pytest.raises(TypeError, match="not dict"):
        offersheet.evaluate([{"employer": "Anthropic"}])
