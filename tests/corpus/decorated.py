"""Workbooks a person has decorated, for the package-level writer: each keeps its decorations through evaluate.

- ``libreoffice_saved``: the example with an image, a chart, a comment and conditional formats added, then
  opened and saved by LibreOffice itself (its own way of writing every part).
- ``excel_parts``: the example with parts as Excel writes them, added by hand: a shape on Start assigned to a
  macro (a button), a sheet of the person's own with sparkline groups and an x14 data bar (Excel 2010+
  extensions), a threaded comment and its person list, a custom XML part (what sensitivity labels write),
  printer settings on Offers, and a calculation chain naming cells of Report.
- the ``.xlsm`` of the hostile corpus covers VBA.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example-offers.xlsx"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _zip(parts: dict[str, bytes], dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return dst


def _parts(src: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(src) as z:
        return {n: z.read(n) for n in z.namelist()}


def _sheet_part(parts: dict[str, bytes], name: str) -> str:
    rid = re.search(rf'<sheet [^>]*name="{re.escape(name)}"[^>]*r:id="(\w+)"', parts["xl/workbook.xml"].decode())
    assert rid, name
    rid = rid.group(1)
    target = re.search(
        rf'Id="{rid}"[^>]*Target="/?(?:xl/)?([^"]+)"|Target="/?(?:xl/)?([^"]+)"[^>]*Id="{rid}"',
        parts["xl/_rels/workbook.xml.rels"].decode(),
    )
    assert target
    return "xl/" + (target.group(1) or target.group(2))


def _add(parts: dict[str, bytes], name: str, data: bytes | str, content_type: str | None = None) -> None:
    parts[name] = data.encode() if isinstance(data, str) else data
    if content_type:
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace(
            "</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'
        ).encode()


def _rel(parts: dict[str, bytes], rels: str, rid: str, kind: str, target: str) -> None:
    text = parts.get(
        rels, f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"></Relationships>'.encode()
    ).decode()
    parts[rels] = text.replace(
        "</Relationships>", f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"/></Relationships>'
    ).encode()


BUTTON = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor editAs="oneCell">
<xdr:from><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>
<xdr:to><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
<xdr:sp macro="[0]!SampleCall" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="My button"/><xdr:cNvSpPr/>
</xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1800000" cy="400000"/></a:xfrm>
<a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r>
<a:t>My recalculate</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"""

MINE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">
<dimension ref="A1:E2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>My own numbers</t></is></c>
<c r="B1"><v>3</v></c><c r="C1"><v>1</v></c><c r="D1"><v>4</v></c></row><row r="2"><c r="B2"><v>1</v></c>
<c r="C2"><v>5</v></c><c r="D2"><v>9</v></c></row></sheetData>
<conditionalFormatting sqref="B1:D2"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/>
<color rgb="FF638EC6"/></dataBar><extLst><ext uri="{{B025F937-C7B1-47D3-B67F-A62EFF666E3E}}"
 xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:id>{{00000000-0000-0000-0000-000000000001}}</x14:id>
</ext></extLst></cfRule></conditionalFormatting>
<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">
<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">
<x14:cfRule type="dataBar" id="{{00000000-0000-0000-0000-000000000001}}"><x14:dataBar minLength="0" maxLength="100"
 gradient="0"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule><xm:sqref>B1:D2</xm:sqref>
</x14:conditionalFormatting></x14:conditionalFormattings></ext>
<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">
<x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup
 displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline><xm:f>Mine!B1:D1</xm:f>
