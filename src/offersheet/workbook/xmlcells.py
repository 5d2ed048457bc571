"""Cell values straight from a workbook's XML: the fast path of ``read_workbook`` (exports, batch).

openpyxl's read-only mode first builds a whole Workbook (styles, theme, defined names) and then turns every
cell into an object through its descriptor machinery; in a batch export that was most of the time spent per
workbook. Reading the inputs needs much less: the sheet list, the shared strings, which cell styles are
dates, and the cells of the few input sheets. This module parses just those parts with the C ElementTree
parser and keeps openpyxl's conventions for values, using openpyxl's own helpers where they exist: numbers
as int or float, dates by the cell's number format and the workbook's epoch, booleans, a formula's saved
result (``Unresolved`` without one), error codes as ``CellError``.

Safety: every part it reads has passed the streaming scan of ``safety.check_archive`` (no DTD or entities;
cells, strings, styles and formulas bounded), which hands over the bytes it read, so no part is taken from the
archive twice. What this reader cannot read (a cell reference that is not one, a cell pointing past the
shared-strings table) raises :class:`Malformed`, which the reader reports as malformed content, naming the part:
never a silent fall back to another reader.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from xml.etree.ElementTree import Element, ParseError, fromstring

from offersheet.workbook.cells import CellError, Unresolved
from offersheet.workbook.xmlscan import GRID_ROWS, Scanned, position

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_C, _V, _F, _IS, _T, _R, _ROW = (MAIN + t for t in ("c", "v", "f", "is", "t", "r", "row"))
_MERGE_CELL, _EXT = MAIN + "mergeCell", MAIN + "extLst"


class Malformed(Exception):
    """A part whose content this reader cannot read as a workbook's; the message names the part and why."""


def _parse(part: str, data: bytes) -> Element:
    """A part the scan has vouched for (well-formed, no DTD), parsed by the C parser."""
    try:
        return fromstring(data)
    except ParseError as exc:  # pragma: no cover - the scan parsed the same bytes
        raise Malformed(f"{part} is not well-formed XML ({exc})") from exc


def _text(node: Element) -> str:
    """A string item's text: its plain ``t`` and the ``t`` of each rich-text run (as openpyxl's Text.content).
    An item with two plain texts is refused: readers differ on which one it shows."""
    if len(node) == 1 and node[0].tag == _T:  # the usual case: plain text only
        return node[0].text or ""
    plain_texts = node.findall(_T)
    if len(plain_texts) > 1:
        raise ValueError("a string holds two plain texts; readers differ on which is shown")
    plain = plain_texts[0] if plain_texts else None
    parts = [plain.text or ""] if plain is not None else []
    parts += [t.text or "" for r in node.iterfind(_R) if (t := r.find(_T)) is not None]
    return "".join(parts)


# Built-in number formats that openpyxl reads as dates (14-22, 45-47) and as durations (46); a test holds
# these to openpyxl's own judgement. Other formats go to openpyxl only when they could be a date at all.
DATE_BUILTINS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
DURATION_BUILTINS = frozenset({46})
_DATE_LETTERS = re.compile(r"[dmhysDMHYS]")


def coordinate_to_tuple(ref: str) -> tuple[int, int]:
    """A cell reference ("B7", "$B$7") as (row, column), 1-based, on Excel's grid (XFD1048576 at most)."""
    at = position(ref)
    if at is None or not (at[0] and at[1]):
        raise Malformed(f"{ref[:40]!r} is not a cell reference on the sheet's grid")
    return at[1], at[0]


def _date_kinds(fmt: str) -> tuple[bool, bool]:
    """(a date format, a duration format), as openpyxl judges them (asked only when a date is possible)."""
    if not _DATE_LETTERS.search(fmt):
        return False, False
    from openpyxl.styles.numbers import is_date_format, is_timedelta_format

    return is_date_format(fmt), is_timedelta_format(fmt)


def _from_excel(number: float, date1904: bool, timedelta: bool) -> Any:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    return from_excel(number, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900, timedelta=timedelta)


@lru_cache(maxsize=65_536)
def _position(ref: str) -> tuple[int, int]:
    """(row, column) of a cell reference such as "B12" (the same few thousand recur in every workbook)."""
    return coordinate_to_tuple(ref)


def merged_ranges(root: Element) -> list[tuple[int, int, int, int]]:
    """A parsed sheet's merged ranges as (first row, first column, last row, last column)."""
    found = []
    for merge in root.iter(_MERGE_CELL):
        first, _, last = (merge.get("ref") or "").partition(":")
        found.append((*coordinate_to_tuple(first), *coordinate_to_tuple(last or first)))
    return found


