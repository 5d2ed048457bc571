"""The template's sheets fitted to what they hold: number formats by kind, money in its currency, rows as tall
as their text, page breaks before sections, and the print setup every sheet shares.

The template knows most of its text when it writes it: labels, help, the values a list can take. What a person
fills in later is not known, so rows that carry a conclusion (a role title, what would change a verdict) are
given room for the longest such text, and ``fit_filled`` grows them to the values of a pre-filled workbook.
Figures are formatted by kind from ``spec.outputs`` (one format per kind on every sheet); money shows the
symbol of its currency by conditional formats that follow the currency cells, so an offer switched to GBP shows
£ at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from openpyxl.formatting.rule import Rule
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from offersheet.spec.outputs import BY_KEY as OUTPUTS
from offersheet.spec.outputs import MONEY, PERCENT, RATE, TEXT, number_format
from offersheet.spec.vocab import CURRENCIES
from offersheet.workbook import comparison as cmp
from offersheet.workbook import formulas as fx
from offersheet.workbook.layout import (
    FOOTER_LEFT,
    FOOTER_RIGHT,
    MARGINS,
    OFFER_INDICES,
    PAGE_POINTS,
    PAGE_UNITS,
    offer_column,
)
from offersheet.workbook.measure import LINE_POINTS, text_height
from offersheet.workbook.schema import FIRST_ROW, OFFER_FIELDS, Field
from offersheet.workbook.styles import TOP, WRAP

CF_FORMAT_ID = 300  # the conditional money formats' ids (one per currency), clear of the cell formats' ids
OFFER_WIDTH = 20.0  # an offer column on Offers and Comparison: every list value in two lines at most
# Comparison's text rows: lines of room for the longest text the row holds (results are written after the
# template: what would change a verdict names a setting, two values and a verdict).
TEXT_LINES = {"employer": 2, "role_title": 3, "stability": 10, "scenario_growth": 4}
DEFAULT_WIDTH = 8.43  # a column with no width of its own


def print_setup(ws: Worksheet, title_rows: str | None = None) -> None:
    """Landscape, as wide as the paper and as many pages down as it takes, with the sheet's name and page number
    at the foot of each page; ``title_rows`` repeat at the top of every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # never shrunk to one tiny page
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(**MARGINS)
    ws.oddFooter.left.text, ws.oddFooter.right.text = FOOTER_LEFT, FOOTER_RIGHT
    if title_rows:
        ws.print_title_rows = title_rows


def input_format(f: Field) -> str | None:
    """An input cell's number format, by the kind of its field (the outputs' formats: one per kind)."""
    if f.kind in ("text", "pct_list"):
        return "@"
    return number_format({"growth": PERCENT}.get(f.kind, f.kind))


def currency_formats(ws: Worksheet, sqref: str, code_of: str) -> None:
    """Money in ``sqref`` with the symbol of its currency: a conditional number format per currency, chosen by
    the currency code the formula ``code_of`` gives (relative to the range's top-left cell)."""
    for n, code in enumerate(CURRENCIES):
        shown = NumberFormat(numFmtId=CF_FORMAT_ID + n, formatCode=number_format(MONEY, code))
        ws.conditional_formatting.add(
            sqref, Rule(type="expression", dxf=DifferentialStyle(numFmt=shown), formula=[f'{code_of}="{code}"'])
        )


def ranges(rows: Iterable[int], first_col: int, last_col: int) -> str:
    """A space-separated list of row ranges, ``D5:I5 D8:I9``, every one starting in ``first_col``."""
    a, b = get_column_letter(first_col), get_column_letter(last_col)
    return " ".join(f"{a}{r}:{b}{r}" for r in sorted(set(rows)))


def width(ws: Worksheet, col: int) -> float:
    dim = ws.column_dimensions[get_column_letter(col)]
    return 0.0 if dim.hidden else float(dim.width or DEFAULT_WIDTH)


def height(ws: Worksheet, row: int) -> float:
    return float(ws.row_dimensions[row].height or LINE_POINTS)


def print_scale(ws: Worksheet, last_col: int | None = None) -> float:
    """The scale at which the sheet's columns up to ``last_col`` print as wide as the page (never enlarged)."""
    across = sum(width(ws, c) for c in range(1, (last_col or ws.max_column) + 1))  # the printed columns
    return min(1.0, PAGE_UNITS / max(across, 1.0))


def keep_together(
    ws: Worksheet, sections: Sequence[tuple[int, int]], title_rows: int = 0, last_col: int | None = None
) -> list[int]:
    """Page breaks so that no section starts near a page's foot: a section (first row, last row) that does not
    fit in what is left of the page starts the next one (one taller than a page always does, so that where the
    application's own page breaks fall, at its own scale, cannot leave its heading at a page's foot). The page
    holds ``PAGE_POINTS`` at the scale that fits the sheet's width; the repeated title rows take their share."""
    page = PAGE_POINTS / print_scale(ws, last_col) - sum(height(ws, r) for r in range(1, title_rows + 1))
    starts = {first: last for first, last in sections}
    used, breaks = 0.0, []
    for r in range(title_rows + 1, ws.max_row + 1):
        if r in starts and used:
            need = sum(height(ws, n) for n in range(r, starts[r] + 1))
            if used + need > page:  # one taller than a page too: it starts one, whoever paginates the rest
                breaks.append(r)
                used = 0.0
        if used + height(ws, r) > page:
            used = 0.0  # the page ends here by itself
        used += height(ws, r)
    for r in breaks:
        ws.row_breaks.append(Break(id=r - 1))
    return breaks