<xm:sqref>E1</xm:sqref></x14:sparkline><x14:sparkline><xm:f>Mine!B2:D2</xm:f><xm:sqref>E2</xm:sqref></x14:sparkline>
</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst></worksheet>"""

THREADED = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
 xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><threadedComment ref="A1"
 dT="2026-11-20T10:00:00.00" personId="{00000000-0000-0000-0000-0000000000AA}"
 id="{00000000-0000-0000-0000-0000000000BB}"><text>Ask Sam about the tender caps</text></threadedComment>
</ThreadedComments>"""
PERSONS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
 xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><person displayName="Ada"
 id="{00000000-0000-0000-0000-0000000000AA}" userId="ada@example.org" providerId="None"/></personList>"""
CUSTOM_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?><label xmlns="urn:example:labels">Confidential</label>'
)
CUSTOM_PROPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem '
    'ds:itemID="{11111111-2222-3333-4444-555555555555}" '
    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/>'
    "</ds:datastoreItem>"
)


def excel_parts(folder: Path) -> Path:
    parts = _parts(EXAMPLE)
    # A button: a shape on Start assigned to a macro.
    start = _sheet_part(parts, "Start")
    _add(parts, "xl/drawings/drawing9.xml", BUTTON, "application/vnd.openxmlformats-officedocument.drawing+xml")
    _rel(
        parts,
        start.replace("worksheets/", "worksheets/_rels/") + ".rels",
        "rIdButton",
        "drawing",
        "../drawings/drawing9.xml",
    )
    sheet = parts[start].replace(b"</worksheet>", b'<drawing r:id="rIdButton"/></worksheet>')
    if b"xmlns:r=" not in sheet:
        sheet = sheet.replace(b"<worksheet ", f'<worksheet xmlns:r="{REL}" '.encode(), 1)
    parts[start] = sheet
    # The person's own sheet with Excel 2010+ extensions and a threaded comment.
    _add(
        parts,
        "xl/worksheets/sheet11.xml",
        MINE,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    )
    book = (
        parts["xl/workbook.xml"]
        .decode()
        .replace("</sheets>", '<sheet name="Mine" sheetId="11" state="visible" r:id="rIdMine"/></sheets>')
    )
    parts["xl/workbook.xml"] = book.encode()
    _rel(parts, "xl/_rels/workbook.xml.rels", "rIdMine", "worksheet", "worksheets/sheet11.xml")
    _add(parts, "xl/threadedComments/threadedComment1.xml", THREADED, "application/vnd.ms-excel.threadedcomments+xml")
    parts["xl/worksheets/_rels/sheet11.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        'Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" '
        'Target="../threadedComments/threadedComment1.xml"/></Relationships>'
    ).encode()
    _add(parts, "xl/persons/person.xml", PERSONS, "application/vnd.ms-excel.person+xml")
    text = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdPerson" Type="http://schemas.microsoft.com/office/2017/10/'
            'relationships/person" Target="persons/person.xml"/></Relationships>',
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = text.encode()
    # A custom XML part (sensitivity labels write these).
    _add(parts, "customXml/item1.xml", CUSTOM_XML)
    _add(
        parts,
        "customXml/itemProps1.xml",
        CUSTOM_PROPS,
        "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
    )
    parts["customXml/_rels/item1.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>'
    ).encode()
    _rel(parts, "xl/_rels/workbook.xml.rels", "rIdCustom", "customXml", "../customXml/item1.xml")
    # Printer settings on Offers.
    offers = _sheet_part(parts, "Offers")
    _add(
        parts,
        "xl/printerSettings/printerSettings1.bin",
        bytes(range(256)) * 4,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings",
    )
    _rel(
        parts,
        offers.replace("worksheets/", "worksheets/_rels/") + ".rels",
        "rIdPrinter",
        "printerSettings",
        "../printerSettings/printerSettings1.bin",
    )
    # A calculation chain naming a cell of Report (sheetId 9) and one of Comparison (sheetId 6).
    _add(
        parts,
        "xl/calcChain.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><calcChain xmlns="{MAIN}">'
        '<c r="D2" i="6"/><c r="D5" i="9"/></calcChain>',
        "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml",
    )
    _rel(parts, "xl/_rels/workbook.xml.rels", "rIdChain", "calcChain", "calcChain.xml")
    return _zip(parts, folder / "excel-parts.xlsx")


def decorated_for_libreoffice(folder: Path) -> Path:
    """The example with an image, a chart, a comment and conditional formats, written by openpyxl (LibreOffice
    then opens and saves it: see ``libreoffice_saved``)."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image
    from openpyxl.formatting.rule import ColorScaleRule, DataBarRule
    from PIL import Image as PILImage

    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb.create_sheet("Photos")
    for r, (label, value) in enumerate((("Rent", 2400), ("Food", 800), ("Travel", 300)), 1):
        ws.cell(r, 1, label)
        ws.cell(r, 2, value)
    ws.conditional_formatting.add("B1:B3", DataBarRule(start_type="min", end_type="max", color="FF638EC6"))
    wb["Offers"].conditional_formatting.add(
        "D8:F8", ColorScaleRule(start_type="min", start_color="FFF8696B", end_type="max", end_color="FF63BE7B")
    )
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=3))
    chart.set_categories(Reference(ws, min_col=1, min_row=1, max_row=3))
    chart.title = "My spending"
    ws.add_chart(chart, "D2")
    png = folder / "logo.png"
    PILImage.new("RGB", (40, 20), (200, 30, 30)).save(png)
    ws.add_image(Image(str(png)), "D20")
    ws["A5"].comment = Comment("Check against last year's bank statements", "Ada")
    path = folder / "decorated.xlsx"
    wb.save(path)
    return path
