"""The package-level writer: a person's workbook comes back from evaluate with everything offersheet does not own
byte for byte, LibreOffice opens it, and offersheet's sheets hold the evaluation."""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

import openpyxl
import pytest

from offersheet.workbook import WorkbookFileError, evaluate_workbook
from offersheet.workbook.layout import REPORT_ROW
from offersheet.workbook.plan import report_values
from tests.corpus import decorated, generate
from tests.libreoffice import SOFFICE, needs_soffice, recalculate

EXAMPLE = decorated.EXAMPLE
WORKBOOKS = EXAMPLE.parent
OWNED = ("Report", "Lock-in", "Asks")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_TARGET = re.compile(r"<Relationship\b[^>]*>")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _targets(parts: dict[str, bytes], part: str) -> list[str]:
    """Internal relationship targets of a part, as part names (an independent reading of the rels)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    out = []
    for rel in REL_TARGET.findall(parts.get(rels, b"").decode()):
        if 'TargetMode="External"' in rel:
            continue
        target = re.search(r'Target="([^"]+)"', rel).group(1)
        out.append(posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)))
    return out


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    book = parts["xl/workbook.xml"].decode()
    rels = dict(re.findall(r'Id="(\w+)"[^>]*Target="([^"]+)"', parts["xl/_rels/workbook.xml.rels"].decode()))
    rels.update(
        {
            rid: t
            for t, rid in re.findall(r'Target="([^"]+)"[^>]*Id="(\w+)"', parts["xl/_rels/workbook.xml.rels"].decode())
        }
    )
    return {
        name: posixpath.normpath(posixpath.join("xl", rels[rid].lstrip("/").removeprefix("xl/")))
        for name, rid in re.findall(r'<(?:\w+:)?sheet\b[^>]*name="([^"]+)"[^>]*r:id="(\w+)"', book)
    }


def _offersheets_parts(parts: dict[str, bytes]) -> set[str]:
    """What offersheet may change: its output sheets and everything reachable from them, their rels, and the
    shared parts it edits (styles, content types, Start's status cells, the workbook's rels and calc chain)."""
    sheets = _sheet_parts(parts)
    owned, todo = set(), [sheets[name] for name in OWNED]
    while todo:
        part = todo.pop()
        if part in owned:
            continue
        owned.add(part)
        folder, name = posixpath.split(part)
        owned.add(posixpath.join(folder, "_rels", name + ".rels"))
        todo += _targets(parts, part)
    # Comparison and the workbook part are edited only in their declared places: see
    # test_comparison_and_the_workbook_part_change_only_where_offersheet_writes.
    return owned | {
        "xl/styles.xml",
        "[Content_Types].xml",
        sheets["Start"],
        "xl/_rels/workbook.xml.rels",
        "xl/calcChain.xml",
        sheets["Comparison"],
        "xl/workbook.xml",
    }


def _evaluated_keeps_the_rest(src: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    path = Path(shutil.copy(src, tmp_path / src.name))
    before = _parts(path)
    evaluate_workbook(path)
    after = _parts(path)
    mine = _offersheets_parts(before)
    kept = [name for name in before if name not in mine]
    assert kept, "nothing to keep?"
    for name in kept:
        assert name in after, f"{name} was dropped"
        assert after[name] == before[name], f"{name} was rewritten"
    order = [n for n in after if n in kept]
    assert order == kept, "parts were reordered"
    return path, before, after


@pytest.fixture(scope="module")
def excel_parts(tmp_path_factory):
    return decorated.excel_parts(tmp_path_factory.mktemp("excel"))


def test_excel_parts_survive_evaluate_byte_for_byte(excel_parts, tmp_path):
    path, before, after = _evaluated_keeps_the_rest(excel_parts, tmp_path)
    # The decorations are all still there and still wired up.
    for part in (
        "xl/drawings/drawing9.xml",
        "xl/worksheets/sheet11.xml",
        "xl/threadedComments/threadedComment1.xml",
        "xl/persons/person.xml",
        "customXml/item1.xml",
        "customXml/itemProps1.xml",
        "xl/printerSettings/printerSettings1.bin",
    ):
        assert after[part] == before[part]
    assert b'macro="[0]!SampleCall"' in after["xl/drawings/drawing9.xml"]
    assert b"x14:sparklineGroups" in after["xl/worksheets/sheet11.xml"]
    types = after["[Content_Types].xml"].decode()
    for part in ("xl/drawings/drawing9.xml", "xl/threadedComments/threadedComment1.xml", "customXml/itemProps1.xml"):
        assert f'PartName="/{part}"' in types
    rels = after["xl/_rels/workbook.xml.rels"].decode()
    assert "rIdMine" in rels and "rIdCustom" in rels and "rIdPerson" in rels
    # The calculation chain named a Report cell: dropped with its relationship and content type.
    assert "xl/calcChain.xml" not in after and "calcChain" not in rels and "calcChain" not in types
    # Start: the status written, the button still attached, the rest of the sheet as it was.
    start = after[_sheet_parts(after)["Start"]]
    assert b'<drawing r:id="rIdButton"/>' in start and b"(3 offers)" in start
    wb = openpyxl.load_workbook(path)
    assert wb["Report"][f"D{REPORT_ROW['verdict']}"].value == "Avoid" and wb["Mine"]["B1"].value == 3


def test_report_holds_what_the_model_says(excel_parts, tmp_path):
    path = Path(shutil.copy(excel_parts, tmp_path / "x.xlsx"))
    result = evaluate_workbook(path)
    ws = openpyxl.load_workbook(path)["Report"]
    keys = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for r, col in zip(result.evaluation.offers, "DEF", strict=True):
        for key, value in report_values(r).items():
            got = ws[f"{col}{keys[key]}"].value
            assert got == (None if value in ("", None) else value), (key, got, value)
    assert ws["A1"].value == "Key" and ws.freeze_panes == "D4"  # the offers' employers and roles stay in view
    wb = openpyxl.load_workbook(path)
    assert len(wb["Lock-in"]._charts) == 1
    assert len(wb["Report"]._charts) == 2  # the scores: better when higher, worse when higher


def test_a_second_evaluation_adds_nothing(excel_parts, tmp_path):
    path = Path(shutil.copy(excel_parts, tmp_path / "x.xlsx"))
    evaluate_workbook(path)
    once = _parts(path)
    evaluate_workbook(path)
    twice = _parts(path)
    assert sorted(once) == sorted(twice)  # the old chart and drawing replaced, not piled up
    assert twice["xl/styles.xml"] == once["xl/styles.xml"]  # appended styles found again, not appended again
    assert len(re.findall(rb"<Override ", twice["[Content_Types].xml"])) == len(
        re.findall(rb"<Override ", once["[Content_Types].xml"])
    )


def test_styles_are_appended_never_renumbered(excel_parts, tmp_path):
    path = Path(shutil.copy(excel_parts, tmp_path / "x.xlsx"))
    before = ElementTree.fromstring(_parts(path)["xl/styles.xml"])
    evaluate_workbook(path)
    after = ElementTree.fromstring(_parts(path)["xl/styles.xml"])

    def entries(root, section):
        return [ElementTree.tostring(e) for e in root.find(f"{{{MAIN}}}{section}")]

    for section in ("fonts", "fills", "cellXfs", "numFmts"):
        old, new = entries(before, section), entries(after, section)
        assert new[: len(old)] == old and len(new) > len(old), section  # every entry keeps its place and index
        assert after.find(f"{{{MAIN}}}{section}").get("count") == str(len(new)), section


def test_macro_enabled_workbook_keeps_its_vba(tmp_path):
    src = generate.macro_enabled(tmp_path)
    folder = tmp_path / "run"
    folder.mkdir()
    _evaluated_keeps_the_rest(src, folder)


def test_a_missing_output_sheet_is_refused_and_nothing_changes(tmp_path):
    path = tmp_path / "no-report.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    del wb["Report"]
    wb.save(path)
    before = path.read_bytes()
    with pytest.raises(WorkbookFileError, match="the Report sheet is missing: offersheet writes its results there"):
        evaluate_workbook(path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["no-report.xlsx"]


@pytest.fixture(scope="module")
def libreoffice_saved(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("lo")
    (saved,) = recalculate([decorated.decorated_for_libreoffice(tmp)], tmp)
    return saved


@needs_soffice
def test_a_workbook_saved_by_libreoffice_keeps_its_parts(libreoffice_saved, tmp_path):
    path, before, _ = _evaluated_keeps_the_rest(libreoffice_saved, tmp_path)
    assert any(name.startswith("xl/media/") for name in before)  # LibreOffice kept the image...
    assert any(name.startswith("xl/comments") for name in before)  # ...and the comment: both kept by us
    wb = openpyxl.load_workbook(path)
    assert wb["Report"][f"D{REPORT_ROW['verdict']}"].value == "Avoid" and wb["Photos"]["B1"].value == 2400


def _cells(sheet: bytes) -> dict[str, bytes]:
    root = ElementTree.fromstring(sheet)
    return {c.get("r"): ElementTree.tostring(c) for c in root.iter(f"{{{MAIN}}}c")}


def _without_cells(sheet: bytes) -> list[bytes]:
    """Everything of a sheet but its cells' content: its elements in order, each cell reduced to its reference
    and style."""
    root = ElementTree.fromstring(sheet)
    for row in root.iter(f"{{{MAIN}}}row"):
        row.attrib.pop("spans", None)
        for c in row:
            c.attrib = {k: v for k, v in c.attrib.items() if k in ("r", "s")}
            c[:] = []
    return [ElementTree.tostring(e) for e in root]


@needs_soffice
def test_comparison_and_the_workbook_part_change_only_where_offersheet_writes(libreoffice_saved, tmp_path):
    """A workbook LibreOffice saved holds Comparison's results with their saved values: evaluate drops the saved
    value of each computed cell (so every app computes it on opening), keeps each formula, and changes nothing
    else of the sheet; in the workbook part only calcPr's fullCalcOnLoad is set (Excel then recalculates)."""
    from offersheet.workbook.comparison import MESSAGE_COLUMN, TITLE_ROW, result_cells
    from offersheet.workbook.layout import column_letter

    path = Path(shutil.copy(libreoffice_saved, tmp_path / "lo.xlsx"))
    before = _parts(path)
    evaluate_workbook(path)
    after = _parts(path)
    part = _sheet_parts(before)["Comparison"]
    old, new = _cells(before[part]), _cells(after[part])
    declared = {f"{column_letter(c.col)}{c.row}" for c in result_cells()} | {f"D{TITLE_ROW}"}
    assert MESSAGE_COLUMN == 4 and set(old) == set(new)
    assert {ref for ref in old if old[ref] != new[ref]} <= declared
    for ref in declared & set(new):
        cell = ElementTree.fromstring(new[ref])
        assert cell.find(f"{{{MAIN}}}f") is not None and cell.find(f"{{{MAIN}}}v") is None, ref
    assert _without_cells(before[part]) == _without_cells(after[part])
    books = [ElementTree.fromstring(p[n]) for p, n in ((before, "xl/workbook.xml"), (after, "xl/workbook.xml"))]
    calc = [b.find(f"{{{MAIN}}}calcPr") for b in books]
    assert calc[1].get("fullCalcOnLoad") == "1"
    calc[1].attrib.pop("fullCalcOnLoad")
    assert ElementTree.tostring(books[0]) == ElementTree.tostring(books[1])


