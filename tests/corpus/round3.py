"""Hostile files, round three: the spellings that walked past pattern-based bounds, and bombs for the parts that
had no bound. Each builder writes one file from the bundled example; ``generate.BUILDERS`` lists them all
(import ``generate``, which imports this module once its helpers exist)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from tests.corpus.generate import EXAMPLE, _many_cells, _patched_sheet, _rewrite, _sheet_xml, _with_shared_strings

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _format(styles: bytes, attribute: bytes) -> bytes:
    number_format = b'<numFmts count="1"><numFmt numFmtId="200" ' + attribute + b"/></numFmts>"
    return styles.replace(b"<fonts", number_format + b"<fonts", 1)


def single_quoted_format(d: Path) -> Path:
    """A 41 kB number format of '[' in single quotes (a pattern looking for formatCode="..." saw nothing)."""
    _rewrite(
        EXAMPLE,
        p := d / "single-quoted-format.xlsx",
        {"xl/styles.xml": lambda x: _format(x, b"formatCode='" + b"[" * 41_000 + b"'")},
    )
    return p


def spaced_format(d: Path) -> Path:
    """The same format with whitespace around '='."""
    _rewrite(
        EXAMPLE,
        p := d / "spaced-format.xlsx",
        {"xl/styles.xml": lambda x: _format(x, b'formatCode \n= "' + b"[" * 41_000 + b'"')},
    )
    return p


def cdata_formula(d: Path) -> Path:
    """A 12,000-character formula inside a CDATA section."""
    return _patched_sheet(
        d,
        "cdata-formula.xlsx",
        "Asks",
        lambda xml: xml.replace(
            b"<sheetData>",
            b'<sheetData><row r="1"><c r="A1"><f><![CDATA[' + b"1+" * 6_000 + b"1]]></f><v>6001</v></c></row>",
            1,
        ),
    )


def charref_merge(d: Path) -> Path:
    """A merged range over the whole grid with its column written as a character reference."""
    return _patched_sheet(
        d,
        "charref-merge.xlsx",
        "Asks",
        lambda xml: xml.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:&#88;FD1048576"/></mergeCells>'
        ),
    )


def eight_digit_merge(d: Path) -> Path:
    """A merged range down to row 10,000,000 (a pattern allowing 7 digits counted it as no cells)."""
    return _patched_sheet(
        d,
        "eight-digit-merge.xlsx",
        "Asks",
        lambda xml: xml.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:A10000000"/></mergeCells>'
        ),
    )


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
        return (
            xml[:begin]
            + xml[begin:end].replace(start.encode(), b"xl/elsewhere/start.xml").rstrip()
            + b"></Relationship>"
            + xml[end + 2 :]
        )

    _rewrite(
        EXAMPLE,
        p := d / "end-tag-relationship.xlsx",
        {"xl/_rels/workbook.xml.rels": rels},
        add={"xl/elsewhere/start.xml": _many_cells("")},
    )
    return p


def shared_strings_bomb(d: Path) -> Path:
    """300,000 shared strings, each holding a number, so that they compress like data."""
    rng = random.Random(3)
    items = b"".join(b"<si><t>%d</t></si>" % rng.randrange(10**9) for _ in range(300_000))
    _with_shared_strings(p := d / "shared-strings-bomb.xlsx", f'<sst xmlns="{MAIN_NS}">'.encode() + items + b"</sst>")
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
    rels = b"".join(
        b'<Relationship Id="x%d" Type="http://example.com/x" Target="x%d.xml"/>' % (i, i) for i in range(12_000)
    )
    _rewrite(
        EXAMPLE,
        p := d / "relationships-bomb.xlsx",
        {"xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", rels + b"</Relationships>")},
    )
    return p


def anchors_bomb(d: Path) -> Path:
    """A drawing part with 12,000 anchored shapes."""
    ns = b"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
    rng = random.Random(4)
    anchors = b"".join(
        b"<xdr:absoluteAnchor><xdr:pos x='%d' y='%d'/><xdr:ext cx='1' cy='1'/></xdr:absoluteAnchor>"
        % (rng.randrange(10**9), rng.randrange(10**9))
        for _ in range(12_000)
    )
    xml = b'<xdr:wsDr xmlns:xdr="' + ns + b'">' + anchors + b"</xdr:wsDr>"
    _rewrite(EXAMPLE, p := d / "anchors-bomb.xlsx", {}, add={"xl/drawings/drawing99.xml": xml})
    return p


def elements_bomb(d: Path) -> Path:
    """1.6 million elements of no known kind in a custom part (each would still be an object in a tree)."""
    rng = random.Random(9)
    xml = b"<r>" + b"".join(rng.choice((b"<a/>", b"<b/>", b"<c/>")) for _ in range(1_600_000)) + b"</r>"
    _rewrite(EXAMPLE, p := d / "elements-bomb.xlsx", {}, add={"customXml/item9.xml": xml})
    return p


BUILDERS = (
    single_quoted_format,
    spaced_format,
    cdata_formula,
    charref_merge,
    eight_digit_merge,
    non_ascii_prefix_cells,
    end_tag_relationship,
    shared_strings_bomb,
    cell_formats_bomb,
    fonts_bomb,
    defined_names_bomb,
    relationships_bomb,
    anchors_bomb,
    elements_bomb,
)


# From an attack on the parser-based checks: references past what a number can hold, ids in another namespace,
# packages whose reader and writer could take different parts, nesting, a huge comment, cells readers place
# differently.
OFFERS_XML = _sheet_xml("Offers")
STRICT_RELS = b"http://purl.oclc.org/ooxml/officeDocument/relationships"


def _merge(d: Path, name: str, ref: bytes) -> Path:
    return _patched_sheet(
        d,
        name,
        "Asks",
        lambda xml: xml.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="' + ref + b'"/></mergeCells>'
        ),
    )


def reference_digits(d: Path) -> Path:
    """A row number of 5,000 digits (past what Python turns into an int by default)."""
    return _merge(d, "reference-digits.xlsx", b"A1:A" + b"1" * 5_000)


def reference_letters(d: Path) -> Path:
    """A column of 200,000 letters (a column number built letter by letter grows without end)."""
    return _merge(d, "reference-letters.xlsx", b"A1:" + b"A" * 200_000 + b"1")


def row_number_digits(d: Path) -> Path:
    return _patched_sheet(
        d,
        "row-number-digits.xlsx",
        "Offers",
        lambda xml: xml.replace(b"</sheetData>", b'<row r="' + b"9" * 20 + b'"/></sheetData>'),
    )


def id_in_another_namespace(d: Path) -> Path:
    """The Offers <sheet> also carries an id in the Strict namespace, pointing at a hidden copy with other data:
    a sheet's relationship is its Transitional r:id, as Excel reads it, so the visible Offers sheet is read."""
    offers = _sheet_xml("Offers")
    with __import__("zipfile").ZipFile(EXAMPLE) as z:
        hidden = z.read(offers).replace(b"OpenAI", b"Hidden Corp")

    def book(xml: bytes) -> bytes:
        at = xml.index(b'name="Offers"')
        return (
            xml.replace(b"<workbook ", b'<workbook xmlns:p="' + STRICT_RELS + b'" ', 1)[: at + 40].replace(
                b'name="Offers"', b'name="Offers" p:id="rIdH"'
            )
            + xml.replace(b"<workbook ", b'<workbook xmlns:p="' + STRICT_RELS + b'" ', 1)[at + 40 :]
        )

    def rels(xml: bytes) -> bytes:
        return xml.replace(
            b"</Relationships>",
            b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument'
            b'/2006/relationships/worksheet" Target="/xl/worksheets/hidden.xml" '
            b'Id="rIdH"/></Relationships>',
        )

    _rewrite(
        EXAMPLE,
        p := d / "id-in-another-namespace.xlsx",
        {"xl/workbook.xml": book, "xl/_rels/workbook.xml.rels": rels},
        add={"xl/worksheets/hidden.xml": hidden},
    )
    return p