class XlsxCells:
    """One workbook's sheets, for reading values, from the parts the safety scan kept; parsed when needed."""

    def __init__(self, scanned: Scanned) -> None:
        self.scanned = scanned
        book = scanned.workbook
        self.sheets = {
            name: part
            for name, part in scanned.sheet_parts.items()
            if any(r.target == part and r.kind == "worksheet" for r in scanned.rels.get(book, []))
        }
        self.others = {r.kind: r.target for r in reversed(scanned.rels.get(book, [])) if not r.external}
        self.date1904 = scanned.date1904
        self._strings: list[str] | None = None
        self._styles: tuple[frozenset[int], frozenset[int]] | None = None

    def _xml(self, part: str) -> Element | None:
        data = self.scanned.kept.get(part)
        return None if data is None else _parse(part, data)

    def close(self) -> None:
        """Nothing to release: the scan has read and closed the archive."""

    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            part = self.others.get("sharedStrings")
            root = self._xml(part) if part else None
            # as openpyxl's read_string_table, which also drops the escape of a literal "_x"
            items = [] if root is None else root.iterfind(MAIN + "si")
            self._strings = [_text(si).replace("x005F_", "") for si in items]
        return self._strings

    @property
    def date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """Indexes of the cell styles whose number format is a date, and of those that are durations."""
        if self._styles is None:
            part = self.others.get("styles")
            dates, durations = set(), set()
            root = self._xml(part) if part else None
            if root is not None:
                custom = {
                    int(f.get("numFmtId", "-1")): f.get("formatCode", "")
                    for f in root.iterfind(f"{MAIN}numFmts/{MAIN}numFmt")
                }
                for i, xf in enumerate(root.iterfind(f"{MAIN}cellXfs/{MAIN}xf")):
                    number = int(xf.get("numFmtId", "0"))
                    if number in custom:
                        is_date, is_duration = _date_kinds(custom[number])
                    else:
                        is_date, is_duration = number in DATE_BUILTINS, number in DURATION_BUILTINS
                    if is_date:
                        dates.add(i)
                    if is_duration:
                        durations.add(i)
            self._styles = frozenset(dates), frozenset(durations)
        return self._styles

    def grid(self, name: str, max_rows: int, max_cols: int) -> CellsGrid | None:
        """The sheet's values in rows 1..max_rows, columns 1..max_cols (None when there is no such sheet)."""
        part = self.sheets.get(name)
        if part is None:
            return None
        root = self._xml(part)
        if root is None:
            raise Malformed(f"the workbook names {part} as its sheet {name!r}, but the archive has no such part")
        cells: dict[tuple[int, int], Any] = {}
        row_no = 0
        for row in root.iter(_ROW):
            row_no = self._row_number(row, row_no, part, name)
            if row_no > max_rows:
                break
            col_no = 0
            for c in row:
                if c.tag != _C:
                    if c.tag == _EXT:
                        continue
                    raise Malformed(
                        f"{part}: row {row_no} of {name!r} holds an element that is not a cell; readers "
                        "differ on what it shows"
                    )
                ref = c.get("r")
                if ref:
                    at_row, at_col = _position(ref)
                    if at_row != row_no or at_col <= col_no:
                        raise Malformed(
                            f"{part}: the cell {ref[:20]} of {name!r} is out of place (in row {row_no}"
                            f"{f', after column {col_no}' if col_no else ''}); readers differ on where "
                            "it goes"
                        )
                    col_no = at_col
                else:
                    col_no += 1
                if col_no <= max_cols:
                    try:
                        value = self._value(c)
                    except (ValueError, IndexError, OverflowError) as exc:
                        raise Malformed(
                            f"{part}: the cell {ref or f'in row {row_no}'} of {name!r} cannot be read ({_reason(exc)})"
                        ) from None
                    if value is not None:
                        cells[(row_no, col_no)] = value
        return CellsGrid(name, cells, merged_ranges(root))

    @staticmethod
    def _row_number(row: Element, previous: int, part: str, name: str) -> int:
        """A row's number: its own ``r``, or the next after the previous row; rows ascend, as the format says
        (a repeated or late row is refused: readers differ on which copy they keep)."""
        number = row.get("r")
        if number is None:
            return previous + 1
        if not (number.isdigit() and len(number) <= 7) or not (previous < int(number) <= GRID_ROWS):
            after = f" after row {previous}" if previous else ""
            raise Malformed(f"{part}: a row of {name!r} is numbered {number[:20]!r}{after}: rows ascend on the grid")
        return int(number)

    def _value(self, c: Element) -> Any:
        """As openpyxl reads the cell, with a formula replaced by its saved result."""
        kind = c.get("t", "n")
        if kind == "inlineStr":
            node = c.find(_IS)
            return None if node is None else _text(node)
        raw = c.findtext(_V) or None
        formula = c.find(_F)
        if raw is None:
            return None if formula is None else Unresolved("=" + (formula.text or ""))
        if kind == "n":
            number = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
            style = int(c.get("s", "0"))
            dates, durations = self.date_styles
            if style in dates:
                try:
                    return _from_excel(number, self.date1904, timedelta=style in durations)
                except (OverflowError, ValueError):
                    return CellError("#VALUE!")  # openpyxl: a date serial out of range is an error cell
            return number
        if kind == "s":
            index = int(raw)
            if index < 0:
                raise IndexError(index)
            return self.strings[index]
        if kind == "b":
            return bool(int(raw))
        if kind == "e":
            return CellError(raw)
        if kind == "str":
            return raw
        if kind == "d":  # an ISO 8601 date, as openpyxl reads it
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(raw)
        raise ValueError(f"it has the type {kind[:20]!r}, which is not a cell type")


def _reason(exc: Exception) -> str:
    if isinstance(exc, IndexError):
        return "it points past the end of the shared-strings table"
    return str(exc) or type(exc).__name__


class CellsGrid:
    """A sheet's values, already marked (errors, unresolved formulas), by 1-based (row, column)."""

    def __init__(self, title: str, cells: dict[tuple[int, int], Any], merged: list[tuple[int, int, int, int]]) -> None:
        self.title, self.cells, self._merged = title, cells, merged
        self.max_row = max((r for r, _ in cells), default=0)
        self.max_column = max((c for _, c in cells), default=0)

    def merged(self) -> list[tuple[int, int, int, int]]:
        return self._merged

    def value(self, row: int, column: int) -> Any:
        return self.cells.get((row, column))
