"""One source per result cell: every result on Comparison follows the inputs when the add-in computes them.

An input is changed after an evaluation. Then, as Excel would show the sheet with the add-in, each offersheet
function a Comparison formula calls is called through xlwings' own Office.js/Lite runtime
(``xlwings.server.custom_functions_call``) with the ranges the formula names, read from the changed workbook,
and its answer put in place of the call; LibreOffice computes everything else of every formula (the IFs, the
joins, the cells that show the live block). No result may still describe the old input: each equals what a
fresh evaluation of the changed workbook gives. Without the add-in the same cells show the last evaluate, all of
them, with the message that the inputs changed beside their title.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import openpyxl
import xlwings as xw
from openpyxl.formula import Tokenizer
from xlwings import server

import offersheet.udfs as udfs
from offersheet.workbook import evaluate_workbook
from offersheet.workbook.comparison import FUNCTION_ROWS, ROW, TITLE_ROW, live_cells
from offersheet.workbook.freshness import CHANGED
from offersheet.workbook.layout import offer_column
from offersheet.workbook.plan import report_values
from offersheet.workbook.settings import column_keys
from tests.libreoffice import needs_soffice, recalculate

pytestmark = needs_soffice
EXAMPLE = Path(__file__).parents[2] / "workbooks" / "example-offers.xlsx"


def _set(wb, name: str, value) -> None:
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    wb[sheet][coord.replace("$", "")].value = value


def _change_inputs(path: Path) -> None:
    """Changes that move every function row for at least one offer."""
    wb = openpyxl.load_workbook(path)
    _set(wb, "offer1_role_category", "Alignment / safety research")
    _set(wb, "offer1_equity_grant_value", 600_000)
    _set(wb, "offer3_equity_grant_value", 900_000)
    _set(wb, "offer1_equity_growth_bull_pct", "80%")
    _set(wb, "fit_vigilance", 2)
    companies = wb["Companies"]
    header = column_keys([companies.cell(1, c).value for c in range(1, companies.max_column + 1)])
    value = header.index("value_0_100") + 1
    for row in range(2, companies.max_row + 1):  # OpenAI's ratings, each 20 points better
        if companies.cell(row, 1).value == "OpenAI" and isinstance(companies.cell(row, value).value, int | float):
            companies.cell(row, value).value = min(100, companies.cell(row, value).value + 20)
    wb.save(path)


def _grid(wb, ref: str) -> list[list[object]]:
    """A range's values as Excel hands them to a function: a sheet range, a defined name or a table."""
    if "!" not in ref:
        target = wb.defined_names[ref].attr_text
        if "[" in target:  # a structured reference: the whole table, header too
            table = target.split("[")[0]
            ws = next(ws for ws in wb.worksheets if table in ws.tables)
            return _grid(wb, f"{ws.title}!{ws.tables[table].ref}")
        ref = target
    sheet, cells = ref.split("!")
    ws = wb[sheet.strip("'")]
    return [[c.value for c in row] for row in ws[cells.replace("$", "")]]


def _answer(name: str, args: list[list[list[object]]]) -> object:
    data = {
        "func_name": name,
        "args": args,
        "version": xw.__version__,
        "client": "Office.js",
        "runtime": "1.4",
        "culture_info_name": "en-US",
        "caller_address": "Comparison!AA31",
        "formula_name": name,
    }
    return asyncio.run(server.custom_functions_call(data, udfs))


def _literal(value: object) -> str:
    """A function's answer written into a formula: a number, a text, or an array constant (one per row)."""
    if isinstance(value, list) and len(value) == 1 and len(value[0]) == 1:
        value = value[0][0]
    if isinstance(value, list):
        return "{" + ";".join(",".join(_literal(v) for v in row) for row in value) + "}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return '"' + str(value).replace('"', '""') + '"'


def _with_answers(formula: str, values) -> tuple[str, list[str]]:
    """The formula with each offersheet function call replaced by what xlwings' runtime answers for it."""
    tokens, out, called, i = Tokenizer(formula).items, [], [], 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "FUNC" and t.subtype == "OPEN" and t.value.upper().startswith("OFFERSHEET_"):
            depth, args, j = 1, [[]], i + 1
            while depth:
                u = tokens[j]
                depth += (u.type == "FUNC" and u.subtype == "OPEN") - (u.type == "FUNC" and u.subtype == "CLOSE")
                if depth == 1 and u.type == "SEP" and u.subtype == "ARG":
                    args.append([])
                elif depth:
                    args[-1].append(u)
                j += 1
            given = []
            for (arg,) in args:
                if arg.subtype == "RANGE":
                    given.append(values(arg.value))
                elif arg.subtype == "NUMBER":
                    given.append([[float(arg.value)]])
                else:
                    given.append([[arg.value.strip('"')]])
            name = t.value[:-1].upper()
            called.append(name)
            out.append(_literal(_answer(name, given)))
            i = j
            continue
        out.append(t.value)
        i += 1
    return "=" + "".join(out), called


