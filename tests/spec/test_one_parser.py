"""One value parser for every entry point: the same offers read from a filled workbook, a CSV pre-fill, a
DataFrame and ``Offer(...)`` are the same offers, field by field, with the same results; and every percent and
money field refuses each ambiguous form in every entry point (``spec.parse``)."""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import offersheet
from offersheet import Offer, Profile
from offersheet.batch import DATASET_KEYS
from offersheet.defaults import default_reference
from offersheet.model import InputError
from offersheet.spec.inputs import FIELDS, OFFER_FIELDS, PROFILE_FIELDS
from offersheet.workbook import new_workbook, read_workbook
from offersheet.workbook.grid import offer_from_pairs, profile_from_pairs
from offersheet.workbook.prefill import read_offers_csv
from offersheet.workbook.schema import OFFERS, defined_name

PROFILE = Profile(home_currency="USD", fx_gbp=1.3, fx_eur=1.1, liquid_savings=40_000, fallback_annual_pay=150_000)
PROFILE_CELLS = {
    "home_currency": "USD",
    "fx_gbp": 1.3,
    "fx_eur": 1.1,
    "liquid_savings": 40_000,
    "fallback_annual_pay": 150_000,
}

# Ten offers as people write them: percentages with a % sign or as fractions, money with commas, k and the
# offer's own currency sign, choices by code or by label, a path per year, a custom schedule.
OFFERS_CSV = """\
employer,role_title,role_category,employer_kind,currency,base_salary,target_bonus_pct,signing_bonus,\
equity_grant_value,equity_kind,vesting_years,cliff_months,vesting_shape,vesting_custom_pcts,\
equity_growth_base_pct,equity_growth_bull_pct,annual_raise_pct,effective_tax_rate_pct,safety_share_pct,\
vested_equity_clawback,cost_of_living_index
OpenAI,MTS,capabilities_research,frontier_lab,USD,$310k,15%,"$50,000","1,200,000",ppu,4,12,,,,,3%,38%,,Yes,
Anthropic,Researcher,Alignment / safety research,frontier_lab,,300000,0.1,20000,800000,private_tender,4,12,\
back_loaded,,10%,"60%, 30%, 10%",0.03,0.35,0.9,No,110
UK AI Security Institute,Evaluator,evaluations,government_institute,GBP,"£95,000",,,,,,,,,,,2%,0.3,,,90
Google DeepMind,RS,capabilities_research,big_tech_ai,USD,"$280,000",20%,,600000,public_rsu,4,0,custom,\
"10, 20, 30, 40",,,,40%,20%,No,
METR,Researcher,Evaluations & red-teaming,nonprofit_research,,150000,,,,,,,,,,,,0.25,,,
Meta,Engineer,scaling_infrastructure,big_tech_ai,USD,250k,0.15,"$75k",400000,public_rsu,4,12,front_loaded,,\
5%,,4%,37%,,,
xAI,MTS,capabilities_research,frontier_lab,,290000,,100000,2000000,private_tender,4,12,,,,,,0.4,,Yes,
Acme AI,PM,product_applied,ai_product,EUR,"€120,000",10%,,100000,options,4,12,,,,,,42%,,,85
Redwood,Researcher,alignment_safety,nonprofit_research,,180000,,,,,,,,,,,3%,30%,100%,,
Microsoft,Security,security,big_tech_ai,USD,"$240,000",0.12,,300000,public_rsu,4,12,,,,,,0.35,,,
"""


def _rows() -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(io.StringIO(OFFERS_CSV))]


def _fields(offer: Offer) -> dict:
    """Every field but the label (each entry point names the offer its own way)."""
    return {f.name: getattr(offer, f.name) for f in dataclasses.fields(offer) if f.name != "label"}


def _codes(row: dict[str, str]) -> dict[str, str]:
    """The Roles-sheet choices (role category, employer kind, work sharing) as codes: their labels live in the
    reference tables, which ``Offer(...)`` (the pure model) does not read; every other value is as written."""
    ref = default_reference()
    out = dict(row)
    for f in OFFER_FIELDS:
        if f.choice_source and f.key in out:
            labels = {v.label.casefold(): k for k, v in getattr(ref, f.choice_source).items()}
            out[f.key] = labels.get(out[f.key].casefold(), out[f.key])
    return out


