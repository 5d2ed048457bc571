"""The dataset path (evaluate_many) agrees with evaluating each offer on its own, in one process or several."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import offersheet
from offersheet import Offer, Profile
from offersheet.batch import RESULT_COLUMNS
from offersheet.spec.inputs import OFFER_FIELDS
from offersheet.spec.outputs import DATASET, outputs
from tests.strategies import offers as offer_strategy
from tests.strategies import profiles as profile_strategy

PROFILE = Profile(liquid_savings=30_000, monthly_essential_spending=3_000, fallback_annual_pay=120_000)


def _single(offer: Offer, with_stability: bool = False, profile: Profile = PROFILE) -> dict:
    ev = offersheet.evaluate([offer], profile=profile, with_stability=with_stability)
    r = ev.offers[0]
    return {"label": r.offer.label, **{o.key: o.get(r) for o in outputs(DATASET)}, "error": None}


def _same(batch: dict, single: dict) -> None:
    """Words exactly; numbers to 1e-9."""
    assert batch.keys() == single.keys()
    for key, value in single.items():
        if isinstance(value, float) and not isinstance(value, bool):
            assert batch[key] == pytest.approx(value, rel=1e-9, abs=1e-6), key
        else:
            assert batch[key] == value, key


@settings(max_examples=60, deadline=None)
@given(st.lists(offer_strategy(), min_size=1, max_size=6), profile_strategy())
def test_batch_equals_one_at_a_time(offers, profile):
    got = offersheet.evaluate_many(offers, profile=profile)
    assert len(got) == len(offers)
    for row, offer in zip(got, offers, strict=True):
        _same(row, _single(offer, profile=profile))


def test_dataframe_in_dataframe_out_with_errors_per_row():
    df = pd.DataFrame(
        {
            "employer": ["Anthropic", "OpenAI", "Nowhere"],
            "role_category": ["alignment_safety", "capabilities_research", "not_a_role"],
            "employer_kind": ["frontier_lab"] * 3,
            "base_salary": [250_000, 300_000, 100_000],
            "equity_grant_value": [400_000, float("nan"), 0],
            "equity_kind": ["private_tender", "ppu", "none"],
        },
        index=[10, 11, 12],
    )
    out = offersheet.evaluate_many(df, profile=PROFILE, jobs=2, chunk_size=1)
    assert list(out.index) == [10, 11, 12] and list(out.columns) == list(RESULT_COLUMNS)
    first = _single(
        Offer(
            "Anthropic",
            "alignment_safety",
            "frontier_lab",
            base_salary=250_000,
            equity_grant_value=400_000,
            equity_kind="private_tender",
            label="row 10",
        )
    )
    assert {**out.loc[10].to_dict(), "error": None} == first and pd.isna(out.loc[10, "error"])
    assert (
        out.loc[11, "verdict"]
        == _single(
            Offer(
                "OpenAI",
                "capabilities_research",
                "frontier_lab",
                base_salary=300_000,
                equity_kind="ppu",
                label="row 11",
            )
        )["verdict"]
    )
    assert 'role_category = "not_a_role"' in out.loc[12, "error"] and math.isnan(out.loc[12, "score"])


def test_stability_can_be_switched_on():
    offer = Offer("Anthropic", "alignment_safety", "frontier_lab", base_salary=250_000)
    (row,) = offersheet.evaluate_many([offer], profile=PROFILE, with_stability=True)
    assert row["stability"] == _single(offer, with_stability=True)["stability"] != ""


def test_unknown_column_is_a_row_error_not_a_crash():
    (row,) = offersheet.evaluate_many(
        [{"employer": "Anthropic", "role_category": "security", "employer_kind": "frontier_lab", "salary": 1}]
    )
    assert row["verdict"] is None and "salary" in row["error"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_jobs_give_the_same_rows(jobs):
    rows = [
        {"employer": e, "role_category": "security", "employer_kind": "frontier_lab", "base_salary": 100_000 + i}
        for i, e in enumerate(["Anthropic", "OpenAI", "xAI", "Meta"] * 3)
    ]
    assert offersheet.evaluate_many(rows, jobs=jobs, chunk_size=5) == offersheet.evaluate_many(rows, jobs=1)


def test_year_by_year_paths_give_the_figures_of_one_offer_alone():
    flat = Offer(
        "OpenAI",
        "security",
        "frontier_lab",
        base_salary=200_000,
        equity_grant_value=400_000,
        equity_kind="public_rsu",
        equity_growth_base_pct=0.12,
        annual_refresher_value=50_000,
    )
    by_year = Offer(
        "OpenAI",
        "security",
        "frontier_lab",
        base_salary=200_000,
        equity_grant_value=400_000,
        equity_kind="public_rsu",
        equity_growth_base_pct=(0.3, 0.1),
        label="by year",
    )
    for row, offer in zip(offersheet.evaluate_many([flat, by_year], profile=PROFILE), (flat, by_year), strict=True):
        _same(row, _single(offer))


def test_paths_out_of_order_with_the_kinds_default_are_row_errors():
    # bear +10 % is above the default base path (0 % for public RSUs): the message names the row
    rows = [
        {
            "employer": "Anthropic",
            "role_category": "security",
            "employer_kind": "frontier_lab",
            "equity_kind": "public_rsu",
            "equity_grant_value": 100_000,
            "equity_growth_bear_pct": 0.1,
        },
        {"employer": "Anthropic", "role_category": "security", "employer_kind": "frontier_lab"},
    ]
    bad, good = offersheet.evaluate_many(rows, profile=PROFILE)
    assert bad["verdict"] is None and "equity_growth_bear_pct" in bad["error"] and "row 0" in bad["error"]
    assert good["error"] is None and good["verdict"]


def test_parameter_overrides_apply_on_both_paths():
    profile = Profile(
        liquid_savings=10_000,
        monthly_essential_spending=2_500,
        fallback_annual_pay=150_000,
        parameter_overrides=(
            ("horizon_years", 3),
            ("discount_rate", 0.1),
            ("haircut_private_tender", 0.6),
            ("negotiate_lockin", 20),
        ),
    )
    offers = [
        Offer(
            "OpenAI",
            "capabilities_research",
            "frontier_lab",
            base_salary=250_000,
            label=f"o{i}",
            equity_grant_value=100_000 * i,
            equity_kind="private_tender",
            cliff_months=12 * (i % 2),
        )
        for i in range(6)
    ]
    for row, offer in zip(offersheet.evaluate_many(offers, profile=profile), offers, strict=True):
        _same(row, _single(offer, profile=profile))
    assert {r["verdict"] for r in offersheet.evaluate_many(offers, profile=profile)} != {None}


# --- the columnar path: a DataFrame read as columns gives exactly what each offer gives alone ----------------


def _as_cells(offer: Offer, blank: bool) -> dict:
    """An offer as a DataFrame row: its model values, and (``blank``) each default left blank (NaN/None)."""
    row = {"label": offer.label}
    for f in OFFER_FIELDS:
        value = getattr(offer, f.key)
        row[f.key] = None if blank and value == f.model_default and not f.required else value
    return row


def _exactly(got: dict, want: dict) -> None:
    for key, value in want.items():
        same = got[key] == value or (isinstance(value, float) and math.isnan(value) and math.isnan(got[key]))
        assert same, (key, got[key], value)


@settings(max_examples=40, deadline=None)
@given(st.lists(offer_strategy(), min_size=1, max_size=30), profile_strategy(), st.booleans(), st.integers(1, 7))
def test_a_frame_read_as_columns_gives_each_offer_alone_exactly(offers, profile, blank, chunk):
    offers = [dataclasses.replace(o, label=f"o{i}") for i, o in enumerate(offers)]
    frame = pd.DataFrame([_as_cells(o, blank) for o in offers], index=range(100, 100 + len(offers)))
    for f in OFFER_FIELDS:  # a percentage above 100 % is kept as the model's Percent (in a float column, a bare
        if f.kind in ("percent", "growth"):  # 1.5 is refused as ambiguous, on every path)
            frame[f.key] = pd.Series([getattr(o, f.key) for o in offers], index=frame.index, dtype=object)
    got = offersheet.evaluate_many(frame, profile=profile, chunk_size=chunk)
    assert list(got.columns) == list(RESULT_COLUMNS) and list(got.index) == list(frame.index)
    for (_, row), offer in zip(got.iterrows(), offers, strict=True):
        want = _single(offer, profile=profile)
        _exactly({k: (None if k == "error" and not isinstance(v, str) else v) for k, v in row.items()}, want)


def test_a_frame_and_its_rows_give_the_same_table_errors_included():
    """The columnar path against the row-by-row path (a list of dicts), column types and error messages too:
    year-by-year paths, currencies, blanks, clawbacks, spelled values and rows the parser or the Offer refuses."""
    rows = [
        {
            "employer": "OpenAI",
            "role_category": "security",
            "employer_kind": "frontier_lab",
            "currency": "GBP",
            "base_salary": "£200k",
            "equity_grant_value": 400_000,
            "equity_kind": "public_rsu",
            "equity_growth_base_pct": "30%, 10%",
            "vested_equity_clawback": "Yes",
            "target_bonus_pct": "15%",
        },
        {
            "employer": "Anthropic",
            "role_category": "Alignment / safety research",
            "employer_kind": "frontier_lab",
            "base_salary": 250_000.0,
            "safety_share_pct": 0.7,
            "cliff_months": 0,
            "promotion_month": 18,
            "promotion_raise_pct": 0.1,
            "retirement_match_pct": 0.05,
            "retirement_match_cap": 10_000,
        },
        {"employer": "Nowhere", "role_category": "other", "employer_kind": "outside_ai", "base_salary": "310.000"},
        {
            "employer": "Meta",
            "role_category": "product_applied",
            "employer_kind": "big_tech_ai",
            "equity_grant_value": 100_000,
            "equity_kind": "none",
        },  # refused by the Offer's own check
        {
            "employer": "xAI",
            "role_category": "capabilities_research",
            "employer_kind": "frontier_lab",
            "currency": "CHF",
            "base_salary": 200_000,
        },  # no exchange rate for CHF: refused by the table
        {
            "employer": "Google DeepMind",
            "role_category": "security",
            "employer_kind": "frontier_lab",
            "vesting_shape": "custom",
            "vesting_custom_pcts": "10, 20, 30, 40",
            "equity_kind": "ppu",
            "equity_grant_value": 300_000,
            "tender_conditions": True,
            "non_disparagement_condition": "one_sided",
        },
        {
            "employer": "METR",
            "role_category": "evaluations",
            "employer_kind": "nonprofit_research",
            "target_bonus_pct": 15,
            "role_title": " Researcher ",
        },  # a bare 15 is refused
    ] * 3
    profile = Profile(fx_gbp=1.3, liquid_savings=20_000, fallback_annual_pay=150_000)
    frame = pd.DataFrame(rows)
    by_rows = offersheet.evaluate_many([{k: v for k, v in r.items()} for r in rows], profile=profile)
    want = pd.DataFrame.from_records([tuple(r.values()) for r in by_rows], columns=list(RESULT_COLUMNS))
    for chunk in (1, 4, 100):
        got = offersheet.evaluate_many(frame, profile=profile, chunk_size=chunk)
        pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert want["error"].notna().sum() == 12 and "row 2" in want.loc[2, "error"]
