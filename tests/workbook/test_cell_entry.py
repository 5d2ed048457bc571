"""What to type into a number cell: its validation (numbers only) and its messages say the same thing, read from
the file's XML. A decimal or whole-number validation refuses text as it is typed, so "$310k" is refused there;
the messages must not promise otherwise."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from openpyxl.utils.cell import range_boundaries

from offersheet.workbook.schema import CELL_ENTRY, FIRST_ROW, OFFER_FIELDS, PROFILE_FIELDS
from tests.corpus.generate import _sheet_xml

TEMPLATE = Path(__file__).parent.parent.parent / "workbooks" / "offersheet-template.xlsx"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _validations(part: str) -> list[ElementTree.Element]:
    with zipfile.ZipFile(TEMPLATE) as z:
        return list(ElementTree.fromstring(z.read(part)).iter(f"{MAIN}dataValidation"))


def _covering(validations: list[ElementTree.Element], col: int, row: int) -> ElementTree.Element:
    for dv in validations:
        for ref in (dv.get("sqref") or "").split():
            c1, r1, c2, r2 = range_boundaries(ref)
            if c1 <= col <= c2 and r1 <= row <= r2:
                return dv
    raise AssertionError(f"no validation covers column {col}, row {row}")


def test_every_number_cell_says_what_to_type():
    offers, profile = _validations(_sheet_xml("Offers")), _validations(_sheet_xml("Profile"))
    checked = 0
    for fields, validations, col in ((OFFER_FIELDS, offers, 4), (PROFILE_FIELDS, profile, 3)):
        for row, f in enumerate(fields, FIRST_ROW):
            if f.kind not in CELL_ENTRY:
                continue
            dv = _covering(validations, col, row)
            assert dv.get("type") == ("whole" if f.kind == "int" else "decimal"), f.key
            assert dv.get("prompt", "").startswith(CELL_ENTRY[f.kind]), f.key
            assert CELL_ENTRY[f.kind] in dv.get("error", "") and dv.get("showErrorMessage") == "1", f.key
            checked += 1
    assert checked >= 20
