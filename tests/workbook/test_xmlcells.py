"""The lean XML reader behind read_workbook reads exactly what openpyxl reads: cell by cell on hand-made sheets, on
files LibreOffice wrote, over the hostile corpus and (from test_fuzz_workbook) random cells. openpyxl is the second,
independent reader here; offersheet itself never falls back to it."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from offersheet.model.errors import OffersheetError
from offersheet.workbook.reader import INPUT_SHEETS, MAX_SCAN_COLUMNS, read_workbook
from offersheet.workbook.safety import check_archive
from offersheet.workbook.xmlcells import XlsxCells
from tests.libreoffice import needs_soffice, recalculate
from tests.openpyxl_reader import ReadOnlyGrid, _cached_values, read_with_openpyxl

EXAMPLE = Path(__file__).parents[2] / "workbooks" / "example-offers.xlsx"


def _outcome(read, path: Path) -> object:
    try:
        return read(path)
    except OffersheetError as exc:
        return (type(exc).__name__, str(exc))


def same_reading(path: Path) -> bool:
    """read_workbook (the lean reader) and openpyxl: the same inputs, or the lean reader refuses the file (it is
    stricter by design: where readers could disagree on what a file shows, it names the part and refuses)."""
    fast, slow = _outcome(read_workbook, path), _outcome(read_with_openpyxl, path)
    if isinstance(fast, tuple) and fast[0] == "WorkbookFileError":
        return True
    assert fast == slow, (fast, slow)
    return True


def lean(path: Path, sheets: tuple[str, ...] = INPUT_SHEETS) -> XlsxCells:
    return XlsxCells(check_archive(path, keep_sheets=sheets))


def _grids(path: Path, sheet: str) -> tuple[dict, dict]:
    """Every value the lean reader and openpyxl's read-only mode (with cached formula results) see."""
    fast = lean(path, (sheet,)).grid(sheet, 500, MAX_SCAN_COLUMNS)
    wb = openpyxl.load_workbook(path, read_only=True)
    slow = ReadOnlyGrid(wb[sheet], _cached_values(path), 500, MAX_SCAN_COLUMNS, [])
    cells = {(r, c): slow.value(r, c) for r in range(1, slow.max_row + 1) for c in range(1, slow.max_column + 1)}
    wb.close()
    assert fast is not None
    typed = {k: (type(v), v) for k, v in fast.cells.items()}  # True is not 1, 1.0 is not 1, an error is not text
    assert typed == {k: (type(v), v) for k, v in cells.items() if v is not None}
    return fast.cells, {k: v for k, v in cells.items() if v is not None}


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cells"
    values = [
        12,
        12.5,
        -3e-5,
        1e22,
        True,
        False,
        "text",
        "  padded  ",
        "=not a formula",
        "x005F_x",
        "",
        dt.datetime(2026, 1, 2, 3, 4, 5),
        dt.date(2025, 12, 31),
        dt.time(13, 30),
        dt.timedelta(hours=30),
        CellRichText("plain ", TextBlock(InlineFont(b=True), "bold"), " tail"),
    ]
    for r, v in enumerate(values, 1):
        ws.cell(r, 1, v)
    ws.cell(1, 3, "=1/0")  # a formula openpyxl writes without a saved result
    ws.cell(2, 3, "=A1*2")
    ws["B5"].number_format = "0.00%"
    ws["B5"] = 0.25
    ws["B6"].number_format = "yyyy-mm"
    ws["B6"] = 46000
    ws["B7"].value = "#DIV/0!"
    ws["B7"].data_type = "e"
    ws.merge_cells("D1:E2")
    path = tmp_path / "cells.xlsx"
    wb.save(path)
    fast, slow = _grids(path, "Cells")
    assert fast == slow
    assert type(fast[(2, 1)]) is float and type(fast[(1, 1)]) is int and fast[(5, 1)] is True
    assert fast[(12, 1)] == dt.datetime(2026, 1, 2, 3, 4, 5) and fast[(15, 1)] == dt.timedelta(hours=30)
    assert fast[(1, 3)].formula == "=1/0" and fast[(16, 1)] == "plain bold tail"
    book = lean(path, ("Cells",))
    assert book.grid("Cells", 500, 60).merged() == [(1, 4, 2, 5)] and book.grid("Nope", 5, 5) is None


