"""The workbook as a person sees it in LibreOffice: the template, the example and the evaluated example.

- Nothing is cut off, on any sheet: no row is too short for its wrapped text (LibreOffice's own optimal
  height, asked through its UNO bridge, ``tests/uno_fit.py``, is never more than the height the file sets;
  LibreOffice does not grow rows by itself, and its PDF export prints them as they are), and no cell's text on
  one line is wider than its column (or, for text, than its column and the empty cells it runs on into).
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
from offersheet.workbook import evaluate_workbook, layout
from offersheet.workbook.template import NOT_EVALUATED
from tests.libreoffice import SOFFICE, recalculate

WORKBOOKS = Path(__file__).parents[2] / "workbooks"
SHEETS = tuple(name for name in layout.SHEETS if name != "xlwings.conf")  # a hidden sheet in an .xlsx
SYSTEM_PYTHON = "/usr/bin/python3"


def _has_uno() -> bool:
    return (
        Path(SYSTEM_PYTHON).exists()
        and subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0
    )


def _has_carlito() -> bool:
    """LibreOffice draws the template's Calibri with Carlito, a font of the same metrics, when installed."""
    fc = shutil.which("fc-match")
    return (
        fc is not None and "carlito" in subprocess.run([fc, "Calibri"], capture_output=True, text=True).stdout.lower()
    )


needs_uno = pytest.mark.skipif(
    SOFFICE is None or not _has_uno() or not _has_carlito(),
    reason="needs LibreOffice, its Python bridge (python3-uno) and the Carlito font "
    "(fonts-crosextra-carlito), which has Calibri's metrics",
)
needs_pdftotext = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None, reason="needs LibreOffice and pdftotext (poppler-utils)"
)


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("render")
    template = Path(shutil.copy(WORKBOOKS / "offersheet-template.xlsx", tmp / "template.xlsx"))
    example = Path(shutil.copy(WORKBOOKS / "example-offers.xlsx", tmp / "example.xlsx"))
    evaluated = Path(shutil.copy(WORKBOOKS / "example-offers.xlsx", tmp / "evaluated.xlsx"))
    evaluate_workbook(evaluated)
    return [template, example, evaluated]


