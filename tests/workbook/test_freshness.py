"""Freshness: Start and Comparison say whether the results still match the inputs, by a native formula that
computes the same fingerprint Python records at evaluation (workbook.freshness), recalculated in LibreOffice."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from offersheet.workbook import evaluate_workbook, read_workbook
from offersheet.workbook.cells import WorksheetGrid
from offersheet.workbook.freshness import CHANGED, FRESH, NEVER, fingerprint
from offersheet.workbook.plan import STATUS_ROW, report_values
from offersheet.workbook.reader import read_sheets
from tests.libreoffice import needs_soffice, recalculate

TEMPLATE = Path(__file__).parent.parent.parent / "workbooks" / "offersheet-template.xlsx"


def _set(path: Path, name: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    wb[sheet][coord.replace("$", "")].value = value
    wb.save(path)


def _set_cell(path: Path, sheet: str, coord: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    wb[sheet][coord].value = value
    wb.save(path)


def _messages(out: Path) -> tuple[str, str]:
    wb = openpyxl.load_workbook(out, data_only=True)
    start = wb["Start"].cell(STATUS_ROW + 5, 2).value
    comparison = next(
        c.value
        for row in wb["Comparison"].iter_rows(min_col=4, max_col=4)
        for c in row
        if c.value in (CHANGED, FRESH, NEVER)
    )
    return start, comparison


def test_python_reads_the_same_fingerprint_from_either_reader(example_copy):
    evaluate_workbook(example_copy)
    lean = read_workbook(example_copy).fingerprint
    wb = openpyxl.load_workbook(example_copy)
    full = fingerprint(lambda name: WorksheetGrid(wb[name], None) if name in wb.sheetnames else None)
    assert lean == pytest.approx(full, rel=1e-15) and lean > 0
    assert openpyxl.load_workbook(example_copy)["Start"].cell(STATUS_ROW + 3, 2).value == pytest.approx(lean)


def test_inputs_and_fingerprint_parse_each_sheet_once(example_copy):
    """The fingerprint reads the same input sheets as the reader: from the grids already parsed, not again."""
    wb = openpyxl.load_workbook(example_copy)
    asked: list[str] = []

    def lookup(name: str) -> WorksheetGrid | None:
        asked.append(name)
        return WorksheetGrid(wb[name], None) if name in wb.sheetnames else None

    inputs = read_sheets(lookup)
    assert sorted(asked) == sorted(set(asked)) and {"Offers", "Profile", "Companies", "Roles"} <= set(asked)
    assert inputs.fingerprint == pytest.approx(read_workbook(example_copy).fingerprint, rel=1e-15)


@needs_soffice
def test_start_and_comparison_say_when_the_inputs_changed(example_copy, tmp_path):
    evaluate_workbook(example_copy)
    edits = {
        "salary": lambda p: _set(p, "offer1_base_salary", 311_000),
        "rate": lambda p: _set(p, "fx_gbp", 1.31),
        "employer's last letter": lambda p: _set(p, "offer3_employer", "Anthropix"),
        "a company's grade": lambda p: _set_cell(p, "Companies", "E2", "B"),
    }
    files = [example_copy]
    for label, edit in edits.items():
        files.append(Path(shutil.copy(example_copy, tmp_path / f"{label}.xlsx")))
        edit(files[-1])
    template = Path(shutil.copy(TEMPLATE, tmp_path / "template.xlsx"))
    outs = recalculate([*files, template], tmp_path / "lo")
    assert _messages(outs[0]) == (FRESH, FRESH)
    for label, out in zip(edits, outs[1:-1], strict=True):
        assert _messages(out) == (CHANGED, CHANGED), label
    assert _messages(outs[-1]) == (NEVER, NEVER)  # never evaluated: says so, never a 0


SYSTEM_PYTHON = "/usr/bin/python3"  # LibreOffice's UNO bridge (python3-uno) lives in the system Python
needs_uno = pytest.mark.skipif(
    not Path(SYSTEM_PYTHON).exists()
    or subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode != 0,
    reason="python3-uno (LibreOffice's Python bridge) is not installed",
)


def _type_over(src: Path, out: Path, edits: dict[str, object], profile: Path) -> dict[str, bool]:
    """Type values over cells in LibreOffice Calc as a person does (unprotect, type, protect), saved by it."""
    result = subprocess.run(
        [
            SYSTEM_PYTHON,
            str(Path(__file__).parent.parent / "uno_edit.py"),
            str(profile),
            str(src),
            str(out),
            *(f"{k}={v}" for k, v in edits.items()),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])["protected"]


@needs_soffice
@needs_uno
def test_a_result_typed_over_in_libreoffice_is_reported_and_evaluate_enters_it_again(example_copy, tmp_path):
    """In a copy edited and saved by LibreOffice, "Strong candidate" typed over a verdict, a number over year-1
    pay and one over a cell of the live block: after recalculation Start and Comparison say the results were
    edited by hand; `offersheet evaluate` enters the three formulas again, and then both say the results match
    the inputs, the cells showing the model's values."""
    from offersheet.workbook.comparison import ROW, TITLE_ROW, live_column, row_labels
    from offersheet.workbook.freshness import EDITED

    result = evaluate_workbook(example_copy)
    pay_row = next(r for r, _, key in row_labels() if key == "year1_pay")
    verdict, pay, live = (
        f"D{ROW['verdict']}",
        f"E{pay_row}",
        f"{get_column_letter(live_column(2))}{ROW['total_comp_horizon']}",
    )
    typed = tmp_path / "typed.xlsx"
    was = _type_over(
        example_copy,
        typed,
        {f"Comparison!{verdict}": "Strong candidate", f"Comparison!{pay}": 999_999, f"Comparison!{live}": 1},
        tmp_path / "profile",
    )
    assert was == {"Comparison": True}  # the results are on a protected sheet: typing needed unprotecting it
    before = openpyxl.load_workbook(typed)["Comparison"]
    assert before[verdict].value == "Strong candidate" and before[pay].value == 999_999 and before[live].value == 1

    (seen,) = recalculate([typed], tmp_path / "lo1")
    assert _messages_of(seen, {EDITED, FRESH, CHANGED}) == (EDITED, EDITED)

    evaluate_workbook(typed)
    after = openpyxl.load_workbook(typed)["Comparison"]
    for ref in (verdict, pay, live):
        assert after[ref].data_type == "f", ref
    (fresh,) = recalculate([typed], tmp_path / "lo2")
    assert _messages_of(fresh, {EDITED, FRESH, CHANGED}) == (FRESH, FRESH)
    shown = openpyxl.load_workbook(fresh, data_only=True)["Comparison"]
    offer1, offer3 = result.evaluation.offers[0], result.evaluation.offers[2]
    assert shown[verdict].value == offer1.verdict != "Strong candidate"
    assert shown[f"F{ROW['total_comp_horizon']}"].value == report_values(offer3)["total_comp_horizon"]
    assert isinstance(shown[pay].value, int | float) and shown[pay].value != 999_999
    assert shown.cell(TITLE_ROW, 4).value == FRESH


def test_the_check_counts_every_computed_cell_of_comparison():
    """One declaration: the cells the freshness formula counts are exactly Comparison's computed cells, and
    every formula the template writes on Comparison (but the freshness message) is one of them."""
    from offersheet.workbook.comparison import TITLE_ROW, areas, result_cells
    from offersheet.workbook.freshness import edited_formula

    declared = {(c.row, c.col) for c in result_cells()}
    counted = {(r, c) for r1, c1, r2, c2 in areas() for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    assert counted == declared and edited_formula().endswith(f"<{len(declared)}")
    ws = openpyxl.load_workbook(TEMPLATE)["Comparison"]
    formulas = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.data_type == "f"}
    assert formulas - declared == {(TITLE_ROW, 4)}
    assert declared <= formulas


def _messages_of(out: Path, known: set[str]) -> tuple[str, str]:
    wb = openpyxl.load_workbook(out, data_only=True)
    start = wb["Start"].cell(STATUS_ROW + 5, 2).value
    comparison = next(
        c.value for row in wb["Comparison"].iter_rows(min_col=4, max_col=4) for c in row if c.value in known
    )
    return start, comparison
