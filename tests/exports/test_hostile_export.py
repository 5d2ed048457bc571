"""Hostile inputs, round two, for the batch and the small writers: one bad workbook never stops a batch, export
never writes over a file it did not create nor reads its own outputs, CSV text stays one field, and the CSV
pre-fill and the runner module treat a person's files with care."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import offersheet
from offersheet.cli import cli
from offersheet.exports import export
from offersheet.workbook import new_workbook
from offersheet.workbook.macro import new_macro_workbook, write_runner

EXAMPLE = Path(__file__).parents[2] / "workbooks" / "example-offers.xlsx"


def _copy(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(EXAMPLE, folder / name))


def test_a_persons_summary_files_are_never_overwritten(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = {"summary.csv": b"my own notes\n", "summary.xlsx": b"not offersheet's", "errors.csv": b"mine too\n"}
    for name, data in mine.items():
        (out / name).write_bytes(data)
    _copy(tmp_path / "in", "a.xlsx")
    r = CliRunner().invoke(cli, ["export", str(tmp_path / "in"), "-o", str(out), "--format", "csv", "-j", "1"])
    assert r.exit_code == 0, r.output
    assert {n: (out / n).read_bytes() for n in mine} == mine
    assert (out / "summary-2.csv").exists() and (out / "errors-2.csv").exists() and (out / "summary-2.xlsx").exists()
    assert "summary.csv is not offersheet's, so it was left alone: wrote summary-2.csv" in r.output
    # a second run replaces its own files, and still not the person's
    r = CliRunner().invoke(cli, ["export", str(tmp_path / "in"), "-o", str(out), "--format", "csv", "-j", "1"])
    assert r.exit_code == 0 and not (out / "summary-3.csv").exists()
    assert {n: (out / n).read_bytes() for n in mine} == mine


def test_a_comparison_file_of_the_persons_is_never_overwritten(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-comparison.csv").write_text("the person's own comparison\n")
    _copy(tmp_path / "in", "a.xlsx")
    report = export([tmp_path / "in"], out, formats="csv", jobs=1)
    assert report.ok and (out / "a-comparison.csv").read_text() == "the person's own comparison\n"
    assert (out / "a-2-comparison.csv").exists()


def test_output_folder_equal_to_the_input_folder(tmp_path):
    folder = tmp_path / "clients"
    _copy(folder, "a.xlsx")
    _copy(folder, "b.xlsx")
    first = export([folder], folder, formats="csv,xlsx", jobs=1)
    assert (first.workbooks, first.exported) == (2, 2)
    second = export([folder], folder, formats="csv,xlsx", jobs=1)  # its own outputs are not inputs
    assert (second.workbooks, second.exported) == (2, 2) and not second.errors


def test_no_workbooks_is_an_error_not_zero_of_zero(tmp_path):
    (tmp_path / "empty").mkdir()
    r = CliRunner().invoke(cli, ["export", str(tmp_path / "empty"), "-o", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 1 and "no workbooks (.xlsx, .xlsm) found" in r.output
    assert not (tmp_path / "out").exists()  # nothing created


def test_a_path_that_does_not_exist_is_a_message_and_nothing_is_created(tmp_path):
    r = CliRunner().invoke(cli, ["export", str(tmp_path / "nosuchdir"), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1 and "nosuchdir: no such file or folder" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "out").exists()


def test_stems_never_collide(tmp_path):
    for folder, name in (("a", "x.xlsx"), ("b", "x.xlsx"), ("c", "x-2.xlsx")):
        _copy(tmp_path / "in" / folder, name)
    out = tmp_path / "out"
    report = export([tmp_path / "in"], out, formats="csv", jobs=1)
    assert report.exported == 3
    comparisons = sorted(p.name for p in out.glob("*-comparison.csv"))
    assert len(comparisons) == 3 and len(set(comparisons)) == 3


def test_csv_text_is_one_field_in_any_locale(tmp_path):
    (tmp_path / "in").mkdir()
    path = new_workbook(
        tmp_path / "in" / "evil.xlsx",
        [
            {
                "employer": "Acme",
                "role_title": "Evil;=2+2;",
                "role_category": "security",
                "employer_kind": "ai_product",
                "base_salary": 100_000,
            }
        ],
    )
    export([path], tmp_path / "out", formats="csv", jobs=1)
    raw = (tmp_path / "out" / "evil-comparison.csv").read_text()
    assert '"Evil;\'=2+2;"' in raw  # quoted, and the formula sign after the inner separator neutralised
    for delimiter in (",", ";", "\t"):  # however a spreadsheet splits it, no cell starts a formula
        rows = list(csv.reader(raw.splitlines(), delimiter=delimiter))
        assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row), delimiter


def test_a_name_with_dollar_signs_is_drawn_as_text(tmp_path):
    (tmp_path / "in").mkdir()
    path = new_workbook(
        tmp_path / "in" / "dollars.xlsx",
        [
            {
                "employer": "$x^$ Labs",
                "role_category": "security",
                "employer_kind": "frontier_lab",
                "base_salary": 100_000,
            }
        ],
    )
    report = export([path], tmp_path / "out", formats="png,html", jobs=1)
    assert report.ok, report.errors


def test_one_workbook_that_breaks_the_exporter_never_stops_the_batch(tmp_path, monkeypatch):
    import offersheet.exports as exports

    for name in ("a.xlsx", "bad.xlsx", "c.xlsx"):
        _copy(tmp_path / "in", name)
    real = exports.export_evaluated

    def broken(name, *args, **kwargs):
        if name == "bad.xlsx":
            raise ZeroDivisionError("a bug in a renderer")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(exports, "export_evaluated", broken)
    report = export([tmp_path / "in"], tmp_path / "out", formats="csv", jobs=1)
    assert report.exported == 2 and len(report.errors) == 1
    assert "could not be exported (ZeroDivisionError: a bug in a renderer)" in report.errors[0][1]
    assert (tmp_path / "out" / "summary.csv").exists() and not list((tmp_path / "out").glob("bad-*"))


def test_a_workbook_that_kills_its_worker_fails_alone(tmp_path, monkeypatch):
    """--jobs 2: the worker dies on one workbook; its batch-mates are exported again, one by one."""
    import offersheet.exports.runner as runner

    for n in range(6):
        _copy(tmp_path / "in", f"w{n}.xlsx")
    real = runner.export_one

    def deadly(path, *args, **kwargs):
        if path.endswith("w3.xlsx"):
            os._exit(9)  # the process dies (as on a crash in a C library, or the kernel's OOM killer)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(runner, "export_one", deadly)  # forked workers inherit it
    report = export([tmp_path / "in"], tmp_path / "out", formats="csv", jobs=2)
    failed = {Path(p).name for p, _ in report.errors}
    assert failed == {"w3.xlsx"} and report.exported == 5
    assert "stopped the process exporting it" in report.errors[0][1]


def test_csv_prefill_in_the_encodings_people_have(tmp_path):
    header = "employer;role_category;employer_kind;base_salary;role_title\n"
    row = "Société Générale AI;security;ai_product;120000;Ingénieur\n"
    for name, data in (
        ("utf16.csv", (header + row).encode("utf-16")),
        ("cp1252.csv", (header + row).encode("cp1252")),
        ("utf8.csv", ("\ufeff" + header + row).encode("utf-8")),
    ):
        (tmp_path / name).write_bytes(data)
        r = CliRunner().invoke(cli, ["new", str(tmp_path / f"{name}.xlsx"), "--offers", str(tmp_path / name)])
        assert r.exit_code == 0, (name, r.output)
        offers = offersheet.read_workbook(tmp_path / f"{name}.xlsx").offers
        assert offers[0].employer == "Société Générale AI" and offers[0].role_title == "Ingénieur"
    (tmp_path / "nul.csv").write_bytes(b"employer\x00,x\n")
    r = CliRunner().invoke(cli, ["new", str(tmp_path / "nul.xlsx"), "--offers", str(tmp_path / "nul.csv")])
    assert r.exit_code == 1 and "NUL" in r.output and "Traceback" not in r.output


def test_the_runner_never_overwrites_a_persons_module(tmp_path):
    book = new_macro_workbook(tmp_path / "my_offers.xlsm")
    mine = "# my own automation\nimport offersheet.macros\nprint('hello')\n"
    (tmp_path / "my_offers.py").write_text(mine)
    path, message = write_runner(book)
    assert path is None and "left alone" in message and (tmp_path / "my_offers.py").read_text() == mine
    (tmp_path / "my_offers.py").unlink()
    assert write_runner(book)[0] is not None and write_runner(book)[0] is not None  # ours: rewritten freely


def test_evaluate_many_reports_an_overflowing_row_and_goes_on():
    rows = [
        {"employer": "A", "role_category": "security", "employer_kind": "frontier_lab", "base_salary": 1e308},
        {"employer": "B", "role_category": "security", "employer_kind": "frontier_lab", "base_salary": 100_000},
    ]
    got = offersheet.evaluate_many(rows)
    assert "base_salary" in got[0]["error"] and got[1]["error"] is None and got[1]["verdict"]


def test_an_image_bomb_in_a_workbook_is_never_decoded(tmp_path):
    """A picture claiming 100,000 x 100,000 pixels: offersheet never decodes pictures, so evaluate and export
    work and the picture is kept as it was."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )
    wb = openpyxl.load_workbook(EXAMPLE)
    wb.save(path := tmp_path / "bomb.xlsx")
    import zipfile

    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/media/image1.png", png)
    result = offersheet.evaluate_workbook(path)
    assert [r.verdict for r in result.evaluation.offers]
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/media/image1.png") == png
    assert export([path], tmp_path / "out", formats="csv,html", jobs=1).ok


