"""Write the template workbook: the input sheets (``input_sheets``), Comparison from its declaration
(``comparison``), Report's frame, the xlwings.conf sheet, which sheets are protected and how every sheet prints."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from offersheet.defaults import default_reference
from offersheet.model.reference import Reference
from offersheet.model.vocab import VERDICTS
from offersheet.workbook import comparison as cmp
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
from offersheet.workbook.layout import NAMED_ROWS, OFFER_INDICES, SHEETS, offer_column, offer_header, offer_letter
from offersheet.workbook.measure import LINE_POINTS, text_height
from offersheet.workbook.plan import FINGERPRINT_ROW, STATUS_ROW, report_plan
from offersheet.workbook.schema import FIRST_ROW, OFFER_FIELDS
from offersheet.workbook.sheets import FRESHNESS_MESSAGE, apply_to_workbook, write_start_text
from offersheet.workbook.styles import BOLD, COMPUTED_FILL, GREY, TOP, VERDICT_FILLS, WRAP

__all__ = ["build_workbook", "display_default"]


def colour_verdicts(ws: Worksheet, area: str) -> None:
    """Each verdict word in its colour wherever it appears in ``area`` (conditional formatting: it follows the
    values as they recalculate)."""
    from openpyxl.formatting.rule import FormulaRule

    top_left = area.split(":")[0]
    for verdict, fill in zip(VERDICTS, VERDICT_FILLS, strict=True):
        ws.conditional_formatting.add(
            area, FormulaRule(formula=[f'{top_left}="{verdict}"'], fill=fill, font=BOLD, stopIfTrue=True)
        )


NOT_EVALUATED = cmp.NOT_EVALUATED
COMPARISON_LABEL_WIDTH = 40
ASKS_LINES = 24  # Comparison's asks row: four asks of a hundred characters in an offer column (OFFER_WIDTH)


def _label(ws: Worksheet, r: int, label: str) -> None:
    """A Comparison row's label, wrapped in a row tall enough for it."""
    ws.cell(r, 1, label).alignment = WRAP
    ws.row_dimensions[r].height = text_height(label, COMPARISON_LABEL_WIDTH)


def write_comparison(wb: Workbook) -> None:
    """Comparison from its declaration (``workbook.comparison``): the native rows, the function rows as a
    person reads them (locked) and the live block they show (hidden, unlocked: Recalculate enters it again)."""
    ws = wb["Comparison"]
    write_header(ws, 1, ["What", "Key", "", *(offer_header(i) for i in OFFER_INDICES)])
    for i in OFFER_INDICES:
        ws.cell(1, cmp.live_column(i), cmp.live_header(i)).font = GREY
    for r, label, key in cmp.row_labels():
        _label(ws, r, label)
        ws.cell(r, 2, key)
    for cell in cmp.result_cells():
        c = ws.cell(cell.row, cell.col, cell.formula)
        c.fill, c.alignment = COMPUTED_FILL, TOP  # number formats and wrapping by kind: fitting.fit_comparison
        if not cell.locked:
            c.protection = UNLOCKED
        if cell.key == "rate" and cell.locked:
            where = f"Comparison!${get_column_letter(cell.col)}${cell.row}"
            add_name(wb, fx.rate_name(cell.col - offer_column(0)), where)
    _label(ws, cmp.TITLE_ROW, cmp.TITLE)  # wrapped, whole: it says where the values below come from
    ws.cell(cmp.TITLE_ROW, 1).font = BOLD
    # beside the title: whether those values still match the inputs
    ws.cell(cmp.TITLE_ROW, cmp.MESSAGE_COLUMN, f"={FRESHNESS_MESSAGE}").font = BOLD
    # the asks, one a line, arrive after the template is written: room for a few of them, wrapped
    ws.row_dimensions[cmp.ROW["asks"]].height = LINE_POINTS * ASKS_LINES + 2
    for row in ("verdict", "verdict_strict", "verdict_relative"):
        r = cmp.ROW[row]
        colour_verdicts(ws, f"{offer_letter(0)}{r}:{offer_letter(OFFER_INDICES[-1])}{r}")
    ws.column_dimensions["A"].width = COMPARISON_LABEL_WIDTH
    ws.column_dimensions["B"].width = 26
    hide_keys(ws, "B")
    ws.column_dimensions["C"].width = 2
    for i in OFFER_INDICES:
        ws.column_dimensions[offer_letter(i)].width = OFFER_WIDTH
        ws.column_dimensions[get_column_letter(cmp.live_column(i))].hidden = True
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


PROTECTED = ("Offers", "Profile", "Comparison", "Start")  # labels, formulas and results locked; inputs unlocked


def protect(ws: Worksheet) -> None:
    """Protect a sheet, no password: its locked cells (labels, formulas, results) cannot be typed over, its
    unlocked ones (the inputs) can. Formatting columns and rows stays allowed, so a person can widen a column or
    heighten a row: in ``sheetProtection`` a flag set to 1 means the action is *locked* and 0 that it is allowed
    while the sheet is protected (ECMA-376 Part 1, 18.3.1.85; both flags default to 1). openpyxl's attributes
    mean the same: ``formatColumns = False`` writes ``formatColumns="0"``."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


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
    write_companies(wb, ref)
    lists = write_roles(wb)
    write_offers(wb, lists, ref)
    write_comparison(wb)
    apply_to_workbook(wb, [op for op in report_plan(None, []) if op.sheet == "Report"])
    write_xlwings_conf(wb["xlwings.conf"])
    if not macro_enabled:  # only the classic add-in reads it, and only from an .xlsm: not shown, not printed
        wb["xlwings.conf"].sheet_state = "hidden"
    for name in PROTECTED:
        protect(wb[name])
    for cell in (f"B{STATUS_ROW + 1}", f"B{STATUS_ROW + 2}", f"B{FINGERPRINT_ROW}"):  # the status the macros write
        wb["Start"][cell].protection = UNLOCKED
    # Report, Lock-in and Asks are offersheet's output: unprotected, so the macros (and the person) can write
    # and format them; evaluate replaces them whole.
    # Printed, every page that shows offers names them: the header with each offer's employer and role (Offers,
    # Comparison, Report), or the header whose columns are the offers (Lock-in); Asks names them in its labels.
    # Profile, Companies, Comparison and Roles set theirs as they are written; Roles has a header per table.
    named = f"1:{FIRST_ROW + [f.key for f in OFFER_FIELDS].index('role_title')}"
    for name, title_rows in (
        ("Start", None),
        ("Offers", named),
        ("Report", f"1:{NAMED_ROWS}"),
        ("Lock-in", "1:1"),
        ("Asks", None),
    ):
        print_setup(wb[name], title_rows)
    return wb
