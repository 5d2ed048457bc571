"""XLSX (XlsxWriter): text stays text, headers bold and frozen. Text a spreadsheet would read as a formula is
stored with Excel's quote prefix: shown as typed (no apostrophe), and still text if someone edits the cell."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from offersheet.atomic import atomic_write
from offersheet.exports.tables import Comparison, neutralise
from offersheet.spec.outputs import BY_KEY, NUMBER_FORMATS


def number_format(key: str) -> str | None:
    """The number format of an output (money with thousands separators, scores to a tenth), by its key."""
    output = BY_KEY.get(key)
    return NUMBER_FORMATS.get(output.kind) if output else None


def write_xlsx(target: Path, sheets: Mapping[str, tuple[Sequence[str], Iterable[Sequence[Any]]]],
               by_rows: bool = False, keys: Sequence[str] = ()) -> Path:
    """Workbook with one sheet per entry; text is stored as text (quote-prefixed where it looks like a formula),
    headers bold and frozen, numbers formatted by the output they are (``keys``: the output key of each
    column, or of each row with ``by_rows``).
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
        for title, (header, rows) in sheets.items():
            ws = wb.add_worksheet(title)
            ws.freeze_panes(1, 1)
            ws.set_column(0, 0, 28)
            if len(header) > 1:
                ws.set_column(1, len(header) - 1, 36)
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
