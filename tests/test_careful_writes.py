"""Every write treats the file system like a careful editor (offersheet.atomic): permissions and owners kept,
symlinks followed, workbooks open in another application left alone, concurrent runs queued, and a workbook
changed between read and write never overwritten. Each situation is created for real."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from offersheet import atomic
from offersheet.cli import cli
from offersheet.exports import export
from offersheet.workbook import TEMP_PREFIX, WorkbookFileError, evaluate_workbook, new_workbook, read_workbook
from offersheet.workbook.layout import REPORT_ROW
from tests.libreoffice import needs_soffice

EXAMPLE = Path(__file__).parent.parent / "workbooks" / "example-offers.xlsx"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def _evaluated(p: Path) -> bool:
    verdict = f"D{REPORT_ROW['verdict']}"
    return openpyxl.load_workbook(io.BytesIO(p.read_bytes()))["Report"][verdict].value == "Avoid"  # also a .bak


# --- permissions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("mask", "expected"), [(0o002, 0o664), (0o022, 0o644), (0o077, 0o600)])
def test_new_files_honour_the_umask(tmp_path, mask, expected):
    with umask(mask):
        wb = new_workbook(tmp_path / "new.xlsx")
        evaluate_workbook(EXAMPLE, tmp_path / "evaluated.xlsx")
        export([EXAMPLE], tmp_path / "exports", formats="csv,html,md,xlsx", jobs=1)
    assert _mode(wb) == expected
    assert _mode(tmp_path / "evaluated.xlsx") == expected
    outputs = sorted((tmp_path / "exports").iterdir())
    assert {p.name for p in outputs} >= {"summary.csv", "summary.xlsx", "errors.csv", "example-offers-comparison.html"}
    assert {p.name: _mode(p) for p in outputs} == {p.name: expected for p in outputs}


def test_in_place_keeps_mode_of_workbook_and_backup(tmp_path):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    path.chmod(0o664)
    with umask(0o077):  # a different default, so keeping 664 is not an accident
        evaluate_workbook(path)
    assert _evaluated(path) and _mode(path) == 0o664
    assert _mode(tmp_path / "offers.xlsx.bak") == 0o664


def test_backup_copy_keeps_mode_when_links_are_not_possible(tmp_path, monkeypatch):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    path.chmod(0o640)

    def no_link(*_a, **_k):
        raise OSError("hard links not supported here")

    monkeypatch.setattr(os, "link", no_link)
    evaluate_workbook(path)
    bak = tmp_path / "offers.xlsx.bak"
    assert bak.read_bytes() == EXAMPLE.read_bytes() and _mode(bak) == 0o640 and _mode(path) == 0o640


@pytest.mark.skipif(not IS_ROOT, reason="changing a file's owner needs root")
def test_in_place_keeps_owner_and_group(tmp_path):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    os.chown(path, 4321, 4322)
    evaluate_workbook(path)
    st = path.stat()
    assert _evaluated(path) and (st.st_uid, st.st_gid) == (4321, 4322)
    bak = (tmp_path / "offers.xlsx.bak").stat()
    assert (bak.st_uid, bak.st_gid) == (4321, 4322)


# --- symlinks ----------------------------------------------------------------------------------------------


def test_a_link_is_followed_and_left_as_it_was(tmp_path):
    synced, desktop = tmp_path / "synced", tmp_path / "desktop"
    synced.mkdir()
    desktop.mkdir()
    real = Path(shutil.copy(EXAMPLE, synced / "offers.xlsx"))
    link = desktop / "offers.xlsx"
    link.symlink_to(real)
    r = CliRunner().invoke(cli, ["evaluate", str(link)])
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert _evaluated(real)
    assert (synced / "offers.xlsx.bak").read_bytes() == EXAMPLE.read_bytes()
    assert sorted(p.name for p in desktop.iterdir()) == ["offers.xlsx"]  # no .bak, no temp beside the link


def test_a_relative_chain_of_links_reaches_the_real_file(tmp_path):
    (tmp_path / "a").mkdir()
    real = Path(shutil.copy(EXAMPLE, tmp_path / "a" / "offers.xlsx"))
    (tmp_path / "hop.xlsx").symlink_to("a/offers.xlsx")
    (tmp_path / "link.xlsx").symlink_to("hop.xlsx")
    evaluate_workbook(tmp_path / "link.xlsx")
    assert _evaluated(real) and (tmp_path / "hop.xlsx").is_symlink() and (tmp_path / "link.xlsx").is_symlink()


def test_a_dangling_link_is_an_error_and_nothing_is_written(tmp_path):
    link = tmp_path / "out.xlsx"
    link.symlink_to(tmp_path / "gone" / "offers.xlsx")
    with pytest.raises(WorkbookFileError, match=r"is a link to .*which does not exist: nothing was written"):
        evaluate_workbook(EXAMPLE, link)
    with pytest.raises(WorkbookFileError, match="which does not exist"):
        new_workbook(link)
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_a_link_into_an_unwritable_folder_is_an_error(tmp_path, monkeypatch):
    target_dir = tmp_path / "locked"
    target_dir.mkdir()
    real = Path(shutil.copy(EXAMPLE, target_dir / "offers.xlsx"))
    link = tmp_path / "offers.xlsx"
    link.symlink_to(real)
    if IS_ROOT:  # root writes anywhere: make creating files in that one folder fail as the system would
        mkstemp = atomic.tempfile.mkstemp

        def denied(*a, **k):
            if Path(k.get("dir", "")) == target_dir:
                raise PermissionError(13, "Permission denied")
            return mkstemp(*a, **k)

        monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    else:
        target_dir.chmod(0o555)
    try:
        with pytest.raises(WorkbookFileError, match=rf"cannot write in {target_dir} .*nothing was changed"):
            evaluate_workbook(link)
    finally:
        target_dir.chmod(0o755)
    assert real.read_bytes() == EXAMPLE.read_bytes() and link.is_symlink()
    assert sorted(p.name for p in target_dir.iterdir()) == ["offers.xlsx"]


# --- open in another application ---------------------------------------------------------------------------


def _excel_owner_file(path: Path, user: str = "Ada Lovelace") -> Path:
    """What Excel leaves beside an open workbook: the user's name, its length in the first byte."""
    owner = path.with_name("~$" + path.name)
    owner.write_bytes(bytes([len(user)]) + user.encode() + b"\x00" * (54 - len(user)) + user.encode("utf-16-le"))
    return owner


