"""Write the template workbook: the input sheets (``input_sheets``), Comparison with its formulas, Report's frame,
the xlwings.conf sheet, and how every sheet prints."""

from __future__ import annotations

from functools import partial
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from offersheet.defaults import default_reference
from offersheet.model.reference import Reference
from offersheet.model.vocab import VERDICTS
from offersheet.spec.pay import PAY, PayComponent
from offersheet.workbook import formulas as fx
from offersheet.workbook.fitting import OFFER_WIDTH, fit_comparison, print_setup
from offersheet.workbook.input_sheets import (
    UNLOCKED,
    add_name,
    display_default,
    hide_keys,
    write_companies,
    write_header,
    write_offers,
    write_profile,
    write_roles,
)
from offersheet.workbook.layout import (
    NAMED_ROWS,
    OFFER_INDICES,
    REPORT_ROW,
    REPORT_ROWS,
    SHEETS,
    offer_header,
    offer_letter,
)
from offersheet.workbook.measure import text_height
from offersheet.workbook.plan import FINGERPRINT_ROW, STATUS_ROW, report_plan
from offersheet.workbook.schema import FIRST_ROW, OFFER_FIELDS
from offersheet.workbook.sheets import FRESHNESS_MESSAGE, apply_to_workbook, write_start_text
from offersheet.workbook.styles import BOLD, COMPUTED_FILL, GREY, TOP, VERDICT_FILLS, WRAP

__all__ = ["build_workbook", "display_default", "dynamic_array_cells", "function_formulas"]


def colour_verdicts(ws: Worksheet, area: str) -> None:
    """Each verdict word in its colour wherever it appears in ``area`` (conditional formatting: it follows the
    values as they recalculate)."""
    from openpyxl.formatting.rule import FormulaRule

    top_left = area.split(":")[0]
    for verdict, fill in zip(VERDICTS, VERDICT_FILLS, strict=True):
        ws.conditional_formatting.add(area, FormulaRule(formula=[f'{top_left}="{verdict}"'], fill=fill,
                                                        font=BOLD, stopIfTrue=True))


def _vested(i: int, c: dict[str, str], n: int) -> str:
    return fx.vested_share(i, n)


def _unvested(i: int, c: dict[str, str], n: int) -> str:
    return fx.unvested_at(i, c["realisable_grant"], c[f"vested_share_{n}"])


def _component(i: int, c: dict[str, str], pay: PayComponent) -> str:
    return fx.component_year1(pay, i, c["realisable_grant"], c["vested_share_1"])


def _year1_total(i: int, c: dict[str, str]) -> str:
    first, last = c[f"year1_{PAY[0].key}"], c[f"year1_{PAY[-1].key}"]
    return fx.guard(i, f"SUM({first}:{last})")


def comparison_rows() -> list[tuple[str, str, Any]]:
    """The native rows of Comparison: (label, key, formula maker taking the offer index and its cells so far)."""
    rows: list[tuple[str, str, Any]] = [
        ("Employer", "employer", lambda i, c: fx.guard(i, fx.name("employer", i))),
        ("Role title", "role_title", lambda i, c: fx.guard(i, f'""&{fx.name("role_title", i)}')),
        ("Exchange rate to your home currency (amounts below are in it)", "rate", lambda i, c: fx.guard(i, fx.rate(i))),
        ("Realisable equity grant", "realisable_grant", lambda i, c: fx.realisable_grant(i)),
        ("Realisable refresher grant (per year, from year 2)", "realisable_refresher",
         lambda i, c: fx.realisable_refresher(i)),
    ]
    rows += [(f"Share vested by end of year {n}", f"vested_share_{n}",
              partial(_vested, n=n)) for n in range(1, fx.MAX_VESTING_YEARS + 1)]
    rows += [(f"Year 1: {pay.label}", f"year1_{pay.key}", partial(_component, pay=pay)) for pay in PAY]
    rows += [
        ("Pay, year 1 (as offered: nominal, before tax)", "year1_pay", _year1_total),
        ("Pay over the horizon as offered (nominal; no raises, promotion or growth)", "horizon_pay",
         lambda i, c: fx.horizon_pay(i, c["realisable_grant"], c["realisable_refresher"],
                                     [c[f"vested_share_{n}"] for n in range(1, fx.MAX_VESTING_YEARS + 1)])),
    ]
    rows += [(f"Unvested grant at month {12 * n}", f"unvested_month_{12 * n}",
              partial(_unvested, n=n))
             for n in range(1, 5)]
    return rows


DYNAMIC_ARRAY_KEY = "asks_live"


def dynamic_array_cells(wb: Workbook) -> list[str]:
    """The Comparison cells holding array functions (to be marked as dynamic arrays when the file is saved)."""
    ws = wb["Comparison"]
    row = next(c.row for c in ws["B"] if c.value == DYNAMIC_ARRAY_KEY)
    return [f"{offer_letter(i)}{row}" for i in OFFER_INDICES]