@needs_soffice
def test_files_libreoffice_wrote_read_the_same(tmp_path):
    """LibreOffice writes shared strings, cached formula results and its own styles: a real application's file."""
    (saved,) = recalculate([EXAMPLE], tmp_path)
    with zipfile.ZipFile(saved) as z:
        assert "xl/sharedStrings.xml" in z.namelist()
    for sheet in ("Offers", "Profile", "Companies", "Roles"):
        fast, slow = _grids(saved, sheet)
        assert fast == slow, sheet
        assert len(fast) > 20
    assert same_reading(saved)
    assert read_workbook(saved) == read_workbook(EXAMPLE)


def test_date1904_workbooks_use_their_epoch(tmp_path):
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.active.title = "Cells"
    wb.active["A1"] = dt.datetime(2026, 3, 1)
    path = tmp_path / "mac.xlsx"
    wb.save(path)
    fast, slow = _grids(path, "Cells")
    assert fast == slow == {(1, 1): dt.datetime(2026, 3, 1)}


def test_the_hostile_corpus_gives_the_same_inputs_or_the_same_error(corpus, tmp_path):
    for name, src in corpus.items():
        path = tmp_path / src.name
        shutil.copy(src, path)
        assert same_reading(path), name


def test_parts_in_another_encoding_are_read_as_declared(tmp_path):
    """XML may be UTF-16 (declared, with a byte-order mark): the parser decodes it; no other reader is needed."""
    path = tmp_path / "utf16.xlsx"
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.decode().replace("<workbook ", '<?xml version="1.0" encoding="UTF-16"?><workbook ', 1)
                data = data.encode("utf-16")
            dst.writestr(item, data)
    assert read_workbook(path) == read_workbook(EXAMPLE) == read_with_openpyxl(path)


def test_cells_and_rows_without_references_are_placed_in_order(tmp_path):
    """References on <c> and <row> are optional in the format: position comes from order, as openpyxl does."""
    import re

    wb = openpyxl.Workbook()
    wb.active.title = "Cells"
    for r in range(1, 6):
        for c in range(1, 5):
            wb.active.cell(r, c, r * 10 + c)
    wb.active.cell(7, 2, "x")
    src, path = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    wb.save(src)
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(path, "w") as b:
        for item in a.infolist():
            data = a.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'(<c) r="[A-Z]+[0-9]+"', rb"\1", data).replace(b'<row r="3">', b"<row>")
            b.writestr(item, data)
    fast, slow = _grids(path, "Cells")
    assert fast == slow and fast[(3, 4)] == 34 and fast[(7, 1)] == "x" and len(fast) == 21  # first in its row


def test_builtin_date_formats_are_openpyxls():
    """The lean reader knows openpyxl's built-in date and duration formats without importing it for them."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    from offersheet.workbook.xmlcells import DATE_BUILTINS, DURATION_BUILTINS

    assert {i for i, f in BUILTIN_FORMATS.items() if is_date_format(f)} == DATE_BUILTINS
    assert {i for i, f in BUILTIN_FORMATS.items() if is_timedelta_format(f)} == DURATION_BUILTINS


def test_evaluate_does_not_import_openpyxl(tmp_path):
    """offersheet evaluate reads with the lean reader and writes with the package writer: no openpyxl load (and no
    pandas: numpy, the engine's, is all it adds)."""
    import subprocess
    import sys

    code = (
        "import sys; from offersheet.cli import main; rc = main(['evaluate', sys.argv[1], '--out', sys.argv[2]]);"
        "heavy = ('openpyxl', 'pandas');"
        "print(sorted(m for m, mod in sys.modules.items() if mod and m.split('.')[0] in heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLE), str(tmp_path / "out.xlsx")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_strict_open_xml_workbook_is_named_not_read_as_empty(tmp_path):
    """Strict Open XML puts the same elements in other namespaces: said so, not read as a workbook without inputs."""
    path = tmp_path / "strict.xlsx"
    transitional, strict = (
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    )
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/") and item.filename.endswith(".xml"):
                data = data.replace(transitional, strict)
            dst.writestr(item, data)
    with pytest.raises(OffersheetError, match="Strict Open XML"):
        read_workbook(path)