def second_workbook_part(d: Path) -> Path:
    """A second relationship of a workbook type, listed first (a writer taking any '.../officeDocument' type
    would write into another part than the reader read)."""

    def rels(xml: bytes) -> bytes:
        return xml.replace(
            b"<Relationship ",
            b'<Relationship Type="urn:x/officeDocument" Target="xl/other.xml" Id="rIdE"/><Relationship ',
            1,
        )

    _rewrite(
        EXAMPLE,
        p := d / "second-workbook-part.xlsx",
        {"_rels/.rels": rels},
        add={"xl/other.xml": b'<workbook xmlns="' + MAIN_NS.encode() + b'"/>'},
    )
    return p


def duplicate_sheet_name(d: Path) -> Path:
    """A second sheet named Report, on the Offers sheet's part: a writer keeping the last of a name would write
    the report over the offers."""
    offers_rid = _rid("Offers")
    return _rewrite_book(
        d,
        "duplicate-sheet-name.xlsx",
        lambda xml: xml.replace(
            b"</sheets>", b'<sheet name="Report" sheetId="99" r:id="' + offers_rid + b'"/></sheets>'
        ),
    )


def two_sheets_one_part(d: Path) -> Path:
    """A new sheet whose relationship targets the Offers sheet's part."""

    def rels(xml: bytes) -> bytes:
        return xml.replace(
            b"</Relationships>",
            b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument'
            b'/2006/relationships/worksheet" Target="/' + OFFERS_XML.encode() + b'" Id="rIdTwin"/></Relationships>',
        )

    _rewrite(
        EXAMPLE,
        p := d / "two-sheets-one-part.xlsx",
        {
            "xl/_rels/workbook.xml.rels": rels,
            "xl/workbook.xml": lambda xml: xml.replace(
                b"</sheets>", b'<sheet name="Twin" sheetId="98" r:id="rIdTwin"/></sheets>'
            ),
        },
    )
    return p


