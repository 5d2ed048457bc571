"""Run by the system Python with LibreOffice's UNO bridge (python3-uno), not by the test venv.

For each workbook given, open it in headless LibreOffice and ask LibreOffice's own layout, on every used row and
cell of the named sheets, whether the text fits where the file puts it:

- rows: the row's optimal height (what LibreOffice needs to show every wrapped cell) against the height the file
  sets. LibreOffice does not grow rows by itself, and its PDF export prints them as they are.
- cells: the width a cell's shown text needs on one line (its string as formatted, in its font, measured as
  LibreOffice's optimal column width of a scratch column holding it alone, less the spare room LibreOffice
  adds to an optimal width) against the width it has: its
  column, plus the empty cells to its right when it is text that may run on into them (left-aligned, not
  wrapped). A number too wide shows ###; text too wide is cut off or runs into the next filled cell.

Prints JSON: {file: {"rows": [[sheet, row, set_pt, needed_pt], ...],
                     "cells": [[sheet, cell, text, has_pt, needed_pt], ...]}}
for the rows and cells that need more than they have. Usage: python3 uno_fit.py PROFILE_DIR SHEETS FILE...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import uno  # type: ignore[import-not-found]  # noqa: F401  (makes com.sun.star importable)
from com.sun.star.table.CellContentType import EMPTY, FORMULA, TEXT  # type: ignore[import-not-found]
from com.sun.star.table.CellHoriJustify import LEFT, STANDARD  # type: ignore[import-not-found]

from uno_office import desktop, prop  # type: ignore[import-not-found]

HUNDREDTH_MM_PER_POINT = 2540 / 72
SLACK = 0.5 * HUNDREDTH_MM_PER_POINT  # half a point for rounding
STD_EXTRA = 113 * 2540 / 1440  # what LibreOffice's optimal column width adds beyond the text (113 twips)
FONT = ("CharFontName", "CharHeight", "CharWeight", "CharPosture")
SCRATCH = "offersheet_measure"


def _pt(hundredth_mm: float) -> float:
    return round(hundredth_mm / HUNDREDTH_MM_PER_POINT, 1)


def _is_text(cell: object) -> bool:
    kind = cell.getType()
    return kind == TEXT or (kind == FORMULA and cell.FormulaResultType2 == 2)  # FormulaResult.STRING


def short_rows(sheet: object, name: str, last_row: int) -> list[list[object]]:
    short = []
    rows = sheet.Rows
    for r in range(last_row + 1):
        row = rows.getByIndex(r)
        if not row.IsVisible:
            continue
        have = row.Height
        row.OptimalHeight = True
        need = row.Height
        if need > have + SLACK:
            short.append([name, r + 1, _pt(have), _pt(need)])
        row.Height = have  # as the file has it: the cells below are measured against the file's layout
    return short


def short_cells(sheet: object, name: str, last_row: int, last_col: int, scratch: object) -> list[list[object]]:
    """Cells whose text, on one line, is wider than the room it has."""
    short = []
    columns, rows = sheet.Columns, sheet.Rows
    widths = [columns.getByIndex(c).Width if columns.getByIndex(c).IsVisible else 0 for c in range(last_col + 1)]
    probe, probe_col = scratch.getCellByPosition(0, 0), scratch.Columns.getByIndex(0)
    for r in range(last_row + 1):
        if not rows.getByIndex(r).IsVisible:
            continue
        for c in range(last_col + 1):
            if not widths[c]:
                continue
            cell = sheet.getCellByPosition(c, r)
            if cell.getType() == EMPTY or cell.IsTextWrapped:
                continue
            text = cell.getString()
            if not text.strip():
                continue
            room = widths[c]
            if _is_text(cell) and cell.HoriJustify in (STANDARD, LEFT):
                for n in range(c + 1, last_col + 1):  # text runs on into the empty cells to its right
                    if sheet.getCellByPosition(n, r).getString():
                        break
                    room += widths[n]
                else:
                    room = max(room, 10**9)  # nothing to its right: it runs on freely
            for name in FONT:
                probe.setPropertyValue(name, cell.getPropertyValue(name))
            probe.setString(text)
            probe_col.OptimalWidth = True
            need = probe_col.Width - STD_EXTRA
            if need > room + SLACK:
                short.append([name, cell.AbsoluteName.split(".")[-1].replace("$", ""), text[:60], _pt(room), _pt(need)])
    return short


def check(doc: object, sheets: list[str]) -> dict[str, list[list[object]]]:
    doc.Sheets.insertNewByName(SCRATCH, doc.Sheets.Count)
    scratch = doc.Sheets.getByName(SCRATCH)
    rows: list[list[object]] = []
    cells: list[list[object]] = []
    for name in sheets:
        if not doc.Sheets.hasByName(name):  # a sheet another of the files has
            continue
        sheet = doc.Sheets.getByName(name)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last_row, last_col = cursor.RangeAddress.EndRow, cursor.RangeAddress.EndColumn
        rows += short_rows(sheet, name, last_row)
        cells += short_cells(sheet, name, last_row, last_col, scratch)
    return {"rows": rows, "cells": cells}


def main() -> None:
    profile, sheets, files = Path(sys.argv[1]), sys.argv[2].split(","), sys.argv[3:]
    out: dict[str, dict[str, list[list[object]]]] = {}
    with desktop(profile, "fit") as office:
        for f in files:
            doc = office.loadComponentFromURL(Path(f).resolve().as_uri(), "_blank", 0, (prop("Hidden", True),))
            out[f] = check(doc, sheets)
            doc.close(True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
