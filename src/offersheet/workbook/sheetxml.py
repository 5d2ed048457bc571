"""Worksheet XML: offersheet's output sheets rendered from the plan, and a few cells set in a sheet it does not own.

An output sheet (Report, Lock-in, Asks) is written whole from the plan's operations: values as inline strings
and numbers, styles from the stylebook, column widths, row heights, frozen panes and the drawing that holds its
charts. A sheet offersheet does not own (Start) gets only its status cells set, on the sheet's parsed tree, with
each cell's style and everything else in the sheet kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial, singledispatchmethod
from typing import Any
from xml.etree.ElementTree import Element, SubElement

from offersheet.workbook.comparison import ResultCell
from offersheet.workbook.layout import FOOTER, MARGINS, column_letter
from offersheet.workbook.parts import NS_MAIN, NS_R
from offersheet.workbook.plan import Chart, Clear, Enter, Format, Layout, Put, UnknownOperation
from offersheet.workbook.stylebook import StyleBook
from offersheet.workbook.xmltree import XML_NS, XmlPart, cell_text, child_elements, escape, namespace


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


@dataclass
class Sheet:
    """One sheet as the plan leaves it."""

    name: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    styles: dict[tuple[int, int], tuple[str | None, str | None]] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)
    heights: dict[int, float] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None
    charts: list[Chart] = field(default_factory=list)
    breaks: set[int] = field(default_factory=set)  # rows that start a printed page
    entered: list[ResultCell] = field(default_factory=list)  # formulas its cells must hold (a sheet not owned)
    print_area: str = ""  # what prints, when less than the sheet holds (set in the workbook part)

    @singledispatchmethod
    def apply(self, op: object) -> None:
        """Carry out one operation of the plan on this sheet: one method per operation type."""
        raise UnknownOperation(op, "the package writer")

    @apply.register
    def _clear(self, op: Clear) -> None:
        if op.area is None:
            self.cells.clear()
            self.styles.clear()
            self.charts.clear()
            self.breaks.clear()
            return
        r1, c1, r2, c2 = op.area
        for key in [k for k in self.cells if r1 <= k[0] <= r2 and c1 <= k[1] <= c2]:
            del self.cells[key]

    @apply.register
    def _put(self, op: Put) -> None:
        for dr, values in enumerate(op.values):
            for dc, value in enumerate(values):
                key = (op.row + dr, op.col + dc)
                self.cells[key] = value
                old = self.styles.get(key, (None, None))
                self.styles[key] = (op.style or old[0], op.number_format or old[1])

    @apply.register
    def _format(self, op: Format) -> None:
        for r in range(op.row, op.last_row + 1):
            for c in range(op.col, op.last_col + 1):
                old = self.styles.get((r, c), (None, None))
                self.styles[(r, c)] = (old[0], op.number_format)

    @apply.register
    def _layout(self, op: Layout) -> None:
        self.widths.update(op.widths)
        self.hidden.update(op.hidden)
        self.heights.update(op.heights)
        self.freeze = op.freeze or self.freeze
        self.breaks.update(op.breaks)
        self.print_area = op.print_area or self.print_area

    @apply.register
    def _chart(self, op: Chart) -> None:
        self.charts = [c for c in self.charts if c.title != op.title] + [op]

    @apply.register
    def _enter(self, op: Enter) -> None:
        self.entered += op.cells


def sheet_xml(sheet: Sheet, styles: StyleBook, drawing_rid: str | None) -> bytes:
    """An output sheet's whole worksheet part."""
    rows: dict[int, list[int]] = {}
    for r, c in sorted(set(sheet.cells) | set(sheet.styles)):
        rows.setdefault(r, []).append(c)
    out = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS_MAIN}" '
        f'xmlns:r="{NS_R}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
    ]
    if rows:
        last_col = max(c for cols in rows.values() for c in cols)
        out.append(f'<dimension ref="A1:{cell_ref(max(rows), last_col)}"/>')
    out.append('<sheetViews><sheetView workbookViewId="0">')
    if sheet.freeze and sheet.freeze != (1, 1):
        fr, fc = sheet.freeze
        split = (f' xSplit="{fc - 1}"' if fc > 1 else "") + (f' ySplit="{fr - 1}"' if fr > 1 else "")
        pane = "bottomRight" if fr > 1 and fc > 1 else ("bottomLeft" if fr > 1 else "topRight")
        out.append(
            f'<pane{split} topLeftCell="{cell_ref(fr, fc)}" activePane="{pane}" state="frozen"/>'
            f'<selection pane="{pane}"/>'
        )
    out.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        hide = ' hidden="1"'
        out.append(
            "<cols>"
            + "".join(
                f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"{hide if c in sheet.hidden else ""}/>'
                for c, w in sorted(sheet.widths.items())
            )
            + "</cols>"
        )
    out.append("<sheetData>")
    for r in sorted(set(rows) | set(sheet.heights)):
        height = f' ht="{sheet.heights[r]:g}" customHeight="1"' if r in sheet.heights else ""
        out.append(f'<row r="{r}"{height}>')
        for c in rows.get(r, []):
            out.append(
                _cell(cell_ref(r, c), sheet.cells.get((r, c)), styles.xf(*sheet.styles.get((r, c), (None, None))))
            )
        out.append("</row>")
    margins = "".join(f' {side}="{inches:g}"' for side, inches in MARGINS.items())
    out.append(
        f'</sheetData><pageMargins{margins}/><pageSetup orientation="landscape" fitToWidth="1" '
        f'fitToHeight="0"/><headerFooter><oddFooter>{escape(FOOTER)}</oddFooter></headerFooter>'
    )
    if breaks := sorted(r for r in sheet.breaks if r > 1):
        out.append(
            f'<rowBreaks count="{len(breaks)}" manualBreakCount="{len(breaks)}">'
            + "".join(f'<brk id="{r - 1}" max="16383" man="1"/>' for r in breaks)
            + "</rowBreaks>"
        )
    if drawing_rid:
        out.append(f'<drawing r:id="{drawing_rid}"/>')
    out.append("</worksheet>")
    return "".join(out).encode("utf-8")


