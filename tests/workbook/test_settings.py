"""Model settings on Profile: a unit format and a number range on every row, and the reader (and
``Parameters`` in Python) refusing values out of range and thresholds out of order, naming the cells."""

from __future__ import annotations

import openpyxl
import pytest

import offersheet
from offersheet import Offer, Profile
from offersheet.defaults import default_reference
from offersheet.model import InputError
from offersheet.spec.settings import SETTINGS
from offersheet.workbook import new_workbook, read_workbook
from offersheet.workbook.settings import setting_keys

OFFER = {
    "employer": "Anthropic",
    "role_category": "alignment_safety",
    "employer_kind": "frontier_lab",
    "base_salary": 250_000,
}


def _setting_cell(wb, key):  # type: ignore[no-untyped-def]
    sheet, ref = next(iter(wb.defined_names[key].destinations))
    return wb[sheet][ref.replace("$", "")]


def test_every_setting_row_has_a_range_an_input_message_and_a_unit_format(tmp_path):
    wb = openpyxl.load_workbook(new_workbook(tmp_path / "w.xlsx", [OFFER]))
    ws = wb["Profile"]
    keys = setting_keys(default_reference())
    assert set(keys) <= set(SETTINGS)
    for key in keys:
        cell, f = _setting_cell(wb, key), SETTINGS[key]
        rules = [dv for dv in ws.data_validations.dataValidation if cell.coordinate in dv.sqref]
        assert len(rules) == 1, key
        dv = rules[0]
        assert dv.type in ("decimal", "whole") and float(dv.formula1) == f.lo and float(dv.formula2) == f.hi
        assert dv.showInputMessage and dv.prompt and f.unit in dv.prompt
        assert ("%" in cell.number_format) == (f.kind == "percent"), key
    assert "%" in _setting_cell(wb, "discount_rate").number_format


@pytest.mark.parametrize(
    ("key", "raw", "says"),
    [
        ("discount_rate", "5", "write 5% with the % sign"),
        ("discount_rate", 5, "500% is out of range"),  # a number in a percent cell: 5 shows as 500%
        ("horizon_years", 40, "out of range"),
        ("weight_lockin", -1, "out of range"),
    ],
)
def test_the_reader_refuses_a_setting_out_of_range_naming_the_cell(tmp_path, key, raw, says):
    path = new_workbook(tmp_path / "w.xlsx", [OFFER])
    wb = openpyxl.load_workbook(path)
    cell = _setting_cell(wb, key)
    cell.value = raw
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_workbook(path)
    text = str(info.value)
    assert f"Profile!{cell.coordinate}" in text and key in text and says in text


def test_thresholds_out_of_order_are_refused_naming_both_cells(tmp_path):
    path = new_workbook(tmp_path / "w.xlsx", [OFFER])
    wb = openpyxl.load_workbook(path)
    strong, safeguards = _setting_cell(wb, "strong"), _setting_cell(wb, "safeguards")
    strong.value = 10  # below Take with safeguards (12)
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_workbook(path)
    text = str(info.value)
    assert f"Profile!{strong.coordinate}" in text and f"Profile!{safeguards.coordinate}" in text
    assert "Strong candidate" in text and "Take with safeguards" in text


def test_parameters_in_python_take_the_same_checks():
    ref = default_reference()
    assert ref.with_parameters({"discount_rate": "5%"}).parameters.discount_rate == pytest.approx(0.05)
    with pytest.raises(InputError, match="discount_rate"):
        ref.with_parameters({"discount_rate": 5})
    with pytest.raises(InputError, match="must not be below it"):
        ref.with_parameters({"strong": 10})
    with pytest.raises(InputError, match="trust_full"):
        ref.with_parameters({"trust_full": 20})
    with pytest.raises(InputError, match="a known parameter name"):
        ref.with_parameters({"no_such_setting": 1})
    with pytest.raises(InputError, match="discount_rate"):
        offersheet.evaluate([Offer(**OFFER)], profile=Profile(parameter_overrides=(("discount_rate", 5.0),)))
