"""The recalculation macro through xlwings' own Lite/Server runtime: a Book built from the JSON an add-in sends,
the script run by ``custom_scripts_call``, and the actions it sends back applied the way Excel would."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from xlwings import server

import offersheet.macros as macros
import offersheet.udfs as udfs
from offersheet.model.errors import InputError
from offersheet.workbook import evaluate_workbook
from offersheet.workbook.layout import REPORT_ROW

EXAMPLE = Path(__file__).parent.parent / "workbooks" / "example-offers.xlsx"
COMPUTED = ("Report", "Lock-in", "Asks", "Start")


def _json_value(cell):
    if cell.data_type == "f" or cell.value is None:
        return ""  # a live Excel sends computed values; our scripts never read formula cells
    return cell.value.isoformat() if isinstance(cell.value, dt.datetime | dt.date) else cell.value


def book_json(path: Path, edit=None) -> dict:
    """The workbook as the Office.js add-in serialises it: every sheet's values, anchored at A1."""
    wb = openpyxl.load_workbook(path)
    if edit:
        edit(wb)
    sheets = [
        {
            "name": ws.title,
            "values": [[_json_value(c) for c in row] for row in ws.iter_rows()] or [[]],
            "pictures": [],
            "tables": [],
            "charts": [],
            "shapes": [],
            "pivot_tables": [],
        }
        for ws in wb.worksheets
    ]
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "names": [],
        "sheets": sheets,
        "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
    }


def run_script(name: str, data: dict) -> tuple[dict, list[dict]]:
    book = xw.Book(json=data)
    result = asyncio.run(server.custom_scripts_call(udfs, name, typehint_to_value={xw.Book: book}))
    return data, result.json()["actions"]


def apply_actions(data: dict, actions: list[dict]) -> dict[str, dict[tuple[int, int], object]]:
    """What Excel shows after the actions: cell values per sheet (1-based), text prefixes removed."""
    cells = {
        s["name"]: {(r + 1, c + 1): v for r, row in enumerate(s["values"]) for c, v in enumerate(row) if v != ""}
        for s in data["sheets"]
    }
    names = [s["name"] for s in data["sheets"]]
    for a in (a for a in actions if a["func"] in ("setValues", "rangeClearContents")):
        sheet = cells[names[a["sheet_position"]]]
        r0, c0 = a["start_row"] + 1, a["start_column"] + 1
        if a["func"] == "setValues":
            for dr, row in enumerate(a["values"]):
                for dc, v in enumerate(row):
                    if isinstance(v, str) and v.startswith("'"):
                        v = v[1:]  # Excel's apostrophe: store as text
                    sheet[(r0 + dr, c0 + dc)] = v
            for key in [k for k, v in sheet.items() if v == ""]:
                del sheet[key]
        elif a["func"] == "rangeClearContents":
            for key in [k for k in sheet if r0 <= k[0] < r0 + a["row_count"] and c0 <= k[1] < c0 + a["column_count"]]:
                del sheet[key]
    return cells


def excel_refusals(path: Path, data: dict, actions: list[dict]) -> list[str]:
    """The writes Excel would refuse under the file's sheet protection (COM raises, Office.js answers
    AccessDenied): values written or cleared in locked cells of a protected sheet; number formats unless the
    protection allows formatting cells, column widths unless it allows formatting columns, charts unless it
    allows editing objects (openpyxl reads each flag as True when that action is *protected*)."""
    wb = openpyxl.load_workbook(path)
    names = [s["name"] for s in data["sheets"]]
    refused = []
    for a in actions:
        ws = wb[names[a["sheet_position"]]]
        guard = ws.protection
        if not guard.sheet:
            continue
        if a["func"].startswith(("addChart", "setChart")):  # a chart action names no cells
            if guard.objects:
                refused.append(f"{a['func']} on {ws.title} (editing objects not allowed)")
            continue
        rows = len(a["values"]) if a.get("values") else a.get("row_count") or 1
        cols = max(len(r) for r in a["values"]) if a.get("values") else a.get("column_count") or 1
        cells = [
            ws.cell(a["start_row"] + 1 + dr, a["start_column"] + 1 + dc) for dr in range(rows) for dc in range(cols)
        ]
        where = f"{ws.title}!{cells[0].coordinate}"
        if a["func"] in ("setValues", "setFormula", "rangeClearContents") and any(c.protection.locked for c in cells):
            refused.append(f"{a['func']} on locked cells at {where}")
        elif a["func"] == "setNumberFormat" and guard.formatCells:
            refused.append(f"number format at {where} (formatting cells not allowed)")
        elif a["func"] == "setColumnWidth" and guard.formatColumns:
            refused.append(f"column width at {where} (formatting columns not allowed)")
    return refused


