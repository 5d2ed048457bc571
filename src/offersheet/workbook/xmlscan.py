"""Bounds on a workbook's XML, enforced by a streaming parser as it reads each part.

Every XML part of an untrusted package goes once through expat, namespace-aware and with defusedxml's
refusals (no DTD, no entity declaration, no external entity), fed from the zip member in chunks. Elements are
counted by namespace and local name, attribute values and text are measured after XML decoding, and the parse
stops at the first bound exceeded, so a bomb costs what its bound allows and no more. XML may write the same
content many ways (either quote, character references, CDATA, an end tag for an empty element, any prefix):
the parser hands over the same names and values for all of them, so no spelling walks past a bound.

The same pass reads the package's relationships (which part is the workbook, which parts are its sheets,
shared strings and styles) and keeps the bytes of the parts the lean reader asks for, so no part is read from
the archive twice. Cells and areas are counted in every part, not only in the parts the relationships call
sheets: no way of writing a relationship can hide a sheet's cells.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, NoReturn
from xml.parsers import expat

from defusedxml.common import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from offersheet.workbook.limits import LIMITS, Limits

MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DRAWING = (
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing",
)
REL_TYPES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/",
)
SHEET_KINDS = frozenset({"worksheet", "chartsheet", "dialogsheet", "xlMacrosheet", "xlIntlMacrosheet"})
CONTENT_TYPES = "[Content_Types].xml"
XML_SUFFIXES = (".xml", ".rels")  # legacy VML drawings are copied, never parsed


class Refused(Exception):
    """A bound exceeded or a part refused; ``reason`` is a sentence for the person, naming the part."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Rel:
    """One relationship of a part, its target resolved to a part name."""

    kind: str  # the last segment of the relationship type: worksheet, styles, sharedStrings, officeDocument...
    target: str
    external: bool
    id: str = ""


@dataclass
class Scanned:
    """What the scan learned: each source part's relationships, the workbook part, the kept parts' bytes."""

    rels: dict[str, list[Rel]] = field(default_factory=dict)
    content_types: dict[str, str] = field(default_factory=dict)  # part name -> declared content type
    workbook: str = ""
    sheet_parts: dict[str, str] = field(default_factory=dict)  # sheet name -> part (from the workbook part)
    date1904: bool = False
    strict: bool = False  # the workbook part is Strict Open XML (ISO/IEC 29500 Strict namespaces)
    kept: dict[str, bytes] = field(default_factory=dict)

    def rel_targets(self, source: str, kind: str) -> list[str]:
        return [r.target for r in self.rels.get(source, []) if r.kind == kind and not r.external]


