"""The input sheets the template writes: Offers, Profile, Companies and Roles, from the spec and the data.

Every input from the schema, every default visible beside it, each row at the top and as tall as its tallest
text (labels, help, the values a list can take); money in its currency (``fitting.currency_formats``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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
from offersheet.ratings import to_0_100
from offersheet.spec.settings import SETTINGS
from offersheet.spec.vocab import FIT_TRAITS
from offersheet.workbook import formulas as fx
from offersheet.workbook.fitting import (
    OFFER_WIDTH,
    currency_formats,
    input_format,
    keep_together,
    offers_row_height,
    print_setup,
    ranges,
)
from offersheet.workbook.layout import COMPANY_COLUMNS, OFFER_INDICES, offer_column, offer_header, offer_letter
from offersheet.workbook.measure import TITLE_POINTS, text_height, width_for
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
from offersheet.workbook.settings import (
    ROLE_BLOCKS,
    ROLE_TEXT_COLUMNS,
    column_label,
    role_columns,
    setting_default,
    setting_keys,
)
from offersheet.workbook.styles import GREY, HEADER_FILL, HEADER_FONT, INPUT_FILL, TITLE_FONT, TOP, WRAP

UNLOCKED = Protection(locked=False)
OFFERS_HELP_WIDTH = 44


def write_header(ws: Worksheet, row: int, values: list[str]) -> None:
    for col, v in enumerate(values, 1):
        c = ws.cell(row, col, v)
        c.font, c.fill = HEADER_FONT, HEADER_FILL


def hide_keys(ws: Worksheet, column: str) -> None:
    """The keys scripts fill by stay in the sheet, hidden: a person reads the labels."""
    ws.column_dimensions[column].hidden = True


def add_name(wb: Workbook, name: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


def style_input(cell: Cell, f: Field) -> None:
    cell.fill = INPUT_FILL
    cell.protection = UNLOCKED
    # level with its label and help, at the top of a tall row; text and list values wrap, whole
    cell.alignment = WRAP if f.kind in ("text", "choice") else TOP
    if (fmt := input_format(f)) is not None:
        cell.number_format = fmt


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
        dv = DataValidation(
            type="whole" if f.kind == "int" else "decimal",
            operator="between",
            formula1=str(f.lo),
            formula2=str(hi),
            allow_blank=True,
        )
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
    shown: Callable[[float], str] = (lambda x: f"{x:.0%}") if f.kind == "percent" else (lambda x: f"{x:g}")
    span = f"{shown(f.lo)} to {shown(f.hi)} ({f.unit})"
    dv = DataValidation(
        type="whole" if f.kind == "int" else "decimal",
        operator="between",
        formula1=str(f.lo),
        formula2=str(f.hi),
        allow_blank=True,
    )
    dv.error, dv.errorTitle, dv.showErrorMessage = f"{label}: {span}", "offersheet", True
    dv.prompt, dv.promptTitle, dv.showInputMessage = f"{span}"[:250], label[:32], True
    ws.add_data_validation(dv)
    return dv


def write_offers(wb: Workbook, lists: Mapping[str, str], ref: Reference) -> None:
    ws = wb["Offers"]
    write_header(ws, 1, ["Key", "Field", "Unit", *(offer_header(i) for i in OFFER_INDICES), "Help"])
    help_col = 4 + len(OFFER_INDICES)
    label_width = width_for((f.label + " *" for f in OFFER_FIELDS), least=20.0, most=28.0)
    unit_width = width_for((f.unit for f in OFFER_FIELDS), least=6.0)
    money = []
    for r, f in enumerate(OFFER_FIELDS, FIRST_ROW):
        key_cell = ws.cell(r, 1, f.key)
        key_cell.font, key_cell.alignment = GREY, TOP
        ws.cell(r, 2, f.label + (" *" if f.required else "")).alignment = WRAP
        ws.cell(r, 3, f.unit).alignment = TOP
        ws.cell(r, help_col, f.help).alignment = WRAP
        labels = field_labels(f, ref).values() if f.kind == "choice" else ()
        ws.row_dimensions[r].height = offers_row_height(f, label_width, OFFERS_HELP_WIDTH, labels)
        dv = _validation(ws, f, lists)
        for i in OFFER_INDICES:
            cell = ws[f"{offer_letter(i)}{r}"]
            style_input(cell, f)
            if dv:
                dv.add(cell)
            add_name(wb, defined_name(f, i), f"Offers!${offer_letter(i)}${r}")
        if f.kind == "money":
            money.append(r)
    # each offer's amounts in its own currency, with the symbol (its Currency row; blank: the home currency)
    currency_row = FIRST_ROW + [f.key for f in OFFER_FIELDS].index("currency")
    currency_formats(
        ws,
        ranges(money, offer_column(0), offer_column(OFFER_INDICES[-1])),
        fx.currency_code(f"{offer_letter(0)}${currency_row}"),
    )
    widths = {"A": 26, "B": label_width, "C": unit_width, chr(ord("A") + help_col - 1): OFFERS_HELP_WIDTH}
    widths.update({offer_letter(i): OFFER_WIDTH for i in OFFER_INDICES})
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    hide_keys(ws, "A")
    ws.freeze_panes = "D2"


PROFILE_WIDTHS = {"A": 28, "B": 34, "C": 16, "D": 16, "E": 14, "F": 66}  # key, label, value, unit, default, help


def _profile_row(
    ws: Worksheet, r: int, key: str, label: str, value: Any, f: Field, note: str, choices: Iterable[str] = ()
) -> Cell:
    """One Profile row: the key, its label, the value (an input), its unit, its default and help, each at the
    top of a row tall enough for the tallest of them (a list's longest value included)."""
    key_cell = ws.cell(r, 1, key)
    key_cell.font, key_cell.alignment = GREY, TOP
    ws.cell(r, 2, label).alignment = WRAP
    cell = ws.cell(r, 3, value)
    style_input(cell, f)
    ws.cell(r, 4, f.unit).alignment = WRAP
    default = ws.cell(r, 5, value)  # the value written is the default: it stays visible once changed
    default.alignment, default.font = WRAP, GREY
    if (fmt := input_format(f)) is not None and f.kind != "text":
        default.number_format = fmt
    ws.cell(r, 6, note).alignment = WRAP
    texts = [(label, "B"), (f.unit, "D"), (note, "F"), *((c, "C") for c in choices), *((c, "E") for c in choices)]
    ws.row_dimensions[r].height = max(text_height(t, PROFILE_WIDTHS[col]) for t, col in texts)
    return cell


def write_profile(wb: Workbook, ref: Reference) -> None:
    """The person, then the model settings: a row each with its label, value, unit, default and help, all at
    the top of the row; the personal-fit traits are printed together, and the settings begin a printed page
    when they would not fit (``keep_together``)."""
    ws = wb["Profile"]
    write_header(ws, 1, ["Key", "Field", "Value", "Unit", "Default", "Help"])
    r = FIRST_ROW
    money, traits = [], []
    for f in PROFILE_FIELDS:
        choices = field_labels(f, ref).values() if f.kind == "choice" else ()
        cell = _profile_row(
            ws, r, f.key, f.label + (" *" if f.required else ""), display_default(f), f, f.help, choices
        )
        if dv := _validation(ws, f, {}):
            dv.add(cell)
        add_name(wb, defined_name(f), f"Profile!$C${r}")
        if f.kind == "money":
            money.append(r)
        if f.key in FIT_TRAITS:
            traits.append(r)
        r += 1
    # savings and spending, and their defaults: in the home currency
    currency_formats(ws, f"{ranges(money, 3, 3)} {ranges(money, 5, 5)}", fx.currency_code())
    r += 1
    settings_title = r
    title = ws.cell(r, 2, "Model settings: the defaults, visible; change a value to override it")
    title.font, title.alignment = TITLE_FONT, TOP
    ws.row_dimensions[r].height = TITLE_POINTS
    r += 1
    for key in setting_keys(ref):
        f = SETTINGS[key]
        cell = _profile_row(ws, r, key, PARAMETER_LABELS[key], setting_default(ref, key), f, PARAMETER_DOCS[key])
        cell.number_format = input_format(f) or "General"  # rates and shares: the percentage the help speaks of
        _setting_validation(ws, f, PARAMETER_LABELS[key]).add(cell)
        add_name(wb, key, f"Profile!$C${r}")
        r += 1
    for col, w in PROFILE_WIDTHS.items():
        ws.column_dimensions[col].width = w
    hide_keys(ws, "A")
    ws.freeze_panes = "C2"
    add_name(wb, "profile_table", f"Profile!$A$2:$C${r - 1}")
    print_setup(ws, "1:1")
    # the six traits read together, on one page; the settings begin one when they would not fit
    keep_together(ws, [(min(traits), max(traits)), (settings_title, r - 1)], title_rows=1)


# Companies' columns: (width, wrapped). Codes and dates are at least this wide, as wide as their longest; sentences
# wrap at this width.
COMPANY_LAYOUT = {
    "company": (15, True),
    "aliases": (13, True),
    "employer_kind": (14, True),
    "criterion": (12, False),
    "grade": (7, False),
    "raw_value": (7, True),
    "scale": (10, True),
    "value_0_100": (8, True),
    "source": (14, True),
    "edition": (14, True),
    "as_of": (7, False),
    "months_old": (9, True),
    "url": (20, True),
    "note": (38, True),
}


FILTER_BUTTON = 2.5  # units of a Table header cell taken by its filter button


def write_companies(wb: Workbook, ref: Reference) -> None:
    """The bundled ratings as an Excel Table, each employer kind by its label (the Roles sheet's; the reader
    takes the label or the code)."""
    ws = wb["Companies"]
    ws.append([column_label(c) for c in COMPANY_COLUMNS])
    kinds = {row["company"]: row for row in read_rows("company_list.csv")}
    rows = read_rows("companies.csv")
    for n, row in enumerate(rows, 2):
        meta = kinds[row["company"]]
        value = to_0_100(row["grade"], row["raw_value"], row["scale"])
        months = f'=IF(K{n}="","",(YEAR(TODAY())-VALUE(LEFT(K{n},4)))*12+MONTH(TODAY())-VALUE(RIGHT(K{n},2)))'
        kind = ref.employer_kinds[meta["employer_kind"]].label
        ws.append(
            [
                row["company"],
                meta["aliases"],
                kind,
                row["criterion"],
                row["grade"],
                row["raw_value"],
                row["scale"],
                value,
                row["source"],
                row["edition"],
                row["as_of"],
                months,
                row["url"],
                row["note"],
            ]
        )
    last = len(rows) + 1
    table = Table(displayName="Companies", ref=f"A1:N{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    letters = {c: get_column_letter(n) for n, c in enumerate(COMPANY_COLUMNS, 1)}
    wrapped = {letters[c] for c in COMPANY_COLUMNS if COMPANY_LAYOUT[c][1]}
    widths = {
        letters[c]: COMPANY_LAYOUT[c][0]
        if letters[c] in wrapped
        # a code or date: on one line
        else width_for((ws[f"{letters[c]}{n}"].value for n in range(2, last + 1)), least=COMPANY_LAYOUT[c][0])
        for c in COMPANY_COLUMNS
    }
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    for n in range(1, last + 1):  # every cell at the top of its row; long texts wrap, in rows tall enough
        wraps = set(widths) if n == 1 else wrapped  # the header wraps throughout
        for col in widths:
            ws[f"{col}{n}"].alignment = WRAP if col in wraps else TOP
        room = {c: widths[c] - (FILTER_BUTTON if n == 1 else 0) for c in widths}  # the header's filter buttons
        ws.row_dimensions[n].height = max(
            text_height(ws[f"{c}{n}"].value, room[c], bold=n == 1) for c in wraps if ws[f"{c}{n}"].data_type != "f"
        )
    for cell in ws[1]:  # the header as on every sheet (a spreadsheet without table styles shows it too)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    ws.freeze_panes = "B2"
    add_name(wb, "companies_table", "Companies[[#All]]")  # the whole table, header too: rows added to it count
    print_setup(ws, "1:1")


# code, label (its longest), levels, sentences
ROLE_WIDTHS = {1: 22, 2: 28, 3: 12, 4: 12, 5: 12, 6: 12, 7: 12, 8: 44, 9: 36}


def write_roles(wb: Workbook) -> dict[str, str]:
    """The reference tables, editable; returns the label ranges used by the offer lists. Each table keeps its
    code, label and levels in the first columns and its sentences wrapped in the wide ones, and is kept on one
    printed page (``keep_together``)."""
    ws, r, lists = wb["Roles"], 1, {}
    sections = []
    tables = {source: read_rows(source) for _, _, _, source in ROLE_BLOCKS}
    widths = {
        **ROLE_WIDTHS,  # the codes and the labels (the lists' values) each on one line
        1: width_for((row[cols[0]] for _, _, cols, source in ROLE_BLOCKS for row in tables[source]), least=16.0),
        2: width_for((row["label"] for rows in tables.values() for row in rows), least=20.0),
    }
    for title, key, columns, source in ROLE_BLOCKS:
        at = role_columns(columns)
        ws.cell(r, 1, title).font = TITLE_FONT
        ws.row_dimensions[r].height = TITLE_POINTS
        for name, col in at.items():
            c = ws.cell(r + 1, col, column_label(name))
            c.font, c.fill, c.alignment = HEADER_FONT, HEADER_FILL, WRAP
        ws.row_dimensions[r + 1].height = max(text_height(column_label(n), widths[c], bold=True) for n, c in at.items())
        rows = tables[source]
        for n, row in enumerate(rows, r + 2):
            for name, col in at.items():
                raw = row[name]
                try:
                    value: Any = float(raw) if name not in ("label", *ROLE_TEXT_COLUMNS) else raw
                except ValueError:
                    value = raw
                cell = ws.cell(n, col, value)
                cell.fill, cell.alignment = INPUT_FILL, WRAP if name in ROLE_TEXT_COLUMNS else TOP
            ws.row_dimensions[n].height = max(
                text_height(row[name], widths[col]) for name, col in at.items() if name in ROLE_TEXT_COLUMNS
            )
        first, last = r + 2, r + 1 + len(rows)
        lists[key] = f"Roles!$B${first}:$B${last}"
        sections.append((r, last))
        r = last + 2
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w
    print_setup(ws)
    keep_together(ws, sections)
    return lists
