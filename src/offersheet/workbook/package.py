"""Writing results into a person's workbook at the package level: only offersheet's own parts change.

A workbook is a zip of parts. ``offersheet evaluate`` replaces the output sheets (Report, Lock-in, Asks) with
their drawings and charts, sets the status cells on Start, and makes the least edit to the shared parts that
this needs: styles appended (never renumbered), content types and relationships for parts added or removed,
and the calculation chain dropped when it would name cells of the replaced sheets (Excel rebuilds it). Every
other part is copied byte for byte, in its place: shapes and buttons, VBA, sparklines and other Excel
extensions, custom XML, comments, printer settings, pivot caches and whatever else a person's Excel added.

The sheets are rendered from the same plan of operations as the other back-ends (``plan``): values as inline
strings and numbers, styles from ``STYLE_XML``, column widths, row heights, frozen panes, and line charts.
Where the package has something the writer cannot place safely (an output sheet missing, a part it cannot
parse), it refuses with :class:`~offersheet.workbook.safety.WorkbookFileError` and writes nothing.
"""

from __future__ import annotations

import contextlib
import math
import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import singledispatchmethod
from pathlib import Path
from typing import Any, NamedTuple
from xml.etree.ElementTree import Element, ParseError, fromstring

from offersheet.workbook.layout import VERDICT_COLOURS, column_letter
from offersheet.workbook.plan import Chart, Clear, Format, Layout, Operation, Put, UnknownOperation
from offersheet.workbook.safety import WorkbookFileError

OWNED_SHEETS = ("Report", "Lock-in", "Asks")
STATUS_SHEET = "Start"

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
REL_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
REL_CALC_CHAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"

# The cell styles the plan names, as the pieces a stylesheet is made of (font, fill, alignment).
BOLD_FONT = '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
HEADER_FONT = '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font>'
TITLE_FONT = '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>'
HEADER_FILL = ('<fill><patternFill patternType="solid"><fgColor rgb="FF1F3864"/><bgColor indexed="64"/>'
               "</patternFill></fill>")
WRAP = '<alignment vertical="top" wrapText="1"/>'
STYLE_XML: dict[str, tuple[str | None, str | None, str | None]] = {  # name -> (font, fill, alignment)
    "wrap": (None, None, WRAP),
    "header": (HEADER_FONT, HEADER_FILL, WRAP),
    "title": (TITLE_FONT, None, None),
    "bold": (BOLD_FONT, None, '<alignment vertical="top"/>'),  # a label beside tall text sits at its top
    **{f"verdict{n}": (BOLD_FONT, f'<fill><patternFill patternType="solid"><fgColor rgb="FF{colour}"/>'
                                  '<bgColor indexed="64"/></patternFill></fill>', WRAP)
       for n, colour in enumerate(VERDICT_COLOURS)},
}
BUILTIN_NUMBER_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10}


def _ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str, entities: Mapping[str, str] | None = None) -> str:
    """XML character data (xml.sax.saxutils' escape without its import of urllib, ssl and email: 20 ms)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char, entity in (entities or {}).items():
        text = text.replace(char, entity)
    return text


def quoteattr(text: str) -> str:
    return '"' + escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}) + '"'


def _text(value: str) -> str:
    """Text for an XML element: escaped; characters XML 1.0 cannot hold written as Excel's _xHHHH_ escapes."""
    value = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return escape(value)


# --- reading the package ------------------------------------------------------------------------------------

class Rel(NamedTuple):
    """One relationship of a part: id, type, target (resolved to a part name unless external)."""

    id: str
    type: str
    target: str
    external: bool


