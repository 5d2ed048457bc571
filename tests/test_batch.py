"""The dataset path (evaluate_many) agrees with evaluating each offer on its own, in one process or several."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import offersheet
from offersheet import Offer, Profile
from offersheet.batch import RESULT_COLUMNS, result_row
from tests.strategies import offers as offer_strategy

PROFILE = Profile(liquid_savings=30_000, monthly_essential_spending=3_000, fallback_annual_pay=120_000)


def _single(offer: Offer, with_stability: bool = False) -> dict:
    ev = offersheet.evaluate([offer], profile=PROFILE, with_stability=with_stability)
    return dict(zip(RESULT_COLUMNS, result_row(ev.offers[0]), strict=True))


@settings(max_examples=25, deadline=None)
@given(st.lists(offer_strategy(), min_size=1, max_size=6))
def test_batch_equals_one_at_a_time(offers):
    assert offersheet.evaluate_many(offers, profile=PROFILE) == [_single(o) for o in offers]


def test_dataframe_in_dataframe_out_with_errors_per_row():
    df = pd.DataFrame({
        "employer": ["Anthropic", "OpenAI", "Nowhere"],
        "role_category": ["alignment_safety", "capabilities_research", "not_a_role"],
        "employer_kind": ["frontier_lab"] * 3,
        "base_salary": [250_000, 300_000, 100_000],
        "equity_grant_value": [400_000, float("nan"), 0],
        "equity_kind": ["private_tender", "ppu", "none"],
    }, index=[10, 11, 12])
    out = offersheet.evaluate_many(df, profile=PROFILE, jobs=2, chunk_size=1)
    assert list(out.index) == [10, 11, 12] and list(out.columns) == list(RESULT_COLUMNS)
    first = _single(Offer("Anthropic", "alignment_safety", "frontier_lab", base_salary=250_000,
                          equity_grant_value=400_000, equity_kind="private_tender", label="row 10"))
    assert {**out.loc[10].to_dict(), "error": None} == first and pd.isna(out.loc[10, "error"])
    assert out.loc[11, "verdict"] == _single(Offer("OpenAI", "capabilities_research", "frontier_lab",
                                                   base_salary=300_000, equity_kind="ppu", label="row 11"))["verdict"]
    assert "role_category = 'not_a_role'" in out.loc[12, "error"] and math.isnan(out.loc[12, "score"])


def test_stability_can_be_switched_on():
    offer = Offer("Anthropic", "alignment_safety", "frontier_lab", base_salary=250_000)
    (row,) = offersheet.evaluate_many([offer], profile=PROFILE, with_stability=True)
    assert row["stability"] == _single(offer, with_stability=True)["stability"] != ""


def test_unknown_column_is_a_row_error_not_a_crash():
    (row,) = offersheet.evaluate_many([{"employer": "Anthropic", "role_category": "security",
                                        "employer_kind": "frontier_lab", "salary": 1}])
    assert row["verdict"] is None and "salary" in row["error"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_jobs_give_the_same_rows(jobs):
    rows = [{"employer": e, "role_category": "security", "employer_kind": "frontier_lab", "base_salary": 100_000 + i}
            for i, e in enumerate(["Anthropic", "OpenAI", "xAI", "Meta"] * 3)]
    assert offersheet.evaluate_many(rows, jobs=jobs, chunk_size=5) == offersheet.evaluate_many(rows, jobs=1)