FUNCTION_ROWS = (  # (label, key, function): Comparison's rows computed by offersheet's worksheet functions
    ("Verdict", "verdict", "OFFERSHEET_VERDICT"),
    ("Company score", "company_score", "OFFERSHEET_COMPANY_SCORE"),
    ("Acceleration risk", "acceleration_risk", "OFFERSHEET_ACCELERATION_RISK"),
    ("Pay over the horizon (model)", "total_comp_horizon", "OFFERSHEET_TOTAL_COMP"),
)
REPORT_ECHO = ("total_comp_horizon_bear", "total_comp_horizon_bull", "lock_in", "lock_in_bear", "lock_in_bull",
               "scenario_growth", "net_impact", "personal_fit", "stability", "verdict_strict", "verdict_relative")
NOT_EVALUATED = "not evaluated yet"
DYNAMIC_ARRAY_LABEL = "Asks, live (offersheet function; spills down in Excel 365)"


def _call(fn: str, i: int) -> str:
    last_offer_row = 1 + len(OFFER_FIELDS)
    first, last = offer_letter(0), offer_letter(OFFER_INDICES[-1])
    return (f"{fn}(Offers!$A$2:$A${last_offer_row},Offers!${first}$2:${last}${last_offer_row},"
            f"profile_table,companies_table,{i + 1})")


def function_formulas() -> dict[str, str]:
    """Every Comparison cell that calls an offersheet worksheet function, with its formula: the one definition
    the template writes and the xlwings Lite/Server script enters again so Office.js binds the functions.
    The array function's cells are last (they spill down)."""
    r = 2 + len(comparison_rows()) + 1  # after the header, the native rows and the section title
    out = {}
    for _label, key, fn in FUNCTION_ROWS:
        for i in OFFER_INDICES:
            col = offer_letter(i)
            last = f"Report!{col}{REPORT_ROW[key]}"  # the last evaluated value; never a bare 0 when there is none
            out[f"{col}{r}"] = (f'=IF({fx.name("employer", i)}="","",IFERROR({_call(fn, i)},'
                                f'IF({last}="","{NOT_EVALUATED}",{last})))')
        r += 1
    r += len(REPORT_ECHO)
    for i in OFFER_INDICES:
        out[f"{offer_letter(i)}{r}"] = (f'=IF({fx.name("employer", i)}="","",'
                                        f'IFERROR({_call("OFFERSHEET_ASKS", i)},"see the Asks sheet"))')
    return out


COMPARISON_LABEL_WIDTH = 40


def _label(ws: Worksheet, r: int, label: str) -> None:
    """A Comparison row's label, wrapped in a row tall enough for it."""
    ws.cell(r, 1, label).alignment = WRAP
    ws.row_dimensions[r].height = text_height(label, COMPARISON_LABEL_WIDTH)


def write_comparison(wb: Workbook) -> None:
    ws = wb["Comparison"]
    write_header(ws, 1, ["What", "Key", "", *(offer_header(i) for i in OFFER_INDICES)])
    cells: dict[int, dict[str, str]] = {i: {} for i in OFFER_INDICES}
    r = 2
    for label, key, make in comparison_rows():
        _label(ws, r, label)
        ws.cell(r, 2, key)
        for i in OFFER_INDICES:
            coord = f"{offer_letter(i)}{r}"
            cells[i][key] = coord
            c = ws[coord]
            c.value = make(i, cells[i])
            c.fill, c.alignment = COMPUTED_FILL, TOP  # number formats by kind: fitting.fit_comparison
            if key == "rate":
                add_name(wb, fx.rate_name(i), f"Comparison!${offer_letter(i)}${r}")
        r += 1
    ws.cell(r, 1, "Verdicts: offersheet functions (last evaluated values when the add-in is missing)").font = BOLD
    ws.cell(r, 4, f"={FRESHNESS_MESSAGE}").font = BOLD  # whether those values still match the inputs
    r += 1
    formulas = function_formulas()
    for label, key, _fn in FUNCTION_ROWS:
        _label(ws, r, label)
        ws.cell(r, 2, key)
        for i in OFFER_INDICES:
            c = ws[f"{offer_letter(i)}{r}"]
            # unlocked: the add-in's script enters these formulas again on the protected sheet
            c.value, c.fill, c.protection = formulas[c.coordinate], COMPUTED_FILL, UNLOCKED
            c.alignment = TOP
        r += 1
    for key in REPORT_ECHO:
        _label(ws, r, dict(REPORT_ROWS)[key])
        ws.cell(r, 2, key)
        for i in OFFER_INDICES:
            col = offer_letter(i)
            ws[f"{col}{r}"] = f'=IF(Report!{col}{REPORT_ROW[key]}="","",Report!{col}{REPORT_ROW[key]})'
            ws[f"{col}{r}"].fill, ws[f"{col}{r}"].alignment = COMPUTED_FILL, TOP
        r += 1
    for row in range(2, r):  # the verdict rows only
        if ws.cell(row, 2).value in ("verdict", "verdict_strict", "verdict_relative"):
            colour_verdicts(ws, f"{offer_letter(0)}{row}:{offer_letter(OFFER_INDICES[-1])}{row}")
    # The array function, last so it can spill down: in Excel 365 with the add-in each offer's asks fill the
    # cells below; the dynamic-array mark (``cm``, see ``package.mark_dynamic_arrays``) is added when saved.
    ws.cell(r, 1, DYNAMIC_ARRAY_LABEL)
    ws.cell(r, 2, DYNAMIC_ARRAY_KEY)
    for i in OFFER_INDICES:
        coord = f"{offer_letter(i)}{r}"
        ws[coord] = ArrayFormula(coord, formulas[coord])
        ws[coord].fill, ws[coord].alignment, ws[coord].protection = COMPUTED_FILL, WRAP, UNLOCKED
    ws.column_dimensions["A"].width = COMPARISON_LABEL_WIDTH
    ws.column_dimensions["B"].width = 26
    hide_keys(ws, "B")
    ws.column_dimensions["C"].width = 2
    for i in OFFER_INDICES:
        ws.column_dimensions[offer_letter(i)].width = OFFER_WIDTH
    ws.freeze_panes = "D4"  # the header, the employers and the roles stay in view
    fit_comparison(ws)