def _cell(ref: str, value: Any, xf: int) -> str:
    s = f' s="{xf}"' if xf else ""
    if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
        return f'<c r="{ref}"{s}/>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    text = str(value)
    space = ' xml:space="preserve"' if _needs_space(text) else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(cell_text(text))}</t></is></c>'


def _needs_space(text: str) -> bool:
    return text != text.strip() or "\n" in text


# --- cells of a sheet we do not own: the status cells on Start, Comparison's computed cells -----------------------


def set_cells(
    xml: bytes, values: Mapping[tuple[int, int], str | float], recompute: Collection[tuple[int, int]] = ()
) -> bytes:
    """Set a few text or number cells in a sheet's XML, keeping each cell's style and everything else; the
    formula cells at ``recompute`` lose their saved result (so they are computed when the workbook opens)."""
    tree = XmlPart(xml)
    ns = namespace(tree.root)
    data = tree.root.find(f"{{{ns}}}sheetData")
    if data is None:
        raise ValueError("no sheetData")
    rows = _numbered(data, f"{{{ns}}}row", int, str)
    for r, c in recompute:
        if r in rows and (cell := _numbered(rows[r], f"{{{ns}}}c", _column, partial(cell_ref, r)).get(c)) is not None:
            _drop_result(cell, ns)
    for (r, c), value in sorted(values.items()):
        row = rows.get(r)
        if row is None:
            row = Element(f"{{{ns}}}row", {"r": str(r)})
            data.insert(_position(data, rows, r), row)
            rows[r] = row
        row.attrib.pop("spans", None)  # the cells may no longer fit the old span
        cells = _numbered(row, f"{{{ns}}}c", _column, partial(cell_ref, r))
        new = _status_cell(ns, cell_ref(r, c), value)
        old = cells.get(c)
        if old is not None:
            if old.get("s"):
                new.set("s", old.get("s", ""))
            new.tail = old.tail
            row[list(row).index(old)] = new
        else:
            row.insert(_position(row, cells, c), new)
    return tree.to_bytes()


def _status_cell(ns: str, ref: str, value: str | float) -> Element:
    cell = Element(f"{{{ns}}}c", {"r": ref})
    if isinstance(value, int | float) and not isinstance(value, bool):
        SubElement(cell, f"{{{ns}}}v").text = repr(float(value))
        return cell
    cell.set("t", "inlineStr")
    text = SubElement(SubElement(cell, f"{{{ns}}}is"), f"{{{ns}}}t")
    text.text = cell_text(str(value))
    if _needs_space(text.text):
        text.set(f"{{{XML_NS}}}space", "preserve")
    return cell