def file_cells(path: Path, sheet: str) -> dict[tuple[int, int], object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value not in (None, "")}


@pytest.fixture(scope="module")
def headless(tmp_path_factory):
    path = tmp_path_factory.mktemp("macro") / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    evaluate_workbook(path)
    return path


def test_recalculate_script_writes_what_offersheet_evaluate_writes(headless):
    data, actions = run_script("offersheet_recalculate", book_json(EXAMPLE))
    shown = apply_actions(data, actions)
    for sheet in COMPUTED:
        expected = file_cells(headless, sheet)
        got = shown[sheet]
        if sheet == "Start":  # the time stamp differs by when each ran; its shape does not
            stamp_e, stamp_g = expected.pop((13, 2)), got.pop((13, 2))
            assert stamp_e.endswith("(3 offers)") and stamp_g.endswith("(3 offers)")
            # the freshness formulas are the template's (the book's JSON carries no formulas); the fingerprint
            # the script records from the live values equals the one evaluate records from the file
            expected = {k: v for k, v in expected.items() if not str(v).startswith("=")}
            assert isinstance(got[(15, 2)], float) and got[(15, 2)] > 0
        assert got == expected, sheet
    assert len(shown["Lock-in"]) > 100 and shown["Report"][(REPORT_ROW["verdict"], 4)] == "Avoid"


def test_every_write_of_the_macro_is_one_excel_allows():
    data, actions = run_script("offersheet_recalculate", book_json(EXAMPLE))
    assert excel_refusals(EXAMPLE, data, actions) == []
    assert {a["func"] for a in actions} >= {"setValues", "setNumberFormat", "setColumnWidth", "addChart"}


def test_the_protection_check_catches_a_protected_output_sheet(tmp_path):
    """The check is real: with Report protected as the earlier template had it, the macro's writes fail."""
    path = tmp_path / "protected.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    wb["Report"].protection.sheet = True
    wb.save(path)
    data, actions = run_script("offersheet_recalculate", book_json(path))
    refused = excel_refusals(path, data, actions)
    assert any(r.startswith("setValues on locked cells at Report!") for r in refused)
    assert any("Report" in r and "number format" in r for r in refused)


def _formulas_entered(data: dict, actions: list[dict]) -> dict[tuple[int, int], str]:
    """The formulas the actions enter on Comparison, by (row, column)."""
    names = [s["name"] for s in data["sheets"]]
    entered = {}
    for a in actions:
        if a["func"] == "setFormula" and names[a["sheet_position"]] == "Comparison":
            for dr, row in enumerate(a["values"]):
                for dc, formula in enumerate(row):
                    entered[(a["start_row"] + 1 + dr, a["start_column"] + 1 + dc)] = formula
    return entered


def test_the_script_enters_the_live_functions_again_so_office_js_binds_them():
    """Office.js binds a custom function when its formula is entered: the script enters the live block (hidden,
    unlocked) in one write, each formula the one the file holds, and Excel allows every write under the file's
    protection; it writes no cell a person reads."""
    from offersheet.workbook.comparison import live_cells

    data, actions = run_script("offersheet_recalculate", book_json(EXAMPLE))
    entered = _formulas_entered(data, actions)
    wb = openpyxl.load_workbook(EXAMPLE)
    live = live_cells()
    assert len(live) == 16 * 6 and set(entered) == {(c.row, c.col) for c in live}
    assert sum(a["func"] == "setFormula" for a in actions) == 1  # one write for the whole block
    for c in live:  # the file's formula, as typed (without the file format's _xlfn. prefixes)
        assert c.formula == wb["Comparison"].cell(c.row, c.col).value, (c.row, c.col)
        assert entered[(c.row, c.col)] == c.formula.replace("_xlfn.", ""), (c.row, c.col)
    assert any("_xlfn.TEXTJOIN(" in c.formula for c in live)
    assert excel_refusals(EXAMPLE, data, actions) == []  # Comparison is protected: the live block is unlocked


def test_a_write_to_a_result_a_person_reads_would_be_refused():
    """The results a person reads are locked on the protected sheet: the same check refuses a script's write
    there (so the script never makes one: Office.js would stop the whole run at it)."""
    from offersheet.workbook.comparison import ROW

    data, _ = run_script("offersheet_recalculate", book_json(EXAMPLE))
    comparison = [s["name"] for s in data["sheets"]].index("Comparison")
    typed = {
        "func": "setFormula",
        "sheet_position": comparison,
        "start_row": ROW["verdict"] - 1,
        "start_column": 3,
        "values": [["=1"]],
    }
    assert excel_refusals(EXAMPLE, data, [typed]) == [f"setFormula on locked cells at Comparison!D{ROW['verdict']}"]