@needs_soffice
def test_libreoffice_opens_what_the_writer_wrote(excel_parts, libreoffice_saved, tmp_path):
    paths = []
    for n, src in enumerate((excel_parts, libreoffice_saved)):
        paths.append(Path(shutil.copy(src, tmp_path / f"in{n}.xlsx")))
        evaluate_workbook(paths[-1])
    for out in recalculate(paths, tmp_path):
        wb = openpyxl.load_workbook(out, data_only=True)
        assert wb["Report"][f"D{REPORT_ROW['verdict']}"].value == "Avoid"
        assert wb["Comparison"]["D2"].value == "OpenAI"
        assert wb["Lock-in"]["A2"].value == 0 and isinstance(wb["Lock-in"]["B14"].value, int | float)


def test_a_part_an_owned_sheet_shares_with_another_sheet_is_kept(excel_parts, tmp_path):
    """Report's relationships also point at the drawing on Start (with its own relationships): replacing Report
    must not take the shared drawing, nor anything below it, away from Start."""
    parts = _parts(excel_parts)
    report = _sheet_parts(parts)["Report"]
    folder, name = posixpath.split(report)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    parts[rels] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/drawing" Target="../drawings/drawing9.xml"/></Relationships>'
    )
    path = tmp_path / "shared.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    evaluate_workbook(path)
    after = _parts(path)
    assert after["xl/drawings/drawing9.xml"] == parts["xl/drawings/drawing9.xml"]
    assert rels not in after or b"drawing9" not in after[rels]  # Report's own relationships were replaced