class Package:
    """The parts of a workbook zip (in order), with what the writer needs to know about them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as zf:
            self.infos = zf.infolist()
            self.data = {i.filename: zf.read(i) for i in self.infos}
        self.lower = {name.lower(): name for name in self.data}

    def has(self, part: str) -> bool:
        return part.lower() in self.lower

    def xml(self, part: str) -> Element:
        try:
            return fromstring(self.data[self.lower[part.lower()]])
        except (KeyError, ParseError) as exc:
            raise WorkbookFileError(self.path, f"cannot place the results: the part {part} is missing or "
                                               f"unreadable ({exc}); nothing was written") from None

    def rels(self, part: str) -> list[Rel]:
        name = rels_part(part)
        if not self.has(name):
            return []
        return [Rel(r.get("Id", ""), r.get("Type", ""),
                    r.get("Target", "") if r.get("TargetMode") == "External" else resolve(part, r.get("Target", "")),
                    r.get("TargetMode") == "External")
                for r in self.xml(name) if r.tag == f"{{{NS_PKG_REL}}}Relationship"]

    def workbook_part(self) -> str:
        for rel in self.rels(""):
            if rel.type.endswith("/officeDocument"):
                return rel.target
        raise WorkbookFileError(self.path, "cannot place the results: no workbook part; nothing was written")

    def sheets(self) -> dict[str, str]:
        """Sheet name -> its part."""
        book = self.workbook_part()
        targets = {r.id: r.target for r in self.rels(book)}
        out = {}
        for sheet in self.xml(book).iter(f"{{{NS_MAIN}}}sheet"):
            rid = sheet.get(f"{{{NS_R}}}id", "")
            if rid in targets:
                out[sheet.get("name", "")] = targets[rid]
        return out


def rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    """A relationship target as a part name (no leading slash)."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def _relative(source: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


# --- rendering the owned sheets -------------------------------------------------------------------------------

@dataclass
class Sheet:
    """One output sheet as the plan leaves it."""

    name: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    styles: dict[tuple[int, int], tuple[str | None, str | None]] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)
    heights: dict[int, float] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None
    charts: list[Chart] = field(default_factory=list)

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

    @apply.register
    def _chart(self, op: Chart) -> None:
        self.charts = [c for c in self.charts if c.title != op.title] + [op]


def sheet_xml(sheet: Sheet, styles: StyleBook, drawing_rid: str | None) -> bytes:
    rows: dict[int, list[int]] = {}
    for r, c in sorted(set(sheet.cells) | set(sheet.styles)):
        rows.setdefault(r, []).append(c)
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS_MAIN}" '
           f'xmlns:r="{NS_R}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>']
    if rows:
        last_col = max(c for cols in rows.values() for c in cols)
        out.append(f'<dimension ref="A1:{_ref(max(rows), last_col)}"/>')
    out.append('<sheetViews><sheetView workbookViewId="0">')
    if sheet.freeze and sheet.freeze != (1, 1):
        fr, fc = sheet.freeze
        split = (f' xSplit="{fc - 1}"' if fc > 1 else "") + (f' ySplit="{fr - 1}"' if fr > 1 else "")
        pane = "bottomRight" if fr > 1 and fc > 1 else ("bottomLeft" if fr > 1 else "topRight")
        out.append(f'<pane{split} topLeftCell="{_ref(fr, fc)}" activePane="{pane}" state="frozen"/>'
                   f'<selection pane="{pane}"/>')
    out.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        hide = ' hidden="1"'
        out.append("<cols>" + "".join(f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"'
                                      f'{hide if c in sheet.hidden else ""}/>'
                                      for c, w in sorted(sheet.widths.items())) + "</cols>")
    out.append("<sheetData>")
    for r in sorted(set(rows) | set(sheet.heights)):
        height = f' ht="{sheet.heights[r]:g}" customHeight="1"' if r in sheet.heights else ""
        out.append(f'<row r="{r}"{height}>')
        for c in rows.get(r, []):
            out.append(_cell(_ref(r, c), sheet.cells.get((r, c)), styles.xf(*sheet.styles.get((r, c), (None, None)))))
        out.append("</row>")
    out.append('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
               'footer="0.3"/><pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>')
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
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_text(text)}</t></is></c>'


# --- styles: appended, never renumbered --------------------------------------------------------------------

