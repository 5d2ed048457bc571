"""xlwings Lite's path in a real Pyodide (CPython on WebAssembly, the ``pyodide`` npm package under Node): the
wheel a person builds, with the pure-Python wheels it requires, installed there as Lite's installer would;
then every worksheet function of ``offersheet.udfs`` for each offer of the example, and every script, run
through xlwings' Office.js runtime, give what they give under CPython.

Needs ``node`` and, in ``.ci/cache`` (``.ci/run`` puts them there): ``node_modules/pyodide``, ``wheels/``
(openpyxl, et-xmlfile, defusedxml, click from the package index) and Pyodide's own numpy build in
``pyodide-packages/`` (what xlwings Lite installs for the engine: from Pyodide's package repository, checked
against the sha256 in the pinned Pyodide's ``pyodide-lock.json``). ``OFFERSHEET_PYODIDE_NUMPY`` may name
another copy of that wheel, used unchecked (for a machine that cannot reach Pyodide's repository). Skips with
the reason when something is absent, except under ``.ci/run`` with ``OFFERSHEET_REQUIRE_PYODIDE=1`` (set there
when it could fetch everything), where it fails instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlwings

from offersheet.workbook import evaluate_workbook
from tests.test_macros import book_json

ROOT = Path(__file__).parent.parent
CACHE = Path(os.environ.get("OFFERSHEET_CI_CACHE", ROOT / ".ci" / "cache"))
PYODIDE = CACHE / "node_modules" / "pyodide"
WHEELS = CACHE / "wheels"
NODE = shutil.which("node")
EXAMPLE = ROOT / "workbooks" / "example-offers.xlsx"


def _numpy() -> tuple[Path | None, str | None]:
    """(Pyodide's numpy wheel, or why there is none)."""
    given = os.environ.get("OFFERSHEET_PYODIDE_NUMPY")
    if given:
        return Path(given), None
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]["numpy"]
    wheel = CACHE / "pyodide-packages" / lock["file_name"]
    if not wheel.exists():
        return None, (
            f"no Pyodide numpy in {wheel.parent} (.ci/run fetches {lock['file_name']} from Pyodide's "
            "package repository; this machine's network may not reach it)"
        )
    if hashlib.sha256(wheel.read_bytes()).hexdigest() != lock["sha256"]:
        return None, f"{wheel} is not the build pyodide-lock.json names (sha256 differs)"
    return wheel, None


def _missing() -> str | None:
    if NODE is None:
        return "node is not installed (apt-get install nodejs; .ci/run does)"
    if not (PYODIDE / "pyodide.mjs").exists():
        return f"no Pyodide in {PYODIDE} (npm install --prefix {CACHE} pyodide@0.27.7; .ci/run does)"
    if not list(WHEELS.glob("openpyxl-*.whl")):
        return f"no dependency wheels in {WHEELS} (.ci/run downloads them)"
    return _numpy()[1]


MISSING = _missing()
if MISSING and os.environ.get("OFFERSHEET_REQUIRE_PYODIDE") == "1":
    raise RuntimeError(f"the Pyodide test is required here: {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, dict]:
    """The probe's results under CPython (this environment) and under Pyodide (the built wheel)."""
    tmp = tmp_path_factory.mktemp("pyodide")
    path = Path(shutil.copy(EXAMPLE, tmp / "example-offers.xlsx"))
    evaluate_workbook(path)
    wb = openpyxl.load_workbook(path)

    def grid(sheet: str, cells: str) -> list[list[object]]:
        return [[c.value for c in row] for row in wb[sheet][cells]]

    last = wb["Offers"].max_row
    ranges = [
        grid("Offers", f"A2:A{last}"),
        grid("Offers", f"D2:I{last}"),
        grid("Profile", f"A2:C{wb['Profile'].max_row}"),
        grid("Companies", f"A1:N{wb['Companies'].max_row}"),
    ]
    inputs = tmp / "inputs"
    inputs.mkdir()
    (inputs / "inputs.json").write_text(
        json.dumps({"ranges": ranges, "offers": [1, 2, 3], "book": book_json(path)}, default=str), encoding="utf-8"
    )
    wheels = tmp / "wheels"
    shutil.copytree(WHEELS, wheels)
    numpy = _numpy()[0]
    assert numpy is not None
    shutil.copy(numpy, wheels / numpy.name)  # unpacked into site-packages like the others
    source = tmp / "source"  # built from a copy, as a person builds it (a build leaves build/ beside the sources)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {**os.environ, "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    cpython = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "lite_probe.py"), str(inputs / "inputs.json")],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp,
    )
    assert cpython.returncode == 0, cpython.stderr[-3000:]
    pyodide = subprocess.run(
        [
            str(NODE),
            str(ROOT / "tests" / "pyodide_run.mjs"),
            str(PYODIDE),
            str(wheels),
            str(Path(xlwings.__file__).parent),
            str(ROOT / "tests"),
            str(inputs),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp,
    )
    assert pyodide.returncode == 0, pyodide.stderr[-3000:]
    return {"cpython": json.loads(cpython.stdout), "pyodide": json.loads(pyodide.stdout.strip().splitlines()[-1])}


STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")  # "Last evaluated" differs by the second


def _timeless(value: object) -> object:
    return json.loads(STAMP.sub("<time>", json.dumps(value)))


def test_it_is_really_pyodide(runs):
    assert runs["pyodide"]["platform"] == "emscripten" and runs["cpython"]["platform"] != "emscripten"


def test_every_function_gives_what_it_gives_under_cpython(runs):
    cpython, pyodide = runs["cpython"], runs["pyodide"]
    assert pyodide["listed"] == cpython["listed"] and len(cpython["listed"]["functions"]) == 9
    assert len(pyodide["functions"]) == 9 * 3  # every function, for each offer of the example
    failed = {k: v for k, v in pyodide["functions"].items() if "error" in v}
    assert not failed, failed
    assert pyodide["functions"] == cpython["functions"]
    assert pyodide["functions"]["OFFERSHEET_VERDICT(2)"]["value"] == [["Strong candidate"]]


def test_every_script_gives_what_it_gives_under_cpython(runs):
    cpython, pyodide = runs["cpython"], runs["pyodide"]
    assert set(pyodide["scripts"]) == {"offersheet_recalculate", "offersheet_export"}
    failed = {k: v for k, v in pyodide["scripts"].items() if isinstance(v, dict) and "error" in v}
    assert not failed, failed  # the Export script never fails on a missing _multiprocessing
    assert _timeless(pyodide["scripts"]) == _timeless(cpython["scripts"])
    recalc = pyodide["scripts"]["offersheet_recalculate"]
    assert sum(a["func"] == "setValues" for a in recalc) > 10
    (alert,) = [a for a in pyodide["scripts"]["offersheet_export"] if a["func"] == "alert"]
    assert "has no folder on this computer" in json.dumps(alert)  # its message, in a message box


def test_the_lite_path_imports_no_export_library(runs):
    heavy = {"pandas", "matplotlib", "xlsxwriter", "tqdm", "multiprocessing"}
    assert not heavy & set(runs["pyodide"]["imported"]), runs["pyodide"]["imported"]
    assert "numpy" in runs["pyodide"]["imported"]  # the engine, from Pyodide's own build