def too_small(files: list[Path], sheets: list[str] | tuple[str, ...], profile: Path) -> dict[str, dict]:
    """What LibreOffice finds too small to show its text, per file: rows ([sheet, row, height set, height
    needed]) and cells ([sheet, cell, text, width it has, width it needs]); see ``tests/uno_fit.py``."""
    result = subprocess.run(
        [
            SYSTEM_PYTHON,
            str(Path(__file__).parents[1] / "uno_fit.py"),
            str(profile),
            ",".join(sheets),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@needs_uno
def test_no_text_is_cut_off_on_any_sheet(three, tmp_path):
    assert too_small(three, SHEETS, tmp_path / "profile") == {str(p): {"rows": [], "cells": []} for p in three}


@needs_uno
def test_the_check_sees_text_cut_off(three, tmp_path):
    """The check is real: with Comparison's offer columns as narrow as they were (22) and the role titles' row one
    line tall, the role titles, the growth paths and what would change a verdict are cut, as they were."""
    wb = openpyxl.load_workbook(three[2])
    ws = wb["Comparison"]
    for letter in "DEFGHI":
        ws.column_dimensions[letter].width = 10
    role = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "role_title")
    ws.row_dimensions[role].height = 15
    for r in range(1, ws.max_row + 1):
        for c in range(4, 10):
            ws.cell(r, c).alignment = openpyxl.styles.Alignment(wrap_text=False)
    narrow = tmp_path / "narrow.xlsx"
    wb.save(narrow)
    found = too_small([narrow], ["Comparison"], tmp_path / "profile")[str(narrow)]
    cut = {cell for _, cell, *_ in found["cells"]}
    assert {"D3", "E3"} <= cut, found  # the role titles (the third runs on into the empty fourth offer)
    assert any(cell.startswith("D") and text.startswith("bear") for _, cell, text, *_ in found["cells"]), found


ERRORS = re.compile(r"#(VALUE|NAME|N/A|DIV/0|REF|NUM|NULL)[!?]?|Err:\d{3}")


@pytest.fixture(scope="module")
def printed(three, tmp_path_factory) -> dict[str, list[tuple[str, str]]]:
    """Each workbook printed to PDF by LibreOffice: its pages as (sheet named in the page's foot, text)."""
    tmp = tmp_path_factory.mktemp("printed")
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            *map(str, three),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    out = {}
    for p in three:
        text = subprocess.run(
            ["pdftotext", "-layout", str(tmp / f"{p.stem}.pdf"), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages = []
        for page in (page for page in text.split("\f") if page.strip()):
            foot = FOOT.search(page)
            assert foot, page[-300:]  # every page says which sheet it is and its number
            pages.append((foot.group(1), page[: foot.start()]))
        out[p.stem] = pages
    return out


FOOT = re.compile(r"^[ \t]*(\S+(?: \S+)*)[ \t]{2,}(?:.*[ \t]{2,})?Page \d+ of \d+[ \t]*$", re.MULTILINE)
EMPLOYERS = ("OpenAI", "UK AI Security Institute", "Anthropic")


@needs_pdftotext
def test_printed_pages_show_no_errors_and_no_bare_zero_verdicts(three, printed, tmp_path):
    for p in three:
        text = "".join(page for _, page in printed[p.stem])
        assert len(text) > 5_000, p.name  # every sheet printed
        assert not ERRORS.findall(text), (p.name, sorted(set(ERRORS.findall(text))))
    # The verdict cells, as LibreOffice computes them: a verdict, "not evaluated yet", or blank; never 0.
    for p, out in zip(three, recalculate(three, tmp_path / "recalc"), strict=True):
        ws = openpyxl.load_workbook(out, data_only=True)["Comparison"]
        rows = [
            r
            for r in range(1, ws.max_row + 1)
            if ws.cell(r, 2).value in ("verdict", "verdict_strict", "verdict_relative")
        ]
        shown = {ws.cell(r, c).value for r in rows for c in range(4, 10)}
        assert shown <= {*VERDICTS, NOT_EVALUATED, None, ""}, (p.name, shown)
        if p.stem == "evaluated":
            assert shown & set(VERDICTS)


@needs_pdftotext
def test_the_decision_prints_first_and_the_letters_last(printed):
    order = list(dict.fromkeys(sheet for sheet, _ in printed["evaluated"]))
    assert order[:4] == ["Start", "Comparison", "Report", "Lock-in"] and order[-1] == "Asks", order
    first_report = next(text for sheet, text in printed["evaluated"] if sheet == "Report")
    assert first_report.index("OpenAI") < first_report.index("Avoid")  # the option named above its verdict
    assert "Member of Technical Staff, Pre-training" in first_report


@needs_pdftotext
def test_every_printed_page_that_shows_offers_names_them(printed):
    for sheet, text in printed["evaluated"]:
        if sheet in ("Comparison", "Report", "Lock-in", "Offers", "Asks"):
            assert any(name in text for name in EMPLOYERS), (sheet, text[:300])


@needs_pdftotext
def test_money_shows_its_currency_and_every_figure_one_rounding(printed):
    """Each offer's own currency on Offers (the UK offer in pounds), the home currency (dollars) on Comparison,
    Report and Lock-in; the company score to a tenth on Comparison as on Report."""
    pages = printed["evaluated"]

    def text(sheet: str) -> str:
        return "".join(t for s, t in pages if s == sheet)

    assert "£95,000" in text("Offers") and "$310,000" in text("Offers")
    assert "$1,970,000" in text("Comparison") and "$1,970,000" in text("Report") and "$600,000" in text("Lock-in")
    assert "57.5" in text("Comparison") and "57.5" in text("Report")  # 58 on Comparison before


HEADINGS = (
    "Model settings",
    "Details",
    "Scores, as charted below",
    "Role categories",
    "Employer kinds",
    "Work sharing",
    "Criteria",
    "Verdicts",
)


@needs_pdftotext
def test_no_heading_is_left_alone_at_a_page_foot(printed):
    for name, pages in printed.items():
        for sheet, text in pages:
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            assert not lines[-1].startswith(HEADINGS), (name, sheet, lines[-3:])


def test_reference_sheets_read_as_words_with_units_in_their_column(three):
    wb = openpyxl.load_workbook(three[0])
    headers = [c.value for c in wb["Companies"][1]]
    roles = wb["Roles"]
    headers += [
        c.value
        for row in roles.iter_rows()
        for c in row
        if c.value and c.font.color is not None and c.font.color.rgb == "00FFFFFF"
    ]
    assert headers and not [h for h in headers if "_" in str(h)], headers
    profile = wb["Profile"]
    assert [c.value for c in profile[1]] == ["Key", "Field", "Value", "Unit", "Default", "Help"]
    units = [c.value for c in profile["D"][1:] if c.value]
    assert units and not [u for u in units if "default" in u], units
    for ws in (profile, wb["Companies"]):  # the label, the value and the help at the top of their row
        for row in ws.iter_rows(min_row=2):
            if shown := {c.alignment.vertical for c in row if c.value is not None}:
                assert shown == {"top"}, (ws.title, row[0].row)