class StyleBook:
    """The person's stylesheet with the few styles the output sheets need appended (or found again: a second
    evaluation reuses what the first appended). Edited as text, so everything else in it stays as it was."""

    def __init__(self, xml: bytes) -> None:
        self.text = xml.decode("utf-8")
        m = re.search(r"<(\w+:)?styleSheet\b", self.text)
        if m is None:
            raise ValueError("no styleSheet element")
        self.prefix = m.group(1) or ""
        self.cache: dict[tuple[str | None, str | None], int] = {}

    def _section(self, name: str) -> re.Match[str] | None:
        p = re.escape(self.prefix)
        return re.search(rf"<{p}{name}\b[^>]*?(/>|>(.*?)</{p}{name}>)", self.text, re.S)

    def _child_tag(self, tag: str) -> str:
        return f"<{self.prefix}{tag}" if self.prefix else f"<{tag}"

    def _prefixed(self, snippet: str) -> str:
        if not self.prefix:
            return snippet
        return re.sub(r"<(/?)(?=[a-zA-Z])", lambda m: f"<{m.group(1)}{self.prefix}", snippet)

    def _index_of(self, section: str, tag: str, snippet: str) -> int:
        """The index of ``snippet`` in a list section, appending it if absent."""
        snippet = self._prefixed(snippet)
        m = self._section(section)
        if m is None:
            raise ValueError(f"no {section} in the stylesheet")
        body = m.group(2) or ""
        count_before = re.compile(rf"{re.escape(self._child_tag(tag))}[\s/>]")
        at = body.find(snippet)
        if at >= 0:
            return len(count_before.findall(body[:at]))
        n = len(count_before.findall(body))
        opening = self.text[m.start():m.end()].split(">", 1)[0] + ">"
        opening = re.sub(r'\scount="\d+"', "", opening).rstrip("/>").rstrip()
        new = f'{opening} count="{n + 1}">{body}{snippet}</{self.prefix}{section}>'
        self.text = self.text[:m.start()] + new + self.text[m.end():]
        return n

    def number_format(self, code: str | None) -> int:
        if not code:
            return 0
        if code in BUILTIN_NUMBER_FORMATS:
            return BUILTIN_NUMBER_FORMATS[code]
        section = self._section("numFmts")
        body = (section.group(2) or "") if section else ""
        for m in re.finditer(r'numFmtId="(\d+)"\s+formatCode=("[^"]*"|\'[^\']*\')', body):
            if m.group(2)[1:-1] == escape(code, {'"': "&quot;"}):
                return int(m.group(1))
        ids = [int(x) for x in re.findall(r'numFmtId="(\d+)"', body)]
        new_id = max([163, *ids]) + 1
        snippet = f"<numFmt numFmtId=\"{new_id}\" formatCode={quoteattr(code)}/>"
        if section is None:  # numFmts comes first in a stylesheet
            m = re.search(rf"<{re.escape(self.prefix)}styleSheet\b[^>]*>", self.text)
            assert m is not None
            self.text = (self.text[:m.end()] + f"<{self.prefix}numFmts count=\"1\">{self._prefixed(snippet)}"
                         f"</{self.prefix}numFmts>" + self.text[m.end():])
        else:
            self._index_of("numFmts", "numFmt", snippet)
        return new_id

    def xf(self, style: str | None, number_format: str | None) -> int:
        """The cellXfs index for a named style with a number format (0: the default style)."""
        key = (style, number_format)
        if key == (None, None):
            return 0
        if key not in self.cache:
            font, fill, alignment = STYLE_XML.get(style or "", (None, None, None))
            font_id = self._index_of("fonts", "font", font) if font else 0
            fill_id = self._index_of("fills", "fill", fill) if fill else 0
            fmt_id = self.number_format(number_format)
            applies = "".join(f' {a}="1"' for a, on in (("applyNumberFormat", fmt_id), ("applyFont", font),
                                                         ("applyFill", fill), ("applyAlignment", alignment)) if on)
            inner = alignment or ""
            xf = (f'<xf numFmtId="{fmt_id}" fontId="{font_id}" fillId="{fill_id}" borderId="0" xfId="0"{applies}'
                  + (f">{inner}</xf>" if inner else "/>"))
            self.cache[key] = self._index_of("cellXfs", "xf", xf)
        return self.cache[key]

    def xml(self) -> bytes:
        return self.text.encode("utf-8")


