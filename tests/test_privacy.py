"""Offers are private: a full evaluate and export, in real processes with networking blocked, attempts no
connection and writes nothing outside the paths it was given (bar matplotlib's font cache, which holds no data)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import offersheet

EXAMPLE = Path(__file__).parent.parent / "workbooks" / "example-offers.xlsx"

BLOCKER = """
import os, socket
_log = os.environ["OFFERSHEET_TEST_NET_LOG"]

def _refuse(*args, **kwargs):
    with open(_log, "a") as fh:
        fh.write(repr(args[:2]) + "\\n")
    raise OSError("network blocked by the privacy test")

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.socket.sendto = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_evaluate_and_export_touch_no_network_and_no_other_paths(tmp_path):
    sandbox = tmp_path / "sandbox"
    hooks, home, tmp, work = (sandbox / n for n in ("hooks", "home", "tmp", "work"))
    for d in (hooks, home, tmp, work):
        d.mkdir(parents=True)
    (hooks / "sitecustomize.py").write_text(BLOCKER)
    log = sandbox / "net.log"
    workbook = Path(shutil.copy(EXAMPLE, work / "offers.xlsx"))
    src = str(Path(offersheet.__file__).parent.parent)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "PYTHONPATH": os.pathsep.join([str(hooks), src]),
        "OFFERSHEET_TEST_NET_LOG": str(log),
        "XLWINGS_LICENSE_KEY": "noncommercial",
    }
    before = _tree(sandbox)
    for args in (
        ["evaluate", str(workbook), "--json"],
        ["new", str(work / "fresh.xlsx")],
        ["export", str(workbook), "-o", str(work / "exports"), "--jobs", "2", "-q"],
    ):
        p = subprocess.run(
            [sys.executable, "-m", "offersheet", *args], env=env, capture_output=True, text=True, cwd=work, timeout=300
        )
        assert p.returncode == 0, (args, p.stderr)
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('example.com', 80))"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "network blocked" in probe.stderr  # the blocker is really installed in these processes
    attempts = log.read_text().splitlines()
    assert attempts == ["(('example.com', 80),)"], attempts  # only the probe's own attempt
    new = {f for f in _tree(sandbox) - before - {"net.log"} if not f.startswith("hooks/")}  # the test's own
    outside = {f for f in new if not f.startswith("work/")}
    assert all(f.startswith("home/.cache/matplotlib/") or f.startswith("home/.config/matplotlib/") for f in outside), (
        outside
    )
    assert {f for f in new if f.startswith("work/")} >= {
        "work/offers.xlsx.bak",
        "work/fresh.xlsx",
        "work/exports/summary.csv",
        "work/exports/offers-comparison.html",
    }
    assert not [f for f in new if Path(f).name.startswith(".offersheet-tmp-")]
