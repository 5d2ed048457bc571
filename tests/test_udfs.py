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
from offersheet.workbook.plan import report_values
from offersheet.xl import core
from tests.corpus.generate import _sheet_xml

EXPECTED_FUNCTIONS = {
    "OFFERSHEET_VERDICT",
    "OFFERSHEET_SCORES",
    "OFFERSHEET_TOTAL_COMP",
    "OFFERSHEET_LOCKIN",
    "OFFERSHEET_ACCELERATION_RISK",
    "OFFERSHEET_COMPANY_SCORE",
    "OFFERSHEET_ASKS",
    "OFFERSHEET_STABILITY",
    "OFFERSHEET_RESULT",
}


def call(name, *args):
    data = {
        "func_name": name,
        "args": [a if isinstance(a, list) else [[a]] for a in args],
        "version": xw.__version__,
        "client": "Office.js",
        "runtime": "1.4",
        "culture_info_name": "en-US",
        "caller_address": "Comparison!D30",
        "formula_name": name,
    }
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
    ranges = (
        grid(wb["Offers"], f"A2:A{last}"),
        grid(wb["Offers"], f"D2:I{last}"),
        grid(wb["Profile"], f"A2:C{profile_last}"),
        grid(wb["Companies"], f"A1:N{wb['Companies'].max_row}"),
    )
    return result, ranges


def test_meta_lists_every_function_with_parameters_and_descriptions():
    meta = server.custom_functions_meta(udfs)
    by_name = {f["name"]: f for f in meta["functions"]}
    assert set(by_name) >= EXPECTED_FUNCTIONS
    for name in EXPECTED_FUNCTIONS:
        f = by_name[name]
        assert f["description"]
        extra = ["output"] if name == "OFFERSHEET_RESULT" else []
        assert [p["name"] for p in f["parameters"]] == ["keys", "offers", "profile", "companies", "offer", *extra]
        assert all(p["description"] and not p["description"].startswith("Positional") for p in f["parameters"])


def test_udf_results_equal_the_model(example):
    result, ranges = example
    for n, r in enumerate(result.evaluation.offers, 1):
        shown = report_values(r)  # the single-value functions give what Report shows, rounded by the spec
        assert call("OFFERSHEET_VERDICT", *ranges, n) == [[r.verdict]] == [[shown["verdict"]]]
        assert call("OFFERSHEET_COMPANY_SCORE", *ranges, n) == [[shown["company_score"]]]
        assert call("OFFERSHEET_ACCELERATION_RISK", *ranges, n) == [[shown["acceleration_risk"]]]
        assert call("OFFERSHEET_TOTAL_COMP", *ranges, n) == [[shown["total_comp_horizon"]]]
        assert call("OFFERSHEET_STABILITY", *ranges, n) == [[shown["stability"]]]
        scores = call("OFFERSHEET_SCORES", *ranges, n)
        assert scores[0] == list(core.SCORE_HEADERS) and scores[1][0] == r.verdict
        lock = call("OFFERSHEET_LOCKIN", *ranges, n)
        assert lock[0] == list(core.LOCKIN_HEADERS) and len(lock) == len(r.lockin.schedule) + 1
        assert lock[13][4] == pytest.approx(r.lockin.at(12).forfeit, abs=0.01)
        assert call("OFFERSHEET_ASKS", *ranges, n) == [[a] for a in r.letters.asks]
    assert " would make it " in call("OFFERSHEET_STABILITY", *ranges, 1)[0][0]
    assert call("OFFERSHEET_VERDICT", *ranges, 6) == [[""]]  # an empty column gives an empty cell


def test_every_report_row_is_a_result_function_gives(example):
    """OFFERSHEET_RESULT gives any Report row by its key, exactly as Report shows it (evaluate's own values)."""
    result, ranges = example
    for n, r in enumerate(result.evaluation.offers, 1):
        for key, value in report_values(r).items():
            assert call("OFFERSHEET_RESULT", *ranges, n, key) == [["" if value is None else value]], (n, key)
    assert call("OFFERSHEET_RESULT", *ranges, 6, "lock_in") == [[""]]  # an empty column gives an empty cell
    out = call("OFFERSHEET_RESULT", *ranges, 1, "lockin")[0][0]
    assert out.startswith("offersheet: no result named 'lockin'") and "lock_in" in out


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


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("role_category", "Wizardry"), "role_category"),
        (("base_salary", "lots"), '"lots" is not a number'),
        (("cliff_months", 60), "at most the vesting period"),
    ],
)
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


def _enclosing_calls(formula):
    """For each function called in a formula, the function it is an argument of (None at the top)."""
    from openpyxl.formula import Tokenizer

    stack, out = [None], []
    for token in Tokenizer(formula).items:
        if token.type == "FUNC" and token.subtype == "OPEN":
            name = token.value[:-1].upper()
            out.append((name, stack[-1]))
            stack.append(name)
        elif token.type == "FUNC" and token.subtype == "CLOSE":
            stack.pop()
    return out


def test_no_template_cell_spills_an_array_function(example):
    """Excel 365 spills an array function only from a cell carrying the dynamic-array mark (cm, pointing at
    XLDAPR cell metadata), which openpyxl does not write; without it Excel shows one item behind an implicit @.
    So the template calls an array function only as an argument of TEXTJOIN, which joins its items into the one
    cell (the design's rule: template cells are single values). Which functions return arrays is measured by
    calling each through xlwings' runtime."""
    from pathlib import Path

    _, ranges = example
    arrays = set()
    for name in EXPECTED_FUNCTIONS:
        value = call(name, *ranges, 1)
        if isinstance(value, list) and (len(value) > 1 or len(value[0]) > 1):
            arrays.add(name)
    assert arrays == {"OFFERSHEET_SCORES", "OFFERSHEET_LOCKIN", "OFFERSHEET_ASKS"}
    cells, metadata, _, _ = _formula_cells(Path(__file__).parent.parent / "workbooks" / "offersheet-template.xlsx")
    called = [
        (ref, fn, outer)
        for ref, _, _, text in cells
        for fn, outer in _enclosing_calls("=" + text)
        if fn.startswith("OFFERSHEET_")
    ]
    assert {fn for _, fn, _ in called} >= EXPECTED_FUNCTIONS - arrays | {"OFFERSHEET_ASKS"}
    in_arrays = [(ref, outer) for ref, fn, outer in called if fn in arrays]
    assert len(in_arrays) == 6 and all(outer == "_XLFN.TEXTJOIN" for _, outer in in_arrays), in_arrays
    assert not any('cm="' in attrs for _, attrs, _, _ in cells) and metadata == ""
