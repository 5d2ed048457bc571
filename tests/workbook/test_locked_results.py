"""Results that cannot be typed over unnoticed, read from the files' XML (not through openpyxl, which wrote them).

ECMA-376 Part 1, 18.3.1.85 (sheetProtection): each flag says that an action is *locked* while the sheet is
protected — ``formatColumns="1"`` (the schema's default) forbids formatting columns, ``formatColumns="0"`` allows
it. 18.8.33 (protection): a cell format's ``locked`` defaults to true, so a cell whose style has no
``<protection locked="0"/>`` is locked.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from offersheet.workbook.comparison import LIVE_FIRST_COLUMN, live_cells, result_cells
from offersheet.workbook.layout import OFFER_INDICES, column_letter
from offersheet.workbook.schema import OFFER_FIELDS
from offersheet.workbook.template import PROTECTED

WORKBOOKS = Path(__file__).parent.parent.parent / "workbooks"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
TRUE = ("1", "true")


def _sheets(z: zipfile.ZipFile) -> dict[str, ElementTree.Element]:
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = {r.get("Id"): r.get("Target") for r in ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    out = {}
    for sheet in book.iter(f"{MAIN}sheet"):
        target = rels[sheet.get(f"{REL}id")]
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out[sheet.get("name")] = ElementTree.fromstring(z.read(part))
    return out


def _locked_styles(z: zipfile.ZipFile) -> list[bool]:
    """Whether each cell format (cellXfs, by index) locks its cells."""
    styles = ElementTree.fromstring(z.read("xl/styles.xml"))
    out = []
    for xf in styles.find(f"{MAIN}cellXfs"):
        protection = xf.find(f"{MAIN}protection")
        out.append(protection is None or protection.get("locked", "1") in TRUE)
    return out


def _cell_styles(sheet: ElementTree.Element) -> dict[str, int]:
    return {c.get("r"): int(c.get("s", "0")) for c in sheet.iter(f"{MAIN}c")}


@pytest.mark.parametrize("name", ["offersheet-template.xlsx", "example-offers.xlsx"])
def test_results_are_locked_and_columns_and_rows_can_be_formatted(name):
    with zipfile.ZipFile(WORKBOOKS / name) as z:
        sheets, locked = _sheets(z), _locked_styles(z)
    for sheet_name in PROTECTED:
        guard = sheets[sheet_name].find(f"{MAIN}sheetProtection")
        assert guard is not None and guard.get("sheet") in TRUE, sheet_name
        # widening a column or a row stays allowed; inserting or deleting them, and formatting cells, do not
        assert guard.get("formatColumns") == "0" and guard.get("formatRows") == "0", sheet_name
        for flag in ("formatCells", "insertColumns", "insertRows", "deleteColumns", "deleteRows"):
            assert guard.get(flag, "1") in TRUE, (sheet_name, flag)
    comparison = sheets["Comparison"]
    style = _cell_styles(comparison)
    live = {(c.row, c.col) for c in live_cells()}
    for c in result_cells():
        ref = f"{column_letter(c.col)}{c.row}"
        assert ref in style, ref
        # what a person reads is locked; the live block is not (the add-in's Recalculate enters it again)
        assert locked[style[ref]] is ((c.row, c.col) not in live), ref
    hidden = {
        int(col.get("min"))
        for col in comparison.iter(f"{MAIN}col")
        if col.get("hidden") in TRUE and col.get("min") == col.get("max")
    }
    assert {LIVE_FIRST_COLUMN + i for i in OFFER_INDICES} <= hidden  # the live block out of sight


def test_inputs_stay_unlocked():
    with zipfile.ZipFile(WORKBOOKS / "example-offers.xlsx") as z:
        sheets, locked = _sheets(z), _locked_styles(z)
        names = ElementTree.fromstring(z.read("xl/workbook.xml")).find(f"{MAIN}definedNames")
    style = _cell_styles(sheets["Offers"])
    inputs = [
        n.text for n in names if re.fullmatch(r"offer\d_\w+", n.get("name") or "") and n.text.startswith("Offers!")
    ]
    assert len(inputs) == len(OFFER_FIELDS) * len(OFFER_INDICES)
    for ref in inputs:
        assert not locked[style[ref.split("!")[1].replace("$", "")]], ref