def test_excel_owner_file_stops_evaluate_in_place(tmp_path):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    _excel_owner_file(path)
    r = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert r.exit_code == 1
    assert "seems to be open in Excel, opened by Ada Lovelace (its lock file ~$offers.xlsx" in r.output
    assert "Close it there and run again" in r.output and "--force" in r.output
    assert path.read_bytes() == EXAMPLE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["offers.xlsx", "~$offers.xlsx"]
    # writing elsewhere is fine; --force goes ahead when the lock is stale
    assert CliRunner().invoke(cli, ["evaluate", str(path), "--out", str(tmp_path / "copy.xlsx")]).exit_code == 0
    assert path.read_bytes() == EXAMPLE.read_bytes()
    assert CliRunner().invoke(cli, ["evaluate", str(path), "--force"]).exit_code == 0
    assert _evaluated(path)


def test_office_short_owner_name_for_long_file_names(tmp_path):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "my-offers-2026.xlsx"))
    (tmp_path / "~$-offers-2026.xlsx").write_bytes(b"\x03Bob")  # first two characters replaced
    with pytest.raises(WorkbookFileError, match="open in Excel, opened by Bob"):
        evaluate_workbook(path)


def test_lock_beside_the_link_counts_too(tmp_path):
    (tmp_path / "real").mkdir()
    real = Path(shutil.copy(EXAMPLE, tmp_path / "real" / "offers.xlsx"))
    link = tmp_path / "offers.xlsx"
    link.symlink_to(real)
    _excel_owner_file(link)  # Excel opened the workbook through the link
    with pytest.raises(WorkbookFileError, match="seems to be open in Excel"):
        evaluate_workbook(link)
    assert real.read_bytes() == EXAMPLE.read_bytes()


@needs_soffice
def test_a_workbook_open_in_libreoffice_is_not_overwritten(tmp_path):
    """Real LibreOffice opens the workbook (headless) and leaves its lock file; evaluate refuses."""
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    lock = tmp_path / ".~lock.offers.xlsx#"
    proc = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not lock.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert lock.exists(), "LibreOffice did not open the workbook"
        r = CliRunner().invoke(cli, ["evaluate", str(path)])
        assert r.exit_code == 1 and "seems to be open in LibreOffice, opened by " in r.output, r.output
        assert ".~lock.offers.xlsx#" in r.output
        assert path.read_bytes() == EXAMPLE.read_bytes()
    finally:
        os.killpg(proc.pid, 9)
        proc.wait()