EXCEL_ROOT = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2" '
    b'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    b'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
    b'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
    b'xr:uid="{00000000-0001-0000-0000-000000000000}">'
)


def _root_as_spelled(data: bytes) -> tuple[str, dict[str, str]]:
    parser = expat.ParserCreate()
    seen: list[tuple[str, dict[str, str]]] = []
    parser.StartElementHandler = lambda name, attrs: seen.append((name, attrs))
    parser.Parse(data, True)
    return seen[0]


def test_start_keeps_the_declarations_excel_names_only_in_mc_ignorable(tmp_path):
    """Excel declares x14ac, xr and xr2 and names them only inside mc:Ignorable's value: setting the status cells
    must keep every one of those declarations (an XML library that renames or drops them breaks the file)."""
    parts = _parts(EXAMPLE)
    start = _sheet_parts(parts)["Start"]
    sheet = parts[start]
    parts[start] = EXCEL_ROOT + sheet[sheet.index(b">") + 1 :]
    path = tmp_path / "excel-start.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    evaluate_workbook(path)
    after = _parts(path)[start]
    assert _root_as_spelled(after) == _root_as_spelled(parts[start])
    assert b"offers)" in after and b"ns0:" not in after
    wb = openpyxl.load_workbook(path)
    assert "offers)" in wb["Start"]["B13"].value