XLWINGS_CONF_NOTES = (  # short lines: each is one printed line
    "xlwings' classic add-in reads this sheet from A1 down to the first empty row;",
    "a setting here overrides the add-in's own, for this workbook only.",
    "offersheet sets only UDF Modules: the Python interpreter, PYTHONPATH and conda settings",
    "are the ones you chose in the add-in (or in ~/.xlwings/xlwings.conf).",
    "To give this workbook its own, add a row right under A1, for example Interpreter_Win",
    "or Interpreter_Mac with the full path of a Python that has offersheet (docs/excel.md).",
)


def write_xlwings_conf(ws: Worksheet) -> None:
    """The xlwings.conf sheet: UDF Modules alone in the settings block, then notes below an empty row. The
    add-in reads ``A1`` down to the first empty row (``GetConfigFromSheet`` in xlwings' VBA), and any key
    there, even with an empty value, overrides the add-in's setting; the quickstart sheet's rows
    (``Interpreter_Win = python``, "Rename this sheet ...") are therefore cleared, not kept."""
    for row in ws.iter_rows():
        for cell in row:
            cell.value = None
    ws["A1"], ws["B1"] = "UDF Modules", "offersheet.udfs"
    for n, note in enumerate(XLWINGS_CONF_NOTES, 3):
        ws.cell(n, 1, note).font = GREY
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 24
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # the notes' width, on one page
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def build_workbook(ref: Reference | None = None, wb: Workbook | None = None) -> Workbook:
    """Our sheets in a new workbook, or in ``wb`` (xlwings' quickstart .xlsm, whose VBA is kept)."""
    ref = ref or default_reference()
    if wb is None:
        wb = Workbook()
    wb.worksheets[0].title = SHEETS[0]
    macro_enabled = "_xlwings.conf" in wb.sheetnames  # xlwings' quickstart .xlsm
    if macro_enabled:
        wb["_xlwings.conf"].title = "xlwings.conf"
    for name in SHEETS[1:]:
        if name not in wb.sheetnames:
            wb.create_sheet(name)
    for position, name in enumerate(SHEETS):  # our sheets first, in order; any others after them
        wb.move_sheet(name, position - wb.sheetnames.index(name))
    write_start_text(wb["Start"])
    if macro_enabled:  # Start names the file's own kind
        for (cell,) in wb["Start"].iter_rows(max_col=1):
            if isinstance(cell.value, str) and "THIS_FILE.xlsx" in cell.value:
                cell.value = cell.value.replace("THIS_FILE.xlsx", "THIS_FILE.xlsm")
    write_profile(wb, ref)
    write_companies(wb)
    lists = write_roles(wb)
    write_offers(wb, lists, ref)
    write_comparison(wb)
    apply_to_workbook(wb, [op for op in report_plan(None, []) if op.sheet == "Report"])
    write_xlwings_conf(wb["xlwings.conf"])
    if not macro_enabled:  # only the classic add-in reads it, and only from an .xlsm: not shown, not printed
        wb["xlwings.conf"].sheet_state = "hidden"
    for name in ("Offers", "Profile", "Comparison", "Start"):  # labels and formulas; inputs are unlocked
        wb[name].protection.sheet = True
    for cell in (f"B{STATUS_ROW + 1}", f"B{STATUS_ROW + 2}", f"B{FINGERPRINT_ROW}"):  # the status the macros write
        wb["Start"][cell].protection = UNLOCKED
    # Report, Lock-in and Asks are offersheet's output: unprotected, so the macros (and the person) can write
    # and format them; evaluate replaces them whole.
    # Printed, every page that shows offers names them: the header with each offer's employer and role (Offers,
    # Comparison, Report), or the header whose columns are the offers (Lock-in); Asks names them in its labels.
    # Profile, Companies, Comparison and Roles set theirs as they are written; Roles has a header per table.
    named = f"1:{FIRST_ROW + [f.key for f in OFFER_FIELDS].index('role_title')}"
    for name, title_rows in (("Start", None), ("Offers", named), ("Report", f"1:{NAMED_ROWS}"), ("Lock-in", "1:1"),
                             ("Asks", None)):
        print_setup(wb[name], title_rows)
    return wb
