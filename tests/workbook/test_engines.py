"""The engine (through a workbook's evaluate and through evaluate_many) and the sheet's native formulas
(recalculated in LibreOffice) agree input by input, because both read the spec.

Nothing here names a pay input: the perturbation test walks ``spec.pay.PAY`` and the blank test walks
``spec.inputs``, so a new pay component or input is covered without editing this file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

import offersheet
from offersheet.spec.inputs import BY_KEY, OFFER_FIELDS, PROFILE_FIELDS
from offersheet.spec.pay import PAY
from offersheet.workbook import new_workbook, read_workbook
from offersheet.workbook.schema import defined_name
from offersheet.workbook.template import display_default
from tests.libreoffice import SOFFICE, needs_soffice, recalculate

# One offer with every pay component in play (sheet units: percentages as fractions).
BASE = {
    "employer": "A",
    "role_category": "security",
    "employer_kind": "frontier_lab",
    "base_salary": 200_000,
    "target_bonus_pct": 0.1,
    "signing_bonus": 30_000,
    "equity_grant_value": 400_000,
    "equity_kind": "public_rsu",
    "annual_refresher_value": 20_000,
    "benefits_value": 10_000,
    "retirement_match_pct": 0.05,
    "retirement_match_cap": 12_000,
    "effective_tax_rate_pct": 0.3,
    "cost_of_living_index": 120,
}
PROFILE = {"fallback_annual_pay": 150_000}
BUMP = {"money": 10_000, "percent": 0.02}


def _bumped(key: str) -> dict:
    return {**BASE, key: BASE.get(key, 0) + BUMP[BY_KEY[key].kind]}


def _rows(ws) -> dict[str, int]:
    return {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value}


@pytest.fixture(scope="module")
def perturbed(tmp_path_factory):
    """Per pay input: the base offer and the bumped one, read back from real workbooks (as every engine
    would get them), and the LibreOffice-recalculated Comparison values (year 1, horizon) of both."""
    tmp = tmp_path_factory.mktemp("perturb")
    keys = [c.key for c in PAY]
    books, where = [], {}
    for n in range(0, len(keys), 5):  # the base in the first column, five bumped offers beside it
        chunk = keys[n : n + 5]
        path = new_workbook(tmp / f"perturb{n}.xlsx", [BASE, *(_bumped(k) for k in chunk)], PROFILE)
        books.append(path)
        where.update({k: (len(books) - 1, j + 1) for j, k in enumerate(chunk)})
    inputs = [read_workbook(p) for p in books]
    sheet = []
    for out in recalculate(books, tmp) if SOFFICE else []:
        ws = openpyxl.load_workbook(out, data_only=True)["Comparison"]
        rows = _rows(ws)
        sheet.append(
            [(ws.cell(rows["year1_pay"], 4 + c).value, ws.cell(rows["horizon_pay"], 4 + c).value) for c in range(6)]
        )
    return keys, where, inputs, sheet


def _scalar(offer, profile):
    r = offersheet.evaluate([offer], profile=profile, with_stability=False).offers[0]
    return r.compensation


def test_every_pay_input_moves_a_workbook_and_a_dataset_alike(perturbed):
    keys, where, inputs, _ = perturbed
    for key in keys:
        book, col = where[key]
        got = inputs[book]
        base, bumped = got.offers[0], got.offers[col]
        assert getattr(bumped, key) != getattr(base, key), key
        before, after = _scalar(base, got.profile), _scalar(bumped, got.profile)
        many = offersheet.evaluate_many([base, replace(bumped, label="bumped")], profile=got.profile)
        assert after.year1 - before.year1 == pytest.approx(
            many[1]["total_comp_year1"] - many[0]["total_comp_year1"], rel=1e-9, abs=1e-6
        ), key
        assert after.horizon_total - before.horizon_total == pytest.approx(
            many[1]["total_comp_horizon"] - many[0]["total_comp_horizon"], rel=1e-9, abs=1e-6
        ), key
        assert after.horizon_total != pytest.approx(before.horizon_total), f"{key} changes no pay"


@needs_soffice
def test_every_pay_input_moves_the_sheet_as_it_moves_the_model(perturbed):
    keys, where, inputs, sheet = perturbed
    for key in keys:
        book, col = where[key]
        got = inputs[book]
        before, after = _scalar(got.offers[0], got.profile), _scalar(got.offers[col], got.profile)
        (year1_0, horizon_0), (year1_1, horizon_1) = sheet[book][0], sheet[book][col]
        # The sheet shows pay as offered: nominal, before tax; the model's years hold the same nominal totals.
        assert year1_1 - year1_0 == pytest.approx(after.years[0].total - before.years[0].total, rel=1e-9), key
        assert horizon_1 - horizon_0 == pytest.approx(
            sum(y.total for y in after.years) - sum(y.total for y in before.years), rel=1e-9
        ), key


# --- blank means default --------------------------------------------------------------------------------------

WITH_EQUITY = {
    "employer": "A",
    "role_category": "security",
    "employer_kind": "frontier_lab",
    "base_salary": 200_000,
    "equity_grant_value": 400_000,
    "equity_kind": "public_rsu",
}
WITHOUT_EQUITY = {
    "employer": "B",
    "role_category": "evaluations",
    "employer_kind": "government_institute",
    "base_salary": 120_000,
}


def _typed_defaults(given: dict) -> dict:
    return {**{f.key: display_default(f) for f in OFFER_FIELDS if display_default(f) is not None}, **given}


def _blank_all_but(path: Path, given: list[dict]) -> None:
    """Empty every input cell (offers and profile) except the ones given and the required ones."""
    wb = openpyxl.load_workbook(path)
    for i, keep in enumerate(given):
        for f in OFFER_FIELDS:
            if f.key not in keep:
                _cell(wb, defined_name(f, i)).value = None
    for f in PROFILE_FIELDS:
        if not f.required:
            _cell(wb, f.key).value = None
    wb.save(path)


def _cell(wb, name):
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][coord.replace("$", "")]


@pytest.fixture(scope="module")
def blank_and_typed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("blank")
    profile = {f.key: display_default(f) for f in PROFILE_FIELDS if display_default(f) is not None}
    typed = new_workbook(tmp / "typed.xlsx", [_typed_defaults(WITH_EQUITY), _typed_defaults(WITHOUT_EQUITY)], profile)
    blank = new_workbook(tmp / "blank.xlsx", [WITH_EQUITY, WITHOUT_EQUITY])
    _blank_all_but(blank, [WITH_EQUITY, WITHOUT_EQUITY])
    return tmp, typed, blank


def test_every_blank_input_reads_as_its_default_typed_in(blank_and_typed):
    _, typed, blank = blank_and_typed
    a, b = read_workbook(typed), read_workbook(blank)
    assert a.offers == b.offers
    assert a.profile == b.profile
    blank_sheet = openpyxl.load_workbook(blank)
    assert all(
        _cell(blank_sheet, defined_name(f, 0)).value is None for f in OFFER_FIELDS if f.key not in WITH_EQUITY
    )  # the cells really are empty


@needs_soffice
def test_every_blank_input_computes_as_its_default_in_the_sheet(blank_and_typed):
    tmp, typed, blank = blank_and_typed
    out_typed, out_blank = recalculate([typed, blank], tmp)
    a = openpyxl.load_workbook(out_typed, data_only=True)["Comparison"]
    b = openpyxl.load_workbook(out_blank, data_only=True)["Comparison"]
    rows = _rows(a)
    checked = 0
    for key, r in rows.items():
        if key in ("Key",) or (a.cell(r, 4).value is None and b.cell(r, 4).value is None):
            continue
        for col in (4, 5):
            assert a.cell(r, col).value == b.cell(r, col).value, (key, col)
        checked += 1
    assert checked >= 20 and a.cell(rows["year1_pay"], 4).value > 200_000


@needs_soffice
def test_text_amounts_compute_as_the_reader_reads_them(tmp_path):
    """'$200k', '200,000' and '10%' typed as text: the reader and the formulas read the same numbers."""
    numbers = new_workbook(tmp_path / "numbers.xlsx", [{**WITH_EQUITY, "target_bonus_pct": 0.1}])
    text = new_workbook(tmp_path / "text.xlsx", [WITH_EQUITY])
    wb = openpyxl.load_workbook(text)
    for key, value in (("base_salary", "$200k"), ("equity_grant_value", "400,000"), ("target_bonus_pct", "10%")):
        cell = _cell(wb, defined_name(BY_KEY[key], 0))
        cell.value, cell.data_type = value, "s"
    wb.save(text)
    assert read_workbook(text).offers == read_workbook(numbers).offers
    a, b = (openpyxl.load_workbook(p, data_only=True)["Comparison"] for p in recalculate([numbers, text], tmp_path))
    rows = _rows(a)
    for key in ("year1_pay", "horizon_pay", "realisable_grant", "unvested_month_12"):
        assert b.cell(rows[key], 4).value == pytest.approx(a.cell(rows[key], 4).value), key