# --- charts ---------------------------------------------------------------------------------------------------

EMU_PER_CM = 360_000


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _rich(text: str) -> str:
    return (f'<c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:t>{_text(text)}</a:t></a:r></a:p>'
            '</c:rich></c:tx>')


def line_chart_xml(spec: Chart) -> bytes:
    """A line chart over a block: the category column first, then one series per column with its header."""
    sheet = _quoted(spec.data_sheet)
    first, last = spec.first_row + 1, spec.last_row
    cat = f"{sheet}!${column_letter(spec.first_col)}${first}:${column_letter(spec.first_col)}${last}"
    series = []
    for n, col in enumerate(range(spec.first_col + 1, spec.last_col + 1)):
        letter = column_letter(col)
        dash = '<c:spPr><a:ln w="15875"><a:prstDash val="dash"/></a:ln></c:spPr>' if n in spec.dashed else \
            '<c:spPr><a:ln w="22225"/></c:spPr>'
        series.append(
            f'<c:ser><c:idx val="{n}"/><c:order val="{n}"/><c:tx><c:strRef><c:f>{sheet}!${letter}${spec.first_row}'
            f"</c:f></c:strRef></c:tx>{dash}<c:marker><c:symbol val=\"none\"/></c:marker>"
            f"<c:cat><c:numRef><c:f>{cat}</c:f></c:numRef></c:cat>"
            f"<c:val><c:numRef><c:f>{sheet}!${letter}${first}:${letter}${last}</c:f></c:numRef></c:val>"
            '<c:smooth val="0"/></c:ser>')

    def axis_title(text: str) -> str:
        return f'<c:title>{_rich(text)}<c:overlay val="0"/></c:title>' if text else ""

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{NS_R}"><c:roundedCorners val="0"/><c:chart>'
        f'<c:title>{_rich(spec.title)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/><c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
        + "".join(series) +
        '<c:marker val="1"/><c:axId val="500010"/><c:axId val="500020"/></c:lineChart>'
        '<c:catAx><c:axId val="500010"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="b"/>{axis_title(spec.x_title)}<c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:tickLblPos val="low"/><c:crossAx val="500020"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:tickLblSkip val="6"/></c:catAx>'
        '<c:valAx><c:axId val="500020"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="l"/><c:majorGridlines/>{axis_title(spec.y_title)}'
        '<c:numFmt formatCode="#,##0" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="500010"/>'
        '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/>'
        '<c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    ).encode("utf-8")


def drawing_xml(anchors: list[tuple[Chart, str]]) -> bytes:
    """A drawing holding one chart frame per (chart, relationship id), each anchored at its cell."""
    frames = []
    for n, (spec, rid) in enumerate(anchors, 1):
        row, col = spec.anchor
        width, height = (24, 10) if spec.kind == "line" else (22, 9)
        frames.append(
            f"<xdr:oneCellAnchor><xdr:from><xdr:col>{col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{width * EMU_PER_CM}" cy="{height * EMU_PER_CM}"/>'
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{n + 1}" name="Chart {n}"/>'
            '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
            '</xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="{rid}"/>'
            "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{NS_R}">'
            + "".join(frames) + "</xdr:wsDr>").encode("utf-8")


def rels_xml(rels: Iterable[tuple[str, str, str]], external: bool = False) -> bytes:
    """A relationships part; ``external`` for targets that are locations (hyperlinks), as Excel marks them."""
    mode = ' TargetMode="External"' if external else ""
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target={quoteattr(target)}{mode}/>'
                   for rid, kind, target in rels)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG_REL}">'
            f"{body}</Relationships>").encode()


# --- cells of a sheet we do not own: the status cells on Start -------------------------------------------------

