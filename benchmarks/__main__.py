"""Benchmarks, run on demand: ``python -m benchmarks [--quick] [--out benchmarks/results.md]``.

Every figure is measured against its baseline in the same run on this machine (median of several runs), and
reported as a ratio next to its target (the targets are listed in results.md). Inputs are built here from
the bundled example.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "workbooks" / "example-offers.xlsx"
PY = sys.executable
BIN = Path(PY).parent


@dataclass
class Row:
    figure: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None

    def cells(self) -> list[str]:
        ratio = "n/a" if self.ratio is None else f"{self.ratio:.2f}"
        met = "n/a" if self.met is None else ("yes" if self.met else "**no**")
        return [self.figure, self.ours, self.baseline, ratio, self.target, met]


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time (s) and peak RSS (MiB, the process or its largest descendant) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd[:4]}... exited {proc.returncode}")
    return elapsed, usage.ru_maxrss // 1024


def median_time(cmd: list[str] | Callable[[], list[str]], n: int) -> float:
    return statistics.median(run(cmd() if callable(cmd) else cmd)[0] for _ in range(n))


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def soffice_cmd(paths: list[Path], work: Path) -> list[str] | None:
    sys.path.insert(0, str(ROOT))
    from tests.libreoffice import SOFFICE, recalculate_command

    return recalculate_command(paths, work) if SOFFICE else None


def offersheet_cmd() -> list[str]:
    """The command a person runs: the installed console script (``python -m offersheet`` where there is none)."""
    script = BIN / "offersheet"
    return [str(script)] if script.exists() else [PY, "-m", "offersheet"]


def compile_package() -> None:
    """Write offersheet's bytecode, as an installed package has it: with PYTHONDONTWRITEBYTECODE set (as on CI
    machines) an editable install would otherwise recompile every module in every measured process, while
    openpyxl's bytecode, written when pip installed it, is already there."""
    import compileall

    import offersheet

    compileall.compile_dir(Path(offersheet.__file__).parent, quiet=1)


def interleaved(cmds: list[list[str]], n: int) -> list[float]:
    """Median times of the commands, run round by round so a slow patch of this shared machine hits all alike."""
    rounds = [[run(c)[0] for c in cmds] for _ in range(n)]
    return [statistics.median(r[i] for r in rounds) for i in range(len(cmds))]


def bench_evaluate(work: Path, n: int) -> list[Row]:
    src = work / "one.xlsx"
    shutil.copy(EXAMPLE, src)
    compile_package()
    ours_cmd = [*offersheet_cmd(), "evaluate", str(src), "--out", str(work / "one-out.xlsx")]
    bare_cmd = [
        PY,
        "-c",
        "import openpyxl, sys; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])",
        str(src),
        str(work / "one-bare.xlsx"),
    ]
    for cmd in (ours_cmd, bare_cmd):
        run(cmd)  # warms the file cache for both
    ours, bare = interleaved([ours_cmd, bare_cmd], 3 * n)
    rows = [
        Row(
            "Evaluate one workbook (whole process) vs bare openpyxl load+save",
            fmt(ours),
            fmt(bare),
            ours / bare,
            "<= 0.6",
            ours / bare <= 0.6,
        )
    ]
    lo = soffice_cmd([src], work / "lo-one")
    if lo:
        run(lo)  # first start creates the profile
        lo_time = median_time(lo, n)
        rows.append(
            Row(
                "LibreOffice recalculate+save (own process) vs offersheet evaluate",
                fmt(ours),
                fmt(lo_time),
                lo_time / ours,
                ">= 3 (LibreOffice / ours)",
                lo_time / ours >= 3,
            )
        )
    return rows


def bench_startup(n: int) -> list[Row]:
    cmds = [[*offersheet_cmd(), "--help"], [PY, "-c", "pass"], [PY, "-c", "import click"]]
    help_time, bare, click = interleaved(cmds, n)
    return [
        Row(
            "`offersheet --help` vs `python -c pass` + importing click",
            fmt(help_time),
            f"{fmt(bare)} + {fmt(click - bare)}",
            help_time / click,
            "<= 1.3",
            help_time / click <= 1.3,
        )
    ]


def _udf_ranges() -> tuple:
    import openpyxl

    from offersheet.workbook import new_workbook

    folder = Path(tempfile.mkdtemp())
    offers = [
        {
            "employer": e,
            "role_category": r,
            "employer_kind": k,
            "base_salary": 150_000 + 10_000 * i,
            "equity_grant_value": 100_000 * i,
            "equity_kind": "private_tender" if i else "none",
        }
        for i, (e, r, k) in enumerate(
            [
                ("Anthropic", "alignment_safety", "frontier_lab"),
                ("OpenAI", "capabilities_research", "frontier_lab"),
                ("Google DeepMind", "security", "frontier_lab"),
                ("UK AI Security Institute", "evaluations", "government_institute"),
                ("Meta", "product_applied", "frontier_lab"),
                ("xAI", "scaling_infrastructure", "frontier_lab"),
            ]
        )
    ]
    path = new_workbook(folder / "six.xlsx", offers)
    wb = openpyxl.load_workbook(path)

    def grid(ws, cells):
        return [[c.value for c in row] for row in ws[cells]]

    last = wb["Offers"].max_row
    return (
        grid(wb["Offers"], f"A2:A{last}"),
        grid(wb["Offers"], f"D2:I{last}"),
        grid(wb["Profile"], f"A2:C{wb['Profile'].max_row}"),
        grid(wb["Companies"], f"A1:N{wb['Companies'].max_row}"),
    )