def _numbered(
    parent: Element, tag: str, read: Callable[[str], int], spelled: Callable[[int], str]
) -> dict[int, Element]:
    """The rows of a sheetData (or the cells of a row) by number, read from their ``r``. A row or cell may leave
    ``r`` out (it is then the one after the previous); such numbers are written in, so that inserting one
    keeps the others where they are."""
    out: dict[int, Element] = {}
    last = 0
    for child in child_elements(parent):
        if child.tag != tag:
            continue
        given = child.get("r")
        number = read(given) if given else last + 1
        if not given:
            child.set("r", spelled(number))
        out[number] = child
        last = number
    return out


def _position(parent: Element, numbered: dict[int, Element], number: int) -> int:
    """Where a new row (or cell) numbered ``number`` goes among its parent's children: before the first one
    numbered after it."""
    later = [numbered[n] for n in sorted(numbered) if n > number]
    return list(parent).index(later[0]) if later else len(parent)


def _column(ref: str) -> int:
    """The column number of a cell reference ("AB12" -> 28)."""
    n = 0
    for ch in ref:
        if ch.isdigit():
            break
        n = n * 26 + ord(ch.upper()) - 64
    return n


def enter_formulas(
    xml: bytes,
    cells: Sequence[ResultCell],
    strings: Sequence[str],
    key_column: int,
    mark: tuple[int, int, str],
    recompute: Collection[tuple[int, int]] = (),
) -> bytes | None:
    """A sheet's computed cells as declared (Comparison's, ``workbook.comparison``), in its parsed tree: where a
    declared cell holds no formula (a value was typed over it, or it was cleared) and its row still has its key
    in ``key_column``, its formula is entered again, the cell's style kept; every declared cell, and each cell
    at ``recompute``, loses its saved result, so that it is computed when the workbook opens (LibreOffice
    computes a formula without one even where its profile keeps saved results). A cell holding a formula of its
    own keeps it. None when the sheet lacks ``mark`` (row, column, text: a sheet laid out by another version
    is left as it is) or nothing changes. ``strings``: the workbook's shared strings."""
    tree = XmlPart(xml)
    ns = namespace(tree.root)
    data = tree.root.find(f"{{{ns}}}sheetData")
    if data is None:
        return None
    rows = _numbered(data, f"{{{ns}}}row", int, str)
    by_row: dict[int, dict[int, Element]] = {}

    def cells_of(r: int) -> dict[int, Element]:
        if r not in by_row:
            by_row[r] = _numbered(rows[r], f"{{{ns}}}c", _column, partial(cell_ref, r)) if r in rows else {}
        return by_row[r]

    def text(r: int, c: int) -> str | None:
        cell = cells_of(r).get(c)
        return None if cell is None else _cell_string(cell, ns, strings)

    if text(mark[0], mark[1]) != mark[2]:
        return None
    changed = False
    for r, c in recompute:
        if (cell := cells_of(r).get(c)) is not None:
            changed |= _drop_result(cell, ns)
    for want in cells:
        if text(want.row, key_column) != want.key:
            continue  # a row that is not the declared one: not offersheet's to write
        row, present = rows[want.row], cells_of(want.row)
        old = present.get(want.col)
        if old is not None and old.find(f"{{{ns}}}f") is not None:
            changed |= _drop_result(old, ns)
            continue
        new = Element(f"{{{ns}}}c", {"r": cell_ref(want.row, want.col)})
        if old is not None and old.get("s"):
            new.set("s", old.get("s", ""))
        SubElement(new, f"{{{ns}}}f").text = want.formula.removeprefix("=")
        if old is not None:
            new.tail = old.tail
            row[list(row).index(old)] = new
        else:
            row.insert(_position(row, present, want.col), new)
        row.attrib.pop("spans", None)
        present[want.col] = new
        changed = True
    return tree.to_bytes() if changed else None


def _drop_result(cell: Element, ns: str) -> bool:
    """Remove a formula cell's saved result (its value, the value's type and metadata); True if it had one."""
    if cell.find(f"{{{ns}}}f") is None:
        return False
    value = cell.find(f"{{{ns}}}v")
    if (value is None or not value.text) and "t" not in cell.attrib:
        return False  # none saved (openpyxl writes an empty <v/>)
    if value is not None:
        cell.remove(value)
    for attr in ("t", "vm"):
        cell.attrib.pop(attr, None)
    return True


def _cell_string(cell: Element, ns: str, strings: Sequence[str]) -> str | None:
    """A cell's text (a shared, inline or formula string), or None for any other cell."""
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{{{ns}}}t"))
    value = cell.findtext(f"{{{ns}}}v")
    if value is None:
        return None
    if kind == "s":
        index = int(value) if value.strip().isdigit() else -1
        return strings[index] if 0 <= index < len(strings) else None
    return value if kind == "str" else None
