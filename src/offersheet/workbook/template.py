"""Write the template workbook: every input from the schema, every default visible, formulas in place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from offersheet.defaults import default_reference, read_rows
from offersheet.model.reference import PARAMETER_DOCS, PARAMETER_LABELS, Reference
from offersheet.model.vocab import VERDICTS
from offersheet.ratings import to_0_100
from offersheet.spec.settings import SETTINGS
from offersheet.workbook import comparison as cmp
from offersheet.workbook import formulas as fx
from offersheet.workbook.layout import (
    COMPANY_COLUMNS,
    LINE_POINTS,
    MONEY,
    OFFER_INDICES,
    PERCENT,
    SHEETS,
    TITLE_POINTS,
    offer_column,
    offer_header,
    offer_letter,
    text_height,
)
from offersheet.workbook.plan import FINGERPRINT_ROW, STATUS_ROW, report_plan
from offersheet.workbook.schema import (
    CELL_ENTRY,
    FIRST_ROW,
    OFFER_FIELDS,
    PROFILE_FIELDS,
    Field,
    cell_range,
    choice_labels,
    defined_name,
    field_labels,
)
from offersheet.workbook.settings import ROLE_BLOCKS, setting_default, setting_keys
from offersheet.workbook.sheets import FRESHNESS_MESSAGE, apply_to_workbook, write_start_text
from offersheet.workbook.styles import (
    BOLD,
    COMPUTED_FILL,
    GREY,
    HEADER_FILL,
    HEADER_FONT,
    INPUT_FILL,
    TITLE_FONT,
    TOP,
    VERDICT_FILLS,
    WRAP,
)

UNLOCKED = Protection(locked=False)

def _header(ws: Worksheet, row: int, values: list[str]) -> None:
    for col, v in enumerate(values, 1):
        c = ws.cell(row, col, v)
        c.font, c.fill = HEADER_FONT, HEADER_FILL


def colour_verdicts(ws: Worksheet, area: str) -> None:
    """Each verdict word in its colour wherever it appears in ``area`` (conditional formatting: it follows the
    values as they recalculate)."""
    from openpyxl.formatting.rule import FormulaRule

    top_left = area.split(":")[0]
    for verdict, fill in zip(VERDICTS, VERDICT_FILLS, strict=True):
        ws.conditional_formatting.add(area, FormulaRule(formula=[f'{top_left}="{verdict}"'], fill=fill,
                                                        font=BOLD, stopIfTrue=True))


def hide_keys(ws: Worksheet, column: str) -> None:
    """The keys scripts fill by stay in the sheet, hidden: a person reads the labels."""
    ws.column_dimensions[column].hidden = True


def _name(wb: Workbook, name: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


def style_input(cell: Cell, f: Field) -> None:
    cell.fill = INPUT_FILL
    cell.protection = UNLOCKED
    cell.alignment = TOP  # level with its label and help, at the top of a tall row
    if f.kind == "money":
        cell.number_format = MONEY
    elif f.kind in ("percent", "growth"):
        cell.number_format = PERCENT
    elif f.kind == "int":
        cell.number_format = "0"
    elif f.kind in ("text", "pct_list"):
        cell.number_format = "@"


def display_default(f: Field) -> Any:
    if f.default is None or f.default == "":
        return None
    if f.kind == "choice":
        return field_labels(f, default_reference()).get(str(f.default), f.default)
    if f.kind == "bool":
        return "Yes" if f.default else "No"
    return f.default


def _validation(ws: Worksheet, f: Field, ranges: Mapping[str, str]) -> DataValidation | None:
    if f.kind == "choice":
        src = ranges[f.choice_source] if f.choice_source else '"' + ",".join(choice_labels(f).values()) + '"'
        dv = DataValidation(type="list", formula1=src, allow_blank=True)
        dv.error, dv.errorTitle = f"Pick a value from the list for {f.label}", "offersheet"
    elif f.kind == "bool":
        dv = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
    elif f.kind in CELL_ENTRY:  # numbers only: a decimal or whole-number validation refuses text as it is typed
        hi = f.hi if f.hi != float("inf") else 1e12
        dv = DataValidation(type="whole" if f.kind == "int" else "decimal", operator="between",
                            formula1=str(f.lo), formula2=str(hi), allow_blank=True)
        dv.error, dv.errorTitle = f"{f.label}: {cell_range(f)}. {CELL_ENTRY[f.kind]}"[:225], "offersheet"
    else:
        return None
    dv.showErrorMessage = True
    prompt = f"{CELL_ENTRY[f.kind]}. {f.help}" if f.kind in CELL_ENTRY else f.help  # what to type, first
    dv.prompt, dv.promptTitle, dv.showInputMessage = prompt[:250] or None, f.label[:32], bool(prompt)
    ws.add_data_validation(dv)
    return dv


def _setting_validation(ws: Worksheet, f: Field, label: str) -> DataValidation:
    """A model setting's number range (``spec.settings``), with an input message giving the range and unit."""
    shown = (lambda x: f"{x:.0%}") if f.kind == "percent" else (lambda x: f"{x:g}")
    span = f"{shown(f.lo)} to {shown(f.hi)} ({f.unit})"
    dv = DataValidation(type="whole" if f.kind == "int" else "decimal", operator="between",
                        formula1=str(f.lo), formula2=str(f.hi), allow_blank=True)
    dv.error, dv.errorTitle, dv.showErrorMessage = f"{label}: {span}", "offersheet", True
    dv.prompt, dv.promptTitle, dv.showInputMessage = f"{span}"[:250], label[:32], True
    ws.add_data_validation(dv)
    return dv