def bench_udf(n: int) -> list[Row]:
    os.environ.setdefault("XLWINGS_ON_SERVER", "true")
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    import offersheet.udfs as udfs
    from offersheet.xl import core

    ranges = _udf_ranges()
    udfs.OFFERSHEET_VERDICT(*ranges, 1)
    warm = []
    for i in range(n * 200):
        start = time.perf_counter()
        udfs.OFFERSHEET_VERDICT(*ranges, 1 + i % 6)
        warm.append(time.perf_counter() - start)
    cold = []
    for _ in range(n * 4):
        core.evaluate_grids.cache_clear()
        start = time.perf_counter()
        udfs.OFFERSHEET_VERDICT(*ranges, 1)
        cold.append(time.perf_counter() - start)
    w, c = statistics.median(warm), statistics.median(cold)
    return [
        Row(
            "UDF: one OFFERSHEET_VERDICT call, six offers, in process (cells of one recalculation)",
            f"{w * 1e6:.0f} us",
            "1 ms",
            w / 1e-3,
            "< 1 ms",
            w < 1e-3,
        ),
        Row(
            "UDF: first call after an input changed (evaluates all six offers)",
            f"{c * 1e3:.1f} ms",
            "1 ms",
            c / 1e-3,
            "(reported)",
            None,
        ),
    ]


