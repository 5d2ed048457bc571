"""Parity in a real spreadsheet application: LibreOffice recalculates, Python agrees, nothing shows an error."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest

from offersheet.model.compensation import vested_fraction, vesting_curves
from offersheet.workbook import evaluate_workbook, new_workbook
from tests.conftest import one
from tests.libreoffice import needs_soffice, recalculate

pytestmark = needs_soffice
ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")

# Offers that exercise every branch of the native formulas: shapes, cliffs, kinds, options, custom lists.
PARITY_OFFERS = [
    {
        "employer": "A",
        "role_category": "security",
        "employer_kind": "frontier_lab",
        "base_salary": 200_000,
        "target_bonus_pct": 0.1,
        "signing_bonus": 30_000,
        "equity_grant_value": 400_000,
        "equity_kind": "public_rsu",
        "vesting_shape": "front_loaded",
        "benefits_value": 10_000,
        "promotion_month": 6,
        "promotion_raise_pct": 0.1,
        "retirement_match_pct": 0.05,
        "retirement_match_cap": 9_000,
        "annual_raise_pct": 0.03,
        "effective_tax_rate_pct": 0.3,
        "cost_of_living_index": 120,
    },
    {
        "employer": "B",
        "role_category": "evaluations",
        "employer_kind": "frontier_lab",
        "base_salary": 150_000,
        "retirement_match_pct": 0.04,
        "equity_grant_value": 300_000,
        "equity_kind": "options",
        "option_strike_total": 100_000,
        "cliff_months": 18,
        "vesting_shape": "back_loaded",
        "vesting_frequency": "quarterly",
    },
    {
        "employer": "C",
        "role_category": "alignment_safety",
        "employer_kind": "frontier_lab",
        "base_salary": 250_000,
        "equity_grant_value": 500_000,
        "equity_kind": "private_tender",
        "vesting_shape": "custom",
        "vesting_custom_pcts": "5, 15, 40, 40",
        "vesting_frequency": "annual",
        "annual_refresher_value": 50_000,
    },
    {
        "employer": "D",
        "role_category": "product_applied",
        "employer_kind": "big_tech_ai",
        "base_salary": 180_000,
        "equity_grant_value": 240_000,
        "equity_kind": "ppu",
        "vesting_years": 3,
        "cliff_months": 0,
    },
    {
        "employer": "E",
        "role_category": "governance_policy",
        "employer_kind": "think_tank",
        "base_salary": 120_000,
        "equity_kind": "none",
    },
    {
        "employer": "F",
        "role_category": "capabilities_research",
        "employer_kind": "frontier_lab",
        "base_salary": 300_000,
        "equity_grant_value": 1_000_000,
        "equity_kind": "ppu",
        "vesting_years": 6,
        "cliff_months": 30,
    },
]


def _rows(ws):
    return {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value}


def _errors(wb):
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith(ERRORS):
                    found.append(f"{ws.title}!{c.coordinate}={c.value}")
    return found


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lo")
    template = new_workbook(tmp / "template.xlsx")
    filled = new_workbook(tmp / "filled.xlsx", PARITY_OFFERS, profile={"horizon_years": 5})
    result = evaluate_workbook(filled)
    t_out, f_out = recalculate([template, filled], tmp)
    return result, openpyxl.load_workbook(t_out, data_only=True), openpyxl.load_workbook(f_out, data_only=True)


def test_template_has_no_formula_errors(recalculated):
    _, template, _ = recalculated
    assert _errors(template) == []


def test_evaluated_workbook_has_no_visible_errors(recalculated):
    _, _, filled = recalculated
    assert _errors(filled) == []


def test_native_formulas_equal_python(recalculated):
    result, _, wb = recalculated
    ws = wb["Comparison"]
    rows = _rows(ws)
    p = result.inputs.reference.parameters.with_overrides(dict(result.inputs.profile.parameter_overrides))
    assert p.horizon_years == 5
    checked = 0
    for r, col in zip(result.evaluation.offers, "DEFGHI", strict=True):
        comp = r.compensation
        realisable = r.lockin.at(0).unvested_equity  # the initial grant: nothing has vested at month 0
        assert ws[f"{col}{rows['year1_pay']}"].value == pytest.approx(comp.years[0].total, rel=1e-9)
        as_offered = one(
            replace(r.offer, annual_raise_pct=0.0, promotion_month=None),
            result.inputs.profile,
            result.inputs.companies,
            result.inputs.reference,
        ).compensation
        assert ws[f"{col}{rows['horizon_pay']}"].value == pytest.approx(sum(y.total for y in as_offered.years))
        for key, paid in comp.years[0].parts.items():
            assert ws[f"{col}{rows[f'year1_{key}']}"].value == pytest.approx(paid, rel=1e-9, abs=1e-9), key
        assert ws[f"{col}{rows['realisable_grant']}"].value == pytest.approx(realisable)
        for n in range(1, 5):
            expect = realisable * (1 - vested_fraction(vesting_curves(r.offer)[0], 12 * n))
            assert ws[f"{col}{rows[f'unvested_month_{12 * n}']}"].value == pytest.approx(expect, abs=1e-6)
        # Without the add-in the verdict cells show the last evaluated values.
        assert ws[f"{col}{rows['verdict']}"].value == r.verdict
        assert ws[f"{col}{rows['company_score']}"].value == pytest.approx(round(r.company.score, 1))
        checked += 1
    assert checked == len(PARITY_OFFERS)


def test_companies_table_is_the_excel_table_so_added_rows_count(tmp_path):
    """companies_table names the Companies Excel Table (a structured reference), not a fixed range: a row added
    to the table is part of what the functions receive. LibreOffice resolves it as Excel does."""
    path = new_workbook(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.defined_names["companies_table"].attr_text == "Companies[[#All]]"
    ws, table = wb["Companies"], wb["Companies"].tables["Companies"]
    rows = ws.max_row
    ws.cell(rows + 1, 1, "New Lab")  # a company added below the table, and the table grown to hold it
    table.ref = f"A1:N{rows + 1}"
    wb["Comparison"]["P2"] = "=ROWS(companies_table)"
    wb["Comparison"]["P3"] = "=INDEX(companies_table,ROWS(companies_table),1)"
    wb.save(path)
    (out,) = recalculate([path], tmp_path)
    got = openpyxl.load_workbook(out, data_only=True)["Comparison"]
    assert got["P2"].value == rows + 1 and got["P3"].value == "New Lab"


def test_an_unevaluated_workbook_says_so_never_zero(tmp_path):
    path = new_workbook(tmp_path / "fresh.xlsx", [PARITY_OFFERS[0]])
    (out,) = recalculate([path], tmp_path)
    ws = openpyxl.load_workbook(out, data_only=True)["Comparison"]
    rows = _rows(ws)
    for key in ("verdict", "company_score", "acceleration_risk", "total_comp_horizon"):
        assert ws[f"D{rows[key]}"].value == "not evaluated yet", key
        assert ws[f"E{rows[key]}"].value in (None, ""), key  # an empty offer column stays empty