def _shown(path: Path) -> dict[tuple[str, int], object]:
    """What Comparison shows in each function row, by (row key, offer number)."""
    ws = openpyxl.load_workbook(path, data_only=True)["Comparison"]
    return {(f.key, i + 1): ws.cell(ROW[f.key], offer_column(i)).value for f in FUNCTION_ROWS for i in range(3)}


def _truth(result) -> dict[tuple[str, int], object]:
    """What a fresh evaluation gives for each function row (Report's value; the asks one a line)."""
    out = {}
    for n, r in enumerate(result.evaluation.offers, 1):
        values = report_values(r)
        for f in FUNCTION_ROWS:
            out[(f.key, n)] = "\n".join(r.letters.asks) if f.key == "asks" else values[f.key]
    return out


def test_no_result_on_comparison_still_describes_the_old_input(tmp_path):
    before = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    old = _truth(evaluate_workbook(before))
    changed = Path(shutil.copy(before, tmp_path / "changed.xlsx"))
    _change_inputs(changed)
    new = _truth(evaluate_workbook(changed, out=tmp_path / "fresh.xlsx"))  # the truth; `changed` keeps old results
    for f in FUNCTION_ROWS:  # the change reaches every row, so each row is tested
        assert any(old[(f.key, n)] != new[(f.key, n)] for n in (1, 2, 3)), f.key

    # Without the add-in: every function row shows the last evaluate, and the title row says it is stale.
    (plain,) = recalculate([changed], tmp_path / "lo-plain")
    assert _shown(plain) == old
    assert openpyxl.load_workbook(plain, data_only=True)["Comparison"].cell(TITLE_ROW, 4).value == CHANGED

    # With the add-in: each call answered by xlwings' runtime with the ranges of the changed workbook.
    values_wb = openpyxl.load_workbook(plain, data_only=True)  # inputs as Excel hands them (formulas computed)
    live = openpyxl.load_workbook(changed)
    called = set()
    for c in live_cells():
        cell = live["Comparison"].cell(c.row, c.col)
        cell.value, names = _with_answers(cell.value, lambda ref: _grid(values_wb, ref))
        called.update(names)
    assert called == {f.function for f in FUNCTION_ROWS}
    answered = tmp_path / "answered.xlsx"
    live.save(answered)
    (shown,) = recalculate([answered], tmp_path / "lo-live")
    got = _shown(shown)
    stale = {k: v for k, v in got.items() if v != new[k]}
    assert stale == {}, f"still as before the change: {sorted(k for k in stale if stale[k] == old[k])}"
    assert got == new
    # and nothing on Comparison reads the last evaluate but a live function's fallback
    ws = openpyxl.load_workbook(changed)["Comparison"]
    reading = {
        (c.row, c.column): c.value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and "Report!" in c.value
    }
    assert set(reading) == {(c.row, c.col) for c in live_cells()}
    assert all(_report_only_in_fallback(f) for f in reading.values())


def _report_only_in_fallback(formula: str) -> bool:
    """Whether Report is read only in the second argument of an IFERROR whose first calls an offersheet function."""
    tokens, depth, inside, argument, calls_first = Tokenizer(formula).items, 0, None, 0, False
    for t in tokens:
        if t.type == "FUNC" and t.subtype == "OPEN":
            depth += 1
            if t.value.upper() == "IFERROR(" and inside is None:
                inside, argument = depth, 0
            elif inside is not None and argument == 0 and t.value.upper().startswith("OFFERSHEET_"):
                calls_first = True
        elif t.type == "FUNC" and t.subtype == "CLOSE":
            depth -= 1
        elif t.type == "SEP" and t.subtype == "ARG" and depth == inside:
            argument += 1
        elif t.type == "OPERAND" and "Report!" in t.value and (inside is None or argument != 1 or not calls_first):
            return False
    return calls_first