def bench_batch(work: Path, count: int) -> list[Row]:
    folder = work / "batch"
    folder.mkdir()
    for i in range(count):
        shutil.copy(EXAMPLE, folder / f"w{i:04d}.xlsx")
    files = sorted(folder.glob("*.xlsx"))
    rows = []

    def export(jobs: int, out: str, subset: Path | None = None) -> tuple[float, int]:
        return run(
            [
                *offersheet_cmd(),
                "export",
                str(subset or folder),
                "-o",
                str(work / out),
                "--format",
                "csv,xlsx",
                "--jobs",
                str(jobs),
                "-q",
            ]
        )

    t1, mem1 = export(1, "out-j1")
    t2, _ = export(2, "out-j2")
    rows.append(
        Row(
            f"Batch export, {count} workbooks to csv+xlsx, --jobs 1",
            f"{count / t1:.1f} workbooks/s",
            "",
            None,
            "(reported)",
            None,
        )
    )
    rows.append(Row("Batch --jobs 2 vs --jobs 1 (speed-up)", fmt(t2), fmt(t1), t1 / t2, ">= 1.7", t1 / t2 >= 1.7))
    small = work / "batch-small"
    small.mkdir()
    for f in files[: max(count // 5, 1)]:
        shutil.copy(f, small / f.name)
    _, mem_small = export(1, "out-small", small)
    rows.append(
        Row(
            f"Memory, --jobs 1: {count} vs {max(count // 5, 1)} workbooks (peak RSS)",
            f"{mem1} MiB",
            f"{mem_small} MiB",
            mem1 / mem_small,
            "~1.0 (flat)",
            mem1 / mem_small < 1.2,
        )
    )
    lo = soffice_cmd(files, work / "lo-batch")
    if lo:
        run(soffice_cmd(files[:1], work / "lo-warm") or [])
        t_lo, _ = run(lo)
        rows.append(
            Row(
                f"Batch --jobs 1 vs LibreOffice converting the {count} files in one call (throughput)",
                f"{count / t1:.1f}/s",
                f"{count / t_lo:.1f}/s",
                t_lo / t1,
                ">= 4",
                t_lo / t1 >= 4,
            )
        )
    return rows


SCALE = """
import math, sys, time
import pandas as pd
import offersheet
n, jobs, stab = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
kinds = [("Anthropic", "alignment_safety"), ("OpenAI", "capabilities_research"), ("Google DeepMind", "security"),
         ("Meta", "product_applied"), ("xAI", "scaling_infrastructure")]
df = pd.DataFrame({"employer": [kinds[i % 5][0] for i in range(n)],
                   "role_category": [kinds[i % 5][1] for i in range(n)], "employer_kind": "frontier_lab",
                   "base_salary": [120_000 + (i * 37) % 300_000 for i in range(n)],
                   # no grant where there is no equity: the model refuses a grant of 'No equity'
                   "equity_grant_value": [(i * 7919) % 900_000 if i % 5 != 4 else 0 for i in range(n)],
                   "equity_kind": [("private_tender", "public_rsu", "ppu", "options", "none")[i % 5] for i in range(n)],
                   "cliff_months": [(0, 12)[i % 2] for i in range(n)]})
def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


before = rss()  # the interpreter, the libraries and the input frame
start = time.perf_counter()
out = offersheet.evaluate_many(df, jobs=jobs, with_stability=stab)
took = time.perf_counter() - start
after = rss()  # with the returned frame held: what it really takes (deep sizes count a shared string per row)
result_bytes = after - before
bad = out["error"].dropna()
if len(bad):
    sys.exit(f"{len(bad)} rows were refused, e.g. {bad.index[0]}: {bad.iloc[0]}")
# The results equal the one-at-a-time path: every 200th row against offersheet.evaluate on that offer alone.
step = max(n // 200, 1)
for i, record in zip(df.index[::step], df.iloc[::step].to_dict("records")):
    single = offersheet.evaluate([offersheet.Offer(label=f"row {i}", **record)], with_stability=stab).offers[0]
    row = out.loc[i]
    assert single.verdict == row["verdict"] and single.stability == row["stability"], i
    for got, want in ((row["score"], single.judgement.score), (row["lock_in"], single.lockin.score),
                      (row["total_comp_horizon"], single.compensation.horizon_total)):
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), (i, got, want)
print(took, before, result_bytes)
"""


def _last_line(stderr: str) -> str:
    """The line that says what went wrong (a traceback's last), not a guess."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


def _scale_run(n: int, jobs: int, stability: bool) -> tuple[float, float, float, float]:
    """(seconds, peak RSS MiB, RSS before the call MiB, returned frame MiB) of one evaluate_many run. The returned
    frame is what the process holds after the call beyond before it, so peak - before - result is the working
    memory the call added on top of its input and its result."""
    proc = subprocess.Popen(
        [PY, "-c", SCALE, str(n), str(jobs), "1" if stability else "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"scale run failed: {_last_line(proc.stderr.read() if proc.stderr else '')}")
    took, before, result = (float(x) for x in (proc.stdout.read() if proc.stdout else "0 0 0").split())
    return took, usage.ru_maxrss / 1024, before / 2**20, result / 2**20


def bench_scale(n: int, million: bool) -> list[Row]:
    rows = []
    for jobs in (1, 2):
        took, mem, _, _ = _scale_run(n, jobs, False)
        rows.append(
            Row(
                f"evaluate_many over {n:,} offers (DataFrame), jobs={jobs}, no stability",
                f"{fmt(took)}, {n / took:,.0f} offers/s, peak {mem:.0f} MiB",
                "10 s, 1 GiB",
                took / 10,
                "< 10 s, < 1 GiB",
                took < 10 and mem < 1024,
            )
        )
    if million:
        big = 1_000_000
        took, peak, before, result = _scale_run(big, 1, False)
        added = peak - before - result
        rows.append(
            Row(
                f"evaluate_many over {big:,} offers, jobs=1: time; working memory beyond the input and the "
                "returned frame",
                f"{fmt(took)}; {added:.0f} MiB (peak {peak:.0f}, before {before:.0f}, result {result:.0f})",
                "10 s; 100 MiB",
                took / 10,
                "< 10 s, < 100 MiB",
                took < 10 and added < 100,
            )
        )
    m = max(n // 100, 100)
    took, _, _, _ = _scale_run(m, 2, True)
    rows.append(
        Row(
            f"evaluate_many with stability, {m:,} offers, jobs=2",
            f"{m / took:,.0f} offers/s",
            "",
            None,
            "(reported)",
            None,
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions and smaller batches (a smoke run)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = ap.parse_args(argv)
    n = 3 if args.quick else 7
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, fn in (
            ("evaluate", lambda: bench_evaluate(work, n)),
            ("startup", lambda: bench_startup(n * 3)),
            ("udf", lambda: bench_udf(n)),
            ("batch", lambda: bench_batch(work, 60 if args.quick else 500)),
            ("scale", lambda: bench_scale(10_000 if args.quick else 100_000, not args.quick)),
        ):
            print(f"running {name}...", file=sys.stderr, flush=True)
            got = fn()
            for r in got:
                print(" | ".join(r.cells()), file=sys.stderr, flush=True)
            rows += got
    header = ["figure", "offersheet", "baseline", "ratio", "target", "met"]
    table = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    table += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            f"`python -m benchmarks{' --quick' if args.quick else ''}` on {platform.node() or 'this machine'}: "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. "
            f"Times are medians of {n} runs unless stated (evaluate: {3 * n} rounds, interleaved with its baseline); "
            "ratios are against the baseline measured in the same run.",
            "",
            *table,
            "",
        ]
    )
    args.out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
