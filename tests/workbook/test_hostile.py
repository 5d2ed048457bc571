"""Hostile and broken workbooks (tests/corpus/generate.py): each has a stated outcome; none crashes, hangs,
leaks memory, loses data or runs anything."""

from __future__ import annotations

import csv
import hashlib
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from offersheet.cli import cli
from offersheet.model.errors import InputError
from offersheet.workbook import WorkbookFileError, evaluate_workbook, read_workbook
from offersheet.workbook.layout import REPORT_ROW
from tests.corpus import generate
from tests.corpus.generate import _sheet_xml

EXAMPLE_VERDICTS = ["Avoid", "Strong candidate", "Take with safeguards"]

# builder -> (error type or None for a usable file, words the message must contain)
EXPECTED: dict[str, tuple[type[Exception] | None, str]] = {
    "not_zip": (WorkbookFileError, "not a valid workbook"),
    "truncated": (WorkbookFileError, "not a valid workbook"),
    "legacy_xls": (WorkbookFileError, "old binary .xls"),
    "xls_extension": (WorkbookFileError, "save as .xlsx"),
    "csv_renamed": (WorkbookFileError, "not a valid workbook"),
    "encrypted": (WorkbookFileError, "encrypted (password-protected)"),
    "billion_laughs": (WorkbookFileError, "refused unsafe XML in xl/sharedStrings.xml"),
    "xxe": (WorkbookFileError, "refused unsafe XML in xl/sharedStrings.xml"),
    "zip_bomb": (WorkbookFileError, "zip bomb"),
    "million_cells": (WorkbookFileError, "more than 250,000 cells"),
    "missing_sheets": (None, "No Roles sheet: the bundled role levels are used"),
    "missing_offers": (InputError, "a sheet named Offers"),
    "renamed_offers": (InputError, "a sheet named Offers (was it renamed or deleted?)"),
    "key_deleted": (InputError, "employer = blank: expected a row with this key in column A"),
    "keys_moved": (None, ""),
    "merged_inputs": (InputError, 'Offers!D9:F9: base_salary = "D9:F9": expected separate cells'),
    "div0": (InputError, "Offers!D9 (Offer 1): base_salary = #DIV/0!: expected a value, not a spreadsheet error"),
    "ref_error": (InputError, "target_bonus_pct = #REF!: expected a value, not a spreadsheet error"),
    "formula_input": (InputError, 'base_salary = "=100000*2": expected a value, not a formula without a saved'),
    "date_for_number": (InputError, "base_salary = a date (2026-01-01): expected an amount of money, not a date"),
    "long_string": (InputError, "(10,000 characters): expected text of at most 2000 characters"),
    "unicode_rtl": (None, ""),
    "macro_enabled": (None, ""),
    "external_link": (None, ""),
    "bad_string_index": (
        WorkbookFileError,
        "the cell D2 of 'Offers' cannot be read (it points past the end of the shared-strings table)",
    ),
    "malformed_sheet": (WorkbookFileError, f"malformed workbook content ({_sheet_xml('Offers')} is not well-formed"),
    "duplicate_part": (
        WorkbookFileError,
        f"refused archive entry '{_sheet_xml('Offers')}': another entry has the same name",
    ),
    "duplicate_part_case": (
        WorkbookFileError,
        "refused archive entry 'XL/workbook.xml': another entry has a name differing only in case ('xl/workbook.xml')",
    ),
    "parent_traversal": (WorkbookFileError, "refused archive entry '../../evil.txt': it has a '..' or '.' segment"),
    "absolute_name": (WorkbookFileError, "refused archive entry '/tmp/evil.txt': it is an absolute path"),
    "backslash_name": (WorkbookFileError, "it contains a backslash"),
    "drive_letter_name": (WorkbookFileError, "refused archive entry 'C:/evil.txt': it starts with a drive letter"),
    "nul_name": (WorkbookFileError, "refused archive entry 'xl/media/image1.png\\x00.exe': it contains a NUL"),
    "merge_bomb": (WorkbookFileError, "more than 250,000 cells (counting merged ranges"),
    "hyperlink_bomb": (WorkbookFileError, "more than 250,000 cells"),
    "shared_formula_bomb": (WorkbookFileError, "more than 250,000 cells"),
    "prefixed_cells": (WorkbookFileError, "more than 250,000 cells"),
    "sheet_outside_worksheets": (WorkbookFileError, "more than 250,000 cells"),
    "long_number_format": (WorkbookFileError, "a number format in xl/styles.xml is 41,000 characters long"),
    "long_formula": (WorkbookFileError, "is longer than Excel's own limit of 8,192 characters"),
    "encrypted_entry": (WorkbookFileError, "the archive entry 'docProps/app.xml' is encrypted"),
    "unknown_compression": (WorkbookFileError, "uses a compression workbooks do not use (method 12)"),
    "no_workbook_part": (WorkbookFileError, "its package has no workbook part"),
    "huge_money": (InputError, "base_salary = 1e+308: expected an amount of money; 1e+308 is out of range"),
    "invalid_part_name": (
        WorkbookFileError,
        "'xl/media/my picture.png': it has a segment 'my picture.png' with characters a part name cannot hold",
    ),
    # round three: spellings that walked past patterns, and parts that had no bound
    "single_quoted_format": (WorkbookFileError, "a number format in xl/styles.xml is 41,000 characters long"),
    "spaced_format": (WorkbookFileError, "a number format in xl/styles.xml is 41,000 characters long"),
    "cdata_formula": (WorkbookFileError, "is longer than Excel's own limit of 8,192 characters"),
    "charref_merge": (WorkbookFileError, "more than 250,000 cells (counting merged ranges"),
    "eight_digit_merge": (WorkbookFileError, "is 'A1:A10000000', which is not a cell reference on Excel's grid"),
    "non_ascii_prefix_cells": (WorkbookFileError, "more than 250,000 cells"),
    "end_tag_relationship": (WorkbookFileError, "more than 250,000 cells"),
    "shared_strings_bomb": (WorkbookFileError, "more than 250,000 shared strings"),
    "cell_formats_bomb": (WorkbookFileError, "more than 64,000 cell formats (Excel's own limit)"),
    "fonts_bomb": (WorkbookFileError, "more than 64,000 fonts in its styles"),
    "defined_names_bomb": (WorkbookFileError, "more than 10,000 defined names"),
    "relationships_bomb": (WorkbookFileError, "more than 10,000 relationships in xl/_rels/workbook.xml.rels"),
    "anchors_bomb": (WorkbookFileError, "more than 10,000 pictures, charts or shapes in its drawings"),
    "elements_bomb": (WorkbookFileError, "more than 1,500,000 XML elements in the workbook"),
    # round three, from an attack on the parser-based checks
    "reference_digits": (WorkbookFileError, "which is not a cell reference on Excel's grid"),
    "reference_letters": (WorkbookFileError, "which is not a cell reference on Excel's grid"),
    "row_number_digits": (WorkbookFileError, "a row of 'Offers' is numbered '99999999999999999999'"),
    "id_in_another_namespace": (None, ""),
    "second_workbook_part": (WorkbookFileError, "_rels/.rels names more than one workbook part"),
    "duplicate_sheet_name": (WorkbookFileError, "lists two sheets named 'Report'"),
    "two_sheets_one_part": (WorkbookFileError, "two sheets of xl/workbook.xml are one part"),
    "deep_nesting": (WorkbookFileError, "nests elements more than 256 deep"),
    "huge_comment": (None, ""),
    "cell_out_of_place": (WorkbookFileError, "the cell C30 of 'Offers' is out of place (in row 2"),
    "two_plain_texts": (WorkbookFileError, "a string holds two plain texts"),
    "foreign_cell": (WorkbookFileError, "holds an element that is not a cell"),
    "repeated_row": (WorkbookFileError, "rows ascend on the grid"),
    "date1904_yes": (WorkbookFileError, "date1904 is 'yes', not true or false"),
    "element_in_formula": (WorkbookFileError, f"a formula in {_sheet_xml('Asks')} holds an element"),
}


