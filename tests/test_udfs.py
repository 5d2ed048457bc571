"""Worksheet functions driven through xlwings' own Office.js/Lite runtime, with the arrays Excel sends."""

from __future__ import annotations

import asyncio
import datetime as dt

import openpyxl
import pytest
import xlwings as xw
from xlwings import server

import offersheet.udfs as udfs
from offersheet.workbook import evaluate_workbook
from offersheet.xl import core
from tests.corpus.generate import _sheet_xml

EXPECTED_FUNCTIONS = {"OFFERSHEET_VERDICT", "OFFERSHEET_SCORES", "OFFERSHEET_TOTAL_COMP", "OFFERSHEET_LOCKIN",
                      "OFFERSHEET_ACCELERATION_RISK", "OFFERSHEET_COMPANY_SCORE", "OFFERSHEET_ASKS",
                      "OFFERSHEET_STABILITY"}


def call(name, *args):
    data = {"func_name": name, "args": [a if isinstance(a, list) else [[a]] for a in args],
            "version": xw.__version__, "client": "Office.js", "runtime": "1.4", "culture_info_name": "en-US",
            "caller_address": "Comparison!D30", "formula_name": name}
    return asyncio.run(server.custom_functions_call(data, udfs))


def grid(ws, cells):
    return [[c.value for c in row] for row in ws[cells]]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    import shutil
    from pathlib import Path

    path = tmp_path_factory.mktemp("udf") / "example.xlsx"
    shutil.copy(Path(__file__).parent.parent / "workbooks" / "example-offers.xlsx", path)
    result = evaluate_workbook(path)
    wb = openpyxl.load_workbook(path)
    last = 1 + wb["Offers"].max_row - 1
    profile_last = wb["Profile"].max_row
    ranges = (grid(wb["Offers"], f"A2:A{last}"), grid(wb["Offers"], f"D2:I{last}"),
              grid(wb["Profile"], f"A2:C{profile_last}"), grid(wb["Companies"], f"A1:N{wb['Companies'].max_row}"))
    return result, ranges


def test_meta_lists_every_function_with_parameters_and_descriptions():
    meta = server.custom_functions_meta(udfs)
    by_name = {f["name"]: f for f in meta["functions"]}
    assert set(by_name) >= EXPECTED_FUNCTIONS
    for name in EXPECTED_FUNCTIONS:
        f = by_name[name]
        assert f["description"]
        assert [p["name"] for p in f["parameters"]] == ["keys", "offers", "profile", "companies", "offer"]
        assert all(p["description"] and not p["description"].startswith("Positional") for p in f["parameters"])


def test_udf_results_equal_the_model(example):
    result, ranges = example
    for n, r in enumerate(result.evaluation.offers, 1):
        assert call("OFFERSHEET_VERDICT", *ranges, n) == [[r.verdict]]
        assert call("OFFERSHEET_COMPANY_SCORE", *ranges, n) == [[round(r.company.score, 2)]]
        assert call("OFFERSHEET_ACCELERATION_RISK", *ranges, n) == [[round(r.impact.acceleration, 2)]]
        assert call("OFFERSHEET_TOTAL_COMP", *ranges, n) == [[round(r.compensation.horizon_total, 2)]]
        scores = call("OFFERSHEET_SCORES", *ranges, n)
        assert scores[0] == list(core.SCORE_HEADERS) and scores[1][0] == r.verdict
        lock = call("OFFERSHEET_LOCKIN", *ranges, n)
        assert lock[0] == list(core.LOCKIN_HEADERS) and len(lock) == len(r.lockin.schedule) + 1
        assert lock[13][4] == pytest.approx(r.lockin.at(12).forfeit, abs=0.01)
        assert call("OFFERSHEET_ASKS", *ranges, n) == [[a] for a in r.letters.asks]
    assert " would make it " in call("OFFERSHEET_STABILITY", *ranges, 1)[0][0]
    assert call("OFFERSHEET_VERDICT", *ranges, 6) == [[""]]  # an empty column gives an empty cell


