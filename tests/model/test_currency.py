"""Money in the person's own currency: a GBP offer against a USD offer at a stated rate, through new (CSV pre-fill)
-> evaluate (CLI --json) -> exports, and through the sheet's own formulas in LibreOffice. Golden values by hand."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest
from click.testing import CliRunner

import offersheet
from offersheet.cli import cli
from offersheet.model import InputError, Offer, Profile
from offersheet.workbook import evaluate_workbook, new_workbook
from tests.libreoffice import needs_soffice, recalculate

# Home currency USD; 1 GBP = 1.25 USD, looked up on 2026-11-02. Plain salaries, nothing else, no tax.
# GBP offer: 100,000 GBP a year = 125,000 USD; over the 4-year horizon 500,000 USD.
# USD offer: 120,000 USD a year; 480,000 USD over 4 years. Gap for the GBP offer: +5,000 USD a year.
PROFILE = {
    "home_currency": "USD",
    "fx_gbp": 1.25,
    "fx_date": "2026-11-02",
    "liquid_savings": 50_000,
    "monthly_essential_spending": 4_000,
}
OFFERS_CSV = (
    "employer,role_category,employer_kind,currency,base_salary\n"
    "UK AI Security Institute,evaluations,government_institute,GBP,100000\n"
    "METR,evaluations,nonprofit_research,USD,120000\n"
)


@pytest.fixture
def workbook(tmp_path):
    csv_path = tmp_path / "offers.csv"
    csv_path.write_text(OFFERS_CSV)
    path = tmp_path / "two-currencies.xlsx"
    result = CliRunner().invoke(cli, ["new", str(path), "--offers", str(csv_path)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)  # the person fills Profile: home currency and the rate they looked up
    for key, value in PROFILE.items():
        sheet, coord = next(iter(wb.defined_names[key].destinations))
        wb[sheet][coord.replace("$", "")].value = value
    wb.save(path)
    return path


def test_a_gbp_offer_against_a_usd_offer_at_a_stated_rate(workbook, tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", str(workbook), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["currency"], doc["rates_as_of"]) == ("USD", "2026-11-02")
    uk, metr = doc["offers"]
    assert (uk["currency"], uk["rate"], metr["currency"], metr["rate"]) == ("GBP", 1.25, "USD", 1.0)
    assert uk["scores"]["total_comp_horizon"] == 500_000 and metr["scores"]["total_comp_horizon"] == 480_000
    assert uk["scores"]["total_comp_year1"] == 125_000
    report = openpyxl.load_workbook(workbook)["Report"]
    rows = {report.cell(r, 1).value: r for r in range(1, report.max_row + 1)}
    assert report.cell(rows["currency"], 4).value == "USD"
    assert report.cell(rows["offer_currency"], 4).value == "GBP (1 GBP = 1.25 USD)"
    assert report.cell(rows["offer_currency"], 5).value == "USD"
    assert report.cell(rows["pay_gap"], 4).value == pytest.approx(5_000)
    assert report.cell(rows["total_comp_horizon"], 4).number_format == '"$"#,##0;-"$"#,##0'
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["export", str(workbook), "--out", str(out), "--format", "csv", "-q"]).exit_code == 0
    with open(next(out.glob("*comparison*.csv")), newline="", encoding="utf-8-sig") as f:
        header, *offers = csv.reader(f)  # one offer per row
    amounts = header.index("Amounts in")
    assert [offer[amounts] for offer in offers[:2]] == ["USD", "USD"]


def test_the_same_offers_in_the_other_home_currency_scale_by_the_rate():
    # Home GBP, 1 USD = 0.8 GBP: the USD offer is 96,000 GBP a year, the GBP offer 100,000 GBP.
    profile = Profile(home_currency="GBP", fx_usd=0.8)
    ev = offersheet.evaluate(
        [
            Offer("UK AISI", "evaluations", "government_institute", label="UK", currency="GBP", base_salary=100_000),
            Offer("METR", "evaluations", "nonprofit_research", label="US", currency="USD", base_salary=120_000),
        ],
        profile=profile,
    )
    uk, us = ev.offers
    assert uk.compensation.year1 == pytest.approx(100_000) and us.compensation.year1 == pytest.approx(96_000)
    assert uk.alternative.pay_gap == pytest.approx(4_000) and ev.currency == "GBP"
    assert us.offer.currency == "USD" and us.offer.base_salary == 120_000  # the offer is kept as given
    many = offersheet.evaluate_many([us.offer], profile=profile)
    assert many[0]["total_comp_year1"] == pytest.approx(96_000)


def test_a_currency_without_a_rate_is_an_error_naming_the_cell(workbook):
    wb = openpyxl.load_workbook(workbook)
    sheet, coord = next(iter(wb.defined_names["fx_gbp"].destinations))
    wb[sheet][coord.replace("$", "")].value = None
    wb.save(workbook)
    before = workbook.read_bytes()
    with pytest.raises(InputError) as err:
        evaluate_workbook(workbook)
    message = str(err.value)
    assert "Offers!D" in message and 'currency = "GBP"' in message and "fx_gbp" in message
    assert workbook.read_bytes() == before
    with pytest.raises(InputError, match="fx_gbp"):
        offersheet.evaluate([Offer("X", "other", "outside_ai", currency="GBP", base_salary=1)])


@needs_soffice
def test_the_sheet_converts_as_the_model_does(workbook, tmp_path):
    (out,) = recalculate([workbook], tmp_path)
    ws = openpyxl.load_workbook(out, data_only=True)["Comparison"]
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    assert ws.cell(rows["rate"], 4).value == 1.25 and ws.cell(rows["rate"], 5).value == 1
    assert ws.cell(rows["year1_pay"], 4).value == pytest.approx(125_000)
    assert ws.cell(rows["horizon_pay"], 4).value == pytest.approx(500_000)
    assert ws.cell(rows["horizon_pay"], 5).value == pytest.approx(480_000)
    blank = new_workbook(
        tmp_path / "blank.xlsx",
        [{"employer": "A", "role_category": "other", "employer_kind": "outside_ai", "base_salary": 1000}],
    )
    (out,) = recalculate([blank], tmp_path)
    ws = openpyxl.load_workbook(out, data_only=True)["Comparison"]
    assert ws.cell(rows["rate"], 4).value == 1  # no currency, blank home currency: the default, rate 1
