"""Outside the XML (#24): paths that are not workbook files, output paths that cannot be written, a full disk,
the time and memory budget, and Ctrl-C — in every command, each with its stated outcome, never a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "workbooks" / "example-offers.xlsx"
COMMANDS = {  # command name -> argv after `offersheet`, for a workbook path and a scratch folder
    "evaluate": lambda wb, d: ["evaluate", str(wb), "--out", str(d / "out.xlsx")],
    "evaluate --json": lambda wb, d: ["evaluate", str(wb), "--out", str(d / "out.xlsx"), "--json"],
    "export -j 1": lambda wb, d: ["export", str(wb), "-o", str(d / "exports"), "-q", "-j", "1", "--format", "csv"],
    "export -j 2": lambda wb, d: [
        "export",
        str(wb),
        str(EXAMPLE),
        "-o",
        str(d / "exports"),
        "-q",
        "-j",
        "2",
        "--format",
        "csv",
    ],
}


def _run(args: list[str], timeout: float = 10, preexec=None, cwd=None) -> subprocess.CompletedProcess[str]:
    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # as under `ulimit -v 1048576`
        if preexec:
            preexec()

    return subprocess.run(
        [sys.executable, "-m", "offersheet", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limits,
        cwd=cwd,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _special(kind: str, d: Path) -> Path:
    path = d / f"{kind}.xlsx"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "sparse":  # 2 GB that takes no disk
        with open(path, "wb") as fh:
            fh.truncate(2 << 30)
    elif kind == "device":  # a character device named like a workbook (as /dev/zero is), or a link to one
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))
        except (PermissionError, AttributeError):
            pytest.skip("cannot make a device node here")
    elif kind == "folder":
        path.mkdir()
    return path


EXPECTED = {
    "fifo": "is a FIFO (named pipe), not a regular file",
    "sparse": "over the limit of 20,000,000",
    "device": "is a device, not a regular file",
    "folder": "is a folder, not a regular file",
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_a_path_that_is_not_a_workbook_file_is_refused_before_it_is_read(tmp_path, kind, command):
    path = _special(kind, tmp_path)
    started = time.monotonic()
    p = _run(COMMANDS[command](path, tmp_path))
    assert time.monotonic() - started < 10 and "Traceback" not in p.stderr
    if kind == "folder" and command.startswith("evaluate"):  # the command line itself says a file is wanted
        assert p.returncode == 2 and "is a directory" in p.stderr
        return
    if kind == "folder":  # to export, a folder is where workbooks are looked for: this one holds none
        assert (p.returncode, "no workbooks" in p.stderr) == ((1, True) if command == "export -j 1" else (0, False))
        return
    assert p.returncode == 1, p.stderr
    assert EXPECTED[kind] in p.stderr or EXPECTED[kind] in _errors(tmp_path), p.stderr
    if command == "evaluate --json":
        assert p.stdout.strip() == "" or json.loads(p.stdout)


def _errors(d: Path) -> str:
    path = d / "exports" / "errors.csv"
    return path.read_text(encoding="utf-8-sig") if path.exists() else ""


@pytest.mark.parametrize("command", ["evaluate", "export"])
def test_an_output_path_under_a_file_is_a_message_and_nothing_is_written(tmp_path, command):
    (tmp_path / "a-file").write_text("mine\n")
    args = (
        ["evaluate", str(EXAMPLE), "--out", str(tmp_path / "a-file" / "out.xlsx")]
        if command == "evaluate"
        else ["export", str(EXAMPLE), "-o", str(tmp_path / "a-file" / "sub"), "-q"]
    )
    p = _run(args)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert "Not a directory" in p.stderr and "nothing was written" in p.stderr, p.stderr
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a-file"] and (tmp_path / "a-file").read_text() == "mine\n"


def _full_disk() -> None:
    """Files may grow to 30 kB, as on a disk that fills up (the write fails with EFBIG instead of a signal)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, 30_000))