def set_cells(xml: bytes, values: Mapping[tuple[int, int], str | float]) -> bytes:
    """Set a few text or number cells in a sheet's XML, keeping each cell's style and everything else."""
    text = xml.decode("utf-8")
    root = re.search(r"<(\w+:)?worksheet\b", text)
    p = (root.group(1) if root else "") or ""
    data = re.search(rf"<{p}sheetData\b[^>]*?(/>|>(.*?)</{p}sheetData>)", text, re.S)
    if data is None:
        raise ValueError("no sheetData")
    body = data.group(2) or ""
    for (r, c), value in sorted(values.items()):
        ref = _ref(r, c)
        row = re.search(rf'<{p}row\b[^>]*\br="{r}"[^>]*?(/>|>(.*?)</{p}row>)', body, re.S)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell = f'<{p}c r="{ref}"{{s}}><{p}v>{float(value)!r}</{p}v></{p}c>'
        else:
            cell = f'<{p}c r="{ref}"{{s}} t="inlineStr"><{p}is><{p}t>{_text(str(value))}</{p}t></{p}is></{p}c>'
        if row is None:
            new_row = f'<{p}row r="{r}">{cell.format(s="")}</{p}row>'
            later = [m for m in re.finditer(rf'<{p}row\b[^>]*\br="(\d+)"', body) if int(m.group(1)) > r]
            at = later[0].start() if later else len(body)
            body = body[:at] + new_row + body[at:]
            continue
        cells = row.group(2) or ""
        old = re.search(rf'<{p}c\b[^>]*\br="{ref}"[^>]*?(/>|>.*?</{p}c>)', cells, re.S)
        if old is not None:
            style = re.search(r'\ss="\d+"', old.group(0).split(">", 1)[0])
            cells = cells[:old.start()] + cell.format(s=style.group(0) if style else "") + cells[old.end():]
        else:
            later = [m for m in re.finditer(rf'<{p}c\b[^>]*\br="([A-Z]+)\d+"', cells)
                     if _col_number(m.group(1)) > c]
            at = later[0].start() if later else len(cells)
            cells = cells[:at] + cell.format(s="") + cells[at:]
        opening = row.group(0).split(">", 1)[0].rstrip("/") + ">"
        opening = re.sub(r'\sspans="[^"]*"', "", opening)  # the cells may no longer fit the old span
        body = body[:row.start()] + f"{opening}{cells}</{p}row>" + body[row.end():]
    opening = data.group(0).split(">", 1)[0].rstrip("/") + ">"
    text = text[:data.start()] + f"{opening}{body}</{p}sheetData>" + text[data.end():]
    return text.encode("utf-8")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


# --- the whole edit ---------------------------------------------------------------------------------------------

