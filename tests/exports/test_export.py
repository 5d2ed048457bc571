"""Batch exports: through click's runner and a real subprocess, with bad files among good ones, injection
cases, and the HTML report opened in headless Chromium."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import offersheet
from offersheet.cli import cli
from offersheet.exports.tables import SUMMARY_COLUMNS, neutralise
from offersheet.spec.outputs import BY_KEY
from offersheet.workbook import new_workbook
from offersheet.workbook.layout import REPORT_ROWS

EXAMPLE = Path(__file__).parents[2] / "workbooks" / "example-offers.xlsx"
GOOD = {"employer": "Anthropic", "role_category": "security", "employer_kind": "frontier_lab", "base_salary": 210000}


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def batch(tmp_path):
    """Two good workbooks, one corrupt, one not a workbook, one with no offers."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "a.xlsx")
    new_workbook(src / "b.xlsx", [GOOD])
    (src / "corrupt.xlsx").write_bytes(EXAMPLE.read_bytes()[:4000])
    (src / "notes.xlsx").write_text("employer,base_salary\nAnthropic,1\n")
    new_workbook(src / "empty.xlsx")
    return src


def test_batch_reports_bad_files_and_keeps_the_good(batch, tmp_path):
    before = {p.name: p.read_bytes() for p in batch.iterdir()}
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["export", str(batch), "-o", str(out), "--jobs", "2"])
    assert r.exit_code == 1, r.output
    errors = {Path(row[0]).name: row[1] for row in read_csv(out / "errors.csv")[1:]}
    assert set(errors) == {"corrupt.xlsx", "notes.xlsx", "empty.xlsx"}
    assert "not a valid workbook" in errors["corrupt.xlsx"] and "not a valid workbook" in errors["notes.xlsx"]
    assert "at least one offer" in errors["empty.xlsx"]
    for name in errors:
        assert f"error: {batch / name}" in r.output
    summary = read_csv(out / "summary.csv")
    assert tuple(summary[0]) == SUMMARY_COLUMNS
    assert [(row[0], row[2], row[4]) for row in summary[1:]] == [
        ("a.xlsx", "OpenAI", "Avoid"),
        ("a.xlsx", "UK AI Security Institute", "Strong candidate"),
        ("a.xlsx", "Anthropic", "Take with safeguards"),
        ("b.xlsx", "Anthropic", summary[4][4]),
    ]
    for stem in ("a", "b"):
        for suffix in (
            "-comparison.csv",
            "-comparison.xlsx",
            "-comparison.md",
            "-comparison.html",
            "-lockin.png",
            "-scores.png",
        ):
            assert (out / f"{stem}{suffix}").stat().st_size > 100, f"{stem}{suffix}"
    assert not list(out.glob("corrupt*"))  # nothing for the bad workbook...
    assert [p.name for p in out.glob(".*")] == [".offersheet-export.json"]  # ...no temporary files; the manifest
    assert {p.name: p.read_bytes() for p in batch.iterdir()} == before  # inputs never touched
    ws = openpyxl.load_workbook(out / "summary.xlsx")["Summary"]
    assert ws.max_row == 5 and ws["C2"].value == "OpenAI"
    assert [c.value for c in ws[1]][:4] == ["Workbook", "Column", "Employer", "Role title"]  # labels, not keys
    money = next(c for c in ws[1] if c.value == BY_KEY["total_comp_year1"].label).column_letter
    assert ws[f"{money}2"].number_format == '"$"#,##0;-"$"#,##0'  # money reads as money, in its currency
    cmp = openpyxl.load_workbook(out / "a-comparison.xlsx")["Comparison"]
    pay_row = next(c.row for c in cmp["A"] if c.value == "Pay, year 1")
    assert cmp[f"B{pay_row}"].number_format == '"$"#,##0;-"$"#,##0' and cmp[f"B{pay_row}"].value > 100_000
    assert ws.freeze_panes == "D2" and ws["A1"].font.b and not ws["A2"].font.b
    numbers = [c.value for c in ws[2] if c.data_type == "n" and c.value is not None]
    assert numbers and all(isinstance(v, (int, float)) for v in numbers)  # figures stay numbers, not text
    cmp_ws = openpyxl.load_workbook(out / "a-comparison.xlsx")["Comparison"]
    assert [c.value for c in cmp_ws[1]][1:] == [
        "Offer 1: OpenAI",
        "Offer 2: UK AI Security Institute",
        "Offer 3: Anthropic",
    ]
    assert cmp_ws.column_dimensions["B"].width > cmp_ws.column_dimensions["A"].width


