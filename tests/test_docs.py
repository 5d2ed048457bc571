"""Docs are generated from the code; these fail when they are stale or a command lacks help."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from offersheet.cli import cli
from offersheet.docs import END, START, fields_markdown, model_markdown, parameters_table, schema_text
from offersheet.workbook.schema import FIELDS

ROOT = Path(__file__).parent.parent


def test_fields_md_is_current():
    assert (ROOT / "docs" / "fields.md").read_text() == fields_markdown() + "\n", (
        "docs/fields.md is stale: run  python -m offersheet.docs"
    )


def test_json_schema_is_generated_from_the_output_spec():
    assert (ROOT / "schemas" / "evaluate.schema.json").read_text() == schema_text(), (
        "schemas/evaluate.schema.json is stale: run  python -m offersheet.docs"
    )


def test_model_md_parameter_table_is_current():
    text = (ROOT / "docs" / "model.md").read_text()
    assert START in text and END in text
    assert text == model_markdown(text), "docs/model.md is stale: run  python -m offersheet.docs"
    assert parameters_table() in text


def test_every_field_is_documented_with_help_or_unit():
    text = (ROOT / "docs" / "fields.md").read_text()
    for f in FIELDS:
        assert f"| `{f.key}` |" in text


def test_every_command_has_help():
    runner = CliRunner()
    for name, command in cli.commands.items():
        assert command.help, f"offersheet {name} has no help"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text()
    for cmd in re.findall(r"^\s*(?:\.venv/bin/)?offersheet (\w+)", readme, flags=re.M):
        assert cmd in cli.commands, f"README mentions 'offersheet {cmd}', which does not exist"
    for script in re.findall(r"^\s*(\./scripts/\w+)", readme, flags=re.M):
        assert (ROOT / script).exists(), script


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; from offersheet.cli import main; rc = main(['--help']); "
        "heavy = [m for m in ('pandas', 'openpyxl', 'matplotlib', 'xlwings', 'numpy') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]"), out


def test_excel_doc_names_the_templates_offer_ranges():
    from offersheet.workbook.schema import OFFER_FIELDS

    last = 1 + len(OFFER_FIELDS)
    text = (ROOT / "docs" / "excel.md").read_text()
    assert f"`Offers!A2:A{last}`" in text and f"`Offers!D2:I{last}`" in text


def test_safety_doc_lists_every_bound_with_its_value():
    """docs/safety.md names every field of Limits with its default, as the code has it."""
    import dataclasses

    from offersheet.workbook.limits import LIMITS

    doc = (Path(__file__).parent.parent / "docs" / "safety.md").read_text()
    for f in dataclasses.fields(LIMITS):
        value = getattr(LIMITS, f.name)
        shown = {float: f"{value:g}:1", int: f"{value:,}"}[type(value)]
        if value >= 1_000_000 and value % 1_000_000 == 0 and f.name.endswith("_bytes"):
            shown = f"{value // 1_000_000} MB"
        assert f"`{f.name}` ({shown}" in doc, (f.name, shown)