def test_export_does_not_replace_a_summary_open_in_excel(tmp_path):
    out = tmp_path / "exports"
    export([EXAMPLE], out, formats="csv", jobs=1)
    before = (out / "summary.xlsx").read_bytes()
    _excel_owner_file(out / "summary.xlsx")
    r = CliRunner().invoke(cli, ["export", str(EXAMPLE), "-o", str(out), "--format", "csv", "-q", "-j", "1"])
    assert r.exit_code == 1 and "summary.xlsx: seems to be open in Excel" in r.output
    assert "Traceback" not in r.output and (out / "summary.xlsx").read_bytes() == before


# --- concurrent runs and changes between read and write ----------------------------------------------------


def test_a_workbook_changed_between_read_and_write_is_not_replaced(tmp_path, monkeypatch):
    import offersheet.workbook.api as wbmod

    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    theirs = new_workbook(tmp_path / "theirs.xlsx").read_bytes()  # another program's save
    plan_results = wbmod.plan_results

    def meanwhile(*args, **kwargs):  # another program saves the workbook while offersheet evaluates it
        ops = plan_results(*args, **kwargs)
        time.sleep(0.01)
        path.write_bytes(theirs)
        return ops

    monkeypatch.setattr(wbmod, "plan_results", meanwhile)
    r = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert r.exit_code == 1 and "changed since offersheet read it" in r.output, r.output
    assert path.read_bytes() == theirs  # their version kept...
    assert not (tmp_path / "offers.xlsx.bak").exists()  # ...and no backup rotated over anything
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_a_second_run_waits_for_the_first(tmp_path):
    """The lock is held (as a first run would hold it) while a real second process starts: it waits, then
    reads the workbook as the first run left it."""
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    first_result = new_workbook(
        tmp_path / "first.xlsx",
        [{"employer": "Anthropic", "role_category": "security", "employer_kind": "frontier_lab"}],
    ).read_bytes()
    with atomic.exclusive(path):
        proc = subprocess.Popen(
            [sys.executable, "-m", "offersheet", "evaluate", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)
        assert proc.poll() is None, proc.communicate()  # still waiting
        assert path.read_bytes() == EXAMPLE.read_bytes()
        tmp = tmp_path / "first-run.tmp"
        tmp.write_bytes(first_result)
        os.replace(tmp, path)  # the first run's atomic replace
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert (tmp_path / "offers.xlsx.bak").read_bytes() == first_result  # it evaluated the first run's file
    assert [o.employer for o in read_workbook(path).offers] == ["Anthropic"]


def test_a_second_run_refuses_clearly_when_the_first_takes_too_long(tmp_path, monkeypatch):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    monkeypatch.setattr(atomic, "LOCK_WAIT_SECONDS", 0.5)
    held = threading.Event()
    release = threading.Event()

    def first_run():
        with atomic.exclusive(path):
            held.set()
            release.wait(60)

    t = threading.Thread(target=first_run)
    t.start()
    try:
        held.wait(5)
        r = CliRunner().invoke(cli, ["evaluate", str(path)])
    finally:
        release.set()
        t.join()
    assert r.exit_code == 1 and "another offersheet run has been working on this file" in r.output
    assert path.read_bytes() == EXAMPLE.read_bytes()


def test_two_runs_started_together_both_finish_one_after_the_other(tmp_path):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    cmd = [sys.executable, "-m", "offersheet", "evaluate", str(path)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert _evaluated(path) and _evaluated(tmp_path / "offers.xlsx.bak")  # the second read the first's output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["offers.xlsx", "offers.xlsx.bak"]


# --- new ---------------------------------------------------------------------------------------------------


def test_new_never_overwrites_without_force(tmp_path):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    r = CliRunner().invoke(cli, ["new", str(path)])
    assert r.exit_code == 1 and "already exists" in r.output
    assert path.read_bytes() == EXAMPLE.read_bytes()
    assert CliRunner().invoke(cli, ["new", str(path), "--force"]).exit_code == 0
    fresh = openpyxl.load_workbook(path)
    verdict = f"D{REPORT_ROW['verdict']}"
    assert fresh["Report"][verdict].value is None and fresh["Offers"]["D2"].value is None  # a blank template