def write_offers(wb: Workbook, ranges: Mapping[str, str]) -> None:
    ws = wb["Offers"]
    _header(ws, 1, ["Key", "Field", "Unit", *(offer_header(i) for i in OFFER_INDICES), "Help"])
    help_col = 4 + len(OFFER_INDICES)
    for r, f in enumerate(OFFER_FIELDS, FIRST_ROW):
        ws.cell(r, 1, f.key).font = GREY
        ws.cell(r, 2, f.label + (" *" if f.required else "")).alignment = TOP
        ws.cell(r, 3, f.unit).alignment = TOP
        ws.cell(r, help_col, f.help).alignment = WRAP
        ws.row_dimensions[r].height = text_height(f.help, OFFERS_HELP_WIDTH)
        dv = _validation(ws, f, ranges)
        for i in OFFER_INDICES:
            cell = ws[f"{offer_letter(i)}{r}"]
            style_input(cell, f)
            if dv:
                dv.add(cell)
            _name(wb, defined_name(f, i), f"Offers!${offer_letter(i)}${r}")
    widths = {"A": 26, "B": 38, "C": 11, chr(ord("A") + help_col - 1): OFFERS_HELP_WIDTH}
    widths.update({offer_letter(i): 22 for i in OFFER_INDICES})
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    hide_keys(ws, "A")
    ws.freeze_panes = "D2"


def write_profile(wb: Workbook, ref: Reference) -> None:
    ws = wb["Profile"]
    _header(ws, 1, ["Key", "Field", "Value", "Unit", "Help"])
    r = FIRST_ROW
    for f in PROFILE_FIELDS:
        ws.cell(r, 1, f.key).font = GREY
        ws.cell(r, 2, f.label + (" *" if f.required else "")).alignment = TOP
        cell = ws.cell(r, 3, display_default(f))
        style_input(cell, f)
        dv = _validation(ws, f, {})
        if dv:
            dv.add(cell)
        ws.cell(r, 4, f.unit).alignment = TOP
        ws.cell(r, 5, f.help).alignment = WRAP
        ws.row_dimensions[r].height = text_height(f.help, PROFILE_HELP_WIDTH)
        _name(wb, defined_name(f), f"Profile!$C${r}")
        r += 1
    r += 1
    ws.cell(r, 2, "Model settings: the defaults, visible; change a value to override it").font = TITLE_FONT
    ws.row_dimensions[r].height = TITLE_POINTS
    r += 1
    for key in setting_keys(ref):
        ws.cell(r, 1, key).font = GREY
        ws.cell(r, 2, PARAMETER_LABELS[key])
        cell = ws.cell(r, 3, setting_default(ref, key))
        cell.fill, cell.protection = INPUT_FILL, UNLOCKED
        f = SETTINGS[key]
        share = f.kind == "percent"  # rates and shares: shown as the percentage the help text speaks of
        cell.number_format = "0.0%" if share else "0" if f.kind == "int" else "General"
        _setting_validation(ws, f, PARAMETER_LABELS[key]).add(cell)
        default = f"{setting_default(ref, key):.0%}" if share else f"{setting_default(ref, key):g}"
        ws.cell(r, 4, f"default {default}; {f.unit}")
        ws.cell(r, 5, PARAMETER_DOCS[key]).alignment = WRAP
        ws.row_dimensions[r].height = text_height(PARAMETER_DOCS[key], PROFILE_HELP_WIDTH)
        _name(wb, key, f"Profile!$C${r}")
        r += 1
    for col, w in {"A": 28, "B": 44, "C": 16, "D": 14, "E": PROFILE_HELP_WIDTH}.items():
        ws.column_dimensions[col].width = w
    hide_keys(ws, "A")
    ws.freeze_panes = "C2"
    _name(wb, "profile_table", f"Profile!$A$2:$C${r - 1}")


