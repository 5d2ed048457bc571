"""XLSX (XlsxWriter): text stays text, headers bold and frozen. Text a spreadsheet would read as a formula is
stored with Excel's quote prefix: shown as typed (no apostrophe), and still text if someone edits the cell.

Columns are as wide as their text needs (within bounds) and every row as tall as its wrapped text, so nothing
overlaps or is cut (LibreOffice and its PDF export never grow a row by themselves); printed, every page repeats
the header row and the label columns, landscape, fitted to the page width, or to as few pages across as keep
the print legible (a summary of many outputs)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from offersheet.atomic import atomic_write
from offersheet.exports.tables import Comparison, neutralise
from offersheet.spec.outputs import BY_KEY, number_format, shown
from offersheet.workbook.layout import FOOTER, MARGINS
from offersheet.workbook.measure import text_height, width_for

MIN_WIDTH, MAX_WIDTH = 8.0, 44.0  # a column's width in characters: from its longest line, within these
FIT_WIDTH = 200.0  # the most characters a printed page shows across: fitted to the paper's width, still legible


def kind_of(key: str) -> str:
    """The kind of an output, by its key (the figures' number format and rounding follow it)."""
    output = BY_KEY.get(key)
    return output.kind if output else ""


def column_widths(
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    kinds: Callable[[int, int], str],
    currency: Callable[[int], str | None],
) -> list[float]:
    """Each column's width: its longest line as shown (numbers in their format), and the header's longest word
    in bold (the header wraps between words: a figure's column is not as wide as its label), within
    ``MIN_WIDTH``..``MAX_WIDTH``; longer text wraps."""
    widths = []
    for c in range(len(header)):
        body = [shown(kinds(r, c), row[c], currency(r)) for r, row in enumerate(rows) if c < len(row)]
        words = str(shown("", header[c])).split()
        widths.append(
            max(
                width_for(body, least=MIN_WIDTH, most=MAX_WIDTH),
                width_for(words, bold=True, least=MIN_WIDTH, most=MAX_WIDTH),
            )
        )
    return widths


def pages_across(widths: Sequence[float], label_columns: int) -> int:
    """How many pages wide a sheet prints: one when it fits ``FIT_WIDTH`` characters, else as few as keep
    that many on each page, every page repeating the label columns."""
    labels = sum(widths[:label_columns])
    rest = sum(widths) - labels
    return max(1, math.ceil(rest / max(FIT_WIDTH - labels, FIT_WIDTH / 4)))


def _layout(
    ws: Any,
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    label_columns: int,
    kinds: Callable[[int, int], str],
    currency: Callable[[int], str | None],
) -> None:
    """Column widths and row heights from the text; print titles, orientation and fit."""
    widths = column_widths(header, rows, kinds, currency)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.set_row(0, max(text_height(shown("", v), widths[c], bold=True) for c, v in enumerate(header)))
    for r, row in enumerate(rows, start=1):
        ws.set_row(
            r,
            max(
                (text_height(v, widths[c]) for c, v in enumerate(row) if isinstance(v, str)),
                default=text_height("", 10),
            ),
        )
    ws.repeat_rows(0)
    ws.repeat_columns(0, label_columns - 1)
    ws.set_landscape()
    ws.set_margins(left=MARGINS["left"], right=MARGINS["right"], top=MARGINS["top"], bottom=MARGINS["bottom"])
    ws.set_footer(FOOTER)
    ws.fit_to_pages(pages_across(widths, label_columns), 0)  # as many pages down as it takes


def write_xlsx(
    target: Path,
    sheets: Mapping[str, tuple[Sequence[str], Iterable[Sequence[Any]]]],
    by_rows: bool = False,
    keys: Sequence[str] = (),
    label_columns: int = 1,
    currencies: Sequence[str | None] = (),
) -> Path:
    """Workbook with one sheet per entry; text is stored as text (quote-prefixed where it looks like a formula),
    headers bold and frozen, figures formatted by the output they are (``keys``: the output key of each
    column, or of each row with ``by_rows``), money with the symbol of its currency (``currencies``: each
    body row's; one alone is every row's); the first ``label_columns`` columns name the row, and are repeated
    on every printed page with the header.
    Written with XlsxWriter (about 4x faster than openpyxl for these small sheets; exports are written many
    at a time), built in memory and saved through atomic_write."""
    import xlsxwriter

    def kind(r: int, c: int) -> str:  # body row r (0-based), column c
        n = r if by_rows else c
        return kind_of(keys[n]) if n < len(keys) else ""

    def currency(r: int) -> str | None:
        return currencies[0] if len(currencies) == 1 else currencies[r] if r < len(currencies) else None

    def write(tmp: Path) -> None:
        # Nothing is guessed from text: it stays text, however much it looks like a formula, number or URL.
        wb = xlsxwriter.Workbook(
            str(tmp),
            {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
        )
        left = {"text_wrap": True, "align": "left", "valign": "top"}
        wrap = wb.add_format(left)
        bold = wb.add_format({**left, "bold": True})
        quoted = {
            wrap: wb.add_format({**left, "quote_prefix": True}),
            bold: wb.add_format({**left, "bold": True, "quote_prefix": True}),
        }
        formats: dict[str, Any] = {}
        for title, (header, body) in sheets.items():
            rows = [list(row) for row in body]
            ws = wb.add_worksheet(title)
            ws.freeze_panes(1, label_columns)
            _layout(ws, header, rows, label_columns, kind, currency)
            for r, row in enumerate([header, *rows]):
                for c, value in enumerate(row):
                    style = bold if r == 0 else wrap
                    if value is None:
                        if r == 0:
                            ws.write_blank(r, c, None, style)
                    elif isinstance(value, bool):
                        ws.write_boolean(r, c, value)
                    elif isinstance(value, (int, float)):
                        if math.isfinite(value):  # NaN (not computable) stays an empty cell, as pandas reads it
                            fmt = number_format(kind(r - 1, c), currency(r - 1)) if r else None
                            if fmt:
                                if fmt not in formats:
                                    formats[fmt] = wb.add_format({"num_format": fmt, "align": "left", "valign": "top"})
                                ws.write_number(r, c, value, formats[fmt])
                            else:
                                ws.write_number(r, c, value)
                    else:
                        text = str(value)
                        ws.write_string(r, c, text, quoted[style] if neutralise(text) != text else style)
        wb.close()

    return atomic_write(target, write)


def render(cmp: Comparison, out: Path, stem: str, charts: Mapping[str, bytes]) -> list[Path]:
    return [
        write_xlsx(
            out / f"{stem}-comparison.xlsx",
            {"Comparison": (cmp.header, cmp.rows)},
            by_rows=True,
            keys=cmp.keys,
            currencies=(cmp.evaluation.currency,),
        )
    ]
