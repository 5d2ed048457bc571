"""Freshness: Start and Comparison say whether the results still match the inputs, by a native formula that
computes the same fingerprint Python records at evaluation (workbook.freshness), recalculated in LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from offersheet.workbook import evaluate_workbook, read_workbook
from offersheet.workbook.cells import WorksheetGrid
from offersheet.workbook.freshness import CHANGED, FRESH, NEVER, fingerprint
from offersheet.workbook.plan import STATUS_ROW
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
    comparison = next(c.value for row in wb["Comparison"].iter_rows(min_col=4, max_col=4) for c in row
                      if c.value in (CHANGED, FRESH, NEVER))
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


@needs_soffice
def test_a_result_typed_over_is_reported_after_recalculation(example_copy, tmp_path):
    """A value typed over a verdict, a native pay cell or a live cell: Start and Comparison say the results
    were edited by hand, not that they match the inputs."""
    from offersheet.workbook.comparison import ROW, live_cells, row_labels
    from offersheet.workbook.freshness import EDITED

    evaluate_workbook(example_copy)
    pay_row = next(r for r, _, key in row_labels() if key == "year1_pay")
    live = live_cells()[0]
    edits = {"verdict": (f"D{ROW['verdict']}", "Strong candidate"), "pay": (f"E{pay_row}", 999_999),
             "live": (f"{openpyxl.utils.get_column_letter(live.col)}{live.row}", 1)}
    files = []
    for label, (coord, value) in edits.items():
        files.append(Path(shutil.copy(example_copy, tmp_path / f"{label}.xlsx")))
        _set_cell(files[-1], "Comparison", coord, value)
    outs = recalculate([example_copy, *files], tmp_path / "lo")
    messages = {EDITED, FRESH}
    assert _messages_of(outs[0], messages) == (FRESH, FRESH)
    for label, out in zip(edits, outs[1:], strict=True):
        assert _messages_of(out, messages) == (EDITED, EDITED), label


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
    comparison = next(c.value for row in wb["Comparison"].iter_rows(min_col=4, max_col=4) for c in row
                      if c.value in known)
    return start, comparison
