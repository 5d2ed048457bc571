"""The workbook as a person sees it in LibreOffice: the template, the example and the evaluated example.

- No row is too short for its wrapped text: LibreOffice's own optimal height (asked through its UNO bridge,
  ``tests/uno_rows.py``) is never more than the height the file sets. LibreOffice does not grow rows by itself,
  and its PDF export prints them as they are.
- Printed to PDF, no page shows a spreadsheet error value, and no verdict cell shows a bare 0.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from offersheet.model.vocab import VERDICTS
from offersheet.workbook import evaluate_workbook
from offersheet.workbook.template import NOT_EVALUATED
from tests.libreoffice import SOFFICE, recalculate

WORKBOOKS = Path(__file__).parent.parent / "workbooks"
SHEETS = ("Start", "Offers", "Profile", "Companies", "Roles", "Comparison", "Lock-in", "Asks", "Report")
SYSTEM_PYTHON = "/usr/bin/python3"


def _has_uno() -> bool:
    return Path(SYSTEM_PYTHON).exists() and subprocess.run([SYSTEM_PYTHON, "-c", "import uno"],
                                                           capture_output=True).returncode == 0


def _has_carlito() -> bool:
    """LibreOffice draws the template's Calibri with Carlito, a font of the same metrics, when installed."""
    fc = shutil.which("fc-match")
    return fc is not None and "carlito" in subprocess.run([fc, "Calibri"], capture_output=True,
                                                          text=True).stdout.lower()


needs_uno = pytest.mark.skipif(SOFFICE is None or not _has_uno() or not _has_carlito(),
                               reason="needs LibreOffice, its Python bridge (python3-uno) and the Carlito font "
                                      "(fonts-crosextra-carlito), which has Calibri's metrics")
needs_pdftotext = pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                                     reason="needs LibreOffice and pdftotext (poppler-utils)")


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("render")
    template = Path(shutil.copy(WORKBOOKS / "offersheet-template.xlsx", tmp / "template.xlsx"))
    example = Path(shutil.copy(WORKBOOKS / "example-offers.xlsx", tmp / "example.xlsx"))
    evaluated = Path(shutil.copy(WORKBOOKS / "example-offers.xlsx", tmp / "evaluated.xlsx"))
    evaluate_workbook(evaluated)
    return [template, example, evaluated]


@needs_uno
def test_no_row_is_too_short_for_its_text(three, tmp_path):
    result = subprocess.run([SYSTEM_PYTHON, str(Path(__file__).parent / "uno_rows.py"), str(tmp_path / "profile"),
                             ",".join(SHEETS), *map(str, three)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    short = json.loads(result.stdout.strip().splitlines()[-1])
    assert short == {str(p): [] for p in three}, short  # [sheet, row, height set, height needed] per short row


ERRORS = re.compile(r"#(VALUE|NAME|N/A|DIV/0|REF|NUM|NULL)[!?]?|Err:\d{3}")


@needs_pdftotext
def test_printed_pages_show_no_errors_and_no_bare_zero_verdicts(three, tmp_path):
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, three)],
                   check=True, capture_output=True, timeout=300)
    for p in three:
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{p.stem}.pdf"), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert len(text) > 5_000, p.name  # every sheet printed
        assert not ERRORS.findall(text), (p.name, sorted(set(ERRORS.findall(text))))
    # The verdict cells, as LibreOffice computes them: a verdict, "not evaluated yet", or blank; never 0.
    for p, out in zip(three, recalculate(three, tmp_path / "recalc"), strict=True):
        ws = openpyxl.load_workbook(out, data_only=True)["Comparison"]
        rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value in ("verdict", "verdict_strict",
                                                                                "verdict_relative")]
        shown = {ws.cell(r, c).value for r in rows for c in range(4, 10)}
        assert shown <= {*VERDICTS, NOT_EVALUATED, None, ""}, (p.name, shown)
        if p.stem == "evaluated":
            assert shown & set(VERDICTS)