def _print_area(path: Path, sheet: str = "Comparison") -> str | None:
    area = openpyxl.load_workbook(path)[sheet].print_area
    return area.replace("$", "").split("!")[-1] if area else None


def test_comparison_prints_the_offers_evaluated_and_a_print_area_of_the_persons_stays(tmp_path):
    """Comparison has six offer slots: printed, it shows the offers there are, not empty columns for the rest.
    A pre-filled workbook prints its offers; evaluate sets the print area to the offers it evaluated (here from
    the template's six slots back to three), changing nothing else in the workbook part; a print area the person
    set elsewhere is theirs."""
    from offersheet.workbook import new_workbook
    from offersheet.workbook.comparison import LAST_ROW

    offer = {
        "employer": "Anthropic",
        "role_category": "security",
        "employer_kind": "frontier_lab",
        "base_salary": 200_000,
    }
    assert _print_area(WORKBOOKS / "offersheet-template.xlsx") == f"A1:I{LAST_ROW}"
    assert _print_area(EXAMPLE) == f"A1:F{LAST_ROW}"
    four = new_workbook(tmp_path / "four.xlsx", [{**offer, "employer": f"Lab {i}"} for i in range(4)])
    assert _print_area(four) == f"A1:G{LAST_ROW}"
    path = Path(shutil.copy(EXAMPLE, tmp_path / "x.xlsx"))
    wb = openpyxl.load_workbook(path)
    wb["Comparison"].print_area = f"A1:I{LAST_ROW}"  # as the template has it, before the offers were filled in
    wb.save(path)
    before = _parts(path)["xl/workbook.xml"]
    evaluate_workbook(path)
    assert _print_area(path) == f"A1:F{LAST_ROW}"
    books = [ElementTree.fromstring(b) for b in (before, _parts(path)["xl/workbook.xml"])]
    names = [{(d.get("name"), d.get("localSheetId")): d.text for d in b.iter(f"{{{MAIN}}}definedName")} for b in books]
    assert {k for k in names[0] if names[0][k] != names[1][k]} == {("_xlnm.Print_Area", "1")}
    assert set(names[0]) == set(names[1])
    wb = openpyxl.load_workbook(path)
    wb["Comparison"].print_area = "B2:E20"  # the person's own
    wb.save(path)
    evaluate_workbook(path)
    assert _print_area(path) == "B2:E20"
