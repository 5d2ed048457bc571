"""What the reader sees of a sheet: cell values by (row, column), from a file or from a live workbook.

Two kinds of sheet feed the same reader: an openpyxl worksheet (``WorksheetGrid``, the file path) and the
2-D values a running Excel hands to xlwings (``ValuesGrid``). Cells that are not plain values are marked:
a spreadsheet error is a ``CellError``; a formula whose result is unknown (a file never recalculated) is an
``Unresolved``. openpyxl is imported only for type checking here: the xlwings path hands over plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

ERROR_CODES = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)


class CellError(str):
    """A spreadsheet error value such as ``#DIV/0!``."""


@dataclass(frozen=True)
class Unresolved:
    """A formula with no saved result."""

    formula: str


class Grid(Protocol):
    title: str

    @property
    def max_row(self) -> int: ...

    @property
    def max_column(self) -> int: ...

    def value(self, row: int, column: int) -> Any:
        """The value at 1-based (row, column); None when empty or outside the sheet."""


SheetLookup = Callable[[str], "Grid | None"]


def _marked(cell: Any, title: str, cached: Callable[[str, str], Any] | None) -> Any:
    """An openpyxl cell's value: a formula's saved result (or Unresolved), an error as CellError."""
    if cell is None:
        return None
    if cell.data_type == "f":
        value = cached(title, cell.coordinate) if cached else None
        return Unresolved(str(cell.value)) if value is None else value
    if cell.data_type == "e":
        return CellError(str(cell.value))
    return cell.value


class WorksheetGrid:
    """An openpyxl worksheet; formula cells give the saved result from ``cached`` when there is one."""

    def __init__(self, ws: Worksheet, cached: Callable[[str, str], Any] | None) -> None:
        self.ws, self.cached, self.title = ws, cached, ws.title

    @property
    def max_row(self) -> int:
        return int(self.ws.max_row)

    @property
    def max_column(self) -> int:
        return int(self.ws.max_column)

    def merged(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges as (first row, first column, last row, last column)."""
        return [(m.min_row, m.min_col, m.max_row, m.max_col) for m in self.ws.merged_cells.ranges]

    def value(self, row: int, column: int) -> Any:
        return _marked(self.ws._cells.get((row, column)), self.title, self.cached)  # never creates cells


class ValuesGrid:
    """A rectangle of values anchored at A1, as xlwings reads a sheet's used range."""

    def __init__(self, title: str, rows: Sequence[Sequence[Any]]) -> None:
        self.title, self.rows = title, rows

    @property
    def max_row(self) -> int:
        return len(self.rows)

    @property
    def max_column(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, column: int) -> Any:
        try:
            value = self.rows[row - 1][column - 1]
        except IndexError:
            return None
        if isinstance(value, str) and value in ERROR_CODES:
            return CellError(value)
        return None if value == "" else value