def write_package(src: Path, ops: list[Operation], target: Path) -> None:
    """Write ``src`` with the plan's results to ``target`` (a new file), changing only offersheet's parts."""
    pkg = Package(src)
    sheets = pkg.sheets()
    missing = [name for name in OWNED_SHEETS if name not in sheets]
    if missing:
        raise WorkbookFileError(src, f"the {', '.join(missing)} sheet{'s are' if len(missing) > 1 else ' is'} "
                                     "missing: offersheet writes its results there. Restore it (copy it from "
                                     "a new workbook made with offersheet new), or evaluate a copy of the file; "
                                     "nothing was written")
    rendered: dict[str, Sheet] = {}
    for op in ops:
        rendered.setdefault(op.sheet, Sheet(op.sheet)).apply(op)
    # Of the sheets offersheet does not own, only Start's status cells are written: charts and cells on any other
    # sheet (Comparison's score charts) are the template's, left as the person has them.
    status: dict[tuple[int, int], str | float] = {
        key: v if isinstance(v, float) else str(v)
        for key, v in (rendered[STATUS_SHEET].cells.items() if STATUS_SHEET in rendered else ())}
    rendered.update({name: Sheet(name) for name in OWNED_SHEETS if name not in rendered})
    replaced: dict[str, bytes] = {}
    removed = _owned_parts(pkg, [sheets[name] for name in OWNED_SHEETS])
    styles_part = _styles_part(pkg)
    try:
        styles = StyleBook(pkg.data[pkg.lower[styles_part.lower()]])
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise WorkbookFileError(src, f"cannot place the results: the stylesheet is unreadable ({exc}); "
                                     "nothing was written") from None
    taken = {name.lower() for name in pkg.data} - {r.lower() for r in removed}
    added: dict[str, bytes] = {}
    content_types: dict[str, str] = {}
    for name in OWNED_SHEETS:
        part, sheet = sheets[name], rendered[name]
        rels: list[tuple[str, str, str]] = []
        if sheet.charts:
            drawing = _free(taken, "xl/drawings/drawing{}.xml")
            chart_rels = []
            for n, spec in enumerate(sheet.charts, 1):
                chart = _free(taken, "xl/charts/chart{}.xml")
                added[chart] = line_chart_xml(spec)  # the output sheets' charts are line charts
                content_types[chart] = CT_CHART
                chart_rels.append((f"rId{n}", REL_CHART, _relative(drawing, chart)))
            added[drawing] = drawing_xml([(spec, rid) for spec, (rid, _, _) in zip(sheet.charts, chart_rels,
                                                                                   strict=True)])
            added[rels_part(drawing)] = rels_xml(chart_rels)
            content_types[drawing] = CT_DRAWING
            rels.append(("rId1", REL_DRAWING, _relative(part, drawing)))
        replaced[part] = sheet_xml(sheet, styles, "rId1" if sheet.charts else None)
        if rels:
            added[rels_part(part)] = rels_xml(rels)
    if status and STATUS_SHEET in sheets:
        start = sheets[STATUS_SHEET]
        with contextlib.suppress(KeyError, ValueError, UnicodeDecodeError):  # a convenience: a Start sheet we
            replaced[start] = set_cells(pkg.data[pkg.lower[start.lower()]], status)  # cannot edit is left alone
    replaced[styles_part] = styles.xml()
    removed |= _calc_chain(pkg, replaced)
    replaced["[Content_Types].xml"] = _content_types(pkg, removed, content_types)
    _write_zip(pkg, target, replaced, removed, added)


def _styles_part(pkg: Package) -> str:
    for rel in pkg.rels(pkg.workbook_part()):
        if rel.type.endswith("/styles"):
            return rel.target
    raise WorkbookFileError(pkg.path, "cannot place the results: the workbook has no stylesheet; nothing was "
                                      "written (open and save it in a spreadsheet app first)")


def _reachable(pkg: Package, starts: Iterable[str], avoid: set[str]) -> set[str]:
    """Every part reached from ``starts`` through internal relationships (with the relationship parts passed),
    never entering a part in ``avoid``."""
    reached: set[str] = set()
    todo = list(starts)
    while todo:
        part = todo.pop()
        rels = rels_part(part)
        if pkg.has(rels):
            reached.add(pkg.lower[rels.lower()])
        for rel in pkg.rels(part):
            target = pkg.lower.get(rel.target.lower())
            if not rel.external and target and target not in reached and target not in avoid:
                reached.add(target)
                todo.append(target)
    return reached


def _owned_parts(pkg: Package, sheet_parts: list[str]) -> set[str]:
    """Parts reachable only through the owned sheets (their drawings, charts, comments, ...) and the sheets'
    relationship parts: whatever the rest of the package reaches without passing through an owned sheet is
    kept."""
    owned = set(sheet_parts)
    found = _reachable(pkg, sheet_parts, owned)
    kept = _reachable(pkg, [""], owned)  # "": the package's own relationships
    return (found - kept) - owned


def _free(taken: set[str], pattern: str) -> str:
    n = 1
    while pattern.format(n).lower() in taken:
        n += 1
    name = pattern.format(n)
    taken.add(name.lower())
    return name