def test_empty_cells_text_numbers_and_dates(example):
    _, (keys, offers, profile, companies) = example
    rows = {k[0]: i for i, k in enumerate(keys)}
    edited = [list(r) for r in offers]
    edited[rows["base_salary"]][0] = "310,000"
    edited[rows["signing_bonus"]][0] = None
    assert call("OFFERSHEET_VERDICT", keys, edited, profile, companies, 1) == [["Avoid"]]
    edited[rows["base_salary"]][0] = dt.datetime(2025, 1, 1)
    out = call("OFFERSHEET_VERDICT", keys, edited, profile, companies, 1)[0][0]
    assert out.startswith("offersheet input problem") and "base_salary" in out


@pytest.mark.parametrize(("change", "expected"), [
    (("role_category", "Wizardry"), "role_category"),
    (("base_salary", "lots"), '"lots" is not a number'),
    (("cliff_months", 60), "at most the vesting period"),
])
def test_bad_values_give_a_readable_message(example, change, expected):
    _, (keys, offers, profile, companies) = example
    rows = {k[0]: i for i, k in enumerate(keys)}
    edited = [list(r) for r in offers]
    edited[rows[change[0]]][0] = change[1]
    out = call("OFFERSHEET_VERDICT", keys, edited, profile, companies, 1)[0][0]
    assert out.startswith("offersheet input problem") and expected in out and "Offer 1" in out


def test_bad_range_shapes_are_named(example):
    _, (keys, offers, profile, companies) = example
    out = call("OFFERSHEET_VERDICT", keys[:5], offers, profile, companies, 1)[0][0]
    assert "key column has 5 rows" in out
    assert "offer must be a number" in call("OFFERSHEET_VERDICT", keys, offers, profile, companies, "x")[0][0]


def _formula_cells(path):
    """Comparison's formula cells as written in the file: (ref, cell attributes, formula attributes, text)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        sheet = z.read(_sheet_xml("Comparison")).decode()
        metadata = z.read("xl/metadata.xml").decode() if "xl/metadata.xml" in z.namelist() else ""
        rels, types = z.read("xl/_rels/workbook.xml.rels").decode(), z.read("[Content_Types].xml").decode()
    cells = re.findall(r'<c r="([A-Z]+\d+)"([^>]*)><f([^>]*)>([^<]*)</f>', sheet)
    return cells, metadata, rels, types


def test_array_functions_are_written_as_dynamic_arrays(example):
    """Excel 365's rule: a formula whose function returns an array spills only when the cell carries the
    dynamic-array mark (cm, pointing at XLDAPR cell metadata); without it Excel adds an implicit @. Which
    functions return arrays is measured by calling each through xlwings' runtime."""
    from pathlib import Path

    _, ranges = example
    arrays = set()
    for name in EXPECTED_FUNCTIONS:
        value = call(name, *ranges, 1)
        if isinstance(value, list) and (len(value) > 1 or len(value[0]) > 1):
            arrays.add(name)
    assert arrays == {"OFFERSHEET_SCORES", "OFFERSHEET_LOCKIN", "OFFERSHEET_ASKS"}
    cells, metadata, rels, types = _formula_cells(Path(__file__).parent.parent / "workbooks"
                                                  / "offersheet-template.xlsx")
    calling = [(ref, c, f) for ref, c, f, text in cells if any(f"{name}(" in text for name in arrays)]
    assert len(calling) == 6  # one per offer column
    for ref, cell_attrs, formula_attrs in calling:
        assert 'cm="1"' in cell_attrs and 't="array"' in formula_attrs and f'ref="{ref}"' in formula_attrs, ref
    single = [ref for ref, c, f, text in cells if "OFFERSHEET_" in text and not any(f"{n}(" in text for n in arrays)]
    assert single and all('cm="1"' not in c for ref, c, f, text in cells if ref in single)
    assert 'name="XLDAPR"' in metadata and 'fDynamic="1"' in metadata and '<rc t="1" v="0"/>' in metadata
    assert "relationships/sheetMetadata" in rels and "spreadsheetml.sheetMetadata+xml" in types
