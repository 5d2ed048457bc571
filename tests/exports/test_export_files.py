"""Export files as a person opens them: CSVs in a spreadsheet (encoding, one offer per row, numbers as numbers,
no formula run and no needless apostrophe) and the comparison workbook printed (rows tall enough for their
text, labels on every page)."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter

import offersheet
from offersheet.cli import cli
from offersheet.exports.tables import DANGEROUS_PREFIXES
from offersheet.workbook import new_workbook
from offersheet.workbook.layout import REPORT_ROWS
from tests.libreoffice import SOFFICE, needs_soffice
from tests.workbook.test_render import needs_pdftotext, needs_uno, too_small

EXAMPLE = Path(__file__).parents[2] / "workbooks" / "example-offers.xlsx"
BOM = b"\xef\xbb\xbf"
ACCENTED = "München Labs – Zürich"  # non-ASCII letters and an en dash
OFFER = {"role_category": "security", "employer_kind": "frontier_lab", "base_salary": 150_000}
# Formula payloads (OWASP's CSV-injection list and variants): leading signs, DDE, a leading tab or CR, and a
# sign right after an inner separator (a reader set to that separator starts a cell there).
PAYLOADS = (
    '=HYPERLINK("http://evil","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "Acme;=1+1",
    "Acme,-2+3",
)


def _offers(n: int, **extra: object) -> list[dict[str, object]]:
    return [{**OFFER, "employer": f"{ACCENTED} {i + 1}", **extra} for i in range(n)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The example and a six-offer workbook with accented names, exported to csv and xlsx."""
    tmp = tmp_path_factory.mktemp("files")
    six = new_workbook(
        tmp / "six.xlsx", [{**o, "role_title": "Staff engineer, model evaluations and red-teaming"} for o in _offers(6)]
    )
    report = offersheet.export([EXAMPLE, six], tmp / "out", formats="csv,xlsx", jobs=1)
    assert report.ok, report.errors
    return tmp / "out"


def test_csv_files_start_with_a_byte_order_mark_unless_asked_not_to(exported, tmp_path):
    for name in ("example-offers-comparison.csv", "summary.csv", "errors.csv"):
        assert (exported / name).read_bytes().startswith(BOM + b'"'), name
    r = CliRunner().invoke(
        cli, ["export", str(EXAMPLE), "-o", str(tmp_path / "cli"), "--format", "csv", "-q", "--no-bom"]
    )
    assert r.exit_code == 0, r.output
    offersheet.export([EXAMPLE], tmp_path / "api", formats="csv", jobs=1, bom=False)
    for folder in ("cli", "api"):
        for name in ("example-offers-comparison.csv", "summary.csv", "errors.csv"):
            data = (tmp_path / folder / name).read_bytes()
            assert data.startswith(b'"') and data.decode("utf-8"), (folder, name)  # plain UTF-8


def test_the_comparison_csv_is_one_offer_per_row_with_numbers_as_numbers(exported):
    frame = pd.read_csv(exported / "example-offers-comparison.csv")
    assert list(frame.columns) == ["Offer", *(label for _, label in REPORT_ROWS)]
    assert list(frame["Offer"]) == ["Offer 1", "Offer 2", "Offer 3"]
    assert list(frame["Employer"]) == ["OpenAI", "UK AI Security Institute", "Anthropic"]
    for label in (
        "Verdict score",
        "Company score (0-100)",
        "Pay, year 1",
        "Pay over the horizon, bull path",
        "Lock-in (0-100)",
        "Pay gap to it (per year)",
        "Net impact gap to it",
    ):
        assert pd.api.types.is_numeric_dtype(frame[label]), label
    assert frame["Pay, year 1"].tolist() == [530_000, 148_200, 415_000]
    assert frame["Equity growth a year, by path"][0].startswith("bear -40% | base +0% | bull +60%")
    assert "\n" in frame["Top drivers"][0]  # a list keeps one item a line, whole


