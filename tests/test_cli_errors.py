"""What a person or a script sees when an evaluation fails or rests on a guess: a JSON error document on
stdout for --json, and the summary line marking an employer that matched no company."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import openpyxl
from click.testing import CliRunner

from offersheet.cli import cli
from offersheet.workbook import new_workbook

SCHEMA = json.loads((Path(__file__).parent.parent / "schemas" / "evaluate.schema.json").read_text())
OFFER = {
    "employer": "OpenAI",
    "role_category": "capabilities_research",
    "employer_kind": "frontier_lab",
    "base_salary": 300_000,
}


def test_json_on_failure_prints_the_problems_on_stdout_and_exits_1(tmp_path):
    path = new_workbook(tmp_path / "w.xlsx", [OFFER])
    wb = openpyxl.load_workbook(path)
    for name, value in (("offer1_base_salary", "310.000"), ("offer1_target_bonus_pct", "15")):
        sheet, ref = next(iter(wb.defined_names[name].destinations))
        wb[sheet][ref.replace("$", "")].value = value
    wb.save(path)
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["error"].startswith("2 problems")
    by_key = {p["key"]: p for p in doc["problems"]}
    salary = by_key["base_salary"]
    assert salary["sheet"] == "Offers" and salary["cell"].startswith("D") and salary["value"] == "310.000"
    assert "could be 310 or 310,000" in salary["message"]
    assert "write 15% with the % sign" in by_key["target_bonus_pct"]["message"]
    assert "310.000" in result.stderr  # and the same problems for a person, one a line


def test_summary_line_marks_an_employer_that_matched_no_company(tmp_path):
    path = new_workbook(tmp_path / "w.xlsx", [{**OFFER, "employer": "OpenAl"}])  # a lower-case L
    result = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("Offer 1:"))
    assert "[company not found: assumed score " in line and "did you mean OpenAI?]" in line
    doc = json.loads(CliRunner().invoke(cli, ["evaluate", str(path), "--json"]).stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["offers"][0]["company_not_found"].startswith("company not found")
