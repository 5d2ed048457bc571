"""Evaluating in place either fully succeeds or leaves the original byte for byte: under kill -9 at random
points, on a read-only file, and when the disk fills."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from offersheet.workbook import TEMP_PREFIX, WorkbookFileError, atomic_save, evaluate_workbook, read_workbook
from offersheet.workbook.layout import REPORT_ROW

EXAMPLE = Path(__file__).parents[2] / "workbooks" / "example-offers.xlsx"


def _evaluate_cmd(path: Path) -> list[str]:
    return [sys.executable, "-m", "offersheet", "evaluate", str(path)]


def _check_state(path: Path, original: bytes) -> str:
    """The file is the original or the complete evaluated workbook; nothing else but our temp files remains."""
    others = {p.name for p in path.parent.iterdir()} - {path.name, f"{path.name}.bak"}
    assert all(n.startswith(TEMP_PREFIX) for n in others), others
    data = path.read_bytes()
    if data == original:
        return "original"
    assert read_workbook(path).offers  # complete: reads back
    assert openpyxl.load_workbook(path)["Report"][f"D{REPORT_ROW['verdict']}"].value == "Avoid"
    assert (path.parent / f"{path.name}.bak").read_bytes() == original
    return "evaluated"


def test_killed_at_random_points_never_leaves_a_broken_file(tmp_path):
    original = EXAMPLE.read_bytes()
    start = time.perf_counter()
    subprocess.run(_evaluate_cmd(shutil.copy(EXAMPLE, tmp_path / "timing.xlsx")), check=True, capture_output=True)
    run_time = time.perf_counter() - start
    rng = random.Random(20261122)
    outcomes = []
    mid_write = 0
    for n in range(24):
        folder = tmp_path / f"run{n}"
        folder.mkdir()
        path = folder / "offers.xlsx"
        path.write_bytes(original)
        proc = subprocess.Popen(_evaluate_cmd(path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if n % 2:  # anywhere in the run
            time.sleep(rng.uniform(0.2, 1.4) * run_time)
        else:  # while the new file is being written: wait for the temporary file, then a little more
            deadline = time.perf_counter() + 2 * run_time + 5
            while (
                not any(p.name.startswith(TEMP_PREFIX) for p in folder.iterdir())
                and proc.poll() is None
                and time.perf_counter() < deadline
            ):
                time.sleep(0.001)
            mid_write += any(p.name.startswith(TEMP_PREFIX) for p in folder.iterdir())
            time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcomes.append(_check_state(path, original))
    assert len(outcomes) == 24 and "original" in outcomes
    assert mid_write >= 6, f"only {mid_write} kills landed while the new file was being written"


def test_stale_temporary_files_are_cleaned_on_the_next_save(tmp_path):
    path = shutil.copy(EXAMPLE, tmp_path / "offers.xlsx")
    stale = tmp_path / f"{TEMP_PREFIX}offers-abc123.xlsx"
    fresh = tmp_path / f"{TEMP_PREFIX}offers-def456.xlsx"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"another run in progress")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    evaluate_workbook(path)
    assert not stale.exists() and fresh.exists()


def test_read_only_file_is_refused_and_unchanged(tmp_path):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(WorkbookFileError, match="read-only: nothing was changed"):
            evaluate_workbook(path)
        assert path.read_bytes() == EXAMPLE.read_bytes()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["offers.xlsx"]
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_disk_full_while_writing_keeps_the_original(tmp_path, monkeypatch):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    evaluate_workbook(path)  # there is now a .bak and an evaluated file
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def full(pkg, target, *_args):
        with open(target, "wb") as fh:
            fh.write(b"PK\x03\x04 partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("offersheet.workbook.package._write_zip", full)
    with pytest.raises(WorkbookFileError, match=r"No space left on device.*original is unchanged"):
        evaluate_workbook(path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_disk_full_on_the_backup_keeps_both(tmp_path, monkeypatch):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    evaluate_workbook(path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def no_link(*_a, **_k):
        raise OSError(errno.EPERM, "links not supported")

    def no_space(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", no_link)
    monkeypatch.setattr(shutil, "copy2", no_space)
    with pytest.raises(WorkbookFileError, match="original is unchanged"):
        evaluate_workbook(path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_unwritable_folder_is_explained(tmp_path, monkeypatch):
    wb = openpyxl.Workbook()

    def denied(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", denied)
    with pytest.raises(WorkbookFileError, match=r"cannot write in .*nothing was changed"):
        atomic_save(wb, tmp_path / "x.xlsx", backup=False)
