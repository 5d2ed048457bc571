"""What each Excel path finds in the file: the .xlsm's xlwings.conf sets only what offersheet needs, a plain
.xlsx carries no configuration page and no button, Start names the file's kind, and docs/excel.md's steps
point at sections that exist."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl

from offersheet.workbook import new_workbook
from offersheet.workbook.macro import new_macro_workbook
from tests.libreoffice import SOFFICE
from tests.workbook.test_render import needs_pdftotext

DOCS = Path(__file__).parent.parent / "docs" / "excel.md"


def _settings_as_the_add_in_reads_them(ws) -> dict[str, object]:
    """xlwings' VBA (GetConfigFromSheet): A1 down to the first empty row, key in A, value in B."""
    out: dict[str, object] = {}
    row = 1
    while ws.cell(row, 1).value not in (None, ""):
        out[str(ws.cell(row, 1).value).upper()] = ws.cell(row, 2).value
        row += 1
    return out


def test_the_xlsm_sets_only_the_udf_module(tmp_path):
    wb = openpyxl.load_workbook(new_macro_workbook(tmp_path / "my_offers.xlsm"), keep_vba=True)
    conf = wb["xlwings.conf"]
    assert _settings_as_the_add_in_reads_them(conf) == {"UDF MODULES": "offersheet.udfs"}
    text = " ".join(str(c.value) for row in conf.iter_rows() for c in row if c.value is not None)
    assert "Interpreter_Win" not in _settings_as_the_add_in_reads_them(conf) and "= python" not in text
    assert "rename this sheet" not in text.lower()
    assert conf.sheet_state == "visible"


def test_start_names_the_files_kind(tmp_path):
    for path, kind, other in (
        (new_macro_workbook(tmp_path / "m.xlsm"), ".xlsm", ".xlsx"),
        (new_workbook(tmp_path / "p.xlsx"), ".xlsx", ".xlsm"),
    ):
        text = " ".join(
            str(c.value)
            for row in openpyxl.load_workbook(path)["Start"].iter_rows()
            for c in row
            if c.value is not None
        )
        assert f"THIS_FILE{kind}" in text and f"THIS_FILE{other}" not in text, path.name


@needs_pdftotext
def test_a_plain_workbook_prints_no_configuration_page(tmp_path):
    path = new_workbook(tmp_path / "plain.xlsx")
    assert openpyxl.load_workbook(path)["xlwings.conf"].sheet_state == "hidden"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "plain.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Offer 1" in text and "UDF Modules" not in text and "offersheet.udfs" not in text


def test_excel_md_refers_only_to_sections_it_has():
    text = DOCS.read_text(encoding="utf-8")
    headings = {h.strip() for h in re.findall(r"^#+ (.+)$", text, re.M)}
    for ref in re.findall(r"\*([A-Z][^*]+)\* (?:above|below)", text):
        assert " ".join(ref.split()) in headings, ref
    for needed in ("XLWINGS_ON_SERVER", "macOS", "Getting offersheet", "requirements.txt", "310,000"):
        assert needed in text, needed
