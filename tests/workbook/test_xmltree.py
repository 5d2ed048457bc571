"""Parts parsed and written back as trees keep what the person's file says, and the prefixes it says it with."""

from __future__ import annotations

import xml.parsers.expat
import zipfile
from pathlib import Path
from xml.etree.ElementTree import SubElement, fromstring

import pytest

from offersheet.workbook import evaluate_workbook
from offersheet.workbook.sheetxml import set_cells
from offersheet.workbook.stylebook import StyleBook
from offersheet.workbook.xmltree import XmlError, XmlPart
from tests.corpus import decorated, generate

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOKS = Path(__file__).parent.parent.parent / "workbooks"

# As Excel writes a sheet: x14ac and xr are declared but named only in mc:Ignorable's value.
EXCEL_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr" '
    b'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    b'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xr:uid="{0A}">'
    b"<!-- a comment --><?mso-application progid?>"
    b'<sheetData><row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" s="3" t="s"><v>0</v></c></row>'
    b'<row r="3"><c r="A3"><f>SUM(1,2)</f><v>3</v></c></row></sheetData>'
    b'<t xml:space="preserve"> a &amp; b &#13; <![CDATA[<x>]]></t></worksheet>'
)


def _spelled(data: bytes) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Every element's name and attributes exactly as spelled, namespace declarations included (expat without
    namespace processing)."""
    parser = xml.parsers.expat.ParserCreate()
    names: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    parser.StartElementHandler = lambda name, attrs: names.append((name, tuple(sorted(attrs.items()))))
    parser.Parse(data, True)
    return names


def _content(e):
    return e.tag, sorted(e.attrib.items()), e.text, e.tail, [_content(c) for c in e]


def test_prefixes_and_declarations_survive_even_when_only_a_value_names_them():
    out = XmlPart(EXCEL_SHEET).to_bytes()
    assert _spelled(out) == _spelled(EXCEL_SHEET)  # every prefix, every xmlns:, mc:Ignorable as it was
    assert _content(fromstring(out)) == _content(fromstring(EXCEL_SHEET))
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
    assert b"<!-- a comment --><?mso-application progid?>" in out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("corpus")
    evaluated = evaluate_workbook(WORKBOOKS / "example-offers.xlsx", tmp / "evaluated.xlsx").out  # with its charts
    return [
        WORKBOOKS / "example-offers.xlsx",
        WORKBOOKS / "offersheet-template.xlsx",
        evaluated,
        decorated.excel_parts(tmp),
        generate.macro_enabled(tmp),
    ]


def test_every_xml_part_of_the_corpus_round_trips_as_spelled(corpus):
    checked = 0
    for path in corpus:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith((".xml", ".rels", ".vml")):
                    data = z.read(name)
                    out = XmlPart(data).to_bytes()
                    assert _spelled(out) == _spelled(data), (path.name, name)
                    assert _content(fromstring(out)) == _content(fromstring(data)), (path.name, name)
                    checked += 1
    assert checked > 100


def test_an_added_name_in_an_undeclared_namespace_gets_a_declaration():
    part = XmlPart(b'<worksheet xmlns="%s"><sheetData/></worksheet>' % MAIN.encode())
    SubElement(part.root, f"{{{MAIN}}}drawing", {f"{{{R}}}id": "rId1"})
    SubElement(part.root, "plain")  # no namespace, under a default one
    out = part.to_bytes()
    assert b'<drawing xmlns:r="%s" r:id="rId1"/>' % R.encode() in out and b'<plain xmlns=""/>' in out
    root = fromstring(out)
    assert root.find(f"{{{MAIN}}}drawing").get(f"{{{R}}}id") == "rId1" and root.find("plain") is not None


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><worksheet>&lol;</worksheet>',
        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><worksheet/>',
        b"<worksheet><unclosed></worksheet>",
    ],
)
def test_a_dtd_or_broken_xml_is_refused(data):
    with pytest.raises(XmlError):
        XmlPart(data)


def test_status_cells_in_a_prefixed_sheet_with_implied_numbers():
    """A sheet in the x: prefix whose rows and cells leave r out: cells land where the numbering says."""
    sheet = (
        b'<x:worksheet xmlns:x="%s"><x:sheetData><x:row><x:c><x:v>1</x:v></x:c></x:row>'
        b'<x:row spans="1:1"><x:c s="2"/><x:c><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>' % MAIN.encode()
    )
    out = set_cells(sheet, {(2, 1): "now", (4, 2): 1.5, (2, 3): "added"})
    assert all(name.startswith("x:") for name, _ in _spelled(out))
    rows = fromstring(out).find(f"{{{MAIN}}}sheetData")
    got = {c.get("r"): (c.get("s"), "".join(c.itertext())) for row in rows for c in row}
    assert [row.get("r") for row in rows] == ["1", "2", "4"] and "spans" not in rows[1].attrib
    assert got == {
        None: (None, "1"),  # row 1 is not written to: its cell keeps its implied place (A1)
        "A2": ("2", "now"),
        "B2": (None, "2"),
        "C2": (None, "added"),
        "B4": (None, "1.5"),
    }


def test_styles_are_found_again_in_a_prefixed_stylesheet():
    styles = (
        b'<x:styleSheet xmlns:x="%s"><x:fonts count="1"><x:font/></x:fonts><x:fills count="1"><x:fill/>'
        b'</x:fills><x:cellXfs count="1"><x:xf/></x:cellXfs></x:styleSheet>' % MAIN.encode()
    )
    book = StyleBook(styles)
    first = (book.xf("header", "#,##0.0"), book.xf("wrap", None))
    again = StyleBook(book.xml())
    assert (again.xf("header", "#,##0.0"), again.xf("wrap", None)) == first == (1, 2)
    out = again.xml()
    assert out == book.xml() and all(name.startswith("x:") for name, _ in _spelled(out))
    root = fromstring(out)
    assert root[0].tag == f"{{{MAIN}}}numFmts" and root[0][0].get("formatCode") == "#,##0.0"
    assert root.find(f"{{{MAIN}}}cellXfs").get("count") == "3"
