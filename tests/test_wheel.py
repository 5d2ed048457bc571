"""The wheel a person builds for xlwings Lite: it carries the package data, and importing offersheet.udfs
registers every function and script without the classic-only or export-only parts (pandas, matplotlib, tqdm,
XlsxWriter are not available in the browser unless installed, and offersheet does not need them there)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source")  # a copy: building leaves a build/ folder beside the sources
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (whl,) = out.glob("offersheet-*.whl")
    return whl


def test_the_wheel_carries_the_data_files(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for data in ("companies.csv", "parameters.toml", "roles.csv", "criteria.csv"):
        assert f"offersheet/data/{data}" in names
    assert "offersheet/udfs.py" in names and "offersheet/spec/inputs.py" in names


def test_the_installed_wheel_registers_functions_and_scripts_alone(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = (
        "import json, sys\n"
        "from xlwings import server\n"
        "before = set(sys.modules)  # xlwings itself imports matplotlib where it is installed\n"
        "import offersheet.udfs as u\n"
        "functions = [f['name'] for f in server.custom_functions_meta(u)['functions']]\n"
        "scripts = [s['function_name'] for s in server.custom_scripts_meta(u)]\n"
        "heavy = sorted(m for m in set(sys.modules) - before\n"
        "               if m.split('.')[0] in ('pandas', 'matplotlib', 'tqdm', 'xlsxwriter'))\n"
        "print(json.dumps({'file': u.__file__, 'functions': functions, 'scripts': scripts, 'heavy': heavy}))\n"
    )
    # The installed wheel first on the path; the dependencies (xlwings, openpyxl, ...) from this environment.
    env = {**os.environ, "PYTHONPATH": str(target), "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    got = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=tmp_path
        ).stdout
    )
    assert got["file"].startswith(str(target))  # the wheel's copy, not the checkout
    assert "OFFERSHEET_VERDICT" in got["functions"] and len(got["functions"]) == 9
    assert set(got["scripts"]) == {"offersheet_recalculate", "offersheet_export"}
    assert got["heavy"] == []


def test_the_wheel_requires_only_what_the_lite_path_imports(wheel):
    """xlwings Lite's installer fetches every unconditional requirement: only what the functions import (numpy for
    the engine, which Lite takes from Pyodide's own packages); the export libraries stay an extra."""
    with zipfile.ZipFile(wheel) as z:
        meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    required = sorted(
        line.split(":", 1)[1].split(">")[0].split(";")[0].strip().lower()
        for line in meta.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    )
    assert required == ["click", "defusedxml", "numpy", "openpyxl", "xlwings"]
