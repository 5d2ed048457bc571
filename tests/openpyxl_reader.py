"""openpyxl as a second, independent reader of a workbook's inputs: the tests hold the lean reader
(``offersheet.workbook.xmlcells``) to it, cell by cell and over the hostile corpus. offersheet itself never uses
it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from offersheet.workbook.cells import _marked
from offersheet.workbook.reader import MAX_SCAN_COLUMNS, WorkbookInputs, _rows_to_read, read_sheets
from offersheet.workbook.safety import open_workbook, parsing
from offersheet.workbook.xmlcells import merged_ranges


class ReadOnlyGrid:
    """An openpyxl read-only worksheet, its first ``max_rows`` x ``max_cols`` cells read once (fast: no styles)."""

    def __init__(
        self,
        ws: Any,
        cached: Callable[[str, str], Any] | None,
        max_rows: int,
        max_cols: int,
        merged: list[tuple[int, int, int, int]],
    ) -> None:
        self.title, self.cached, self._merged = ws.title, cached, merged
        self.cells: dict[tuple[int, int], Any] = {}
        # Bound by the sheet's own size too: asked for more, openpyxl pads with empty rows and cells.
        max_rows = min(max_rows, ws.max_row or max_rows)
        max_cols = min(max_cols, ws.max_column or max_cols)
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max_rows, max_col=max_cols), 1):
            for c, cell in enumerate(row, 1):
                if cell.value is not None:
                    self.cells[(r, c)] = cell
        self._max_row = max((r for r, _ in self.cells), default=0)
        self._max_column = max((c for _, c in self.cells), default=0)

    @property
    def max_row(self) -> int:
        return self._max_row

    @property
    def max_column(self) -> int:
        return self._max_column

    def merged(self) -> list[tuple[int, int, int, int]]:
        return self._merged

    def value(self, row: int, column: int) -> Any:
        return _marked(self.cells.get((row, column)), self.title, self.cached)


def read_with_openpyxl(path: str | os.PathLike[str]) -> WorkbookInputs:
    """The inputs, read in openpyxl's read-only mode (with defusedxml)."""
    wb = open_workbook(path, read_only=True)
    cached = _cached_values(path)
    try:

        def lookup(name: str) -> ReadOnlyGrid | None:
            if name not in wb.sheetnames:
                return None
            ws = wb[name]
            return ReadOnlyGrid(ws, cached, _rows_to_read(name), MAX_SCAN_COLUMNS, _merged_ranges(wb, ws))

        with parsing(Path(path)):  # read-only sheets are parsed here, row by row
            return read_sheets(lookup)
    finally:
        wb.close()


def _merged_ranges(wb: Any, ws: Any) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a read-only sheet, from its XML (read-only mode does not parse them)."""
    from xml.etree.ElementTree import fromstring

    try:
        xml = wb._archive.read(ws._worksheet_path)
    except (AttributeError, KeyError, OSError):
        return []
    return merged_ranges(fromstring(xml))


def _cached_values(path: str | os.PathLike[str]) -> Callable[[str, str], Any]:
    """Formula cells' saved results, from a second, values-only load made only if one is needed."""
    loaded: list[Any] = []

    def get(sheet: str, coord: str) -> Any:
        if not loaded:
            loaded.append(open_workbook(path, data_only=True, read_only=True))
        return loaded[0][sheet][coord].value

    return get