def write_companies(wb: Workbook) -> None:
    ws = wb["Companies"]
    ws.append(list(COMPANY_COLUMNS))
    kinds = {row["company"]: row for row in read_rows("company_list.csv")}
    rows = read_rows("companies.csv")
    for n, row in enumerate(rows, 2):
        meta = kinds[row["company"]]
        value = to_0_100(row["grade"], row["raw_value"], row["scale"])
        months = (f'=IF(K{n}="","",(YEAR(TODAY())-VALUE(LEFT(K{n},4)))*12+MONTH(TODAY())'
                  f'-VALUE(RIGHT(K{n},2)))')
        ws.append([row["company"], meta["aliases"], meta["employer_kind"], row["criterion"], row["grade"],
                   row["raw_value"], row["scale"], value, row["source"], row["edition"], row["as_of"], months,
                   row["url"], row["note"]])
    last = len(rows) + 1
    table = Table(displayName="Companies", ref=f"A1:N{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    widths = dict(zip("ABCDEFGHIJKLMN", (22, 18, 18, 22, 7, 9, 15, 11, 22, 26, 9, 10, 30, 50), strict=True))
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    for n in range(2, last + 1):  # long texts wrap, in rows tall enough to show them
        for col in "BJMN":
            ws[f"{col}{n}"].alignment = WRAP
        ws.row_dimensions[n].height = max(text_height(ws[f"{c}{n}"].value, widths[c]) for c in "BJMN")
    ws.freeze_panes = "B2"
    _name(wb, "companies_table", "Companies[[#All]]")  # the whole table, header too: rows added to it count


def write_roles(wb: Workbook) -> dict[str, str]:
    """The reference tables, editable; returns the label ranges used by the offer lists."""
    ws, r, ranges = wb["Roles"], 1, {}
    for title, key, columns, source in ROLE_BLOCKS:
        ws.cell(r, 1, title).font = TITLE_FONT
        ws.row_dimensions[r].height = TITLE_POINTS
        _header(ws, r + 1, list(columns))
        rows = read_rows(source)
        for n, row in enumerate(rows, r + 2):
            for col, name in enumerate(columns, 1):
                raw = row[name]
                try:
                    value: Any = float(raw) if name not in ("label", "reason", "ask", "praise") else raw
                except ValueError:
                    value = raw
                ws.cell(n, col, value).fill = INPUT_FILL
        first, last = r + 2, r + 1 + len(rows)
        ranges[key] = f"Roles!$B${first}:$B${last}"
        r = last + 2
    for col, w in zip("ABCDEFG", (26, 36, 14, 14, 16, 14, 90), strict=True):
        ws.column_dimensions[col].width = w
    return ranges


NOT_EVALUATED = cmp.NOT_EVALUATED
OFFERS_HELP_WIDTH, PROFILE_HELP_WIDTH = 70, 90
COMPARISON_LABEL_WIDTH = 48
ASKS_LINES = 20  # Comparison's asks row: four asks of a hundred characters in an offer column


def _label(ws: Worksheet, r: int, label: str) -> None:
    """A Comparison row's label, wrapped in a row tall enough for it."""
    ws.cell(r, 1, label).alignment = WRAP
    ws.row_dimensions[r].height = text_height(label, COMPARISON_LABEL_WIDTH)


def _comparison_format(key: str) -> str | None:
    if key in cmp.ROW:  # a function row
        return MONEY if key.startswith("total") else "0" if key in ("company_score", "acceleration_risk") else None
    return PERCENT if key.startswith("vested_share") else "0.0000" if key == "rate" else MONEY


def write_comparison(wb: Workbook) -> None:
    """Comparison from its declaration (``workbook.comparison``): the native rows, the function rows as a
    person reads them (locked) and the live block they show (hidden, unlocked: Recalculate enters it again)."""
    ws = wb["Comparison"]
    _header(ws, 1, ["What", "Key", "", *(offer_header(i) for i in OFFER_INDICES)])
    for i in OFFER_INDICES:
        ws.cell(1, cmp.live_column(i), cmp.live_header(i)).font = GREY
    for r, label, key in cmp.row_labels():
        _label(ws, r, label)
        ws.cell(r, 2, key)
    for cell in cmp.result_cells():
        c = ws.cell(cell.row, cell.col, cell.formula)
        c.fill, c.alignment = COMPUTED_FILL, WRAP if cell.key == "asks" else TOP
        if (fmt := _comparison_format(cell.key)) is not None:
            c.number_format = fmt
        if not cell.locked:
            c.protection = UNLOCKED
        if cell.key == "rate" and cell.locked:
            _name(wb, fx.rate_name(cell.col - offer_column(0)), f"Comparison!${get_column_letter(cell.col)}${cell.row}")
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
        ws.column_dimensions[offer_letter(i)].width = 22
        ws.column_dimensions[get_column_letter(cmp.live_column(i))].hidden = True
    ws.freeze_panes = "D2"


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
    write_companies(wb)
    ranges = write_roles(wb)
    write_offers(wb, ranges)
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
    for name in ("Offers", "Profile", "Companies", "Roles", "Comparison", "Report", "Lock-in", "Asks", "Start"):
        wb[name].page_setup.orientation = "landscape"
        wb[name].page_setup.fitToWidth = 1
        wb[name].page_setup.fitToHeight = 0  # as many pages down as it takes: never shrunk to one tiny page
        wb[name].sheet_properties.pageSetUpPr.fitToPage = True
        if name not in ("Start", "Roles", "Asks"):  # Roles has a header per block; Asks' first row is advice
            wb[name].print_title_rows = "1:1"  # the header row on every printed page
    return wb
