"""new -> fill by key with openpyxl -> read -> the same inputs; evaluation never touches input cells."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from offersheet.model import InputError
from offersheet.workbook import evaluate_workbook, new_workbook, read_workbook
from offersheet.workbook.layout import REPORT_ROW
from offersheet.workbook.schema import OFFER_FIELDS


def _fill(path, column_letter, values):
    wb = openpyxl.load_workbook(path)
    ws = wb["Offers"]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for key, value in values.items():
        ws[f"{column_letter}{rows[key]}"] = value
    wb.save(path)


def test_fill_by_key_and_read_back(tmp_path):
    path = new_workbook(tmp_path / "w.xlsx")
    _fill(
        path,
        "E",
        {
            "employer": "OpenAI",
            "role_title": "MTS",
            "role_category": "Capabilities research",
            "employer_kind": "frontier_lab",
            "base_salary": 300_000,
            "target_bonus_pct": 0.15,
            "signing_bonus": "$50k",
            "equity_grant_value": "1,200,000",
            "equity_kind": "ppu",
            "vesting_years": 4,
            "cliff_months": 6,
            "vesting_frequency": "Quarterly",
            "vesting_shape": "Custom (list per year)",
            "vesting_custom_pcts": "10, 20, 30, 40",
            "vested_equity_clawback": "Yes",
            "non_disparagement_condition": "One-sided",
            "safety_share_pct": "20%",
        },
    )
    inputs = read_workbook(path)
    assert inputs.columns == (1,)  # Offer 1 is empty and skipped; Offer 2 is column E
    o = inputs.offers[0]
    assert (o.label, o.employer, o.role_title) == ("Offer 2", "OpenAI", "MTS")
    assert (o.role_category, o.employer_kind, o.equity_kind) == ("capabilities_research", "frontier_lab", "ppu")
    assert o.base_salary == 300_000 and o.signing_bonus == 50_000 and o.equity_grant_value == 1_200_000
    assert o.target_bonus_pct == pytest.approx(0.15) and o.safety_share_pct == pytest.approx(0.2)
    assert o.cliff_months == 6 and o.vesting_frequency == "quarterly" and o.vesting_shape == "custom"
    assert o.vesting_custom_pcts == (10, 20, 30, 40)
    assert o.vested_equity_clawback is True and o.non_disparagement_condition == "one_sided"
    assert o.work_sharing == "limited"  # unchanged default from the template
    assert inputs.profile.monthly_essential_spending == 3000


def _input_cells(path):
    wb = openpyxl.load_workbook(path)
    out = {}
    for name in ("Offers", "Profile", "Companies", "Roles"):
        for row in wb[name].iter_rows():
            for c in row:
                if c.value is not None:
                    out[(name, c.coordinate)] = (c.value, c.data_type)
    return out


def test_evaluation_keeps_every_input_cell(tmp_path, example_copy):
    before = _input_cells(example_copy)
    result = evaluate_workbook(example_copy)
    assert _input_cells(example_copy) == before
    assert (tmp_path / "example-offers.xlsx.bak").exists()
    wb = openpyxl.load_workbook(example_copy)
    report = wb["Report"]
    verdicts = [report.cell(REPORT_ROW["verdict"], c).value for c in (4, 5, 6)]
    assert verdicts == [r.verdict for r in result.evaluation.offers]
    assert wb["Start"]["B14"].value == result.evaluation.model_version
    assert wb["Lock-in"].max_row == 4 * 12 + 2
    assert "Email with the asks\nOffer 1: OpenAI" in [c.value for c in wb["Asks"]["A"]]  # each label names its offer


def test_evaluate_to_out_leaves_source_alone(tmp_path, example_copy):
    raw = example_copy.read_bytes()
    evaluate_workbook(example_copy, tmp_path / "out.xlsx")
    assert example_copy.read_bytes() == raw
    assert openpyxl.load_workbook(tmp_path / "out.xlsx")["Report"][f"D{REPORT_ROW['verdict']}"].value


def test_text_starting_with_equals_stays_text(tmp_path):
    path = new_workbook(
        tmp_path / "w.xlsx",
        [{"employer": '=HYPERLINK("x")', "role_category": "security", "employer_kind": "frontier_lab"}],
    )
    out = evaluate_workbook(path)
    wb = openpyxl.load_workbook(out.out)
    employer = wb["Report"].cell(REPORT_ROW["employer"], 4)
    assert employer.value == '=HYPERLINK("x")' and employer.data_type == "s"


def test_every_problem_is_reported_with_sheet_cell_key(tmp_path):
    path = new_workbook(tmp_path / "w.xlsx")
    _fill(
        path,
        "D",
        {
            "employer": "OpenAI",
            "role_category": "Wizardry",
            "employer_kind": "frontier_lab",
            "base_salary": "12o,000",
            "target_bonus_pct": 15,
            "cliff_months": dt.datetime(2025, 1, 1),
            "vested_equity_clawback": "maybe",
        },
    )
    _fill(
        path, "F", {"employer": "X", "role_category": "security", "employer_kind": "frontier_lab", "cliff_months": 60}
    )
    with pytest.raises(InputError) as info:
        read_workbook(path)
    rows = {f.key: r for r, f in enumerate(OFFER_FIELDS, 2)}
    got = {(p.field, p.where) for p in info.value.problems}
    assert ("role_category", f"Offers!D{rows['role_category']} (Offer 1)") in got
    assert ("base_salary", f"Offers!D{rows['base_salary']} (Offer 1)") in got
    assert ("target_bonus_pct", f"Offers!D{rows['target_bonus_pct']} (Offer 1)") in got
    assert ("cliff_months", f"Offers!D{rows['cliff_months']} (Offer 1)") in got
    assert ("vested_equity_clawback", f"Offers!D{rows['vested_equity_clawback']} (Offer 1)") in got
    assert ("cliff_months", f"Offers!F{rows['cliff_months']} (Offer 3)") in got
    text = str(info.value)
    assert '"12o,000"' in text and "write 15% or 0.15" in text and "not a date" in text
    assert "at most the vesting period (48 months)" in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("120,000", 120_000), ("$120k", 120_000), ("1.5m", 1_500_000), (" 95000 ", 95_000), (120000.0, 120_000)],
)
def test_numbers_typed_as_text(tmp_path, raw, expected):
    path = new_workbook(
        tmp_path / "w.xlsx", [{"employer": "A", "role_category": "security", "employer_kind": "frontier_lab"}]
    )
    _fill(path, "D", {"base_salary": raw})
    assert read_workbook(path).offers[0].base_salary == expected


@pytest.mark.parametrize("raw", ["1,5", "12%", "about 100k", "#DIV/0!", "1,20,000"])
def test_ambiguous_numbers_are_rejected(tmp_path, raw):
    path = new_workbook(
        tmp_path / "w.xlsx", [{"employer": "A", "role_category": "security", "employer_kind": "frontier_lab"}]
    )
    _fill(path, "D", {"base_salary": raw})
    with pytest.raises(InputError, match="base_salary"):
        read_workbook(path)


def test_empty_workbook_says_what_is_missing(tmp_path):
    path = new_workbook(tmp_path / "w.xlsx")
    with pytest.raises(InputError, match="at least one offer column"):
        read_workbook(path)


def test_profile_settings_override_parameters(tmp_path):
    path = new_workbook(
        tmp_path / "w.xlsx",
        [{"employer": "A", "role_category": "security", "employer_kind": "frontier_lab"}],
        profile={"liquid_savings": 10_000, "weight_lockin": 0.5, "haircut_ppu": 0.9},
    )
    inputs = read_workbook(path)
    assert inputs.profile.liquid_savings == 10_000
    assert dict(inputs.profile.parameter_overrides) == {"weight_lockin": 0.5, "haircut_ppu": 0.9}


def test_a_roles_sheet_from_an_earlier_version_still_reads(example_copy):
    """Roles tables are read by their headers, the words or (as earlier versions wrote them) the keys: a table
    written before a column (lab_reliance) or a row (the outside_ai employer kind) existed evaluates, with the
    bundled values for what it lacks, and says so."""
    import openpyxl

    from offersheet.workbook import evaluate_workbook
    from offersheet.workbook.settings import column_keys

    wb = openpyxl.load_workbook(example_copy)
    ws = wb["Roles"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Role category")
    for row in ws.iter_rows():  # the headers as an earlier version wrote them: the keys
        for cell in row:
            if cell.font.color is not None and cell.font.color.rgb == "00FFFFFF":
                cell.value = column_keys([cell.value])[0]
    assert ws.cell(header, 1).value == "role_category"
    col = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "lab_reliance")
    last = next(r for r in range(header + 1, ws.max_row + 2) if not ws.cell(r, 1).value) - 1
    ws.move_range(f"{ws.cell(header, col + 1).coordinate}:{ws.cell(last, col + 1).coordinate}", cols=-1)
    outside = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "outside_ai")
    for c in range(1, ws.max_column + 1):
        ws.cell(outside, c).value = None
    wb.save(example_copy)
    result = evaluate_workbook(example_copy)
    assert any("no lab_reliance column: the bundled values are used" in w for w in result.warnings)
    assert any("no row for outside_ai: the bundled row is used" in w for w in result.warnings)
    assert result.inputs.reference.roles["security"].lab_reliance == 0.2
    assert result.inputs.reference.roles["alignment_safety"].reason.startswith("Aimed at making")