@pytest.mark.parametrize("command", ["evaluate", "evaluate in place", "new", "export -j 1", "export -j 2"])
def test_a_full_disk_is_one_message_and_the_persons_files_are_as_they_were(tmp_path, command):
    book = Path(shutil.copy(EXAMPLE, tmp_path / "offers.xlsx"))
    before = _digest(book)
    args = {
        "evaluate": ["evaluate", str(book), "--out", str(tmp_path / "out.xlsx")],
        "evaluate in place": ["evaluate", str(book)],
        "new": ["new", str(tmp_path / "new.xlsx")],
        "export -j 1": ["export", str(book), "-o", str(tmp_path / "exports"), "-q", "-j", "1"],
        "export -j 2": ["export", str(book), str(EXAMPLE), "-o", str(tmp_path / "exports"), "-q", "-j", "2"],
    }[command]
    p = _run(args, timeout=60, preexec=_full_disk)
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
    assert "File too large" in p.stderr, p.stderr
    assert _digest(book) == before and not (tmp_path / "offers.xlsx.bak").exists()
    leftovers = [x.name for x in tmp_path.rglob(".offersheet-tmp-*")]
    assert not leftovers and not (tmp_path / "out.xlsx").exists() and not (tmp_path / "new.xlsx").exists()
    if command.startswith("export"):
        # the list of its files was written first: a run with room replaces them, and adds no numbered copies
        assert (tmp_path / "exports" / ".offersheet-export.json").exists()
        again = _run(args, timeout=60)
        assert again.returncode == 0, again.stderr
        names = sorted(x.name for x in (tmp_path / "exports").iterdir())
        assert not [n for n in names if "-2" in n], names


def test_a_workbook_over_its_time_budget_is_stopped_with_a_message(tmp_path):
    code = (
        "import sys, time, offersheet.budget as b, offersheet.workbook.api as api;"
        "b.WORKBOOK_SECONDS = 1; real = api.read_workbook;"
        "api.read_workbook = lambda p: (time.sleep(30), real(p))[1];"
        "from offersheet.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    started = time.monotonic()
    p = subprocess.run(
        [sys.executable, "-c", code, "evaluate", str(EXAMPLE), "--out", str(tmp_path / "o.xlsx")],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert time.monotonic() - started < 10
    assert p.returncode == 1 and "took longer than 1 s: stopped (nothing about it was written)" in p.stderr
    assert "Traceback" not in p.stderr and not (tmp_path / "o.xlsx").exists()


def test_running_out_of_memory_is_a_message():
    from offersheet.budget import OverBudget, workbook_budget

    with pytest.raises(OverBudget, match="ran out of memory: stopped"), workbook_budget():
        raise MemoryError


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_an_export_at_once_and_says_what_was_done(tmp_path, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(60):
        shutil.copy(EXAMPLE, folder / f"w{n:02}.xlsx")
    out = tmp_path / "out"
    args = [
        sys.executable,
        "-m",
        "offersheet",
        "export",
        str(folder),
        "-o",
        str(out),
        "-j",
        jobs,
        "-q",
        "--format",
        "csv,xlsx,md",
    ]
    p = subprocess.Popen(args, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(out.glob("*-comparison.md")) and time.monotonic() < deadline:  # some work is under way
        time.sleep(0.05)
    os.killpg(p.pid, signal.SIGINT)  # as a terminal does: the whole foreground group
    sent = time.monotonic()
    _, err = p.communicate(timeout=30)
    assert time.monotonic() - sent < 2, "took too long to stop"
    assert p.returncode == 130 and "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("interrupted: ") and "workbook(s) exported before Ctrl-C" in lines[0]
    done = int(lines[0].split()[1])
    assert 0 <= done < 60
    summary = (out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    errors = (out / "errors.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(errors) - 1 == 60 - done and all("interrupted" in line for line in errors[1:])
    assert len({row.split(",")[0] for row in summary[1:]}) == done
    assert len(list(out.glob("*-comparison.csv"))) == done  # the folder agrees with the summary
    assert not list(out.glob(".offersheet-tmp-*"))
    again = subprocess.run(args, capture_output=True, text=True, timeout=300)  # a re-run finishes the job
    assert again.returncode == 0, again.stderr
    assert len(list(out.glob("*-comparison.csv"))) == 60 and not list(out.glob("*-2-*"))


@pytest.mark.parametrize("kind", ["fifo", "sparse"])
def test_new_offers_refuses_a_csv_that_is_not_a_small_regular_file(tmp_path, kind):
    csv = tmp_path / f"{kind}.csv"
    if kind == "fifo":
        os.mkfifo(csv)
    else:
        with open(csv, "wb") as fh:
            fh.truncate(2 << 30)
    p = _run(["new", str(tmp_path / "x.xlsx"), "--offers", str(csv)])
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert ("is not a regular file" if kind == "fifo" else "is over 5,000,000 bytes") in p.stderr
    assert not (tmp_path / "x.xlsx").exists()