def test_summary_csv_has_the_score_and_every_stance(exported):
    frame = pd.read_csv(exported / "summary.csv")
    example = frame[frame["workbook"] == "example-offers.xlsx"]
    assert example["score"].tolist() == [-32.3, 33.7, 16.2] and pd.api.types.is_float_dtype(frame["score"])
    assert example["verdict_balanced"].tolist() == example["verdict"].tolist()  # the example's stance
    assert example["verdict_strict"].tolist() == ["Avoid", "Strong candidate", "Negotiate first"]
    assert example["verdict_relative"].tolist() == ["Avoid", "Strong candidate", "Negotiate first"]
    assert (frame["workbook"] == "six.xlsx").sum() == 6


GUARDED = re.compile(r"'[=+\-@\t\r]")


def _cells(path: Path, delimiter: str = ",") -> list[str]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return [cell for row in csv.reader(fh, delimiter=delimiter) for cell in row]


def test_no_apostrophe_where_nothing_starts_a_formula(exported):
    for name in ("example-offers-comparison.csv", "six-comparison.csv", "summary.csv"):
        cells = _cells(exported / name)
        assert not [c for c in cells if GUARDED.search(c)], name


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    offers = [{**OFFER, "employer": PAYLOADS[i], "role_title": PAYLOADS[(i + 6) % len(PAYLOADS)]} for i in range(6)]
    report = offersheet.export([new_workbook(tmp / "hostile.xlsx", offers)], tmp / "out", formats="csv", jobs=1)
    assert report.ok, report.errors
    return tmp / "out"


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_formula_payloads_never_start_a_cell_whatever_the_separator(hostile):
    for name in ("hostile-comparison.csv", "summary.csv"):
        for delimiter in (",", ";", "\t"):
            risky = [
                c for c in _cells(hostile / name, delimiter) if c.startswith(DANGEROUS_PREFIXES) and not _number(c)
            ]
            assert not risky, (name, delimiter, risky)
        cells = set(_cells(hostile / name))
        for payload in (p.strip() for p in PAYLOADS):  # whole (the reader trims), an apostrophe only before a sign
            guarded = (
                "'" + payload
                if payload.startswith(DANGEROUS_PREFIXES)
                else re.sub(r"([,;\t])([=+\-@])", r"\1'\2", payload)
            )
            assert guarded in cells, (name, payload)


# How LibreOffice's Text Import dialog picks the character set (sc/source/ui/dbgui/scuiasciiopt.cxx): a UTF-8
# byte-order mark preselects UTF-8; without one it starts from a legacy code page. (Its API default with no
# filter options is Windows-1252 in LibreOffice 7.4, whatever the file starts with; 24.2 and later: UTF-8.)
UTF8, WINDOWS_1252 = 76, 1


def _dialog_charset(path: Path) -> int:
    return UTF8 if path.read_bytes().startswith(BOM) else WINDOWS_1252


def _libreoffice_import(paths: list[Path], workdir: Path, charset: int | None = None) -> list[Path]:
    out = []
    for p in paths:  # one call per file: the filter options carry the character set
        options = f"44,34,{charset or _dialog_charset(p)},1"
        subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation=file://{workdir / 'profile'}",
                "--headless",
                "--norestore",
                f"--infilter=Text - txt - csv (StarCalc):{options}",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(workdir / "csv"),
                str(p),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        out.append(workdir / "csv" / (p.stem + ".xlsx"))
    return out


