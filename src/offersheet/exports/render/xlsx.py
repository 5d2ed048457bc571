"""XLSX (XlsxWriter): text stays text, headers bold and frozen. Text a spreadsheet would read as a formula is
stored with Excel's quote prefix: shown as typed (no apostrophe), and still text if someone edits the cell.

Columns are as wide as their text needs (within bounds) and every row as tall as its wrapped text, so nothing
overlaps or is cut (LibreOffice and its PDF export never grow a row by themselves); printed, every page repeats
the header row and the label column, landscape, fitted to the page width when that keeps the print legible."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from offersheet.atomic import atomic_write
from offersheet.exports.tables import Comparison, neutralise
from offersheet.spec.outputs import BY_KEY, NUMBER_FORMATS
from offersheet.workbook.layout import text_height

MIN_WIDTH, MAX_WIDTH = 8.0, 44.0  # a column's width in characters: from its longest line, within these
BOLD = 1.1  # bold text is about a tenth wider
FIT_WIDTH = 200.0  # up to this many characters across, a printed page is fitted to the paper's width


def number_format(key: str) -> str | None:
    """The number format of an output (money with thousands separators, scores to a tenth), by its key."""
    output = BY_KEY.get(key)
    return NUMBER_FORMATS.get(output.kind) if output else None


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return "" if value is None else str(value)


def column_widths(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Each column's width (characters): its longest line (the header's in bold) plus a margin, within
    ``MIN_WIDTH``..``MAX_WIDTH``; longer text wraps."""
    widths = []
    for c in range(len(header)):
        longest = max((len(line) for row in rows if c < len(row) for line in _shown(row[c]).split("\n")),
                      default=0)
        head = max((len(line) for line in _shown(header[c]).split("\n")), default=0) * BOLD
        widths.append(min(max(longest, head) + 2, MAX_WIDTH) if longest or head else MIN_WIDTH)
    return [max(w, MIN_WIDTH) for w in widths]


def _layout(ws: Any, header: Sequence[Any], rows: Sequence[Sequence[Any]], label_columns: int) -> None:
    """Column widths and row heights from the text; print titles, orientation and fit."""
    widths = column_widths(header, rows)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.set_row(0, max(text_height(_shown(v), widths[c] / BOLD) for c, v in enumerate(header)))
    for r, row in enumerate(rows, start=1):
        ws.set_row(r, max((text_height(_shown(v), widths[c]) for c, v in enumerate(row) if isinstance(v, str)),
                          default=text_height("", 10)))
    ws.repeat_rows(0)
    ws.repeat_columns(0, label_columns - 1)
    ws.set_landscape()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&L&A&RPage &P of &N")
    if sum(widths) <= FIT_WIDTH:
        ws.fit_to_pages(1, 0)


def write_xlsx(target: Path, sheets: Mapping[str, tuple[Sequence[str], Iterable[Sequence[Any]]]],
               by_rows: bool = False, keys: Sequence[str] = (), label_columns: int = 1) -> Path:
    """Workbook with one sheet per entry; text is stored as text (quote-prefixed where it looks like a formula),
    headers bold and frozen, numbers formatted by the output they are (``keys``: the output key of each
    column, or of each row with ``by_rows``); the first ``label_columns`` columns name the row, and are
    repeated on every printed page with the header.
    Written with XlsxWriter (about 4x faster than openpyxl for these small sheets; exports are written many
    at a time), built in memory and saved through atomic_write."""
    import xlsxwriter

    def write(tmp: Path) -> None:
        # Nothing is guessed from text: it stays text, however much it looks like a formula, number or URL.
        wb = xlsxwriter.Workbook(str(tmp), {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_numbers": False, "strings_to_urls": False})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        bold = wb.add_format({"text_wrap": True, "valign": "top", "bold": True})
        quoted = {wrap: wb.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True}),
                  bold: wb.add_format({"text_wrap": True, "valign": "top", "bold": True, "quote_prefix": True})}
        formats = {fmt: wb.add_format({"num_format": fmt, "valign": "top"})
                   for fmt in {number_format(k) for k in keys} if fmt}
        for title, (header, body) in sheets.items():
            rows = [list(row) for row in body]
            ws = wb.add_worksheet(title)
            ws.freeze_panes(1, label_columns)
            _layout(ws, header, rows, label_columns)
            for r, row in enumerate([header, *rows]):
                style = bold if r == 0 else wrap
                for c, value in enumerate(row):
                    if value is None:
                        if r == 0:
                            ws.write_blank(r, c, None, style)
                    elif isinstance(value, bool):
                        ws.write_boolean(r, c, value)
                    elif isinstance(value, (int, float)):
                        if math.isfinite(value):  # NaN (not computable) stays an empty cell, as pandas reads it
                            key = (keys[r - 1] if by_rows else keys[c]) if keys and r and \
                                (r - 1 if by_rows else c) < len(keys) else ""
                            fmt = number_format(key)
                            if fmt:
                                ws.write_number(r, c, value, formats[fmt])
                            else:
                                ws.write_number(r, c, value)
                    else:
                        text = str(value)
                        ws.write_string(r, c, text, quoted[style] if neutralise(text) != text else style)
        wb.close()

    return atomic_write(target, write)


def render(cmp: Comparison, out: Path, stem: str, charts: Mapping[str, bytes]) -> list[Path]:
    return [write_xlsx(out / f"{stem}-comparison.xlsx", {"Comparison": (cmp.header, cmp.rows)}, by_rows=True,
                       keys=cmp.keys)]
