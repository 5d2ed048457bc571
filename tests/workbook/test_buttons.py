"""The template's buttons bind: each shape on Start runs what it says, by the rule of the Excel path it is for."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from xlwings import server

import offersheet.udfs as udfs
from offersheet.workbook import buttons, evaluate_workbook
from offersheet.workbook.macro import new_macro_workbook, write_runner
from tests.libreoffice import needs_soffice, recalculate
from tests.vba import subs_without_arguments

EXAMPLE = Path(__file__).parents[2] / "workbooks" / "example-offers.xlsx"
TEMPLATE = Path(__file__).parents[2] / "workbooks" / "offersheet-template.xlsx"


def _start_drawing(path: Path) -> tuple[str, dict[str, str]]:
    """Start's drawing XML and its hyperlink relationships (id -> target)."""
    with zipfile.ZipFile(path) as z:
        rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        target = re.search(r'Target="\.\./drawings/(drawing\d+\.xml)"', rels).group(1)
        drawing = z.read(f"xl/drawings/{target}").decode()
        links = (
            z.read(f"xl/drawings/_rels/{target}.rels").decode()
            if f"xl/drawings/_rels/{target}.rels" in z.namelist()
            else ""
        )
    return drawing, dict(re.findall(r'Id="(\w+)"[^>]*Target="([^"]+)"', links))


def _shapes(drawing: str) -> dict[str, dict[str, str]]:
    out = {}
    for anchor in re.findall(r"<xdr:oneCellAnchor>.*?</xdr:oneCellAnchor>", drawing, re.S):
        name = re.search(r'<xdr:cNvPr [^>]*name="([^"]+)"', anchor).group(1)
        out[name] = {
            "macro": re.search(r'<xdr:sp macro="([^"]*)"', anchor).group(1),
            "link": (re.search(r'<a:hlinkClick r:id="(\w+)"', anchor) or [None, ""])[1],
            "col": re.search(r"<xdr:col>(\d+)</xdr:col>", anchor).group(1),
            "row": re.search(r"<xdr:row>(\d+)</xdr:row>", anchor).group(1),
        }
    return out


def test_the_lite_and_server_button_is_bound_to_the_recalculate_script(tmp_path):
    """xlwings' rule: the script names '[shape]Sheet!Cell'; the shape links to that cell, which lies under it."""
    meta = {m["function_name"]: m for m in server.custom_scripts_meta(udfs)}
    bound = meta["offersheet_recalculate"]["button"]
    name, sheet, cell = re.fullmatch(r"\[(\w+)\](\w+)!([A-Z]+\d+)", bound).groups()
    drawing, links = _start_drawing(new_macro_workbook(tmp_path / "my_offers.xlsm"))
    shape = _shapes(drawing)[name]
    assert sheet == "Start" and links[shape["link"]] == f"#{sheet}!{cell}"
    col, row = int(shape["col"]), int(shape["row"])
    assert cell == f"{chr(65 + col)}{row + 1}"  # the linked cell is the one the shape's corner sits on


def test_the_macro_button_runs_a_sub_excel_can_assign(tmp_path):
    """Excel's rule: a shape runs a public Sub without arguments that exists in the workbook. Here that Sub
    runs main() of the module named after the workbook, which offersheet writes beside it."""
    path = new_macro_workbook(tmp_path / "my_offers.xlsm")
    drawing, _ = _start_drawing(path)
    macro = _shapes(drawing)[buttons.RECALCULATE_VBA.name]["macro"]
    assert macro == f"[0]!{buttons.VBA_SUB}"
    assert buttons.VBA_SUB in subs_without_arguments(path)
    runner, _ = write_runner(path)
    code = f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import my_offers; print(callable(my_offers.main))"
    assert (
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={"XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial", "PATH": ""},
        ).stdout.strip()
        == "True"
    )
    assert runner is not None and "offersheet.macros" in runner.read_text()


def test_a_plain_workbook_has_no_button_that_would_do_nothing():
    """Without an add-in nothing in an .xlsx can run a button (xlwings Lite runs its scripts from its pane)."""
    for path in (TEMPLATE, EXAMPLE):
        with zipfile.ZipFile(path) as z:  # Start is sheet1: no relationships, so no drawing and no shape
            assert "<drawing " not in z.read("xl/worksheets/sheet1.xml").decode(), path
            assert "xl/worksheets/_rels/sheet1.xml.rels" not in z.namelist(), path


def test_buttons_survive_evaluate(tmp_path):
    path = new_macro_workbook(
        tmp_path / "x.xlsm",
        [
            {
                "employer": "Anthropic",
                "role_category": "security",
                "employer_kind": "frontier_lab",
                "base_salary": 200_000,
            }
        ],
    )
    before = _start_drawing(path)
    evaluate_workbook(path)
    assert _start_drawing(path) == before


@needs_soffice
def test_libreoffice_opens_workbooks_with_buttons(tmp_path):
    xlsm = new_macro_workbook(tmp_path / "macro.xlsm")
    for out in recalculate([xlsm], tmp_path):
        with zipfile.ZipFile(out) as z:
            assert any(n.startswith("xl/drawings/") for n in z.namelist())


@pytest.mark.parametrize("name", ["SampleCall"])
def test_the_quickstart_vba_reader_finds_real_subs(name):
    """The VBA reader is not a stub: it finds the quickstart project's Sub and none that takes arguments."""
    from offersheet.workbook.macro import quickstart_path

    assert name in subs_without_arguments(quickstart_path())


def test_the_xlsm_has_an_export_button_and_main_routes_by_the_shape_that_called(tmp_path, monkeypatch):
    """Both macro buttons run the one Sub the VBA project has (SampleCall -> main()); Excel's Application.Caller
    is the name of the shape a macro was started from, and main() exports for the Export shape only."""
    import types

    import offersheet.macros as macros

    path = new_macro_workbook(tmp_path / "my_offers.xlsm")
    shapes = _shapes(_start_drawing(path)[0])
    assert shapes[buttons.EXPORT_VBA.name]["macro"] == f"[0]!{buttons.VBA_SUB}"
    assert int(shapes[buttons.EXPORT_VBA.name]["row"]) > int(shapes[buttons.RECALCULATE_VBA.name]["row"])
    ran: list[str] = []
    monkeypatch.setattr(macros, "export", lambda book: ran.append("export"))
    monkeypatch.setattr(macros, "recalculate", lambda book: ran.append("recalculate"))
    for caller in (buttons.EXPORT_VBA.name, buttons.RECALCULATE_VBA.name, -2146826265):  # a shape, a shape, Alt+F8
        book = types.SimpleNamespace(app=types.SimpleNamespace(api=types.SimpleNamespace(Caller=caller)))
        monkeypatch.setattr(macros.xw.Book, "caller", staticmethod(lambda book=book: book))
        macros.main()
    no_api = types.SimpleNamespace(app=types.SimpleNamespace())  # Lite/Server: no Application.Caller
    assert macros.calling_shape(no_api) is None
    assert ran == ["export", "recalculate", "recalculate"]
