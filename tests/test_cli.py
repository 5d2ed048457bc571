"""The CLI through click's runner and as a real subprocess, asserting on real output files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import openpyxl
from click.testing import CliRunner

from offersheet import __version__
from offersheet.cli import cli
from offersheet.workbook import read_workbook
from offersheet.workbook.layout import REPORT_ROW

SCHEMA = json.loads((Path(__file__).parent.parent / "schemas" / "evaluate.schema.json").read_text())


def test_new_then_evaluate_json(tmp_path, example_copy):
    runner = CliRunner()
    result = runner.invoke(cli, ["evaluate", str(example_copy), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert [o["employer"] for o in doc["offers"]] == ["OpenAI", "UK AI Security Institute", "Anthropic"]
    assert doc["offers"][0]["verdict"] == "Avoid"
    assert openpyxl.load_workbook(example_copy)["Report"][f"D{REPORT_ROW['verdict']}"].value == "Avoid"
    for offer in doc["offers"]:  # the existing keys are the base path
        scores, paths = offer["scores"], offer["scores"]["scenarios"]
        assert scores["total_comp_horizon"] == paths["base"]["total_comp_horizon"]
        assert scores["lock_in"] == paths["base"]["lock_in"]
        assert paths["bear"]["lock_in"] <= paths["base"]["lock_in"] <= paths["bull"]["lock_in"]
    openai = doc["offers"][0]["scores"]["scenarios"]
    assert set(openai) == {"bear", "base", "bull", "zero"} and openai["zero"]["lock_in"] < openai["base"]["lock_in"]


def test_new_with_offers_csv_round_trip(tmp_path):
    csv_path = tmp_path / "offers.csv"
    csv_path.write_text(
        "employer,role_title,role_category,employer_kind,base_salary,target_bonus_pct,equity_kind,"
        "equity_grant_value\n"
        'OpenAI,MTS,capabilities_research,frontier_lab,"$300k",15%,ppu,"1,000,000"\n'
        "METR,Researcher,Evaluations & red-teaming,nonprofit_research,150000,,,\n"
    )
    out = tmp_path / "person.xlsx"
    result = CliRunner().invoke(cli, ["new", str(out), "--offers", str(csv_path)])
    assert result.exit_code == 0, result.output
    inputs = read_workbook(out)
    a, b = inputs.offers
    assert (a.employer, a.base_salary, a.target_bonus_pct, a.equity_kind, a.equity_grant_value) == (
        "OpenAI",
        300_000,
        0.15,
        "ppu",
        1_000_000,
    )
    assert (b.employer, b.role_category, b.equity_kind) == ("METR", "evaluations", "none")


def test_new_refuses_to_overwrite_and_bad_csv_is_explained(tmp_path):
    out = tmp_path / "w.xlsx"
    runner = CliRunner()
    assert runner.invoke(cli, ["new", str(out)]).exit_code == 0
    again = runner.invoke(cli, ["new", str(out)])
    assert again.exit_code == 1 and "already exists" in again.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("employer,salary\nX,1\n")
    r = runner.invoke(cli, ["new", str(tmp_path / "x.xlsx"), "--offers", str(bad)])
    assert r.exit_code == 1 and "salary" in r.stderr and "an Offers key" in r.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_evaluate_bad_workbook_exits_1_with_reason(tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook")
    r = CliRunner().invoke(cli, ["evaluate", str(bad)])
    assert r.exit_code == 1 and "not a zip archive" in r.stderr
    assert bad.read_text() == "not a workbook"


def test_usage_error_exits_2():
    r = CliRunner().invoke(cli, ["evaluate"])
    assert r.exit_code == 2


def test_real_subprocess(tmp_path, example_copy):
    version = subprocess.run([sys.executable, "-m", "offersheet", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and __version__ in version.stdout
    out = tmp_path / "evaluated.xlsx"
    run = subprocess.run(
        [sys.executable, "-m", "offersheet", "evaluate", str(example_copy), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "Offer 1: OpenAI" in run.stdout and out.exists()
