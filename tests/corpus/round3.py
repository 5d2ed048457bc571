"""Hostile files, round three: the spellings that walked past pattern-based bounds, and bombs for the parts that
had no bound. Each builder writes one file from the bundled example; ``generate.BUILDERS`` lists them all
(import ``generate``, which imports this module once its helpers exist)."""

from __future__ import annotations

import random
from pathlib import Path

from tests.corpus.generate import EXAMPLE, _many_cells, _patched_sheet, _rewrite, _sheet_xml, _with_shared_strings

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _format(styles: bytes, attribute: bytes) -> bytes:
    number_format = b'<numFmts count="1"><numFmt numFmtId="200" ' + attribute + b"/></numFmts>"
    return styles.replace(b"<fonts", number_format + b"<fonts", 1)


def single_quoted_format(d: Path) -> Path:
    """A 41 kB number format of '[' in single quotes (a pattern looking for formatCode="..." saw nothing)."""
    _rewrite(EXAMPLE, p := d / "single-quoted-format.xlsx",
             {"xl/styles.xml": lambda x: _format(x, b"formatCode='" + b"[" * 41_000 + b"'")})
    return p


def spaced_format(d: Path) -> Path:
    """The same format with whitespace around '='."""
    _rewrite(EXAMPLE, p := d / "spaced-format.xlsx",
             {"xl/styles.xml": lambda x: _format(x, b'formatCode \n= "' + b"[" * 41_000 + b'"')})
    return p


def cdata_formula(d: Path) -> Path:
    """A 12,000-character formula inside a CDATA section."""
    return _patched_sheet(d, "cdata-formula.xlsx", "Asks", lambda xml: xml.replace(
        b"<sheetData>", b'<sheetData><row r="1"><c r="A1"><f><![CDATA[' + b"1+" * 6_000 + b"1]]></f><v>6001</v></c>"
                        b"</row>", 1))


def charref_merge(d: Path) -> Path:
    """A merged range over the whole grid with its column written as a character reference."""
    return _patched_sheet(d, "charref-merge.xlsx", "Asks", lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:&#88;FD1048576"/></mergeCells>'))


def eight_digit_merge(d: Path) -> Path:
    """A merged range down to row 10,000,000 (a pattern allowing 7 digits counted it as no cells)."""
    return _patched_sheet(d, "eight-digit-merge.xlsx", "Asks", lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:A10000000"/></mergeCells>'))


def non_ascii_prefix_cells(d: Path) -> Path:
    """300,000 cells whose element prefix is not ASCII (<ß:c>)."""
    _rewrite(EXAMPLE, p := d / "non-ascii-prefix.xlsx", {_sheet_xml("Start"): _many_cells("ß")})
    return p


def end_tag_relationship(d: Path) -> Path:
    """A sheet of 300,000 cells outside xl/worksheets/ whose relationship is written with an end tag."""
    start = _sheet_xml("Start")

    def rels(xml: bytes) -> bytes:  # the example writes absolute targets (Target="/xl/worksheets/...")
        at = xml.index(f'Target="/{start}"'.encode())
        begin, end = xml.rindex(b"<Relationship ", 0, at), xml.index(b"/>", at)
        return (xml[:begin] + xml[begin:end].replace(start.encode(), b"xl/elsewhere/start.xml").rstrip()
                + b"></Relationship>" + xml[end + 2:])

    _rewrite(EXAMPLE, p := d / "end-tag-relationship.xlsx", {"xl/_rels/workbook.xml.rels": rels},
             add={"xl/elsewhere/start.xml": _many_cells("")})
    return p


def shared_strings_bomb(d: Path) -> Path:
    """300,000 shared strings, each holding a number, so that they compress like data."""
    rng = random.Random(3)
    items = b"".join(b"<si><t>%d</t></si>" % rng.randrange(10**9) for _ in range(300_000))
    _with_shared_strings(p := d / "shared-strings-bomb.xlsx",
                         f'<sst xmlns="{MAIN_NS}">'.encode() + items + b"</sst>")
    return p


def _styles_with(tag: bytes, section: bytes, count: int, d: Path, name: str) -> Path:
    rng = random.Random(5)
    records = b"".join(b"<" + tag + b' x="' + str(rng.random()).encode() + b'"/>' for _ in range(count))

    def styles(xml: bytes) -> bytes:
        return xml.replace(b"</" + section + b">", records + b"</" + section + b">", 1)

    _rewrite(EXAMPLE, p := d / name, {"xl/styles.xml": styles})
    return p


def cell_formats_bomb(d: Path) -> Path:
    """70,000 cell formats (Excel stops at 64,000)."""
    return _styles_with(b"xf", b"cellXfs", 70_000, d, "cell-formats-bomb.xlsx")


def fonts_bomb(d: Path) -> Path:
    return _styles_with(b"font", b"fonts", 70_000, d, "fonts-bomb.xlsx")


def defined_names_bomb(d: Path) -> Path:
    """12,000 defined names (a reader builds an object for each; a million took one 60 s and 612 MB)."""
    names = b"".join(b'<definedName name="n%d">Offers!$A$1</definedName>' % i for i in range(12_000))

    def book(xml: bytes) -> bytes:
        return xml.replace(b"</definedNames>", names + b"</definedNames>", 1)

    _rewrite(EXAMPLE, p := d / "defined-names-bomb.xlsx", {"xl/workbook.xml": book})
    return p


def relationships_bomb(d: Path) -> Path:
    rels = b"".join(b'<Relationship Id="x%d" Type="http://example.com/x" Target="x%d.xml"/>' % (i, i)
                    for i in range(12_000))
    _rewrite(EXAMPLE, p := d / "relationships-bomb.xlsx", {
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", rels + b"</Relationships>")})
    return p


def anchors_bomb(d: Path) -> Path:
    """A drawing part with 12,000 anchored shapes."""
    ns = b"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
    rng = random.Random(4)
    anchors = b"".join(b"<xdr:absoluteAnchor><xdr:pos x='%d' y='%d'/><xdr:ext cx='1' cy='1'/></xdr:absoluteAnchor>"
                       % (rng.randrange(10**9), rng.randrange(10**9)) for _ in range(12_000))
    xml = b'<xdr:wsDr xmlns:xdr="' + ns + b'">' + anchors + b"</xdr:wsDr>"
    _rewrite(EXAMPLE, p := d / "anchors-bomb.xlsx", {}, add={"xl/drawings/drawing99.xml": xml})
    return p


def elements_bomb(d: Path) -> Path:
    """1.6 million elements of no known kind in a custom part (each would still be an object in a tree)."""
    rng = random.Random(9)
    xml = b"<r>" + b"".join(rng.choice((b"<a/>", b"<b/>", b"<c/>")) for _ in range(1_600_000)) + b"</r>"
    _rewrite(EXAMPLE, p := d / "elements-bomb.xlsx", {}, add={"customXml/item9.xml": xml})
    return p


BUILDERS = (single_quoted_format, spaced_format, cdata_formula, charref_merge, eight_digit_merge,
            non_ascii_prefix_cells, end_tag_relationship, shared_strings_bomb, cell_formats_bomb, fonts_bomb,
            defined_names_bomb, relationships_bomb, anchors_bomb, elements_bomb)