@needs_soffice
def test_libreoffice_reads_every_csv_whole(exported, hostile, tmp_path):
    files = [
        exported / "six-comparison.csv",
        exported / "summary.csv",
        exported / "errors.csv",
        hostile / "hostile-comparison.csv",
    ]
    six, summary, errors, evil = (openpyxl.load_workbook(p).active for p in _libreoffice_import(files, tmp_path))
    header = [c.value for c in six[1]]
    assert header[:3] == ["Offer", "Employer", "Role title"]  # the byte-order mark is no part of a cell
    assert [six.cell(r, 2).value for r in range(2, 8)] == [f"{ACCENTED} {i}" for i in range(1, 7)]
    pay = header.index("Pay, year 1") + 1
    assert all(six.cell(r, pay).data_type == "n" and six.cell(r, pay).value == 150_000 for r in range(2, 8))
    assert [c.value for c in summary[1]][:3] == ["workbook", "column", "employer"]
    assert f"{ACCENTED} 1" in [c.value for c in summary["C"]]
    assert errors["A1"].value == "workbook"
    cells = [c for row in evil.iter_rows() for c in row if c.value is not None]
    assert cells and not [c.value for c in cells if c.data_type == "f"]  # no payload became a formula
    # the same file read in the legacy code page (no byte-order mark to go by) is garbled: the mark matters
    (tmp_path / "plain").mkdir()
    plain = tmp_path / "plain" / "six-comparison.csv"
    plain.write_bytes((exported / "six-comparison.csv").read_bytes()[len(BOM) :])
    garbled = openpyxl.load_workbook(_libreoffice_import([plain], tmp_path / "plain")[0]).active
    assert garbled["B2"].value != f"{ACCENTED} 1"


@needs_uno
def test_no_exported_text_is_cut_off(exported, tmp_path):
    """Rows as tall as their wrapped text, columns as wide as a figure or a word on one line (tests/uno_fit.py)."""
    files = [exported / "example-offers-comparison.xlsx", exported / "six-comparison.xlsx", exported / "summary.xlsx"]
    assert too_small(files, ["Comparison", "Summary"], tmp_path / "profile") == {
        str(p): {"rows": [], "cells": []} for p in files
    }


def test_the_comparison_workbook_prints_its_labels_on_every_page(exported):
    for name, sheet, rows, cols in (
        ("six-comparison.xlsx", "Comparison", "$1:$1", "$A:$A"),
        ("summary.xlsx", "Summary", "$1:$1", "$A:$C"),
    ):
        ws = openpyxl.load_workbook(exported / name)[sheet]
        assert (ws.print_title_rows, ws.print_title_cols) == (rows, cols), name
        assert ws.page_setup.orientation == "landscape"


@needs_pdftotext
def test_every_printed_page_names_the_offers_and_the_rows(exported, tmp_path):
    files = [exported / "example-offers-comparison.xlsx", exported / "six-comparison.xlsx"]
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
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    labels = {label for _, label in REPORT_ROWS}
    for p in files:
        pdf = tmp_path / f"{p.stem}.pdf"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages = [page for page in text.split("\f") if page.strip()]
        assert len(pages) >= 2, p.name
        for n, page in enumerate(pages, start=1):
            assert re.search(r"Offer \d: ", page), (p.name, n)  # the header row
            assert any(label in page for label in labels), (p.name, n)  # the label column
            assert "Page" in page


@needs_pdftotext
def test_the_summary_prints_a_few_legible_pages_across_each_naming_the_offers(exported, tmp_path):
    """summary.xlsx has a column per output: printed at 100% it ran 7 pages across, and fitted to one page it
    would be unreadable (a third of its size). It is fitted to as few pages across as keep ``FIT_WIDTH``
    characters on each, the header wrapping between words, and every page repeats the header row and the
    columns naming the offer."""
    from offersheet.exports.render.xlsx import FIT_WIDTH

    path = exported / "summary.xlsx"
    ws = openpyxl.load_workbook(path)["Summary"]
    across = ws.page_setup.fitToWidth
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    labels = sum(widths[:3])
    assert sum(widths) - labels <= across * (FIT_WIDTH - labels) + 1  # each page at a legible scale
    assert 1 < across <= 4  # was 7 at 100%
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
        ["pdftotext", "-layout", str(tmp_path / "summary.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) % across == 0  # the nine offers' rows: as many pages down in every column of pages
    for n, page in enumerate(pages, start=1):
        assert "Workbook" in page and "Employer" in page, n
        assert "OpenAI" in page or "München" in page, n  # the offers named