def _rid(sheet: str) -> bytes:
    import re
    import zipfile

    with zipfile.ZipFile(EXAMPLE) as z:
        book = z.read("xl/workbook.xml")
    m = re.search(rb'<sheet [^>]*name="' + sheet.encode() + rb'"[^>]*r:id="([^"]+)"', book)
    assert m, sheet
    return m.group(1)


def _rewrite_book(d: Path, name: str, change) -> Path:
    _rewrite(EXAMPLE, p := d / name, {"xl/workbook.xml": change})
    return p


def deep_nesting(d: Path) -> Path:
    """700 elements inside each other in an extension on Start (a recursive writer would overflow its stack)."""
    return _patched_sheet(
        d,
        "deep-nesting.xlsx",
        "Start",
        lambda xml: xml.replace(
            b"</worksheet>",
            b'<extLst><ext uri="{y}"><x:d xmlns:x="urn:x">'
            + b"<x:d>" * 700
            + b"</x:d>" * 700
            + b"</x:d></ext></extLst></worksheet>",
        ),
    )


def huge_comment(d: Path) -> Path:
    """A 20 MB comment of random letters in docProps/app.xml (fed to expat in chunks, it was quadratic)."""
    noise = random.Random(8).randbytes(20_000_000).translate(bytes(b"ab"[i & 1] for i in range(256)))
    _rewrite(
        EXAMPLE,
        p := d / "huge-comment.xlsx",
        {"docProps/app.xml": lambda xml: xml.replace(b"</Properties>", b"<!--" + noise + b"--></Properties>")},
    )
    return p


def _offers(d: Path, name: str, change) -> Path:
    return _patched_sheet(d, name, "Offers", change)


def _sub(xml: bytes, old: bytes, new: bytes) -> bytes:
    """Replace the first ``old``, which must be there (a builder that silently changes nothing tests nothing)."""
    assert old in xml, old[:80]
    return xml.replace(old, new, 1)


def _styled(xml: bytes, pattern: bytes) -> bytes:
    """The first cell tag matching ``pattern`` with its style index, whatever the template numbers it."""
    found = re.search(re.escape(pattern).replace(re.escape(b"{s}"), rb"\d+"), xml)
    assert found, pattern[:80]
    return found.group(0)


def cell_out_of_place(d: Path) -> Path:
    """In row 2, a cell that says it is C30, then one without a reference: readers place the second differently."""

    def change(xml: bytes) -> bytes:
        cells = _styled(xml, b'<c r="C2" s="{s}" t="inlineStr" /><c r="D2" s="{s}" t="inlineStr">')
        return _sub(xml, cells, cells.replace(b'r="C2"', b'r="C30"').replace(b'r="D2" ', b""))

    return _offers(d, "cell-out-of-place.xlsx", change)


def two_plain_texts(d: Path) -> Path:
    return _offers(
        d,
        "two-plain-texts.xlsx",
        lambda xml: _sub(xml, b"<is><t>OpenAI</t></is>", b"<is><t>OpenAI</t><t>Evil Corp</t></is>"),
    )


def foreign_cell(d: Path) -> Path:
    """A cell-like element in another namespace inside a row (openpyxl reads every child of a row as a cell)."""
    return _offers(
        d,
        "foreign-cell.xlsx",
        lambda xml: _sub(
            xml,
            _styled(xml, b'<c r="G2" s="{s}" t="n" />'),
            b'<q:c xmlns:q="urn:q" r="G2" t="inlineStr"><is><t>Hidden Co</t></is></q:c>',
        ),
    )


def repeated_row(d: Path) -> Path:
    """Row 2 twice (readers keep different copies)."""

    def change(xml: bytes) -> bytes:
        start = xml.index(b'<row r="2"')
        end = xml.index(b"</row>", start) + len(b"</row>")
        return xml[:end] + xml[start:end].replace(b"OpenAI", b"Other Co") + xml[end:]

    return _offers(d, "repeated-row.xlsx", change)


def date1904_yes(d: Path) -> Path:
    """date1904="yes": not an xsd:boolean; one reader takes it for true, another for false (dates 4 years apart)."""
    return _rewrite_book(
        d, "date1904-yes.xlsx", lambda xml: _sub(xml, b"<workbookPr />", b'<workbookPr date1904="yes"/>')
    )


def element_in_formula(d: Path) -> Path:
    """A formula with an element inside and 40,000 characters after it (its length was no longer measured)."""
    return _patched_sheet(
        d,
        "element-in-formula.xlsx",
        "Asks",
        lambda xml: xml.replace(
            b"<sheetData>",
            b'<sheetData><row r="1"><c r="A1"><f><x:y xmlns:x="urn:x"/>' + b"1+" * 20_000 + b"1</f><v>1</v></c></row>",
            1,
        ),
    )


BUILDERS += (
    reference_digits,
    reference_letters,
    row_number_digits,
    id_in_another_namespace,
    second_workbook_part,
    duplicate_sheet_name,
    two_sheets_one_part,
    deep_nesting,
    huge_comment,
    cell_out_of_place,
    two_plain_texts,
    foreign_cell,
    repeated_row,
    date1904_yes,
    element_in_formula,
)