def _calc_chain(pkg: Package, replaced: dict[str, bytes]) -> set[str]:
    """Drop the calculation chain (Excel's cache of formula order, rebuilt on open): it may name formula
    cells of the replaced sheets. Its relationship goes from the workbook's relationships."""
    book = pkg.workbook_part()
    chain = [r for r in pkg.rels(book) if r.type == REL_CALC_CHAIN]
    if not chain:
        return set()
    rels = rels_part(book)
    text = pkg.data[pkg.lower[rels.lower()]].decode("utf-8")
    for rel in chain:
        text = re.sub(rf'<(\w+:)?Relationship\b[^>]*\bId="{re.escape(rel.id)}"[^>]*/>', "", text)
    replaced[pkg.lower[rels.lower()]] = text.encode("utf-8")
    return {pkg.lower[r.target.lower()] for r in chain if pkg.has(r.target)}


def _content_types(pkg: Package, removed: set[str], added: Mapping[str, str]) -> bytes:
    text = pkg.data["[Content_Types].xml"].decode("utf-8")
    for part in removed:
        text = re.sub(rf'<(\w+:)?Override\b[^>]*\bPartName="/{re.escape(part)}"[^>]*/>', "", text, flags=re.I)
    new = "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in added.items())
    m = re.search(r"</(\w+:)?Types>", text)
    if m is None:
        raise WorkbookFileError(pkg.path, "cannot place the results: [Content_Types].xml is unreadable; nothing "
                                          "was written")
    if m.group(1):
        new = new.replace("<Override", f"<{m.group(1)}Override")
    return (text[:m.start()] + new + text[m.start():]).encode("utf-8")


def _rewrite_in_place(pkg: Package, replaced: Mapping[str, bytes], added: Mapping[str, bytes]) -> None:
    """Rewrite a workbook offersheet is creating (still a temporary file of its own) with parts changed and added."""
    tmp = pkg.path.with_name(pkg.path.name + ".part")
    _write_zip(pkg, tmp, replaced, set(), added)
    tmp.replace(pkg.path)


def _write_zip(pkg: Package, target: Path, replaced: Mapping[str, bytes], removed: set[str],
               added: Mapping[str, bytes]) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in pkg.infos:
            if info.filename in removed:
                continue
            data = replaced.get(info.filename, pkg.data[info.filename])
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type, copy.external_attr = info.compress_type, info.external_attr
            out.writestr(copy, data)
        for name, data in added.items():
            out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


# --- buttons: shapes on Start, written into a new workbook ------------------------------------------------------

REL_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


class Button(NamedTuple):
    """A shape on a sheet that runs something when clicked: a VBA macro (classic Excel: ``macro`` names a Sub
    without arguments) or an xlwings Lite/Server script (Office.js: the shape links to the cell under it, and
    the script's ``button="[name]Sheet!Cell"`` names the shape and that cell)."""

    name: str
    text: str
    row: int  # the top-left cell, 1-based
    col: int
    macro: str = ""  # e.g. "[0]!SampleCall"
    link: str = ""  # e.g. "Start!D3"
    width_cm: float = 5.0
    height_cm: float = 1.2


def button_xml(buttons: list[Button]) -> tuple[bytes, list[tuple[str, str, str]]]:
    """A drawing with one rounded-rectangle shape per button, and the relationships its hyperlinks need."""
    shapes, rels = [], []
    for n, b in enumerate(buttons, 1):
        link = ""
        if b.link:
            rid = f"rIdLink{n}"
            rels.append((rid, REL_HYPERLINK, f"#{b.link}"))
            link = f'<a:hlinkClick r:id="{rid}"/>'
        macro = f" macro={quoteattr(b.macro)}" if b.macro else ' macro=""'
        shapes.append(
            f'<xdr:oneCellAnchor><xdr:from><xdr:col>{b.col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>'
            f"<xdr:row>{b.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{int(b.width_cm * EMU_PER_CM)}" cy="{int(b.height_cm * EMU_PER_CM)}"/>'
            f'<xdr:sp{macro} textlink=""><xdr:nvSpPr><xdr:cNvPr id="{n + 1}" name={quoteattr(b.name)}>{link}'
            "</xdr:cNvPr><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/>"
            f'<a:ext cx="{int(b.width_cm * EMU_PER_CM)}" cy="{int(b.height_cm * EMU_PER_CM)}"/></a:xfrm>'
            '<a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="1F3864"/></a:solidFill>'
            '<a:ln><a:noFill/></a:ln></xdr:spPr><xdr:txBody><a:bodyPr vertOverflow="clip" wrap="square" '
            'anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="en-GB" sz="1100" b="1">'
            f'<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:rPr><a:t>{_text(b.text)}</a:t></a:r></a:p>'
            "</xdr:txBody></xdr:sp><xdr:clientData/></xdr:oneCellAnchor>")
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
           f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{NS_R}">'
           + "".join(shapes) + "</xdr:wsDr>")
    return xml.encode("utf-8"), rels