def test_every_builder_has_an_expected_outcome(corpus):
    assert {b.__name__ for b in generate.BUILDERS} == set(EXPECTED)
    assert set(corpus) == set(EXPECTED)  # msoffcrypto-tool (test extra) made the encrypted one


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_outcome(corpus, tmp_path, name):
    src = corpus[name]
    path = tmp_path / src.name
    shutil.copy(src, path)
    before = _digest(path)
    error, words = EXPECTED[name]
    if error is not None:
        with pytest.raises(error) as info:
            evaluate_workbook(path)
        assert words in str(info.value)
        assert _digest(path) == before  # nothing changed...
        assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # ...and nothing left behind
        return
    result = evaluate_workbook(path)
    assert any(words in w for w in result.warnings) if words else True
    again = read_workbook(path)  # the written file reads back
    assert [o.employer for o in again.offers] == [r.offer.employer for r in result.evaluation.offers]
    assert (tmp_path / f"{path.name}.bak").read_bytes() == src.read_bytes()
    if name in ("keys_moved", "id_in_another_namespace", "huge_comment"):
        assert [r.verdict for r in result.evaluation.offers] == EXAMPLE_VERDICTS
    if name == "unicode_rtl":
        titles = [o.role_title for o in again.offers]
        assert titles[1] == "باحث في السلامة 🔬 — Ω≈ç√ 研究员" and titles[2] == "\u202eRTL override\u202c and עברית"
        assert openpyxl.load_workbook(path)["Report"].cell(REPORT_ROW["role_title"], 5).value == titles[1]
    if name == "macro_enabled":
        with zipfile.ZipFile(src) as a, zipfile.ZipFile(path) as b:
            assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
    if name == "external_link":  # kept in the file, never followed
        with zipfile.ZipFile(path) as z:
            assert "xl/externalLinks/externalLink1.xml" in z.namelist()