def _filled_workbooks(tmp: Path) -> list[Path]:
    """The offers typed into template workbooks cell by cell (six to a workbook), as a person fills one: text
    as written, percentages as the number a percent cell holds (Excel stores 15% as 0.15)."""
    rows, paths = _rows(), []
    for start in range(0, len(rows), 6):
        path = new_workbook(tmp / f"typed{start}.xlsx", profile=PROFILE_CELLS)
        wb = openpyxl.load_workbook(path)
        for i, row in enumerate(rows[start : start + 6]):
            for key, value in row.items():
                sheet, ref = next(iter(wb.defined_names[defined_name(_field(key), i)].destinations))
                typed: object = value
                if value.endswith("%") and "," not in value:
                    typed = float(value[:-1]) / 100  # what the percent cell stores
                wb[sheet][ref.replace("$", "")].value = typed
        wb.save(path)
        paths.append(path)
    return paths


def _field(key: str):  # type: ignore[no-untyped-def]
    return next(f for f in FIELDS if f.key == key)


def _csv_workbooks(tmp: Path) -> list[Path]:
    """``offersheet new --offers`` as the command runs it: the CSV read by ``read_offers_csv``, pre-filled."""
    (tmp / "offers.csv").write_text(OFFERS_CSV, encoding="utf-8")
    rows = read_offers_csv(tmp / "offers.csv")
    return [
        new_workbook(tmp / f"csv{start}.xlsx", rows[start : start + 6], PROFILE_CELLS)
        for start in range(0, len(rows), 6)
    ]


def _results(rows: object) -> list[dict]:
    got = offersheet.evaluate_many(rows, profile=PROFILE)
    records = got.to_dict("records") if isinstance(got, pd.DataFrame) else got
    return [{k: r[k] for k in DATASET_KEYS} for r in records]


def test_ten_offers_through_four_entry_points_are_the_same_offers_with_the_same_results(tmp_path):
    typed = [o for p in _filled_workbooks(tmp_path) for o in read_workbook(p).offers]
    prefilled = [o for p in _csv_workbooks(tmp_path) for o in read_workbook(p).offers]
    constructed = [Offer(label=f"row {n}", **_codes(row)) for n, row in enumerate(_rows())]
    frame = pd.read_csv(io.StringIO(OFFERS_CSV))  # the same CSV, unchanged
    assert len(typed) == len(prefilled) == len(constructed) == len(frame) == 10
    for a, b, c in zip(typed, prefilled, constructed, strict=True):
        assert _fields(a) == _fields(b) == _fields(c), a.employer
    anthropic = constructed[1]
    assert (anthropic.target_bonus_pct, anthropic.effective_tax_rate_pct) == (0.1, 0.35)
    assert anthropic.equity_growth_bull_pct == pytest.approx((0.6, 0.3, 0.1))
    assert constructed[0].base_salary == 310_000 and constructed[0].target_bonus_pct == 0.15
    by_frame = _results(frame)
    for other in (typed, prefilled, constructed):
        for got, want in zip(_results(other), by_frame, strict=True):
            assert got.keys() == want.keys()
            for key, value in want.items():
                same = got[key] == value or (isinstance(value, float) and math.isclose(got[key], value))
                assert same, (want["employer"], key, got[key], value)
    assert all(r["verdict"] for r in by_frame)


# --- every ambiguous form, refused in every entry point -----------------------------------------------------

PERCENT_FIELDS = [f for f in OFFER_FIELDS + PROFILE_FIELDS if f.kind in ("percent", "growth")]
MONEY_FIELDS = [f for f in OFFER_FIELDS + PROFILE_FIELDS if f.kind == "money"]
REQUIRED = {"employer": "Acme", "role_category": "other", "employer_kind": "outside_ai"}


def _bare_percent() -> st.SearchStrategy:
    """A number above 1 with no % sign: 15 could be 15% or 1500%."""
    number = st.floats(1.01, 999, allow_nan=False).map(lambda x: round(x, 2)).filter(lambda x: abs(x) > 1)
    return st.one_of(number, number.map(lambda x: f"{x:g}"), number.map(lambda x: -x))