def test_recalculate_points_the_charts_at_what_it_wrote():
    _, actions = run_script("offersheet_recalculate", book_json(EXAMPLE))
    added = {a["args"][0]: a["args"] for a in actions if a["func"] == "addChart"}
    # 3 offers on the base path, bull and bear for the two with equity, savings
    assert added["offersheet lock-in"][1:4] == ["Line", "Lock-in", "$B$1:$I$50"]
    (axis,) = [a for a in actions if a["func"] == "setChartXAxisValues"]
    assert axis["args"][1:] == ["Lock-in", "$A$2:$A$50"]
    # the scores on Report, by rows: the labels' column (B), the hidden spacer, the three offers' columns
    better, worse = added["offersheet better when higher"], added["offersheet worse when higher"]
    assert (better[1], better[2], better[8]) == (worse[1], worse[2], worse[8]) == ("ColumnClustered", "Report", "Rows")
    header = max(REPORT_ROW.values()) + 3  # the details, an empty row, the title, then the employers' row
    assert (better[3], worse[3]) == (f"$B${header}:$F${header + 4}", f"$B${header + 5}:$F${header + 7}")
    report = openpyxl.load_workbook(EXAMPLE)  # the template's Report has no charts to find: both are added
    assert not report["Report"]._charts


def test_recalculate_never_writes_input_sheets():
    data, actions = run_script("offersheet_recalculate", book_json(EXAMPLE))
    names = [s["name"] for s in data["sheets"]]
    assert {names[a["sheet_position"]] for a in actions} <= {*COMPUTED, "Comparison"}
    assert all(a["func"] != "setValues" or names[a["sheet_position"]] != "Comparison" for a in actions)


def test_text_that_looks_like_a_formula_is_sent_as_text(tmp_path):
    def edit(wb):
        ws = wb["Offers"]
        row = next(c.row for c in ws["A"] if c.value == "role_title")
        ws.cell(row, 4).value = '=HYPERLINK("http://x")'
        ws.cell(row, 4).data_type = "s"

    _, actions = run_script("offersheet_recalculate", book_json(EXAMPLE, edit))
    sent = [v for a in actions if a["func"] == "setValues" for row in a["values"] for v in row]
    assert '\'=HYPERLINK("http://x")' in sent and '=HYPERLINK("http://x")' not in sent


def test_a_bad_cell_stops_the_macro_with_a_message_box_naming_it():
    def edit(wb):
        ws = wb["Offers"]
        row = next(c.row for c in ws["A"] if c.value == "base_salary")
        ws.cell(row, 5).value = "#DIV/0!"
        ws.cell(row, 5).data_type = "s"  # in Excel's JSON an error arrives as its text

    _, actions = run_script("offersheet_recalculate", book_json(EXAMPLE, edit))
    (alert,) = [a for a in actions if a["func"] == "alert"]
    text, title = alert["args"][:2]
    assert "Offers!E" in text and "base_salary" in text and "not a spreadsheet error" in text
    assert title == "offersheet: nothing was changed" and alert["args"][3] == "critical"
    assert not [a for a in actions if a["func"] == "setValues"]  # nothing written


def test_the_input_error_itself_still_raises_for_python_callers():
    def edit(wb):
        ws = wb["Offers"]
        row = next(c.row for c in ws["A"] if c.value == "base_salary")
        ws.cell(row, 5).value = "#DIV/0!"
        ws.cell(row, 5).data_type = "s"

    book = xw.Book(json=book_json(EXAMPLE, edit))
    with pytest.raises(InputError, match="base_salary"):
        macros.recalculate(book)


def test_scripts_are_registered_for_lite_and_server():
    meta = {m["function_name"]: m for m in server.custom_scripts_meta(udfs)}
    assert meta["offersheet_recalculate"]["name"] == "Recalculate offers"
    assert meta["offersheet_export"]["name"] == "Export comparison"


def test_export_script_explains_it_needs_a_saved_file():
    _, actions = run_script("offersheet_export", book_json(EXAMPLE))
    (alert,) = [a for a in actions if a["func"] == "alert"]
    assert "save it first" in alert["args"][0]


def test_export_writes_beside_a_saved_workbook(tmp_path, monkeypatch):
    path = tmp_path / "mine.xlsx"
    shutil.copy(EXAMPLE, path)
    book = xw.Book(json=book_json(path))
    monkeypatch.setattr(type(book), "fullname", property(lambda self: str(path)))
    files = macros.export(book)
    assert sorted(p.name for p in files) == [
        "mine-comparison.csv",
        "mine-comparison.html",
        "mine-comparison.md",
        "mine-lockin.png",
        "mine-scores.png",
    ]
    assert "Avoid" in (tmp_path / "mine-comparison.csv").read_text()