def add_buttons(path: Path, sheet_name: str, buttons: list[Button]) -> None:
    """Put buttons on a sheet of a workbook offersheet has just written (the sheet has no drawing yet)."""
    pkg = Package(path)
    part = pkg.sheets()[sheet_name]
    if pkg.has(rels_part(part)):
        raise ValueError(f"{sheet_name} already has relationships: buttons go on a sheet without a drawing")
    taken = {name.lower() for name in pkg.data}
    drawing = _free(taken, "xl/drawings/drawing{}.xml")
    xml, links = button_xml(buttons)
    sheet = pkg.data[part].decode("utf-8")
    if "xmlns:r=" not in sheet.split(">", 1)[0]:
        sheet = re.sub(r"<worksheet\b", f'<worksheet xmlns:r="{NS_R}"', sheet, count=1)
    sheet = sheet.replace("</worksheet>", '<drawing r:id="rIdButtons"/></worksheet>')
    added = {drawing: xml, rels_part(part): rels_xml([("rIdButtons", REL_DRAWING, _relative(part, drawing))])}
    if links:
        added[rels_part(drawing)] = rels_xml(links, external=True)
    replaced = {part: sheet.encode("utf-8"), "[Content_Types].xml": _content_types(pkg, set(), {drawing: CT_DRAWING})}
    _rewrite_in_place(pkg, replaced, added)


# --- dynamic arrays ---------------------------------------------------------------------------------------------

REL_SHEET_METADATA = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata"
CT_SHEET_METADATA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"
# Excel's metadata for "this formula is a dynamic array" (XLDAPR), as Excel and XlsxWriter write it: cells with
# cm="1" point at its one cellMetadata block. Without it Excel 365 shows an array function with an implicit @.
DYNAMIC_ARRAY_METADATA = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<metadata xmlns="{NS_MAIN}" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
    '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" '
    'pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" '
    'coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst>'
    '<ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/>'
    "</ext></extLst></bk></futureMetadata><cellMetadata count=\"1\"><bk><rc t=\"1\" v=\"0\"/></bk></cellMetadata>"
    "</metadata>").encode()


def mark_dynamic_arrays(path: Path, sheet_name: str, cells: list[str]) -> None:
    """Mark array-formula cells of a workbook offersheet has just written as dynamic arrays (the workbook has
    no cell metadata of its own yet)."""
    pkg = Package(path)
    part = pkg.sheets()[sheet_name]
    if pkg.has("xl/metadata.xml"):
        raise ValueError("the workbook already has cell metadata")
    sheet = pkg.data[part].decode("utf-8")
    for ref in cells:
        sheet, n = re.subn(rf'<c r="{ref}"(?![^>]*\bcm=)', f'<c r="{ref}" cm="1"', sheet)
        if n != 1:
            raise ValueError(f"no cell {ref} to mark")
    book = pkg.workbook_part()
    rels = pkg.data[rels_part(book)].decode("utf-8").replace(
        "</Relationships>", f'<Relationship Id="rIdMetadata" Type="{REL_SHEET_METADATA}" '
                            f'Target="{_relative(book, "xl/metadata.xml")}"/></Relationships>')
    replaced = {part: sheet.encode("utf-8"), rels_part(book): rels.encode("utf-8"),
                "[Content_Types].xml": _content_types(pkg, set(), {"xl/metadata.xml": CT_SHEET_METADATA})}
    _rewrite_in_place(pkg, replaced, {"xl/metadata.xml": DYNAMIC_ARRAY_METADATA})
