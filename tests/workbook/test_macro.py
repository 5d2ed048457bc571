"""Macro-enabled workbooks keep xlwings' VBA project through creation and evaluation."""

from __future__ import annotations

import zipfile

import openpyxl
from click.testing import CliRunner

from offersheet.cli import cli
from offersheet.workbook import evaluate_workbook
from offersheet.workbook.layout import REPORT_ROW, SHEETS
from offersheet.workbook.macro import quickstart_path


def _vba(path):
    with zipfile.ZipFile(path) as z:
        return z.read("xl/vbaProject.bin")


def test_new_macro_enabled_then_evaluate_keeps_vba(tmp_path):
    csv = tmp_path / "o.csv"
    csv.write_text("employer,role_category,employer_kind,base_salary\nAnthropic,security,frontier_lab,200000\n")
    path = tmp_path / "offers.xlsm"
    r = CliRunner().invoke(cli, ["new", str(path), "--macro-enabled", "--offers", str(csv)])
    assert r.exit_code == 0, r.output
    original = _vba(quickstart_path())
    assert _vba(path) == original
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb.sheetnames == list(SHEETS)
    conf = {row[0].value: row[1].value for row in wb["xlwings.conf"].iter_rows(max_col=2) if row[0].value}
    assert conf["UDF Modules"] == "offersheet.udfs"
    result = evaluate_workbook(path)
    assert result.evaluation.offers[0].offer.employer == "Anthropic"
    assert _vba(path) == original
    verdict = openpyxl.load_workbook(path)["Report"][f"D{REPORT_ROW['verdict']}"].value
    assert verdict == result.evaluation.offers[0].verdict


def test_macro_enabled_needs_xlsm(tmp_path):
    r = CliRunner().invoke(cli, ["new", str(tmp_path / "x.xlsx"), "--macro-enabled"])
    assert r.exit_code == 1 and ".xlsm" in r.stderr


def test_macro_enabled_writes_the_run_main_module_beside_it(tmp_path):
    r = CliRunner().invoke(cli, ["new", str(tmp_path / "my_offers.xlsm"), "--macro-enabled"])
    assert r.exit_code == 0, r.output
    runner = tmp_path / "my_offers.py"
    namespace: dict = {}
    exec(compile(runner.read_text(), str(runner), "exec"), namespace)
    import offersheet.macros as macros

    assert namespace["main"] is macros.main and namespace["export"] is macros.export


def test_macro_enabled_with_a_name_python_cannot_import_says_so(tmp_path):
    r = CliRunner().invoke(cli, ["new", str(tmp_path / "my-offers.xlsm"), "--macro-enabled"])
    assert r.exit_code == 0
    assert "not a Python name" in r.output and "my_offers.xlsm" in r.output
    assert not (tmp_path / "my-offers.py").exists()


def test_macro_enabled_leaves_someone_elses_module_alone(tmp_path):
    (tmp_path / "mine.py").write_text("print('my code')\n")
    r = CliRunner().invoke(cli, ["new", str(tmp_path / "mine.xlsm"), "--macro-enabled"])
    assert r.exit_code == 0 and "left alone" in r.output
    assert (tmp_path / "mine.py").read_text() == "print('my code')\n"