def rels_part(part: str) -> str:
    """The .rels part holding ``part``'s relationships ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels")."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def source_of(rels: str) -> str:
    """The part a .rels part describes ("" for the package's own ``_rels/.rels``)."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")]) if name != ".rels" else ""


def resolve(source: str, target: str) -> str:
    """A relationship target as a part name, relative to its source part's folder."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


_REF = re.compile(r"\$?([A-Za-z]{0,3})\$?([0-9]{0,7})")  # Excel's grid: 3 letters (XFD), 7 digits (1048576)
GRID_ROWS, GRID_COLUMNS = 1_048_576, 16_384


def position(end: str) -> tuple[int, int] | None:
    """(column, row) of one end of a reference ("B7", "$B$7", "B" for a whole column, "7" for a whole row: 0
    for the part not given), or None when it is not on Excel's grid. The one reading of a cell reference: the
    scan's areas and the lean reader's cells both use it."""
    m = _REF.fullmatch(end)
    if m is None or not (m.group(1) or m.group(2)):
        return None
    column = 0
    for ch in m.group(1).upper():
        column = column * 26 + ord(ch) - 64
    row = int(m.group(2)) if m.group(2) else 0
    return None if column > GRID_COLUMNS or row > GRID_ROWS else (column, row)


def area(ref: str) -> int | None:
    """Cells a reference spans (each space-separated range: ``A1``, ``A1:B2``, whole columns ``A:C``, whole
    rows ``3:5``), or None when it is not a cell reference on Excel's grid at all. Run on a parsed, decoded
    attribute value."""
    total = 0
    for item in ref.split():
        ends = [position(end) for end in item.split(":", 1)]
        first, last = ends[0], ends[-1]
        if first is None or last is None:
            return None
        (c1, r1), (c2, r2) = first, last
        if bool(c1) != bool(c2) or bool(r1) != bool(r2):
            return None
        columns = abs(c2 - c1) + 1 if c1 else GRID_COLUMNS
        rows = abs(r2 - r1) + 1 if r1 else GRID_ROWS
        total += columns * rows
    return total


def _forbid_dtd(*_: Any) -> None:
    raise DTDForbidden(None, None, None)


def _forbid_entity(*_: Any) -> None:
    raise EntitiesForbidden(None, None, None, None, None, None)


def _forbid_external(*_: Any) -> int:
    raise ExternalReferenceForbidden(None, None, None, None)


def _names(namespaces: Iterable[str], *locals_: str) -> dict[str, str]:
    return {f"{ns} {local}": local for ns in namespaces for local in locals_}


# Element (as expat names it: "namespace local") -> what it counts as.
_COUNTED = {
    **_names(MAIN, "c", "si", "xf", "definedName", "f"),
    **_names(MAIN, "font", "fill", "border", "numFmt", "dxf", "cellStyle"),
    **_names(MAIN, "mergeCell", "hyperlink", "dimension"),
    **_names((PACKAGE_RELS,), "Relationship"),
    **_names(DRAWING, "twoCellAnchor", "oneCellAnchor", "absoluteAnchor"),
    **_names((CONTENT_TYPES_NS,), "Override", "Default"),
    **_names(MAIN, "sheet", "workbookPr"),
    f"{MAIN[1]} workbook": "strict",
}
_STYLE_RECORDS = {
    "font": "fonts",
    "fill": "fills",
    "border": "borders",
    "numFmt": "number formats",
    "dxf": "differential formats",
    "cellStyle": "named cell styles",
}
_AREAS = {
    "mergeCell": "a merged range",
    "hyperlink": "a hyperlink range",
    "dimension": "the sheet's dimension",
    "f": "a shared formula",
}
# A <sheet>'s relationship is its r:id in the Transitional namespace, as Excel, openpyxl and the package writer
# read it (a Strict workbook is refused): an id in any other namespace is not its relationship.
REL_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"


class _Scan:
    """Counts over the whole package while each part streams through expat."""

    def __init__(self, limits: Limits, scanned: Scanned) -> None:
        self.limits, self.out = limits, scanned
        self.elements = self.cells = self.strings = self.string_chars = self.xfs = 0
        self.names = self.anchors = 0
        self.records: dict[str, int] = dict.fromkeys(_STYLE_RECORDS.values(), 0)
        self.part = ""
        self.parser: Any = None
        self.text = 0  # characters of the formula being read
        self.rel_count = self.part_cells = self.dimension = 0
        self.in_strings = False  # this part holds shared strings: all its text is measured
        self.in_formula = False
        self.depth = 0
        self.sheet_rids: dict[str, str] = {}  # sheet name -> r:id, from the workbook part

    # The handlers. One call per element; text is measured only inside formulas and shared strings.
    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        self.depth += 1
        if self.elements > self.limits.max_xml_elements:
            self.over(
                f"more than {self.limits.max_xml_elements:,} XML elements in the workbook, far more than an "
                "offers workbook holds"
            )
        if self.depth > self.limits.max_xml_depth:
            self.over(
                f"malformed workbook content ({self.part} nests elements more than {self.limits.max_xml_depth} deep)"
            )
        if self.in_formula:
            self.over(f"malformed workbook content (a formula in {self.part} holds an element: formulas are text)")
        kind = _COUNTED.get(name)
        if kind is None:
            return
        if kind == "c":
            self.part_cells += 1
            if self.part_cells > self.dimension:  # cells within the stated dimension are counted already
                self.cells += 1
                if self.cells > self.limits.max_cells:
                    self.too_many_cells()
        elif kind == "f" or kind == "definedName":
            if kind == "definedName":
                self.names += 1
                if self.names > self.limits.max_defined_names:
                    self.over(
                        f"more than {self.limits.max_defined_names:,} defined names, far more than an offers "
                        "workbook holds"
                    )
            self.text, self.in_formula = 0, True
            self.parser.CharacterDataHandler = self.formula_text
            if kind == "f" and "ref" in attrs:
                self.add_area("f", attrs["ref"])
        elif kind in _AREAS:
            self.add_area(kind, attrs.get("ref", ""))
        elif kind == "si":
            self.strings += 1
            if self.strings > self.limits.max_shared_strings:
                self.over(
                    f"more than {self.limits.max_shared_strings:,} shared strings, far more than an offers "
                    "workbook holds"
                )
            if not self.in_strings:
                self.in_strings = True
                self.parser.CharacterDataHandler = self.string_text
        elif kind == "xf":
            self.xfs += 1
            if self.xfs > self.limits.max_cell_formats:
                self.over(f"more than {self.limits.max_cell_formats:,} cell formats (Excel's own limit)")
        elif kind in _STYLE_RECORDS:
            what = _STYLE_RECORDS[kind]
            self.records[what] += 1
            if self.records[what] > self.limits.max_style_records:
                self.over(f"more than {self.limits.max_style_records:,} {what} in its styles")
            code = attrs.get("formatCode")
            if code is not None and len(code) > self.limits.max_format_code_chars:
                self.over(
                    f"a number format in {self.part} is {len(code):,} characters long, over Excel's own limit "
                    f"of {self.limits.max_format_code_chars}"
                )
        elif kind == "Relationship":
            self.relationship(attrs)
        elif kind in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor"):
            self.anchors += 1
            if self.anchors > self.limits.max_drawing_anchors:
                self.over(f"more than {self.limits.max_drawing_anchors:,} pictures, charts or shapes in its drawings")
        elif kind == "Override":
            self.out.content_types[attrs.get("PartName", "").lstrip("/")] = attrs.get("ContentType", "")
        elif kind == "Default":
            self.out.content_types["." + attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
        elif kind == "sheet" and self.part == self.out.workbook:
            self.sheet(attrs.get("name", ""), attrs.get(REL_ID, ""))
        elif kind == "workbookPr" and self.part == self.out.workbook:
            self.out.date1904 = self.boolean("date1904", attrs.get("date1904", "false"))
        elif kind == "strict" and self.part == self.out.workbook:
            self.out.strict = True

    def sheet(self, name: str, rid: str) -> None:
        """A sheet of the workbook part: names unique without regard to case (as Excel has them), one sheet
        per relationship, so that the reader and the writer cannot take different sheets for one name."""
        folded = name.casefold()
        if any(n.casefold() == folded for n in self.sheet_rids):
            self.over(
                f"malformed workbook content ({self.part} lists two sheets named {_shown(name)}: sheet names "
                "are unique)"
            )
        if rid in self.sheet_rids.values():
            self.over(f"malformed workbook content ({self.part} gives two sheets the same relationship {_shown(rid)})")
        self.sheet_rids[name] = rid

    def boolean(self, what: str, value: str) -> bool:
        """An xsd:boolean, as the schema has it: true, false, 1 or 0 (readers differ on anything else)."""
        text = value.strip()
        if text not in ("true", "false", "1", "0"):
            self.over(f"malformed workbook content ({self.part}: {what} is {_shown(value)}, not true or false)")
        return text in ("true", "1")

    def formula_text(self, data: str) -> None:
        self.text += len(data)
        if self.text > self.limits.max_formula_chars:
            self.over(
                f"a formula in {self.part} is longer than Excel's own limit of {self.limits.max_formula_chars:,} "
                "characters"
            )

    def end(self, _name: str) -> None:
        self.depth -= 1
        if self.in_formula:  # a formula holds no element: this is its own end
            self.in_formula = False
            self.parser.CharacterDataHandler = self.string_text if self.in_strings else None

    def string_text(self, data: str) -> None:
        self.string_chars += len(data)
        if self.string_chars > self.limits.max_shared_string_chars:
            self.over(f"more than {self.limits.max_shared_string_chars:,} characters of shared strings")

    def add_area(self, kind: str, ref: str) -> None:
        size = area(ref)
        if size is None:
            if kind == "dimension" and not ref.strip():
                return
            self.over(
                f"{_AREAS[kind]} in {self.part} is {_shown(ref)}, which is not a cell reference on Excel's "
                "grid (A1 to XFD1048576; damaged or crafted file?)"
            )
        if kind == "dimension":  # a sheet's stated size: a reader may allocate all of it, or fewer cells
            size = max(0, size - self.part_cells)
            self.dimension = self.part_cells + size
        self.cells += size
        if self.cells > self.limits.max_cells:
            self.too_many_cells()

    def relationship(self, attrs: dict[str, str]) -> None:
        self.rel_count += 1
        if self.rel_count > self.limits.max_relationships:
            self.over(f"more than {self.limits.max_relationships:,} relationships in {self.part}")
        if not self.part.endswith(".rels"):
            return
        kind = attrs.get("Type", "")
        kind = kind.rsplit("/", 1)[-1] if kind.startswith(REL_TYPES) else kind
        external = attrs.get("TargetMode", "Internal") == "External"
        source = source_of(self.part)
        target = attrs.get("Target", "")
        self.out.rels.setdefault(source, []).append(
            Rel(kind, target if external else resolve(source, target), external, attrs.get("Id", ""))
        )

    def too_many_cells(self) -> NoReturn:
        self.over(
            f"more than {self.limits.max_cells:,} cells (counting merged ranges, hyperlinks and formulas spread "
            "over ranges), far more than an offers workbook holds (delete unrelated sheets)"
        )

    def over(self, reason: str) -> NoReturn:
        raise Refused(reason)

    def part_text(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool) -> bytes | None:
        """Parse one part with a fresh parser; its bytes when ``keep``. The part (at most ``max_part_xml_bytes``)
        is handed to expat in one call: fed in chunks, expat before 2.6 scans a token that spans chunks again
        from its start on every chunk (CVE-2023-52425), so a 40 MB comment would cost minutes."""
        self.part, self.rel_count, self.part_cells, self.dimension = info.filename, 0, 0, 0
        self.in_strings = self.in_formula = False
        self.depth = 0
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = None
        parser.StartDoctypeDeclHandler = _forbid_dtd
        parser.EntityDeclHandler = _forbid_entity
        parser.UnparsedEntityDeclHandler = _forbid_entity
        parser.ExternalEntityRefHandler = _forbid_external
        self.parser = parser
        data = zf.read(info)
        try:
            parser.Parse(data, True)
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
            raise Refused(
                f"refused unsafe XML in {info.filename}: it declares a DTD or entities (used by "
                "entity-expansion and external-entity attacks; real workbooks never do)"
            ) from None
        except expat.ExpatError as exc:
            raise Refused(
                f"malformed workbook content ({info.filename} is not well-formed XML: "
                f"{expat.ErrorString(exc.code)} at line {exc.lineno}, column {exc.offset})"
            ) from None
        except (ValueError, OverflowError, RecursionError) as exc:  # raised by a handler on a value it measures
            raise Refused(f"malformed workbook content ({info.filename}: {exc})") from None
        finally:
            self.parser = None
        return data if keep else None


def scan(
    zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], limits: Limits = LIMITS, keep_sheets: Collection[str] = ()
) -> Scanned:
    """Parse every XML part of the package once, bounded as it goes (raises :class:`Refused`). Order: content
    types, the package's relationships, the workbook part and its relationships, then every other part; the
    workbook part, its relationships, shared strings, styles and the sheets named in ``keep_sheets`` are kept."""
    out = Scanned()
    state = _Scan(limits, out)
    done: set[str] = set()

    def run(name: str, keep: bool = False) -> None:
        if name in done or name not in infos:
            return
        done.add(name)
        if infos[name].file_size > limits.max_part_xml_bytes:
            raise Refused(f"{name} is {infos[name].file_size:,} bytes of XML, far more than an offers workbook holds")
        data = state.part_text(zf, infos[name], keep)
        if data is not None:
            out.kept[name] = data

    run(CONTENT_TYPES)
    run("_rels/.rels")
    main = out.rel_targets("", "officeDocument")
    if not main or main[0] not in infos:
        raise Refused("not a valid workbook (its package has no workbook part)")
    if len([r for r in out.rels.get("", []) if r.kind.endswith("officeDocument")]) > 1:
        raise Refused(
            "malformed workbook content (_rels/.rels names more than one workbook part: readers would "
            "disagree on which is the workbook)"
        )
    out.workbook = main[0]
    run(out.workbook, keep=True)
    run(rels_part(out.workbook), keep=True)
    by_id = {r.id: r for r in out.rels.get(out.workbook, []) if not r.external}
    for sheet, rid in state.sheet_rids.items():
        rel = by_id.get(rid)
        if rel is not None and rel.kind in SHEET_KINDS:
            if rel.target.lower() in (p.lower() for p in out.sheet_parts.values()):
                raise Refused(
                    f"malformed workbook content (two sheets of {out.workbook} are one part, "
                    f"{_shown(rel.target)}: writing one would overwrite the other)"
                )
            out.sheet_parts[sheet] = rel.target
    for kind in ("sharedStrings", "styles"):
        for target in out.rel_targets(out.workbook, kind):
            run(target, keep=True)
    for sheet in keep_sheets:
        if sheet in out.sheet_parts and out.sheet_parts[sheet] in infos:
            run(out.sheet_parts[sheet], keep=True)
    for name in infos:
        if is_xml(name, out.content_types):
            run(name)
    return out


def is_xml(name: str, content_types: dict[str, str]) -> bool:
    """Whether a part holds XML: by its name, or by the content type the package declares for it."""
    if name.endswith("/"):
        return False
    declared = content_types.get(name) or content_types.get(posixpath.splitext(name)[1].lower(), "")
    return name.lower().endswith(XML_SUFFIXES) or declared.endswith(("+xml", "/xml"))


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
