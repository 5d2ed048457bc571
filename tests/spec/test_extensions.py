"""Extension experiments: what a developer adding a pay component, an output, an employer kind or a role category
edits, done to a copy of the package and run. Each needs its declaration plus its data row (or field), and
leaving a piece out fails with an error naming it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parents[2] / "src" / "offersheet"


def _copy(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """The package copied into ``tmp_path``, with each file's (old, new) replacements applied once."""
    root = tmp_path / "src"
    shutil.copytree(SRC, root / "offersheet", ignore=shutil.ignore_patterns("__pycache__"))
    for name, changes in edits.items():
        path = root / "offersheet" / name
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert text.count(old) == 1, (name, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return root


def _run(root: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        cwd=root,
    )


PAY_FIELD = (
    '    F(\n        "benefits_value",\n',
    '    F("stipend", "Learning stipend", OFFERS, "money", "per year", 0.0, "Yearly budget for courses"),\n'
    '    F(\n        "benefits_value",\n',
)
PAY_LINE = (
    '    PayComponent("benefits_value", "Benefits", YEARLY),',
    '    PayComponent("benefits_value", "Benefits", YEARLY),\n    PayComponent("stipend", "Learning stipend", YEARLY),',
)
OFFER_FIELD = ("    benefits_value: float = 0.0\n", "    benefits_value: float = 0.0\n    stipend: float = 0.0\n")


def test_a_new_pay_component_is_one_declaration_an_input_and_a_field(tmp_path):
    root = _copy(tmp_path, {"spec/inputs.py": [PAY_FIELD], "spec/pay.py": [PAY_LINE], "model/inputs.py": [OFFER_FIELD]})
    code = (
        "import offersheet\nfrom offersheet.model import Offer\n"
        "a = Offer('Anthropic', 'security', 'frontier_lab', base_salary=100000)\n"
        "b = Offer('Anthropic', 'security', 'frontier_lab', base_salary=100000, stipend=5000, label='b')\n"
        "ra, rb = (offersheet.evaluate([o], with_stability=False).offers[0] for o in (a, b))\n"
        "print(rb.compensation.year1 - ra.compensation.year1, rb.compensation.years[0].parts['stipend'])\n"
        "many = offersheet.evaluate_many([{'employer': 'Anthropic', 'role_category': 'security',\n"
        "    'employer_kind': 'frontier_lab', 'base_salary': 100000, 'stipend': '5,000'}])\n"
        "print(many[0]['total_comp_year1'] - ra.compensation.year1)\n"
    )
    got = _run(root, code)
    assert got.returncode == 0, got.stderr
    assert got.stdout.split() == ["5000.0", "5000.0", "5000.0"]


def test_a_pay_input_without_its_component_is_an_error_at_import(tmp_path):
    root = _copy(tmp_path, {"spec/inputs.py": [PAY_FIELD], "model/inputs.py": [OFFER_FIELD]})
    got = _run(root, "import offersheet.spec.inputs")
    assert got.returncode != 0 and "stipend are declared in spec.inputs but neither paid" in got.stderr


def test_a_new_output_is_one_declaration(tmp_path):
    line = '    _c("lock_in", "Lock-in (0-100)", SCORE, lambda res: res.chosen.lockin, *ALL, SCORES, FUNCTION, CHART),'
    root = _copy(
        tmp_path,
        {
            "spec/outputs.py": [
                (line, line + '\n    _c("harm", "Acceleration after trust", SCORE, lambda res: res.chosen.harm, *ALL),')
            ]
        },
    )
    code = (
        "import offersheet\nfrom offersheet.model import Offer\n"
        "o = Offer('OpenAI', 'capabilities_research', 'frontier_lab', base_salary=100000)\n"
        "r = offersheet.evaluate([o], with_stability=False).offers[0]\n"
        "from offersheet.spec.outputs import BY_KEY\n"
        "many = offersheet.evaluate_many([o])\n"
        "print(BY_KEY['harm'].value(r) == round(r.impact.harm, 1), many[0]['harm'] == r.impact.harm)\n"
    )
    got = _run(root, code)
    assert got.returncode == 0, got.stderr
    assert got.stdout.split() == ["True", "True"]


# (what is added, the vocabulary edit, the data file and its row, an offer using it, what it gives)
NEW_CODES = {
    "employer_kind": (
        ('    "outside_ai",\n)', '    "outside_ai",\n    "chip_maker",\n)'),
        "employer_kinds.csv",
        "chip_maker,AI chip maker,0,0.5,0.2,70,Builds the hardware frontier training runs on\n",
        "Offer('Nvidia', 'capabilities_research', 'chip_maker', base_salary=1)",
        "impact.acceleration",
        "40",
    ),  # capabilities research 80 x the kind's 0.5
    "role_category": (
        ('    "other",\n)', '    "other",\n    "interpretability",\n)'),
        "roles.csv",
        "interpretability,Interpretability research,20,70,0.2,1.0,Understanding what models compute\n",
        "Offer('UK AISI', 'interpretability', 'government_institute', base_salary=1)",
        "impact.risk_reduction",
        "70",
    ),  # 70 x the institute's risk-reduction factor 1.0
}


@pytest.mark.parametrize("with_row", [True, False])
@pytest.mark.parametrize("what", sorted(NEW_CODES))
def test_a_new_code_is_its_vocabulary_entry_and_its_data_row(tmp_path, what, with_row):
    vocab, data, row, offer, figure, expected = NEW_CODES[what]
    root = _copy(tmp_path, {"spec/vocab.py": [vocab]})
    if with_row:
        path = root / "offersheet" / "data" / data
        path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")
    code = (
        "import offersheet\nfrom offersheet.model import Offer\n"
        f"r = offersheet.evaluate([{offer}], with_stability=False).offers[0]\n"
        f"print(round(r.{figure}))\n"
    )
    got = _run(root, code)
    if with_row:
        assert got.returncode == 0, got.stderr
        assert got.stdout.split()[-1] == expected
    else:
        assert got.returncode != 0 and what in got.stderr and "levels for exactly" in got.stderr