def test_openpyxl_parses_with_defusedxml(corpus):
    """Belt and braces: even past our own DTD check, openpyxl's parser refuses entity declarations."""
    from defusedxml.common import DefusedXmlException
    from openpyxl.xml.functions import iterparse

    with zipfile.ZipFile(corpus["billion_laughs"]) as z, pytest.raises(DefusedXmlException):
        for _ in iterparse(z.open("xl/sharedStrings.xml")):
            pass


def test_cli_reports_every_corpus_file_without_a_traceback(corpus, tmp_path):
    runner = CliRunner()
    for name, src in corpus.items():
        path = tmp_path / src.name
        shutil.copy(src, path)
        r = runner.invoke(cli, ["evaluate", str(path)])
        assert r.exit_code == (1 if EXPECTED[name][0] else 0), (name, r.output)
        assert "Traceback" not in r.output and (r.exception is None or isinstance(r.exception, SystemExit))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_export_over_the_corpus_is_bounded(corpus, tmp_path, jobs):
    """The whole corpus, with good workbooks among it, through `offersheet export` in a real process limited to
    1 GiB: the right errors, the good ones exported, bounded memory, every input byte-identical afterwards."""
    folder = tmp_path / "in"
    folder.mkdir()
    for src in corpus.values():
        shutil.copy(src, folder / src.name)
    before = {p.name: _digest(p) for p in folder.iterdir()}
    out = tmp_path / "out"
    usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "offersheet",
            "export",
            str(folder),
            "-o",
            str(out),
            "--format",
            "csv",
            "--jobs",
            jobs,
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        preexec_fn=_limited,
    )  # as under `ulimit -v`: 1 GiB of address space
    peak_mib = max(usage, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    assert p.returncode == 1 and "Traceback" not in p.stderr
    with open(out / "errors.csv", newline="", encoding="utf-8-sig") as fh:
        failed = {Path(row["workbook"]).name for row in csv.DictReader(fh)}
    expected_failed = {corpus[n].name for n, (err, _) in EXPECTED.items() if err is not None} - {"old.xls"}
    assert failed == expected_failed  # folders hold .xlsx/.xlsm only: old.xls is not picked up
    good = {corpus[n].stem for n, (err, _) in EXPECTED.items() if err is None}
    assert {f.name.removesuffix("-comparison.csv") for f in out.glob("*-comparison.csv")} == good
    assert peak_mib < 600, f"peak memory {peak_mib:.0f} MiB"
    assert {p.name: _digest(p) for p in folder.iterdir()} == before


def _limited() -> None:
    """Run as under `ulimit -v 1048576`: at most 1 GiB of address space."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_every_corpus_file_ends_cleanly_within_10_s_and_1_gib(corpus, tmp_path, as_json):
    """Each hostile file through a real `offersheet evaluate` (and `--json`) process limited to 1 GiB of address
    space and 10 s: a result or a clean message (exit 0 or 1), never a traceback, a crash or a hang; the input
    byte-identical afterwards."""
    for name, src in sorted(corpus.items()):
        path = tmp_path / src.name
        shutil.copy(src, path)
        before = _digest(path)
        p = subprocess.run(
            [
                sys.executable,
                "-m",
                "offersheet",
                "evaluate",
                str(path),
                "--out",
                str(tmp_path / f"out-{name}{path.suffix}"),
                *(["--json"] if as_json else []),
            ],
            capture_output=True,
            text=True,
            timeout=10,
            preexec_fn=_limited,
        )
        assert p.returncode == (1 if EXPECTED[name][0] else 0), (name, p.stderr[-400:])
        assert "Traceback" not in p.stderr, (name, p.stderr[-400:])
        assert _digest(path) == before, name
