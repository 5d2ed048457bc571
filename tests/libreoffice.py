"""Recalculate workbooks in real LibreOffice, headless, with a private profile that always recalculates."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; install libreoffice-calc-nogui to run the parity tests",
)

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def recalculate_command(paths: list[Path], workdir: Path) -> list[str]:
    """The soffice command that opens each workbook, recalculates every formula and saves it to ``workdir/out``
    (a private profile set to always recalculate; benchmarks time this same command)."""
    profile = workdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_XCU)
    out = workdir / "out"
    out.mkdir(exist_ok=True)
    return [
        str(SOFFICE),
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(out),
        *map(str, paths),
    ]


def recalculate(paths: list[Path], workdir: Path) -> list[Path]:
    """Open each workbook in LibreOffice, recalculate every formula, save as .xlsx in ``workdir/out``."""
    out = workdir / "out"
    subprocess.run(recalculate_command(paths, workdir), check=True, capture_output=True, timeout=240)
    results = [out / (p.stem + ".xlsx") for p in paths]
    missing = [r for r in results if not r.exists()]
    assert not missing, f"LibreOffice wrote no output for {missing}"
    return results