def test_a_disk_error_on_the_summary_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    import errno

    import offersheet.exports as exports

    _copy(tmp_path / "in", "a.xlsx")

    def full(target, *_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exports, "write_xlsx", full)
    r = CliRunner().invoke(
        cli, ["export", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--format", "csv", "-j", "1", "-q"]
    )
    assert r.exit_code == 1 and "could not write the summary (No space left on device)" in r.output
    assert "Traceback" not in r.output and (tmp_path / "out" / "a-comparison.csv").exists()


def test_out_equal_to_the_input_still_keeps_the_backup(tmp_path):
    path = _copy(tmp_path, "offers.xlsx")
    r = CliRunner().invoke(cli, ["evaluate", str(path), "--out", str(tmp_path / "." / "offers.xlsx")])
    assert r.exit_code == 0 and (tmp_path / "offers.xlsx.bak").read_bytes() == EXAMPLE.read_bytes()


def test_new_offers_validates_exactly_as_evaluate_reads(tmp_path):
    """A CSV row the reader would reject (custom vesting that does not sum to 100) is refused by `new`, naming
    the row, instead of writing a workbook that `evaluate` then refuses."""
    (tmp_path / "offers.csv").write_text(
        "employer,role_category,employer_kind,equity_grant_value,equity_kind,"
        "vesting_shape,vesting_custom_pcts\n"
        'A,security,frontier_lab,100000,public_rsu,custom,"50, 30, 10, 5"\n'
    )
    r = CliRunner().invoke(cli, ["new", str(tmp_path / "x.xlsx"), "--offers", str(tmp_path / "offers.csv")])
    assert r.exit_code == 1 and "offer row 1" in r.output and "sum to 100 (they sum to 95)" in r.output
    assert not (tmp_path / "x.xlsx").exists()


def test_warnings_name_the_offer_and_employer(tmp_path):
    path = new_workbook(
        tmp_path / "x.xlsx",
        [
            {
                "employer": "Antropic",
                "role_category": "security",
                "employer_kind": "frontier_lab",
                "base_salary": 100_000,
            }
        ],
    )
    r = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert (
        "warning: Offer 1 (Antropic): no company named 'Antropic' on the Companies sheet: did you mean "
        "'Anthropic'?" in r.output
    )
    assert "warning: Offer 1 (Antropic): unknown company: company score assumed" in r.output


def test_a_company_row_with_a_grade_and_no_scale(tmp_path):
    """A person adds a company with a grade but leaves scale and value blank: a letter grade says its own scale;
    a bare number with no scale is an input error naming the cell, never silently 'without ratings'."""
    from offersheet.model import InputError
    from offersheet.workbook.settings import column_keys

    def with_row(name, grade, raw):
        wb = openpyxl.load_workbook(EXAMPLE)
        ws = wb["Companies"]
        header = column_keys([c.value for c in ws[1]])  # the keys of the headers a person reads
        row = ws.max_row + 1
        for key, value in {
            "company": name,
            "employer_kind": "frontier_lab",
            "criterion": "overall",
            "grade": grade,
            "raw_value": raw,
        }.items():
            ws.cell(row, header.index(key) + 1, value)
        ws.tables["Companies"].ref = f"A1:N{row}"
        wb.save(path := tmp_path / f"{name}.xlsx")
        return path

    inputs = offersheet.read_workbook(with_row("New Lab", "B", None))
    assert inputs.companies["New Lab"].overall.value == 75.0  # B = 3.0 on the 4-point scale
    with pytest.raises(InputError, match=r"scale = blank: expected the scale of the rating '42'"):
        offersheet.read_workbook(with_row("Odd Lab", None, "42"))