def test_comparison_csv_golden_values(tmp_path):
    out = tmp_path / "out"
    report = offersheet.export([EXAMPLE], out, formats="csv", jobs=1)
    assert report.ok and report.exported == 1
    header, *offers = read_csv(out / "example-offers-comparison.csv")  # one offer per row
    rows = {label: [offer[n] for offer in offers] for n, label in enumerate(header)}
    assert rows["Offer"] == ["Offer 1", "Offer 2", "Offer 3"]
    assert rows["Employer"] == ["OpenAI", "UK AI Security Institute", "Anthropic"]
    assert rows["Verdict"] == ["Avoid", "Strong candidate", "Take with safeguards"]
    # year 1 at UK AISI: base 95,000 GBP and benefits 19,000 GBP at the example's 1 GBP = 1.30 USD:
    # 114,000 x 1.3 = 148,200 USD; no bonus or equity (the example's inputs)
    assert rows["Pay, year 1"][1] == "148200"
    assert sorted(p.name for p in out.iterdir()) == [
        ".offersheet-export.json",
        "errors.csv",
        "example-offers-comparison.csv",
        "summary.csv",
        "summary.xlsx",
    ]


def test_rerun_overwrites_only_its_own_outputs(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    offersheet.export([EXAMPLE], out, formats="md", jobs=1)
    first = (out / "example-offers-comparison.md").read_text()
    offersheet.export([EXAMPLE], out, formats="md", jobs=1)
    assert (out / "mine.txt").read_text() == "keep me"
    assert (out / "example-offers-comparison.md").read_text() == first
    assert "| Verdict | Avoid | Strong candidate | Take with safeguards |" in first
    assert "| Pay, year 1 | $530,000 | $148,200 | $415,000 |" in first


def test_globs_same_names_and_missing_paths(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        shutil.copy(EXAMPLE, tmp_path / sub / "offers.xlsx")
    out = tmp_path / "out"
    r = CliRunner().invoke(
        cli,
        [
            "export",
            str(tmp_path / "*" / "offers.xlsx"),
            str(tmp_path / "nope.xlsx"),
            "-o",
            str(out),
            "--format",
            "csv",
            "-q",
        ],
    )
    assert r.exit_code == 1
    assert (out / "offers-comparison.csv").exists() and (out / "offers-2-comparison.csv").exists()
    assert read_csv(out / "errors.csv")[1] == [str(tmp_path / "nope.xlsx"), "no such file or folder"]


def test_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["export", str(EXAMPLE), "-o", str(tmp_path), "--format", "pdf"]).exit_code == 2
    assert runner.invoke(cli, ["export", str(EXAMPLE)]).exit_code == 2
    assert runner.invoke(cli, ["export", "-o", str(tmp_path)]).exit_code == 2
    assert runner.invoke(cli, ["export", str(EXAMPLE), "-o", str(tmp_path), "--jobs", "0"]).exit_code == 2


HOSTILE = {
    "employer": '=HYPERLINK("http://evil","x")',
    "role_title": "+1+cmd|' /C calc'!A0",
    "role_category": "security",
    "employer_kind": "frontier_lab",
    "base_salary": 100000,
}


def test_exports_neutralise_formulas_and_escape_html(tmp_path):
    src = tmp_path / "hostile.xlsx"
    new_workbook(
        src,
        [
            HOSTILE,
            {**GOOD, "employer": "@SUM(A1)", "role_title": "<script>alert(1)</script>"},
            {**GOOD, "employer": "-2+3", "role_title": "\tTabbed"},
        ],
    )
    out = tmp_path / "out"
    report = offersheet.export([src], out, formats="csv,xlsx,html,md", jobs=1)
    assert report.ok, report.errors
    for path in (out / "hostile-comparison.csv", out / "summary.csv"):
        cells = [c for row in read_csv(path) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(c)], path
        assert '\'=HYPERLINK("http://evil","x")' in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    for path, sheet in ((out / "hostile-comparison.xlsx", "Comparison"), (out / "summary.xlsx", "Summary")):
        ws = openpyxl.load_workbook(path)[sheet]
        texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        risky = [c for c in texts if c.value.startswith(("=", "+", "-", "@", "\t"))]
        assert texts and all(c.data_type == "s" for c in texts)  # text, never a formula...
        assert risky and all(c.quotePrefix for c in risky)  # ...and quote-prefixed: still text when edited
        assert any(c.value == "@SUM(A1)" for c in risky)  # shown as typed: no visible apostrophe
    page = (out / "hostile-comparison.html").read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in (out / "hostile-comparison.md").read_text()


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_neutralise_leaves_numbers_and_plain_text():
    assert neutralise(-5) == -5 and neutralise("Anthropic") == "Anthropic" and neutralise(None) is None
    assert neutralise("=1") == "'=1" and neutralise("\r=1") == "'\r=1"


def test_real_subprocess_is_quiet_when_not_a_terminal(batch, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(offersheet.__file__).parent.parent)}
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "offersheet",
            "export",
            str(batch / "a.xlsx"),
            str(batch / "b.xlsx"),
            "-o",
            str(out),
            "--format",
            "csv,png",
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    assert "%|" not in p.stderr and "2 of 2 workbook(s) exported, 4 offer(s)" in p.stderr
    assert (out / "a-lockin.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    q = subprocess.run(
        [sys.executable, "-m", "offersheet", "export", str(batch / "corrupt.xlsx"), "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert q.returncode == 1 and q.stderr.startswith("error: ") and "exported" not in q.stderr


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None, reason="needs chromium (installed by .ci/run)")
def test_html_report_in_headless_chromium(tmp_path):
    out = tmp_path / "out"
    offersheet.export([EXAMPLE], out, formats="html", jobs=1)
    page = out / "example-offers-comparison.html"
    assert "http" not in page.read_text().split("</style>")[0]  # self-contained: nothing fetched
    probe = tmp_path / "probe.html"  # the report plus a script that records what the browser rendered
    probe.write_text(
        page.read_text().replace(
            "</body>",
            (
                "<script>addEventListener('load',()=>{document.body.dataset.check=JSON.stringify({"
                "tables:document.querySelectorAll('table#comparison tbody tr').length,"
                "images:[...document.images].map(i=>i.naturalWidth)})})</script></body>"
            ),
        )
    )
    args = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--virtual-time-budget=5000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run([*args, "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120).stdout
    check = json.loads(dom.split('data-check="')[1].split('"')[0].replace("&quot;", '"'))
    assert check["tables"] == len(REPORT_ROWS) and len(check["images"]) == 2 and min(check["images"]) > 300
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [*args, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()], capture_output=True, timeout=120
    )
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000


def test_progress_bar_on_a_terminal(batch, tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 columns wide
    env = {**os.environ, "PYTHONPATH": str(Path(offersheet.__file__).parent.parent)}
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "offersheet",
            "export",
            str(batch / "a.xlsx"),
            "-o",
            str(tmp_path / "out"),
            "--format",
            "csv",
            "--jobs",
            "1",
        ],
        stderr=slave,
        stdout=slave,
        env=env,
        timeout=300,
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert p.returncode == 0
    assert b"100%|" in seen and b"1/1" in seen


def test_missing_chart_library_is_a_usage_error(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a))
    r = CliRunner().invoke(cli, ["export", str(EXAMPLE), "-o", str(tmp_path / "out"), "--format", "html"])
    assert r.exit_code == 2 and "matplotlib not installed: pip install 'offersheet[export]'" in r.output
    assert not (tmp_path / "out").exists()  # refused before any work
    ok = CliRunner().invoke(cli, ["export", str(EXAMPLE), "-o", str(tmp_path / "csv"), "--format", "csv"])
    assert ok.exit_code == 0  # formats without charts do not need it


def test_in_process_export_leaves_the_callers_garbage_collector_alone(tmp_path):
    """gc.freeze speeds up the CLI and export's own workers; a caller's process (a notebook) is not frozen."""
    import gc

    before = gc.get_freeze_count()
    report = offersheet.export([EXAMPLE, EXAMPLE], tmp_path / "out", formats="csv", jobs=1)
    assert report.ok and gc.get_freeze_count() == before


def test_xlsx_writer_keeps_types_and_leaves_nan_empty(tmp_path):
    from offersheet.exports.render import write_xlsx

    path = write_xlsx(
        tmp_path / "t.xlsx",
        {"S": (["key", "value"], [["n", 1.5], ["flag", True], ["none", None], ["nan", float("nan")], ["f", "=1+1"]])},
    )
    ws = openpyxl.load_workbook(path)["S"]
    assert [(c.value, c.data_type) for c in ws["B"]] == [
        ("value", "s"),
        (1.5, "n"),
        (True, "b"),
        (None, "n"),
        (None, "n"),
        ("=1+1", "s"),
    ]
    assert ws["B6"].quotePrefix and not ws["B2"].quotePrefix