def _ambiguous_money() -> st.SearchStrategy:
    """A thousands point (310.000), a decimal comma (1.234,5; 1,5) or a sign of another currency."""
    head = st.integers(1, 999)
    point = st.tuples(head, st.integers(0, 999)).map(lambda t: f"{t[0]}.{t[1]:03d}")
    decimal_comma = st.tuples(head, st.integers(0, 999), st.integers(1, 99)).map(lambda t: f"{t[0]}.{t[1]:03d},{t[2]}")
    short_comma = st.tuples(st.integers(1, 999), st.integers(1, 99)).map(lambda t: f"{t[0]},{t[1]}")
    foreign = st.tuples(st.sampled_from(["£", "€", "₹", "GBP ", "EUR "]), st.integers(1, 999)).map(
        lambda t: f"{t[0]}{t[1]}k"
    )
    return st.one_of(point, decimal_comma, short_comma, foreign)


def _refused_everywhere(key: str, raw: object) -> None:
    """Offer(...)/Profile(...), the workbook reader's cell path, evaluate_many rows and the CSV pre-fill."""
    ref = default_reference()
    is_offer = any(f.key == key for f in OFFER_FIELDS)
    where = {"currency": "USD"} if is_offer else {}
    with pytest.raises(InputError) as built:
        Offer(**REQUIRED, **where, **{key: raw}) if is_offer else Profile(**{key: raw})
    assert key in str(built.value)
    # In a sheet a stored number in a percent cell is shown with its % sign (0.15 as 15%), so it reads one
    # way; the ambiguous form there is the number typed as text.
    typed = raw if isinstance(raw, str) else f"{raw:g}"
    with pytest.raises(InputError) as cell:
        if is_offer:
            offer_from_pairs({**REQUIRED, **where, key: typed}, "Offer 1", ref, lambda k: f"{OFFERS}!{k}", "USD")
        else:
            profile_from_pairs({key: typed}, ref, lambda k: f"Profile!{k}")
    assert key in str(cell.value)
    if is_offer:
        row = offersheet.evaluate_many([{**REQUIRED, **where, key: raw}], profile=PROFILE)[0]
        assert row["error"] and key in row["error"] and row["verdict"] is None


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PERCENT_FIELDS), _bare_percent())
def test_a_bare_number_above_one_is_refused_in_every_percent_field(f, raw):
    _refused_everywhere(f.key, raw)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(MONEY_FIELDS), _ambiguous_money())
def test_ambiguous_money_is_refused_in_every_money_field(f, raw):
    _refused_everywhere(f.key, raw)


@pytest.mark.parametrize(
    ("key", "raw", "says"),
    [
        ("target_bonus_pct", "15", "write 15% with the % sign"),
        ("base_salary", "310.000", "could be 310 or 310,000"),
        ("base_salary", "1.234,5", "decimal comma: write 1234.5"),
        ("base_salary", "£145k", 'an amount in USD, the offer\'s currency; "£145k" is in GBP'),
        ("base_salary", "-5000", "must not be negative"),
    ],
)
def test_the_prefill_refuses_what_the_reader_refuses_naming_the_row(tmp_path, key, raw, says):
    with pytest.raises(InputError) as info:
        new_workbook(tmp_path / "w.xlsx", [{**REQUIRED, "currency": "USD", key: raw}])
    assert says in str(info.value) and "offer row 1" in str(info.value)
    assert not (tmp_path / "w.xlsx").exists()


def test_a_typed_ambiguous_cell_is_refused_naming_the_cell(tmp_path):
    path = new_workbook(tmp_path / "w.xlsx", [{**REQUIRED, "currency": "USD"}])
    wb = openpyxl.load_workbook(path)
    for key, raw in (("base_salary", "310.000"), ("signing_bonus", "£5k"), ("equity_grant_value", "-5000")):
        sheet, ref = next(iter(wb.defined_names[defined_name(_field(key), 0)].destinations))
        wb[sheet][ref.replace("$", "")].value = raw
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_workbook(path)
    text = str(info.value)
    assert "Offers!D" in text and "could be 310 or 310,000" in text and "is in GBP" in text
    assert "must not be negative" in text
    assert "\n" in text and ";   " not in text  # one problem a line