def offers_row_height(
    f: Field, label_width: float, help_width: float, labels: Iterable[str] = (), values: Iterable[object] = ()
) -> float:
    """An Offers row: its label, its help, and each value it can hold (a list's labels) or holds, wrapped."""
    texts = [*((v, OFFER_WIDTH) for v in (*labels, *values) if isinstance(v, str))]
    return max(
        text_height(f.label + (" *" if f.required else ""), label_width),
        text_height(f.help, help_width),
        *(text_height(v, w) for v, w in texts),
    )


def fit_filled(wb: Workbook) -> None:
    """Rows grown to the values a pre-filled workbook holds (Offers, and the inputs Comparison repeats), and
    Comparison printed to the offers filled in."""
    ws = wb["Offers"]
    widths = {c: width(ws, c) for c in range(1, ws.max_column + 1)}
    for r in range(FIRST_ROW, FIRST_ROW + len(OFFER_FIELDS)):
        cells = [ws.cell(r, c + 4) for c in OFFER_INDICES]
        need = max((text_height(c.value, widths[c.column]) for c in cells if isinstance(c.value, str)), default=0.0)
        if need > height(ws, r):
            ws.row_dimensions[r].height = need
    sheet = wb["Comparison"]
    for r in range(2, sheet.max_row + 1):
        key = sheet.cell(r, 2).value
        if key in ("employer", "role_title"):
            values = [ws.cell(FIRST_ROW + [f.key for f in OFFER_FIELDS].index(key), c + 4).value for c in OFFER_INDICES]
            need = max(
                (text_height(v, width(sheet, 4 + i)) for i, v in enumerate(values) if isinstance(v, str)), default=0.0
            )
            if need > height(sheet, r):
                sheet.row_dimensions[r].height = need
    employer = FIRST_ROW + [f.key for f in OFFER_FIELDS].index("employer")
    filled = [i for i in OFFER_INDICES if ws.cell(employer, offer_column(i)).value not in (None, "")]
    if filled:  # printed: the offers filled in, not the empty slots after them (evaluate keeps it so)
        sheet.print_area = cmp.print_area(filled)


def comparison_kind(key: object) -> str | None:
    """The kind of a Comparison row, by its key: an output's; for the native rows their own (amounts, but the
    exchange rate and the vested shares); any other function row's (the asks) text."""
    if not isinstance(key, str):
        return None
    if key in OUTPUTS:
        return OUTPUTS[key].kind
    if key == "rate":
        return RATE
    if key.startswith("vested_share"):
        return PERCENT
    return MONEY if key in {k for _, k, _ in cmp.comparison_rows()} else TEXT


def fit_comparison(ws: Worksheet) -> None:
    """Comparison's figures formatted by kind (money in the home currency, with its symbol), its texts wrapped
    in rows with room for them, each section kept on one page, and the offers named on every printed page."""
    first, last = 4, 4 + len(OFFER_INDICES) - 1
    money = []
    sections, section = [], 0
    for r in range(2, ws.max_row + 1):
        key = ws.cell(r, 2).value
        label = ws.cell(r, 1)
        if key is None and isinstance(label.value, str):  # a section's heading: wrapped, the section kept together
            for cell in ws[r][1:]:
                if cell.value is not None:
                    cell.alignment = TOP  # level with the heading's first line
            label.alignment = WRAP
            ws.row_dimensions[r].height = max(height(ws, r), text_height(label.value, width(ws, 1), bold=True))
            if section:
                sections.append((section, r - 1))
            section = r
            continue
        kind = comparison_kind(key)
        if kind is None:
            continue
        label.alignment = WRAP
        lines = TEXT_LINES.get(str(key), 1)
        need = max(text_height(label.value, width(ws, 1)), LINE_POINTS * lines + 2)
        ws.row_dimensions[r].height = max(height(ws, r), need)
        for c in range(first, last + 1):
            cell = ws.cell(r, c)
            if kind == MONEY:
                money.append(r)
            if (fmt := number_format(kind)) is not None:
                cell.number_format = fmt
            if kind == TEXT:
                cell.alignment = WRAP
    if section:
        sections.append((section, ws.max_row))
    currency_formats(ws, ranges(money, first, last), fx.currency_code())
    print_setup(ws, "1:3")  # the header, then each offer's employer and role
    ws.print_area = cmp.print_area(OFFER_INDICES)  # a form to fill: every slot (a pre-filled one: ``fit_filled``)
    # Printed at the scale that fits all six offers, however many the print area holds (the offers filled in,
    # set again by evaluate): the page breaks below fall between sections at that scale, and at a larger one
    # (fitted to three offers' width) a section would run over its page.
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = math.floor(100 * print_scale(ws, last))
    keep_together(ws, sections, title_rows=3, last_col=last)
